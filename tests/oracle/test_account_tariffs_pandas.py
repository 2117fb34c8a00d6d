"""The tariff in force each half-hour, from an Octopus account's agreements, against a pandas oracle (CPython only).

A real Octopus user's bill is priced on their account's agreements: each
meter point lists tariff codes with ``valid_from``/``valid_to`` (a switch from
Agile to Go, a Flexible version replaced by the next, ``valid_to: null`` for
the one in force now). Our side is driven as the page drives it: the
``load_octopus`` op reads the account and the meter's readings from a fake
Octopus API, the cost report's settings choose "your tariff", the price of
each tariff code comes from feed files served as the site serves them, and
the cost report, bill and comparison price the period.

The oracle reads the same account document with pandas: each half-hour is
priced by the agreement whose ``[valid_from, valid_to)`` holds its start
(none: no rate, a gap, never a neighbour's price), each London day pays the
standing charge of the agreement in force at its local midnight (the tz
database's, via ``tz_localize('Europe/London')``), and each tariff code's prices
come from the same real price data the feeds were built from.

Cases (sources in ``tests/fixtures/oracle/README.md``): the OctoMeter account
as recorded (Flexible 21-09-29 until 1 April 2023 00:00 BST, then Flexible
22-11-01, open-ended), and the same account with its two latest agreements
turned into Agile then Go with the dates moved: a switch at the GMT midnight
before the spring clock change, two days with no agreement at all over the
autumn change, and a switch at London noon; and its gas agreements, read in
m³ as the API gives SMETS2 gas, with their switch moved to the London
midnight that starts 29 October 2023. Economy 7: the account's Flexible
22-11-01 replaced by its two-register ``E-2R`` code at the London midnight
before the autumn change, the night register's rate charged when a half-hour
starts inside the meter's night hours on its GMT clock (the ``e7`` setting:
the default 00:30–07:30 and ``2300-0600``). Export: an export meter point
added to the account, Outgoing Fixed until the London midnight that starts
29 October 2023, then Agile Outgoing, priced as revenue (no VAT, no
standing charge).

Switches at other times: Agile then Go at 10:15 London time, inside a
half-hour; Go then Economy 7 from 14:00 BST and from 01:00 GMT, inside the
meter's night; and a 12-month fixed product renewed onto the next (a higher
unit rate and standing charge) at the London midnight that starts the
46-half-hour day of the spring change. A half-hour that a switch splits is
priced whole by the agreement in force at its start (meters record whole
half-hours; no published rule says otherwise, and this is the rule the README
states), and a day whose agreement changes after its midnight pays the
standing charge in force at that midnight, whole, never split.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from pyruntime.bridge import run_sync
from pyruntime.household import Household
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.ops.load import OPS
from pyruntime.present.period import Period
from pyruntime.present.pricing import choose_tariff
from pyruntime.present.view import View
from pyruntime.pricing import TariffHistory, bill
from pyruntime.pricing.compare import Candidate, compare_tariffs
from pyruntime.pricing.cost import HalfHourBar, cost_report
from pyruntime.providers.http import HttpRequest, HttpResponse
from pyruntime.session import Session
from pyruntime.timeseries.aggregate import series_days
from tests.oracle.test_bills_pandas import (
    AGILE,
    APRIL,
    E7_DAY_P,
    E7_NIGHT_P,
    GAS_KWH_PER_M3,
    GAS_OCTOBER,
    GO_CHEAP,
    GO_PEAK,
    GO_STANDING,
    LONDON,
    MARCH,
    OCTOBER,
    STANDING,
    VAT,
    OracleDay,
    OracleTariff,
    e7_rate,
    go_rate,
    london_day,
    oracle_days,
    page_view,
    read_dashboard,
    stepwise,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
SAMPLE_FEEDS = Path(__file__).parents[2] / "feeds" / "sample"
API = "https://octopus.test"
KEY = "sk_live_ORACLEKEY0123456789abcdef"
NOW = int(pd.Timestamp("2023-11-05T00:00Z").timestamp())
TOLERANCE_P = 1e-6

RECORDED = FIXTURES / "octopus_api" / "account_octometer_two_meters.json"
AGILE_THEN_GO = FIXTURES / "oracle" / "account_octometer_moved_agile_then_go_2023-03-25.json"
AGILE_GAP_GO = FIXTURES / "oracle" / "account_octometer_moved_agile_gap_go_2023-10-27_to_29.json"
AGILE_GO_NOON = FIXTURES / "oracle" / "account_octometer_moved_agile_then_go_noon_2023-10-28.json"
GAS_SWITCH = FIXTURES / "oracle" / "account_octometer_moved_gas_switch_2023-10-29.json"
FLEXIBLE_THEN_E7 = FIXTURES / "oracle" / "account_octometer_moved_flexible_then_e7_2023-10-28.json"
EXPORT_SWITCH = FIXTURES / "oracle" / "account_octometer_moved_export_fixed_then_agile_outgoing_2023-10-29.json"
AGILE_GO_1015 = FIXTURES / "oracle" / "account_octometer_moved_agile_then_go_1015_2023-10-28.json"
GO_E7_1400 = FIXTURES / "oracle" / "account_octometer_moved_go_then_e7_1400_2023-10-28.json"
GO_E7_0100_GMT = FIXTURES / "oracle" / "account_octometer_moved_go_then_e7_0100_gmt_2023-10-30.json"
FIXED_RENEWAL = FIXTURES / "oracle" / "account_octometer_moved_fixed_renewal_2023-03-26.json"

# Illustrative Flexible 21-09-29 and 22-11-01 unit rates and the older version's standing charge
# [p/kWh, p/day exc VAT]: no published price of these codes for these weeks is among the fixtures.
# The newer version's standing charges are Flexible 22-11-01's published ones (STANDING).
VAR_OLD_RATE, VAR_OLD_STANDING, VAR_NEW_RATE = 28.4, 37.02, 30.11
# Gas: the illustrative prices of the hand-entered gas in test_bills_pandas.py, before and after its change.
GAS_OLD_RATE, GAS_OLD_STANDING, GAS_NEW_RATE, GAS_NEW_STANDING = (p / (1 + VAT) for p in (10.31, 29.11, 9.8, 31.43))
# Economy 7: Flexible Octopus Economy 7's published direct-debit register prices of January 2024 (the oldest
# here; illustrative for 2023) and Flexible 22-11-01's published standing charges (STANDING).
# Outgoing Fixed's export price [p/kWh, paid without VAT] is illustrative; Agile Outgoing's are the Agile export's.
OUTGOING_FIXED_RATE = 15.0
# A fixed product renewed onto the next: made-up products in the shape of Octopus 12M Fixed (none of 2022-2023 is
# published among the fixtures). The new one's prices are the bundled sample's OE-FIX-12M-23-03-01 (30.5p/kWh and
# 47.5p/day inc VAT); the old one's are illustrative, lower rate and lower standing charge [p/kWh, p/day exc VAT].
FIXED_OLD_RATE, FIXED_OLD_STANDING, FIXED_NEW_RATE, FIXED_NEW_STANDING = (
    p / (1 + VAT) for p in (27.8, 42.1, 30.5, 47.5))
GO = "E-1R-GO-VAR-22-10-14-N"
METER = {"electricity": ("electricity-meter-points", "1111111111"), "gas": ("gas-meter-points", "12345678901234"),
         "export": ("electricity-meter-points", "3333333333")}
"""Where each fuel's readings are served: the account's point kind and its (first) meter's serial."""


