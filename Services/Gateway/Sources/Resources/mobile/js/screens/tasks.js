// 我的任务 / 已退回: the tester's tasks (GET /v1/tasks with view mine or returned, and a state filter), as cards
// that fit a phone. Offline, the last list seen is shown.
import { api } from "../core/api.js";
import { errorLine, h, mount } from "../core/dom.js";
import { TASK_STATES, badge } from "../ui/common.js";

const VIEWS = [["mine", "我的任务"], ["returned", "已退回"]];

export async function render(container, params, query) {
  document.getElementById("title").textContent = "检定任务";
  const view = VIEWS.some(([v]) => v === query.view) ? query.view : "mine";
  const state = query.state || "";
  const go = (changes) => {
    const next = new URLSearchParams({ view, state, ...changes });
    for (const [k, v] of [...next]) if (!v) next.delete(k);
    location.hash = `#/tasks?${next}`;
  };
  const list = h("div", { "data-testid": "task-list" }, h("p", { class: "muted" }, "正在读取…"));
  mount(container,
    h("div", { class: "segmented", "data-testid": "task-views" }, VIEWS.map(([v, title]) =>
      h("button", { type: "button", class: v === view ? "active" : "", "data-view": v, onclick: () => go({ view: v }) }, title))),
    view === "mine" && h("select", { name: "state", class: "filter", onchange: (e) => go({ state: e.target.value }) },
      h("option", { value: "" }, "全部状态"),
      ["created", "in_progress"].map((s) => h("option", { value: s, selected: s === state }, TASK_STATES[s]))),
    list);
  try {
    const { value, cached } = await api.cachedGet("/v1/tasks", { view, state: view === "mine" ? state : "", pageSize: 50 });
    const tasks = value.tasks || [];
    mount(list, 
      cached ? h("p", { class: "notice" }, "离线：显示上次读取的任务") : "",
      tasks.length ? tasks.map(card) : h("p", { class: "empty" }, view === "returned" ? "没有退回的任务" : "没有待检任务"));
  } catch (error) {
    mount(list, errorLine(error));
  }
}

function card(task) {
  const instrument = task.instrument || {};
  return h("a", { class: "card task-card", href: `#/tasks/${encodeURIComponent(task.id)}`, "data-testid": "task-card", "data-task": task.id },
    h("div", { class: "row" }, h("span", { class: "strong" }, instrument.name || task.itemName), badge(TASK_STATES, task.state)),
    h("div", { class: "muted" }, `${task.itemName} · ${task.typeTitle || task.typeCode}`),
    h("div", { class: "muted" }, task.customerName),
    h("div", { class: "row muted" }, h("span", { class: "mono" }, task.rawRecordNumber || "（开始检定时编号）"),
      h("span", {}, instrument.serialNumber ? `出厂编号 ${instrument.serialNumber}` : "")),
    task.state === "returned" && task.returnReason && h("div", { class: "error" }, `退回：${task.returnReason}`));
}
