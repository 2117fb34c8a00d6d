"""The demo household end to end: landing → months → days → half-hours, in Chromium."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_try_the_demo_then_drill_down_to_a_half_hour_and_back(page, charts, site_url, watch, wait_ready):
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    assert page.is_visible("#landing")
    page.click("#try-demo")
    assert wait_ready(page) == "ready"
    assert query(page) == {"source": "demo", "report": "overview", "fuel": "electricity"}  # the first view
    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_selector("#report-menu a[aria-current=page]:text-is('Consumption')")
    assert wait_ready(page) == "ready"
    assert query(page) == {"source": "demo", "report": "consumption", "fuel": "electricity"}
    assert page.inner_text("#report-title") == "Electricity import: All data"
    assert charts.bar_count(page) == 12
    assert "kWh/day" in page.inner_text("#totals")

    charts.click_bar(page, "2023-03")
    assert wait_ready(page) == "ready"
    assert query(page)["month"] == "2023-03"
    assert page.inner_text("#report-title") == "Electricity import: Mar 2023"
    assert charts.bar_count(page) == 31

    charts.click_bar(page, "2023-03-26")
    assert wait_ready(page) == "ready"
    assert query(page)["day"] == "2023-03-26"
    assert charts.bar_count(page) == 46  # clocks went forward

    page.go_back()
    page.wait_for_selector("#report-title:text('Electricity import: Mar 2023')")
    assert charts.bar_count(page) == 31
    # Python started once for the whole session: no second download of the runtime.
    assert sum(u.endswith("pyodide.asm.wasm.xz") for u in watch.downloads) == 1


def test_a_report_url_opens_directly_and_survives_a_reload(page, charts, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=gas&month=2023-10&day=2023-10-29")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Gas: 29 Oct 2023"
    assert charts.bar_count(page) == 50  # clocks went back
    labels = page.locator("#blocks table tbody th").all_text_contents()
    assert labels[2:6] == ["01:00 (BST)", "01:30 (BST)", "01:00 (GMT)", "01:30 (GMT)"]
    page.reload()
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Gas: 29 Oct 2023"
    assert charts.bar_count(page) == 50


def test_switching_fuel_keeps_the_month_and_does_not_restart_python(page, site_url, watch, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity&month=2023-06")
    assert wait_ready(page) == "ready"
    page.click("#fuel-tabs a:text('Electricity export')")
    page.wait_for_selector("#report-title:text('Electricity export: Jun 2023')")
    assert wait_ready(page) == "ready"
    assert query(page) == {"source": "demo", "report": "consumption", "fuel": "export", "month": "2023-06"}
    page.click("#fuel-tabs a:text('Gas')")
    page.wait_for_selector("#report-title:text('Gas: Jun 2023')")
    assert sum(u.endswith("pyodide.asm.wasm.xz") for u in watch.downloads) == 1
    assert sum("/py/pyruntime-" in u for u in watch.downloads) == 1


def test_gaps_are_shown_and_totals_say_what_is_missing(page, charts, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity&month=2023-02&day=2023-02-14")
    assert wait_ready(page) == "ready"
    assert charts.gap_count(page) == 12
    totals = page.inner_text("#totals")
    assert "36 of 48" in totals
    assert "Missing" in totals
    page.click("#blocks details.data-table summary")
    assert page.locator("#blocks table tbody tr.incomplete").count() == 12


def test_bad_url_parameters_fall_back_and_say_so(page, charts, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=steam&month=2025-13")
    assert wait_ready(page) == "ready"
    notices = page.locator("#notices li").all_inner_texts()
    assert any("not a fuel we know" in n for n in notices)
    assert any("not a month" in n for n in notices)
    assert query(page) == {"source": "demo", "report": "consumption", "fuel": "electricity"}
    assert charts.bar_count(page) == 12


def test_unknown_source_shows_the_landing_page_with_a_notice(page, site_url, wait_ready):
    page.goto(site_url + "/?source=nowhere")
    assert wait_ready(page) == "ready"
    assert page.is_visible("#landing")
    assert "no data source called" in page.inner_text("#notices")


def test_keyboard_users_can_drill_down(page, charts, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=gas")
    assert wait_ready(page) == "ready"
    page.focus("#blocks .chart-plot.chart-bars")  # the chart is one Tab stop
    page.keyboard.press("ArrowRight")  # reads the first bar: January
    assert page.inner_text("#blocks .chart-readout").startswith("Jan 2023: ")
    page.keyboard.press("Enter")
    page.wait_for_selector("#report-title:text('Gas: Jan 2023')")
    assert charts.bar_count(page) == 31


AXIS = "p => p.chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent()"
STUB = "p => p.chart.getOption().series[1].data.find((v) => v !== null)"


@pytest.mark.parametrize("report", ["consumption", "cost"])
def test_a_day_without_readings_reads_as_no_data_not_as_full_bars(page, site_url, wait_ready, report):
    page.goto(site_url + f"/?source=demo&report={report}&fuel=electricity&day=2023-09-05")
    assert wait_ready(page) == "ready"
    plots = page.locator("#blocks .chart-plot.chart-bars")
    assert plots.count() >= 1
    for i in range(plots.count()):  # cost draws the day's use and its cost, each with nothing in it
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        page.wait_for_function("p => p.chart", arg=plot.element_handle())
        assert plot.evaluate("p => Number(p.dataset.gaps)") == 48
        assert plot.evaluate(AXIS) == [0, 1]  # an axis of 0 to 1 of the unit, not 0 to 0.01
        assert plot.evaluate(STUB) == 0.02  # each gap a short stub on it


def test_gaps_among_readings_stay_short_stubs_on_the_readings_scale(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity&month=2023-02&day=2023-02-14")
    assert wait_ready(page) == "ready"
    plot = page.locator("#blocks .chart-plot.chart-bars").first
    page.wait_for_function("p => p.chart", arg=plot.element_handle())
    low, high = plot.evaluate(AXIS)
    stub = plot.evaluate(STUB)
    assert low == 0 and high > 0.01 and 0 < stub <= high * 0.02
