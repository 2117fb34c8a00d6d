"""Direct debit or not, end to end in Chromium: switching payment on the demo's comparison changes its figures
and the URL, and the choice travels to the cost view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def totals(page, fuel_label: str) -> dict[str, str]:
    table = page.locator("#blocks details.data-table", has_text=f"{fuel_label}: tariffs ranked").locator("table")
    rows = [[c.strip() for c in row.locator("th, td").all_text_contents()] for row in table.locator("tbody tr").all()]
    return {r[0]: r[2] for r in rows}


def test_switching_payment_changes_compare_figures_and_the_url(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=compare")
    assert wait_ready(page) == "ready"
    assert "payment" not in query(page)
    assumptions = "#blocks details.block-facts:has(summary:text('Assumptions'))"  # folded under the answer
    assert "Direct debit, an assumption" in page.text_content(assumptions)
    before_elec, before_gas = totals(page, "Electricity import"), totals(page, "Gas")

    settings = page.locator(".block-form", has_text="Period and region")
    settings.get_by_label("You pay").select_option("non_direct_debit")
    settings.get_by_role("button", name="Compare").click()
    assert wait_ready(page) == "ready"
    assert query(page)["payment"] == "non_direct_debit"
    after_elec, after_gas = totals(page, "Electricity import"), totals(page, "Gas")
    # The sample publishes non-direct-debit Flexible prices for London: dearer; Agile has one price for everyone.
    money = lambda s: float(s.replace("£", "").replace(",", ""))  # noqa: E731
    assert money(after_elec["Flexible Octopus"]) > money(before_elec["Flexible Octopus"])
    assert money(after_gas["Flexible Octopus (gas)"]) > money(before_gas["Flexible Octopus (gas)"])
    assert after_elec["Agile Octopus"] == before_elec["Agile Octopus"]
    text = page.text_content(assumptions)
    assert "Not by direct debit" in text and "publishes no separate non-direct-debit price" in text

    page.reload()
    assert wait_ready(page) == "ready"
    assert totals(page, "Electricity import") == after_elec

    # The setting travels with the menu to the cost view.
    page.click("#report-menu a:text-is('Cost')")
    assert wait_ready(page) == "ready"
    assert query(page)["report"] == "cost" and query(page)["payment"] == "non_direct_debit"
