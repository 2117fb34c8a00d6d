// The service worker: offline after the first visit, and the site's security
// headers on every host. The builder prepends `const BUILD = {...}`:
//   version  hash of every file below and of the headers (names the cache)
//   shell    pages, styles, scripts, manifest, icons, feed index: cached at install
//   runtime  Pyodide and our Python bundles, named by version or content hash,
//            in a cache shared by builds (`runtime_cache`), so a new build with the
//            same runtime downloads nothing big again
//   unpacked runtime files the site does not serve, which Python's worker stores
//            there unpacked from one it does (the WebAssembly, from its .xz): kept, never fetched
//   runtime_cache  that cache's name
//   headers  [[name, value], ...] added to every page and script it serves, as
//            `_headers` gives them where a host reads it: on a host that sends no
//            headers at all, the pages get the header CSP (with `frame-ancestors`,
//            which a <meta> cannot carry), COOP and the rest from the second visit,
//            and scripts `nosniff`. Python's worker is not put under the CSP here:
//            it starts from a blob (js/start-worker.mjs), which runs under its
//            page's policy, <meta> included, from the first visit.
//
// Versions never mix: one cache per build, a page is served only from its own
// build's cache, and a new build waits (no skipWaiting) until no tab uses the
// old one; it serves the next visit. Runtime files cannot mix: their names
// change with their content.
//
// Each runtime byte crosses the network once. Python's worker starts at once,
// without waiting for this one, so on a first visit its downloads may not pass
// through here. It stores what it downloads with fetch() (the WebAssembly, our
// bundles) in the runtime cache itself (worker.mjs), so `respond` stores only
// the other runtime requests: the Pyodide scripts it imports. Once the first
// visit's Python has started, the page asks for `cacheShell`, which also stores
// any runtime file still missing: those scripts when the worker imported them
// outside this worker, from the browser's HTTP cache (they are sent `immutable`).
/* global BUILD */
const PREFIX = "half-hourly-";
const CACHE = `${PREFIX}${BUILD.version}`;
const RUNTIME = BUILD.runtime_cache;
const scope = new URL(self.registration.scope);

async function missing(cache, paths) {
  const absent = [];
  for (const path of paths) if (!(await cache.match(new URL(path, scope)))) absent.push(path);
  return absent;
}

// The shell with `no-cache`: never take a file of an older build from the HTTP
// cache. The runtime from the HTTP cache if it is there: its names are its versions.
async function cacheShell() {
  const cache = await caches.open(CACHE);
  await cache.addAll((await missing(cache, BUILD.shell)).map((p) => new Request(p, { cache: "no-cache" })));
}

async function cacheRuntime() {
  const runtime = await caches.open(RUNTIME);
  await runtime.addAll(await missing(runtime, BUILD.runtime));
}

self.addEventListener("install", (event) => {
  // An update caches its shell before it can take over (its runtime is cached
  // as the next visit downloads it). The very first install caches nothing yet:
  // the first visit's Python is downloading, and the page asks for the shell
  // once Python has started.
  if (self.registration.active) event.waitUntil(cacheShell());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE && name !== RUNTIME) await caches.delete(name);
      }
      const runtime = await caches.open(RUNTIME);
      for (const request of await runtime.keys()) if (!isRuntime(new URL(request.url))) await runtime.delete(request);
      // The first visit's page, from now on (its Python worker stays outside).
      await self.clients.claim();
    })(),
  );
});

function withHeaders(response) {
  const headers = new Headers(response.headers);
  for (const [name, value] of BUILD.headers) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// A page's URL carries report settings in its query: every ?… is the same file.
function cacheKey(url, request) {
  if (request.mode === "navigate") {
    const path = url.pathname.slice(scope.pathname.length);
    return new URL(path === "" ? "index.html" : path, scope).href;
  }
  return url.href;
}

function sitePath(url) {
  return url.pathname.slice(scope.pathname.length);
}

function isRuntime(url) {
  return BUILD.runtime.includes(sitePath(url)) || BUILD.unpacked.includes(sitePath(url));
}

// `keep(promise)`: work that may finish after the response is handed over.
async function respond(request, url, keep) {
  // Feed files belong to this build (its nightly data); the runtime is named by content.
  const cache = await caches.open(isRuntime(url) ? RUNTIME : CACHE);
  const key = cacheKey(url, request);
  let response = await cache.match(key);
  if (!response) {
    response = await fetch(request);
    // Cached while the page reads it, not before: Python's start waits for no copy.
    // What Python's worker fetch()es (destination "") it stores itself.
    const store = isRuntime(url) ? request.destination !== "" : sitePath(url).startsWith("feeds/");
    if (response.ok && store) keep(cache.put(key, response.clone()));
  }
  const type = response.headers.get("Content-Type") || "";
  return request.mode === "navigate" || type.includes("javascript")
    ? withHeaders(response)
    : response;
}

// The page, once Python has started: make sure this build's shell and runtime
// are cached, so the next visit works offline (the first install left them).
self.addEventListener("message", (event) => {
  if (event.data?.type === "cache-shell") event.waitUntil(Promise.all([cacheShell(), cacheRuntime()]));
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Providers' APIs and anything not ours go straight to the network, never cached.
  if (request.method !== "GET" || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (url.pathname === `${scope.pathname}sw.js`) return;
  event.respondWith(respond(request, url, (promise) => event.waitUntil(promise)));
});
