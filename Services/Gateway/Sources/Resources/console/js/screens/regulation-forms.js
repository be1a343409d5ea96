// Importing a regulation and changing one, as panels above the list (not dialogs: the confirmations they ask for
// open as dialogs of their own). The code, effective date and file never change: a new edition is a new regulation,
// and importing it can mark the edition it replaces as repealed.
import { api, newIdempotencyKey } from "../core/api.js";
import { h } from "../core/dom.js";
import { confirmAction } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { notify, notifyError } from "../ui/toast.js";
import { MiB, readAsBase64 } from "./template-files.js";
import { errorText, withCode } from "../ui/errors.js";

// The upload route takes a JSON body of up to 16 MiB, about 12 MiB of file once base64-encoded.
const MAX_FILE = 12 * MiB;
const STATUS_OPTIONS = [{ value: "current", label: "现行" }, { value: "repealed", label: "废止" }];
const itemOptions = (items) => items.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }));
const codeField = { name: "replacedBy", label: "被以下规程代替", maxlength: 40, placeholder: "代替本规程的规程编号，可不填" };

/** current: the regulations in force, offered as the edition the new one replaces. */
export function importRegulationPanel({ items, current, onDone, onCancel }) {
  let attempt = null;
  const form = createForm({
    testId: "regulation-import-form",
    submitLabel: "导入",
    onCancel,
    values: { status: "current" },
    fields: [
      { name: "code", label: "规程编号", required: true, maxlength: 40, placeholder: "如 JJG 443—2023" },
      { name: "title", label: "规程名称", required: true, maxlength: 200, placeholder: "如 燃油加油机检定规程" },
      { name: "effectiveOn", label: "实施日期", type: "date", required: true },
      { name: "status", label: "状态", type: "select", required: true, placeholderOption: false, options: STATUS_OPTIONS },
      { name: "replaces", label: "代替的旧版规程", type: "select", placeholderOption: "（不代替其他规程）",
        options: current.map((r) => ({ value: r.id, label: `${r.code} ${r.title}` })),
        hint: "导入后把所选规程标为废止，并记为被本规程代替" },
      { ...codeField, hint: "导入一份已废止的旧版规程时填写" },
      { name: "itemCodes", label: "关联检测项目", type: "checkboxes", wide: true, options: itemOptions(items) },
      { name: "file", label: "规程文件", type: "file", required: true, wide: true, hint: "PDF 或 Word（.docx），不超过 12 MiB",
        pattern: /\.(pdf|docx)$/i, patternMessage: "只接受 PDF 或 .docx 文件" },
    ],
    onSubmit: async (values) => {
      const file = form.input("file").files[0];
      if (!file) return;
      if (file.size > MAX_FILE) { form.setError("file", "文件超过 12 MiB"); return; }
      const replaced = current.find((r) => r.id === values.replaces);
      if (replaced) {
        const ok = await confirmAction({
          title: "代替旧版规程", confirmLabel: "导入并废止旧版", danger: true,
          message: `导入“${values.code}”后，将把“${replaced.code} ${replaced.title}”标为废止，并记为被 ${values.code} 代替。`,
        });
        if (!ok) return;
      }
      const snapshot = JSON.stringify(values) + file.name + file.size + file.lastModified;
      if (!attempt || attempt.snapshot !== snapshot) attempt = { snapshot, key: newIdempotencyKey() };
      const body = {
        code: values.code, title: values.title, effectiveOn: values.effectiveOn, status: values.status,
        itemCodes: values.itemCodes, filename: file.name, content: await readAsBase64(file),
      };
      if (values.replacedBy) body.replacedBy = values.replacedBy;
      let regulation;
      try {
        regulation = await api.post("/v1/regulations", body, { idempotencyKey: attempt.key });
      } catch (error) {
        if (error.field === "content" || error.field === "filename" || error.status === 413) { form.setError("file", errorText(error)); withCode(null, error); return; }
        throw error;
      }
      attempt = null;
      notify(`已导入规程 ${regulation.code}`);
      if (replaced) {
        try {
          await api.patch(`/v1/regulations/${encodeURIComponent(replaced.id)}`, { status: "repealed", replacedBy: regulation.code });
          notify(`已把 ${replaced.code} 标为废止`);
        } catch (error) { notifyError(error); }
      }
      onDone(regulation);
    },
  });
  form.input("file").setAttribute("accept", ".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  return h("section", { class: "panel regulations-form", "data-testid": "regulation-import" }, h("h2", {}, "导入规程"), form.element);
}

export function editRegulationPanel(regulation, { items, onDone, onCancel }) {
  const form = createForm({
    testId: "regulation-edit-form",
    onCancel,
    values: { title: regulation.title, status: regulation.status, replacedBy: regulation.replacedBy, itemCodes: regulation.itemCodes },
    fields: [
      { name: "title", label: "规程名称", required: true, maxlength: 200, wide: true },
      { name: "status", label: "状态", type: "select", required: true, placeholderOption: false, options: STATUS_OPTIONS },
      codeField,
      { name: "itemCodes", label: "关联检测项目", type: "checkboxes", wide: true, options: itemOptions(items) },
    ],
    onSubmit: async (values, { idempotencyKey }) => {
      const body = {};
      if (values.title !== regulation.title) body.title = values.title;
      if (values.status !== regulation.status) body.status = values.status;
      if (values.replacedBy !== regulation.replacedBy) body.replacedBy = values.replacedBy;
      const sorted = (list) => JSON.stringify([...list].sort());
      if (sorted(values.itemCodes) !== sorted(regulation.itemCodes)) body.itemCodes = values.itemCodes;
      if (!Object.keys(body).length) { onCancel(); return; }
      if (body.status) {
        const repeal = body.status === "repealed";
        const ok = await confirmAction(repeal
          ? { title: "废止规程", danger: true, confirmLabel: "废止",
            message: `把“${regulation.code} ${regulation.title}”标为废止后，它不再作为现行依据；文件仍保留、可下载。` }
          : { title: "恢复为现行", confirmLabel: "恢复为现行", message: `把“${regulation.code} ${regulation.title}”恢复为现行规程。` });
        if (!ok) return;
      }
      const next = await api.patch(`/v1/regulations/${encodeURIComponent(regulation.id)}`, body, { idempotencyKey });
      notify(`规程 ${next.code} 已保存`);
      onDone(next);
    },
  });
  return h("section", { class: "panel regulations-form", "data-testid": "regulation-edit" },
    h("h2", {}, `编辑规程：${regulation.code}`),
    h("dl", { class: "dl regulations-fixed" },
      h("dt", {}, "规程编号"), h("dd", { class: "mono" }, regulation.code),
      h("dt", {}, "实施日期"), h("dd", {}, regulation.effectiveOn),
      h("dt", {}, "文件"), h("dd", {}, regulation.filename)),
    h("p", { class: "muted" }, "编号、实施日期和文件不能修改：新版规程请作为新规程导入。"),
    form.element);
}
