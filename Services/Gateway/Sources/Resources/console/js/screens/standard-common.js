// What the standards list and a standard's page share: Chinese labels and the certificate's expiry warning
// (the same 30 days the service uses for `expiringSoon`).
import { h } from "../core/dom.js";
import { daysUntil, todayInBeijing } from "../ui/format.js";

export const EXPIRY_WARNING_DAYS = 30;

export const STANDARD_STATUSES = [
  { value: "in_use", label: "在用", badge: "ok" },
  { value: "stopped", label: "停用", badge: "" },
  { value: "quarantined", label: "隔离", badge: "danger" },
  { value: "retired", label: "报废", badge: "" },
];

export const STANDARD_KINDS = [
  { value: "standard", label: "计量标准器具" },
  { value: "equipment", label: "配套设备" },
];

export const kindLabel = (kind) => STANDARD_KINDS.find((k) => k.value === kind)?.label || kind;

/** The status as it is true today: a standard recorded 在用 whose certificate has run out may not be used, so it
 *  shows 已过期 (or 无有效证书), and one about to run out shows 即将到期; the recorded status stays in the tooltip.
 *  Stopped, quarantined and retired standards show their recorded status, which says more. */
export function standardStatusBadge(standard) {
  const status = STANDARD_STATUSES.find((s) => s.value === standard.status);
  const attributes = { "data-status": standard.status, "data-testid": "standard-status-badge" };
  if (standard.status === "in_use") {
    const { days, level } = certificateExpiry(standard);
    const recorded = `登记状态：${status.label}`;
    if (level === "expired") {
      return h("span", { class: "badge danger", ...attributes, "data-effective": "expired", title: `${recorded}；证书已于 ${standard.certificate.validUntil} 过期，不能用于检定` }, "已过期");
    }
    if (level === "none") {
      return h("span", { class: "badge danger", ...attributes, "data-effective": "no_certificate", title: `${recorded}；没有有效的检定/校准证书，不能用于检定` }, "无有效证书");
    }
    if (level === "soon") {
      return h("span", { class: "badge warn", ...attributes, "data-effective": "expiring", title: `${recorded}；证书 ${days} 天后到期` }, "即将到期");
    }
  }
  return h("span", { class: ["badge", status?.badge], ...attributes, "data-effective": standard.status }, status?.label || standard.status);
}

/** How far the certificate is from expiring: { days, level: "expired" | "soon" | "ok" | "none" }. */
export function certificateExpiry(standard) {
  const until = standard.certificate?.validUntil;
  if (!until) return { days: null, level: "none" };
  const days = daysUntil(until);
  if (days < 0) return { days, level: "expired" };
  if (days <= EXPIRY_WARNING_DAYS) return { days, level: "soon" };
  return { days, level: "ok" };
}

/** "已过期", "即将到期 N 天", "无证书" or nothing. */
export function expiryBadge(standard) {
  const { days, level } = certificateExpiry(standard);
  if (level === "expired") return h("span", { class: "badge danger", "data-testid": "expiry-badge" }, "已过期");
  if (level === "soon") return h("span", { class: "badge warn", "data-testid": "expiry-badge" }, `即将到期 ${days} 天`);
  if (level === "none") return h("span", { class: "badge danger", "data-testid": "expiry-badge" }, "无证书");
  return null;
}

/** A retired standard is out of service for good; its certificate no longer matters. */
export function standardRowClass(standard) {
  if (standard.status === "retired") return "standards-retired";
  const { level } = certificateExpiry(standard);
  // Without a valid certificate a standard may not be used, which is as urgent as an expired one.
  if (level === "expired" || level === "none") return "row-danger";
  if (level === "soon") return "row-warn";
  return undefined;
}

/** The certificate's four fields, as form fields named by the service's paths (so its errors land next to them). */
export function certificateFields({ required }) {
  return [
    { name: "certificate.number", label: "证书编号", required, maxlength: 64 },
    { name: "certificate.issuer", label: "发证机构", required, maxlength: 100, placeholder: "如 省计量科学研究院" },
    { name: "certificate.issuedOn", label: "发证日期", type: "date", required,
      validate: (value) => (value > todayInBeijing() ? "发证日期不能晚于今天" : null) },
    { name: "certificate.validUntil", label: "有效期至", type: "date", required,
      validate: (value, values) => (values["certificate.issuedOn"] && value < values["certificate.issuedOn"] ? "有效期至不能早于发证日期" : null) },
  ];
}

/** For an optional certificate: the names of the fields left empty when some others were filled in. */
export function incompleteCertificate(values) {
  const names = certificateFields({ required: false }).map((f) => f.name);
  const filled = names.filter((name) => values[name]);
  return filled.length === 0 ? [] : names.filter((name) => !values[name]);
}

export function certificateFrom(values) {
  return {
    number: values["certificate.number"], issuer: values["certificate.issuer"],
    issuedOn: values["certificate.issuedOn"], validUntil: values["certificate.validUntil"],
  };
}
