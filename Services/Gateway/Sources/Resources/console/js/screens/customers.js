// 委托单位: the customers (送检单位) the lab works for — search by name, USCC or contact, filter by region, paged on
// the server. A row opens the customer with its instrument ledger.
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { session } from "../core/session.js";
import { bindFilters } from "../ui/filters.js";
import { pagedTable } from "../ui/table.js";
import { cursorPages, records } from "./records-api.js";
import { orDash } from "./records-common.js";

export async function render(container, params, query) {
  const filters = { query: query.query || "", regionCode: query.regionCode || "" };

  const search = h("input", { type: "search", name: "query", value: filters.query, placeholder: "名称、统一社会信用代码或联系人", class: "records-search" });
  const region = h("input", { type: "search", name: "regionCode", value: filters.regionCode, placeholder: "如 330100", maxlength: 6, class: "records-region" });

  const table = pagedTable({
    testId: "customers-table",
    emptyText: "没有符合条件的委托单位",
    columns: [
      { label: "单位名称", render: (c) => h("a", { href: `#/customers/${c.id}` }, c.name) },
      { label: "统一社会信用代码", render: (c) => (c.uscc ? h("span", { class: "mono" }, c.uscc) : orDash()) },
      { label: "所在地区", render: (c) => (c.regionCode ? [h("span", { class: "mono" }, c.regionCode), " ", c.regionName || ""] : orDash()) },
      { label: "联系人", render: (c) => orDash(c.contactPerson) },
      { label: "联系电话", render: (c) => orDash(c.contactPhone) },
      { label: "台账器具", class: "num", render: (c) => String(c.instrumentCount ?? 0) },
    ],
    onRowClick: (c) => navigate(`/customers/${c.id}`),
    load: cursorPages(async ({ cursor, pageSize }) => {
      const answer = await records.customers({ query: filters.query, regionCode: filters.regionCode, cursor, pageSize });
      return { rows: answer.customers, total: answer.total, nextCursor: answer.nextCursor };
    }),
  });

  const filterBar = bindFilters({ controls: { query: search, regionCode: region }, filters, table });

  mount(container,
    h("h1", {}, "委托单位"),
    h("div", { class: "toolbar", "data-testid": "customers-filters" },
      h("label", {}, "搜索", search),
      h("label", {}, "行政区划代码", region),
      h("button", { type: "button", onclick: () => filterBar.clear() }, "清除筛选"),
      h("span", { class: "spacer" }),
      session.can("records.edit") && h("button", { type: "button", class: "primary", onclick: () => navigate("/customers/new") }, "新建委托单位")),
    table.element);
  await table.reload({ first: true });
}
