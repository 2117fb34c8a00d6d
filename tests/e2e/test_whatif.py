"""The what-if lab end to end in Chromium: open it from the menu on the demo, change a setting, see the URL and
the ranking change, and a bad value marked next to its field while the rest keeps working."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.e2e.live_regions import live_regions_holding


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def ranking(page) -> list[list[str]]:
    table = page.locator("#blocks details.data-table", has_text="Every tariff before and after").locator("table")
    return [[c.strip() for c in row.locator("th, td").all_text_contents()] for row in table.locator("tbody tr").all()]


def test_lab_from_the_menu_changes_with_its_settings(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=consumption")
    assert wait_ready(page) == "ready"
    page.click("#report-menu a:text('What-if lab')")
    assert wait_ready(page) == "ready"
    assert query(page)["report"] == "whatif"
    assert page.inner_text("#report-title") == "What-if lab: battery"
    before = ranking(page)
    assert len(before) >= 5 and before[0][0] == "1"
    assert "Best tariff after" in page.inner_text("#totals")

    scenario = page.locator(".block-form", has_text="Scenario")
    scenario.get_by_label("Battery usable kWh").fill("0")
    scenario.get_by_label("Solar kWp").fill("4")
    scenario.get_by_role("button", name="Show").click()
    assert wait_ready(page) == "ready"
    assert query(page)["solar"] == "4" and query(page)["battery"] == "0"
    assert page.inner_text("#report-title") == "What-if lab: solar panels"
    after = ranking(page)
    assert [r[4] for r in after] != [r[4] for r in before]  # the costs after changed

    # A negative size typed in the form is Python's to refuse, beside its field, as one in a link is (the
    # browser's own range check would stop the form with a bubble of its own and check no other field).
    scenario.get_by_label("Battery usable kWh").fill("-2")
    scenario.get_by_role("button", name="Show").click()
    page.wait_for_selector("input[name=battery][aria-invalid=true]")
    assert wait_ready(page) == "ready"
    assert query(page)["battery"] == "-2"
    error = page.locator(".block-form .field-invalid", has_text="Battery usable kWh")
    assert "Out of range" in error.inner_text()
    assert page.inner_text("#report-title") == "What-if lab: solar panels"  # the rest keeps working
    assert ranking(page)
    page.goto(site_url + "/?source=demo&report=whatif&battery=-2&solar=4")
    assert wait_ready(page) == "ready"
    assert "Out of range" in page.locator(".block-form .field-invalid", has_text="Battery usable kWh").inner_text()


def test_the_bound_shows_a_progress_bar_while_it_runs(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=whatif&battery=5&solar=4")
    assert wait_ready(page) == "ready"
    # Every text the status line shows from here on, and whether its bar was visible then.
    page.evaluate("""() => {
        window.heard = [];
        new MutationObserver(() => window.heard.push([document.getElementById("status-text").textContent,
                                                      document.getElementById("status").hidden]))
            .observe(document.getElementById("status-text"), {childList: true, characterData: true, subtree: true});
    }""")
    scenario = page.locator(".block-form", has_text="Scenario")
    scenario.get_by_label("Perfect-foresight bound").select_option("1")
    scenario.get_by_role("button", name="Show").click()
    assert wait_ready(page) == "ready"
    assert query(page)["bound"] == "1"
    heard = page.evaluate("window.heard")
    assert any(text.startswith("Perfect-foresight bound on ") and not hidden for text, hidden in heard), heard
    assert page.locator("#status").is_hidden()  # gone once the view is drawn
    assert "Upper bound: perfect foresight on" in page.inner_text("#blocks")


def test_an_ev_scenario_says_how_intelligent_gos_six_hour_cap_is_applied(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=whatif&battery=0&ev_miles=6000")
    assert wait_ready(page) == "ready"
    text = page.inner_text("#blocks")
    assert "cheap rate for at most 6 hours a day, midday to midday" in text
    assert "published in no feed" in text
    assert ranking(page)


def test_day_ahead_on_every_pair_is_chosen_in_the_form_and_shows_its_progress(page, site_url, wait_ready):
    page.goto(site_url + "/?source=demo&report=whatif&battery=5&solar=4&month=2023-06")
    assert wait_ready(page) == "ready"
    page.evaluate("""() => {
        window.heard = [];
        new MutationObserver(() => window.heard.push(document.getElementById("status-text").textContent))
            .observe(document.getElementById("status-text"), {childList: true, characterData: true, subtree: true});
    }""")
    scenario = page.locator(".block-form", has_text="Scenario")
    scenario.get_by_label("Battery strategy").select_option("day_ahead")
    scenario.get_by_label("Day-ahead planning on").select_option("every")
    scenario.get_by_role("button", name="Show").click()
    assert wait_ready(page) == "ready"
    assert query(page)["strategy"] == "day_ahead" and query(page)["plan"] == "every"
    rows = ranking(page)
    assert len(rows) >= 5 and all(r[-1].startswith("battery planned a day ahead") for r in rows)
    assert any(t.startswith("Planning the battery a day ahead on every tariff") for t in page.evaluate("window.heard"))


PHONE = {"width": 390, "height": 844}
BAD = {  # URL key → (a bad value, the field's label, words of its message)
    "battery": ("5000", "Battery usable kWh", "at most 200 kWh"),
    "battery_eff": ("120", "Round-trip efficiency %", "at most 100 %"),
    "ev_window": ("0100-0100", "Plugged in (HHMM-HHMM)", "zero hours"),
    "ev_kw": ("-7", "Charger kW", "between 1 and 22 kW"),
    "shift_window": ("0700-0700", "Into the window (HHMM-HHMM)", "zero hours"),
}


def test_bad_values_are_marked_by_their_fields_on_a_phone_and_the_rest_keeps_working(browser, site_url, wait_ready):
    """Absurd sizes, efficiency over 100 %, zero-hour windows: each message beside its field, inside a 390 px
    screen, while the panels are still priced and ranked."""
    ctx = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    try:
        bad = "&".join(f"{k}={v}" for k, (v, _, _) in BAD.items())
        page.goto(site_url + f"/?source=demo&report=whatif&solar=4&ev_miles=6000&shift=20&{bad}")
        assert wait_ready(page) == "ready"
        assert page.inner_text("#report-title") == "What-if lab: solar panels"  # the rest keeps working
        assert len(ranking(page)) >= 5
        form = page.locator(".block-form", has_text="Scenario")
        for key, (value, label, words) in BAD.items():
            field = form.locator(".field-invalid", has_text=label)
            assert field.count() == 1, key
            assert words in field.locator(".field-error").inner_text(), key
            assert field.locator("input").input_value() == value, key  # what was typed stays, to be corrected
            box, screen = field.locator(".field-error").bounding_box(), PHONE["width"]
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= screen, key
        clipped = form.locator(".field-error").evaluate_all(
            "es => es.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")
        assert clipped == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        ctx.close()


def test_a_household_with_gas_readings_only_gets_the_lab_with_a_message_by_the_field(page, site_url, wait_ready,
                                                                                      wait_report):
    gas = (Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
           / "octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv")  # source and licence: README there
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", str(gas))
    wait_report(page)
    page.click("#report-menu a:text-is('What-if lab')")  # in-page: a reload would need the file again
    page.wait_for_url("**report=whatif**")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "What-if lab: no electricity import data"
    field = page.locator(".block-form .field-invalid", has_text="Battery usable kWh")
    assert "needs your electricity import readings" in field.inner_text()
    assert "choose another report" in page.inner_text("#blocks")
    page.click("#report-menu a:text-is('Consumption')")  # the rest keeps working
    page.wait_for_url("**report=consumption**")
    assert wait_ready(page) == "ready"
    assert "Gas" in page.inner_text("#report-title")


def test_a_refused_field_is_announced_once_by_its_own_message(page, site_url, wait_ready):
    """A value the lab refuses on Show is said by the message beside its field, not also by the page; the field
    takes the focus, in view. A size written with its unit in a link is read in that unit."""
    page.goto(site_url + "/?source=demo&report=whatif&battery=5kWh&battery_kw=3%20kW&solar=4")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#status", state="hidden")
    assert page.inner_text("#report-title") == "What-if lab: battery, solar panels"
    scenario = page.locator(".block-form", has_text="Scenario")
    assert scenario.get_by_label("Battery usable kWh").input_value() == "5kWh"  # what the URL says

    scenario.get_by_label("Battery power kW").fill("500")
    scenario.get_by_role("button", name="Show").click()
    page.wait_for_selector("input[name=battery_kw][aria-invalid=true]")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#status", state="hidden")
    assert query(page)["battery"] == "5kWh" and query(page)["battery_kw"] == "500"
    field = page.locator("input[name=battery_kw]")
    message = page.locator(f"#{field.get_attribute('aria-describedby').split()[-1]}")
    assert message.inner_text() == "Out of range: power is more than 0 and at most 50 kW."
    assert message.get_attribute("role") == "alert"
    # One announcement of the refusal: its own message; the page's live region names the view only.
    assert len(live_regions_holding(page, "power is more than 0")) == 1
    assert live_regions_holding(page, "could not be used") == []
    assert live_regions_holding(page, "Battery power kW") == []
    assert page.inner_text("#view-announcer") == f"Showing {page.inner_text('#report-title')}"
    assert "power is more than 0" not in page.inner_text("#notices")
    # The field has the focus, with its message in view.
    assert page.evaluate("document.activeElement.name") == "battery_kw"
    box, height = message.bounding_box(), page.evaluate("window.innerHeight")
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_sizes_typed_with_their_units_in_the_form_are_priced_and_kept_in_a_short_url(page, site_url, wait_ready):
    """The form's numbers are text that takes the unit (5 kWh, 90%) on a decimal keyboard; after Show the URL
    holds what was typed and no setting left at its default. Another field's unit gets one message beside the
    field, and the rest of the page keeps working."""
    page.goto(site_url + "/?source=demo&report=whatif&battery=0&solar=4")
    assert wait_ready(page) == "ready"
    before = ranking(page)
    scenario = page.locator(".block-form", has_text="Scenario")
    size = scenario.get_by_label("Battery usable kWh")
    assert (size.get_attribute("type"), size.get_attribute("inputmode")) == ("text", "decimal")
    size.fill("5 kWh")
    scenario.get_by_label("Round-trip efficiency %").fill("90%")
    scenario.get_by_role("button", name="Show").click()
    page.wait_for_url("**battery=5+kWh**")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "What-if lab: battery, solar panels"
    assert [r[4] for r in ranking(page)] != [r[4] for r in before]  # the costs after changed
    # What was typed, and nothing left at its default (battery_kw=3, strategy=timer, solar_facing=S, …).
    assert query(page) == {"source": "demo", "report": "whatif", "fuel": "electricity", "battery": "5 kWh",
                           "battery_eff": "90%", "solar": "4"}
    assert size.input_value() == "5 kWh"
    assert scenario.get_by_label("Battery power kW").input_value() == "3"  # the default still shown

    # A power in the size's field: one message, beside it; the panels are still priced.
    size.fill("5 kW")
    scenario.get_by_role("button", name="Show").click()
    page.wait_for_selector("input[name=battery][aria-invalid=true]")
    assert wait_ready(page) == "ready"
    assert query(page)["battery"] == "5 kW"
    errors = scenario.locator(".field-error")
    assert errors.count() == 1
    field = scenario.locator(".field-invalid")
    assert field.count() == 1 and "Battery usable kWh" in field.locator("label").inner_text()
    assert errors.inner_text() == "Give kWh, e.g. 5 (not 5 kW); usable capacity is more than 0 and at most 200 kWh."
    assert errors.get_attribute("id") in size.get_attribute("aria-describedby").split()
    assert size.input_value() == "5 kW"  # what was typed stays, to be corrected
    assert "5 kW" not in page.inner_text("#notices")
    assert page.inner_text("#report-title") == "What-if lab: solar panels"
    assert len(ranking(page)) >= 5
    # The page keeps working: the value corrected, the battery is back.
    size.fill("6")
    scenario.get_by_role("button", name="Show").click()
    page.wait_for_url("**battery=6&**")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "What-if lab: battery, solar panels"
    assert scenario.locator(".field-error").count() == 0


def test_on_a_laptop_the_rankings_tariff_names_wrap_on_two_lines_at_most(page, site_url, wait_ready):
    """The names are what a reader scans: the ranking's other columns (figures, a note) leave them room."""
    page.set_viewport_size({"width": 1280, "height": 800})
    for scenario in ("battery=5", "battery=0&solar=4&has=ev,heat_pump,battery"):
        page.goto(site_url + "/?source=demo&report=whatif&" + scenario)
        assert wait_ready(page) == "ready"
        lines, sideways = page.evaluate("""() => {
            const table = [...document.querySelectorAll("details.data-table")]
                .find((d) => d.querySelector("summary").textContent.startsWith("Every tariff"));
            return [[...table.querySelectorAll("td[data-label$='tariff']")].map((td) => {
                const range = document.createRange();
                range.selectNodeContents(td);
                return [td.textContent, new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size];
            }), table.scrollWidth - table.clientWidth];
        }""")
        assert lines and [name for name, n in lines if n > 2] == [], scenario
        assert sideways <= 0, scenario  # and the whole table still fits the page
