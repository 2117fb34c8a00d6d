"""Broken runtime files, the CSP, and where requests go."""

from __future__ import annotations

import re

import pytest


def test_csp_header_reaches_the_page_and_blocks_other_origins(page, site_url, watch, wait_ready):
    response = page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity")
    csp = response.headers["content-security-policy"]
    # Scripts from this site, plus the one inline frame guard by its hash; no other inline script.
    assert re.search(r"script-src 'self' 'sha256-[A-Za-z0-9+/=]{44}' 'wasm-unsafe-eval';", csp)
    assert "unsafe-inline" not in csp and "'unsafe-eval'" not in csp
    assert response.headers["referrer-policy"] == "no-referrer"
    assert wait_ready(page) == "ready"
    # A connection anywhere else is refused by the browser, not just avoided by us.
    blocked = page.evaluate(
        "fetch('https://tracker.invalid/x').then(() => 'sent', (e) => 'blocked')"
    )
    assert blocked == "blocked"
    watch.errors.clear()  # the refusal itself is logged as a CSP error, which is the point
    watch.requests[:] = [u for u in watch.requests if "tracker.invalid" not in u]


def test_a_missing_runtime_file_gives_a_clear_error_not_a_spinner(page, context, site_url, watch, wait_ready):
    watch.allow_errors = True
    context.route("**/python_stdlib*.zip.xz", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity")
    # The demo's prerendered view may be drawn first; then Python's failure must be said.
    page.wait_for_selector("html[data-state=error]", state="attached")
    assert page.is_visible("#error")
    assert "Python" in page.inner_text("#error-text")
    assert page.is_visible("#error-reload")


def test_a_missing_webassembly_runtime_gives_a_clear_error_though_the_page_asked_for_it(page, context, site_url, watch):
    # The page asks for the WebAssembly itself (a preload handed to the worker); when that fails the worker
    # asks again, and when that fails too, Python's start-up failure is said.
    watch.allow_errors = True
    asked = []

    def gone(route):
        asked.append(route.request.url)
        route.fulfill(status=404, body="gone")

    context.route("**/pyodide.asm.wasm.xz", gone)
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity")
    page.wait_for_selector("html[data-state=error]", state="attached")
    # Said as soon as the download fails (Pyodide itself would wait for ever, until the start-up timeout).
    assert "Python’s runtime could not be downloaded (HTTP 404" in page.inner_text("#error-text")
    assert page.is_visible("#error-reload")
    assert len(asked) == 2


def test_python_starts_where_the_worker_that_gets_the_bundles_cannot(page, context, site_url, watch, wait_ready):
    # Python's worker gets our two bundles through a worker of its own (js/bundles.mjs); where that worker
    # cannot start (here its script is missing), Python's worker gets them itself.
    watch.allow_errors = True
    context.route("**/js/bundles.mjs", lambda route: route.fulfill(status=404, body="not here"))
    page.goto(site_url + "/?source=demo&report=consumption&fuel=gas")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("html[data-python=ready]", state="attached")
    page.click("a:text('Cost')")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    assert "£" in page.inner_text("main")


def test_a_corrupt_app_archive_gives_a_clear_error(page, context, site_url, watch, wait_ready):
    watch.allow_errors = True
    context.route("**/py/pyruntime-*.zip.xz", lambda route: route.fulfill(status=200, body=b"not a zip"))
    page.goto(site_url + "/?source=demo&report=consumption&fuel=gas")
    assert wait_ready(page) == "error"
    said = page.inner_text("#error-text")
    assert said.startswith("Python could not start: Half-Hourly’s Python code could not be downloaded (the host sent ")
    assert said.endswith(" in its place). Reload the page to try again.")
    # The rest of the page keeps working: navigation to the landing page still renders.
    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing", state="visible")


@pytest.mark.parametrize(("pattern", "said"), [
    # The stdlib bundle, unpacked whole: xz's own check fails in the worker.
    ("**/python_stdlib*.zip.xz", "Python’s standard library arrived damaged"),
    # The WebAssembly, unpacked as it streams into Pyodide: the check fails mid-stream, which Pyodide alone
    # would wait on for ever (until the start-up timeout).
    ("**/pyodide.asm.wasm.xz", "Python’s runtime arrived damaged"),
], ids=["stdlib", "webassembly"])
def test_a_runtime_file_cut_short_says_it_arrived_damaged_and_is_downloaded_again_on_reload(
        page, context, site_url, watch, wait_ready, pattern, said):
    # It arrives with a 200 but only its first half (a connection dropped mid-file, a proxy's truncation): the
    # worker says so in words and drops the bad copy from its cache.
    watch.allow_errors = True
    cut = []

    def half(route):
        response = route.fetch()
        body = response.body()
        cut.append(len(body))
        route.fulfill(response=response, body=body[: len(body) // 2])

    context.route(pattern, half)
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity")
    assert wait_ready(page) == "error"
    # Said in a visitor's words: which file, and that reloading mends it. Not the decoder's error code,
    # nor a hint that the browser blocks WebAssembly: it ran.
    assert page.inner_text("#error-text") == f"Python could not start: {said}. Reload the page to try again."
    context.unroute(pattern)
    page.reload()
    assert wait_ready(page) == "ready"
    assert len(cut) == 1


def test_privacy_page_lists_the_provider_origins(page, site_url):
    page.goto(site_url + "/privacy.html")
    text = page.inner_text("main")
    assert "api.octopus.energy" in text
    assert "No analytics" in text
