// Loading your own data: the four ways in on the landing page (Octopus,
// Bright, n3rgy files, any file), progress per meter, errors a user can act
// on, and the "your data" bar above a report (warnings, gas units, remember,
// forget).
//
// Privacy: keys and passwords go from the form straight to the worker in one
// message and are cleared from the form once loaded (the worker keeps an
// Octopus key in memory for statements on request; see statements.mjs). The forms cannot submit
// to a URL: they are built here with a submit handler, and no credential
// input has a `name`, so even a native submission would carry nothing.
import { navigate, onLanding, python } from "./app.mjs";
import { OPS } from "./protocol.mjs";
import { h } from "./dom.mjs";
import { forgetButton, LOADED_SOURCES, loadRemembered, refreshRemembered, rememberControl } from "./remember.mjs";

const MAX_FILE_BYTES = 50 * 1024 * 1024;
const FUEL_CHOICES = [
  ["", "Let the file tell us"],
  ["electricity", "Electricity import"],
  ["export", "Electricity export"],
  ["gas", "Gas"],
];
const $ = (id) => document.getElementById(id);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const currentParams = () => Object.fromEntries(new URLSearchParams(location.search));

let busy = false;
let generation = 0; // bumped on every load or forget, so the data bar refetches

// --- small form helpers -----------------------------------------------------------

// `key`: the payload name Python's errors use for this field (never the input's `name`, which stays unset).
function field(id, label, attrs, hint = "", key = null) {
  const hintId = hint ? `${id}-hint` : null;
  const input = h("input", { id, ...attrs, "aria-describedby": hintId });
  return {
    input,
    key,
    hintId,
    node: h("p", { class: "field" }, h("label", { for: id, text: label }), input, hint ? h("span", { class: "hint", id: hintId, text: hint }) : null),
  };
}

// A value Python refused (error.detail.field names it) is said beside its field, not below the form.
function showFieldError(panel, error) {
  const f = panel.fields?.[error.detail?.field];
  if (!f) return false;
  markInvalid(f, error.message);
  return true;
}

function markInvalid(f, message) {
  const id = `${f.input.id}-error`;
  f.node.append(h("small", { class: "field-error", id, role: "alert", text: message }));
  f.node.classList.add("field-invalid");
  f.input.setAttribute("aria-invalid", "true");
  f.input.setAttribute("aria-describedby", [f.hintId, id].filter(Boolean).join(" "));
  f.input.focus();
}

function clearFieldErrors(panel) {
  for (const f of Object.values(panel.fields || {})) clearInvalid(f);
}

function clearInvalid(f) {
  f.node.querySelector(".field-error")?.remove();
  f.node.classList.remove("field-invalid");
  f.input.removeAttribute("aria-invalid");
  if (f.hintId) f.input.setAttribute("aria-describedby", f.hintId);
  else f.input.removeAttribute("aria-describedby");
}

function select(id, label, options, value) {
  const node = h("select", { id }, ...options.map(([v, text]) => h("option", { value: String(v), text, selected: String(v) === String(value ?? "") })));
  return { input: node, node: h("p", { class: "field" }, h("label", { for: id, text: label }), node) };
}

function panelFor(way) {
  const holder = document.querySelector(`.way-form[data-way="${way}"]`);
  // Progress and outcomes are read out politely; an error is an alert, kept outside that live region so a screen
  // reader says it once (an alert inside a live region is announced by both).
  const status = h("div", { class: "load-status", "aria-live": "polite" });
  const alert = h("div", { class: "load-alert" });
  const progress = h("ul", { class: "load-progress" });
  return { holder, status, alert, progress, rows: new Map() };
}

// aria-disabled, not disabled: a pressed button that became disabled would drop the keyboard's focus to the page's
// start; `busy` already turns away a second press.
function setBusy(state) {
  busy = state;
  for (const b of document.querySelectorAll("#load-ways button[data-load]")) b.setAttribute("aria-disabled", String(state));
}

// --- progress and errors ---------------------------------------------------------------

function showProgress(panel, { label, done, total, meter }) {
  const key = meter || label;
  let row = panel.rows.get(key);
  if (!row) {
    const bar = h("progress", { max: 1 });
    const text = h("span", {});
    row = { li: h("li", {}, text, bar), text, bar };
    panel.rows.set(key, row);
    panel.progress.append(row.li);
  }
  row.text.textContent = label;
  if (total > 0) {
    row.bar.max = total;
    row.bar.value = Math.min(done, total);
  } else if (done > 0) {
    row.bar.max = 1;
    row.bar.value = 1;
  } else {
    row.bar.removeAttribute("value"); // indeterminate until the first page says how many
  }
  row.bar.hidden = meter === "wait";
}

