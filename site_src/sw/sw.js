// The service worker: offline after the first visit, and the site's security
// headers on every host. The builder prepends `const BUILD = {...}`:
//   version  hash of every file below and of the headers (names the cache)
//   shell    pages, styles, scripts, manifest, icons, feed index: cached at install
//   runtime  Pyodide and our Python bundles, named by version or content hash:
//            cached as the worker first downloads them (so a first visit downloads
//            them once), in a cache shared by builds, so a new build with the same
//            runtime downloads nothing big again
//   headers  [[name, value], ...] added to every page and script it serves, above
//            all the Content-Security-Policy: a Web Worker takes its CSP from its
//            script's response headers, so this is what puts the worker under the
//            CSP on a host that sends no headers at all.
//
// Versions never mix: one cache per build, a page is served only from its own
// build's cache, and a new build waits (no skipWaiting) until no tab uses the
// old one; it serves the next visit.
/* global BUILD */
const PREFIX = "half-hourly-";
const CACHE = `${PREFIX}${BUILD.version}`;
const RUNTIME = `${PREFIX}runtime`;
const scope = new URL(self.registration.scope);

// `no-cache`: never take a file of an older build from the HTTP cache.
async function cacheShell() {
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const path of BUILD.shell) if (!(await cache.match(new URL(path, scope)))) missing.push(path);
  await cache.addAll(missing.map((p) => new Request(p, { cache: "no-cache" })));
}

self.addEventListener("install", (event) => {
  // An update caches its whole build before it can take over. The very first
  // install caches nothing yet: the first visit's page starts Python once this
  // worker is in control, so it takes control at once (the runtime is cached
  // as Python downloads it) and the page asks for the shell afterwards.
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
      // On the very first visit the page waits for this before starting Python.
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
  return BUILD.runtime.includes(sitePath(url));
}

// `keep(promise)`: work that may finish after the response is handed over.
async function respond(request, url, keep) {
  // Feed files belong to this build (its nightly data); the runtime is named by content.
  const cache = await caches.open(isRuntime(url) ? RUNTIME : CACHE);
  const key = cacheKey(url, request);
  let response = await cache.match(key);
  if (!response) {
    response = await fetch(request);
    // Cached while the page reads it, not before: the WebAssembly compiles as it
    // streams in, and Python's start waits for no copy.
    if (response.ok && (isRuntime(url) || sitePath(url).startsWith("feeds/"))) keep(cache.put(key, response.clone()));
  }
  const type = response.headers.get("Content-Type") || "";
  return request.mode === "navigate" || request.destination === "worker" || type.includes("javascript")
    ? withHeaders(response)
    : response;
}

// The page, once Python has started: make sure this build's shell is cached,
// so the next visit works offline (the first install left it for now).
self.addEventListener("message", (event) => {
  if (event.data?.type === "cache-shell") event.waitUntil(cacheShell());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Providers' APIs and anything not ours go straight to the network, never cached.
  if (request.method !== "GET" || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (url.pathname === `${scope.pathname}sw.js`) return;
  event.respondWith(respond(request, url, (promise) => event.waitUntil(promise)));
});
