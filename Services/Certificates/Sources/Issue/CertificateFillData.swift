import Contracts
import FillCore
import Foundation
import TemplateKit

/// What a certificate, notice or raw record prints (Docs/templates.md): the record's data items by code (scalars, and
/// reading tables by table code with their computed columns), the record fields every template may use, the reserved
/// names (numbers, signatures, seal, QR code).
struct CertificateFillData: Sendable {
    var task: Metrology_Records_V1_Task
    var customer: Metrology_Records_V1_Customer
    var certificate: CertificateRow
    /// By reserved picture name (SIGN_TESTER, SIGN_REVIEWER, SIGN_APPROVER, SEAL, QR_CODE).
    var images: [String: FillImage]
    /// The procedure's point labels by table code (大流量, 中流量 …): a reading row's `point` column prints the label
    /// (Docs/templates.md §6), the point's number when the table has none.
    var pointLabels: [String: [String]] = [:]

    /// The record's header fields (§4.2.3.4 a), under the header-field names a procedure's header data items use
    /// (`client`, `model` …): what the tester did not type comes from the commission and its instrument. A value the
    /// tester entered for the item wins.
    var headerFields: [String: String] {
        let instrument = task.instrument
        return [
            "client": customer.name.isEmpty ? task.customerName : customer.name,
            "accuracy": instrument.accuracyClass,
            "model": instrument.model,
            "manufacturer": instrument.manufacturer,
            "serial_number": instrument.serialNumber,
            "user_address": customer.address,
            "manufacture_date": Self.chineseDate(instrument.manufactureDate),
            "test_date": Self.chineseDate(task.testDate),
            "next_test_date": Self.chineseDate(ValidityPeriod.nextDue(testDate: task.testDate, months: Int(instrument.cycleMonths))),
            "conclusion_note": "",
        ]
    }

    var fillData: FillData {
        var values: [String: FillValue] = [:]
        for (name, value) in headerFields where !value.isEmpty { values[name] = .text(value) }
        var tables: [String: [Int: [Int: [String: FillValue]]]] = [:]
        for value in task.values {
            let cell = value.cell
            if cell.point == 0 && cell.run == 0 {
                values[cell.itemCode] = Self.fillValue(value.value)
            } else {
                tables[cell.itemCode, default: [:]][Int(cell.point), default: [:]][Int(cell.run)] = [
                    "point": .text(pointLabel(cell)), "run": .text("\(cell.run)"), "value": Self.fillValue(value.value),
                ]
            }
        }
        // Computed values: scalars by code; a computed cell of a reading (same point and run) becomes a column of that
        // reading's row, named by the computed item's code (`readings_error` in Word for a computed item `error`).
        for computed in task.computed {
            let cell = computed.cell
            let value = Self.printed(computed)
            if cell.point == 0 && cell.run == 0 {
                values[cell.itemCode] = value
                continue
            }
            for table in tables.keys where tables[table]?[Int(cell.point)]?[Int(cell.run)] != nil {
                tables[table]?[Int(cell.point)]?[Int(cell.run)]?[cell.itemCode] = value
            }
        }
        values["CERT_NO"] = .text(certificate.number)
        values["RECORD_NO"] = .text(task.rawRecordNumber)
        var ordered: [String: [[String: FillValue]]] = [:]
        for (table, points) in tables {
            ordered[table] = points.keys.sorted().flatMap { point in points[point].map { runs in runs.keys.sorted().compactMap { runs[$0] } } ?? [] }
        }
        let standards = TemplateReservedTable.standards.code.lowercased()
        if !ordered.keys.contains(where: { $0.lowercased() == standards }) { ordered[standards] = standardRows }
        return FillData(values: values, tables: ordered, images: images)
    }

    /// The reserved table STANDARDS: the standards the task used, in the order they were chosen.
    var standardRows: [[String: FillValue]] {
        task.standards.map { standard in
            [
                "need": .text(standard.needTitle), "code": .text(standard.code), "name": .text(standard.name), "model": .text(standard.model),
                "accuracy": .text(standard.accuracy), "certificate_no": .text(standard.certificateNo),
                "valid_until": .text(Self.chineseDate(standard.validUntil)),
            ]
        }
    }

    func pointLabel(_ cell: Metrology_Records_V1_Cell) -> String {
        let labels = pointLabels[cell.itemCode] ?? pointLabels.first { $0.key.lowercased() == cell.itemCode.lowercased() }?.value ?? []
        let index = Int(cell.point) - 1
        guard index >= 0, index < labels.count, !labels[index].isEmpty else { return "\(cell.point)" }
        return labels[index]
    }

    /// A judgement prints as certificates word it (合格 / 不合格), not as the formula engine's true / false.
    static func printed(_ computed: Metrology_Records_V1_ComputedValue) -> FillValue {
        guard computed.kind == "judgement" else { return fillValue(computed.value) }
        switch computed.value {
        case "true": return .text("合格")
        case "false": return .text("不合格")
        default: return fillValue(computed.value)
        }
    }

    static func fillValue(_ text: String) -> FillValue {
        Double(text) != nil && text.allSatisfy({ "0123456789.-+eE".contains($0) }) ? .number(text) : .text(text)
    }

    /// "2026-03-15" → "2026年03月15日", as certificates print dates.
    static func chineseDate(_ day: String) -> String {
        let parts = day.split(separator: "-")
        guard parts.count == 3 else { return day }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }

    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
