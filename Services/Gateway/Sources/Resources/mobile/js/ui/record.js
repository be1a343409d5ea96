// A raw record on a phone: the header card, the values (a reading table as a grid that fits 360 px: points down,
// runs across), the computed values with their judgements and the conclusion, the signatures. Used read-only by the
// reviewer and approver and, with an `onPick`, by the tester's entry screen (tap a filled cell to go back to it).
import { h } from "../core/dom.js";
import { cellKey, entrySteps } from "../core/plan.js";
import { TASK_STATES, badge, formatTime } from "./common.js";

const SIGNED = { verification: "检定", review: "核验", approval: "批准" };

export function recordHeader(task) {
  const instrument = task.instrument || {};
  return h("section", { class: "card", "data-testid": "record-header" },
    h("div", { class: "row" }, h("span", { class: "strong" }, instrument.name || task.itemName), badge(TASK_STATES, task.state)),
    h("div", { class: "muted" }, `${task.itemName} · ${task.typeTitle || task.typeCode}`),
    h("div", { class: "muted" }, task.customerName),
    h("dl", { class: "dl" },
      h("dt", {}, "原始记录编号"), h("dd", { class: "mono", "data-testid": "raw-record-number" }, task.rawRecordNumber || "—"),
      h("dt", {}, "型号 / 出厂编号"), h("dd", {}, [instrument.model, instrument.serialNumber].filter(Boolean).join(" / ") || "—"),
      h("dt", {}, "检定员"), h("dd", {}, task.testerName || "—"),
      task.reviewerName && [h("dt", {}, "核验员"), h("dd", {}, task.reviewerName)],
      task.testDate && [h("dt", {}, "检定日期"), h("dd", {}, task.testDate)]),
    (task.standards || []).length > 0 && h("details", { class: "standards" }, h("summary", {}, `计量标准（${task.standards.length}）`),
      h("ul", {}, task.standards.map((s) => h("li", {}, `${s.needTitle || s.needCode}：${s.name} ${s.code}（有效期至 ${s.validUntil || "—"}）`)))),
    task.returnReason && ["returned", "in_progress"].includes(task.state) && h("p", { class: "error", "data-testid": "return-reason" }, `退回原因：${task.returnReason}`));
}

/**
 * The values of a record. `sheet` (optional) is the tester's view with pending values; `current` the selected cell;
 * `onPick(step)` makes cells up to `frontier` tappable.
 */
export function valuesView(items, values, { sheet = null, current = null, frontier = Infinity, onPick = null } = {}) {
  const steps = entrySteps(items);
  const server = new Map((values || []).map((v) => [cellKey(v.cell), v]));
  const lookup = (cell) => (sheet ? sheet.get(cell) : server.get(cellKey(cell)));
  const position = new Map(steps.map((s, i) => [cellKey(s.cell), i]));
  const currentKey = current ? cellKey(current) : "";
  const cellButton = (step, text) => {
    const value = lookup(step.cell);
    const at = position.get(cellKey(step.cell));
    const classes = ["cell", value?.pending && "pending", value?.reopened && "reopened", cellKey(step.cell) === currentKey && "current",
      !value && "empty"];
    const attributes = { class: classes, "data-cell": cellKey(step.cell), "data-testid": "value-cell", title: value?.pending ? "待同步" : "" };
    if (onPick && at <= frontier) return h("button", { type: "button", ...attributes, onclick: () => onPick(step) }, text ?? (value?.value ?? "—"));
    return h("span", attributes, text ?? (value?.value ?? "—"));
  };
  const rows = [];
  for (const item of items) {
    const own = steps.filter((s) => s.item === item);
    if (!own.length) continue;
    if (item.kind === "table") {
      const runs = Math.max(item.runs || 0, 1);
      const points = Math.max(item.points || 0, 1);
      rows.push(h("div", { class: "value-table", "data-testid": `grid-${item.code}` },
        h("div", { class: "label" }, item.title, item.unit && h("span", { class: "unit" }, ` (${item.unit})`)),
        h("div", { class: "grid-wrap" }, h("table", { class: "grid" },
          h("thead", {}, h("tr", {}, h("th", {}, "测量点"), Array.from({ length: runs }, (_, r) => h("th", {}, `第${r + 1}次`)))),
          h("tbody", {}, Array.from({ length: points }, (_, p) => h("tr", {},
            h("th", {}, item.pointLabels?.[p] || `第${p + 1}点`),
            own.filter((s) => s.cell.point === p + 1).map((s) => h("td", {}, cellButton(s))))))))));
    } else {
      const step = own[0];
      const value = lookup(step.cell);
      rows.push(h("div", { class: "value-row" },
        h("span", { class: "label" }, item.title),
        h("span", { class: "value" }, cellButton(step), item.unit && value ? h("span", { class: "unit" }, ` ${item.unit}`) : "",
          value?.pending ? h("span", { class: "tag pending-tag" }, "待同步") : "",
          value?.reopened ? h("span", { class: "tag" }, "需确认") : "")));
    }
  }
  return h("div", { class: "values", "data-testid": "record-values" }, rows.length ? rows : h("p", { class: "empty" }, "尚无数据"));
}

/** Computed values, judgements and the conclusion; `provisional` marks them 暂算 (values wait for the server). */
export function computedView(items, computed, conclusion, { provisional = false } = {}) {
  const titles = new Map(items.map((i) => [i.code, i]));
  const list = (computed || []).filter((c) => c.kind !== "conclusion");
  return h("section", { class: ["card", provisional && "provisional"], "data-testid": "computed" },
    h("h2", {}, "计算结果", provisional && h("span", { class: "tag provisional-tag", "data-testid": "provisional" }, "暂算")),
    provisional && h("p", { class: "muted" }, "有数据待同步：以下为服务器上次计算的结果，联网同步后更新。"),
    list.length ? h("ul", { class: "list" }, list.map((c) => h("li", { class: "row", "data-testid": "computed-value", "data-code": c.cell?.itemCode },
      h("span", {}, titles.get(c.cell?.itemCode)?.title || c.cell?.itemCode, c.cell?.point ? ` · 第${c.cell.point}点` : ""),
      h("span", { class: c.kind === "judgement" ? (judged(c.value) ? "ok" : "bad") : "strong" }, display(c), c.unit ? ` ${c.unit}` : ""))))
      : h("p", { class: "empty" }, "尚无计算结果"),
    conclusion && h("p", { class: "conclusion", "data-testid": "conclusion" }, "结论：", h("span", { class: "strong" }, conclusion)));
}

const judged = (value) => value === "true" || value === "合格" || value === "符合";
const display = (c) => (c.type === "boolean" ? (c.value === "true" ? "合格" : c.value === "false" ? "不合格" : c.value) : c.value);

export function signaturesView(task) {
  const list = task.signatures || [];
  if (!list.length) return "";
  return h("section", { class: "card", "data-testid": "signatures" }, h("h2", {}, "签名"),
    h("ul", { class: "list" }, list.map((s) => h("li", { class: "row" },
      h("span", {}, `${SIGNED[s.meaning] || s.meaning}：${s.signerName || s.signerId}`),
      h("span", { class: "muted" }, `${formatTime(s.signedAt)} · ${s.method === "webauthn-uv" || s.method?.startsWith("webauthn") ? "指纹/面容" : s.method}`)))));
}
