// Forms built from field descriptions. Typed input is never thrown away: a refused save leaves every value in place
// and shows the service's message next to the field it names (`fields.field` of the problem), or above the form.
import { h } from "../core/dom.js";
import { newIdempotencyKey } from "../core/api.js";
import { errorText, withCode } from "./errors.js";

/**
 * fields: [{ name, label, type = "text" | "password" | "number" | "date" | "month" | "select" | "textarea" |
 *            "checkboxes" | "checkbox", required, options: [{ value, label }], hint, placeholder, maxlength,
 *            pattern: RegExp, patternMessage, wide, readonly, autocomplete }]
 * values: initial values by name.
 * onSubmit: async (values, { idempotencyKey }) → anything; an ApiError thrown is shown on the form.
 */
export function createForm({ fields, values = {}, submitLabel = "保存", onSubmit, onCancel, cancelLabel = "取消", testId }) {
  const inputs = new Map();
  const errors = new Map();
  const banner = h("div", { class: "form-error hidden", role: "alert" });
  const grid = h("div", { class: "form" }, fields.map((field) => renderField(field, values[field.name])));
  const submit = h("button", { type: "submit", class: "primary" }, submitLabel);
  const element = h("form", { novalidate: true, "data-testid": testId, onsubmit: handleSubmit }, banner, grid,
    h("div", { class: "form-footer" }, submit, onCancel && h("button", { type: "button", class: "cancel", onclick: onCancel }, cancelLabel)));
  // The same submission retried (same values, e.g. after a network error) keeps its idempotency key.
  let lastAttempt = null;

  function renderField(field, value) {
    const id = `field-${field.name}-${Math.random().toString(36).slice(2, 8)}`;
    const common = { id, name: field.name, required: field.required, readonly: field.readonly, placeholder: field.placeholder,
      maxlength: field.maxlength, autocomplete: field.autocomplete || "off" };
    let input;
    switch (field.type) {
      case "select":
        input = h("select", common, field.placeholderOption !== false && h("option", { value: "" }, field.placeholderOption || "请选择…"),
          field.options.map((o) => h("option", { value: o.value, selected: String(value ?? "") === String(o.value) }, o.label)));
        break;
      case "textarea":
        input = h("textarea", { ...common, value: value ?? "" });
        break;
      case "checkboxes": {
        const chosen = new Set(value || []);
        input = h("div", { class: "checks", id, role: "group", "data-name": field.name },
          field.options.map((o) => h("label", {}, h("input", { type: "checkbox", value: o.value, checked: chosen.has(o.value) }), o.label)));
        break;
      }
      case "checkbox":
        input = h("input", { ...common, type: "checkbox", checked: Boolean(value) });
        break;
      default:
        input = h("input", { ...common, type: field.type || "text", value: value ?? "" });
    }
    const error = h("div", { class: "error", "data-error-for": field.name });
    inputs.set(field.name, { field, input });
    errors.set(field.name, error);
    input.addEventListener("input", () => clearError(field.name));
    return h("div", { class: ["field", field.required && "required", field.wide && "wide"], "data-field": field.name },
      h("label", { for: id }, field.label), input, field.hint && h("div", { class: "hint" }, field.hint), error);
  }

  function read() {
    const result = {};
    for (const [name, { field, input }] of inputs) {
      if (field.type === "checkboxes") result[name] = [...input.querySelectorAll("input:checked")].map((c) => c.value);
      else if (field.type === "checkbox") result[name] = input.checked;
      else result[name] = typeof input.value === "string" ? input.value.trim() : input.value;
    }
    return result;
  }

  function clearError(name) {
    errors.get(name).textContent = "";
    errors.get(name).parentElement.classList.remove("invalid");
  }

  function setError(name, message) {
    const error = errors.get(name);
    if (!error) return false;
    error.textContent = message;
    error.parentElement.classList.add("invalid");
    return true;
  }

  function clearAll() {
    for (const name of errors.keys()) clearError(name);
    banner.classList.add("hidden");
    banner.textContent = "";
  }

  function validate(values) {
    let ok = true;
    for (const { field } of inputs.values()) {
      const value = values[field.name];
      const empty = value === "" || value === undefined || (Array.isArray(value) && value.length === 0);
      if (field.required && empty) { setError(field.name, `请填写${field.label}`); ok = false; }
      else if (!empty && field.pattern && !field.pattern.test(value)) { setError(field.name, field.patternMessage || `${field.label}格式不正确`); ok = false; }
      else if (!empty && field.validate) {
        const message = field.validate(value, values);
        if (message) { setError(field.name, message); ok = false; }
      }
    }
    return ok;
  }

  /** Shows an error from the API next to its field, or above the form. */
  function showError(error) {
    const message = errorText(error);
    if (error.field && setError(error.field, message)) {
      inputs.get(error.field)?.input.focus?.();
      return;
    }
    banner.textContent = message;
    withCode(banner, error);
    banner.classList.remove("hidden");
  }

  async function handleSubmit(event) {
    event.preventDefault();
    clearAll();
    const current = read();
    if (!validate(current)) {
      element.querySelector(".field.invalid input, .field.invalid select, .field.invalid textarea")?.focus();
      return;
    }
    const snapshot = JSON.stringify(current);
    if (!lastAttempt || lastAttempt.snapshot !== snapshot) lastAttempt = { snapshot, key: newIdempotencyKey() };
    submit.disabled = true;
    try {
      await onSubmit(current, { idempotencyKey: lastAttempt.key });
      lastAttempt = null;
    } catch (error) {
      showError(error);
    } finally {
      submit.disabled = false;
    }
  }

  return { element, read, setError, showError, clearAll, input: (name) => inputs.get(name)?.input };
}
