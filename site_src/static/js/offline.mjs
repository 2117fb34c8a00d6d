// The service worker (sw.js at the site root, written by the builder): the
// site works offline after a first visit, and Python's worker gets the site's
// Content-Security-Policy as a header even from a host that sends none.
const SW_URL = new URL("../sw.js", import.meta.url);
const WAIT_MS = 15_000;

/**
 * Register the service worker; resolves true once it controls this page, false
 * where it cannot (no support, an error, a hard reload that bypasses it, or
 * too slow). Start the Python worker only after this: a worker created before
 * the page is controlled would not be served through the service worker.
 */
async function serviceWorkerInControl() {
  const sw = navigator.serviceWorker;
  if (!sw) return false;
  let registration;
  try {
    registration = await sw.register(SW_URL, { scope: new URL("../", import.meta.url).pathname });
  } catch {
    return false;
  }
  if (sw.controller) return true;
  if (registration.active && !registration.installing && !registration.waiting) return false;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(Boolean(sw.controller)), WAIT_MS);
    sw.addEventListener("controllerchange", () => {
      clearTimeout(timer);
      resolve(true);
    }, { once: true });
  });
}

/**
 * True when the host itself sends the Content-Security-Policy with `scriptUrl`
 * (as it does with the site's `_headers`): a worker started from it is then
 * under the CSP without the service worker's help. One small HEAD request.
 */
async function hostSendsCsp(scriptUrl) {
  try {
    const response = await fetch(scriptUrl, { method: "HEAD", cache: "no-store" });
    return response.ok && response.headers.has("Content-Security-Policy");
  } catch {
    return false;
  }
}

/**
 * Resolves when Python's worker may start from `scriptUrl` under the CSP: at
 * once when the service worker already controls the page, as soon as the host
 * is known to send the CSP itself (a first visit then downloads the runtime
 * while the service worker installs, instead of after), and otherwise once the
 * service worker takes control (a host that sends no headers).
 */
export async function workerMayStart(scriptUrl) {
  const controlled = serviceWorkerInControl();
  if (navigator.serviceWorker?.controller) return controlled;
  if (await hostSendsCsp(scriptUrl)) return true;
  return controlled;
}

/**
 * Once Python has started: ask the service worker to keep the runtime for
 * offline use. A worker started before the service worker was in control
 * fetched it past the service worker; it now comes from the HTTP cache
 * (the runtime is served as immutable), not the network again.
 */
export async function keepRuntime() {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  try {
    (await sw.ready).active?.postMessage({ type: "keep-runtime" });
  } catch {
    // No service worker: nothing to keep the runtime in.
  }
}
