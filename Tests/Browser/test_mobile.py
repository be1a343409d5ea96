"""The phone app (/m/, issue 18) in Chromium with mobile emulation (360 × 780, touch) and a WebAuthn virtual
authenticator: a new phone signs in and waits for authorization (the seed's message and its device number), a device
manager enables it, the tester registers a fingerprint credential, starts a task and enters values in the procedure's
order — going offline halfway, entering on, reloading the app and coming back online, after which every value is on
the server exactly once —, previews, signs and submits; the reviewer reviews on the same phone in the tester's
session; the approver approves on another phone and the sealed certificate is issued. An authenticator that does not
verify the user is refused by identity. Screenshots of every screen go to Docs/mobile/."""
import base64
import datetime
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.virtual_authenticator import Credential, Protocol, Transport, VirtualAuthenticatorOptions

from conftest import Api, Console, raw_codes, until
from mobile_app import MobileApp, close_phone, phone_driver
from office_files import docx, pdf
from test_records import TYPE, arrange_customer, arrange_item, arrange_person

PLANNED = {"V_std": "20.00", "V_disp": "20.04", "R|1|1": "20.02", "R|1|2": "20.03", "R|2|1": "2.01", "R|2|2": "2.02"}


def app_url(base_url):
    """The gateway as the phone addresses it: WebAuthn's relying party id is `localhost` (an IP address cannot be one)."""
    parts = urllib.parse.urlsplit(base_url)
    return f"{parts.scheme}://localhost:{parts.port}"


def webauthn_served(api):
    """The identity service's WebAuthn routes exist (the app's signatures need them)."""
    status, _ = api.call("GET", "/v1/webauthn/credentials", expect_error=True)
    return status != 404


@pytest.fixture
def phones(request):
    """Phones made on demand, each its own browser profile; a failing test leaves screenshots/FAILED-<test>-<n>.png."""
    made = []
    failed_before = request.session.testsfailed

    def make(user_verified=True):
        driver = phone_driver(user_verified)
        made.append(driver)
        return driver
    yield make
    for n, driver in enumerate(made, start=1):
        if request.session.testsfailed > failed_before:
            try:
                Console(driver, "").screenshot(f"FAILED-{request.node.name}-{n}")
            except Exception:
                pass
        close_phone(driver)


def value_for(cell, kind):
    code, point, run = cell.split("|")
    key = code if point == "0" else cell
    if key in PLANNED:
        return PLANNED[key]
    today = datetime.date.today()
    header = {"manufacture_date": "2023-05-01", "test_date": today.isoformat(),
              "next_test_date": today.replace(year=today.year + 1).isoformat()}
    if code in header:
        return header[code]
    return "2026-01-01" if kind == "date" else "测试"


def fill_value(app, cell):
    """What the tester enters: the planned readings, or for a header field what the app offers from the commission
    (委托单位, 型号, 出厂编号, 检定日期…) when it offers something."""
    offered = app.attribute("[data-testid=entry-form] [data-testid=entry-input]", "value")
    if offered and not cell.startswith(("V_", "R|")):
        return offered
    return value_for(cell, step_kind(app))


def step_kind(app):
    kind = app.attribute("[data-testid=entry-form] [data-testid=entry-input]", "type")
    return "date" if kind == "date" else "text"


def enable_device(api, device_id):
    api.post(f"/v1/devices/{device_id}/enable", {})


def sign_in_new_phone(app, api, person, shots=None):
    """A first sign-in: the phone waits for authorization, the device manager enables it, the retry gets in and the
    person registers the phone's fingerprint credential. Returns the device id."""
    app.login(person["username"], person["password"])
    pending = app.wait("[data-testid=device-pending]")
    assert "未授权" in pending.text or "授权" in pending.text, pending.text
    assert pending.get_attribute("data-code") == "DEVICE_PENDING_AUTHORIZATION"
    device_id = app.wait("[data-testid=pending-device-id]").text.strip()
    assert device_id and device_id != "—"
    if shots:
        app.screenshot(shots[0])
    device = api.get(f"/v1/devices/{device_id}")
    assert device.get("kind", "app") == "app"
    enable_device(api, device_id)
    app.click_button("重试")
    app.wait("[data-testid=setup-intro]")
    assert app.wait("[data-testid=device-id]").text == device_id
    app.wait("[data-testid=no-credential]")
    if shots:
        app.screenshot(shots[1])
    app.tap("[data-testid=register-webauthn]")
    app.wait("[data-testid=credential]")
    if shots:
        app.screenshot(shots[2])
    return device_id


