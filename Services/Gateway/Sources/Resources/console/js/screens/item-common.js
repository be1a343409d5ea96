// Chinese labels and small helpers shared by the item list, the item page and the procedure editor.
import { h } from "../core/dom.js";
import { daysUntil } from "../ui/format.js";

export const BASIS_KINDS = [
  { value: "standard_assessment", label: "计量标准考核证书" },
  { value: "authorization", label: "授权" },
  { value: "accreditation", label: "认可" },
];

export const CATEGORIES = [
  { value: "verification", label: "检定" },
  { value: "intermediate_check", label: "期间核查" },
  { value: "calibration", label: "校准" },
];

export const VERIFICATION_SUBTYPES = [
  { value: "initial", label: "首次检定" },
  { value: "subsequent", label: "后续检定" },
  { value: "in_use", label: "使用中检查" },
];

export const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const ITEM_CODE = /^[A-Za-z][A-Za-z0-9_]*$/;

const label = (list, value) => list.find((x) => x.value === value)?.label || value;
export const basisKindLabel = (kind) => label(BASIS_KINDS, kind);

/** "检定 / 首次检定" for "verification:initial"; the server's title when the item carries it. */
export function typeTitle(code, item) {
  const known = item?.types?.find((t) => t.code === code);
  if (known) return known.title;
  const [category, subtype] = String(code).split(":");
  if (category === "verification") return `检定 / ${label(VERIFICATION_SUBTYPES, subtype)}`;
  return `${label(CATEGORIES, category)} ${subtype ?? ""}`.trim();
}

/** One legal basis as a line: kind, certificate number, validity (expired ones marked). */
export function basisLine(basis) {
  const days = daysUntil(basis.validUntil);
  return h("div", { class: "basis-line" },
    h("span", {}, basisKindLabel(basis.kind)), " ",
    h("span", { class: "mono" }, basis.certificateNo), " ",
    h("span", { class: "muted" }, `有效期至 ${basis.validUntil}`),
    basis.issuer && h("span", { class: "muted" }, ` · ${basis.issuer}`),
    days !== null && days < 0 && [" ", h("span", { class: "badge danger" }, "已过期")]);
}

/** The types work may still be chosen for (retired ones stay on the item for history). */
export function activeTypes(item) {
  return (item?.types || []).filter((type) => !type.retired);
}

export function usableBadge(item) {
  return item.usable
    ? h("span", { class: "badge ok" }, "可开展")
    : h("span", { class: "badge warn", title: item.unusableReason }, "暂不可开展");
}

/** The basis fields: optional as a group (all three or none) unless `required`. */
export function basisFields({ required = false } = {}) {
  return [
    { name: "basisKind", label: "开展依据类型", type: "select", required, options: BASIS_KINDS },
    { name: "certificateNo", label: "证书编号", maxlength: 64, required },
    { name: "validUntil", label: "有效期至", type: "date", required, pattern: DAY, patternMessage: "日期格式为 YYYY-MM-DD" },
    { name: "issuer", label: "发证机关", maxlength: 100, placeholder: "可选" },
  ];
}

/** The basis typed in the form, null when none; marks the missing parts of a half-filled one and throws. */
export function basisFromValues(values, form) {
  const parts = [["basisKind", "开展依据类型"], ["certificateNo", "证书编号"], ["validUntil", "有效期至"]];
  if (parts.every(([name]) => !values[name]) && !values.issuer) return null;
  const missing = parts.filter(([name]) => !values[name]);
  if (missing.length) {
    for (const [name, label] of missing) form.setError(name, `请填写${label}`);
    throw Object.assign(new Error("请把开展依据填写完整"), { title: "请把开展依据填写完整" });
  }
  return { kind: values.basisKind, certificateNo: values.certificateNo, validUntil: values.validUntil, issuer: values.issuer };
}

/** Procedure routes take the test type as `?type=`. */
export function procedurePath(itemId, typeCode, suffix = "") {
  return `/v1/items/${encodeURIComponent(itemId)}/procedure${suffix}?type=${encodeURIComponent(typeCode)}`;
}
