// The page: routing, state and drawing. Python (in the worker) computes every
// number; this file only asks for reports and puts them on screen.
import { drawBarChart, formatNumber } from "./chart.mjs";
import { BOOT_PHASES, OPS } from "./protocol.mjs";
import { PythonWorker } from "./rpc.mjs";

const $ = (id) => document.getElementById(id);
const SOURCES = ["demo"];
const VIEW_KEYS = ["report", "fuel", "month", "day"];

// Start Python at once, before anything else, so it loads while the page draws.
const python = new PythonWorker(new URL("./worker.mjs", import.meta.url), {
  onProgress: showProgress,
  onFatal: (error) => showError(`Python stopped: ${error.message}.`),
});

let renderSeq = 0;
let bootDone = false;

function setState(state) {
  document.documentElement.dataset.state = state;
}

function showProgress({ label, step, steps }) {
  $("status-text").textContent = label;
  $("status-progress").max = steps + 1; // the last step is the first report
  $("status-progress").value = step;
  if (step === steps) bootDone = true;
}

function showError(message) {
  $("error-text").textContent = `${message} Reload the page to try again; if it keeps happening, your browser may be blocking WebAssembly or Web Workers.`;
  $("error").hidden = false;
  $("status").hidden = true;
  setState("error");
}

function link(params, text) {
  const a = document.createElement("a");
  a.href = `?${new URLSearchParams(params)}`;
  a.textContent = text;
  a.addEventListener("click", (e) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(params);
  });
  return a;
}

function navigate(params, { replace = false } = {}) {
  const url = `?${new URLSearchParams(params)}`;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  route();
}

function currentParams() {
  const q = new URLSearchParams(location.search);
  const params = {};
  for (const key of ["source", ...VIEW_KEYS]) if (q.get(key)) params[key] = q.get(key);
  return params;
}

async function route() {
  const params = currentParams();
  if (!params.source) return showLanding([]);
  if (!SOURCES.includes(params.source)) {
    return showLanding([`There is no data source called “${params.source}”. Try the demo, or load your own data below.`]);
  }
  return showReport(params);
}

function showLanding(notices) {
  renderSeq++;
  $("landing").hidden = false;
  $("report").hidden = true;
  $("status").hidden = true;
  const list = $("notices");
  list.replaceChildren(...notices.map((n) => Object.assign(document.createElement("li"), { textContent: n })));
  if (notices.length) $("landing").prepend(list);
  setState("ready");
}

async function showReport(params) {
  const seq = ++renderSeq;
  const started = performance.now();
  setState("loading");
  $("landing").hidden = true;
  $("report").prepend($("notices"));
  if (!bootDone) $("status").hidden = false;
  const { source, ...view } = params;
  let report;
  try {
    report = await python.call(OPS.report, { source, params: view });
  } catch (error) {
    if (seq !== renderSeq) return;
    if (error.type === "BootError" || error.type === "WorkerError") return showError(error.message);
    $("report").hidden = true;
    return showError(`This report could not be made: ${error.message}.`);
  }
  if (seq !== renderSeq) return; // a newer navigation superseded this one
  $("status").hidden = true;
  $("error").hidden = true;
  const canonical = { source, ...report.view };
  if (new URLSearchParams(canonical).toString() !== new URLSearchParams(params).toString()) {
    history.replaceState(null, "", `?${new URLSearchParams(canonical)}`);
  }
  drawReport(source, report);
  setState("ready");
  // Timings for `make bench`: from the request to the drawn view, and Python's share.
  performance.measure("half-hourly:view", { start: started, detail: { python_ms: python.lastPythonMs } });
}

function drawReport(source, r) {
  $("report").hidden = false;
  $("notices").replaceChildren(
    ...r.notices.map((n) => Object.assign(document.createElement("li"), { textContent: n })),
  );
  drawFuelTabs(source, r);
  drawCrumbs(source, r);
  $("report-title").textContent = `${r.fuel_label}: ${r.label}`;
  drawTotals(r);
  $("chart-caption").textContent = `${r.measure} (${r.bar_unit})${r.level === "day" ? "" : ". Select a bar for detail."}`;
  drawBarChart($("chart"), {
    bars: r.bars,
    unit: r.bar_unit,
    title: `${r.measure} of ${r.fuel_label.toLowerCase()}, ${r.label}`,
    onSelect: (bar) => navigate({ source, ...drillParams(r, bar) }),
  });
  drawPager(source, r);
  drawTable(r);
  $("source-note").textContent =
    source === "demo" ? "Demo household: synthesised readings for 2023, with gaps left in on purpose." : "";
  document.title = `${r.fuel_label}, ${r.label} · Half-Hourly`;
}

