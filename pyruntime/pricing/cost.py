"""The cost report: all months → one month's days → one day's half-hours, in £.

The same drill-down as the consumption report, priced: each bar is the
period's cost (revenue for export) including standing charges and VAT, with
its kWh, volume-weighted average p/kWh and, for time-of-use tariffs, the
share of kWh in each price band. The totals are the bill for the period
shown, line by line, and every report carries an assumptions block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..analysis.consumption import day_label
from ..present.period import Period
from ..present.view import View
from ..timeseries.aggregate import daily_totals, series_days
from ..timeseries.londontime import HALF_HOUR, MONTH_NAMES, day_bounds, isoformat_utc, wall_clock_label
from ..timeseries.series import FUEL_LABELS, Series
from .bill import Bill, PricedPeriod, priced_bill
from .coverage import PriceCoverage
from .history import Pricing, TariffHistory
from .money import add_up
from .period import charged_days
from .price import HalfHourCosts, price_series
from .standing import standing_by_day
from .tariff import Tariff


@dataclass(frozen=True, slots=True)
class BandShare:
    """The kWh priced in one time-of-use band of a bar."""

    band: str
    kwh: float
    share: float | None
    """Fraction of the bar's priced kWh in this band [0–1]; ``None`` when no kWh was priced."""


@dataclass(frozen=True, slots=True)
class PeriodBar:
    """One month's or one day's cost (revenue for export), before rounding [p exc VAT unless named]."""

    key: str
    """``YYYY-MM`` for a month, ``YYYY-MM-DD`` for a day."""
    label: str
    energy_p_exc_vat: float
    standing_p_exc_vat: float | None
    """``None`` when a priced day in the bar has no known standing charge (a day the prices do not cover pays none,
    rather than lacks one; a day bar of such a day is ``None`` too, and its coverage says it has no prices)."""
    vat_rate: float
    priced_kwh: float
    band_shares: tuple[BandShare, ...] | None
    """Per time-of-use band; ``None`` for a single-band tariff."""
    present: int
    """Half-hours with a reading."""
    expected: int
    """Half-hours in the London days of the bar (46/50 on clock-change days)."""
    missing_rates: int
    """Half-hours with a reading but no unit rate."""
    coverage: PriceCoverage
    """The bar's days the prices cover: its £ are theirs only, and mean nothing when none is."""
    drills_down: bool = True  # the bar opens a finer level

    @property
    def total_p_inc_vat(self) -> float:
        sub = self.energy_p_exc_vat + (self.standing_p_exc_vat or 0.0)
        return sub + sub * self.vat_rate

    @property
    def standing_p_inc_vat(self) -> float | None:
        return None if self.standing_p_exc_vat is None else self.standing_p_exc_vat * (1 + self.vat_rate)

    @property
    def average_p_per_kwh_inc_vat(self) -> float | None:
        """Volume-weighted unit cost of the priced kWh [p/kWh inc VAT]."""
        if not self.priced_kwh:
            return None
        return self.energy_p_exc_vat / self.priced_kwh * (1 + self.vat_rate)

    @property
    def complete(self) -> bool:
        return self.present == self.expected and not self.missing_rates and self.standing_p_exc_vat is not None


@dataclass(frozen=True, slots=True)
class HalfHourBar:
    """One half-hour's energy cost (no standing charge) [p inc VAT]."""

    start_utc_s: int
    label: str
    kwh: float | None
    cost_p_inc_vat: float | None
    """``None`` when there is no reading or no rate."""
    rate_p_per_kwh_inc_vat: float | None
    band: str | None
    missing: str | None
    """Why there is no cost (e.g. ``"no reading"``), else ``None``."""
    drills_down: bool = False

    @property
    def key(self) -> str:
        """The half-hour's UTC start as ISO 8601: the bar's key in the chart."""
        return isoformat_utc(self.start_utc_s)

    @property
    def present(self) -> int:
        return int(self.kwh is not None)

    @property
    def complete(self) -> bool:
        return self.cost_p_inc_vat is not None


