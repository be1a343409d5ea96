// 数据推送: the provincial platforms that pull the mandatory-verification feed (Docs/feed.md). An operator with 系统设置
// creates a consumer with its region (GB/T 2260 prefix) and hands over the key shown once; a consumer can be disabled
// at once. The service keeps only a hash of the key.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { openDialog, confirmAction } from "../ui/dialog.js";
import { createForm } from "../ui/form.js";
import { formatDateTime } from "../ui/format.js";
import { simpleTable } from "../ui/table.js";
import { notify } from "../ui/toast.js";

export async function render(container) {
  const list = h("div", { "data-testid": "feed-consumers" });
  const keys = h("div", { class: "hint", "data-testid": "feed-keys" });
  async function reload() {
    const { consumers } = await api.get("/v1/feeds/consumers");
    mount(list, simpleTable({
      testId: "feed-consumer-table",
      emptyText: "尚未添加数据接收方",
      columns: [
        { label: "名称", render: (c) => c.name },
        { label: "行政区划", render: (c) => c.regionPrefix },
        { label: "客户端", render: (c) => h("code", {}, c.clientId) },
        { label: "状态", render: (c) => (c.disabled ? h("span", { class: "badge" }, "已停用") : h("span", { class: "badge ok" }, "启用")) },
        { label: "最近读取", render: (c) => (c.lastReadAt ? formatDateTime(c.lastReadAt) : "—") },
        { label: "创建", render: (c) => `${formatDateTime(c.createdAt)} ${c.createdByName}` },
        { label: "", render: (c) => !c.disabled && h("button", { type: "button", class: "danger", onclick: () => disable(c) }, "停用") },
      ],
      rows: consumers,
    }));
  }
  async function disable(consumer) {
    if (!(await confirmAction({ title: "停用数据接收方", message: `停用“${consumer.name}”后其密钥立即失效。`, confirmLabel: "停用", danger: true }))) return;
    await api.post(`/v1/feeds/consumers/${encodeURIComponent(consumer.id)}/disable`, {});
    notify("已停用");
    await reload();
  }
  const form = createForm({
    testId: "feed-consumer-form",
    submitLabel: "添加",
    fields: [
      { name: "name", label: "名称", required: true, maxlength: 100, placeholder: "如 湖北省计量监管平台" },
      { name: "regionPrefix", label: "行政区划代码前缀", required: true, maxlength: 6, pattern: /^(\d{2}|\d{4}|\d{6})$/,
        patternMessage: "2、4 或 6 位数字（GB/T 2260）", hint: "只推送该区划内委托方的强检结果，如 42（湖北省）、4205（宜昌市）" },
    ],
    onSubmit: async (values, { idempotencyKey }) => {
      const created = await api.post("/v1/feeds/consumers", { name: values.name, regionPrefix: values.regionPrefix }, { idempotencyKey });
      openDialog({
        title: "数据接收方密钥",
        body: [h("p", {}, "请立即复制并交给对方；关闭后无法再次查看。"), h("pre", { class: "secret", "data-testid": "feed-api-key" }, created.apiKey),
          h("p", { class: "hint" }, "请求时放在请求头 X-Feed-Key 中：GET /v1/feeds/verification-results?after=<游标>")],
        buttons: [(close) => h("button", { type: "button", class: "primary", onclick: () => close() }, "已复制，关闭")],
      });
      form.element.reset();
      await reload();
    },
  });
  mount(container, h("h1", {}, "数据推送（强检检定结果）"),
    h("p", { class: "hint" }, "省级平台按游标拉取已签名的检定结果（JWS，EdDSA），也可订阅 AMQP 交换机 feeds.verification-results；格式见 Docs/feed.md。"),
    h("h2", {}, "数据接收方"), list, h("h2", {}, "添加数据接收方"), form.element, h("h2", {}, "签名公钥"), keys);
  await reload();
  try {
    const jwks = await api.get("/v1/feeds/keys");
    mount(keys, jwks.keys.map((key) => h("div", {}, h("code", {}, key.kid), `  Ed25519  x = `, h("code", {}, key.x))));
  } catch (error) {
    mount(keys, `无法读取公钥：${error.title || error.message}`);
  }
}
