// A small SVG bar chart. SVG (not canvas) so charts scale, print, and can be
// saved as SVG or PNG; built with DOM calls, so no text ever becomes markup.
const SVG = "http://www.w3.org/2000/svg";
const W = 800;
const H = 320;
const M = { top: 16, right: 12, bottom: 48, left: 56 };

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// Round steps (1, 2, 2.5, 5 × 10^n) so axis labels read naturally.
export function niceTicks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * mag).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function formatNumber(value, digits = 2) {
  return value.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Draw bars into `container`.
 * bars: [{key, label, value|null, complete, drill}], unit: axis unit text,
 * onSelect(bar): called when a drillable bar is clicked or activated by keyboard.
 */
export function drawBarChart(container, { bars, unit, title, onSelect }) {
  const values = bars.map((b) => b.value).filter((v) => v !== null);
  const ticks = niceTicks(Math.max(0, ...values));
  const top = ticks[ticks.length - 1];
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v) => M.top + plotH - (v / top) * plotH;
  const slot = plotW / Math.max(bars.length, 1);
  const barW = Math.max(1, slot * 0.8);

  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "bar-chart", "aria-label": title });
  svg.append(el("title", {}, title));
  const defs = el("defs");
  const hatch = el("pattern", { id: "partial-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
  hatch.append(el("rect", { width: 6, height: 6, class: "hatch-bg" }), el("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }));
  defs.append(hatch);
  svg.append(defs);

  for (const t of ticks) {
    svg.append(el("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: "grid" }));
    svg.append(el("text", { x: M.left - 6, y: y(t) + 4, class: "tick y" }, formatNumber(t, t % 1 ? 1 : 0)));
  }
  svg.append(el("text", { x: 12, y: M.top + plotH / 2, class: "axis-title", transform: `rotate(-90 12 ${M.top + plotH / 2})` }, unit));

  const labelEvery = Math.ceil(bars.length / 16);
  bars.forEach((bar, i) => {
    const x = M.left + i * slot + (slot - barW) / 2;
    if (i % labelEvery === 0) {
      svg.append(el("text", { x: x + barW / 2, y: H - M.bottom + 16, class: "tick x" }, bar.label));
    }
    if (bar.value === null) {
      const gap = el("rect", { x, y: M.top + plotH - 3, width: barW, height: 3, class: "bar gap" });
      gap.append(el("title", {}, `${bar.label}: no data`));
      svg.append(gap);
      return;
    }
    const cls = ["bar", bar.complete ? "" : "partial", bar.drill ? "drill" : ""].join(" ").trim();
    const rect = el("rect", { x, y: y(bar.value), width: barW, height: Math.max(0, y(0) - y(bar.value)), class: cls, "data-key": bar.key });
    const note = bar.complete ? "" : " (some half-hours missing)";
    rect.append(el("title", {}, `${bar.label}: ${formatNumber(bar.value, 3)} ${unit}${note}`));
    if (bar.drill && onSelect) {
      rect.setAttribute("tabindex", "0");
      rect.setAttribute("role", "link");
      rect.setAttribute("aria-label", `${bar.label}: ${formatNumber(bar.value, 2)} ${unit}. Show detail`);
      rect.addEventListener("click", () => onSelect(bar));
      rect.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          onSelect(bar);
        }
      });
    }
    svg.append(rect);
  });
  svg.append(el("line", { x1: M.left, x2: W - M.right, y1: y(0), y2: y(0), class: "axis" }));
  container.replaceChildren(svg);
}

// Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

function frame(title, height = H) {
  const svg = el("svg", { viewBox: `0 0 ${W} ${height}`, role: "img", class: "line-chart", "aria-label": title });
  svg.append(el("title", {}, title));
  return svg;
}

function yAxis(svg, ticks, y, unit) {
  for (const t of ticks) {
    svg.append(el("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: "grid" }));
    svg.append(el("text", { x: M.left - 6, y: y(t) + 4, class: "tick y" }, formatNumber(t, Math.abs(t) < 10 && t % 1 ? 2 : 0)));
  }
  svg.append(el("text", { x: 12, y: M.top + (H - M.top - M.bottom) / 2, class: "axis-title", transform: `rotate(-90 12 ${M.top + (H - M.top - M.bottom) / 2})` }, unit));
}

/** Lines over shared x labels: {title, unit, x_labels, series: [{name, values, style}]}. */
export function drawLineChart(container, { title, unit, x_labels: labels, series }) {
  const all = series.flatMap((s) => s.values).filter((v) => v !== null);
  const lo = Math.min(0, ...all);
  const ticks = niceTicks(Math.max(0, ...all) - lo).map((t) => t + (lo < 0 ? Math.floor(lo) : 0));
  const top = ticks[ticks.length - 1];
  const bottom = Math.min(ticks[0], lo);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v) => M.top + plotH - ((v - bottom) / (top - bottom || 1)) * plotH;
  const x = (i) => M.left + (labels.length > 1 ? (i / (labels.length - 1)) * plotW : plotW / 2);
  // The legend sits below the plot, three entries a row, so it never covers a line.
  const legendRows = Math.ceil(series.length / 3);
  const svg = frame(title, H + legendRows * 18);
  yAxis(svg, ticks, y, unit);
  const every = Math.ceil(labels.length / 12);
  labels.forEach((label, i) => {
    if (i % every === 0) svg.append(el("text", { x: x(i), y: H - M.bottom + 16, class: "tick x" }, label));
  });
  series.forEach((s, k) => {
    let d = "";
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    const path = el("path", { d, class: `series ${s.style || "solid"}`, stroke: PALETTE[k % PALETTE.length] });
    path.append(el("title", {}, s.name));
    svg.append(path);
    const lx = M.left + (k % 3) * ((W - M.left - M.right) / 3);
    const ly = H - 6 + Math.floor(k / 3) * 18;
    svg.append(el("line", { x1: lx, x2: lx + 20, y1: ly, y2: ly, stroke: PALETTE[k % PALETTE.length], class: `legend ${s.style || "solid"}` }));
    svg.append(el("text", { x: lx + 25, y: ly + 4, class: "legend-text" }, s.name));
  });
  svg.append(el("line", { x1: M.left, x2: W - M.right, y1: y(Math.max(0, bottom)), y2: y(Math.max(0, bottom)), class: "axis" }));
  container.replaceChildren(svg);
}

// A colour-blind-safe sequential scale (light yellow → dark blue), t in [0, 1].
function heatColour(t) {
  const stops = [[255, 255, 204], [161, 218, 180], [65, 182, 196], [44, 127, 184], [37, 52, 148]];
  const p = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(p), stops.length - 2);
  const f = p - i;
  return stops[i].map((c, j) => Math.round(c + (stops[i + 1][j] - c) * f));
}

/**
 * A rows × columns grid of values (row-major, null = no data) drawn as one
 * embedded image inside an SVG frame: tens of thousands of cells stay fast,
 * and the SVG can still be saved.
 */
export function drawHeatmap(container, { title, unit, row_labels: rows, column_labels: cols, values, max }) {
  const canvas = document.createElement("canvas");
  canvas.width = cols.length;
  canvas.height = rows.length;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(cols.length, rows.length);
  values.forEach((v, i) => {
    const [r, g, b] = v === null ? [230, 230, 230] : heatColour(max ? v / max : 0);
    img.data.set([r, g, b, 255], i * 4);
  });
  ctx.putImageData(img, 0, 0);
  const height = Math.max(H, Math.min(900, rows.length * 2 + M.top + M.bottom));
  // Row labels ("12 Jan 2023") need more room than a numeric axis.
  const left = M.left + 30;
  const plotW = W - left - M.right - 90;
  const plotH = height - M.top - M.bottom;
  const svg = el("svg", { viewBox: `0 0 ${W} ${height}`, role: "img", class: "heatmap", "aria-label": title });
  svg.append(el("title", {}, title));
  svg.append(el("image", { href: canvas.toDataURL("image/png"), x: left, y: M.top, width: plotW, height: plotH, preserveAspectRatio: "none", class: "heat-cells" }));
  const colEvery = Math.ceil(cols.length / 12);
  cols.forEach((c, i) => {
    if (i % colEvery === 0) svg.append(el("text", { x: left + ((i + 0.5) / cols.length) * plotW, y: height - M.bottom + 16, class: "tick x" }, c));
  });
  const rowEvery = Math.max(1, Math.ceil(rows.length / 24));
  rows.forEach((r, i) => {
    if (i % rowEvery === 0) svg.append(el("text", { x: left - 6, y: M.top + ((i + 0.5) / rows.length) * plotH + 4, class: "tick y" }, r));
  });
  const legendX = W - M.right - 75;
  for (let k = 0; k <= 10; k++) {
    const [r, g, b] = heatColour(1 - k / 10);
    svg.append(el("rect", { x: legendX, y: M.top + (k * plotH) / 11, width: 14, height: plotH / 11 + 0.5, fill: `rgb(${r},${g},${b})` }));
  }
  svg.append(el("text", { x: legendX + 18, y: M.top + 10, class: "legend-text" }, `${formatNumber(max || 0, 0)} ${unit}`));
  svg.append(el("text", { x: legendX + 18, y: M.top + plotH, class: "legend-text" }, `0 ${unit}`));
  container.replaceChildren(svg);
}
