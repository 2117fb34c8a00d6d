// Charts people can touch: drawn by Apache ECharts (self-hosted in js/vendor/,
// see README "Charts") on a canvas that follows its container's width.
// Each chart is one Tab stop: arrow keys walk its points, Enter opens a
// drillable one, and a live line under the chart reads out the point that is
// hovered, tapped or chosen by keyboard. Every string from Python reaches the
// chart as plain text (tooltips are drawn on the canvas, never as HTML).

// The library (~220 KB compressed, a minimal build: see builder/vendor.py) stays out of the page shell. It is
// asked for by the first chart drawn, or once Python is ready (app.mjs), whichever comes first: the demo's
// first view has no chart, and on a first visit every byte before then is Python's.
let echarts = null;
let loading = null;
export function loadCharts() {
  loading ??= import("./vendor/echarts.esm.min.mjs").then((module) => (echarts = module));
  return loading;
}

// Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
const GAP = "#bdbdbd";
const INK = "#1a1a1a";
const GRID_LINE = "#dddddd";
const FONT = 12; // px: the smallest text on any chart, phone included
const EXPORT_WIDTH = 1000;

function formatNumber(value, digits = 2) {
  return value.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// Axis labels: as many decimals as the tick needs (0.25 stays 0.25, 400 stays 400).
function tickLabel(value) {
  return Number(value.toPrecision(10)).toLocaleString("en-GB", { maximumFractionDigits: 3 });
}

// A colour-blind-safe sequential scale (light yellow → dark blue), t in [0, 1].
function heatColour(t) {
  const stops = [[255, 255, 204], [161, 218, 180], [65, 182, 196], [44, 127, 184], [37, 52, 148]];
  const p = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(p), stops.length - 2);
  const f = p - i;
  return stops[i].map((c, j) => Math.round(c + (stops[i + 1][j] - c) * f));
}
const HEAT_COLOURS = [0, 0.25, 0.5, 0.75, 1].map((t) => `rgb(${heatColour(t).join(",")})`);
// A stepped scale's tones (see blocks.heatmap's `pieces`; the data-quality caption names them dark blue, orange and red).
// Orange is light and red dark, so the two stay apart with every common colour-vision deficiency and in greyscale.
export const TONES = { full: HEAT_COLOURS[4], part: "#e69f00", none: "#b2182b" };
const inPiece = (v, p) =>
  (p.value === undefined || v === p.value) && (p.gt === undefined || v > p.gt) && (p.lt === undefined || v < p.lt) &&
  (p.gte === undefined || v >= p.gte) && (p.lte === undefined || v <= p.lte);

const text = { fontSize: FONT, color: INK };

// The unit over a value axis starts at the axis and runs inwards (centred on it, a long unit such as
// "kWh per half-hour" ran off the chart's left edge on a phone).
function valueAxis(unit, extra = {}, side = "left") {
  return {
    type: "value",
    name: unit,
    nameTextStyle: { ...text, align: side },
    nameGap: 14,
    axisLabel: { ...text, formatter: tickLabel },
    splitLine: { lineStyle: { color: GRID_LINE } },
    ...extra,
  };
}

function categoryAxis(labels) {
  return { type: "category", data: labels, axisLabel: { ...text, hideOverlap: true }, axisTick: { alignWithLabel: true } };
}

// ECharts' own choice of x-axis labels (every n-th from the first) can leave out the last: a year's bars ended at
// "Sep 2023" with nothing under December, a month's at the 25th, and a zoomed chart named neither end of its window.
// The labels drawn are every `step`-th from the first category shown and always the last one shown, `step` the
// fewest categories whose spacing, at the width the chart is drawn at, holds the widest label and a gap, so no two
// meet and both ends are named. The same rule places the labels of a chart saved as SVG or PNG (drawn at its own
// width) and of a zoomed chart (its window, after every zoom).
const LABEL_GAP = 8; // px between neighbouring x-axis labels

// The first and last category drawn: all of them, or a zoom's window (the category scale's extent follows it).
function shownCategories(chart, n) {
  const extent = chart.getModel?.()?.getComponent("xAxis", 0)?.axis?.scale?.getExtent?.();
  if (!extent || !extent.every(Number.isFinite)) return [0, n - 1];
  return [Math.max(0, Math.ceil(extent[0])), Math.min(n - 1, Math.floor(extent[1]))];
}

