// The evaluation's charts, drawn as SVG by hand (no library, no CDN): failure-rate bars with their Wilson interval
// whiskers and the field's rate as a reference line, quarterly trend lines, and one instrument's drift towards its
// MPE. Every label is a text node, so nothing from the data can become markup.
const SVG = "http://www.w3.org/2000/svg";
export const COLORS = ["#1f6fb2", "#d9822b", "#2e9e6a", "#b33a3a", "#7b5ea7", "#8c6d31", "#c45c9a", "#4a8f9e"];

function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const name of String(attributes.class || "").split(" ")) {
    for (const [key, value] of Object.entries(LOOK[name] || {})) element.setAttribute(key, String(value));
  }
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined && value !== null) element.setAttribute(key, String(value));
  for (const child of children.flat()) if (child !== null && child !== undefined) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

// The charts' look as SVG presentation attributes, by class: the console's Content-Security-Policy allows no inline
// style (neither a <style> element nor a style attribute), and attributes also keep a saved SVG looking the same.
const FONT = "sans-serif";
const LOOK = {
  "chart-title": { "font-family": FONT, "font-size": 15, "font-weight": 600, fill: "#222" },
  "axis-label": { "font-family": FONT, "font-size": 12, fill: "#555" },
  "bar-label": { "font-family": FONT, "font-size": 13, fill: "#222" },
  legend: { "font-family": FONT, "font-size": 13, fill: "#222" },
  warn: { fill: "#b33a3a", "font-weight": 600 },
  "bar-value": { "font-family": FONT, "font-size": 12, fill: "#333" },
  "grid-line": { stroke: "#e3e3e3", "stroke-width": 1 },
  whisker: { stroke: "#222", "stroke-width": 1.5 },
  "reference-line": { stroke: "#b33a3a", "stroke-width": 1.5, "stroke-dasharray": "6 4" },
  "reference-label": { "font-family": FONT, "font-size": 12, fill: "#b33a3a" },
  "mpe-line": { stroke: "#b33a3a", "stroke-width": 2, "stroke-dasharray": "8 4" },
  "mpe-label": { "font-family": FONT, "font-size": 12, fill: "#b33a3a" },
  "due-line": { stroke: "#888", "stroke-width": 1, "stroke-dasharray": "3 3" },
  "fit-line": { stroke: "#1f6fb2", "stroke-width": 1.5, "stroke-dasharray": "5 3" },
  point: { fill: "#1f6fb2" },
  over: { fill: "#b33a3a" },
  bar: { cursor: "pointer" },
};

function chart(width, height, title, testId) {
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title, "data-testid": testId, class: "chart" });
  svg.append(s("rect", { x: 0, y: 0, width, height, fill: "#fff" }));
  return svg;
}

const percent = (value, digits = 1) => `${(value * 100).toFixed(digits)}%`;

/** A "nice" upper bound for a rate axis: the next of 1 %, 2 %, 5 %, 10 %, 20 %, 50 %, 100 % above `max`. */
export function niceRateMax(max) {
  for (const step of [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1]) if (max <= step) return step;
  return 1;
}