// After a failure or a cancel the steps go, bars and labels alike: a step such as "Reading your Octopus account"
// left above the error read as still working, and nothing the stopped load read was kept (a load replaces the data
// whole or not at all), so the message is what remains, with whatever was open before.
function stopProgress(panel) {
  panel.progress.replaceChildren();
  panel.rows.clear();
}

function showLoadError(panel, error) {
  stopProgress(panel);
  panel.status.replaceChildren();
  panel.alert.replaceChildren();
  if (showFieldError(panel, error)) return;
  const box = h("div", { class: "error-box", role: "alert" }, h("p", { text: error.message }));
  if (["unreachable", "provider_down", "timeout", "foreign_origin"].includes(error.kind)) {
    box.append(
      h("p", {}, h("button", {
        type: "button",
        class: "button",
        text: "Load a file instead",
        onclick: () => {
          $("way-file").scrollIntoView({ block: "start" });
          $("file-input")?.focus();
        },
      })),
    );
  }
  panel.alert.replaceChildren(box);
}

async function runLoad(panel, op, payload, { bytes = null, source, onError = null } = {}) {
  if (busy) return null;
  arrived = null;
  setBusy(true);
  clearFieldErrors(panel);
  panel.status.replaceChildren();
  panel.alert.replaceChildren();
  panel.progress.replaceChildren();
  panel.rows.clear();
  // A provider load can be stopped: it waits on someone else's server.
  if (op === OPS.loadOctopus || op === OPS.loadGlowmarkt) {
    panel.status.replaceChildren(
      h("p", {}, h("button", { type: "button", class: "button cancel-load", text: "Cancel", onclick: () => python.cancelLoads() })),
    );
  }
  let summary;
  try {
    summary = await python.call(op, payload, { bytes, onProgress: (p) => showProgress(panel, p) });
  } catch (error) {
    stopProgress(panel);
    if (error.kind === "cancelled") {
      panel.status.replaceChildren(h("p", { class: "load-cancelled", text: error.message }));
      return null;
    }
    if (!(onError && onError(error))) showLoadError(panel, error);
    return null;
  } finally {
    setBusy(false);
  }
  generation++;
  document.dispatchEvent(new CustomEvent("half-hourly:loaded", { detail: { source } }));
  await refreshRemembered(summary);
  // What this load added to or replaced in the data already loaded (Python words it; the data bar shows it too).
  const said = summary.warnings.filter((w) => w.kind === "combined" || w.kind === "replaced").map((w) => w.message);
  panel.status.replaceChildren(h("p", { text: [`Loaded: ${summary.fuels.map((f) => `${f.label} ${f.present.toLocaleString("en-GB")} half-hours`).join(", ")}.`, ...said].join(" ") }));
  const overview = { source, report: "overview", fuel: summary.fuels[0]?.fuel || "electricity" };
  if (currentParams().source === "demo") {
    // "Try the demo" was pressed while this ran: the demo stays on screen, the data waits beside it (the worker
    // holds both), and a line above the demo says it arrived, with the way to it.
    arrived = { summary, params: overview };
    updateArrived();
    return summary;
  }
  navigate(overview);
  return summary;
}

// --- Octopus and Bright ----------------------------------------------------------

function credentialForm(way, fields, buttonText, submit) {
  const panel = panelFor(way);
  panel.fields = Object.fromEntries(fields.map((f) => [f.key, f]));
  const button = h("button", { type: "submit", class: "button primary", text: buttonText, "data-load": way });
  const form = h("form", { class: "load-form", autocomplete: "on", novalidate: true }, ...fields.map((f) => f.node), h("p", {}, button));
  form.addEventListener("submit", (e) => {
    e.preventDefault(); // first, always: the form must never navigate
    submit(panel);
  });
  panel.holder.replaceChildren(form, panel.progress, panel.status, panel.alert);
  return panel;
}

