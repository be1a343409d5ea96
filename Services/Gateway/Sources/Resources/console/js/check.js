// 证书真伪查询: the page a certificate's QR code opens (/check?n=<number>&c=<check code>). Anyone may use it without
// signing in: it calls only the public check and shows 真实有效 / 已作废 / 查无此证书 with the certificate's details.
// Without n and c (typed in by hand) it asks for them. No console module is loaded: nothing here needs a session.
const STATUS = {
  genuine: "真实有效",
  voided: "已作废",
  unknown: "查无此证书",
};
const KINDS = { certificate: "检定证书", notice: "检定结果通知书" };

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function formatTime(value) {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function details(answer) {
  const rows = [
    ["证书编号", answer.number && h("span", { class: "mono" }, answer.number)],
    ["种类", KINDS[answer.kind] || answer.kind],
    ["检定项目", answer.itemName],
    ["器具名称", answer.instrumentName],
    ["型号规格", answer.instrumentModel],
    ["出厂编号", answer.instrumentSerial],
    ["制造单位", answer.manufacturer],
    ["检定结论", answer.conclusion],
    ["签发日期", formatTime(answer.issuedAt)],
    ["有效期至", answer.validUntil],
    ["作废日期", formatTime(answer.voidedAt)],
    ["替代证书", answer.replacedByNumber && h("span", { class: "mono" }, answer.replacedByNumber)],
    ["签发机构", answer.institution],
    ["PDF 文件 SHA-256", answer.pdfSha256 && h("span", { class: "mono" }, answer.pdfSha256)],
  ].filter(([, value]) => value);
  return h("dl", { class: "details", "data-testid": "check-details" }, rows.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]));
}

function show(container, answer) {
  const status = STATUS[answer.status] ? answer.status : "unknown";
  const parts = [
    h("div", { class: `status ${status}`, "data-testid": "check-status", "data-status": status }, STATUS[status]),
    answer.message && h("p", { class: "message", "data-testid": "check-message" }, answer.message),
    status !== "unknown" && details(answer),
  ];
  container.replaceChildren(...parts.filter(Boolean));
}

function askForm(container, number = "", code = "", error = "") {
  const numberInput = h("input", { name: "n", required: "required", value: number, autocomplete: "off" });
  const codeInput = h("input", { name: "c", required: "required", value: code, autocomplete: "off" });
  container.replaceChildren(
    h("p", { class: "muted" }, "请输入证书上的证书编号和二维码下方的校验码。"),
    h("form", { method: "get", action: "/check", "data-testid": "check-form" },
      h("label", {}, "证书编号", numberInput),
      h("label", {}, "校验码", codeInput),
      error && h("p", { class: "error" }, error),
      h("button", { type: "submit" }, "查询")));
}

async function check(container, number, code) {
  const query = new URLSearchParams({ number, code });
  let response;
  try {
    response = await fetch(`/v1/public/certificates/check?${query}`, { headers: { Accept: "application/json" } });
  } catch {
    return askForm(container, number, code, "无法连接到服务器，请检查网络后重试");
  }
  let body = {};
  try { body = await response.json(); } catch { /* not JSON */ }
  if (!response.ok) return askForm(container, number, code, body.title || `查询失败（HTTP ${response.status}）`);
  show(container, body);
}

const container = document.getElementById("check");
const params = new URLSearchParams(location.search);
const number = (params.get("n") || "").trim();
const code = (params.get("c") || "").trim();
if (number && code) check(container, number, code);
else askForm(container, number, code);
