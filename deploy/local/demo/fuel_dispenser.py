#!/usr/bin/env python3
"""Demo data for test setup (issue 16): the fuel dispenser (燃油加油机) item with its published procedure, the kind of
measurement standard it needs, numbering rules, raw record and certificate templates, the standards of that kind
(one valid, one expired for the refusal demo) and the demo staff's qualification and approved item for it.

Everything goes through the public HTTP API, so every rule and the audit trail apply. Each step first reads what is
there and changes only what is missing, so running it again changes nothing (no new versions, rules, certificates
or audit entries).

Usage: deploy/local/demo/fuel_dispenser.py URL ACCESS_TOKEN   (called by deploy/local/demo-data)
"""
import base64
import datetime
import json
import pathlib
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

URL, TOKEN = sys.argv[1].rstrip("/"), sys.argv[2]
ITEM_CODE = "fuel_dispenser"
TYPE = "verification:subsequent"
TODAY = datetime.date.today()


def call(method, path, body=None, ok=(200, 201)):
    """The answer's JSON and status; a status outside `ok` (and not 409 when 409 is in `ok`) stops the demo."""
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {TOKEN}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", str(uuid.uuid4()))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        text = error.read().decode(errors="replace")
        if error.code in ok:
            return error.code, json.loads(text or "null")
        sys.exit(f"demo-data: {method} {path} failed ({error.code}): {text}")


def get(path):
    return call("GET", path)[1]


# The data items: the record header the draft comes with (§4.2.3.4 a), then the readings of JJG 443 for three flow
# points × three runs and what is computed from them — the same formulas as Shared/FormulaEngine/FormulaExamples.swift
# (fuelDispenser) and Benchmarks/python/fuel_dispenser.py.
def item(code, title, kind, section, formula="", unit="", **extra):
    return {"code": code, "title": title, "kind": kind, "section": section, "formula": formula, "unit": unit, **extra}


def measurement_items():
    points = ["大流量", "中流量", "小流量"]
    items = [
        item("Vd", "加油机示值", "table", "measurement", unit="L", resolution="0.01", min="0", points=3, runs=3, pointLabels=points,
             required=True, group="示值误差"),
        item("Vs", "标准金属量器示值", "table", "measurement", unit="L", resolution="0.01", min="0", points=3, runs=3, pointLabels=points,
             required=True, group="示值误差"),
        item("K", "体积修正系数", "table", "measurement", resolution="0.0001", min="0", points=3, runs=3, pointLabels=points,
             required=True, group="示值误差"),
    ]
    for p in range(1, 4):
        group = f"{points[p - 1]}（流量点 {p}）"
        for r in range(1, 4):
            items += [
                item(f"Vb_{p}_{r}", f"流量点 {p} 第 {r} 次标准体积", "computed", "result", f"Vs[{p},{r}] * K[{p},{r}]", "L", group=group),
                item(f"E_{p}_{r}", f"流量点 {p} 第 {r} 次相对示值误差", "computed", "result",
                     f"(Vd[{p},{r}] - Vb_{p}_{r}) / Vb_{p}_{r} * 100", "%", group=group),
                item(f"Ed_{p}_{r}", f"流量点 {p} 第 {r} 次相对示值误差（修约）", "computed", "result", f"ROUND(E_{p}_{r}, 0.01)", "%",
                     group=group),
            ]
        runs = f"E_{p}_1, E_{p}_2, E_{p}_3"
        checks = ", ".join(f'ABSWITHIN(E_{p}_{r}, 0.30, "rounded", 0.01)' for r in range(1, 4))
        items += [
            item(f"Ebar_{p}", f"流量点 {p} 平均误差", "computed", "result", f"AVERAGE({runs})", "%", group=group),
            item(f"Ebard_{p}", f"流量点 {p} 平均误差（修约）", "computed", "result", f"ROUND(Ebar_{p}, 0.01)", "%", group=group),
            item(f"Er_{p}", f"流量点 {p} 重复性", "computed", "result", f"MAX({runs}) - MIN({runs})", "%", group=group),
            item(f"Erd_{p}", f"流量点 {p} 重复性（修约）", "computed", "result", f"ROUND(Er_{p}, 0.01)", "%", group=group),
            item(f"ok_{p}", f"流量点 {p} 判定", "judgement", "result", f'ALL({checks}, ATMOST(Er_{p}, 0.10, "rounded", 0.01))',
                 group=group),
        ]
    items.append(item("conclusion", "检定结论", "conclusion", "conclusion", 'IF(ALL(ok_1, ok_2, ok_3), "合格", "不合格")'))
    return items


STANDARD_NEEDS = [{"code": "metal_measure", "title": "标准金属量器"}]


def ensure_item():
    items = get("/v1/items?" + urllib.parse.urlencode({"query": ITEM_CODE, "status": "all"}))["items"]
    found = next((i for i in items if i["code"] == ITEM_CODE), None)
    if found is None:
        basis = {"kind": "standard_assessment", "certificateNo": "[2024]浙量标证字第 443 号", "validUntil": "2029-12-31",
                 "issuer": "浙江省市场监督管理局"}
        found = call("POST", "/v1/items", {"code": ITEM_CODE, "name": "燃油加油机", "bases": [basis]})[1]
    if not any(t["code"] == TYPE for t in found.get("types", [])):
        found = call("POST", f"/v1/items/{found['id']}/types", {"category": "verification", "subtype": "subsequent"})[1]
    return found["id"]


