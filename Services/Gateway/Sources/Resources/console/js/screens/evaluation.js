// 器具性能评价 (seed 001): failure rates by kind, manufacturer, model, year of manufacture, region or use with their
// Wilson intervals against the field, quarterly trends with rise warnings, and one instrument's drift towards its
// MPE. The service decides what a reader may see: without 记录查询 there is no customer grouping, and groups from
// fewer than 3 customers come back folded into 其他 (the note says so).
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { errorText } from "../ui/errors.js";
import { driftPlot, failureBars, trendLines } from "./evaluation-charts.js";

const DIMENSIONS = [
  ["item", "器具种类（检定项目）"], ["manufacturer", "制造单位"], ["model", "型号"], ["manufacture_year", "出厂年份"],
  ["region", "地区"], ["use", "强检用途"], ["customer", "委托方"],
];
const USES = [["", "全部用途"], ["trade", "贸易结算"], ["safety", "安全防护"], ["medical", "医疗卫生"], ["environment", "环境监测"]];
const VIEWS = [
  { label: "监管视角：安全防护类、按地区", values: { dimension: "region", use: "safety", mandatoryOnly: true } },
  { label: "制造单位视角：各型号对比全部", values: { dimension: "model" } },
  { label: "使用单位视角：按器具种类", values: { dimension: "item" } },
];

export async function render(container, _params = {}, initial = {}) {
  const seesCustomers = session.can("records.query");
  const controls = {
    dimension: h("select", { name: "dimension", "data-testid": "evaluation-dimension" },
      DIMENSIONS.filter(([value]) => value !== "customer" || seesCustomers).map(([value, label]) => h("option", { value }, label))),
    itemId: h("input", { name: "itemId", placeholder: "检定项目标识（可选）", maxlength: 200, value: initial.itemId || "", size: 16 }),
    manufacturer: h("input", { name: "manufacturer", placeholder: "制造单位（可选）", maxlength: 200 }),
    model: h("input", { name: "model", placeholder: "型号（可选）", maxlength: 200 }),
    regionPrefix: h("input", { name: "regionPrefix", placeholder: "行政区划代码前缀，如 42", maxlength: 6, size: 10 }),
    use: h("select", { name: "use" }, USES.map(([value, label]) => h("option", { value }, label))),
    fromDate: h("input", { name: "fromDate", type: "date" }),
    toDate: h("input", { name: "toDate", type: "date" }),
    confidence: h("select", { name: "confidence" }, [["0.95", "95 % 置信"], ["0.9", "90 % 置信"], ["0.99", "99 % 置信"]].map(([v, l]) => h("option", { value: v }, l))),
    mandatoryOnly: h("input", { name: "mandatoryOnly", type: "checkbox" }),
  };
  const rates = h("section", { class: "chart-panel", "data-testid": "evaluation-rates" });
  const trends = h("section", { class: "chart-panel", "data-testid": "evaluation-trends" });
  const drift = h("section", { class: "chart-panel", "data-testid": "evaluation-drift" });

  function query() {
    const q = {};
    for (const [name, input] of Object.entries(controls)) {
      if (input.type === "checkbox") { if (input.checked) q[name] = "true"; continue; }
      if (input.value) q[name] = input.value;
    }
    return q;
  }

  async function refresh() {
    const q = query();
    mount(rates, h("p", { class: "loading" }, "正在计算不合格率…"));
    mount(trends, h("p", { class: "loading" }, "正在计算季度趋势…"));
    const [rateReport, trendReport] = await Promise.allSettled([
      api.get("/v1/reports/evaluation/failure-rates", q), api.get("/v1/reports/evaluation/trends", q),
    ]);
    showRates(rates, rateReport, controls);
    showTrends(trends, trendReport);
  }

  const filterBar = h("form", { class: "filters evaluation-filters", "data-testid": "evaluation-filters",
    onsubmit: (event) => { event.preventDefault(); refresh(); } },
  h("label", {}, "分组 ", controls.dimension), controls.itemId, controls.manufacturer, controls.model, controls.regionPrefix, controls.use,
  h("label", {}, "检定日期 ", controls.fromDate, " 至 ", controls.toDate), controls.confidence,
  h("label", {}, controls.mandatoryOnly, " 只统计强检器具"),
  h("button", { type: "submit", class: "primary" }, "统计"));
  const presets = h("div", { class: "presets" }, "常用视角：", VIEWS.map((view) => h("button", { type: "button", class: "link", onclick: () => {
    for (const [name, input] of Object.entries(controls)) {
      if (input.type === "checkbox") input.checked = Boolean(view.values[name]);
      else if (name in view.values) input.value = view.values[name];
      else if (name !== "confidence" && name !== "itemId") input.value = name === "dimension" ? "item" : "";
    }
    refresh();
  } }, view.label)));

  mount(container, h("h1", {}, "器具性能评价"),
    h("p", { class: "hint" }, "依据已签发的检定结果统计不合格率；竖线为 Wilson 置信区间，虚线为同条件下全部器具的不合格率（参照）。"),
    presets, filterBar, rates, trends, h("h2", {}, "单台器具误差漂移"), driftForm(drift), drift);
  await refresh();
}

