// Short messages in the corner: what just happened ("已保存") or what went wrong, with the error's code.
import { h } from "../core/dom.js";

export function notify(message, kind = "ok", seconds = 4) {
  const area = document.getElementById("toasts");
  const toast = h("div", { class: ["toast", kind], role: kind === "error" ? "alert" : "status" }, message);
  area.append(toast);
  setTimeout(() => toast.remove(), seconds * 1000);
}

/** Shows an ApiError (or any error) as a toast: the Chinese message and, for support, its stable code. */
export function notifyError(error) {
  const code = error?.code ? `（${error.code}）` : "";
  notify(`${error?.title || error?.message || "操作失败"}${code}`, "error", 8);
}
