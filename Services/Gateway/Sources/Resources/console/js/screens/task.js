// 原始记录详情: one task's raw record, read-only (values are entered on the phone): the header, the measurement
// standards used, the values (tables as grids), the computed values and conclusion, the signatures and the value
// history (修改记录). The data items' titles come from the procedure version the task pinned.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { degradedNotice, optional } from "../ui/degraded.js";
import { formatDateTime } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { records } from "./records-api.js";
import { SIGNATURE_MEANINGS, SIGNATURE_METHODS, TASK_STATES, itemAndType, muted, orDash, stateBadge } from "./records-common.js";
import { cellLabel, historyTable, valuesView } from "./task-record.js";
import { shortSha } from "./template-files.js";

export async function render(container, params) {
  const task = await records.task(params.id);
  const procedure = task.procedureVersion
    ? await optional(() => api.get(`/v1/items/${encodeURIComponent(task.itemId)}/procedure/versions/${task.procedureVersion}`, { type: task.typeCode }), null)
    : { value: null, failed: null };
  show(container, task, procedure);
}

const row = (label, value) => [h("dt", {}, label), h("dd", {}, orDash(value))];

function show(container, task, procedure) {
  const procedureItems = procedure.value?.items || [];
  const definitions = new Map(procedureItems.map((item) => [item.code, item]));
  const instrument = task.instrument || {};
  const history = task.history || [];
  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/tasks" }, "任务看板"), ` / ${task.rawRecordNumber || "未编号任务"}`),
    h("div", { class: "records-head" },
      h("h1", {}, "原始记录 ", h("span", { class: "mono", "data-testid": "raw-record-number" }, task.rawRecordNumber || "（开始检定时编号）")),
      stateBadge(TASK_STATES, task.state),
      task.conclusion && h("span", { class: "badge info records-conclusion", "data-testid": "task-conclusion" }, `结论：${task.conclusion}`)),
    h("p", { class: "muted" }, "原始记录在移动端录入；此处只读。"),
    degradedNotice(procedure.failed, "暂时无法读取检测流程：数据项以代码显示。"),
    task.state === "returned" && h("p", { class: "form-error", "data-testid": "task-returned" }, `核验退回：${task.returnReason || "（未写原因）"}`),
    task.nextStep && !task.nextStep.complete && ["in_progress", "returned"].includes(task.state) &&
      h("p", { class: "notice" }, `下一步：${cellLabel(task.nextStep.cell, definitions)}`),
    h("div", { class: "records-panels" },
      h("div", { class: "panel", "data-testid": "task-header" },
        h("h2", {}, "基本情况"),
        h("dl", { class: "dl" },
          row("委托单位", task.customerId && h("a", { href: `#/customers/${task.customerId}` }, task.customerName)),
          row("委托单", task.commissionId && h("a", { href: `#/commissions/${task.commissionId}`, class: "mono" }, task.commissionNumber || "查看")),
          row("检定项目 · 类型", itemAndType(task)),
          row("检测流程版本", task.procedureVersion ? `第 ${task.procedureVersion} 版` : ""),
          row("检定日期", task.testDate),
          row("检定员", task.testerName),
          row("核验员", task.reviewerName),
          row("创建时间", formatDateTime(task.createdAt)),
          task.startedAt && row("开始检定", formatDateTime(task.startedAt)),
          task.submittedAt && row("提交核验", formatDateTime(task.submittedAt)),
          task.reviewedAt && row("核验时间", formatDateTime(task.reviewedAt)))),
      h("div", { class: "panel", "data-testid": "task-instrument" },
        h("h2", {}, "被检器具"),
        h("dl", { class: "dl" },
          row("器具名称", instrument.name),
          row("型号规格", instrument.model),
          row("出厂编号", instrument.serialNumber && h("span", { class: "mono" }, instrument.serialNumber)),
          row("制造单位", instrument.manufacturer),
          row("准确度等级", instrument.accuracyClass),
          row("测量范围", instrument.measuringRange),
          row("使用地点", instrument.placeOfUse)))),
    h("section", { class: "panel" },
      h("h2", {}, "使用的计量标准"),
      simpleTable({
        testId: "task-standards",
        emptyText: "开始检定时选择",
        rows: task.standards || [],
        columns: [
          { label: "用途", render: (s) => orDash(s.needTitle || s.needCode) },
          { label: "管理编号", render: (s) => h("span", { class: "mono" }, s.code) },
          { label: "名称", render: (s) => s.name },
          { label: "型号", render: (s) => orDash(s.model) },
          { label: "准确度", render: (s) => orDash(s.accuracy) },
          { label: "证书编号", render: (s) => orDash(s.certificateNo) },
          { label: "有效期至", render: (s) => orDash(s.validUntil) },
        ],
      })),
    h("section", { class: "panel" },
      h("h2", {}, "原始数据"),
      valuesView(task.values || [], procedureItems, definitions, { testId: "task-values", withEntry: true })),
    h("section", { class: "panel" },
      h("h2", {}, "计算结果与结论"),
      valuesView(task.computed || [], procedureItems, definitions, { testId: "task-computed" })),
    h("section", { class: "panel" },
      h("h2", {}, "签名"),
      task.submittedDigest && h("p", { class: "muted" }, "提交时签名的内容摘要（SHA-256）：", shortSha(task.submittedDigest)),
      simpleTable({
        testId: "task-signatures",
        emptyText: "尚未签名",
        rows: task.signatures || [],
        columns: [
          { label: "含义", render: (s) => SIGNATURE_MEANINGS[s.meaning] || s.meaning },
          { label: "签名人", render: (s) => orDash(s.signerName || s.signerId) },
          { label: "时间", render: (s) => formatDateTime(s.signedAt) },
          { label: "方式", render: (s) => orDash(SIGNATURE_METHODS[s.method] || s.method) },
          { label: "摘要", render: (s) => (s.digest ? shortSha(s.digest) : muted()) },
          { label: "回执", render: (s) => (s.receiptId ? h("span", { class: "mono", title: s.receiptId }, s.receiptId.slice(0, 8)) : muted()) },
        ],
      })),
    h("section", { class: "panel", "data-testid": "task-history" },
      h("h2", {}, `修改记录（${history.length}）`),
      h("p", { class: "muted" }, "退回后每次修改都保留原值、新值、修改人、时间和原因，不能删改。"),
      historyTable(history, definitions)));
}
