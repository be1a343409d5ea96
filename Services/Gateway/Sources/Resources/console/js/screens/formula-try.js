// "试算" (try it): sample values for the data items a formula needs (through the formulas it refers to), the value
// with its unit, and every intermediate step the formula engine went through. Changes nothing on the server.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { errorPosition, evaluationItems, isOwnError } from "./formula-editor.js";
import { DATA_ITEM_CODE, FORMULA_KINDS, SAMPLE_KINDS, allReferences } from "./procedure-model.js";
import { errorText, withCode } from "../ui/errors.js";

const TYPE_LABELS = { number: "数值", text: "文本", boolean: "逻辑值", list: "列表" };
const STEP_OWNER = /^([A-Za-z][A-Za-z0-9_]*)：([\s\S]*)$/;

/** samples: a Map (code or "code[p,r]" → text) kept by the page, so values typed survive switching data items. */
export function tryPanel({ item, getItems, samples }) {
  const inputsArea = h("div", { class: "try-inputs", "data-testid": "try-inputs" });
  const result = h("div", { class: "try-result-area" });
  const button = h("button", { type: "button", onclick: run }, "试算");
  let shownKey = null;

  const needed = () => allReferences(item.formula, getItems(), item)
    .filter((other) => SAMPLE_KINDS.has(other.kind) && DATA_ITEM_CODE.test(other.code.trim()));

  function sampleInput(key, label) {
    const input = h("input", { name: `sample-${key}`, value: samples.get(key) || "", class: "mono", autocomplete: "off" });
    input.addEventListener("input", () => samples.set(key, input.value));
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") run(); });
    return h("label", { class: "sample" }, h("span", {}, label), input);
  }

  function tableInputs(other) {
    const points = Math.max(other.points, 1);
    const runs = Math.max(other.runs, 1);
    return h("div", { class: "sample-table" },
      h("div", { class: "sample-table-title" }, h("span", { class: "mono" }, other.code), ` ${other.title}${other.unit ? `（${other.unit}）` : ""}`),
      h("table", { class: "grid compact" },
        h("thead", {}, h("tr", {}, h("th", {}, "测量点"), Array.from({ length: runs }, (_, r) => h("th", {}, `第 ${r + 1} 次`)))),
        h("tbody", {}, Array.from({ length: points }, (_, p) => h("tr", {},
          h("th", {}, other.pointLabels[p] || `${p + 1}`),
          Array.from({ length: runs }, (_, r) => {
            const key = `${other.code.trim()}[${p + 1},${r + 1}]`;
            const input = h("input", { name: `sample-${key}`, value: samples.get(key) || "", class: "mono", size: 7, autocomplete: "off" });
            input.addEventListener("input", () => samples.set(key, input.value));
            return h("td", {}, input);
          }))))));
  }

  /** Redraws the sample inputs when the formula now needs other data items (typed values are kept). */
  function refresh() {
    const list = needed();
    const key = JSON.stringify(list.map((o) => [o.code, o.kind, o.points, o.runs, o.unit, o.title]));
    mount(result);
    if (key === shownKey) return;
    shownKey = key;
    mount(inputsArea, list.length
      ? list.map((other) => other.kind === "table" ? tableInputs(other)
        : sampleInput(other.code.trim(), `${other.code.trim()}${other.unit ? `（${other.unit}）` : ""} ${other.title}`))
      : h("p", { class: "muted" }, "这个公式不需要录入值。"));
  }

  async function run() {
    const items = getItems();
    const values = {};
    for (const other of needed()) {
      const code = other.code.trim();
      if (other.kind === "table") {
        for (const [key, value] of samples) if (key.startsWith(`${code}[`) && value.trim()) values[key] = value.trim();
      } else if ((samples.get(code) || "").trim()) values[code] = samples.get(code).trim();
    }
    const formula = item.formula;
    // Asking for the data item itself gives its declared unit and checks the result against it.
    const expression = DATA_ITEM_CODE.test(item.code.trim()) ? item.code.trim() : formula;
    button.disabled = true;
    mount(result, h("p", { class: "muted" }, "正在计算…"));
    try {
      const answer = await api.post("/v1/formulas/evaluate", { items: evaluationItems(items, item, formula), expression, values });
      mount(result, answer.ok ? success(answer, items) : failure(answer.error, formula, expression));
    } catch (error) {
      mount(result, withCode(h("p", { class: "form-error" }, `试算失败：${errorText(error)}`), error));
    } finally {
      button.disabled = false;
    }
  }

  function success(answer, items) {
    // The engine evaluates every formula of the list; only the steps this formula depends on are of interest.
    const wanted = new Set([item.code.trim().toLowerCase(),
      ...allReferences(item.formula, items, item).filter((o) => FORMULA_KINDS.has(o.kind)).map((o) => o.code.trim().toLowerCase())]);
    const steps = answer.steps.map((step) => {
      const match = STEP_OWNER.exec(step.expression);
      return { ...step, owner: match ? match[1] : "", expression: match ? match[2] : step.expression };
    }).filter((step) => !step.owner || wanted.has(step.owner.toLowerCase()));
    const self = item.code.trim().toLowerCase();
    return [
      h("div", { class: "try-result", "data-testid": "try-result" },
        h("span", { class: "muted" }, "结果："),
        h("strong", { class: "mono try-value" }, answer.value), answer.unit && h("span", { class: "try-unit" }, ` ${answer.unit}`),
        answer.type && h("span", { class: "badge info" }, TYPE_LABELS[answer.type] || answer.type)),
      h("table", { class: "grid compact try-steps", "data-testid": "try-steps" },
        h("thead", {}, h("tr", {}, ["步骤", "所属数据项", "表达式", "值", "单位"].map((label) => h("th", {}, label)))),
        h("tbody", {}, steps.map((step, index) => h("tr", {},
          h("td", { class: "num" }, index + 1),
          h("td", { class: "mono" }, !step.owner ? (step.expression.toLowerCase() === self ? "结果" : "") : step.owner.toLowerCase() === self ? `${step.owner}（本项）` : step.owner),
          h("td", { class: "mono" }, step.expression),
          h("td", { class: "mono num" }, step.value),
          h("td", {}, step.unit))))),
    ];
  }

  function failure(error, formula, expression) {
    const missing = error.code === "FORMULA_MISSING_VALUE";
    // Positions are in the text they were found in: the formula, or (asked by code) the data item's formula.
    const inFormula = expression === formula ? isOwnError(error, item) : error.itemCode?.toLowerCase() === item.code.trim().toLowerCase();
    return h("div", { class: "formula-error", "data-testid": "try-error" },
      withCode(h("div", {}, h("span", { class: "badge danger" }, missing ? "缺少样例值" : "无法计算"), " ", error.message), error),
      !missing && inFormula && errorPosition(formula, error));
  }

  refresh();
  return {
    element: h("div", { class: "try-panel", "data-testid": "try-panel" },
      h("h3", {}, "试算"),
      h("p", { class: "muted small" }, "填写样例值后计算，列出每一步的中间结果；试算不保存任何数据。"),
      inputsArea,
      h("div", { class: "form-footer" }, button),
      result),
    refresh,
  };
}
