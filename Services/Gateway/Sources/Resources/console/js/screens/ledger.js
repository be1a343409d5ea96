// 计量器具台账: one customer's instruments — search, 强检 and status filters, server paging — with adding and editing
// an instrument (records.edit). The last and next due dates come from the results, so they are shown, not edited.
import { h } from "../core/dom.js";
import { session } from "../core/session.js";
import { openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { pagedTable } from "../ui/table.js";
import { daysUntil } from "../ui/format.js";
import { notify } from "../ui/toast.js";
import { cursorPages, records } from "./records-api.js";
import { INSTRUMENT_STATUSES, MANDATORY_USES, labelOf, orDash, refusalsByField, stateBadge } from "./records-common.js";

/** The ledger panel of a customer; `items` (flows items, may be empty) pre-fill an instrument's test item;
 *  `onChanged` runs after an instrument was added or changed. */
export function ledgerPanel(customer, { items = [], onChanged = () => {} } = {}) {
  const filters = { query: "", mandatoryOnly: "", status: "" };
  const editable = session.can("records.edit");

  const search = h("input", { type: "search", name: "ledgerQuery", placeholder: "器具名称、型号或出厂编号", class: "records-search" });
  const mandatory = h("select", { name: "mandatoryOnly" }, h("option", { value: "" }, "全部器具"), h("option", { value: "true" }, "仅强检器具"));
  const status = h("select", { name: "ledgerStatus" }, h("option", { value: "" }, "全部状态"),
    INSTRUMENT_STATUSES.map((s) => h("option", { value: s.value }, s.label)));

  const table = pagedTable({
    testId: "ledger-table",
    emptyText: "台账中还没有器具",
    columns: [
      { label: "器具名称", render: (i) => i.name },
      { label: "型号规格", render: (i) => orDash(i.model) },
      { label: "出厂编号", render: (i) => (i.serialNumber ? h("span", { class: "mono" }, i.serialNumber) : orDash()) },
      { label: "制造单位", render: (i) => orDash(i.manufacturer) },
      { label: "准确度等级", render: (i) => orDash(i.accuracyClass) },
      { label: "测量范围", render: (i) => orDash(i.measuringRange) },
      { label: "强检", render: (i) => (i.mandatory ? h("span", { class: "badge warn" }, `强检 · ${labelOf(MANDATORY_USES, i.mandatoryUse)}`) : orDash("否")) },
      { label: "检定周期", class: "num", render: (i) => (i.cycleMonths ? `${i.cycleMonths} 个月` : orDash()) },
      { label: "上次检定", class: "records-nowrap", render: (i) => orDash(i.lastVerifiedOn) },
      { label: "下次到期", class: "records-nowrap", render: (i) => dueCell(i) },
      { label: "状态", render: (i) => stateBadge(INSTRUMENT_STATUSES, i.status) },
      editable && { label: "", render: (i) => h("button", { type: "button", class: "link", onclick: () => editInstrument(i, items, () => { table.reload(); onChanged(); }) }, "修改") },
    ].filter(Boolean),
    rowClass: (i) => (i.status === "in_use" && i.nextDueOn && daysUntil(i.nextDueOn) < 0 ? "row-danger" : undefined),
    load: cursorPages(async ({ cursor, pageSize }) => {
      const answer = await records.instruments(customer.id, {
        query: filters.query, mandatoryOnly: filters.mandatoryOnly, status: filters.status, cursor, pageSize,
      });
      return { rows: answer.instruments, total: answer.total, nextCursor: answer.nextCursor };
    }),
  });

  // The ledger sits under the customer: its filters stay out of the address (the customer's page has none).
  let timer;
  const apply = () => {
    clearTimeout(timer);
    Object.assign(filters, { query: search.value.trim(), mandatoryOnly: mandatory.value, status: status.value });
    table.reload({ first: true });
  };
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { if (search.isConnected) apply(); }, 350); });
  search.addEventListener("keydown", (event) => { if (event.key === "Enter") apply(); });
  mandatory.addEventListener("change", apply);
  status.addEventListener("change", apply);

  const element = h("section", { class: "panel", "data-testid": "ledger" },
    h("div", { class: "panel-head" }, h("h2", {}, "计量器具台账"),
      editable && h("span", { class: "actions" },
        h("button", { type: "button", class: "primary", onclick: () => addInstrument(customer, items, () => { table.reload({ first: true }); onChanged(); }) }, "添加器具"))),
    h("div", { class: "toolbar" },
      h("label", {}, "搜索", search), h("label", {}, "强检", mandatory), h("label", {}, "状态", status)),
    table.element);

  return { element, reload: () => table.reload({ first: true }) };
}

