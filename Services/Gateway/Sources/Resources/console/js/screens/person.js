// One person: the create form (/people/new), or the profile (sending only what changed), qualifications, approved
// items and the account's actions (/people/:id).
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { confirmAction } from "../ui/dialog.js";
import { navigate } from "../core/router.js";
import { session } from "../core/session.js";
import { createForm } from "../ui/form.js";
import { formatDateTime } from "../ui/format.js";
import { notify } from "../ui/toast.js";
import { degradedNotice, optional } from "../ui/degraded.js";
import { loadRoles, statusBadges } from "./person-common.js";
import { personFields, createBody, changedFields, showRegionWithSupervisor } from "./person-fields.js";
import { accountPanel, idNumberLine } from "./person-account.js";
import { qualificationsPanel, approvedItemsPanel, qualificationCheckPanel } from "./person-qualifications.js";

export async function render(container, params) {
  const roles = await loadRoles();
  if (params.id === undefined) return renderCreate(container, roles);
  // The person comes from identity; the item names only label codes and come from flows, which may be down: then
  // the page still opens (to disable or unlock someone, say) with the codes alone and a notice.
  const [user, { value: items, failed }] = await Promise.all([
    api.get(`/v1/users/${encodeURIComponent(params.id)}`),
    // All items, retired ones too: a person's past approvals and certificates name them.
    optional(() => api.get("/v1/items", { status: "all" }).then((a) => a.items), []),
  ]);
  renderPerson(container, { user, roles, items, itemsFailed: failed });
}

function renderCreate(container, roles) {
  const form = createForm({
    testId: "person-form",
    submitLabel: "创建",
    fields: personFields({ roles }),
    // An administrator-chosen password is by default one the person must replace at their first login.
    values: { requirePasswordChange: true },
    onCancel: () => navigate("/people"),
    onSubmit: async (values, { idempotencyKey }) => {
      const user = await api.post("/v1/users", createBody(values), { idempotencyKey });
      notify(`已创建人员“${user.displayName}”（${user.username}）`);
      navigate(`/people/${user.id}`);
    },
  });
  showRegionWithSupervisor(form);
  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/people" }, "人员"), " / 新建"),
    h("h1", {}, "新建人员"),
    h("div", { class: "panel" }, form.element));
  form.input("displayName").focus();
}

function renderPerson(container, context) {
  const { user, roles } = context;
  const deleted = user.status === "deleted";
  // Every change answers with the person as they now are; the page is drawn again from that.
  const refresh = (next) => renderPerson(container, { ...context, user: next });

  const form = createForm({
    testId: "person-form",
    submitLabel: "保存修改",
    fields: personFields({ user, roles }),
    values: { ...user, idNumber: "" },
    onSubmit: async (values, { idempotencyKey }) => {
      const body = changedFields(values, user);
      if (!Object.keys(body).length) return notify("没有需要保存的修改", "info");
      // Taking a role away ends the person's sessions at once: ask first, as the roles matrix does.
      const removed = body.roles ? user.roles.filter((code) => !body.roles.includes(code)) : [];
      if (removed.length) {
        const names = removed.map((code) => roles.find((role) => role.code === code)?.name || code).join("、");
        const ok = await confirmAction({
          title: "移除角色", danger: true, confirmLabel: "移除并保存",
          message: `将移除“${user.displayName}”的角色：${names}。其已登录的会话随即失效，需重新登录。`,
        });
        if (!ok) return;
      }
      const next = await api.patch(`/v1/users/${user.id}`, body, { idempotencyKey });
      notify(body.roles ? "已保存；角色变化后，该人员需重新登录" : "已保存");
      refresh(next);
    },
  });
  showRegionWithSupervisor(form);
  if (deleted) {
    for (const control of form.element.querySelectorAll("input, select, textarea, button")) control.disabled = true;
    form.element.querySelector(".form-footer").classList.add("hidden");
  }

  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/people" }, "人员"), ` / ${user.displayName}`),
    h("div", { class: "person-head" },
      h("h1", {}, user.displayName),
      h("span", { class: "mono" }, user.username),
      statusBadges(user)),
    h("p", { class: "muted person-times" }, `创建于 ${formatDateTime(user.createdAt)}`, user.updatedAt && ` · 最近修改 ${formatDateTime(user.updatedAt)}`),
    degradedNotice(context.itemsFailed, "检测项目暂时无法读取（流程服务未响应），项目只显示代码；其余信息和账号操作不受影响。"),
    deleted && h("p", { class: "form-error", "data-testid": "person-deleted" }, "该人员已删除：历史记录保留，信息仅供查阅，账号名不能再次使用。"),
    h("div", { class: "panel", "data-testid": "person-profile" },
      h("h2", {}, "基本信息"),
      idNumberLine(user),
      form.element),
    !deleted && accountPanel(user, { onChanged: refresh, self: user.id === session.user?.id }),
    qualificationsPanel(context, { onChanged: refresh, readOnly: deleted }),
    approvedItemsPanel(context, { onChanged: refresh, readOnly: deleted }),
    !deleted && qualificationCheckPanel(context));
}
