// 检定: one task on the tester's phone. A task not yet started asks for one measurement standard of each kind its
// procedure needs (the item, type and instrument come from the commission) and starts. Then values are entered in
// the procedure's fixed order, one step at a time, with a numeric keyboard for numbers, the unit and the range shown;
// a filled cell can be tapped to go back to it (the server then re-opens the later values, which are confirmed again
// in order). Every value goes to the outbox first (待同步 until the server takes it), the computed values and
// judgements returned are shown (暂算 while values wait), refused values are listed with the server's reason.
// When the record is complete: preview the raw record and the certificate, sign and submit.
import { api } from "../core/api.js";
import { errorLine, h, mount, toast } from "../core/dom.js";
import { outbox } from "../core/outbox.js";
import { Sheet, cellKey, entrySteps } from "../core/plan.js";
import { cellText, pdfButton, screenHead } from "../ui/common.js";
import { computedView, recordHeader, signaturesView, valuesView } from "../ui/record.js";
import { signDialog } from "../ui/sign.js";

const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

export async function loadTask(id) {
  const { value: task, cached } = await api.cachedGet(`/v1/tasks/${encodeURIComponent(id)}`);
  let procedure = null;
  let version = task.procedureVersion;
  const base = `/v1/items/${encodeURIComponent(task.itemId)}/procedure/versions`;
  if (!version) {
    const { value } = await api.cachedGet(base, { type: task.typeCode });
    version = value.versions?.[0]?.version;
  }
  if (version) procedure = (await api.cachedGet(`${base}/${version}`, { type: task.typeCode })).value;
  return { task, procedure, cached };
}

export async function render(container, params) {
  document.getElementById("title").textContent = "检定";
  const id = params.id;
  let state = await loadTask(id);
  let selected = null;   // the cell the tester chose to go back to; null follows the next step
  let syncError = null;

  // Loads and draws overlap (a sync's refresh, the tester's next value): only the newest may land, or an older answer
  // would bring back a step already entered and invite a second capture of the same cell.
  let loading = 0;
  let drawing = 0;

  async function refresh() {
    const mine = ++loading;
    try {
      const loaded = await loadTask(id);
      if (mine === loading) state = loaded;
    } catch (error) {
      if (!error.offline) syncError = error;
    }
    await draw();
  }

  async function sync() {
    try {
      const result = await outbox.sync(id);
      syncError = null;
      if (result) await refresh(); else await draw();
    } catch (error) {
      syncError = error;
      await draw();
    }
  }

  async function draw() {
    const mine = ++drawing;
    const pending = await outbox.pending(id);
    const conflicts = await outbox.conflicts(id);
    if (mine !== drawing) return;
    const { task, procedure, cached } = state;
    const items = procedure?.items || [];
    if (task.state === "created") return mount(container, screenHead("开始检定", "#/tasks"), recordHeader(task), startPanel(task, procedure, refresh));
    const steps = entrySteps(items);
    const sheet = new Sheet(steps, task.values);
    for (const entry of pending) sheet.apply(entry.cell, entry.value);
    const frontier = sheet.frontier();
    const editable = ["in_progress", "returned"].includes(task.state);
    const current = selected && sheet.position(selected) !== undefined && sheet.position(selected) <= frontier ? steps[sheet.position(selected)]
      : steps[frontier];
    const complete = frontier >= steps.length;
    // A redraw (a sync finishing) must not take away what the tester is typing into the same step.
    const typing = container.querySelector("[data-testid=entry-form]");
    const kept = typing && { cell: typing.dataset.cell, value: typing.querySelector("[name=value]")?.value,
      focused: typing.contains(document.activeElement) };
    mount(container,
      screenHead(task.rawRecordNumber || "原始记录", "#/tasks"),
      cached && h("p", { class: "notice", "data-testid": "offline-notice" }, "离线：显示本机保存的记录，录入的数据联网后同步。"),
      recordHeader(task),
      syncError && errorLine(syncError, "sync-error"),
      conflicts.length > 0 && conflictList(conflicts, steps, async (conflict, step) => {
        await outbox.dismiss(conflict.clientId);
        if (step) selected = step.cell;
        await draw();
      }),
      editable && (complete && !selected ? h("section", { class: "card done", "data-testid": "entry-complete" }, h("p", { class: "strong" }, "数据已录完"),
        h("p", { class: "muted" }, "可点击上方数据返回修改。"))
        : current && entryCard(task, current, sheet, steps, {
          onEnter: async (value, reason) => {
            await outbox.add(id, current.cell, value, { baseRevision: task.revision, reason });
            selected = null;
            await draw();
            await sync();
          },
          onBack: () => {
            const at = sheet.position(current.cell);
            if (at > 0) { selected = steps[at - 1].cell; draw(); }
          },
          onNext: selected ? () => { selected = null; draw(); } : null,
        })),
      // The results right under the step, so each accepted value's computed values and judgements are seen at once.
      computedView(items, task.computed, task.conclusion, { provisional: pending.length > 0 }),
      h("section", { class: "card" }, h("h2", {}, "原始数据", pending.length > 0 && h("span", { class: "tag pending-tag", "data-testid": "pending-count" }, `待同步 ${pending.length}`)),
        valuesView(items, task.values, { sheet, current: current?.cell, frontier: editable ? frontier : -1,
          onPick: editable ? (step) => { selected = step.cell; draw(); } : null })),
      signaturesView(task),
      h("section", { class: "card actions-card" },
        pdfButton("预览原始记录", `/v1/tasks/${encodeURIComponent(id)}/preview`, { kind: "raw_record" }, { testId: "preview-raw" }),
        pdfButton("预览证书", `/v1/tasks/${encodeURIComponent(id)}/preview`, { kind: "certificate" }, { testId: "preview-certificate" }),
        editable && h("button", { type: "button", class: "primary wide", "data-testid": "submit-task",
          disabled: !complete || pending.length > 0 || conflicts.length > 0 || !navigator.onLine,
          onclick: () => submit(task) }, "签名并提交核验"),
        editable && (!complete || pending.length > 0) && h("p", { class: "muted" }, pending.length > 0 ? "数据同步后才能提交。" : "录完全部数据后才能提交。"),
        task.state === "submitted" && h("a", { class: "button primary wide", href: `#/review/${encodeURIComponent(id)}?here=1`, "data-testid": "review-here" },
          "在本机核验（核验员登录）")));
    const form = container.querySelector("[data-testid=entry-form]");
    const input = form?.querySelector("[data-testid=entry-input]");
    if (input && kept && kept.cell === form.dataset.cell && kept.value !== undefined) {
      input.value = kept.value;
      if (kept.focused) input.focus({ preventScroll: true });
    } else if (input && document.activeElement?.tagName !== "INPUT") {
      input.focus({ preventScroll: true });
    }
  }

  async function submit(task) {
    const result = await signDialog(async () => api.get(`/v1/tasks/${encodeURIComponent(id)}/submission`), { signerName: task.testerName });
    if (!result) return;
    try {
      const submitted = await api.post(`/v1/tasks/${encodeURIComponent(id)}/submit`, { receipt: result.receipt.receipt, revision: result.submission.revision });
      await api.rememberCached(`/v1/tasks/${encodeURIComponent(id)}`, submitted);
      toast("已提交核验");
      await refresh();
    } catch (error) {
      toast(error.title, "error");
    }
  }

  const stop = outbox.onChange((taskId, result) => { if (taskId === id && result) refresh(); });
  const online = () => sync();
  window.addEventListener("online", online);
  await draw();
  if ((await outbox.pending(id)).length) sync();
  return () => { stop(); window.removeEventListener("online", online); };
}