function drawOctopus() {
  const account = field("octopus-account", "Account number", {
    type: "text", autocomplete: "username", spellcheck: "false", autocapitalize: "characters",
    placeholder: "A-1B2C3D4E", "data-credential": "", required: true,
  }, "", "account_number");
  const key = field("octopus-key", "API key", {
    type: "password", autocomplete: "current-password", spellcheck: "false", "data-credential": "", required: true,
  }, "Kept only in this tab’s memory (so you can check your statements later), never stored; gone when you close the tab.", "api_key");
  credentialForm("octopus", [account, key], "Load my Octopus data", async (panel) => {
    const summary = await runLoad(panel, OPS.loadOctopus,
      { account_number: account.input.value, api_key: key.input.value, now: nowSeconds() }, { source: "octopus" });
    if (summary) key.input.value = "";
  });
}

function drawGlowmarkt() {
  const user = field("glowmarkt-user", "Bright email address", {
    type: "email", autocomplete: "username", spellcheck: "false", "data-credential": "", required: true,
  }, "", "username");
  const password = field("glowmarkt-password", "Bright password", {
    type: "password", autocomplete: "current-password", "data-credential": "", required: true,
  }, "Used once to sign in, then forgotten.", "password");
  credentialForm("glowmarkt", [user, password], "Load my Bright data", async (panel) => {
    const summary = await runLoad(panel, OPS.loadGlowmarkt,
      { username: user.input.value, password: password.input.value, now: nowSeconds() }, { source: "glowmarkt" });
    if (summary) password.input.value = "";
  });
}

// --- files ---------------------------------------------------------------------------

function fileForm(way, inputId, accept) {
  const panel = panelFor(way);
  const input = h("input", { type: "file", id: inputId, accept, class: "file-input" });
  const fuel = select(`${inputId}-fuel`, "What the file holds", FUEL_CHOICES, "");
  const zone = h(
    "label",
    { class: "dropzone", for: inputId },
    h("span", { text: "Drop a file here, or " }),
    h("span", { class: "button", text: "choose a file" }),
    input,
  );
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("dragging");
    const file = e.dataTransfer?.files?.[0];
    if (file) loadFile(panel, file, fuel.input.value);
  });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    input.value = ""; // choosing the same file again must fire change again
    if (file) loadFile(panel, file, fuel.input.value);
  });
  panel.mapping = h("div", { class: "mapping" });
  panel.holder.replaceChildren(fuel.node, zone, panel.progress, panel.status, panel.alert, panel.mapping);
  // A choice of fuel is for the file it was made for: the next file is read for what it holds, or a
  // month of electricity would be added to the gas loaded before it.
  document.addEventListener("half-hourly:loaded", () => {
    fuel.input.value = "";
  });
}

function megabytes(bytes) {
  return Math.round(bytes / 1048576);
}

async function loadFile(panel, file, fuel, mapping = null, timezone = null) {
  panel.mapping.replaceChildren();
  if (file.size > MAX_FILE_BYTES) {
    return showLoadError(panel, { message: `This file is ${megabytes(file.size)} MB; the limit is 50 MB. Export a shorter date range, or split the file, and try again.` });
  }
  // Worded as Python words it (pyruntime/fileformats/text.py EMPTY), which a file read some other way reaches.
  if (file.size === 0) {
    return showLoadError(panel, {
      message: "This file is empty (0 bytes): it was not saved or downloaded whole. Download it again from your provider, or pick another file.",
    });
  }
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch {
    return showLoadError(panel, { message: "This file could not be read. Check it is still where you picked it from, and try again." });
  }
  showProgress(panel, { label: "Reading the file on this device", done: 0, total: 0, meter: "file" });
  await runLoad(panel, OPS.loadFile, { name: file.name, fuel: fuel || null, mapping, timezone }, {
    bytes,
    source: "file",
    onError: (error) => {
      if (error.kind === "needs_timezone") {
        drawZoneQuestion(panel, file, fuel, mapping, error.message, error.detail);
        return true;
      }
      if (!error.detail?.needs_mapping) return false;
      drawMapping(panel, file, fuel, error.message, error.detail.suggestions);
      return true;
    },
  });
}

// One question when a file's times could be UK clock time or UTC: the evidence, two choices.
function drawZoneQuestion(panel, file, fuel, mapping, message, detail) {
  const choices = (detail.choices || []).map((c) => [c.value, c.label]);
  const zone = select("zone-answer", "The times in this file are", choices, "");
  const button = h("button", { type: "submit", class: "button primary", text: "Read the file", "data-load": "timezone" });
  const form = h(
    "form",
    { class: "mapping-form zone-question" },
    h("p", { text: message }),
    h("ul", {}, ...(detail.evidence || []).map((e) => h("li", { text: e }))),
    zone.node,
    h("p", {}, button),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (mapping) loadFile(panel, file, fuel, { ...mapping, timezone: zone.input.value });
    else loadFile(panel, file, fuel, null, zone.input.value);
  });
  panel.mapping.replaceChildren(form);
  zone.input.focus();
}

