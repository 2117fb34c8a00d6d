"""The site from the keyboard alone: Tab, Shift+Tab, Enter, arrows and Escape, never the mouse.

Each test presses keys as a person would (``page.keyboard``) and checks where the focus lands, that it is visible,
and what the page announces: the demo's first view and a report switch land on the report's heading and say so,
a refused value in a form takes the focus with its message tied to it, the Prices page keeps the focus on a
choice changed with the arrow keys, the skip link reaches the report, the phone's menu folds with Escape, and
Tab walks a whole report and comes back round (no trap) with an outline on every stop.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.requests_seen import record_request

PHONE = {"width": 390, "height": 844}
ACTIVE = "document.activeElement"


def active_matches(page, selector: str) -> bool:
    return page.locator(selector).evaluate_all("found => found.includes(document.activeElement)")


def tab_to(page, selector: str, limit: int = 120, key: str = "Tab") -> None:
    """Press Tab (or ``key``) until the focus is on ``selector``; fail if it never gets there."""
    for _ in range(limit):
        page.keyboard.press(key)
        if active_matches(page, selector):
            return
    raise AssertionError(f"{selector} is not reachable with {key}")


def wait_view(page, title: str) -> None:
    page.wait_for_selector(f"#report-title:text('{title}')")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    page.wait_for_selector("#status", state="hidden")


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_try_the_demo_and_each_report_from_the_menu_land_on_the_heading_and_are_announced(page, site_url,
                                                                                          wait_ready):
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    tab_to(page, "#try-demo")
    page.keyboard.press("Enter")
    wait_view(page, "Overview")
    assert page.evaluate(f"{ACTIVE}.id") == "report-title"  # not lost on <body> with the hidden landing page
    assert page.inner_text("#view-announcer") == "Showing Overview"

    for name, title in [("Consumption", "Electricity import: All data"), ("Cost", "Electricity import cost"),
                        ("What-if lab", "What-if lab"), ("Data quality", "data quality")]:
        tab_to(page, f"#report-menu a:text-is('{name}')", key="Shift+Tab")
        page.keyboard.press("Enter")
        wait_view(page, title)
        assert page.evaluate(f"{ACTIVE}.id") == "report-title"
        assert page.inner_text("#view-announcer").startswith(f"Showing {page.inner_text('#report-title')}")
        assert query(page)["report"] in page.get_attribute("#report-menu a[aria-current=page]", "href")


def test_tab_walks_a_report_and_comes_back_round_with_a_visible_outline_on_every_stop(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=cost&fuel=electricity")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#status", state="hidden")
    seen = []
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.className, e.textContent.trim().slice(0, 30), s.outlineStyle,"
            " parseFloat(s.outlineWidth), s.outlineColor]; }")
        if stop[0] == "BODY":
            continue  # the browser's own stop between the page's end and its start
        if seen and stop[1] == "skip":
            break  # back at the start: Tab never got stuck
        seen.append(stop)
    else:
        raise AssertionError("Tab never came back to the skip link")
    kinds = {tag for tag, *_ in seen}
    assert {"A", "BUTTON", "SELECT", "INPUT", "SUMMARY"} <= kinds
    assert any("chart-plot" in cls for _, cls, *_ in seen)  # each chart is one stop
    hidden_ring = [s for s in seen if s[3] == "none" or s[4] < 2 or s[5] in ("transparent", "rgba(0, 0, 0, 0)")]
    assert hidden_ring == []
    # The accent outline (#0b5cad, 6.6:1 on white) on links and buttons, not the browser's thin ring.
    assert {s[5] for s in seen if s[0] in ("A", "BUTTON")} == {"rgb(11, 92, 173)"}


def test_a_refused_value_takes_the_focus_with_its_message_tied_to_it(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=whatif&ev_miles=5000")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#status", state="hidden")
    page.focus("#report-title")
    tab_to(page, "input[name=ev_window]")
    page.keyboard.press("Control+A")
    page.keyboard.type("bad")
    page.keyboard.press("Enter")
    page.wait_for_selector("input[name=ev_window][aria-invalid=true]")
    page.wait_for_selector("#status", state="hidden")
    assert query(page)["ev_window"] == "bad"
    assert active_matches(page, "input[name=ev_window]")
    described = page.get_attribute("input[name=ev_window]", "aria-describedby").split()
    error = page.locator(f"#{described[-1]}")
    assert "is not a window" in error.inner_text() and error.get_attribute("role") == "alert"
    # Said once, by its own message: the page's announcement names the view only.
    assert page.inner_text("#view-announcer") == f"Showing {page.inner_text('#report-title')}"

    # A period link is not a submission: the focus goes to the heading even though the value is still refused.
    page.focus("#report-title")
    tab_to(page, "#period a:text-is('Year')")
    page.keyboard.press("Enter")
    page.wait_for_selector("#period a[aria-current=page]:text-is('Year')")
    page.wait_for_selector("#status", state="hidden")
    assert page.evaluate(f"{ACTIVE}.id") == "report-title"


def test_the_skip_link_reaches_the_report_heading_without_reloading_it(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=bill&fuel=electricity")
    assert wait_ready(page) == "ready"
    url = page.url
    page.keyboard.press("Tab")
    assert active_matches(page, "a.skip")
    page.keyboard.press("Enter")
    assert page.evaluate(f"{ACTIVE}.id") == "report-title"
    assert page.url == url  # no "#main" entry in the history that would make Back re-open the same report
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.closest('#report-menu')") is None  # past the menu


def test_the_prices_page_keeps_the_focus_on_a_choice_changed_with_the_arrow_keys(page, site_url, wait_ready):
    page.goto(site_url + "/prices.html")
    assert wait_ready(page) == "ready"
    tab_to(page, "select[name=region]")
    before = query(page).get("region")
    page.keyboard.press("ArrowUp" if before == "C" else "ArrowDown")
    for _ in range(200):
        if query(page).get("region") != before and page.evaluate("document.documentElement.dataset.state") == "ready":
            break
        page.wait_for_timeout(50)
    assert query(page)["region"] != before
    page.wait_for_selector("html[data-state=ready]", state="attached")
    assert active_matches(page, "select[name=region]")  # the redrawn form's select, not <body>
    assert page.evaluate(f"{ACTIVE}.value") == query(page)["region"]


@pytest.fixture
def phone(browser, site_url, watch):
    ctx = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    ctx.on("request", lambda r: record_request(r, watch.requests, site_url))
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    pg.on("console", lambda m: m.type == "error" and watch.errors.append(f"console: {m.text}"))
    yield pg
    ctx.close()
    assert watch.errors == []
    assert [u for u in watch.requests if not u.startswith(site_url + "/")] == []


def test_on_a_phone_the_report_menu_opens_with_enter_and_folds_with_escape(phone, site_url):
    page = phone
    page.goto(site_url + "/?source=demo&report=cost&fuel=electricity")
    page.wait_for_selector("html[data-state=ready]", state="attached")
    page.focus("#report-title")
    tab_to(page, "#menu-toggle", key="Shift+Tab")
    page.keyboard.press("Enter")
    assert page.get_attribute("#menu-toggle", "aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert active_matches(page, "#report-menu a:text-is('Overview')")
    page.keyboard.press("Escape")
    assert page.get_attribute("#menu-toggle", "aria-expanded") == "false"
    assert not page.is_visible("#report-menu a:text-is('Overview')")
    assert active_matches(page, "#menu-toggle")
    page.keyboard.press("Space")
    tab_to(page, "#report-menu a:text-is('Consumption')")
    page.keyboard.press("Enter")
    wait_view(page, "Electricity import: All data")
    assert page.evaluate(f"{ACTIVE}.id") == "report-title"