# --- the prices of each tariff code: the oracle's view and the feed files built from them ------------------------

@dataclass(frozen=True)
class CodePrices:
    """One tariff code's published prices: as the oracle reads them and as its feed file holds them."""

    rate: pd.Series  # UTC half-hour start → p/kWh exc VAT (NaN: none); Economy 7's register chosen by the oracle
    standing: list[tuple[str, str | None, float]]  # (valid_from, valid_to, p/day exc VAT), ISO instants
    registers: dict[str, pd.Series] | None = None  # the feed's registers; None: one, ``standard``, holding ``rate``
    direction: str = "import"

    def feed_registers(self) -> dict[str, pd.Series]:
        return self.registers if self.registers is not None else {"standard": self.rate}


def _go_rates(grid: pd.DatetimeIndex) -> pd.Series:
    return pd.Series([go_rate(t) for t in grid], index=grid)


def _constant(value: float, grid: pd.DatetimeIndex) -> pd.Series:
    return pd.Series(value, index=grid)


def _intervals(points: list[tuple[str, float]]) -> list[tuple[str, str | None, float]]:
    return [(a, points[i + 1][0] if i + 1 < len(points) else None, v) for i, (a, v) in enumerate(points)]


def week_grid(first: dt.date, last: dt.date) -> pd.DatetimeIndex:
    """Every UTC half-hour start of London days ``first``–``last``, plus a day either side."""
    lo = london_day(first - dt.timedelta(days=1))[0]
    hi = london_day(last + dt.timedelta(days=1))[-1]
    return pd.date_range(lo, hi, freq="30min")


def _e7_night(window: str) -> tuple[dt.time, dt.time]:
    """``HHMM-HHMM`` (GMT) → the night's first and end minute, read independently of the product's parser."""
    a, b = window.split("-")
    return dt.time(int(a[:2]), int(a[2:])), dt.time(int(b[:2]), int(b[2:]))


def code_prices(first: dt.date, last: dt.date, e7: str = "0030-0730") -> dict[str, CodePrices]:
    """Each tariff code the accounts name → its half-hourly rates over the case's days and its standing charges.

    Every code is priced over the whole week, before and after its agreement:
    only the agreements say which one applies. ``e7``: the meter's Economy 7
    night in GMT, which picks the oracle's register for each half-hour.
    """
    grid = week_grid(first, last)
    agile = AGILE.reindex(grid)
    e7_of = e7_rate(*_e7_night(e7), E7_DAY_P, E7_NIGHT_P)
    return {
        "E-1R-VAR-21-09-29-N": CodePrices(_constant(VAR_OLD_RATE, grid),
                                          [("2021-09-29T00:00:00+01:00", None, VAR_OLD_STANDING)]),
        "E-1R-VAR-22-11-01-N": CodePrices(_constant(VAR_NEW_RATE, grid), _intervals(STANDING)),
        "E-2R-VAR-22-11-01-N": CodePrices(pd.Series([e7_of(t) for t in grid], index=grid), _intervals(STANDING),
                                          {"day": _constant(E7_DAY_P, grid), "night": _constant(E7_NIGHT_P, grid)}),
        "E-1R-AGILE-FLEX-22-11-25-N": CodePrices(agile["import"], _intervals(STANDING)),
        "E-1R-GO-VAR-22-10-14-N": CodePrices(_go_rates(grid), [("2022-10-14T00:00:00+01:00", None, GO_STANDING)]),
        "E-1R-OE-FIX-12M-22-03-01-N": CodePrices(_constant(FIXED_OLD_RATE, grid),
                                                 [("2022-03-01T00:00:00Z", None, FIXED_OLD_STANDING)]),
        "E-1R-OE-FIX-12M-23-03-01-N": CodePrices(_constant(FIXED_NEW_RATE, grid),
                                                 [("2023-01-01T00:00:00Z", None, FIXED_NEW_STANDING)]),
        "E-1R-OUTGOING-FIX-12M-19-05-13-N": CodePrices(_constant(OUTGOING_FIXED_RATE, grid), [], direction="export"),
        "E-1R-AGILE-OUTGOING-19-05-13-N": CodePrices(agile["export"], [], direction="export"),
        "G-1R-VAR-21-09-29-N": CodePrices(_constant(GAS_OLD_RATE, grid),
                                          [("2021-09-29T00:00:00+01:00", None, GAS_OLD_STANDING)]),
        "G-1R-VAR-22-11-01-N": CodePrices(_constant(GAS_NEW_RATE, grid),
                                          [("2022-11-01T00:00:00Z", None, GAS_NEW_STANDING)]),
    }


def tariff_year(code: str, prices: CodePrices) -> dict:
    """``code``'s feed file for 2023 (``feeds/schemas/tariff.v1.schema.json``), rates on the UTC half-hour grid."""
    vat = 0.0 if prices.direction == "export" else VAT
    unit_rates = {}
    for name, rates in prices.feed_registers().items():
        exc = [None if pd.isna(v) else float(v) for v in rates]
        start = rates.index[0].isoformat()
        unit_rates[name] = {
            "unit_rate_p_per_kwh_exc_vat": {"start": start, "step_seconds": 1800, "values": exc},
            "unit_rate_p_per_kwh_inc_vat": {"start": start, "step_seconds": 1800,
                                            "values": [None if v is None else v * (1 + vat) for v in exc]},
        }
    product = code[5:-2]
    fuel = "gas" if code.startswith("G-") else "electricity"
    return {
        "schema_version": 1, "kind": "tariff_year", "sample": False, "tariff_code": code, "product_code": product,
        "family": product, "region": code[-1], "fuel": fuel, "direction": prices.direction, "year": 2023,
        "registers": len(unit_rates), "unit_rates": unit_rates,
        "standing_charges_p_per_day": [{"valid_from": a, "valid_to": b, "value_exc_vat": v,
                                        "value_inc_vat": v * (1 + vat)} for a, b, v in prices.standing],
    }


# --- the fake Octopus API and the site's feeds ------------------------------------------------------------------

