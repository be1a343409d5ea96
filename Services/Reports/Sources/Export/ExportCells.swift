import Foundation
import ServiceKit
import XLSXWriter

/// A statistics value (as StatisticsRow carries it) as a typed cell (§4.2.5.5: numbers as numbers, dates as dates):
/// numbers keep their exact decimal text, enum values become their titles, booleans 是/否.
enum ExportCells {
    static func cell(_ text: String, field: ReportFieldDefinition) -> XLSXCell {
        guard !text.isEmpty else { return .empty }
        switch field.kind {
        case .number:
            return DataItems.number(text) != nil ? .decimal(text) : .text(text)
        case .date:
            guard let day = CalendarDay(text), let date = midnight(day) else { return .text(text) }
            return .date(date)
        case .datetime:
            guard let date = try? Date(text, strategy: .iso8601) else { return .text(text) }
            return .dateTime(date)
        case .boolean:
            return .text(text == "true" ? "是" : "否")
        case .enumeration:
            return .text(field.options.first { $0.value == text }?.title ?? text)
        case .text:
            return .text(text)
        }
    }

    static func column(_ field: ReportFieldDefinition) -> XLSXColumn {
        switch field.kind {
        case .date: XLSXColumn(title: field.title, width: 12, format: .date)
        case .datetime: XLSXColumn(title: field.title, width: 20, format: .dateTime)
        case .number: XLSXColumn(title: field.title, width: 12)
        case .text, .enumeration, .boolean: XLSXColumn(title: field.title, width: max(12, min(40, Double(field.title.count * 2 + 4))))
        }
    }

    /// The day's midnight in China Standard Time, the writer's zone (SheetWriters).
    static func midnight(_ day: CalendarDay) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDay.zone
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }
}
