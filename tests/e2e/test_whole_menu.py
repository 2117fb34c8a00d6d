"""The whole menu in Chromium, on the demo and the bundled sample feeds: compare ranks a fixed product and the
price cap ("any supplier") beside the variable tariffs, with their conditions read from the feeds; the Prices
page's week ahead shows measured accuracy figures by lead time, marked as sample."""

from __future__ import annotations


def ranking(page, fuel_label: str) -> dict[str, list[str]]:
    """The ranked table's rows by tariff name: [name, rank, total, ...] as the page shows them."""
    table = page.locator("#blocks details.data-table", has_text=f"{fuel_label}: tariffs ranked").locator("table")
    rows = [[c.strip() for c in row.locator("th, td").all_text_contents()] for row in table.locator("tbody tr").all()]
    return {r[0]: r for r in rows}


def money(text: str) -> float:
    return float(text.replace("£", "").replace(",", ""))


def test_compare_ranks_fixed_and_price_cap_tariffs_beside_variable_ones(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=compare")
    assert wait_ready(page) == "ready"
    for fuel, gas in (("Electricity import", False), ("Gas", True)):
        rows = ranking(page, fuel)
        fixed = rows["Octopus 12M Fixed (gas)" if gas else "Octopus 12M Fixed"]
        cap = rows["Standard variable (price cap, any supplier, gas)" if gas else
                   "Standard variable (price cap, any supplier)"]
        flexible = rows["Flexible Octopus (gas)" if gas else "Flexible Octopus"]
        ranks = {r[1] for r in (fixed, cap, flexible)}
        assert all(r.isdigit() for r in ranks) and len(ranks) == 3, (fixed, cap, flexible)
        assert all(money(r[2]) > 0 for r in (fixed, cap, flexible))
    # Conditions come from the feeds' families: the fixed term, and the cap's GB-average and unverified notice.
    details = page.locator("#blocks details", has_text="Conditions and product versions").first
    details.locator("summary").click()
    text = details.inner_text()
    assert "Prices fixed for 12 months" in text
    assert "not yet verified against Ofgem" in text and "GB average stands in" in text


def test_the_week_ahead_shows_measured_accuracy_by_lead_time_marked_sample(page, site_url, wait_ready):
    page.goto(site_url + "/prices.html?region=A")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#prices-week:not([hidden])")
    assert page.inner_text("#week-title") == "The week ahead: Agile Octopus, Eastern England"
    week = page.locator("#week-blocks")
    accuracy = week.locator("details.data-table", has_text="Forecast accuracy: mean absolute error by lead time")
    assert "sample" in accuracy.locator("summary").inner_text()
    rows = [[c.strip() for c in r.locator("th, td").all_text_contents()]
            for r in accuracy.locator("tbody tr").all()]
    assert [r[0] for r in rows] == ["0–1 days ahead", "1–2 days ahead", "2–7 days ahead", "7–14 days ahead"]
    first_mae = rows[0][1]
    assert first_mae.endswith("p") and float(first_mae.removesuffix("p")) > 0, rows[0]
    assert "SAMPLE: this forecast and its accuracy are made up" in week.inner_text()
