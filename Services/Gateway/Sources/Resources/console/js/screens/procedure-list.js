// The procedure's data items in their order, under a heading per group: choose one to edit it, move it up or down
// (buttons, or drag a row), delete it.
import { h } from "../core/dom.js";
import { FORMULA_KINDS, kindLabel, sectionLabel } from "./procedure-model.js";

/**
 * items: the unsaved list; selected: the item being edited; issues: Map code(lowercase) → [messages];
 * handlers: { onSelect(item), onMove(index, delta), onMoveTo(from, to), onDelete(item) }.
 */
export function dataItemsTable({ items, selected, canEdit, issues, onSelect, onMove, onMoveTo, onDelete }) {
  const columns = ["#", "代码", "名称", "类型", "设置 / 公式", canEdit && "操作"].filter(Boolean);
  const rows = [];
  items.forEach((item, index) => {
    const group = item.group.trim();
    if (index === 0 || group !== items[index - 1].group.trim()) {
      let count = 0;
      for (let i = index; i < items.length && items[i].group.trim() === group; i += 1) count += 1;
      rows.push(h("tr", { class: "group-row" },
        h("td", { colspan: columns.length }, group ? `分组：${group}` : "未分组", h("span", { class: "muted" }, `（${count} 项）`))));
    }
    const problems = issues.get(item.code.trim().toLowerCase()) || [];
    const row = h("tr", {
      class: ["clickable", item === selected && "selected", problems.length && "has-issue"],
      "data-code": item.code.trim(),
      draggable: canEdit ? "true" : undefined,
      onclick: (event) => { if (!event.target.closest("button")) onSelect(item); },
    },
    h("td", { class: "num muted" }, index + 1),
    h("td", { class: "mono" }, item.code.trim() || h("span", { class: "muted" }, "（未填写）"),
      problems.length > 0 && h("span", { class: "badge danger issue-mark", title: problems.join("\n") }, "!")),
    h("td", { class: "title", title: item.title },
      item.title || h("span", { class: "muted" }, "（未命名）"), item.required && h("span", { class: "required-mark", title: "必填" }, "*")),
    h("td", { class: "kind", title: `分区：${sectionLabel(item.section)}` }, kindLabel(item.kind)),
    h("td", { class: "setting" }, item.unit && h("span", { class: "unit" }, item.unit), settingText(item)),
    canEdit && h("td", { class: "row-actions" },
      h("button", { type: "button", class: "link", disabled: index === 0, title: "上移", onclick: () => onMove(index, -1) }, "上移"),
      h("button", { type: "button", class: "link", disabled: index === items.length - 1, title: "下移", onclick: () => onMove(index, 1) }, "下移"),
      h("button", { type: "button", class: "link danger", onclick: () => onDelete(item) }, "删除")));
    if (canEdit) {
      row.addEventListener("dragstart", (event) => {
        event.dataTransfer.setData("text/plain", String(index));
        event.dataTransfer.effectAllowed = "move";
        row.classList.add("dragging");
      });
      row.addEventListener("dragend", () => row.classList.remove("dragging"));
      row.addEventListener("dragover", (event) => { event.preventDefault(); row.classList.add("drop-target"); });
      row.addEventListener("dragleave", () => row.classList.remove("drop-target"));
      row.addEventListener("drop", (event) => {
        event.preventDefault();
        const from = Number(event.dataTransfer.getData("text/plain"));
        if (Number.isInteger(from) && from !== index) onMoveTo(from, index);
      });
    }
    rows.push(row);
  });
  return h("table", { class: "grid data-items", "data-testid": "data-items-table" },
    h("thead", {}, h("tr", {}, columns.map((label) => h("th", {}, label)))),
    h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { class: "empty", colspan: columns.length }, "还没有数据项"))));
}

function settingText(item) {
  if (FORMULA_KINDS.has(item.kind)) return h("span", { class: "mono formula-preview", title: item.formula }, item.formula || "（无公式）");
  if (item.kind === "table") return `${item.points || "?"} 点 × ${item.runs || "?"} 次`;
  if (item.kind === "choice") return item.choices.filter(Boolean).join(" / ");
  const parts = [];
  if (item.resolution) parts.push(`修约 ${item.resolution}`);
  if (item.min || item.max) parts.push(`范围 ${item.min || "−∞"} ~ ${item.max || "+∞"}`);
  return parts.join("，");
}
