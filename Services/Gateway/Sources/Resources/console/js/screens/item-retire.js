// Retiring (停用) an item or one of its test types, and reactivating it. Nothing is deleted: records made with it
// keep pointing at it, while pickers stop offering it and no new work may start with it. The reason goes to the
// flows service's audit trail.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { confirmAction } from "../ui/dialog.js";
import { notify, notifyError } from "../ui/toast.js";

const REASONS = [
  { value: "录入有误", label: "录入有误" },
  { value: "测试数据", label: "测试数据" },
  { value: "不再开展", label: "不再开展" },
  { value: "其他", label: "其他（请在备注中说明）" },
];

/** The badge lists and pages show for something retired. */
export function retiredBadge(title) {
  return h("span", { class: "badge", "data-testid": "retired-badge", title }, "已停用");
}

/** The item's 停用 / 重新启用 button; onChanged(item) gets the item as it now is. */
export function itemRetireButton(item, onChanged) {
  const retire = !item.retired;
  const button = h("button", {
    type: "button", class: retire ? "danger" : "primary", "data-testid": retire ? "retire-item" : "reactivate-item",
    onclick: async () => {
      const answer = retire
        ? await confirmAction({
          title: "停用检测项目", danger: true, confirmLabel: "停用", reason: REASONS,
          message: `停用“${item.name}”（${item.code}）后，它不再出现在各处的选择列表中，也不能开展新的检测；已有的记录、流程版本、模板与编号保留不变，可随时重新启用。`,
        })
        : await confirmAction({ title: "重新启用检测项目", confirmLabel: "重新启用", message: `重新启用“${item.name}”（${item.code}）？` });
      if (!answer) return;
      await send(button, `/v1/items/${encodeURIComponent(item.id)}/${retire ? "retire" : "reactivate"}`, reasonText(answer),
        retire ? `已停用检测项目“${item.name}”` : `已重新启用检测项目“${item.name}”`, onChanged);
    },
  }, retire ? "停用项目" : "重新启用");
  return button;
}

/** A test type's 停用 / 启用 button (none while the item itself is retired: reactivate the item first). */
export function typeRetireButton(item, type, onChanged) {
  if (item.retired) return null;
  const retire = !type.retired;
  const button = h("button", {
    type: "button", class: retire ? "danger" : "", "data-testid": retire ? "retire-type" : "reactivate-type",
    onclick: async () => {
      const answer = retire
        ? await confirmAction({
          title: "停用检测类型", danger: true, confirmLabel: "停用", reason: REASONS,
          message: `停用“${item.name}”的检测类型“${type.title}”后，它不再出现在选择列表中，也不能开展新的检测；已有的流程版本、模板与记录保留不变。`,
        })
        : await confirmAction({ title: "重新启用检测类型", confirmLabel: "重新启用", message: `重新启用“${item.name}”的检测类型“${type.title}”？` });
      if (!answer) return;
      const path = `/v1/items/${encodeURIComponent(item.id)}/types/${retire ? "retire" : "reactivate"}?type=${encodeURIComponent(type.code)}`;
      await send(button, path, reasonText(answer), retire ? `已停用检测类型“${type.title}”` : `已重新启用检测类型“${type.title}”`, onChanged);
    },
  }, retire ? "停用" : "重新启用");
  return button;
}

function reasonText(answer) {
  if (typeof answer !== "object") return "";
  return answer.note ? `${answer.reason}：${answer.note}` : answer.reason;
}

async function send(button, path, reason, message, onChanged) {
  button.disabled = true;
  try {
    const next = await api.post(path, reason ? { reason } : {});
    notify(message);
    onChanged(next);
  } catch (error) {
    notifyError(error);
    button.disabled = false;
  }
}
