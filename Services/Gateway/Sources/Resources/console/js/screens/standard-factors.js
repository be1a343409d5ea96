// Correction factors (修正值): the current set, an editor whose save becomes a new version (none is ever changed),
// and every earlier version with who changed it, when and why. Values are decimal text, kept exactly as typed.
import { api, newIdempotencyKey } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { confirmAction } from "../ui/dialog.js";
import { simpleTable } from "../ui/table.js";
import { formatDateTime } from "../ui/format.js";
import { notify, notifyError } from "../ui/toast.js";
import { errorText, withCode } from "../ui/errors.js";

const DECIMAL = /^[+-]?[0-9]+(\.[0-9]+)?$/;
const factorText = (f) => `${f.point} = ${f.value}${f.unit ? ` ${f.unit}` : ""}`;

export function correctionFactorsPanel(standard, { editable, onChanged }) {
  const versionsArea = h("div", {}, h("p", { class: "loading" }, "正在加载…"));
  const editor = editable ? factorsEditor(standard, { onChanged }) : null;

  async function loadVersions() {
    try {
      const { versions } = await api.get(`/v1/standards/${standard.id}/correction-factors`);
      const sorted = [...versions].sort((a, b) => b.version - a.version);
      mount(versionsArea, simpleTable({
        testId: "factor-versions",
        emptyText: "尚未设置过修正值",
        rows: sorted,
        rowClass: (v) => (v.version === standard.correctionVersion ? "standards-current-version" : undefined),
        columns: [
          { label: "版本", render: (v) => [`第 ${v.version} 版`, v.version === standard.correctionVersion && h("span", { class: "badge info" }, "当前")] },
          { label: "修改时间", render: (v) => formatDateTime(v.changedAt) },
          { label: "修改人", render: (v) => v.changedByName },
          { label: "原因", render: (v) => v.reason },
          { label: "修正值", render: (v) => (v.factors.length
            ? h("ul", { class: "standards-factor-list" }, v.factors.map((f) => h("li", { class: "mono" }, factorText(f))))
            : h("span", { class: "muted" }, "（清空）")) },
          editor && { label: "", render: (v) => h("button", { type: "button", class: "link", onclick: () => editor.load(v.factors) }, "以此为底稿") },
        ].filter(Boolean),
      }));
    } catch (error) {
      mount(versionsArea, h("p", { class: "form-error" }, `无法读取修正值版本：${error.title || error.message}`));
    }
  }
  loadVersions();

  return h("div", { class: "panel", "data-testid": "standard-factors" },
    h("h2", {}, "修正值", " ", h("span", { class: "muted standards-version-note" },
      standard.correctionVersion ? `当前为第 ${standard.correctionVersion} 版` : "尚未设置")),
    editor ? editor.element : simpleTable({
      emptyText: "没有修正值", rows: standard.correctionFactors,
      columns: [
        { label: "测量点", render: (f) => f.point },
        { label: "修正值", class: "num", render: (f) => h("span", { class: "mono" }, f.value) },
        { label: "单位", render: (f) => f.unit },
      ],
    }),
    h("h3", {}, "历史版本"),
    versionsArea);
}

