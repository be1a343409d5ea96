// How one audit entry is shown, in the audit trail and in the history panels of a device or a standard: time to the
// second, the details folded away until asked for, seq and a short hash (the whole one as a tooltip).
import { h } from "../core/dom.js";

const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false,
});

/** "2026-11-23 14:05:09" in Beijing time: entries made within a minute must still read in order. */
export function formatSeconds(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = Object.fromEntries(dateTime.formatToParts(date).map((part) => [part.type, part.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export function shortHash(hash) {
  return h("span", { class: "mono audit-hash", title: hash }, hash ? `${hash.slice(0, 12)}…` : "—");
}

/** The changed fields: a two-column list, each value as the service recorded it. */
function detailsList(detailsJson) {
  let details;
  try { details = JSON.parse(detailsJson || "{}"); } catch { return h("pre", { class: "mono audit-raw" }, detailsJson); }
  const keys = Object.keys(details || {});
  if (!keys.length) return h("span", { class: "muted" }, "无详细内容");
  return h("dl", { class: "dl audit-details-list" }, keys.map((key) => {
    const value = details[key];
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return [h("dt", { class: "mono" }, key), h("dd", { class: "audit-value" }, text === "" ? h("span", { class: "muted" }, "（空）") : text)];
  }));
}

/** A 详情 toggle and the panel it opens, for a table cell. */
export function detailsToggle(entry) {
  const panel = h("div", { class: "audit-details hidden", "data-testid": "audit-details" },
    detailsList(entry.detailsJson),
    h("div", { class: "muted audit-meta" },
      entry.traceId && h("div", {}, "跟踪号 ", h("span", { class: "mono" }, entry.traceId)),
      h("div", {}, "前一条哈希 ", h("span", { class: "mono" }, entry.prevHash || "—")),
      h("div", {}, "本条哈希 ", h("span", { class: "mono" }, entry.hash))));
  const button = h("button", { type: "button", class: "link", "aria-expanded": "false", onclick: () => {
    const open = panel.classList.toggle("hidden") === false;
    button.textContent = open ? "收起" : "详情";
    button.setAttribute("aria-expanded", String(open));
  } }, "详情");
  return h("div", {}, button, panel);
}

export function actorLabel(entry) {
  return entry.actorName || (entry.actorId ? entry.actorId : "系统");
}
