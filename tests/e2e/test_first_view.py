"""The demo's first view is drawn from the build's copy before Python starts,
Python then computes exactly the same view model, and a click made while
Python starts is answered, not lost."""

from __future__ import annotations

import json


def test_the_prerendered_first_view_is_drawn_before_python_and_python_takes_over_without_redoing_it(
        page, site_url, site_dir):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "/?source=demo")
    page.wait_for_selector("html[data-prerender=drawn]", state="attached")
    assert page.inner_text("#report-title") == "Overview"  # the first view, with its findings and cards
    assert page.locator("#blocks .cards li").count() >= 10
    prerendered = page.inner_text("#blocks")
    page.wait_for_selector("html[data-python=ready]", state="attached")
    timings = page.evaluate(
        "(() => { const v = performance.getEntriesByName('half-hourly:view')[0];"
        " return {drawn: v.startTime + v.duration, prerendered: v.detail.prerendered,"
        " ready: performance.getEntriesByName('half-hourly:python-ready')[0].startTime}; })()"
    )
    assert timings["prerendered"] is True
    assert timings["drawn"] < timings["ready"]
    # The build checked that Python in the browser answers this view with the same text
    # (tests/builder/test_build.py), so Python is not asked again, nor are the prices it shows downloaded.
    page.wait_for_timeout(1000)
    assert page.evaluate("performance.getEntriesByName('half-hourly:reply').length") == 0
    assert not [u for u in requests if "/feeds/v1/tariffs/" in u]
    assert page.evaluate("document.documentElement.dataset.prerender") == "drawn"
    # The URL became the canonical demo view pyruntime chose, the one the landing page links to.
    index = (site_dir / "index.html").read_text()
    assert 'id="prerender" data-checked>' in index
    view = json.loads(index.split('data-checked>', 1)[1].split("</script>", 1)[0])["view"]
    for key, value in view.items():
        assert f"{key}={value}" in page.url
    # Asked for the same view now, Python draws exactly what the build drew.
    page.evaluate("dispatchEvent(new PopStateEvent('popstate'))")
    for _ in range(600):  # (wait_for_function would evaluate a string, which the CSP forbids)
        if page.evaluate("performance.getEntriesByName('half-hourly:reply').length"):
            break
        page.wait_for_timeout(50)
    page.wait_for_selector("html[data-state=ready]", state="attached")
    assert page.evaluate("performance.getEntriesByName('half-hourly:reply').map((m) => m.detail.op)") == ["report"]
    assert page.inner_text("#blocks") == prerendered


def test_a_click_while_python_starts_is_kept_and_answered(page, site_url):
    page.goto(site_url + "/?source=demo")
    page.wait_for_selector("html[data-prerender]", state="attached")
    starting = page.evaluate("document.documentElement.dataset.python") == "starting"
    page.click("#blocks .cards a:has-text('gas: last 12 months')")
    page.wait_for_selector("html[data-state=ready] #report-title:has-text('Gas')", state="attached")
    assert "fuel=gas" in page.url and "report=cost" in page.url
    assert page.evaluate("document.documentElement.dataset.python") == "ready"
    reports = page.evaluate("performance.getEntriesByName('half-hourly:reply')"
                            ".filter((m) => m.detail.op === 'report').length")
    if starting:
        # The click is answered first and alone: Python does not check the overview the user already left.
        assert reports == 1
        assert page.evaluate("document.documentElement.dataset.prerender") == "drawn"
    # On a busy machine Python may already be up; the point is made when it was not.
    assert starting in (True, False)


def test_a_browser_that_cannot_transfer_a_stream_hands_the_webassembly_over_as_bytes(browser, site_url):
    # Browsers without transferable streams throw on posting the response's body; the page then hands the
    # worker the downloaded bytes instead. Python starts, and the WebAssembly is still downloaded once.
    context = browser.new_context()
    context.add_init_script("""
        const post = Worker.prototype.postMessage;
        Worker.prototype.postMessage = function (message, transfer) {
          if (Array.isArray(transfer) && transfer.some((t) => t instanceof ReadableStream)) {
            self.__streamRefused = true;
            throw new DOMException("ReadableStream could not be cloned.", "DataCloneError");
          }
          return post.call(this, message, transfer);
        };
    """)
    asked = []
    context.on("request", lambda r: r.url.endswith("pyodide.asm.wasm.xz") and asked.append(r.url))
    page = context.new_page()
    page.goto(site_url + "/?source=demo")
    page.wait_for_selector("html[data-python=ready]", state="attached", timeout=90_000)
    assert page.evaluate("self.__streamRefused === true")
    page.click("#blocks .cards a:has-text('gas: last 12 months')")
    page.wait_for_selector("html[data-state=ready] #report-title:has-text('Gas')", state="attached")
    assert len(asked) == 1
    context.close()
