// Numbering rules (证书编号设置, §4.3.8): per item + test type, one rule for raw record numbers and one for certificate
// numbers, with the next numbers the service will issue. Numbers are issued by records and certificates, not here.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { notifyError } from "../ui/toast.js";
import { createItemPicker } from "./item-picker.js";
import { numberingRulePanel, TARGETS } from "./numbering-rule.js";

export async function render(container, params, query) {
  const picker = await createItemPicker({ query, onChange: () => show() });
  const body = h("div");

  let loading = 0;
  async function show() {
    const mine = ++loading;
    const { item, typeCode } = picker;
    if (!item || !typeCode) {
      mount(body, h("p", { class: "notice" }, !item
        ? (picker.items.length ? "请选择检测项目和检测类型，查看和设置它的编号规则。" : "还没有检测项目：请先在“检测项目与流程”中建立。")
        : "该检测项目还没有检测类型：请先在“检测项目与流程”中为它增加检测类型。"));
      return;
    }
    mount(body, h("p", { class: "loading" }, "正在加载编号规则…"));
    try {
      const { rules } = await api.get(`/v1/items/${encodeURIComponent(item.id)}/numbering`);
      if (mine !== loading) return;
      mount(body,
        h("h2", {}, `${item.name} · ${picker.typeTitle}`),
        h("div", { class: "numbering-rules" }, TARGETS.map((target) => numberingRulePanel({
          item, typeCode, target, rule: rules.find((r) => r.typeCode === typeCode && r.target === target.value),
        }))));
    } catch (error) {
      if (mine !== loading) return;
      mount(body, h("p", { class: "form-error" }, `无法加载编号规则：${error.title}`));
      notifyError(error);
    }
  }

  mount(container,
    h("h1", {}, "编号规则"),
    h("p", { class: "muted" }, "编号 = 前缀 + 日期部分 + 补零的流水号 + 后缀；流水号在每个日期周期内从起始号依次发出，不跳号、不重复。"),
    !session.can("numbering.manage") && h("p", { class: "notice" }, "您没有“证书编号设置”权限，只能查看。"),
    picker.element,
    body);
  await show();
}
