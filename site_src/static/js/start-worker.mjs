// Python's worker, started as early as the page can: each page that uses Python
// loads this module from its <head> on its own (async), so the worker asks for
// the runtime while the page's other modules are still arriving. rpc.mjs takes
// the worker over (`takeWorker`); what the worker says before then is kept for it.
//
// The worker is started from a one-line `blob:` module that imports worker.mjs by its absolute URL,
// not from worker.mjs's own URL: a worker started from a URL of the site takes its CSP from that
// script's response headers, which a host sending none (GitHub Pages) does not give, whereas a
// `blob:` worker runs under this page's own policy (its header and its <meta>), so the browser
// enforces `connect-src` in Python's worker from the very first visit on every host. worker.mjs
// resolves everything from `import.meta.url` (its `self.location` is the blob's URL).
// Inside another origin's frame (site_src/inline/frame-guard.js) nothing starts: this module never finishes
// loading, so neither does any page module, all of which import it (none draws a control or starts Python).
if (document.documentElement.hasAttribute("data-framed")) await new Promise(() => {});
const workerSource = `import ${JSON.stringify(new URL("./worker.mjs", import.meta.url).href)};\n`;
const workerURL = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
const worker = new Worker(workerURL, { type: "module" });
// The blob is needed only until the worker has read it; its first message says it has. A worker whose script
// cannot load never sends one: its error ends the blob's use too (revoking twice does nothing).
const revoke = () => URL.revokeObjectURL(workerURL);
worker.addEventListener("message", revoke, { once: true });
worker.addEventListener("error", revoke, { once: true });
// The site's settings are in the <head> above the script that loads this module.
const config = JSON.parse(document.getElementById("site-config").textContent);
// The WebAssembly runtime (2.6 MB as xz, the longest download) was asked for by the page's
// <link rel="preload"> as soon as the HTML arrived, about a second before this worker can ask for it.
// The page takes that response and hands its body to the worker, so it crosses the network once in
// every browser (a worker's own fetch() never matches the page's preload). The worker unpacks it.
const wasmURL = new URL(config.runtime.wasm, document.baseURI);
const fromPage = Boolean(document.querySelector(`link[rel="preload"][href="${config.runtime.wasm}"]`));
worker.postMessage({ type: "boot", config, wasmFromPage: fromPage });
if (fromPage) {
  fetch(wasmURL)
    .then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      try {
        worker.postMessage({ type: "wasm", body: response.body }, [response.body]);
      } catch {
        // A browser that cannot transfer a stream: hand over the bytes once they are all here.
        const bytes = await response.arrayBuffer();
        worker.postMessage({ type: "wasm", body: bytes }, [bytes]);
      }
    })
    // The worker downloads it itself instead (and reports a failure with Python's other start-up errors).
    .catch(() => worker.postMessage({ type: "wasm", body: null }));
}

const early = [];
const keep = (event) => {
  if (event.type === "error") event.preventDefault(); // reported once taken over, not on the console
  early.push(event);
};
worker.addEventListener("message", keep);
worker.addEventListener("error", keep);

/** The worker: `onMessage`/`onError` get the events it sent so far, then each as it comes. Once per page. */
export function takeWorker(onMessage, onError) {
  worker.removeEventListener("message", keep);
  worker.removeEventListener("error", keep);
  worker.onmessage = onMessage;
  worker.onerror = onError;
  // Handed on once the caller has finished setting up (a script that could not load fails at once, so an
  // error may already be waiting); the worker's next events are tasks, so none can overtake these.
  const waiting = early.splice(0);
  queueMicrotask(() => {
    for (const event of waiting) (event.type === "error" ? onError : onMessage)(event);
  });
  return worker;
}
