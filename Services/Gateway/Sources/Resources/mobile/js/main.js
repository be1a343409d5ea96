// The phone app: hash routes ("#/tasks/42"), a tab bar by what the person may do, the service worker for offline
// use, and the outbox synced whenever the network comes back.
import { h, mount, errorLine } from "./core/dom.js";
import { outbox } from "./core/outbox.js";
import { session } from "./core/session.js";
import { db } from "./core/db.js";

const ROUTES = [
  { path: "/login", load: () => import("./screens/login.js"), open: true },
  { path: "/tasks", load: () => import("./screens/tasks.js"), tab: "tasks" },
  { path: "/tasks/:id", load: () => import("./screens/task.js"), tab: "tasks" },
  { path: "/review", load: () => import("./screens/reviews.js"), tab: "review" },
  { path: "/review/:id", load: () => import("./screens/review.js"), tab: "review" },
  { path: "/approvals", load: () => import("./screens/approvals.js"), tab: "approvals" },
  { path: "/approvals/:id", load: () => import("./screens/approval.js"), tab: "approvals" },
  { path: "/regulations", load: () => import("./screens/regulations.js"), tab: "regulations" },
  { path: "/me", load: () => import("./screens/me.js"), tab: "me" },
];

const TABS = [
  { id: "tasks", href: "#/tasks", title: "检定", permission: "records.enter" },
  { id: "review", href: "#/review", title: "核验", permission: "records.review" },
  { id: "approvals", href: "#/approvals", title: "批准", permission: "certificates.approve" },
  { id: "regulations", href: "#/regulations", title: "规程" },
  { id: "me", href: "#/me", title: "我的" },
];

function match(pattern, path) {
  const names = [];
  const source = pattern.replace(/:([a-zA-Z]+)/g, (_, name) => { names.push(name); return "([^/]+)"; });
  const found = new RegExp(`^${source}$`).exec(path);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, safeDecode(found[i + 1])]));
}

function safeDecode(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

export function homePath() {
  const first = TABS.find((tab) => tab.permission && session.can(tab.permission));
  return first ? first.href.slice(1) : "/regulations";
}

let cleanup = null;
// Each navigation draws into a fresh view: a screen still loading when the person (or the app) moved on draws into
// its own detached view and can never cover the newer screen.
let navigation = 0;

async function resolve() {
  const [path, queryText = ""] = location.hash.replace(/^#/, "").split("?");
  const query = Object.fromEntries(new URLSearchParams(queryText));
  const app = document.getElementById("app");
  if (!session.signedIn && path !== "/login") { location.replace("#/login"); return; }
  if (!path || path === "/") { location.replace(`#${homePath()}`); return; }
  for (const route of ROUTES) {
    const params = match(route.path, path);
    if (!params) continue;
    drawTabs(route.tab);
    if (cleanup) { try { cleanup(); } catch { /* the old screen is gone anyway */ } cleanup = null; }
    const token = ++navigation;
    const view = h("div", { class: "view" });
    mount(app, view);
    window.scrollTo(0, 0);
    try {
      const screen = await route.load();
      const result = await screen.render(view, params, query);
      if (typeof result === "function") {
        if (token === navigation) cleanup = result; else result();
      }
    } catch (error) {
      mount(view, errorLine(error, "screen-error"));
    }
    return;
  }
  location.replace(`#${homePath()}`);
}

function drawTabs(active) {
  const tabs = document.getElementById("tabs");
  tabs.hidden = !session.signedIn || !active;
  mount(tabs, TABS.filter((tab) => !tab.permission || session.can(tab.permission)).map((tab) =>
    h("a", { href: tab.href, class: tab.id === active ? "active" : "", "data-tab": tab.id }, tab.title)));
}

/** The header's network and outbox state: 离线 / 待同步 N. */
export async function drawNetState() {
  const net = document.getElementById("net");
  const waiting = (await db.all("outbox")).length;
  net.textContent = [navigator.onLine ? "" : "离线", waiting ? `待同步 ${waiting}` : ""].filter(Boolean).join(" · ");
  net.className = `net ${navigator.onLine ? "" : "offline"} ${waiting ? "waiting" : ""}`;
}

async function syncNow() {
  if (!session.signedIn || !navigator.onLine) return;
  await outbox.syncAll();
  await drawNetState();
}

session.onExpired = () => { location.hash = "#/login"; };
window.addEventListener("hashchange", resolve);
window.addEventListener("online", () => { drawNetState(); syncNow(); });
window.addEventListener("offline", drawNetState);
outbox.onChange(() => drawNetState());
// Also retried on a timer: `online` does not fire when the network was there but the server was not.
setInterval(syncNow, 15000);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/m/sw.js", { scope: "/m/" }).catch(() => { /* the app works online without it */ });
}

drawNetState();
resolve().then(syncNow);
