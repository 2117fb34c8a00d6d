"""A provider that redirects elsewhere, ends a history early, never answers, refuses, or sends readings that are
not numbers, seen in Chromium.

A fault-injecting proxy (``tests/emulators/faults.py``) sits in front of the
provider emulator; the site is built for this module pointing at the proxy,
with a 3-second provider timeout so the hang test is quick. Every test runs
twice: served with the site's ``_headers`` (CSP on the worker), and by a host
that sends no headers at all (as GitHub Pages does), where only the page's
``<meta>`` CSP applies and the worker's own checks must keep the promises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.serve import serve_in_thread
from pyruntime.household.demo import demo_household
from pyruntime.timeseries.londontime import HALF_HOUR
from tests.emulators.faults import Faults, start_fault_proxy, start_foreign
from tests.emulators.providers import ACCOUNT, API_KEY, GLOW_PASSWORD, GLOW_USER, MPAN, MPRN, Behaviour, start_emulator

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 3
BROWSER_NETWORK_NOISE = ("Failed to load resource", "CORS policy", "net::ERR_", "status of 302")
FIRST_STEP = {"octopus": "Reading your Octopus account", "glowmarkt": "Signing in to Bright"}


@pytest.fixture(scope="module")
def servers():
    emu_server, emu_base, emulator = start_emulator()
    proxy_server, proxy_base, proxy = start_fault_proxy(emu_base)
    foreign_server, foreign_base, visits = start_foreign()
    yield {"emulator": emulator, "proxy": proxy, "proxy_base": proxy_base, "foreign": foreign_base, "visits": visits}
    proxy.release.set()
    for s in (proxy_server, foreign_server, emu_server):
        s.shutdown()
        s.server_close()


@pytest.fixture(scope="module")
def built(servers, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site-with-faults") / "site"
    base = servers["proxy_base"]
    subprocess.run([sys.executable, "-m", "builder", "build", "--out", str(out), "--no-bytecode",
                    "--octopus-api", f"{base}/octopus", "--glowmarkt-api", f"{base}/glowmarkt/api/v0-1",
                    "--provider-timeout", str(TIMEOUT_S)], check=True, cwd=ROOT, capture_output=True)
    bare = out.parent / "bare"
    shutil.copytree(out, bare)
    (bare / "_headers").unlink()  # the local server then sends no headers, like GitHub Pages
    return out


@pytest.fixture(scope="module", params=["with _headers", "no headers"])
def site_url(request, built):
    """This module's own site, pointed at the fault proxy (overrides the session's site)."""
    server, url = serve_in_thread(built if request.param == "with _headers" else built.parent / "bare")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def faults(servers, context, watch):
    """Fresh faults; afterwards the provider (through the proxy) is the one other origin the page reached."""
    servers["proxy"].faults = Faults()
    servers["proxy"].release.clear()
    servers["emulator"].behaviour = Behaviour()
    servers["emulator"].page_size_cap = 25_000
    servers["visits"].clear()
    yield servers
    servers["proxy"].release.set()  # end any request still held open
    watch.requests[:] = [u for u in watch.requests if not u.startswith(servers["proxy_base"] + "/")]
    watch.errors[:] = [e for e in watch.errors if not any(n in e for n in BROWSER_NETWORK_NOISE)]


def load_octopus(page, key=API_KEY):
    page.fill("#octopus-account", ACCOUNT)
    page.fill("#octopus-key", key)
    page.click("button[data-load=octopus]")


def load_bright(page, password=GLOW_PASSWORD):
    page.fill("#glowmarkt-user", GLOW_USER)
    page.fill("#glowmarkt-password", password)
    page.click("button[data-load=glowmarkt]")


def assert_stopped(page, way: str, said: str) -> None:
    """The failed load's message is shown, none of its steps is left as if still working, and the form is usable."""
    page.wait_for_selector(f"#way-{way} .error-box:has-text('{said}')", timeout=180_000)
    assert page.locator(f"#way-{way} .load-progress li").count() == 0, page.inner_text(f"#way-{way} .load-progress")
    assert FIRST_STEP[way] not in page.inner_text(f"#way-{way}")
    assert page.get_attribute(f"button[data-load={way}]", "aria-disabled") == "false"


