// Starts the console: the login form when nobody is signed in, otherwise the shell (header, permission-filtered
// menu, content) and the screen the address names.
import { api } from "./core/api.js";
import { h, mount } from "./core/dom.js";
import { Router, mayLeave, navigate, setLeaveGuard } from "./core/router.js";
import { session } from "./core/session.js";
import { navigation, detailRoutes } from "./screens/index.js";
import { showLogin } from "./screens/login.js";
import { renderHome } from "./screens/home.js";
import { changePasswordDialog, requirePasswordChange } from "./screens/password.js";
import { notify, notifyError } from "./ui/toast.js";

const app = document.getElementById("app");
const menuRoutes = navigation.flatMap((group) => group.items);
// Detail routes first: "/people/new" must not be read as "/people/:id".
const routes = [...detailRoutes, ...menuRoutes, { path: "/", title: "首页", permissions: [] }];
let content;
let menu;

session.onExpired = () => {
  // Several calls may find the session over at once; the login form is drawn once, over any open dialog.
  if (document.querySelector("[data-testid=login-form]")) return;
  for (const dialog of document.querySelectorAll("dialog")) dialog.remove();
  content = null;
  showLogin(app, { message: "登录已失效，请重新登录", onSignedIn: start });
};

async function start() {
  // An administrator-set password is changed before anything else: the services refuse everything else until then
  // (IDENTITY_PASSWORD_CHANGE_REQUIRED), and a reload with such a session comes back here too.
  if (session.mustChangePassword) {
    let refreshed = false;
    try {
      refreshed = await requirePasswordChange();
    } catch (error) {
      notifyError(error);
    }
    if (!refreshed || session.mustChangePassword) {
      try { await api.post("/v1/auth/logout", {}); } catch { /* the session ends here regardless */ }
      session.clear();
      return showLogin(app, { message: "须先修改初始密码才能使用系统，请重新登录", onSignedIn: start });
    }
  }
  try {
    session.setUser(await api.get("/v1/me"));
  } catch (error) {
    if (error.status === 401) return;   // onExpired already shows the login form
    notifyError(error);
  }
  renderShell();
  router.resolve();
}

async function logout() {
  if (!(await mayLeave())) return;
  setLeaveGuard(null);
  try { await api.post("/v1/auth/logout", {}); } catch { /* the session ends here regardless */ }
  session.clear();
  location.hash = "/";
  showLogin(app, { message: "已退出登录", onSignedIn: start });
}

function renderShell() {
  const user = session.user;
  menu = h("nav", { "aria-label": "主菜单" }, navigation.map((group) => {
    const items = group.items.filter((item) => session.canAny(item.permissions));
    if (!items.length) return null;
    return [h("div", { class: "group" }, group.group),
      items.map((item) => h("a", { href: `#${item.path}`, "data-path": item.path }, item.title))];
  }));
  content = h("main", { id: "content" });
  mount(app, h("div", { class: "shell" },
    h("header", {},
      h("span", { class: "product" }, "计量检测数据与结果处理平台 · 管理后台"),
      h("span", { class: "who", "data-testid": "current-user" }, `${user.displayName}（${user.username}）`),
      h("button", { type: "button", onclick: () => changePasswordDialog() }, "修改密码"),
      h("button", { type: "button", class: "logout", onclick: logout }, "退出")),
    menu, content));
}

let renderCount = 0;
const router = new Router(routes, async (route, params, query, allowed) => {
  const thisRender = ++renderCount;
  setLeaveGuard(null);
  if (!session.signedIn) return showLogin(app, { onSignedIn: start });
  if (!content) renderShell();
  for (const link of menu.querySelectorAll("a")) {
    const path = link.dataset.path;
    link.classList.toggle("active", route?.path === path || (route && route.path.startsWith(`${path}/`)));
  }
  if (!route) return mount(content, h("h1", {}, "页面不存在"), h("p", {}, h("a", { href: "#/" }, "返回首页")));
  document.title = `${route.title} · 计量检测平台管理后台`;
  if (!allowed) {
    return mount(content, h("h1", {}, route.title), h("p", { class: "form-error" }, "您没有查看此页面的权限。"));
  }
  // Each navigation draws into a view of its own: a slow screen that finishes after the person moved on draws
  // into a view no longer on the page, never over the screen they are looking at.
  const view = h("div", { class: "view" }, h("p", { class: "loading" }, "正在加载…"));
  mount(content, view);
  if (route.path === "/") return renderHome(view, menuRoutes);
  try {
    const screen = await route.load();
    if (thisRender !== renderCount) return;
    mount(view);
    await screen.render(view, params, query);
  } catch (error) {
    if (thisRender !== renderCount) return;
    mount(view, h("h1", {}, route.title), h("p", { class: "form-error" }, `无法打开此页面：${error.title || error.message}`));
    if (error.code) notifyError(error);
  }
});

if (session.signedIn) start();
else showLogin(app, { onSignedIn: start });
export { navigate, notify };
