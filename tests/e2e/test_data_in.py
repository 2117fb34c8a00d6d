"""Loading your own data in Chromium: Octopus and Bright emulators on a second 127.0.0.1 origin, and files.

The site is built for this module with ``--octopus-api``/``--glowmarkt-api``
pointing at the emulator (``tests/emulators/providers.py``), which serves
the demo household, so loaded totals must equal the demo's. Besides the
messages, every test checks the privacy promises: the key is in no URL,
storage, cookie or console line, and only requests to the provider carry it.
"""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest

from builder.serve import serve_in_thread
from pyruntime.fileformats import import_file
from pyruntime.household.demo import demo_household
from tests.e2e.live_regions import live_regions_holding
from tests.emulators.providers import ACCOUNT, API_KEY, GLOW_PASSWORD, GLOW_USER, Behaviour, start_emulator

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ELECTRICITY_CSV = FIXTURES / "consumption" / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
N3RGY_JSON = FIXTURES / "n3rgy" / "n3rgy_v1_electricity_consumption.json"
DEMO = demo_household()
SECRETS = (API_KEY, base64.b64encode(f"{API_KEY}:".encode()).decode(), GLOW_PASSWORD, "glow-token-0123456789")
BROWSER_NETWORK_NOISE = ("Failed to load resource", "CORS policy", "net::ERR_FAILED")

DUMP_STORAGE = """async () => {
  const out = [JSON.stringify(Object.entries(localStorage)), JSON.stringify(Object.entries(sessionStorage)),
               document.cookie];
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((ok, no) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result);
                                               r.onerror = () => no(r.error); });
    for (const store of db.objectStoreNames) {
      out.push(await new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll();
                                           r.onsuccess = () => ok(JSON.stringify(r.result)); }));
    }
    db.close();
  }
  return out.join("\\n");
}"""


@pytest.fixture(scope="module")
def emulator():
    server, base, emu = start_emulator()
    yield base, emu
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site_url(emulator, tmp_path_factory):
    """This module's own site, pointed at the emulator (overrides the session's site)."""
    base, _ = emulator
    out = tmp_path_factory.mktemp("site-with-emulator")
    subprocess.run([sys.executable, "-m", "builder", "build", "--out", str(out), "--octopus-api", f"{base}/octopus",
                    "--glowmarkt-api", f"{base}/glowmarkt/api/v0-1"], check=True, cwd=ROOT, capture_output=True)
    server, url = serve_in_thread(out)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def emu(emulator, context, page, watch):
    """The emulator, reset; records what the page logged and sent; checks the privacy promises afterwards."""
    base, emulator_state = emulator
    emulator_state.behaviour = Behaviour()
    emulator_state.requests.clear()
    emulator_state.page_size_cap = 25_000
    seen = {"console": [], "requests": [], "urls": []}
    page.on("console", lambda m: seen["console"].append(m.text))
    context.on("request", lambda r: seen["requests"].append((r.url, r.headers)))
    page.on("framenavigated", lambda f: seen["urls"].append(f.url))
    yield base, emulator_state, seen
    for url in seen["urls"] + [u for u, _ in seen["requests"]]:
        assert not any(s in url for s in SECRETS), "a secret reached a URL"
    assert not any(s in line for line in seen["console"] for s in SECRETS), "a secret reached the console"
    for url, headers in seen["requests"]:
        if "authorization" in headers or "token" in headers:
            assert url.startswith(base + "/"), f"credentials went to {url}"
    for r in emulator_state.requests:
        if "authorization" in r.headers:
            assert r.path.startswith("/octopus/")
    foreign = [u for u in watch.requests if not u.startswith(base + "/")]
    watch.requests[:] = foreign  # the provider is the one other origin allowed
    watch.errors[:] = [e for e in watch.errors if not any(n in e for n in BROWSER_NETWORK_NOISE)]


def kwh(fuel: str) -> str:
    return f"{sum(v for v in DEMO[fuel].values if v is not None):,.1f} kWh"


def assert_storage_holds_no_secret(page) -> str:
    dump = page.evaluate(DUMP_STORAGE)
    assert not any(s in dump for s in SECRETS)
    assert page.context.cookies() == []
    return dump


def load_octopus(page, key=API_KEY):
    page.fill("#octopus-account", ACCOUNT)
    page.fill("#octopus-key", key)
    page.click("button[data-load=octopus]")


def total_for(page, tab: str) -> str:
    page.click(f"#fuel-tabs a:text-is('{tab}')")
    page.wait_for_selector(f"#fuel-tabs a[aria-current=page]:text-is('{tab}')")
    page.wait_for_selector("html[data-state=ready]")
    return page.inner_text("#totals")


