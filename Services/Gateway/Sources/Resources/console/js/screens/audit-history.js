// The change history of one thing (a device, a standard), read from its service's audit trail: the services keep no
// other history, and the trail is the one that cannot be quietly changed. Shown only to holders of audit.read.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { simpleTable } from "../ui/table.js";
import { actorLabel, detailsToggle, formatSeconds } from "./audit-entry.js";

const PAGE_SIZE = 20;

export function auditHistoryPanel({ service, entityType, entityId, title = "变更历史", testId }) {
  if (!session.can("audit.read")) return null;
  const entries = [];
  let nextBeforeSeq;
  const area = h("div", {}, h("p", { class: "loading" }, "正在加载…"));
  const more = h("button", { type: "button", class: "hidden", onclick: load }, "加载更早的记录");
  const link = h("a", { href: `#/audit?${new URLSearchParams({ service, entityType, entityId })}` }, "在审计追踪中查看");

  async function load() {
    more.disabled = true;
    try {
      const page = await api.get("/v1/audit", { service, entityType, entityId, pageSize: PAGE_SIZE, beforeSeq: nextBeforeSeq });
      entries.push(...page.entries);
      nextBeforeSeq = page.nextBeforeSeq || undefined;
      more.classList.toggle("hidden", !nextBeforeSeq || page.entries.length < PAGE_SIZE);
      mount(area, simpleTable({
        emptyText: "没有记录",
        rows: entries,
        columns: [
          { label: "时间", class: "audit-time", render: (e) => formatSeconds(e.occurredAt) },
          { label: "操作人", render: actorLabel },
          { label: "操作", render: (e) => h("span", { class: "mono" }, e.action) },
          { label: "摘要 / 详情", class: "audit-summary", render: (e) => [h("div", {}, e.summary), detailsToggle(e)] },
          { label: "序号", class: "num", render: (e) => e.seq },
        ],
      }));
    } catch (error) {
      mount(area, h("p", { class: "form-error" }, `无法读取变更历史：${error.title || error.message}`));
    } finally {
      more.disabled = false;
    }
  }
  load();

  return h("div", { class: "panel", "data-testid": testId },
    h("div", { class: "panel-head" }, h("h2", {}, title), link),
    area, h("div", { class: "audit-more" }, more));
}
