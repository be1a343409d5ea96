// One test item: its data (name, legal bases), its test types and, per type, the state of its procedure with the
// ways into the procedure editor, the templates and the numbering rules.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { createForm } from "../ui/form.js";
import { formatDateTime } from "../ui/format.js";
import { notify } from "../ui/toast.js";
import { usableBadge } from "./item-common.js";
import { basesPanel } from "./item-bases.js";
import { typesPanel } from "./item-types.js";
import { itemRetireButton, retiredBadge } from "./item-retire.js";

export async function render(container, params) {
  const item = await api.get(`/v1/items/${encodeURIComponent(params.id)}`);
  renderItem(container, item);
}

function renderItem(container, item) {
  const canManage = session.can("setup.manage");
  // A retired item is kept as it was: reactivate it to change it.
  const canEdit = canManage && !item.retired;
  const refresh = (next) => renderItem(container, next);

  const form = canEdit && createForm({
    testId: "item-edit-form",
    submitLabel: "保存修改",
    values: { code: item.code, name: item.name },
    fields: [
      { name: "code", label: "项目代码", readonly: true, hint: "项目代码创建后不能修改" },
      { name: "name", label: "项目名称", required: true, maxlength: 60 },
    ],
    onSubmit: async (values, { idempotencyKey }) => {
      if (values.name === item.name) return notify("没有需要保存的修改", "info");
      const next = await api.patch(`/v1/items/${item.id}`, { name: values.name }, { idempotencyKey });
      notify("检测项目已保存");
      refresh(next);
    },
  });

  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/items" }, "检测项目与流程"), ` / ${item.name}`),
    h("div", { class: "item-head" },
      h("h1", {}, item.name),
      h("span", { class: "mono" }, item.code),
      item.retired ? retiredBadge() : usableBadge(item),
      h("span", { class: "spacer" }),
      canManage && itemRetireButton(item, refresh)),
    item.retired
      ? h("p", { class: "notice warn", "data-testid": "item-retired-notice" },
        `该检测项目已停用${item.retiredReason ? `（${item.retiredReason}）` : ""}：不再出现在选择列表中，不能开展新的检测；历史记录保留。重新启用后才能修改。`)
      : !item.usable && h("p", { class: "notice warn" }, item.unusableReason),
    h("div", { class: "panel", "data-testid": "item-details" },
      h("h2", {}, "基本信息"),
      h("dl", { class: "dl" },
        h("dt", {}, "项目代码"), h("dd", { class: "mono" }, item.code),
        h("dt", {}, "项目名称"), h("dd", {}, item.name),
        h("dt", {}, "规程"), h("dd", {}, item.regulationCodes.length ? item.regulationCodes.join("、") : h("span", { class: "muted" }, "尚未关联规程")),
        h("dt", {}, "创建时间"), h("dd", {}, formatDateTime(item.createdAt)),
        h("dt", {}, "最近修改"), h("dd", {}, formatDateTime(item.updatedAt))),
      form && h("div", { class: "item-edit" }, h("h3", {}, "修改"), form.element)),
    basesPanel(item, { canEdit, onChanged: refresh }),
    typesPanel(item, { canEdit, onChanged: refresh }));
}
