"""Real-world files in Chromium: the UK-time-or-UTC question, and faulty readings kept out until included.

Files are built here (no provider is involved). Besides what the page says,
the shared ``watch`` fixture checks that no request leaves our origin.
"""

from __future__ import annotations

import pytest

from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc

pytestmark = pytest.mark.browser

START = 1685577600  # 2023-06-01T00:00Z


def test_a_file_without_offsets_asks_uk_time_or_utc_with_the_evidence(page, site_url, wait_ready, wait_loaded):
    rows = "".join(f"2023-06-{1 + i // 48:02d} {i % 48 // 2:02d}:{i % 2 * 30:02d},0.5\n" for i in range(96))
    page.goto(site_url + "/")
    page.set_input_files("#file-input", {"name": "summer.csv", "mimeType": "text/csv",
                                         "buffer": ("when,kwh\n" + rows).encode()})
    page.wait_for_selector("#way-file .zone-question")
    question = page.inner_text("#way-file .zone-question")
    assert "Are these times UK clock time or UTC?" in question
    assert "2023-06-01 to 2023-06-02" in question
    assert page.locator("#way-file .mapping-form select").count() == 1  # one question, not the column mapping
    page.select_option("#zone-answer", "UTC")
    page.click("#way-file .zone-question button[type=submit]")
    wait_loaded(page)
    assert "48.0 kWh" in page.inner_text("#totals")


def test_faulty_readings_are_announced_left_out_and_included_by_one_control(page, site_url, wait_ready, wait_loaded):
    values = [0.5] * 96
    for i in range(10, 30, 2):
        values[i] = 65.535
    rows = "".join(f"{isoformat_utc(START + i * HALF_HOUR)},{v}\n" for i, v in enumerate(values))
    page.goto(site_url + "/")
    page.set_input_files("#file-input", {"name": "bright.csv", "mimeType": "text/csv",
                                         "buffer": ("time,kwh\n" + rows).encode()})
    wait_loaded(page)
    bar = page.inner_text("#data-bar")
    faulty = sum(v for v in values if v > 1)
    assert "10 half-hours read 65.5 kWh, far above what a home can use" in bar and f"({faulty:,.1f} kWh)" in bar
    assert "43.0 kWh" in page.inner_text("#totals")  # 86 good half-hours × 0.5

    page.click("#report-menu a:text-is('Data quality')")  # in-page: a reload would need the file again
    page.wait_for_url("**report=quality**")
    assert wait_ready(page) == "ready"
    assert "Faulty readings (10)" in page.inner_text("#report")
    page.select_option("select[name=faulty]", "include")
    page.click("form:has(select[name=faulty]) button[type=submit]")
    page.wait_for_url("**faulty=include**")
    assert wait_ready(page) == "ready"
    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_url("**report=consumption**")
    assert wait_ready(page) == "ready"
    assert "faulty=include" in page.url
    shown = float(page.inner_text("#totals").split("\n")[1].removesuffix(" kWh").replace(",", ""))
    assert shown == pytest.approx(sum(values), abs=0.06)  # 43 kWh + the 655.35 kWh put back