// Every setOption redraws the whole chart (a year's heatmap is 17,520 cells, about 0.1 s a time on a laptop), so the
// labels are set again only when the choice changes: each chart remembers the one it holds.
const labelChoice = new WeakMap();
function spaceLabels(chart, labels) {
  const n = labels.length;
  if (n < 2) return;
  const widest = labels.reduce((w, label) => Math.max(w, textWidth(String(label))), 0) + LABEL_GAP;
  const choose = (key, interval) => {
    if (labelChoice.get(chart) === key) return;
    labelChoice.set(chart, key);
    chart.setOption({ xAxis: { axisLabel: { interval } } });
  };
  // Twice: the labels chosen can change the room the axis leaves the plot (the grid contains its labels).
  for (let pass = 0; pass < 2; pass += 1) {
    const [first, last] = shownCategories(chart, n);
    if (last <= first) {
      choose("all", 0);
      return;
    }
    const [a, z] = [first, last].map((i) => chart.convertToPixel({ xAxisIndex: 0 }, i));
    const spacing = Math.abs(z - a) / (last - first);
    if (!Number.isFinite(spacing) || spacing <= 0) return;
    const step = Math.max(1, Math.ceil(widest / spacing));
    choose(`${first} ${last} ${step}`, (i) => i === last || (i >= first && (i - first) % step === 0 && last - i >= step));
  }
}

// Long series zoom: a slider (drag its handles, or pinch the plot) and ctrl+wheel,
// never plain wheel or one-finger drags, so the page still scrolls past the chart.
function zoom(count) {
  if (count <= 48) return [];
  return [
    { type: "inside", zoomOnMouseWheel: "ctrl", moveOnMouseWheel: false, moveOnMouseMove: false },
    { type: "slider", height: 22, bottom: 8, textStyle: text, labelFormatter: "" },
  ];
}

// A legend wraps onto as many lines as the width needs; the plot starts below its last line rather than under it.
const LEGEND_ICON = 24 + 5; // px: itemWidth and the gap before the name
const LEGEND_GAP = 10; // px between items (ECharts' itemGap)
const LEGEND_LINE = 24; // px per line of legend (14 px item, 10 px between lines)
let measure = null;
function textWidth(words) {
  measure ??= document.createElement("canvas").getContext("2d");
  measure.font = `${FONT}px system-ui, sans-serif`;
  return measure.measureText(words).width;
}

function legendLines(names, width) {
  let lines = 1;
  let used = 0;
  for (const name of names) {
    const w = LEGEND_ICON + textWidth(name) + LEGEND_GAP;
    if (used && used + w > width) {
      lines += 1;
      used = 0;
    }
    used += w;
  }
  return lines;
}

// The legend's lines for `option` drawn `width` px wide; the plot moves down below them.
function fitLegend(chart, option, width) {
  const lines = legendLines(option.series.map((one) => one.name).filter(Boolean), width - 8);
  chart.setOption({ grid: { top: 34 + LEGEND_LINE * lines } });
  return lines;
}

function base(count, legend) {
  return {
    animation: false,
    textStyle: { fontFamily: "system-ui, sans-serif", fontSize: FONT },
    grid: { left: 8, right: 16, top: legend ? 56 : 36, bottom: count > 48 ? 44 : 8, containLabel: true },
    legend: legend ? { top: 0, left: 0, textStyle: text, itemWidth: 24 } : undefined,
    tooltip: {
      renderMode: "richText",
      confine: true,
      textStyle: text,
      trigger: "axis",
      triggerOn: "mousemove|click",
      axisPointer: { type: "shadow" },
    },
    dataZoom: zoom(count),
  };
}

// ---- the three block types, as ECharts options plus how to read each point ----

// A ranking (tariffs, best first) is drawn as horizontal bars: each name sits beside its bar, wrapped over as many
// lines as it needs rather than cut short or hidden, and the bar's value is written at its end.
const RANK_ROW = 56; // px per ranked bar: room for a name wrapped over three lines of 12 px text
const rankLabelWidth = (width) => Math.round(Math.min(260, Math.max(110, width * 0.36)));
// Narrower than this, a ranking writes each bar's value inside the bar's end (where it fits), so the plot keeps the
// room a value written after the bar would take: on a phone that room left a value axis two labels wide.
const NARROW_RANKING = 560; // px
const VALUE_MARGIN = 88; // px right of the plot for a value written after its bar
const INSIDE_INK = "#ffffff"; // on the bars' blue: 5.2:1
// A ranking's value axis ticks at a round step (1, 2, 2.5, 4 or 5 times a power of ten), the most the plot's width
// holds with a gap between neighbouring labels and no more than MAX_TICKS, so a bar's value reads off the axis.
const ROUND_STEPS = [1, 2, 2.5, 4, 5];
const MAX_TICKS = 8;
const TICK_GAP = 12; // px between neighbouring value-axis labels
const NARROW_RIGHT = 4; // px right of a narrow ranking's plot: the axis' last label is kept inside the chart (containLabel)

