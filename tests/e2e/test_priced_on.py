"""What a figure is priced on, in Chromium, for a household loaded from the emulated Octopus account.

The account was on Flexible Octopus until April 2023, then Agile: the overview's baseload finding is
priced on those tariffs, and a bill for December names Agile alone.
"""

from __future__ import annotations

from tests.e2e.test_data_in import (  # noqa: F401  (module fixtures: the site built against the emulator)
    emu,
    emulator,
    load_octopus,
    site_url,
)

BOTH = "Flexible Octopus, then Agile Octopus November 2022 v1 (your tariffs)"
AGILE = "Agile Octopus November 2022 v1 (your tariff)"


def priced_on(page) -> str:
    return page.locator("#totals .total", has_text="Priced on").locator("dd").inner_text()


def test_the_baseload_and_a_december_bill_name_the_tariffs_they_are_priced_on(
        page, site_url, emu, wait_ready, wait_loaded):  # noqa: F811
    page.goto(site_url + "/")
    load_octopus(page)
    wait_loaded(page)
    assert wait_ready(page) == "ready"
    page.click("#report-menu a:text-is('Overview')")
    page.wait_for_selector("#report-title:text-is('Overview')")
    assert wait_ready(page) == "ready"
    assert f"a year on {BOTH}: " in page.inner_text("#blocks")  # the finding names the account's tariffs

    page.click("#report-menu a:text-is('Bill')")
    page.wait_for_selector("#report-title:text('Electricity import bill')")
    assert wait_ready(page) == "ready"
    picker = page.locator(".block-form", has_text="Change the tariff")
    picker.get_by_label("From").fill("2023-12-01")
    picker.get_by_label("To (inclusive)").fill("2023-12-31")
    picker.get_by_role("button", name="Show").click()
    page.wait_for_selector("#report-title:text('1 Dec 2023 to 31 Dec 2023')")
    assert wait_ready(page) == "ready"
    assert priced_on(page) == AGILE

    picker = page.locator(".block-form", has_text="Change the tariff")
    picker.get_by_label("From").fill("2023-03-01")
    picker.get_by_label("To (inclusive)").fill("2023-04-30")
    picker.get_by_role("button", name="Show").click()
    page.wait_for_selector("#report-title:text('1 Mar 2023 to 30 Apr 2023')")
    assert wait_ready(page) == "ready"
    assert priced_on(page) == BOTH