function drillParams(r, bar) {
  if (r.level === "all") return { ...r.view, month: bar.key };
  return { ...r.view, day: bar.key };
}

function drawFuelTabs(source, r) {
  const tabs = r.fuels.map(({ fuel, label }) => {
    const a = link({ source, report: r.view.report, fuel, ...(r.view.month ? { month: r.view.month } : {}), ...(r.view.day ? { day: r.view.day } : {}) }, label);
    if (fuel === r.fuel) a.setAttribute("aria-current", "page");
    return a;
  });
  $("fuel-tabs").replaceChildren(...tabs);
}

function drawCrumbs(source, r) {
  const base = { source, report: r.view.report, fuel: r.view.fuel };
  const parts = [link(base, "All months")];
  if (r.view.month) parts.push(link({ ...base, month: r.view.month }, r.level === "month" ? r.label : r.view.month));
  if (r.view.day) parts.push(link({ ...base, month: r.view.month, day: r.view.day }, r.label));
  parts[parts.length - 1].setAttribute("aria-current", "page");
  const items = parts.flatMap((p, i) => (i ? [document.createTextNode(" › "), p] : [p]));
  $("crumbs").replaceChildren(...items);
}

function drawTotals(r) {
  const t = r.totals;
  const rows = [
    ["Total", `${formatNumber(t.kwh, 1)} kWh`],
    ["Average daily use", t.average_daily_kwh === null ? "no data" : `${formatNumber(t.average_daily_kwh, 2)} kWh/day`],
    ["Half-hours with data", `${t.present.toLocaleString("en-GB")} of ${t.expected.toLocaleString("en-GB")}`],
  ];
  if (t.missing) rows.push(["Missing", `${t.missing.toLocaleString("en-GB")} half-hours: totals cover only the readings present`]);
  $("totals").replaceChildren(
    ...rows.flatMap(([k, v]) => [
      Object.assign(document.createElement("dt"), { textContent: k }),
      Object.assign(document.createElement("dd"), { textContent: v }),
    ]),
  );
  $("totals").classList.toggle("incomplete", !t.complete);
}

function drawPager(source, r) {
  const items = [];
  const labels = { prev: "‹ Previous", up: "Up", next: "Next ›" };
  for (const key of ["prev", "up", "next"]) {
    if (r.nav[key]) items.push(link({ source, ...r.nav[key] }, labels[key]));
  }
  $("pager").replaceChildren(...items);
}

function drawTable(r) {
  const head = document.createElement("thead");
  const firstCol = { all: "Month", month: "Day", day: "Half-hour starting" }[r.level];
  const hr = document.createElement("tr");
  for (const h of [firstCol, `${r.measure} (${r.bar_unit})`, "Energy (kWh)", "Half-hours with data"]) {
    hr.append(Object.assign(document.createElement("th"), { textContent: h, scope: "col" }));
  }
  head.append(hr);
  const body = document.createElement("tbody");
  for (const b of r.bars) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("th"), { textContent: b.label, scope: "row" }));
    const cells = [
      b.value === null ? "no data" : formatNumber(b.value, 3),
      b.kwh === null ? "no data" : formatNumber(b.kwh, 3),
      `${b.present} of ${b.expected}`,
    ];
    for (const c of cells) tr.append(Object.assign(document.createElement("td"), { textContent: c }));
    if (!b.complete) tr.className = "incomplete";
    body.append(tr);
  }
  $("table").replaceChildren(head, body);
}

$("error-reload").addEventListener("click", () => location.reload());
window.addEventListener("popstate", route);
document.addEventListener("click", (e) => {
  const a = e.target.closest("a#try-demo, .site-header a[href^='./?']");
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(Object.fromEntries(new URL(a.href).searchParams));
});
route();
