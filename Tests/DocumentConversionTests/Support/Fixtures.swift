import Foundation

/// Documents built in code: Office Open XML packages with only the parts LibreOffice needs.
enum Fixtures {
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// A Word document; `pageBreaks` puts each group of paragraphs on its own page.
    static func docx(pages: [[String]]) -> Data {
        let paragraph = { (text: String) in "<w:p><w:r><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>" }
        let pageBreak = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
        let body = pages.map { $0.map(paragraph).joined() }.joined(separator: pageBreak)
        var zip = StoredZip()
        zip.add(
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/word/document.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """)
        zip.add(
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="\(packageRelationships)">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="word/document.xml"/></Relationships>
            """)
        zip.add(
            "word/document.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>\
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)</w:body></w:document>
            """)
        return zip.data
    }

    /// A workbook with one sheet named 原始记录 holding `cells` down column A as inline strings.
    static func xlsx(cells: [String]) -> Data {
        let rows = cells.enumerated().map { index, text in
            "<row r=\"\(index + 1)\"><c r=\"A\(index + 1)\" t=\"inlineStr\"><is><t>\(escape(text))</t></is></c></row>"
        }
        var zip = StoredZip()
        zip.add(
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """)
        zip.add(
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="\(packageRelationships)">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        zip.add(
            "xl/workbook.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="\(relationships)"><sheets><sheet name="原始记录" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        zip.add(
            "xl/_rels/workbook.xml.rels",
            """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="\(packageRelationships)">\
            <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """)
        zip.add(
            "xl/worksheets/sheet1.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetData>\(rows.joined())</sheetData></worksheet>
            """)
        return zip.data
    }

    /// The seal as the certificates service will draw it: a red ring with Chinese text, 200 × 200.
    static let sealSVG = Data(
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">\
        <circle cx="100" cy="100" r="90" fill="none" stroke="#d00000" stroke-width="6"/>\
        <text x="100" y="110" font-family="Noto Sans CJK SC" font-size="24" fill="#d00000" text-anchor="middle">检定专用章</text></svg>
        """.utf8)

    /// A two-page certificate-like document.
    static let twoPages = docx(pages: [["检定证书", "计量器具名称：电子天平"], ["检定结果", "结论：合格"]])

    /// Hundreds of pages: seconds of LibreOffice work even on a quiet machine and a warm instance (8 000 paragraphs once
    /// converted within the timeout test's 1.5 s on the retry), for the timeout and crash tests.
    static let large = docx(pages: [
        (0..<20_000).map { "第\($0)段：计量检定规程要求的测量不确定度评定与表述，示值误差与重复性的检定方法。" }
    ])

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
