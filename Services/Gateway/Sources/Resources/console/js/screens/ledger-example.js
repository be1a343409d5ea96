// 下载示例文件: an .xlsx with the ledger import's header row and two example rows, written in the browser. A file built
// here cannot drift from the titles the console shows, needs no route and no binary among the console's files, and
// is a real workbook (a zip of the spreadsheet XML parts, stored uncompressed) that Excel and WPS open.
import { h } from "../core/dom.js";

/** The import's column titles, as the records service matches them (brackets ASCII or full-width). */
export const LEDGER_COLUMNS = ["器具名称", "型号规格", "出厂编号", "制造单位", "出厂日期", "准确度等级", "测量范围", "使用地点",
  "是否强检", "强检用途(贸易结算/安全防护/医疗卫生/环境监测)", "检定周期(月)"];

const EXAMPLE_ROWS = [
  ["燃油加油机", "CS52D2244G", "20230517001", "某某加油设备有限公司", "2023-05-17", "0.3级", "(5~60) L/min", "一号加油站", "是", "贸易结算", 6],
  ["压力表", "Y-100", "P2201-08", "某某仪表厂", "2022-11-02", "1.6级", "(0~1.6) MPa", "锅炉房", "是", "安全防护", 6],
  ["电子天平", "JA2003", "T-0042", "某某衡器有限公司", "", "Ⅲ级", "(0~200) g", "化验室", "否", "", 12],
];

const escapeXml = (text) => String(text).replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);

function sheetParts(rows) {
  const strings = [];
  const index = (text) => { let i = strings.indexOf(text); if (i < 0) { i = strings.length; strings.push(text); } return i; };
  const sheetRows = rows.map((row, r) => `<row r="${r + 1}">${row.map((value, c) => {
    const ref = `${String.fromCharCode(65 + c)}${r + 1}`;
    if (value === "" || value == null) return "";
    if (typeof value === "number") return `<c r="${ref}"><v>${value}</v></c>`;
    return `<c r="${ref}" t="s"><v>${index(value)}</v></c>`;
  }).join("")}</row>`).join("");
  const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  return {
    "[Content_Types].xml": `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `${head}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>`
      + `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": `${head}<worksheet xmlns="${main}"><cols><col min="1" max="11" width="18" customWidth="1"/></cols>`
      + `<sheetData>${sheetRows}</sheetData></worksheet>`,
    "xl/sharedStrings.xml": `${head}<sst xmlns="${main}" count="${strings.length}" uniqueCount="${strings.length}">`
      + `${strings.map((s) => `<si><t>${escapeXml(s)}</t></si>`).join("")}</sst>`,
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of the given files, each stored (method 0) with a UTF-8 name. */
function zip(files) {
  const encoder = new TextEncoder();
  const chunks = [];
  const central = [];
  let offset = 0;
  const header = (size) => { const buffer = new DataView(new ArrayBuffer(size)); return buffer; };
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = encoder.encode(name);
    const data = encoder.encode(text);
    const crc = crc32(data);
    const local = header(30);
    // signature, version 2.0, flags (bit 11: UTF-8 names), stored, time 00:00, date 2024-01-01, crc, sizes, name length.
    [[0, 0x04034b50, 4], [4, 20, 2], [6, 0x0800, 2], [8, 0, 2], [10, 0, 2], [12, 0x5821, 2], [14, crc, 4], [18, data.length, 4],
      [22, data.length, 4], [26, nameBytes.length, 2], [28, 0, 2]].forEach(([at, value, size]) => (size === 4 ? local.setUint32(at, value, true) : local.setUint16(at, value, true)));
    chunks.push(new Uint8Array(local.buffer), nameBytes, data);
    const entry = header(46);
    [[0, 0x02014b50, 4], [4, 20, 2], [6, 20, 2], [8, 0x0800, 2], [10, 0, 2], [12, 0, 2], [14, 0x5821, 2], [16, crc, 4], [20, data.length, 4],
      [24, data.length, 4], [28, nameBytes.length, 2], [30, 0, 2], [32, 0, 2], [34, 0, 2], [36, 0, 2], [38, 0, 4], [42, offset, 4]]
      .forEach(([at, value, size]) => (size === 4 ? entry.setUint32(at, value, true) : entry.setUint16(at, value, true)));
    central.push(new Uint8Array(entry.buffer), nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = header(22);
  const count = Object.keys(files).length;
  [[0, 0x06054b50, 4], [4, 0, 2], [6, 0, 2], [8, count, 2], [10, count, 2], [12, centralSize, 4], [16, offset, 4], [20, 0, 2]]
    .forEach(([at, value, size]) => (size === 4 ? end.setUint32(at, value, true) : end.setUint16(at, value, true)));
  return new Blob([...chunks, ...central, new Uint8Array(end.buffer)], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
}

/** The example workbook as a Blob. */
export function ledgerExample() {
  return zip(sheetParts([LEDGER_COLUMNS, ...EXAMPLE_ROWS]));
}

/** The 下载示例文件 link: saves the workbook built above. */
export function exampleLink() {
  return h("a", {
    href: "#", "data-testid": "ledger-example",
    onclick: (event) => {
      event.preventDefault();
      const url = URL.createObjectURL(ledgerExample());
      const link = h("a", { href: url, download: "计量器具台账导入示例.xlsx", class: "hidden" });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  }, "下载示例文件");
}
