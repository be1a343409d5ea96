// The sign-in form. A browser signs in without a device (device-bound sessions are for the mobile app); a locked or
// disabled account gets the identity service's own message.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { createForm } from "../ui/form.js";

export function showLogin(app, { message, onSignedIn } = {}) {
  document.title = "登录 · 计量检测平台管理后台";
  const form = createForm({
    testId: "login-form",
    submitLabel: "登录",
    fields: [
      { name: "username", label: "账号", required: true, autocomplete: "username", wide: true },
      { name: "password", label: "密码", type: "password", required: true, autocomplete: "current-password", wide: true },
    ],
    onSubmit: async (values, { idempotencyKey }) => {
      const tokens = await api.post("/v1/auth/login", { username: values.username, password: values.password }, { idempotencyKey });
      session.save(tokens);
      await onSignedIn?.();
    },
  });
  mount(app, h("div", { class: "login" },
    h("h1", {}, "计量检测平台管理后台"),
    message && h("p", { class: "muted", "data-testid": "login-message" }, message),
    form.element));
  form.input("username").focus();
}
