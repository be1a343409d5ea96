// 证书详情: one certificate — what it certifies, who tested, reviewed and approved it, its files (the sealed
// original, the voided copy, the raw record rendered at issue) to download, and 作废 with a reason for holders of
// certificates.void. A voided certificate keeps its original; the voided copy carries a large 作废 watermark.
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { formatBytes, formatDateTime } from "../ui/format.js";
import { notify, notifyError } from "../ui/toast.js";
import { orDash, stateBadge } from "./records-common.js";
import { downloadFile, shortSha } from "./template-files.js";
import { CERTIFICATE_KINDS, CERTIFICATE_STATES, certificates, reasonDialog } from "./certificates-api.js";

export async function render(container, params) {
  show(container, await certificates.get(params.id));
}

const row = (label, value) => [h("dt", {}, label), h("dd", {}, orDash(value))];

function fileRow(certificate, copy, label, file) {
  return h("tr", { "data-copy": copy },
    h("td", {}, label),
    h("td", {}, file ? formatBytes(file.size) : h("span", { class: "muted" }, "无")),
    h("td", {}, file ? shortSha(file.sha256) : ""),
    h("td", {}, file && h("button", {
      type: "button", "data-testid": `download-${copy}`,
      onclick: async (event) => {
        const button = event.currentTarget;
        button.disabled = true;
        try {
          await downloadFile(certificates.pdfPath(certificate.id, copy), `${certificate.number}.pdf`);
        } catch (error) {
          notifyError(error);
        } finally {
          button.disabled = false;
        }
      },
    }, "下载")));
}

function show(container, certificate) {
  const kind = CERTIFICATE_KINDS.find((k) => k.value === certificate.kind)?.label || certificate.kind;
  const mayVoid = certificate.state === "issued" && session.can("certificates.void");
  const voidButton = mayVoid && h("button", {
    type: "button", class: "danger", "data-testid": "void-certificate",
    onclick: async () => {
      const reason = await reasonDialog({
        title: "作废证书", danger: true, confirmLabel: "作废", testId: "void-dialog",
        message: `作废 ${certificate.number} 后，真伪查询显示“已作废”，并生成带“作废”水印的副本；原件保留，不能撤销。`,
      });
      if (!reason) return;
      voidButton.disabled = true;
      try {
        const next = await certificates.voidCertificate(certificate.id, reason);
        notify(`已作废证书 ${certificate.number}`);
        show(container, next);
      } catch (error) {
        notifyError(error);
        voidButton.disabled = false;
      }
    },
  }, "作废");

  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/certificates" }, "证书管理"), ` / ${certificate.number}`),
    h("div", { class: "records-head" },
      h("h1", {}, `${kind} `, h("span", { class: "mono", "data-testid": "certificate-number" }, certificate.number)),
      stateBadge(CERTIFICATE_STATES, certificate.state),
      certificate.conclusion && h("span", { class: "badge info records-conclusion" }, `结论：${certificate.conclusion}`)),
    certificate.state === "voided" && h("p", { class: "form-error", "data-testid": "certificate-voided" },
      `已于 ${formatDateTime(certificate.voidedAt)} 由 ${certificate.voidedByName || "—"} 作废：${certificate.voidReason}`),
    certificate.state === "failed" && h("p", { class: "form-error" }, `生成失败：${certificate.failure || "（未说明）"}`),
    certificate.state === "issuing" && h("p", { class: "notice" }, "证书正在生成（填充模板、转换 PDF、加盖电子印章），稍后刷新查看。"),
    mayVoid && h("div", { class: "toolbar" }, voidButton),
    h("div", { class: "records-panels" },
      h("div", { class: "panel", "data-testid": "certificate-header" },
        h("h2", {}, "证书信息"),
        h("dl", { class: "dl" },
          row("委托单位", certificate.customerName),
          row("检定项目 · 类型", [certificate.itemName || certificate.itemCode, certificate.typeTitle && ` · ${certificate.typeTitle}`]),
          row("原始记录", certificate.taskId && h("a", { href: `#/tasks/${certificate.taskId}`, class: "mono" }, certificate.rawRecordNumber || "查看")),
          row("检定日期", certificate.testDate),
          row("有效期至", certificate.validUntil),
          row("签发时间", formatDateTime(certificate.issuedAt)),
          row("校验码", certificate.checkCode && h("span", { class: "mono" }, certificate.checkCode)),
          certificate.replacesId && row("替代", h("a", { href: `#/certificates/${certificate.replacesId}`, class: "mono" }, certificate.replacesNumber)),
          certificate.replacedById && row("已被替代", h("a", { href: `#/certificates/${certificate.replacedById}` }, "查看新证书")))),
      h("div", { class: "panel", "data-testid": "certificate-instrument" },
        h("h2", {}, "被检器具与人员"),
        h("dl", { class: "dl" },
          row("器具名称", certificate.instrumentName),
          row("型号规格", certificate.instrumentModel),
          row("出厂编号", certificate.instrumentSerial && h("span", { class: "mono" }, certificate.instrumentSerial)),
          row("制造单位", certificate.instrumentManufacturer),
          row("检定员", certificate.testerName),
          row("核验员", certificate.reviewerName),
          row("批准人", certificate.approverName),
          row("批准时间", formatDateTime(certificate.approvedAt))))),
    h("section", { class: "panel" },
      h("h2", {}, "文件"),
      h("table", { class: "grid", "data-testid": "certificate-files" },
        h("thead", {}, h("tr", {}, h("th", {}, "文件"), h("th", {}, "大小"), h("th", {}, "SHA-256"), h("th", {}, ""))),
        h("tbody", {},
          fileRow(certificate, "original", "证书原件（已加盖电子印章）", certificate.pdf),
          fileRow(certificate, "voided", "作废副本", certificate.voidedPdf),
          fileRow(certificate, "raw-record", "原始记录", certificate.rawRecordPdf)))));
}
