"""A hand-entered tariff that cannot be used, in Chromium: its message sits beside the field at fault.

Python names the field (``pyruntime/pricing/custom.py``); the page only places the message, ties it to the field
(``aria-invalid``, ``aria-describedby``) and moves the focus there after the submission. What was typed stays in
the form, the tariffs added before stay priced, and correcting the value adds the tariff.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.e2e.live_regions import live_regions_holding

KEPT = "gas~Fixed gas~6.1~30"


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_view(page, wait_ready) -> None:
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#status", state="hidden")


def test_a_bad_unit_rate_is_said_beside_its_field_and_the_page_keeps_working(page, site_url, wait_ready):
    page.goto(site_url + f"/?source=demo&report=compare&custom={KEPT}")
    wait_view(page, wait_ready)
    form = page.locator(".block-form", has_text="Add a tariff by hand")
    form.get_by_label("Name").fill("Quote from Supplier X")
    form.get_by_label("Unit rate (p/kWh)").fill("£0.245")
    form.get_by_label("Standing charge (p/day)").fill("45p/day")
    form.get_by_role("button", name="Add tariff").click()
    page.wait_for_selector("input[name=c_rate][aria-invalid=true]")
    wait_view(page, wait_ready)

    rate = page.locator("input[name=c_rate]")
    error_id = rate.get_attribute("aria-describedby").split()[-1]
    error = page.locator(f"#{error_id}")
    assert error.inner_text() == "Give the price in pence per kWh, e.g. 24.5 (not £0.245)."
    # Beside its field (in the field's own box), the only field marked, and not also a notice at the page's top.
    assert page.locator(f".field:has(input[name=c_rate]) #{error_id}").count() == 1
    assert page.locator("#blocks [aria-invalid=true]").count() == 1
    assert "£0.245" not in page.inner_text("#notices")
    # Announced once: by its own message, not again by the page's general "could not be used".
    assert len(live_regions_holding(page, "£0.245")) == 1
    assert live_regions_holding(page, "could not be used") == []
    assert page.evaluate("document.activeElement.name") == "c_rate"  # the focus went to the value to correct
    # What was typed is kept; the tariff added before is still priced; the bad one is not in the address.
    form = page.locator(".block-form", has_text="Add a tariff by hand")
    assert form.get_by_label("Name").input_value() == "Quote from Supplier X"
    assert form.get_by_label("Standing charge (p/day)").input_value() == "45p/day"
    assert rate.input_value() == "£0.245"
    assert query(page)["custom"] == KEPT
    assert page.locator("#blocks table th", has_text="Fixed gas (entered by you)").count() >= 1

    # Put right (in pence, written as a bill writes it, as is the standing charge), the tariff joins the
    # comparison and the message goes.
    rate.fill("24.5p/kWh")
    form.get_by_role("button", name="Add tariff").click()
    page.wait_for_selector("input[name=c_rate]:not([aria-invalid])")
    wait_view(page, wait_ready)
    assert query(page)["custom"] == f"{KEPT};electricity~Quote from Supplier X~24.5p/kWh~45p/day"
    assert page.locator("#blocks table th", has_text="Quote from Supplier X (entered by you)").count() >= 1
    assert page.locator("#blocks .field-error").count() == 0
    assert page.evaluate("document.activeElement.id") == "report-title"


def test_a_bad_time_window_on_the_cost_view_is_said_beside_the_unit_rate(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=cost&fuel=electricity&month=2023-03")
    wait_view(page, wait_ready)
    form = page.locator(".block-form", has_text="Add a tariff by hand")
    form.get_by_label("Unit rate (p/kWh)").fill("2500-0100:5,20")
    form.get_by_role("button", name="Add tariff").click()
    page.wait_for_selector("input[name=c_rate][aria-invalid=true]")
    wait_view(page, wait_ready)
    error_id = page.get_attribute("input[name=c_rate]", "aria-describedby").split()[-1]
    assert "is not a time of day" in page.inner_text(f"#{error_id}")
    assert page.evaluate("document.activeElement.name") == "c_rate"
    assert page.inner_text("#report-title").startswith("Electricity import cost")  # the view itself is unchanged
