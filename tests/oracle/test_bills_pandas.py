"""The £ figures of cost, bill and compare against an independent pandas oracle (CPython only).

Our pricing works out London days, clock-change days, time-of-use windows
and standing-charge days with its own time code
(``pyruntime/timeseries/londontime.py``). This oracle does none of that with
our code: it reads the same real files with pandas, finds every instant's
London day and wall-clock time through the tz database (``tz_convert`` to
``Europe/London``), and prices each case from the tariff's published
definition:

* energy: each half-hour's kWh × the unit rate in force at its start, exc VAT;
  a half-hour with no reading or no rate is left out and counted, never filled;
* standing charge: each London day pays, once, the charge in force at its
  local midnight (Octopus publishes its changes at London midnight:
  ``2023-03-31T23:00Z`` is 1 April 00:00 BST);
* Go-style windows (hand-entered, ``0030-0430``) are London wall-clock time;
  Economy 7 nights are the meter's GMT clock all year (``e7``, default
  00:30–07:30 GMT), as README's *Economy 7* defines them;
* VAT 5 % on energy + standing charges; export has neither VAT nor a standing charge.

Our side is driven as the page drives it: files through ``load_file``, feed
tariffs through the feed adapter from files in the feed's schema, hand
tariffs from the ``custom`` URL text, then the typed results of the cost
report (a bar per London day and a bar per half-hour), the bill and the
comparison. Every figure must agree to 1e-6 p.

Data: real household weeks around both 2023 clock changes, real Agile import
and export prices of those dates, real Flexible Octopus standing charges and
Economy 7 register prices (sources in ``tests/fixtures/oracle/README.md``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from pyruntime.fileformats.loader import load_file
from pyruntime.household import Household
from pyruntime.present.period import RANGE, Period
from pyruntime.present.pricing import choose_tariff
from pyruntime.present.view import View, resolve_view
from pyruntime.pricing import Agreement, TariffHistory, bill
from pyruntime.pricing.compare import Candidate, compare_tariffs
from pyruntime.pricing.cost import cost_report
from pyruntime.pricing.custom import parse_custom
from pyruntime.pricing.economy7 import parse_night_window, with_night_window
from pyruntime.pricing.feed import tariff_from_feed_docs
from pyruntime.providers.http import HttpRequest, HttpResponse
from pyruntime.reports import REPORTS, load
from pyruntime.reports.compare import compare_view
from pyruntime.session import Session
from pyruntime.timeseries.aggregate import series_days

FIXTURES = Path(__file__).parents[1] / "fixtures"
AGILE_CSV = FIXTURES / "oracle" / "fawkesley_agile_import_export_2023-03-22_2023-04-03_and_2023-10-25_2023-11-02.csv"
MARCH = FIXTURES / "consumption" / "octopus_dashboard_electricity_2023-03-23_2023-03-29.csv"
APRIL = FIXTURES / "oracle" / "octopus_dashboard_electricity_2023-03-30_2023-04-02.csv"
OCTOBER = FIXTURES / "consumption" / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
GAS_OCTOBER = FIXTURES / "consumption" / "octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv"
FLEXIBLE_STANDING = FIXTURES / "feeds_api" / "octometer_standing_charges_VAR-22-11-01_history.json"
E7_DAY = FIXTURES / "feeds_api" / "octometer_day_unit_rates_E7_history.json"
E7_NIGHT = FIXTURES / "feeds_api" / "octometer_night_unit_rates_E7_history.json"

LONDON = "Europe/London"
HALF_HOUR = pd.Timedelta(minutes=30)
VAT = 0.05
TOLERANCE_P = 1e-6

# Published definitions the oracle needs, written out here rather than imported from pyruntime.
GAS_KWH_PER_M3 = 1.02264 * 39.5 / 3.6  # volume correction × calorific value [MJ/m³] ÷ 3.6 [MJ/kWh]
GO_TEXT = "electricity~Go as typed~0030-0430:9.5,41.2~53.35"  # London time; prices inc VAT [p/kWh, p/day]
GO_CHEAP, GO_PEAK, GO_STANDING = 9.5 / 1.05, 41.2 / 1.05, 53.35 / 1.05  # exc VAT
GAS_TEXT = "gas~Gas as typed~10.31~29.11"


# --- the oracle: pandas and the tz database -----------------------------------------------------------------


def read_dashboard(path: Path, per_unit: float = 1.0) -> pd.Series:
    """An Octopus dashboard CSV → kWh by UTC half-hour start (times carry their own offsets)."""
    frame = pd.read_csv(path, skipinitialspace=True, encoding="utf-8")
    starts = pd.to_datetime(frame["Start"], utc=True)
    return pd.Series(frame.iloc[:, 0].astype(float).to_numpy() * per_unit, index=starts).sort_index()


def read_agile(path: Path) -> pd.DataFrame:
    """The Agile export CSV (London wall-clock ``DD/MM/YYYY HH:MM``) → rates by UTC half-hour start.

    The source lists the repeated 01:00 and 01:30 of 29 October 2023 once
    each, without saying which of the two they are: the tz database calls
    them ambiguous and they are dropped, so those four half-hours have no
    rate (a gap on both sides, never a guess).
    """
    frame = pd.read_csv(path)
    local = pd.to_datetime(frame["Period from"], format="%d/%m/%Y %H:%M")
    starts = local.dt.tz_localize(LONDON, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
    keep = starts.notna().to_numpy()
    return pd.DataFrame({
        # agile.octopushome.net shows import prices inc VAT (read so in tests/fixtures/pricing too); export has none
        "import": frame["Agile Import price (p/kWh)"].to_numpy()[keep] / (1 + VAT),
        "export": frame["Agile Export price (p/kWh)"].to_numpy()[keep],
    }, index=pd.DatetimeIndex(starts[keep]))


def london_day(day: dt.date) -> pd.DatetimeIndex:
    """The UTC starts of the half-hours of London day ``day``, from its local midnight to the next."""
    lo = pd.Timestamp(day).tz_localize(LONDON)
    hi = pd.Timestamp(day + dt.timedelta(days=1)).tz_localize(LONDON)
    return pd.date_range(lo.tz_convert("UTC"), hi.tz_convert("UTC"), freq=HALF_HOUR, inclusive="left")


@dataclass(frozen=True)
class OracleTariff:
    """A tariff as its definition reads: the rate at any UTC instant, the standing charge at any instant."""

    rate: Callable[[pd.Timestamp], float | None]  # [p/kWh exc VAT]
    standing: Callable[[pd.Timestamp], float | None]  # [p/day exc VAT], at the day's local midnight
    vat: float = VAT


@dataclass(frozen=True)
class OracleDay:
    day: dt.date
    half_hours: int
    present: int
    missing_rates: int
    energy_p: float  # exc VAT
    standing_p: float | None  # exc VAT
    kwh: float
    gaps: frozenset[pd.Timestamp]  # half-hours without a cost (no reading or no rate)
    priced: tuple[tuple[float, float], ...]  # (kWh, p/kWh exc VAT) of each priced half-hour
    rated: int = 0  # half-hours with a unit rate, read or not: a day with none is not priced at all

    @property
    def unpriced(self) -> bool:
        """No unit rate all day (on no agreement, past the prices): nothing of it is billed, not even a charge."""
        return self.rated == 0

    @property
    def without_standing(self) -> bool:
        """A priced day for which no standing charge is known."""
        return not self.unpriced and self.standing_p is None


def oracle_days(readings: pd.Series, tariff: OracleTariff, first: dt.date, last: dt.date) -> list[OracleDay]:
    out = []
    day = first
    while day <= last:
        grid = london_day(day)
        energy = kwh = 0.0
        present = no_rate = rated = 0
        gaps = set()
        priced = []
        for t in grid:
            q = readings.get(t)
            r = tariff.rate(t)
            rated += r is not None
            if q is None or pd.isna(q):
                gaps.add(t)
                continue
            present += 1
            if r is None:
                no_rate += 1
                gaps.add(t)
                continue
            energy += q * r
            kwh += q
            priced.append((float(q), r))
        midnight = pd.Timestamp(day).tz_localize(LONDON)
        out.append(OracleDay(day, len(grid), present, no_rate, energy, tariff.standing(midnight) if rated else None,
                             kwh, frozenset(gaps), tuple(priced), rated))
        day += dt.timedelta(days=1)
    return out


def stepwise(points: list[tuple[str, float]]) -> Callable[[pd.Timestamp], float | None]:
    """Values in force from each ISO instant to the next (the last open-ended); ``None`` before the first."""
    steps = [(pd.Timestamp(t), v) for t, v in points]

    def value(t: pd.Timestamp) -> float | None:
        now = None
        for start, v in steps:
            if t >= start:
                now = v
        return now

    return value


def flexible_standing() -> list[tuple[str, float]]:
    """Flexible Octopus's published direct-debit standing charges [p/day exc VAT], oldest first."""
    rows = [r for r in json.loads(FLEXIBLE_STANDING.read_text())["results"] if r["payment_method"] == "DIRECT_DEBIT"]
    return sorted((r["valid_from"], r["value_exc_vat"]) for r in rows)


