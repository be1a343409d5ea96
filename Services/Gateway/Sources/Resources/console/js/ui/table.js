// A list that pages on the server: the screen gives columns and a `load({ page, pageSize })` that calls the API and
// returns { rows, total }; the table shows a page, the total and the pager, and reloads on demand (after a filter
// changes or an action changed a row).
import { h, mount } from "../core/dom.js";
import { notifyError } from "./toast.js";

/**
 * columns: [{ label, render(row) → node|string, class? }]
 * load: async ({ page, pageSize }) → { rows, total }
 * rowClass(row) → "row-warn" | "row-danger" | undefined; onRowClick(row) makes rows clickable.
 */
export function pagedTable({ columns, load, pageSize = 20, rowClass, onRowClick, emptyText = "没有记录", testId }) {
  let page = 1;
  let total = 0;
  // Only the latest load may fill the table: a slow answer to an older filter must not replace a newer one.
  let loads = 0;
  const body = h("tbody");
  const info = h("span", { class: "pager-info" });
  const previous = h("button", { type: "button", class: "pager-previous", onclick: () => go(page - 1) }, "上一页");
  const next = h("button", { type: "button", class: "pager-next", onclick: () => go(page + 1) }, "下一页");
  const table = h("table", { class: "grid", "data-testid": testId },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { class: c.class }, c.label)))), body);
  const element = h("div", { class: "paged-table" }, table, h("div", { class: "pager" }, info, previous, next));

  async function go(target) {
    const wanted = Math.max(1, target);
    const thisLoad = ++loads;
    mount(body, h("tr", {}, h("td", { class: "empty", colspan: columns.length }, "正在加载…")));
    try {
      const result = await load({ page: wanted, pageSize });
      if (thisLoad !== loads) return;
      page = wanted;
      total = Number(result.total ?? result.rows.length);
      const pages = Math.max(1, Math.ceil(total / pageSize));
      if (result.rows.length === 0 && page > 1 && page > pages) return go(pages);
      mount(body, result.rows.length === 0
        ? h("tr", {}, h("td", { class: "empty", colspan: columns.length }, emptyText))
        : result.rows.map((row) => h("tr", {
          class: [rowClass?.(row), onRowClick && "clickable"],
          onclick: onRowClick ? (event) => { if (!event.target.closest("button, a, input, select")) onRowClick(row); } : undefined,
        }, columns.map((c) => h("td", { class: c.class }, c.render(row))))));
      info.textContent = `共 ${total} 条 · 第 ${page} / ${pages} 页`;
      previous.disabled = page <= 1;
      next.disabled = page >= pages;
    } catch (error) {
      if (thisLoad !== loads) return;
      mount(body, h("tr", {}, h("td", { class: "empty", colspan: columns.length }, `加载失败：${error.title || error.message}`)));
      notifyError(error);
    }
  }

  return {
    element,
    /** Reloads the current page, or the first with `{ first: true }` (after a filter changed). */
    reload: ({ first = false } = {}) => go(first ? 1 : page),
  };
}

/** A plain table for short lists that need no paging. */
export function simpleTable({ columns, rows, emptyText = "没有记录", rowClass, testId }) {
  return h("table", { class: "grid", "data-testid": testId },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { class: c.class }, c.label)))),
    h("tbody", {}, rows.length === 0
      ? h("tr", {}, h("td", { class: "empty", colspan: columns.length }, emptyText))
      : rows.map((row, index) => h("tr", { class: rowClass?.(row) }, columns.map((c) => h("td", { class: c.class }, c.render(row, index)))))));
}