class AccountAndFeeds:
    """Octopus's account and consumption endpoints for one account document and one meter's readings,
    and the site's ``feeds/v1/`` (the bundled sample's index and files, plus a file per tariff code here)."""

    def __init__(self, account: dict, readings: pd.Series, files: dict[str, dict], fuel: str = "electricity"):
        self.account = account
        self.fuel = fuel
        self.readings = readings
        self.files = files
        self.asked: list[str] = []

    async def send(self, request: HttpRequest) -> HttpResponse:
        self.asked.append(request.url)
        if request.url.startswith(API):
            return self._octopus(request)
        path = request.url.removeprefix("feeds/v1/")
        if path == "index.json":
            index = json.loads((SAMPLE_FEEDS / "v1" / "index.json").read_text())
            for code, doc in self.files.items():
                index["tariffs"][code] = {
                    "direction": doc["direction"], "family": doc["family"], "fuel": doc["fuel"], "kind": code[:4],
                    "product_code": doc["product_code"], "rates": list(doc["unit_rates"]), "region": code[-1],
                    "years": {"2023": {"first": "2023-01-01T00:00:00Z", "end": "2024-01-01T00:00:00Z"}},
                }
            return HttpResponse(200, {}, json.dumps(index))
        code = path.removeprefix("tariffs/").split("/")[0]
        if code in self.files and path == f"tariffs/{code}/2023.json":
            return HttpResponse(200, {}, json.dumps(self.files[code]))
        local = SAMPLE_FEEDS / "v1" / path
        return HttpResponse(200, {}, local.read_text()) if local.is_file() else HttpResponse(404, {}, "")

    def _octopus(self, request: HttpRequest) -> HttpResponse:
        url = urlsplit(request.full_url())
        parts = [p for p in url.path.split("/") if p][1:]  # drop "v1"
        if parts[:1] == ["accounts"]:
            return HttpResponse(200, {}, json.dumps(self.account))
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        lo, hi = pd.Timestamp(query["period_from"]), pd.Timestamp(query["period_to"])
        # The case's meter (its first serial) holds the readings, as received (gas in m³); the others have none.
        rows = self.readings[(self.readings.index >= lo) & (self.readings.index < hi)]
        if (parts[0], parts[3]) != METER[self.fuel]:
            rows = rows.iloc[:0]
        return HttpResponse(200, {}, json.dumps({"count": len(rows), "next": None, "previous": None, "results": [
            {"consumption": float(v), "interval_start": t.isoformat(),
             "interval_end": (t + pd.Timedelta("30min")).isoformat()} for t, v in rows.items()]}))


def load_account(transport: AccountAndFeeds) -> Session:
    """The session after the page's "Load from Octopus" with this transport (account, meters, readings)."""
    session = Session()
    session.transport = transport
    session.provider_bases = {"octopus_api": API, "glowmarkt_api": "https://glow.test"}

    async def sleep(seconds):
        return None

    session.sleep = sleep
    run_sync(OPS["load_octopus"](OpContext(session, {"account_number": "B-1234A1A1", "api_key": KEY, "now": NOW},
                                           None, lambda event: None)))
    return session


# --- the oracle's tariff in force ------------------------------------------------------------------------------

def account_agreements(account: dict, fuel: str = "electricity") -> list[tuple[str, pd.Timestamp | None,
                                                                             pd.Timestamp | None]]:
    """The meter point's agreements as the document gives them: (tariff code, valid_from, valid_to).

    Export agreements are those of the electricity point the account marks ``is_export``.
    """
    points = account["properties"][0]["gas_meter_points" if fuel == "gas" else "electricity_meter_points"]
    (point,) = [p for p in points if fuel == "gas" or p.get("is_export", False) == (fuel == "export")]

    def when(text: str | None) -> pd.Timestamp | None:
        return None if text is None else pd.Timestamp(text).tz_convert("UTC")

    return [(a["tariff_code"], when(a["valid_from"]), when(a["valid_to"])) for a in point["agreements"]]


def in_force(agreements, t: pd.Timestamp) -> str | None:
    """The tariff code whose agreement holds instant ``t`` (``valid_to`` excluded, ``null`` open-ended)."""
    for code, lo, hi in agreements:
        if (lo is None or lo <= t) and (hi is None or t < hi):
            return code
    return None


def account_oracle(account: dict, prices: dict, fuel: str) -> OracleTariff:
    """Each half-hour at the rate of the code in force at its start; each day the charge in force at its midnight.

    Both whole: a switch at 10:15 leaves 10:00–10:30 on the earlier agreement, and a switch at 14:00 leaves the
    day's standing charge on it too.
    """
    agreements = account_agreements(account, fuel)
    standing = {code: stepwise([(a, v) for a, _, v in p.standing]) for code, p in prices.items()}

    def rate(t: pd.Timestamp) -> float | None:
        code = in_force(agreements, t)
        if code is None or t not in prices[code].rate.index or pd.isna(prices[code].rate[t]):
            return None
        return float(prices[code].rate[t])

    def charge(midnight: pd.Timestamp) -> float | None:
        code = in_force(agreements, midnight)
        if code is None:
            return None
        return 0.0 if fuel == "export" else standing[code](midnight)  # export tariffs have no standing charge

    return OracleTariff(rate, charge, vat=0.0 if fuel == "export" else VAT)


# --- the cases ------------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Case:
    name: str
    account: Path
    readings: Path
    first: dt.date
    last: dt.date
    fuel: str = "electricity"
    per_unit: float = 1.0  # the readings' unit → kWh, by the published definition
    e7: str | None = None  # the page's ``e7`` setting (Economy 7 night, GMT); None: not given (0030-0730)

    @property
    def vat(self) -> float:
        """VAT on the case's fuel: none on export payments."""
        return 0.0 if self.fuel == "export" else VAT

    @property
    def params(self) -> dict[str, str]:
        return {} if self.e7 is None else {"e7": self.e7}

    def prices(self) -> dict[str, CodePrices]:
        return code_prices(self.first, self.last, self.e7 or "0030-0730")


CASES = [
    Case("recorded_flexible_versions_switch_at_bst_midnight", RECORDED, APRIL, dt.date(2023, 3, 30),
         dt.date(2023, 4, 2)),
    Case("agile_then_go_at_gmt_midnight_before_the_spring_change", AGILE_THEN_GO, MARCH, dt.date(2023, 3, 23),
         dt.date(2023, 3, 29)),
    Case("agile_two_days_without_agreement_then_go_over_the_autumn_change", AGILE_GAP_GO, OCTOBER,
         dt.date(2023, 10, 26), dt.date(2023, 11, 1)),
    Case("agile_then_go_at_london_noon", AGILE_GO_NOON, OCTOBER, dt.date(2023, 10, 26), dt.date(2023, 11, 1)),
    Case("gas_flexible_versions_switch_at_the_midnight_of_the_autumn_change", GAS_SWITCH, GAS_OCTOBER,
         dt.date(2023, 10, 26), dt.date(2023, 11, 1), "gas", GAS_KWH_PER_M3),
    Case("flexible_then_economy7_at_the_london_midnight_before_the_autumn_change", FLEXIBLE_THEN_E7, OCTOBER,
         dt.date(2023, 10, 26), dt.date(2023, 11, 1)),
    Case("flexible_then_economy7_with_a_2300_to_0600_gmt_night", FLEXIBLE_THEN_E7, OCTOBER,
         dt.date(2023, 10, 26), dt.date(2023, 11, 1), e7="2300-0600"),
    # No real export readings of these weeks exist here, so the same real meter is read as the export meter.
    Case("export_outgoing_fixed_then_agile_outgoing_at_the_midnight_of_the_autumn_change", EXPORT_SWITCH, OCTOBER,
         dt.date(2023, 10, 26), dt.date(2023, 11, 1), "export"),
    Case("agile_then_go_at_1015_london_inside_a_half_hour", AGILE_GO_1015, OCTOBER, dt.date(2023, 10, 26),
         dt.date(2023, 11, 1)),
    Case("go_then_economy7_at_1400_london", GO_E7_1400, OCTOBER, dt.date(2023, 10, 26), dt.date(2023, 11, 1)),
    Case("go_then_economy7_at_0100_gmt_inside_the_night", GO_E7_0100_GMT, OCTOBER, dt.date(2023, 10, 26),
         dt.date(2023, 11, 1)),
    Case("fixed_renewed_onto_the_next_fixed_at_the_midnight_of_the_spring_change", FIXED_RENEWAL, MARCH,
         dt.date(2023, 3, 23), dt.date(2023, 3, 29)),
]


