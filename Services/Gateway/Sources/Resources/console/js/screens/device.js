// One mobile device: everything the service knows about it, the full key fingerprint to compare with the phone,
// 授权 / 停用, and its history from the devices service's audit trail.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { formatDateTime } from "../ui/format.js";
import { deviceActions, deviceKindLabel, deviceStatusBadge, fingerprint, reasonLabel } from "./device-common.js";
import { auditHistoryPanel } from "./audit-history.js";

export async function render(container, params) {
  const device = await api.get(`/v1/devices/${encodeURIComponent(params.id)}`);
  show(container, device);
}

function show(container, device) {
  const manage = session.can("devices.manage");
  const row = (label, value) => [h("dt", {}, label), h("dd", {}, value === "" || value == null ? h("span", { class: "muted" }, "—") : value)];
  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/devices" }, "移动设备"), ` / ${device.name || device.imei}`),
    h("div", { class: "devices-head" },
      h("h1", {}, device.name || "（未命名设备）"),
      deviceStatusBadge(device),
      h("span", { class: "spacer" }),
      manage && deviceActions(device, (next) => show(container, next))),
    device.status === "pending" && h("p", { class: "notice" },
      "该设备正在等待授权。请与持有人核对手机上显示的密钥指纹，一致后再授权。"),
    h("div", { class: "devices-panels" },
      h("div", { class: "panel", "data-testid": "device-detail" },
        h("h2", {}, "设备信息"),
        h("dl", { class: "dl" },
          row("IMEI", device.imeiReported === false ? "未报告（应用安装）" : h("span", { class: "mono" }, device.imei)),
          row("类型", deviceKindLabel(device)),
          row("设备名称", device.name),
          row("型号", device.model),
          row("操作系统", device.os),
          row("App 版本", device.appVersion),
          row("首次登录", formatDateTime(device.firstSeen)),
          row("最近登录", formatDateTime(device.lastSeen)),
          row("最近使用人", device.lastUsername),
          row("设备编号", h("span", { class: "mono" }, device.id)))),
      h("div", { class: "panel", "data-testid": "device-key" },
        h("h2", {}, "签名密钥"),
        h("dl", { class: "dl" },
          row("密钥指纹（SHA-256）", fingerprint(device.keyFingerprint)),
          row("密钥编号", h("span", { class: "mono" }, device.keyId)),
          row("登记时间", formatDateTime(device.keyRegisteredAt)))),
      h("div", { class: "panel", "data-testid": "device-status" },
        h("h2", {}, "状态"),
        h("dl", { class: "dl" },
          row("当前状态", deviceStatusBadge(device)),
          row("变更人", device.statusChangedByName),
          row("变更时间", formatDateTime(device.statusChangedAt)),
          row("原因", reasonLabel(device.statusReason)),
          row("说明", device.statusNote)))),
    auditHistoryPanel({ service: "devices", entityType: "device", entityId: device.id, testId: "device-history" }));
}
