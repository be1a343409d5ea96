// 统计报表 (§4.2.5, §4.3.13): the completed tasks' data from the reports read model. Choose the columns, add filters
// of any combination (options for enum fields, typed text otherwise: 等于 / 包含于 / 范围 / 包含文字), group by fields for
// counts and pass rates, page on the server; save and load definitions; export the query as an .xlsx or as a zip
// with the certificates' PDFs (both made by the platform and streamed). The read model's lag is shown above.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { confirmAction } from "../ui/dialog.js";
import { formatDateTime } from "../ui/format.js";
import { pagedTable } from "../ui/table.js";
import { notify, notifyError } from "../ui/toast.js";
import { cursorPages } from "./records-api.js";
import { downloadFile } from "./template-files.js";

const DEFAULT_COLUMNS = ["raw_record_number", "item_name", "instrument_name", "instrument_model", "instrument_serial",
  "instrument_manufacturer", "customer_name", "test_date", "conclusion", "certificate_number", "state"];
const OPS = {
  text: [["contains", "包含文字"], ["eq", "等于"], ["in", "包含于（逗号分隔）"]],
  enum: [["eq", "等于"], ["in", "包含于"], ["contains", "包含文字"]],
  number: [["range", "范围"], ["eq", "等于"], ["in", "包含于（逗号分隔）"]],
  date: [["range", "范围"], ["eq", "等于"]],
  datetime: [["range", "日期范围"], ["eq", "某日"]],
  boolean: [["eq", "等于"]],
};
const STATE_LABELS = { live: "实时", rebuilding: "重建中", ready: "已重建" };

