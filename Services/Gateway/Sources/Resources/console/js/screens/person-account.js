// The account's actions (disable, enable, unlock, reset password, delete) and the audited look at the full resident
// ID number. Each asks first: disabling and deleting end the person's sessions at once, and deleting is final.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { session } from "../core/session.js";
import { confirmAction, openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { notify, notifyError } from "../ui/toast.js";
import { PASSWORD_RULE } from "./person-fields.js";

const DISABLE_REASONS = ["调离本岗位", "离职", "长期离岗", "账号安全原因", "其他"].map((r) => ({ value: r, label: r }));
const DELETE_REASONS = ["离职", "重复建立的账号", "错误建立的账号", "其他"].map((r) => ({ value: r, label: r }));
const REVEAL_REASONS = ["核对身份信息", "办理资质或证书", "应监管要求", "其他"].map((r) => ({ value: r, label: r }));
const REVEAL_SECONDS = 60;

const reasonText = (answer) => (answer.note ? `${answer.reason}：${answer.note}` : answer.reason);

/** "身份证号 110105********1232 [查看完整号码]"; the button only for users.reveal_id, and it says the look is audited. */
export function idNumberLine(user) {
  const shown = h("span", { class: "mono", "data-testid": "id-number" }, user.idNumberMasked || "未登记");
  const reveal = user.idNumberMasked && session.can("users.reveal_id") && h("button", {
    type: "button", class: "link",
    onclick: async () => {
      const answer = await confirmAction({
        title: "查看完整身份证号",
        message: `查看“${user.displayName}”的完整身份证号会记入审计追踪（查看人、时间和原因）。`,
        confirmLabel: "查看", reason: REVEAL_REASONS,
      });
      if (!answer) return;
      try {
        const { idNumber } = await api.get(`/v1/users/${user.id}/id-number`, { reason: reasonText(answer) });
        shown.textContent = idNumber;
        reveal.classList.add("hidden");
        // The full number does not stay on a screen someone may walk away from.
        setTimeout(() => { shown.textContent = user.idNumberMasked; reveal.classList.remove("hidden"); }, REVEAL_SECONDS * 1000);
      } catch (error) { notifyError(error); }
    },
  }, "查看完整号码");
  return h("p", { class: "id-number-line" }, h("span", { class: "muted" }, "居民身份证号："), shown, reveal,
    user.idNumberMasked && h("span", { class: "muted" }, "（修改时在下方填写新号码）"));
}

export function accountPanel(user, { onChanged, self }) {
  async function act(confirmation, call, done) {
    const answer = await confirmAction(confirmation);
    if (!answer) return;
    try {
      const next = await call(answer);
      notify(done);
      onChanged(next);
    } catch (error) { notifyError(error); }
  }
  const path = `/v1/users/${user.id}`;
  const who = `“${user.displayName}”（${user.username}）`;

  const disable = () => act({
    title: "停用账号", danger: true, confirmLabel: "停用", reason: DISABLE_REASONS,
    message: `停用${who}后，其已登录的会话与令牌立即失效，不能再登录；之后可以重新启用。`,
  }, (answer) => api.post(`${path}/disable`, { reason: reasonText(answer) }), "账号已停用");
  const enable = () => act({
    title: "启用账号", confirmLabel: "启用", message: `启用${who}后，该人员可以再次登录。`,
  }, () => api.post(`${path}/enable`, {}), "账号已启用");
  const unlock = () => act({
    title: "解除锁定", confirmLabel: "解除锁定", message: `${who}因多次登录失败被锁定。请确认是本人操作后再解除。`,
  }, () => api.post(`${path}/unlock`, {}), "已解除锁定");
  const remove = () => act({
    title: "删除人员", danger: true, confirmLabel: "删除", reason: DELETE_REASONS,
    message: `删除${who}后不能恢复：该人员不能再登录，历史记录（检测记录、签名、审计追踪）全部保留，账号名“${user.username}”今后也不能再次使用。`,
  }, (answer) => api.delete(path, { query: { reason: reasonText(answer) } }), "人员已删除");

  return h("div", { class: "panel", "data-testid": "person-account" },
    h("h2", {}, "账号"),
    self && h("p", { class: "muted" }, "这是您自己的账号：不能停用或删除自己。"),
    h("div", { class: "actions" },
      user.status === "active" && h("button", { type: "button", class: "danger", disabled: self, onclick: disable }, "停用账号"),
      user.status === "disabled" && h("button", { type: "button", onclick: enable }, "启用账号"),
      user.locked && h("button", { type: "button", onclick: unlock }, "解除锁定"),
      h("button", { type: "button", onclick: () => resetPassword(user, onChanged) }, "重置密码"),
      h("button", { type: "button", class: "danger", disabled: self, onclick: remove }, "删除人员")));
}

function resetPassword(user, onChanged) {
  return openDialog({
    title: `重置密码：${user.displayName}`,
    body: (close) => createForm({
      testId: "reset-password-form",
      submitLabel: "重置",
      onCancel: () => close(),
      fields: [
        { name: "password", label: "新密码", type: "password", required: true, wide: true, autocomplete: "new-password",
          hint: `${PASSWORD_RULE}。重置后该人员的会话立即结束。` },
        { name: "requirePasswordChange", label: "首次登录须修改密码", type: "checkbox", wide: true,
          hint: "勾选后，本人下次登录须先修改这个密码" },
        { name: "confirmPassword", label: "再次输入新密码", type: "password", required: true, wide: true, autocomplete: "new-password",
          validate: (value, values) => (value !== values.password ? "两次输入的新密码不一致" : null) },
      ],
      values: { requirePasswordChange: true },
      onSubmit: async (values, { idempotencyKey }) => {
        const next = await api.patch(`/v1/users/${user.id}`,
          { password: values.password, requirePasswordChange: values.requirePasswordChange }, { idempotencyKey });
        close();
        notify("密码已重置，请告知本人");
        onChanged(next);
      },
    }).element,
  });
}
