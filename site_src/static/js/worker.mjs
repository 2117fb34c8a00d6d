// Module Web Worker: starts Pyodide, unpacks pyruntime, then answers protocol
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
const mark = (name) => timeline.push([name, performance.timeOrigin + performance.now()]);

// The runtime (Pyodide's files and our two bundles, named by version or
// content hash) lives in one Cache Storage cache, shared with the service
// worker (site_src/sw/sw.js). This worker starts at once, without waiting for
// the service worker, so on a first visit nothing may stand between its
// downloads and the network. Each byte still crosses the network once: what
// this worker downloads with fetch() it takes from that cache or stores there
// itself (the service worker, if it passes such a request on, does not), and
// it tells the page it is ready only once that is stored. The two Pyodide
// scripts it imports cannot be read from Cache Storage: the service worker
// stores those (from the browser's HTTP cache on a first visit; they are sent
// `immutable`).
let runtimeCache = null; // the Cache, where storage is available
const storing = [];

async function openRuntimeCache(name) {
  if (!self.caches) return null;
  return caches.open(name).catch(() => null); // e.g. storage blocked: just download
}

// A runtime file's response: from the cache, or from the network (stored as it streams in) once `after` settles.
async function getRuntimeFile(url, after = undefined) {
  const cached = await runtimeCache?.match(url).catch(() => undefined);
  if (cached) return cached;
  await after;
  const response = await networkFetch(url);
  if (runtimeCache && response.ok) {
    const copy = response.clone();
    storing.push(runtimeCache.put(url, copy).catch(() => {})); // a full disk costs the next visit, not this one
  }
  return response;
}

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

// Our Python bundles are stored zips compressed by the build as one xz stream each
// (builder/runtime_bundle.py): a quarter smaller than gzip, as no host compresses
// zips. The decoder (xz-embedded as WebAssembly, 10 KB) is asked for as the
// worker starts, beside the settings.
const xzDecoder = import("./vendor/xz-decompress.mjs");
xzDecoder.catch(() => {}); // reported by the bundle that needs it
// Its streams take turns (one lock per copy of the module), and the WebAssembly's, unpacked as it
// arrives, lasts seconds: the bundles, which arrive meanwhile, would wait for its end (0.15–0.2 s on
// a phone) before Pyodide could start. They have a copy of their own: the same file under another
// URL (a fragment: the request is the same, and so is the cached response) is another module.
const xzBundleDecoder = xzDecoder.then(() => import("./vendor/xz-decompress.mjs#bundles"));
xzBundleDecoder.catch(() => {});
const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

// A runtime file that did not arrive whole: reloading the page is the fix, not the browser's settings.
class DownloadError extends Error {}

// A download that failed xz's check. The bad copy goes before the error is said: a reload at once must
// not find it. (The decoder's own words, e.g. an error code, would tell a visitor nothing.)
async function damagedDownload(url, what) {
  await Promise.allSettled(storing);
  await runtimeCache?.delete(url).catch(() => {});
  return new DownloadError(`${what} arrived damaged`);
}

async function getBundle(url, what, after = undefined) {
  const response = await getRuntimeFile(url, after);
  if (!response.ok) throw new DownloadError(`${what} could not be downloaded (HTTP ${response.status} for ${url.pathname})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!XZ_MAGIC.every((b, i) => bytes[i] === b)) {
    // e.g. a host that answers a missing file with its home page
    const type = response.headers.get("Content-Type")?.split(";")[0];
    throw new DownloadError(`${what} could not be downloaded (the host sent ${type ? `a ${type} file` : "another file"} in its place)`);
  }
  const { XzReadableStream } = await xzBundleDecoder;
  // The bytes as a stream of one chunk (a Blob's stream would be read back through the browser's process).
  const packed = new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  try {
    const unpacked = new Uint8Array(await new Response(new XzReadableStream(packed)).arrayBuffer());
    mark(`${fileName(url)}:unpacked`);
    return unpacked;
  } catch {
    throw await damagedDownload(url, what);
  }
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

// A runtime file's name without its content hash: "python_stdlib.zip.xz".
const fileName = (url) => new URL(url).pathname.split("/").pop().replace(/-[0-9a-f]{16}/, "");

// Where the worker's own downloads began and ended, as [name, ms since the epoch].
function downloads() {
  const at = (ms) => performance.timeOrigin + ms;
  return performance.getEntriesByType("resource").flatMap((r) => {
    const name = fileName(r.name);
    return [[`${name}:start`, at(r.startTime)], [`${name}:end`, at(r.responseEnd)]];
  });
}

const APP_ZIP = "/lib/pyruntime.zip"; // in Pyodide's file system, beside the standard library's zip

async function boot() {
  progress("settings");
  const config = await configReady;
  mark("settings");
  progress("runtime");
  runtimeCache = await openRuntimeCache(config.runtime.cache);
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
      ? pageWasm.then((response) => (response ? keepRuntimeFile(xzURL, response) : getRuntimeFile(xzURL)))
      : getRuntimeFile(xzURL);
  if (unpackedBefore && config.wasmFromPage) pageWasm.then((response) => response?.body?.cancel()).catch(() => {});
  let damaged;
  const wasmDamaged = new Promise((_, reject) => (damaged = reject));
  // Our code is asked for once the WebAssembly is in, not beside it. Pyodide needs the WebAssembly and the
  // standard library before it can start, and our code only once it has (0.6 s later on a phone): asked
  // for beside them, its bytes would share the link and the WebAssembly would arrive that much later.
  let wasmIn;
  const wasmArrived = new Promise((resolve) => (wasmIn = resolve));
  if (unpackedBefore) wasmIn();
  const wasm = unpackedBefore ? Promise.resolve(unpackedBefore) : download.then(async (response) => {
    if (!response.ok) return response;
    const { XzReadableStream } = await xzDecoder;
    const arrived = () => {
      mark("wasm-unpacked");
      wasmIn();
    };
    const unpacked = reporting(new XzReadableStream(response.body), arrived, async () => {
      wasmIn();
      damaged(await damagedDownload(xzURL, "Python’s runtime"));
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
  const archive = getBundle(new URL(config.runtime.app_archive, siteRoot), "Half-Hourly’s Python code", wasmArrived);
  archive.catch(() => {}); // reported below, after Pyodide
  const stdLibURL = new URL(config.runtime.stdlib, siteRoot);
  const stdlib = getBundle(stdLibURL, "Python’s standard library");
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
  kind: error instanceof DownloadError ? "download" : "runtime",
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
