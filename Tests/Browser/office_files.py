"""Small but real Office and PDF files for upload tests, built in memory with zipfile (no Office, no libraries):
a Word document whose bookmarks the template check reads, an Excel workbook with defined names, a one-page PDF."""
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="{target}"/></Relationships>')


def _zip(parts):
    buffer = io.BytesIO()
    # A fixed timestamp keeps the bytes the same for the same content (handy when comparing downloads).
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def docx(bookmarks, title="原始记录", header=None):
    """A .docx with one paragraph per bookmark: {name: placeholder text}; `header` (the same shape) goes into one
    page header, word/header1.xml."""
    paragraphs = [f'<w:p><w:r><w:t>{escape(title)}</w:t></w:r></w:p>']
    for number, (name, text) in enumerate(bookmarks.items()):
        paragraphs.append(
            f'<w:p><w:r><w:t xml:space="preserve">{escape(name)}：</w:t></w:r>'
            f'<w:bookmarkStart w:id="{number}" w:name={quoteattr(name)}/>'
            f'<w:r><w:t>{escape(text)}</w:t></w:r><w:bookmarkEnd w:id="{number}"/></w:p>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{"".join(paragraphs)}<w:sectPr/></w:body></w:document>')
    parts = {}
    if header:
        marks = "".join(
            f'<w:p><w:bookmarkStart w:id="{100 + number}" w:name={quoteattr(name)}/>'
            f'<w:r><w:t>{escape(text)}</w:t></w:r><w:bookmarkEnd w:id="{100 + number}"/></w:p>'
            for number, (name, text) in enumerate(header.items()))
        parts["word/header1.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                     f'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{marks}</w:hdr>')
    return _zip({
        **parts,
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": _RELS.format(target="word/document.xml"),
        "word/document.xml": document,
    })


def xlsx(names):
    """A .xlsx whose defined names point at cells of Sheet1: {name: "$B$3"}."""
    defined = "".join(f'<definedName name={quoteattr(name)}>Sheet1!{escape(ref)}</definedName>' for name, ref in names.items())
    return _zip({
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": _RELS.format(target="xl/workbook.xml"),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
            f'<definedNames>{defined}</definedNames></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'),
    })


def pdf(text="Regulation"):
    """A one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