def test_octopus_loads_the_demo_totals_remembers_on_request_and_forgets(page, site_url, emu, wait_ready, wait_loaded,
                                                                        wait_report):
    _, emulator, _ = emu
    page.goto(site_url + "/")
    load_octopus(page)
    wait_loaded(page)
    assert "source=octopus" in page.url and "sk_live" not in page.url
    progress = page.text_content("#way-octopus .load-progress")
    assert f"Gas: {DEMO['gas'].present:,} half-hours loaded" in progress
    assert "Electricity import (meter 2 of 2)" in progress
    assert page.input_value("#octopus-key") == ""  # cleared once loaded
    assert kwh("electricity") in page.inner_text("#totals")
    assert kwh("gas") in total_for(page, "Gas")
    assert kwh("export") in total_for(page, "Electricity export")
    assert "Gas read as kWh (detected" in page.inner_text("#data-bar")
    page.click("#data-bar button:text('Data quality')")
    page.wait_for_selector("#report-title:text('data quality')")
    assert "Readings from 2 meters were joined" in page.inner_text("#blocks")
    assert_storage_holds_no_secret(page)

    # Opt in to remembering: the readings are stored, never the key, and a reload uses them.
    page.check("#remember-readings")
    page.wait_for_selector("#data-bar .remember :text('Saved on this device.')")
    assert '"snapshot"' in assert_storage_holds_no_secret(page)
    page.goto(site_url + "/?source=octopus&report=consumption&fuel=electricity")
    wait_report(page)
    page.wait_for_selector("#report-title:text('Electricity import')")
    assert kwh("electricity") in page.inner_text("#totals")

    # Forget everything: the worker's data, the form fields and IndexedDB, at once.
    page.click("#data-bar button:text('Forget everything')")
    page.wait_for_selector("#landing:not([hidden])")
    assert "Everything is forgotten" in page.inner_text("#notices")
    assert page.evaluate("indexedDB.databases().then((d) => d.map((x) => x.name))") == []
    page.goto(site_url + "/?source=octopus&report=consumption")
    page.wait_for_selector("#landing:not([hidden])")
    assert "load your data again" in page.inner_text("#notices")
    assert all(r.path.startswith("/octopus/") for r in emulator.requests)


def test_refused_preflight_then_wrong_key_then_rate_limited_then_loaded(page, site_url, emu, wait_ready, wait_loaded):
    _, emulator, _ = emu
    page.goto(site_url + "/")
    emulator.behaviour.refuse_preflight = True
    load_octopus(page)
    page.wait_for_selector("#way-octopus .error-box")
    assert "could not be reached from your browser" in page.inner_text("#way-octopus .error-box")
    assert page.is_visible("#way-octopus button:text('Load a file instead')")

    emulator.behaviour.refuse_preflight = False
    load_octopus(page, key="sk_live_WRONGKEY000000000000")
    page.wait_for_selector("#way-octopus .error-box:has-text('did not accept')")
    assert "did not accept your account number and API key" in page.inner_text("#way-octopus .error-box")
    assert page.locator("#way-octopus progress:not([value])").count() == 0  # no bar left running after it
    assert "WRONGKEY" not in page.url and "WRONGKEY" not in page.inner_text("body")

    emulator.behaviour.rate_limit_once = True
    load_octopus(page)
    wait_loaded(page)
    assert emulator.behaviour.served_429 == 1
    assert "asked us to wait" in page.text_content("#way-octopus .load-progress")
    assert kwh("electricity") in page.inner_text("#totals")
    assert_storage_holds_no_secret(page)


def test_a_wrong_key_by_keyboard_keeps_the_focus_on_the_button_and_is_announced(page, site_url, emu, wait_ready):
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.focus("#octopus-account")
    page.keyboard.type(ACCOUNT)
    page.keyboard.press("Tab")
    page.keyboard.type("sk_live_WRONGKEY000000000000")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.load") == "octopus"
    page.keyboard.press("Enter")
    # While it loads the button stays focused (a disabled button would drop the focus to the page's start).
    assert page.evaluate("document.activeElement.dataset.load") == "octopus"
    error = page.wait_for_selector("#way-octopus .error-box:has-text('did not accept')")
    assert error.get_attribute("role") == "alert"
    # Announced once: the alert is not also inside the form's polite live region (read twice by some readers).
    assert len(live_regions_holding(page, "did not accept your account number")) == 1
    assert page.evaluate("document.activeElement.dataset.load") == "octopus"
    assert page.get_attribute("button[data-load=octopus]", "aria-disabled") == "false"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "octopus-key"  # back to the key, to put it right


def test_a_failure_mid_history_keeps_the_rest_and_names_the_missing_months(page, site_url, emu, wait_ready,
                                                                           wait_loaded):
    _, emulator, _ = emu
    emulator.page_size_cap = 5000
    emulator.behaviour.fail_consumption_after = 2
    page.goto(site_url + "/")
    load_octopus(page)
    wait_loaded(page)
    warnings = page.inner_text("#data-bar .load-warnings")
    assert "Gas: loading stopped partway" in warnings
    assert "July 2023 to December 2023" in warnings
    # The gas history runs to where electricity's, loaded whole, ends: the same days and half-hours.
    fuels = page.text_content("#data-bar-fuels")
    assert "Gas: 1 Jan 2023 to 31 Dec 2023, 10,000 of 17,520 half-hours with a reading" in fuels, fuels
    assert kwh("electricity") in page.inner_text("#totals")
    assert "Missing" in total_for(page, "Gas")


