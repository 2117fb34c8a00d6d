"""Who may frame the site: its own origin, no one else, whoever serves it.

On a host that sends no headers (GitHub Pages) a first visit has no ``frame-ancestors``: the frame guard keeps the
rule. Another origin (a second 127.0.0.1 port, ``tests/e2e/elsewhere.py``) frames the site: inside that frame only a
notice with a link to open the site in its own tab is drawn, no control, no Python and no provider request, and not
one byte of Python's runtime is downloaded. The same page unframed, and framed by the site's own origin, work as
always; no page reports a CSP violation. Where the headers are sent (``_headers``, or the service worker from the
second visit) ``frame-ancestors 'self'`` keeps the same rule: the site's own frames work, another origin's are
refused.
"""

from __future__ import annotations

import contextlib

import pytest

from builder.serve import serve_in_thread
from tests.e2e.elsewhere import another_origin
from tests.e2e.requests_seen import record_request

FRAMED = "/?source=octopus&report=overview"  # a page that would offer the Octopus form


@pytest.fixture
def bare_host(site_dir):
    """The built site from a server that sends no headers at all, as GitHub Pages does for these."""
    server, url = serve_in_thread(site_dir, headers=False)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def visit(browser, bare_host):
    """A fresh profile on its first visit (no service worker: from the second visit it adds the headers, whose
    ``frame-ancestors 'none'`` refuses every frame); yields (page, requests seen, console errors), then checks
    no CSP violation was reported."""
    ctx = browser.new_context()
    ctx.route("**/sw.js", lambda route: route.fulfill(status=404, body="none here"))
    requests: list[str] = []
    errors: list[str] = []
    ctx.on("request", lambda r: record_request(r, requests, bare_host))
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    # (Without sw.js, its failed registration is logged: not what is looked for here.)
    pg.on("console", lambda m: m.type == "error" and "sw.js" not in m.text and "(404)" not in m.text
          and errors.append(m.text))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg, requests, errors
    ctx.close()
    assert [e for e in errors if "Content Security Policy" in e] == []


def wasm_requests(requests: list[str]) -> int:
    """How many of ``requests`` asked for Python's WebAssembly runtime (3.5 MB on the wire)."""
    return sum(u.split("?", 1)[0].endswith("/pyodide.asm.wasm.xz") for u in requests)


def _frame_of(page, url: str):
    for _ in range(300):
        frame = next((f for f in page.frames if f.url.startswith(url)), None)
        if frame is not None and frame.evaluate("document.readyState") == "complete":
            return frame
        page.wait_for_timeout(100)
    raise AssertionError(f"no frame loaded {url}")


def test_framed_by_another_origin_only_a_notice_with_a_link_to_open_the_site_is_drawn(visit, bare_host):
    page, requests, errors = visit
    with another_origin() as (other, hits):
        page.goto(other + "/")
        page.evaluate("(u) => { document.getElementById('f').src = u; }", bare_host + FRAMED)
        frame = _frame_of(page, bare_host)
        page.wait_for_timeout(1500)  # time for any module that would start Python or draw a form
        assert frame.evaluate("document.documentElement.hasAttribute('data-framed')")
        notice = frame.locator(".framed-notice")
        assert notice.is_visible() and "inside another website" in notice.inner_text()
        link = notice.get_by_role("link", name="Open Half-Hourly in its own tab")
        assert link.evaluate("a => a.href") == bare_host + FRAMED  # this very page, its settings included
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
        # Nothing else is drawn, and nothing that could reach a provider exists: no form, no Python, no worker.
        for hidden in (".site-header", "#main", "#landing", ".site-footer"):
            assert not frame.locator(hidden).is_visible(), hidden
        assert frame.locator("button[data-load], #octopus-key, input").count() == 0
        assert frame.evaluate("document.documentElement.dataset.python") == "starting"
        assert page.workers == []
        # The 3.5 MB WebAssembly waits in an inert template only an unframed page puts in its <head>, and no
        # worker is made, so none of Python's downloads start.
        assert wasm_requests(requests) == 0, requests
        assert not any(u.endswith(("/js/worker.mjs", "pyodide.asm.js", ".zip", ".gz")) for u in requests), requests
        assert hits == ["/"]  # the framing page itself; nothing of the site's reached the other origin
    assert errors == []


