// Version history (版本历史): every published version, newest first, and one version's data items as they were
// frozen — read only, since versions never change.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { formatDateTime } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { notifyError } from "../ui/toast.js";
import { procedurePath } from "./item-common.js";
import { FORMULA_KINDS, kindLabel, sectionLabel } from "./procedure-model.js";

export function versionsView({ itemId, typeCode }) {
  const list = h("div", {}, h("p", { class: "loading" }, "正在加载版本…"));
  const detail = h("div", { "data-testid": "version-detail" });
  const element = h("div", { class: "versions-view" },
    h("div", { class: "panel", "data-testid": "procedure-versions-panel" }, h("h2", {}, "已发布版本"), list), detail);

  async function show(version) {
    mount(detail, h("p", { class: "loading" }, "正在加载…"));
    try {
      const answer = await api.get(procedurePath(itemId, typeCode, `/versions/${version.version}`));
      mount(detail, h("div", { class: "panel" },
        h("div", { class: "panel-head" }, h("h2", {}, `第 ${answer.version} 版的数据项（只读）`),
          h("span", { class: "muted" }, `${answer.publishedByName || answer.publishedBy} 发布于 ${formatDateTime(answer.publishedAt)}`)),
        answer.note && h("p", {}, `发布说明：${answer.note}`),
        versionItems(answer.items)));
      detail.scrollIntoView({ block: "nearest" });
    } catch (error) {
      mount(detail);
      notifyError(error);
    }
  }

  (async () => {
    try {
      const answer = await api.get(procedurePath(itemId, typeCode, "/versions"));
      mount(list, simpleTable({
        testId: "procedure-versions",
        emptyText: "尚未发布任何版本",
        rows: answer.versions,
        columns: [
          { label: "版本", render: (v) => h("strong", {}, `第 ${v.version} 版`) },
          { label: "发布时间", render: (v) => formatDateTime(v.publishedAt) },
          { label: "发布人", render: (v) => v.publishedByName || v.publishedBy },
          { label: "发布说明", render: (v) => v.note || h("span", { class: "muted" }, "—") },
          { label: "操作", render: (v) => h("button", { type: "button", class: "link", onclick: () => show(v) }, "查看") },
        ],
      }));
    } catch (error) {
      mount(list, h("p", { class: "form-error" }, `无法加载版本：${error.title || error.message}`));
    }
  })();
  return element;
}

function versionItems(items) {
  return simpleTable({
    testId: "version-items",
    rows: items,
    emptyText: "该版本没有数据项",
    columns: [
      { label: "#", class: "num", render: (_, index) => index + 1 },
      { label: "代码", render: (i) => h("span", { class: "mono" }, i.code) },
      { label: "名称", render: (i) => i.title },
      { label: "类型", render: (i) => kindLabel(i.kind) },
      { label: "分区", render: (i) => sectionLabel(i.section) },
      { label: "分组", render: (i) => i.group },
      { label: "单位", render: (i) => i.unit },
      { label: "修约间隔", render: (i) => i.resolution },
      { label: "公式", render: (i) => (FORMULA_KINDS.has(i.kind) ? h("span", { class: "mono" }, i.formula) : "") },
      { label: "必填", render: (i) => (i.required ? "是" : "") },
    ],
  });
}
