// Creating a role and changing its name or description. Permissions are ticked in the matrix afterwards.
import { api } from "../core/api.js";
import { openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { notify } from "../ui/toast.js";

const nameField = { name: "name", label: "角色名称", required: true, maxlength: 20, wide: true, placeholder: "如 实验室负责人" };
const descriptionField = { name: "description", label: "说明", type: "textarea", maxlength: 200, wide: true };

/** Resolves with the new role, or undefined when cancelled. */
export function createRoleDialog() {
  return openDialog({
    title: "新建角色",
    body: (close) => createForm({
      testId: "role-form",
      submitLabel: "创建",
      onCancel: () => close(),
      fields: [
        { name: "code", label: "角色代码", required: true, maxlength: 32, wide: true, placeholder: "如 lab_lead",
          pattern: /^[a-z][a-z0-9_]{1,31}$/, patternMessage: "角色代码须为 2 到 32 个小写字母、数字或下划线，以字母开头",
          hint: "创建后不能修改" },
        nameField,
        descriptionField,
      ],
      onSubmit: async (values, { idempotencyKey }) => {
        const role = await api.post("/v1/roles", { code: values.code, name: values.name, description: values.description, permissions: [] }, { idempotencyKey });
        notify(`已创建角色“${role.name}”，请在矩阵中勾选它的权限`);
        close(role);
      },
    }).element,
  });
}

/** Resolves with the role after the change, or undefined when cancelled or nothing changed. */
export function renameRoleDialog(role) {
  return openDialog({
    title: `修改角色：${role.name}`,
    body: (close) => createForm({
      testId: "role-form",
      submitLabel: "保存",
      onCancel: () => close(),
      values: { name: role.name, description: role.description },
      fields: [nameField, descriptionField],
      onSubmit: async (values, { idempotencyKey }) => {
        const body = {};
        if (values.name !== role.name) body.name = values.name;
        if (values.description !== (role.description || "")) body.description = values.description;
        if (!Object.keys(body).length) return close();
        const next = await api.patch(`/v1/roles/${encodeURIComponent(role.code)}`, body, { idempotencyKey });
        notify(`角色“${next.name}”已保存`);
        close(next);
      },
    }).element,
  });
}