/** Horizontal bars: rate with the [lower, upper] whisker; `field` draws a dashed reference line. */
export function failureBars({ groups, field, title, testId }) {
  const rowHeight = 30, left = 190, right = 110, top = 48, width = 860;
  const height = top + Math.max(1, groups.length) * rowHeight + 40;
  const max = niceRateMax(Math.max(0.001, ...groups.map((g) => g.upper), field?.upper ?? 0));
  const x = (rate) => left + (rate / max) * (width - left - right);
  const svg = chart(width, height, title, testId);
  svg.append(s("text", { x: left, y: 18, class: "chart-title" }, title));
  for (let i = 0; i <= 5; i++) {
    const rate = (max * i) / 5;
    svg.append(s("line", { x1: x(rate), x2: x(rate), y1: top - 6, y2: height - 34, class: "grid-line" }),
      s("text", { x: x(rate), y: height - 18, "text-anchor": "middle", class: "axis-label" }, percent(rate, max < 0.05 ? 1 : 0)));
  }
  groups.forEach((group, index) => {
    const y = top + index * rowHeight;
    const g = s("g", { class: "bar", "data-key": group.key },
      s("title", {}, `${group.title}：不合格 ${group.failures} / ${group.total}，不合格率 ${percent(group.rate)}（置信区间 ${percent(group.lower)}–${percent(group.upper)}）`),
      s("text", { x: left - 8, y: y + 19, "text-anchor": "end", class: "bar-label" }, truncate(group.title, 14)),
      s("rect", { x: left, y: y + 6, width: Math.max(1, x(group.rate) - left), height: 18, fill: COLORS[0], opacity: 0.8 }),
      s("line", { x1: x(group.lower), x2: x(group.upper), y1: y + 15, y2: y + 15, class: "whisker" }),
      s("line", { x1: x(group.lower), x2: x(group.lower), y1: y + 9, y2: y + 21, class: "whisker" }),
      s("line", { x1: x(group.upper), x2: x(group.upper), y1: y + 9, y2: y + 21, class: "whisker" }),
      s("text", { x: width - right + 8, y: y + 19, class: "bar-value" }, `${percent(group.rate)}  n=${group.total}`));
    svg.append(g);
  });
  if (field && field.total > 0) {
    svg.append(s("line", { x1: x(field.rate), x2: x(field.rate), y1: top - 24, y2: height - 34, class: "reference-line" }),
      s("text", { x: x(field.rate) + 4, y: top - 12, class: "reference-label" }, `全部（参照） ${percent(field.rate)}`));
  }
  return svg;
}

