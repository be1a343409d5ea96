// The formula of one data item: a monospace text area checked as it is typed (a pause of 300 ms, then the flows
// service compiles it against the unsaved data items), the error with its line and column under the text, and the
// data items and functions that can be inserted.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { FUNCTIONS } from "./formula-functions.js";
import { DATA_ITEM_CODE, FORMULA_KINDS, kindLabel, toRequest } from "./procedure-model.js";
import { withCode } from "../ui/errors.js";

const DEBOUNCE_MS = 300;
const LABELS = { computed: "计算公式", judgement: "判定规则（公式）", conclusion: "结论公式" };
const PLACEHOLDERS = {
  computed: "如 (V_disp - V_std) / V_std * 100",
  judgement: "如 ABSWITHIN(E, 0.30, \"rounded\", 0.01)，即 |E| ≤ 0.30 时为真（合格）",
  conclusion: "如 CONCLUDE(ALL(ok_1, ok_2))",
};

/**
 * The data items the service checks a formula against: the unsaved list, with `self` carrying the text being
 * typed. Items whose code is not (yet) valid or repeats are left out; other formula items still without a formula
 * get a stand-in of their type, so a half-built procedure does not hide the errors of this one.
 */
export function evaluationItems(items, self, formula) {
  const seen = new Set();
  const list = [];
  for (const item of items) {
    const r = toRequest(item);
    const key = r.code.toLowerCase();
    if (!DATA_ITEM_CODE.test(r.code) || seen.has(key)) continue;
    seen.add(key);
    if (item === self) r.formula = formula;
    else if (FORMULA_KINDS.has(r.kind) && !r.formula.trim()) {
      if (r.kind === "computed") r.kind = "number";
      else r.formula = r.kind === "judgement" ? "TRUE" : "\"合格\"";
    }
    list.push(r);
  }
  return list;
}

/** True when the service's error is about the text being typed (not another data item's formula). */
export function isOwnError(error, self) {
  return !error.itemCode || error.itemCode.toLowerCase() === self.code.trim().toLowerCase();
}

/** "第 2 行，第 5 列" and the line with the bad part marked and a caret under it. */
export function errorPosition(formula, error, { onLocate } = {}) {
  if (!error.line || !error.column) return null;
  const lines = String(formula).split("\n");
  const text = lines[error.line - 1] ?? "";
  const start = Math.min(error.column - 1, text.length);
  const end = Math.min(start + Math.max(error.length, 0), text.length);
  const before = text.slice(0, start);
  return h("div", { class: "formula-position" },
    h("div", { "data-testid": "formula-error-position" }, `位置：第 ${error.line} 行，第 ${error.column} 列`,
      onLocate && h("button", { type: "button", class: "link", onclick: () => onLocate(lines, error) }, "定位")),
    // The caret line repeats the text before the error invisibly, so the caret sits under the error whatever the
    // characters' widths (CJK and full-width symbols included).
    h("pre", { class: "formula-caret", "data-testid": "formula-caret" },
      h("span", {}, before), h("mark", {}, text.slice(start, end) || " "), h("span", {}, text.slice(end)), "\n",
      h("span", { class: "caret-pad" }, before), h("span", { class: "caret" }, "^")));
}