def arrange_templates(api, item, unique):
    """The raw-record and certificate templates and a certificate numbering rule, so previews render and approval
    issues a sealed certificate."""
    raw = docx({"client": "«委托单位»", "V_std": "«»", "V_disp": "«»", "E": "«»", "conclusion": "«结论»", "SIGN_TESTER": " ",
                "SIGN_REVIEWER": " "}, title="燃油加油机检定原始记录", header={"RECORD_NO": "«编号»"})
    certificate = docx({"client": "«委托单位»", "E": "«»", "conclusion": "«结论»", "SIGN_TESTER": " ", "SIGN_REVIEWER": " ",
                        "SIGN_APPROVER": " ", "SEAL": " ", "QR_CODE": " "}, title="检 定 证 书", header={"CERT_NO": "«编号»"})
    for kind, content in (("raw_record", raw), ("certificate", certificate)):
        answer = api.post(f"/v1/items/{item['id']}/templates", {"typeCode": TYPE, "kind": kind, "filename": f"{kind}-{unique}.docx",
                                                                 "content": base64.b64encode(content).decode()})
        assert answer.get("accepted", True), answer
    api.put(f"/v1/items/{item['id']}/numbering", {"typeCode": TYPE, "target": "certificate", "prefix": f"M{unique.upper()}-",
                                                  "datePattern": "none", "width": 4, "start": 1})


def arrange_task(api, base_url, unique):
    item = arrange_item(api, unique)
    arrange_templates(api, item, unique)
    tester = arrange_person(api, unique, "mtest", "metrologist", item["code"])
    reviewer = arrange_person(api, unique, "mrev", "verifier", item["code"])
    approver = arrange_person(api, unique, "mappr", "approver", item["code"])
    tester_api = Api(base_url).login(tester["username"], tester["password"])
    customer, (instrument,) = arrange_customer(tester_api, unique)
    commission = tester_api.post("/v1/commissions", {"customerId": customer["id"], "source": "desk", "requestedOn": "2026-12-20",
                                                     "lines": [{"instrumentId": instrument["id"], "itemId": item["id"], "typeCode": TYPE}]})
    commission = tester_api.post(f"/v1/commissions/{commission['id']}/accept",
                                 {"assignments": [{"lineId": commission["lines"][0]["id"], "testerId": tester["id"]}]})
    return item, tester, reviewer, approver, commission["lines"][0]["taskId"]


def test_the_app_is_an_installable_offline_shell_that_fits_a_phone(phones, base_url):
    app = MobileApp(phones(), app_url(base_url))
    app.open("/login")
    app.wait("[data-testid=login-form]")
    app.wait_for_service_worker()
    manifest = app.driver.execute_script(
        "return fetch('/m/manifest.webmanifest').then(r => r.json())")
    assert manifest["scope"] == "/m/" and manifest["display"] == "standalone"
    # Nothing but the gateway's own files: every resource the page loaded is same-origin.
    origins = app.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)")
    assert set(origins) <= {app_url(base_url)}, origins
    # The page fits 360 px: nothing scrolls sideways.
    assert app.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    app.screenshot("01-login")
    # Offline, the shell still opens from the service worker's cache.
    app.offline(True)
    app.driver.refresh()
    app.wait("[data-testid=login-form]")
    app.offline(False)
    assert not raw_codes(app.driver.find_element(By.ID, "app").text)