def test_a_redirect_to_another_origin_is_refused_and_nothing_reaches_it(page, context, site_url, faults, watch):
    faults["proxy"].faults.redirect_to = faults["foreign"]
    hops = []
    context.on("request", lambda r: r.url.startswith(faults["foreign"]) and hops.append(r))
    page.goto(site_url + "/")
    load_octopus(page)
    box = page.wait_for_selector("#way-octopus .error-box")
    assert "tried to send the request on to another website" in box.inner_text()
    assert page.is_visible("#way-octopus button:text('Load a file instead')")
    assert faults["visits"] == [], "a request reached the foreign origin"
    # Chromium lists the redirect hop it was told about; none of them got a response.
    assert all(hop.response() is None for hop in hops)
    watch.requests[:] = [u for u in watch.requests if not u.startswith(faults["foreign"])]
    assert not any(MPAN in u or MPRN in u for u in watch.requests if not u.startswith(faults["proxy_base"]))


def test_a_history_that_ends_early_is_partial_and_names_the_missing_months(page, site_url, faults, wait_ready):
    faults["emulator"].page_size_cap = 5000
    faults["proxy"].faults.end_early_after = 2
    page.goto(site_url + "/")
    load_octopus(page)
    page.wait_for_selector("#report:not([hidden])", timeout=180_000)  # a whole history, on a busy machine
    assert wait_ready(page) == "ready"
    warnings = page.inner_text("#data-bar .load-warnings")
    assert "Gas: loading stopped partway" in warnings
    assert "stopped sending readings early" in warnings, warnings
    assert "July 2023 to December 2023" in warnings


def test_a_provider_that_never_answers_times_out_and_never_blocks_the_demo(page, site_url, faults, wait_ready):
    proxy = faults["proxy"]
    proxy.faults.hang = True
    page.goto(site_url + "/")
    load_octopus(page)
    page.wait_for_selector("#way-octopus button.cancel-load")
    for _ in range(360):  # until Python has started and waits on the provider
        if proxy.faults.held:
            break
        page.wait_for_timeout(250)
    # While the load hangs, the demo still opens: reports are not queued behind it.
    page.click("a#try-demo")
    page.wait_for_selector("#report:not([hidden])")
    assert wait_ready(page) == "ready"
    assert "Demo" in page.inner_text("#source-note")
    page.click(".site-header a:text('Home')")
    box = page.wait_for_selector("#way-octopus .error-box", timeout=90_000)
    assert f"did not answer within {TIMEOUT_S} seconds" in box.inner_text()
    assert page.locator("#way-octopus .load-progress li").count() == 0  # no step left as if still waiting
    assert proxy.faults.held >= 1


def test_cancel_stops_a_hung_load_and_the_forms_work_again(page, site_url, faults, wait_ready):
    proxy = faults["proxy"]
    proxy.faults.hang = True
    proxy.faults.held = 0
    page.goto(site_url + "/")
    load_octopus(page)
    for _ in range(360):  # until Python has started (slow on a busy machine) and waits on the provider
        if proxy.faults.held:
            break
        page.wait_for_timeout(250)
    assert proxy.faults.held, proxy.faults.paths
    page.click("#way-octopus button.cancel-load")
    page.wait_for_selector("#way-octopus .load-cancelled:has-text('Loading was cancelled')", timeout=2000)
    assert page.locator("#way-octopus .load-progress li").count() == 0
    assert page.is_enabled("button[data-load=octopus]")
    proxy.faults.hang = False
    proxy.release.set()
    load_octopus(page)  # the same worker loads normally afterwards
    page.wait_for_selector("#report:not([hidden])", timeout=180_000)
    assert wait_ready(page) == "ready"
    assert "source=octopus" in page.url


