// The changes a standard keeps a history of: a new calibration certificate, an intermediate check (a failing one
// quarantines the standard at once), and its status. None can be undone, so each asks before it is sent.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { confirmAction, openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { todayInBeijing } from "../ui/format.js";
import { notify } from "../ui/toast.js";
import { STANDARD_STATUSES, certificateFields, certificateFrom } from "./standard-common.js";

/** A form in a dialog whose submission is confirmed first. The form's dialog steps aside while the question is open
 *  (one dialog at a time) and comes back with everything typed, whatever the answer. */
function confirmedFormDialog({ title, intro, fields, values, submitLabel, confirm, send, testId }) {
  return openDialog({
    title,
    wide: true,
    body: (close) => {
      const form = createForm({
        testId, submitLabel, fields, values,
        onCancel: () => close(),
        onSubmit: async (current, { idempotencyKey }) => {
          const dialog = form.element.closest("dialog");
          dialog.close();
          const ok = await confirmAction(confirm(current));
          dialog.showModal();
          if (!ok) return;
          const result = await send(current, idempotencyKey);
          close();
          return result;
        },
      });
      return [intro && h("p", { class: "muted" }, intro), form.element];
    },
  });
}

export function recordCalibration(standard, onChanged) {
  const current = standard.certificate;
  return confirmedFormDialog({
    title: `登记检定/校准证书：${standard.code}`,
    testId: "calibration-form",
    intro: current ? `新证书将替换当前证书 ${current.number}（有效期至 ${current.validUntil}）；当前证书保留在审计追踪中。` : "该标准尚未登记证书。",
    fields: certificateFields({ required: true }),
    submitLabel: "登记证书",
    confirm: (values) => ({
      title: "登记检定/校准证书",
      confirmLabel: "登记",
      message: `登记证书 ${values["certificate.number"]}（${values["certificate.issuer"]}，有效期至 ${values["certificate.validUntil"]}）`
        + (current ? `，替换当前证书 ${current.number}` : "")
        + "。登记后不能撤销，只能再登记新的证书。",
    }),
    send: async (values, idempotencyKey) => {
      const next = await api.post(`/v1/standards/${standard.id}/calibrations`, certificateFrom(values), { idempotencyKey });
      notify(`已登记证书 ${values["certificate.number"]}`);
      onChanged(next);
    },
  });
}

export function addCheck(standard, onChanged) {
  return confirmedFormDialog({
    title: `登记期间核查：${standard.code}`,
    testId: "check-form",
    intro: "核查结论为“不合格”时，该标准器具立即隔离，不能再用于检定，直到登记合格的期间核查或新的检定/校准证书后恢复在用。",
    fields: [
      { name: "checkedOn", label: "核查日期", type: "date", required: true,
        validate: (value) => (value > todayInBeijing() ? "核查日期不能晚于今天" : null) },
      { name: "result", label: "核查结论", type: "select", required: true,
        options: [{ value: "pass", label: "合格" }, { value: "fail", label: "不合格" }] },
      { name: "note", label: "核查说明", type: "textarea", wide: true, maxlength: 500 },
    ],
    values: { checkedOn: todayInBeijing() },
    submitLabel: "登记核查",
    confirm: (values) => (values.result === "fail"
      ? {
        title: "登记不合格的期间核查", danger: true, confirmLabel: "登记并隔离",
        message: `核查结论为不合格：登记后标准器具 ${standard.code} ${standard.name} 将立即隔离，不能再用于检定；`
          + "恢复在用前须登记合格的期间核查或新的检定/校准证书。登记后不能撤销。",
      }
      : {
        title: "登记期间核查", confirmLabel: "登记",
        message: `登记 ${values.checkedOn} 的期间核查，结论为合格。登记后不能撤销。`,
      }),
    send: async (values, idempotencyKey) => {
      const next = await api.post(`/v1/standards/${standard.id}/checks`,
        { checkedOn: values.checkedOn, result: values.result, note: values.note }, { idempotencyKey });
      notify(values.result === "fail" ? `已登记不合格的期间核查，${standard.code} 已隔离` : "已登记期间核查");
      onChanged(next);
    },
  });
}

const STATUS_ACTIONS = {
  in_use: { label: "恢复在用", explain: "恢复后该标准器具可再用于检定。隔离过的标准须在隔离后登记过合格的期间核查或新的检定/校准证书。" },
  stopped: { label: "停用", explain: "停用后该标准器具不能用于检定，需要时可恢复在用。" },
  quarantined: { label: "隔离", explain: "隔离（故障）后该标准器具不能用于检定；恢复在用前须登记合格的期间核查或新的检定/校准证书。" },
  retired: { label: "报废", explain: "报废是最终状态：报废后该标准器具不能再恢复，也不能再做任何修改。", danger: true },
};

/** The status buttons a standard offers: every status but its own. */
export function statusButtons(standard, onChanged) {
  return STANDARD_STATUSES.filter((s) => s.value !== standard.status).map((s) => {
    const action = STATUS_ACTIONS[s.value];
    return h("button", { type: "button", class: action.danger ? "danger" : undefined, onclick: () => changeStatus(standard, s.value, onChanged) }, action.label);
  });
}

/** The dialog is the confirmation: it says what the change means and asks for the reason kept with it. */
function changeStatus(standard, status, onChanged) {
  const action = STATUS_ACTIONS[status];
  const target = STANDARD_STATUSES.find((s) => s.value === status).label;
  return openDialog({
    title: `${action.label}：${standard.code} ${standard.name}`,
    body: (close) => {
      const form = createForm({
        testId: "status-form",
        submitLabel: `确认${action.label}`,
        fields: [{ name: "reason", label: "原因", type: "textarea", wide: true, required: status !== "in_use", maxlength: 200,
          hint: "记入审计追踪" }],
        onCancel: () => close(),
        onSubmit: async (values, { idempotencyKey }) => {
          const next = await api.post(`/v1/standards/${standard.id}/status`, { status, reason: values.reason }, { idempotencyKey });
          close();
          notify(`${standard.code} 已改为“${target}”`);
          onChanged(next);
        },
      });
      if (action.danger) form.element.querySelector("button[type=submit]").classList.add("danger");
      return [h("p", { class: action.danger ? "form-error" : undefined }, action.explain), form.element];
    },
  });
}
