import Foundation
import ZIPFoundation

/// Word templates of the fixture procedure (RecordsFixtures.procedureItems) as a lab would draw them: a title, the
/// header fields, the reading table with one repeated row, the results, the three signatures, the seal and the QR
/// code; the certificate number in the page header so it prints on every page.
enum CertificateTemplates {
    static func certificate(title: String = "检 定 证 书") throws -> Data {
        try document(
            title: title, header: "证书编号：\(bookmark(90, "CERT_NO", "«编号»"))",
            body: [
                paragraph("委托单位：\(bookmark(1, "client", "«委托单位»"))"),
                paragraph("计量器具型号：\(bookmark(2, "model", "«型号»"))　出厂编号：\(bookmark(3, "serial_number", "«编号»"))"),
                paragraph("检定日期：\(bookmark(4, "test_date", "«日期»"))"),
                readingTable(),
                paragraph("流量点 1 平均误差：\(bookmark(10, "mean1", "«»")) %　流量点 2 平均误差：\(bookmark(11, "mean2", "«»")) %"),
                paragraph("检定结论：\(bookmark(12, "conclusion", "«结论»"))"),
                paragraph("检定员：\(bookmark(13, "SIGN_TESTER", ""))　核验员：\(bookmark(14, "SIGN_REVIEWER", ""))　批准人：\(bookmark(15, "SIGN_APPROVER", ""))"),
                paragraph("\(bookmark(16, "SEAL", ""))　\(bookmark(17, "QR_CODE", ""))"),
            ])
    }

    static func rawRecord() throws -> Data {
        try document(
            title: "燃油加油机检定原始记录", header: "记录编号：\(bookmark(90, "RECORD_NO", "«编号»"))",
            body: [
                paragraph("委托单位：\(bookmark(1, "client", "«委托单位»"))"),
                paragraph("加油机示值：\(bookmark(2, "reading", "«»")) L　标准器示值：\(bookmark(3, "standard_volume", "«»")) L"),
                readingTable(),
                paragraph("检定结论：\(bookmark(12, "conclusion", "«结论»"))"),
                paragraph("检定员：\(bookmark(13, "SIGN_TESTER", ""))　核验员：\(bookmark(14, "SIGN_REVIEWER", ""))"),
            ])
    }

    static func readingTable() -> String {
        func cell(_ content: String) -> String { "<w:tc><w:tcPr><w:tcW w:w=\"2800\" w:type=\"dxa\"/></w:tcPr>\(paragraph(content))</w:tc>" }
        let borders = ["top", "left", "bottom", "right", "insideH", "insideV"].map {
            "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }
        .joined()
        return """
            <w:tbl><w:tblPr><w:tblW w:w="8400" w:type="dxa"/><w:tblBorders>\(borders)</w:tblBorders></w:tblPr>\
            <w:tblGrid><w:gridCol w:w="2800"/><w:gridCol w:w="2800"/><w:gridCol w:w="2800"/></w:tblGrid>\
            <w:tr>\(cell("流量点"))\(cell("测量次数"))\(cell("示值误差 (%)"))</w:tr>\
            <w:tr>\(cell(bookmark(20, "ROW_errors", "") + bookmark(21, "errors_point", "«点»")))\(cell(bookmark(22, "errors_run", "«次»")))\
            \(cell(bookmark(23, "errors_value", "«读数»")))</w:tr></w:tbl>
            """
    }

    static func bookmark(_ id: Int, _ name: String, _ placeholder: String) -> String {
        let text = placeholder.isEmpty ? "" : "<w:r><w:t xml:space=\"preserve\">\(placeholder)</w:t></w:r>"
        return
            "</w:t></w:r><w:bookmarkStart w:id=\"\(id)\" w:name=\"\(name)\"/>\(text)<w:bookmarkEnd w:id=\"\(id)\"/><w:r><w:t xml:space=\"preserve\">"
    }

    static func paragraph(_ content: String) -> String {
        "<w:p><w:r><w:t xml:space=\"preserve\">\(content)</w:t></w:r></w:p>"
    }

    static func document(title: String, header: String, body: [String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let w =
            "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        try add(
            "[Content_Types].xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>
            """)
        try add(
            "_rels/.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """)
        try add(
            "word/_rels/document.xml.rels",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>
            """)
        try add(
            "word/header1.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:hdr \(w)>\(paragraph(header))</w:hdr>
            """)
        let titleParagraph =
            "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val=\"44\"/></w:rPr><w:t>\(title)</w:t></w:r></w:p>"
        try add(
            "word/document.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document \(w)><w:body>\(titleParagraph)\(body.joined())<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>\
            <w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>\
            </w:sectPr></w:body></w:document>
            """)
        guard let data = archive.data else { throw TestFailure("the archive has no data") }
        return data
    }
}
