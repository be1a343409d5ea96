// A tiny element builder instead of a framework: h("button", { class: "primary", onclick }, "保存"). Text always
// goes in as text nodes, never as HTML, so nothing a user (or the server) wrote can become markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") element.addEventListener(key.slice(2), value);
    else if (key === "class") element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key === "value" && "value" in element) element.value = value;
    else if (value === true) element.setAttribute(key, "");
    else element.setAttribute(key, String(value));
  }
  return append(element, children);
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function mount(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A short message at the bottom of the screen; `kind` error stays longer. */
export function toast(text, kind = "info") {
  const box = document.getElementById("toasts");
  const item = h("div", { class: `toast ${kind}` }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 6000 : 3000);
}

/** The Chinese message of an error for a person; the stable code stays in the tooltip (title attribute). */
export function errorLine(error, testId = "error") {
  return h("p", { class: "error", "data-testid": testId, "data-code": error?.code || "", title: error?.code || "" },
    error?.title || error?.message || "操作失败");
}
