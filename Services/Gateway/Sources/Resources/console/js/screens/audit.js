// The audit trail of one service, newest first, with the filters the API has (actor, action, entity, time) and its
// keyset paging: each page ends with a cursor (`nextBeforeSeq`) for the next; 上一页 goes back along the cursors
// already seen. The 验证 button recomputes the service's hash chain.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { replaceQuery } from "../core/router.js";
import { simpleTable } from "../ui/table.js";
import { notifyError } from "../ui/toast.js";
import { actorLabel, detailsToggle, formatSeconds, shortHash } from "./audit-entry.js";
import { verifyPanel } from "./audit-verify.js";

const SERVICES = [
  { value: "identity", label: "身份与权限" },
  { value: "devices", label: "设备与计量标准" },
  { value: "flows", label: "检测设置" },
  { value: "records", label: "检定记录" },
  { value: "certificates", label: "证书" },
  { value: "reports", label: "报表" },
];
const PAGE_SIZES = [20, 50, 100, 200];
const serviceLabel = (value) => SERVICES.find((s) => s.value === value)?.label || value;

/** A datetime-local value read as Beijing time, as RFC 3339 (`end` takes the whole minute). */
function rfc3339(local, end = false) {
  if (!local) return undefined;
  return `${local.length === 16 ? `${local}:${end ? "59" : "00"}` : local}+08:00`;
}

