// A person's qualification certificates (资质证书), approved items (核准开展项目) and the check the mobile app makes
// before someone enters, reviews or approves a record.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { confirmAction, openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { simpleTable } from "../ui/table.js";
import { daysUntil, todayInBeijing } from "../ui/format.js";
import { notify, notifyError } from "../ui/toast.js";

const EXPIRY_WARNING_DAYS = 90;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function itemLabel(code, items) {
  const item = items.find((i) => i.code === code);
  return item ? `${item.name}（${code}）` : code;
}

/** Codes typed as text: separated by commas, spaces or 、. */
const splitCodes = (text) => (text || "").split(/[\s,，、]+/).filter(Boolean);

export function qualificationsPanel({ user, items }, { onChanged, readOnly }) {
  const rows = [...user.qualifications].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
  const table = simpleTable({
    testId: "qualifications-table",
    emptyText: "尚未登记资质证书",
    rowClass: (q) => (!q.valid ? "row-danger" : daysUntil(q.expiresOn) <= EXPIRY_WARNING_DAYS ? "row-warn" : undefined),
    rows,
    columns: [
      { label: "证书编号", render: (q) => h("span", { class: "mono" }, q.certificateNo) },
      { label: "发证机关", render: (q) => q.issuer },
      { label: "发证日期", render: (q) => q.issuedOn },
      { label: "有效期至", render: (q) => [q.expiresOn, expiryNote(q)] },
      { label: "覆盖检测项目", render: (q) => q.items.map((code) => itemLabel(code, items)).join("、") },
      { label: "状态", render: (q) => (q.valid ? h("span", { class: "badge ok" }, "有效") : h("span", { class: "badge danger" }, "无效")) },
      !readOnly && { label: "操作", render: (q) => h("button", { type: "button", class: "link", onclick: () => revoke(q) }, "撤销") },
    ].filter(Boolean),
  });

  async function revoke(q) {
    const ok = await confirmAction({
      title: "撤销资质证书", danger: true, confirmLabel: "撤销",
      message: `撤销证书“${q.certificateNo}”后，它不再作为“${user.displayName}”开展这些项目的资质依据，不能恢复（需要时重新登记）。`,
    });
    if (!ok) return;
    try {
      const next = await api.delete(`/v1/users/${user.id}/qualifications/${encodeURIComponent(q.id)}`);
      notify(`已撤销资质证书“${q.certificateNo}”`);
      onChanged(next);
    } catch (error) { notifyError(error); }
  }

  return h("div", { class: "panel", "data-testid": "person-qualifications" },
    h("div", { class: "panel-head" }, h("h2", {}, "资质证书"),
      !readOnly && h("button", { type: "button", class: "primary", onclick: () => addQualification(user, items, onChanged) }, "登记资质证书")),
    table);
}

function expiryNote(q) {
  const days = daysUntil(q.expiresOn);
  if (days < 0) return h("span", { class: "badge danger" }, "已过期");
  if (days <= EXPIRY_WARNING_DAYS) return h("span", { class: "badge warn" }, `${days} 天后到期`);
  return null;
}

