"""In the page: a European spreadsheet's CSV loads and says how it was read; another meter's file of the same
period is refused with the fix, and the readings already loaded stay as they were."""

from __future__ import annotations

from pathlib import Path

from pyruntime.fileformats import import_file

ELECTRICITY_CSV = (Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
                   / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv")


def test_another_meters_file_is_refused_and_a_european_csv_is_read(page, site_url, wait_ready, wait_loaded):
    original = ELECTRICITY_CSV.read_text()
    lines = original.splitlines()
    european = "\n".join([lines[0].replace(", ", ";"),
                          *(line.replace(", ", ";").replace(".", ",", 1) for line in lines[1:])]) + "\n"
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", {"name": "oct.csv", "mimeType": "text/csv", "buffer": european.encode()})
    wait_loaded(page)
    mine = page.url
    expected = sum(v for v in import_file(original.encode()).channels[0].series.values if v is not None)
    totals = page.inner_text("#totals")
    assert f"{expected:,.1f} kWh" in totals
    page.wait_for_selector("#data-bar:has-text('writes numbers with a decimal comma')")

    # The same half-hours, every one different: another meter's readings, not a correction.
    other = "\n".join([lines[0], *(f"{float(line.split(',')[0]) + 1:.3f},{line.split(',', 1)[1]}"
                                   for line in lines[1:])]) + "\n"
    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    page.set_input_files("#file-input", {"name": "other.csv", "mimeType": "text/csv", "buffer": other.encode()})
    page.wait_for_selector("#way-file .error-box:has-text('other.csv was not added')")
    message = page.inner_text("#way-file .error-box")
    assert "338 of the 338 half-hours" in message and "Forget everything" in message
    page.wait_for_selector("#loaded-box:has-text('Your data is still loaded in this tab')")
    page.go_back()
    page.wait_for_url(mine)
    page.wait_for_selector("#report:not([hidden])")
    assert wait_ready(page) == "ready"
    assert f"{expected:,.1f} kWh" in page.inner_text("#totals")


def test_a_file_named_export_is_proposed_and_loaded_as_export(page, site_url, wait_ready, wait_loaded):
    # Columns we cannot place: the column step proposes the meter the file's name names.
    rows = "".join(f"{i},2023-03-0{1 + i // 48} {(i % 48) // 2:02d}:{(i % 2) * 30:02d},7,0.{i % 9 + 1}\n"
                   for i in range(96))
    table = ("reading id,when,meter,kwh\n" + rows).encode()
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", {"name": "octopus-export-march.csv", "mimeType": "text/csv", "buffer": table})
    page.wait_for_selector("#way-file .mapping-form")
    assert page.input_value("#map-fuel") == "export"
    assert "the file name says “export”" in page.inner_text("#way-file .mapping-form")
    page.select_option("#map-time", "1")
    page.select_option("#map-value", "3")
    page.click("#way-file .mapping-form button[type=submit]")
    wait_loaded(page)
    page.wait_for_selector("#fuel-tabs a:text-is('Electricity export')")
    assert page.locator("#fuel-tabs a:text-is('Electricity import')").count() == 0

    # Octopus's own layout, whose headings are the same for an export meter: the name decides, says so, and
    # the October export joins March's.
    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    page.set_input_files("#file-input", {"name": "electricity-export-october.csv", "mimeType": "text/csv",
                                         "buffer": ELECTRICITY_CSV.read_bytes()})
    wait_loaded(page)
    page.wait_for_selector("#data-bar:has-text('its name “electricity-export-october.csv” says “export”')")
    page.wait_for_selector("#fuel-tabs a:text-is('Electricity export')")
    assert page.locator("#fuel-tabs a:text-is('Electricity import')").count() == 0


def test_an_empty_file_says_it_was_not_saved_whole_as_python_says_it(page, site_url, wait_ready):
    # The page refuses a 0-byte file before Python sees it, in Python's words for the same file.
    from pyruntime.fileformats.text import EMPTY

    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", {"name": "readings.csv", "mimeType": "text/csv", "buffer": b""})
    page.wait_for_selector("#way-file .error-box")
    assert EMPTY in page.inner_text("#way-file .error-box")
