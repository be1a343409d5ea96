// Importing a template for the chosen item + type: kind and file, read in the browser as base64 and uploaded. The
// answer is the bookmark check either way — stored as the next version (201, warnings only) or refused (422, the
// same body, nothing stored) — and both are shown as tables under the form.
import { api, newIdempotencyKey } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { confirmAction } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { notify } from "../ui/toast.js";
import { KINDS, renderCheck } from "./template-check.js";
import { MiB, readAsBase64 } from "./template-files.js";
import { errorText, withCode } from "../ui/errors.js";

// The flows service takes a file of up to 10 MiB; refusing larger ones here saves uploading them.
const MAX_FILE = 10 * MiB;

/** selection() → { item, typeCode, typeTitle }; onImported(template) after a version was stored. */
export function createImportPanel({ selection, onImported }) {
  const result = h("div", { class: "templates-result" });
  // One key per chosen file and kind: a retry of the same upload is applied once, another file is a new import.
  let attempt = null;

  const form = createForm({
    testId: "template-import-form",
    submitLabel: "导入模板",
    fields: [
      { name: "kind", label: "模板种类", type: "select", required: true, options: KINDS },
      { name: "file", label: "模板文件", type: "file", required: true, wide: true,
        hint: "Word 文档 .docx 或 Excel 工作簿 .xlsx，不超过 10 MiB；书签（Excel 为定义名称）用数据项代码命名",
        pattern: /\.(docx|xlsx)$/i, patternMessage: "只接受 .docx 或 .xlsx 文件（旧版 .doc/.xls 请先另存为新格式）" },
    ],
    onSubmit: async (values) => {
      const { item, typeCode } = selection();
      const file = form.input("file").files[0];
      if (!item || !typeCode || !file) return;
      if (file.size > MAX_FILE) { form.setError("file", "文件超过 10 MiB，请压缩图片或删除无用内容后重试"); return; }
      // A template that passes becomes the current version at once, and there is no going back to the old one as
      // current: ask first (one with errors is refused whole, nothing stored).
      const kindLabel = KINDS.find((kind) => kind.value === values.kind)?.label || values.kind;
      const ok = await confirmAction({
        title: "导入模板", confirmLabel: "导入",
        message: `将“${file.name}”导入为“${item.name} · ${selection().typeTitle || typeCode}”的${kindLabel}模板。书签检查没有错误时立即保存为新的当前版本（旧版本保留，可下载，但不能再设为当前版本）；有错误时不保存。`,
      });
      if (!ok) return;
      if (!attempt || attempt.file !== file || attempt.kind !== values.kind) attempt = { file, kind: values.kind, key: newIdempotencyKey() };
      mount(result, h("p", { class: "loading" }, "正在上传并检查书签…"));
      let answer;
      try {
        const content = await readAsBase64(file);
        answer = await api.post(`/v1/items/${encodeURIComponent(item.id)}/templates`,
          { typeCode, kind: values.kind, filename: file.name, content }, { idempotencyKey: attempt.key });
      } catch (error) {
        if (error.status === 422 && Array.isArray(error.body?.issues)) {
          attempt = null;
          mount(result, renderCheck({ ...error.body, accepted: false }));
          form.showError({ title: "模板的书签检查有错误，未导入；请按下方的检查结果修改后重新导入" });
          return;
        }
        mount(result);
        // Refusals about the file itself (macros, external links, zip bombs, too large) belong next to the file input.
        if (["content", "filename"].includes(error.field) || error.code?.startsWith("TEMPLATE_") || error.status === 413) {
          form.setError("file", errorText(error));
          withCode(null, error);
          return;
        }
        throw error;
      }
      attempt = null;
      mount(result, renderCheck(answer));
      notify(`已导入模板第 ${answer.template.version} 版`);
      onImported?.(answer.template);
    },
  });
  form.input("file").setAttribute("accept", ".docx,.xlsx,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  const element = h("section", { class: "panel templates-import", "data-testid": "template-import" },
    h("h2", {}, "导入模板"),
    h("p", { class: "muted" }, "导入后系统逐一核对书签与检测流程的数据项（已发布的最新版本；尚未发布时核对草稿）。有错误的模板不会保存；只有警告时保存为新版本。"),
    form.element,
    result);

  return {
    element,
    /** Another item or type was chosen: the last check no longer applies to it. */
    reset() { mount(result); form.clearAll(); },
  };
}
