// The signing sheet: the person writes their signature on a canvas (it becomes the signature image on the record and
// the certificate), then confirms with the fingerprint or face (WebAuthn, user verification required). Answers the
// receipt, or null when the person cancels.
import { ApiError } from "../core/api.js";
import { h } from "../core/dom.js";
import { signSubmission } from "../core/webauthn.js";

const MEANINGS = { verification: "检定员签名（提交）", review: "核验员签名（核验）", approval: "批准人签名（批准）" };

export function signDialog(prepare, { as, signerName } = {}) {
  return new Promise((resolve) => {
    const canvas = h("canvas", { class: "pad", width: 640, height: 260, "data-testid": "signature-pad", "aria-label": "手写签名区" });
    const context = canvas.getContext("2d");
    context.lineWidth = 4; context.lineCap = "round"; context.lineJoin = "round"; context.strokeStyle = "#111";
    let drawing = false, strokes = 0;
    const at = (event) => {
      const box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * (canvas.width / box.width), (event.clientY - box.top) * (canvas.height / box.height)];
    };
    canvas.addEventListener("pointerdown", (event) => {
      drawing = true; strokes++; canvas.setPointerCapture?.(event.pointerId);
      context.beginPath(); context.moveTo(...at(event));
    });
    canvas.addEventListener("pointermove", (event) => { if (drawing) { context.lineTo(...at(event)); context.stroke(); } });
    const stop = () => { drawing = false; };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);

    const error = h("p", { class: "error", "data-testid": "sign-error" });
    const confirm = h("button", { type: "button", class: "primary", "data-testid": "sign-confirm" }, "指纹/面容确认并签名");
    const close = (value) => { dialog.close(); dialog.remove(); resolve(value); };
    const dialog = h("dialog", { class: "sheet", "data-testid": "sign-dialog" },
      h("h2", {}, "签名"),
      h("p", { class: "muted" }, `${signerName ? `${signerName} · ` : ""}请在下方书写签名，再用指纹或面容确认。`),
      canvas,
      error,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: () => close(null) }, "取消"),
        h("button", { type: "button", class: "secondary", onclick: () => { context.clearRect(0, 0, canvas.width, canvas.height); strokes = 0; } }, "重写"),
        confirm));
    confirm.addEventListener("click", async () => {
      if (!strokes) { error.textContent = "请先手写签名"; return; }
      confirm.disabled = true;
      error.textContent = "";
      try {
        const png = new Uint8Array(await (await new Promise((done) => canvas.toBlob(done, "image/png"))).arrayBuffer());
        const submission = await prepare();
        const receipt = await signSubmission(submission, { handwritingPng: png, as });
        close({ receipt, submission });
      } catch (e) {
        const failure = e instanceof ApiError ? e : new ApiError(0, { title: String(e?.message || e) });
        error.textContent = failure.title;
        error.title = failure.code;
        error.dataset.code = failure.code;
        confirm.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export const meaningTitle = (meaning) => MEANINGS[meaning] || meaning;
