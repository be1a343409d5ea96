public import FillCore
public import Foundation

/// Fills a lab's Excel template (Docs/templates.md): each workbook-scope defined name's cell (the top-left one of a
/// range) gets its value or picture, and the row of `ROW_<table>` is repeated once per reading, the rows below
/// moving down. Pure and synchronous; one value can be shared across threads.
///
/// Order: repeated rows first (bottom-most first on each sheet, so one expansion does not move another's row
/// before it is read), shifting everything below them; then single values and pictures at the names' new places.
public struct ExcelFiller: Sendable {
    public let limits: FillLimits

    public init(limits: FillLimits = FillLimits()) {
        self.limits = limits
    }

    /// `fill` with the default limits.
    public static func fill(template: Data, data: FillData) throws(FillError) -> FilledDocument {
        try ExcelFiller().fill(template: template, data: data)
    }

    public func fill(template: Data, data: FillData) throws(FillError) -> FilledDocument {
        try limits.check(data)
        let package = try OOXMLPackage(template, limits: limits.template)
        let workbook = try ExcelWorkbook(package)
        let lookup = FillLookup(data)
        var report = FillReportBuilder()

        let (groups, columnNames) = try Self.rowGroups(workbook)
        let ordered = groups.sorted { ($0.sheet.lowercased(), -$0.row) < ($1.sheet.lowercased(), -$1.row) }
        for group in ordered {
            try ExcelRowRepeater(workbook: workbook, group: group, lookup: lookup).apply(&report)
        }

        let pictures = ExcelPictures(package: package)
        for name in workbook.names where !columnNames.contains(name.name.lowercased()) && FillNames.rowTable(name.name) == nil {
            let image = lookup.image(name.name)
            let value = lookup.value(name.name)
            guard let area = ExcelArea.parse(Substring(name.text.trimmingPrefix("="))), let sheetName = area.sheet,
                let sheet = try workbook.sheet(sheetName)
            else {
                if image != nil || value != nil { throw .badReference(name.name, "引用的不是某个工作表上的单元格（\(name.text)）") }
                report.missing(name.name)
                continue
            }
            let (column, row) = area.topLeft
            let cell = sheet.cell(column: column, row: row)
            if let image {
                try pictures.add(image, named: name.name, to: sheet, column: column, row: row)
                // The caption goes into the cell itself; cells align to the bottom by default, so it prints under the
                // picture when the author made the row tall enough for the signature.
                sheet.write(image.caption.isEmpty ? nil : .text(image.caption.joined(separator: " ")), into: cell)
                report.filled(name.name)
            } else if let value {
                sheet.write(value, into: cell)
                report.filled(name.name)
            } else {
                sheet.write(nil, into: cell)
                report.missing(name.name)
            }
        }

        for sheet in workbook.loadedSheets { sheet.updateDimension() }
        try workbook.finish(dropCalcChain: workbook.loadedSheets.contains { $0.formulasChanged })
        return FilledDocument(data: try package.write(), report: report.report(data))
    }

    /// The `ROW_` names grouped by the sheet row they refer to, with their column names; and every column name
    /// (lower-cased), so they are not also filled as single values.
    static func rowGroups(_ workbook: ExcelWorkbook) throws(FillError) -> ([ExcelRowGroup], Set<String>) {
        var groups: [ExcelRowGroup] = []
        for name in workbook.names {
            guard let table = FillNames.rowTable(name.name) else { continue }
            guard let area = ExcelArea.parse(Substring(name.text.trimmingPrefix("="))), let sheet = area.sheet, let row = area.firstRow,
                area.lastRow == row
            else { throw .rowNotInTable(name.name, "名称应引用一个工作表上的一整行或一行中的区域（现为 \(name.text)）") }
            if let index = groups.firstIndex(where: { $0.sheet.lowercased() == sheet.lowercased() && $0.row == row }) {
                groups[index].tables.append((code: table, name: name.name))
            } else {
                groups.append(ExcelRowGroup(sheet: sheet, row: row, tables: [(code: table, name: name.name)], columns: []))
            }
        }
        var columnNames: Set<String> = []
        for name in workbook.names where FillNames.rowTable(name.name) == nil {
            guard let area = ExcelArea.parse(Substring(name.text.trimmingPrefix("="))), let sheet = area.sheet, let row = area.firstRow,
                let index = groups.firstIndex(where: { $0.sheet.lowercased() == sheet.lowercased() && $0.row == row }),
                let (table, column) = FillNames.column(name.name, tables: groups[index].tables.map(\.code))
            else { continue }
            groups[index].columns.append((name: name.name, table: table, column: column, cell: area.topLeft.column))
            columnNames.insert(name.name.lowercased())
        }
        return (groups, columnNames)
    }
}

/// One sheet row holding `ROW_` names, with the column names that lie in it.
struct ExcelRowGroup {
    let sheet: String
    let row: Int
    var tables: [(code: String, name: String)]
    var columns: [(name: String, table: String, column: String, cell: Int)]
}