function roundTicks(low, high, plotWidth, label) {
  const span = Math.max(high - low, 1e-9);
  let fallback = null;
  for (let power = Math.floor(Math.log10(span / MAX_TICKS)) - 1; power <= Math.ceil(Math.log10(span)) + 1; power += 1) {
    for (const m of ROUND_STEPS) {
      const step = m * 10 ** power;
      const min = Math.floor(low / step + 1e-9) * step;
      const max = Math.ceil(high / step - 1e-9) * step;
      const count = Math.round((max - min) / step) + 1;
      if (count > MAX_TICKS) continue;
      const axis = { min, max, interval: step };
      fallback ??= count <= 2 ? axis : null;
      const ticks = Array.from({ length: count }, (_, k) => min + k * step);
      const widest = ticks.reduce((w, v) => Math.max(w, textWidth(label(Number(v.toPrecision(12))))), 0);
      if (plotWidth / (count - 1) >= widest + TICK_GAP) return axis;
      if (count === 2) return axis; // the fewest labels an axis can have
    }
  }
  return fallback ?? { min: low, max: high };
}

// Fit a ranking to the width it is drawn at: names wrapped to a share of it, a round value axis, and each bar's value
// inside its end where the chart is narrow and the bar long enough, else after it.
function fitRanking(chart, width, bars, unit, tick) {
  const narrow = width < NARROW_RANKING;
  const values = bars.map((b) => b.value).filter((v) => v !== null);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const grid = () => chart.getModel().getComponent("grid", 0).coordinateSystem.getRect();
  const at = (v) => chart.convertToPixel({ xAxisIndex: 0 }, v);
  let right = narrow ? NARROW_RIGHT : VALUE_MARGIN;
  chart.setOption({ yAxis: { axisLabel: { width: rankLabelWidth(width) } }, grid: { right } });
  // Twice: the axis' labels and the room kept for values outside the bars change the plot's width.
  for (let pass = 0; pass < 2; pass += 1) {
    chart.setOption({ xAxis: roundTicks(low, high, grid().width, tick) });
    const plotRight = grid().x + grid().width;
    let overhang = 0;
    const items = chart.getOption().series[0].data;
    const data = bars.map((b, i) => {
      const item = items[i];
      if (b.value === null) return item;
      const written = textWidth(money(b.value, unit)) + 10;
      const inside = narrow && Math.abs(at(b.value) - at(0)) >= written;
      const end = b.value < 0 ? "Left" : "Right";
      if (!inside && b.value >= 0) overhang = Math.max(overhang, at(b.value) + written - plotRight);
      const label = inside ? { position: `inside${end}`, color: INSIDE_INK } : { position: end.toLowerCase(), color: INK };
      return { ...(typeof item === "object" && item !== null ? item : { value: item }), label };
    });
    if (narrow) right = overhang > 0 ? Math.max(NARROW_RIGHT, Math.ceil(overhang) + 8) : NARROW_RIGHT;
    chart.setOption({ series: [{ data }], grid: { right } });
  }
}

// A credit as the reports write it: −£14.71 (a minus sign before the pound sign), never £-14.71.
function money(value, unit) {
  if (unit !== "£") return `${formatNumber(value, 2)} ${unit}`;
  return value < 0 ? `−£${formatNumber(-value, 2)}` : `£${formatNumber(value, 2)}`;
}