def e7_register(path: Path) -> float:
    """An Economy 7 register's direct-debit price of January 2024 [p/kWh exc VAT] (the oldest published here)."""
    rows = [r for r in json.loads(path.read_text())["results"]
            if r["payment_method"] == "DIRECT_DEBIT" and r["valid_from"].startswith("2024-01-01")]
    (row,) = rows
    return row["value_exc_vat"]


def go_rate(t: pd.Timestamp) -> float:
    """Go-style windows are London wall-clock time: 00:30 to 04:30 cheap, whatever the clocks did."""
    wall = t.tz_convert(LONDON).time()
    return GO_CHEAP if dt.time(0, 30) <= wall < dt.time(4, 30) else GO_PEAK


def e7_rate(night_from: dt.time, night_to: dt.time, day_p: float, night_p: float) -> Callable:
    """Economy 7: the night register when the half-hour starts inside the meter's GMT night, all year."""

    def rate(t: pd.Timestamp) -> float:
        gmt = t.tz_convert("UTC").time()
        inside = night_from <= gmt < night_to if night_from < night_to else not night_to <= gmt < night_from
        return night_p if inside else day_p

    return rate


# --- our side, driven as the page drives it -----------------------------------------------------------------


def household(*files: tuple[Path, str]) -> Household:
    """The household after dropping each file on the page, in order."""
    home = None
    for path, fuel in files:
        home = load_file(home, path.read_bytes(), name=path.name, fuel=fuel)
    assert home is not None
    return home