function entryCard(task, step, sheet, steps, { onEnter, onBack, onNext }) {
  const item = step.item;
  const existing = sheet.get(step.cell);
  const error = h("p", { class: "error", "data-testid": "entry-error" });
  let input;
  if (item.kind === "choice") {
    input = h("select", { name: "value", "data-testid": "entry-input" }, h("option", { value: "" }, "请选择"),
      (item.choices || []).map((c) => h("option", { value: c, selected: existing?.value === c }, c)));
  } else if (item.kind === "date") {
    input = h("input", { name: "value", type: "date", "data-testid": "entry-input", value: existing?.value || "" });
  } else if (item.kind === "number" || item.kind === "table") {
    input = h("input", { name: "value", type: "text", inputmode: "decimal", autocomplete: "off", enterkeyhint: "next", "data-testid": "entry-input",
      value: existing?.value || "", pattern: "[-+]?[0-9]*[.]?[0-9]*" });
  } else {
    input = h("input", { name: "value", type: "text", autocomplete: "off", enterkeyhint: "next", "data-testid": "entry-input", value: existing?.value || "" });
  }
  // A header field the commission already knows (委托单位, 型号, 出厂编号, …) is offered filled in; the tester confirms it.
  if (!existing && item.headerField && !input.value) input.value = headerDefault(task, item.headerField);
  const needsReason = task.state === "returned" && existing && !existing.pending;
  const reason = needsReason ? h("input", { name: "reason", type: "text", placeholder: "修改原因（退回后修改须填写）", "data-testid": "entry-reason" }) : null;
  const range = [item.min, item.max].some((v) => v !== undefined && v !== "") ? `范围 ${item.min || "−∞"} ～ ${item.max || "+∞"}` : "";
  const at = sheet.position(step.cell);
  const form = h("form", { class: "card entry", "data-testid": "entry-form", "data-cell": cellKey(step.cell), onsubmit: async (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!value) { error.textContent = "请输入数值"; return; }
    if ((item.kind === "number" || item.kind === "table") && !DECIMAL.test(value)) { error.textContent = "请输入数字（如 20.00）"; return; }
    if (reason && existing.value !== value && !reason.value.trim()) { error.textContent = "记录已被退回，修改数据须填写修改原因"; return; }
    form.querySelector("button[type=submit]").disabled = true;
    await onEnter(value, reason?.value.trim() || "");
  } },
  h("div", { class: "step-meta muted" }, `第 ${at + 1} / ${steps.length} 步`, existing?.reopened ? " · 请确认或修改" : ""),
  h("label", { class: "step-title", "data-testid": "step-title" }, cellText(step.cell, new Map([[item.code, item]]), step.pointLabel),
    h("span", { class: "input-unit" }, input, item.unit && h("span", { class: "unit", "data-testid": "step-unit" }, item.unit))),
  range && h("p", { class: "muted", "data-testid": "step-range" }, range),
  item.resolution && h("p", { class: "muted" }, `分辨力 ${item.resolution}`),
  reason, error,
  h("div", { class: "actions" },
    h("button", { type: "button", class: "secondary", disabled: at === 0, onclick: onBack, "data-testid": "step-back" }, "上一步"),
    onNext && h("button", { type: "button", class: "secondary", onclick: onNext }, "回到当前步"),
    h("button", { type: "submit", class: "primary", "data-testid": "entry-submit" }, existing ? "确认" : "录入")));
  return form;
}