/** Quarterly failure-rate lines, one per series, with a legend; a series with a rise warning is marked ⚠. */
export function trendLines({ series, title, testId }) {
  const width = 860, height = 340, left = 60, right = 200, top = 34, bottom = 50;
  const quarters = series[0]?.points.map((p) => p.quarter) || [];
  const max = niceRateMax(Math.max(0.001, ...series.flatMap((one) => one.points.filter((p) => p.total > 0).map((p) => p.rate))));
  const x = (i) => left + (quarters.length <= 1 ? (width - left - right) / 2 : (i / (quarters.length - 1)) * (width - left - right));
  const y = (rate) => top + (1 - rate / max) * (height - top - bottom);
  const svg = chart(width, height, title, testId);
  svg.append(s("text", { x: left, y: 18, class: "chart-title" }, title));
  for (let i = 0; i <= 4; i++) {
    const rate = (max * i) / 4;
    const digits = Number.isInteger(Math.round(rate * 1e6) / 1e4) ? 0 : 1;
    svg.append(s("line", { x1: left, x2: width - right, y1: y(rate), y2: y(rate), class: "grid-line" }),
      s("text", { x: left - 6, y: y(rate) + 4, "text-anchor": "end", class: "axis-label" }, percent(rate, digits)));
  }
  quarters.forEach((quarter, i) => svg.append(s("text", { x: x(i), y: height - bottom + 18, "text-anchor": "middle", class: "axis-label" }, quarter.replace("Q", " Q"))));
  series.forEach((one, index) => {
    const color = COLORS[index % COLORS.length];
    const points = one.points.map((p, i) => ({ ...p, i })).filter((p) => p.total > 0);
    const g = s("g", { class: "series", "data-key": one.key });
    if (points.length > 1) g.append(s("polyline", { points: points.map((p) => `${x(p.i)},${y(p.rate)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2 }));
    for (const p of points) {
      g.append(s("circle", { cx: x(p.i), cy: y(p.rate), r: 4, fill: color },
        s("title", {}, `${one.title} ${p.quarter}：不合格 ${p.failures} / ${p.total}（${percent(p.rate)}，区间 ${percent(p.lower)}–${percent(p.upper)}）`)));
    }
    const ly = top + index * 22;
    g.append(s("rect", { x: width - right + 14, y: ly, width: 12, height: 12, fill: color }),
      s("text", { x: width - right + 32, y: ly + 11, class: one.riseWarning ? "legend warn" : "legend" }, `${one.riseWarning ? "⚠ " : ""}${truncate(one.title, 11)}`));
    svg.append(g);
  });
  return svg;
}

/** One instrument's max |error|/MPE per verification, the fitted line, the MPE at 1.0 and the next due date. */
export function driftPlot({ report, title, testId }) {
  const width = 860, height = 340, left = 60, right = 30, top = 34, bottom = 50;
  const day = (text) => Date.parse(`${text}T00:00:00Z`) / 86400000;
  const days = report.points.map((p) => day(p.testDate));
  const crossing = report.predictedCrossing ? day(report.predictedCrossing) : null;
  const due = report.nextDue ? day(report.nextDue) : null;
  const span = [...days, due, crossing && crossing < (days.at(-1) ?? 0) + 3650 ? crossing : null].filter((d) => Number.isFinite(d));
  const minDay = Math.min(...span), maxDay = Math.max(minDay + 1, ...span);
  const maxRatio = Math.max(1.2, ...report.points.map((p) => p.ratio * 1.1));
  const x = (d) => left + ((d - minDay) / (maxDay - minDay)) * (width - left - right);
  const y = (r) => top + (1 - r / maxRatio) * (height - top - bottom);
  const svg = chart(width, height, title, testId);
  svg.append(s("text", { x: left, y: 18, class: "chart-title" }, title));
  for (let i = 0; i <= 4; i++) {
    const r = (maxRatio * i) / 4;
    svg.append(s("line", { x1: left, x2: width - right, y1: y(r), y2: y(r), class: "grid-line" }),
      s("text", { x: left - 6, y: y(r) + 4, "text-anchor": "end", class: "axis-label" }, r.toFixed(2)));
  }
  svg.append(s("line", { x1: left, x2: width - right, y1: y(1), y2: y(1), class: "mpe-line" }),
    s("text", { x: left + 6, y: y(1) - 6, class: "mpe-label" }, "最大允许误差（|误差|/MPE = 1）"));
  if (due !== null && Number.isFinite(due)) {
    svg.append(s("line", { x1: x(due), x2: x(due), y1: top, y2: height - bottom, class: "due-line" }),
      s("text", { x: x(due) - 4, y: top + 12, "text-anchor": "end", class: "axis-label" }, `下次检定 ${report.nextDue}`));
  }
  if (report.fitted && report.points.length) {
    const first = days[0];
    const at = (d) => report.interceptAtFirst + (report.slopePerYear / 365.25) * (d - first);
    svg.append(s("line", { x1: x(minDay), y1: y(at(minDay)), x2: x(maxDay), y2: y(at(maxDay)), class: "fit-line" }));
  }
  report.points.forEach((p, i) => svg.append(s("circle", { cx: x(days[i]), cy: y(p.ratio), r: 5, class: p.ratio >= 1 ? "point over" : "point" },
    s("title", {}, `${p.testDate} ${p.certificateNumber}：|误差|/MPE = ${p.ratio.toFixed(3)}（${p.conclusion}）`))));
  const years = new Set();
  for (let d = minDay; d <= maxDay; d += 30) years.add(new Date(d * 86400000).getUTCFullYear());
  for (const year of years) {
    const d = Date.UTC(year, 0, 1) / 86400000;
    if (d >= minDay && d <= maxDay) svg.append(s("text", { x: x(d), y: height - bottom + 18, "text-anchor": "middle", class: "axis-label" }, `${year}年`));
  }
  return svg;
}

function truncate(text, length) {
  const value = String(text ?? "");
  return value.length > length ? `${value.slice(0, length - 1)}…` : value;
}
