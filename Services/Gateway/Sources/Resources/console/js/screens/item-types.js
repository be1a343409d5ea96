// An item's test types (检测类型) and, per type, its procedure: draft state, latest published version, whether work
// may start, and the ways into the procedure editor, the templates and the numbering rules.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { formatDateTime } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { notify } from "../ui/toast.js";
import { CATEGORIES, VERIFICATION_SUBTYPES, procedurePath } from "./item-common.js";
import { sameItems } from "./procedure-model.js";
import { retiredBadge, typeRetireButton } from "./item-retire.js";

export function typesPanel(item, { canEdit, onChanged }) {
  const body = h("div", {}, h("p", { class: "loading" }, "正在加载检测类型…"));
  const panel = h("div", { class: "panel", "data-testid": "item-types-panel" },
    h("div", { class: "panel-head" }, h("h2", {}, "检测类型与流程"),
      canEdit && h("button", {
        type: "button", class: "primary",
        onclick: async () => { const next = await addTypeDialog(item); if (next) onChanged(next); },
      }, "增加检测类型")),
    body);
  loadStates(item).then((states) => mount(body, typesTable(item, states, onChanged)));
  return panel;
}

/** Per type: the draft, the latest version (with whether the draft still equals it) and usability today. */
async function loadStates(item) {
  return Promise.all(item.types.map(async (type) => {
    try {
      const [procedure, versions, usability] = await Promise.all([
        api.get(procedurePath(item.id, type.code)),
        api.get(procedurePath(item.id, type.code, "/versions")),
        api.get(`/v1/items/${item.id}/usability`, { type: type.code }),
      ]);
      const latest = versions.versions[0] || null;
      let changed = null;
      if (latest) {
        const version = await api.get(procedurePath(item.id, type.code, `/versions/${latest.version}`));
        changed = !sameItems(procedure.draft, version.items);
      }
      return { type, procedure, latest, changed, usability };
    } catch (error) {
      return { type, error };
    }
  }));
}

function typesTable(item, states, onChanged) {
  const canEdit = session.can("setup.manage");
  return simpleTable({
    testId: "item-types",
    emptyText: "尚未增加检测类型",
    rows: states,
    columns: [
      { label: "检测类型", render: (s) => [h("div", {}, s.type.title, s.type.retired && [" ", retiredBadge()]), h("div", { class: "mono muted small" }, s.type.code)] },
      { label: "流程草稿", render: (s) => draftCell(s) },
      { label: "最新发布版本", render: (s) => latestCell(s) },
      { label: "能否开展", render: (s) => s.usability && (s.usability.usable
        ? h("span", { class: "badge ok" }, `可开展（第 ${s.usability.procedureVersion} 版）`)
        : h("span", { class: "badge warn", title: s.usability.message }, s.usability.message)) },
      { label: "操作", render: (s) => h("div", { class: "actions type-actions" },
        h("a", { href: `#/items/${item.id}/procedure/${s.type.code}`, class: "button" }, canEdit ? "编辑流程" : "查看流程"),
        session.can("templates.manage") && h("a", { href: `#/templates?item=${item.id}&type=${encodeURIComponent(s.type.code)}`, class: "button" }, "模板"),
        session.can("numbering.manage") && h("a", { href: `#/numbering?item=${item.id}&type=${encodeURIComponent(s.type.code)}`, class: "button" }, "编号规则"),
        canEdit && typeRetireButton(item, s.type, onChanged)) },
    ],
    rowClass: (s) => (s.type.retired ? "row-deleted" : undefined),
  });
}

function draftCell(state) {
  if (state.error) return h("span", { class: "form-error inline" }, state.error.title || state.error.message);
  const p = state.procedure;
  return [
    h("div", {}, `${p.draft.length} 个数据项`, " ",
      state.latest === null ? h("span", { class: "badge" }, "未发布")
        : state.changed ? h("span", { class: "badge warn" }, "有未发布的修改") : h("span", { class: "badge ok" }, "与最新版本一致")),
    h("div", { class: "muted small" }, `第 ${p.draftRevision} 次保存 · ${p.draftSavedBy || "—"} · ${formatDateTime(p.draftSavedAt)}`),
  ];
}

function latestCell(state) {
  if (state.error) return null;
  if (!state.latest) return h("span", { class: "muted" }, "尚未发布");
  const v = state.latest;
  return [h("div", {}, h("strong", {}, `第 ${v.version} 版`)),
    h("div", { class: "muted small" }, `${v.publishedByName || v.publishedBy} · ${formatDateTime(v.publishedAt)}`)];
}

/** Resolves with the item after the change, or undefined when cancelled. */
export function addTypeDialog(item) {
  return openDialog({
    title: `增加检测类型：${item.name}`,
    body: (close) => {
      const form = createForm({
        testId: "type-form",
        submitLabel: "增加",
        onCancel: () => close(),
        values: { category: "verification", subtype: "initial", number: "1" },
        fields: [
          { name: "category", label: "检测类别", type: "select", required: true, options: CATEGORIES, placeholderOption: false },
          { name: "subtype", label: "检定分类", type: "select", options: VERIFICATION_SUBTYPES, placeholderOption: false },
          { name: "number", label: "序号", type: "number", hint: "期间核查、校准的分类型是序号 1–99",
            // Hidden for 检定, which has no number: a value left there from before must not block the form.
            validate: (value, values) => (values.category === "verification" || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 99)
              ? null : "序号须为 1 到 99 的整数") },
        ],
        onSubmit: async (values, { idempotencyKey }) => {
          const verification = values.category === "verification";
          if (!verification && !values.number) return form.setError("number", "请填写序号");
          const body = { category: values.category, subtype: verification ? values.subtype : values.number };
          let next;
          try {
            next = await api.post(`/v1/items/${item.id}/types`, body, { idempotencyKey });
          } catch (error) {
            // The service names `subtype`; for these categories the person typed it as 序号.
            if (error.field === "subtype" && !verification) error.fields = { ...error.fields, field: "number" };
            throw error;
          }
          const added = next.types.find((t) => t.code === `${body.category}:${verification ? body.subtype : Number(body.number)}`);
          notify(`已增加检测类型“${added?.title || body.subtype}”，并建立了空白流程草稿`);
          close(next);
        },
      });
      const category = form.input("category");
      const show = () => {
        const verification = category.value === "verification";
        form.input("subtype").closest(".field").classList.toggle("hidden", !verification);
        form.input("number").closest(".field").classList.toggle("hidden", verification);
      };
      category.addEventListener("change", show);
      show();
      return form.element;
    },
  });
}
