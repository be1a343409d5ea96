// A tiny element builder instead of a framework: h("button", { class: "primary", onclick }, "保存").
// Text always goes in as text nodes, never as HTML, so nothing a user typed can become markup.

/** Creates an element. Attributes starting with "on" become listeners; `class`, `style` (object), `dataset`
 *  (object) and boolean attributes are handled; children may be strings, numbers, nodes, arrays, null or false. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else if (key === "class") element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "style" && typeof value === "object") Object.assign(element.style, value);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key === "value" && "value" in element) element.value = value;
    else if (value === true) element.setAttribute(key, "");
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces an element's content. */
export function mount(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}
