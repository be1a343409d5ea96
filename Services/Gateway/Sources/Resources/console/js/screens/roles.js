// Roles × permissions as one matrix: a row per role, a column per permission. With roles.manage a tick adds the
// permission and an untick (after asking: holders' tokens are revoked at once) removes it; the identity service's
// refusals (a supervisor holds only read-only permissions, the system administrator keeps user and role
// administration) are shown and the box goes back to what the role really holds.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { confirmAction } from "../ui/dialog.js";
import { notify, notifyError } from "../ui/toast.js";
import { createRoleDialog, renameRoleDialog } from "./role-dialogs.js";

export async function render(container) {
  const [{ roles }, { permissions }] = await Promise.all([api.get("/v1/roles"), api.get("/v1/permissions")]);
  const canManage = session.can("roles.manage");
  const matrix = h("div", { class: "roles-matrix-wrap" });
  const heldByMe = (role) => (session.user?.roles || []).includes(role.code);

  const replaceRole = (next) => {
    const index = roles.findIndex((r) => r.code === next.code);
    if (index >= 0) roles[index] = next; else roles.push(next);
  };

  async function toggle(role, permission, box) {
    const adding = box.checked;
    if (!adding) {
      const ok = await confirmAction({
        title: "移除权限", danger: true, confirmLabel: "移除",
        message: `从角色“${role.name}”移除“${permission.title}”后，持有该角色的人员的令牌立即失效，需要重新登录，之后不再有此权限。`
          + (heldByMe(role) ? "您本人也持有该角色，确认后需要重新登录。" : ""),
      });
      if (!ok) { box.checked = true; return; }
    }
    box.disabled = true;
    try {
      const next = await api.patch(`/v1/roles/${encodeURIComponent(role.code)}`,
        adding ? { addPermissions: [permission.code] } : { removePermissions: [permission.code] });
      replaceRole(next);
      Object.assign(role, next);
      box.checked = next.permissions.includes(permission.code);
      notify(adding ? `已为“${role.name}”添加“${permission.title}”` : `已从“${role.name}”移除“${permission.title}”`);
    } catch (error) {
      box.checked = role.permissions.includes(permission.code);
      notifyError(error);
    } finally {
      box.disabled = false;
    }
  }

  async function setDisabled(role, disabled) {
    const ok = await confirmAction(disabled
      ? { title: "停用角色", danger: true, confirmLabel: "停用",
        message: `停用角色“${role.name}”后，持有它的人员立即失去它授予的权限（令牌立即失效），它也不能再分配给人员；之后可以重新启用。` }
      : { title: "启用角色", confirmLabel: "启用", message: `启用角色“${role.name}”后，持有它的人员重新登录即获得它的权限，它也可以再分配给人员。` });
    if (!ok) return;
    try {
      replaceRole(await api.patch(`/v1/roles/${encodeURIComponent(role.code)}`, { disabled }));
      notify(disabled ? `角色“${role.name}”已停用` : `角色“${role.name}”已启用`);
      paint();
    } catch (error) { notifyError(error); }
  }

  async function rename(role) {
    const next = await renameRoleDialog(role);
    if (next) { replaceRole(next); paint(); }
  }

  function roleCell(role) {
    return h("th", { class: "role-name", scope: "row" },
      h("div", {}, h("strong", {}, role.name), " ", role.builtin && h("span", { class: "badge info" }, "内置"),
        role.disabled && h("span", { class: "badge warn" }, "已停用")),
      h("div", { class: "mono muted" }, role.code),
      role.description && h("div", { class: "muted role-description" }, role.description));
  }

  function paint() {
    mount(matrix, h("table", { class: "grid matrix roles-matrix", "data-testid": "roles-matrix" },
      h("thead", {}, h("tr", {},
        h("th", { class: "corner" }, "角色 \\ 权限"),
        permissions.map((p) => h("th", { class: ["rotate", p.readOnly && "read-only"], title: p.code, "data-permission": p.code },
          h("span", {}, p.title), p.readOnly && h("span", { class: "read-only-mark" }, "（只读）"))),
        canManage && h("th", {}, "操作"))),
      h("tbody", {}, roles.map((role) => h("tr", { class: role.disabled && "row-disabled", "data-role": role.code },
        roleCell(role),
        permissions.map((p) => h("td", { class: p.readOnly && "read-only" },
          h("input", {
            type: "checkbox", "data-role": role.code, "data-permission": p.code,
            "aria-label": `${role.name}：${p.title}`, title: `${role.name}：${p.title}`,
            checked: role.permissions.includes(p.code), disabled: !canManage,
            onchange: (event) => toggle(role, p, event.target),
          }))),
        canManage && h("td", { class: "role-actions" },
          h("button", { type: "button", class: "link", onclick: () => rename(role) }, "重命名"),
          role.disabled
            ? h("button", { type: "button", class: "link", onclick: () => setDisabled(role, false) }, "启用")
            : h("button", { type: "button", class: "link danger", onclick: () => setDisabled(role, true) }, "停用")))))));
  }

  async function create() {
    const role = await createRoleDialog();
    if (role) { replaceRole(role); paint(); }
  }

  mount(container,
    h("h1", {}, "角色与权限"),
    h("div", { class: "toolbar" },
      h("p", { class: "muted matrix-legend" },
        "每行一个角色，每列一项权限；",
        h("span", { class: "legend-read-only" }, "浅色列"), "为只读（查询类）权限，政府监督员只能拥有这类权限。"),
      h("span", { class: "spacer" }),
      canManage && h("button", { type: "button", class: "primary", onclick: create }, "新建角色")),
    !canManage && h("p", { class: "notice", "data-testid": "roles-read-only" }, "您没有“角色与权限管理”权限，只能查看。"),
    matrix);
  paint();
}
