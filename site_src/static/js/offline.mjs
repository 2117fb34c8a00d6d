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
export async function serviceWorkerInControl() {
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
 * Once Python has started: ask the service worker to cache the site's pages,
 * styles and scripts if it has not yet (its first install leaves them, so that
 * the first visit's Python starts without waiting for them).
 */
export async function cacheShell() {
  const sw = navigator.serviceWorker;
  if (!sw?.controller) return;
  sw.controller.postMessage({ type: "cache-shell" });
}
