// One customer: /customers/new creates one; /customers/:id shows its details, its instrument ledger with adding,
// editing and 导入台账, and a way to take a commission for it.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { session } from "../core/session.js";
import { degradedNotice, optional } from "../ui/degraded.js";
import { formatDateTime } from "../ui/format.js";
import { editCustomer, renderCreateCustomer } from "./customer-form.js";
import { ledgerImportPanel } from "./ledger-import.js";
import { ledgerPanel } from "./ledger.js";
import { records } from "./records-api.js";
import { orDash } from "./records-common.js";

export async function render(container, params) {
  if (params.id === undefined) return renderCreateCustomer(container);
  const [customer, items] = await Promise.all([
    records.customer(params.id),
    // The item names only pre-fill an instrument's item: the ledger opens without them when flows is away.
    optional(async () => (await api.get("/v1/items")).items, []),
  ]);
  show(container, customer, items);
}

const row = (label, value) => [h("dt", {}, label), h("dd", {}, orDash(value))];

function show(container, customer, items) {
  const editable = session.can("records.edit");
  // The ledger's size in the header follows adding and importing without redrawing the page (and the import's result).
  const count = h("span", { "data-testid": "customer-instrument-count" }, String(customer.instrumentCount ?? 0));
  const refreshCount = async () => {
    try { count.textContent = String((await records.customer(customer.id)).instrumentCount ?? 0); } catch { /* the old count stays */ }
  };
  const ledger = ledgerPanel(customer, { items: items.value, onChanged: refreshCount });
  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/customers" }, "委托单位"), ` / ${customer.name}`),
    h("div", { class: "records-head" },
      h("h1", {}, customer.name),
      customer.uscc && h("span", { class: "mono" }, customer.uscc)),
    h("p", { class: "muted" }, `登记于 ${formatDateTime(customer.createdAt)}`, customer.updatedAt && ` · 最近修改 ${formatDateTime(customer.updatedAt)}`),
    degradedNotice(items.failed, "暂时无法读取检测项目：台账照常可用，器具的检定项目暂不能选择。"),
    h("div", { class: "panel", "data-testid": "customer-detail" },
      h("div", { class: "panel-head" }, h("h2", {}, "基本信息"),
        editable && h("span", { class: "actions" },
          h("button", { type: "button", onclick: () => editCustomer(customer, (next) => show(container, next, items)) }, "修改信息"),
          h("button", { type: "button", class: "primary", onclick: () => navigate("/commissions/new", { customer: customer.id }) }, "新建委托单"))),
      h("dl", { class: "dl" },
        row("统一社会信用代码", customer.uscc && h("span", { class: "mono" }, customer.uscc)),
        row("行政区划", customer.regionCode && `${customer.regionCode} ${customer.regionName || ""}`),
        row("地址", customer.address),
        row("联系人", customer.contactPerson),
        row("联系电话", customer.contactPhone),
        row("台账器具", count),
        h("dt", {}, "委托单"), h("dd", {}, h("a", { href: `#/commissions?customer=${encodeURIComponent(customer.id)}` }, "查看该单位的委托单")))),
    ledger.element,
    editable && ledgerImportPanel(customer, { onImported: () => { ledger.reload(); refreshCount(); } }).element);
  return ledger.reload();
}
