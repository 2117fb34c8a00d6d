"""Python's worker runs under the site's CSP from the very first visit, on every host.

The page starts the worker from a one-line ``blob:`` module (``js/start-worker.mjs``), which
runs under the page's own policy: its ``<meta>`` CSP on a host that sends no headers (GitHub
Pages), and the header as well where ``_headers`` is applied. So the browser itself refuses a
request from the worker to any origin but the site's and the providers', without waiting for a
service worker to add a header on a later visit. Each test uses a fresh browser profile.
"""

from __future__ import annotations

import contextlib

import pytest

from builder.serve import serve_in_thread
from tests.e2e.elsewhere import another_origin
from tests.e2e.offline_state import OFFLINE_READY

DEMO = "/?source=demo&report=consumption&fuel=electricity"

# Inside the worker: ask another origin for something (no-cors, so only the CSP can stop it) and
# report whether it was reached and which directives the browser said it enforced.
REACH = """async (url) => {
  const violated = [];
  const seen = (e) => violated.push([e.effectiveDirective, e.blockedURI]);
  self.addEventListener("securitypolicyviolation", seen);
  const outcome = await fetch(url, { mode: "no-cors" }).then(() => "reached", () => "refused");
  await new Promise((resolve) => setTimeout(resolve, 300));  // the event may come after the refusal
  self.removeEventListener("securitypolicyviolation", seen);
  return { outcome, violated, location: String(self.location) };
}"""


@pytest.fixture
def elsewhere():
    with another_origin() as (origin, hits):
        yield origin, hits


@contextlib.contextmanager
def first_visit(browser, site_dir, *, headers: bool, service_worker: bool = True):
    """A fresh browser profile on the built site (``_headers`` applied or not; ``service_worker=False``:
    ``sw.js`` is missing, so none can ever add a header); yields (base URL, page, console errors,
    [(URL, answered by the service worker), ...] of every finished request)."""
    server, url = serve_in_thread(site_dir, headers=headers)
    ctx = browser.new_context()
    if not service_worker:
        ctx.route("**/sw.js", lambda route: route.fulfill(status=404, body="none here"))
    seen: list[tuple[str, bool]] = []
    ctx.on("requestfinished", lambda r: seen.append((r.url, bool(r.response() and r.response().from_service_worker))))
    console: list[str] = []
    try:
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        # (Without sw.js, its failed registration is logged: not what is looked for here.)
        expected = () if service_worker else ("sw.js", "A bad HTTP response code (404)")
        page.on("console", lambda m: m.type == "error" and not any(e in m.text for e in expected)
                and console.append(m.text))
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        yield url, page, console, seen
    finally:
        ctx.close()
        server.shutdown()
        server.server_close()


def _python_ready(page) -> None:
    # CSP forbids Playwright's string-evaluating waits; wait on the DOM instead.
    page.wait_for_selector("html[data-state=ready]", state="attached")
    page.wait_for_selector("html[data-python=ready]", state="attached")


def _refused(page, other: str, hits: list[str], *, policies: int) -> None:
    """Python's worker cannot reach ``other``: the browser refuses it under ``connect-src`` of each of
    the page's ``policies`` (the ``<meta>`` one, and the header's where the host sends it)."""
    [worker] = page.workers
    result = worker.evaluate(REACH, other + "/leak?mpan=1234567890123")
    assert result["location"].startswith("blob:"), result  # started from the blob module
    assert result["outcome"] == "refused", result
    assert [directive for directive, _ in result["violated"]] == ["connect-src"] * policies, result
    assert all(blocked.startswith(other) for _, blocked in result["violated"]), result
    assert hits == [], "the other origin was asked"


@pytest.mark.parametrize(
    ("headers", "service_worker"),
    [(False, False), (False, True), (True, True)],
    ids=["no headers, no service worker", "no headers", "with _headers"],
)
def test_the_first_visits_worker_cannot_reach_another_origin(browser, site_dir, elsewhere, headers, service_worker):
    other, hits = elsewhere
    with first_visit(browser, site_dir, headers=headers, service_worker=service_worker) as (url, page, console, _):
        page.goto(url + DEMO)
        _python_ready(page)
        assert console == [], "no CSP violation (nor any other error) in normal use"
        _refused(page, other, hits, policies=2 if headers else 1)
        # Python still answers: a view the page has not drawn before is computed in the worker.
        page.click("#fuel-tabs a:text('Gas')")
        page.wait_for_selector("html[data-state=ready] #report-title:has-text('Gas')", state="attached")
        assert all("Content Security Policy" in text for text in console), console  # only the refusal above


@pytest.mark.parametrize("headers", [False, True], ids=["no headers", "with _headers"])
def test_offline_the_service_worker_serves_the_worker_which_is_still_held_to_the_csp(
    browser, site_dir, elsewhere, headers
):
    other, hits = elsewhere
    with first_visit(browser, site_dir, headers=headers) as (url, page, console, seen):
        page.goto(url + DEMO)
        _python_ready(page)
        for _ in range(600):
            if page.evaluate(OFFLINE_READY):
                break
            page.wait_for_timeout(100)
        else:
            raise AssertionError("the service worker never held the site")
        page.context.set_offline(True)
        seen.clear()
        page.reload()
        _python_ready(page)
        # The worker's scripts came from the service worker (the network is off): it controls the blob worker.
        from_sw = {u.rsplit("/", 1)[-1] for u, by_sw in seen if by_sw}
        assert {"worker.mjs", "protocol.mjs", "pyodide.mjs", "pyodide.asm.mjs"} <= from_sw, seen
        page.click("#fuel-tabs a:text('Gas')")
        page.wait_for_selector("html[data-state=ready] #report-title:has-text('Gas')", state="attached")
        assert console == [], "no CSP violation (nor any other error) in normal use"
        page.context.set_offline(False)
        _refused(page, other, hits, policies=2)  # the service worker gave the page the header on any host


def test_a_worker_that_cannot_start_is_said_clearly(page, context, site_url, watch):
    watch.allow_errors = True  # the failed download is logged
    context.route("**/js/worker.mjs", lambda route: route.fulfill(status=404, body="gone"))
    # Which blob: URLs the page makes and gives up (the worker's one-line module is one).
    page.add_init_script("""(() => {
      const made = (window.__blobsMade = []), revoked = (window.__blobsRevoked = []);
      const create = URL.createObjectURL, revoke = URL.revokeObjectURL;
      URL.createObjectURL = (b) => { const u = create(b); made.push(u); return u; };
      URL.revokeObjectURL = (u) => { revoked.push(u); return revoke(u); };
    })()""")
    page.goto(site_url + DEMO)
    page.wait_for_selector("html[data-state=error]", state="attached")
    # A worker that never sends a message still gives its blob back: made once, revoked.
    made, revoked = page.evaluate("[window.__blobsMade, window.__blobsRevoked]")
    assert len(made) == 1 and made[0] in revoked
    assert page.is_visible("#error")
    text = page.inner_text("#error-text")
    assert "Python" in text
    assert ". Reload the page" in text, "the browser's own words end as a sentence before the advice"
    assert page.is_visible("#error-reload")
