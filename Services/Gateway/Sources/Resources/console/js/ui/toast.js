// Short messages in the corner: what just happened ("已保存") or what went wrong (its code only in the tooltip).
import { h } from "../core/dom.js";
import { errorText, withCode } from "./errors.js";

export function notify(message, kind = "ok", seconds = 4) {
  const area = document.getElementById("toasts");
  const toast = h("div", { class: ["toast", kind], role: kind === "error" ? "alert" : "status" }, message);
  area.append(toast);
  setTimeout(() => toast.remove(), seconds * 1000);
  return toast;
}

/** Shows an ApiError (or any error) as a toast: the Chinese message; its stable code in the tooltip for support. */
export function notifyError(error) {
  withCode(notify(errorText(error), "error", 8), error);
}
