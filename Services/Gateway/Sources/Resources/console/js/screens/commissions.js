// 委托单: commissions taken at the desk and appointments customers booked, filtered by state, source, customer and
// requested date, paged on the server. Received ones (待受理) are accepted or refused on their detail page.
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { session } from "../core/session.js";
import { bindFilters } from "../ui/filters.js";
import { formatDateTime } from "../ui/format.js";
import { pagedTable } from "../ui/table.js";
import { cursorPages, records } from "./records-api.js";
import { COMMISSION_SOURCES, COMMISSION_STATES, labelOf, orDash, stateBadge } from "./records-common.js";
import { customerSelect } from "./records-pickers.js";

export async function render(container, params, query) {
  const filters = { state: query.state || "", source: query.source || "", customer: query.customer || "", from: query.from || "", to: query.to || "" };

  const state = h("select", { name: "state" }, h("option", { value: "" }, "全部状态"),
    COMMISSION_STATES.map((s) => h("option", { value: s.value, selected: s.value === filters.state }, s.label)));
  const source = h("select", { name: "source" }, h("option", { value: "" }, "全部来源"),
    COMMISSION_SOURCES.map((s) => h("option", { value: s.value, selected: s.value === filters.source }, s.label)));
  const customer = await customerSelect({ name: "customer", selected: filters.customer, emptyLabel: "全部委托单位" });
  const from = h("input", { type: "date", name: "from", value: filters.from });
  const to = h("input", { type: "date", name: "to", value: filters.to });
  for (const input of [from, to]) input.addEventListener("change", () => filterBar.apply());

  const table = pagedTable({
    testId: "commissions-table",
    emptyText: "没有符合条件的委托单",
    columns: [
      { label: "委托单号", render: (c) => h("a", { href: `#/commissions/${c.id}`, class: "mono" }, c.number || c.id.slice(0, 8)) },
      { label: "委托单位", render: (c) => c.customerName },
      { label: "来源", render: (c) => labelOf(COMMISSION_SOURCES, c.source) },
      { label: "要求日期", class: "records-nowrap", render: (c) => orDash(c.requestedOn) },
      { label: "器具", class: "num", render: (c) => String(c.lines?.length ?? 0) },
      { label: "状态", render: (c) => [stateBadge(COMMISSION_STATES, c.state), c.refusalReason && h("div", { class: "muted records-reason" }, c.refusalReason)] },
      { label: "登记时间", class: "records-nowrap", render: (c) => formatDateTime(c.createdAt) },
    ],
    rowClass: (c) => (c.state === "received" ? "row-warn" : undefined),
    onRowClick: (c) => navigate(`/commissions/${c.id}`),
    load: cursorPages(async ({ cursor, pageSize }) => {
      const answer = await records.commissions({
        state: filters.state, source: filters.source, customerId: filters.customer, fromDate: filters.from, toDate: filters.to, cursor, pageSize,
      });
      return { rows: answer.commissions, total: answer.total, nextCursor: answer.nextCursor };
    }),
  });

  const filterBar = bindFilters({ controls: { state, source, customer: customer.element, from, to }, filters, table });

  mount(container,
    h("h1", {}, "委托单"),
    h("div", { class: "toolbar", "data-testid": "commissions-filters" },
      h("label", {}, "状态", state),
      h("label", {}, "来源", source),
      h("label", {}, "委托单位", customer.element),
      h("label", {}, "要求日期自", from),
      h("label", {}, "至", to),
      h("button", { type: "button", onclick: () => filterBar.clear() }, "清除筛选"),
      h("span", { class: "spacer" }),
      session.can("records.edit") && h("button", { type: "button", class: "primary", onclick: () => navigate("/commissions/new", filters.customer ? { customer: filters.customer } : undefined) }, "新建委托单")),
    table.element);
  await table.reload({ first: true });
}