def ensure_procedure(item_id):
    path = f"/v1/items/{item_id}/procedure?" + urllib.parse.urlencode({"type": TYPE})
    procedure = get(path)
    if procedure["latestVersion"] >= 1:
        return procedure["latestVersion"]
    header = [i for i in procedure["draft"] if i.get("headerField")]
    saved = call("PUT", path, {"items": header + measurement_items(), "standards": STANDARD_NEEDS,
                               "baseRevision": procedure["draftRevision"]})[1]
    publish = f"/v1/items/{item_id}/procedure/publish?" + urllib.parse.urlencode({"type": TYPE})
    published = call("POST", publish, {"draftRevision": saved["draftRevision"], "note": "依 JJG 443—2023《燃油加油机》"})[1]
    return published["latestVersion"]


def ensure_numbering(item_id):
    rules = get(f"/v1/items/{item_id}/numbering")["rules"]
    for target, prefix in (("raw_record", "JYJ-YS"), ("certificate", "JYJ-ZS")):
        if any(r["typeCode"] == TYPE and r["target"] == target for r in rules):
            continue
        call("PUT", f"/v1/items/{item_id}/numbering",
             {"typeCode": TYPE, "target": target, "prefix": prefix, "datePattern": "YYYY", "width": 5, "start": 1})


def ensure_templates(item_id):
    """The certificate, result notice and raw record templates of JJG 443 (deploy/local/demo/certificate_templates.py:
    real .docx with a repeated reading row, signatures, seal and QR code), each imported once. A demo whose earlier
    run imported the simpler templates gets these as a new version."""
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    import certificate_templates  # noqa: E402 - beside this file

    version = get(f"/v1/items/{item_id}/procedure/versions/1?" + urllib.parse.urlencode({"type": TYPE}))
    header = {i["code"]: i["title"] for i in version["items"] if i.get("headerField")}
    documents = {
        "raw_record": ("燃油加油机原始记录.docx", certificate_templates.raw_record(header)),
        "certificate": ("燃油加油机检定证书.docx", certificate_templates.certificate(header)),
        "notice": ("燃油加油机检定结果通知书.docx", certificate_templates.certificate(header, title="检定结果通知书")),
    }
    for kind, (filename, content) in documents.items():
        query = urllib.parse.urlencode({"type": TYPE, "kind": kind})
        if any(t["filename"] == filename and t.get("size") == len(content) for t in get(f"/v1/items/{item_id}/templates?{query}")["templates"]):
            continue
        call("POST", f"/v1/items/{item_id}/templates",
             {"typeCode": TYPE, "kind": kind, "filename": filename, "content": base64.b64encode(content).decode()})


def standard(code):
    found = get("/v1/standards?" + urllib.parse.urlencode({"query": code}))["standards"]
    return next((s for s in found if s["code"] == code), None)


def ensure_standards():
    # BZ-001 (loaded by demo-data) is the metal measure a task uses: its certificate ran out on 2026-11-30, so it
    # gets the next one here (once: only while the current one has expired).
    bz1 = standard("BZ-001")
    if bz1 is None:
        sys.exit("demo-data: standard BZ-001 is missing")
    if bz1.get("category") != "metal_measure":
        call("PATCH", f"/v1/standards/{bz1['id']}", {"category": "metal_measure"})
    if bz1.get("expired"):
        issued = min(TODAY, datetime.date(2026, 11, 28))
        call("POST", f"/v1/standards/{bz1['id']}/calibrations",
             {"number": "JD-BZ-001-2026", "issuer": "省计量科学研究院", "issuedOn": issued.isoformat(),
              "validUntil": (issued.replace(year=issued.year + 1) - datetime.timedelta(days=1)).isoformat()})
    # One of the same kind whose certificate has expired: choosing it when starting a task is refused
    # (STANDARD_EXPIRED), the refusal the demo shows.
    if standard("BZ-004") is None:
        call("POST", "/v1/standards",
             {"code": "BZ-004", "name": "标准金属量器", "model": "BJL-20", "serialNumber": "2019-0112", "measuringRange": "20 L",
              "accuracy": "二等", "kind": "standard", "category": "metal_measure",
              "certificate": {"number": "JD-BZ-004", "issuer": "省计量科学研究院", "issuedOn": "2024-06-01", "validUntil": "2025-05-31"}},
             ok=(201, 409))


def ensure_staff():
    # Records asks identity whether the tester, reviewer and approver are qualified for the item by its CODE.
    for username in ("zhang.san", "li.si", "wang.wu"):
        users = get("/v1/users?" + urllib.parse.urlencode({"query": username}))["users"]
        user = next((u for u in users if u["username"] == username), None)
        if user is None:
            continue
        user = get(f"/v1/users/{user['id']}")
        if ITEM_CODE not in user["approvedItems"]:
            call("PUT", f"/v1/users/{user['id']}/approved-items", {"items": user["approvedItems"] + [ITEM_CODE]})
        if not any(ITEM_CODE in q["items"] and q["valid"] for q in user["qualifications"]):
            call("POST", f"/v1/users/{user['id']}/qualifications",
                 {"certificateNo": f"ZJ-{username}-JYJ", "issuedOn": "2024-03-01", "issuer": "省市场监督管理局", "expiresOn": "2029-02-28",
                  "items": [ITEM_CODE]})


def main():
    item_id = ensure_item()
    version = ensure_procedure(item_id)
    ensure_numbering(item_id)
    ensure_templates(item_id)
    ensure_standards()
    ensure_staff()
    print(f"demo data: 燃油加油机 ({ITEM_CODE}) procedure version {version}, needs 标准金属量器 (metal_measure: BZ-001 valid, "
          f"BZ-004 expired); numbering JYJ-YS/JYJ-ZS; raw record and certificate templates; zhang.san, li.si, wang.wu qualified for {ITEM_CODE}")


main()
