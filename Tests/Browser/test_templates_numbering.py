"""Templates (import with the bookmark check, versions, download), regulations (import, list, repeal) and numbering
rules (edit with an example of the next numbers, the service's preview after saving). Items, types and procedure
drafts are arranged through the API; what the console did is checked through the API too."""
import datetime
import hashlib
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import office_files
from conftest import raw_codes

TYPE = "verification:initial"


def arrange_item(api, unique):
    """An item with a valid basis, the type verification:initial and a draft of two data items: client and reading."""
    item = api.post("/v1/items", {"code": f"tpl_{unique}", "name": f"模板测试加油机{unique}",
                                  "bases": [{"kind": "authorization", "certificateNo": f"SQ-{unique}", "validUntil": "2035-12-31"}]})
    item = api.post(f"/v1/items/{item['id']}/types", {"category": "verification", "subtype": "initial"})
    draft = api.get(f"/v1/items/{item['id']}/procedure?type={TYPE}")
    api.put(f"/v1/items/{item['id']}/procedure?type={TYPE}", {"baseRevision": draft["draftRevision"], "items": [
        {"code": "client", "title": "委托单位", "kind": "text", "section": "header"},
        {"code": "reading", "title": "读数", "kind": "number", "section": "measurement", "unit": "L"},
    ]})
    return item


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def set_value(console, element, value):
    """Sets an input the way a person's typing would (date inputs take typed digits in a locale-dependent order)."""
    console.driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", element, value)


