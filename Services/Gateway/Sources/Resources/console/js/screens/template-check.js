// The bookmark check of an imported template (Docs/templates.md §10) as tables: every error and warning with the
// bookmark or data item it is about and where it sits in the file, then every bookmark / defined name found.
import { h } from "../core/dom.js";
import { simpleTable } from "../ui/table.js";

export const KINDS = [
  { value: "raw_record", label: "原始记录" },
  { value: "certificate", label: "证书报告" },
  { value: "notice", label: "检定结果通知书" },
];
export const kindLabel = (kind) => KINDS.find((k) => k.value === kind)?.label || kind;

/** What the system itself fills into the reserved names (Docs/templates.md §5). */
const RESERVED = {
  SIGN_TESTER: "检定/校准员签名", SIGN_REVIEWER: "核验员签名", SIGN_APPROVER: "批准人签名",
  SEAL: "印章", CERT_NO: "证书编号", QR_CODE: "二维码", RECORD_NO: "原始记录编号",
};

const FIELD_KINDS = { value: "单值", repeating_row: "重复行（读数表）", column: "读数表的列" };

/** result: the import answer `{ accepted, template?, fields, issues }` (201 or 422). */
export function renderCheck(result) {
  const fields = result.fields || [];
  const issues = [...(result.issues || [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  // Bookmark names are case-insensitive (Word and Excel treat them so), and so is the match to an issue.
  const fieldNamed = (name) => fields.find((f) => f.name.toLowerCase() === (name || "").toLowerCase());
  const withError = new Set(issues.filter((i) => i.severity === "error").map((i) => (i.itemCode || "").toLowerCase()));

  const summary = result.accepted
    ? h("p", { class: "notice templates-verdict", "data-testid": "template-verdict" },
      `已导入为${kindLabel(result.template?.kind)}模板第 ${result.template?.version} 版`,
      warnings ? `，有 ${warnings} 条警告（不影响使用，请确认）。` : "，书签检查没有发现问题。")
    : h("p", { class: "form-error templates-verdict", "data-testid": "template-verdict" },
      `模板未导入：书签检查发现 ${errors} 个错误`, warnings ? `、${warnings} 条警告` : "", "。请按下表修改模板后重新导入，未保存任何版本。");

  return h("div", { class: "templates-check", "data-testid": "template-check-result" },
    summary,
    h("h3", {}, `检查结果（错误 ${errors}，警告 ${warnings}）`),
    simpleTable({
      testId: "template-check",
      emptyText: "没有错误或警告",
      rowClass: (issue) => (issue.severity === "error" ? "row-danger" : "row-warn"),
      columns: [
        { label: "级别", class: "templates-nowrap", render: (issue) => (issue.severity === "error"
          ? h("span", { class: "badge danger" }, "错误") : h("span", { class: "badge warn" }, "警告")) },
        { label: "书签 / 数据项", render: (issue) => h("span", { class: "mono" }, issue.itemCode || "—") },
        { label: "位置", class: "templates-nowrap", render: (issue) => fieldNamed(issue.itemCode)?.location || h("span", { class: "muted" }, "模板中没有") },
        // The stable code is for support, not for the template's author: only in the tooltip.
        { label: "说明", render: (issue) => h("span", { title: `错误代码：${issue.code}` }, issue.message) },
      ],
      rows: issues,
    }),
    h("h3", {}, `模板中的书签 / 名称（${fields.length}）`),
    simpleTable({
      testId: "template-fields",
      emptyText: "模板中没有书签或定义名称",
      rowClass: (field) => (withError.has(field.name.toLowerCase()) ? "row-danger" : undefined),
      columns: [
        { label: "名称", render: (field) => h("span", { class: "mono" }, field.name) },
        { label: "位置", render: (field) => field.location },
        { label: "类别", render: (field) => FIELD_KINDS[field.fieldKind] || "其他" },
        { label: "保留用途", render: (field) => (field.reserved
          ? h("span", { class: "badge info" }, `保留：${RESERVED[field.reserved] || field.reserved}`) : h("span", { class: "muted" }, "—")) },
      ],
      rows: fields,
    }));
}
