// The page: routing (URL ⇄ view), the landing page, and drawing view models.
// Python (in the worker) computes every number and decides what to show;
// this file asks for reports and puts them on screen.
import { setState, showError as showPageError, startPython } from "./boot.mjs";
import { $, h } from "./dom.mjs";
import { loadCharts } from "./chart.mjs";
import { OPS } from "./protocol.mjs";
import { drawPeriod } from "./period.mjs";
import { drawBlocks, totalItems } from "./render.mjs";

// Where a household's data can come from; the URL's `source` names one.
const SOURCES = ["demo", "octopus", "glowmarkt", "file"];

export const python = startPython({ onFatal: (message, error) => showError(message, { runtime: error.kind !== "download" }) });
// The chart library waits for Python (or the first chart): it would only slow Python's download.
python.started.then(() => loadCharts());

let renderSeq = 0;
let moved = false; // the user has moved from one view to another (not the first view of the visit)
let submitted = false; // the view being made answers a report form's submission
let lastMenu = []; // the last report menu drawn, kept when a report fails
// The demo's first view as the build computed it with pyruntime (builder/prerender.py).
const PRERENDER = $("prerender") ? JSON.parse($("prerender").textContent) : null;
// The build checked that Python in the browser answers this very view (builder/pipeline.py): then
// Python need not compute it again, nor download the prices it shows, to confirm it.
const PRERENDER_CHECKED = $("prerender")?.hasAttribute("data-checked") ?? false;
let prerenderUsed = false;
const landingHooks = [];
// Forget everything was pressed in this tab (and nothing loaded since): Back to a report of the data it dropped
// finds nothing, and the page says why and goes to its own address rather than keep naming that report.
let forgotten = false;
document.addEventListener("half-hourly:forgotten", () => { forgotten = true; });
document.addEventListener("half-hourly:loaded", () => { forgotten = false; });

/** Let a module (e.g. the data loaders) take part in drawing the landing page. */
export function onLanding(hook) {
  landingHooks.push(hook);
}

// runtime: Python itself could not start or run, so the advice is about the browser; a runtime
// file that did not arrive (whole) is not, nor is any other error, which already says what went wrong.
export function showError(message, { runtime = false } = {}) {
  showPageError(
    runtime
      ? `${message} Reload the page to try again; if it keeps happening, your browser may be blocking WebAssembly or Web Workers.`
      : `${message} Reload the page to try again.`,
  );
}

function reportUrl(params) {
  const query = `${new URLSearchParams(params)}`;
  // No settings (Home): the page's own address, not one ending in a bare "?".
  return query ? `?${query}` : location.pathname;
}

function link(params, text, current = false) {
  const a = h("a", { href: reportUrl(params), text, "aria-current": current ? "page" : null });
  a.addEventListener("click", (e) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(params);
  });
  return a;
}

/** Show the report `params` name. fromForm: a report form was submitted, so a value it refused gets the focus. */
export function navigate(params, { replace = false, fromForm = false } = {}) {
  moved = true;
  submitted = fromForm;
  if (replace) history.replaceState(null, "", reportUrl(params));
  else history.pushState(null, "", reportUrl(params));
  route();
}

function currentParams() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

export async function route() {
  const params = currentParams();
  if (!params.source) return showLanding([]);
  if (!SOURCES.includes(params.source)) {
    return showLanding([`There is no data source called “${params.source}”. Try the demo, or load your own data below.`]);
  }
  return showReport(params);
}

function setNotices(notices) {
  $("notices").replaceChildren(...notices.map((n) => h("li", { text: n })));
}

// "/" and "/index.html" are one page (hosts serve it under either name).
const pageOf = (path) => path.replace(/index\.html$/, "");

