"""Records (原始记录) in the console: customers (委托单位) with the server's USCC check, their instrument ledger
(计量器具台账) imported from .xlsx — a file with a bad row is refused whole with every violation listed, a good one is
imported —, commissions (委托单) created from the ledger and accepted (受理) or refused (拒绝), the task board (任务看板)
with its views and filters, and a raw record's detail with its value history (修改记录) after a return. A metrologist
(计量员: records.edit, .enter, .query) does the desk work; the returned task is set up through the API with the real
`mobile-client` signing on an enabled device. Every UI action is checked through the API."""
import base64
import datetime
import io
import json
import os
import pathlib
import secrets
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from xml.sax.saxutils import escape

from selenium.webdriver.common.by import By

from conftest import Api, raw_codes, until

TYPE = "verification:initial"
LEDGER_COLUMNS = ["器具名称", "型号规格", "出厂编号", "制造单位", "出厂日期", "准确度等级", "测量范围", "使用地点",
                  "是否强检", "强检用途", "检定周期(月)"]

# --- unified social credit codes (GB 32100, with the embedded GB 11714 organisation code) -----------------------------
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def uscc_for(unique):
    """A valid USCC built around `unique` (hex digits): 91 (enterprise), region 330106, an organisation code whose
    own check character is right, and the GB 32100 check character."""
    digits = "".join(str(int(ch, 16) % 10) for ch in unique)[:6].ljust(6, "0")
    org8 = "MA" + digits
    org = 11 - sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(org8, ORG_WEIGHTS)) % 11
    body = "91330106" + org8 + ("X" if org == 10 else "0" if org == 11 else str(org))
    check = 31 - sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS)) % 31
    return body + USCC_ALPHABET[0 if check == 31 else check]


def with_wrong_check(uscc):
    """The same code with another check character (the shape is right, only the check fails)."""
    return uscc[:17] + next(c for c in "0123456789" if c != uscc[17])


# --- a small real .xlsx (shared strings for text, numbers as numbers), built in memory ----------------------------------

def xlsx(rows):
    strings, cells_xml = [], []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if value is None or value == "":
                continue
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                if value not in strings:
                    strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{main}">'
            f'<sheetData>{"".join(cells_xml)}</sheetData></worksheet>'),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text.encode("utf-8"))
    return buffer.getvalue()


def ledger_row(name, serial, mandatory="是", use="贸易结算", cycle=12):
    return [name, "FD-200", serial, "某某加油设备有限公司", "2023-05-01", "0.3级", "(5~60) L/min", "一号加油站", mandatory, use, cycle]


# --- arranging what the tests are not about, through the API -----------------------------------------------------------

def password_for(unique):
    return f"Rec-{unique}-Passw0rd!"


def arrange_item(api, unique):
    """An item with a valid basis and the type verification:initial, whose published procedure has two readings, the
    error computed from them, its judgement and the conclusion, and a 2 × 2 table of repeat readings; a raw-record
    numbering rule."""
    item = api.post("/v1/items", {"code": f"rec_{unique}", "name": f"燃油加油机{unique}",
                                  "bases": [{"kind": "authorization", "certificateNo": f"SQ-{unique}", "validUntil": "2035-12-31"}]})
    item = api.post(f"/v1/items/{item['id']}/types", {"category": "verification", "subtype": "initial"})
    path = f"/v1/items/{item['id']}/procedure?type={urllib.parse.quote(TYPE)}"
    draft = api.get(path)
    # The blank draft's header fields (委托单位, 检定日期, …) stay: publishing needs them.
    saved = api.put(path, {"baseRevision": draft["draftRevision"], "items": draft["draft"] + [
        {"code": "V_std", "title": "标准器示值", "kind": "number", "section": "measurement", "unit": "L", "required": True},
        {"code": "V_disp", "title": "加油机示值", "kind": "number", "section": "measurement", "unit": "L", "required": True},
        {"code": "R", "title": "重复性读数", "kind": "table", "section": "measurement", "unit": "L", "points": 2, "runs": 2,
         "pointLabels": ["大流量", "小流量"], "required": True},
        {"code": "E", "title": "示值误差", "kind": "computed", "section": "result", "unit": "%", "formula": "ROUND((V_disp - V_std) / V_std * 100, 0.01)"},
        {"code": "ok_E", "title": "示值误差判定", "kind": "judgement", "section": "result", "formula": 'ABSWITHIN(E, 0.3, "full", 0.01)'},
        {"code": "conclusion", "title": "检定结论", "kind": "conclusion", "section": "conclusion", "formula": "CONCLUDE(ok_E)"},
    ]})
    api.post(f"/v1/items/{item['id']}/procedure/publish?type={urllib.parse.quote(TYPE)}", {"draftRevision": saved["draftRevision"]})
    api.put(f"/v1/items/{item['id']}/numbering", {"typeCode": TYPE, "target": "raw_record", "prefix": f"R{unique.upper()}",
                                                  "datePattern": "YYYY", "width": 4, "start": 1})
    return item