@dataclass(frozen=True, slots=True)
class TariffUse:
    """A tariff (version) and the span it priced [UTC seconds, end exclusive]: from its first day the prices cover
    to its last, both None when they cover none of its days (the tariff was in force, but priced nothing)."""

    tariff: Tariff
    priced_from_utc_s: int | None
    priced_to_utc_s: int | None


@dataclass(frozen=True, slots=True)
class StandingCharge:
    """A standing charge in force over London days ``first_day``–``last_day`` inclusive."""

    tariff_code: str
    first_day: dt.date
    last_day: dt.date
    p_per_day_inc_vat: float


@dataclass(frozen=True, slots=True)
class Assumptions:
    """What a priced figure rests on: the tariffs, VAT, standing charges, gaps and price sources."""

    tariffs: tuple[TariffUse, ...]
    regions: tuple[str, ...]
    vat: str
    standing_charges: tuple[StandingCharge, ...]
    half_hours_without_reading: int
    half_hours_without_rate: int
    days_without_standing_charge: int
    feeds: tuple[str, ...]
    """Sorted among ``"hand"``, ``"live feed"``, ``"sample feed"``."""
    sample_note: str | None
    gas_conversion: str | None
    method: str
    uncovered: tuple[tuple[dt.date, dt.date], ...] = ()
    """Runs of London days the prices do not cover (:class:`~pyruntime.pricing.coverage.PriceCoverage`): they pay
    no standing charge, so :attr:`days_without_standing_charge` does not count them."""

    @property
    def any_missing(self) -> bool:
        return bool(self.half_hours_without_reading or self.half_hours_without_rate
                    or self.days_without_standing_charge or self.uncovered)


@dataclass(frozen=True, slots=True)
class CostReport:
    """The cost (or export revenue) of one level of the drill-down, with its bill and assumptions."""

    fuel: str
    level: str
    """``"all"`` (bars are months), ``"month"`` (days) or ``"day"`` (half-hours)."""
    label: str
    bars: tuple[PeriodBar, ...] | tuple[HalfHourBar, ...]
    totals: Bill
    assumptions: Assumptions
    half_hours: HalfHourCosts
    """The bill's half-hours priced (kWh, unit rate, cost), from its first day's midnight: a chart of the same days
    draws them rather than looking the rates up again (:func:`use_and_price`)."""

    @property
    def revenue(self) -> bool:
        return self.fuel == "export"

    @property
    def measure(self) -> str:
        what = "revenue" if self.revenue else "cost"
        return {"day": f"Half-hourly energy {what}", "month": f"Daily {what}"}.get(self.level, f"Monthly {what}")

    @property
    def bar_unit(self) -> str:
        """The chart's unit: ``"p"`` for half-hours, else ``"£"``."""
        return "p" if self.level == "day" else "£"


@dataclass(frozen=True, slots=True)
class UseAndPrice:
    """One half-hour's use and the unit rate then; ``None`` where there is no reading or no rate."""

    start_utc_s: int
    kwh: float | None
    rate_p_per_kwh_inc_vat: float | None


def cost_report(series: Series, pricing: Pricing, view: View, *, gas_conversion: str | None = None) -> CostReport:
    """Cost of ``view``'s level of ``series`` under ``pricing``.

    By ``view.period.level``: ``all`` (all the data, a year, a long range): one
    bar per month; ``month`` (a month, a week, a range of days): one bar
    per day; ``day``: one bar per half-hour, energy only.
    ``gas_conversion`` describes how gas volumes became kWh, for the
    assumptions block.
    """
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    period = view.period
    first, last = period.bounds(*span)
    level = period.level
    bars: tuple[PeriodBar, ...] | tuple[HalfHourBar, ...]
    if level == "day":
        last = first
    # The bars are of the bill's days on its tariff: drawn from its pricing, not priced again.
    totals, priced = priced_bill(series, pricing, first, last)
    if level == "day":
        bars = _half_hour_bars(priced.half_hours, pricing)
    elif level == "month":
        bars = _day_bars(series, priced.half_hours, pricing, first, last, period, totals.coverage)
    else:
        bars = _month_bars(priced, pricing)
    return CostReport(fuel=series.fuel, level=level, label=period.label, bars=bars, totals=totals,
                      assumptions=cost_assumptions(pricing, totals, series.fuel, first, last, gas_conversion,
                                                   rates=priced.half_hours.rates),
                      half_hours=priced.half_hours)