export async function render(container, params, query) {
  const filters = {
    service: SERVICES.some((s) => s.value === query.service) ? query.service : "identity",
    actorId: query.actorId || "", actorName: query.actorName || "", action: query.action || "",
    entityType: query.entityType || "", entityId: query.entityId || "", from: query.from || "", to: query.to || "",
    pageSize: PAGE_SIZES.includes(Number(query.pageSize)) ? Number(query.pageSize) : 50,
  };
  // cursors[i] is the beforeSeq of page i + 1 (undefined: from the newest).
  let cursors = [undefined];
  let nextCursor = 0;
  const seenActions = new Set();

  const input = (name, attributes = {}) => h("input", { type: "text", name, value: filters[name], ...attributes });
  const serviceSelect = h("select", { name: "service", class: "audit-service" }, SERVICES.map((s) => h("option", { value: s.value, selected: s.value === filters.service }, s.label)));
  const actionList = h("datalist", { id: "audit-actions" });
  const actionInput = input("action", { list: "audit-actions", placeholder: "如 user.created", class: "audit-filter-action" });
  const entityTypeInput = input("entityType", { placeholder: "如 user、device、standard", class: "audit-filter-type" });
  const entityIdInput = input("entityId", { placeholder: "对象编号", class: "audit-filter-id mono" });
  const fromInput = h("input", { type: "datetime-local", name: "from", value: filters.from });
  const toInput = h("input", { type: "datetime-local", name: "to", value: filters.to });
  const pageSizeSelect = h("select", { name: "pageSize" }, PAGE_SIZES.map((n) => h("option", { value: n, selected: n === filters.pageSize }, `${n} 条`)));
  const actorChip = h("span", { class: "audit-actor-chip", "data-testid": "audit-actor-filter" });

  const verify = verifyPanel(serviceLabel);
  verify.setService(filters.service);

  const tableArea = h("div", { "data-testid": "audit-trail" });
  const info = h("span", { class: "pager-info" });
  const previous = h("button", { type: "button", class: "pager-previous", onclick: () => go(pageIndex - 1) }, "上一页");
  const next = h("button", { type: "button", class: "pager-next", onclick: () => go(pageIndex + 1) }, "下一页");
  let pageIndex = 0;

  function showActor() {
    mount(actorChip, filters.actorId
      ? [h("span", {}, filters.actorName || h("span", { class: "mono" }, filters.actorId)),
        h("button", { type: "button", class: "link", title: "不按操作人筛选", onclick: () => setActor("", "") }, "×")]
      : h("span", { class: "muted" }, "全部（点击列表中的操作人筛选）"));
  }
  function setActor(id, name) {
    filters.actorId = id; filters.actorName = name;
    showActor();
    restart();
  }
  function setEntity(entry) {
    entityTypeInput.value = entry.entityType; entityIdInput.value = entry.entityId;
    apply();
  }

  function remember() {
    const { pageSize, ...rest } = filters;
    replaceQuery({ ...rest, pageSize: pageSize === 50 ? "" : pageSize });
  }
  function restart() {
    cursors = [undefined];
    remember();
    go(0);
  }
  /** Reads the filters; reloads from the newest entry when they changed, or always with `force` (查询). */
  function apply({ force = false } = {}) {
    const changedService = serviceSelect.value !== filters.service;
    const before = JSON.stringify(filters);
    Object.assign(filters, {
      service: serviceSelect.value, action: actionInput.value.trim(), entityType: entityTypeInput.value.trim(),
      entityId: entityIdInput.value.trim(), from: fromInput.value, to: toInput.value, pageSize: Number(pageSizeSelect.value),
    });
    if (!force && before === JSON.stringify(filters)) return;
    if (changedService) { seenActions.clear(); mount(actionList); }
    verify.setService(filters.service);
    restart();
  }
  function clearFilters() {
    for (const control of [actionInput, entityTypeInput, entityIdInput, fromInput, toInput]) control.value = "";
    filters.actorId = ""; filters.actorName = "";
    showActor();
    apply({ force: true });
  }

  let loading = 0;
  async function go(index) {
    if (index < 0 || index >= cursors.length) return;
    const thisLoad = ++loading;
    previous.disabled = true; next.disabled = true;
    mount(tableArea, h("p", { class: "loading" }, "正在加载…"));
    try {
      const page = await api.get("/v1/audit", {
        service: filters.service, actorId: filters.actorId, action: filters.action, entityType: filters.entityType,
        entityId: filters.entityId, from: rfc3339(filters.from), to: rfc3339(filters.to, true),
        pageSize: filters.pageSize, beforeSeq: cursors[index],
      });
      if (thisLoad !== loading) return;
      pageIndex = index;
      nextCursor = page.entries.length ? page.nextBeforeSeq || 0 : 0;
      cursors = cursors.slice(0, index + 1);
      if (nextCursor) cursors.push(nextCursor);
      learnActions(page.entries);
      mount(tableArea, entriesTable(page.entries));
      const first = page.entries[0]?.seq;
      const last = page.entries[page.entries.length - 1]?.seq;
      info.textContent = page.entries.length
        ? `第 ${index + 1} 页 · 本页 ${page.entries.length} 条（序号 ${first}～${last}）${nextCursor ? "" : " · 已到最早的记录"}`
        : index > 0 ? `第 ${index + 1} 页 · 没有更早的记录` : "没有记录";
      previous.disabled = index === 0;
      next.disabled = !nextCursor;
    } catch (error) {
      if (thisLoad !== loading) return;
      mount(tableArea, h("p", { class: "form-error" }, `加载失败：${error.title || error.message}`));
      previous.disabled = pageIndex === 0;
      notifyError(error);
    }
  }

  function learnActions(entries) {
    for (const entry of entries) {
      if (seenActions.has(entry.action)) continue;
      seenActions.add(entry.action);
      actionList.append(h("option", { value: entry.action }));
    }
  }

  function entriesTable(entries) {
    return simpleTable({
      testId: "audit-table",
      emptyText: "没有符合条件的审计记录",
      rows: entries,
      columns: [
        { label: "时间", class: "audit-time", render: (e) => formatSeconds(e.occurredAt) },
        { label: "操作人", render: (e) => (e.actorId
          ? h("button", { type: "button", class: "link", title: "只看此人的操作", onclick: () => setActor(e.actorId, actorLabel(e)) }, actorLabel(e))
          : actorLabel(e)) },
        { label: "操作", render: (e) => h("span", { class: "mono" }, e.action) },
        { label: "对象", class: "audit-entity", render: (e) => (e.entityType || e.entityId
          ? h("button", { type: "button", class: "link", title: "只看此对象的记录", onclick: () => setEntity(e) },
            h("span", { class: "mono" }, e.entityType), " ", h("span", { class: "mono muted" }, e.entityId ? `${e.entityId.slice(0, 8)}…` : ""))
          : h("span", { class: "muted" }, "—")) },
        { label: "摘要 / 详情", class: "audit-summary", render: (e) => [h("div", {}, e.summary), detailsToggle(e)] },
        { label: "序号", class: "num", render: (e) => e.seq },
        { label: "哈希", render: (e) => shortHash(e.hash) },
      ],
    });
  }

  for (const control of [serviceSelect, pageSizeSelect, fromInput, toInput]) control.addEventListener("change", () => apply());
  for (const control of [actionInput, entityTypeInput, entityIdInput]) {
    control.addEventListener("keydown", (event) => { if (event.key === "Enter") apply(); });
    control.addEventListener("change", () => apply());
  }
  showActor();

  mount(container,
    h("h1", {}, "审计追踪"),
    h("p", { class: "muted" }, "每个服务各自保存一条哈希链式的审计追踪：每条记录包含前一条的哈希，任何修改、改接或删除都能被“验证”发现。"),
    h("div", { class: "toolbar", "data-testid": "audit-filters" },
      h("label", {}, "服务", serviceSelect),
      // Not a <label>: a click on the name would press the chip's × button.
      h("div", { class: "audit-filter-group" }, h("span", {}, "操作人"), actorChip),
      h("label", {}, "操作", actionInput, actionList),
      h("label", {}, "对象类型", entityTypeInput),
      h("label", {}, "对象编号", entityIdInput),
      h("label", {}, "起（北京时间）", fromInput),
      h("label", {}, "止", toInput),
      h("label", {}, "每页", pageSizeSelect),
      h("button", { type: "button", onclick: () => apply({ force: true }) }, "查询"),
      h("button", { type: "button", onclick: clearFilters }, "清除筛选")),
    verify.element,
    tableArea,
    h("div", { class: "pager" }, info, previous, next));
  remember();
  await go(0);
}