def arrange_person(api, unique, prefix, role, item_code=None):
    """A person with `role`, qualified for `item_code` when given (display name = username, to find it on screen)."""
    username = f"{prefix}{unique}"
    user = api.post("/v1/users", {"requirePasswordChange": False, "username": username, "displayName": username,
                                  "password": password_for(unique), "roles": [role]})
    if item_code is None:
        return {**user, "username": username, "password": password_for(unique)}
    api.put(f"/v1/users/{user['id']}/approved-items", {"items": [item_code]})
    api.post(f"/v1/users/{user['id']}/qualifications", {"certificateNo": f"ZJ-{username}", "issuedOn": "2024-03-01",
                                                        "issuer": "省市场监督管理局", "expiresOn": "2029-02-28", "items": [item_code]})
    return {**user, "username": username, "password": password_for(unique)}


def arrange_customer(api_clerk, unique, instruments=1):
    customer = api_clerk.post("/v1/customers", {"name": f"测试石油销售有限公司{unique}", "uscc": uscc_for(unique), "regionCode": "330106",
                                                "contactPerson": "王经理", "contactPhone": "0571-88886666"})
    made = [api_clerk.post(f"/v1/customers/{customer['id']}/instruments", {
        "name": "燃油加油机", "model": "FD-200", "serialNumber": f"SN{unique}-{n}", "mandatory": True, "mandatoryUse": "trade",
        "cycleMonths": 12}) for n in range(1, instruments + 1)]
    return customer, made


def ledger(api, customer_id):
    return api.get(f"/v1/customers/{customer_id}/instruments?pageSize=200")


