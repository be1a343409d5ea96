"""器具性能评价 and 数据推送: the charts drawn from the reports read model, and the feed consumers screen.

The charts need hundreds of results over two years, more than a browser test can issue through the whole platform,
so `evaluation_data` writes them straight into the read model `reports.results` with SQL (as the reports benchmark
does): 4 manufacturers × 2 models × 8 quarters × 30 results, one model (YB-150, 宏达) rising sharply in the last
quarter, and one pressure gauge verified yearly whose errors drift towards its MPE."""
import os
import pathlib
import subprocess

import pytest

from conftest import until

DOCS = pathlib.Path(__file__).resolve().parents[2] / "Docs" / "reports"


def psql(sql):
    state = pathlib.Path(os.environ["METROLOGY_PLATFORM_STATE"])
    base = (state / "pg-base").read_text().strip()
    port = os.environ.get("METROLOGY_PG_PORT") or f"{os.environ.get('METROLOGY_PORT_BASE', '')}432"
    subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", f"{base}/run", "-p", port,
                    "-U", "postgres", "-d", "metrology", "-c", sql], check=True, capture_output=True, text=True)


@pytest.fixture
def evaluation_data(unique):
    item = f"eval-{unique}"
    instrument = f"drift-{unique}"
    psql(f"""
    SELECT setseed(0.42);
    INSERT INTO reports.results (task_id, item_id, item_code, item_name, record_state, certificate_state, customer_id, customer_name,
        customer_region_code, customer_region_name, instrument_id, instrument_name, instrument_model, instrument_manufacturer,
        instrument_manufacture_date, instrument_mandatory, instrument_use, test_date, certificate_number, certificate_kind, conclusion, passed)
    SELECT gen_random_uuid(), '{item}', 'JJG52', '弹簧管式压力表', 'approved', 'issued', 'c-' || (n % 12), '使用单位' || (n % 12),
        (ARRAY['420502','420503','420101','330106'])[1 + n % 4], (ARRAY['湖北省','湖北省','湖北省','浙江省'])[1 + n % 4],
        '{unique}-' || m.model || '-' || q || '-' || n, '压力表', m.model, m.maker, make_date(2018 + n % 6, 1 + n % 12, 1), true,
        (ARRAY['safety','trade'])[1 + n % 2], make_date(2025 + q / 4, 1 + (q % 4) * 3, 1 + n % 28), 'E{unique}' || q || n, 'certificate',
        '', random() >= (CASE WHEN m.model = 'YB-150' AND q = 7 THEN 0.30 ELSE m.base END)
    FROM (VALUES ('宏达仪表', 'YB-150', 0.04), ('宏达仪表', 'YB-100', 0.05), ('精工测控', 'JG-60', 0.02), ('精工测控', 'JG-100', 0.03),
                 ('华远', 'HY-1', 0.08), ('华远', 'HY-2', 0.06), ('申力', 'SL-9', 0.03), ('申力', 'SL-10', 0.04)) AS m (maker, model, base),
         generate_series(0, 7) AS q, generate_series(1, 30) AS n;
    UPDATE reports.results SET conclusion = CASE WHEN passed THEN '合格' ELSE '不合格' END,
        certificate_kind = CASE WHEN passed THEN 'certificate' ELSE 'notice' END WHERE item_id = '{item}';
    INSERT INTO reports.results (task_id, item_id, item_name, record_state, certificate_state, customer_id, customer_name, instrument_id,
        instrument_name, instrument_model, instrument_serial, instrument_manufacturer, instrument_mandatory, instrument_use, test_date,
        valid_until, certificate_number, certificate_kind, conclusion, passed, data)
    SELECT gen_random_uuid(), 'drift-item-{unique}', '弹簧管式压力表', 'approved', 'issued', 'c-drift', '宜昌燃气公司', '{instrument}',
        '压力表', 'YB-150', 'P-2019-0042', '宏达仪表', true, 'safety', make_date(2021 + y, 11, 20), make_date(2022 + y, 11, 19),
        'D{unique}' || y, 'certificate', '合格', true,
        jsonb_build_object('E[1,1]', r.e1, 'E[2,1]', r.e2, 'E[3,1]', -r.e1 / 2, 'MPE', 0.016)
    FROM (VALUES (0, 0.0050, 0.0064), (1, 0.0066, 0.0080), (2, 0.0075, 0.0101), (3, 0.0090, 0.0121), (4, 0.0110, 0.0152)) AS r (y, e1, e2);
    """)
    return {"item": item, "instrument": instrument}


