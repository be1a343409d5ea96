// One measurement standard: /standards/new registers one; /standards/:id shows its description, current certificate,
// intermediate checks, status, correction factors and history, with the changes devices.manage allows (a retired
// standard allows none).
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { simpleTable } from "../ui/table.js";
import { formatDateTime } from "../ui/format.js";
import { auditHistoryPanel } from "./audit-history.js";
import { addCheck, recordCalibration, statusButtons } from "./standard-actions.js";
import { correctionFactorsPanel } from "./standard-factors.js";
import { editDescription, renderCreate } from "./standard-forms.js";
import { certificateExpiry, expiryBadge, kindLabel, standardStatusBadge } from "./standard-common.js";

export async function render(container, params) {
  if (params.id === undefined) return renderCreate(container);
  show(container, await api.get(`/v1/standards/${encodeURIComponent(params.id)}`));
}

const row = (label, value) => [h("dt", {}, label), h("dd", {}, value === "" || value == null ? h("span", { class: "muted" }, "—") : value)];

function show(container, standard) {
  const editable = session.can("devices.manage") && standard.status !== "retired";
  const refresh = (next) => show(container, next);
  const panelHead = (title, ...buttons) => h("div", { class: "panel-head" }, h("h2", {}, title), editable && h("span", { class: "actions" }, buttons));

  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/standards" }, "计量标准与配套设备"), ` / ${standard.code}`),
    h("div", { class: "standards-head" },
      h("h1", {}, standard.name),
      h("span", { class: "mono" }, standard.code),
      h("span", { class: "badge info" }, kindLabel(standard.kind)),
      standardStatusBadge(standard),
      standard.status !== "retired" && expiryBadge(standard)),
    h("p", { class: "muted standards-times" }, `登记于 ${formatDateTime(standard.createdAt)}`, standard.updatedAt && ` · 最近修改 ${formatDateTime(standard.updatedAt)}`),
    statusNotice(standard),
    h("div", { class: "standards-panels" },
      h("div", { class: "panel", "data-testid": "standard-detail" },
        panelHead("基本信息", h("button", { type: "button", onclick: () => editDescription(standard, refresh) }, "修改信息")),
        h("dl", { class: "dl" },
          row("管理编号", h("span", { class: "mono" }, standard.code)),
          row("类别", kindLabel(standard.kind)),
          row("名称", standard.name),
          row("型号", standard.model),
          row("出厂编号", standard.serialNumber),
          row("测量范围", standard.measuringRange),
          row("准确度等级 / 不确定度", standard.accuracy),
          row("标准类别", standard.category))),
      certificatePanel(standard, panelHead, refresh),
      h("div", { class: "panel", "data-testid": "standard-status" },
        panelHead("状态", statusButtons(standard, refresh)),
        h("dl", { class: "dl" },
          row("当前状态", standardStatusBadge(standard)),
          row("原因", standard.statusReason)))),
    checksPanel(standard, panelHead, refresh),
    correctionFactorsPanel(standard, { editable, onChanged: refresh }),
    auditHistoryPanel({ service: "devices", entityType: "standard", entityId: standard.id, testId: "standard-history" }));
}

function statusNotice(standard) {
  if (standard.status === "retired") return h("p", { class: "notice" }, "该标准器具已报废：信息仅供查阅，不能再修改。");
  if (standard.status === "quarantined") {
    return h("p", { class: "form-error", "data-testid": "standard-quarantined" },
      `该标准器具已隔离${standard.statusReason ? `（${standard.statusReason}）` : ""}，不能用于检定。登记合格的期间核查或新的检定/校准证书后，才能恢复在用。`);
  }
  if (standard.status === "stopped") return h("p", { class: "notice" }, "该标准器具已停用，不能用于检定。");
  return null;
}

function certificatePanel(standard, panelHead, refresh) {
  const certificate = standard.certificate;
  const { days, level } = certificateExpiry(standard);
  const remaining = level === "expired" ? `已过期 ${-days} 天` : level === "none" ? "" : `剩余 ${days} 天`;
  return h("div", { class: ["panel", `standards-certificate-${level}`], "data-testid": "standard-certificate" },
    panelHead("检定/校准证书", h("button", { type: "button", class: "primary", onclick: () => recordCalibration(standard, refresh) }, "登记新证书")),
    certificate
      ? h("dl", { class: "dl" },
        row("证书编号", h("span", { class: "mono" }, certificate.number)),
        row("发证机构", certificate.issuer),
        row("发证日期", certificate.issuedOn),
        row("有效期至", [certificate.validUntil, " ", expiryBadge(standard) || h("span", { class: "muted" }, remaining)]))
      : h("p", { class: "form-error" }, "尚未登记检定/校准证书：没有有效证书的标准器具不能用于检定。"));
}

function checksPanel(standard, panelHead, refresh) {
  return h("div", { class: "panel", "data-testid": "standard-checks" },
    panelHead("期间核查", h("button", { type: "button", onclick: () => addCheck(standard, refresh) }, "登记期间核查")),
    simpleTable({
      testId: "checks-table",
      emptyText: "尚未登记期间核查",
      rows: standard.checks,
      rowClass: (c) => (c.result === "fail" ? "row-danger" : undefined),
      columns: [
        { label: "核查日期", render: (c) => c.checkedOn },
        { label: "结论", render: (c) => (c.result === "pass" ? h("span", { class: "badge ok" }, "合格") : h("span", { class: "badge danger" }, "不合格")) },
        { label: "说明", render: (c) => c.note },
        { label: "核查人", render: (c) => c.checkedByName },
      ],
    }));
}
