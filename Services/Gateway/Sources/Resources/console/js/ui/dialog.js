// Modal dialogs on the native <dialog> element: confirmations before changes that cannot be undone, and forms
// that open over a list. Escape or 取消 closes without doing anything.
import { h } from "../core/dom.js";

/** Opens a dialog; `build(close)` returns its body and buttons. Resolves with what `close(value)` was given
 *  (undefined when cancelled). */
export function openDialog({ title, body, buttons = [], wide = false }) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: wide ? "wide" : undefined, "aria-label": title });
    const close = (value) => { dialog.close(); dialog.remove(); resolve(value); };
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(undefined); });
    const foot = h("div", { class: "dialog-foot" }, buttons.map((b) => typeof b === "function" ? b(close) : b));
    dialog.append(h("div", { class: "dialog-head" }, title), h("div", { class: "dialog-body" }, typeof body === "function" ? body(close) : body), foot);
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Asks before an action. `danger` colours the confirm button red. With `reason` (a list of {value, label}) the
 *  person must also choose a reason and may add a note; the promise then resolves with {reason, note}. Resolves
 *  with false when cancelled. */
export function confirmAction({ title, message, confirmLabel = "确定", danger = false, reason = null, noteLabel = "备注（可选）" }) {
  let reasonSelect, note;
  const body = h("div", {},
    h("p", {}, message),
    reason && h("div", { class: "form" },
      h("div", { class: "field required wide" },
        h("label", { for: "confirm-reason" }, "原因"),
        reasonSelect = h("select", { id: "confirm-reason", name: "reason", onchange: () => {
          reasonSelect.closest(".field").classList.remove("invalid");
          document.getElementById("confirm-reason-error").textContent = "";
        } },
          h("option", { value: "" }, "请选择…"), reason.map((r) => h("option", { value: r.value }, r.label))),
        h("div", { class: "error", id: "confirm-reason-error" })),
      h("div", { class: "field wide" }, h("label", { for: "confirm-note" }, noteLabel),
        note = h("textarea", { id: "confirm-note", name: "note", maxlength: 200 }))));
  return openDialog({
    title, body,
    buttons: [
      (close) => h("button", { type: "button", class: "cancel", onclick: () => close(false) }, "取消"),
      (close) => h("button", {
        type: "button", class: ["primary", danger && "danger", "confirm"],
        onclick: () => {
          if (!reason) return close(true);
          if (!reasonSelect.value) {
            reasonSelect.closest(".field").classList.add("invalid");
            document.getElementById("confirm-reason-error").textContent = "请选择原因";
            return;
          }
          close({ reason: reasonSelect.value, note: note.value.trim() });
        },
      }, confirmLabel),
    ],
  }).then((value) => value ?? false);
}
