#!/usr/bin/env python3
"""Writes reference.json: QR matrices from python-qrcode 8.2 (an independent encoder), byte mode, no border.
Regenerate: python3 -m venv /var/tmp/qr && /var/tmp/qr/bin/pip install qrcode==8.2 && /var/tmp/qr/bin/python make-reference.py"""
import json
import qrcode
from qrcode.util import QRData, MODE_8BIT_BYTE

LEVELS = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
          "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}
TEXTS = [
    "A",
    "https://jd.example.cn/verify?no=JD-2026-000123&code=8F3A",
    "检定证书 JD-2026-000123 某某市计量检定测试所",
    "https://metrology.example.gov.cn/certificates/verify?number=JD-2026-000123&issuer=330100&check=4F2A9C1B7E&lang=zh-CN&v=2",
    "0123456789" * 30,
]
cases = []
for index, text in enumerate(TEXTS):
    for level_index, (level, constant) in enumerate(LEVELS.items()):
        mask = (index * 4 + level_index) % 8
        qr = qrcode.QRCode(version=None, error_correction=constant, border=0, mask_pattern=mask)
        qr.add_data(QRData(text.encode("utf-8"), mode=MODE_8BIT_BYTE), optimize=0)
        qr.make(fit=True)
        rows = ["".join("1" if dark else "0" for dark in row) for row in qr.get_matrix()]
        cases.append({"text": text, "level": level, "version": qr.version, "mask": mask, "rows": rows})
with open("reference.json", "w") as out:
    json.dump(cases, out, ensure_ascii=False, indent=0)
