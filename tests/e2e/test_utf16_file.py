"""A file saved as Excel's "Unicode text" (UTF-16, FF FE first, tab-separated) loads as its original does.

The data bar then gives the span the way the reports write dates.
"""

from __future__ import annotations

from pathlib import Path

from pyruntime.fileformats import import_file

ELECTRICITY_CSV = (Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
                   / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv")


def test_a_utf16_unicode_text_file_loads_without_asking_for_columns(page, site_url, wait_ready, wait_loaded):
    original = ELECTRICITY_CSV.read_bytes()
    text = "\r\n".join(line.replace(",", "\t") for line in original.decode("utf-8-sig").splitlines()) + "\r\n"
    data = b"\xff\xfe" + text.encode("utf-16-le")
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", {"name": "readings.txt", "mimeType": "text/plain", "buffer": data})
    wait_loaded(page)
    assert page.locator("#way-file .mapping-form").count() == 0
    expected = sum(v for v in import_file(original).channels[0].series.values if v is not None)
    assert f"{expected:,.1f} kWh" in page.inner_text("#totals")
    assert "Electricity import: 26 Oct 2023 to 1 Nov 2023," in page.inner_text("#data-bar .fuel-lines")
