// Module Web Worker: starts Pyodide, puts pyruntime on its path, then answers protocol
// messages by handing each JSON string to pyruntime.bridge.handle. No domain
// logic lives here.
// Not a static import: the downloads are asked for without waiting for it (a round trip).
const protocol = import("./protocol.mjs");

const siteRoot = new URL("../", import.meta.url);
let bridge = null;
// The page hands over the site's settings as its first message (they are in
// the page already), so starting Python waits for no download of its own.
let receiveConfig;
const configReady = new Promise((resolve) => (receiveConfig = resolve));
// The WebAssembly as the page downloaded it (start-worker.mjs): a Response, or null if the page could not.
let receivePageWasm;
const pageWasm = new Promise((resolve) => (receivePageWasm = resolve));

// timeline: with the last phase, [[name, ms since the epoch], ...] of the start-up.
function progress(phase, timeline = undefined) {
  protocol.then(({ BOOT_PHASES }) => {
    const step = BOOT_PHASES.findIndex((p) => p.phase === phase) + 1;
    const label = BOOT_PHASES[step - 1].label;
    self.postMessage({ type: "progress", phase, label, step, steps: BOOT_PHASES.length, timeline });
  });
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Start-up timeline for `make bench` and for anyone asking why a start was slow:
// [name, ms since the epoch] (the page and the worker have different time origins).
const timeline = [["worker-started", performance.timeOrigin + performance.now()]];
const mark = (name, at = performance.timeOrigin + performance.now()) => timeline.push([name, at]);

// How runtime files are downloaded once and stored (runtime-files.mjs), asked for beside the settings.
const files = import("./runtime-files.mjs");
let runtimeCache = null; // the runtime Cache, where storage is available
const storing = [];

// The page's download of a runtime file (a Response made of the body it handed over): stored in the
// runtime cache like this worker's own downloads, unless it came from there (a later visit).
function keepRuntimeFile(url, response) {
  if (runtimeCache) {
    const copy = response.clone();
    const stored = runtimeCache.match(url).then((cached) => (cached ? copy.body?.cancel() : runtimeCache.put(url, copy)));
    storing.push(stored.catch(() => {}));
  }
  return response;
}

// The xz decoder (xz-embedded as WebAssembly, 10 KB), asked for as the worker starts: it unpacks the
// WebAssembly here as it arrives.
const xzDecoder = import("./vendor/xz-decompress.mjs");
xzDecoder.catch(() => {}); // reported by the file that needs it

// Our two bundles are got and unpacked by a worker of this worker (bundles.mjs explains why); where a
// worker cannot start one, here.
const bundleWorker = (() => {
  try {
    const source = `import ${JSON.stringify(new URL("./bundles.mjs", import.meta.url).href)};\n`;
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const worker = new Worker(url, { type: "module" });
    const revoke = () => URL.revokeObjectURL(url);
    worker.addEventListener("message", revoke, { once: true });
    worker.addEventListener("error", revoke, { once: true });
    return worker;
  } catch {
    return null;
  }
})();
const asked = new Map(); // id → settle(reply), for the bundles asked of bundleWorker
let bundleWorkerFailed = !bundleWorker;
bundleWorker?.addEventListener("message", ({ data }) => asked.get(data.id)?.(data));
bundleWorker?.addEventListener("error", (event) => {
  event.preventDefault(); // e.g. its script could not load: the bundles asked of it, or to be, are got here instead
  bundleWorkerFailed = true;
  for (const settle of asked.values()) settle(null);
});

// A bundle's unpacked bytes, got by bundleWorker (or here, should it fail to start); `afterWasm`: not
// from the network before the WebAssembly is in (see boot).
async function bundle(url, what, { afterWasm = false, wasmArrived, config }) {
  const { DownloadError, fileName, getBundle } = await files;
  if (!bundleWorkerFailed) {
    const reply = await new Promise((settle) => {
      const id = asked.size + 1;
      asked.set(id, settle);
      bundleWorker.postMessage({ type: "get", id, url: url.href, what, cache: config.runtime.cache, afterWasm });
    });
    if (reply?.bytes) {
      mark(`${fileName(url)}:unpacked`, reply.unpackedAt);
      timeline.push(...reply.downloads);
      return reply.bytes;
    }
    if (reply) throw reply.download ? new DownloadError(reply.error) : new Error(reply.error);
  }
  const bytes = await getBundle(runtimeCache, url, what, xzDecoder, {
    after: afterWasm ? wasmArrived : undefined, storing, fetch: networkFetch,
  });
  mark(`${fileName(url)}:unpacked`);
  return bytes;
}

// `stream`, passed on as it is read; its end is told to `onDone`, an error in it (an xz check failing) to `onError`.
function reporting(stream, onDone, onError) {
  const reader = stream.getReader();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        onDone();
        controller.close();
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

// Pyodide downloads the WebAssembly and the standard library itself with
// `fetch(url)`: hand it what this worker already asked for instead (the first
// time each URL is asked for; a retry goes to the network).
const handed = new Map(); // URL → Promise of a Response
const networkFetch = self.fetch.bind(self);
self.fetch = (input, init) => {
  const key = String(input);
  const response = handed.get(key);
  if (!response) return networkFetch(input, init);
  handed.delete(key);
  return response;
};

const APP_ZIP = "/lib/pyruntime.zip"; // in Pyodide's file system, beside the standard library's zip

async function boot() {
  progress("settings");
  const config = await configReady;
  mark("settings");
  progress("runtime");
  const { DownloadError, damagedDownload, downloads, getRuntimeFile, openRuntimeCache } = await files;
  runtimeCache = await openRuntimeCache(config.runtime.cache);
  const getFile = (url) => getRuntimeFile(runtimeCache, url, { storing, fetch: networkFetch });
  const indexURL = new URL(config.runtime.pyodide, siteRoot);
  // Pyodide asks for the WebAssembly only once pyodide.mjs has arrived: ask now (or take the page's download).
  // It travels as xz (builder/runtime_bundle.py), unpacked here as it arrives; Pyodide, asking for
  // pyodide.asm.wasm, is handed the unpacked stream and compiles it as it streams in. The unpacked copy
  // is stored too: a later visit hands Pyodide that (a stored response, whose compiled code the browser
  // may keep beside it) and unpacks nothing.
  const wasmURL = new URL("pyodide.asm.wasm", indexURL);
  const xzURL = new URL(config.runtime.wasm, siteRoot);
  const unpackedBefore = await runtimeCache?.match(wasmURL).catch(() => undefined);
  const download = unpackedBefore
    ? null
    : config.wasmFromPage
      ? pageWasm.then((response) => (response ? keepRuntimeFile(xzURL, response) : getFile(xzURL)))
      : getFile(xzURL);
  if (unpackedBefore && config.wasmFromPage) pageWasm.then((response) => response?.body?.cancel()).catch(() => {});
  let damaged;
  const wasmDamaged = new Promise((_, reject) => (damaged = reject));
  // Our code is asked for once the WebAssembly is in, not beside it. Pyodide needs the WebAssembly and the
  // standard library before it can start, and our code only once it has (0.6 s later on a phone): asked
  // for beside them, its bytes would share the link and the WebAssembly would arrive that much later.
  let wasmIn;
  const wasmArrived = new Promise((resolve) => (wasmIn = resolve));
  if (unpackedBefore) wasmIn();
  wasmArrived.then(() => bundleWorker?.postMessage({ type: "wasm-in" }));
  const wasm = unpackedBefore ? Promise.resolve(unpackedBefore) : download.then(async (response) => {
    if (!response.ok) return response;
    const { XzReadableStream } = await xzDecoder;
    const arrived = () => {
      mark("wasm-unpacked");
      wasmIn();
    };
    const unpacked = reporting(new XzReadableStream(response.body), arrived, async () => {
      wasmIn();
      damaged(await damagedDownload(runtimeCache, xzURL, "Python’s runtime", storing));
    });
    const headers = { "Content-Type": "application/wasm" };
    if (!runtimeCache) return new Response(unpacked, { headers });
    const [forPyodide, forCache] = unpacked.tee();
    storing.push(runtimeCache.put(wasmURL, new Response(forCache, { headers })).catch(() => {}));
    return new Response(forPyodide, { headers });
  });
  // Pyodide waits for ever on a WebAssembly that did not come: say so at once instead.
  const wasmFailed = wasm.then(
    (response) => {
      if (response.ok) return wasmDamaged;
      throw new DownloadError(`Python’s runtime could not be downloaded (HTTP ${response.status} for ${xzURL.pathname})`);
    },
    (error) => {
      throw new DownloadError(`Python’s runtime could not be downloaded (${error?.message || error})`);
    },
  );
  wasm.then((response) => response.ok || wasmIn(), wasmIn);
  handed.set(wasmURL.href, wasm);
  const archiveURL = new URL(config.runtime.app_archive, siteRoot);
  const archive = bundle(archiveURL, "Half-Hourly’s Python code", { afterWasm: true, wasmArrived, config });
  archive.catch(() => {}); // reported below, after Pyodide
  const stdLibURL = new URL(config.runtime.stdlib, siteRoot);
  const stdlib = bundle(stdLibURL, "Python’s standard library", { config });
  handed.set(stdLibURL.href, stdlib.then((bytes) => new Response(bytes)));
  // Pyodide only logs a failed stdlib download and starts without it: say it.
  const stdlibFailed = stdlib.then(() => new Promise(() => {}));
  const seconds = Math.round(config.runtime.boot_timeout_ms / 1000);
  // Pyodide imports its large runtime script only once pyodide.mjs has arrived: ask for both now.
  import(new URL("pyodide.asm.mjs", indexURL).href).catch(() => {}); // Pyodide's own import reports it
  const started = import(new URL("pyodide.mjs", indexURL).href).then(({ loadPyodide }) => {
    mark("pyodide.mjs-imported");
    // The stdlib zip holds only what pyruntime imports, as bytecode (see
    // builder/runtime_bundle.py); the lock lists no packages, so Pyodide
    // need not download its own.
    return loadPyodide({
      indexURL: indexURL.href,
      stdLibURL: stdLibURL.href,
      lockFileContents: config.runtime.lock,
    });
  });
  const py = await withTimeout(
    Promise.race([started, stdlibFailed, wasmFailed]),
    config.runtime.boot_timeout_ms,
    `Python did not start within ${seconds} seconds`,
  );
  mark("pyodide-loaded");
  progress("app");
  // Imported from the zip itself, as the standard library is: nothing to unpack.
  py.FS.writeFile(APP_ZIP, await archive);
  bundleWorker?.terminate(); // both bundles are in
  py.runPython(`import sys, zipimport; zipimport.zipimporter("${APP_ZIP}"); sys.path.insert(0, "${APP_ZIP}")`);
  mark("app-on-path");
  // The browser edge installs the fetch-based transport; after this, only
  // JSON strings (and a dropped file's bytes) cross into Python.
  bridge = py.pyimport("pyruntime._browser");
  // The transport reaches only this site and these providers, checked in Python
  // whatever headers the host sends; each provider reply is bounded in time.
  const providers = { octopus_api: config.octopus_api, glowmarkt_api: config.glowmarkt_api };
  bridge.install(siteRoot.href, JSON.stringify(providers), config.provider_timeout_ms ?? 60_000);
  mark("bridge-installed");
  await Promise.all(storing);
  progress("ready", [...timeline, ...downloads()]);
}

const ready = boot();
// kind "download": a runtime file did not arrive (whole), which a reload mends; the page's advice differs.
const bootError = (error) => ({
  message: `Python could not start: ${error?.message || error}.`,
  kind: error?.name === "DownloadError" ? "download" : "runtime",
});
ready.catch((error) => self.postMessage({ type: "boot-error", ...bootError(error) }));

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
  if (data?.type === "boot") return receiveConfig({ ...data.config, wasmFromPage: data.wasmFromPage });
  if (data?.type === "wasm") return receivePageWasm(data.body && new Response(data.body));
  if (data?.type === "cancel") {
    // Answer at once (Python may still be starting); Python then makes sure
    // those loads stop and change nothing. A later reply for the same id is ignored.
    const ids = [...loading];
    protocol.then(({ PROTOCOL_VERSION }) => {
      for (const id of ids) {
        const error = { type: "Cancelled", kind: "cancelled", message: "Loading was cancelled. Nothing was changed." };
        self.postMessage(JSON.stringify({ v: PROTOCOL_VERSION, id, ok: false, error }));
      }
    });
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
    self.postMessage(JSON.stringify({ v: message.v, id: message.id, ok: false, error: { type: "BootError", ...bootError(error) } }));
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