// The column-mapping step: every heading and preview cell goes in as text.
function drawMapping(panel, file, fuel, message, s) {
  const cols = (s.headers || []).map((name, i) => [i, name ? `${i + 1}: ${name}` : `Column ${i + 1}`]);
  const sug = s.suggested || {};
  const ts = select("map-time", "Which column holds the time", cols, sug.timestamp_column ?? "");
  const value = select("map-value", "Which column holds the reading", cols, sug.value_column ?? "");
  const unit = select("map-unit", "Unit of the readings", [["kWh", "kWh"], ["Wh", "Wh (watt-hours)"], ["m3", "m³ (gas volume)"]], sug.unit || "kWh");
  const stamp = select("map-stamp", "Each time marks the", [["start", "start of its half-hour"], ["end", "end of its half-hour"]], sug.stamp || "start");
  const zone = select("map-zone", "Times without an offset are", [["Europe/London", "UK clock time"], ["UTC", "UTC (GMT all year)"]], sug.timezone || "Europe/London");
  // What you chose beside the picker, else the meter a heading or the file's name names (an export
  // download's headings are the import one's, and only its name, e.g. "…export….csv", tells them apart).
  const kind = select("map-fuel", "The readings are", FUEL_CHOICES.slice(1), fuel || sug.fuel || "electricity");
  const head = h("tr", {}, ...(s.headers || []).map((c) => h("th", { scope: "col", text: c })));
  const rows = (s.preview || []).map((r) => h("tr", {}, ...r.map((c) => h("td", { text: c }))));
  const button = h("button", { type: "submit", class: "button primary", text: "Read the file with these columns", "data-load": "mapping" });
  const form = h(
    "form",
    { class: "mapping-form" },
    h("p", { text: message }),
    // A file said to be prices gets no guesses at its columns, only where its prices belong.
    ...(s.price_columns?.length
      ? [h("p", { class: "hint" }, "Prices are on the ", h("a", { href: "prices.html", text: "Prices page" }), ".")]
      : s.reasons?.length ? [h("p", { class: "hint", text: `Our guesses: ${s.reasons.join("; ")}.` })] : []),
    h("div", { class: "preview" }, h("table", {}, h("thead", {}, head), h("tbody", {}, ...rows))),
    ts.node, value.node, unit.node, stamp.node, zone.node, kind.node,
    h("p", {}, button),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    loadFile(panel, file, kind.input.value, {
      timestamp_column: Number(ts.input.value),
      value_column: Number(value.input.value),
      unit: unit.input.value,
      stamp: stamp.input.value,
      timezone: zone.input.value,
      fuel: kind.input.value,
    });
  });
  panel.mapping.replaceChildren(form);
  ts.input.focus();
}

// --- the "your data" bar above a loaded household's reports -------------------------------
//
// On a laptop the whole bar shows. On a phone it folds to one line (its heading becomes a button naming the source,
// fuels and dates) so a report's title is on the first screen; what needs the user's eye (load warnings, a gas unit
// the page is unsure of) stays shown while folded. Parts marked `bar-detail` are what folds (site.css).

let bar = null;
let barKey = "";
let barUnfolded = false; // kept across redraws (a gas unit applied), reset by a new load or a forget
let loadedSource = null; // where the user's data in the worker came from; the demo never replaces it

function ensureBar() {
  if (!bar) {
    bar = h("aside", { id: "data-bar", class: "data-bar", "aria-label": "Your data", hidden: true });
    $("report").before(bar);
  }
  return bar;
}

