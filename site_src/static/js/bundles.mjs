// A worker of Python's worker (worker.mjs): downloads and unpacks our two Python bundles on a thread of
// its own. Pyodide's start keeps Python's thread busy for half a second, just when our package arrives
// (it is asked for once the WebAssembly is in): here it is unpacked meanwhile, where on Python's
// thread it would wait for that start to end. Its own copy of the decoder also spares the stdlib a
// wait: the decoder's streams take turns, and the WebAssembly's, unpacked on Python's thread as it
// arrives, lasts seconds. Started from a `blob:` module, as Python's worker is, it runs under the
// page's policy.
//
// worker → here: {type: "get", id, url, what, cache, afterWasm}; {type: "wasm-in"} once the
//   WebAssembly has arrived (a bundle asked for with afterWasm waits for it before the network).
// here → worker: {id, bytes, unpackedAt, downloads (those not told before)} or {id, error, download}.
import { DownloadError, downloads, getBundle, openRuntimeCache } from "./runtime-files.mjs";

const decoder = import("./vendor/xz-decompress.mjs");
decoder.catch(() => {}); // reported by the bundle that needs it
let told = 0; // how many of this worker's downloads the timeline has had
let wasmIn;
const wasmArrived = new Promise((resolve) => (wasmIn = resolve));

self.onmessage = async ({ data }) => {
  if (data.type === "wasm-in") return wasmIn();
  const { id, url, what, cache, afterWasm } = data;
  try {
    const storing = [];
    const runtimeCache = await openRuntimeCache(cache);
    const after = afterWasm ? wasmArrived : undefined;
    const bytes = await getBundle(runtimeCache, new URL(url), what, decoder, { after, storing });
    const unpackedAt = performance.timeOrigin + performance.now();
    await Promise.all(storing); // Python is said to be ready only once every download is stored
    const fresh = downloads().slice(told);
    told += fresh.length;
    self.postMessage({ id, bytes, unpackedAt, downloads: fresh }, [bytes.buffer]);
  } catch (error) {
    self.postMessage({ id, error: String(error?.message || error), download: error instanceof DownloadError });
  }
};