def test_evaluation_charts(admin_console, api, evaluation_data):
    item = evaluation_data["item"]
    # The API first: eight models, the rising one warned, intervals around every rate.
    rates = api.get(f"/v1/reports/evaluation/failure-rates?dimension=model&itemId={item}")
    assert len(rates["groups"]) == 8 and rates["field"]["total"] == 8 * 8 * 30
    assert all(g["lower"] <= g["rate"] <= g["upper"] and g["total"] == 240 for g in rates["groups"])
    trends = api.get(f"/v1/reports/evaluation/trends?dimension=model&itemId={item}")
    warned = [s["title"] for s in trends["series"] if s["riseWarning"]]
    assert warned == ["宏达仪表 YB-150"], warned
    assert all(len(s["points"]) == 8 for s in trends["series"])

    console = admin_console
    console.open(f"/evaluation?itemId={item}")
    console.wait("[data-testid=failure-rate-chart] g.bar")
    console.wait("[data-testid=trend-chart] g.series")
    console.fill("dimension", "model", within=console.wait("[data-testid=evaluation-filters]"))
    console.click_button("统计")
    until(lambda: len(console.driver.find_elements("css selector", "[data-testid=failure-rate-chart] g.bar")) == 8)
    console.wait_text("宏达仪表 YB-150", "[data-testid=rise-warnings]")
    chart = console.wait("[data-testid=failure-rate-chart]")
    assert "全部（参照）" in chart.text and "n=240" in chart.text
    console.screenshot("evaluation-rates-trends")
    DOCS.mkdir(parents=True, exist_ok=True)
    # Tall enough for both charts in one picture.
    console.driver.set_window_size(1440, 1500)
    console.driver.save_screenshot(str(DOCS / "evaluation-rates-trends.png"))
    console.driver.set_window_size(1440, 960)

    # Manufacturers' view: one maker's models against the field.
    console.fill("manufacturer", "宏达仪表", within=console.wait("[data-testid=evaluation-filters]"))
    console.click_button("统计")
    until(lambda: len(console.driver.find_elements("css selector", "[data-testid=failure-rate-chart] g.bar")) == 2)
    assert "全部（参照）" in console.wait("[data-testid=failure-rate-chart]").text

    # One instrument's drift towards its MPE.
    form = console.wait("[data-testid=drift-form]")
    console.fill("instrumentId", evaluation_data["instrument"], within=form)
    console.fill("errorItem", "E", within=form)
    console.fill("mpeItem", "MPE", within=form)
    console.click_button("分析漂移", within=form)
    console.wait("[data-testid=drift-chart] circle.point")
    message = console.wait("[data-testid=drift-message]").text
    assert "最大允许误差" in message, message
    assert len(console.driver.find_elements("css selector", "[data-testid=drift-chart] circle")) == 5
    console.driver.execute_script("document.querySelector('[data-testid=drift-chart]').scrollIntoView()")
    console.driver.save_screenshot(str(DOCS / "evaluation-drift.png"))


def test_feed_consumers_screen(admin_console, unique):
    console = admin_console
    console.open("/feed-consumers")
    form = console.wait("[data-testid=feed-consumer-form]")
    console.fill("name", f"湖北省平台{unique}", within=form)
    console.fill("regionPrefix", "4", within=form)
    console.click_button("添加", within=form)
    assert console.field_error("regionPrefix", within=form)
    console.fill("regionPrefix", "42", within=form)
    console.click_button("添加", within=form)
    key = console.wait("[data-testid=feed-api-key]").text
    assert key.startswith("fc_") and len(key) == 59
    console.driver.save_screenshot(str(DOCS / "feed-consumers.png"))
    console.click_button("已复制，关闭")
    console.wait_text(f"湖北省平台{unique}", "[data-testid=feed-consumer-table]")
    console.wait_text("feed-", "[data-testid=feed-keys]")
