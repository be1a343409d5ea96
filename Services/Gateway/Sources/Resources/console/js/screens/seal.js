// 电子印章: the seal the certificates' PDFs are signed with — its subject, issuer, validity and fingerprint, and
// whether it was generated (self-signed) at first start or imported. Holders of setup.manage import the institution's
// own certificate and private key (PEM, typed or read from files); the key goes to the service and never comes back.
import { h, mount } from "../core/dom.js";
import { session } from "../core/session.js";
import { daysUntil, formatDateTime } from "../ui/format.js";
import { createForm } from "../ui/form.js";
import { notify } from "../ui/toast.js";
import { orDash } from "./records-common.js";
import { SEAL_ORIGINS, certificates } from "./certificates-api.js";

export async function render(container) {
  let seal = null;
  let missing = null;
  try {
    seal = await certificates.seal();
  } catch (error) {
    if (error.code !== "CERTIFICATES_SEAL_MISSING") throw error;
    missing = error;
  }
  show(container, seal, missing);
}

const row = (label, value) => [h("dt", {}, label), h("dd", {}, orDash(value))];

function validity(seal) {
  const days = seal.notAfter ? daysUntil(seal.notAfter.slice(0, 10)) : null;
  const badge = days === null ? null
    : days < 0 ? h("span", { class: "badge danger" }, "已过期")
      : days <= 30 ? h("span", { class: "badge warn" }, `${days} 天后到期`) : h("span", { class: "badge ok" }, "有效");
  return [`${formatDateTime(seal.notBefore)} 至 ${formatDateTime(seal.notAfter)} `, badge];
}

/** A file input that reads a PEM file into the textarea beside it. */
function pemFilePicker(form, name) {
  return h("input", {
    type: "file", accept: ".pem,.crt,.cer,.key,text/plain", "data-testid": `seal-${name}-file`,
    onchange: async (event) => {
      const file = event.target.files?.[0];
      if (!file) return;
      const area = form.querySelector(`textarea[name=${name}]`);
      if (area) area.value = await file.text();
    },
  });
}

function show(container, seal, missing) {
  const mayImport = session.can("setup.manage");
  const form = mayImport && createForm({
    testId: "seal-import-form",
    submitLabel: "导入",
    fields: [
      { name: "certificatePem", label: "印章证书（PEM）", type: "textarea", required: true, wide: true, placeholder: "-----BEGIN CERTIFICATE-----" },
      { name: "privateKeyPem", label: "私钥（PEM，PKCS#8、SEC1 或 PKCS#1）", type: "textarea", required: true, wide: true, placeholder: "-----BEGIN PRIVATE KEY-----" },
    ],
    onSubmit: async (values, { idempotencyKey }) => {
      const next = await certificates.importSeal(values, { idempotencyKey });
      notify("已导入电子印章");
      show(container, next, null);
    },
  });
  mount(container,
    h("h1", {}, "电子印章"),
    h("p", { class: "muted" }, "签发的证书 PDF 均以此印章进行数字签名（PAdES），任何人可用 PDF 阅读器验证签名与文件完整性。"),
    missing && h("p", { class: "notice warn", "data-testid": "seal-missing" }, "电子印章尚未生成：证书服务首次启动时会自动生成自签名印章。"),
    seal && h("section", { class: "panel", "data-testid": "seal-info" },
      h("h2", {}, "当前印章"),
      h("dl", { class: "dl" },
        row("机构", seal.institution),
        row("主题", h("span", { class: "mono" }, seal.subject)),
        row("颁发者", h("span", { class: "mono" }, seal.issuer)),
        row("序列号", h("span", { class: "mono" }, seal.serial)),
        row("有效期", validity(seal)),
        row("指纹（SHA-256）", h("span", { class: "mono", "data-testid": "seal-fingerprint" }, seal.fingerprint)),
        row("来源", h("span", { "data-testid": "seal-origin", "data-origin": seal.origin }, SEAL_ORIGINS[seal.origin] || seal.origin)),
        row("启用时间", formatDateTime(seal.installedAt)))),
    seal?.origin === "generated" && h("p", { class: "notice" }, "当前为系统自签名印章，仅供试运行；正式签发前请导入本机构经认可的印章证书与私钥。"),
    form && h("section", { class: "panel", "data-testid": "seal-import" },
      h("h2", {}, "导入本机构印章"),
      h("p", { class: "muted" }, "导入后新签发的证书使用新印章；已签发的证书不受影响。私钥只交给证书服务保存，不会再显示。"),
      h("div", { class: "toolbar" }, h("label", {}, "从文件读取证书", pemFilePicker(form.element, "certificatePem")),
        h("label", {}, "从文件读取私钥", pemFilePicker(form.element, "privateKeyPem"))),
      form.element));
}
