// Creating a customer (/customers/new) and editing one. The unified social credit code (GB 32100 check character) and
// the region code (GB/T 2260) are checked by the records service, whose message appears next to the field; the form
// only keeps what it sends to the lengths the service takes.
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { notify } from "../ui/toast.js";
import { records } from "./records-api.js";
import { refusalsByField } from "./records-common.js";

const PHONE = /^[0-9+\-() ]{5,20}$/;

function customerFields() {
  return [
    { name: "name", label: "单位名称", required: true, maxlength: 100, wide: true, placeholder: "如 某某石油销售有限公司" },
    { name: "uscc", label: "统一社会信用代码", maxlength: 18, hint: "18 位，含校验码；个人送检可不填", autocomplete: "off" },
    { name: "regionCode", label: "行政区划代码", maxlength: 6, hint: "GB/T 2260 六位代码，如 330106", placeholder: "330106" },
    { name: "address", label: "地址", maxlength: 200, wide: true },
    { name: "contactPerson", label: "联系人", maxlength: 50 },
    { name: "contactPhone", label: "联系电话", maxlength: 20, pattern: PHONE, patternMessage: "联系电话只能包含数字、+、- 和括号，5～20 位" },
  ];
}

export function renderCreateCustomer(container) {
  const form = createForm({
    testId: "customer-form",
    submitLabel: "保存",
    fields: customerFields(),
    onCancel: () => navigate("/customers"),
    onSubmit: async (values, { idempotencyKey }) => {
      const customer = await refusalsByField(() => records.createCustomer(values, { idempotencyKey }));
      notify(`已新建委托单位 ${customer.name}`);
      navigate(`/customers/${customer.id}`);
    },
  });
  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/customers" }, "委托单位"), " / 新建"),
    h("h1", {}, "新建委托单位"),
    h("div", { class: "panel" }, form.element));
  form.input("name").focus();
}

/** 修改信息: sends only what changed. */
export function editCustomer(customer, onChanged) {
  return openDialog({
    title: `修改委托单位：${customer.name}`,
    wide: true,
    body: (close) => {
      const form = createForm({
        testId: "customer-edit-form",
        submitLabel: "保存修改",
        fields: customerFields(),
        values: customer,
        onCancel: () => close(),
        onSubmit: async (values, { idempotencyKey }) => {
          const body = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== (customer[key] ?? "")));
          if (!Object.keys(body).length) { close(); return notify("没有需要保存的修改", "info"); }
          const next = await refusalsByField(() => records.updateCustomer(customer.id, body, { idempotencyKey }));
          close();
          notify("已保存");
          onChanged(next);
        },
      });
      return form.element;
    },
  });
}
