// Hash routes ("#/people/42"), so the gateway serves one page and a reload or a bookmark lands on the same screen.
// A route the user lacks the permission for is not shown in the menu and refuses to open.
import { session } from "./session.js";

/** Turns "/people/:id" into a matcher that returns { id } or null. */
function compile(pattern) {
  const names = [];
  const source = pattern.replace(/:([a-zA-Z]+)/g, (_, name) => { names.push(name); return "([^/]+)"; });
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, safeDecode(match[i + 1])]));
  };
}

/** decodeURIComponent that leaves a malformed part (a stray "%") as typed instead of throwing. */
function safeDecode(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

// A screen holding unsaved changes asks before any way of leaving it: a link, Back or Forward, a typed address,
// signing out. The guard resolves true when leaving is fine; each newly drawn screen starts without one.
// A reload or closing the tab cannot wait for the console's own dialog: there the browser asks (`beforeunload`),
// whenever the screen's `isDirty` says it holds unsaved changes.
let leaveGuard = null;
let leaveDirty = null;

export function setLeaveGuard(guard, { isDirty = null } = {}) {
  leaveGuard = guard;
  leaveDirty = guard ? isDirty : null;
}

window.addEventListener("beforeunload", (event) => {
  if (!leaveDirty?.()) return;
  event.preventDefault();
  event.returnValue = "";   // older browsers ask only when this is set
});

export async function mayLeave() { return !leaveGuard || leaveGuard(); }

export class Router {
  /** routes: [{ path, permissions, load: () => import(...) }]; onRoute(route, params, query) renders. */
  constructor(routes, onRoute) {
    this.routes = routes.map((route) => ({ ...route, match: compile(route.path) }));
    this.onRoute = onRoute;
    window.addEventListener("hashchange", async (event) => {
      if (leaveGuard && !(await leaveGuard())) {
        // Stay: put the address back without a second hashchange.
        history.replaceState(null, "", new URL(event.oldURL).hash || "#/");
        return;
      }
      this.resolve();
    });
  }

  current() {
    // Matched as written; route parameters and the query (by URLSearchParams) are each decoded once.
    const [path, queryText = ""] = location.hash.replace(/^#/, "").split("?");
    return { path: path || "/", query: Object.fromEntries(new URLSearchParams(queryText)) };
  }

  resolve() {
    const { path, query } = this.current();
    for (const route of this.routes) {
      const params = route.match(path);
      if (params) return this.onRoute(route, params, query, session.canAny(route.permissions));
    }
    return this.onRoute(null, {}, query, false);
  }
}

/** Navigates to a console path ("/people/42"), optionally with query values. */
export function navigate(path, query) {
  const text = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "" && v != null)).toString() : "";
  location.hash = text ? `${path}?${text}` : path;
}

/** Replaces the query part of the current route without adding a history step (filters, page numbers). */
export function replaceQuery(query) {
  const path = location.hash.replace(/^#/, "").split("?")[0] || "/";
  const text = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "" && v != null)).toString();
  history.replaceState(null, "", `#${text ? `${path}?${text}` : path}`);
}
