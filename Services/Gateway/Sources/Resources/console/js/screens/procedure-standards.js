// 所需计量标准: the kinds of measurement standard a procedure needs (code and title). Starting a task asks the tester
// for one registered standard of each kind; a standard's 标准类别 names its kind by the same code. The list is
// part of the draft: it is saved and published with the data items.
import { h } from "../core/dom.js";
import { DATA_ITEM_CODE } from "./procedure-model.js";

export const MAX_STANDARD_NEEDS = 20;

/** The needs as the API takes them (trimmed), for saving and for telling whether anything changed. */
export const needsToRequest = (needs) => needs.map((need) => ({ code: need.code.trim(), title: need.title.trim() }));

/** The first problem the service would refuse, found before sending, or null. */
export function needsProblem(needs) {
  if (needs.length > MAX_STANDARD_NEEDS) return `所需计量标准不能超过 ${MAX_STANDARD_NEEDS} 种`;
  const seen = new Set();
  for (const [index, need] of needs.entries()) {
    const code = need.code.trim();
    if (!DATA_ITEM_CODE.test(code)) return `第 ${index + 1} 种所需计量标准的代码${code ? `“${code}”` : ""}无效：须为字母开头的字母、数字或下划线`;
    if (seen.has(code.toLowerCase())) return `所需计量标准的代码“${code}”重复`;
    seen.add(code.toLowerCase());
    if (!need.title.trim()) return `所需计量标准“${code}”须有名称`;
  }
  return null;
}

/**
 * needs: the unsaved list of { code, title } (edited in place); canEdit; error: { index, message } of the last refused
 * save when it named a need; onChange(): after any edit; onStructure(): after adding or removing a row (redraw).
 */
export function standardNeedsSection({ needs, canEdit, error, onChange, onStructure }) {
  const rows = needs.map((need, index) => {
    const field = (name, label, placeholder) => canEdit
      ? h("input", { type: "text", value: need[name], placeholder, "aria-label": `第 ${index + 1} 种${label}`, "data-testid": `standard-need-${name}`,
        name: `standardNeed${name === "code" ? "Code" : "Title"}`,
        maxlength: name === "code" ? 40 : 60, class: name === "code" ? "mono" : undefined,
        "aria-invalid": error?.index === index ? "true" : undefined,
        oninput: (event) => { need[name] = event.target.value; onChange(); } })
      : h("span", { class: name === "code" ? "mono" : undefined }, need[name]);
    return h("tr", { "data-testid": "standard-need-row" },
      h("td", { class: "num muted" }, index + 1),
      h("td", {}, field("code", "代码", "如 metal_measure")),
      h("td", {}, field("title", "名称", "如 标准金属量器")),
      canEdit && h("td", { class: "row-actions" },
        h("button", { type: "button", class: "link danger", "data-testid": "standard-need-remove",
          onclick: () => { needs.splice(index, 1); onStructure(); } }, "删除")));
  });
  const columns = ["#", "代码", "名称", canEdit && "操作"].filter(Boolean);
  return h("section", { class: "panel standard-needs", "data-testid": "standard-needs" },
    h("h2", {}, "所需计量标准"),
    h("p", { class: "muted" }, "开始检定时，检定员须为每一种选定一台在用、证书有效的计量标准器具（标准器具的“标准类别”与此处代码相同）。"),
    error && h("p", { class: "field-error", role: "alert", "data-testid": "standard-needs-error" }, error.message),
    h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, columns.map((label) => h("th", {}, label)))),
      h("tbody", {}, rows.length ? rows
        : h("tr", {}, h("td", { class: "empty", colspan: columns.length }, "未指定所需计量标准")))),
    canEdit && h("div", { class: "toolbar" },
      h("button", { type: "button", "data-testid": "standard-need-add", disabled: needs.length >= MAX_STANDARD_NEEDS,
        onclick: () => { needs.push({ code: "", title: "" }); onStructure(needs.length - 1); } }, "新增所需标准")));
}
