"""Layer 3: Playwright (from PyPI) drives Debian's Chromium against the built site.

The site is served by ``builder.serve`` on 127.0.0.1 with its own ``_headers``
applied, exactly as ``make serve`` does, so the worker runs under the real CSP.
Every page fixture records console errors, CSP violations and every request,
and fails the test if anything went wrong or anything left the site's origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from builder.serve import serve_in_thread
from tests.e2e.requests_seen import record_request

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
READY_TIMEOUT_MS = 60_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    site = Path(request.config.getoption("--site"))
    if not (site / "index.html").is_file():
        pytest.fail(f"{site} has no built site: run `make build` (or `make test-e2e`) first")
    return site


@pytest.fixture(scope="session")
def site_url(site_dir):
    server, url = serve_in_thread(site_dir)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test-e2e` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did: console errors, CSP violations, requests."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    """URLs that went to the network: requests the service worker answered from its cache are not here
    (a request it passes on appears twice in ``requests``, once here)."""
    allow_errors: bool = False


@pytest.fixture
def watch():
    return Watch()


def _record_download(request, watch: Watch) -> None:
    response = request.response()
    if response is not None and not response.from_service_worker:
        watch.downloads.append(request.url)


@pytest.fixture
def context(browser, site_url, watch):
    ctx = browser.new_context()
    ctx.on("request", lambda r: record_request(r, watch.requests, site_url))
    ctx.on("requestfinished", lambda r: _record_download(r, watch))
    ctx.on("weberror", lambda e: watch.errors.append(f"uncaught: {e.error}"))
    yield ctx
    ctx.close()
    if not watch.allow_errors:
        assert watch.errors == [], "the page logged errors"
    foreign = [u for u in watch.requests if not u.startswith(site_url + "/") and not u.startswith("data:")]
    assert foreign == [], "requests left the site's origin"


@pytest.fixture
def page(context, watch):
    pg = context.new_page()
    pg.set_default_timeout(READY_TIMEOUT_MS)
    pg.on("console", lambda m: m.type == "error" and watch.errors.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: watch.errors.append(f"pageerror: {e}"))
    yield pg


def _wait_ready(page) -> str:
    # CSP forbids Playwright's string-evaluating waits; wait on the DOM instead.
    page.wait_for_selector("html[data-state=ready], html[data-state=error]", state="attached")
    return page.evaluate("document.documentElement.dataset.state")


@pytest.fixture
def wait_ready():
    """``wait_ready(page)``: wait until the current view is drawn (or failed); returns the state."""
    return _wait_ready


def _wait_report(page) -> None:
    page.wait_for_selector("#report:not([hidden])")
    assert _wait_ready(page) == "ready"


def _wait_loaded(page) -> None:
    _wait_report(page)
    assert page.inner_text("#report-title") == "Overview" and "report=overview" in page.url
    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_selector("#report-menu a[aria-current=page]:text-is('Consumption')")
    assert _wait_ready(page) == "ready"


@pytest.fixture
def wait_report():
    """``wait_report(page)``: wait until a report (not the landing page) is shown and drawn."""
    return _wait_report


@pytest.fixture
def wait_loaded():
    """``wait_loaded(page)``: after a load the overview opens first; then open the consumption view, whose
    totals the data-loading tests read."""
    return _wait_loaded


class Charts:
    """Reading and touching the canvas charts as a person does: by pointer, tap or keyboard.

    A chart's plot (``.chart-plot``) carries how many points it draws (``data-points``),
    for bar charts how many are gaps (``data-gaps``) and each bar's key (``plot.keys``);
    positions come from the chart itself, so a click lands where the bar is drawn.
    """

    @staticmethod
    def bar_count(page, scope: str = "#blocks") -> int:
        return sum(int(n) for n in page.locator(f"{scope} .chart-plot.chart-bars").evaluate_all(
            "plots => plots.map(p => p.dataset.points)"))

    @staticmethod
    def gap_count(page, scope: str = "#blocks") -> int:
        return sum(int(n) for n in page.locator(f"{scope} .chart-plot.chart-bars").evaluate_all(
            "plots => plots.map(p => p.dataset.gaps)"))

    @staticmethod
    def bar_point(page, key: str, scope: str = "#blocks") -> tuple[float, float]:
        """The page coordinates of a point inside bar ``key``'s column, just above the axis."""
        page.wait_for_selector(f"{scope} .chart-plot.chart-bars canvas")  # drawn once it has a width
        plots = page.locator(f"{scope} .chart-plot.chart-bars")
        for i in range(plots.count()):
            found = plots.nth(i).evaluate("(p, key) => p.keys.indexOf(key)", key)
            if found >= 0:
                plot = plots.nth(i)
                break
        else:
            raise AssertionError(f"no bar with key {key}")
        plot.scroll_into_view_if_needed()
        # A ranking is drawn across (names down the side): its bars start at the left axis instead.
        x, y = plot.evaluate(
            "(p, key) => { const i = p.keys.indexOf(key); const across = p.dataset.horizontal === 'true';"
            " const [x, y] = p.chart.convertToPixel({seriesIndex: 0}, across ? [0, i] : [i, 0]);"
            " const r = p.getBoundingClientRect();"
            " return across ? [r.left + x + 4, r.top + y] : [r.left + x, r.top + y - 4]; }",
            key)
        return x, y

    @staticmethod
    def cell_point(page, column: int, row: int, scope: str = "#blocks") -> tuple[float, float]:
        """The page coordinates of the centre of a heatmap cell (0-based column and row)."""
        plot = page.locator(f"{scope} .chart-plot.chart-heatmap")
        page.wait_for_selector(f"{scope} .chart-plot.chart-heatmap canvas")
        plot.scroll_into_view_if_needed()
        x, y = plot.evaluate(
            "(p, [column, row]) => { const [x, y] = p.chart.convertToPixel({seriesIndex: 0}, [column, row]);"
            " const r = p.getBoundingClientRect(); return [r.left + x, r.top + y]; }", [column, row])
        return x, y

    def click_bar(self, page, key: str, scope: str = "#blocks") -> None:
        x, y = self.bar_point(page, key, scope)
        page.mouse.click(x, y)


@pytest.fixture
def charts():
    return Charts()