function showRates(panel, settled, controls) {
  if (settled.status === "rejected") return mount(panel, h("p", { class: "form-error" }, errorText(settled.reason)));
  const report = settled.value;
  const title = `不合格率（按${DIMENSIONS.find(([v]) => v === report.dimension)?.[1] ?? report.dimension}，${Math.round(report.confidence * 100)} % 置信区间）`;
  if (!report.groups.length) return mount(panel, h("h2", {}, title), h("p", { class: "empty" }, "没有符合条件的检定结果"));
  const chart = failureBars({ groups: report.groups, field: report.field, title, testId: "failure-rate-chart" });
  // Clicking a manufacturer narrows to it: its models then show against the field.
  chart.addEventListener("click", (event) => {
    const key = event.target.closest?.("g.bar")?.dataset.key;
    if (key && report.dimension === "manufacturer") {
      controls.manufacturer.value = key;
      controls.dimension.value = "model";
      controls.dimension.form.requestSubmit();
    }
  });
  mount(panel, chart, report.note && h("p", { class: "hint", "data-testid": "evaluation-note" }, report.note));
}

function showTrends(panel, settled) {
  if (settled.status === "rejected") return mount(panel, h("p", { class: "form-error" }, errorText(settled.reason)));
  const report = settled.value;
  if (!report.series.length || !report.series[0].points.length) return mount(panel, h("p", { class: "empty" }, "没有可按季度统计的结果"));
  const warnings = report.series.filter((one) => one.riseWarning);
  mount(panel, trendLines({ series: report.series, title: "季度不合格率趋势", testId: "trend-chart" }),
    warnings.length
      ? h("ul", { class: "warnings", "data-testid": "rise-warnings" }, warnings.map((one) => h("li", { class: "badge danger" },
        `⚠ ${one.title}：最近一季度不合格率 ${(one.recentRate * 100).toFixed(1)}%，此前 ${(one.baselineRate * 100).toFixed(1)}%（p = ${one.riseP.toPrecision(2)}）`)))
      : h("p", { class: "hint" }, "未发现不合格率显著上升的分组。"),
    h("p", { class: "hint" }, report.rule));
}

function driftForm(panel) {
  const instrument = h("input", { name: "instrumentId", placeholder: "器具标识", required: true, size: 38 });
  const errorItem = h("input", { name: "errorItem", placeholder: "示值误差数据项代码", required: true });
  const mpeItem = h("input", { name: "mpeItem", placeholder: "最大允许误差数据项代码" });
  const mpeValue = h("input", { name: "mpeValue", type: "number", step: "any", placeholder: "或最大允许误差数值" });
  return h("form", { class: "filters", "data-testid": "drift-form", onsubmit: async (event) => {
    event.preventDefault();
    const query = { instrumentId: instrument.value.trim(), errorItem: errorItem.value.trim() };
    if (mpeItem.value.trim()) query.mpeItem = mpeItem.value.trim();
    if (mpeValue.value) query.mpeValue = mpeValue.value;
    mount(panel, h("p", { class: "loading" }, "正在分析…"));
    try {
      const report = await api.get("/v1/reports/evaluation/drift", query);
      const heading = `${report.instrumentName || "器具"} ${report.instrumentModel} ${report.instrumentSerial}`.trim();
      mount(panel, report.points.length ? driftPlot({ report, title: `${heading}：历次检定最大 |误差|/最大允许误差`, testId: "drift-chart" }) : null,
        h("p", { class: report.warning ? "badge danger" : "hint", "data-testid": "drift-message" }, report.message));
    } catch (error) {
      mount(panel, h("p", { class: "form-error" }, errorText(error)));
    }
  } }, instrument, errorItem, mpeItem, mpeValue, h("button", { type: "submit" }, "分析漂移"));
}
