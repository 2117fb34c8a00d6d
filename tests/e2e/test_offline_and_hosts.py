"""Offline after the first visit, updates on the next visit, and the privacy
promises on every host: with the site's ``_headers`` applied, and from a
server that sends none (as GitHub Pages or ``python -m http.server`` do).
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import threading
import time

import pytest

from builder.config import ROOT, BuildConfig
from builder.pipeline import run
from builder.serve import make_server, serve_in_thread
from tests.e2e.elsewhere import another_origin
from tests.e2e.offline_state import CACHED_RUNTIME
from tests.e2e.requests_seen import record_request

ELECTRICITY_CSV = ROOT / "tests/fixtures/consumption/octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
DEMO = "/?source=demo&report=consumption&fuel=electricity"

RUNTIME_FILES = """async () => {
  const text = await (await fetch('sw.js')).text();
  return JSON.parse(text.slice(text.indexOf('{'), text.indexOf('};') + 1)).runtime;
}"""


def _poll(page, script: str, tries: int = 600) -> None:
    for _ in range(tries):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


def _installed(page) -> None:
    """Wait until the service worker controls the page and holds the whole runtime and the build's shell."""
    _poll(page, "navigator.serviceWorker.controller !== null")
    _poll(page, CACHED_RUNTIME)


@pytest.fixture
def elsewhere():
    with another_origin() as (origin, hits):
        yield origin, hits


@pytest.fixture(params=["with _headers", "no headers"])
def host(request, site_dir):
    """The built site served both ways; yields its base URL."""
    server, url = serve_in_thread(site_dir, headers=request.param == "with _headers")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def on_host(browser, host, watch):
    """A page on ``host``, failing the test on console errors or requests leaving that origin."""
    ctx = browser.new_context()
    ctx.on("request", lambda r: record_request(r, watch.requests, host))
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    pg.on("console", lambda m: m.type == "error" and watch.errors.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: watch.errors.append(f"pageerror: {e}"))
    yield pg
    ctx.close()
    if not watch.allow_errors:
        assert watch.errors == [], "the page logged errors"
    foreign = [u for u in watch.requests if not u.startswith(host + "/")]
    assert foreign == [], "requests left the site's origin"


def test_offline_after_the_first_visit_the_demo_and_a_dropped_file_still_work(page, context, site_url, wait_ready):
    page.goto(site_url + DEMO)
    assert wait_ready(page) == "ready"
    _installed(page)
    context.set_offline(True)
    page.reload()
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title")
    page.click("#fuel-tabs a:text('Gas')")  # a new view computed offline
    page.wait_for_selector("html[data-state=ready] #report-title:has-text('Gas')", state="attached")

    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    page.set_input_files("#file-input", str(ELECTRICITY_CSV))
    page.wait_for_selector("html[data-state=ready] #report:not([hidden])", state="attached")
    assert "source=file" in page.url and "report=overview" in page.url
    assert "kWh" in page.inner_text("#report")  # the overview's cards, computed offline from the file
    context.set_offline(False)


@pytest.fixture(params=["with _headers", "no headers"])
def counting_host(request, site_dir):
    """The built site served both ways, counting what it sends: yields its base URL and a list of
    (path, status) per response. ``sw.js`` comes late, as on a phone's network: the service worker is
    not active yet when Python's worker asks for the runtime, so nothing stands between them."""
    sent: list[tuple[str, int]] = []
    server = make_server(site_dir, port=0, quiet=True, headers=request.param == "with _headers")
    handler = server.RequestHandlerClass

    class Counting(handler.func):
        def do_GET(self):
            if self.path.startswith("/sw.js"):
                time.sleep(3)
            super().do_GET()

        def log_request(self, code="-", size="-"):
            sent.append((self.path.split("?", 1)[0], int(code)))

    server.RequestHandlerClass = functools.partial(Counting, *handler.args, **handler.keywords)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", sent
    server.shutdown()
    server.server_close()


def test_a_first_visit_sends_each_runtime_file_once_and_later_visits_none(browser, counting_host, wait_ready):
    """Python's worker starts without waiting for the service worker and stores what it downloads; the
    service worker serves it from then on. Each file crosses the network once (a host that sends no
    caching headers may be asked again whether a script changed, and answers 304 Not Modified, no body)."""
    url, sent = counting_host
    ctx = browser.new_context()
    asked: list[str] = []
    ctx.on("request", lambda r: asked.append(r.url))
    events: list[tuple[str, str]] = []  # in the order Playwright saw them, every worker's included
    ctx.on("request", lambda r: events.append(("asked", r.url)))
    ctx.on("requestfinished", lambda r: events.append(("finished", r.url)))
    try:
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        page.goto(url + DEMO)
        assert wait_ready(page) == "ready"
        _installed(page)
        runtime = ["/" + p for p in page.evaluate(RUNTIME_FILES)]
        assert len(runtime) == 5  # Pyodide's two scripts and WebAssembly (as xz), the stdlib bundle, our package
        bodies = [path for path, status in sent if path in runtime and status != 304]
        assert sorted(bodies) == sorted(runtime), "each runtime file sent once, in full"
        # The worker did not wait for the service worker: its downloads did not pass through it (Playwright
        # would see each twice, the worker's and the service worker's own). The service worker later takes
        # the two scripts the worker imported from the browser's HTTP cache (or asks whether they changed).
        fetched = [p for p in runtime if not p.endswith(".mjs")]
        assert {p: asked.count(url + p) for p in fetched} == dict.fromkeys(fetched, 1)
        # Our package is asked for only once the WebAssembly is in, so that on a slow link their bytes do
        # not share it (Pyodide needs the WebAssembly first, and our package only once it has started).
        wasm = next(url + p for p in runtime if p.endswith(".wasm.xz"))
        package = next(url + p for p in runtime if "/pyruntime-" in p)
        assert events.index(("finished", wasm)) < events.index(("asked", package))

        for offline in (False, True):
            ctx.set_offline(offline)
            sent.clear()
            page.reload()
            assert wait_ready(page) == "ready"
            page.wait_for_selector("html[data-python=ready]", state="attached")
            assert [p for p, _ in sent if p in runtime] == [], f"asked for again ({offline=})"
    finally:
        ctx.close()


