"""The emissions report: your electricity's carbon on your region's half-hourly intensity.

Beside your own emissions it shows the same kWh on the period's flat average
intensity and on a typical home's daily shape, the carbon timing score, and
a "shift X % into the greenest hours" what-if. Gas has its own, simpler
report on a fixed emission factor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..timeseries.aggregate import daily_totals, group_by_month, series_days, sum_days
from ..timeseries.londontime import HALF_HOUR, day_bounds
from ..timeseries.series import FUEL_LABELS, Series
from .domestic_profile import SOURCE as PROFILE_SOURCE
from .emissions import (
    GAS_FACTOR,
    SHIFT_RULE,
    CarbonTally,
    GasFactor,
    carbon_days,
    group_tallies,
    half_hour_grams,
    sum_tallies,
)
from .intensity import IntensitySeries

METHOD = {
    "counted": "A half-hour counts only when both your reading and the intensity exist; others are reported "
               "as missing, never filled.",
    "your_intensity": "Σ(kWh × intensity) ÷ Σ kWh over counted half-hours [gCO2/kWh].",
    "average_intensity": "Plain mean intensity over the same counted half-hours [gCO2/kWh].",
    "flat": "Your kWh at the period's average intensity: what your emissions would be if your timing did "
            "not matter.",
    "profile": "Your kWh spread each day over a typical home's daily shape. " + PROFILE_SOURCE,
    "timing_score": "(average intensity − your intensity) ÷ average intensity: positive means your use met "
                    "cleaner electricity than the period's average.",
    "shift": SHIFT_RULE,
}


@dataclass(frozen=True)
class CarbonRow:
    """Emissions of one day, month, year or span (``key``) on the grid's intensity.

    Energy in kWh, emissions in kgCO2e, intensities in gCO2/kWh, the timing
    score in %. Only half-hours with both a reading and an intensity count;
    ``kwh_without_intensity`` [kWh] is the use left out for want of one.
    """

    key: str
    kwh: float
    kg: float
    your_intensity: float | None
    average_intensity: float | None
    profile_intensity: float | None
    flat_kg: float | None
    profile_kg: float
    timing_score_percent: float | None
    kwh_without_intensity: float
    expected: int
    counted: int
    missing_consumption: int
    missing_intensity: int

    @property
    def complete(self) -> bool:
        return self.counted == self.expected


@dataclass(frozen=True)
class ShiftWhatIf:
    """Moving ``percent`` [%] of each day's use into its greenest half-hours (rule: ``SHIFT_RULE``)."""

    percent: float
    kwh_moved: float
    kg_before: float
    kg_after: float
    saving_kg: float
    saving_percent: float | None


@dataclass(frozen=True)
class CarbonHalfHour:
    """One half-hour from ``start_utc``: use [kWh], intensity [gCO2/kWh], emissions [kgCO2e]; None if absent."""

    start_utc: dt.datetime
    kwh: float | None
    intensity: float | None
    kg: float | None


@dataclass(frozen=True)
class CarbonPeriod:
    """A chosen span: its totals, months and days, and the shift what-if over its days only."""

    totals: CarbonRow
    months: tuple[CarbonRow, ...]
    days: tuple[CarbonRow, ...]
    shift: ShiftWhatIf


@dataclass(frozen=True)
class EmissionsReport:
    """Electricity emissions [kgCO2e] by year, month and day, with the shift what-if and the extras asked for."""

    fuel: str
    totals: CarbonRow
    years: tuple[CarbonRow, ...]
    months: tuple[CarbonRow, ...]
    days: tuple[CarbonRow, ...]
    shift: ShiftWhatIf
    period: CarbonPeriod | None = None
    half_hours: tuple[CarbonHalfHour, ...] | None = None


def emissions_report(series: Series, intensity: IntensitySeries, *, shift_percent: float = 20.0,
                     day: str | None = None, period: tuple[dt.date, dt.date] | None = None,
                     half_hours: tuple[dt.date, dt.date] | None = None) -> EmissionsReport:
    """Emissions of ``series`` on ``intensity`` [kgCO2e] by year, month and day.

    ``shift_percent`` [%] is the share of each day's use the what-if moves
    into that day's greenest half-hours (0–100). ``day`` ("YYYY-MM-DD")
    adds that London day's half-hours; ``half_hours`` (first and last day)
    adds every half-hour of a run of days (a week). ``period`` (first and
    last day) adds ``period``: its totals, months, days and shift what-if.
    """
    if series.fuel == "gas":
        raise ValueError("gas emissions use a fixed factor: call gas_emissions_report")
    if not 0 <= shift_percent <= 100:
        raise ValueError("the share of use to shift must be between 0 and 100 %")
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    days = carbon_days(series, intensity, *span, shift_percent=shift_percent)
    total = sum_tallies("all", days)
    chosen = None
    if period:
        lo, hi = period[0].isoformat(), period[1].isoformat()
        inside = [t for t in days if lo <= t.key <= hi]
        tally = sum_tallies(f"{lo}/{hi}", inside)
        chosen = CarbonPeriod(totals=_tally(tally),
                              months=tuple(_tally(t) for t in group_tallies(inside, 7)),
                              days=tuple(_tally(t) for t in inside),
                              shift=_shift(tally, shift_percent))
    hours = None
    if day:
        hours = _half_hours(series, intensity, dt.date.fromisoformat(day))
    elif half_hours:
        d, hours = half_hours[0], []
        while d <= half_hours[1]:
            hours += _half_hours(series, intensity, d)
            d += dt.timedelta(days=1)
    return EmissionsReport(
        fuel=series.fuel,
        totals=_tally(total),
        years=tuple(_tally(t) for t in group_tallies(days, 4)),
        months=tuple(_tally(t) for t in group_tallies(days, 7)),
        days=tuple(_tally(t) for t in days),
        shift=_shift(total, shift_percent),
        period=chosen,
        half_hours=None if hours is None else tuple(hours),
    )


