// Test items (检测项目): the list with search (code or name) and the usable-only filter, paged on the server, and
// creating an item.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { bindFilters } from "../ui/filters.js";
import { session } from "../core/session.js";
import { openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { pagedTable } from "../ui/table.js";
import { notify } from "../ui/toast.js";
import { basisFields, basisFromValues, basisLine, usableBadge, ITEM_CODE } from "./item-common.js";
import { retiredBadge } from "./item-retire.js";

export async function render(container, params, query) {
  const filters = { query: query.query || "", usable: query.usable || "", status: query.status || "" };
  const search = h("input", { type: "search", name: "query", value: filters.query, placeholder: "项目代码或名称", class: "items-search" });
  const usable = h("select", { name: "usable" },
    h("option", { value: "" }, "全部"), h("option", { value: "1", selected: filters.usable === "1" }, "仅可开展的项目"));
  // Retired items are kept for history; the list shows those in use unless asked.
  const status = h("select", { name: "status" },
    [["", "在用"], ["retired", "已停用"], ["all", "全部（含已停用）"]].map(([value, label]) =>
      h("option", { value, selected: filters.status === value }, label)));

  const table = pagedTable({
    testId: "items-table",
    emptyText: "没有符合条件的检测项目",
    columns: [
      { label: "项目代码", render: (item) => h("a", { href: `#/items/${item.id}`, class: "mono" }, item.code) },
      { label: "项目名称", render: (item) => item.name },
      { label: "开展依据", render: (item) => item.bases.length ? item.bases.map(basisLine) : h("span", { class: "muted" }, "未登记") },
      { label: "规程", render: (item) => item.regulationCodes.length ? item.regulationCodes.join("、") : h("span", { class: "muted" }, "无") },
      { label: "检测类型", render: (item) => item.types.length
        ? h("span", { class: "badges" }, item.types.map((t) => h("span", { class: "badge info" }, t.title)))
        : h("span", { class: "muted" }, "无") },
      { label: "状态", render: (item) => (item.retired
        ? [retiredBadge(item.retiredReason ? `停用原因：${item.retiredReason}` : undefined)]
        : [usableBadge(item), !item.usable && h("div", { class: "muted small" }, item.unusableReason)]) },
    ],
    rowClass: (item) => (item.retired ? "row-deleted" : item.usable ? undefined : "row-warn"),
    onRowClick: (item) => navigate(`/items/${item.id}`),
    load: async ({ page, pageSize }) => {
      const answer = await api.get("/v1/items", {
        query: filters.query, usableOnly: filters.usable === "1" ? "true" : "", status: filters.status, page, pageSize });
      return { rows: answer.items, total: answer.total };
    },
  });

  bindFilters({ controls: { query: search, usable, status }, filters, table });

  mount(container,
    h("h1", {}, "检测项目与流程"),
    h("div", { class: "toolbar", "data-testid": "items-filters" },
      h("label", {}, "搜索", search),
      h("label", {}, "能否开展", usable),
      h("label", {}, "状态", status),
      h("span", { class: "spacer" }),
      session.can("setup.manage") && h("button", {
        type: "button", class: "primary",
        onclick: async () => { const item = await createItemDialog(); if (item) navigate(`/items/${item.id}`); },
      }, "新增检测项目")),
    table.element);
  await table.reload({ first: true });
}

/** Resolves with the created item, or undefined when cancelled. */
export function createItemDialog() {
  return openDialog({
    title: "新增检测项目",
    wide: true,
    body: (close) => {
      const form = createForm({
        testId: "item-form",
        submitLabel: "创建",
        onCancel: () => close(),
        fields: [
          { name: "code", label: "项目代码", required: true, maxlength: 64, pattern: ITEM_CODE,
            patternMessage: "项目代码须为字母开头的字母、数字或下划线", hint: "创建后不能修改，如 fuel_dispenser", placeholder: "fuel_dispenser" },
          { name: "name", label: "项目名称", required: true, maxlength: 60, placeholder: "如 燃油加油机" },
          ...basisFields(),
        ],
        onSubmit: async (values, { idempotencyKey }) => {
          const basis = basisFromValues(values, form);
          const item = await api.post("/v1/items", { code: values.code, name: values.name, bases: basis ? [basis] : [] }, { idempotencyKey });
          notify(`已创建检测项目“${item.name}”（${item.code}）`);
          close(item);
        },
      });
      queueMicrotask(() => form.input("code").focus());
      return [h("p", { class: "muted" }, "开展依据可以现在登记一项，也可以稍后在项目页面登记；没有有效依据的项目不能开展工作。"), form.element];
    },
  });
}
