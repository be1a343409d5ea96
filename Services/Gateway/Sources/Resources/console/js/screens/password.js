// Changing one's own password (the identity service enforces the password rules and says which one failed).
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { notify } from "../ui/toast.js";

/** `required`: the first login with an administrator-set password; the dialog offers 退出登录 instead of 取消 and
 *  resolves true once the password is changed, false when the person chose to sign out (undefined after Escape). */
export function changePasswordDialog({ required = false } = {}) {
  const form = (close) => createForm({
    testId: "change-password-form",
    submitLabel: "修改",
    cancelLabel: required ? "退出登录" : "取消",
    onCancel: () => close(required ? false : undefined),
    fields: [
      { name: "currentPassword", label: "当前密码", type: "password", required: true, wide: true, autocomplete: "current-password" },
      { name: "newPassword", label: "新密码", type: "password", required: true, wide: true, autocomplete: "new-password",
        hint: "8–64 个字符，含大写字母、小写字母、数字、符号中的至少三类，且不含账号" },
      { name: "confirmPassword", label: "再次输入新密码", type: "password", required: true, wide: true, autocomplete: "new-password",
        validate: (value, values) => (value !== values.newPassword ? "两次输入的新密码不一致" : null) },
    ],
    onSubmit: async (values, { idempotencyKey }) => {
      await api.post("/v1/me/password", { currentPassword: values.currentPassword, newPassword: values.newPassword }, { idempotencyKey });
      close(true);
      notify("密码已修改");
    },
  }).element;
  return openDialog({
    title: required ? "首次登录须修改密码" : "修改密码",
    body: (close) => required
      ? h("div", {}, h("p", { "data-testid": "password-change-required" }, "您的密码由管理员设置，请先修改为只有您本人知道的密码，然后继续使用。"), form(close))
      : form(close),
  });
}

/** The blocking step after signing in with `mustChangePassword`: the change dialog until the password is changed,
 *  then a refresh, whose token no longer carries the claim. Resolves false when the person signs out instead. */
export async function requirePasswordChange() {
  for (;;) {
    const changed = await changePasswordDialog({ required: true });
    if (changed === false) return false;
    if (changed) return api.refreshSession();
  }
}
