"""The fuel dispenser's (JJG 443) Word templates as a lab would draw them: a certificate (cover, standards used,
results) and a result notice laid out alike, and a raw record, with the record header, a table whose one drawn row repeats per reading (ROW_Vd …), the results per flow
point, the three signatures, the seal and the QR code, and the number in the page header so it prints on every page.
Built in memory with zipfile; the bookmarks follow Docs/templates.md, so flows' template check accepts them."""
import io
import zipfile
from xml.sax.saxutils import escape

W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
POINTS = ["大流量", "中流量", "小流量"]


class Doc:
    def __init__(self):
        self.next_id = 1

    def mark(self, name, placeholder=""):
        """A bookmark around a placeholder run, inside a paragraph's runs."""
        number, self.next_id = self.next_id, self.next_id + 1
        text = f'<w:r><w:t xml:space="preserve">{escape(placeholder)}</w:t></w:r>' if placeholder else ""
        return f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{text}<w:bookmarkEnd w:id="{number}"/>'


def run(text, bold=False, size=None):
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    return f'<w:r>{"<w:rPr>" + props + "</w:rPr>" if props else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*content, center=False, spacing=None):
    props = ('<w:jc w:val="center"/>' if center else "") + (f'<w:spacing w:after="{spacing}"/>' if spacing is not None else "")
    return f'<w:p>{"<w:pPr>" + props + "</w:pPr>" if props else ""}{"".join(content)}</w:p>'


def table(rows, widths):
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{para(cell)}</w:tc>'
                                      for cell, w in zip(row, widths)) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr>' \
           f'<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'


def package(body, header):
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}'
                '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/><w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="1200" w:right="1200" w:bottom="1200" w:left="1200" w:header="600" w:footer="600" w:gutter="0"/>'
                '</w:sectPr></w:body></w:document>')
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
            '</Types>'),
        "_rels/.rels": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                        'Target="word/document.xml"/></Relationships>'),
        "word/_rels/document.xml.rels": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                         '<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
                                         'Target="header1.xml"/></Relationships>'),
        "word/header1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {W}>{header}</w:hdr>',
        "word/document.xml": document,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def page_break():
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def certificate(header_items, title="检 定 证 书"):
    """Three pages, as labs lay out a JJG 443 certificate: the cover (number, customer and instrument, basis,
    conclusion, dates, the three signatures, the seal and the QR code), the standards used (the reserved table
    STANDARDS, one row per standard the task used) and the results (per reading the standard volume and the rounded
    error, per flow point the mean error, repeatability and judgement, then the readings as taken).
    header_items: {code: title} of the procedure's header data items present (client, model …)."""
    d = Doc()
    header = para(run("燃油加油机　"), run("证书编号："), d.mark("CERT_NO", "«证书编号»"), center=False)
    dates = {"test_date", "next_test_date"}
    rows = [[run(label, bold=True), d.mark(code, f"«{label}»")] for code, label in header_items.items()
            if code != "conclusion_note" and code not in dates]
    date_rows = [[run(header_items[code], bold=True), d.mark(code, f"«{header_items[code]}»")] for code in ("test_date", "next_test_date")
                 if code in header_items]
    cover = [para(run("示例市计量检定测试所", bold=True, size=28), center=True),
             para(run(title, bold=True, size=44), center=True, spacing=240),
             table(rows, [2600, 6900]),
             para(run("检定依据：JJG 443—2023《燃油加油机》检定规程")),
             para(run("检定结论：", bold=True), d.mark("conclusion", "«结论»")),
             table(date_rows, [2600, 6900]) if date_rows else "",
             table([[run("检定员", bold=True), run("核验员", bold=True), run("批准人", bold=True)],
                    [d.mark("SIGN_TESTER"), d.mark("SIGN_REVIEWER"), d.mark("SIGN_APPROVER")]], [3166, 3167, 3167]),
             table([[d.mark("SEAL"), d.mark("QR_CODE")], [run("（检定专用章）"), run("扫码查验证书真伪")]], [4750, 4750])]
    standards = [para(run("检定所使用的计量标准器具", bold=True, size=32), center=True, spacing=200),
                 table([[run("名称", bold=True), run("编号", bold=True), run("型号", bold=True), run("准确度等级", bold=True),
                         run("证书编号", bold=True), run("有效期至", bold=True)],
                        [d.mark("ROW_STANDARDS") + d.mark("STANDARDS_name", "«名称»"), d.mark("STANDARDS_code", "«编号»"),
                         d.mark("STANDARDS_model", "«型号»"), d.mark("STANDARDS_accuracy", "«等级»"),
                         d.mark("STANDARDS_certificate_no", "«证书编号»"), d.mark("STANDARDS_valid_until", "«有效期»")]],
                       [1900, 1300, 1300, 1500, 2000, 1500]),
                 para(run("检定环境条件：温度、湿度符合 JJG 443—2023 第 6.2 条的要求。"))]
    per_reading = [[run(POINTS[p - 1]), run(str(r)), d.mark(f"Vb_{p}_{r}", "«»"), d.mark(f"Ed_{p}_{r}", "«»")]
                   for p in range(1, 4) for r in range(1, 4)]
    results = [para(run("检 定 结 果", bold=True, size=32), center=True, spacing=200),
               para(run("一、示值误差（每次）", bold=True)),
               table([[run("流量点", bold=True), run("次数", bold=True), run("标准体积 (L)", bold=True),
                       run("相对示值误差（修约）(%)", bold=True)]] + per_reading, [2000, 1200, 2800, 3500]),
               para(run("二、各流量点结果（最大允许误差 ±0.30 %，重复性不超过 0.10 %）", bold=True)),
               table([[run("流量点", bold=True), run("平均示值误差 (%)", bold=True), run("重复性 (%)", bold=True), run("判定", bold=True)]]
                     + [[run(POINTS[p - 1]), d.mark(f"Ebard_{p}", "«»"), d.mark(f"Erd_{p}", "«»"), d.mark(f"ok_{p}", "«»")]
                        for p in range(1, 4)],
                     [2200, 2700, 2400, 2200]),
               para(run("三、检定读数", bold=True)),
               table([[run("流量点", bold=True), run("次数", bold=True), run("加油机示值 (L)", bold=True)],
                      [d.mark("ROW_Vd") + d.mark("Vd_point", "«点»"), d.mark("Vd_run", "«次»"), d.mark("Vd_value", "«读数»")]],
                     [3166, 3167, 3167]),
               para(run("以下空白。"), center=True)]
    return package("".join(cover + [page_break()] + standards + [page_break()] + results), header)


