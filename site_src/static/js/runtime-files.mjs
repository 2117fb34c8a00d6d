// Python's runtime files, downloaded once: shared by Python's worker (worker.mjs) and the worker that
// gets our bundles beside it (bundles.mjs).
//
// The runtime (Pyodide's files and our two bundles, named by version or content hash) lives in one
// Cache Storage cache, shared with the service worker (site_src/sw/sw.js). The workers start at once,
// without waiting for the service worker, so on a first visit nothing may stand between their downloads
// and the network. Each byte still crosses the network once: what they download with fetch() they take
// from that cache or store there themselves (the service worker, if it passes such a request on, does
// not), and the page is told Python is ready only once that is stored. The two Pyodide scripts
// Python's worker imports cannot be read from Cache Storage: the service worker stores those (from the
// browser's HTTP cache on a first visit; they are sent `immutable`).

/** A runtime file that did not arrive (whole): reloading the page is the fix, not the browser's settings. */
export class DownloadError extends Error {
  name = "DownloadError"; // as the page is told (worker.mjs)
}

/** The runtime cache, or null where storage is not available (e.g. blocked: then everything is just downloaded). */
export async function openRuntimeCache(name) {
  if (!self.caches) return null;
  return caches.open(name).catch(() => null);
}

/**
 * A runtime file's response: from `cache`, or from the network once `after` settles, a copy stored as it
 * streams in (its promise pushed onto `storing`). `fetch`: the network's (worker.mjs hands Pyodide one of its own).
 */
export async function getRuntimeFile(cache, url, { after = undefined, storing = [], fetch = self.fetch.bind(self) } = {}) {
  const cached = await cache?.match(url).catch(() => undefined);
  if (cached) return cached;
  await after;
  const response = await fetch(url);
  if (cache && response.ok) {
    const copy = response.clone();
    storing.push(cache.put(url, copy).catch(() => {})); // a full disk costs the next visit, not this one
  }
  return response;
}

/**
 * A download that failed xz's check, as the error to say. The bad copy goes first: a reload at once must
 * not find it. (The decoder's own words, e.g. an error code, would tell a visitor nothing.)
 */
export async function damagedDownload(cache, url, what, storing = []) {
  await Promise.allSettled(storing);
  await cache?.delete(url).catch(() => {});
  return new DownloadError(`${what} arrived damaged`);
}

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

/**
 * One of our Python bundles (builder/runtime_bundle.py: a zip of stored files compressed by the build as
 * one xz stream, a quarter smaller than gzip, as no host compresses zips), downloaded as getRuntimeFile
 * does and unpacked by `decoder` (a promise of js/vendor/xz-decompress.mjs). Throws a DownloadError
 * naming `what` when it did not arrive whole.
 */
export async function getBundle(cache, url, what, decoder, { after = undefined, storing = [], fetch = undefined } = {}) {
  const response = await getRuntimeFile(cache, url, { after, storing, fetch });
  if (!response.ok) throw new DownloadError(`${what} could not be downloaded (HTTP ${response.status} for ${url.pathname})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!XZ_MAGIC.every((b, i) => bytes[i] === b)) {
    // e.g. a host that answers a missing file with its home page
    const type = response.headers.get("Content-Type")?.split(";")[0];
    throw new DownloadError(`${what} could not be downloaded (the host sent ${type ? `a ${type} file` : "another file"} in its place)`);
  }
  const { XzReadableStream } = await decoder;
  // The bytes as a stream of one chunk (a Blob's stream would be read back through the browser's process).
  const packed = new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  try {
    return new Uint8Array(await new Response(new XzReadableStream(packed)).arrayBuffer());
  } catch {
    throw await damagedDownload(cache, url, what, storing);
  }
}

/** A runtime file's name without its content hash: "python_stdlib.zip.xz". */
export const fileName = (url) => new URL(url).pathname.split("/").pop().replace(/-[0-9a-f]{16}/, "");

/** Where this worker's downloads began and ended, as [name, ms since the epoch]. */
export function downloads() {
  const at = (ms) => performance.timeOrigin + ms;
  return performance.getEntriesByType("resource").flatMap((r) => {
    const name = fileName(r.name);
    return [[`${name}:start`, at(r.startTime)], [`${name}:end`, at(r.responseEnd)]];
  });
}
