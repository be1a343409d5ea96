// Validation (校验) and publication (发布): the issues the flows service finds in the saved draft, and a dialog that
// shows them before publishing; publishing is offered only without errors, and a refusal is shown in the dialog.
import { api, newIdempotencyKey } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { openDialog } from "../ui/dialog.js";
import { procedurePath } from "./item-common.js";
import { errorText, withCode } from "../ui/errors.js";

/** The issue list: errors first, each with its data item (clickable when `onSelect`) and formula position. */
export function issueList(validation, { onSelect } = {}) {
  const issues = [...validation.issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  if (!issues.length) return null;
  // Each issue's stable code is for support: in the tooltip, not in the text.
  return h("ul", { class: "issue-list", "data-testid": "validation-issues" }, issues.map((issue) => h("li", { class: issue.severity, title: `错误代码：${issue.code}`, "data-code": issue.code },
    h("span", { class: ["badge", issue.severity === "error" ? "danger" : "warn"] }, issue.severity === "error" ? "错误" : "警告"), " ",
    issue.itemCode && (onSelect
      ? h("button", { type: "button", class: "link mono", onclick: () => onSelect(issue.itemCode) }, issue.itemCode)
      : h("span", { class: "mono" }, issue.itemCode)),
    issue.itemCode && "：",
    issue.message,
    issue.line > 0 && h("span", { class: "muted" }, `（公式第 ${issue.line} 行第 ${issue.column} 列）`))));
}

export function summary(validation) {
  const errors = validation.issues.filter((i) => i.severity === "error").length;
  const warnings = validation.issues.length - errors;
  if (validation.ok) {
    return h("p", { class: "validation-summary ok" }, h("span", { class: "badge ok" }, "校验通过"),
      warnings ? ` 可以发布；有 ${warnings} 个警告，请确认。` : " 可以发布。");
  }
  return h("p", { class: "validation-summary error" }, h("span", { class: "badge danger" }, "校验未通过"),
    ` ${errors} 个错误${warnings ? `、${warnings} 个警告` : ""}，改正错误后才能发布。`);
}

/** The result of 校验 on the page. `stale`: the page has changes the check did not see. */
export function validationPanel(validation, { stale, onSelect, onClose }) {
  return h("div", { class: "panel validation-panel", "data-testid": "validation-result" },
    h("div", { class: "panel-head" }, h("h2", {}, "校验结果"),
      h("button", { type: "button", class: "link", onclick: onClose }, "关闭")),
    stale && h("p", { class: "notice warn" }, "这是已保存草稿的校验结果；页面上还有未保存的修改，保存后再校验才包括它们。"),
    summary(validation),
    issueList(validation, { onSelect }));
}

/** Resolves with the procedure after publishing, or undefined when cancelled. */
export function publishDialog({ itemId, typeCode, revision, validation, title, nextVersion }) {
  const note = h("textarea", { id: "publish-note", name: "note", maxlength: 200, rows: 2, placeholder: "如 按 JJG 443-2023 编写" });
  const refusal = h("div", { class: "form-error hidden", role: "alert", "data-testid": "publish-refusal" });
  // A retried click after a lost answer must not publish a second version.
  const idempotencyKey = newIdempotencyKey();
  return openDialog({
    title: `发布检测流程：${title}`,
    wide: true,
    body: h("div", { "data-testid": "publish-dialog" },
      h("p", {}, `发布后，草稿冻结为第 ${nextVersion} 版；此后开始的检测使用新版本，已开始的检测仍使用原来的版本。发布不能撤销。`),
      summary(validation),
      issueList(validation),
      refusal,
      validation.ok && h("div", { class: "form" }, h("div", { class: "field wide" }, h("label", { for: "publish-note" }, "发布说明（可选）"), note))),
    buttons: [
      (close) => h("button", { type: "button", class: "cancel", onclick: () => close() }, validation.ok ? "取消" : "关闭"),
      (close) => {
        const button = h("button", {
          type: "button", class: "primary confirm", disabled: !validation.ok,
          title: validation.ok ? undefined : "存在错误，不能发布",
          onclick: async () => {
            button.disabled = true;
            refusal.classList.add("hidden");
            try {
              const procedure = await api.post(procedurePath(itemId, typeCode, "/publish"), { draftRevision: revision, note: note.value.trim() }, { idempotencyKey });
              close(procedure);
            } catch (error) {
              // The service has the last word (a draft changed meanwhile, or it does not validate): show why.
              mount(refusal, `发布被拒绝：${errorText(error)}`);
              withCode(refusal, error);
              refusal.classList.remove("hidden");
              button.disabled = false;
            }
          },
        }, "发布");
        return button;
      },
    ],
  });
}
