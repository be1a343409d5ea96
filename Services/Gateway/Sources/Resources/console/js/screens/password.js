// Changing one's own password (the identity service enforces the password rules and says which one failed).
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { notify } from "../ui/toast.js";

export function changePasswordDialog() {
  return openDialog({
    title: "修改密码",
    body: (close) => createForm({
      submitLabel: "修改",
      onCancel: () => close(),
      fields: [
        { name: "currentPassword", label: "当前密码", type: "password", required: true, wide: true, autocomplete: "current-password" },
        { name: "newPassword", label: "新密码", type: "password", required: true, wide: true, autocomplete: "new-password",
          hint: "8–64 个字符，含大写字母、小写字母、数字、符号中的至少三类，且不含账号" },
        { name: "confirmPassword", label: "再次输入新密码", type: "password", required: true, wide: true, autocomplete: "new-password",
          validate: (value, values) => (value !== values.newPassword ? "两次输入的新密码不一致" : null) },
      ],
      onSubmit: async (values, { idempotencyKey }) => {
        await api.post("/v1/me/password", { currentPassword: values.currentPassword, newPassword: values.newPassword }, { idempotencyKey });
        close();
        notify("密码已修改");
      },
    }).element,
  });
}
