// Labels and small pieces every screen shares.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";

export const TASK_STATES = { created: "待检", in_progress: "检定中", submitted: "待核验", returned: "已退回", reviewed: "待批准",
  approved: "已批准" };
export const APPROVAL_STATES = { pending: "待批准", approved: "已批准", returned: "已退回" };

export const badge = (labels, state) => h("span", { class: `badge s-${state}`, "data-state": state }, labels[state] || state || "—");

export function formatTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const cellText = (cell, definitions, pointLabel) => {
  const item = definitions.get(cell.itemCode);
  const title = item?.title || cell.itemCode;
  if (!cell.point) return title;
  const label = pointLabel || item?.pointLabels?.[cell.point - 1] || `第 ${cell.point} 点`;
  return `${title} · ${label} · 第 ${cell.run} 次`;
};

/** A header with a back link: every screen below a list has one (phones have no address bar in standalone mode). */
export const screenHead = (title, back) => h("div", { class: "screen-head" },
  back && h("a", { class: "back", href: back, "aria-label": "返回" }, "‹ 返回"), h("h1", {}, title));

/**
 * Fetches a preview or stored PDF and offers it as a link to open (a blob: document; nothing is sent elsewhere).
 * Answers the element to put on screen; `testId` marks the link.
 */
export function pdfButton(label, path, query, { as, testId } = {}) {
  const slot = h("span", { class: "pdf-slot" });
  const button = h("button", { class: "secondary", type: "button", "data-testid": testId ? `${testId}-button` : undefined, onclick: async () => {
    button.disabled = true;
    slot.replaceChildren(h("span", { class: "muted" }, "正在生成预览…"));
    try {
      const response = await api.download(path, query, as ? { as } : {});
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      slot.replaceChildren(h("a", { href: url, target: "_blank", rel: "noopener", class: "pdf-link", "data-testid": testId,
        "data-size": blob.size }, `打开 PDF（${Math.max(1, Math.round(blob.size / 1024))} KB）`));
    } catch (error) {
      slot.replaceChildren(h("span", { class: "error", title: error.code }, error.title || "预览失败"));
    } finally {
      button.disabled = false;
    }
  } }, label);
  return h("span", { class: "pdf" }, button, slot);
}

/** A dialog asking for a reason (退回); resolves the text or null. */
export function askReason(title, placeholder = "请填写退回原因") {
  return new Promise((resolve) => {
    const text = h("textarea", { name: "reason", rows: 4, maxlength: 500, placeholder });
    const error = h("p", { class: "error", id: "reason-error" });
    const dialog = h("dialog", { class: "sheet", "data-testid": "reason-dialog" },
      h("h2", {}, title), text, error,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: () => { dialog.close(); dialog.remove(); resolve(null); } }, "取消"),
        h("button", { type: "button", class: "primary confirm", onclick: () => {
          if (!text.value.trim()) { error.textContent = "请填写原因"; return; }
          dialog.close(); dialog.remove(); resolve(text.value.trim());
        } }, "确定")));
    document.body.append(dialog);
    dialog.showModal();
  });
}
