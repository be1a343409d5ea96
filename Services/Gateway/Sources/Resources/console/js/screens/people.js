// The people list: search and filters the identity service supports (text, role, status), paged on the server.
// Filters live in the address so a reload or a shared link shows the same list.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { bindFilters } from "../ui/filters.js";
import { session } from "../core/session.js";
import { pagedTable } from "../ui/table.js";
import { formatDateTime } from "../ui/format.js";
import { loadRoles, roleNames, statusBadges } from "./person-common.js";

const STATUSES = [
  { value: "", label: "全部（不含已删除）" },
  { value: "active", label: "启用" },
  { value: "disabled", label: "停用" },
  { value: "deleted", label: "已删除" },
];

export async function render(container, params, query) {
  const roles = await loadRoles();
  const filters = { query: query.query || "", role: query.role || "", status: query.status || "" };

  const search = h("input", { type: "search", name: "query", value: filters.query, placeholder: "账号、姓名、职务或职称", class: "people-search" });
  const roleSelect = h("select", { name: "role" }, h("option", { value: "" }, "全部角色"),
    roles.map((role) => h("option", { value: role.code, selected: role.code === filters.role }, role.disabled ? `${role.name}（已停用）` : role.name)));
  const statusSelect = h("select", { name: "status" },
    STATUSES.map((s) => h("option", { value: s.value, selected: s.value === filters.status }, s.label)));

  const table = pagedTable({
    testId: "people-table",
    emptyText: "没有符合条件的人员",
    columns: [
      { label: "账号", render: (user) => h("span", { class: "mono" }, user.username) },
      { label: "姓名", render: (user) => user.displayName },
      { label: "角色", render: (user) => roleNames(user.roles, roles).join("、") || h("span", { class: "muted" }, "无") },
      { label: "职务 / 职称", render: (user) => [user.position, user.professionalTitle].filter(Boolean).join(" / ") },
      { label: "监管区域", render: (user) => (user.supervisionRegion ? h("span", { class: "mono" }, user.supervisionRegion) : "") },
      { label: "状态", render: (user) => statusBadges(user) },
      { label: "创建时间", render: (user) => formatDateTime(user.createdAt) },
    ],
    rowClass: (user) => (user.status === "deleted" ? "row-deleted" : user.status === "disabled" || user.locked ? "row-warn" : undefined),
    onRowClick: (user) => navigate(`/people/${user.id}`),
    load: async ({ page, pageSize }) => {
      const answer = await api.get("/v1/users", { ...filters, page, pageSize });
      return { rows: answer.users, total: answer.total };
    },
  });

  const filterBar = bindFilters({ controls: { query: search, role: roleSelect, status: statusSelect }, filters, table });

  mount(container,
    h("h1", {}, "人员"),
    h("div", { class: "toolbar", "data-testid": "people-filters" },
      h("label", {}, "搜索", search),
      h("label", {}, "角色", roleSelect),
      h("label", {}, "状态", statusSelect),
      h("button", { type: "button", onclick: () => filterBar.clear() }, "清除筛选"),
      h("span", { class: "spacer" }),
      session.can("users.manage") && h("button", { type: "button", class: "primary", onclick: () => navigate("/people/new") }, "新建人员")),
    table.element);
  await table.reload({ first: true });
}
