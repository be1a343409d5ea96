// 验证: the service recomputes its whole hash chain; the answer is shown so nobody can misread it — green with the
// number of entries checked, or red with the first broken entry and what was done to it.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { errorText, withCode } from "../ui/errors.js";

const PROBLEMS = {
  AUDIT_HASH_MISMATCH: "记录内容被修改（edited）：该条记录的哈希与内容不符",
  AUDIT_LINK_MISMATCH: "记录链接被改接（relinked）：该条记录的“前一条哈希”与前一条记录不符",
  AUDIT_SEQUENCE_GAP: "记录被删除（removed）：序号在此处中断",
  AUDIT_TRUNCATED: "末尾记录被删除（truncated）：记录链在锚定的最新位置之前结束",
  AUDIT_HEAD_MISMATCH: "记录链被改写（rewritten）：末尾记录与锚定的最新哈希不符",
};

export function verifyPanel(serviceLabel) {
  const result = h("div", { class: "audit-verify-result hidden", "data-testid": "audit-verify-result", role: "status" });
  const button = h("button", { type: "button", class: "primary", onclick: run }, "验证");
  let service;

  async function run() {
    // The answer belongs to the service asked about; if another was chosen meanwhile, it is not shown.
    const target = service;
    button.disabled = true;
    result.className = "audit-verify-result audit-verify-running";
    mount(result, `正在校验“${serviceLabel(target)}”的审计链…`);
    try {
      const answer = await api.get("/v1/audit/verify", { service: target });
      if (target === service) show(answer, target);
    } catch (error) {
      if (target !== service) return;
      result.className = "audit-verify-result audit-verify-broken";
      mount(result, h("strong", {}, "无法完成校验"), "：", errorText(error));
      withCode(result, error);
    } finally {
      button.disabled = false;
    }
  }

  function show(answer, service) {
    const when = new Date().toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
    if (answer.intact) {
      result.className = "audit-verify-result audit-verify-ok";
      result.dataset.intact = "true";
      mount(result,
        h("strong", {}, "✔ 审计链完整"),
        h("div", {}, `“${serviceLabel(service)}”的 ${answer.checked} 条记录已全部校验，哈希链首尾相接，没有记录被修改、改接或删除。`),
        h("div", { class: "audit-verify-time" }, `校验时间 ${when}`));
      return;
    }
    result.className = "audit-verify-result audit-verify-broken";
    result.dataset.intact = "false";
    mount(result,
      h("strong", {}, "✘ 审计链已损坏"),
      h("div", {}, `自第 ${answer.firstBrokenSeq} 条记录起不可信：${PROBLEMS[answer.problemCode] || answer.problemCode || "未知问题"}。`),
      answer.problem && h("div", {}, answer.problem),
      h("div", { class: "audit-verify-time" }, `已校验 ${answer.checked} 条 · 问题代码 ${answer.problemCode || "—"} · 校验时间 ${when}`));
  }

  return {
    element: h("div", { class: "audit-verify", "data-testid": "audit-verify" },
      h("div", { class: "audit-verify-bar" }, button,
        h("span", { class: "muted" }, "重新计算所选服务的整条哈希链，检查是否有记录被修改、改接或删除。")),
      result),
    /** The service the button checks; a different one hides the previous result. */
    setService(next) {
      if (next !== service) { result.className = "audit-verify-result hidden"; mount(result); }
      service = next;
    },
  };
}