@dataclass(frozen=True)
class Prepared:
    case: Case
    household: Household
    pricing: object
    label: str
    days: list[OracleDay]
    account: dict


@cache
def prepared(c: Case) -> Prepared:
    account = json.loads(c.account.read_text())
    session = load_account(transport(c))
    home = session.household
    view = page_view(home, {"report": "cost", "fuel": c.fuel, "from": c.first.isoformat(), "to": c.last.isoformat(),
                            **c.params})
    priced = run_sync(choose_tariff(session, home, view.settings, c.fuel, *series_days(home.series[c.fuel])))
    assert priced.key == "actual" and not priced.assumed, priced.notes
    days = oracle_days(read_dashboard(c.readings, c.per_unit), account_oracle(account, c.prices(), c.fuel),
                       c.first, c.last)
    return Prepared(c, home, priced.pricing, priced.label, days, account)


def transport(c: Case) -> AccountAndFeeds:
    """The fake Octopus API serving the case's account and readings as received, and the feeds of its codes."""
    files = {code: tariff_year(code, prices) for code, prices in c.prices().items()}
    return AccountAndFeeds(json.loads(c.account.read_text()), read_dashboard(c.readings), files, c.fuel)


@pytest.fixture(params=CASES, ids=lambda c: c.name)
def case(request) -> Prepared:
    return prepared(request.param)