def test_readings_that_are_not_numbers_are_refused_in_words_and_the_demo_and_menu_stay(page, site_url, faults,
                                                                                         wait_ready):
    """Every reading NaN (JSON parsing accepts it): once priced as NaN, it broke every report; now it is refused."""
    page.goto(site_url + "/?source=demo&report=cost")
    assert wait_ready(page) == "ready"
    faults["proxy"].faults.readings_as = "NaN"
    page.click(".site-header a:text('Home')")
    load_octopus(page)
    box = page.wait_for_selector("#way-octopus .error-box", timeout=180_000)
    said = box.inner_text()
    assert "sent readings we cannot use" in said and "file" in said, said
    assert API_KEY not in said and ACCOUNT not in said and MPAN not in said and "NaN" not in said
    assert page.is_enabled("button[data-load=octopus]")
    page.go_back()  # the demo's cost report is still there, menu and all
    page.wait_for_selector("#report:not([hidden])")
    assert wait_ready(page) == "ready"
    assert "Demo" in page.inner_text("#source-note")
    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_selector("#report-menu a[aria-current=page]:text-is('Consumption')")
    assert wait_ready(page) == "ready"
    assert "source=demo" in page.url and "NaN" not in page.inner_text("#report")


def test_a_failed_octopus_load_leaves_its_message_not_its_steps_and_a_retry_loads(page, site_url, faults, wait_ready):
    """"Reading your Octopus account" once stayed above the error of a refused key, as if still working."""
    page.goto(site_url + "/?source=demo&report=cost")
    assert wait_ready(page) == "ready"
    page.click(".site-header a:text('Home')")
    behaviour = faults["emulator"].behaviour
    load_octopus(page, key="sk_live_WRONGKEY000000000000")
    assert_stopped(page, "octopus", "did not accept your account number and API key")
    behaviour.outage = True
    load_octopus(page)
    assert_stopped(page, "octopus", "is having trouble (error 503)")
    behaviour.outage = False
    behaviour.refuse_preflight = True  # the browser blocks the request
    load_octopus(page)
    assert_stopped(page, "octopus", "could not be reached from your browser")
    behaviour.refuse_preflight = False
    page.go_back()  # the demo that was open is still there, menu and all
    page.wait_for_selector("#report:not([hidden])")
    assert wait_ready(page) == "ready"
    assert "Demo" in page.inner_text("#source-note")
    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_selector("#report-menu a[aria-current=page]:text-is('Consumption')")
    assert wait_ready(page) == "ready" and "source=demo" in page.url
    page.click(".site-header a:text('Home')")
    load_octopus(page)  # the same form, the right key: loads
    page.wait_for_selector("#report:not([hidden])", timeout=180_000)
    assert wait_ready(page) == "ready"
    assert "source=octopus" in page.url


def test_a_failed_bright_load_leaves_its_message_not_its_steps_and_a_retry_loads(page, site_url, faults, wait_ready):
    page.goto(site_url + "/")
    load_bright(page, password="not the password")
    assert_stopped(page, "glowmarkt", "did not accept your")
    assert "not the password" not in page.inner_text("body")
    faults["emulator"].behaviour.outage = True
    load_bright(page)
    assert_stopped(page, "glowmarkt", "is having trouble (error 503)")
    faults["emulator"].behaviour.outage = False
    load_bright(page)
    page.wait_for_selector("#report:not([hidden])", timeout=180_000)
    assert wait_ready(page) == "ready"
    assert "source=glowmarkt" in page.url


DEMO = demo_household()
MARCH_1 = int(dt.datetime(2023, 3, 1, tzinfo=dt.UTC).timestamp())  # a London midnight (GMT)
NO_NUMBER = ['""', '"NaN"', '"1 000"', "NaN"]  # text holding no number, and JSON's NaN literal
RETOLD = range(8)  # 1 March's first 8 half-hours are not sent as the meter's readings


