"""Checking the bill against Octopus's statements in Chromium, over the emulated GraphQL endpoint.

Loads the demo household from the emulated Octopus, opens the bill, presses
"Check against my Octopus statements", reads the reconciliation table, then
meets Octopus's rate limit: the message says when to try again, and the
table, the bill and the other reports keep working. The key and the GraphQL
token must be absent from every URL, storage and console line.
"""

from __future__ import annotations

from tests.e2e.live_regions import live_regions_holding
from tests.e2e.test_data_in import (  # noqa: F401  (module fixtures: the site built against the emulator)
    DUMP_STORAGE,
    SECRETS,
    emu,
    emulator,
    load_octopus,
    site_url,
)
from tests.pyruntime.kraken import Kraken


def test_statements_are_read_on_request_reconciled_and_a_rate_limit_keeps_the_page_working(
        page, site_url, emu, wait_ready, wait_report):  # noqa: F811
    _, emulator_state, seen = emu
    emulator_state.kraken = Kraken()
    page.goto(site_url + "/")
    load_octopus(page)
    wait_report(page)

    page.click("#report-menu a:text-is('Bill')")
    page.wait_for_selector("#report-title:text('Electricity import bill')")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#statements:not([hidden]) #check-statements")
    assert emulator_state.kraken.token_requests == 0  # nothing is asked before the button is pressed

    page.click("#check-statements")
    page.wait_for_selector("#statements table")
    assert "6 statements read; 10 charges compared" in page.inner_text("#statements .statements-status")
    table = page.inner_text("#statements table")
    assert "1 Oct 2023 to 31 Oct 2023" in table and "£105.10" in table  # Octopus's October electricity
    assert "estimated or monthly meter read" in table and "Octoplus reward £2.00" in table
    assert "Your tariff changed on 2023-04-01" in table
    assert "Your readings do not reach these dates" in table
    assert emulator_state.kraken.token_requests == 1 and emulator_state.kraken.statement_requests == 2
    assert page.locator("#statements tbody tr").count() == 10

    # Another view and back: the statements are shown again without asking Octopus.
    page.click("#fuel-tabs a:text-is('Gas')")
    page.wait_for_selector("#report-title:text('Gas bill')")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#statements table")
    assert emulator_state.kraken.statement_requests == 2

    # Octopus's rate limit: a clear message, one request, and the page keeps working.
    emulator_state.kraken.rate_limited = True
    def posts() -> int:
        return sum(r.method == "POST" for r in emulator_state.requests)

    before = posts()
    page.click("#check-statements")
    page.wait_for_selector("#statements [role=alert]")
    assert "Try again in about an hour" in page.inner_text("#statements [role=alert]")
    assert len(live_regions_holding(page, "Try again in about an hour")) == 1  # one announcement, not two
    assert posts() - before == 1  # one request (after its CORS preflight), no retries
    assert page.locator("#statements tbody tr").count() == 10  # what was read before stays
    page.click("#report-menu a:text-is('Consumption')")
    page.wait_for_selector("#report-title:text('Gas')")
    assert wait_ready(page) == "ready"
    assert page.is_hidden("#statements")
    page.click("#report-menu a:text-is('Bill')")
    page.wait_for_selector("#report-title:text('Gas bill')")
    assert wait_ready(page) == "ready" and "Total (inc VAT)" in page.inner_text("#totals")

    # The key and every token stay out of URLs, storage and the console (emu checks URLs and console too).
    tokens = tuple(emulator_state.kraken.tokens)
    assert tokens
    dump = page.evaluate(DUMP_STORAGE)
    for secret in SECRETS + tokens:
        assert secret not in dump
        assert not any(secret in u for u in seen["urls"] + [u for u, _ in seen["requests"]])
        assert not any(secret in line for line in seen["console"])
    graphql = [r for r in emulator_state.requests if r.path.endswith("/graphql/") and r.method == "POST"]
    assert all(r.headers.get("authorization", "") in ("", *tokens) for r in graphql)
