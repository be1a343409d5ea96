// The first screen after signing in: who you are and the screens you may open.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";

export async function renderHome(container, menuRoutes) {
  const user = session.user;
  // Role and permission names for people; the codes stay if the catalogues cannot be read.
  let roleNames = user.roles || [];
  let permissionNames = user.permissions || [];
  try {
    const [{ roles }, { permissions }] = await Promise.all([api.get("/v1/roles"), api.get("/v1/permissions")]);
    const roleTitles = new Map(roles.map((role) => [role.code, role.name]));
    const permissionTitles = new Map(permissions.map((permission) => [permission.code, permission.title]));
    roleNames = roleNames.map((code) => roleTitles.get(code) || code);
    permissionNames = permissionNames.map((code) => permissionTitles.get(code) || code);
  } catch { /* keep the codes */ }
  const allowed = menuRoutes.filter((route) => session.canAny(route.permissions));
  mount(container,
    h("h1", {}, `欢迎，${user.displayName}`),
    h("div", { class: "panel" },
      h("dl", { class: "dl" },
        h("dt", {}, "账号"), h("dd", {}, user.username),
        h("dt", {}, "角色"), h("dd", {}, roleNames.join("、") || "无"),
        h("dt", {}, "权限"), h("dd", {}, permissionNames.join("、") || "无"))),
    allowed.length
      ? h("div", { class: "panel" }, h("h2", {}, "可用功能"), h("ul", {}, allowed.map((route) => h("li", {}, h("a", { href: `#${route.path}` }, route.title)))))
      : h("p", { class: "form-error", "data-testid": "no-console-access" }, "您的账号没有管理后台的功能权限；检定、核验与批准请使用移动端。"));
}