def _shares(band_kwh: dict[str, float] | None) -> tuple[BandShare, ...] | None:
    if not band_kwh or len(band_kwh) < 2:
        return None
    total = add_up(band_kwh.values())
    return tuple(BandShare(b, q, q / total if total else None) for b, q in band_kwh.items())


def _band_kwh(labels, kwhs, costs, lo: int, hi: int) -> dict[str, float] | None:
    if labels is None:
        return None
    out: dict[str, float] = {}
    for i in range(lo, hi):
        if costs[i] is not None and labels[i] is not None:
            out[labels[i]] = out.get(labels[i], 0.0) + kwhs[i]
    return out


def _month_bars(priced: PricedPeriod, pricing: Pricing) -> tuple[PeriodBar, ...]:
    prep, cost, hh = priced.prepared, priced.cost, priced.half_hours  # cost: the comparison's numbers, to the bit
    labels = pricing.band_labels(prep.start, prep.count)
    bars = []
    for i, (m, (lo, hi)) in enumerate(zip(prep.months, prep.month_slices, strict=True)):
        y, mm = m.key.split("-")
        a, b = prep.month_days[i]
        # A day the prices do not cover pays no standing charge, rather than lacks a known one.
        standing = None if cost.month_days_without_standing[i] else cost.month_standing[i]
        shares = _shares(_band_kwh(labels, hh.kwh, hh.costs, lo, hi))
        bars.append(PeriodBar(m.key, f"{MONTH_NAMES[int(mm) - 1]} {y}", cost.month_energy[i], standing,
                              cost.vat_rate, cost.month_priced_kwh[i], shares,
                              m.present, m.expected, cost.month_missing_rates[i],
                              cost.coverage.within(prep.days[a][0], prep.days[b - 1][0])))
    return tuple(bars)


def _day_bars(series: Series, hh: HalfHourCosts, pricing: Pricing, first: dt.date, last: dt.date, period: Period,
              coverage: PriceCoverage) -> tuple[PeriodBar, ...]:
    """A bar per London day ``first``–``last``; ``hh``: their half-hours priced, from ``first``'s midnight."""
    start = day_bounds(first)[0]
    days = daily_totals(series, first, last)
    count = sum(d.expected for d in days)
    labels = pricing.band_labels(start, count)
    bars = []
    i = start
    lo = 0
    day_list = []
    for d in days:
        day_list.append((d.day, i))
        i += d.expected * HALF_HOUR
    charges = charged_days(standing_by_day(pricing, day_list), day_list, start, hh.rates)
    for d, charge in zip(days, charges, strict=True):
        hi = lo + d.expected
        costs = [c for c in hh.costs[lo:hi] if c is not None]
        priced_kwh = add_up(q for q, c in zip(hh.kwh[lo:hi], hh.costs[lo:hi], strict=True) if c is not None)
        missing_rates = sum(1 for q, r in zip(hh.kwh[lo:hi], hh.rates[lo:hi], strict=True)
                            if q is not None and r is None)
        bars.append(PeriodBar(d.day.isoformat(), day_label(d.day, period), add_up(costs),
                              None if charge is None else charge[1], pricing.vat_rate, priced_kwh,
                              _shares(_band_kwh(labels, hh.kwh, hh.costs, lo, hi)), d.present, d.expected,
                              missing_rates, coverage.within(d.day, d.day)))
        lo = hi
    return tuple(bars)


def _half_hour_bars(hh: HalfHourCosts, pricing: Pricing) -> tuple[HalfHourBar, ...]:
    """A bar per half-hour of one London day, priced in ``hh``."""
    start = hh.start
    labels = pricing.band_labels(start, len(hh.kwh))
    vat = 1 + pricing.vat_rate
    return tuple(
        HalfHourBar(start + i * HALF_HOUR, wall_clock_label(start + i * HALF_HOUR), q,
                    None if c is None else c * vat, None if r is None else r * vat,
                    None if labels is None else labels[i], hh.why_missing(i))
        for i, (q, r, c) in enumerate(zip(hh.kwh, hh.rates, hh.costs, strict=True))
    )


