"""统计报表 in the console: a reviewed record (made through the API with phones signing, as test_certificates does)
reaches the reports read model from records' event; a person with 报表查询/报表导出 filters by its item (an enum with
options), groups by 状态 for counts, saves the definition and loads it again after a reload, and exports the .xlsx
(the platform writes it; the page saves what it streams). Every UI result is checked against the API."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import Api, until
from test_certificates import reviewed_task
from test_records import arrange_person
from test_templates_numbering import wait_for_file


def test_statistics_filter_group_save_and_export(console, api, base_url, unique, tmp_path):
    task, instrument, item = reviewed_task(api, base_url, unique, tmp_path)
    reader = arrange_person(api, unique, "rpt", "document_admin")
    reader_api = Api(base_url).login(reader["username"], reader["password"])
    query = {"filters": [{"field": "item_id", "op": "eq", "values": [item["id"]]}], "columns": ["raw_record_number", "state"]}
    # The read model learns of the review from records' event.
    assert until(lambda: reader_api.post("/v1/reports/query", query)["total"] == 1, timeout=30)

    console.login(reader["username"], reader["password"])
    assert "统计报表" in console.menu_titles()
    console.go("统计报表")
    console.wait("[data-testid=report-table]")
    status = console.wait("[data-testid=read-model-status]").text
    assert "统计读模型" in status and "待同步事件" in status

    # A filter on the item, chosen from its options.
    console.click_button("添加条件")
    row = console.wait("[data-testid=report-filter]")
    Select(row.find_element(By.CSS_SELECTOR, "[name=field]")).select_by_value("item_id")
    row = console.wait("[data-testid=report-filter]")
    Select(row.find_element(By.CSS_SELECTOR, "[name=op]")).select_by_value("eq")
    row = console.wait("[data-testid=report-filter]")
    Select(row.find_element(By.CSS_SELECTOR, "[name=value]")).select_by_value(item["id"])
    console.click_button("查询")
    line = console.row(task["rawRecordNumber"], "[data-testid=report-table]")
    assert instrument["name"] in line.text and "待批准" in line.text
    assert console.wait_text("共 1 条检定结果", "[data-testid=report-summary]")
    console.screenshot("statistics")

    # Grouped by 状态: one group of one, pass rate from the conclusion.
    console.fill("group1", "state")
    console.click_button("查询")
    group = console.row("待批准", "[data-testid=report-table]")
    assert "100.0%" in group.text
    console.screenshot("statistics-grouped")

    # Saved, then loaded again after a reload.
    name = f"按状态统计{unique}"
    console.fill("reportName", name)
    console.click_button("保存定义")
    console.toast("已保存报表")
    saved = reader_api.get("/v1/reports/saved")["reports"]
    assert [r["definition"]["groupBy"] for r in saved if r["name"] == name] == [["state"]]
    console.driver.refresh()
    console.wait("[data-testid=report-table]")
    console.fill("saved", next(r["id"] for r in saved if r["name"] == name))
    console.click_button("载入")
    assert console.row("待批准", "[data-testid=report-table]")
    assert Select(console.field("group1")).first_selected_option.get_attribute("value") == "state"

    # The export: a real .xlsx (a zip package) saved from the stream.
    folder = tmp_path / "downloads"
    folder.mkdir()
    console.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    console.click_button("导出电子表格")
    saved_file = wait_for_file(folder, timeout=30)
    assert saved_file.name.endswith(".xlsx") and saved_file.read_bytes()[:2] == b"PK"
    assert not console.javascript_errors()
