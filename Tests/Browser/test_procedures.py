"""Test items, types and procedures: building a fuel-dispenser procedure through the console (data items, a formula
checked as it is typed with the error's position, "try it" with its steps, a judgement rule and a conclusion),
saving, validating and publishing it, its version history, and the read-only view without setup.manage."""
import urllib.parse

from selenium.webdriver.common.by import By

from conftest import raw_codes, until

TYPE = "verification:initial"
ERROR_FORMULA = "(V_disp - V_std) / * 100"
FORMULA = "(V_disp - V_std) / V_std * 100"
RULE = 'ABSWITHIN(E, 0.30, "rounded", 0.01)'


def procedure_path(item_id, suffix=""):
    return f"/v1/items/{item_id}/procedure{suffix}?type={urllib.parse.quote(TYPE)}"


def editor(console):
    return console.wait("[data-testid=data-item-editor]")


def add_data_item(console, code, title, kind, unit=None, group=None, formula=None):
    """Adds a data item with the editor; a formula must then be reported correct."""
    console.click_button("新增数据项")
    console.fill("code", code, within=editor(console))
    console.fill("title", title, within=editor(console))
    console.fill("kind", kind, within=editor(console))   # the editor is drawn again for the kind's fields
    if unit:
        console.fill("unit", unit, within=editor(console))
    if group:
        console.fill("group", group, within=editor(console))
    if formula:
        console.fill("formula", formula, within=editor(console))
        console.wait_text("公式正确", css="[data-testid=formula-status]")
    console.wait(f"[data-testid=data-items-table] tr[data-code={code}]")


def scroll_to(console, element):
    """Brings an element into view (the list and the page scroll separately) before a screenshot."""
    console.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)


def create_item_with_type(api, unique, prefix):
    item = api.post("/v1/items", {"code": f"{prefix}_{unique}", "name": f"测试项目{unique}",
                                  "bases": [{"kind": "authorization", "certificateNo": f"SQ-{unique}", "validUntil": "2031-12-31"}]})
    return api.post(f"/v1/items/{item['id']}/types", {"category": "verification", "subtype": "initial"})


