"""Mobile devices (移动设备), measurement standards (计量标准与配套设备) and the audit trail (审计追踪): approving a phone
that waits for authorization, disabling one with a reason, registering a standard whose certificate expires soon,
correction factors and a failing intermediate check, and verifying a service's audit chain. Every UI action is
checked through the API."""
import datetime
import time
import urllib.parse
import zoneinfo

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from conftest import Api, until

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def today():
    return datetime.datetime.now(BEIJING).date()


def find_device(api, imei):
    devices = api.get(f"/v1/devices?query={imei}&pageSize=50")["devices"]
    return next(d for d in devices if d["imei"] == imei)


def find_standard(api, code):
    standards = api.get(f"/v1/standards?query={urllib.parse.quote(code)}&pageSize=50")["standards"]
    return next((s for s in standards if s["code"] == code), None)


def table_rows(console, css):
    """The texts of a table's rows, read again if the table is redrawn meanwhile."""
    for _ in range(5):
        try:
            return [row.text for row in console.driver.find_elements(By.CSS_SELECTOR, f"{css} tbody tr")]
        except StaleElementReferenceException:
            time.sleep(0.2)
    return []


def column(console, css, index):
    """One column's texts (see table_rows)."""
    for _ in range(5):
        try:
            return [row.find_elements(By.CSS_SELECTOR, "td")[index].text
                    for row in console.driver.find_elements(By.CSS_SELECTOR, f"{css} tbody tr")]
        except (StaleElementReferenceException, IndexError):
            time.sleep(0.2)
    return []


def set_date(console, name, value, within=None):
    """Date inputs take typed text differently in each locale; the value is set as a date picker would."""
    element = console.field(name, within)
    console.driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", element, value)


def open_pending_tab(console):
    console.open("/devices")
    tabs = console.wait("[data-testid=device-tabs]")
    tabs.find_element(By.CSS_SELECTOR, "button[data-status=pending]").click()
    console.wait("[data-testid=device-tabs] button.active[data-status=pending]")


# --- devices ---------------------------------------------------------------------------------------------------------

def test_pending_device_is_listed_first_and_approved(admin_console, api, pending_device):
    console = admin_console
    console.go("移动设备")
    # With a phone waiting, the list opens on 待授权 and its count says so.
    active = console.wait("[data-testid=device-tabs] button.active")
    assert active.get_attribute("data-status") == "pending"
    assert int(active.find_element(By.CSS_SELECTOR, ".devices-count").text) >= 1
    row = console.row(pending_device["imei"], "[data-testid=devices-table]")
    device = find_device(api, pending_device["imei"])
    assert pending_device["name"] in row.text and "待授权" in row.text
    # The key fingerprint is shown (its first groups, the whole one in the tooltip).
    shown = row.find_element(By.CSS_SELECTOR, "[data-fingerprint]")
    assert shown.get_attribute("data-fingerprint") == device["keyFingerprint"]
    assert shown.text.startswith(device["keyFingerprint"][:4])
    console.screenshot("50-devices-list-pending")

    console.click_button("授权", within=row)
    dialog = console.dialog()
    # The confirmation asks to compare the whole fingerprint with the phone's.
    assert " ".join([device["keyFingerprint"][i:i + 4] for i in range(0, 64, 4)]) in dialog.text
    console.confirm()
    console.toast("已授权设备")
    assert until(lambda: find_device(api, pending_device["imei"])["status"] == "enabled")
    after = find_device(api, pending_device["imei"])
    assert after["statusChangedByName"] and after["statusReason"] == ""
    # Approved, it leaves the 待授权 tab.
    assert until(lambda: not any(pending_device["imei"] in text for text in table_rows(console, "[data-testid=devices-table]")))
    console.driver.find_element(By.CSS_SELECTOR, "[data-testid=device-tabs] button[data-status=enabled]").click()
    assert "已启用" in console.row(pending_device["imei"], "[data-testid=devices-table]").text