function conflictList(conflicts, steps, onHandle) {
  const byKey = new Map(steps.map((s) => [cellKey(s.cell), s]));
  return h("section", { class: "card conflicts", "data-testid": "conflicts" }, h("h2", {}, "未被采用的数据"),
    h("ul", { class: "list" }, conflicts.map((c) => {
      const step = byKey.get(cellKey(c.cell));
      return h("li", { class: "conflict", "data-testid": "conflict", "data-reason": c.reason },
        h("div", {}, step ? cellText(c.cell, new Map([[step.item.code, step.item]]), step.pointLabel) : c.cell.itemCode, "：", h("span", { class: "mono" }, c.value)),
        h("div", { class: "error", title: c.reason }, c.message || (c.outcome === "conflict" ? "与服务器上的修改冲突" : "数据无效")),
        h("button", { type: "button", class: "secondary", onclick: () => onHandle(c, step) }, "重新录入"));
    })));
}

function startPanel(task, procedure, done) {
  const needs = procedure?.standards || [];
  const error = h("div");
  const selects = needs.map((need) => h("select", { name: `standard-${need.code}`, "data-need": need.code, "data-testid": "standard-select", required: true },
    h("option", { value: "" }, "正在读取…")));
  const button = h("button", { type: "submit", class: "primary wide", "data-testid": "start-task" }, "开始检定");
  const form = h("form", { class: "card", "data-testid": "start-form", onsubmit: async (event) => {
    event.preventDefault();
    const standards = selects.map((s) => ({ needCode: s.dataset.need, standardId: s.value }));
    if (standards.some((s) => !s.standardId)) { error.replaceChildren(h("p", { class: "error" }, "请为每类计量标准选择一台")); return; }
    button.disabled = true;
    try {
      const started = await api.post(`/v1/tasks/${encodeURIComponent(task.id)}/start`, { standards });
      await api.rememberCached(`/v1/tasks/${encodeURIComponent(task.id)}`, started);
      toast("已开始检定");
      await done();
    } catch (error_) {
      error.replaceChildren(errorLine(error_, "start-error"));
      button.disabled = false;
    }
  } },
  h("h2", {}, "选择计量标准"),
  needs.length ? needs.map((need, i) => h("label", {}, need.title || need.code, selects[i]))
    : h("p", { class: "muted", "data-testid": "no-standards" }, "此检测流程无需选择计量标准。"),
  h("p", { class: "muted" }, `检测流程第 ${procedure?.version || task.procedureVersion || "—"} 版；被检器具、项目和类型来自委托单。`),
  error, button);
  if (needs.length) {
    api.get("/v1/standards", { pageSize: 200 }).then((answer) => {
      const all = answer.standards || [];
      needs.forEach((need, i) => {
        const fitting = all.filter((s) => s.category === need.code);
        mount(selects[i], h("option", { value: "" }, fitting.length ? "请选择" : "没有此类计量标准"),
          fitting.map((s) => h("option", { value: s.id }, `${s.name} ${s.code}${s.certificate?.validUntil ? `（至 ${s.certificate.validUntil}）` : ""}`)));
      });
    }).catch((e) => error.replaceChildren(errorLine(e)));
  }
  return form;
}

/** What the task already says for a header field of the raw record; "" when nothing. */
function headerDefault(task, field) {
  const instrument = task.instrument || {};
  const today = new Date();
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  switch (field) {
    case "client": return task.customerName || "";
    case "accuracy": return instrument.accuracyClass || "";
    case "model": return instrument.model || "";
    case "manufacturer": return instrument.manufacturer || "";
    case "serial_number": return instrument.serialNumber || "";
    case "manufacture_date": return instrument.manufactureDate || "";
    case "test_date": return iso(today);
    case "next_test_date": {
      if (!instrument.cycleMonths) return "";
      const next = new Date(today);
      next.setMonth(next.getMonth() + instrument.cycleMonths);
      next.setDate(next.getDate() - 1);
      return iso(next);
    }
    default: return "";
  }
}