function barSpec({ bars, unit, overlay, ranking }) {
  const top = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const data = bars.map((b) => {
    if (b.value === null) return null;
    if (b.complete) return b.value;
    return { value: b.value, itemStyle: { decal: { dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4, color: "rgba(255,255,255,0.6)" } } };
  });
  // Missing half-hours are shown as a short grey stub, never a bar of zero. With no value at all there is no
  // scale to be short against: the stubs stand on an axis from 0 to 1 of the unit, so the chart reads as no data
  // rather than as full bars.
  const empty = bars.every((b) => b.value === null);
  const gaps = bars.map((b) => (b.value === null ? (empty ? 0.02 : top * 0.02 || 0.01) : null));
  const series = [
    { name: unit, type: "bar", data, itemStyle: { color: PALETTE[0] }, barCategoryGap: "20%", large: false },
    { name: "No data", type: "bar", data: gaps, itemStyle: { color: GAP }, barGap: "-100%", tooltip: { show: false }, silent: true },
  ];
  const yAxis = [valueAxis(unit, empty ? { min: 0, max: 1 } : {})];
  if (overlay) {
    series.push({ name: overlay.name, type: "line", yAxisIndex: 1, data: overlay.values, showSymbol: false, lineStyle: { color: PALETTE[5], width: 2 }, itemStyle: { color: PALETTE[5] } });
    // The line's axis starts at zero unless a price really goes below it (Agile can), so a
    // positive price is never drawn against a negative tick.
    yAxis.push(valueAxis(overlay.unit, { splitLine: { show: false }, min: (v) => (v.min >= 0 ? 0 : Math.floor(v.min)) }, "right"));
  }
  const option = {
    ...base(bars.length, Boolean(overlay)),
    xAxis: categoryAxis(bars.map((b) => b.label)),
    yAxis,
    series,
  };
  if (ranking) {
    // Names on the left (first at the top), values along the bottom; the grid leaves room for the value labels.
    const tick = unit === "£" ? (v) => (v < 0 ? `−£${tickLabel(-v)}` : `£${tickLabel(v)}`) : tickLabel;
    option.xAxis = valueAxis(unit === "£" ? "" : unit, { axisLabel: { ...text, formatter: tick, hideOverlap: true } });
    option.yAxis = {
      type: "category",
      inverse: true,
      data: bars.map((b) => b.label),
      axisTick: { show: false },
      axisLabel: { ...text, width: rankLabelWidth(360), overflow: "break", lineHeight: 15, interval: 0 },
    };
    option.grid = { ...option.grid, right: VALUE_MARGIN, top: 24 };
    option.dataZoom = [];
    series[0].label = { show: true, position: "right", ...text, formatter: (p) => money(p.value, unit) };
    series[0].barCategoryGap = "30%";
  }
  option.tooltip.formatter = (params) => describeBar(bars, unit, overlay, params[0].dataIndex);
  return {
    option,
    count: bars.length,
    keys: bars.map((b) => b.key),
    gaps: bars.filter((b) => b.value === null).length,
    describe: (i) => describeBar(bars, unit, overlay, i),
    drillOf: (i) => (bars[i]?.drill ? bars[i] : null),
    horizontal: Boolean(ranking),
    // Its own height: a row per ranked bar, so no name is squeezed.
    rowsHeight: ranking ? bars.length * RANK_ROW + 56 : 0,
    // Names wrap to a share of the width the chart is drawn at; its value axis and values fit that width.
    fit: ranking ? (chart, width) => fitRanking(chart, width, bars, unit, option.xAxis.axisLabel.formatter) : null,
    xLabels: ranking ? null : bars.map((b) => b.label),
  };
}

function describeBar(bars, unit, overlay, i) {
  const b = bars[i];
  if (!b) return "";
  const value = unit === "£" ? money(b.value ?? 0, unit) : `${formatNumber(b.value ?? 0, 3)} ${unit}`;
  let line = b.value === null ? `${b.label}: no data` : `${b.label}: ${value}`;
  if (b.value !== null && !b.complete) line += " (some half-hours missing)";
  const o = overlay?.values?.[i];
  if (overlay && o !== null && o !== undefined) line += `; ${overlay.name} ${formatNumber(o, 2)} ${overlay.unit}`;
  return line;
}

const DASH = { dashed: "dashed", dotted: "dotted", solid: "solid" };

