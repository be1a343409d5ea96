// The certificates routes the console calls (openapi.yaml, tag certificates), the Chinese names of the service's
// states, and the reason dialog the 退回 and 作废 actions share. Lists page by cursor like records' (`cursorPages`).
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { openDialog } from "../ui/dialog.js";

const id = (value) => encodeURIComponent(value);

export const certificates = {
  approvals: (query) => api.get("/v1/approvals", query),
  approval: (taskId) => api.get(`/v1/approvals/${id(taskId)}`),
  returnTask: (taskId, reason, options) => api.post(`/v1/approvals/${id(taskId)}/return`, { reason }, options),
  list: (query) => api.get("/v1/certificates", query),
  get: (certificateId) => api.get(`/v1/certificates/${id(certificateId)}`),
  voidCertificate: (certificateId, reason, options) => api.post(`/v1/certificates/${id(certificateId)}/void`, { reason }, options),
  pdfPath: (certificateId, copy = "original") => `/v1/certificates/${id(certificateId)}/pdf?copy=${id(copy)}`,
  seal: () => api.get("/v1/seal"),
  importSeal: (body, options) => api.put("/v1/seal", body, options),
};

export const APPROVAL_STATES = [
  { value: "pending", label: "待批准", badge: "warn" },
  { value: "approved", label: "已批准", badge: "ok" },
  { value: "returned", label: "已退回", badge: "danger" },
];

export const APPROVAL_SORTS = [
  { value: "time", label: "按核验时间" },
  { value: "name", label: "按器具名称" },
  { value: "number", label: "按原始记录编号" },
  { value: "item", label: "按检测项目" },
];

export const CERTIFICATE_STATES = [
  { value: "issuing", label: "生成中", badge: "info" },
  { value: "issued", label: "已签发", badge: "ok" },
  { value: "voided", label: "已作废", badge: "danger" },
  { value: "failed", label: "生成失败", badge: "warn" },
];

export const CERTIFICATE_KINDS = [
  { value: "certificate", label: "检定证书" },
  { value: "notice", label: "检定结果通知书" },
];

export const SEAL_ORIGINS = { generated: "首次启动时自动生成（自签名）", imported: "本机构导入" };

/**
 * Asks for a required reason (at most 500 characters, as the service checks). Resolves with the trimmed text, or
 * null when cancelled.
 */
export function reasonDialog({ title, message, confirmLabel, danger = false, testId }) {
  const text = h("textarea", { id: "reason-text", name: "reason", maxlength: 500, rows: 4, "data-testid": `${testId}-reason` });
  const error = h("div", { class: "error", id: "reason-error" });
  const field = h("div", { class: "field required wide" }, h("label", { for: "reason-text" }, "原因"), text, error);
  text.addEventListener("input", () => { field.classList.remove("invalid"); error.textContent = ""; });
  return openDialog({
    title,
    body: h("div", { "data-testid": testId }, h("p", {}, message), h("div", { class: "form" }, field)),
    buttons: [
      (close) => h("button", { type: "button", class: "cancel", onclick: () => close(null) }, "取消"),
      (close) => h("button", {
        type: "button", class: ["primary", danger && "danger", "confirm"],
        onclick: () => {
          const reason = text.value.trim();
          if (!reason) {
            field.classList.add("invalid");
            error.textContent = "请填写原因";
            return;
          }
          close(reason);
        },
      }, confirmLabel),
    ],
  }).then((value) => value ?? null);
}
