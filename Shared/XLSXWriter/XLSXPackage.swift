/// The fixed parts of a one-sheet workbook (ECMA-376 Part 1 and the Open Packaging Conventions of Part 2): what a
/// reader needs besides the sheet and its styles.
enum XLSXPackage {
    static let declaration: StaticString = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\#n"#

    static let contentTypes: [UInt8] = Array(
        [
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
            #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            #"<Default Extension="xml" ContentType="application/xml"/>"#,
            #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
            #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
            #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
            #"</Types>"#,
        ].joined().utf8)

    static let rootRelationships: [UInt8] = Array(
        [
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
            #"</Relationships>"#,
        ].joined().utf8)

    static let workbookRelationships: [UInt8] = Array(
        [
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
            #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
            #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
            #"</Relationships>"#,
        ].joined().utf8)

    static func workbook(sheetName: String) -> [UInt8] {
        var xml = XMLByteBuffer()
        xml.append(declaration)
        xml.append(
            #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        )
        xml.append(#"<bookViews><workbookView/></bookViews><sheets><sheet name=""#)
        xml.appendEscaped(sheetName)
        xml.append(#"" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
        return xml.bytes
    }

    /// The sheet up to its first row: the header row frozen (a pane split below row 1) and the column widths.
    static func sheetStart(widths: [Double]) -> [UInt8] {
        var xml = XMLByteBuffer()
        xml.append(declaration)
        xml.append(
            #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        )
        xml.append(
            #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#)
        xml.append(#"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>"#)
        for (index, width) in widths.enumerated() {
            xml.appendRaw(#"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#)
        }
        xml.append("</cols><sheetData>")
        return xml.bytes
    }

    static let sheetEnd: StaticString = "</sheetData></worksheet>"
}
