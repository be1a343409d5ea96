// 证书管理: the issued certificates and result notices, queried by number, customer, instrument name or serial
// (text), item, type, state, kind and issue day, paged on the server. A row opens the certificate; the checked rows'
// sealed PDFs can be saved together as one ZIP (each downloaded through the API, then archived in the browser), and
// 批量下载 saves the whole query's certificates with their raw records as one zip the gateway streams
// (certificates-archive.js), with its progress.
import { api } from "../core/api.js";
import { h, mount } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { degradedNotice, optional } from "../ui/degraded.js";
import { bindFilters } from "../ui/filters.js";
import { formatDateTime } from "../ui/format.js";
import { pagedTable } from "../ui/table.js";
import { notify, notifyError } from "../ui/toast.js";
import { zipStored } from "../ui/zip.js";
import { cursorPages } from "./records-api.js";
import { orDash, stateBadge } from "./records-common.js";
import { itemOptions, loadItems, typeOptions } from "./records-pickers.js";
import { filenameFrom } from "./template-files.js";
import { archiveDownload } from "./certificates-archive.js";
import { CERTIFICATE_KINDS, CERTIFICATE_STATES, certificates } from "./certificates-api.js";

const SORTS = [
  { value: "issued", label: "按签发时间" },
  { value: "number", label: "按证书编号" },
  { value: "customer", label: "按委托单位" },
  { value: "item", label: "按检测项目" },
];

