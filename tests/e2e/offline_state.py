"""What the browser tests ask the page about its service worker's caches."""

# True once the caches hold this build's shell and the whole runtime (the page's own ``sw.js`` lists both),
# with the WebAssembly Python's worker unpacked from its .xz (``unpacked``), which later visits start from.
CACHED_RUNTIME = """async () => {
  const text = await (await fetch('sw.js')).text();
  const build = JSON.parse(text.slice(text.indexOf('{'), text.indexOf('};') + 1));
  const paths = async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname.slice(1));
  const runtime = await paths('half-hourly-runtime');
  const shell = await paths('half-hourly-' + build.version);
  const kept = [...build.runtime, ...build.unpacked];
  return kept.every((p) => runtime.includes(p)) && build.shell.every((p) => shell.includes(p));
}"""

# As CACHED_RUNTIME, and the service worker controls the page: a reload offline is served from it.
OFFLINE_READY = f"""async () => {{
  if (navigator.serviceWorker.controller === null) return false;
  return await ({CACHED_RUNTIME})();
}}"""