def test_whole_task_offline_then_review_on_the_same_phone_and_approval_on_another(phones, api, base_url, unique):
    if not webauthn_served(api):
        pytest.skip("identity does not serve /v1/webauthn yet (issue 18 server side)")
    item, tester, reviewer, approver, task_id = arrange_task(api, base_url, unique)
    url = app_url(base_url)
    phone = MobileApp(phones(), url)
    sign_in_new_phone(phone, api, tester, shots=("02-device-pending", "03-first-sign-in", "04-fingerprint-registered"))

    # The task list: my tasks; open the task and start it (this procedure needs no standards).
    phone.open("/tasks")
    card = phone.wait(f"[data-testid=task-card][data-task='{task_id}']")
    phone.screenshot("05-my-tasks")
    phone.tap(card)
    phone.wait("[data-testid=start-form]")
    phone.screenshot("06-start-task")
    phone.tap("[data-testid=start-task]")
    phone.wait("[data-testid=entry-form]")
    phone.wait_for_service_worker()

    # Online: steps in order until the first reading of the table; the numeric keyboard and the unit are offered.
    entered = {}
    while True:
        cell = phone.current_step()
        if cell.startswith("V_disp"):
            assert phone.attribute("[data-testid=entry-input]", "inputmode") == "decimal"
            assert phone.attribute("[data-testid=step-unit]", "textContent") == "L"
            phone.screenshot("07-entry-step")
        if cell.startswith("R|"):
            break
        entered[cell] = fill_value(phone, cell)
        phone.enter_step(entered[cell])
    # The computed error and its judgement arrive with the value that completes them.
    computed = phone.wait("[data-testid=computed-value][data-code=E]")
    assert "0.2" in computed.text, computed.text
    assert not phone.driver.find_elements(By.CSS_SELECTOR, "[data-testid=provisional]")
    # Back to an earlier step: the dispenser reading is corrected and the error computed again.
    phone.tap("[data-testid=value-cell][data-cell='V_disp|0|0']")
    assert until(lambda: phone.current_step() == "V_disp|0|0")
    assert phone.attribute("[data-testid=entry-input]", "value") == "20.04"
    phone.screenshot("08-back-to-an-earlier-step")
    phone.enter_step("20.05")
    entered["V_disp|0|0"] = "20.05"
    assert until(lambda: "0.25" in phone.wait("[data-testid=computed-value][data-code=E]").text)
    assert until(lambda: phone.current_step() == "R|1|1")

    # Offline: the table's readings go to the outbox (待同步), survive a reload, and the computed values are 暂算.
    phone.offline(True)
    phone.wait_text("离线", css="[data-testid=net-state]")
    first = phone.current_step()
    entered[first] = PLANNED[first]
    phone.enter_step(entered[first])
    phone.wait("[data-testid=pending-count]")
    phone.wait("[data-testid=provisional]")
    phone.driver.refresh()
    phone.wait("[data-testid=offline-notice]")
    assert "待同步 1" in phone.wait("[data-testid=pending-count]").text
    while (cell := phone.current_step()) is not None:
        entered[cell] = fill_value(phone, cell)
        phone.enter_step(entered[cell])
    phone.wait("[data-testid=entry-complete]")
    assert phone.wait("[data-testid=pending-count]").text == "待同步 4"
    phone.screenshot("09-offline-pending")
    assert not phone.wait("[data-testid=submit-task]").is_enabled()

    # Online again: the outbox syncs in order; every value is on the server exactly once.
    phone.offline(False)
    phone.wait_gone("[data-testid=pending-count]", timeout=30)
    tester_api = Api(base_url).login(tester["username"], tester["password"])
    task = tester_api.get(f"/v1/tasks/{task_id}")
    on_server = {}
    for value in task["values"]:
        key = f"{value['cell']['itemCode']}|{value['cell'].get('point', 0)}|{value['cell'].get('run', 0)}"
        assert key not in on_server, f"{key} twice"
        on_server[key] = value["value"]
    assert on_server == entered
    assert task["nextStep"]["complete"]
    assert not phone.driver.find_elements(By.CSS_SELECTOR, "[data-testid=conflicts]")
    phone.screenshot("10-synced-computed")

    # Preview, then sign (handwriting + fingerprint) and submit.
    phone.tap("[data-testid=preview-raw-button]")
    link = phone.wait("[data-testid=preview-raw]")
    assert int(link.get_attribute("data-size")) > 1000
    phone.screenshot("11-preview")
    phone.tap("[data-testid=submit-task]")
    phone.sign(screenshot="12-sign")
    phone.wait("[data-testid=review-here]")
    assert until(lambda: tester_api.get(f"/v1/tasks/{task_id}")["state"] == "submitted")
    signature = next(s for s in tester_api.get(f"/v1/tasks/{task_id}")["signatures"] if s["meaning"] == "verification")
    assert signature["method"].startswith("webauthn-uv"), signature["method"]
    phone.screenshot("13-submitted")

    # The reviewer on the same phone, in the tester's session (§4.3.10.5).
    phone.tap("[data-testid=review-here]")
    form = phone.wait("[data-testid=reviewer-login]")
    phone.fill("username", reviewer["username"], within=form)
    phone.fill("password", reviewer["password"], within=form)
    phone.screenshot("14-reviewer-sign-in")
    phone.click_button("登录并核验", within=form)
    phone.wait("[data-testid=reviewer-setup]")
    phone.tap("[data-testid=register-webauthn]")
    phone.wait("[data-testid=review-pass]")
    phone.screenshot("15-review")
    phone.tap("[data-testid=review-pass]")
    phone.sign()
    assert until(lambda: tester_api.get(f"/v1/tasks/{task_id}")["state"] == "reviewed", timeout=30)
    review = next(s for s in tester_api.get(f"/v1/tasks/{task_id}")["signatures"] if s["meaning"] == "review")
    assert review["signerId"] == reviewer["id"] and review["method"].startswith("webauthn-uv")
    # The app returns to the tester's task (now awaiting approval); the tester is still signed in on the phone.
    phone.wait_text("待批准", css="[data-testid=record-header]")
    phone.open("/me")
    assert phone.wait("[data-testid=device-id]").text
    assert tester["username"] in phone.driver.find_element(By.ID, "app").text

    # The approver on a phone of their own.
    other = MobileApp(phones(), url)
    sign_in_new_phone(other, api, approver)
    approver_api = Api(base_url).login(approver["username"], approver["password"])
    assert until(lambda: any(a["taskId"] == task_id for a in approver_api.get("/v1/approvals")["approvals"]), timeout=30)
    other.open("/approvals?sort=number&order=desc")
    other.wait(f"[data-testid=approval-card][data-task='{task_id}']")
    labels = [o.text for o in other.driver.find_elements(By.CSS_SELECTOR, "[data-testid=approvals-sort] option")]
    assert labels == ["按核验时间", "按器具名称", "按原始记录编号", "按检测项目"]
    other.screenshot("16-approval-queue")
    other.tap(f"[data-testid=approval-card][data-task='{task_id}']")
    other.wait("[data-testid=approve]")
    other.screenshot("17-approval")
    other.tap("[data-testid=approve]")
    other.sign()
    state = other.wait("[data-testid=certificate-state]")
    assert until(lambda: other.attribute("[data-testid=certificate-state]", "data-state") == "issued", timeout=90)
    other.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", other.wait("[data-testid=certificate]"))
    other.screenshot("18-certificate-issued")
    number = other.wait("[data-testid=certificate-number]").text
    certificate = next(c for c in api.get(f"/v1/certificates?text={urllib.parse.quote(number)}")["certificates"] if c["number"] == number)
    assert certificate["state"] == "issued"
    request = urllib.request.Request(f"{base_url}/v1/certificates/{certificate['id']}/pdf", headers={"Authorization": f"Bearer {api.token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.read(5) == b"%PDF-"
    assert state is not None


def swap_to_authenticator_without_user_verification(driver):
    credentials = driver.get_credentials()
    assert len(credentials) == 1, credentials
    credential = credentials[0]
    driver.remove_virtual_authenticator()
    driver.add_virtual_authenticator(VirtualAuthenticatorOptions(
        protocol=Protocol.CTAP2, transport=Transport.INTERNAL, has_resident_key=False, has_user_verification=False,
        is_user_consenting=True, is_user_verified=False))
    def raw(text):
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    driver.add_credential(Credential.create_non_resident_credential(
        raw(credential.id), credential.rp_id, raw(credential.private_key), credential.sign_count))


def test_an_authenticator_that_does_not_verify_the_user_is_refused(phones, api, base_url, unique):
    if not webauthn_served(api):
        pytest.skip("identity does not serve /v1/webauthn yet (issue 18 server side)")
    item, tester, _, _, task_id = arrange_task(api, base_url, unique)
    phone = MobileApp(phones(), app_url(base_url))
    sign_in_new_phone(phone, api, tester)
    # The phone's credential moves to an authenticator that cannot verify the user (no fingerprint, no face): the
    # browser lets it answer without the UV flag, and identity refuses the signature.
    swap_to_authenticator_without_user_verification(phone.driver)
    phone.open(f"/tasks/{task_id}")
    phone.tap("[data-testid=start-task]")
    phone.wait("[data-testid=entry-form]")
    while (cell := phone.current_step()) is not None:
        phone.enter_step(fill_value(phone, cell))
    phone.wait_gone("[data-testid=pending-count]", timeout=30)
    conflicts = phone.driver.find_elements(By.CSS_SELECTOR, "[data-testid=conflicts]")
    assert not conflicts, conflicts[0].text
    phone.tap("[data-testid=submit-task]")
    phone.sign()
    error = phone.wait("[data-testid=sign-error]")
    until(lambda: error.get_attribute("data-code"))
    assert error.get_attribute("data-code") == "IDENTITY_WEBAUTHN_USER_NOT_VERIFIED", (error.get_attribute("data-code"), error.text)
    phone.screenshot("19-user-not-verified")
    assert Api(base_url).login(tester["username"], tester["password"]).get(f"/v1/tasks/{task_id}")["state"] == "in_progress"


def test_regulations_are_searched_and_read(phones, api, base_url, unique):
    code = f"JJG M{unique}-2026"
    api.post("/v1/regulations", {"code": code, "title": f"移动端查阅测试规程{unique}", "effectiveOn": "2026-01-01",
                                 "filename": f"JJG-M{unique}.pdf", "content": base64.b64encode(pdf("Regulation")).decode()})
    reader = arrange_person(api, unique, "mreg", "metrologist")
    session = Api(base_url).login(reader["username"], reader["password"])
    assert any(r["code"] == code for r in session.get(f"/v1/regulations?query={urllib.parse.quote(unique)}")["regulations"])
    if not webauthn_served(api):
        pytest.skip("the app signs in only with the app-install device of issue 18's server side")
    phone = MobileApp(phones(), app_url(base_url))
    phone.login(reader["username"], reader["password"])
    device_id = phone.wait("[data-testid=pending-device-id]").text.strip()
    enable_device(api, device_id)
    phone.click_button("重试")
    phone.wait("[data-testid=setup-intro]")
    phone.open(f"/regulations?q={urllib.parse.quote(unique)}")
    card = phone.wait_text(code, css="[data-testid=regulation-card]")
    phone.tap(card.find_element(By.CSS_SELECTOR, "[data-testid=regulation-open]"))
    phone.wait("[data-testid=regulation-link]")
    phone.screenshot("20-regulations")


def test_a_record_returned_on_the_same_phone_is_corrected_with_a_reason(phones, api, base_url, unique):
    if not webauthn_served(api):
        pytest.skip("identity does not serve /v1/webauthn yet (issue 18 server side)")
    item, tester, reviewer, _, task_id = arrange_task(api, base_url, unique)
    phone = MobileApp(phones(), app_url(base_url))
    sign_in_new_phone(phone, api, tester)
    phone.open(f"/tasks/{task_id}")
    phone.tap("[data-testid=start-task]")
    phone.wait("[data-testid=entry-form]")
    while (cell := phone.current_step()) is not None:
        phone.enter_step(fill_value(phone, cell))
    phone.wait_gone("[data-testid=pending-count]", timeout=30)
    phone.tap("[data-testid=submit-task]")
    phone.sign()

    # The reviewer, on this phone, returns the record with a reason.
    phone.tap("[data-testid=review-here]")
    form = phone.wait("[data-testid=reviewer-login]")
    phone.fill("username", reviewer["username"], within=form)
    phone.fill("password", reviewer["password"], within=form)
    phone.click_button("登录并核验", within=form)
    phone.tap("[data-testid=register-webauthn]")
    phone.tap("[data-testid=review-return]")
    phone.confirm(reason="加油机示值读数有误，请复核后重新录入")
    tester_api = Api(base_url).login(tester["username"], tester["password"])
    assert until(lambda: tester_api.get(f"/v1/tasks/{task_id}")["state"] == "returned", timeout=30)

    # The tester finds it among the returned tasks, with the reason, and corrects the reading with a reason.
    phone.open("/tasks?view=returned")
    card = phone.wait(f"[data-testid=task-card][data-task='{task_id}']")
    assert "加油机示值读数有误" in card.text
    phone.screenshot("21-returned-tasks")
    phone.tap(card)
    assert "加油机示值读数有误" in phone.wait("[data-testid=return-reason]").text
    phone.tap("[data-testid=value-cell][data-cell='V_disp|0|0']")
    assert until(lambda: phone.current_step() == "V_disp|0|0")
    field = phone.wait("[data-testid=entry-input]")
    field.clear()
    field.send_keys("20.06")
    phone.tap("[data-testid=entry-submit]")
    assert "修改原因" in phone.wait("[data-testid=entry-error]").text
    phone.fill("reason", "复核后更正读数")
    phone.screenshot("22-correct-with-reason")
    phone.enter_step("20.06")
    assert until(lambda: "0.30" in phone.attribute("[data-testid=computed-value][data-code=E]", "textContent"), timeout=30)
    # The readings after it were re-opened: each is confirmed again in order, then the record can be submitted again.
    assert until(lambda: phone.current_step() == "R|1|1", timeout=30)
    while (cell := phone.current_step()) is not None:
        phone.enter_step(phone.attribute("[data-testid=entry-input]", "value"))
    phone.wait_gone("[data-testid=pending-count]", timeout=30)
    assert phone.wait("[data-testid=submit-task]").is_enabled()
    task = tester_api.get(f"/v1/tasks/{task_id}")
    assert task["nextStep"]["complete"]
    changed = [h for h in task["history"] if h["cell"]["itemCode"] == "V_disp"]
    assert changed and changed[-1]["newValue"] == "20.06" and "复核后更正读数" in changed[-1]["reason"], changed
