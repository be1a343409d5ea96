// 核验 one record: preview, pass with the reviewer's signature (核验, WebAuthn + handwriting) or return with a reason.
// With `?here=1` the reviewer does it on the tester's phone in the tester's session (§4.3.10.5): the reviewer signs in
// with their own password on this phone (a second session bound to the same device, held in memory only), registers
// their fingerprint/face here if they have none yet, reviews and signs as themself, and signs out again; the tester
// stays signed in throughout.
import { api } from "../core/api.js";
import { loginWithDevice } from "../core/device.js";
import { errorLine, h, mount, toast } from "../core/dom.js";
import { session } from "../core/session.js";
import { credentialsHere, registerCredential } from "../core/webauthn.js";
import { askReason, pdfButton, screenHead } from "../ui/common.js";
import { computedView, recordHeader, signaturesView, valuesView } from "../ui/record.js";
import { signDialog } from "../ui/sign.js";

export async function render(container, params, query) {
  document.getElementById("title").textContent = "核验";
  const id = params.id;
  if (!query.here) return reviewPanel(container, id, null, "#/review");
  let guest = null;
  const endGuest = async () => {
    if (!guest) return;
    const ending = guest;
    guest = null;
    try { await api.post("/v1/auth/logout", {}, { as: ending }); } catch { /* the token expires on its own */ }
  };
  const message = h("div");
  const username = h("input", { name: "username", autocomplete: "off", autocapitalize: "off" });
  const password = h("input", { name: "password", type: "password", autocomplete: "off" });
  const form = h("form", { class: "card", "data-testid": "reviewer-login", onsubmit: async (event) => {
    event.preventDefault();
    message.replaceChildren(h("p", { class: "muted" }, "正在验证…"));
    try {
      const tokens = await loginWithDevice(username.value.trim(), password.value);
      guest = { accessToken: tokens.accessToken, deviceId: tokens.deviceId || session.deviceId, user: tokens.user };
      if (!tokens.user?.permissions?.includes("records.review")) {
        await endGuest();
        message.replaceChildren(h("p", { class: "error" }, "该用户没有核验权限"));
        return;
      }
      await ensureCredential(container, guest, () => reviewPanel(container, id, guest, `#/tasks/${encodeURIComponent(id)}`, endGuest));
    } catch (error) {
      message.replaceChildren(errorLine(error, "reviewer-login-error"));
    }
  } },
  h("h2", {}, "核验员在本机登录"),
  h("p", { class: "muted" }, `当前登录：${session.user?.displayName || session.user?.username}（不会退出）。核验员输入自己的账号密码，核验完成后自动退出。`),
  h("label", {}, "核验员用户名", username), h("label", {}, "密码", password),
  h("button", { type: "submit", class: "primary wide" }, "登录并核验"), message);
  mount(container, screenHead("在本机核验", `#/tasks/${encodeURIComponent(id)}`), form);
  return () => { endGuest(); };
}

async function ensureCredential(container, guest, next) {
  if ((await credentialsHere(guest)).length) return next();
  const status = h("div");
  const button = h("button", { type: "button", class: "primary wide", "data-testid": "register-webauthn", onclick: async () => {
    button.disabled = true;
    try {
      await registerCredential(guest);
      await next();
    } catch (error) {
      status.replaceChildren(errorLine(error));
      button.disabled = false;
    }
  } }, "注册核验员的指纹/面容");
  mount(container, screenHead("在本机核验"), h("section", { class: "card", "data-testid": "reviewer-setup" },
    h("p", {}, `${guest.user?.displayName || ""}：本机还没有您的指纹/面容签名，请先注册。`), button, status));
}

async function reviewPanel(container, id, as, back, finish = async () => {}) {
  const options = as ? { as } : {};
  const task = await api.get(`/v1/tasks/${encodeURIComponent(id)}`, undefined, options);
  let procedure = null;
  try {
    procedure = await api.get(`/v1/items/${encodeURIComponent(task.itemId)}/procedure/versions/${task.procedureVersion}`, { type: task.typeCode }, options);
  } catch { /* values are shown by code */ }
  const items = procedure?.items || [];
  const status = h("div");
  const done = async (text) => {
    toast(text);
    await finish();
    location.hash = as ? `#/tasks/${encodeURIComponent(id)}` : "#/review";
  };
  mount(container,
    screenHead(as ? `在本机核验 · ${as.user?.displayName || ""}` : "核验", back),
    recordHeader(task),
    h("section", { class: "card" }, h("h2", {}, "原始数据"), valuesView(items, task.values)),
    computedView(items, task.computed, task.conclusion),
    signaturesView(task),
    h("section", { class: "card actions-card" },
      pdfButton("预览原始记录", `/v1/tasks/${encodeURIComponent(id)}/preview`, { kind: "raw_record" }, { as, testId: "preview-raw" }),
      pdfButton("预览证书", `/v1/tasks/${encodeURIComponent(id)}/preview`, { kind: "certificate" }, { as, testId: "preview-certificate" }),
      task.state === "submitted" && [
        h("button", { type: "button", class: "primary wide", "data-testid": "review-pass", onclick: async () => {
          const signed = await signDialog(() => api.get(`/v1/tasks/${encodeURIComponent(id)}/review-submission`, undefined, options),
            { as, signerName: as?.user?.displayName });
          if (!signed) return;
          try {
            await api.post(`/v1/tasks/${encodeURIComponent(id)}/review`, { decision: "pass", receipt: signed.receipt.receipt }, options);
            await done("核验通过");
          } catch (error) { status.replaceChildren(errorLine(error, "review-error")); }
        } }, "核验通过并签名"),
        h("button", { type: "button", class: "danger wide", "data-testid": "review-return", onclick: async () => {
          const reason = await askReason("退回原始记录");
          if (!reason) return;
          try {
            await api.post(`/v1/tasks/${encodeURIComponent(id)}/review`, { decision: "return", reason }, options);
            await done("已退回");
          } catch (error) { status.replaceChildren(errorLine(error, "review-error")); }
        } }, "退回")],
      status));
}