function lineSpec({ unit, x_labels: labels, series }) {
  const option = {
    ...base(labels.length, true),
    xAxis: { ...categoryAxis(labels), boundaryGap: false },
    yAxis: valueAxis(unit),
    series: series.map((s, k) => ({
      name: s.name,
      type: "line",
      data: s.values,
      showSymbol: false,
      connectNulls: false,
      lineStyle: { color: PALETTE[k % PALETTE.length], width: 2, type: DASH[s.style] || "solid" },
      itemStyle: { color: PALETTE[k % PALETTE.length] },
    })),
  };
  option.tooltip.axisPointer = { type: "line" };
  // A line runs edge to edge, so a label names a point at the plot's right end, centred on it: leave half the
  // widest label's room there, or the last label ("Sat 30 Dec 20:30") is cut off by the chart's edge.
  const widest = labels.reduce((w, label) => Math.max(w, textWidth(String(label))), 0);
  option.grid.right = Math.max(option.grid.right, Math.ceil(widest / 2) + 4);
  const describe = (i) =>
    `${labels[i]}: ` +
    series.map((s) => `${s.name} ${s.values[i] === null ? "no data" : `${formatNumber(s.values[i], 2)} ${unit}`}`).join("; ");
  option.tooltip.formatter = (params) => describe(params[0].dataIndex);
  return { option, count: labels.length, describe, drillOf: () => null, xLabels: labels };
}

function heatSpec({ unit, row_labels: rows, column_labels: cols, values, max, pieces, drill }) {
  const data = [];
  values.forEach((v, i) => {
    if (v !== null) data.push([i % cols.length, Math.floor(i / cols.length), v]);
  });
  const describe = (i) => {
    const v = values[i];
    const where = `${rows[Math.floor(i / cols.length)]} ${cols[i % cols.length]}`;
    if (v === null || v === undefined) return `${where}: no reading`;
    const piece = pieces?.find((p) => inPiece(v, p));
    return `${where}: ${formatNumber(v, 3)} ${unit}${piece ? ` (${piece.label.toLowerCase()})` : ""}`;
  };
  // A cell opens the day it stands for: its row's month, its column's day of the month.
  const drillOf = (i) => {
    if (!drill || values[i] === null || values[i] === undefined) return null;
    const month = drill.row_keys[Math.floor(i / cols.length)];
    return { drill: { ...drill.params, month, day: `${month}-${String(cols[i % cols.length]).padStart(2, "0")}` } };
  };
  const scale = pieces
    ? // Highest value first (echarts lists a horizontal scale lowest first), as the caption names them.
      { type: "piecewise", pieces: pieces.map(({ tone, ...p }) => ({ ...p, color: TONES[tone] })), itemGap: 16, inverse: true }
    : { min: 0, max: max || 1, calculable: false, itemHeight: 160, text: [`${formatNumber(max || 0, 2)} ${unit}`, `0 ${unit}`], inRange: { color: HEAT_COLOURS } };
  const option = {
    animation: false,
    textStyle: { fontFamily: "system-ui, sans-serif", fontSize: FONT },
    grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true, show: true, backgroundColor: "#e6e6e6", borderWidth: 0 },
    tooltip: {
      renderMode: "richText",
      confine: true,
      textStyle: text,
      triggerOn: "mousemove|click",
      formatter: (p) => describe(p.data[1] * cols.length + p.data[0]),
    },
    xAxis: { type: "category", data: cols, axisLabel: { ...text, hideOverlap: true }, splitArea: { show: false } },
    yAxis: { type: "category", data: rows, inverse: true, axisTick: { show: false }, axisLabel: { ...text, interval: Math.max(0, Math.ceil(rows.length / 20) - 1) } },
    visualMap: { orient: "horizontal", left: "center", bottom: 4, textStyle: text, ...scale },
    series: [{ type: "heatmap", data, progressive: 0, emphasis: { itemStyle: { borderColor: INK, borderWidth: 1 } } }],
  };
  return {
    option,
    count: values.length,
    columns: cols.length,
    describe,
    drillOf,
    // The series index of a cell, for highlighting it: only cells with a reading are drawn.
    dataIndexOf: (() => {
      const index = new Map(data.map((d, k) => [d[1] * cols.length + d[0], k]));
      return (i) => index.get(i);
    })(),
    height: Math.max(320, Math.min(900, rows.length * 2 + 120)),
    xLabels: cols,
    placedWithoutData: true,
  };
}

const SPECS = { bars: barSpec, lines: lineSpec, heatmap: heatSpec };

// ---- one mounted chart ----

/**
 * Draw a block (`bars`, `lines` or `heatmap`, see pyruntime/present/blocks.py)
 * into `container`. onSelect(bar) is called when a drillable bar is clicked,
 * or chosen with Enter.
 */