def bright_as_text(start: int, value: object) -> str | None:
    """1 March as Bright might send it: 4 values that are no number, 3 of the 65.535 kWh fault value and one 1e9
    (as text), then every other reading as text, half of them padded with spaces."""
    k = (start - MARCH_1) // HALF_HOUR
    if not 0 <= k < 48:
        return None
    if k < len(NO_NUMBER):
        return NO_NUMBER[k]
    if k < 7:
        return '"65.535"'
    if k == 7:
        return '"1e9"'
    return json.dumps(f" {value} " if k % 2 else str(value))


def bright_with_gaps(start: int, value: object) -> str | None:
    """The same half-hours as Bright's own gaps (null): what the page must price when it leaves them out."""
    return "null" if (start - MARCH_1) // HALF_HOUR in RETOLD else None


def kwh_without_retold(fuel: str) -> str:
    series = DEMO[fuel]
    retold = {(MARCH_1 - series.start) // HALF_HOUR + k for k in RETOLD}
    return f"{sum(v for i, v in enumerate(series.values) if v is not None and i not in retold):,.1f} kWh"


def pounds_on_the_cost_report(page, wait_ready) -> list[str]:
    page.click("#report-menu a:text-is('Cost')")
    page.wait_for_selector("#report-menu a[aria-current=page]:text-is('Cost')")
    assert wait_ready(page) == "ready"
    return re.findall(r"£[\d,]+\.\d\d", page.inner_text("#totals"))


def test_bright_readings_sent_as_text_are_read_and_impossible_ones_never_reach_a_cost(page, site_url, faults,
                                                                                     wait_ready, wait_loaded):
    assert all(DEMO[f].values[(MARCH_1 - DEMO[f].start) // HALF_HOUR + k] is not None
               for f in ("electricity", "gas") for k in RETOLD), "the demo has a gap where this test needs readings"
    proxy = faults["proxy"].faults
    proxy.readings_as = bright_with_gaps  # first the cost with those half-hours simply missing
    page.goto(site_url + "/")
    load_bright(page)
    page.wait_for_selector("#report:not([hidden])", timeout=180_000)
    wait_loaded(page)
    assert kwh_without_retold("electricity") in page.inner_text("#totals")
    with_gaps = pounds_on_the_cost_report(page, wait_ready)
    assert with_gaps

    proxy.readings_as = bright_as_text
    page.click(".site-header a:text('Home')")
    load_bright(page)
    page.wait_for_selector("#report:not([hidden])", timeout=180_000)
    wait_loaded(page)
    # Text numbers are read (every other half-hour of 1 March counts); the rest is none of the energy.
    assert kwh_without_retold("electricity") in page.inner_text("#totals")
    warnings = page.inner_text("#data-bar .load-warnings")
    for fuel in ("Electricity import", "Gas"):
        assert f"{fuel}: Glowmarkt (Bright) sent 4 half-hours that were not a reading we can use" in warnings
        assert f"{fuel}: 3 half-hours read 65.5 kWh, far above what a home can use" in warnings
        # the "1e9": dropped as a gap and said so here, as a dropped file says it
        assert f"{fuel}: 1 meter error code (a value of 1,000,000,000) was dropped and is a gap." in warnings
    assert "left out of every total, cost and comparison (196.6 kWh)" in warnings
    assert pounds_on_the_cost_report(page, wait_ready) == with_gaps  # not a penny from the impossible readings
    page.click("#report-menu a:text-is('Data quality')")
    page.wait_for_selector("#report-menu a[aria-current=page]:text-is('Data quality')")
    assert wait_ready(page) == "ready"
    quality = page.inner_text("#report")
    assert "1 (readings of 16,700 kWh and above are meter error codes)" in quality  # the 1e9
    assert "Faulty readings (3)" in quality
    page.click("#fuel-tabs a:text-is('Gas')")  # and the page keeps working
    page.wait_for_selector("#fuel-tabs a[aria-current=page]:text-is('Gas')")
    assert wait_ready(page) == "ready"
    assert "source=glowmarkt" in page.url and "NaN" not in page.inner_text("#report")
