// The service worker (sw.js at the site root, written by the builder): the
// site works offline after a first visit, and from the second visit on the pages
// get the site's security headers even from a host that sends none (Python's
// worker has its page's CSP from the first visit: js/start-worker.mjs).
const SW_URL = new URL("../sw.js", import.meta.url);
const WAIT_MS = 15_000;

/**
 * Register the service worker; resolves true once it controls this page, false
 * where it cannot (no support, an error, a hard reload that bypasses it, or
 * too slow). Python's worker does not wait for this: on a first visit it
 * stores the runtime it downloads itself (worker.mjs).
 */
export async function registerServiceWorker() {
  const sw = navigator.serviceWorker;
  if (!sw) return false;
  let registration;
  try {
    registration = await sw.register(SW_URL, { scope: new URL("../", import.meta.url).pathname });
  } catch {
    return false;
  }
  if (!registration) return false; // seen where service workers are blocked: register() resolves to nothing
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
 * styles and scripts, and any runtime file not yet cached, if it has not yet
 * (its first install leaves them, so that they do not share the first visit's
 * link with Python's downloads). It need not control this page yet.
 */
export async function cacheShell() {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  const { active } = await sw.ready; // once a service worker is active, whether it controls this page yet or not
  active?.postMessage({ type: "cache-shell" });
}
