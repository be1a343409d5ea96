// Labels and small pieces shared by the records screens (委托单位, 台账, 委托单, 任务, 原始记录): the Chinese names of
// the states the records service uses, their badges, and how a refusal names the field it is about.
import { h } from "../core/dom.js";

export const MANDATORY_USES = [
  { value: "trade", label: "贸易结算" },
  { value: "safety", label: "安全防护" },
  { value: "medical", label: "医疗卫生" },
  { value: "environment", label: "环境监测" },
];

export const INSTRUMENT_STATUSES = [
  { value: "in_use", label: "在用", badge: "ok" },
  { value: "stopped", label: "停用", badge: "warn" },
  { value: "scrapped", label: "报废", badge: "" },
];

export const COMMISSION_STATES = [
  { value: "received", label: "已接收", badge: "info" },
  { value: "accepted", label: "已受理", badge: "ok" },
  { value: "refused", label: "已拒绝", badge: "danger" },
  { value: "in_progress", label: "检定中", badge: "warn" },
  { value: "done", label: "已完成", badge: "" },
];

export const COMMISSION_SOURCES = [
  { value: "desk", label: "现场委托" },
  { value: "appointment", label: "预约" },
];

export const TASK_STATES = [
  { value: "created", label: "待检", badge: "" },
  { value: "in_progress", label: "检定中", badge: "info" },
  { value: "submitted", label: "待核验", badge: "warn" },
  { value: "returned", label: "已退回", badge: "danger" },
  { value: "reviewed", label: "待批准", badge: "ok" },
  { value: "approved", label: "已批准", badge: "ok" },
];

export const TASK_VIEWS = [
  { value: "mine", label: "我的任务" },
  { value: "review", label: "待我核验" },
  { value: "returned", label: "退回给我" },
  { value: "all", label: "全部" },
];

export const SIGNATURE_MEANINGS = { verification: "检定", review: "核验", approval: "批准" };
/** How the signer unlocked the device key (identity's receipt `method`). */
export const SIGNATURE_METHODS = { fingerprint: "指纹", face: "面部识别", password: "密码", pin: "PIN 码" };

/** The label of a code in one of the lists above; the code itself when unknown (a newer service). */
export function labelOf(list, value) {
  return list.find((entry) => entry.value === value)?.label || value || "";
}

/** A state badge: `data-state` carries the code for tests and styles. */
export function stateBadge(list, value) {
  const entry = list.find((e) => e.value === value);
  return h("span", { class: ["badge", entry?.badge], "data-state": value }, entry?.label || value || "—");
}

export const muted = (text = "—") => h("span", { class: "muted" }, text);

/** Empty values as a muted dash. */
export function orDash(value) {
  return value === "" || value === undefined || value === null ? muted() : value;
}

/**
 * The records service names a refused input in `fields.field` as the request's field; the gateway may pass it
 * as written in the message (snake_case) or as the JSON member (camelCase). The forms use the JSON names, so the
 * name is turned into camelCase before the form looks for it.
 */
export function fieldInCamelCase(error) {
  const field = error?.fields?.field;
  if (field) error.fields.field = field.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  return error;
}

/** Runs a submit and rethrows its refusal with the field named as the form names it. */
export async function refusalsByField(action) {
  try {
    return await action();
  } catch (error) {
    throw fieldInCamelCase(error);
  }
}

/** "燃油加油机 · 检定 / 首次检定" for a task or commission line. */
export function itemAndType(line) {
  return [line.itemName || line.itemCode || line.itemId, line.typeTitle || line.typeCode].filter(Boolean).join(" · ");
}

/** "加油机 FD-200 (No. 123)" for an instrument or a commission line. */
export function instrumentLabel(instrument) {
  const name = instrument.name ?? instrument.instrumentName;
  const model = instrument.model ?? instrument.instrumentModel;
  const serial = instrument.serialNumber ?? instrument.instrumentSerialNumber;
  return [name, model, serial && `出厂编号 ${serial}`].filter(Boolean).join(" · ");
}
