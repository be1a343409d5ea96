// How a raw record's values are laid out: in the procedure's order, a scalar data item as one line, a table (测量点 ×
// 次数) as a grid, computed values and judgements beside the readings they come from. The procedure version the task
// pinned names the items; without it (flows away) the codes stand in and the cells are still all shown.
import { h } from "../core/dom.js";
import { formatDateTime } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { muted, orDash } from "./records-common.js";

const KIND_LABELS = { computed: "计算值", judgement: "判定", conclusion: "结论" };

const cellKey = (cell) => `${cell?.itemCode}|${cell?.point ?? 0}|${cell?.run ?? 0}`;

/** A cell as people read it: "示值误差 · 大流量 · 第 2 次". */
export function cellLabel(cell, definitions) {
  const item = definitions.get(cell?.itemCode);
  const parts = [item?.title || cell?.itemCode];
  if (cell?.point) parts.push(item?.pointLabels?.[cell.point - 1] || `第 ${cell.point} 点`);
  if (cell?.run) parts.push(`第 ${cell.run} 次`);
  return parts.join(" · ");
}

/** Data items in the procedure's order, then any code the record holds that the procedure does not name. */
function orderedCodes(entries, procedureItems) {
  const codes = procedureItems.map((item) => item.code);
  for (const entry of entries) if (!codes.includes(entry.cell?.itemCode)) codes.push(entry.cell?.itemCode);
  return codes.filter((code) => entries.some((entry) => entry.cell?.itemCode === code));
}

/** One entry's shown value: the text, its unit, and a mark when going back re-opened it. */
function valueText(entry, testId) {
  if (!entry) return muted("");
  return h("span", { "data-testid": testId, class: entry.reopened ? "records-reopened" : undefined, title: entry.reopened ? "已重新打开，须按顺序重新确认" : undefined },
    entry.value, entry.unit ? ` ${entry.unit}` : "", entry.reopened ? h("span", { class: "badge warn" }, "待重新确认") : null);
}

/** A table item's cells as a grid: one row per measuring point, one column per run. */
function grid(code, entries, definition) {
  const points = Math.max(definition?.points || 0, ...entries.map((e) => e.cell.point || 0));
  const runs = Math.max(definition?.runs || 0, ...entries.map((e) => e.cell.run || 0));
  const byCell = new Map(entries.map((e) => [cellKey(e.cell), e]));
  return h("table", { class: "grid records-grid", "data-testid": `grid-${code}` },
    h("thead", {}, h("tr", {}, h("th", {}, "测量点"), Array.from({ length: runs }, (_, r) => h("th", { class: "num" }, `第 ${r + 1} 次`)))),
    h("tbody", {}, Array.from({ length: points }, (_, p) => h("tr", {},
      h("th", {}, definition?.pointLabels?.[p] || `第 ${p + 1} 点`),
      Array.from({ length: runs }, (_, r) => h("td", { class: "num" }, valueText(byCell.get(cellKey({ itemCode: code, point: p + 1, run: r + 1 })))))))));
}

/**
 * The values panel body: scalar items as rows of one table (数据项, 值, 录入), table items each as a grid under its
 * title. `entries` are RecordValue or ComputedValue; `definitions` maps code → data item.
 */
export function valuesView(entries, procedureItems, definitions, { testId, withEntry = false }) {
  if (!entries.length) return h("p", { class: "muted", "data-testid": testId }, "尚无数据");
  const codes = orderedCodes(entries, procedureItems);
  const scalars = [];
  const tables = [];
  for (const code of codes) {
    const mine = entries.filter((e) => e.cell?.itemCode === code);
    const isTable = definitions.get(code)?.kind === "table" || mine.some((e) => (e.cell?.point || 0) > 0);
    if (isTable) tables.push(h("div", { class: "records-grid-block" }, h("h3", {}, definitions.get(code)?.title || code, " ", h("span", { class: "muted mono" }, code)), grid(code, mine, definitions.get(code))));
    else scalars.push(...mine);
  }
  return h("div", { "data-testid": testId },
    scalars.length > 0 && simpleTable({
      rows: scalars,
      columns: [
        { label: "数据项", render: (e) => [definitions.get(e.cell.itemCode)?.title || e.cell.itemCode, " ", h("span", { class: "muted mono records-code" }, e.cell.itemCode)] },
        !withEntry && { label: "类别", render: (e) => KIND_LABELS[e.kind] || e.kind || "" },
        { label: "值", render: (e) => valueText(e) },
        withEntry && { label: "录入", render: (e) => h("span", { class: "muted" }, [e.enteredByName || e.enteredBy, formatDateTime(e.capturedAt)].filter(Boolean).join(" · ")) },
      ].filter(Boolean),
    }),
    tables);
}

/** 修改记录: every change after a return, never rewritten — 原值, 新值, 修改人, 时间, 原因. */
export function historyTable(history, definitions) {
  return simpleTable({
    testId: "value-history",
    emptyText: "没有修改记录",
    rows: history,
    columns: [
      { label: "数据项", render: (c) => cellLabel(c.cell, definitions) },
      { label: "原值", render: (c) => (c.oldValue === "" || c.oldValue == null ? muted("（首次录入）") : c.oldValue) },
      { label: "新值", render: (c) => orDash(c.newValue) },
      { label: "修改人", render: (c) => orDash(c.changedByName || c.changedBy) },
      { label: "时间", class: "records-nowrap", render: (c) => formatDateTime(c.changedAt) },
      { label: "原因", render: (c) => orDash(c.reason) },
      { label: "版本", class: "num", render: (c) => (c.revision ? String(c.revision) : "") },
    ],
  });
}
