// 新建委托单: a customer, the instruments of its ledger to be tested, and for each the test item and type (the items
// flows lists; an instrument's own item is chosen first). The commission starts as received (已接收) and is
// accepted or refused on its page.
import { h, mount } from "../core/dom.js";
import { navigate, replaceQuery } from "../core/router.js";
import { createForm } from "../ui/form.js";
import { todayInBeijing } from "../ui/format.js";
import { notify } from "../ui/toast.js";
import { records } from "./records-api.js";
import { COMMISSION_SOURCES, INSTRUMENT_STATUSES, instrumentLabel, labelOf, muted, refusalsByField } from "./records-common.js";
import { customerSelect, itemOptions, loadItems, typeOptions } from "./records-pickers.js";

// A commission lists the instruments of one visit; the ledger's first 200 in use are offered.
const LEDGER_PAGE = 200;

export async function render(container, params, query) {
  const [customers, items] = await Promise.all([
    customerSelect({ name: "customerId", selected: query.customer || "" }),
    loadItems(),
  ]);
  const lines = h("div", { class: "records-lines", "data-testid": "commission-lines" });
  let rows = [];

  const form = createForm({
    testId: "commission-form",
    submitLabel: "保存委托单",
    fields: [
      { name: "source", label: "来源", type: "select", required: true, options: COMMISSION_SOURCES, placeholderOption: false },
      { name: "requestedOn", label: "要求日期", type: "date", required: true },
      { name: "note", label: "备注", type: "textarea", maxlength: 500, wide: true },
    ],
    values: { source: "desk", requestedOn: todayInBeijing() },
    onCancel: () => navigate("/commissions"),
    onSubmit: async (values, { idempotencyKey }) => {
      const customerId = customers.element.value;
      if (!customerId) { customerError.textContent = "请选择委托单位"; return; }
      const chosen = rows.filter((row) => row.box.checked);
      if (!chosen.length) { form.showError({ title: "请至少勾选一台器具" }); return; }
      const missing = chosen.find((row) => !row.item.value || !row.type.value);
      if (missing) { form.showError({ title: `请为“${missing.instrument.name}”选择检定项目和检测类型` }); return; }
      const body = {
        customerId, source: values.source, requestedOn: values.requestedOn, note: values.note,
        lines: chosen.map((row) => ({ instrumentId: row.instrument.id, itemId: row.item.value, typeCode: row.type.value })),
      };
      const commission = await refusalsByField(() => records.createCommission(body, { idempotencyKey }));
      notify(`已登记委托单 ${commission.number || ""}`);
      navigate(`/commissions/${commission.id}`);
    },
  });

  const customerError = h("div", { class: "error" });
  const customerField = h("div", { class: "field required wide", "data-field": "customerId" },
    h("label", {}, "委托单位"), customers.element, customerError);
  form.element.querySelector(".form").prepend(customerField);
  form.element.querySelector(".form-footer").before(h("h3", {}, "送检器具"), lines);

  async function loadLedger() {
    customerError.textContent = "";
    rows = [];
    const customerId = customers.element.value;
    replaceQuery(customerId ? { customer: customerId } : {});
    if (!customerId) return mount(lines, muted("先选择委托单位，再勾选送检器具。"));
    mount(lines, h("p", { class: "loading" }, "正在读取台账…"));
    const { instruments } = await records.instruments(customerId, { status: "in_use", pageSize: LEDGER_PAGE });
    if (!instruments.length) {
      return mount(lines, h("p", { class: "notice warn" }, "该单位的台账中没有在用的器具。",
        h("a", { href: `#/customers/${customerId}` }, "先到台账添加或导入器具")));
    }
    rows = instruments.map((instrument) => lineRow(instrument, items));
    mount(lines, h("table", { class: "grid", "data-testid": "commission-lines-table" },
      h("thead", {}, h("tr", {}, h("th", {}, "送检"), h("th", {}, "器具"), h("th", {}, "状态"), h("th", {}, "检定项目"), h("th", {}, "检测类型"))),
      h("tbody", {}, rows.map((row) => row.element))));
  }
  customers.element.addEventListener("change", () => loadLedger().catch((error) => form.showError(error)));

  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/commissions" }, "委托单"), " / 新建"),
    h("h1", {}, "新建委托单"),
    h("div", { class: "panel" }, form.element));
  await loadLedger();
}

/** One instrument of the ledger: ticked to send it, with its item (its own pre-chosen) and type. */
function lineRow(instrument, items) {
  const box = h("input", { type: "checkbox", name: "line", value: instrument.id, "aria-label": `送检 ${instrument.name}` });
  const item = h("select", { name: "lineItem", "aria-label": "检定项目" }, h("option", { value: "" }, "请选择…"), itemOptions(items, instrument.itemId));
  const type = h("select", { name: "lineType", "aria-label": "检测类型" });
  const fillTypes = () => type.replaceChildren(...typeOptions(items.find((i) => i.id === item.value), type.value));
  fillTypes();
  item.addEventListener("change", () => { fillTypes(); box.checked = true; });
  const element = h("tr", { "data-instrument": instrument.id },
    h("td", {}, box),
    h("td", {}, instrumentLabel(instrument)),
    h("td", {}, labelOf(INSTRUMENT_STATUSES, instrument.status)),
    h("td", {}, item),
    h("td", {}, type));
  return { instrument, box, item, type, element };
}
