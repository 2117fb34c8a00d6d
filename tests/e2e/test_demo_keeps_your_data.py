"""Looking at the demo does not unload your data, and a second month's file adds to the first, in Chromium.

Files only (no provider is involved); the shared ``watch`` fixture checks that no request leaves our origin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pyruntime.fileformats import import_file

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
MARCH = FIXTURES / "octopus_dashboard_electricity_2023-03-23_2023-03-29.csv"
OCTOBER = FIXTURES / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"


def kwh(*files: Path) -> str:
    total = sum(v for f in files for v in import_file(f.read_bytes()).channels[0].series.values if v is not None)
    return f"{total:,.1f} kWh"


def test_back_from_the_demo_shows_your_file_again_and_a_second_month_adds_to_it(page, site_url, wait_ready,
                                                                                wait_loaded):
    page.goto(site_url + "/")
    page.set_input_files("#file-input", str(MARCH))
    wait_loaded(page)
    mine = page.url
    assert "source=file" in mine and kwh(MARCH) in page.inner_text("#totals")

    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    assert page.url == site_url + "/"  # the page's own address, no bare "?" after it
    page.wait_for_selector("#loaded-box:has-text('Your data is still loaded in this tab')")
    page.click("#try-demo")
    page.wait_for_selector("#report:not([hidden])")
    assert wait_ready(page) == "ready" and "source=demo" in page.url

    page.go_back()
    page.wait_for_selector("#landing:not([hidden])")
    page.go_back()
    page.wait_for_url(mine)
    page.wait_for_selector("#report:not([hidden])")
    assert wait_ready(page) == "ready"
    assert "load your data again" not in page.inner_text("body")
    assert kwh(MARCH) in page.inner_text("#totals")
    page.wait_for_selector("#data-bar:not([hidden])")
    assert "23 Mar 2023 to 29 Mar 2023" in page.inner_text("#data-bar")

    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    page.set_input_files("#file-input", str(OCTOBER))
    wait_loaded(page)
    assert kwh(MARCH, OCTOBER) in page.inner_text("#totals")
    page.wait_for_selector("#data-bar:not([hidden])")
    bar = page.inner_text("#data-bar")
    added = import_file(OCTOBER.read_bytes()).channels[0].series.present
    assert (f"Added {added:,} half-hours from {OCTOBER.name} to your electricity import readings: "
            "now 23 Mar to 1 Nov 2023.") in bar
    assert "23 Mar 2023 to 1 Nov 2023" in bar
    assert f"Added {added:,} half-hours from {OCTOBER.name}" in page.text_content("#way-file .load-status")


def test_forget_everything_drops_your_data_even_after_the_demo(page, site_url, wait_ready, wait_loaded):
    page.goto(site_url + "/")
    page.set_input_files("#file-input", str(MARCH))
    wait_loaded(page)
    mine = page.url
    page.click(".site-header a:text('Demo')")
    page.wait_for_url("**source=demo**")
    assert wait_ready(page) == "ready"
    page.go_back()
    page.wait_for_url(mine)
    page.wait_for_selector("#data-bar:not([hidden])")
    page.click("#data-bar button:text('Forget everything')")
    page.wait_for_selector("#landing:not([hidden])")
    assert page.inner_text("#loaded-box") == ""
    page.goto(mine)
    page.wait_for_selector("#landing:not([hidden])")
    assert "load your data again" in page.inner_text("#notices")


def test_a_fuel_chosen_for_one_file_is_not_kept_for_the_next(page, site_url, wait_loaded):
    page.goto(site_url + "/")
    page.select_option("#file-input-fuel", "gas")
    page.set_input_files("#file-input", str(FIXTURES / "octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv"))
    wait_loaded(page)
    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    # The next file is read for what it holds: an electricity file must not be added to the gas.
    assert page.input_value("#file-input-fuel") == ""
    page.set_input_files("#file-input", str(OCTOBER))
    page.wait_for_selector("#data-bar:has-text('Electricity import')", state="attached")
    bar = page.inner_text("#data-bar")
    assert "to your gas readings" not in bar
