"""The overview first, the copy around it and the frame: in Chromium, from the landing page as a user goes."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

CARDS = ["Projected annual bill", "Best tariff: electricity import", "Best tariff: gas", "Best import × export pair",
         "Electricity import: Dec 2023", "Electricity import: last 12 months", "Gas: Dec 2023",
         "Gas: last 12 months", "Electricity export: last 12 months", "Baseload", "Carbon", "Data completeness"]


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_try_the_demo_opens_the_overview_and_each_card_opens_its_report(page, site_url, wait_ready):
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.click("#try-demo")
    assert wait_ready(page) == "ready"
    assert query(page) == {"source": "demo", "report": "overview", "fuel": "electricity"}
    assert page.inner_text("#report-title") == "Overview"
    titles = page.locator("#blocks .cards li h3").all_inner_texts()
    assert [t for t in CARDS if t not in titles] == []
    assert page.locator("#blocks .cards li").count() == page.locator("#blocks .cards li a.card-link").count()
    cards = page.inner_text("#blocks .cards")
    assert "a year for every fuel" in cards and "kWh" in cards and "£" in cards and "Timing score" in cards
    assert "Your always-on load of" in page.inner_text("#blocks")  # findings in plain English, in £

    page.click("#blocks .cards li:has(h3:text-is('Baseload')) a")
    page.wait_for_url("**report=profile**")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title").startswith("Profile of electricity import")
    page.go_back()
    page.wait_for_selector("#report-title:text-is('Overview')")


def test_the_header_marks_the_current_page_under_either_name(page, site_url, wait_ready):
    for path in ("/", "/index.html"):
        page.goto(site_url + path)
        assert wait_ready(page) == "ready"
        current = page.locator(".site-header nav a[aria-current=page]").all_inner_texts()
        assert current == ["Home"], path
        page.goto(site_url + path + "?source=demo&report=cost&fuel=gas")
        assert wait_ready(page) == "ready"
        assert page.locator(".site-header nav a[aria-current=page]").all_inner_texts() == ["Demo"], path
    page.goto(site_url + "/privacy.html")
    assert page.locator(".site-header nav a[aria-current=page]").all_inner_texts() == ["Privacy"]
    text = page.inner_text("main")
    assert "Remember my readings on this device" in text and "off until you tick it" in text


def test_export_chosen_in_one_report_is_kept_for_that_report_only(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity")
    assert wait_ready(page) == "ready"
    page.click("#fuel-tabs a:text-is('Electricity export')")
    page.wait_for_selector("#report-title:text('Electricity export')")
    assert wait_ready(page) == "ready"

    page.click("#report-menu a:text-is('Cost')")
    page.wait_for_url("**report=cost**")
    assert wait_ready(page) == "ready"
    assert query(page)["fuel"] == "electricity" and query(page)["export_in"] == "consumption"
    assert page.inner_text("#report-title").startswith("Electricity import cost")

    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_url("**report=consumption**")
    assert wait_ready(page) == "ready"
    assert query(page)["fuel"] == "export" and page.inner_text("#report-title").startswith("Electricity export")
    page.reload()  # the choices live in the URL
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title").startswith("Electricity export")


def test_copy_says_each_thing_once_and_dates_every_bill_line(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=bill&fuel=electricity&from=2023-03-01&to=2023-08-31")
    assert wait_ready(page) == "ready"
    for summary in page.locator("#blocks details:not([open]) > summary").all():
        summary.click()
    text = page.inner_text("#report")
    assert text.count("Figures are rounded only for display") == 1
    lines = page.locator("#blocks table tbody th").all_inner_texts()
    energy = [line for line in lines if line.startswith("Energy")]
    assert energy and all(re.search(r": \d{1,2} [A-Z][a-z]{2} 2023 to \d{1,2} [A-Z][a-z]{2} 2023$", line)
                          for line in energy), energy

    page.goto(site_url + "/?source=demo&report=consumption&fuel=gas&day=2023-10-29")
    assert wait_ready(page) == "ready"
    assert "Average daily use" not in page.inner_text("#totals")  # one day: its total says it


def test_the_coverage_calendar_shows_a_short_day_as_incomplete_and_opens_it(page, site_url, wait_ready, charts):
    page.goto(site_url + "/?source=demo&report=quality&fuel=electricity")
    assert wait_ready(page) == "ready"
    plot = page.locator("#blocks .chart-plot.chart-heatmap")
    page.wait_for_selector("#blocks .chart-plot.chart-heatmap canvas")
    plot.scroll_into_view_if_needed()
    legend = plot.evaluate("p => p.option.visualMap.pieces.map(x => [x.label, x.color])")
    assert [label for label, _ in legend] == ["Complete", "Incomplete", "No readings"]
    assert len({colour for _, colour in legend}) == 3
    # 14 Feb 2023 (row 2, column 14) is 75 % complete: said as incomplete, and a click opens its half-hours.
    x, y = charts.cell_point(page, 13, 1)
    page.mouse.move(x, y)
    page.wait_for_selector("#blocks .chart-readout:has-text('Feb 2023 14: 75')")
    assert "(incomplete)" in page.inner_text("#blocks .chart-readout")
    page.mouse.click(x, y)
    page.wait_for_url("**day=2023-02-14**")
    assert wait_ready(page) == "ready"
    assert query(page)["report"] == "consumption"
    assert "36 of 48" in page.inner_text("#totals")


def test_a_wrong_account_number_is_said_beside_its_field_and_nothing_keeps_moving(page, site_url, wait_ready):
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.fill("#octopus-account", "not an account")
    page.fill("#octopus-key", "sk_live_abcdefghijklmnop")
    page.click("button[data-load=octopus]")
    error = page.wait_for_selector("#octopus-account-error")
    assert "does not look like an Octopus account number" in error.inner_text()
    field = page.locator("#octopus-account")
    assert field.get_attribute("aria-invalid") == "true"
    assert "octopus-account-error" in field.get_attribute("aria-describedby").split()
    assert page.locator("#way-octopus .field:has(#octopus-account) #octopus-account-error").count() == 1
    assert page.locator("#way-octopus .error-box").count() == 0  # not repeated below the form
    assert page.locator("#way-octopus progress:not([value])").count() == 0
    assert page.evaluate("document.activeElement.id") == "octopus-account"

    # Put right, the error goes: the next attempt starts clean.
    page.fill("#octopus-account", "A-1B2C3D4E")
    page.fill("#octopus-key", "x")
    page.click("button[data-load=octopus]")
    page.wait_for_selector("#octopus-key-error")
    assert page.locator("#octopus-account-error").count() == 0
    assert page.locator("#octopus-account").get_attribute("aria-invalid") is None
    assert page.locator("#octopus-key").get_attribute("aria-describedby").split() == ["octopus-key-hint",
                                                                                      "octopus-key-error"]
