"""docxtpl side of Benchmarks/fill/run: the JJG certificate of Tests/WordFillTests/Support/CertificateExample.swift
written as a docxtpl (Jinja) template with python-docx, filled with the same values (11 single values, 10 reading
rows of 4 columns, 5 pictures with the same pixel sizes and printed widths, signature captions), N times.

Each fill loads the template from bytes and saves the result to bytes, as WordFiller.fill(template:data:) does.
Prints one line: BENCH docxtpl fills=N seconds=S fills_per_second=F
"""

import io
import math
import struct
import sys
import time
import zipfile
import zlib

from docx import Document
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage


def png(width, height, color):
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw.extend(color(x, y))

    def chunk(kind, body):
        data = kind + body
        return struct.pack(">I", len(body)) + data + struct.pack(">I", zlib.crc32(data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 0)) + chunk(b"IEND", b"")


def signature(x, y):
    wave = 25 + math.sin(x / 9) * 12.5 + math.sin(x / 23) * 4
    return (20, 30, 90, 255) if abs(y - wave) < 2.2 else (0, 0, 0, 0)


def seal(x, y):
    r = math.hypot(x - 60, y - 60)
    return (220, 20, 30, 255) if 48 < r < 56.4 or r < 14.4 else (0, 0, 0, 0)


def qr(x, y):
    mx, my = x // 4, y // 4
    return (0, 0, 0, 255) if (mx * 7 + my * 13 + mx * my) % 3 == 0 else (255, 255, 255, 255)


PICTURES = {"signature": png(160, 50, signature), "seal": png(120, 120, seal), "qr": png(100, 100, qr)}


def template_bytes():
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "证书编号：{{ CERT_NO }}"
    section.footer.paragraphs[0].text = "原始记录编号：{{ RECORD_NO }}　　本证书未加盖检定专用章无效，复制证书未重新加盖印章无效。"
    title = doc.add_paragraph()
    title.add_run("检 定 证 书").font.size = Pt(26)
    doc.add_paragraph("VERIFICATION CERTIFICATE")
    fields = doc.add_table(rows=0, cols=2)
    for label, name in [("委 托 单 位", "client"), ("计量器具名称", "instrument"), ("型 号 / 规 格", "model"), ("出 厂 编 号", "serial"),
                        ("制 造 单 位", "manufacturer"), ("检 定 依 据", "procedure"), ("检 定 结 论", "conclusion")]:
        cells = fields.add_row().cells
        cells[0].text = label
        cells[1].text = "{{ %s }}" % name
    doc.add_paragraph("检定结果")
    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["检定点 / MPa", "行程", "示值 / MPa", "示值误差 / MPa"]):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in readings %}"
    for cell, text in zip(table.rows[2].cells, ["{{ r.point }}", "{{ r.run }}", "{{ r.value }}", "{{ r.error }}"]):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("（以下空白）")
    doc.add_paragraph("检定日期 {{ test_date }}    有效期至 {{ valid_until }}")
    # Signature captions (printed name, date) as text after each picture, as WordFiller writes them.
    doc.add_paragraph("批准人 {{ SIGN_APPROVER }} {{ approver[0] }} {{ approver[1] }}　核验员 {{ SIGN_REVIEWER }} {{ reviewer[0] }} {{ reviewer[1] }}"
                      "　检定员 {{ SIGN_TESTER }} {{ tester[0] }} {{ tester[1] }}")
    doc.add_paragraph("检定机构：示例市计量检定测试院 {{ SEAL }} {{ QR_CODE }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def readings():
    points = ["0", "0.4", "0.8", "1.2", "1.6"]
    up = ["0.000", "0.402", "0.803", "1.198", "1.601"]
    down = ["0.001", "0.404", "0.802", "1.199", "1.600"]
    rows = []
    for index, point in enumerate(points):
        for run, values in [("升压", up), ("降压", down)]:
            rows.append({"point": point, "run": run, "value": values[index], "error": "%+.3f" % (float(values[index]) - float(point))})
    return rows


def fill(template):
    tpl = DocxTemplate(io.BytesIO(template))

    def picture(kind, width):
        return InlineImage(tpl, io.BytesIO(PICTURES[kind]), width=Mm(width))

    context = {
        "client": "杭州示例仪表有限公司", "instrument": "一般压力表", "model": "Y-100　(0～1.6) MPa　1.6 级", "serial": "2026-0815",
        "manufacturer": "上海示例自动化仪表厂", "procedure": "JJG 52-2013《弹性元件式一般压力表、压力真空表和真空表》", "conclusion": "合格",
        "test_date": "2026 年 12 月 02 日", "valid_until": "2027 年 06 月 01 日", "CERT_NO": "JD-2026-P-000123", "RECORD_NO": "YS-2026-0456",
        "readings": readings(), "tester": ["张三", "2026-12-02"], "reviewer": ["李四", "2026-12-02"], "approver": ["王五", "2026-12-03"],
        "SIGN_TESTER": picture("signature", 24), "SIGN_REVIEWER": picture("signature", 24), "SIGN_APPROVER": picture("signature", 24),
        "SEAL": picture("seal", 36), "QR_CODE": picture("qr", 22),
    }
    tpl.render(context)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    template = template_bytes()
    result = fill(template)
    body = zipfile.ZipFile(io.BytesIO(result)).read("word/document.xml").decode()
    assert all(value in body for value in ["杭州示例仪表有限公司", "1.601", "降压", "张三"]) and "{{" not in body, "docxtpl output lacks values"
    start = time.perf_counter()
    for _ in range(n):
        fill(template)
    seconds = time.perf_counter() - start
    print("BENCH docxtpl fills=%d seconds=%.3f fills_per_second=%.1f" % (n, seconds, n / seconds))


if __name__ == "__main__":
    main()
