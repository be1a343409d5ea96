/// The workbook's cell formats (`cellXfs`), made as the sheet needs them and written after it: xf 0 is the default,
/// xf 1 the bold header, then one per number format, custom formats numbered from 164 (ECMA-376 reserves 0–163).
struct XLSXStyles {
    static let headerStyle = 1
    private(set) var formatCodes: [String] = []
    private var styleByCode: [String: Int] = [:]

    /// The xf index for cells shown with `format`; 0 for General.
    mutating func style(for format: XLSXNumberFormat) -> Int {
        if format.code == XLSXNumberFormat.general.code { return 0 }
        if let style = styleByCode[format.code] { return style }
        formatCodes.append(format.code)
        let style = formatCodes.count + 1
        styleByCode[format.code] = style
        return style
    }

    var xml: [UInt8] {
        var xml = XMLByteBuffer()
        xml.append(XLSXPackage.declaration)
        xml.append(#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
        if !formatCodes.isEmpty {
            xml.appendRaw(#"<numFmts count="\#(formatCodes.count)">"#)
            for (index, code) in formatCodes.enumerated() {
                xml.appendRaw(#"<numFmt numFmtId="\#(164 + index)" formatCode=""#)
                xml.appendEscaped(code)
                xml.append(#""/>"#)
            }
            xml.append("</numFmts>")
        }
        // 等线 with the GB 2312 charset is what a Chinese Excel uses by default.
        xml.appendRaw(
            #"<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>"#
                + #"<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>"#
                + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
                + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
                + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#)
        xml.appendRaw(#"<cellXfs count="\#(formatCodes.count + 2)">"#)
        xml.append(#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#)
        xml.append(#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#)
        for index in formatCodes.indices {
            xml.appendRaw(#"<xf numFmtId="\#(164 + index)" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#)
        }
        xml.append("</cellXfs>")
        xml.append(#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#)
        return xml.bytes
    }
}
