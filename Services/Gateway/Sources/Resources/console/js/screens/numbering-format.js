// How a numbering rule prints a number, as the flows service does (Services/Flows/Sources/Numbering/NumberFormat.swift):
// prefix + date part + zero-padded sequence + suffix, the date part also being the period the sequence restarts in.
// The console uses it for the example shown while a rule is edited: the preview route only previews saved rules.
import { todayInBeijing } from "../ui/format.js";

export const DATE_PATTERNS = [
  { value: "none", label: "无日期（流水号不重新开始）" },
  { value: "YYYY", label: "年 YYYY（每年重新开始）" },
  { value: "YYYYMM", label: "年月 YYYYMM（每月重新开始）" },
  { value: "YYYYMMDD", label: "年月日 YYYYMMDD（每天重新开始）" },
];

/** The period of today (Beijing calendar days, as the service counts): "" for none, else the date part. */
export function periodOf(datePattern, day = todayInBeijing()) {
  const [year, month, date] = day.split("-");
  switch (datePattern) {
    case "YYYY": return year;
    case "YYYYMM": return `${year}${month}`;
    case "YYYYMMDD": return `${year}${month}${date}`;
    default: return "";
  }
}

export function formatNumber({ prefix = "", suffix = "", datePattern, width }, sequence, period = periodOf(datePattern)) {
  return `${prefix}${period}${String(sequence).padStart(width, "0")}${suffix}`;
}

/** The largest sequence the width can print (a longer number could collide with another rule's). */
export const maxSequence = (width) => 10 ** width - 1;

/** The rule's shape in words, e.g. "ZS + 年月 + 4 位流水号". */
export function describe({ prefix, suffix, datePattern, width }) {
  const date = { YYYY: "年", YYYYMM: "年月", YYYYMMDD: "年月日" }[datePattern];
  return [prefix && `“${prefix}”`, date, `${width} 位流水号`, suffix && `“${suffix}”`].filter(Boolean).join(" + ");
}