def feed_doc(code: str, fuel: str, direction: str, registers: dict[str, pd.Series],
             standing: list[tuple[str, str | None, float]]) -> dict:
    """One tariff's feed file (``feeds/schemas/tariff.v1.schema.json``) holding ``registers``' UTC half-hourly rates."""
    vat = 0.0 if direction == "export" else VAT
    unit_rates = {}
    for name, rates in registers.items():
        grid = pd.date_range(rates.index.min(), rates.index.max(), freq=HALF_HOUR)
        values = rates.reindex(grid)
        exc = [None if pd.isna(v) else float(v) for v in values]
        unit_rates[name] = {
            "unit_rate_p_per_kwh_exc_vat": {"start": grid[0].isoformat(), "step_seconds": 1800, "values": exc},
            "unit_rate_p_per_kwh_inc_vat": {"start": grid[0].isoformat(), "step_seconds": 1800,
                                            "values": [None if v is None else v * (1 + vat) for v in exc]},
        }
    return {
        "schema_version": 1, "kind": "tariff", "sample": False, "tariff_code": code, "product_code": code[5:-2],
        "family": code, "region": code[-1], "fuel": fuel, "direction": direction, "year": 2023,
        "registers": len(registers), "unit_rates": unit_rates,
        "standing_charges_p_per_day": [{"valid_from": a, "valid_to": b, "value_exc_vat": v,
                                        "value_inc_vat": v * (1 + vat)} for a, b, v in standing],
    }


def standing_intervals(points: list[tuple[str, float]]) -> list[tuple[str, str | None, float]]:
    return [(a, points[i + 1][0] if i + 1 < len(points) else None, v) for i, (a, v) in enumerate(points)]


def constant(value: float, first: dt.date, last: dt.date) -> pd.Series:
    """One price at every UTC half-hour covering London days ``first``–``last`` (a register's price)."""
    grid = london_day(first).union(london_day(last))
    grid = pd.date_range(grid[0], grid[-1], freq=HALF_HOUR)
    return pd.Series(value, index=grid)


# --- the cases ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, to cache each case's preparation
class Case:
    name: str
    fuel: str
    files: tuple[tuple[Path, str], ...]
    first: dt.date
    last: dt.date
    ours: Callable[[], object]  # the Pricing our side gets
    oracle: Callable[[], OracleTariff]
    per_unit: float = 1.0  # the file's unit → kWh, by the published definition
    bands: dict[float, str] | None = None  # a time-of-use tariff's band by its rate [p/kWh exc VAT]


