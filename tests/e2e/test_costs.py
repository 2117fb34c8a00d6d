"""Costs end to end in Chromium: compare ranked → hand tariff joins → filters → reload; cost drill-down; bill."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def ranked_rows(page, fuel_label: str) -> list[list[str]]:
    table = page.locator("#blocks details.data-table", has_text=f"{fuel_label}: tariffs ranked").locator("table")
    return [[c.strip() for c in row.locator("th, td").all_text_contents()] for row in table.locator("tbody tr").all()]


def test_compare_ranks_takes_a_hand_tariff_and_filters_and_survives_reload(page, charts, site_url, watch, wait_ready):
    page.goto(site_url + "/?source=demo&report=compare")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Compare tariffs: 1 Jan 2023 to 31 Dec 2023"
    rows = ranked_rows(page, "Electricity import")
    # Seven ranked (the sample's Agile, Flexible, 12-month fix, price cap, Economy 7, Go and Cosy); Flux import
    # is priced only with its export pair.
    assert [r[1] for r in rows if r[1].isdigit()] == ["1", "2", "3", "4", "5", "6", "7"]
    assert any(r[0] == "Standard variable (price cap, any supplier)" for r in rows)
    assert rows[-1][0] == "Yours: Flexible Octopus (assumed)"
    assert ranked_rows(page, "Gas") and ranked_rows(page, "Electricity export")
    assumptions = "#blocks details.block-facts:has(summary:text('Assumptions'))"  # folded under the answer
    assert "sample feeds" in page.text_content(assumptions)

    # Economy 7 is ranked with the others, on night hours (GMT) the settings form changes.
    assert any(r[0] == "Flexible Octopus Economy 7" and r[1].isdigit() for r in rows)
    assert "00:30–07:30 GMT all year" in page.text_content(assumptions)
    settings = page.locator(".block-form", has_text="Period and region")
    settings.get_by_label("Economy 7 night (GMT)").fill("2300-0600")
    settings.get_by_role("button", name="Compare").click()
    assert wait_ready(page) == "ready"
    assert query(page)["e7"] == "2300-0600"
    assert "23:00–06:00 GMT all year" in page.text_content(assumptions)

    form = page.locator(".block-form", has_text="Add a tariff by hand")
    form.get_by_label("Name").fill("Cheap; night~deal")
    form.get_by_label("Unit rate (p/kWh)").fill("0030-0430:7,22")
    form.get_by_label("Standing charge (p/day)").fill("40")
    form.get_by_role("button", name="Add tariff").click()
    assert wait_ready(page) == "ready"
    assert query(page)["custom"] == "electricity~Cheap night deal~0030-0430:7,22~40"  # canonical
    names = [r[0] for r in ranked_rows(page, "Electricity import")]
    assert "Cheap night deal (entered by you)" in names

    filters = page.locator(".block-form", has_text="Eligibility")
    filters.get_by_label("electric vehicle").check()
    filters.get_by_role("button", name="Apply").click()
    assert wait_ready(page) == "ready"
    assert query(page)["has"] == "ev"
    before = ranked_rows(page, "Electricity import")
    assert next(r for r in before if r[0] == "Cosy Octopus")[1] == "not eligible"

    url = page.url
    page.reload()
    assert wait_ready(page) == "ready"
    assert page.url == url
    assert ranked_rows(page, "Electricity import") == before

    # Each ranked bar opens that tariff's cost view.
    charts.click_bar(page, "agile")
    assert wait_ready(page) == "ready"
    assert query(page)["report"] == "cost" and query(page)["tariff"] == "agile"
    assert "Agile Octopus" in page.inner_text("#totals")
    # Once: the second page load takes it from the service worker's cache.
    assert sum(u.endswith("pyodide.asm.wasm.xz") for u in watch.downloads) == 1


def test_cost_drills_month_day_half_hour_and_the_bill_takes_any_period(page, charts, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=cost&fuel=electricity")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Electricity import cost: All data"
    assert charts.bar_count(page) == 12
    totals = page.inner_text("#totals")
    assert "Flexible Octopus (assumed)" in totals and "VAT (5%)" in totals and "17,460 of 17,520" in totals
    # The missing half-hours are said once, in one warning, not again beside the totals.
    assert page.inner_text("#report").count("have no reading") == 1

    charts.click_bar(page, "2023-03")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Electricity import cost: Mar 2023"
    assert charts.bar_count(page) == 31
    charts.click_bar(page, "2023-03-26")
    assert wait_ready(page) == "ready"
    # Two charts on a day: its cost per half-hour, and use over price; the clock-change day has 46 each.
    per_chart = page.locator("#blocks .chart-plot.chart-bars").evaluate_all(
        "plots => plots.map(p => Number(p.dataset.points))")
    assert per_chart == [46, 46]
    assert query(page)["day"] == "2023-03-26"
    bill = page.locator("#blocks details.data-table", has_text="line by line")
    assert "Total" in bill.inner_text() and "VAT at 5%" in bill.inner_text()

    picker = page.locator(".block-form", has_text="Change the tariff")
    picker.get_by_label("Tariff").select_option("agile")
    picker.get_by_role("button", name="Show").click()
    assert wait_ready(page) == "ready"
    assert query(page)["tariff"] == "agile" and query(page)["day"] == "2023-03-26"

    page.goto(site_url + "/?source=demo&report=bill&fuel=electricity&from=2023-03-15&to=2023-04-15")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Electricity import bill, 15 Mar 2023 to 15 Apr 2023"
    lines = page.locator("#blocks details.data-table", has_text="Your bill").inner_text()
    assert "17 days" in lines and "15 days" in lines  # the standing charge changed on 1 April
