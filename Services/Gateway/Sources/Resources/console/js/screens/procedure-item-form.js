// The editor of one data item. Every keystroke goes straight into the page's unsaved list (nothing is lost when
// another item is chosen); the fields shown follow the item's kind. Saving sends the whole list.
import { h } from "../core/dom.js";
import { formulaEditor } from "./formula-editor.js";
import { tryPanel } from "./formula-try.js";
import { DATA_ITEM_CODE, FORMULA_KINDS, HEADER_FIELDS, KINDS, SECTIONS, defaultSection, kindLabel } from "./procedure-model.js";

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/**
 * item: the data item (changed in place); getItems(): the whole unsaved list; onChange(): something changed;
 * onKindChange(): the kind changed (the editor is drawn again); samples: the try-it values of the page.
 */
export function dataItemEditor({ item, getItems, canEdit, onChange, onKindChange, samples, serverError }) {
  const readOnly = !canEdit;
  const errors = new Map();
  const groups = [...new Set(getItems().map((i) => i.group.trim()).filter(Boolean))];
  const groupList = `groups-${Math.random().toString(36).slice(2, 8)}`;
  let tryIt = null;

  function field(name, label, control, { hint, required, wide, extraClass } = {}) {
    const error = h("div", { class: "error", "data-error-for": name });
    errors.set(name, error);
    control.id ||= `dataitem-${name}-${Math.random().toString(36).slice(2, 8)}`;
    return h("div", { class: ["field", required && "required", wide && "wide", extraClass], "data-field": name },
      h("label", { for: control.id }, label), control, hint && h("div", { class: "hint" }, hint), error);
  }

  function setError(name, message) {
    const error = errors.get(name);
    if (!error) return;
    error.textContent = message || "";
    error.parentElement.classList.toggle("invalid", Boolean(message));
  }

  /** A text input bound to item[name]; `check` returns a message shown next to it while typing. */
  function text(name, { check, ...attributes } = {}) {
    const input = h("input", { name, value: item[name], autocomplete: "off", readonly: readOnly, ...attributes });
    input.addEventListener("input", () => {
      item[name] = attributes.type === "number" ? (input.value === "" ? 0 : Number(input.value)) : input.value;
      if (check) setError(name, check(input.value));
      onChange();
    });
    return input;
  }

  function select(name, options, { onSelect } = {}) {
    const control = h("select", { name, disabled: readOnly },
      options.map((o) => h("option", { value: o.value, selected: item[name] === o.value }, o.label)));
    control.addEventListener("change", () => {
      const previous = item[name];
      item[name] = control.value;
      onSelect?.(previous, control.value);
      onChange();
    });
    return control;
  }

  const lines = (name) => {
    const area = h("textarea", { name, readonly: readOnly, rows: 3, value: item[name].join("\n") });
    area.addEventListener("input", () => { item[name] = area.value.split("\n"); onChange(); });
    return area;
  };

  const codeCheck = (value) => {
    const code = value.trim();
    if (!code) return "请填写代码";
    if (!DATA_ITEM_CODE.test(code)) return "代码须为字母开头的字母、数字或下划线（至多 40 个）";
    const lower = code.toLowerCase();
    if (getItems().some((other) => other !== item && other.code.trim().toLowerCase() === lower)) return `代码“${code}”与其他数据项重复`;
    return null;
  };
  const decimalCheck = (value) => (value.trim() && !DECIMAL.test(value.trim()) ? "须为十进制数，如 0.01" : null);
  const kind = item.kind;
  const has = (...kinds) => kinds.includes(kind);

  const required = h("input", { type: "checkbox", name: "required", checked: item.required, disabled: readOnly });
  required.addEventListener("change", () => { item.required = required.checked; onChange(); });

  const fields = [
    field("code", "代码", text("code", { maxlength: 40, check: codeCheck, class: "mono", placeholder: "如 V_std" }),
      { required: true, hint: "公式和模板书签用它引用本项" }),
    field("title", "名称", text("title", { maxlength: 60, check: (v) => (v.trim() ? null : "请填写名称"), placeholder: "如 标准器示值" }), { required: true }),
    field("kind", "类型", select("kind", KINDS, {
      onSelect: (previous, next) => {
        if (item.section === defaultSection(previous)) item.section = defaultSection(next);
        onKindChange();
      },
    }), { required: true }),
    field("section", "分区", select("section", SECTIONS), { required: true }),
    field("group", "分组", text("group", { list: groupList, maxlength: 40, placeholder: "如 流量点 1" }), { hint: "编辑时把相关数据项归在一起" }),
    field("headerField", "对应通用基本信息", select("headerField", [{ value: "", label: "不对应" }, ...HEADER_FIELDS])),
    h("div", { class: "field checkbox-field", "data-field": "required" }, h("label", {}, required, " 必填")),
    has("number", "table", "computed") && field("unit", "单位", text("unit", { maxlength: 20, placeholder: "如 L、%、L/min" })),
    has("number", "table", "computed") && field("resolution", "修约间隔", text("resolution", { check: decimalCheck, placeholder: "如 0.01" }),
      { hint: "数值按 GB/T 8170 修约到此间隔" }),
    has("number", "computed") && field("significantDigits", "有效数字位数", text("significantDigits", { type: "number", min: 0, max: 38 }),
      { hint: "0 表示不限" }),
    has("number", "table") && field("min", "下限", text("min", { check: decimalCheck, placeholder: "不限" })),
    has("number", "table") && field("max", "上限", text("max", { check: decimalCheck, placeholder: "不限" })),
    has("choice") && field("choices", "选项（每行一个）", lines("choices"), { wide: true, required: true }),
    has("table") && field("points", "检测点数", text("points", { type: "number", min: 1, max: 50 }), { required: true }),
    has("table") && field("runs", "每点测量次数", text("runs", { type: "number", min: 1, max: 50 }), { required: true }),
    has("table") && field("pointLabels", "检测点名称（每行一个，可选）", lines("pointLabels"), { wide: true }),
  ];

  let formula = null;
  if (FORMULA_KINDS.has(kind)) {
    formula = formulaEditor({
      item, getItems, readOnly,
      onInput: () => onChange(),
      onChecked: () => tryIt?.refresh(),
    });
    tryIt = tryPanel({ item, getItems, samples });
  }

  const element = h("div", { class: "panel data-item-editor", "data-testid": "data-item-editor" },
    h("div", { class: "panel-head" },
      h("h2", {}, readOnly ? "数据项" : "编辑数据项", " ", h("span", { class: "mono" }, item.code || "（未填写代码）")),
      h("span", { class: "badge info" }, kindLabel(kind))),
    serverError && h("p", { class: "form-error", "data-testid": "data-item-server-error" }, serverError),
    h("datalist", { id: groupList }, groups.map((g) => h("option", { value: g }))),
    h("div", { class: "form" }, fields, formula?.element),
    kind === "judgement" && h("p", { class: "muted small" }, "判定规则的结果是逻辑值：为真即该项合格。例如 ABSWITHIN(E, 0.30, \"rounded\", 0.01) 表示 |E| ≤ 0.30（修约值比较法）。"),
    kind === "conclusion" && h("p", { class: "muted small" }, "结论的结果是文本，例如 CONCLUDE(ALL(ok_1, ok_2)) 得到“合格”或“不合格”。"),
    tryIt?.element);

  // The checks shown while typing are shown at once for what is already there.
  setError("code", item.code || !readOnly ? codeCheck(item.code) : null);
  if (!readOnly && !item.title.trim() && item.code) setError("title", "请填写名称");
  formula?.check();
  return { element, focus: (name = "code") => element.querySelector(`[name="${name}"]`)?.focus() };
}