function dueCell(instrument) {
  if (!instrument.nextDueOn) return orDash();
  const days = daysUntil(instrument.nextDueOn);
  if (days < 0) return [instrument.nextDueOn, " ", h("span", { class: "badge danger" }, "已超期")];
  if (days <= 30) return [instrument.nextDueOn, " ", h("span", { class: "badge warn" }, `${days} 天后到期`)];
  return instrument.nextDueOn;
}

function instrumentFields(items, { withStatus }) {
  return [
    { name: "name", label: "器具名称", required: true, maxlength: 100, placeholder: "如 燃油加油机" },
    { name: "model", label: "型号规格", maxlength: 100 },
    { name: "serialNumber", label: "出厂编号", maxlength: 100 },
    { name: "manufacturer", label: "制造单位", maxlength: 100 },
    { name: "manufactureDate", label: "出厂日期", type: "date" },
    { name: "accuracyClass", label: "准确度等级", maxlength: 50 },
    { name: "measuringRange", label: "测量范围", maxlength: 100 },
    { name: "placeOfUse", label: "使用地点", maxlength: 100 },
    { name: "cycleMonths", label: "检定周期（月）", type: "number", hint: "1～120",
      validate: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 120 ? null : "检定周期为 1～120 个月") },
    items.length && { name: "itemId", label: "检定项目", type: "select", placeholderOption: "（未指定）",
      options: items.map((item) => ({ value: item.id, label: `${item.name}（${item.code}）` })), hint: "新建委托单时预先选中" },
    { name: "mandatory", label: "强制检定（强检）", type: "checkbox" },
    { name: "mandatoryUse", label: "强检用途", type: "select", options: MANDATORY_USES, hint: "强检器具必须选择",
      validate: (v) => (MANDATORY_USES.some((u) => u.value === v) ? null : "请选择强检用途") },
    withStatus && { name: "status", label: "状态", type: "select", options: INSTRUMENT_STATUSES, placeholderOption: false },
  ].filter(Boolean);
}

/** The form's values as the API takes them: numbers as numbers, the 强检 use only for a 强检 instrument. */
function requestFrom(values) {
  const body = { ...values, cycleMonths: values.cycleMonths === "" ? 0 : Number(values.cycleMonths) };
  if (!body.mandatory) body.mandatoryUse = "";
  return body;
}

function instrumentDialog({ title, testId, values, items, withStatus, submit }) {
  return openDialog({
    title,
    wide: true,
    body: (close) => {
      const form = createForm({
        testId,
        submitLabel: "保存",
        fields: instrumentFields(items, { withStatus }),
        values,
        onCancel: () => close(),
        onSubmit: async (formValues, { idempotencyKey }) => {
          if (formValues.mandatory && !formValues.mandatoryUse) { form.setError("mandatoryUse", "强检器具须选择强检用途"); return; }
          await refusalsByField(() => submit(requestFrom(formValues), idempotencyKey));
          close();
        },
      });
      // The 强检 use is asked only for a 强检 instrument.
      const mandatoryBox = form.input("mandatory");
      const useField = form.input("mandatoryUse").closest(".field");
      const sync = () => useField.classList.toggle("hidden", !mandatoryBox.checked);
      mandatoryBox.addEventListener("change", sync);
      sync();
      return form.element;
    },
  });
}

function addInstrument(customer, items, onChanged) {
  return instrumentDialog({
    title: `添加器具：${customer.name}`, testId: "instrument-form", values: { cycleMonths: "12" }, items, withStatus: false,
    submit: async (body, idempotencyKey) => {
      const instrument = await records.createInstrument(customer.id, body, { idempotencyKey });
      notify(`已添加 ${instrument.name}`);
      onChanged();
    },
  });
}

function editInstrument(instrument, items, onChanged) {
  const values = { ...instrument, cycleMonths: instrument.cycleMonths ? String(instrument.cycleMonths) : "" };
  return instrumentDialog({
    title: `修改器具：${instrument.name}`, testId: "instrument-edit-form", values, items, withStatus: true,
    submit: async (body, idempotencyKey) => {
      // Only what changed is sent (the update takes each field as optional).
      const changed = Object.fromEntries(Object.entries(body).filter(([key, value]) => value !== (instrument[key] ?? (typeof value === "boolean" ? false : ""))));
      if (!Object.keys(changed).length) return notify("没有需要保存的修改", "info");
      await records.updateInstrument(instrument.id, changed, { idempotencyKey });
      notify("已保存");
      onChanged();
    },
  });
}
