"""Certificates (证书报告) in the console: the approval queue (批准) of records that passed review — sorted and
filtered, a record opened with its values, approval left to the approver's phone (signatures need the device key)
and the record returned (退回) with a reason —, the certificate query (证书管理) with its filters, the electronic seal
(电子印章) with a refused PEM import, and the public check page (/check) a certificate's QR code opens, without
signing in. The reviewed record is made through the API with the real `mobile-client` signing on enabled devices,
as test_records does; every UI action is checked through the API."""
import base64
import urllib.parse

from selenium.webdriver.common.by import By

from conftest import Api, raw_codes, until
from test_records import Phone, arrange_customer, arrange_item, arrange_person, TYPE


def reviewed_task(api, base_url, unique, tmp_path):
    """A task measured, submitted and passed by its reviewer (both signing on their phones): records publishes it as
    reviewed and the certificates service queues it for approval. Returns (task, instrument)."""
    item = arrange_item(api, unique)
    tester = arrange_person(api, unique, "ctest", "metrologist", item["code"])
    reviewer = arrange_person(api, unique, "crev", "verifier", item["code"])
    tester_api = Api(base_url).login(tester["username"], tester["password"])
    customer, (instrument,) = arrange_customer(tester_api, unique)
    commission = tester_api.post("/v1/commissions", {"customerId": customer["id"], "source": "desk", "requestedOn": "2026-12-20",
                                                     "lines": [{"instrumentId": instrument["id"], "itemId": item["id"], "typeCode": TYPE}]})
    commission = tester_api.post(f"/v1/commissions/{commission['id']}/accept",
                                 {"assignments": [{"lineId": commission["lines"][0]["id"], "testerId": tester["id"]}]})
    task_id = commission["lines"][0]["taskId"]
    phone = Phone(base_url, api, tester, tmp_path / "tester-phone")
    phone.call("POST", f"/v1/tasks/{task_id}/start", {"standards": []})
    phone.fill(task_id, {("V_std", 0, 0): "20.00", ("V_disp", 0, 0): "20.04", ("R", 1, 1): "20.02", ("R", 1, 2): "20.03",
                         ("R", 2, 1): "2.01", ("R", 2, 2): "2.02"})
    submission = phone.call("GET", f"/v1/tasks/{task_id}/submission")
    receipt = phone.sign(submission["resource"], base64.b64decode(submission["canonical"]), "verification", tmp_path)
    phone.call("POST", f"/v1/tasks/{task_id}/submit", {"receipt": receipt["receipt"], "revision": submission["revision"]})
    review_phone = Phone(base_url, api, reviewer, tmp_path / "reviewer-phone")
    prepared = review_phone.call("GET", f"/v1/tasks/{task_id}/review-submission")
    signed = review_phone.sign(prepared["resource"], base64.b64decode(prepared["canonical"]), "review", tmp_path)
    task = review_phone.call("POST", f"/v1/tasks/{task_id}/review", {"decision": "pass", "receipt": signed["receipt"]})
    assert task["state"] == "reviewed", task["state"]
    return task, instrument, item


def test_approval_queue_detail_and_return(console, api, base_url, unique, tmp_path):
    task, instrument, item = reviewed_task(api, base_url, unique, tmp_path)
    approver = arrange_person(api, unique, "cappr", "approver", item["code"])
    approver_api = Api(base_url).login(approver["username"], approver["password"])
    # The queue learns of the review from records' event.
    assert until(lambda: any(a["taskId"] == task["id"] for a in approver_api.get(f"/v1/approvals?itemId={item['id']}")["approvals"]), timeout=30)

    console.login(approver["username"], approver["password"])
    assert "批准" in console.menu_titles() and "证书管理" in console.menu_titles()
    console.go("批准")
    active = console.wait("[data-testid=approval-views] button.active")
    assert active.get_attribute("data-view") == "pending"
    row = console.row(task["rawRecordNumber"], "[data-testid=approvals-table]")
    assert "待批准" in row.text and instrument["name"] in row.text
    # The four orders are offered; a choice goes to the address (and the server).
    labels = [o.text for o in console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=approvals-sort] option")]
    assert labels == ["按核验时间", "按器具名称", "按原始记录编号", "按检测项目"]
    console.fill("sort", "number")
    console.fill("order", "desc")
    assert until(lambda: "sort=number" in console.driver.current_url and "order=desc" in console.driver.current_url)
    console.fill("item", item["id"])
    row = console.row(task["rawRecordNumber"], "[data-testid=approvals-table]")
    console.screenshot("certificates-01-approval-queue")

    row.click()
    console.wait_text(task["rawRecordNumber"], css="[data-testid=approval-number]")
    assert "移动端" in console.wait("[data-testid=approve-on-phone]").text
    values = console.wait("[data-testid=approval-values]")
    assert "标准器示值" in values.text and "20.00" in values.text
    console.wait("[data-testid=grid-R]")
    signatures = console.wait("[data-testid=approval-signatures]")
    assert "检定" in signatures.text and "核验" in signatures.text
    console.screenshot("certificates-02-approval-detail")

    console.click_button("退回")
    dialog = console.dialog()
    # Without a reason the dialog stays open and says so.
    dialog.find_element(By.CSS_SELECTOR, "button.confirm").click()
    assert "请填写原因" in console.wait("#reason-error", within=dialog).text
    console.fill("reason", "示值误差计算所用标准器证书已过期，请更换标准器后重新检定", within=dialog)
    console.screenshot("certificates-03-return-dialog")
    console.confirm()
    console.toast("已退回")
    console.wait_text("示值误差计算所用标准器证书已过期", css="[data-testid=approval-returned]")
    assert until(lambda: approver_api.get(f"/v1/approvals/{task['id']}")["state"] == "returned")
    assert until(lambda: api.get(f"/v1/tasks/{task['id']}")["state"] == "returned", timeout=30)
    assert not raw_codes(console.driver.find_element(By.ID, "content").text)