/** item: the data item being edited (its `formula` is updated as typed); getItems(): the unsaved list. */
export function formulaEditor({ item, getItems, readOnly, onInput, onChecked }) {
  const id = `formula-${Math.random().toString(36).slice(2, 8)}`;
  const textarea = h("textarea", {
    id, name: "formula", class: "code formula-input", rows: 3, spellcheck: "false", autocomplete: "off",
    readonly: readOnly, placeholder: PLACEHOLDERS[item.kind] || "", value: item.formula,
  });
  const status = h("div", { class: "formula-status", "data-testid": "formula-status", role: "status" });
  let timer;
  let sequence = 0;

  textarea.addEventListener("input", () => {
    item.formula = textarea.value;
    onInput?.();
    clearTimeout(timer);
    mount(status, h("span", { class: "muted" }, "正在检查…"));
    timer = setTimeout(check, DEBOUNCE_MS);
  });

  function locate(lines, error) {
    const offset = lines.slice(0, error.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + error.column - 1;
    textarea.focus();
    textarea.setSelectionRange(offset, offset + Math.max(error.length, 0));
  }

  function showError(error, formula) {
    if (!isOwnError(error, item)) {
      mount(status, withCode(h("div", { class: "formula-error other" },
        h("span", { class: "badge warn" }, "无法检查"), ` 数据项“${error.itemCode}”的公式有误：${error.message}`), error));
      return;
    }
    mount(status, h("div", { class: "formula-error", "data-testid": "formula-error" },
      withCode(h("div", {}, h("span", { class: "badge danger" }, "公式有误"), " ", h("span", { class: "formula-message" }, error.message)), error),
      errorPosition(formula, error, { onLocate: readOnly ? null : locate })));
  }

  async function check() {
    clearTimeout(timer);
    const formula = textarea.value;
    const mine = ++sequence;
    if (!formula.trim()) {
      mount(status, h("span", { class: "muted" }, `请填写${LABELS[item.kind] || "公式"}`));
      onChecked?.(null);
      return;
    }
    mount(status, h("span", { class: "muted" }, "正在检查…"));
    let answer;
    try {
      answer = await api.post("/v1/formulas/evaluate", { items: evaluationItems(getItems(), item, formula), expression: formula });
    } catch (error) {
      if (mine === sequence) mount(status, h("span", { class: "form-error inline" }, `无法检查公式：${error.title || error.message}`));
      return;
    }
    if (mine !== sequence) return;   // a later keystroke's check is under way
    // Without sample values a correct formula stops at its first input: that still means it compiled.
    const compiled = answer.ok || (answer.error?.code === "FORMULA_MISSING_VALUE" && isOwnError(answer.error, item));
    if (compiled) mount(status, h("span", { class: "formula-ok", "data-testid": "formula-ok" }, "✓ 公式正确"));
    else showError(answer.error, formula);
    onChecked?.(compiled ? null : answer.error);
  }

  function insert(text) {
    if (readOnly) return;
    textarea.focus();
    textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
    textarea.dispatchEvent(new Event("input"));
  }

  // Measurements and results first: formulas seldom use the header fields.
  const others = getItems().filter((other) => other !== item && DATA_ITEM_CODE.test(other.code.trim()))
    .sort((a, b) => (a.section === "header") - (b.section === "header"));
  const reference = h("details", { class: "formula-reference", open: !readOnly },
    h("summary", {}, "可引用的数据项与函数", readOnly ? "" : "（点击插入）"),
    h("div", { class: "chips", "data-testid": "formula-items" },
      others.length ? others.map((other) => h("button", {
        type: "button", class: "chip mono", disabled: readOnly,
        title: `${other.title}（${kindLabel(other.kind)}${other.unit ? `，${other.unit}` : ""}）`,
        onclick: () => insert(other.code.trim()),
      }, other.code.trim())) : h("span", { class: "muted" }, "还没有其他数据项")),
    h("div", { class: "chips", "data-testid": "formula-functions" },
      FUNCTIONS.map((f) => h("button", {
        type: "button", class: "chip mono function", disabled: readOnly, title: `${f.usage}：${f.text}`,
        onclick: () => insert(`${f.name}(`),
      }, f.name))),
    h("p", { class: "muted small" }, "运算符 + − × ÷ ^、比较 = <> < <= > >=、AND / OR / NOT；文本用双引号；表格单元格写 readings[点,次]。详见《公式语言》说明。"));

  const element = h("div", { class: "field wide formula-field", "data-field": "formula" },
    h("label", { for: id }, LABELS[item.kind] || "公式"),
    textarea,
    status,
    h("div", { class: "error", "data-error-for": "formula" }),
    reference);
  return { element, textarea, check };
}