def test_device_is_disabled_with_a_reason_and_note(admin_console, api, pending_device, unique):
    console = admin_console
    open_pending_tab(console)
    row = console.row(pending_device["imei"], "[data-testid=devices-table]")
    console.click_button("停用", within=row)
    dialog = console.dialog()
    assert "会话立即失效" in dialog.text
    # Every reason is offered in Chinese; none is chosen for the person.
    labels = [o.text for o in dialog.find_elements(By.CSS_SELECTOR, "select[name=reason] option")]
    assert labels == ["请选择…", "非本单位设备", "已退役", "遗失", "被盗", "损坏", "其他"]
    # Without a reason the dialog stays open and says what is missing.
    dialog.find_element(By.CSS_SELECTOR, "button.confirm").click()
    assert "请选择原因" in console.wait("#confirm-reason-error", within=dialog).text
    note = f"测试遗失{unique}"
    console.fill("reason", "lost", within=dialog)
    console.fill("note", note, within=dialog)
    console.screenshot("51-device-disable-dialog")
    console.confirm()
    console.toast("已停用设备")

    assert until(lambda: find_device(api, pending_device["imei"])["status"] == "disabled")
    device = find_device(api, pending_device["imei"])
    assert device["statusReason"] == "lost" and device["statusNote"] == note

    # Its page shows the reason, the whole fingerprint and the history from the audit trail.
    console.open(f"/devices/{device['id']}")
    status = console.wait_text("遗失", css="[data-testid=device-status]")
    assert note in status.text and "已停用" in status.text
    key = console.wait("[data-testid=device-key] [data-fingerprint]")
    assert key.text.replace(" ", "") == device["keyFingerprint"]
    console.wait_text("device.disabled", css="[data-testid=device-history]")
    assert console.button("重新授权")
    console.screenshot("52-device-detail")


def test_device_actions_are_hidden_without_devices_manage(console, api, pending_device, unique):
    password = f"Sup-{unique}-Passw0rd!"
    api.post("/v1/users", {"requirePasswordChange": False, "username": f"dsup{unique}", "displayName": f"监督{unique}", "password": password, "roles": ["supervisor"], "supervisionRegion": "33"})
    console.login(f"dsup{unique}", password)
    open_pending_tab(console)
    row = console.row(pending_device["imei"], "[data-testid=devices-table]")
    assert not row.find_elements(By.XPATH, ".//button[normalize-space()='授权' or normalize-space()='停用']")
    console.open("/standards")
    console.wait("[data-testid=standards-table] tbody tr")
    assert not console.driver.find_elements(By.XPATH, "//button[normalize-space()='登记计量标准']")
    # Not left waiting for someone to approve it.
    device = find_device(api, pending_device["imei"])
    api.post(f"/v1/devices/{device['id']}/disable", {"reason": "other", "note": "浏览器测试结束"})


# --- standards -------------------------------------------------------------------------------------------------------

def test_standard_is_registered_and_its_expiring_certificate_highlighted(admin_console, api, unique):
    console = admin_console
    code = f"BZ-T{unique}".upper()
    console.go("计量标准与配套设备")
    console.click_button("登记计量标准")
    form = console.wait("[data-testid=standard-form]")
    # Required fields are marked next to each field.
    console.click_button("登记", within=form)
    assert console.field_error("code", within=form) == "请填写管理编号"
    assert console.field_error("name", within=form) == "请填写名称"
    console.fill("code", code, within=form)
    console.fill("name", f"测试压力计{unique}", within=form)
    console.fill("model", "YS-60", within=form)
    console.fill("measuringRange", "(0.1~6) MPa", within=form)
    console.fill("accuracy", "0.05级", within=form)
    # Part of a certificate is not enough: the rest are marked.
    console.fill("certificate.number", f"JD-{unique}", within=form)
    console.click_button("登记", within=form)
    assert "都要填写" in console.field_error("certificate.issuer", within=form)
    console.fill("certificate.issuer", "省计量科学研究院", within=form)
    set_date(console, "certificate.issuedOn", (today() - datetime.timedelta(days=355)).isoformat(), within=form)
    valid_until = (today() + datetime.timedelta(days=10)).isoformat()
    set_date(console, "certificate.validUntil", valid_until, within=form)
    console.click_button("登记", within=form)

    console.wait_text("即将到期 10 天", css="[data-testid=standard-certificate]")
    standard = until(lambda: find_standard(api, code))
    assert standard["certificate"]["validUntil"] == valid_until and standard["expiringSoon"] and not standard["expired"]
    assert standard["accuracy"] == "0.05级" and standard["status"] == "in_use"
    console.screenshot("53-standard-detail")

    # A code already used is refused by the service, next to the code, and the typed values stay.
    console.open("/standards/new")
    form = console.wait("[data-testid=standard-form]")
    console.fill("code", code.lower(), within=form)
    console.fill("name", "重复编号", within=form)
    console.click_button("登记", within=form)
    assert "已被使用" in console.field_error("code", within=form)
    assert console.field("name", within=form).get_attribute("value") == "重复编号"

    # In the list (certificates expiring within 30 days) it is highlighted with the days left.
    console.open("/standards?expiring=30")
    row = console.row(code, "[data-testid=standards-table]")
    assert "row-warn" in row.get_attribute("class")
    assert "即将到期 10 天" in row.text
    console.screenshot("54-standards-list-expiring")


