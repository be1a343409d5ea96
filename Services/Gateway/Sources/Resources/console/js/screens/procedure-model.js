// The data items of a procedure as the editor keeps them: labels, defaults, the exact shape the API takes, and which
// data items a formula refers to (for the reference list and the sample inputs of "try it").

export const KINDS = [
  { value: "number", label: "数值" },
  { value: "table", label: "读数表" },
  { value: "text", label: "文本" },
  { value: "date", label: "日期" },
  { value: "choice", label: "选择" },
  { value: "photo", label: "照片" },
  { value: "computed", label: "计算" },
  { value: "judgement", label: "判定" },
  { value: "conclusion", label: "结论" },
];

export const SECTIONS = [
  { value: "header", label: "基本情况" },
  { value: "measurement", label: "原始数据" },
  { value: "result", label: "计算结果" },
  { value: "conclusion", label: "结论" },
];

export const HEADER_FIELDS = [
  { value: "client", label: "委托单位" },
  { value: "accuracy", label: "计量器具准确度" },
  { value: "model", label: "计量器具型号" },
  { value: "manufacturer", label: "制造单位名称" },
  { value: "serial_number", label: "产品出厂编号" },
  { value: "user_address", label: "使用单位地址" },
  { value: "manufacture_date", label: "出厂日期" },
  { value: "test_date", label: "检定日期" },
  { value: "next_test_date", label: "下次检定日期" },
  { value: "conclusion_note", label: "结论说明" },
];

export const FORMULA_KINDS = new Set(["computed", "judgement", "conclusion"]);
/** Kinds whose value is typed in (and so can be given a sample value in "try it"). */
export const SAMPLE_KINDS = new Set(["number", "table", "text", "date", "choice"]);
export const DATA_ITEM_CODE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

const DEFAULT_SECTION = { number: "measurement", table: "measurement", text: "measurement", date: "measurement", choice: "measurement",
  photo: "measurement", computed: "result", judgement: "result", conclusion: "conclusion" };

export const kindLabel = (kind) => KINDS.find((k) => k.value === kind)?.label || kind;
export const sectionLabel = (section) => SECTIONS.find((s) => s.value === section)?.label || section;
export const defaultSection = (kind) => DEFAULT_SECTION[kind] || "measurement";

/** Every field present, with the API's defaults (decimal fields are text, never numbers). */
export function normalize(item = {}) {
  const text = (v) => (v === undefined || v === null ? "" : String(v));
  const int = (v) => (Number.isFinite(Number(v)) && String(v).trim() !== "" ? Math.trunc(Number(v)) : 0);
  return {
    code: text(item.code), title: text(item.title), kind: text(item.kind) || "number", section: text(item.section) || "measurement",
    unit: text(item.unit), resolution: text(item.resolution), significantDigits: int(item.significantDigits),
    min: text(item.min), max: text(item.max), choices: [...(item.choices || [])].map(text),
    points: int(item.points), runs: int(item.runs), pointLabels: [...(item.pointLabels || [])].map(text),
    formula: text(item.formula), required: Boolean(item.required), group: text(item.group), headerField: text(item.headerField),
  };
}

/** What the API takes for one data item: a formula only on the kinds that have one (the service refuses it elsewhere),
 *  no empty choices or point labels. */
export function toRequest(item) {
  const n = normalize(item);
  return {
    ...n,
    code: n.code.trim(), title: n.title.trim(), unit: n.unit.trim(), resolution: n.resolution.trim(), min: n.min.trim(), max: n.max.trim(),
    formula: FORMULA_KINDS.has(n.kind) ? n.formula : "",
    choices: n.kind === "choice" ? n.choices.map((c) => c.trim()).filter(Boolean) : [],
    pointLabels: n.kind === "table" ? n.pointLabels.map((c) => c.trim()).filter(Boolean) : [],
    group: n.group.trim(),
  };
}

export const snapshot = (items) => JSON.stringify(items.map(toRequest));
export const sameItems = (a, b) => snapshot(a) === snapshot(b);

export function newItem({ kind = "number", group = "" } = {}) {
  return normalize({ kind, section: defaultSection(kind), group, required: kind === "number" || kind === "table" });
}

/** The names a formula mentions: plain names (not function calls, not inside text constants) and `[名称]` ones
 *  (not table subscripts such as `readings[2,3]`). */
export function mentionedNames(formula) {
  const names = [];
  const token = /"(?:[^"]|"")*"|“[^”]*”|\[([^\]]*)\]|([A-Za-z_\u3400-\u9fff][A-Za-z0-9_\u3400-\u9fff]*)(\s*\()?/g;
  let previousEnd = -1;
  let previousWasName = false;
  for (const match of String(formula || "").matchAll(token)) {
    const [whole, bracketed, name, call] = match;
    if (bracketed !== undefined) {
      const subscript = previousWasName && match.index === previousEnd;
      if (!subscript) names.push(bracketed.trim());
      previousWasName = false;
    } else if (name !== undefined) {
      if (!call) names.push(name);
      previousWasName = !call;
    } else {
      previousWasName = false;
    }
    previousEnd = match.index + whole.length;
  }
  return names;
}

/** The data items a formula refers to directly. Codes compare without case, as the service does; `[…]` may also
 *  hold a data item's name. */
export function directReferences(formula, items) {
  const found = [];
  for (const name of mentionedNames(formula)) {
    const lower = name.toLowerCase();
    const item = items.find((i) => i.code.toLowerCase() === lower) || items.find((i) => i.title.trim() === name);
    if (item && !found.includes(item)) found.push(item);
  }
  return found;
}

/** Every data item the formula needs, through the formulas of the computed items it refers to. */
export function allReferences(formula, items, self = null) {
  const seen = new Set();
  const queue = directReferences(formula, items);
  while (queue.length) {
    const item = queue.shift();
    if (seen.has(item) || item === self) continue;
    seen.add(item);
    if (FORMULA_KINDS.has(item.kind)) queue.push(...directReferences(item.formula, items));
  }
  return [...seen];
}