def test_bright_loads_electricity_and_gas(page, site_url, emu, wait_ready, wait_loaded):
    page.goto(site_url + "/")
    page.fill("#glowmarkt-user", GLOW_USER)
    page.fill("#glowmarkt-password", GLOW_PASSWORD)
    page.click("button[data-load=glowmarkt]")
    wait_loaded(page)
    assert "source=glowmarkt" in page.url
    assert page.input_value("#glowmarkt-password") == ""
    assert kwh("electricity") in page.inner_text("#totals")
    assert kwh("gas") in total_for(page, "Gas")
    assert_storage_holds_no_secret(page)

    # The calorific value is typed as on a bill: a decimal comma is refused beside the form, a unit is read.
    page.click("#data-bar .gas-units summary")
    page.fill("#gas-cv", "39,5")
    page.click("#data-bar .gas-form button[type=submit]")
    page.wait_for_selector("#gas-cv-error:has-text('write it with a decimal point, e.g. 39.5, not “39,5”')")
    assert page.get_attribute("#gas-cv", "aria-invalid") == "true"
    page.select_option("#gas-unit", "m3")
    page.fill("#gas-cv", "38.7 MJ/m3")
    page.click("#data-bar .gas-form button[type=submit]")
    page.wait_for_selector("#data-bar .gas-units summary:has-text('Gas read as cubic metres (m³) (your choice)')")


def test_files_load_ask_for_columns_and_refuse_hostile_input(page, site_url, emu, wait_ready, wait_loaded):
    _, emulator, _ = emu
    page.goto(site_url + "/")
    page.set_input_files("#file-input", str(ELECTRICITY_CSV))
    wait_loaded(page)
    assert "source=file" in page.url
    expected = sum(v for v in import_file(ELECTRICITY_CSV.read_bytes()).channels[0].series.values if v is not None)
    assert f"{expected:,.1f} kWh" in page.inner_text("#totals")

    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    page.set_input_files("#n3rgy-input", str(N3RGY_JSON))
    page.wait_for_selector("#report-title:text('Overview')")
    wait_loaded(page)
    n3rgy = sum(v for v in import_file(N3RGY_JSON.read_bytes()).channels[0].series.values if v is not None)
    # A second electricity file adds its half-hours to the first's (years apart here: the gap stays a gap).
    page.wait_for_selector(f"#totals:has-text('{expected + n3rgy:,.1f} kWh')")
    page.wait_for_selector("#data-bar:has-text('Added 96 half-hours from n3rgy_v1_electricity_consumption.json to "
                           "your electricity import readings: now 1 Jan 2019 to 1 Nov 2023.')")

    page.click(".site-header a:text('Home')")
    page.wait_for_selector("#landing:not([hidden])")
    hostile = (b"Timestamp,Value\n<script>document.title='owned'</script>,=HYPERLINK(\"x\")\n"
               b"<img src=x onerror=alert(1)>,1\n")
    page.set_input_files("#file-input", {"name": "<b>evil</b>.csv", "mimeType": "text/csv", "buffer": hostile})
    page.wait_for_selector("#way-file .mapping-form")  # not a layout we know: the preview is shown as text
    assert "‹script›" in page.inner_text("#way-file .mapping-form tbody")
    page.select_option("#map-value", "1")
    page.click("#way-file .mapping-form button[type=submit]")
    page.wait_for_selector("#way-file .error-box")
    assert page.title() != "owned"
    assert page.evaluate("document.querySelectorAll('#landing script, #landing img, #landing b').length") == 0
    junk = bytes(range(256)) * 64
    page.set_input_files("#file-input", {"name": "junk.csv", "mimeType": "text/csv", "buffer": junk})
    page.wait_for_selector("#way-file .error-box:has-text('binary data')")

    rows = "".join(f"{i},2023-03-0{1 + i // 48} {(i % 48) // 2:02d}:{(i % 2) * 30:02d},7,0.{i % 9 + 1}\n"
                   for i in range(96))
    table = ("reading id,when,meter,kwh used\n" + rows).encode()
    page.set_input_files("#file-input", {"name": "odd.csv", "mimeType": "text/csv", "buffer": table})
    page.wait_for_selector("#way-file .mapping-form")
    assert "when" in page.inner_text("#way-file .mapping-form thead")
    page.select_option("#map-time", "1")
    page.select_option("#map-value", "3")
    page.click("#way-file .mapping-form button[type=submit]")
    wait_loaded(page)
    page.wait_for_selector("#data-bar:has-text('Added 96 half-hours from odd.csv')")
    assert "530 of 84,768" in page.inner_text("#totals")  # 338 + 96 + 96 half-hours from 1 Jan 2019 to 1 Nov 2023
    assert emulator.requests == []
