"""A tariff added by hand on the cost or bill view, in Chromium: the view is then priced on it.

The form asks for it (``use=added``); Python makes it the view's ``tariff`` (``pyruntime/present/pricing.py``:
``adopt_added_tariff``) and the page's address then says so. One for another fuel moves the view to that fuel,
with a notice. Back returns to the view before; on compare, adding only joins the ranking.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_view(page, wait_ready) -> None:
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#status", state="hidden")


def priced_on(page) -> str:
    return page.locator("#totals .total", has_text="Priced on").locator("dd").inner_text()


def tariff_choice(page):
    return page.locator(".block-form", has_text="Change the tariff").locator("select[name=tariff]")


def add_tariff(page, name: str, rate: str, standing: str, fuel: str | None = None) -> None:
    form = page.locator(".block-form", has_text="Add a tariff by hand")
    if fuel:
        form.get_by_label("Fuel").select_option(fuel)
    form.get_by_label("Name").fill(name)
    form.get_by_label("Unit rate (p/kWh)").fill(rate)
    form.get_by_label("Standing charge (p/day)").fill(standing)
    form.get_by_role("button", name="Add tariff").click()


def test_a_tariff_added_on_the_cost_view_prices_it_and_back_returns_to_the_view_before(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=cost&fuel=electricity&month=2023-03&tariff=agile")
    wait_view(page, wait_ready)
    before = page.url
    assert priced_on(page).startswith("Agile Octopus")
    title = page.inner_text("#report-title")
    assert title == "Electricity import cost: Mar 2023"

    add_tariff(page, "Quote from Supplier X", "24.5", "45")
    page.wait_for_url("**tariff=custom1**")
    wait_view(page, wait_ready)
    assert query(page) == {"source": "demo", "report": "cost", "fuel": "electricity", "month": "2023-03",
                           "custom": "electricity~Quote from Supplier X~24.5~45", "tariff": "custom1"}
    assert page.inner_text("#report-title") == title  # the same month of the same fuel
    assert priced_on(page) == "Quote from Supplier X (entered by you)"
    choice = tariff_choice(page)
    assert choice.input_value() == "custom1"
    assert choice.locator("option:checked").inner_text() == "Quote from Supplier X (entered by you)"
    assert page.locator("#fuel-tabs [aria-current=page]").inner_text() == "Electricity import"
    # The bill's lines are the quote's: 45p a day (inc VAT) is 42.857p exc VAT.
    assert "42.857 p/day" in page.locator("details.data-table", has_text="line by line").inner_text()

    page.go_back()
    page.wait_for_url(before)
    wait_view(page, wait_ready)
    assert "custom" not in query(page) and query(page)["tariff"] == "agile"
    assert priced_on(page).startswith("Agile Octopus")
    assert tariff_choice(page).input_value() == "agile"


def test_a_gas_tariff_added_on_the_electricity_cost_view_shows_gas_on_it_and_says_so(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=cost&fuel=electricity&month=2023-03")
    wait_view(page, wait_ready)
    add_tariff(page, "Fixed gas", "6.1", "30", fuel="gas")
    page.wait_for_url("**fuel=gas**")
    wait_view(page, wait_ready)
    q = query(page)
    assert q["fuel"] == "gas" and q["tariff"] == "custom1" and q["month"] == "2023-03"
    assert page.inner_text("#report-title") == "Gas cost: Mar 2023"
    assert page.locator("#fuel-tabs [aria-current=page]").inner_text() == "Gas"
    assert priced_on(page) == "Fixed gas (entered by you)"
    assert tariff_choice(page).input_value() == "custom1"
    assert ("“Fixed gas” is a tariff for gas, so this now shows your gas priced on it (it was showing electricity "
            "import).") in page.inner_text("#notices")

    page.go_back()
    wait_view(page, wait_ready)
    assert query(page)["fuel"] == "electricity" and "custom" not in query(page)
    assert page.inner_text("#report-title") == "Electricity import cost: Mar 2023"


def test_a_tariff_added_on_the_bill_prices_the_same_period(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=bill&fuel=electricity&from=2023-02-01&to=2023-02-28")
    wait_view(page, wait_ready)
    add_tariff(page, "Quote from Supplier X", "24.5", "45")
    page.wait_for_url("**tariff=custom1**")
    wait_view(page, wait_ready)
    q = query(page)
    assert (q["from"], q["to"], q["tariff"]) == ("2023-02-01", "2023-02-28", "custom1") and "use" not in q
    assert page.inner_text("#report-title") == "Electricity import bill, 1 Feb 2023 to 28 Feb 2023"
    assert priced_on(page) == "Quote from Supplier X (entered by you)"
    assert tariff_choice(page).input_value() == "custom1"


def test_a_tariff_added_on_compare_joins_the_ranking_and_the_view_stays(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=compare")
    wait_view(page, wait_ready)
    add_tariff(page, "Quote from Supplier X", "24.5", "45")
    page.wait_for_url("**custom=**")
    wait_view(page, wait_ready)
    q = query(page)
    assert q["report"] == "compare" and "tariff" not in q and "use" not in q
    assert page.inner_text("#report-title").startswith("Compare tariffs")
    assert page.locator("#blocks table th", has_text="Quote from Supplier X (entered by you)").count() >= 1
