// 批准详情: one reviewed record awaiting approval — its header, the instrument, the values and computed values with
// the conclusion, the signatures so far. Approval itself is signed with the approver's device key, which only the
// mobile app holds (as records' entry and review are), so the console says so; it offers 退回 with a reason, and
// once approved links to the certificate issued.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { degradedNotice, optional } from "../ui/degraded.js";
import { formatDateTime } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { notify, notifyError } from "../ui/toast.js";
import { SIGNATURE_MEANINGS, SIGNATURE_METHODS, orDash, stateBadge } from "./records-common.js";
import { valuesView } from "./task-record.js";
import { APPROVAL_STATES, certificates, reasonDialog } from "./certificates-api.js";

export async function render(container, params) {
  const approval = await certificates.approval(params.id);
  const task = approval.task || {};
  const procedure = task.procedureVersion
    ? await optional(() => api.get(`/v1/items/${encodeURIComponent(approval.itemId)}/procedure/versions/${task.procedureVersion}`, { type: approval.typeCode }), null)
    : { value: null, failed: null };
  show(container, approval, procedure);
}

const row = (label, value) => [h("dt", {}, label), h("dd", {}, orDash(value))];

function show(container, approval, procedure) {
  const task = approval.task || {};
  const procedureItems = procedure.value?.items || [];
  const definitions = new Map(procedureItems.map((item) => [item.code, item]));
  const pending = approval.state === "pending";
  const mayDecide = pending && session.can("certificates.approve");
  const returnButton = mayDecide && h("button", {
    type: "button", class: "danger", "data-testid": "return-approval",
    onclick: async () => {
      const reason = await reasonDialog({
        title: "退回原始记录", danger: true, confirmLabel: "退回", testId: "return-dialog",
        message: `退回后任务回到检定员重新录入，原因会告知检定员并记入审计追踪。原始记录 ${approval.rawRecordNumber}`,
      });
      if (!reason) return;
      returnButton.disabled = true;
      try {
        const next = await certificates.returnTask(approval.taskId, reason);
        notify("已退回");
        show(container, { ...next, task: next.task || approval.task }, procedure);
      } catch (error) {
        notifyError(error);
        returnButton.disabled = false;
      }
    },
  }, "退回");

  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/approvals" }, "批准"), ` / ${approval.rawRecordNumber || approval.taskId}`),
    h("div", { class: "records-head" },
      h("h1", {}, "批准 ", h("span", { class: "mono", "data-testid": "approval-number" }, approval.rawRecordNumber)),
      stateBadge(APPROVAL_STATES, approval.state),
      approval.conclusion && h("span", { class: "badge info records-conclusion" }, `结论：${approval.conclusion}`)),
    degradedNotice(procedure.failed, "暂时无法读取检测流程：数据项以代码显示。"),
    pending && h("div", { class: "notice", "data-testid": "approve-on-phone" },
      h("strong", {}, "批准需在移动端完成："),
      "批准须由批准人用本机设备密钥（指纹、面部或 PIN 解锁）签名，请在移动端“批准”中打开此记录；批准后系统自动编号、生成证书并加盖电子印章。"),
    approval.state === "returned" && h("p", { class: "form-error", "data-testid": "approval-returned" }, `已退回：${approval.returnReason || "（未写原因）"}`),
    approval.state === "approved" && h("p", { class: "notice", "data-testid": "approval-approved" },
      `${approval.approverName || "批准人"} 于 ${formatDateTime(approval.decidedAt)} 批准。`,
      approval.certificateId && h("a", { href: `#/certificates/${approval.certificateId}` }, task.certificateNumber ? `查看证书 ${task.certificateNumber}` : "查看证书")),
    mayDecide && h("div", { class: "toolbar" }, returnButton),
    h("div", { class: "records-panels" },
      h("div", { class: "panel", "data-testid": "approval-header" },
        h("h2", {}, "基本情况"),
        h("dl", { class: "dl" },
          row("委托单位", approval.customerName),
          row("检定项目 · 类型", [approval.itemName || approval.itemCode, approval.typeTitle && ` · ${approval.typeTitle}`]),
          row("检定日期", task.testDate),
          row("检定员", approval.testerName),
          row("核验员", approval.reviewerName),
          row("核验时间", formatDateTime(approval.reviewedAt)))),
      h("div", { class: "panel", "data-testid": "approval-instrument" },
        h("h2", {}, "被检器具"),
        h("dl", { class: "dl" },
          row("器具名称", approval.instrumentName),
          row("型号规格", approval.instrumentModel),
          row("出厂编号", approval.instrumentSerial && h("span", { class: "mono" }, approval.instrumentSerial)),
          row("制造单位", task.instrument?.manufacturer),
          row("准确度等级", task.instrument?.accuracyClass)))),
    h("section", { class: "panel" },
      h("h2", {}, "原始数据"),
      valuesView(task.values || [], procedureItems, definitions, { testId: "approval-values", withEntry: true })),
    h("section", { class: "panel" },
      h("h2", {}, "计算结果与结论"),
      valuesView(task.computed || [], procedureItems, definitions, { testId: "approval-computed" })),
    h("section", { class: "panel" },
      h("h2", {}, "签名"),
      simpleTable({
        testId: "approval-signatures",
        emptyText: "尚未签名",
        rows: task.signatures || [],
        columns: [
          { label: "含义", render: (s) => SIGNATURE_MEANINGS[s.meaning] || s.meaning },
          { label: "签名人", render: (s) => orDash(s.signerName || s.signerId) },
          { label: "时间", render: (s) => formatDateTime(s.signedAt) },
          { label: "方式", render: (s) => orDash(SIGNATURE_METHODS[s.method] || s.method) },
        ],
      })));
}
