// Registering a standard (/standards/new) and editing its description. Field names are the service's, so a refusal
// (a code already used, a date in the future) is shown next to the field it is about.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { openDialog } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { notify } from "../ui/toast.js";
import { STANDARD_KINDS, certificateFields, certificateFrom, incompleteCertificate } from "./standard-common.js";

const CODE = /^\S{1,32}$/;
/** 标准类别: the code procedures name their needs by (所需计量标准), so the same shape as a data item code. */
const CATEGORY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** The description every standard has; the code and kind are fixed once registered. */
function descriptionFields() {
  return [
    { name: "name", label: "名称", required: true, maxlength: 100, placeholder: "如 活塞式压力计" },
    { name: "model", label: "型号", maxlength: 100 },
    { name: "serialNumber", label: "出厂编号", maxlength: 100 },
    { name: "measuringRange", label: "测量范围", maxlength: 200, placeholder: "如 (0.1~6) MPa" },
    { name: "accuracy", label: "准确度等级 / 不确定度", maxlength: 200, placeholder: "如 0.05级" },
    { name: "category", label: "标准类别", maxlength: 40, placeholder: "如 metal_measure", pattern: CATEGORY,
      patternMessage: "标准类别须为字母开头的字母、数字或下划线（至多 40 个）",
      hint: "与检测流程“所需计量标准”的代码相同，开始检定时按它列出可选的标准；可不填" },
  ];
}

export function renderCreate(container) {
  const form = createForm({
    testId: "standard-form",
    submitLabel: "登记",
    fields: [
      { name: "code", label: "管理编号", required: true, maxlength: 32, pattern: CODE, patternMessage: "管理编号为 1～32 个字符，不能包含空格",
        hint: "本实验室唯一，登记后不能修改" },
      { name: "kind", label: "类别", type: "select", required: true, options: STANDARD_KINDS, placeholderOption: false },
      ...descriptionFields(),
      ...certificateFields({ required: false }),
    ],
    values: { kind: "standard" },
    onCancel: () => navigate("/standards"),
    onSubmit: async (values, { idempotencyKey }) => {
      const missing = incompleteCertificate(values);
      if (missing.length) {
        for (const name of missing) form.setError(name, "登记证书时，证书编号、发证机构、发证日期和有效期至都要填写");
        return;
      }
      const body = {
        code: values.code, kind: values.kind, name: values.name, model: values.model, serialNumber: values.serialNumber,
        measuringRange: values.measuringRange, accuracy: values.accuracy, category: values.category,
      };
      if (values["certificate.number"]) body.certificate = certificateFrom(values);
      const standard = await api.post("/v1/standards", body, { idempotencyKey });
      notify(`已登记 ${standard.code} ${standard.name}`);
      navigate(`/standards/${standard.id}`);
    },
  });
  const certificateStart = form.element.querySelector('[data-field="certificate.number"]');
  certificateStart?.before(h("h3", { class: "standards-form-section" }, "检定/校准证书（可稍后登记；没有有效证书的标准不能使用）"));
  mount(container,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/standards" }, "计量标准与配套设备"), " / 登记"),
    h("h1", {}, "登记计量标准或配套设备"),
    h("div", { class: "panel" }, form.element));
  form.input("code").focus();
}

/** 修改信息: sends only the fields that changed. */
export function editDescription(standard, onChanged) {
  return openDialog({
    title: `修改信息：${standard.code}`,
    wide: true,
    body: (close) => {
      const form = createForm({
        testId: "standard-edit-form",
        submitLabel: "保存修改",
        fields: descriptionFields(),
        values: standard,
        onCancel: () => close(),
        onSubmit: async (values, { idempotencyKey }) => {
          const body = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== (standard[key] ?? "")));
          if (!Object.keys(body).length) { close(); return notify("没有需要保存的修改", "info"); }
          const next = await api.patch(`/v1/standards/${standard.id}`, body, { idempotencyKey });
          close();
          notify("已保存");
          onChanged(next);
        },
      });
      return form.element;
    },
  });
}
