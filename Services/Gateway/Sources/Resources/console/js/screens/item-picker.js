// Chooses a test item and one of its test types, for the screens that work per item + type (templates, numbering).
// The choice starts from the address (`?item=<id>&type=<code>`, as the item page links) and is written back to it,
// so a reload or a shared link shows the same item.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";
import { replaceQuery } from "../core/router.js";
import { activeTypes } from "./item-common.js";

/** Loads the items (a lab has tens, the API does not page them) and builds the two selects.
 *  onChange({ item, typeCode }) runs after every change, and not for the initial choice. */
export async function createItemPicker({ query = {}, onChange, testId = "item-picker" }) {
  const { items } = await api.get("/v1/items");
  let item = items.find((i) => i.id === query.item) || null;
  let typeCode = item ? pickType(item, query.type) : "";

  const itemSelect = h("select", { name: "item", "aria-label": "检测项目" },
    h("option", { value: "" }, items.length ? "请选择检测项目…" : "（还没有检测项目）"),
    items.map((i) => h("option", { value: i.id, selected: i.id === item?.id }, `${i.name}（${i.code}）`)));
  const typeSelect = h("select", { name: "type", "aria-label": "检测类型" });
  fillTypes();

  function pickType(chosen, wanted) {
    const types = activeTypes(chosen);
    return types.find((t) => t.code === wanted)?.code || types[0]?.code || "";
  }

  function fillTypes() {
    // Retired types are kept on the item for history but not offered (nor are retired items: /v1/items leaves them out).
    const types = activeTypes(item);
    typeSelect.replaceChildren(...(types.length
      ? types.map((t) => h("option", { value: t.code, selected: t.code === typeCode }, t.title))
      : [h("option", { value: "" }, item ? "（该项目没有在用的检测类型）" : "—")]));
    typeSelect.disabled = !types.length;
  }

  function changed() {
    replaceQuery({ ...currentQuery(), item: item?.id || "", type: typeCode });
    onChange?.({ item, typeCode });
  }

  itemSelect.addEventListener("change", () => {
    item = items.find((i) => i.id === itemSelect.value) || null;
    typeCode = item ? pickType(item, typeCode) : "";
    fillTypes();
    changed();
  });
  typeSelect.addEventListener("change", () => { typeCode = typeSelect.value; changed(); });

  // The address is corrected at once when it named no valid type (e.g. only ?item=…), so it always says what is shown.
  if (item && (query.type || "") !== typeCode) replaceQuery({ ...query, item: item.id, type: typeCode });

  const element = h("div", { class: "toolbar item-picker", "data-testid": testId },
    h("label", {}, "检测项目", itemSelect),
    h("label", {}, "检测类型", typeSelect));

  return {
    element,
    items,
    get item() { return item; },
    get typeCode() { return typeCode; },
    /** The chosen type's title ("检定 / 首次检定"). */
    get typeTitle() { return item?.types?.find((t) => t.code === typeCode)?.title || typeCode; },
  };
}

function currentQuery() {
  const text = location.hash.replace(/^#/, "").split("?")[1] || "";
  return Object.fromEntries(new URLSearchParams(text));
}