AGILE = read_agile(AGILE_CSV)
STANDING = flexible_standing()
E7_DAY_P, E7_NIGHT_P = e7_register(E7_DAY), e7_register(E7_NIGHT)


def agile_import():
    return tariff_from_feed_docs([feed_doc("E-1R-AGILE-FLEX-22-11-25-C", "electricity", "import",
                                           {"standard": AGILE["import"]}, standing_intervals(STANDING))])


def agile_export():
    return tariff_from_feed_docs([feed_doc("E-1R-AGILE-OUTGOING-19-05-13-C", "electricity", "export",
                                           {"standard": AGILE["export"]}, [])])


def agile_rate(column: str) -> Callable:
    def rate(t: pd.Timestamp) -> float | None:
        return float(AGILE[column][t]) if t in AGILE.index else None

    return rate


def economy7(first: dt.date, last: dt.date, window: str | None = None):
    doc = feed_doc("E-2R-VAR-22-11-01-C", "electricity", "import",
                   {"day": constant(E7_DAY_P, first, last), "night": constant(E7_NIGHT_P, first, last)},
                   standing_intervals(STANDING))
    tariff = tariff_from_feed_docs([doc])
    return tariff if window is None else with_night_window(tariff, parse_night_window(window))


def hand(text: str):
    (custom,), notices = parse_custom(text)
    assert not notices
    return custom.tariff


def flexible_two_versions():
    """A flat tariff whose product version changes at 1 April 2023 00:00 London (23:00 GMT the day before).

    The standing charges are Flexible Octopus's published ones either side of
    that instant (35.5166 then 40.0125 p/day exc VAT); the unit rates (33.2
    then 30.11 p/kWh exc VAT) are illustrative, as no 2023 Flexible unit rate is
    among the fixtures. An agreement switch, as an account's tariff history gives it.
    """
    switch = "2023-03-31T23:00:00+00:00"
    v1 = tariff_from_feed_docs([feed_doc("E-1R-VAR-22-11-01-C", "electricity", "import",
                                         {"standard": constant(33.2, dt.date(2023, 3, 29), dt.date(2023, 3, 31))},
                                         [("2022-11-01T00:00:00+00:00", switch, STANDING[0][1])])])
    v2 = tariff_from_feed_docs([feed_doc("E-1R-VAR-23-04-01-C", "electricity", "import",
                                         {"standard": constant(30.11, dt.date(2023, 4, 1), dt.date(2023, 4, 3))},
                                         [(switch, None, STANDING[1][1])])])
    cut = int(pd.Timestamp(switch).timestamp())
    return TariffHistory((Agreement(v1, None, cut), Agreement(v2, cut, None)))


MOVED_OUT = "2023-03-27T12:00:00+01:00"
"""The Agile agreement of the ``agile_import_march_until_noon_27th`` case ends here (London noon, BST)."""


def agile_until_noon():
    """Agile import whose agreement ends at noon: later half-hours have no rate, later days no standing charge."""
    return TariffHistory((Agreement(agile_import(), None, int(pd.Timestamp(MOVED_OUT).timestamp())),))


def _agile_until_noon_oracle() -> OracleTariff:
    end = pd.Timestamp(MOVED_OUT)
    agile, standing = agile_rate("import"), stepwise(STANDING)
    return OracleTariff(rate=lambda t: agile(t) if t < end else None,
                        standing=lambda t: standing(t) if t < end else None)  # the agreement in force at midnight


def gas_two_versions():
    """Hand-entered gas whose price changes at the London midnight that starts 29 October 2023 (BST)."""
    first = hand(GAS_TEXT)
    second = hand("gas~Gas as typed~9.8~31.43")
    cut = int(pd.Timestamp("2023-10-29").tz_localize(LONDON).timestamp())
    return TariffHistory((Agreement(first, None, cut), Agreement(second, cut, None)))


def _gas_oracle() -> OracleTariff:
    cut = pd.Timestamp("2023-10-29").tz_localize(LONDON)
    return OracleTariff(rate=lambda t: (10.31 if t < cut else 9.8) / 1.05,
                        standing=lambda t: (29.11 if t < cut else 31.43) / 1.05)


GO_BANDS = {GO_CHEAP: "00:30–04:30", GO_PEAK: "other times"}
E7_BANDS = {E7_NIGHT_P: "Night (E7)", E7_DAY_P: "Day (E7)"}
MAR = (dt.date(2023, 3, 23), dt.date(2023, 3, 29))
APR = (dt.date(2023, 3, 30), dt.date(2023, 4, 2))
OCT = (dt.date(2023, 10, 26), dt.date(2023, 11, 1))