def test_build_validate_and_publish_a_procedure_with_a_formula(admin_console, api, unique):
    console = admin_console
    code, name = f"fd_{unique}", f"燃油加油机{unique}"

    # The list, and a new item created from it.
    console.go("检测项目与流程")
    console.wait("[data-testid=items-table]")
    console.screenshot("30-items-list")
    console.click_button("新增检测项目")
    dialog = console.dialog()
    console.fill("code", code, within=dialog)
    console.fill("name", name, within=dialog)
    console.fill("basisKind", "authorization", within=dialog)
    console.fill("certificateNo", f"SQ-{unique}", within=dialog)
    console.driver.execute_script("arguments[0].value = '2031-12-31'", console.field("validUntil", within=dialog))
    console.click_button("创建", within=dialog)
    console.wait_text(name, css="main h1")
    item = next(i for i in api.get(f"/v1/items?query={code}")["items"] if i["code"] == code)
    assert item["name"] == name and item["bases"][0]["certificateNo"] == f"SQ-{unique}" and item["usable"]

    # A test type, which starts a blank draft with the ten header fields.
    console.click_button("增加检测类型")
    dialog = console.dialog()
    console.fill("category", "verification", within=dialog)
    console.fill("subtype", "initial", within=dialog)
    console.click_button("增加", within=dialog)
    row = console.row("检定 / 首次检定", table_css="[data-testid=item-types]")
    console.wait_text("尚未发布", css="[data-testid=item-types]")
    assert [t["code"] for t in api.get(f"/v1/items/{item['id']}")["types"]] == [TYPE]
    for link in ("编辑流程", "模板", "编号规则"):
        assert row.find_element(By.XPATH, f".//a[normalize-space()='{link}']")
    assert f"#/templates?item={item['id']}&type=verification%3Ainitial" in \
        row.find_element(By.XPATH, ".//a[normalize-space()='模板']").get_attribute("href")
    console.screenshot("31-item-page")

    row.find_element(By.XPATH, ".//a[normalize-space()='编辑流程']").click()
    console.wait("[data-testid=data-items-table] tr[data-code=client]")

    # Two measured values and the error computed from them.
    add_data_item(console, "V_std", "标准器示值", "number", unit="L", group="示值误差")
    add_data_item(console, "V_disp", "加油机示值", "number", unit="L", group="示值误差")
    console.click_button("新增数据项")
    console.fill("code", "E", within=editor(console))
    console.fill("title", "示值误差", within=editor(console))
    console.fill("kind", "computed", within=editor(console))
    console.fill("unit", "%", within=editor(console))
    console.fill("group", "示值误差", within=editor(console))

    # A broken formula: the error, its line and column, and a caret under the bad part.
    console.fill("formula", ERROR_FORMULA, within=editor(console))
    position = console.wait("[data-testid=formula-error-position]")
    assert "第 1 行，第 20 列" in position.text
    error = console.wait("[data-testid=formula-error]")
    assert "*" in error.text and raw_codes(error.text) == []
    assert "FORMULA_SYNTAX" in error.find_element(By.CSS_SELECTOR, "[title]").get_attribute("title")
    caret = console.wait("[data-testid=formula-caret]")
    assert caret.find_element(By.CSS_SELECTOR, "mark").text == "*"
    assert caret.find_element(By.CSS_SELECTOR, ".caret").text == "^"
    scroll_to(console, caret)
    console.screenshot("33-formula-error")

    # Saving it anyway: the service refuses and names the data item and the position; nothing is saved.
    console.click_button("保存草稿")
    refusal = console.wait_text("保存被拒绝", css="[data-testid=procedure-error]")
    assert raw_codes(refusal.text) == []
    assert "数据项“E”" in refusal.text and "第 1 行第 20 列" in refusal.text
    assert "V_std" not in [d["code"] for d in api.get(procedure_path(item["id"]))["draft"]]

    console.fill("formula", FORMULA, within=editor(console))
    console.wait_text("公式正确", css="[data-testid=formula-status]")
    assert not console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=formula-error]")

    # Try it: sample values in, the value with its unit and every step out.
    console.fill("sample-V_std", "20.00", within=editor(console))
    console.fill("sample-V_disp", "20.04", within=editor(console))
    console.click_button("试算", within=editor(console))
    result = console.wait("[data-testid=try-result]")
    assert "0.200" in result.text and "%" in result.text
    steps = console.wait("[data-testid=try-steps]")
    step_rows = [r.text for r in steps.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert len(step_rows) >= 6
    assert any("(V_disp - V_std)" in r and "0.04" in r for r in step_rows)
    assert any("(V_disp - V_std) / V_std" in r and "0.002" in r for r in step_rows)
    scroll_to(console, result)
    console.screenshot("34-try-it-steps")

    # The judgement rule |E| ≤ 0.30 and the conclusion; trying the rule reuses the sample values.
    add_data_item(console, "ok_E", "示值误差判定", "judgement", group="示值误差", formula=RULE)
    console.click_button("试算", within=editor(console))
    assert "真" in console.wait("[data-testid=try-result]").text
    add_data_item(console, "conclusion", "检定结论", "conclusion", formula="CONCLUDE(ok_E)")

    # Reorder: V_disp before V_std.
    console.row("加油机示值", table_css="[data-testid=data-items-table]").find_element(By.XPATH, ".//button[normalize-space()='上移']").click()
    codes = [r.get_attribute("data-code") for r in console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=data-items-table] tr[data-code]")]
    assert codes.index("V_disp") < codes.index("V_std")
    assert console.wait("[data-testid=unsaved-badge]")

    # The browser's Back button with unsaved changes asks first; cancelling puts the address back.
    console.driver.back()
    console.click_button("取消", within=console.dialog())
    console.wait_gone("dialog[open]")
    assert "/procedure/" in console.driver.current_url and console.wait("[data-testid=unsaved-badge]")
    # So does a console link.
    console.go("检测项目与流程")
    dialog = console.dialog()
    assert "未保存" in dialog.text
    console.click_button("取消", within=dialog)
    console.wait_gone("dialog[open]")
    console.wait("[data-testid=procedure-editor]")
    assert "/procedure/" in console.driver.current_url
    console.driver.execute_script("window.scrollTo(0, 0)")
    console.screenshot("32-procedure-editor")

    console.click_button("保存草稿")
    console.toast("草稿已保存")
    console.wait_gone("[data-testid=unsaved-badge]")
    draft = api.get(procedure_path(item["id"]))
    saved = {d["code"]: d for d in draft["draft"]}
    assert saved["E"]["formula"] == FORMULA and saved["E"]["unit"] == "%" and saved["E"]["kind"] == "computed"
    assert saved["ok_E"]["formula"] == RULE and saved["ok_E"]["kind"] == "judgement"
    assert saved["V_std"]["group"] == "示值误差"
    order = [d["code"] for d in draft["draft"]]
    assert order.index("V_disp") < order.index("V_std") < order.index("E") < order.index("ok_E") < order.index("conclusion")

    console.click_button("校验")
    console.wait_text("校验通过", css="[data-testid=validation-result]")

    console.click_button("发布", within=console.wait("[data-testid=procedure-toolbar]"))
    dialog = console.dialog()
    console.wait_text("校验通过", css="dialog[open]")
    assert "第 1 版" in dialog.text
    console.screenshot("35-publish-dialog")
    console.confirm(note=f"首次发布 {unique}")
    console.toast("已发布为第 1 版")

    # The version history shows it; its data items are read only.
    versions = console.wait("[data-testid=procedure-versions]")
    console.wait_text("第 1 版", css="[data-testid=procedure-versions]")
    assert f"首次发布 {unique}" in versions.text
    console.click_button("查看", within=versions)
    frozen = console.wait("[data-testid=version-items]")
    assert FORMULA in frozen.text and "ok_E" in frozen.text
    assert not frozen.find_elements(By.CSS_SELECTOR, "input, textarea, select")
    scroll_to(console, versions)
    console.screenshot("36-version-history")

    version = api.get(procedure_path(item["id"], "/versions/1"))
    frozen_items = {d["code"]: d for d in version["items"]}
    assert version["version"] == 1 and version["note"] == f"首次发布 {unique}"
    assert frozen_items["E"]["formula"] == FORMULA and frozen_items["conclusion"]["formula"] == "CONCLUDE(ok_E)"
    assert api.get(f"/v1/items/{item['id']}/usability?type={urllib.parse.quote(TYPE)}")["procedureVersion"] == 1

    # The item page now shows the published version.
    console.open(f"/items/{item['id']}")
    console.wait_text("第 1 版", css="[data-testid=item-types]")
    console.wait_text("与最新版本一致", css="[data-testid=item-types]")

    # Editing the item, and finding it in the list by search.
    form = console.wait("[data-testid=item-edit-form]")
    console.fill("name", f"{name}（改）", within=form)
    console.click_button("保存修改", within=form)
    console.toast("检测项目已保存")
    assert api.get(f"/v1/items/{item['id']}")["name"] == f"{name}（改）"
    console.open(f"/items?query={code}")
    row = console.row(code, table_css="[data-testid=items-table]")
    assert f"{name}（改）" in row.text and "检定 / 首次检定" in row.text and "可开展" in row.text
    assert len(console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=items-table] tbody tr")) == 1


def test_publish_shows_the_validation_errors_and_is_not_offered(admin_console, api, unique):
    item = create_item_with_type(api, unique, "pub")
    console = admin_console
    console.open(f"/items/{item['id']}/procedure/{TYPE}")
    console.click_button("发布", within=console.wait("[data-testid=procedure-toolbar]"))
    dialog = console.dialog()
    console.wait_text("校验未通过", css="dialog[open]")
    assert "综合结论" in dialog.text and raw_codes(dialog.text) == []
    assert dialog.find_elements(By.CSS_SELECTOR, "[data-code=FLOWS_NO_MEASUREMENT]")
    assert not dialog.find_element(By.CSS_SELECTOR, "button.confirm").is_enabled()
    console.click_button("关闭", within=dialog)
    console.wait_gone("dialog[open]")
    assert api.get(procedure_path(item["id"], "/versions"))["versions"] == []


def test_without_setup_manage_the_procedure_is_read_only(console, api, unique):
    """A document administrator (templates.manage, not setup.manage) sees items and procedures but cannot change them."""
    item = create_item_with_type(api, unique, "ro")
    draft = api.get(procedure_path(item["id"]))
    api.put(procedure_path(item["id"]), {"baseRevision": draft["draftRevision"], "items": draft["draft"] + [
        {"code": "V_std", "title": "标准器示值", "kind": "number", "section": "measurement", "unit": "L"},
        {"code": "V_disp", "title": "加油机示值", "kind": "number", "section": "measurement", "unit": "L"},
        {"code": "E", "title": "示值误差", "kind": "computed", "section": "result", "unit": "%", "formula": FORMULA},
    ]})
    password = f"Doc-{unique}-Passw0rd!"
    api.post("/v1/users", {"requirePasswordChange": False, "username": f"doc{unique}", "displayName": f"文档管理员{unique}", "password": password,
                           "roles": ["document_admin"]})
    console.login(f"doc{unique}", password)

    console.go("检测项目与流程")
    console.wait("[data-testid=items-table]")
    assert not console.driver.find_elements(By.XPATH, "//button[normalize-space()='新增检测项目']")
    console.open(f"/items/{item['id']}")
    row = console.row("检定 / 首次检定", table_css="[data-testid=item-types]")
    assert not console.driver.find_elements(By.XPATH, "//button[normalize-space()='增加检测类型']")
    assert not console.driver.find_elements(By.CSS_SELECTOR, "[data-testid=item-edit-form]")
    row.find_element(By.XPATH, ".//a[normalize-space()='查看流程']").click()

    console.wait("[data-testid=read-only-notice]")
    console.row("示值误差", table_css="[data-testid=data-items-table]").click()
    formula = console.field("formula", within=editor(console))
    assert formula.get_attribute("readonly") is not None
    console.wait_text("公式正确", css="[data-testid=formula-status]")
    for label in ("新增数据项", "保存草稿", "发布", "上移", "删除"):
        assert not console.driver.find_elements(By.XPATH, f"//main//button[normalize-space()='{label}']"), label
    assert console.field("kind", within=editor(console)).get_attribute("disabled") is not None
    console.screenshot("37-procedure-read-only")



def test_standard_needs_are_added_checked_saved_and_removed(admin_console, api, unique):
    """所需计量标准: the kinds of standard a procedure needs are edited with the draft; a malformed code is refused
    before sending, nothing is saved until 保存草稿, and a removed need is gone after the next save."""
    item = create_item_with_type(api, unique, "need")
    console = admin_console
    console.open(f"/items/{item['id']}/procedure/{TYPE}")
    section = console.wait("[data-testid=standard-needs]")
    assert "所需计量标准" in section.text and "未指定所需计量标准" in section.text

    console.click_button("新增所需标准", within=section)
    section = console.wait("[data-testid=standard-needs]")
    console.fill("standardNeedCode", "metal measure", within=section)
    console.fill("standardNeedTitle", "标准金属量器", within=section)
    console.wait("[data-testid=unsaved-badge]")
    console.click_button("保存草稿")
    console.wait_text("代码“metal measure”无效", css="[data-testid=procedure-error]")
    assert api.get(procedure_path(item["id"]))["draftStandards"] == []

    console.fill("standardNeedCode", "metal_measure", within=console.wait("[data-testid=standard-needs]"))
    console.click_button("保存草稿")
    console.toast("草稿已保存")
    assert until(lambda: api.get(procedure_path(item["id"]))["draftStandards"]) == [{"code": "metal_measure", "title": "标准金属量器"}]
    console.wait_gone("[data-testid=unsaved-badge]")
    scroll_to(console, console.wait("[data-testid=standard-needs]"))
    console.screenshot("38-procedure-standard-needs")

    # Loaded again, the need is there; removing it and saving leaves none.
    console.open(f"/items/{item['id']}/procedure/{TYPE}")
    section = console.wait("[data-testid=standard-needs]")
    assert console.field("standardNeedCode", within=section).get_attribute("value") == "metal_measure"
    section.find_element(By.CSS_SELECTOR, "[data-testid=standard-need-remove]").click()
    console.wait_text("未指定所需计量标准", css="[data-testid=standard-needs]")
    console.click_button("保存草稿")
    console.wait_gone("[data-testid=unsaved-badge]")
    assert until(lambda: api.get(procedure_path(item["id"]))["draftStandards"] == [])
