// 任务看板: the tasks made from accepted commission lines, in the views each role works from — 我的任务 (assigned to
// or started by me), 待我核验 (submitted by someone else, for an item I may review), 退回给我, 全部 — filtered by item,
// type, customer, state and creation date, paged on the server. A row opens the task's raw record.
import { h, mount } from "../core/dom.js";
import { navigate, replaceQuery } from "../core/router.js";
import { session } from "../core/session.js";
import { degradedNotice, optional } from "../ui/degraded.js";
import { bindFilters } from "../ui/filters.js";
import { formatDateTime } from "../ui/format.js";
import { pagedTable } from "../ui/table.js";
import { cursorPages, records } from "./records-api.js";
import { TASK_STATES, TASK_VIEWS, instrumentLabel, itemAndType, muted, orDash, stateBadge } from "./records-common.js";
import { customerSelect, itemOptions, loadItems, typeOptions } from "./records-pickers.js";

/** The views this person can use: the services decide, the console offers what their permissions suggest. */
function viewsFor() {
  return TASK_VIEWS.filter((view) => {
    if (view.value === "mine" || view.value === "returned") return session.can("records.enter");
    if (view.value === "review") return session.can("records.review");
    return session.can("records.query");
  });
}

export async function render(container, params, query) {
  const views = viewsFor();
  const filters = {
    view: views.some((v) => v.value === query.view) ? query.view : views[0]?.value || "all",
    item: query.item || "", type: query.type || "", customer: query.customer || "", state: query.state || "",
    from: query.from || "", to: query.to || "",
  };

  // Item names only fill the item filter: the board opens without it when flows is away.
  const [itemsAnswer, customers] = await Promise.all([optional(loadItems, []), customerSelect({ name: "customer", selected: filters.customer, emptyLabel: "全部委托单位" })]);
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
  const state = h("select", { name: "state" }, h("option", { value: "" }, "全部状态"),
    TASK_STATES.map((s) => h("option", { value: s.value, selected: s.value === filters.state }, s.label)));
  const from = h("input", { type: "date", name: "from", value: filters.from });
  const to = h("input", { type: "date", name: "to", value: filters.to });

  const table = pagedTable({
    testId: "tasks-table",
    emptyText: "没有符合条件的任务",
    columns: [
      { label: "原始记录编号", render: (t) => h("a", { href: `#/tasks/${t.id}`, class: "mono" }, t.rawRecordNumber || muted("（开始检定时编号）")) },
      { label: "委托单位", render: (t) => t.customerName },
      { label: "器具", render: (t) => (t.instrument ? instrumentLabel(t.instrument) : orDash()) },
      { label: "检定项目 · 类型", render: (t) => itemAndType(t) },
      { label: "检定员", render: (t) => orDash(t.testerName) },
      { label: "核验员", render: (t) => orDash(t.reviewerName) },
      { label: "状态", render: (t) => [stateBadge(TASK_STATES, t.state), t.state === "returned" && t.returnReason && h("div", { class: "muted records-reason" }, t.returnReason)] },
      { label: "创建时间", class: "records-nowrap", render: (t) => formatDateTime(t.createdAt) },
    ],
    rowClass: (t) => (t.state === "returned" ? "row-danger" : t.state === "submitted" ? "row-warn" : undefined),
    onRowClick: (t) => navigate(`/tasks/${t.id}`),
    load: cursorPages(async ({ cursor, pageSize }) => {
      const answer = await records.tasks({
        view: filters.view, itemId: filters.item, typeCode: filters.type, customerId: filters.customer, state: filters.state,
        fromDate: filters.from, toDate: filters.to, cursor, pageSize,
      });
      return { rows: answer.tasks, total: answer.total, nextCursor: answer.nextCursor };
    }),
  });

  const filterControls = { item, type, customer: customers.element, state, from, to };
  const filterBar = bindFilters({ controls: filterControls, filters, table });

  const tabs = h("div", { class: "tabs", role: "tablist", "data-testid": "task-views" }, views.map((view) =>
    h("button", { type: "button", role: "tab", "data-view": view.value, class: view.value === filters.view ? "active" : undefined,
      onclick: (event) => {
        filters.view = view.value;
        for (const tab of tabs.children) tab.classList.toggle("active", tab === event.currentTarget);
        replaceQuery(filters);
        table.reload({ first: true });
      } }, view.label)));

  mount(container,
    h("h1", {}, "任务看板"),
    degradedNotice(itemsAnswer.failed, "暂时无法读取检测项目：按项目筛选暂不可用。"),
    tabs,
    h("div", { class: "toolbar", "data-testid": "tasks-filters" },
      h("label", {}, "检定项目", item),
      h("label", {}, "检测类型", type),
      h("label", {}, "委托单位", customers.element),
      h("label", {}, "状态", state),
      h("label", {}, "创建日期自", from),
      h("label", {}, "至", to),
      h("button", { type: "button", onclick: () => { filterBar.clear(); fillTypes(); } }, "清除筛选")),
    table.element);
  replaceQuery(filters);
  await table.reload({ first: true });
}