def test_the_worker_runs_under_the_csp_and_cannot_reach_another_origin(on_host, host, elsewhere, watch, wait_ready):
    other, hits = elsewhere
    on_host.goto(host + DEMO)
    assert wait_ready(on_host) == "ready"
    _installed(on_host)
    # Even a worker started before the service worker was in control: reload so
    # it starts under the service worker, as every visit after the first does.
    on_host.reload()
    assert wait_ready(on_host) == "ready"
    watch.allow_errors = True  # the refusal below is reported on the console, as it should be
    outcome = on_host.workers[0].evaluate(
        "(u) => fetch(u).then(() => 'reached', () => 'refused')", other + "/leak?mpan=1234567890123"
    )
    assert outcome == "refused"
    assert hits == []
    assert all("Content Security Policy" in e or "Failed to fetch" in e for e in watch.errors), watch.errors


def test_the_site_hides_itself_inside_another_sites_frame(on_host, host, elsewhere, watch):
    other, _ = elsewhere
    other = other.replace("127.0.0.1", "localhost")  # another site, not just another origin
    watch.allow_errors = True  # refused framing and navigation are logged
    outer = on_host.context.new_page()
    outer.goto(other + "/")
    watch.requests.remove(other + "/")  # the framing page itself, the one request to the other origin
    outer.evaluate("(u) => { document.getElementById('f').src = u; }", host + "/")
    outer.wait_for_timeout(3000)
    frames = outer.frames[1:]
    shown = False
    for frame in frames:
        with contextlib.suppress(Exception):  # the browser refused to put the page in the frame at all
            # The frame guard draws only its notice (tests/e2e/test_frame_guard.py): the landing page is not drawn.
            shown |= frame.evaluate("document.getElementById('landing')?.checkVisibility() ?? false")
    assert not shown


def test_a_new_build_is_served_on_the_next_visit_never_mixed_with_the_old(browser, tmp_path, site_dir):
    """Two builds: the second changes pyruntime. A reload keeps the old build
    whole; once its tab is closed, the next visit gets the new one."""
    old = tmp_path / "old"
    shutil.copytree(site_dir, old)
    src = tmp_path / "pyruntime"
    shutil.copytree(ROOT / "pyruntime", src, ignore=shutil.ignore_patterns("__pycache__"))
    core = src / "ops" / "core.py"
    core.write_text(core.read_text().replace(
        'model["source"] = source', 'model["source"] = source\n    model["title"] = "New build: " + model["title"]'))
    new = tmp_path / "new"
    run(BuildConfig(out=new, pyruntime_src=src, bytecode=False))

    served = {"dir": old}
    server = make_server(old, quiet=True)
    base_handler = server.RequestHandlerClass
    server.RequestHandlerClass = lambda *a, **k: base_handler.func(*a, **{**k, "directory": str(served["dir"])})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        page.goto(url + DEMO)
        page.wait_for_selector("html[data-state=ready]", state="attached")
        _installed(page)
        assert not page.inner_text("#report-title").startswith("New build")

        served["dir"] = new
        page.reload()
        page.wait_for_selector("html[data-state=ready]", state="attached")
        assert not page.inner_text("#report-title").startswith("New build"), "the open tab keeps its build"
        _poll(page, "navigator.serviceWorker.getRegistration().then(r => Boolean(r && r.waiting))")
        page.close()

        # The waiting worker takes over once the old build's last tab is gone, which the browser does a moment
        # after the close: a visit within that moment is still the old build, whole. A later one is the new.
        for attempt in range(6):
            page = ctx.new_page()
            page.set_default_timeout(60_000)
            page.goto(url + DEMO)
            page.wait_for_selector("html[data-state=ready]", state="attached")
            title = page.inner_text("#report-title")
            if title.startswith("New build") or attempt == 5:
                break
            page.close()
            time.sleep(1)
        assert title.startswith("New build")
    finally:
        ctx.close()
        server.shutdown()
        server.server_close()


def test_manifest_and_icons_make_the_site_installable(site_dir):
    manifest = json.loads((site_dir / "manifest.webmanifest").read_text())
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (site_dir / icon["src"]).is_file()