export async function render(container) {
  const [catalog, saved, status] = await Promise.all([
    api.get("/v1/reports/fields"), api.get("/v1/reports/saved").catch(() => ({ reports: [] })), api.get("/v1/reports/read-model").catch(() => null)]);
  const fields = catalog.fields;
  const byCode = new Map(fields.map((f) => [f.code, f]));
  const definition = { columns: [...DEFAULT_COLUMNS], filters: [], groupBy: [], sort: [] };
  let savedReports = saved.reports;

  // --- Columns: checkboxes by group, in a fold-out. ---
  const columnBoxes = new Map();
  const groups = [...new Set(fields.map((f) => f.group))];
  const columnPicker = h("details", { class: "report-columns", "data-testid": "report-columns" },
    h("summary", {}, "显示字段"),
    groups.map((group) => h("fieldset", {}, h("legend", {}, group), fields.filter((f) => f.group === group).map((f) => {
      const box = h("input", { type: "checkbox", value: f.code, "data-field": f.code, checked: definition.columns.includes(f.code),
        onchange: () => { definition.columns = fields.map((x) => x.code).filter((code) => columnBoxes.get(code).checked); } });
      columnBoxes.set(f.code, box);
      return h("label", { class: "check" }, box, f.title);
    }))));

  // --- Filters: one row each: field, operation, value(s). ---
  const filterList = h("div", { class: "report-filters", "data-testid": "report-filters" });
  const fieldSelect = (value) => h("select", { name: "field" },
    groups.map((group) => h("optgroup", { label: group }, fields.filter((f) => f.group === group)
      .map((f) => h("option", { value: f.code, selected: f.code === value }, f.title)))));
  function valueControl(field, op, values) {
    const options = field.options || [];
    if (op === "range") {
      const type = field.type === "number" ? "text" : "date";
      return [h("input", { type, name: "from", value: values[0] || "", placeholder: "起", inputmode: field.type === "number" ? "decimal" : undefined }), " 至 ",
        h("input", { type, name: "to", value: values[1] || "", placeholder: "止", inputmode: field.type === "number" ? "decimal" : undefined })];
    }
    if (options.length && op !== "contains") {
      return h("select", { name: "value", multiple: op === "in", size: op === "in" ? Math.min(6, options.length) : undefined },
        options.map((o) => h("option", { value: o.value, selected: values.includes(o.value) }, o.title)));
    }
    if (field.type === "date" || field.type === "datetime") return h("input", { type: "date", name: "value", value: values[0] || "" });
    return h("input", { type: "text", name: "value", value: values.join(","), placeholder: op === "in" ? "多个值用逗号分隔" : "输入文字" });
  }
  function filterRow(filter) {
    const row = h("div", { class: "report-filter", "data-testid": "report-filter" });
    const draw = () => {
      const field = byCode.get(filter.field) || fields[0];
      const ops = OPS[field.type] || OPS.text;
      if (!ops.some(([op]) => op === filter.op)) filter.op = ops[0][0];
      const fieldControl = fieldSelect(field.code);
      fieldControl.addEventListener("change", () => { filter.field = fieldControl.value; filter.values = []; draw(); });
      const opControl = h("select", { name: "op" }, ops.map(([op, label]) => h("option", { value: op, selected: op === filter.op }, label)));
      opControl.addEventListener("change", () => { filter.op = opControl.value; filter.values = []; draw(); });
      const value = valueControl(field, filter.op, filter.values || []);
      mount(row, fieldControl, opControl, h("span", { class: "report-filter-value" }, value),
        h("button", { type: "button", class: "link", "aria-label": "删除条件", onclick: () => { filters.splice(filters.indexOf(filter), 1); row.remove(); } }, "删除"));
      filter.read = () => {
        if (filter.op === "range") return [...row.querySelectorAll("input")].map((i) => i.value.trim());
        const control = row.querySelector("[name=value]");
        if (control.tagName === "SELECT") return [...control.selectedOptions].map((o) => o.value);
        const text = control.value.trim();
        return filter.op === "in" ? text.split(/[,，]/).map((v) => v.trim()).filter(Boolean) : [text];
      };
    };
    draw();
    return row;
  }
  const filters = [];
  const addFilter = (filter = { field: "instrument_name", op: "contains", values: [] }) => {
    filters.push(filter);
    filterList.append(filterRow(filter));
  };

  // --- Group by (up to two fields) and sort. ---
  const groupChoices = () => [h("option", { value: "" }, "不分组"), fields.filter((f) => f.type !== "datetime")
    .map((f) => h("option", { value: f.code }, f.title))];
  const group1 = h("select", { name: "group1", "data-testid": "report-group" }, groupChoices());
  const group2 = h("select", { name: "group2" }, groupChoices());
  const sortField = h("select", { name: "sort" }, h("option", { value: "" }, "默认排序"), h("option", { value: "count" }, "数量（分组时）"),
    h("option", { value: "pass_rate" }, "合格率（分组时）"), fields.map((f) => h("option", { value: f.code }, f.title)));
  const sortOrder = h("select", { name: "order" }, h("option", { value: "desc" }, "降序"), h("option", { value: "asc" }, "升序"));

  function readDefinition() {
    definition.filters = filters.map((f) => ({ field: f.field, op: f.op, values: f.read() }))
      .filter((f) => f.values.some((v) => v !== "") || f.op === "eq");
    definition.groupBy = [group1.value, group2.value].filter(Boolean);
    definition.sort = sortField.value ? [{ field: sortField.value, descending: sortOrder.value === "desc" }] : [];
    return { columns: definition.columns, filters: definition.filters, groupBy: definition.groupBy, sort: definition.sort };
  }
  function applyDefinition(saved) {
    definition.columns = saved.columns?.length ? saved.columns : [...DEFAULT_COLUMNS];
    for (const [code, box] of columnBoxes) box.checked = definition.columns.includes(code);
    filters.length = 0;
    filterList.replaceChildren();
    for (const f of saved.filters || []) addFilter({ field: f.field, op: f.op, values: f.values || [] });
    group1.value = saved.groupBy?.[0] || "";
    group2.value = saved.groupBy?.[1] || "";
    sortField.value = saved.sort?.[0]?.field || "";
    sortOrder.value = saved.sort?.[0]?.descending === false ? "asc" : "desc";
  }

  // --- The result table: rebuilt when the columns or grouping change. ---
  const summary = h("div", { class: "muted", "data-testid": "report-summary" });
  const tableHolder = h("div", { "data-testid": "report-result" });
  let current = readDefinition();
  const cellText = (field, value) => {
    if (!value) return "—";
    if (field?.type === "datetime") return formatDateTime(value);
    const option = field?.options?.find((o) => o.value === value);
    return option ? option.title : value;
  };
  function buildTable() {
    const grouped = current.groupBy.length > 0;
    const codes = grouped ? current.groupBy : (current.columns.length ? current.columns : DEFAULT_COLUMNS);
    const columns = codes.map((code, index) => ({ label: byCode.get(code)?.title || code, render: (row) => cellText(byCode.get(code), row.values[index]) }));
    if (grouped) {
      columns.push({ label: "数量", class: "num", render: (r) => String(r.count ?? 0) },
        { label: "合格", class: "num", render: (r) => String(r.passed ?? 0) },
        { label: "不合格", class: "num", render: (r) => String(r.failed ?? 0) },
        { label: "合格率", class: "num", render: (r) => ((r.passed ?? 0) + (r.failed ?? 0) ? `${((r.passRate ?? 0) * 100).toFixed(1)}%` : "—") });
    }
    const table = pagedTable({
      testId: "report-table", pageSize: 50, emptyText: "没有符合条件的数据",
      columns,
      load: cursorPages(async ({ cursor, pageSize }) => {
        const page = await api.post("/v1/reports/query", { ...current, pageSize, cursor: cursor || undefined });
        summary.textContent = grouped ? `共 ${page.total} 组` : `共 ${page.total} 条检定结果`;
        return { rows: page.rows, total: page.total, nextCursor: page.nextCursor };
      }),
    });
    mount(tableHolder, table.element);
    return table.reload({ first: true });
  }
  const run = () => { current = readDefinition(); return buildTable(); };

  // --- Saved definitions. ---
  const savedSelect = h("select", { name: "saved", "data-testid": "saved-reports" });
  const fillSaved = () => mount(savedSelect, h("option", { value: "" }, savedReports.length ? "选择已保存的报表…" : "（没有已保存的报表）"),
    savedReports.map((r) => h("option", { value: r.id }, r.name)));
  fillSaved();
  const reloadSaved = async () => { savedReports = (await api.get("/v1/reports/saved")).reports; fillSaved(); };
  const nameInput = h("input", { type: "text", name: "reportName", placeholder: "报表名称", maxlength: 100, "data-testid": "report-name" });
  const save = h("button", { type: "button", "data-testid": "save-report", onclick: async () => {
    try {
      const report = await api.post("/v1/reports/saved", { name: nameInput.value, definition: readDefinition() });
      await reloadSaved();
      savedSelect.value = report.id;
      notify(`已保存报表“${report.name}”`);
    } catch (error) { notifyError(error); }
  } }, "保存定义");
  const load = h("button", { type: "button", "data-testid": "load-report", onclick: () => {
    const report = savedReports.find((r) => r.id === savedSelect.value);
    if (!report) return;
    nameInput.value = report.name;
    applyDefinition(report.definition);
    run();
  } }, "载入");
  const remove = h("button", { type: "button", class: "danger", onclick: async () => {
    const report = savedReports.find((r) => r.id === savedSelect.value);
    if (!report || !(await confirmAction({ title: "删除报表定义", message: `删除“${report.name}”？`, confirmLabel: "删除", danger: true }))) return;
    try { await api.delete(`/v1/reports/saved/${encodeURIComponent(report.id)}`); await reloadSaved(); notify("已删除"); } catch (error) { notifyError(error); }
  } }, "删除");

  // --- Exports: the platform writes the file; the browser saves what it streams. ---
  const exportPath = (kind) => `/v1/reports/export.${kind}?${new URLSearchParams({ query: JSON.stringify(readDefinition()) })}`;
  const exportButton = (kind, label, testId) => {
    const button = h("button", { type: "button", "data-testid": testId }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      const text = button.textContent;
      button.textContent = "正在导出…";
      try {
        // The zip streams the certificates' PDFs with this session's token, and the gateway refuses one with less than
        // 10 minutes left (401 ARCHIVE_TOKEN_TOO_SHORT): a fresh one first, as the certificates' batch download does.
        if (kind === "zip") await api.refreshSession();
        const file = await downloadFile(exportPath(kind), `统计报表.${kind}`);
        notify(`已导出 ${file.name}`);
      } catch (error) { notifyError(error); } finally { button.disabled = false; button.textContent = text; }
    });
    return button;
  };
  const canExport = session.canAny(["reports.export"]);

  const lag = status ? h("div", { class: "muted", "data-testid": "read-model-status" },
    `数据来源：统计读模型（${STATE_LABELS[status.state] || status.state}）· ${status.rows} 条任务 · 待同步事件 ${status.lagEvents} 个`,
    status.rebuiltAt ? ` · 上次重建 ${formatDateTime(status.rebuiltAt)}` : "") : null;

  mount(container,
    h("h1", {}, "统计报表"),
    lag,
    h("div", { class: "toolbar" }, h("label", {}, "已保存", savedSelect), load, remove, nameInput, save),
    columnPicker,
    h("h2", {}, "查询条件"),
    filterList,
    h("div", { class: "toolbar" },
      h("button", { type: "button", "data-testid": "add-filter", onclick: () => addFilter() }, "添加条件"),
      h("label", {}, "分组", group1), h("label", {}, "再按", group2),
      h("label", {}, "排序", sortField), sortOrder,
      h("button", { type: "button", class: "primary", "data-testid": "run-report", onclick: run }, "查询"),
      canExport && exportButton("xlsx", "导出电子表格", "export-xlsx"),
      canExport && exportButton("zip", "导出压缩包（含证书）", "export-zip")),
    summary,
    tableHolder);
  await buildTable();
}