def test_standard_factors_failing_check_new_certificate_and_status(admin_console, api, unique):
    console = admin_console
    code = f"BZ-C{unique}".upper()
    issued = (today() - datetime.timedelta(days=30)).isoformat()
    valid = (today() + datetime.timedelta(days=300)).isoformat()
    created = api.post("/v1/standards", {"code": code, "name": f"测试流量计{unique}", "kind": "standard",
                                         "certificate": {"number": f"JD-C{unique}", "issuer": "省计量院", "issuedOn": issued, "validUntil": valid}})
    console.open(f"/standards/{created['id']}")
    editor = console.wait("[data-testid=factors-editor]")
    console.click_button("添加测量点", within=editor)
    rows = editor.find_elements(By.CSS_SELECTOR, "tbody tr")
    for row, (point, value) in zip(rows, [("10 L/min", "1.0020"), ("50 L/min", "abc")]):
        row.find_element(By.CSS_SELECTOR, "input[name=point]").send_keys(point)
        row.find_element(By.CSS_SELECTOR, "input[name=value]").send_keys(value)
        row.find_element(By.CSS_SELECTOR, "input[name=unit]").send_keys("")
    console.click_button("保存为新版本", within=editor)
    # A value that is not a decimal, and the missing reason, are shown where they were typed.
    assert "十进制" in console.wait(".standards-factor-cell.invalid .error", within=editor).text
    assert console.field_error("factorsReason", within=editor) == "请填写变更原因"
    value = rows[1].find_element(By.CSS_SELECTOR, "input[name=value]")
    value.clear()
    value.send_keys("0.9985")
    console.fill("factorsReason", f"依据新证书{unique}", within=editor)
    console.click_button("保存为新版本", within=editor)
    assert "第 1 版" in console.dialog().text
    console.confirm()
    console.toast("已保存修正值第 1 版")
    standard = until(lambda: (s := api.get(f"/v1/standards/{created['id']}"))["correctionVersion"] == 1 and s)
    assert [(f["point"], f["value"]) for f in standard["correctionFactors"]] == [("10 L/min", "1.0020"), ("50 L/min", "0.9985")]
    console.wait_text(f"依据新证书{unique}", css="[data-testid=factor-versions]")

    # A failing intermediate check: the confirmation says the standard is quarantined at once.
    console.click_button("登记期间核查")
    form = console.wait("[data-testid=check-form]")
    console.fill("result", "fail", within=form)
    console.fill("note", "示值超差", within=form)
    console.click_button("登记核查", within=form)
    confirmation = console.dialog()
    assert "立即隔离" in confirmation.text
    console.screenshot("55-standard-failing-check-confirm")
    console.confirm()
    console.wait("[data-testid=standard-quarantined]")
    standard = api.get(f"/v1/standards/{created['id']}")
    assert standard["status"] == "quarantined" and standard["checks"][0]["result"] == "fail"
    console.wait_text("standard.quarantined", css="[data-testid=standard-history]")

    # A new certificate (replacing the current one, after a confirmation) clears the fault; then back in use.
    console.click_button("登记新证书")
    form = console.wait("[data-testid=calibration-form]")
    console.fill("certificate.number", f"JD-N{unique}", within=form)
    console.fill("certificate.issuer", "省计量院", within=form)
    set_date(console, "certificate.issuedOn", today().isoformat(), within=form)
    set_date(console, "certificate.validUntil", (today() + datetime.timedelta(days=365)).isoformat(), within=form)
    console.click_button("登记证书", within=form)
    assert f"替换当前证书 JD-C{unique}" in console.dialog().text
    console.confirm()
    console.wait_text(f"JD-N{unique}", css="[data-testid=standard-certificate]")
    assert api.get(f"/v1/standards/{created['id']}")["certificate"]["number"] == f"JD-N{unique}"
    console.click_button("恢复在用")
    form = console.wait("[data-testid=status-form]")
    console.fill("reason", "重新检定合格", within=form)
    console.click_button("确认恢复在用", within=form)
    console.toast("已改为“在用”")
    assert api.get(f"/v1/standards/{created['id']}")["status"] == "in_use"

    # The description is edited in a dialog; only what changed is sent.
    console.click_button("修改信息")
    form = console.wait("[data-testid=standard-edit-form]")
    console.fill("model", f"LL-{unique}", within=form)
    console.click_button("保存修改", within=form)
    console.wait_text(f"LL-{unique}", css="[data-testid=standard-detail]")
    assert api.get(f"/v1/standards/{created['id']}")["model"] == f"LL-{unique}"
    console.screenshot("56-standard-detail-after-changes")


