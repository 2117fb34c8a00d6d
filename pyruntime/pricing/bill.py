"""A bill for any period: the lines a supplier's statement has.

Energy lines (one per unit rate, or one per tariff for half-hourly prices),
standing-charge lines (one per charge in force: a change mid-period gives
two lines), the subtotal exc VAT, VAT on it, and the total. Export gives
revenue: no standing charge and no VAT.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..timeseries.londontime import HALF_HOUR, day_bounds, local_date
from ..timeseries.series import Series
from ..wording import plural
from .coverage import PriceCoverage, day_runs
from .history import Pricing, segments
from .period import PeriodCost, Prepared, charged_days, prepare, price_period
from .price import HalfHourCosts, price_series
from .standing import StandingLine, day_starts, standing_by_day, standing_lines


@dataclass(frozen=True, slots=True)
class EnergyLine:
    """Energy at one unit rate (or at half-hourly rates when ``rate`` is ``None``)."""

    tariff_code: str
    tariff_name: str
    band: str | None
    rate: float | None  # [p/kWh exc VAT]
    kwh: float
    cost: float  # [p exc VAT]
    half_hours: int
    first_day: dt.date  # London day of the line's first priced half-hour
    last_day: dt.date  # and of its last: statements date every line

    @property
    def average_rate(self) -> float | None:
        return self.cost / self.kwh if self.kwh else self.rate


@dataclass(frozen=True, slots=True)
class Bill:
    """A priced period. All money in pence exc VAT unless named ``*_inc_vat``."""

    fuel: str
    first_day: dt.date
    last_day: dt.date
    energy_lines: tuple[EnergyLine, ...]
    standing_lines: tuple[StandingLine, ...]
    energy_kwh: float  # energy that was priced [kWh]
    read_kwh: float  # every reading in the period, priced or not [kWh]: what a statement's kWh is set beside
    energy: float
    standing: float
    vat_rate: float
    half_hours: int
    missing_readings: int
    missing_reading_days: tuple[tuple[dt.date, dt.date], ...]
    """Runs of London days (inclusive, in order) with at least one half-hour without a reading."""
    missing_rates: int
    days_without_standing: int
    missing_rates_unnamed: int
    """Of ``missing_rates``, those on days the coverage does not already name (as unpriced or part-priced)."""
    band_shares: tuple[tuple[str, float], ...] | None  # (band, kWh) for time-of-use tariffs
    coverage: PriceCoverage  # the days the prices cover: the money above is theirs only

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def subtotal(self) -> float:
        return self.energy + self.standing

    @property
    def vat(self) -> float:
        return self.subtotal * self.vat_rate

    @property
    def total_inc_vat(self) -> float:
        return self.subtotal + self.vat

    @property
    def average_p_per_kwh(self) -> float | None:
        """Volume-weighted average unit rate Σq·p / Σq [p/kWh exc VAT]."""
        return self.energy / self.energy_kwh if self.energy_kwh else None

    @property
    def warnings(self) -> list[str]:
        out = []
        short = "revenue" if self.fuel == "export" else "bill"
        if self.missing_readings:
            out.append(
                f"{self.missing_readings:,} of {self.half_hours:,} half-hours have no reading; their energy is not "
                f"included, so this {short} is lower than the real one."
            )
        # Half-hours on a day the coverage note names (no prices, or priced in part) are said there, once.
        if self.missing_rates_unnamed:
            out.append(
                f"{plural(self.missing_rates_unnamed, 'half-hour')} with a reading "
                f"{'has' if self.missing_rates_unnamed == 1 else 'have'} no unit rate (outside the tariff's published "
                "rates or agreements); they are not priced."
            )
        if self.days_without_standing:
            days = plural(self.days_without_standing, "day has", "days have")
            out.append(f"{days} no known standing charge; none is included for them.")
        return out


@dataclass(frozen=True, slots=True)
class PricedPeriod:
    """The half-hours a bill priced, kept for a view that draws the same days on the same tariff another way (the
    cost view's bars) so it need not price them again."""

    prepared: Prepared
    half_hours: HalfHourCosts
    """Each half-hour's kWh, unit rate and cost, from the first day's midnight."""
    cost: PeriodCost
    """The totals and month-by-month sums a comparison makes."""


def bill(series: Series, pricing: Pricing, first_day: dt.date, last_day: dt.date) -> Bill:
    """Bill London days ``first_day`` to ``last_day`` inclusive for ``series`` under ``pricing``."""
    return priced_bill(series, pricing, first_day, last_day)[0]


def priced_bill(series: Series, pricing: Pricing, first_day: dt.date,
                last_day: dt.date) -> tuple[Bill, PricedPeriod]:
    """:func:`bill`, with the pricing it rests on (the unit rates are looked up once for both)."""
    if last_day < first_day:
        raise ValueError("the bill period ends before it starts")
    start, end = day_bounds(first_day)[0], day_bounds(last_day)[1]
    hh = price_series(series, pricing, start, end)
    energy_lines, bands = _energy_lines(hh.kwh, hh.rates, hh.costs, pricing, start, end)
    days = day_starts(first_day, last_day)
    standing, _ = standing_lines(days, charged_days(standing_by_day(pricing, days), days, start, hh.rates))
    prepared = prepare(series, first_day, last_day)
    # The same sums a comparison makes, on the rates just looked up: the prepared half-hours are these ones.
    totals = price_period(prepared, pricing, hh.rates)
    statement = Bill(
        fuel=series.fuel,
        first_day=first_day,
        last_day=last_day,
        energy_lines=tuple(energy_lines),
        standing_lines=standing,
        energy_kwh=totals.priced_kwh,
        read_kwh=sum(q for q in hh.kwh if q is not None),
        energy=totals.energy,
        standing=totals.standing,
        vat_rate=pricing.vat_rate,
        half_hours=len(hh.kwh),
        missing_readings=hh.missing_readings,
        missing_reading_days=day_runs(sorted({local_date(start + i * HALF_HOUR)
                                               for i, q in enumerate(hh.kwh) if q is None})),
        missing_rates=hh.missing_rates,
        days_without_standing=totals.days_without_standing,
        missing_rates_unnamed=sum(1 for i, (q, r) in enumerate(zip(hh.kwh, hh.rates, strict=True))
                                  if q is not None and r is None
                                  and not totals.coverage.names(local_date(start + i * HALF_HOUR))),
        band_shares=bands,
        coverage=totals.coverage,
    )
    return statement, PricedPeriod(prepared, hh, totals)


def _energy_lines(kwhs, rates, costs, pricing: Pricing, start: int, end: int):
    lines: list[EnergyLine] = []
    band_kwh: dict[str, float] | None = {}
    for lo, hi, tariff in segments(pricing, start, end):
        i, j = (lo - start) // HALF_HOUR, (hi - start) // HALF_HOUR
        labels = tariff.band_labels(lo, j - i)
        groups: dict[tuple, list] = {}  # key -> [kwh, cost, half-hours, first index, last index]
        for k in range(i, j):
            c = costs[k]
            if c is None:
                continue
            key = (None, None) if labels is None else (labels[k - i], rates[k])
            g = groups.get(key)
            if g is None:
                g = groups[key] = [0.0, 0.0, 0, k, k]
            g[0] += kwhs[k]
            g[1] += c
            g[2] += 1
            g[4] = k
        if labels is None:
            band_kwh = None
        seg = []
        for (band, rate), (q, c, n, k0, k1) in groups.items():
            seg.append(EnergyLine(tariff.code, tariff.name, band, rate, q, c, int(n),
                                  local_date(start + k0 * HALF_HOUR), local_date(start + k1 * HALF_HOUR)))
            if band_kwh is not None and band is not None:
                band_kwh[band] = band_kwh.get(band, 0.0) + q
        # Within one agreement, in date order and, for lines starting the same day, cheapest rate first,
        # as statements list them.
        lines.extend(sorted(seg, key=lambda ln: (ln.first_day, ln.rate is None, ln.rate or 0.0)))
    if band_kwh is not None and len(band_kwh) < 2:
        band_kwh = None  # one band is not a time-of-use split
    return lines, None if band_kwh is None else tuple(band_kwh.items())
