// 登录: username and password with this phone's device key. A phone seen for the first time is registered as
// pending (§4.3.4.2): the server's Chinese message and the device number are shown, and the person retries once a
// device manager has enabled it. After the first sign-in on an enabled phone the person registers a fingerprint or
// face credential (我的).
import { h, mount } from "../core/dom.js";
import { loginWithDevice } from "../core/device.js";
import { session } from "../core/session.js";
import { credentialsHere, webauthnAvailable } from "../core/webauthn.js";

export function render(container) {
  document.getElementById("title").textContent = "登录";
  const username = h("input", { name: "username", autocomplete: "username", autocapitalize: "off", required: true });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
  const message = h("div", { class: "login-message" });
  const submit = h("button", { type: "submit", class: "primary wide" }, "登录");
  const form = h("form", { class: "card login", "data-testid": "login-form", onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.replaceChildren(h("p", { class: "muted" }, "正在登录…"));
    try {
      const tokens = await loginWithDevice(username.value.trim(), password.value);
      session.save(tokens);
      message.replaceChildren();
      // First sign-in on this phone: offer the biometric credential before anything else.
      let registered = true;
      if (webauthnAvailable()) {
        try { registered = (await credentialsHere()).length > 0; } catch { registered = true; }
      }
      location.hash = registered ? "#/" : "#/me?setup=1";
    } catch (error) {
      message.replaceChildren(refusal(error, () => form.requestSubmit()));
    } finally {
      submit.disabled = false;
    }
  } },
  h("label", {}, "用户名", username),
  h("label", {}, "密码", password),
  submit,
  message);
  mount(container, h("div", { class: "brand" }, h("img", { src: "/m/icons/icon-192.png", alt: "", width: 64, height: 64 }),
    h("p", {}, "计量检测数据与结果处理平台")), form);
}

function refusal(error, retry) {
  if (error.code === "DEVICE_PENDING_AUTHORIZATION") {
    return h("div", { class: "notice pending", "data-testid": "device-pending", "data-code": error.code },
      h("p", { class: "strong" }, error.title),
      h("p", {}, "本机设备编号：", h("span", { class: "mono", "data-testid": "pending-device-id" }, error.fields?.deviceId || "—")),
      h("p", { class: "muted" }, "请把设备编号告诉设备管理员；启用后点“重试”。"),
      h("button", { type: "button", class: "secondary", onclick: retry }, "重试"));
  }
  return h("p", { class: "error", "data-testid": "login-error", "data-code": error.code, title: error.code }, error.title);
}
