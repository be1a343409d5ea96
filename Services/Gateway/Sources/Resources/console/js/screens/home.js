// The first screen after signing in: who you are and the screens you may open.
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";

export function renderHome(container, menuRoutes) {
  const user = session.user;
  const allowed = menuRoutes.filter((route) => session.canAny(route.permissions));
  mount(container,
    h("h1", {}, `欢迎，${user.displayName}`),
    h("div", { class: "panel" },
      h("dl", { class: "dl" },
        h("dt", {}, "账号"), h("dd", {}, user.username),
        h("dt", {}, "角色"), h("dd", {}, (user.roleNames || user.roles || []).join("、") || "无"),
        h("dt", {}, "权限"), h("dd", { class: "mono" }, (user.permissions || []).join(" ") || "无"))),
    allowed.length
      ? h("div", { class: "panel" }, h("h2", {}, "可用功能"), h("ul", {}, allowed.map((route) => h("li", {}, h("a", { href: `#${route.path}` }, route.title)))))
      : h("p", { class: "form-error", "data-testid": "no-console-access" }, "您的账号没有管理后台的功能权限；检定、核验与批准请使用移动端。"));
}
