// One commission: its customer, source, requested date, state and lines; a received one is accepted (受理: each line
// becomes a task, optionally assigned to a tester) or refused with a reason (拒绝). Both need records.edit.
import { api, newIdempotencyKey } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { optional } from "../ui/degraded.js";
import { openDialog } from "../ui/dialog.js";
import { errorText, withCode } from "../ui/errors.js";
import { createForm } from "../ui/form.js";
import { formatDateTime } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { notify } from "../ui/toast.js";
import { typeTitle } from "./item-common.js";
import { records } from "./records-api.js";
import { COMMISSION_SOURCES, COMMISSION_STATES, instrumentLabel, itemAndType, labelOf, orDash, stateBadge } from "./records-common.js";
import { loadItems } from "./records-pickers.js";

const REASON_MAX = 200;

export async function render(container, params) {
  // A received commission's lines name their item by id only (names are filled at acceptance): flows' list names them.
  const [commission, items] = await Promise.all([records.commission(params.id), optional(loadItems, [])]);
  itemsById = new Map(items.value.map((item) => [item.id, item]));
  show(container, commission);
}

let itemsById = new Map();

/** "燃油加油机 · 检定 / 首次检定": the line's own names, else the item's from flows. */
function lineItem(line) {
  if (line.itemName) return itemAndType(line);
  const item = itemsById.get(line.itemId);
  return itemAndType({ ...line, itemName: item?.name, typeTitle: item?.types.find((t) => t.code === line.typeCode)?.title || typeTitle(line.typeCode) });
}

const row = (label, value) => [h("dt", {}, label), h("dd", {}, orDash(value))];

function show(container, commission) {
  const refresh = (next) => show(container, next);
  const decidable = commission.state === "received" && session.can("records.edit");
  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/commissions" }, "委托单"), ` / ${commission.number || commission.id}`),
    h("div", { class: "records-head" },
      h("h1", {}, `委托单 ${commission.number || ""}`),
      stateBadge(COMMISSION_STATES, commission.state),
      h("span", { class: "spacer" }),
      decidable && h("span", { class: "actions", "data-testid": "commission-actions" },
        h("button", { type: "button", class: "danger", onclick: () => refuse(commission, refresh) }, "拒绝"),
        h("button", { type: "button", class: "primary", onclick: () => accept(commission, refresh) }, "受理"))),
    commission.state === "refused" && h("p", { class: "form-error", "data-testid": "commission-refused" }, `已拒绝：${commission.refusalReason}`),
    h("div", { class: "panel", "data-testid": "commission-detail" },
      h("dl", { class: "dl" },
        row("委托单位", h("a", { href: `#/customers/${commission.customerId}` }, commission.customerName)),
        row("来源", labelOf(COMMISSION_SOURCES, commission.source)),
        row("要求日期", commission.requestedOn),
        row("备注", commission.note),
        row("登记时间", formatDateTime(commission.createdAt)),
        commission.decidedAt && row(commission.state === "refused" ? "拒绝" : "受理",
          `${commission.decidedByName || commission.decidedBy || ""} · ${formatDateTime(commission.decidedAt)}`))),
    h("section", { class: "panel" },
      h("h2", {}, `送检器具（${commission.lines?.length ?? 0}）`),
      simpleTable({
        testId: "commission-lines",
        rows: commission.lines || [],
        columns: [
          { label: "器具", render: (line) => instrumentLabel(line) },
          { label: "检定项目 · 类型", render: (line) => lineItem(line) },
          { label: "任务", render: (line) => (line.taskId ? h("a", { href: `#/tasks/${line.taskId}` }, "查看原始记录") : orDash("受理后生成")) },
          { label: "指派检定员", render: (line) => orDash(line.testerName || (line.testerId ? line.testerId.slice(0, 8) : "")) },
        ],
      })));
}

/** 受理: optionally a tester per line (the people list needs users.manage or audit.read; without it every task is
 *  left for whoever qualified starts it). */
async function accept(commission, refresh) {
  const people = await optional(async () => (await api.get("/v1/users", { status: "active", pageSize: 200 })).users, null);
  const testers = people.value;
  const selects = new Map();
  const banner = h("div", { class: "form-error hidden", role: "alert" });
  // One key for this dialog: pressing 受理 again after a network error is applied once.
  const idempotencyKey = newIdempotencyKey();
  const next = await openDialog({
    title: `受理委托单 ${commission.number || ""}`,
    wide: true,
    body: h("div", { "data-testid": "accept-dialog" }, banner,
      h("p", {}, "受理后每台器具生成一个检定任务，并固定所选检定项目当前发布的检测流程版本。可为每个任务指派检定员（可不指派，由有资质的检定员领取）。"),
      !testers && h("p", { class: "muted" }, "（无法读取人员列表，任务暂不指派）"),
      simpleTable({
        rows: commission.lines || [],
        columns: [
          { label: "器具", render: (line) => instrumentLabel(line) },
          { label: "检定项目 · 类型", render: (line) => lineItem(line) },
          testers && { label: "检定员（可选）", render: (line) => {
            const select = h("select", { name: "tester", "aria-label": "检定员" }, h("option", { value: "" }, "不指派"),
              testers.map((person) => h("option", { value: person.id }, `${person.displayName}（${person.username}）`)));
            selects.set(line.id, select);
            return select;
          } },
        ].filter(Boolean),
      })),
    buttons: [
      (close) => h("button", { type: "button", class: "cancel", onclick: () => close() }, "取消"),
      (close) => {
        const confirm = h("button", { type: "button", class: "primary confirm", onclick: async () => {
          confirm.disabled = true;
          banner.classList.add("hidden");
          try {
            const assignments = [...selects].filter(([, select]) => select.value).map(([lineId, select]) => ({ lineId, testerId: select.value }));
            close(await records.acceptCommission(commission.id, { assignments }, { idempotencyKey }));
          } catch (error) {
            banner.textContent = errorText(error);
            withCode(banner, error);
            banner.classList.remove("hidden");
            confirm.disabled = false;
          }
        } }, "受理");
        return confirm;
      },
    ],
  });
  if (!next) return;
  notify(`已受理，生成 ${next.lines?.filter((line) => line.taskId).length ?? 0} 个任务`);
  refresh(next);
}

/** 拒绝: a reason is required. */
async function refuse(commission, refresh) {
  const next = await openDialog({
    title: `拒绝委托单 ${commission.number || ""}`,
    body: (close) => createForm({
      testId: "refuse-form",
      submitLabel: "拒绝",
      fields: [{ name: "reason", label: "拒绝原因", type: "textarea", required: true, maxlength: REASON_MAX, wide: true,
        hint: `最多 ${REASON_MAX} 字，委托单位可见` }],
      onCancel: () => close(),
      onSubmit: async (values, { idempotencyKey }) => {
        close(await records.refuseCommission(commission.id, { reason: values.reason }, { idempotencyKey }));
      },
    }).element,
  });
  if (!next) return;
  notify("已拒绝委托单");
  refresh(next);
}
