// Templates (§4.3.6–§4.3.7): per item + test type, every stored version of the raw record, certificate and notice
// templates (newest first, each downloadable), and the import with its bookmark check.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { formatBytes, formatDateTime } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { notifyError } from "../ui/toast.js";
import { createItemPicker } from "./item-picker.js";
import { KINDS } from "./template-check.js";
import { downloadFile, shortSha } from "./template-files.js";
import { createImportPanel } from "./template-import.js";

export async function render(container, params, query) {
  const canManage = session.can("templates.manage");
  const versions = h("div", { class: "panel templates-versions", "data-testid": "template-versions" });
  const picker = await createItemPicker({ query, onChange: () => { importPanel?.reset(); show(); } });
  const importPanel = canManage ? createImportPanel({ selection: () => picker, onImported: (template) => loadVersions(template) }) : null;
  const body = h("div");

  function show() {
    if (!picker.item) {
      mount(body, h("p", { class: "notice" }, picker.items.length
        ? "请选择检测项目和检测类型，查看和导入它的模板。"
        : "还没有检测项目：请先在“检测项目与流程”中建立。"));
      return;
    }
    if (!picker.typeCode) {
      mount(body, h("p", { class: "notice" }, "该检测项目还没有检测类型：请先在“检测项目与流程”中为它增加检测类型。"));
      return;
    }
    mount(body, versions, importPanel?.element);
    loadVersions();
  }

  // One kind at a time, as tabs with their version counts; an import switches to the kind just imported.
  let activeKind = KINDS[0].value;
  let loading = 0;
  async function loadVersions(imported) {
    const mine = ++loading;
    const { item, typeCode } = picker;
    if (imported) activeKind = imported.kind;
    mount(versions, h("p", { class: "loading" }, "正在加载模板版本…"));
    try {
      const { templates } = await api.get(`/v1/items/${encodeURIComponent(item.id)}/templates`, { type: typeCode });
      // A slower answer for an item chosen before must not overwrite the current one.
      if (mine !== loading) return;
      const sections = KINDS.map((kind) => kindSection(kind, templates.filter((t) => t.kind === kind.value)));
      const tabs = KINDS.map((kind) => h("button", {
        type: "button", role: "tab", "data-kind": kind.value,
        onclick: () => select(kind.value),
      }, `${kind.label}（${templates.filter((t) => t.kind === kind.value).length}）`));
      const select = (value) => {
        activeKind = value;
        KINDS.forEach((kind, index) => {
          tabs[index].classList.toggle("active", kind.value === value);
          tabs[index].setAttribute("aria-selected", String(kind.value === value));
          sections[index].classList.toggle("hidden", kind.value !== value);
        });
      };
      mount(versions, h("h2", {}, `${item.name} · ${picker.typeTitle} 的模板版本`),
        h("div", { class: "tabs", role: "tablist" }, tabs), sections);
      select(activeKind);
    } catch (error) {
      if (mine !== loading) return;
      mount(versions, h("p", { class: "form-error" }, `无法加载模板：${error.title}`));
      notifyError(error);
    }
  }

  function kindSection(kind, rows) {
    const newest = rows.reduce((max, t) => Math.max(max, t.version), 0);
    return h("section", { class: "templates-kind", "data-kind": kind.value, role: "tabpanel" },
      simpleTable({
        testId: `template-versions-${kind.value}`,
        emptyText: `还没有导入${kind.label}模板`,
        columns: [
          { label: "版本", render: (t) => [`第 ${t.version} 版`, t.version === newest && h("span", { class: "badge ok templates-current" }, "当前")] },
          { label: "文件名", render: (t) => t.filename },
          { label: "格式", render: (t) => (t.format === "xlsx" ? "Excel（.xlsx）" : "Word（.docx）") },
          { label: "大小", class: "num", render: (t) => formatBytes(t.size) },
          { label: "SHA-256", render: (t) => shortSha(t.sha256) },
          { label: "核对的流程版本", render: (t) => (t.procedureVersion ? `第 ${t.procedureVersion} 版` : h("span", { class: "badge warn" }, "草稿")) },
          { label: "导入时间", render: (t) => formatDateTime(t.importedAt) },
          { label: "导入人", render: (t) => t.importedByName },
          { label: "警告", class: "num", render: (t) => (t.warnings ? h("span", { class: "badge warn" }, String(t.warnings)) : "0") },
          { label: "操作", render: (t) => h("button", {
            type: "button", class: "link", "data-template": t.id,
            onclick: async (event) => {
              event.target.disabled = true;
              try { await downloadFile(`/v1/templates/${encodeURIComponent(t.id)}/content`, t.filename); } catch (error) { notifyError(error); }
              event.target.disabled = false;
            },
          }, "下载") },
        ],
        rows,
      }));
  }

  mount(container,
    h("h1", {}, "模板"),
    h("p", { class: "muted" }, "原始记录、证书报告和检定结果通知书模板按检测项目与检测类型分别管理，每次导入保存为新版本，旧版本仍可下载。"),
    picker.element,
    body);
  show();
}