def raw_record(header_items):
    d = Doc()
    header = para(run("原始记录编号："), d.mark("RECORD_NO", "«记录编号»"))
    rows = [[run(label, bold=True), d.mark(code, f"«{label}»")] for code, label in header_items.items() if code != "conclusion_note"]
    readings = []
    for code, label in (("Vd", "加油机示值 (L)"), ("Vs", "标准金属量器示值 (L)"), ("K", "体积修正系数")):
        readings.append(para(run(label, bold=True)))
        readings.append(table([[run("流量点", bold=True), run("次数", bold=True), run("读数", bold=True)],
                               [d.mark(f"ROW_{code}") + d.mark(f"{code}_point", "«点»"), d.mark(f"{code}_run", "«次»"),
                                d.mark(f"{code}_value", "«读数»")]], [3166, 3167, 3167]))
    body = [para(run("燃油加油机检定原始记录", bold=True, size=36), center=True, spacing=240), table(rows, [2600, 6900]), *readings,
            table([[run("流量点", bold=True), run("平均示值误差 (%)", bold=True), run("重复性 (%)", bold=True)]]
                  + [[run(POINTS[p - 1]), d.mark(f"Ebard_{p}", "«»"), d.mark(f"Erd_{p}", "«»")] for p in range(1, 4)],
                  [2600, 3450, 3450]),
            para(run("检定结论："), d.mark("conclusion", "«结论»")),
            table([[run("检定员", bold=True), run("核验员", bold=True)], [d.mark("SIGN_TESTER"), d.mark("SIGN_REVIEWER")]], [4750, 4750])]
    return package("".join(body), header)