function addQualification(user, items, onChanged) {
  // With items defined they are ticked; codes not (yet) in the list can still be typed.
  const offered = items.filter((i) => !i.retired);
  const itemFields = offered.length
    ? [{ name: "items", label: "覆盖检测项目", type: "checkboxes", wide: true, options: offered.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` })) },
      { name: "otherItems", label: "其他检测项目代码", wide: true, placeholder: "列表中没有的项目代码，用逗号分隔（可选）" }]
    : [{ name: "items", label: "覆盖检测项目代码", wide: true, required: true, placeholder: "如 JJG443，多个用逗号分隔" }];
  return openDialog({
    title: `登记资质证书：${user.displayName}`,
    wide: true,
    body: (close) => {
      const form = createForm({
        testId: "qualification-form",
        submitLabel: "登记",
        onCancel: () => close(),
        fields: [
          { name: "certificateNo", label: "证书编号", required: true, maxlength: 50 },
          { name: "issuer", label: "发证机关", required: true, maxlength: 50, placeholder: "如 省市场监督管理局" },
          { name: "issuedOn", label: "发证日期", type: "date", required: true, pattern: DAY, patternMessage: "日期格式为 YYYY-MM-DD" },
          { name: "expiresOn", label: "有效期至", type: "date", required: true, pattern: DAY, patternMessage: "日期格式为 YYYY-MM-DD",
            validate: (value, values) => (values.issuedOn && value < values.issuedOn ? "有效期至不能早于发证日期" : null) },
          ...itemFields,
        ],
        onSubmit: async (values, { idempotencyKey }) => {
          const codes = [...new Set([...(Array.isArray(values.items) ? values.items : splitCodes(values.items)), ...splitCodes(values.otherItems)])];
          if (!codes.length) return form.setError("items", "请至少选择一个检测项目");
          const next = await api.post(`/v1/users/${user.id}/qualifications`, {
            certificateNo: values.certificateNo, issuer: values.issuer, issuedOn: values.issuedOn, expiresOn: values.expiresOn, items: codes,
          }, { idempotencyKey });
          close();
          notify(`已登记资质证书“${values.certificateNo}”`);
          onChanged(next);
        },
      });
      return form.element;
    },
  });
}

export function approvedItemsPanel({ user, items }, { onChanged, readOnly }) {
  // Approved codes that are not (or no longer) in the item list stay visible so saving does not drop them unseen.
  const known = new Set(items.map((i) => i.code));
  const approvedNow = new Set(user.approvedItems);
  // Retired items are offered no more, but an approval already given stays visible (marked) so saving keeps it unseen.
  const choices = [...items.filter((i) => !i.retired || approvedNow.has(i.code))
    .map((i) => ({ code: i.code, label: `${i.name}（${i.code}）${i.retired ? "（已停用）" : ""}`, usable: i.usable || i.retired })),
    ...user.approvedItems.filter((code) => !known.has(code)).map((code) => ({ code, label: `${code}（项目列表中没有）`, usable: true }))];
  const approved = new Set(user.approvedItems);
  const group = h("div", { class: "checks approved-items", role: "group", "data-name": "approvedItems" },
    choices.map((c) => h("label", {},
      h("input", { type: "checkbox", value: c.code, checked: approved.has(c.code), disabled: readOnly }), c.label,
      !c.usable && h("span", { class: "badge warn" }, "暂不可开展"))));
  const save = h("button", {
    type: "button", class: "primary",
    onclick: async () => {
      const chosen = [...group.querySelectorAll("input:checked")].map((box) => box.value);
      save.disabled = true;
      try {
        const next = await api.put(`/v1/users/${user.id}/approved-items`, { items: chosen });
        notify("核准开展项目已保存");
        onChanged(next);
      } catch (error) {
        notifyError(error);
        save.disabled = false;
      }
    },
  }, "保存核准项目");
  return h("div", { class: "panel", "data-testid": "person-approved-items" },
    h("h2", {}, "核准开展项目"),
    h("p", { class: "muted" }, "该人员可以开展的检测项目；保存时以勾选结果整体替换。"),
    choices.length ? group : h("p", { class: "muted" }, "尚未定义检测项目（在“检测项目与流程”中添加）。"),
    !readOnly && choices.length > 0 && h("div", { class: "form-footer" }, save));
}

export function qualificationCheckPanel({ user, items }) {
  const codes = [...new Set([...items.map((i) => i.code), ...user.approvedItems, ...user.qualifications.flatMap((q) => q.items)])];
  if (!codes.length) return null;
  const item = h("select", { name: "checkItem" }, codes.map((code) => h("option", { value: code }, itemLabel(code, items))));
  const action = h("select", { name: "checkAction" },
    [["enter", "录入"], ["review", "核验"], ["approve", "批准"]].map(([value, label]) => h("option", { value }, label)));
  const date = h("input", { type: "date", name: "checkDate", value: todayInBeijing() });
  const result = h("div", { class: "check-result", "data-testid": "qualification-check-result" });
  async function check() {
    try {
      const answer = await api.get(`/v1/users/${user.id}/qualification-check`, { item: item.value, action: action.value, date: date.value });
      mount(result, answer.allowed
        ? [h("span", { class: "badge ok" }, "允许"), " ", answer.message || "资质有效"]
        : [h("span", { class: "badge danger" }, "不允许"), " ", answer.message, " ", h("span", { class: "mono muted" }, answer.reason)]);
    } catch (error) { notifyError(error); }
  }
  return h("div", { class: "panel", "data-testid": "person-qualification-check" },
    h("h2", {}, "资质认证查询"),
    h("p", { class: "muted" }, "按资质证书与核准项目，判断该人员在某日能否开展某项目的某一步。"),
    h("div", { class: "toolbar" },
      h("label", {}, "检测项目", item), h("label", {}, "步骤", action), h("label", {}, "日期", date),
      h("button", { type: "button", onclick: check }, "查询")),
    result);
}
