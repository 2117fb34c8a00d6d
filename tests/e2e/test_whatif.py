"""The what-if lab end to end in Chromium: open it from the menu on the demo, change a setting, see the URL and
the ranking change, and a bad value marked next to its field while the rest keeps working."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


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

    # The form's own limits stop a negative size being submitted; a link with one gets a message by the field.
    page.goto(site_url + "/?source=demo&report=whatif&battery=-2&solar=4")
    assert wait_ready(page) == "ready"
    assert query(page)["battery"] == "-2"
    error = page.locator(".block-form .field-invalid", has_text="Battery usable kWh")
    assert "Out of range" in error.inner_text()
    assert page.inner_text("#report-title") == "What-if lab: solar panels"  # the rest keeps working
    assert ranking(page)


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
