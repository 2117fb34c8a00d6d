// The page ⇄ worker protocol, in one place. Python's side is pyruntime/bridge.py;
// tests/contract/test_contract.py checks both list the same ops.
//
// page → worker  {type: "boot", config}                          first, once: the site's settings
// page → worker  {v, id, op, payload}
// worker → page  the JSON string of {v, id, ok: true, result} | {v, id, ok: false, error: {type, kind, message}}
// worker → page  {type: "progress", phase, label, step, steps}   while Python starts
// worker → page  {type: "task-progress", id, label, done, total}  while a long op runs (loads, the what-if lab)
// worker → page  {type: "boot-error", message}                    if Python cannot start
// page → worker  {type: "cancel"}   stops provider loads in progress; each answers error type "Cancelled"

export const PROTOCOL_VERSION = 1;

export const OPS = Object.freeze({
  report: "report",
  forget: "forget",
  loadOctopus: "load_octopus",
  loadGlowmarkt: "load_glowmarkt",
  loadFile: "load_file",
  setGasUnit: "set_gas_unit",
  dataSummary: "data_summary",
  exportSnapshot: "export_snapshot",
  importSnapshot: "import_snapshot",
  downloadTable: "download_table",
  downloadData: "download_data",
  feedOverview: "feed_overview",
  tariffPrices: "tariff_prices",
  weekAhead: "week_ahead",
  checkStatements: "check_statements",
});

// Start-up phases, in order; step numbers drive the progress bar.
export const BOOT_PHASES = Object.freeze([
  { phase: "settings", label: "Reading the site’s settings" },
  { phase: "runtime", label: "Downloading and starting Python (about 6 MB, cached after your first visit)" },
  { phase: "app", label: "Loading Half-Hourly’s code" },
  { phase: "ready", label: "Python is ready" },
]);