def half_hour_prices(series: Series, pricing: Pricing, first: dt.date, last: dt.date) -> tuple[UseAndPrice, ...]:
    """Each half-hour from London day ``first`` to ``last``: its kWh and the unit rate then [p/kWh inc VAT].

    For drawing use over price.
    """
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    return use_and_price(price_series(series, pricing, start, end))


def use_and_price(hh: HalfHourCosts) -> tuple[UseAndPrice, ...]:
    """Each half-hour priced in ``hh``: its kWh and the unit rate then [p/kWh inc VAT]."""
    vat = 1 + hh.vat_rate
    return tuple(UseAndPrice(hh.start + i * HALF_HOUR, q, None if r is None else r * vat)
                 for i, (q, r) in enumerate(zip(hh.kwh, hh.rates, strict=True)))


def _rated_use(tariff: Tariff, start: int, end: int, rates: Sequence[float | None] | None = None) -> TariffUse:
    """``tariff``, in force over ``[start, end)``, cut to its first and last half-hour with a unit rate: a feed that
    starts mid-period (Octopus Flux, from 14 Feb 2023) prices nothing before, and the panel must not claim it did.

    ``rates``: the tariff's unit rate of each half-hour of ``[start, end)`` when already looked up."""
    if rates is None:
        rates = tariff.unit_rates(start, (end - start) // HALF_HOUR)
    rated = [i for i, r in enumerate(rates) if r is not None]
    if not rated:
        return TariffUse(tariff, None, None)
    return TariffUse(tariff, start + rated[0] * HALF_HOUR, start + (rated[-1] + 1) * HALF_HOUR)


def cost_assumptions(pricing: Pricing, totals: Bill, fuel: str, first: dt.date, last: dt.date,
                     gas: str | None, *, rates: Sequence[float | None] | None = None) -> Assumptions:
    """What pricing London days ``first``–``last`` of ``fuel`` rested on, for the assumptions panel.

    ``rates``: each half-hour's unit rate from ``first``'s midnight as the bill looked them up
    (:attr:`PricedPeriod.half_hours`), so that they are not looked up again; without them they are.
    """
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    if isinstance(pricing, TariffHistory):
        used = [(lo, hi, t) for lo, hi, t in pricing.segments(start, end)]
    else:
        used = [(start, end, pricing)]
    sources = {"hand" if t.source == "hand" else "sample feed" if t.sample else "live feed" for _, _, t in used}
    vat = pricing.vat_rate
    return Assumptions(
        # A history's rates are its agreements' own, each over its segment (``TariffHistory.unit_rates``).
        tariffs=tuple(_rated_use(t, lo, hi, None if rates is None else
                                 rates[(lo - start) // HALF_HOUR:(hi - start) // HALF_HOUR]) for lo, hi, t in used),
        regions=tuple(sorted({t.region for _, _, t in used if t.region})),
        vat="No VAT on export payments." if fuel == "export"
        else f"VAT at {vat * 100:g}% on energy and standing charges together.",
        standing_charges=tuple(StandingCharge(ln.tariff_code, ln.first_day, ln.last_day, ln.p_per_day * (1 + vat))
                               for ln in totals.standing_lines),
        half_hours_without_reading=totals.missing_readings,
        half_hours_without_rate=totals.missing_rates,
        days_without_standing_charge=totals.days_without_standing,
        feeds=tuple(sorted(sources)),
        sample_note="Sample feeds are bundled, partly synthesised prices: good for trying the site, "
        "not for your real bill." if "sample feed" in sources else None,
        gas_conversion=(gas or "gas readings are taken as kWh as supplied") if fuel == "gas" else None,
        method=f"{'Revenue uses' if fuel == 'export' else 'Costs use'} your recorded half-hours; gaps are left out, "
               "never filled.",
        uncovered=totals.coverage.uncovered,
    )
