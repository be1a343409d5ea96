// 规程: search the current regulations (现行有效, §4.2.3.7) by code or title and open their text.
import { api } from "../core/api.js";
import { errorLine, h, mount } from "../core/dom.js";

export async function render(container, params, query) {
  document.getElementById("title").textContent = "规程查阅";
  const text = query.q || "";
  const list = h("div", { "data-testid": "regulation-list" }, h("p", { class: "muted" }, "正在读取…"));
  const input = h("input", { name: "q", type: "search", value: text, placeholder: "规程编号或名称", enterkeyhint: "search" });
  mount(container,
    h("form", { class: "toolbar", role: "search", onsubmit: (event) => {
      event.preventDefault();
      location.hash = `#/regulations?${new URLSearchParams({ q: input.value.trim() })}`;
    } }, input, h("button", { type: "submit", class: "primary" }, "搜索")),
    list);
  try {
    const { value } = await api.cachedGet("/v1/regulations", { query: text, status: "current" });
    const regulations = value.regulations || [];
    mount(list, regulations.length ? regulations.map(card) : h("p", { class: "empty" }, "没有符合条件的现行规程"));
  } catch (error) {
    mount(list, errorLine(error));
  }
}

function card(regulation) {
  const slot = h("div");
  const open = h("button", { type: "button", class: "secondary", "data-testid": "regulation-open", onclick: async () => {
    open.disabled = true;
    try {
      const response = await api.download(`/v1/regulations/${encodeURIComponent(regulation.id)}/content`);
      const url = URL.createObjectURL(await response.blob());
      slot.replaceChildren(h("a", { href: url, target: "_blank", rel: "noopener", download: regulation.filename, "data-testid": "regulation-link" },
        `打开 ${regulation.filename}`));
    } catch (error) {
      slot.replaceChildren(errorLine(error));
    } finally {
      open.disabled = false;
    }
  } }, "阅读全文");
  return h("div", { class: "card", "data-testid": "regulation-card" },
    h("div", { class: "strong" }, regulation.code), h("div", {}, regulation.title),
    h("div", { class: "muted" }, `实施日期 ${regulation.effectiveOn}${regulation.itemCodes?.length ? ` · 适用项目 ${regulation.itemCodes.join("、")}` : ""}`),
    open, slot);
}
