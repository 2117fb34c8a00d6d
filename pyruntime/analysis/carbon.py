"""The emissions report: your electricity's carbon on your region's half-hourly intensity.

Beside your own emissions it shows the same kWh on the period's flat average
intensity and on a typical home's daily shape, the carbon timing score, and
a "shift X % into the greenest hours" what-if. Gas has its own, simpler
report on a fixed emission factor.
"""

from __future__ import annotations

import datetime as dt

from ..timeseries.aggregate import daily_totals, group_by_month, series_days, sum_days
from ..timeseries.londontime import HALF_HOUR, day_bounds, isoformat_local, isoformat_utc
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

INTENSITY_LABELS = {
    "forecast": "the grid operator's published half-hourly forecast intensity for your region",
    "actual": "the grid operator's half-hourly actual intensity (national)",
}

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


def emissions_report(series: Series, intensity: IntensitySeries, *, shift_percent: float = 20.0,
                     day: str | None = None, period: tuple[dt.date, dt.date] | None = None,
                     half_hours: tuple[dt.date, dt.date] | None = None) -> dict:
    """Emissions of ``series`` on ``intensity`` [kgCO2e] by year, month and day.

    ``shift_percent`` [%] is the share of each day's use the what-if moves
    into that day's greenest half-hours (0–100). ``day`` ("YYYY-MM-DD")
    adds that London day's half-hours; ``half_hours`` (first and last day)
    adds every half-hour of a run of days (a week). ``period`` (first and
    last day) adds ``period``: its totals, months and days.
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
    report = {
        "report": "emissions",
        "fuel": series.fuel,
        "fuel_label": FUEL_LABELS[series.fuel],
        "unit": "kgCO2e",
        "intensity": {
            "region": intensity.region,
            "kind": intensity.kind,
            "label": INTENSITY_LABELS[intensity.kind],
            "first": isoformat_utc(intensity.start) if intensity.values else None,
            "end": isoformat_utc(intensity.end) if intensity.values else None,
        },
        "method": METHOD,
        "totals": _tally(total),
        "years": [_tally(t) for t in group_tallies(days, 4)],
        "months": [_tally(t) for t in group_tallies(days, 7)],
        "days": [_tally(t) for t in days],
        "shift": _shift(total, shift_percent),
    }
    if period:
        lo, hi = period[0].isoformat(), period[1].isoformat()
        inside = [t for t in days if lo <= t.key <= hi]
        report["period"] = {"totals": _tally(sum_tallies(f"{lo}/{hi}", inside)),
                            "months": [_tally(t) for t in group_tallies(inside, 7)],
                            "days": [_tally(t) for t in inside]}
    if day:
        report["half_hours"] = _half_hours(series, intensity, dt.date.fromisoformat(day))
    elif half_hours:
        d, report["half_hours"] = half_hours[0], []
        while d <= half_hours[1]:
            report["half_hours"] += _half_hours(series, intensity, d)
            d += dt.timedelta(days=1)
    return report


def _tally(t: CarbonTally) -> dict:
    return {
        "key": t.key,
        "kwh": _r(t.kwh),
        "kg": _r(t.grams / 1000),
        "your_intensity": _g(t.your_intensity),
        "average_intensity": _g(t.average_intensity),
        "profile_intensity": _g(t.profile_intensity),
        "flat_kg": None if t.flat_grams is None else _r(t.flat_grams / 1000),
        "profile_kg": _r(t.profile_grams / 1000),
        "timing_score_percent": _pct(t.timing_score),
        "kwh_without_intensity": _r(t.kwh_uncounted),
        "half_hours": {
            "expected": t.expected,
            "counted": t.counted,
            "missing_consumption": t.expected - t.kwh_present,
            "missing_intensity": t.expected - t.intensity_present,
        },
        "complete": t.counted == t.expected,
    }


def _shift(t: CarbonTally, percent: float) -> dict:
    saving = t.grams - t.shifted_grams
    return {
        "percent": percent,
        "kwh_moved": _r(t.kwh_shifted),
        "kg_before": _r(t.grams / 1000),
        "kg_after": _r(t.shifted_grams / 1000),
        "saving_kg": _r(saving / 1000),
        "saving_percent": _pct(saving / t.grams * 100 if t.grams > 0 else None),
        "rule": SHIFT_RULE,
    }


def _half_hours(series: Series, intensity: IntensitySeries, day: dt.date) -> list[dict]:
    start, end = day_bounds(day)
    kwh = series.window(start, end)
    ci = intensity.window(start, end)
    grams = half_hour_grams(kwh, ci)
    return [
        {
            "start": isoformat_utc(start + n * HALF_HOUR),
            "local": isoformat_local(start + n * HALF_HOUR),
            "kwh": None if q is None else _r(q),
            "intensity": None if i is None else _g(i),
            "kg": None if g is None else _r(g / 1000),
        }
        for n, (q, i, g) in enumerate(zip(kwh, ci, grams, strict=True))
    ]


def gas_emissions_report(series: Series, factor: GasFactor = GAS_FACTOR) -> dict:
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

    def row(key: str, kwh: float, present: int, expected: int) -> dict:
        return {"key": key, "kwh": _r(kwh), "kg": _r(kwh * factor.kg_per_kwh), "present": present,
                "expected": expected, "missing": expected - present, "complete": present == expected}

    total = sum_days("all", days)
    return {
        "report": "gas_emissions",
        "fuel": "gas",
        "unit": "kgCO2e",
        "factor": {"kg_per_kwh": factor.kg_per_kwh, "source": factor.source, "note": factor.note},
        "totals": row("all", total.kwh, total.present, total.expected),
        "years": [row(k, p.kwh, p.present, p.expected) for k, p in
                  ((k, sum_days(k, v)) for k, v in years.items())],
        "months": [row(m.key, m.kwh, m.present, m.expected) for m in months],
        "days": [row(d.day.isoformat(), d.kwh, d.present, d.expected) for d in days],
    }


def _r(x: float) -> float:
    # Six decimals drop binary noise and keep CPython and Pyodide output identical.
    return round(x, 6)


def _g(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _pct(x: float | None) -> float | None:
    return None if x is None else round(x, 2)
