// One numbering rule (raw record or certificate numbers of an item + type): what it is, the next numbers the service
// will issue (its preview, which takes nothing), and with numbering.manage an editor whose example follows the input.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { confirmAction } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { formatDateTime } from "../ui/format.js";
import { notify } from "../ui/toast.js";
import { DATE_PATTERNS, describe, formatNumber, maxSequence, periodOf } from "./numbering-format.js";
import { errorText, withCode } from "../ui/errors.js";

export const TARGETS = [
  { value: "raw_record", label: "原始记录编号" },
  { value: "certificate", label: "证书报告编号" },
];
const PREVIEW_COUNT = 5;
const AFFIX = /^\S{0,20}$/;

/** rule: the stored rule or undefined; onSaved(rule) after a save. */
export function numberingRulePanel({ item, typeCode, target, rule, onSaved }) {
  const canManage = session.can("numbering.manage");
  const element = h("section", { class: "panel numbering-rule", "data-testid": `numbering-${target.value}` });
  const base = `/v1/items/${encodeURIComponent(item.id)}/numbering`;

  function showRule() {
    const preview = h("ol", { class: "numbering-preview mono", "data-testid": `numbering-preview-${target.value}` });
    mount(element,
      h("div", { class: "panel-head" }, h("h2", {}, target.label),
        canManage && h("button", { type: "button", class: rule ? "" : "primary", onclick: showEditor }, rule ? "修改规则" : "设置规则")),
      rule ? [
        h("dl", { class: "dl numbering-facts" },
          h("dt", {}, "格式"), h("dd", {}, describe(rule)),
          h("dt", {}, "前缀 / 后缀"), h("dd", { class: "mono" }, rule.prefix || "（无）", " / ", rule.suffix || "（无）"),
          h("dt", {}, "起始号"), h("dd", {}, String(rule.start)),
          h("dt", {}, "本期下一流水号"), h("dd", {}, String(rule.next)),
          h("dt", {}, "已发出编号"), h("dd", {}, `${rule.issuedCount} 个`),
          h("dt", {}, "更新时间"), h("dd", {}, formatDateTime(rule.updatedAt))),
        h("h3", {}, "接下来的编号（服务端预览，不占用编号）"),
        preview,
      ] : h("p", { class: "muted" }, "尚未设置编号规则：该项目和类型还不能领取编号。"));
    if (rule) loadPreview(preview);
  }

  async function loadPreview(list) {
    mount(list, h("li", { class: "muted" }, "正在加载…"));
    try {
      const { numbers } = await api.get(`${base}/preview`, { type: typeCode, target: target.value, count: PREVIEW_COUNT });
      mount(list, numbers.map((number) => h("li", {}, number)));
    } catch (error) {
      mount(list, withCode(h("li", { class: "form-error" }, `无法预览：${errorText(error)}`), error));
    }
  }

  function showEditor() {
    const example = h("ol", { class: "numbering-preview numbering-example mono", "data-testid": `numbering-example-${target.value}` });
    const form = createForm({
      testId: `numbering-form-${target.value}`,
      submitLabel: "保存规则",
      onCancel: showRule,
      values: rule ? { ...rule } : { prefix: "", suffix: "", datePattern: "YYYYMM", width: 4, start: 1 },
      fields: [
        { name: "prefix", label: "前缀", maxlength: 20, placeholder: "如 ZS", pattern: AFFIX, patternMessage: "前缀至多 20 个字符，不能含空白" },
        { name: "datePattern", label: "日期部分", type: "select", required: true, placeholderOption: false, options: DATE_PATTERNS },
        { name: "width", label: "流水号位数", type: "number", required: true, validate: (v) => (/^\d+$/.test(v) && v >= 1 && v <= 12 ? "" : "流水号位数须在 1 到 12 之间") },
        { name: "suffix", label: "后缀", maxlength: 20, pattern: AFFIX, patternMessage: "后缀至多 20 个字符，不能含空白" },
        { name: "start", label: "起始号", type: "number", required: true,
          hint: "每期（按日期部分）从此号开始；不能小于或等于本期已发出的最大流水号",
          validate: (v, all) => (!/^\d+$/.test(v) ? "起始号须为不小于 0 的整数"
            : /^\d+$/.test(all.width) && Number(v) > maxSequence(Number(all.width)) ? `起始号不能超过 ${maxSequence(Number(all.width))}` : "") },
      ],
      onSubmit: async (values, { idempotencyKey }) => {
        if (rule) {
          const ok = await confirmAction(rule.issuedCount > 0
            ? { title: "替换使用中的编号规则", danger: true, confirmLabel: "替换规则",
              message: `该规则已发出 ${rule.issuedCount} 个编号。保存后新领取的编号按新规则生成，已发出的编号不变。确定替换？` }
            : { title: "替换编号规则", confirmLabel: "替换规则", message: `用新的设置替换“${item.name}”的${target.label}规则？` });
          if (!ok) return;
        }
        rule = await api.put(base, {
          typeCode, target: target.value, prefix: values.prefix, suffix: values.suffix,
          datePattern: values.datePattern, width: Number(values.width), start: Number(values.start),
        }, { idempotencyKey });
        notify(`${target.label}规则已保存`);
        onSaved?.(rule);
        showRule();
      },
    });

    // The example follows the input after a short pause; it is computed here, as the service would print it.
    let timer;
    function updateExample() {
      const v = form.read();
      const width = Number(v.width);
      if (!/^\d+$/.test(v.width) || width < 1 || width > 12 || !/^\d+$/.test(v.start) || !AFFIX.test(v.prefix) || !AFFIX.test(v.suffix)) {
        mount(example, h("li", { class: "muted" }, "请先把设置填写完整、正确"));
        return;
      }
      // Within the same period the counter continues where the issued numbers left off.
      const samePeriod = rule && rule.datePattern === v.datePattern && rule.issuedCount > 0;
      const first = Math.max(Number(v.start), samePeriod ? rule.next : 0);
      const numbers = [];
      for (let i = 0; i < PREVIEW_COUNT && first + i <= maxSequence(width); i++) {
        numbers.push(formatNumber({ ...v, width }, first + i, periodOf(v.datePattern)));
      }
      mount(example, numbers.length ? numbers.map((n) => h("li", {}, n)) : h("li", { class: "form-error" }, "起始号超出了位数能表示的范围"));
    }
    form.element.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(updateExample, 200); });
    form.element.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(updateExample, 200); });

    mount(element,
      h("div", { class: "panel-head" }, h("h2", {}, rule ? `修改${target.label}规则` : `设置${target.label}规则`)),
      form.element,
      h("div", { class: "numbering-live" },
        h("h3", {}, "编号示例（按当前输入和今天的日期计算，尚未保存）"),
        example,
        h("p", { class: "muted" }, "服务端的预览只针对已保存的规则：保存后显示服务端给出的接下来的编号。")));
    updateExample();
    form.input("prefix").focus();
  }

  showRule();
  return element;
}