// The site header marks where the user is: Home on the landing page, Demo on the demo's reports,
// neither on a report of the user's own data.
function markHeader(where) {
  for (const a of document.querySelectorAll(".site-header nav a")) {
    const target = new URL(a.href);
    if (pageOf(target.pathname) !== pageOf(location.pathname)) continue; // another page: never current here
    const here = where === "home" ? !target.search : where === "demo" && target.searchParams.get("source") === "demo";
    if (here) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

export function showLanding(notices) {
  renderSeq++;
  markHeader("home");
  $("landing").hidden = false;
  $("report").hidden = true;
  $("status").hidden = true;
  $("landing").prepend($("notices"));
  setNotices(notices);
  for (const hook of landingHooks) hook(currentParams());
  // Back from a report (or sent here because its data is gone): the focus was in the report, now hidden.
  if (moved) $("landing-title").focus();
  setState("ready");
}

function sameParams(a, b) {
  const key = (o) => JSON.stringify(Object.entries(o).sort());
  return key(a) === key(b);
}

/** The prerendered model if `params` ask for the demo's first view and Python has not started yet, else null. */
function prerenderedFor(params) {
  if (!PRERENDER || prerenderUsed || python.booted || params.source !== "demo") return null;
  const { source, ...view } = params;
  if (Object.keys(view).length && !sameParams(view, PRERENDER.view)) return null;
  prerenderUsed = true;
  return PRERENDER;
}

// A report that takes a while (the what-if lab's perfect-foresight bound) says what it is doing in the status
// bar; start-up's steps own the bar until Python is ready.
function showWork({ label, done, total }) {
  if (!python.booted) return;
  $("status").hidden = false;
  if ($("status-text").textContent !== label) $("status-text").textContent = label;
  $("status-progress").max = total || 1;
  $("status-progress").value = done;
}

async function showReport(params) {
  const seq = ++renderSeq;
  const started = performance.now();
  setState("loading");
  $("landing").hidden = true;
  $("report").querySelector("#report-menu").after($("notices"));
  if (!python.booted) $("status").hidden = false;
  const { source, ...view } = params;
  // Draw the build's copy at once; Python, once started, computes the same
  // view and the page keeps it if the two agree (they always should).
  const pre = prerenderedFor(params);
  if (pre) {
    history.replaceState(null, "", reportUrl({ source, ...pre.view }));
    drawModel(source, pre);
    document.documentElement.dataset.prerender = "drawn";
    setState("ready");
    announce(pre.title); // "Try the demo" pressed: its link is hidden with the landing page, so focus moves on
    performance.measure("half-hourly:view", { start: started, detail: { prerendered: true } });
    if (PRERENDER_CHECKED) {
      // The build already checked its copy: nothing to ask Python, but its start-up bar goes once it is ready.
      python.started.then(() => { if (seq === renderSeq && python.booted) $("status").hidden = true; });
      return;
    }
    // Python checks the build's copy only if the user is still on it when Python is ready: a click
    // made while Python starts is answered first, not queued behind the check.
    await python.started;
    if (seq !== renderSeq) return;
  }
  let model;
  try {
    model = await python.call(OPS.report, { source, params: view }, {
      onProgress: (step) => seq === renderSeq && showWork(step),
    });
  } catch (error) {
    if (seq !== renderSeq) return;
    if (error.type === "BootError" || error.type === "WorkerError") return showError(error.message, { runtime: error.kind !== "download" });
    if (error.kind === "not_loaded") {
      if (forgotten && source !== "demo") {
        history.replaceState(null, "", "./");
        return showLanding(["Your data was forgotten in this tab, so this report cannot be shown. Load your data again to see it."]);
      }
      return showLanding([
        source === "demo" || !source
          ? error.message
          : "Nothing is kept after you close or reload the tab, so please load your data again to see this report.",
      ]);
    }
    // Anything else is said inside the frame: the menu and the loaded data stay.
    $("status").hidden = true;
    drawModel(source, {
      title: "This report could not be made",
      menu: lastMenu,
      blocks: [{ type: "text", tone: "warn", title: "", paragraphs: [
        `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`,
        "Your data is still loaded: choose another report from the menu, or go back.",
      ] }],
    });
    setState("ready");
    announce("This report could not be made");
    return;
  }
  if (seq !== renderSeq) return; // a newer navigation superseded this one
  $("status").hidden = true;
  $("error").hidden = true;
  if (pre) {
    const same = JSON.stringify(model) === JSON.stringify(pre);
    document.documentElement.dataset.prerender = same ? "confirmed" : "replaced";
    if (same) return setState("ready");
  }
  const canonical = { source, ...model.view };
  if (reportUrl(canonical) !== reportUrl(params)) history.replaceState(null, "", reportUrl(canonical));
  drawModel(source, model);
  setState("ready");
  announce(model.title);
  // Timings for `make bench`: from the request to the drawn view, and Python's share.
  performance.measure("half-hourly:view", { start: started, detail: { python_ms: python.lastPythonMs } });
}

// After a view change, focus moves to the new view's heading and a live region says what it is; after a form's
// submission, to the first value the report could not use (its message is tied to it by aria-describedby).
// A refusal is announced once: by its own message beside the field (an alert) when it has one on screen; the
// general "A value could not be used" is said only for a refused value without one.
function announce(title) {
  if (!moved) return;
  const refused = submitted ? $("blocks").querySelector("[aria-invalid='true']") : null;
  submitted = false;
  const unexplained = refused && !ownMessage(refused);
  $("view-announcer").textContent = unexplained ? `Showing ${title}. A value could not be used: ${refused.labels?.[0]?.textContent ?? "see the form"}.` : `Showing ${title}`;
  if (refused) {
    refused.focus({ preventScroll: true });
    refused.scrollIntoView({ block: "center" }); // the field and its message under it, not the field at the edge
  } else {
    $("report-title").focus({ preventScroll: false });
  }
}

// The message a refused field carries in its own live region (forms.mjs ties it by aria-describedby), if shown.
function ownMessage(field) {
  const ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id))
    .find((el) => el?.getAttribute("role") === "alert" && el.textContent.trim() && el.checkVisibility()) ?? null;
}