function fuelLine(f) {
  const from = f.files_text ? ` (${f.files_text})` : ""; // every file the fuel's readings came from, in load order
  return `${f.label}: ${f.span}, ${f.present.toLocaleString("en-GB")} of ${f.half_hours.toLocaleString("en-GB")} half-hours with a reading${from}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// "26 Oct – 1 Nov 2023" from ISO days (the year once when both ends share it), each date kept whole on a line.
// Spelled out here rather than by toLocaleDateString, whose short months differ between browsers ("Sep" or "Sept").
function daySpan(first, last) {
  const [y1, m1, d1] = first.split("-").map(Number);
  const [y2, m2, d2] = last.split("-").map(Number);
  const start = [d1, MONTHS[m1 - 1], ...(y1 === y2 ? [] : [y1])].join("\u00a0");
  return `${start}\u00a0– ${[d2, MONTHS[m2 - 1], y2].join("\u00a0")}`; // a line never starts with the dash
}

// The folded bar's one line: "Your readings from a file: electricity import and gas, 26 Oct – 1 Nov 2023".
function barSummaryLine(summary) {
  const names = summary.fuels.map((f) => f.label.toLowerCase());
  const fuels = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0] || "no fuels";
  const days = summary.fuels.filter((f) => f.first_day);
  const span = days.length
    ? daySpan(days.map((f) => f.first_day).sort()[0], days.map((f) => f.last_day).sort().at(-1))
    : "no readings";
  return `${summary.label || "Your data"}: ${fuels}, ${span}`;
}

function barHeading(summary, detailIds) {
  const toggle = h("button", {
    type: "button",
    class: "bar-toggle",
    "aria-expanded": String(barUnfolded),
    "aria-controls": detailIds.join(" "),
    text: barSummaryLine(summary),
  });
  toggle.addEventListener("click", () => {
    barUnfolded = !barUnfolded;
    toggle.setAttribute("aria-expanded", String(barUnfolded));
  });
  return h("h2", {}, h("span", { class: "bar-label", text: summary.label || "Your data" }), toggle);
}

// The width at which the data bar folds (site.css: `@media (max-width: 600px)`).
const PHONE_WIDTH = "(max-width: 600px)";

function gasNeedsAttention(g) {
  return !g.confident && g.decided_by === "detected";
}

function gasControl(summary) {
  const g = summary.gas;
  const unit = select("gas-unit", "Gas meter reads in", [["m3", "cubic metres (m³)"], ["kWh", "kWh"]], g.unit);
  const cv = field("gas-cv", "Calorific value (MJ/m³, on your gas bill)", { type: "text", inputmode: "decimal", value: String(g.calorific_value) });
  const form = h("form", { class: "gas-form" }, unit.node, cv.node, h("p", {}, h("button", { type: "submit", class: "button", text: "Apply" })));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearInvalid(cv);
    try {
      await python.call(OPS.setGasUnit, { unit: unit.input.value, calorific_value: cv.input.value });
    } catch (error) {
      markInvalid(cv, error.message);
      return;
    }
    generation++;
    refreshRemembered({ source: summary.source, label: summary.label });
    navigate(currentParams(), { replace: true });
  });
  const words = { m3: "cubic metres (m³)", kWh: "kWh" }[g.unit];
  const who = { detected: "detected from the size of your readings", file: "as your file says", you: "your choice" }[g.decided_by];
  // An unsure guess is shown on a folded bar, marked, so the user checks it; on a laptop it is open at once. On a
  // phone it stays one line (its explanation and the choice a tap or Enter away): open, it filled the first
  // screen and pushed the report's title off it. One line otherwise.
  const unsure = gasNeedsAttention(g);
  const phone = window.matchMedia(PHONE_WIDTH).matches;
  const classes = ["gas-units", ...(g.confident || g.decided_by === "you" ? [] : ["warn"]), ...(unsure ? [] : ["bar-detail"])];
  return h(
    "details",
    { id: "data-bar-gas", class: classes.join(" "), open: unsure && !phone },
    h("summary", { text: `Gas read as ${words} (${who}). Change…` }),
    h("p", { text: g.statement }),
    form,
  );
}

async function drawBar(source) {
  const summary = await python.call(OPS.dataSummary, { source });
  const remembered = !!(await loadRemembered());
  const params = currentParams();
  const quality = h("button", {
    type: "button",
    class: "button",
    text: "Data quality",
    onclick: () => navigate({ source, report: "quality", fuel: params.fuel || summary.fuels[0]?.fuel }),
  });
  const gas = summary.gas ? gasControl(summary) : null;
  const detailIds = ["data-bar-fuels", ...(gas && !gasNeedsAttention(summary.gas) ? [gas.id] : []), "data-bar-more"];
  ensureBar().replaceChildren(
    barHeading(summary, detailIds),
    h("ul", { id: "data-bar-fuels", class: "fuel-lines bar-detail" }, ...summary.fuels.map((f) => h("li", { text: fuelLine(f) }))),
    ...(summary.warnings.length
      ? [h("ul", { class: "load-warnings", role: "status" }, ...summary.warnings.map((w) => h("li", { text: w.message })))]
      : []),
    ...(gas ? [gas] : []),
    h(
      "div",
      { id: "data-bar-more", class: "bar-detail" },
      rememberControl(summary, remembered),
      h("p", { class: "bar-actions" }, quality, " ", forgetButton()),
    ),
  );
}

async function updateBar() {
  const params = currentParams();
  const shown = !$("report").hidden && LOADED_SOURCES.includes(params.source);
  if (!shown) {
    if (bar) bar.hidden = true;
    return;
  }
  const key = `${generation}:${params.source}`;
  if (key !== barKey) {
    barKey = key;
    try {
      await drawBar(params.source);
    } catch {
      barKey = "";
      if (bar) bar.hidden = true;
      return;
    }
  }
  ensureBar().hidden = false;
}

document.addEventListener("half-hourly:loaded", (e) => {
  generation++;
  barUnfolded = false;
  loadedSource = e.detail?.source ?? loadedSource;
});
// --- your data arrived while the demo was shown ---------------------------------------

let arrived = null; // {summary, params} of a load that finished while the demo was on screen, until it is opened
let arrivedNote = null;

function updateArrived() {
  if (arrived && currentParams().source === arrived.summary.source) arrived = null; // opened: said enough
  if (!arrivedNote) {
    arrivedNote = h("aside", { id: "data-arrived", class: "data-bar", "aria-label": "Your data has loaded", "aria-live": "polite", hidden: true });
    $("report").before(arrivedNote);
  }
  const shown = !!arrived && !$("report").hidden;
  arrivedNote.hidden = !shown;
  if (!shown) return arrivedNote.replaceChildren();
  const { summary, params } = arrived;
  if (arrivedNote.dataset.source === summary.source && arrivedNote.childElementCount) return; // said already
  arrivedNote.dataset.source = summary.source;
  const fuels = summary.fuels.map((f) => `${f.label.toLowerCase()} ${f.present.toLocaleString("en-GB")} half-hours`).join(", ");
  arrivedNote.replaceChildren(h("p", {},
    `${summary.label} finished loading while you looked at the demo (${fuels}). `,
    h("button", { type: "button", class: "button", text: "Show my data", onclick: () => navigate(params) })));
}

document.addEventListener("half-hourly:forgotten", () => {
  arrived = null;
  generation++;
  barUnfolded = false;
  loadedSource = null;
  if (bar) bar.hidden = true;
});
new MutationObserver(() => {
  if (document.documentElement.dataset.state !== "loading") {
    updateBar();
    updateArrived();
  }
}).observe(document.documentElement, { attributes: true, attributeFilter: ["data-state"] });

// --- landing -------------------------------------------------------------------------

// Home (or the demo, and back) while the user's data is loaded: the landing page says so and opens it again.
async function offerLoaded() {
  const box = $("loaded-box");
  if (!box) return;
  let summary = null;
  try {
    summary = loadedSource ? await python.call(OPS.dataSummary, { source: loadedSource }) : null;
  } catch {
    summary = null; // forgotten meanwhile
  }
  if (!summary) return box.replaceChildren();
  const fuel = summary.fuels[0]?.fuel || "electricity";
  box.replaceChildren(
    // The label starts a sentence elsewhere ("Your readings from a file"); here it follows a colon.
    h("p", { text: `Your data is still loaded in this tab: ${summary.label.charAt(0).toLowerCase()}${summary.label.slice(1)}.` }),
    h("ul", { class: "fuel-lines" }, ...summary.fuels.map((f) => h("li", { text: fuelLine(f) }))),
    h("p", {}, h("button", {
      type: "button",
      class: "button",
      text: "Show my data",
      onclick: () => navigate({ source: summary.source, report: "overview", fuel }),
    })),
  );
}

let drawn = false;
onLanding(() => {
  offerLoaded();
  if (drawn) return;
  drawn = true;
  drawOctopus();
  drawGlowmarkt();
  fileForm("n3rgy", "n3rgy-input", ".csv,.json,text/csv,application/json");
  fileForm("file", "file-input", ".csv,.json,.txt,text/csv,application/json,text/plain");
});