/** Rows of point / value / unit inputs, a reason, and 保存为新版本. Problems are shown next to the cell. */
function factorsEditor(standard, { onChanged }) {
  const body = h("tbody");
  const reason = h("input", { type: "text", name: "factorsReason", maxlength: 200, placeholder: "如 依据新证书 JL-2025-0815 更新", class: "standards-reason-input" });
  const reasonError = h("div", { class: "error", "data-error-for": "factorsReason" });
  const reasonField = h("span", { class: "standards-reason-field" }, h("label", {}, "变更原因", reason), reasonError);
  reason.addEventListener("input", () => clear(reasonError));
  const banner = h("div", { class: "form-error hidden", role: "alert" });
  const save = h("button", { type: "button", class: "primary", onclick: submit }, "保存为新版本");
  let attempt = null;

  function addRow(factor = { point: "", value: "", unit: "" }) {
    const cell = (name, value, attributes) => {
      const input = h("input", { type: "text", name, value, ...attributes, oninput: () => clear(error) });
      const error = h("div", { class: "error" });
      return h("td", { class: "standards-factor-cell" }, input, error);
    };
    const row = h("tr", {},
      cell("point", factor.point, { maxlength: 50, placeholder: "如 50 L/min" }),
      cell("value", factor.value, { maxlength: 32, placeholder: "如 1.0020", class: "mono" }),
      cell("unit", factor.unit, { maxlength: 20, placeholder: "无量纲可不填" }),
      h("td", {}, h("button", { type: "button", class: "link danger", title: "删除此行", onclick: () => { row.remove(); renumber(); } }, "删除")));
    body.append(row);
    renumber();
    return row;
  }
  function renumber() { [...body.children].forEach((row, i) => { row.dataset.index = String(i); }); }
  function clear(error) { error.textContent = ""; error.parentElement.classList.remove("invalid"); }
  function mark(row, name, message) {
    const td = row.querySelector(`input[name="${name}"]`).parentElement;
    td.classList.add("invalid");
    td.querySelector(".error").textContent = message;
  }
  function load(factors) {
    mount(body);
    for (const factor of factors) addRow(factor);
    if (!factors.length) addRow();
    body.querySelector("input")?.focus();
  }
  function read() {
    return [...body.children].map((row) => ({
      row,
      point: row.querySelector('[name="point"]').value.trim(),
      value: row.querySelector('[name="value"]').value.trim(),
      unit: row.querySelector('[name="unit"]').value.trim(),
    })).filter((f) => f.point || f.value || f.unit);
  }
  function validate(factors) {
    let ok = true;
    const seen = new Set();
    for (const f of factors) {
      if (!f.point) { mark(f.row, "point", "请填写测量点"); ok = false; } else if (seen.has(f.point)) { mark(f.row, "point", "测量点重复"); ok = false; }
      seen.add(f.point);
      if (!DECIMAL.test(f.value)) { mark(f.row, "value", f.value ? "须为十进制数，如 1.0020、-0.5" : "请填写修正值"); ok = false; }
    }
    if (!reason.value.trim()) { reasonError.textContent = "请填写变更原因"; reasonField.classList.add("invalid"); ok = false; }
    return ok;
  }
  /** The service names a factor by its place in what was sent, e.g. `factors[2].value`. */
  function showServiceError(error, factors) {
    const match = /^factors\[(\d+)\]\.(point|value|unit)$/.exec(error.field || "");
    if (match && factors[Number(match[1])]) return mark(factors[Number(match[1])].row, match[2], error.title);
    if (error.field === "reason") { reasonError.textContent = error.title; reasonField.classList.add("invalid"); return; }
    banner.textContent = errorText(error);
    withCode(banner, error);
    banner.classList.remove("hidden");
  }

  async function submit() {
    for (const td of body.querySelectorAll(".invalid")) clear(td.querySelector(".error"));
    clear(reasonError);
    banner.classList.add("hidden");
    const factors = read();
    if (!validate(factors)) return;
    const payload = { factors: factors.map(({ point, value, unit }) => ({ point, value, unit })), reason: reason.value.trim() };
    const ok = await confirmAction({
      title: "保存修正值",
      confirmLabel: "保存为新版本",
      message: `保存为第 ${standard.correctionVersion + 1} 版（${payload.factors.length} 个测量点${payload.factors.length ? "" : "，即清空修正值"}）。`
        + "之后的检定按新版本修正；旧版本保留可查，但不能再改。",
    });
    if (!ok) return;
    const snapshot = JSON.stringify(payload);
    if (!attempt || attempt.snapshot !== snapshot) attempt = { snapshot, key: newIdempotencyKey() };
    save.disabled = true;
    try {
      const next = await api.put(`/v1/standards/${standard.id}/correction-factors`, payload, { idempotencyKey: attempt.key });
      attempt = null;
      notify(`已保存修正值第 ${next.correctionVersion} 版`);
      onChanged(next);
    } catch (error) {
      if (error.status === 400) showServiceError(error, factors); else notifyError(error);
    } finally {
      save.disabled = false;
    }
  }

  load(standard.correctionFactors);
  const element = h("div", { "data-testid": "factors-editor" },
    banner,
    h("table", { class: "grid standards-factors" },
      h("thead", {}, h("tr", {}, h("th", {}, "测量点"), h("th", {}, "修正值"), h("th", {}, "单位"), h("th", {}, ""))),
      body),
    h("div", { class: "form-footer" },
      h("button", { type: "button", onclick: () => addRow().querySelector("input").focus() }, "添加测量点"),
      reasonField,
      save));
  return { element, load };
}