def wait_for_file(folder, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        files = [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]
        if files:
            return files[0]
        time.sleep(0.2)
    raise AssertionError(f"nothing was downloaded to {folder}")


def test_template_import_shows_the_bookmark_check_and_versions_download(admin_console, api, unique, tmp_path):
    console = admin_console
    item = arrange_item(api, unique)
    unknown = f"bogus_{unique}"
    # The address the item page links to preselects the item and the type.
    console.open(f"/templates?item={item['id']}&type={TYPE}")
    form = console.wait("[data-testid=template-import-form]")
    assert console.field("item").get_attribute("value") == item["id"]
    console.wait_text("还没有导入原始记录模板", css="[data-testid=template-versions]")

    # A file that is not a Word document at all is refused by the inspection, next to the file input.
    console.fill("kind", "raw_record", within=form)
    console.field("file", within=form).send_keys(write(tmp_path, f"伪装-{unique}.docx", office_files.pdf()))
    console.click_button("导入模板", within=form)
    console.confirm()
    refusal = console.field_error("file", within=form)
    assert refusal and raw_codes(refusal) == []

    # One bookmark bound to a data item, one that names none: an error, so nothing is stored.
    bad = write(tmp_path, f"原始记录-{unique}.docx", office_files.docx({"client": "«委托单位»", unknown: "«?»"}))
    console.field("file", within=form).send_keys(bad)
    console.click_button("导入模板", within=form)
    console.confirm()
    row = console.row(unknown, table_css="[data-testid=template-check]")
    assert "错误" in row.text and "没有对应的数据项" in row.text and "正文第 3 段" in row.text
    assert "未导入" in console.wait("[data-testid=template-verdict]").text
    warning = console.row("reading", table_css="[data-testid=template-check]")
    assert "警告" in warning.text
    found = console.row("client", table_css="[data-testid=template-fields]")
    assert "正文第 2 段" in found.text and "单值" in found.text
    console.driver.execute_script("arguments[0].scrollIntoView()", console.wait("[data-testid=template-import]"))
    console.screenshot("40-template-import-check-refused")
    assert api.get(f"/v1/items/{item['id']}/templates?type={TYPE}")["templates"] == [], "a template with errors must not be stored"

    # Every bookmark bound (and the signatures placed): stored as version 1, the missing record number a warning.
    good_bytes = office_files.docx({"client": "«委托单位»", "reading": "«读数»", "SIGN_TESTER": " ", "SIGN_REVIEWER": " "})
    console.field("file", within=form).send_keys(write(tmp_path, f"原始记录-{unique}-v1.docx", good_bytes))
    console.click_button("导入模板", within=form)
    console.confirm()
    assert "第 1 版" in console.wait_text("已导入", css="[data-testid=template-verdict]").text
    assert "警告" in console.row("RECORD_NO", table_css="[data-testid=template-check]").text
    reserved = console.row("SIGN_TESTER", table_css="[data-testid=template-fields]")
    assert "检定/校准员签名" in reserved.text
    console.driver.execute_script("arguments[0].scrollIntoView()", console.wait("[data-testid=template-check-result]"))
    console.screenshot("41-template-import-check-accepted")

    # A second version, as a workbook.
    workbook = office_files.xlsx({"client": "$B$3", "reading": "$B$4", "SIGN_TESTER": "$B$8", "SIGN_REVIEWER": "$D$8", "RECORD_NO": "$F$1"})
    console.field("file", within=form).send_keys(write(tmp_path, f"原始记录-{unique}-v2.xlsx", workbook))
    console.click_button("导入模板", within=form)
    console.confirm()
    console.wait_text("第 2 版", css="[data-testid=template-verdict]")
    stored = api.get(f"/v1/items/{item['id']}/templates?type={TYPE}&kind=raw_record")["templates"]
    assert [t["version"] for t in stored] == [2, 1]
    assert stored[1]["sha256"] == hashlib.sha256(good_bytes).hexdigest() and stored[1]["format"] == "docx"
    assert stored[0]["sha256"] == hashlib.sha256(workbook).hexdigest() and stored[0]["warnings"] == 0
    versions = "[data-testid=template-versions-raw_record]"
    console.row("第 2 版", table_css=versions)
    first = console.row("第 1 版", table_css=versions)
    assert stored[1]["sha256"][:12] in first.text and "草稿" in first.text
    console.driver.execute_script("window.scrollTo(0, 0)")
    console.screenshot("42-template-versions")

    # Downloading version 1 saves exactly the bytes that were imported.
    folder = tmp_path / "downloads"
    folder.mkdir()
    console.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    first.find_element(By.XPATH, ".//button[normalize-space()='下载']").click()
    saved = wait_for_file(folder)
    assert saved.name == f"原始记录-{unique}-v1.docx"
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == stored[1]["sha256"]


def test_regulation_is_imported_listed_and_repealed(admin_console, api, unique, tmp_path):
    console = admin_console
    item = arrange_item(api, unique)
    code = f"JJG {unique}—2024"
    pdf = office_files.pdf(f"Regulation {unique}")
    console.open("/regulations")
    console.wait("[data-testid=regulations-table]")
    console.click_button("导入规程")
    form = console.wait("[data-testid=regulation-import-form]")
    console.fill("code", code, within=form)
    console.fill("title", f"测试加油机检定规程{unique}", within=form)
    set_value(console, console.field("effectiveOn", within=form), "2024-06-01")
    console.check("itemCodes", item["code"], within=form)
    console.field("file", within=form).send_keys(write(tmp_path, f"规程{unique}.pdf", pdf))
    console.click_button("导入", within=form)
    console.wait_gone("[data-testid=regulation-import-form]")
    row = console.row(code, table_css="[data-testid=regulations-table]")
    assert "现行" in row.text and item["name"] in row.text and f"规程{unique}.pdf" in row.text
    console.screenshot("43-regulations-list")

    stored = [r for r in api.get(f"/v1/regulations?query={unique}")["regulations"] if r["code"] == code]
    assert len(stored) == 1
    regulation = stored[0]
    assert regulation["format"] == "pdf" and regulation["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert regulation["itemCodes"] == [item["code"]] and regulation["effectiveOn"] == "2024-06-01"

    # The search runs on the server and stays in the address.
    search = console.field("query")
    search.send_keys(unique)
    WebDriverWait(console.driver, 10).until(lambda d: f"query={unique}" in d.current_url)
    console.wait_text("共 1 条", css="[data-testid=regulations-filters] ~ .paged-table .pager-info")
    console.row(code, table_css="[data-testid=regulations-table]")

    # Repealing asks first; cancelling changes nothing.
    row = console.row(code, table_css="[data-testid=regulations-table]")
    row.find_element(By.XPATH, ".//button[normalize-space()='编辑']").click()
    edit = console.wait("[data-testid=regulation-edit-form]")
    console.fill("status", "repealed", within=edit)
    console.fill("replacedBy", f"JJG {unique}—2026", within=edit)
    console.click_button("保存", within=edit)
    dialog = console.dialog()
    assert "废止" in dialog.text
    console.click_button("取消", within=dialog)
    console.wait_gone("dialog[open]")
    assert api.get(f"/v1/regulations?query={unique}")["regulations"][0]["status"] == "current"
    assert console.field("status", within=edit).get_attribute("value") == "repealed", "typed input is kept"
    console.click_button("保存", within=edit)
    console.confirm()
    console.wait_gone("[data-testid=regulation-edit-form]")
    row = console.wait_text("废止", css="[data-testid=regulations-table] tbody tr")
    assert f"被 JJG {unique}—2026 代替" in row.text
    after = api.get(f"/v1/regulations?query={unique}")["regulations"][0]
    assert after["status"] == "repealed" and after["replacedBy"] == f"JJG {unique}—2026"


def test_numbering_rule_is_configured_with_a_preview_of_the_next_numbers(admin_console, api, unique):
    console = admin_console
    item = arrange_item(api, unique)
    prefix = f"T{unique.upper()}"
    year = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y")
    console.open(f"/numbering?item={item['id']}&type={TYPE}")
    panel = console.wait("[data-testid=numbering-raw_record]")
    console.wait_text("尚未设置编号规则", css="[data-testid=numbering-raw_record]")
    console.click_button("设置规则", within=panel)
    form = console.wait("[data-testid=numbering-form-raw_record]")
    console.fill("prefix", prefix, within=form)
    console.fill("datePattern", "YYYY", within=form)
    console.fill("width", "5", within=form)
    console.fill("start", "7", within=form)
    example = console.wait_text(f"{prefix}{year}00007", css="[data-testid=numbering-example-raw_record]")
    assert f"{prefix}{year}00008" in example.text
    console.screenshot("44-numbering-rule-editing")
    console.click_button("保存规则", within=form)
    preview = console.wait_text(f"{prefix}{year}00007", css="[data-testid=numbering-preview-raw_record]")
    shown = [line.strip() for line in preview.text.splitlines() if line.strip()]

    rule = next(r for r in api.get(f"/v1/items/{item['id']}/numbering")["rules"] if r["typeCode"] == TYPE and r["target"] == "raw_record")
    assert (rule["prefix"], rule["datePattern"], rule["width"], rule["start"], rule["next"]) == (prefix, "YYYY", 5, 7, 7)
    numbers = api.get(f"/v1/items/{item['id']}/numbering/preview?type={TYPE}&target=raw_record&count=5")["numbers"]
    assert shown == numbers and numbers[0] == f"{prefix}{year}00007"
    console.screenshot("45-numbering-rule-preview")

    # Once a number is issued the rule is in use: replacing it asks with the count, and the start cannot go back.
    api.post(f"/v1/items/{item['id']}/numbering/issue", {"typeCode": TYPE, "target": "raw_record", "reference": f"test-{unique}"})
    console.driver.refresh()
    panel = console.wait("[data-testid=numbering-raw_record]")
    console.wait_text("1 个", css="[data-testid=numbering-raw_record] .numbering-facts")
    preview = console.wait_text(f"{prefix}{year}00008", css="[data-testid=numbering-preview-raw_record]")
    assert preview.text.split()[0] == f"{prefix}{year}00008"
    console.click_button("修改规则", within=panel)
    form = console.wait("[data-testid=numbering-form-raw_record]")
    console.fill("width", "6", within=form)
    console.click_button("保存规则", within=form)
    assert "已发出 1 个编号" in console.dialog().text
    console.confirm()
    assert "已发出的最大流水号" in console.field_error("start", within=form)
    assert console.field("width", within=form).get_attribute("value") == "6", "typed input is kept"
    console.fill("start", "20", within=form)
    console.wait_text(f"{prefix}{year}000020", css="[data-testid=numbering-example-raw_record]")
    console.click_button("保存规则", within=form)
    console.confirm()
    console.wait_text(f"{prefix}{year}000020", css="[data-testid=numbering-preview-raw_record]")
    rule = next(r for r in api.get(f"/v1/items/{item['id']}/numbering")["rules"] if r["typeCode"] == TYPE and r["target"] == "raw_record")
    assert (rule["width"], rule["start"], rule["issuedCount"]) == (6, 20, 1)
    assert api.get(f"/v1/items/{item['id']}/numbering/preview?type={TYPE}&target=raw_record&count=1")["numbers"] == [f"{prefix}{year}000020"]
