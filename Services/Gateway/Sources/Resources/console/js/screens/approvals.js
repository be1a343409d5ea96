// 批准: the queue of records that passed review, for approvers (certificates.approve) — 待批准 first come first
// served, or sorted by instrument name, raw-record number or item; filtered by item and type; paged on the server. A
// row opens the record to approve (signed on the phone) or return.
import { h, mount } from "../core/dom.js";
import { navigate, replaceQuery } from "../core/router.js";
import { degradedNotice, optional } from "../ui/degraded.js";
import { bindFilters } from "../ui/filters.js";
import { formatDateTime } from "../ui/format.js";
import { pagedTable } from "../ui/table.js";
import { cursorPages } from "./records-api.js";
import { muted, orDash, stateBadge } from "./records-common.js";
import { itemOptions, loadItems, typeOptions } from "./records-pickers.js";
import { APPROVAL_SORTS, APPROVAL_STATES, certificates } from "./certificates-api.js";

const VIEWS = [...APPROVAL_STATES.map((s) => ({ value: s.value, label: s.label })), { value: "all", label: "全部" }];

export async function render(container, params, query) {
  const filters = {
    state: VIEWS.some((v) => v.value === query.state) ? query.state : "pending",
    item: query.item || "", type: query.type || "",
    sort: APPROVAL_SORTS.some((s) => s.value === query.sort) ? query.sort : "time",
    order: query.order === "desc" ? "desc" : "",
  };
  const itemsAnswer = await optional(loadItems, []);
  const items = itemsAnswer.value;
  const item = h("select", { name: "item" }, h("option", { value: "" }, "全部项目"), itemOptions(items, filters.item));
  const type = h("select", { name: "type" });
  const fillTypes = () => {
    const chosen = items.find((i) => i.id === item.value);
    type.replaceChildren(h("option", { value: "" }, "全部类型"), ...(chosen ? typeOptions(chosen, filters.type) : []));
    type.value = chosen?.types.some((t) => t.code === filters.type) ? filters.type : "";
  };
  fillTypes();
  item.addEventListener("change", () => { filters.type = ""; fillTypes(); });
  const sort = h("select", { name: "sort", "data-testid": "approvals-sort" },
    APPROVAL_SORTS.map((s) => h("option", { value: s.value, selected: s.value === filters.sort }, s.label)));
  const order = h("select", { name: "order", "data-testid": "approvals-order" },
    h("option", { value: "", selected: filters.order !== "desc" }, "正序"), h("option", { value: "desc", selected: filters.order === "desc" }, "倒序"));

  const table = pagedTable({
    testId: "approvals-table",
    emptyText: "没有符合条件的记录",
    columns: [
      { label: "原始记录编号", render: (a) => h("a", { href: `#/approvals/${a.taskId}`, class: "mono" }, a.rawRecordNumber || muted("（未编号）")) },
      { label: "器具", render: (a) => [a.instrumentName, a.instrumentModel && h("span", { class: "muted" }, ` ${a.instrumentModel}`)] },
      { label: "委托单位", render: (a) => orDash(a.customerName) },
      { label: "检定项目 · 类型", render: (a) => [a.itemName || a.itemCode, a.typeTitle && h("span", { class: "muted" }, ` · ${a.typeTitle}`)] },
      { label: "结论", render: (a) => orDash(a.conclusion) },
      { label: "检定员 / 核验员", render: (a) => `${a.testerName || "—"} / ${a.reviewerName || "—"}` },
      { label: "核验时间", class: "records-nowrap", render: (a) => formatDateTime(a.reviewedAt) },
      { label: "状态", render: (a) => [stateBadge(APPROVAL_STATES, a.state), a.state === "returned" && a.returnReason && h("div", { class: "muted records-reason" }, a.returnReason)] },
    ],
    rowClass: (a) => (a.state === "returned" ? "row-danger" : undefined),
    onRowClick: (a) => navigate(`/approvals/${a.taskId}`),
    load: cursorPages(async ({ cursor, pageSize }) => {
      const answer = await certificates.approvals({
        state: filters.state, itemId: filters.item, typeCode: filters.type, sort: filters.sort,
        descending: filters.order === "desc" ? "true" : undefined, cursor, pageSize,
      });
      return { rows: answer.approvals, total: answer.total, nextCursor: answer.nextCursor };
    }),
  });
  const filterBar = bindFilters({ controls: { item, type, sort, order }, filters, table });

  const tabs = h("div", { class: "tabs", role: "tablist", "data-testid": "approval-views" }, VIEWS.map((view) =>
    h("button", { type: "button", role: "tab", "data-view": view.value, class: view.value === filters.state ? "active" : undefined,
      onclick: (event) => {
        filters.state = view.value;
        for (const tab of tabs.children) tab.classList.toggle("active", tab === event.currentTarget);
        replaceQuery(filters);
        table.reload({ first: true });
      } }, view.label)));

  mount(container,
    h("h1", {}, "批准"),
    h("p", { class: "muted" }, "核验通过的原始记录在此等待批准。批准须由批准人在移动端用本机设备密钥签名；此处可查看记录并退回。"),
    degradedNotice(itemsAnswer.failed, "暂时无法读取检测项目：按项目筛选暂不可用。"),
    tabs,
    h("div", { class: "toolbar", "data-testid": "approvals-filters" },
      h("label", {}, "检定项目", item),
      h("label", {}, "检测类型", type),
      h("label", {}, "排序", sort),
      h("label", {}, "顺序", order),
      h("button", { type: "button", onclick: () => { item.value = ""; type.value = ""; fillTypes(); filterBar.apply(); } }, "清除筛选")),
    table.element);
  replaceQuery(filters);
  await table.reload({ first: true });
}
