// 批准: the approval queue (GET /v1/approvals), sortable by instrument name, raw-record number, review time and item
// (§4.3.11.3), either way round.
import { api } from "../core/api.js";
import { errorLine, h, mount } from "../core/dom.js";
import { APPROVAL_STATES, badge, formatTime } from "../ui/common.js";

const SORTS = [["time", "按核验时间"], ["name", "按器具名称"], ["number", "按原始记录编号"], ["item", "按检测项目"]];

export async function render(container, params, query) {
  document.getElementById("title").textContent = "批准";
  const sort = SORTS.some(([s]) => s === query.sort) ? query.sort : "time";
  const descending = query.order === "desc";
  const go = (changes) => { location.hash = `#/approvals?${new URLSearchParams({ sort, order: descending ? "desc" : "asc", ...changes })}`; };
  const list = h("div", { "data-testid": "approval-list" }, h("p", { class: "muted" }, "正在读取…"));
  mount(container,
    h("div", { class: "toolbar" },
      h("select", { name: "sort", "data-testid": "approvals-sort", onchange: (e) => go({ sort: e.target.value }) },
        SORTS.map(([value, title]) => h("option", { value, selected: value === sort }, title))),
      h("select", { name: "order", onchange: (e) => go({ order: e.target.value }) },
        h("option", { value: "asc", selected: !descending }, "正序"), h("option", { value: "desc", selected: descending }, "倒序"))),
    list);
  try {
    const { value, cached } = await api.cachedGet("/v1/approvals", { state: "pending", sort, descending: descending ? "true" : "", pageSize: 50 });
    const approvals = value.approvals || [];
    mount(list, cached ? h("p", { class: "notice" }, "离线：显示上次读取的列表") : "",
      approvals.length ? approvals.map((a) => h("a", { class: "card task-card", href: `#/approvals/${encodeURIComponent(a.taskId)}`, "data-testid": "approval-card", "data-task": a.taskId },
        h("div", { class: "row" }, h("span", { class: "strong" }, a.instrumentName || a.itemName), badge(APPROVAL_STATES, a.state)),
        h("div", { class: "muted" }, `${a.itemName} · ${a.customerName}`),
        h("div", { class: "row muted" }, h("span", { class: "mono" }, a.rawRecordNumber), h("span", {}, formatTime(a.reviewedAt))),
        h("div", { class: "muted" }, `结论：${a.conclusion || "—"} · 检定 ${a.testerName} · 核验 ${a.reviewerName}`)))
        : h("p", { class: "empty" }, "没有待批准的记录"));
  } catch (error) {
    mount(list, errorLine(error));
  }
}
