// Regulations (规程文本): search by code or title, filter by status and linked item, download the text; with
// setup.manage import a new one (PDF or Word) and change its title, status, replacement and linked items.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { bindFilters } from "../ui/filters.js";
import { session } from "../core/session.js";
import { formatBytes, formatDateTime } from "../ui/format.js";
import { pagedTable } from "../ui/table.js";
import { notifyError } from "../ui/toast.js";
import { editRegulationPanel, importRegulationPanel } from "./regulation-forms.js";
import { downloadFile, shortSha } from "./template-files.js";

const STATUSES = [
  { value: "", label: "全部" },
  { value: "current", label: "现行" },
  { value: "repealed", label: "废止" },
];

export async function render(container, params, query) {
  const canManage = session.can("setup.manage");
  const { items } = await api.get("/v1/items");
  const filters = { query: query.query || "", status: query.status || "", itemCode: query.itemCode || "" };
  const itemName = (code) => items.find((i) => i.code === code)?.name || code;

  const search = h("input", { type: "search", name: "query", value: filters.query, placeholder: "规程编号或名称", class: "regulations-search" });
  const statusSelect = h("select", { name: "status" }, STATUSES.map((s) => h("option", { value: s.value, selected: s.value === filters.status }, s.label)));
  const itemSelect = h("select", { name: "itemCode" }, h("option", { value: "" }, "全部项目"),
    items.map((i) => h("option", { value: i.code, selected: i.code === filters.itemCode }, `${i.name}（${i.code}）`)));

  // Search, filters and paging all run on the server.
  const table = pagedTable({
    testId: "regulations-table",
    emptyText: "没有符合条件的规程",
    columns: [
      { label: "规程编号", class: "regulations-nowrap", render: (r) => h("span", { class: "mono regulations-code" }, r.code) },
      { label: "名称", render: (r) => r.title },
      { label: "实施日期", class: "regulations-nowrap", render: (r) => r.effectiveOn },
      { label: "状态", render: (r) => [r.status === "repealed" ? h("span", { class: "badge danger" }, "废止") : h("span", { class: "badge ok" }, "现行"),
        r.replacedBy && h("div", { class: "muted regulations-replaced" }, `被 ${r.replacedBy} 代替`)] },
      { label: "关联项目", render: (r) => (r.itemCodes.length ? r.itemCodes.map(itemName).join("、") : h("span", { class: "muted" }, "无")) },
      { label: "文件", render: (r) => [h("div", {}, r.filename), h("div", { class: "muted" }, `${r.format.toUpperCase()} · ${formatBytes(r.size)} · `, shortSha(r.sha256))] },
      { label: "导入时间", class: "regulations-nowrap", render: (r) => formatDateTime(r.importedAt) },
      { label: "操作", class: "regulations-nowrap", render: (r) => h("div", { class: "actions regulations-actions" },
        h("button", { type: "button", class: "link", onclick: (event) => download(r, event.target) }, "下载"),
        canManage && h("button", { type: "button", class: "link", onclick: () => edit(r) }, "编辑")) },
    ],
    rowClass: (r) => (r.status === "repealed" ? "regulations-repealed" : undefined),
    load: async ({ page, pageSize }) => {
      const answer = await api.get("/v1/regulations", { ...filters, page, pageSize });
      return { rows: answer.regulations, total: answer.total };
    },
  });

  async function download(regulation, button) {
    button.disabled = true;
    try { await downloadFile(`/v1/regulations/${encodeURIComponent(regulation.id)}/content`, regulation.filename); } catch (error) { notifyError(error); }
    button.disabled = false;
  }

  // One form at a time above the list; typed input stays until it is saved or cancelled.
  const formArea = h("div", { class: "regulations-form-area" });
  const closeForm = () => mount(formArea);

  function edit(regulation) {
    mount(formArea, editRegulationPanel(regulation, {
      items, onCancel: closeForm, onDone: () => { closeForm(); table.reload(); },
    }));
    formArea.scrollIntoView({ block: "start" });
  }

  async function importNew() {
    let current = [];
    try { ({ regulations: current } = await api.get("/v1/regulations", { status: "current" })); } catch (error) { notifyError(error); }
    mount(formArea, importRegulationPanel({
      items, current, onCancel: closeForm,
      onDone: () => {
        closeForm();
        // Show the new one: clear a search that would hide it.
        filterBar.clear({ force: true });
      },
    }));
  }

  const filterBar = bindFilters({ controls: { query: search, status: statusSelect, itemCode: itemSelect }, filters, table });

  mount(container,
    h("h1", {}, "规程"),
    h("div", { class: "toolbar", "data-testid": "regulations-filters" },
      h("label", {}, "搜索", search),
      h("label", {}, "状态", statusSelect),
      h("label", {}, "关联项目", itemSelect),
      h("span", { class: "spacer" }),
      canManage && h("button", { type: "button", class: "primary", onclick: importNew }, "导入规程")),
    !canManage && h("p", { class: "notice" }, "您没有“检测设置管理”权限，只能查看和下载规程。"),
    formArea,
    table.element);
  await table.reload({ first: true });
}