def _close(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return abs(ours - theirs) <= TOLERANCE_P


def _view(p: Prepared, **period):
    return page_view(p.household, {"report": "cost", "fuel": p.case.fuel, **p.case.params, **period})


# --- the checks -------------------------------------------------------------------------------------------------

def test_the_account_becomes_a_history_of_its_agreements_each_priced_by_its_own_code(case):
    agreements = account_agreements(case.account, case.case.fuel)
    assert isinstance(case.pricing, TariffHistory)
    ours = [(a.tariff.code, a.valid_from, a.valid_to) for a in case.pricing.agreements]
    priced_codes = case.case.prices()
    # Only the agreements in force during the case's London days are looked up (see the test further down).
    start = london_day(case.case.first)[0]
    end = london_day(case.case.last)[-1] + pd.Timedelta("30min")
    theirs = [(code, None if lo is None else int(lo.timestamp()), None if hi is None else int(hi.timestamp()))
              for code, lo, hi in agreements
              if code in priced_codes and (lo is None or lo < end) and (hi is None or hi > start)]
    assert ours == theirs
    assert agreements[-1][2] is None  # the last agreement is open-ended on every account here


def test_each_london_day_costs_what_the_agreements_and_the_prices_say(case):
    first, last = case.case.first, case.case.last
    report = cost_report(case.household.series[case.case.fuel], case.pricing,
                         _view(case, **{"from": first.isoformat(), "to": last.isoformat()}))
    assert [bar.key for bar in report.bars] == [d.day.isoformat() for d in case.days]
    for bar, d in zip(report.bars, case.days, strict=True):
        assert (bar.expected, bar.present, bar.missing_rates) == (d.half_hours, d.present, d.missing_rates), d.day
        assert _close(bar.energy_p_exc_vat, d.energy_p), (d.day, bar.energy_p_exc_vat, d.energy_p)
        assert _close(bar.standing_p_exc_vat, d.standing_p), (d.day, bar.standing_p_exc_vat, d.standing_p)
        assert _close(bar.priced_kwh * 1e3, d.kwh * 1e3), d.day  # [Wh]
        theirs = (d.energy_p + (d.standing_p or 0.0)) * (1 + case.case.vat)
        assert _close(bar.total_p_inc_vat, theirs), d.day


def test_each_half_hour_is_priced_by_the_agreement_in_force_or_shown_as_missing(case):
    """Half-hour by half-hour: the same gaps on both sides, and no half-hour priced under a neighbour's tariff."""
    series = case.household.series[case.case.fuel]
    for d in case.days:
        bars = cost_report(series, case.pricing, _view(case, day=d.day.isoformat())).bars
        assert len(bars) == d.half_hours, d.day
        ours = {pd.Timestamp(b.start_utc_s, unit="s", tz="UTC") for b in bars if b.cost_p_inc_vat is None}
        assert ours == d.gaps, d.day
        for b in bars:
            if b.cost_p_inc_vat is None:
                assert b.missing in ("no reading", "no rate", "no reading and no rate"), (d.day, b.label)
        energy = sum(b.cost_p_inc_vat for b in bars if b.cost_p_inc_vat is not None)
        assert _close(energy, d.energy_p * (1 + case.case.vat)), d.day


def test_the_bill_and_the_comparison_agree_with_the_oracle(case):
    fuel = case.case.fuel
    days, series = case.days, case.household.series[fuel]
    first, last = case.case.first, case.case.last
    energy = sum(d.energy_p for d in days)
    standing = sum(d.standing_p for d in days if d.standing_p is not None)
    statement = bill(series, case.pricing, first, last)
    assert statement.half_hours == sum(d.half_hours for d in days)
    assert statement.missing_readings == sum(d.half_hours - d.present for d in days)
    assert statement.missing_rates == sum(d.missing_rates for d in days)
    assert statement.days_without_standing == sum(d.without_standing for d in days)
    assert statement.coverage.uncovered_days == sum(d.unpriced for d in days)
    assert _close(statement.energy, energy) and _close(statement.standing, standing)
    assert _close(statement.total_inc_vat, (energy + standing) * (1 + case.case.vat))
    result = compare_tariffs({fuel: series}, [Candidate("actual", case.pricing)], first, last)
    (t,) = result.fuels[fuel].tariffs
    assert _close(t.energy_p, energy) and _close(t.standing_p, standing)
    assert _close(t.total_p, (energy + standing) * (1 + case.case.vat))
    assert t.missing_rates == statement.missing_rates
    assert t.comparable == (not t.missing_rates and not t.days_without_standing and not any(d.unpriced for d in days))


def _lines(p: Prepared) -> list[tuple[str, dt.date, dt.date, int, float]]:
    statement = bill(p.household.series[p.case.fuel], p.pricing, p.case.first, p.case.last)
    return [(ln.tariff_code, ln.first_day, ln.last_day, ln.days, ln.p_per_day) for ln in statement.standing_lines]


def test_the_recorded_switch_at_1_april_bst_bills_each_versions_standing_charge():
    """OctoMeter's ``2023-04-01T00:00:00+01:00``: 31 March on the old version, 1 April on the new one's new charge."""
    p = prepared(CASES[0])
    assert _lines(p) == [("E-1R-VAR-21-09-29-N", dt.date(2023, 3, 30), dt.date(2023, 3, 31), 2, VAR_OLD_STANDING),
                         ("E-1R-VAR-22-11-01-N", dt.date(2023, 4, 1), dt.date(2023, 4, 2), 2, STANDING[1][1])]
    assert p.label == "E-1R-VAR-21-09-29-N, then Flexible Octopus (your tariffs)"  # the sample index names 22-11-01


def test_days_without_an_agreement_have_no_rate_and_no_standing_charge():
    """27 and 28 October 2023 are on no agreement: 96 half-hours unpriced, two days the prices do not cover (not
    also two days "without a standing charge"), not comparable."""
    p = prepared(CASES[2])
    unpriced = {d.day: (d.missing_rates, d.standing_p) for d in p.days if d.unpriced}
    assert unpriced == {dt.date(2023, 10, 27): (48, None), dt.date(2023, 10, 28): (48, None)}
    statement = bill(p.household.series["electricity"], p.pricing, p.case.first, p.case.last)
    assert statement.days_without_standing == 0 and statement.missing_rates >= 96
    assert statement.coverage.uncovered == ((dt.date(2023, 10, 27), dt.date(2023, 10, 28)),)
    (t,) = compare_tariffs({"electricity": p.household.series["electricity"]}, [Candidate("actual", p.pricing)],
                           p.case.first, p.case.last).fuels["electricity"].tariffs
    assert not t.comparable
    # Go starts at 29 October's London midnight (23:00 GMT the day before): the 50-half-hour day is on Go.
    day = next(d for d in p.days if d.day == dt.date(2023, 10, 29))
    assert day.half_hours == 50 and day.missing_rates == 0 and day.standing_p == pytest.approx(GO_STANDING)


def test_a_switch_at_london_noon_prices_the_morning_on_agile_and_the_afternoon_on_go():
    """The agreement changes at ``2023-10-28T12:00:00+01:00``: the day keeps Agile's standing charge (in force at
    its midnight), its half-hours from 11:00Z are Go's peak or cheap rate."""
    p = prepared(CASES[3])
    noon = pd.Timestamp("2023-10-28T11:00Z")
    bars = cost_report(p.household.series["electricity"], p.pricing, _view(p, day="2023-10-28")).bars
    afternoon = [b for b in bars if pd.Timestamp(b.start_utc_s, unit="s", tz="UTC") >= noon]
    assert len(afternoon) == 24 and all(_close(b.rate_p_per_kwh_inc_vat, GO_PEAK * (1 + VAT)) for b in afternoon)
    morning = [b for b in bars if pd.Timestamp(b.start_utc_s, unit="s", tz="UTC") < noon]
    agile = AGILE["import"]
    for b in morning:
        t = pd.Timestamp(b.start_utc_s, unit="s", tz="UTC")
        assert _close(b.rate_p_per_kwh_inc_vat, agile[t] * (1 + VAT)), t
    day = next(d for d in p.days if d.day == dt.date(2023, 10, 28))
    assert day.standing_p == pytest.approx(STANDING[1][1])
    midnight = pd.Timestamp("2023-10-28").tz_localize(LONDON)
    assert in_force(account_agreements(p.account), midnight) == "E-1R-AGILE-FLEX-22-11-25-N"


def _assumption_lines(p: Prepared, report_name: str) -> dict[str, str]:
    """The assumptions panel's line for each tariff code, as the ``report`` op gives it to the page."""
    session = load_account(transport(p.case))
    params = {"report": "bill", "fuel": p.case.fuel, "from": p.case.first.isoformat(),
              "to": p.case.last.isoformat(), **p.case.params}
    model = run_sync(report(OpContext(session, {"source": "octopus", "params": params})))
    (facts,) = [b for b in model["blocks"] if b.get("type") == "facts" and b.get("title") == "Assumptions"]
    return {item["text"].split(",")[0]: item["text"] for item in facts["items"]
            if item["text"].startswith(("E-1R-", "E-2R-", "G-1R-"))}


@pytest.mark.parametrize("report_name", ["bill", "cost"])
def test_the_assumptions_name_the_london_days_each_agreements_tariff_priced(case, report_name):
    """"priced 26 October to 28 October": the first and last London day holding a half-hour of that agreement.

    The same days as the bill's lines, never the UTC date of a London midnight (in BST the day before) nor
    the day after the last one (an agreement's ``valid_to`` is excluded).
    """
    agreements = account_agreements(case.account, case.case.fuel)
    grid = london_day(case.case.first).union(london_day(case.case.last))
    grid = pd.date_range(grid[0], grid[-1], freq="30min")
    theirs: dict[str, list[dt.date]] = {}
    for t in grid:
        code = in_force(agreements, t)
        if code is not None:
            theirs.setdefault(code, []).append(t.tz_convert(LONDON).date())
    lines = _assumption_lines(case, report_name)
    assert sorted(lines) == sorted(theirs)
    for code, days in theirs.items():
        first, last = (f"{d.day} {d.strftime('%b')} {d.year}" for d in (min(days), max(days)))  # "26 Oct 2023"
        priced = first if first == last else f"{first} to {last}"
        assert f": priced {priced};" in lines[code] or f": priced {priced} (" in lines[code], lines[code]


def test_only_agreements_in_force_during_the_data_are_looked_up_or_named():
    """OctoMeter's account also lists Flexible 20-09-22 (17 Dec 2020 to 16 Dec 2021), years before these readings.

    It prices no half-hour here, so the page neither says its days go unpriced nor asks for its rates.
    """
    p = prepared(CASES[0])
    session = load_account(transport(p.case))
    home = session.household
    assert home.facts.tariffs["electricity"][0].tariff_code == "E-1R-VAR-20-09-22-N"
    view = page_view(home, {"report": "bill", "fuel": "electricity"})
    priced = run_sync(choose_tariff(session, home, view.settings, "electricity",
                                    *series_days(home.series["electricity"])))
    assert priced.actual is not None and priced.actual.unpriced == ()
    assert not any("VAR-20-09-22" in note for note in priced.notes), priced.notes


def test_each_london_month_of_the_cost_report_and_the_comparison_agrees_with_the_oracle(case):
    """Months split at London midnight: the recorded switch at 1 April 00:00 BST is also a month's end."""
    fuel = case.case.fuel
    series = case.household.series[fuel]
    months: dict[str, list[OracleDay]] = {}
    for d in case.days:
        months.setdefault(f"{d.day:%Y-%m}", []).append(d)
    report = cost_report(series, case.pricing, View("cost", fuel, period=Period()))
    assert [bar.key for bar in report.bars] == list(months)
    for bar in report.bars:
        days = months[bar.key]
        assert (bar.expected, bar.present, bar.missing_rates) == (
            sum(d.half_hours for d in days), sum(d.present for d in days), sum(d.missing_rates for d in days))
        assert _close(bar.energy_p_exc_vat, sum(d.energy_p for d in days)), bar.key
        standing = None if any(d.without_standing for d in days) else sum(d.standing_p or 0.0 for d in days)
        assert _close(bar.standing_p_exc_vat, standing), bar.key
    result = compare_tariffs({fuel: series}, [Candidate("actual", case.pricing)], case.case.first, case.case.last)
    (t,) = result.fuels[fuel].tariffs
    assert list(result.months) == list(months)
    for key, total in zip(result.months, t.months_p, strict=True):
        days = months[key]
        known = sum(d.energy_p + (d.standing_p or 0.0) for d in days)  # a day without a charge adds none
        assert _close(total, known * (1 + case.case.vat)), key


def test_gas_read_in_cubic_metres_switches_version_at_the_midnight_that_starts_the_50_half_hour_day():
    """The gas agreements moved to ``2023-10-29T00:00:00+01:00``: 26–28 October on 21-09-29, 29 October on."""
    p = prepared(CASES[4])
    assert p.household.facts.gas_unit.unit == "m3"  # readings as the API gives SMETS2 gas, decided by magnitude
    assert _lines(p) == [("G-1R-VAR-21-09-29-N", dt.date(2023, 10, 26), dt.date(2023, 10, 28), 3,
                          pytest.approx(GAS_OLD_STANDING)),
                         ("G-1R-VAR-22-11-01-N", dt.date(2023, 10, 29), dt.date(2023, 11, 1), 4,
                          pytest.approx(GAS_NEW_STANDING))]
    assert next(d for d in p.days if d.day == dt.date(2023, 10, 29)).half_hours == 50


def test_go_half_hours_keep_gos_own_band_on_the_day_an_agreement_starts_at_noon():
    """Go's rate from noon to midnight is its peak rate, as on every other day: the bill's Go lines are one
    peak line and one off-peak line, not an unnamed "single rate" line for the afternoon Go began."""
    p = prepared(CASES[3])
    statement = bill(p.household.series["electricity"], p.pricing, p.case.first, p.case.last)
    go = [(ln.band, ln.first_day, ln.last_day, ln.half_hours) for ln in statement.energy_lines
          if ln.tariff_code == "E-1R-GO-VAR-22-10-14-N"]
    after = [r for d in p.days if d.day > dt.date(2023, 10, 28) for _, r in d.priced]  # Go's whole days
    cheap = sum(r == GO_CHEAP for r in after)
    peak = sum(r == GO_PEAK for r in after) + 24  # + 28 October from 12:00 to midnight
    assert cheap + peak - 24 == len(after)
    assert sorted(go) == [("off-peak", dt.date(2023, 10, 29), dt.date(2023, 11, 1), cheap),
                          ("peak", dt.date(2023, 10, 28), dt.date(2023, 11, 1), peak)]


def _e7_lines(p: Prepared) -> list[tuple[str | None, dt.date, dt.date, int]]:
    statement = bill(p.household.series["electricity"], p.pricing, p.case.first, p.case.last)
    return sorted((ln.band, ln.first_day, ln.last_day, ln.half_hours) for ln in statement.energy_lines
                  if ln.tariff_code == "E-2R-VAR-22-11-01-N")


@pytest.mark.parametrize(("index", "night_on_the_50_half_hour_day"), [(5, 14), (6, 16)])
def test_economy7_bills_a_line_per_register_from_the_london_midnight_its_agreement_starts(
        index, night_on_the_50_half_hour_day):
    """Flexible until ``2023-10-28T00:00:00+01:00``, then Economy 7: 28 October on, a night and a day line.

    The night is the meter's GMT clock, so 00:30–07:30 GMT is 01:30–08:30 on a BST clock (28 October) and
    00:30–07:30 after the change; ``2300-0600`` gives 29 October (23:00 GMT on the 28th to midnight GMT on the
    30th, 50 half-hours) two nights' ends: 14 half-hours up to 06:00 and 2 from 23:00.
    """
    p = prepared(CASES[index])
    e7 = [d for d in p.days if d.day >= dt.date(2023, 10, 28)]
    night = sum(r == E7_NIGHT_P for d in e7 for _, r in d.priced)
    day = sum(r == E7_DAY_P for d in e7 for _, r in d.priced)
    assert night + day == sum(len(d.priced) for d in e7) and night > 0 and day > 0
    assert _e7_lines(p) == [("Day (E7)", dt.date(2023, 10, 28), dt.date(2023, 11, 1), day),
                            ("Night (E7)", dt.date(2023, 10, 28), dt.date(2023, 11, 1), night)]
    bars = cost_report(p.household.series["electricity"], p.pricing, _view(p, day="2023-10-29")).bars
    assert len(bars) == 50
    at_night = [b for b in bars if _close(b.rate_p_per_kwh_inc_vat, E7_NIGHT_P * (1 + VAT))]
    assert len(at_night) == night_on_the_50_half_hour_day
    assert _lines(p)[-1] == ("E-2R-VAR-22-11-01-N", dt.date(2023, 10, 28), dt.date(2023, 11, 1), 5, STANDING[1][1])
    assert [code for code, *_ in _lines(p)] == ["E-1R-VAR-22-11-01-N", "E-2R-VAR-22-11-01-N"]


@pytest.mark.parametrize("index", [5, 6, 9, 10])
def test_the_economy7_night_hours_priced_are_stated_as_an_assumption(index):
    p = prepared(CASES[index])
    session = load_account(transport(p.case))
    params = {"report": "bill", "fuel": "electricity", "from": p.case.first.isoformat(),
              "to": p.case.last.isoformat(), **p.case.params}
    model = run_sync(report(OpContext(session, {"source": "octopus", "params": params})))
    (facts,) = [b for b in model["blocks"] if b.get("type") == "facts" and b.get("title") == "Assumptions"]
    text = " ".join(item["text"] for item in facts["items"])
    night = "23:00–06:00 GMT all year (00:00–07:00" if p.case.e7 else "00:30–07:30 GMT all year (01:30–08:30"
    assert night in text, text


def test_export_agreements_are_paid_without_vat_or_standing_charge_and_rank_as_revenue():
    """Outgoing Fixed until 29 October's London midnight, then Agile Outgoing: no standing line, no VAT,
    the 50-half-hour day on Agile Outgoing with the four half-hours of its fold unpriced (as the source lists
    them once each), and the comparison reads the total as money earned."""
    p = prepared(CASES[7])
    series = p.household.series["export"]
    statement = bill(series, p.pricing, p.case.first, p.case.last)
    assert statement.fuel == "export" and statement.vat == 0.0 and statement.standing == 0.0
    assert statement.standing_lines == () or all(ln.p_per_day == 0.0 for ln in statement.standing_lines)
    codes = {ln.tariff_code: (ln.first_day, ln.last_day) for ln in statement.energy_lines}
    assert codes["E-1R-OUTGOING-FIX-12M-19-05-13-N"] == (dt.date(2023, 10, 26), dt.date(2023, 10, 28))
    assert codes["E-1R-AGILE-OUTGOING-19-05-13-N"][0] == dt.date(2023, 10, 29)
    day = next(d for d in p.days if d.day == dt.date(2023, 10, 29))
    assert (day.half_hours, day.missing_rates) == (50, 4)
    fixed = sum(q for d in p.days if d.day < dt.date(2023, 10, 29) for q, _ in d.priced)
    assert _close(sum(d.energy_p for d in p.days if d.day < dt.date(2023, 10, 29)), fixed * OUTGOING_FIXED_RATE)
    result = compare_tariffs({"export": series}, [Candidate("actual", p.pricing)], p.case.first, p.case.last)
    assert result.fuels["export"].revenue
    (t,) = result.fuels["export"].tariffs
    assert _close(t.total_p, sum(d.energy_p for d in p.days)) and not t.comparable  # the fold's gap


@pytest.mark.parametrize(("index", "missing", "unpriced_days"), [(2, 96, 2), (7, 4, 0), (5, 0, 0)])
def test_the_comparison_measures_no_saving_against_an_own_total_with_unpriced_half_hours(
        index, missing, unpriced_days):
    """Two days on no agreement, or Agile Outgoing's four unpriced half-hours of 29 October: "Yours" is then
    less than the period's bill or revenue, so the comparison page says so, naming the days left out or priced in
    part (the half-hours without a rate are theirs: not counted again), and shows no saving against it."""
    p = prepared(CASES[index])
    assert sum(d.missing_rates for d in p.days) == missing
    unpriced = [d.day for d in p.days if d.unpriced]
    part = [d for d in p.days if not d.unpriced and d.missing_rates]
    assert len(unpriced) == unpriced_days and not any(d.without_standing for d in p.days)
    session = load_account(transport(p.case))
    params = {"report": "compare", "fuel": p.case.fuel, "from": p.case.first.isoformat(),
              "to": p.case.last.isoformat(), **p.case.params}
    model = run_sync(report(OpContext(session, {"source": "octopus", "params": params})))
    (ranking,) = [b for b in model["blocks"] if b.get("type") == "table" and ": ranking by " in b["title"]]
    (yours,) = [row for row in ranking["rows"] if str(row[0]).startswith("Yours: ")]
    theirs = sum(d.energy_p + (d.standing_p or 0.0) for d in p.days) * (1 + p.case.vat)
    assert yours[2]["value"] == pytest.approx(round(theirs) / 100)  # [£], the priced part as the oracle prices it
    savings = [row[3] for row in ranking["rows"] if not str(row[0]).startswith("Yours: ")]
    notes = [b for b in model["blocks"] if b.get("type") == "facts" and "your tariff's total is incomplete"
             in b.get("title", "")]
    if missing or unpriced:
        assert yours[1] == "incomplete" and all(s["value"] is None for s in savings), savings
        (note,) = notes
        said = note["items"][0]["text"]
        assert "half-hours with a reading" not in said and said.endswith(" No saving is worked out against it.")
        if unpriced:
            assert f"leaves out {unpriced[0]:%-d %b %Y} to {unpriced[-1]:%-d %b %Y}, {len(unpriced)} days without " \
                   "prices" in said
        for d in part:
            assert f"{d.day:%-d %b %Y} is priced for {d.rated} of its {d.half_hours} half-hours" in said
        assert not any(item.get("label") == "Your household" for item in model["totals"])
    else:
        assert yours[1] == "—" and not notes and any(s["value"] is not None for s in savings)


def _bars_by_start(p: Prepared, day: str) -> dict[pd.Timestamp, HalfHourBar]:
    bars = cost_report(p.household.series[p.case.fuel], p.pricing, _view(p, day=day)).bars
    return {pd.Timestamp(b.start_utc_s, unit="s", tz="UTC"): b for b in bars}


def _energy_lines(p: Prepared) -> list[tuple[str, str | None, dt.date, dt.date, int]]:
    statement = bill(p.household.series[p.case.fuel], p.pricing, p.case.first, p.case.last)
    return sorted((ln.tariff_code, ln.band, ln.first_day, ln.last_day, ln.half_hours) for ln in statement.energy_lines)


def _half_hours_at(p: Prepared, code: str, rate: float | None = None) -> tuple[int, dt.date | None, dt.date | None]:
    """How many read half-hours the oracle prices under ``code`` (at ``rate``; None: at any), and their first and
    last London day."""
    oracle = account_oracle(p.account, p.case.prices(), p.case.fuel)
    agreements = account_agreements(p.account, p.case.fuel)
    readings = read_dashboard(p.case.readings, p.case.per_unit)
    days = [t.tz_convert(LONDON).date() for d in p.days for t in london_day(d.day)
            if in_force(agreements, t) == code and oracle.rate(t) is not None
            and (rate is None or oracle.rate(t) == rate) and not pd.isna(readings.get(t))]
    return len(days), min(days, default=None), max(days, default=None)


def test_a_switch_inside_a_half_hour_prices_that_half_hour_whole_on_the_agreement_in_force_at_its_start():
    """Agile until ``2023-10-28T10:15:00+01:00``, then Go: meters record whole half-hours, so 10:00–10:30 BST
    (09:00Z) is billed at Agile's price, never split 15/15 between the two, and 10:30 BST on is Go's peak rate.
    The day keeps Agile's standing charge, in force at its midnight."""
    p = prepared(CASES[8])
    split, after = pd.Timestamp("2023-10-28T09:00Z"), pd.Timestamp("2023-10-28T09:30Z")
    agreements = account_agreements(p.account)
    assert (in_force(agreements, split), in_force(agreements, split + pd.Timedelta("15min"))) == (
        "E-1R-AGILE-FLEX-22-11-25-N", "E-1R-GO-VAR-22-10-14-N")
    bars = _bars_by_start(p, "2023-10-28")
    agile = float(AGILE["import"][split])
    assert _close(bars[split].rate_p_per_kwh_inc_vat, agile * (1 + VAT))
    assert _close(bars[after].rate_p_per_kwh_inc_vat, GO_PEAK * (1 + VAT))
    kwh = float(read_dashboard(p.case.readings)[split])
    assert _close(bars[split].cost_p_inc_vat, kwh * agile * (1 + VAT))
    # The rule decides something here: pro rata (15 minutes on each tariff) would be more than 0.01p apart.
    assert abs(kwh * (agile + GO_PEAK) / 2 - kwh * agile) * (1 + VAT) > 0.01
    day = next(d for d in p.days if d.day == dt.date(2023, 10, 28))
    assert day.standing_p == pytest.approx(STANDING[1][1])
    lines = _energy_lines(p)
    agile_hh = _half_hours_at(p, "E-1R-AGILE-FLEX-22-11-25-N")
    assert agile_hh[2] == dt.date(2023, 10, 28)
    assert [ln[1:] for ln in lines if ln[0] == "E-1R-AGILE-FLEX-22-11-25-N"] == [
        (None, dt.date(2023, 10, 26), dt.date(2023, 10, 28), agile_hh[0])]
    # 10:00 BST is the morning's last Agile half-hour: every read half-hour of the day up to it, and none after.
    morning = [t for t in london_day(dt.date(2023, 10, 28)) if t <= split]
    readings = read_dashboard(p.case.readings)
    assert agile_hh[0] == sum(d.present for d in p.days if d.day < dt.date(2023, 10, 28)) + sum(
        not pd.isna(readings.get(t)) for t in morning)
    go = [ln[1:] for ln in lines if ln[0] == GO]
    assert go == [("off-peak", dt.date(2023, 10, 29), dt.date(2023, 11, 1), _half_hours_at(p, GO, GO_CHEAP)[0]),
                  ("peak", dt.date(2023, 10, 28), dt.date(2023, 11, 1), _half_hours_at(p, GO, GO_PEAK)[0])]


@pytest.mark.parametrize(("index", "switch", "go_days", "night_on_the_switch_day"), [
    (9, pd.Timestamp("2023-10-28T14:00:00+01:00"), 3, 0),  # the afternoon of a BST day: no night left that day
    (10, pd.Timestamp("2023-10-30T01:00:00Z"), 5, 13),  # inside the night: 01:00–07:30 GMT of 30 October
])
def test_economy7_from_a_time_other_than_midnight_takes_the_rest_of_the_day_and_the_standing_charge_after_it(
        index, switch, go_days, night_on_the_switch_day):
    """Go, then Flexible Economy 7 from 14:00 BST on 28 October, or from 01:00 GMT on 30 October (inside the meter's
    00:30–07:30 GMT night). Half-hours from the switch take Economy 7's register for their GMT time, earlier ones
    Go's London-clock band; the switch day pays Go's standing charge (in force at its midnight), whole, and
    Economy 7's charge starts the next London day."""
    p = prepared(CASES[index])
    switch_day = switch.tz_convert(LONDON).date()
    bars = _bars_by_start(p, switch_day.isoformat())
    e7_of = e7_rate(*_e7_night("0030-0730"), E7_DAY_P, E7_NIGHT_P)
    for t, b in bars.items():
        theirs = e7_of(t) if t >= switch else go_rate(t)
        assert _close(b.rate_p_per_kwh_inc_vat, theirs * (1 + VAT)), t
    assert sum(t >= switch and _close(b.rate_p_per_kwh_inc_vat, E7_NIGHT_P * (1 + VAT))
               for t, b in bars.items()) == night_on_the_switch_day
    day = next(d for d in p.days if d.day == switch_day)
    assert day.standing_p == pytest.approx(GO_STANDING)
    last = p.case.last
    assert _lines(p) == [(GO, p.case.first, switch_day, go_days, pytest.approx(GO_STANDING)),
                         ("E-2R-VAR-22-11-01-N", switch_day + dt.timedelta(days=1), last, 7 - go_days,
                          pytest.approx(STANDING[1][1]))]
    night, first_night, _ = _half_hours_at(p, "E-2R-VAR-22-11-01-N", E7_NIGHT_P)
    day_hh, first_day, _ = _half_hours_at(p, "E-2R-VAR-22-11-01-N", E7_DAY_P)
    assert (first_day, first_night) == (switch_day, switch_day if night_on_the_switch_day else
                                        switch_day + dt.timedelta(days=1))
    assert _e7_lines(p) == [("Day (E7)", first_day, last, day_hh), ("Night (E7)", first_night, last, night)]


def test_a_fixed_product_renewed_at_the_midnight_of_the_spring_change_bills_each_products_rate_and_charge():
    """Octopus 12M Fixed until ``2023-03-26T00:00:00Z``, the London midnight that starts the 46-half-hour day, then
    the next fixed product at a higher unit rate and standing charge: 23–25 March on the old one, 26 March (all
    46 half-hours) on the new one, one energy line and one standing-charge line each."""
    p = prepared(CASES[11])
    old, new = "E-1R-OE-FIX-12M-22-03-01-N", "E-1R-OE-FIX-12M-23-03-01-N"
    assert _lines(p) == [(old, dt.date(2023, 3, 23), dt.date(2023, 3, 25), 3, pytest.approx(FIXED_OLD_STANDING)),
                         (new, dt.date(2023, 3, 26), dt.date(2023, 3, 29), 4, pytest.approx(FIXED_NEW_STANDING))]
    spring = next(d for d in p.days if d.day == dt.date(2023, 3, 26))
    assert spring.half_hours == 46 and spring.missing_rates == 0
    assert all(r == pytest.approx(FIXED_NEW_RATE) for _, r in spring.priced)
    bars = _bars_by_start(p, "2023-03-26")
    assert len(bars) == 46 and all(_close(b.rate_p_per_kwh_inc_vat, FIXED_NEW_RATE * (1 + VAT))
                                   for b in bars.values() if b.cost_p_inc_vat is not None)
    before = sum(d.present for d in p.days if d.day < dt.date(2023, 3, 26))
    after = sum(d.present for d in p.days if d.day >= dt.date(2023, 3, 26))
    statement = bill(p.household.series["electricity"], p.pricing, p.case.first, p.case.last)
    assert [(ln.tariff_code, ln.first_day, ln.last_day, ln.half_hours) for ln in statement.energy_lines] == [
        (old, dt.date(2023, 3, 23), dt.date(2023, 3, 25), before),
        (new, dt.date(2023, 3, 26), dt.date(2023, 3, 29), after)]
    for ln, rate in zip(statement.energy_lines, (FIXED_OLD_RATE, FIXED_NEW_RATE), strict=True):
        assert ln.rate == pytest.approx(rate)
        theirs = sum(q * r for d in p.days for q, r in d.priced if r == rate)
        assert _close(ln.cost, theirs), ln.tariff_code


def test_a_day_with_some_half_hours_unpriced_is_named_as_part_priced_and_counted_as_the_total_holds_it():
    """Agile Outgoing from 29 October: its four half-hours of the fold have no rate (the source lists them once),
    its other 46 are in the total. The page called the day one with "no prices" and counted 6 of 7 days priced
    while the £ held all seven; it names the day part-priced and counts it as the total does."""
    p = prepared(CASES[7])
    session = load_account(transport(p.case))
    params = {"report": "bill", "fuel": p.case.fuel, "from": p.case.first.isoformat(),
              "to": p.case.last.isoformat(), **p.case.params}
    model = run_sync(report(OpContext(session, {"source": "octopus", "params": params})))
    # Independently, from the fixture: a day is in the total when the oracle prices any of its half-hours.
    priced_days = [d for d in p.days if d.half_hours - d.missing_rates > 0]
    part = [d for d in priced_days if d.missing_rates]
    assert [(d.day, d.half_hours - d.missing_rates, d.half_hours) for d in part] == [(dt.date(2023, 10, 29), 46, 50)]
    total = next(t for t in model["totals"] if t["label"] == "Total revenue")
    assert total["value"] == pytest.approx(round(sum(d.energy_p for d in p.days)) / 100)
    assert total["text"].endswith(f"({len(priced_days)} of {len(p.days)} days priced, 1 of them in part)")
    said = " ".join(" ".join(b.get("paragraphs", [])) for b in model["blocks"] if b.get("type") == "text")
    assert "29 Oct 2023 is priced for 46 of its 50 half-hours" in said
    assert "no prices" not in said
    assert "half-hours with a reading have no unit rate" not in said  # the same four half-hours, said once
    assert not [b for b in model["blocks"] if b.get("title") == "Where the prices reach"]  # every day is priced
    # The day alone: its total is of its priced half-hours, and says so.
    day = run_sync(report(OpContext(session, {"source": "octopus", "params": {**params, "from": "2023-10-29",
                                                                              "to": "2023-10-29"}})))
    total = next(t for t in day["totals"] if t["label"] == "Total revenue")
    assert total["text"].endswith("(priced for 46 of its 50 half-hours)") and total["warn"]