export function drawChart(container, kind, block, { onSelect } = {}) {
  const spec = SPECS[kind](block);
  const plot = document.createElement("div");
  plot.className = `chart-plot chart-${kind}`;
  plot.tabIndex = 0;
  plot.setAttribute("role", "group");
  plot.setAttribute("aria-roledescription", "chart");
  const drills = Array.from({ length: spec.count }, (_, i) => spec.drillOf(i)).some(Boolean);
  const keys = kind === "heatmap" ? "Arrow keys move between cells" : "Left and right arrow keys read each value";
  plot.setAttribute("aria-label", `${block.title}: ${spec.count} values. ${keys}${drills ? "; Enter opens the one read out" : ""}.`);
  if (spec.height) plot.classList.add("tall");
  if (spec.rowsHeight) plot.style.height = `${spec.rowsHeight}px`;
  if (spec.horizontal) plot.dataset.horizontal = "true";
  plot.dataset.points = String(spec.count);
  if (spec.keys) {
    plot.dataset.gaps = String(spec.gaps);
    plot.keys = spec.keys; // each bar's key, in order (a month, a day, a tariff)
  }
  const readout = document.createElement("p");
  readout.className = "chart-readout";
  readout.setAttribute("aria-live", "polite");
  readout.textContent = drills ? `Hover, tap or use the arrow keys to read a value; click or tap ${kind === "heatmap" ? "a cell" : "a bar"} to open it.` : "Hover, tap or use the arrow keys to read a value.";
  container.replaceChildren(plot, readout);

  let current = -1;
  const show = (i, fromPointer = false) => {
    if (i < 0 || i >= spec.count) return;
    current = i;
    readout.textContent = spec.describe(i);
    plot.dataset.current = String(i);
    if (!fromPointer && plot.chart) {
      const dataIndex = spec.dataIndexOf ? spec.dataIndexOf(i) : i;
      if (dataIndex !== undefined) plot.chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex });
    }
  };

  plot.addEventListener("keydown", (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: spec.columns || 0, ArrowUp: -(spec.columns || 0) }[e.key];
    if (step !== undefined && step !== 0) {
      e.preventDefault();
      show(current < 0 ? 0 : Math.min(spec.count - 1, Math.max(0, current + step)));
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      show(e.key === "Home" ? 0 : spec.count - 1);
    } else if ((e.key === "Enter" || e.key === " ") && current >= 0 && spec.drillOf(current) && onSelect) {
      e.preventDefault();
      onSelect(spec.drillOf(current));
    }
  });

  // What depends on the width the chart is drawn at: wrapped names in a ranking, the legend's lines.
  // A legend over several lines makes the chart taller by as much, so the plot keeps its height.
  const fit = (chart) => {
    spec.fit?.(chart, plot.clientWidth);
    if (!spec.option.legend) return;
    const lines = fitLegend(chart, spec.option, plot.clientWidth);
    if (spec.rowsHeight) return;
    plot.style.height = "";
    if (lines > 1) plot.style.height = `${plot.clientHeight + LEGEND_LINE * (lines - 1)}px`;
  };
  const mount = (lib) => {
    const chart = lib.init(plot, null, { renderer: "canvas" });
    if (spec.placedWithoutData) {
      // The plot's layout does not depend on its values (a heatmap's axes are both categories): its labels are
      // placed on an empty plot first, so the cells are drawn once, not again for each choice of labels.
      chart.setOption({ ...spec.option, series: spec.option.series.map((one) => ({ ...one, data: [] })) });
      spaceLabels(chart, spec.xLabels);
      chart.setOption({ series: spec.option.series.map((one) => ({ data: one.data })) });
    } else chart.setOption(spec.option);
    fit(chart);
    if (spec.xLabels) {
      spaceLabels(chart, spec.xLabels);
      // A zoom draws another window of categories: its ends are named, and its labels spaced, in turn.
      chart.on("datazoom", () => spaceLabels(chart, spec.xLabels));
    }
    plot.chart = chart; // exports (and the browser tests) reach the instance here
    plot.option = spec.option;
    plot.xLabels = spec.xLabels; // a saved chart spaces its labels at its own width
    chart.on("updateAxisPointer", (e) => {
      const info = e.axesInfo?.[0];
      if (info && Number.isInteger(info.value)) show(info.value, true);
    });
    chart.on("mouseover", (e) => {
      if (kind === "heatmap" && e.data) show(e.data[1] * spec.columns + e.data[0], true);
    });
    chart.on("click", (e) => {
      if (kind === "heatmap" && e.data) choose(e.data[1] * spec.columns + e.data[0]);
    });
    // A click opens a drillable bar; on a touch screen the first tap shows its
    // value and a second tap on the same bar opens it.
    const choose = (i) => {
      const bar = spec.drillOf(i);
      const touch = window.matchMedia("(hover: none)").matches;
      if (bar && onSelect && (!touch || plot.dataset.tapped === String(i))) onSelect(bar);
      plot.dataset.tapped = String(i);
      show(i, true);
    };
    // Clicks anywhere in a bar's column count, not only on the bar itself (short bars are small targets).
    chart.getZr().on("click", (e) => {
      if (kind !== "bars") return;
      const point = chart.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]);
      if (!point || !chart.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY])) return;
      choose(Math.round(point[spec.horizontal ? 1 : 0]));
    });
  };
  // Drawn once the plot has a width (see mountCharts), then redrawn as that width changes.
  plot.mount = () => {
    if (plot.chart || !plot.clientWidth) return;
    if (echarts) mount(echarts);
    else loadCharts().then(() => plot.chart || mount(echarts));
  };
  new ResizeObserver(() => {
    if (!plot.isConnected || !plot.clientWidth) return; // left the page, or hidden: nothing to draw
    if (plot.chart) {
      // The first report of the size the chart was just drawn at: nothing to redraw.
      if (plot.chart.getWidth() === plot.clientWidth && plot.chart.getHeight() === plot.clientHeight) return;
      fit(plot.chart);
      plot.chart.resize();
      if (spec.xLabels) spaceLabels(plot.chart, spec.xLabels); // at the new width
    } else plot.mount();
  }).observe(plot);
  return plot;
}