export async function render(container, params, query) {
  const filters = {
    text: query.text || "", item: query.item || "", type: query.type || "", state: query.state || "", kind: query.kind || "",
    conclusion: query.conclusion || "", from: query.from || "", to: query.to || "",
    sort: SORTS.some((s) => s.value === query.sort) ? query.sort : "issued", order: query.order === "reverse" ? "reverse" : "",
  };
  const itemsAnswer = await optional(loadItems, []);
  const items = itemsAnswer.value;
  const text = h("input", { type: "search", name: "text", value: filters.text, placeholder: "证书编号、委托单位、器具名称或出厂编号" });
  const item = h("select", { name: "item" }, h("option", { value: "" }, "全部项目"), itemOptions(items, filters.item));
  const type = h("select", { name: "type" });
  const fillTypes = () => {
    const chosen = items.find((i) => i.id === item.value);
    type.replaceChildren(h("option", { value: "" }, "全部类型"), ...(chosen ? typeOptions(chosen, filters.type) : []));
    type.value = chosen?.types.some((t) => t.code === filters.type) ? filters.type : "";
  };
  fillTypes();
  item.addEventListener("change", () => { filters.type = ""; fillTypes(); });
  const state = h("select", { name: "state" }, h("option", { value: "" }, "全部状态"),
    CERTIFICATE_STATES.map((s) => h("option", { value: s.value, selected: s.value === filters.state }, s.label)));
  const kind = h("select", { name: "kind" }, h("option", { value: "" }, "全部种类"),
    CERTIFICATE_KINDS.map((k) => h("option", { value: k.value, selected: k.value === filters.kind }, k.label)));
  const conclusion = h("select", { name: "conclusion" }, h("option", { value: "" }, "全部结论"),
    ["合格", "不合格"].map((c) => h("option", { value: c, selected: c === filters.conclusion }, c)));
  const sort = h("select", { name: "sort", "data-testid": "certificates-sort" },
    SORTS.map((s) => h("option", { value: s.value, selected: s.value === filters.sort }, s.label)));
  const order = h("select", { name: "order" },
    h("option", { value: "", selected: filters.order !== "reverse" }, "默认顺序"), h("option", { value: "reverse", selected: filters.order === "reverse" }, "反向"));
  const from = h("input", { type: "date", name: "from", value: filters.from });
  const to = h("input", { type: "date", name: "to", value: filters.to });

  // The checked certificates (id → certificate), kept across pages until the filters change.
  const selected = new Map();
  const batch = h("button", { type: "button", disabled: true, "data-testid": "download-selected" }, "打包下载所选证书");
  const refreshBatch = () => {
    batch.disabled = selected.size === 0;
    batch.textContent = selected.size ? `打包下载所选证书（${selected.size}）` : "打包下载所选证书";
  };
  const checkbox = (c) => {
    if (!c.pdf) return null;
    return h("input", {
      type: "checkbox", "aria-label": `选择 ${c.number}`, "data-testid": "select-certificate", checked: selected.has(c.id),
      onchange: (event) => { if (event.target.checked) selected.set(c.id, c); else selected.delete(c.id); refreshBatch(); },
    });
  };

  // The list's filters as the API takes them: the list pages them, the archive takes them whole.
  const listQuery = () => ({
    text: filters.text, itemId: filters.item, typeCode: filters.type, state: filters.state, kind: filters.kind,
    conclusion: filters.conclusion, issuedFrom: filters.from, issuedTo: filters.to, sort: filters.sort,
    // Issue time is newest first by default (reverse: oldest first); the others A→Z (reverse: Z→A).
    ascending: filters.order === "reverse" && filters.sort === "issued" ? "true" : undefined,
    descending: filters.order === "reverse" && filters.sort !== "issued" ? "true" : undefined,
  });
  const archive = archiveDownload({ query: listQuery, onError: notifyError });

  const table = pagedTable({
    testId: "certificates-table",
    emptyText: "没有符合条件的证书",
    columns: [
      { label: "", render: checkbox },
      { label: "证书编号", render: (c) => h("a", { href: `#/certificates/${c.id}`, class: "mono" }, c.number || c.id) },
      { label: "种类", render: (c) => CERTIFICATE_KINDS.find((k) => k.value === c.kind)?.label || c.kind },
      { label: "委托单位", render: (c) => orDash(c.customerName) },
      { label: "器具", render: (c) => [c.instrumentName, c.instrumentSerial && h("span", { class: "muted" }, ` 出厂编号 ${c.instrumentSerial}`)] },
      { label: "检定项目", render: (c) => orDash(c.itemName) },
      { label: "结论", render: (c) => orDash(c.conclusion) },
      { label: "签发时间", class: "records-nowrap", render: (c) => formatDateTime(c.issuedAt) },
      { label: "状态", render: (c) => stateBadge(CERTIFICATE_STATES, c.state) },
    ],
    rowClass: (c) => (c.state === "voided" ? "row-danger" : c.state === "failed" ? "row-warn" : undefined),
    onRowClick: (c) => navigate(`/certificates/${c.id}`),
    load: cursorPages(async ({ cursor, pageSize }) => {
      const answer = await certificates.list({ ...listQuery(), cursor, pageSize });
      return { rows: answer.certificates, total: answer.total, nextCursor: answer.nextCursor };
    }),
  });
  const reloadFirst = table.reload;
  const filtered = { ...table, reload: (options) => { selected.clear(); refreshBatch(); return reloadFirst(options); } };
  const filterBar = bindFilters({ controls: { text, item, type, state, kind, conclusion, from, to, sort, order }, filters, table: filtered });

  batch.addEventListener("click", async () => {
    batch.disabled = true;
    const chosen = [...selected.values()];
    try {
      const files = [];
      for (const [index, c] of chosen.entries()) {
        batch.textContent = `正在下载 ${index + 1} / ${chosen.length}…`;
        const response = await api.download(certificates.pdfPath(c.id, c.state === "voided" && c.voidedPdf ? "voided" : "original"));
        files.push({ name: filenameFrom(response, `${c.number}.pdf`), bytes: new Uint8Array(await response.arrayBuffer()) });
      }
      const blob = zipStored(files);
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: `证书-${files.length}份.zip`, class: "hidden", "data-testid": "zip-link", "data-size": blob.size });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      notify(`已打包 ${files.length} 份证书`);
    } catch (error) {
      notifyError(error);
    } finally {
      refreshBatch();
    }
  });

  mount(container,
    h("h1", {}, "证书管理"),
    degradedNotice(itemsAnswer.failed, "暂时无法读取检测项目：按项目筛选暂不可用。"),
    h("div", { class: "toolbar", "data-testid": "certificates-filters" },
      h("label", {}, "查询", text),
      h("label", {}, "检定项目", item),
      h("label", {}, "检测类型", type),
      h("label", {}, "状态", state),
      h("label", {}, "种类", kind),
      h("label", {}, "结论", conclusion),
      h("label", {}, "签发日期自", from),
      h("label", {}, "至", to),
      h("button", { type: "button", onclick: () => { for (const c of [text, item, type, state, kind, conclusion, from, to]) c.value = ""; fillTypes(); filterBar.apply(); } }, "清除筛选")),
    h("div", { class: "toolbar" }, h("label", {}, "排序", sort), h("label", {}, "顺序", order), batch, archive.button, archive.progress),
    table.element);
  await table.reload({ first: true });
}
