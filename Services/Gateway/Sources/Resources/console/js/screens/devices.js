// Mobile devices: tabs by status with the counts the service gives (待授权 first, since those wait for someone),
// search, server paging, and 授权 / 停用 in each row for whoever holds devices.manage.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { navigate, replaceQuery } from "../core/router.js";
import { session } from "../core/session.js";
import { pagedTable } from "../ui/table.js";
import { formatDateTime } from "../ui/format.js";
import { DEVICE_STATUSES, deviceActions, deviceKindLabel, deviceStatusBadge, fingerprint, reasonLabel } from "./device-common.js";

const ALL = { value: "", label: "全部" };

export async function render(container, params, query) {
  const manage = session.can("devices.manage");
  // With no tab chosen, open on 待授权 when something waits there.
  let status = query.status === "all" ? "" : query.status;
  if (status === undefined) {
    const first = await api.get("/v1/devices", { pageSize: 1 });
    status = first.counts.pending > 0 ? "pending" : "";
  }
  const filters = { status, query: query.query || "" };

  const tabButtons = new Map();
  const tabs = h("div", { class: "tabs", role: "tablist", "data-testid": "device-tabs" },
    [...DEVICE_STATUSES, ALL].map((tab) => {
      const count = h("span", { class: "devices-count" });
      const button = h("button", { type: "button", role: "tab", "data-status": tab.value, onclick: () => choose(tab.value) }, tab.label, count);
      tabButtons.set(tab.value, { button, count });
      return button;
    }));

  function showCounts(counts) {
    const all = counts.pending + counts.enabled + counts.disabled;
    for (const [value, { button, count }] of tabButtons) {
      count.textContent = ` ${value ? counts[value] : all}`;
      button.classList.toggle("active", value === filters.status);
      button.setAttribute("aria-selected", String(value === filters.status));
    }
    tabButtons.get("pending").count.classList.toggle("devices-count-pending", counts.pending > 0);
  }

  const table = pagedTable({
    testId: "devices-table",
    emptyText: "没有符合条件的设备",
    columns: [
      { label: "设备名称", render: (d) => h("a", { href: `#/devices/${d.id}` }, d.name || "（未命名）") },
      { label: "IMEI", render: (d) => (d.imeiReported ? h("span", { class: "mono" }, d.imei) : "—") },
      { label: "类型", render: (d) => deviceKindLabel(d) },
      { label: "型号", render: (d) => d.model },
      { label: "系统", render: (d) => d.os },
      { label: "App 版本", render: (d) => d.appVersion },
      { label: "首次 / 最近登录", class: "devices-seen", render: (d) => [formatDateTime(d.firstSeen), h("br"), formatDateTime(d.lastSeen)] },
      { label: "最近使用人", render: (d) => d.lastUsername },
      { label: "密钥指纹", render: (d) => fingerprint(d.keyFingerprint, { short: true }) },
      { label: "状态", render: (d) => deviceStatusBadge(d) },
      { label: "状态变更", class: "devices-change", render: statusChange },
      manage && { label: "操作", render: (d) => deviceActions(d, () => table.reload()) },
    ].filter(Boolean),
    rowClass: (d) => (d.status === "pending" ? "row-warn" : undefined),
    onRowClick: (d) => navigate(`/devices/${d.id}`),
    load: async ({ page, pageSize }) => {
      const answer = await api.get("/v1/devices", { ...filters, page, pageSize });
      showCounts(answer.counts);
      return { rows: answer.devices, total: answer.total };
    },
  });

  function choose(value) {
    if (value === filters.status) return;
    filters.status = value;
    remember();
    table.reload({ first: true });
  }
  // 全部 is written as "all" so that a reload keeps it instead of opening on 待授权 again.
  const remember = () => replaceQuery({ status: filters.status || "all", query: filters.query });

  const search = h("input", { type: "search", name: "query", value: filters.query, placeholder: "IMEI、设备名称或型号", class: "devices-search" });
  let timer;
  function applySearch() {
    clearTimeout(timer);
    if (search.value.trim() === filters.query) return;
    filters.query = search.value.trim();
    remember();
    table.reload({ first: true });
  }
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(applySearch, 350); });
  search.addEventListener("keydown", (event) => { if (event.key === "Enter") applySearch(); });

  mount(container,
    h("h1", {}, "移动设备"),
    h("p", { class: "muted devices-intro" },
      "手机首次登录后处于“待授权”状态；核对手机上显示的密钥指纹后授权，才能用于录入和签名检定记录。停用设备会立即结束其上的会话。"),
    tabs,
    h("div", { class: "toolbar" }, h("label", {}, "搜索", search)),
    table.element);
  // The tab's own value must be in the address even when chosen by default, so a reload shows the same tab.
  remember();
  await table.reload({ first: true });
}

function statusChange(d) {
  if (!d.statusChangedAt && !d.statusChangedByName) return h("span", { class: "muted" }, "—");
  return h("div", {},
    h("div", {}, [d.statusChangedByName, formatDateTime(d.statusChangedAt)].filter(Boolean).join(" · ")),
    d.statusReason && h("div", { class: "devices-reason" }, reasonLabel(d.statusReason), d.statusNote && `：${d.statusNote}`),
    !d.statusReason && d.statusNote && h("div", { class: "muted" }, d.statusNote));
}
