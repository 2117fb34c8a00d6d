"""Price one period under many tariffs, fast: the comparison's engine.

:func:`prepare` does the per-series work once (the half-hours of the
period, their kWh with gaps as 0, the months and days); :func:`price_period`
then prices one tariff with C-speed ``map``/``reduce`` over plain lists.

This is also how a bill's totals are added up, so a bill and a comparison
of the same period agree to the last bit: kWh × rate for each half-hour,
added in time order within each London month, then the months in order (a
gap adds 0.0, which changes no float sum).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ..timeseries.aggregate import PeriodTotal, daily_totals, group_by_month
from ..timeseries.londontime import HALF_HOUR, day_bounds
from ..timeseries.series import Series
from .coverage import PartPricedDay, PriceCoverage, coverage_of
from .history import Pricing
from .money import add_up, dot
from .standing import month_standing, standing_by_day


@dataclass(frozen=True, slots=True)
class Prepared:
    """One series over London days ``first_day``–``last_day``, ready to price many times.

    ``months[i]`` is the shared :class:`~pyruntime.timeseries.aggregate.PeriodTotal`;
    ``month_slices[i]`` its half-hour index range and ``month_days[i]`` its day index range.
    """

    fuel: str
    first_day: dt.date
    last_day: dt.date
    start: int
    count: int
    kwh: tuple[float | None, ...]
    kwh0: tuple[float, ...]
    months: tuple[PeriodTotal, ...]
    month_slices: tuple[tuple[int, int], ...]
    month_days: tuple[tuple[int, int], ...]
    days: tuple[tuple[dt.date, int], ...]
    month_kwh: tuple[float, ...]  # [kWh] left-to-right sums, for bit-identical averages everywhere
    kwh_total: float  # [kWh]


def prepare(series: Series, first_day: dt.date, last_day: dt.date) -> Prepared:
    """Cut ``series`` to London days ``first_day``–``last_day`` and index its months."""
    start, end = day_bounds(first_day)[0], day_bounds(last_day)[1]
    kwh = series.window(start, end)
    day_totals = daily_totals(series, first_day, last_day)
    months = group_by_month(day_totals)
    # Local midnights from the days' half-hour counts: no second pass over the calendar.
    days, i = [], start
    for d in day_totals:
        days.append((d.day, i))
        i += d.expected * HALF_HOUR
    slices, day_ranges = [], []
    i = d = 0
    for m in months:
        slices.append((i, i + m.expected))
        day_ranges.append((d, d + m.days))
        i += m.expected
        d += m.days
    kwh0 = tuple(0.0 if q is None else q for q in kwh)
    return Prepared(
        fuel=series.fuel, first_day=first_day, last_day=last_day, start=start, count=len(kwh),
        kwh=tuple(kwh), kwh0=kwh0, months=tuple(months),
        month_slices=tuple(slices), month_days=tuple(day_ranges),
        days=tuple(days),
        month_kwh=(mk := tuple(add_up(kwh0[lo:hi]) for lo, hi in slices)), kwh_total=add_up(mk),
    )


def prepare_values(p: Prepared, values: Sequence[float | None], fuel: str | None = None) -> Prepared:
    """The period of ``p`` holding other half-hourly ``values`` [kWh] (one per half-hour of ``p``).

    Gives exactly what :func:`prepare` gives for a series with these values
    over the same days, without walking the calendar again: the what-if lab
    prices a new series per tariff on the same period.
    """
    if len(values) != p.count:
        raise ValueError(f"expected {p.count} half-hours, got {len(values)}")
    kwh = tuple(values)
    kwh0 = tuple([0.0 if q is None else q for q in kwh]) if None in kwh else kwh
    # Month totals added as :func:`~pyruntime.aggregate.group_by_month` adds them: day by day, then days. A day's
    # sum is :func:`~pyruntime.timeseries.series.total`'s, left to right from 0.0 over its readings, run in C over
    # ``kwh0``: a gap's 0.0 changes no such sum (it never is −0.0), and the lab prepares a year per tariff.
    bounds = [(t - p.start) // HALF_HOUR for _, t in p.days] + [p.count]
    day_kwh = [add_up(kwh0[a:b]) for a, b in pairwise(bounds)]
    months = []
    for m, (lo, hi), (d0, d1) in zip(p.months, p.month_slices, p.month_days, strict=True):
        months.append(PeriodTotal(m.key, sum(day_kwh[d0:d1]), hi - lo - kwh[lo:hi].count(None), m.expected, m.days))
    month_kwh = [add_up(kwh0[lo:hi]) for lo, hi in p.month_slices]
    return replace(p, fuel=fuel or p.fuel, kwh=kwh, kwh0=kwh0, months=tuple(months), month_kwh=tuple(month_kwh),
                   kwh_total=add_up(month_kwh))


def charged_days(charges: Sequence[tuple[str, float] | None], days: Sequence[tuple[dt.date, int]], start: int,
                 rates: Sequence[float | None]) -> tuple[tuple[str, float] | None, ...]:
    """``charges`` without those of days that have no unit rate at all (``rates`` per half-hour from ``start``).

    Past the end of a feed a standing charge may still be known while no unit rate is: that day is not priced,
    so it pays no standing charge either, and a total "for the days the prices cover" is exactly theirs.
    """
    bounds = [(t - start) // HALF_HOUR for _, t in days] + [len(rates)]
    return tuple(None if rates[a:b].count(None) == b - a else c
                 for c, (a, b) in zip(charges, pairwise(bounds), strict=True))


@dataclass(frozen=True, slots=True)
class PeriodCost:
    """One tariff over a prepared period. Money in pence exc VAT."""

    energy: float
    priced_kwh: float  # [kWh] energy that had both a reading and a rate
    standing: float
    vat_rate: float
    missing_rates: int  # half-hours with a reading but no rate
    days_without_standing: int
    """Priced days with no known standing charge: a day the prices do not cover is not one of them."""
    month_energy: tuple[float, ...]
    month_priced_kwh: tuple[float, ...]
    month_standing: tuple[float, ...]
    month_missing_rates: tuple[int, ...]
    month_days_without_standing: tuple[int, ...]
    coverage: PriceCoverage
    """The days the prices cover: every £ figure above is of those days only."""

    @property
    def subtotal(self) -> float:
        return self.energy + self.standing

    @property
    def total_inc_vat(self) -> float:
        return self.subtotal + self.subtotal * self.vat_rate

    def month_total_inc_vat(self, i: int) -> float:
        sub = self.month_energy[i] + self.month_standing[i]
        return sub + sub * self.vat_rate

    @property
    def complete_rates(self) -> bool:
        """Every day priced, each half-hour with a reading at a unit rate, each day with its standing charge."""
        return self.missing_rates == 0 and self.days_without_standing == 0 and not self.coverage.uncovered


def price_period(p: Prepared, pricing: Pricing, rates: Sequence[float | None] | None = None) -> PeriodCost:
    """Price ``p`` under ``pricing``: totals and month by month.

    ``rates``, when given, are ``pricing.unit_rates(p.start, p.count)`` [p/kWh exc VAT] as the caller already has
    them (the what-if lab prices many series on each tariff), so they are not looked up again.
    """
    if pricing.fuel != p.fuel:
        raise ValueError(f"a {pricing.fuel} tariff cannot price {p.fuel} data")
    if rates is None:
        rates = pricing.unit_rates(p.start, p.count)
    kwh0 = p.kwh0
    missing = [0] * len(p.months)
    unrated: list[int] = []  # half-hours with a reading but no rate
    rates_copy: Sequence[float | None] | None = None  # the rates as given, when some half-hour has none
    try:
        month_energy = tuple(dot(kwh0[lo:hi], rates[lo:hi]) for lo, hi in p.month_slices)
    except TypeError:
        # A rate is None (float × None): the tariff has no rate for part of
        # the period. Rare, so only then walk the half-hours.
        rates_copy = tuple(rates)  # before the gaps become 0.0: which days have no rate at all
        kwh0, rates = list(kwh0), list(rates)  # (the caller's rates stay as they were)
        for m, (lo, hi) in enumerate(p.month_slices):
            for i in range(lo, hi):
                if rates[i] is None:
                    rates[i] = 0.0
                    if p.kwh[i] is not None:
                        kwh0[i] = 0.0
                        missing[m] += 1
                        unrated.append(i)
        month_energy = tuple(dot(kwh0[lo:hi], rates[lo:hi]) for lo, hi in p.month_slices)
    month_kwh = tuple(
        add_up(kwh0[lo:hi]) if missing[k] else p.month_kwh[k] for k, (lo, hi) in enumerate(p.month_slices)
    )
    charges = standing_by_day(pricing, p.days)
    uncovered: list[int] = []
    part_priced: list[PartPricedDay] = []
    if rates_copy is not None:  # some half-hour has no rate: a day may have none at all
        bounds = [(t - p.start) // HALF_HOUR for _, t in p.days] + [p.count]
        # A day without a single unit rate (on no agreement, before a feed's prices begin) is not priced: nothing
        # of it is in the total, not even a standing charge known for it.
        uncovered = [d for d, (a, b) in enumerate(pairwise(bounds)) if rates_copy[a:b].count(None) == b - a]
        left_out = set(uncovered)
        for d in sorted({bisect_right(bounds, i) - 1 for i in unrated} - left_out):
            lo, hi = bounds[d], bounds[d + 1]  # its rated half-hours (and its standing charge) are in the total
            part_priced.append(PartPricedDay(p.days[d][0], hi - lo - rates_copy[lo:hi].count(None), hi - lo))
        # A priced day without a known standing charge is counted as such; an unpriced day is not counted again.
        without_standing = [c is None and d not in left_out for d, c in enumerate(charges)]
        charges = tuple(None if d in left_out else c for d, c in enumerate(charges))
    else:
        without_standing = [c is None for c in charges]
    standing = month_standing(charges, p.month_days)
    return PeriodCost(
        energy=add_up(month_energy),
        priced_kwh=add_up(month_kwh),
        standing=add_up(standing),
        vat_rate=pricing.vat_rate,
        missing_rates=sum(missing),
        days_without_standing=sum(without_standing),
        month_energy=month_energy,
        month_priced_kwh=month_kwh,
        month_standing=standing,
        month_missing_rates=tuple(missing),
        month_days_without_standing=tuple(sum(without_standing[a:b]) for a, b in p.month_days),
        coverage=coverage_of(p.days, uncovered, part_priced),
    )


def price_coverage(series: Series, pricing: Pricing, first_day: dt.date, last_day: dt.date,
                   known: PriceCoverage | None = None) -> PriceCoverage:
    """Which of London days ``first_day``–``last_day`` of ``series`` the prices of ``pricing`` cover.

    ``known``: the coverage of a period the caller has already priced on ``pricing``; when that period is these
    very days it is the answer, and the days are not priced again (a view of all the data asks for the coverage of
    the days it shows, a year of half-hours).
    """
    if known is not None and (known.first_day, known.last_day) == (first_day, last_day):
        return known
    return price_period(prepare(series, first_day, last_day), pricing).coverage
