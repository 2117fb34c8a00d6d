"""WCAG 2.2 AA checks at desktop and phone size: axe-core (npm, pinned) on the landing, Prices and
Privacy pages and every report of the demo, and the phone layout's own promises.

axe runs inside the page through the browser's debugging protocol, which the CSP does not govern,
so the pages are checked exactly as served.
"""

from __future__ import annotations

import pytest

from builder.config import ROOT
from tests.e2e.requests_seen import record_request

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
REPORTS = ["overview", "consumption", "cost", "bill", "compare", "emissions", "profile", "heatmap", "quality"]
PAGES = ["/", "/prices.html", "/privacy.html",
         *[f"/?source=demo&report={r}&fuel=electricity" for r in REPORTS],
         "/?source=demo&report=net&fuel=export", "/?source=demo&report=consumption&fuel=gas&month=2023-03"]


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def sized(request, browser, site_url, watch):
    phone = request.param is PHONE
    ctx = browser.new_context(viewport=request.param, has_touch=phone, is_mobile=phone)
    ctx.on("request", lambda r: record_request(r, watch.requests, site_url))
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    page.on("console", lambda m: m.type == "error" and watch.errors.append(f"console: {m.text}"))
    yield page, phone
    ctx.close()
    assert watch.errors == []
    assert [u for u in watch.requests if not u.startswith(site_url + "/")] == []


def open_view(page, url: str) -> None:
    page.goto(url)
    if "privacy" not in url:
        page.wait_for_selector("html[data-state=ready]", state="attached")
    page.wait_for_timeout(200)  # charts draw at the first frame with a width


def serious_violations(page) -> list[str]:
    page.evaluate(AXE)
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))")
    return found


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violations(sized, site_url, path):
    page, _ = sized
    open_view(page, site_url + path)
    assert serious_violations(page) == []


def test_phone_has_no_sideways_scroll_small_chart_text_or_small_tap_targets(sized, site_url):
    page, phone = sized
    if not phone:
        pytest.skip("the phone layout")
    for path in PAGES:
        open_view(page, site_url + path)
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
        # (a file input is drawn as its drop zone, which is the target: the input itself is 1 px)
        small = page.evaluate("""() => [...document.querySelectorAll(
                'a, button, input:not([type=file]), select, summary')]
            .filter(e => e.offsetParent !== null && !e.closest('p, li, dd, td') && !e.classList.contains('skip'))
            .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24).map(([t]) => t)""")
        assert small == [], path
    # Charts draw their text at 12 px or more (ECharts' own text options, read back from the chart).
    open_view(page, site_url + "/?source=demo&report=consumption&fuel=electricity")
    sizes = page.locator(".chart-plot").first.evaluate("""p => {
        const o = p.chart.getOption(); const out = [o.textStyle?.[0]?.fontSize ?? o.textStyle?.fontSize];
        for (const a of [...o.xAxis, ...o.yAxis]) out.push(a.axisLabel.fontSize);
        return out; }""")
    assert min(sizes) >= 12


def test_the_report_menu_folds_on_a_phone_and_a_tap_reads_a_bar(sized, site_url, charts):
    page, phone = sized
    open_view(page, site_url + "/?source=demo&report=consumption&fuel=electricity")
    if not phone:
        assert page.is_hidden("#menu-toggle") and page.is_visible("#report-menu")
        x, y = charts.bar_point(page, "2023-06")
        page.mouse.move(x, y)
    else:
        assert page.inner_text("#menu-toggle") == "Report: Consumption"
        assert page.is_hidden("#report-menu")
        page.click("#menu-toggle")
        assert page.is_visible("#report-menu a:text-is('Heatmap')")
        page.click("#menu-toggle")
        x, y = charts.bar_point(page, "2023-06")
        page.touchscreen.tap(x, y)
    page.wait_for_selector(".chart-readout:text('Jun 2023: ')")
    assert "kWh/day" in page.inner_text(".chart-readout")
    assert "month=" not in page.url  # a first tap reads; it does not navigate


def test_a_view_change_moves_focus_to_the_new_heading_and_announces_it(sized, site_url, charts):
    page, _ = sized
    open_view(page, site_url + "/?source=demo&report=consumption&fuel=electricity")
    assert page.get_attribute(".site-header a:text-is('Demo')", "aria-current") == "page"
    assert page.get_attribute(".site-header a:text-is('Home')", "aria-current") is None
    page.focus("#blocks .chart-plot")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.wait_for_selector("#report-title:text('Dec 2023')")
    assert page.evaluate("document.activeElement.id") == "report-title"
    assert page.inner_text("#view-announcer") == "Showing Electricity import: Dec 2023"