CASES = [
    Case("agile_import_march", "electricity", ((MARCH, "electricity"),), *MAR, agile_import,
         lambda: OracleTariff(agile_rate("import"), stepwise(STANDING))),
    Case("agile_import_october", "electricity", ((OCTOBER, "electricity"),), *OCT, agile_import,
         lambda: OracleTariff(agile_rate("import"), stepwise(STANDING))),
    # No real export readings of these weeks exist here, so the same real meter is read as an export meter.
    Case("agile_import_march_until_noon_27th", "electricity", ((MARCH, "electricity"),), *MAR, agile_until_noon,
         _agile_until_noon_oracle),
    Case("agile_export_march", "export", ((MARCH, "export"),), *MAR, agile_export,
         lambda: OracleTariff(agile_rate("export"), lambda t: 0.0, vat=0.0)),
    Case("agile_export_october", "export", ((OCTOBER, "export"),), *OCT, agile_export,
         lambda: OracleTariff(agile_rate("export"), lambda t: 0.0, vat=0.0)),
    Case("go_march", "electricity", ((MARCH, "electricity"),), *MAR, lambda: hand(GO_TEXT),
         lambda: OracleTariff(go_rate, lambda t: GO_STANDING), bands=GO_BANDS),
    Case("go_october", "electricity", ((OCTOBER, "electricity"),), *OCT, lambda: hand(GO_TEXT),
         lambda: OracleTariff(go_rate, lambda t: GO_STANDING), bands=GO_BANDS),
    Case("e7_march", "electricity", ((MARCH, "electricity"),), *MAR, lambda: economy7(*MAR),
         lambda: OracleTariff(e7_rate(dt.time(0, 30), dt.time(7, 30), E7_DAY_P, E7_NIGHT_P), stepwise(STANDING)),
         bands=E7_BANDS),
    Case("e7_october", "electricity", ((OCTOBER, "electricity"),), *OCT, lambda: economy7(*OCT),
         lambda: OracleTariff(e7_rate(dt.time(0, 30), dt.time(7, 30), E7_DAY_P, E7_NIGHT_P), stepwise(STANDING)),
         bands=E7_BANDS),
    Case("e7_2300_0600_october", "electricity", ((OCTOBER, "electricity"),), *OCT,
         lambda: economy7(*OCT, "2300-0600"),
         lambda: OracleTariff(e7_rate(dt.time(23, 0), dt.time(6, 0), E7_DAY_P, E7_NIGHT_P), stepwise(STANDING)),
         bands=E7_BANDS),
    Case("flat_two_versions_april", "electricity", ((APRIL, "electricity"),), *APR, flexible_two_versions,
         lambda: OracleTariff(stepwise([("2023-03-29T00:00:00+00:00", 33.2), ("2023-03-31T23:00:00+00:00", 30.11)]),
                              stepwise(STANDING))),
    Case("gas_two_versions_october", "gas", ((GAS_OCTOBER, "gas"),), *OCT, gas_two_versions, _gas_oracle,
         per_unit=GAS_KWH_PER_M3),
]


@cache
def prepared(c: Case) -> tuple[Case, Household, object, list[OracleDay]]:
    """The case's household as the page loads it, our pricing, and the oracle's days."""
    home = household(*c.files)
    readings = read_dashboard(c.files[0][0], c.per_unit)
    return c, home, c.ours(), oracle_days(readings, c.oracle(), c.first, c.last)


@pytest.fixture(params=CASES, ids=lambda c: c.name)
def case(request):
    return prepared(request.param)


def _view(c: Case, first: dt.date, last: dt.date) -> View:
    return View("cost", c.fuel, period=Period(RANGE, first, last))


def run(coro):
    return asyncio.run(coro)


