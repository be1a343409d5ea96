// 核验: the records waiting for my review (GET /v1/tasks?view=review).
import { api } from "../core/api.js";
import { errorLine, h, mount } from "../core/dom.js";
import { TASK_STATES, badge, formatTime } from "../ui/common.js";

export async function render(container) {
  document.getElementById("title").textContent = "核验";
  const list = h("div", { "data-testid": "review-list" }, h("p", { class: "muted" }, "正在读取…"));
  mount(container, list);
  try {
    const { value, cached } = await api.cachedGet("/v1/tasks", { view: "review", pageSize: 50 });
    const tasks = value.tasks || [];
    mount(list, cached ? h("p", { class: "notice" }, "离线：显示上次读取的列表") : "",
      tasks.length ? tasks.map((task) => h("a", { class: "card task-card", href: `#/review/${encodeURIComponent(task.id)}`, "data-testid": "review-card", "data-task": task.id },
        h("div", { class: "row" }, h("span", { class: "strong" }, task.instrument?.name || task.itemName), badge(TASK_STATES, task.state)),
        h("div", { class: "muted" }, `${task.itemName} · ${task.customerName}`),
        h("div", { class: "row muted" }, h("span", { class: "mono" }, task.rawRecordNumber), h("span", {}, `${task.testerName} · ${formatTime(task.submittedAt)}`))))
        : h("p", { class: "empty" }, "没有待核验的记录"));
  } catch (error) {
    mount(list, errorLine(error));
  }
}
