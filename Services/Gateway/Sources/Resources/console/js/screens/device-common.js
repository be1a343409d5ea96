// What the device list and a device's page share: Chinese labels, the status badge, how a key fingerprint is shown,
// and the two actions (授权, 停用) with their confirmations.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { confirmAction } from "../ui/dialog.js";
import { notify, notifyError } from "../ui/toast.js";

export const DEVICE_STATUSES = [
  { value: "pending", label: "待授权", badge: "warn" },
  { value: "enabled", label: "已启用", badge: "ok" },
  { value: "disabled", label: "已停用", badge: "danger" },
];

export const DISABLE_REASONS = [
  { value: "not_ours", label: "非本单位设备" },
  { value: "retired", label: "已退役" },
  { value: "lost", label: "遗失" },
  { value: "stolen", label: "被盗" },
  { value: "broken", label: "损坏" },
  { value: "other", label: "其他" },
];

export function reasonLabel(code) {
  return DISABLE_REASONS.find((r) => r.value === code)?.label || code || "";
}

/** 原生应用 reports its IMEI; an app install (the mobile web app) cannot, and is known by its registration key. */
export function deviceKindLabel(device) {
  return device.kind === "app" ? "应用安装（无 IMEI）" : "原生应用";
}

/** How a confirmation names the device: its IMEI, or that it is an app install. */
function deviceIdentity(device) {
  return device.imeiReported === false ? "应用安装" : `IMEI ${device.imei}`;
}

export function deviceStatusBadge(device) {
  const status = DEVICE_STATUSES.find((s) => s.value === device.status);
  return h("span", { class: ["badge", status?.badge], "data-status": device.status }, status?.label || device.status);
}

/** The fingerprint in groups of four hex digits, as people read it aloud from the phone; `short` keeps the first
 *  16 digits (enough to tell devices apart in a list) with the whole one as a tooltip. */
export function fingerprint(value, { short = false } = {}) {
  if (!value) return h("span", { class: "muted" }, "无");
  const groups = value.match(/.{1,4}/g) || [];
  const text = short ? `${groups.slice(0, 4).join(" ")} …` : groups.join(" ");
  return h("span", { class: ["mono", "devices-fingerprint"], title: value, "data-fingerprint": value }, text);
}

/** 授权: asks to compare the fingerprint with the one the phone shows, then enables the device. */
export async function enableDevice(device, onChanged) {
  const ok = await confirmAction({
    title: "授权设备",
    confirmLabel: "授权",
    message: h("span", {},
      `授权后，“${device.name || device.imei}”（${deviceIdentity(device)}）可以登录并签名检定记录。请先核对手机上显示的密钥指纹与下列指纹一致：`,
      h("span", { class: "devices-confirm-fingerprint" }, fingerprint(device.keyFingerprint))),
  });
  if (!ok) return;
  try {
    const next = await api.post(`/v1/devices/${encodeURIComponent(device.id)}/enable`, {});
    notify(`已授权设备“${next.name || next.imei}”`);
    onChanged(next);
  } catch (error) { notifyError(error); }
}

/** 停用: with a reason and a note; sessions bound to the device end at once, so it says so. */
export async function disableDevice(device, onChanged) {
  const answer = await confirmAction({
    title: "停用设备",
    confirmLabel: "停用",
    danger: true,
    reason: DISABLE_REASONS,
    noteLabel: "说明（可选，记入审计追踪）",
    message: `停用“${device.name || device.imei}”（${deviceIdentity(device)}）后，在该设备上登录的会话立即失效，它不能再登录或签名，直到重新授权。`,
  });
  if (!answer) return;
  try {
    const next = await api.post(`/v1/devices/${encodeURIComponent(device.id)}/disable`, { reason: answer.reason, note: answer.note });
    notify(`已停用设备“${next.name || next.imei}”（${reasonLabel(next.statusReason)}）`);
    onChanged(next);
  } catch (error) { notifyError(error); }
}

/** The buttons a device offers in its current status (none without devices.manage; the caller checks that). */
export function deviceActions(device, onChanged) {
  return h("span", { class: "actions devices-actions" },
    device.status !== "enabled" && h("button", { type: "button", class: "primary", onclick: () => enableDevice(device, onChanged) },
      device.status === "pending" ? "授权" : "重新授权"),
    device.status !== "disabled" && h("button", { type: "button", class: "danger", onclick: () => disableDevice(device, onChanged) }, "停用"));
}
