// 批准 one record: the reviewed record, preview of the certificate, approve (批准: the approver's signature with
// WebAuthn + handwriting; the certificate is then numbered, filled, sealed and issued) or return with a reason.
import { api } from "../core/api.js";
import { errorLine, h, mount, toast } from "../core/dom.js";
import { APPROVAL_STATES, askReason, badge, pdfButton, screenHead } from "../ui/common.js";
import { computedView, recordHeader, signaturesView, valuesView } from "../ui/record.js";
import { signDialog } from "../ui/sign.js";

export async function render(container, params) {
  document.getElementById("title").textContent = "批准";
  const id = params.id;
  const approval = await api.get(`/v1/approvals/${encodeURIComponent(id)}`);
  const task = approval.task || {};
  let procedure = null;
  try {
    procedure = await api.get(`/v1/items/${encodeURIComponent(task.itemId)}/procedure/versions/${task.procedureVersion}`, { type: task.typeCode });
  } catch { /* values are shown by code */ }
  const items = procedure?.items || [];
  const status = h("div");
  let certificate = null;
  const draw = () => mount(container,
    screenHead("批准", "#/approvals"),
    h("div", { class: "row" }, h("span", { class: "mono", "data-testid": "approval-number" }, approval.rawRecordNumber), badge(APPROVAL_STATES, approval.state)),
    approval.state === "returned" && h("p", { class: "error", "data-testid": "approval-returned" }, `已退回：${approval.returnReason}`),
    certificate && h("section", { class: "card done", "data-testid": "certificate" },
      h("p", { class: "strong" }, "已批准"), h("p", {}, "证书编号：", h("span", { class: "mono", "data-testid": "certificate-number" }, certificate.number || "生成中")),
      h("p", { class: "muted", "data-testid": "certificate-state", "data-state": certificate.state }, certificate.state === "issued" ? "已签发（已加盖电子印章）" : "正在生成并加盖电子印章…"),
      certificate.state === "issued" && pdfButton("查看证书", `/v1/certificates/${encodeURIComponent(certificate.id)}/pdf`, undefined, { testId: "certificate-pdf" })),
    recordHeader(task),
    h("section", { class: "card" }, h("h2", {}, "原始数据"), valuesView(items, task.values)),
    computedView(items, task.computed, task.conclusion || approval.conclusion),
    signaturesView(task),
    h("section", { class: "card actions-card" },
      pdfButton("预览证书", `/v1/tasks/${encodeURIComponent(id)}/preview`, { kind: "certificate" }, { testId: "preview-certificate" }),
      pdfButton("预览原始记录", `/v1/tasks/${encodeURIComponent(id)}/preview`, { kind: "raw_record" }, { testId: "preview-raw" }),
      approval.state === "pending" && !certificate && [
        h("button", { type: "button", class: "primary wide", "data-testid": "approve", onclick: approve }, "批准并签名"),
        h("button", { type: "button", class: "danger wide", "data-testid": "approval-return", onclick: giveBack }, "退回")],
      status));

  async function approve() {
    const signed = await signDialog(() => api.post(`/v1/approvals/${encodeURIComponent(id)}/submission`, {}));
    if (!signed) return;
    try {
      certificate = await api.post(`/v1/approvals/${encodeURIComponent(id)}/approve`, { receipt: signed.receipt.receipt });
      toast("已批准");
      draw();
      // The sealed PDF follows within seconds: ask until it is issued (or give up quietly; the list shows it later).
      for (let i = 0; i < 60 && certificate.state === "issuing"; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        try { certificate = await api.get(`/v1/certificates/${encodeURIComponent(certificate.id)}`); } catch { /* keep asking */ }
      }
      draw();
    } catch (error) {
      status.replaceChildren(errorLine(error, "approve-error"));
    }
  }

  async function giveBack() {
    const reason = await askReason("退回", "请填写退回原因");
    if (!reason) return;
    try {
      const answer = await api.post(`/v1/approvals/${encodeURIComponent(id)}/return`, { reason });
      Object.assign(approval, answer);
      toast("已退回");
      draw();
    } catch (error) {
      status.replaceChildren(errorLine(error, "approve-error"));
    }
  }
  draw();
}