/** Draw every chart under `root` that is placed in the page and not yet drawn, now rather than at the next frame. */
export function mountCharts(root) {
  for (const plot of root.querySelectorAll(".chart-plot")) plot.mount?.();
}

// ---- saving: the same chart, with its title and period, as SVG or PNG ----

function exportOption(option, title, subtitle) {
  // Drawn whole and at once (no progressive rendering spread over later frames).
  const series = option.series.map((one) => ({ ...one, progressive: 0, progressiveThreshold: Infinity }));
  const copy = { ...option, series, dataZoom: [], tooltip: { show: false } };
  copy.title = { text: title, subtext: subtitle || "", left: 8, top: 4, textStyle: { ...text, fontSize: 16 }, subtextStyle: text };
  if (copy.grid) copy.grid = { ...copy.grid, top: (copy.grid.top || 36) + 44, bottom: copy.visualMap ? 64 : 12 };
  if (copy.legend) copy.legend = { ...copy.legend, top: 48 };
  return copy;
}

function exportHeight(plot) {
  return Math.max(360, plot.clientHeight + 60);
}

/** The chart in `plot` as a stand-alone SVG document (text) headed by its title and period. */
export async function chartSvg(plot, title, subtitle) {
  const lib = await loadCharts();
  const chart = lib.init(null, null, { renderer: "svg", ssr: true, width: EXPORT_WIDTH, height: exportHeight(plot) });
  try {
    chart.setOption(exportOption(plot.option, title, subtitle));
    if (plot.xLabels) spaceLabels(chart, plot.xLabels);
    const svg = chart.renderToSVGString();
    const escaped = title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.replace(/^(<svg[^>]*>)/, `$1<title>${escaped}</title><rect width="100%" height="100%" fill="#ffffff"/>`)}\n`;
  } finally {
    chart.dispose();
  }
}

/** The chart in `plot` as a PNG Blob, at twice the export size for sharp printing. */
export async function chartPng(plot, title, subtitle) {
  const lib = await loadCharts();
  const holder = document.createElement("div");
  const chart = lib.init(holder, null, { renderer: "canvas", width: EXPORT_WIDTH, height: exportHeight(plot), devicePixelRatio: 2 });
  try {
    chart.setOption(exportOption(plot.option, title, subtitle));
    if (plot.xLabels) spaceLabels(chart, plot.xLabels);
    const canvas = chart.renderToCanvas({ backgroundColor: "#ffffff", pixelRatio: 2 });
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser could not make a PNG"))), "image/png"),
    );
  } finally {
    // Disposed once any frame the library had already scheduled has run: painting after disposal throws.
    setTimeout(() => chart.dispose(), 1000);
  }
}
