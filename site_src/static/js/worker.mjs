// Module Web Worker: starts Pyodide, unpacks pyruntime, then answers protocol
// messages by handing each JSON string to pyruntime.bridge.handle. No domain
// logic lives here.
import { BOOT_PHASES, PROTOCOL_VERSION } from "./protocol.mjs";

const siteRoot = new URL("../", import.meta.url);
let bridge = null;
// The page hands over the site's settings as its first message (they are in
// the page already), so starting Python waits for no download of its own.
let receiveConfig;
const configReady = new Promise((resolve) => (receiveConfig = resolve));

function progress(phase) {
  const step = BOOT_PHASES.findIndex((p) => p.phase === phase) + 1;
  self.postMessage({ type: "progress", phase, label: BOOT_PHASES[step - 1].label, step, steps: BOOT_PHASES.length });
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function fetchOk(url, what) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${what} could not be downloaded (HTTP ${response.status} for ${url.pathname})`);
  return response;
}

async function boot() {
  progress("settings");
  const config = await configReady;
  progress("runtime");
  // Download our code while Pyodide starts.
  const archive = fetchOk(new URL(config.runtime.app_archive, siteRoot), "Half-Hourly’s Python code").then((r) =>
    r.arrayBuffer(),
  );
  archive.catch(() => {}); // reported below, after Pyodide
  const indexURL = new URL(config.runtime.pyodide, siteRoot);
  const seconds = Math.round(config.runtime.boot_timeout_ms / 1000);
  const py = await withTimeout(
    import(new URL("pyodide.mjs", indexURL).href).then(({ loadPyodide }) =>
      // The stdlib zip holds only what pyruntime imports, as bytecode (see
      // builder/runtime_bundle.py); the lock lists no packages, so Pyodide
      // need not download its own.
      loadPyodide({
        indexURL: indexURL.href,
        stdLibURL: new URL(config.runtime.stdlib, siteRoot).href,
        lockFileContents: config.runtime.lock,
      }),
    ),
    config.runtime.boot_timeout_ms,
    `Python did not start within ${seconds} seconds`,
  );
  progress("app");
  const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
  py.unpackArchive(new Uint8Array(await archive), "zip", { extractDir: sitePackages });
  // The browser edge installs the fetch-based transport; after this, only
  // JSON strings (and a dropped file's bytes) cross into Python.
  bridge = py.pyimport("pyruntime._browser");
  // The transport reaches only this site and these providers, checked in Python
  // whatever headers the host sends; each provider reply is bounded in time.
  const providers = { octopus_api: config.octopus_api, glowmarkt_api: config.glowmarkt_api };
  bridge.install(siteRoot.href, JSON.stringify(providers), config.provider_timeout_ms ?? 60_000);
  progress("ready");
}

const ready = boot();
ready.catch((error) =>
  self.postMessage({ type: "boot-error", message: `Python could not start: ${error?.message || error}.` }),
);

// Reports and other quick ops are handled one at a time, in order. A provider
// load mostly waits on the network, so it runs beside them: a slow or hung
// provider never holds up a report (the demo, say), and a report never sees
// half-loaded data because a load swaps the household in only when it ends.
// {type: "cancel"} stops the loads in progress; they answer "Cancelled".
// Checking Octopus statements also waits on Octopus, so it too runs beside the queue (it cannot be cancelled).
const BESIDE_THE_QUEUE = new Set(["load_octopus", "load_glowmarkt", "check_statements"]);
const CANCELLABLE = new Set(["load_octopus", "load_glowmarkt"]);
const loading = new Set(); // ids of the loads not yet answered
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  if (data?.type === "boot") return receiveConfig(data.config);
  if (data?.type === "cancel") {
    // Answer at once (Python may still be starting); Python then makes sure
    // those loads stop and change nothing. A later reply for the same id is ignored.
    const ids = [...loading];
    for (const id of ids) {
      const error = { type: "Cancelled", kind: "cancelled", message: "Loading was cancelled. Nothing was changed." };
      self.postMessage(JSON.stringify({ v: PROTOCOL_VERSION, id, ok: false, error }));
    }
    ready.then(() => bridge.cancel(JSON.stringify(ids)), () => {});
    return;
  }
  if (CANCELLABLE.has(data?.op)) {
    loading.add(data.id);
    answer(data).finally(() => loading.delete(data.id));
  } else if (BESIDE_THE_QUEUE.has(data?.op)) answer(data);
  else queue = queue.then(() => answer(data));
};

async function answer({ bytes, ...message }) {
  try {
    await ready;
  } catch (error) {
    const text = `Python could not start: ${error?.message || error}.`;
    self.postMessage(JSON.stringify({ v: message.v, id: message.id, ok: false, error: { type: "BootError", message: text } }));
    return;
  }
  const onProgress = (json) => self.postMessage({ type: "task-progress", id: message.id, ...JSON.parse(json) });
  try {
    // Python turns every failure into an error reply; this catch is for the
    // bridge itself failing, so the page is never left waiting.
    self.postMessage(await bridge.handle(JSON.stringify(message), bytes ? new Uint8Array(bytes) : undefined, onProgress));
  } catch (error) {
    const text = `Python failed while answering: ${String(error?.message || error).split("\n").slice(-2).join(" ")}`;
    self.postMessage(JSON.stringify({ v: message.v, id: message.id, ok: false, error: { type: "InternalError", message: text } }));
  }
}