def _tally(t: CarbonTally) -> CarbonRow:
    return CarbonRow(
        key=t.key,
        kwh=_r(t.kwh),
        kg=_r(t.grams / 1000),
        your_intensity=_g(t.your_intensity),
        average_intensity=_g(t.average_intensity),
        profile_intensity=_g(t.profile_intensity),
        flat_kg=None if t.flat_grams is None else _r(t.flat_grams / 1000),
        profile_kg=_r(t.profile_grams / 1000),
        timing_score_percent=_pct(t.timing_score),
        kwh_without_intensity=_r(t.kwh_uncounted),
        expected=t.expected,
        counted=t.counted,
        missing_consumption=t.expected - t.kwh_present,
        missing_intensity=t.expected - t.intensity_present,
    )


def _shift(t: CarbonTally, percent: float) -> ShiftWhatIf:
    saving = t.grams - t.shifted_grams
    return ShiftWhatIf(
        percent=percent,
        kwh_moved=_r(t.kwh_shifted),
        kg_before=_r(t.grams / 1000),
        kg_after=_r(t.shifted_grams / 1000),
        saving_kg=_r(saving / 1000),
        saving_percent=_pct(saving / t.grams * 100 if t.grams > 0 else None),
    )


def _half_hours(series: Series, intensity: IntensitySeries, day: dt.date) -> list[CarbonHalfHour]:
    start, end = day_bounds(day)
    kwh = series.window(start, end)
    ci = intensity.window(start, end)
    grams = half_hour_grams(kwh, ci)
    return [
        CarbonHalfHour(start_utc=start + n * HALF_HOUR,
                       kwh=None if q is None else _r(q),
                       intensity=None if i is None else _g(i),
                       kg=None if g is None else _r(g / 1000))
        for n, (q, i, g) in enumerate(zip(kwh, ci, grams, strict=True))
    ]


@dataclass(frozen=True)
class GasRow:
    """Gas use [kWh] and its emissions [kgCO2e] over one day, month, year or span (``key``)."""

    key: str
    kwh: float
    kg: float
    present: int
    expected: int

    @property
    def missing(self) -> int:
        """Half-hours without a reading."""
        return self.expected - self.present

    @property
    def complete(self) -> bool:
        return self.present == self.expected


@dataclass(frozen=True)
class GasEmissionsReport:
    """Gas emissions [kgCO2e] at a fixed ``factor``, by year, month and day."""

    factor: GasFactor
    totals: GasRow
    years: tuple[GasRow, ...]
    months: tuple[GasRow, ...]
    days: tuple[GasRow, ...]


def gas_emissions_report(series: Series, factor: GasFactor = GAS_FACTOR) -> GasEmissionsReport:
    """Emissions of gas use [kgCO2e] at a fixed ``factor``, by year, month and day.

    Gaps are not filled: each row says how many half-hours it rests on.
    """
    if series.fuel != "gas":
        raise ValueError("the gas emissions report needs a gas series")
    span = series_days(series)
    if span is None:
        raise ValueError("no gas data")
    days = daily_totals(series, *span)
    months = group_by_month(days)
    years: dict[str, list] = {}
    for d in days:
        years.setdefault(str(d.day.year), []).append(d)

    def row(key: str, kwh: float, present: int, expected: int) -> GasRow:
        return GasRow(key=key, kwh=_r(kwh), kg=_r(kwh * factor.kg_per_kwh), present=present, expected=expected)

    total = sum_days("all", days)
    return GasEmissionsReport(
        factor=factor,
        totals=row("all", total.kwh, total.present, total.expected),
        years=tuple(row(k, p.kwh, p.present, p.expected) for k, p in
                    ((k, sum_days(k, v)) for k, v in years.items())),
        months=tuple(row(m.key, m.kwh, m.present, m.expected) for m in months),
        days=tuple(row(d.day.isoformat(), d.kwh, d.present, d.expected) for d in days),
    )


def _r(x: float) -> float:
    # Six decimals drop binary noise and keep CPython and Pyodide output identical.
    return round(x, 6)


def _g(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _pct(x: float | None) -> float | None:
    return None if x is None else round(x, 2)
