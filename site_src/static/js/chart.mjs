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