# --- audit trail -----------------------------------------------------------------------------------------------------

def test_audit_trail_shows_what_was_just_done_and_verifies(admin_console, api, admin_password, unique):
    console = admin_console
    # More than one page of 20 even on a fresh platform: every sign-in is an audit entry.
    for _ in range(21):
        Api(api.base_url).login("admin", admin_password)
    name = f"审计{unique}"
    api.post("/v1/users", {"requirePasswordChange": False, "username": f"aud{unique}", "displayName": name, "password": f"Aud-{unique}-Passw0rd!", "roles": []})
    console.go("审计追踪")
    console.wait("[data-testid=audit-trail]")
    console.fill("pageSize", "20")
    assert console.field("service").get_attribute("value") == "identity"
    row = console.row(name, "[data-testid=audit-table]")
    assert "user.created" in row.text and "系统管理员" in row.text
    console.click_button("详情", within=row)
    details = console.wait("[data-testid=audit-details]", within=row)
    assert f"aud{unique}" in details.text

    # Keyset paging: the next page holds older entries, 上一页 comes back to the newest.
    first_seqs = [int(text) for text in column(console, "[data-testid=audit-table]", 5)]
    assert len(first_seqs) > 1 and first_seqs == sorted(first_seqs, reverse=True)
    console.click_button("下一页")
    console.wait_text("第 2 页", css=".pager-info")
    second_seqs = [int(text) for text in column(console, "[data-testid=audit-table]", 5)]
    assert second_seqs and max(second_seqs) < min(first_seqs)
    console.click_button("上一页")
    console.row(name, "[data-testid=audit-table]")

    # Filtering by action keeps only those entries.
    console.fill("action", "user.created")
    console.field("action").send_keys("\n")
    assert until(lambda: set(column(console, "[data-testid=audit-table]", 2)) == {"user.created"})
    assert "action=user.created" in console.driver.current_url

    before = api.get("/v1/audit/verify?service=identity")
    console.click_button("验证")
    result = console.wait(".audit-verify-ok")
    assert "审计链完整" in result.text
    checked = int(result.text.split("的 ")[1].split(" 条")[0])
    assert checked >= before["checked"] > 0
    console.screenshot("57-audit-trail-verified")

    # Another service's trail: the devices service, verified on its own.
    console.fill("service", "devices")
    console.wait_gone(".audit-verify-ok")
    console.click_button("验证")
    assert "审计链完整" in console.wait(".audit-verify-ok").text


def test_standard_category_is_entered_checked_and_changed(admin_console, api, unique):
    """标准类别 (issue 16): the kind of standard as procedures name their needs; optional, checked in the form, shown
    on the standard and changed with 修改信息."""
    console = admin_console
    code = f"BZ-C{unique}".upper()
    console.open("/standards/new")
    form = console.wait("[data-testid=standard-form]")
    console.fill("code", code, within=form)
    console.fill("name", f"标准金属量器{unique}", within=form)
    console.fill("category", "metal measure", within=form)
    console.click_button("登记", within=form)
    assert "字母开头" in console.field_error("category", within=form)
    console.fill("category", "metal_measure", within=form)
    console.click_button("登记", within=form)
    console.wait_text("metal_measure", css="[data-testid=standard-detail]")
    standard = until(lambda: find_standard(api, code))
    assert standard["category"] == "metal_measure"

    console.click_button("修改信息", within=console.wait("[data-testid=standard-detail]"))
    dialog = console.dialog()
    assert console.field("category", within=dialog).get_attribute("value") == "metal_measure"
    console.fill("category", "volume_measure", within=dialog)
    console.click_button("保存修改", within=dialog)
    console.wait_text("volume_measure", css="[data-testid=standard-detail]")
    assert until(lambda: find_standard(api, code)["category"] == "volume_measure")