def _close(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    return abs(ours - theirs) <= TOLERANCE_P


def test_each_london_day_costs_what_the_tariff_definition_says(case):
    c, home, pricing, days = case
    report = cost_report(home.series[c.fuel], pricing, _view(c, c.first, c.last))
    assert report.level == "month"  # a bar per London day
    assert [bar.key for bar in report.bars] == [d.day.isoformat() for d in days]
    for bar, d in zip(report.bars, days, strict=True):
        assert bar.expected == d.half_hours, d.day
        assert bar.present == d.present, d.day
        assert bar.missing_rates == d.missing_rates, d.day
        assert _close(bar.energy_p_exc_vat, d.energy_p), (d.day, bar.energy_p_exc_vat, d.energy_p)
        assert _close(bar.standing_p_exc_vat, d.standing_p), (d.day, bar.standing_p_exc_vat, d.standing_p)
        assert _close(bar.priced_kwh * 1e3, d.kwh * 1e3), d.day  # [Wh]
        assert bar.vat_rate == c.oracle().vat
        theirs = (d.energy_p + (d.standing_p or 0.0)) * (1 + c.oracle().vat)
        assert _close(bar.total_p_inc_vat, theirs), d.day


def test_clock_change_days_have_46_and_50_half_hours_on_both_sides(case):
    c, home, pricing, days = case
    report = cost_report(home.series[c.fuel], pricing, _view(c, c.first, c.last))
    ours = {bar.key: bar.expected for bar in report.bars}
    theirs = {d.day.isoformat(): d.half_hours for d in days}
    assert ours == theirs
    changes = {"2023-03-26": 46, "2023-10-29": 50}
    assert {k: v for k, v in theirs.items() if v != 48} == {k: v for k, v in changes.items() if k in theirs}


def test_the_gaps_are_the_same_half_hours_on_both_sides_and_never_priced(case):
    c, home, pricing, days = case
    series = home.series[c.fuel]
    for d in days:
        day_bars = cost_report(series, pricing, View("cost", c.fuel, period=Period.of("day", d.day))).bars
        assert len(day_bars) == d.half_hours
        ours = {pd.Timestamp(bar.start_utc_s, unit="s", tz="UTC") for bar in day_bars if bar.cost_p_inc_vat is None}
        assert ours == d.gaps, d.day
        for bar in day_bars:
            if bar.cost_p_inc_vat is None:
                assert bar.missing in ("no reading", "no rate", "no reading and no rate")
        energy = sum(bar.cost_p_inc_vat for bar in day_bars if bar.cost_p_inc_vat is not None)
        assert _close(energy, d.energy_p * (1 + c.oracle().vat)), d.day


def test_the_period_bill_and_the_comparison_total_agree_with_the_oracle(case):
    c, home, pricing, days = case
    energy = sum(d.energy_p for d in days)
    standing = sum(d.standing_p for d in days if d.standing_p is not None)
    vat = c.oracle().vat
    statement = bill(home.series[c.fuel], pricing, c.first, c.last)
    assert statement.half_hours == sum(d.half_hours for d in days)
    assert statement.missing_readings == sum(d.half_hours - d.present for d in days)
    assert statement.missing_rates == sum(d.missing_rates for d in days)
    assert statement.days_without_standing == sum(d.without_standing for d in days)
    assert statement.coverage.uncovered_days == sum(d.unpriced for d in days)
    assert _close(statement.energy, energy)
    assert _close(statement.standing, standing)
    assert _close(statement.total_inc_vat, (energy + standing) * (1 + vat))
    assert _close(sum(ln.cost for ln in statement.energy_lines), energy)
    assert _close(sum(ln.cost for ln in statement.standing_lines), standing)
    result = compare_tariffs({c.fuel: home.series[c.fuel]}, [Candidate("t", pricing)], c.first, c.last)
    (t,) = result.fuels[c.fuel].tariffs
    assert _close(t.energy_p, energy)
    assert _close(t.standing_p, standing)
    assert _close(t.total_p, (energy + standing) * (1 + vat))
    assert t.missing_rates == sum(d.missing_rates for d in days)
    assert t.days_without_standing == statement.days_without_standing
    assert t.comparable == (not t.missing_rates and not t.days_without_standing and not any(d.unpriced for d in days))


def test_a_standing_charge_change_at_a_bst_midnight_bills_two_lines():
    """Flexible's published change at 2023-03-31T23:00Z starts on London day 1 April: 2 days + 2 days."""
    c = next(x for x in CASES if x.name == "flat_two_versions_april")
    home = household(*c.files)
    statement = bill(home.series["electricity"], c.ours(), c.first, c.last)
    lines = [(ln.first_day, ln.last_day, ln.days, ln.p_per_day) for ln in statement.standing_lines]
    assert lines == [(dt.date(2023, 3, 30), dt.date(2023, 3, 31), 2, 35.5166),
                     (dt.date(2023, 4, 1), dt.date(2023, 4, 2), 2, 40.0125)]


def test_the_fold_of_29_october_has_no_agile_rate_on_either_side():
    """The source lists 01:00 and 01:30 of 29 October once: the four half-hours of the fold go unpriced."""
    c = next(x for x in CASES if x.name == "agile_import_october")
    fold = [pd.Timestamp(f"2023-10-29T{h}Z") for h in ("00:00", "00:30", "01:00", "01:30")]
    assert all(t not in AGILE.index for t in fold)
    home = household(*c.files)
    bars = cost_report(home.series["electricity"], c.ours(), View("cost", "electricity", day="2023-10-29")).bars
    missing = [pd.Timestamp(b.start_utc_s, unit="s", tz="UTC") for b in bars if b.missing == "no rate"]
    assert missing == fold


def _by_month(days: list[OracleDay]) -> dict[str, tuple[float, float, int, int, int]]:
    """London month → (energy, standing [p exc VAT], half-hours, present, missing rates)."""
    out: dict[str, list] = {}
    for d in days:
        m = out.setdefault(f"{d.day:%Y-%m}", [0.0, 0.0, 0, 0, 0])
        m[0] += d.energy_p
        m[1] = None if m[1] is None or d.without_standing else m[1] + (d.standing_p or 0.0)  # unpriced: none
        m[2] += d.half_hours
        m[3] += d.present
        m[4] += d.missing_rates
    return {k: tuple(v) for k, v in out.items()}


def test_each_london_month_and_the_comparisons_months_agree_with_the_oracle(case):
    """Months split at London midnight: 31 March | 1 April 2023 is 23:00 GMT, in the April case."""
    c, home, pricing, days = case
    months = _by_month(days)
    vat = c.oracle().vat
    report = cost_report(home.series[c.fuel], pricing, View("cost", c.fuel, period=Period()))
    assert report.level == "all"  # a bar per month
    assert [bar.key for bar in report.bars] == list(months)
    for bar in report.bars:
        energy, standing, half_hours, present, missing_rates = months[bar.key]
        assert (bar.expected, bar.present, bar.missing_rates) == (half_hours, present, missing_rates), bar.key
        assert _close(bar.energy_p_exc_vat, energy), bar.key
        assert _close(bar.standing_p_exc_vat, standing), bar.key
    result = compare_tariffs({c.fuel: home.series[c.fuel]}, [Candidate("t", pricing)], c.first, c.last)
    (t,) = result.fuels[c.fuel].tariffs
    assert list(result.months) == list(months)
    for key, total in zip(result.months, t.months_p, strict=True):
        in_month = [d for d in days if f"{d.day:%Y-%m}" == key]
        energy = sum(d.energy_p for d in in_month)
        known = sum(d.standing_p for d in in_month if d.standing_p is not None)  # a day without one adds nothing
        assert _close(total, (energy + known) * (1 + vat)), key


def test_each_unit_rate_line_of_the_bill_holds_the_kwh_and_cost_at_that_rate(case):
    """A statement's energy lines (Night (E7), Day (E7), a Go window, each version's rate) against the oracle.

    Agile's half-hourly prices make one line per tariff (no rate of its own), so only its sum is checked.
    """
    c, home, pricing, days = case
    statement = bill(home.series[c.fuel], pricing, c.first, c.last)
    if any(ln.rate is None for ln in statement.energy_lines):
        assert len(statement.energy_lines) == 1
        return
    theirs: dict[float, list] = {}
    for d in days:
        for q, r in d.priced:
            line = theirs.setdefault(round(r, 9), [0.0, 0.0, 0])
            line[0] += q
            line[1] += q * r
            line[2] += 1
    ours: dict[float, list] = {}
    for ln in statement.energy_lines:
        line = ours.setdefault(round(ln.rate, 9), [0.0, 0.0, 0])
        line[0] += ln.kwh
        line[1] += ln.cost
        line[2] += ln.half_hours
    assert sorted(ours) == sorted(theirs)
    for rate, (q, cost, n) in theirs.items():
        assert ours[rate][2] == n, rate
        assert _close(ours[rate][0] * 1e3, q * 1e3), rate  # [Wh]
        assert _close(ours[rate][1], cost), rate


# --- hand-entered tariffs through the page's own settings path --------------------------------------------------

SAMPLE_FEEDS = Path(__file__).parents[2] / "feeds" / "sample"


class SampleFeeds:
    """Serves ``feeds/...`` from the bundled sample feeds, as the site would (the comparison's other offers)."""

    async def send(self, request: HttpRequest) -> HttpResponse:
        path = SAMPLE_FEEDS / request.url.removeprefix("feeds/")
        return HttpResponse(200, {}, path.read_text()) if path.is_file() else HttpResponse(404, {}, "")


def page_view(home: Household, params: dict[str, str]) -> View:
    """The typed view the ``report`` op makes from URL ``params`` (its settings parsed as the page parses them)."""
    spans = {f: series_days(home.series[f]) for f in home.fuels()}
    spec = load(params["report"])
    view, _ = resolve_view(params, spans, tuple(REPORTS), ranges="from" not in spec.params)
    typed, notices = spec.settings(params, home)
    assert not notices, notices
    return replace(view, extra=tuple(sorted(typed.to_params().items())), settings=typed)


def test_hand_entered_tariffs_typed_into_the_url_are_priced_as_the_oracle_prices_them():
    """``custom=`` Go-style windows and a flat gas price, through the cost report's and the comparison's own path."""
    home = household((OCTOBER, "electricity"), (GAS_OCTOBER, "gas"))
    session = Session()
    session.transport = SampleFeeds()
    custom = f"{GO_TEXT};{GAS_TEXT}"
    first, last = OCT
    oracles = {
        "electricity": oracle_days(read_dashboard(OCTOBER), OracleTariff(go_rate, lambda t: GO_STANDING), *OCT),
        "gas": oracle_days(read_dashboard(GAS_OCTOBER, GAS_KWH_PER_M3),
                           OracleTariff(lambda t: 10.31 / 1.05, lambda t: 29.11 / 1.05), *OCT),
    }
    comparison, _ = run(compare_view(session, home, page_view(home, {
        "report": "compare", "from": first.isoformat(), "to": last.isoformat(), "custom": custom})))
    for fuel, key in (("electricity", "custom1"), ("gas", "custom2")):
        days = oracles[fuel]
        energy, standing = sum(d.energy_p for d in days), sum(d.standing_p for d in days)
        (t,) = [t for t in comparison.fuels[fuel].tariffs if t.key == key]
        assert _close(t.energy_p, energy) and _close(t.standing_p, standing), fuel
        assert _close(t.total_p, (energy + standing) * (1 + VAT)), fuel
        view = page_view(home, {"report": "cost", "fuel": fuel, "from": first.isoformat(), "to": last.isoformat(),
                                "tariff": key, "custom": custom})
        priced = run(choose_tariff(session, home, view.settings, fuel, *series_days(home.series[fuel])))
        bars = cost_report(home.series[fuel], priced.pricing, view).bars
        assert [(b.key, b.expected, b.present) for b in bars] == [(d.day.isoformat(), d.half_hours, d.present)
                                                                  for d in days]
        for b, d in zip(bars, days, strict=True):
            assert _close(b.energy_p_exc_vat, d.energy_p) and _close(b.standing_p_exc_vat, d.standing_p), d.day


@pytest.mark.parametrize("c", [c for c in CASES if c.bands], ids=lambda c: c.name)
def test_each_half_hours_price_band_and_each_days_band_shares_follow_the_windows(c):
    """Go-style bands by London wall clock, Economy 7 registers by the GMT clock: per half-hour and per day."""
    c, home, pricing, days = prepared(c)
    series = home.series[c.fuel]
    day_bars = cost_report(series, pricing, _view(c, c.first, c.last)).bars
    for d, day_bar in zip(days, day_bars, strict=True):
        shares: dict[str, float] = {}
        for q, r in d.priced:
            shares[c.bands[r]] = shares.get(c.bands[r], 0.0) + q
        ours = {s.band: s.kwh for s in day_bar.band_shares or ()}
        assert sorted(ours) == sorted(b for b, q in shares.items()), d.day
        for band, q in shares.items():
            assert _close(ours[band] * 1e3, q * 1e3), (d.day, band)
        oracle = c.oracle()
        for bar in cost_report(series, pricing, View("cost", c.fuel, period=Period.of("day", d.day))).bars:
            r = oracle.rate(pd.Timestamp(bar.start_utc_s, unit="s", tz="UTC"))
            assert bar.band == c.bands[r], (d.day, bar.label)
            assert _close(bar.rate_p_per_kwh_inc_vat, r * (1 + oracle.vat)), (d.day, bar.label)