def test_unframed_and_framed_by_its_own_origin_the_site_works(visit, bare_host, wait_ready):
    page, requests, errors = visit
    page.goto(bare_host + "/")
    assert wait_ready(page) == "ready"
    # The guard put the runtime's preload in the <head>: asked for once, and handed to Python's worker.
    assert page.locator("head > link[rel=preload][href$='pyodide.asm.wasm.xz']").count() == 1
    assert page.locator("template#runtime-preload").count() == 0
    assert wasm_requests(requests) == 1, requests
    assert not page.evaluate("document.documentElement.hasAttribute('data-framed')")
    assert not page.locator(".framed-notice").is_visible()
    assert page.locator("button[data-load=octopus]").is_visible()

    # A frame of the site's own origin (nothing of ours frames it today, but it must keep working if it does).
    page.evaluate("(u) => { const f = document.createElement('iframe'); f.src = u; f.style.width = '60rem';"
                  " f.style.height = '40rem'; document.body.append(f); }", bare_host + "/?source=demo")
    frame = _frame_of(page, bare_host + "/?source=demo")
    assert wait_ready(frame) == "ready"
    assert not frame.evaluate("document.documentElement.hasAttribute('data-framed')")
    assert frame.locator("#report-title").is_visible()
    assert not frame.locator(".framed-notice").is_visible()
    assert errors == []


@pytest.mark.parametrize("headers", [True, False], ids=["with _headers", "headers from the service worker"])
def test_where_the_headers_are_sent_our_own_origin_frames_the_site_and_another_cannot(browser, site_dir, headers,
                                                                                     wait_ready):
    server, url = serve_in_thread(site_dir, headers=headers)
    ctx = browser.new_context()
    requests: list[str] = []
    errors: list[str] = []
    ctx.on("request", lambda r: record_request(r, requests, url))
    try:
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        response = page.goto(url + "/")
        assert wait_ready(page) == "ready"
        if not headers:  # the second visit, served by the service worker, which adds the headers
            for _ in range(600):
                if page.evaluate("navigator.serviceWorker.controller !== null"):
                    break
                page.wait_for_timeout(100)
            response = page.reload()
            assert wait_ready(page) == "ready"
            assert response.from_service_worker
        policy = response.headers["content-security-policy"]
        assert policy.endswith("frame-ancestors 'self'"), policy
        assert response.headers["x-frame-options"] == "SAMEORIGIN"

        page.evaluate("(u) => { const f = document.createElement('iframe'); f.src = u; f.style.width = '60rem';"
                      " f.style.height = '40rem'; document.body.append(f); }", url + "/?source=demo")
        frame = _frame_of(page, url + "/?source=demo")
        assert wait_ready(frame) == "ready"
        assert frame.locator("#report-title").is_visible()
        assert errors == []  # no CSP violation: the header lets our own origin frame the site

        with another_origin() as (other, hits):
            outer = ctx.new_page()
            outer.goto(other + "/")
            before = wasm_requests(requests)
            outer.evaluate("(u) => { document.getElementById('f').src = u; }", url + FRAMED)
            outer.wait_for_timeout(3000)
            drawn = False
            for f in outer.frames[1:]:
                with contextlib.suppress(Exception):  # the browser refused to put the page in the frame at all
                    drawn |= f.evaluate("document.getElementById('main')?.checkVisibility() ?? false")
            assert not drawn
            assert wasm_requests(requests) == before, requests
            assert outer.workers == []
            assert set(hits) <= {"/", "/favicon.ico"}  # the framing page's own; nothing of the site went there
    finally:
        ctx.close()
        server.shutdown()
        server.server_close()