def test_certificate_query_filters(admin_console, api, unique):
    console = admin_console
    console.go("证书管理")
    console.wait("[data-testid=certificates-table]")
    headers = [th.text for th in console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=certificates-table] thead th")]
    assert headers[1:] == ["证书编号", "种类", "委托单位", "器具", "检定项目", "结论", "签发时间", "状态"]
    states = [o.text for o in console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=certificates-filters] select[name=state] option")]
    assert states == ["全部状态", "生成中", "已签发", "已作废", "生成失败"]
    console.fill("state", "voided")
    console.fill("text", f"无此证书{unique}")
    console.wait_text("没有符合条件的证书", css="[data-testid=certificates-table]")
    assert until(lambda: "state=voided" in console.driver.current_url and urllib.parse.quote(f"无此证书{unique}") in console.driver.current_url)
    # The same query through the API finds nothing either.
    assert api.get(f"/v1/certificates?state=voided&text={urllib.parse.quote(f'无此证书{unique}')}")["total"] == 0
    # Nothing is checked, so there is nothing to pack.
    assert not console.wait("[data-testid=download-selected]").is_enabled()
    console.screenshot("certificates-04-query")


def test_seal_screen_shows_the_seal_and_refuses_a_bad_import(admin_console, api):
    console = admin_console
    seal = api.get("/v1/seal")
    console.go("电子印章")
    info = console.wait("[data-testid=seal-info]")
    assert console.wait("[data-testid=seal-fingerprint]").text == seal["fingerprint"]
    assert console.wait("[data-testid=seal-origin]").get_attribute("data-origin") == seal["origin"]
    assert seal["subject"] in info.text
    form = console.wait("[data-testid=seal-import-form]")
    console.fill("certificatePem", "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----", within=form)
    console.fill("privateKeyPem", "-----BEGIN PRIVATE KEY-----\nnor a key\n-----END PRIVATE KEY-----", within=form)
    console.click_button("导入", within=form)
    error = console.wait_text("无法使用", css="[data-testid=seal-import-form]")
    assert not raw_codes(error.text)
    # Nothing changed.
    assert api.get("/v1/seal")["fingerprint"] == seal["fingerprint"]
    console.driver.execute_script("window.scrollTo(0, 0)")
    console.screenshot("certificates-05-seal")


def test_public_check_page_needs_no_sign_in(console, base_url, unique):
    driver = console.driver
    driver.set_window_size(400, 860)
    try:
        driver.get(f"{base_url}/check?n=NO-SUCH-{unique}&c=ABCD")
        status = console.wait("[data-testid=check-status]")
        assert status.text == "查无此证书" and status.get_attribute("data-status") == "unknown"
        assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=login-form]")
        assert "查无此证书" in console.wait("[data-testid=check-message]").text
        assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=check-details]")
        assert "false" not in driver.find_element(By.ID, "check").text
        console.screenshot("certificates-06-check-unknown")
        # Without the QR code's parameters, the page asks for them and checks what is typed.
        driver.get(f"{base_url}/check")
        form = console.wait("[data-testid=check-form]")
        console.fill("n", f"NO-SUCH-{unique}", within=form)
        console.fill("c", "ABCD", within=form)
        console.click_button("查询", within=form)
        assert console.wait("[data-testid=check-status]").get_attribute("data-status") == "unknown"
    finally:
        driver.set_window_size(1440, 960)


def test_mobile_client_lists_the_queue_and_signs_an_approval(api, base_url, unique, tmp_path):
    """The approver's phone (the real mobile-client): `approvals` lists the queue, `approve` prepares, signs the
    record's digest with the device key (meaning approval) and sends the receipt. The item has no certificate
    template here, so the service refuses the issue after checking the receipt: the refusal must be about the
    template, not the signature."""
    from test_records import mobile_client
    task, _, item = reviewed_task(api, base_url, unique, tmp_path)
    approver = arrange_person(api, unique, "mappr", "approver", item["code"])
    phone = Phone(base_url, api, approver, tmp_path / "approver-phone")
    common = ["--gateway", base_url, "--state", phone.state]
    assert until(lambda: any(a["taskId"] == task["id"] for a in
                             mobile_client("approvals", *common, "--item", item["id"], "--sort", "number")["approvals"]), timeout=30)
    refused = mobile_client("approve", *common, "--task", task["id"], expect=1)
    code = refused["problem"]["code"]
    assert code.startswith("CERTIFICATES_") and "RECEIPT" not in code and "SIGNER" not in code, refused
    # Nothing was issued: the record is still pending in the queue.
    pending = mobile_client("approvals", *common, "--state-filter", "pending", "--item", item["id"])["approvals"]
    assert [a["taskId"] for a in pending] == [task["id"]]
    returned = mobile_client("return", *common, "--task", task["id"], "--reason", "缺少证书模板，退回待补")
    assert returned["state"] == "returned" and returned["returnReason"] == "缺少证书模板，退回待补"
