"""In the page: a real download with empty readings shows them as gaps, said once; a real price list
dropped by mistake opens the column step saying it looks like prices and where prices are, guesses nothing
at its columns, and nothing is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyruntime.fileformats.assemble import empty_said

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OCTOBER = FIXTURES / "consumption" / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
AGILE_2018 = FIXTURES / "not_meter_readings" / "barnybug_agile_2018-01-01_2018-01-02.csv"


def test_empty_readings_in_a_dashboard_download_are_gaps_said_once(page, site_url, wait_ready, wait_loaded):
    lines = OCTOBER.read_text().splitlines()
    # Three readings of the real file left empty, as a download does for half-hours the meter did not send.
    blanked = [line if i not in (10, 11, 200) else "," + line.split(",", 1)[1] for i, line in enumerate(lines)]
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", {"name": "october.csv", "mimeType": "text/csv",
                                         "buffer": ("\n".join(blanked) + "\n").encode()})
    wait_loaded(page)
    bar = page.inner_text("#data-bar")
    assert empty_said(3) in bar
    assert "skipped" not in bar


def test_a_price_list_opens_the_column_step_saying_it_looks_like_prices(page, site_url, wait_ready):
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", {"name": AGILE_2018.name, "mimeType": "text/csv",
                                         "buffer": AGILE_2018.read_bytes()})
    page.wait_for_selector("#way-file .mapping-form")
    form = page.inner_text("#way-file .mapping-form")
    assert ("This file looks like a list of prices, not meter readings: “rate” holds prices, so nothing was "
            "loaded. To see prices, open the Prices page;") in form
    # No guess at the columns of a file just said not to be readings (it read the prices as Wh, "Our guesses: …").
    assert "Our guesses" not in form and "were read as" not in form
    assert page.get_attribute("#way-file .mapping-form a", "href") == "prices.html"
    assert page.locator("#report:not([hidden])").count() == 0
