// What the people screens share: the roles (their Chinese names) and how a person's status is shown.
import { api } from "../core/api.js";
import { h } from "../core/dom.js";

/** Every role, built-in and custom (any signed-in user may read them). */
export async function loadRoles() {
  return (await api.get("/v1/roles")).roles;
}

/** Chinese names for role codes; a code the list does not know is shown as itself. */
export function roleNames(codes, roles) {
  const byCode = new Map(roles.map((role) => [role.code, role.name]));
  return (codes || []).map((code) => byCode.get(code) || code);
}

/** 启用 / 停用 / 已删除, and 锁定 after repeated failed logins. */
export function statusBadges(user) {
  const status = {
    active: h("span", { class: "badge ok" }, "启用"),
    disabled: h("span", { class: "badge warn" }, "停用"),
    deleted: h("span", { class: "badge danger" }, "已删除"),
  }[user.status] || h("span", { class: "badge" }, user.status);
  return h("span", { class: "badges" }, status, user.locked && user.status !== "deleted" && h("span", { class: "badge danger" }, "锁定"));
}

export const GENDER_LABELS = { male: "男", female: "女" };