function withSource(source, params) {
  return params ? { source, ...params } : null;
}

function drawModel(source, m) {
  $("report").hidden = false;
  setNotices(m.notices || []);
  if (m.menu?.length) lastMenu = m.menu;
  markHeader(source === "demo" ? "demo" : "report");
  const current = (m.menu?.length ? m.menu : lastMenu).find((item) => item.current);
  $("menu-toggle").textContent = current ? `Report: ${current.label}` : "Reports";
  $("menu-toggle").setAttribute("aria-expanded", "false");
  $("report-menu").classList.remove("open");
  $("report-menu").replaceChildren(...(m.menu || []).map((item) => link(withSource(source, item.params), item.label, item.current)));
  $("fuel-tabs").replaceChildren(...(m.tabs || []).map((t) => link(withSource(source, t.params), t.label, t.current)));
  const crumbs = (m.crumbs || []).map((c, i, all) => link(withSource(source, c.params), c.label, i === all.length - 1));
  $("crumbs").replaceChildren(...crumbs.flatMap((c, i) => (i ? [document.createTextNode(" › "), c] : [c])));
  $("crumbs").hidden = crumbs.length === 0;
  $("report-title").textContent = m.title;
  drawPeriod($("period"), m.period, m.pager, { link: (params, text, current) => link(withSource(source, params), text, current), onNavigate: (params, how) => navigate(withSource(source, params), how) });
  $("totals").replaceChildren(...totalItems(m.totals || []));
  drawBlocks($("blocks"), m.blocks, {
    subtitle: m.title,
    hrefOf: (params) => reportUrl(withSource(source, params)),
    onNavigate: (params, how) => navigate(withSource(source, params), how),
    onDownload: (block) => download(block),
  });
  const pager = m.pager || {};
  const labels = { prev: "‹ Previous", up: "Up", next: "Next ›" };
  $("pager").replaceChildren(...["prev", "up", "next"].filter((k) => pager[k]).map((k) => link(withSource(source, pager[k]), labels[k])));
  $("source-note").textContent = m.note || (source === "demo" ? "Demo household: synthesised readings for 2023, with gaps left in on purpose." : "");
  document.title = `${m.title} · Half-Hourly`;
}

async function download(block) {
  try {
    const file = await python.call(block.op, block.payload);
    const blob = new Blob([file.text], { type: file.mime || "text/csv" });
    const a = h("a", { href: URL.createObjectURL(blob), download: file.filename || block.filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  } catch (error) {
    setNotices([`The download could not be made: ${error.message}`]);
  }
}

/** Wire up the page and draw the view the URL asks for. Called once by main.mjs. */
export function start() {
  $("menu-toggle").addEventListener("click", () => {
    const open = $("report-menu").classList.toggle("open");
    $("menu-toggle").setAttribute("aria-expanded", String(open));
  });
  // Escape folds the phone's open report menu and hands the focus back to its button.
  $("report").addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || !$("report-menu").classList.contains("open")) return;
    $("report-menu").classList.remove("open");
    $("menu-toggle").setAttribute("aria-expanded", "false");
    $("menu-toggle").focus();
  });
  // On a report, "Skip to content" lands on its heading (the report menu, the first thing in the page's main part,
  // is what it skips); following "#main" would also add a history entry that re-opens the same report.
  document.querySelector(".skip").addEventListener("click", (e) => {
    if ($("report").hidden) return;
    e.preventDefault();
    $("report-title").focus();
  });
  window.addEventListener("popstate", () => {
    moved = true;
    route();
  });
  document.addEventListener("click", followInternalLink);
  route();
}

function followInternalLink(e) {
  const a = e.target.closest("a#try-demo, .site-header a[href^='./']");
  if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  if (new URL(a.href).pathname !== location.pathname) return; // another page: let the browser go
  e.preventDefault();
  navigate(Object.fromEntries(new URL(a.href).searchParams));
}
