// Selects the records screens share: a customer (filters, new commissions), and test items with their types.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { activeTypes } from "./item-common.js";
import { records } from "./records-api.js";

// A select lists this many customers; a lab with more finds the rest by typing in the select's search box.
const CUSTOMER_PAGE = 200;

/** A <select> of customers (by name). `selected` (an id) is shown even when it is not among the first page. */
export async function customerSelect({ name = "customer", selected = "", emptyLabel = "请选择委托单位…" } = {}) {
  const { customers } = await records.customers({ pageSize: CUSTOMER_PAGE });
  if (selected && !customers.some((c) => c.id === selected)) {
    try { customers.unshift(await records.customer(selected)); } catch { /* an unknown id: nothing chosen */ }
  }
  const element = h("select", { name }, h("option", { value: "" }, emptyLabel),
    customers.map((c) => h("option", { value: c.id, selected: c.id === selected }, c.name)));
  return { element, customers };
}

/** Every usable test item (flows lists them unpaged) with its types that are in use. */
export async function loadItems() {
  const { items } = await api.get("/v1/items");
  return items.filter((item) => !item.retired).map((item) => ({ ...item, types: activeTypes(item) }));
}

/** Options for an item select. */
export function itemOptions(items, selected) {
  return items.map((item) => h("option", { value: item.id, selected: item.id === selected }, `${item.name}（${item.code}）`));
}

/** Options for a type select of one item. */
export function typeOptions(item, selected) {
  const types = item?.types || [];
  if (!types.length) return [h("option", { value: "" }, item ? "（无在用的检测类型）" : "—")];
  return types.map((type) => h("option", { value: type.code, selected: type.code === selected }, type.title));
}
