// 导入台账: a customer's instruments from an .xlsx sheet (first sheet, a header row with the Chinese column titles).
// The records service takes all rows or none: a file with any bad row is refused whole
// (RECORDS_LEDGER_IMPORT_INVALID) and every violation is listed here as 行 / 列 / 原因, so the person fixes the sheet
// and imports it again.
import { newIdempotencyKey } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { confirmAction } from "../ui/dialog.js";
import { errorText, withCode } from "../ui/errors.js";
import { createForm } from "../ui/form.js";
import { simpleTable } from "../ui/table.js";
import { notify } from "../ui/toast.js";
import { records } from "./records-api.js";
import { LEDGER_COLUMNS, exampleLink } from "./ledger-example.js";
import { MiB, readAsBase64 } from "./template-files.js";

const MAX_FILE = 10 * MiB;

/** The violations of a refused import: the body's array, or the details' JSON text. */
export function violationsOf(error) {
  const fromBody = error?.body?.violations;
  if (Array.isArray(fromBody)) return fromBody;
  const text = error?.fields?.violations;
  if (!text) return null;
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** onImported(count) after a file was imported. */
export function ledgerImportPanel(customer, { onImported }) {
  const result = h("div", { class: "records-import-result", "data-testid": "ledger-import-result" });
  // The same file retried (a network error) keeps its key and is applied once; another file is a new import.
  let attempt = null;

  const form = createForm({
    testId: "ledger-import-form",
    submitLabel: "导入台账",
    fields: [
      { name: "file", label: "台账文件", type: "file", required: true, wide: true,
        hint: `Excel 工作簿 .xlsx，不超过 10 MiB；第一个工作表的首行为列标题：${LEDGER_COLUMNS.join("、")}`,
        pattern: /\.xlsx$/i, patternMessage: "只接受 .xlsx 文件（旧版 .xls 请先另存为 .xlsx）" },
    ],
    onSubmit: async () => {
      const file = form.input("file").files[0];
      if (!file) return;
      if (file.size > MAX_FILE) { form.setError("file", "文件超过 10 MiB"); return; }
      const ok = await confirmAction({
        title: "导入台账", confirmLabel: "导入",
        message: `将“${file.name}”中的器具导入“${customer.name}”的台账。任何一行有错误时整个文件都不导入，并列出每处错误。`,
      });
      if (!ok) return;
      if (!attempt || attempt.file !== file) attempt = { file, key: newIdempotencyKey() };
      mount(result, h("p", { class: "loading" }, "正在上传并检查…"));
      let answer;
      try {
        const content = await readAsBase64(file);
        answer = await records.importInstruments(customer.id, { filename: file.name, content }, { idempotencyKey: attempt.key });
      } catch (error) {
        attempt = null;
        const violations = violationsOf(error);
        if (error.code === "RECORDS_LEDGER_IMPORT_INVALID" && violations) {
          mount(result, violationsTable(violations, error));
          form.showError({ title: `台账文件有 ${Number(error.fields?.count || violations.length)} 处错误，未导入任何器具；请按下表修改后重新导入` });
          return;
        }
        mount(result);
        if (["xlsx", "filename", "content"].includes(error.field) || error.status === 413) {
          form.setError("file", errorText(error));
          withCode(null, error);
          return;
        }
        throw error;
      }
      attempt = null;
      const count = answer.imported ?? answer.instruments?.length ?? 0;
      mount(result, h("p", { class: "notice ok", "data-testid": "ledger-import-done" }, `已导入 ${count} 台器具`));
      notify(`已导入 ${count} 台器具`);
      onImported?.(count);
    },
  });
  form.input("file").setAttribute("accept", ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  const element = h("section", { class: "panel records-import", "data-testid": "ledger-import" },
    h("h2", {}, "导入台账"),
    h("p", { class: "muted" }, "每行一台器具；是否强检填“是”或“否”，强检器具的强检用途填 贸易结算、安全防护、医疗卫生 或 环境监测。",
      " ", exampleLink()),
    form.element,
    result);
  return { element };
}

function violationsTable(violations, error) {
  // The service lists the first 500 and counts them all.
  const count = Number(error?.fields?.count || error?.body?.count || violations.length);
  const table = simpleTable({
    testId: "import-violations",
    rows: violations,
    columns: [
      { label: "行", class: "num", render: (v) => String(v.row ?? "") },
      { label: "列", render: (v) => [v.column || "", v.title ? h("span", { class: "muted" }, `（${v.title}）`) : null] },
      { label: "原因", render: (v) => h("span", { title: v.code ? `错误代码：${v.code}` : undefined }, v.reason || "") },
    ],
  });
  return withCode(h("div", { class: "records-violations" },
    h("h3", {}, count > violations.length ? `错误（共 ${count} 处，列出前 ${violations.length} 处）` : `错误（${count}）`), table), error);
}
