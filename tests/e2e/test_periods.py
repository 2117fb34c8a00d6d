"""Period navigation on the demo: ‹ › step through days, weeks, months and years; the URL keeps the view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def keys(page) -> list[str]:
    return page.locator("#blocks .chart-plot.chart-bars").first.evaluate("p => p.keys")


def test_stepping_back_and_forward_changes_url_heading_and_chart_and_a_reload_keeps_it(
        page, charts, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity&month=2023-03&day=2023-03-25")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Electricity import: 25 Mar 2023"
    assert page.inner_text("#period .period-label") == "25 Mar 2023"
    assert charts.bar_count(page) == 48

    page.click("#period a[rel='next']")
    page.wait_for_selector("#report-title:text('Electricity import: 26 Mar 2023')")
    assert wait_ready(page) == "ready"
    assert query(page)["day"] == "2023-03-26"
    assert charts.bar_count(page) == 46  # the clocks went forward
    assert keys(page)[0] == "2023-03-26T00:00:00Z"

    page.click("#period .period-kinds a:text-is('Week')")
    page.wait_for_selector("#report-title:text('Electricity import: Week of 20 Mar 2023')")
    assert wait_ready(page) == "ready"
    assert query(page) == {"source": "demo", "report": "consumption", "fuel": "electricity", "week": "2023-03-20"}
    assert charts.bar_count(page) == 7
    assert keys(page)[0] == "2023-03-20"

    page.click("#period a[rel='prev']")
    page.wait_for_selector("#report-title:text('Electricity import: Week of 13 Mar 2023')")
    assert wait_ready(page) == "ready"
    assert query(page)["week"] == "2023-03-13"
    assert keys(page)[0] == "2023-03-13"

    page.reload()
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Electricity import: Week of 13 Mar 2023"
    assert keys(page)[0] == "2023-03-13"
    assert page.locator("#period .period-kinds a[aria-current='page']").inner_text() == "Week"


def test_stepping_stops_at_the_ends_of_the_data_with_a_disabled_button(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=electricity&year=2023")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Electricity import: 2023"
    assert page.locator("#period button.period-step[disabled]").count() == 2  # one year of data: nowhere to go
    page.click("#period .period-kinds a:text-is('Month')")
    page.wait_for_selector("#report-title:text('Electricity import: Jan 2023')")
    assert page.locator("#period button.period-step[disabled][aria-label='Previous period']").count() == 1
    assert page.locator("#period a.period-step[rel='next']").count() == 1


def test_a_custom_range_is_kept_in_the_url(page, charts, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption&fuel=gas&month=2023-02")
    assert wait_ready(page) == "ready"
    page.click("#period details.period-range summary")
    page.fill("#period input[name='from']", "2023-02-20")
    page.fill("#period input[name='to']", "2023-03-05")
    page.click("#period button[type='submit']")
    page.wait_for_selector("#report-title:text('Gas: 20 Feb 2023 to 5 Mar 2023')")
    assert wait_ready(page) == "ready"
    assert query(page)["from"] == "2023-02-20" and query(page)["to"] == "2023-03-05"
    assert charts.bar_count(page) == 14


def test_a_week_on_agile_draws_use_over_price(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=cost&fuel=electricity&tariff=agile&week=2023-10-25")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Electricity import cost: Week of 23 Oct 2023"
    plots = page.locator("#blocks .chart-plot.chart-bars")
    over = [i for i in range(plots.count()) if plots.nth(i).evaluate("p => p.keys.length") == 338]
    assert over, "no half-hourly chart of use over price"  # 7 days, one with 50 half-hours
    series = plots.nth(over[0]).evaluate("p => p.chart.getOption().series.map(s => s.type)")
    assert "line" in series and "bar" in series


def test_data_quality_steps_through_months_and_its_calendar_follows(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=quality&fuel=electricity")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#period .period-label") == "All data"
    page.click("#period .period-kinds a:text-is('Month')")
    page.wait_for_selector("#report-title:text('Electricity import: data quality, Jan 2023')")
    assert wait_ready(page) == "ready"
    assert query(page)["month"] == "2023-01"
    page.click("#period a[rel='next']")
    page.wait_for_selector("#report-title:text('data quality, Feb 2023')")
    assert wait_ready(page) == "ready"
    assert query(page) == {"source": "demo", "report": "quality", "fuel": "electricity", "month": "2023-02"}
    # February alone: one row of the calendar, and its totals are February's (12 half-hours missing on the 14th).
    plot = page.locator("#blocks .chart-plot.chart-heatmap")
    assert plot.evaluate("p => p.option.yAxis.data") == ["Feb 2023"]
    assert "1,332 of 1,344" in page.inner_text("#totals")
    page.reload()
    assert wait_ready(page) == "ready"
    assert page.inner_text("#period .period-label") == "Feb 2023"


def test_the_lab_runs_its_scenario_over_the_period_chosen(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=whatif&battery=0&solar=4")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#period .period-label") == "All data (1 Jan 2023 to 31 Dec 2023)"
    assert "1 Jan 2023 to 31 Dec 2023" in page.inner_text("#blocks")
    page.click("#period .period-kinds a:text-is('Month')")
    page.wait_for_selector("#period .period-label:text-is('Jan 2023')")
    assert wait_ready(page) == "ready"
    assert query(page) == {"source": "demo", "report": "whatif", "fuel": "electricity", "month": "2023-01",
                           "battery": "0", "solar": "4"}  # the scenario is kept
    page.click("#period a[rel='next']")
    page.wait_for_selector("#period .period-label:text-is('Feb 2023')")
    assert wait_ready(page) == "ready"
    assert "1 Feb 2023 to 28 Feb 2023" in page.inner_text("#blocks")
    # Changing the scenario keeps the period.
    scenario = page.locator(".block-form", has_text="Scenario")
    scenario.get_by_label("Solar kWp").fill("3")
    scenario.get_by_role("button", name="Show").click()
    page.wait_for_url("**solar=3**")
    assert wait_ready(page) == "ready"
    assert query(page)["month"] == "2023-02"
    # A custom range runs the lab over exactly those days.
    page.click("#period details.period-range summary")
    page.fill("#period input[name='from']", "2023-06-01")
    page.fill("#period input[name='to']", "2023-08-31")
    page.click("#period button[type='submit']")
    page.wait_for_selector("#period .period-label:text-is('1 Jun 2023 to 31 Aug 2023')")
    assert wait_ready(page) == "ready"
    assert query(page)["from"] == "2023-06-01" and query(page)["to"] == "2023-08-31" and query(page)["solar"] == "3"
    assert "month" not in query(page)
    assert "1 Jun 2023 to 31 Aug 2023" in page.inner_text("#blocks")
