"""Meter error codes dropped from a provider's readings are announced on the page, as they are from a file.

A reading at or above :data:`pyruntime.fileformats.faults.ERROR_CODE` is no
energy: every source drops it and leaves a gap. A dropped file always said so
in the household's warnings (which the page's data bar shows above every
report); an Octopus or Bright load said so only in the Data quality report.
These tests load the same readings through each provider's loader, with a
fake transport, and through the file route, and expect one sentence per fuel,
worded the same way.
"""

from __future__ import annotations

import json

import pytest

from pyruntime.bridge import run_sync
from pyruntime.fileformats import faults, import_file
from pyruntime.household import Household
from pyruntime.ops import OpContext
from pyruntime.ops.load import OPS
from pyruntime.providers import glowmarkt as glow
from pyruntime.providers.glowmarkt_loader import load_glowmarkt
from pyruntime.providers.http import HttpResponse
from pyruntime.providers.octopus_loader import load_octopus
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc
from tests.pyruntime.sample_feeds import sample_session

from .test_provider_responses_fuzz import ACCOUNT_DOCS, GLOW_RESOURCES, KEY, NOW, PASSWORD, no_sleep

START = NOW - 86400
CODES = {5: 1e9, 9: faults.ERROR_CODE, 20: 16777.215}  # half-hour → the meter's error code sent there
FUELS = {"electricity": "Electricity import", "gas": "Gas"}


def values(fuel: str, codes: dict[int, float]) -> list[float]:
    """A day of ordinary readings with ``codes`` in; gas is kWh-sized so it is read as kWh."""
    usual = 0.3 if fuel == "electricity" else 1.2
    return [codes.get(i, usual) for i in range(48)]


def reply(doc: object) -> HttpResponse:
    return HttpResponse(200, {"content-type": "application/json"}, json.dumps(doc))


def octopus_household() -> Household:
    account = ACCOUNT_DOCS["account_octometer_two_meters.json"]

    class Transport:
        async def send(self, request):
            if "/accounts/" in request.url:
                return reply(account)
            fuel = "electricity" if "electricity" in request.url else "gas"
            # readings from the first meter on each point only: the second one (replaced) sent none
            first = "1111111111" in request.url or "12345678901234" in request.url
            rows = [{"consumption": v, "interval_start": isoformat_utc(START + HALF_HOUR * i),
                     "interval_end": isoformat_utc(START + HALF_HOUR * (i + 1))}
                    for i, v in enumerate(values(fuel, CODES) if first else [])]
            return reply({"count": len(rows), "next": None, "previous": None, "results": rows})

    return run_sync(load_octopus(Transport(), base="https://api.octopus.energy/v1/", account_number=account["number"],
                                 api_key=KEY, now=NOW, sleep=no_sleep))


def bright_household(codes: dict[int, float] = CODES) -> Household:
    class Transport:
        async def send(self, request):
            if request.url.endswith("/auth"):
                return reply({"valid": True, "token": "eyJTOKEN"})
            if request.url.endswith("/virtualentity"):
                return reply(GLOW_RESOURCES)
            if request.url.endswith(("/first-time", "/last-time")):
                return reply({"data": {"firstTs": START, "lastTs": START + 47 * HALF_HOUR}})
            fuel = "gas" if "res-gas" in request.url else "electricity"
            return reply({"status": "OK", "units": "kWh",
                          "data": [[START + HALF_HOUR * i, v] for i, v in enumerate(values(fuel, codes))]})

    return run_sync(load_glowmarkt(Transport(), base=glow.BASE, username="me@example.com", password=PASSWORD,
                                   now=NOW, sleep=no_sleep))


def file_household(fuel: str) -> Household:
    rows = [{"consumption": v, "interval_start": isoformat_utc(START + HALF_HOUR * i),
             "interval_end": isoformat_utc(START + HALF_HOUR * (i + 1))} for i, v in enumerate(values(fuel, CODES))]
    doc = json.dumps({"count": len(rows), "next": None, "results": rows}).encode()
    session = sample_session()
    run_sync(OPS["load_file"](OpContext(session, {"name": "readings.json", "fuel": fuel}, doc)))
    return session.household


def error_code_warnings(household: Household, fuel: str) -> list[str]:
    return [w.message for w in household.facts.warnings if w.fuel == fuel and "meter error code" in w.message]


@pytest.mark.parametrize("load", [octopus_household, bright_household], ids=["octopus", "bright"])
def test_a_provider_load_says_how_many_error_codes_it_dropped_for_each_fuel(load):
    household = load()
    for fuel, label in FUELS.items():
        assert error_code_warnings(household, fuel) == [
            f"{label}: 3 meter error codes (values of 16,700.215, 16,777.215 and 1,000,000,000) were dropped and are "
            "gaps."], fuel
        assert household.facts.imports[fuel].sentinels == 3  # the Data quality report's count, as before
        series = household.series[fuel]
        for i in CODES:
            assert series.values[(START - series.start) // HALF_HOUR + i] is None  # a gap, never energy
        assert not household.facts.faulty  # error codes are not faulty readings offered back


@pytest.mark.parametrize("fuel", list(FUELS))
def test_the_provider_and_file_routes_word_it_the_same(fuel):
    assert error_code_warnings(bright_household(), fuel) == error_code_warnings(file_household(fuel), fuel)
    assert error_code_warnings(octopus_household(), fuel) == error_code_warnings(file_household(fuel), fuel)


def test_a_provider_load_without_error_codes_says_nothing_about_them():
    household = bright_household(codes={})
    assert not any("meter error code" in w.message for w in household.facts.warnings)


@pytest.mark.parametrize(("n", "sentence"), [
    (1, "1 meter error code (a value of 16,700.215 or more) was dropped and is a gap."),
    (3, "3 meter error codes (values of 16,700.215 or more) were dropped and are gaps."),
    (1200, "1,200 meter error codes (values of 16,700.215 or more) were dropped and are gaps."),
])
def test_one_sentence_counts_them(n, sentence):
    assert faults.announce_error_codes(n) == sentence


@pytest.mark.parametrize(("n", "values", "sentence"), [
    (1, (99999.0,), "1 meter error code (a value of 99,999) was dropped and is a gap."),
    (4, (16777.215,), "4 meter error codes (each 16,777.215) were dropped and are gaps."),
    (2, (99999.0, 16777.215), "2 meter error codes (values of 16,777.215 and 99,999) were dropped and are gaps."),
    (9, (1e9, 99999.0, 16777.215, 65535.5), "9 meter error codes (values of 16,777.215, 65,535.5, 99,999 and other "
                                          "values) were dropped and are gaps."),
    (1, (16777.2154,), "1 meter error code (a value of 16,777.2154) was dropped and is a gap."),
])
def test_the_sentence_quotes_the_codes_found_so_they_can_be_found_in_the_file(n, values, sentence):
    assert faults.announce_error_codes(n, values) == sentence


def test_a_dropped_file_quotes_its_spike_not_the_threshold():
    stamps = [isoformat_utc(START + HALF_HOUR * i) for i in range(97)]
    rows = ["Consumption (kWh), Start, End"] + [
        f"{99999 if i == 7 else 0.25}, {stamps[i]}, {stamps[i + 1]}" for i in range(96)]
    channel = import_file("\n".join(rows).encode(), fuel="electricity").channels[0]
    assert "1 meter error code (a value of 99,999) was dropped and is a gap." in channel.report.warnings
    assert channel.report.sentinels == 1
    assert channel.series.values[7] is None and channel.series.present == 95
