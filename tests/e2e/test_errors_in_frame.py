"""Errors stay inside the page's frame: the menu and the loaded data survive a report that cannot be made.

The file is real Octopus API readings from October 2020 (see tests/fixtures/consumption/README.md);
the bundled sample feeds cover 2023 only, so cost, bill and emissions have no prices or carbon for it.
"""

from __future__ import annotations

from builder.config import ROOT

OUTSIDE_FEEDS = ROOT / "tests" / "fixtures" / "consumption" / "octopus_api_flat_electricity_2020-10-22_2020-10-28.csv"


def test_a_file_the_feeds_do_not_cover_keeps_every_report_in_frame_and_the_data_loaded(page, site_url, wait_ready):
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", str(OUTSIDE_FEEDS))
    page.wait_for_selector("#report:not([hidden])")
    assert wait_ready(page) == "ready"
    labels = page.locator("#report-menu a").all_inner_texts()
    assert "Cost" in labels and "Emissions" in labels

    for label in labels:
        page.click(f"#report-menu a:text-is('{label}')")
        page.wait_for_selector(f"#report-menu a[aria-current=page]:text-is('{label}')")
        assert wait_ready(page) == "ready"
        assert page.is_visible("#report-menu"), label
        assert page.locator("#report-menu a").count() == len(labels), label
        assert page.is_hidden("#error"), label
        assert page.is_hidden("#status"), label  # no progress bar left running
        assert "Reload" not in page.inner_text("#main"), label

    # A report the feeds cannot price says which dates they do cover, and how to go on.
    page.click("#report-menu a:text-is('Cost')")
    page.wait_for_selector("#report-title:text('not available for this data')")
    text = page.inner_text("#blocks")
    assert "Your data runs from 22 Oct 2020 to 28 Oct 2020" in text
    assert "price feeds cover 1 Jan 2023 to 31 Dec 2023" in text
    assert "Enter your tariff's rates by hand" in text

    # Entering rates by hand prices the same data, still loaded.
    form = page.locator(".block-form", has_text="rates by hand")
    form.get_by_label("Unit rate (p/kWh)").fill("24.5")
    form.get_by_label("Standing charge (p/day)").fill("45")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#report-title:text('Electricity import cost')")
    assert wait_ready(page) == "ready"
    assert "source=file" in page.url and "tariff=custom1" in page.url
    assert "£" in page.inner_text("#totals")

    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_selector("#report-title:text('Electricity import')")
    assert page.is_visible("#totals") and "kWh" in page.inner_text("#totals")
