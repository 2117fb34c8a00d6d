"""Looking at the demo does not unload your data, and a second month's file adds to the first, in Chromium.

Files only (no provider is involved); the shared ``watch`` fixture checks that no request leaves our origin.
"""

from __future__ import annotations

import datetime as dt
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
    assert f"half-hours with a reading (from {MARCH.name} and {OCTOBER.name})" in page.inner_text(
        "#data-bar .fuel-lines")
    # Data quality tells what reading each file did, under its name, in load order.
    page.click("#data-bar button:text('Data quality')")
    page.wait_for_url("**report=quality**")
    assert wait_ready(page) == "ready"
    headings = page.locator("#blocks h2, #blocks h3, #blocks summary").all_inner_texts()
    accounts = [t for t in headings if t.endswith("how its readings were read")]
    assert accounts == [f"{MARCH.name}: how its readings were read", f"{OCTOBER.name}: how its readings were read"]
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


def test_forget_everything_returns_to_the_landing_pages_own_address_with_the_menu_working(page, site_url,
                                                                                          wait_ready, wait_loaded):
    page.goto(site_url + "/")
    page.set_input_files("#file-input", str(MARCH))
    wait_loaded(page)
    page.click("#report-menu a:text('Bill')")
    page.wait_for_url("**source=file&report=bill**")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#data-bar:not([hidden])")
    page.click("#data-bar button:text('Forget everything')")
    page.wait_for_selector("#landing:not([hidden])")
    assert "Everything is forgotten" in page.inner_text("#notices")
    assert page.url == site_url + "/"
    assert page.get_attribute(".site-header a:text('Home')", "aria-current") == "page"
    # Back goes to the report that was open: its data is gone, so the page says so at the landing page's address.
    page.go_back()
    page.wait_for_selector("#notices:has-text('Your data was forgotten in this tab')")
    assert page.url == site_url + "/" and page.is_visible("#landing")
    # The page works on: the demo's reports open from the header, and Back returns to this landing page.
    page.click(".site-header a:text('Demo')")
    page.wait_for_url("**source=demo**")
    assert wait_ready(page) == "ready"
    page.click("#report-menu a:text('Data quality')")
    page.wait_for_url("**report=quality**")
    assert wait_ready(page) == "ready"
    page.go_back()
    page.go_back()
    page.wait_for_url(site_url + "/")
    page.wait_for_selector("#landing:not([hidden])")


def long_file(path: Path, years: int) -> Path:
    """An Octopus dashboard download of ``years`` of half-hours: big enough that reading it takes a while."""
    start = dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
    stamp = "%Y-%m-%dT%H:%M:%S+00:00"
    rows = ["Consumption (kWh), Start, End"]
    for i in range(years * 17_520):
        t = start + dt.timedelta(minutes=30 * i)
        rows.append(f"{0.1 + (i % 48) / 100:.3f}, {t:{stamp}}, {t + dt.timedelta(minutes=30):{stamp}}")
    path.write_text("\n".join(rows))
    return path


def test_a_file_that_finishes_loading_while_the_demo_is_shown_waits_beside_it_and_says_so(page, site_url,
                                                                                            wait_ready, tmp_path):
    big = long_file(tmp_path / "ten-years.csv", 10)
    page.goto(site_url + "/?source=demo&report=quality&fuel=electricity")  # Python started, not the prerendered view
    assert wait_ready(page) == "ready"
    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    page.set_input_files("#file-input", str(big))
    page.click("#try-demo")  # while the worker still reads the file
    note = page.wait_for_selector("#data-arrived:not([hidden])", timeout=180_000)
    # The demo stays on screen; the file's readings wait beside it, and the page says so.
    assert "source=demo" in page.url and wait_ready(page) == "ready"
    assert "Demo household" in page.inner_text("#source-note")
    assert note.inner_text().startswith("Your readings from a file finished loading while you looked at the demo "
                                        "(electricity import 175,200 half-hours).")
    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_url("**source=demo&report=consumption**")
    assert wait_ready(page) == "ready" and page.is_visible("#data-arrived")
    page.click("#data-arrived button:text('Show my data')")
    page.wait_for_url("**source=file&report=overview**")
    assert wait_ready(page) == "ready"
    assert page.is_hidden("#data-arrived")
    page.wait_for_selector("#data-bar:not([hidden])")
    assert "1 Jan 2014" in page.inner_text("#data-bar")