def upload(console, form, data, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(data)
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    console.click_button("导入台账", within=form)
    console.confirm()


def table_texts(console, css):
    return [row.text for row in console.driver.find_elements(By.CSS_SELECTOR, f"{css} tbody tr")]


# --- customers and the ledger -----------------------------------------------------------------------------------------

def test_customer_with_a_bad_uscc_is_refused_then_its_ledger_is_imported_all_or_nothing(console, api, unique, tmp_path):
    clerk = arrange_person(api, unique, "clerk", "metrologist")
    console.login(clerk["username"], clerk["password"])
    clerk_api = Api(api.base_url).login(clerk["username"], clerk["password"])
    assert {"任务看板", "委托单", "委托单位"} <= set(console.menu_titles())

    console.go("委托单位")
    console.wait("[data-testid=customers-table]")
    console.click_button("新建委托单位")
    form = console.wait("[data-testid=customer-form]")
    name = f"测试加油站{unique}"
    good = uscc_for(unique)
    console.fill("name", name, within=form)
    console.fill("uscc", with_wrong_check(good), within=form)
    console.fill("regionCode", "330106", within=form)
    console.fill("contactPerson", "李站长", within=form)
    console.fill("contactPhone", "13800138000", within=form)
    console.click_button("保存", within=form)
    # The records service's own message, next to the field, in Chinese; the code only in the tooltip.
    message = console.field_error("uscc", within=form)
    assert message and raw_codes(message) == []
    assert console.field("name", within=form).get_attribute("value") == name   # what was typed stays
    assert clerk_api.get(f"/v1/customers?query={urllib.parse.quote(name)}")["total"] == 0
    console.screenshot("records-01-customer-uscc-refused")

    console.fill("uscc", good, within=form)
    console.click_button("保存", within=form)
    console.wait_text(name, css="main h1")
    customer = next(c for c in clerk_api.get(f"/v1/customers?query={urllib.parse.quote(name)}")["customers"] if c["name"] == name)
    assert customer["uscc"] == good and customer["regionCode"] == "330106"
    detail = console.wait("[data-testid=customer-detail]")
    assert good in detail.text

    # A sheet with one good row and one bad one (强检 without its use, a cycle that is not a number): refused whole.
    panel = console.wait("[data-testid=ledger-import]")
    form = console.wait("[data-testid=ledger-import-form]")
    bad = xlsx([LEDGER_COLUMNS, ledger_row("燃油加油机", f"A{unique}-1"), ledger_row("燃油加油机", f"A{unique}-2", use="", cycle="十二")])
    upload(console, form, bad, tmp_path, "bad-ledger.xlsx")
    violations = console.wait("[data-testid=import-violations]", within=panel)
    header = [th.text for th in violations.find_elements(By.CSS_SELECTOR, "thead th")]
    assert header == ["行", "列", "原因"]
    rows = table_texts(console, "[data-testid=import-violations]")
    assert rows and all(row.startswith("3") for row in rows), rows   # every violation is on sheet row 3
    assert raw_codes(" ".join(rows)) == []
    assert "未导入任何器具" in console.wait(".form-error", within=form).text
    assert ledger(clerk_api, customer["id"])["total"] == 0
    console.driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", violations)
    console.screenshot("records-02-ledger-import-refused")

    good_file = xlsx([LEDGER_COLUMNS, ledger_row("燃油加油机", f"A{unique}-1"), ledger_row("燃油加油机", f"A{unique}-2"),
                      ledger_row("电子汽车衡", f"B{unique}-1", mandatory="否", use="", cycle=6)])
    upload(console, form, good_file, tmp_path, "ledger.xlsx")
    console.wait_text("已导入 3 台器具", css="[data-testid=ledger-import-done]")
    assert not console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=import-violations]")
    console.row(f"B{unique}-1", "[data-testid=ledger-table]")
    console.wait_text("3", css="[data-testid=customer-instrument-count]")
    imported = ledger(clerk_api, customer["id"])
    assert imported["total"] == 3
    assert sorted(i["serialNumber"] for i in imported["instruments"]) == [f"A{unique}-1", f"A{unique}-2", f"B{unique}-1"]
    scale = next(i for i in imported["instruments"] if i["serialNumber"] == f"B{unique}-1")
    assert (scale["mandatory"], scale["cycleMonths"]) == (False, 6)

    # 添加器具: a 强检 instrument asks for its use.
    console.click_button("添加器具")
    dialog = console.dialog()
    console.fill("name", "压力表", within=dialog)
    console.fill("serialNumber", f"P{unique}", within=dialog)
    dialog.find_element(By.CSS_SELECTOR, "input[name=mandatory]").click()
    console.fill("mandatoryUse", "safety", within=dialog)
    console.fill("cycleMonths", "6", within=dialog)
    console.click_button("保存", within=dialog)
    console.wait_gone("dialog[open]")
    console.row(f"P{unique}", "[data-testid=ledger-table]")
    gauge = next(i for i in ledger(clerk_api, customer["id"])["instruments"] if i["serialNumber"] == f"P{unique}")
    assert (gauge["mandatory"], gauge["mandatoryUse"], gauge["cycleMonths"], gauge["status"]) == (True, "safety", 6, "in_use")
    console.wait_text("4", css="[data-testid=customer-instrument-count]")
    console.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", console.wait("[data-testid=ledger]"))
    console.screenshot("records-03-ledger-imported")

    # 下载示例文件 builds its workbook in the browser: that very file imports as it is.
    assert console.wait("[data-testid=ledger-example]").text == "下载示例文件"
    console.driver.set_script_timeout(15)
    encoded = console.driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        import('/console/js/screens/ledger-example.js').then(async (module) => {
          const bytes = new Uint8Array(await module.ledgerExample().arrayBuffer());
          let text = '';
          for (const byte of bytes) text += String.fromCharCode(byte);
          done(btoa(text));
        }).catch((error) => done('ERROR ' + error));""")
    assert not encoded.startswith("ERROR"), encoded
    upload(console, console.wait("[data-testid=ledger-import-form]"), base64.b64decode(encoded), tmp_path, "example.xlsx")
    assert until(lambda: ledger(clerk_api, customer["id"])["total"] == 7)
    console.wait_text("已导入 3 台器具", css="[data-testid=ledger-import-done]")

    # Editing one instrument of the ledger: the scale is stopped (停用).
    row = console.row(f"B{unique}-1", "[data-testid=ledger-table]")
    row.find_element(By.XPATH, ".//button[normalize-space()='修改']").click()
    dialog = console.dialog()
    console.fill("status", "stopped", within=dialog)
    console.click_button("保存", within=dialog)
    console.wait_gone("dialog[open]")
    assert until(lambda: clerk_api.get(f"/v1/instruments/{scale['id']}")["status"] == "stopped")
    console.wait_text("停用", css="[data-testid=ledger-table] tbody")


# --- commissions and the task board -----------------------------------------------------------------------------------

def test_commission_is_created_from_the_ledger_accepted_and_its_task_is_on_the_board(console, api, unique):
    item = arrange_item(api, unique)
    clerk = arrange_person(api, unique, "clerk", "metrologist", item["code"])
    clerk_api = Api(api.base_url).login(clerk["username"], clerk["password"])
    customer, (instrument,) = arrange_customer(clerk_api, unique)
    console.login(clerk["username"], clerk["password"])

    console.open(f"/commissions/new?customer={customer['id']}")
    form = console.wait("[data-testid=commission-form]")
    line = console.wait(f"[data-testid=commission-lines-table] tr[data-instrument='{instrument['id']}']")
    console.fill("lineItem", item["id"], within=line)
    console.fill("lineType", TYPE, within=line)
    assert line.find_element(By.CSS_SELECTOR, "input[name=line]").is_selected()   # choosing an item ticks the line
    console.screenshot("records-04-commission-new")
    console.click_button("保存委托单", within=form)
    console.wait("[data-testid=commission-actions]")
    commission = clerk_api.get(f"/v1/commissions?customerId={customer['id']}")["commissions"][0]
    assert commission["state"] == "received" and commission["source"] == "desk"
    assert [(l["instrumentId"], l["itemId"], l["typeCode"]) for l in commission["lines"]] == [(instrument["id"], item["id"], TYPE)]

    console.click_button("受理", within=console.wait("[data-testid=commission-actions]"))
    console.wait("[data-testid=accept-dialog]")
    console.screenshot("records-05-commission-accept")
    console.dialog().find_element(By.CSS_SELECTOR, "button.confirm").click()
    console.wait_gone("dialog[open]")
    console.wait_text("已受理", css="main .records-head")
    accepted = clerk_api.get(f"/v1/commissions/{commission['id']}")
    assert accepted["state"] in ("accepted", "in_progress") and accepted["lines"][0]["taskId"]
    task_id = accepted["lines"][0]["taskId"]
    link = console.wait(f"[data-testid=commission-lines] a[href='#/tasks/{task_id}']")
    console.screenshot("records-06-commission-accepted")

    # The board: all tasks, then narrowed by customer, state and item; a filter that excludes it empties the list.
    console.go("任务看板")
    tabs = console.wait("[data-testid=task-views]")
    assert [b.text for b in tabs.find_elements(By.CSS_SELECTOR, "button")] == ["我的任务", "退回给我", "全部"]
    tabs.find_element(By.CSS_SELECTOR, "button[data-view=all]").click()
    filters = console.wait("[data-testid=tasks-filters]")
    console.fill("customer", customer["id"], within=filters)
    console.fill("item", item["id"], within=filters)
    console.fill("state", "created", within=filters)
    row = console.row(instrument["serialNumber"], "[data-testid=tasks-table]")
    assert customer["name"] in row.text and "待检" in row.text
    assert len(table_texts(console, "[data-testid=tasks-table]")) == 1
    console.screenshot("records-07-task-board")
    console.fill("state", "submitted", within=filters)
    console.wait_text("没有符合条件的任务", css="[data-testid=tasks-table] tbody")
    console.fill("state", "", within=filters)
    console.row(instrument["serialNumber"], "[data-testid=tasks-table]").click()
    console.wait("[data-testid=task-header]")
    assert customer["name"] in console.wait("[data-testid=task-header]").text


def test_a_commission_is_refused_with_a_reason(console, api, unique):
    item = arrange_item(api, unique)
    clerk = arrange_person(api, unique, "clerk", "metrologist", item["code"])
    clerk_api = Api(api.base_url).login(clerk["username"], clerk["password"])
    customer, (instrument,) = arrange_customer(clerk_api, unique)
    commission = clerk_api.post("/v1/commissions", {"customerId": customer["id"], "source": "appointment", "requestedOn": "2026-12-20",
                                                    "lines": [{"instrumentId": instrument["id"], "itemId": item["id"], "typeCode": TYPE}]})
    console.login(clerk["username"], clerk["password"])
    console.go("委托单")
    filters = console.wait("[data-testid=commissions-filters]")
    console.fill("source", "appointment", within=filters)
    console.fill("customer", customer["id"], within=filters)
    console.row(commission["number"] or customer["name"], "[data-testid=commissions-table]").click()
    console.click_button("拒绝", within=console.wait("[data-testid=commission-actions]"))
    dialog = console.dialog()
    console.click_button("拒绝", within=dialog)
    assert console.field_error("reason", within=dialog) == "请填写拒绝原因"
    console.fill("reason", "该型号不在本所授权范围内", within=dialog)
    console.click_button("拒绝", within=dialog)
    console.wait_gone("dialog[open]")
    console.wait_text("该型号不在本所授权范围内", css="[data-testid=commission-refused]")
    after = clerk_api.get(f"/v1/commissions/{commission['id']}")
    assert (after["state"], after["refusalReason"]) == ("refused", "该型号不在本所授权范围内")
    assert not console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=commission-actions]")


# --- a returned record's detail with its value history ----------------------------------------------------------------

def mobile_client(*arguments, expect=0):
    binary = pathlib.Path(os.environ.get("METROLOGY_TEST_BIN", "")) / "mobile-client"
    assert binary.exists(), f"mobile-client not found at {binary} (set METROLOGY_TEST_BIN)"
    result = subprocess.run([str(binary), *arguments], capture_output=True, text=True, timeout=90)
    assert result.returncode == expect, f"mobile-client {arguments[0]} exited {result.returncode}: {result.stdout} {result.stderr}"
    return json.loads(result.stdout)


class Phone:
    """A tester's phone: the real mobile-client logs in (the device waits until the administrator enables it), signs
    challenges with its key, and its session calls the API as the app does (bearer token + X-Device-Id)."""

    def __init__(self, base_url, api, person, state):
        self.base_url, self.state = base_url, str(state)
        common = ["--gateway", base_url, "--state", self.state]
        pending = mobile_client("login", *common, "--user", person["username"], "--password", person["password"],
                                "--name", f"手机{person['username']}", "--model", "Browser-Test", expect=3)
        device = next(d for d in api.get(f"/v1/devices?query={pending['imei']}&pageSize=50")["devices"] if d["imei"] == pending["imei"])
        api.post(f"/v1/devices/{device['id']}/enable", {})
        mobile_client("wait", *common, "--user", person["username"], "--password", person["password"], "--timeout", "30")
        saved = json.loads((pathlib.Path(self.state) / "device.json").read_text())
        self.token, self.device = saved["accessToken"], saved["deviceID"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("X-Device-Id", self.device)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if method != "GET":
            request.add_header("Idempotency-Key", secrets.token_hex(16))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {path} → {error.code}: {error.read().decode(errors='replace')}") from None

    def enter(self, task_id, code, value, point=0, run=0, reason=None):
        body = {"cell": {"itemCode": code, "point": point, "run": run}, "value": value}
        if reason:
            body["reason"] = reason
        return self.call("POST", f"/v1/tasks/{task_id}/values", body)

    def fill(self, task_id, planned):
        """Enters values in the order the record asks for them (the task's next step) until it is complete:
        `planned` by (code, point, run), the procedure's header fields with plain values of their kind."""
        today = datetime.date.today()
        header = {"manufacture_date": "2023-05-01", "test_date": today.isoformat(),
                  "next_test_date": today.replace(year=today.year + 1).isoformat()}
        for _ in range(40):
            step = self.call("GET", f"/v1/tasks/{task_id}")["nextStep"]
            if step.get("complete"):
                return
            cell = step["cell"]
            key = (cell["itemCode"], cell.get("point", 0), cell.get("run", 0))
            value = planned.get(key) or header.get(cell["itemCode"]) or ("2026-01-01" if step.get("kind") == "date" else "测试")
            self.enter(task_id, cell["itemCode"], value, cell.get("point", 0), cell.get("run", 0))
        raise AssertionError(f"the record of task {task_id} is still not complete")

    def sign(self, resource, content, meaning, tmp_path):
        path = tmp_path / f"{meaning}.bin"
        path.write_bytes(content)
        return mobile_client("sign", "--gateway", self.base_url, "--state", self.state, "--resource", resource, "--file", str(path),
                             "--meaning", meaning)


def test_record_detail_shows_values_as_grids_and_the_history_after_a_return(console, api, base_url, unique, tmp_path):
    item = arrange_item(api, unique)
    tester = arrange_person(api, unique, "tester", "metrologist", item["code"])
    reviewer = arrange_person(api, unique, "review", "verifier", item["code"])
    tester_api = Api(base_url).login(tester["username"], tester["password"])
    customer, (instrument,) = arrange_customer(tester_api, unique)
    commission = tester_api.post("/v1/commissions", {"customerId": customer["id"], "source": "desk", "requestedOn": "2026-12-20",
                                                     "lines": [{"instrumentId": instrument["id"], "itemId": item["id"], "typeCode": TYPE}]})
    commission = tester_api.post(f"/v1/commissions/{commission['id']}/accept",
                                 {"assignments": [{"lineId": commission["lines"][0]["id"], "testerId": tester["id"]}]})
    task_id = commission["lines"][0]["taskId"]

    # The tester measures on the phone, signs and submits; the reviewer returns it; the tester corrects one value.
    phone = Phone(base_url, api, tester, tmp_path / "phone")
    phone.call("POST", f"/v1/tasks/{task_id}/start", {"standards": []})
    phone.fill(task_id, {("V_std", 0, 0): "20.00", ("V_disp", 0, 0): "20.04", ("R", 1, 1): "20.02", ("R", 1, 2): "20.03",
                         ("R", 2, 1): "2.01", ("R", 2, 2): "2.02"})
    submission = phone.call("GET", f"/v1/tasks/{task_id}/submission")
    receipt = phone.sign(submission["resource"], base64.b64decode(submission["canonical"]), "verification", tmp_path)
    phone.call("POST", f"/v1/tasks/{task_id}/submit", {"receipt": receipt["receipt"], "revision": submission["revision"]})
    Api(base_url).login(reviewer["username"], reviewer["password"]).post(
        f"/v1/tasks/{task_id}/review", {"decision": "return", "reason": "标准器示值抄录有误，请复核"})
    phone.enter(task_id, "V_std", "20.01", reason="复核标准器读数后更正")
    task = tester_api.get(f"/v1/tasks/{task_id}")
    assert task["state"] == "returned" and any(c["newValue"] == "20.01" for c in task["history"])

    # The tester's board: the task is under 退回给我.
    console.login(tester["username"], tester["password"])
    console.go("任务看板")
    console.wait("[data-testid=task-views] button[data-view=returned]").click()
    row = console.row(instrument["serialNumber"], "[data-testid=tasks-table]")
    assert "已退回" in row.text and "标准器示值抄录有误" in row.text
    row.click()

    header = console.wait("[data-testid=task-header]")
    assert customer["name"] in header.text and tester["username"] in header.text
    assert task["rawRecordNumber"] and task["rawRecordNumber"] in console.wait("[data-testid=raw-record-number]").text
    console.wait_text("标准器示值抄录有误", css="[data-testid=task-returned]")
    values = console.wait("[data-testid=task-values]")
    assert "标准器示值" in values.text and "20.01" in values.text
    grid = console.wait("[data-testid=grid-R]")
    assert [th.text for th in grid.find_elements(By.CSS_SELECTOR, "tbody th")] == ["大流量", "小流量"]
    assert "20.03" in grid.find_elements(By.CSS_SELECTOR, "tbody tr")[0].text
    console.wait_text("示值误差", css="[data-testid=task-computed]")
    console.wait("[data-testid=task-signatures]")   # a returned record lists the signatures the service still keeps
    history = console.wait("[data-testid=value-history]")
    assert [th.text for th in history.find_elements(By.CSS_SELECTOR, "thead th")][:6] == ["数据项", "原值", "新值", "修改人", "时间", "原因"]
    change = console.row("复核标准器读数后更正", "[data-testid=value-history]")
    assert "20.00" in change.text and "20.01" in change.text and "标准器示值" in change.text
    console.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", history)
    console.screenshot("records-08-record-history")
    console.driver.execute_script("window.scrollTo(0, 0)")
    console.screenshot("records-09-record-detail")
