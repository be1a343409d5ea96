// Measurement standards and equipment: search, status and expiry filters (what the devices service supports), server
// paging, and certificates expiring within 30 days highlighted (expired ones in red).
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { bindFilters } from "../ui/filters.js";
import { session } from "../core/session.js";
import { pagedTable } from "../ui/table.js";
import { EXPIRY_WARNING_DAYS, STANDARD_STATUSES, expiryBadge, kindLabel, standardRowClass, standardStatusBadge } from "./standard-common.js";

const EXPIRING = [
  { value: "", label: "不限" },
  { value: String(EXPIRY_WARNING_DAYS), label: `${EXPIRY_WARNING_DAYS} 天内到期（含已过期）` },
  { value: "90", label: "90 天内到期（含已过期）" },
];

export async function render(container, params, query) {
  const filters = { query: query.query || "", status: query.status || "", expiring: query.expiring || "" };

  const search = h("input", { type: "search", name: "query", value: filters.query, placeholder: "管理编号、名称、型号或出厂编号", class: "standards-search" });
  const statusSelect = h("select", { name: "status" }, h("option", { value: "" }, "全部状态"),
    STANDARD_STATUSES.map((s) => h("option", { value: s.value, selected: s.value === filters.status }, s.label)));
  const expiringSelect = h("select", { name: "expiring" },
    EXPIRING.map((e) => h("option", { value: e.value, selected: e.value === filters.expiring }, e.label)));

  const table = pagedTable({
    testId: "standards-table",
    emptyText: "没有符合条件的计量标准或配套设备",
    columns: [
      { label: "管理编号", render: (s) => h("a", { href: `#/standards/${s.id}`, class: "mono" }, s.code) },
      { label: "名称", render: (s) => s.name },
      { label: "类别", render: (s) => kindLabel(s.kind) },
      { label: "型号", render: (s) => s.model },
      { label: "出厂编号", render: (s) => s.serialNumber },
      { label: "测量范围", render: (s) => s.measuringRange },
      { label: "准确度", render: (s) => s.accuracy },
      { label: "证书编号", render: (s) => s.certificate?.number || h("span", { class: "muted" }, "—") },
      { label: "有效期至", class: "standards-expiry", render: (s) => [s.certificate?.validUntil, " ", s.status !== "retired" && expiryBadge(s)] },
      { label: "状态", render: (s) => [standardStatusBadge(s), s.statusReason && h("div", { class: "muted standards-reason" }, s.statusReason)] },
      { label: "修正值", class: "num", render: (s) => (s.correctionVersion ? `第 ${s.correctionVersion} 版` : h("span", { class: "muted" }, "无")) },
    ],
    rowClass: standardRowClass,
    onRowClick: (s) => navigate(`/standards/${s.id}`),
    load: async ({ page, pageSize }) => {
      const answer = await api.get("/v1/standards", {
        query: filters.query, status: filters.status, expiringWithinDays: filters.expiring, page, pageSize,
      });
      return { rows: answer.standards, total: answer.total };
    },
  });

  const filterBar = bindFilters({ controls: { query: search, status: statusSelect, expiring: expiringSelect }, filters, table });

  mount(container,
    h("h1", {}, "计量标准与配套设备"),
    h("div", { class: "toolbar", "data-testid": "standards-filters" },
      h("label", {}, "搜索", search),
      h("label", {}, "状态", statusSelect),
      h("label", {}, "证书到期", expiringSelect),
      h("button", { type: "button", onclick: () => filterBar.clear() }, "清除筛选"),
      h("span", { class: "spacer" }),
      session.can("devices.manage") && h("button", { type: "button", class: "primary", onclick: () => navigate("/standards/new") }, "登记计量标准")),
    h("p", { class: "muted standards-legend" },
      h("span", { class: "standards-swatch standards-swatch-warn" }), `证书 ${EXPIRY_WARNING_DAYS} 天内到期`,
      h("span", { class: "standards-swatch standards-swatch-danger" }), "证书已过期或未登记证书"),
    table.element);
  await table.reload({ first: true });
}
