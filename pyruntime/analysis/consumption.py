"""The consumption report: all months → one month's days → one day's half-hours.

Returns plain JSON-able dicts; the page only draws them.
"""

from __future__ import annotations

import datetime as dt

from ..present.view import View
from ..timeseries.aggregate import DayTotal, PeriodTotal, daily_totals, group_by_month, series_days, sum_days
from ..timeseries.londontime import HALF_HOUR, MONTH_NAMES, day_bounds, isoformat_utc, month_bounds, wall_clock_label
from ..timeseries.series import FUEL_LABELS, Series


def consumption_report(series: Series, view: View) -> dict:
    """Energy for ``view``'s level of ``series`` [kWh], with totals and gaps.

    ``view.month`` unset: one bar per month, average daily use normalised for
    missing half-hours (48 × kWh ÷ half-hours present) [kWh/day].
    ``view.month`` set: one bar per day of that month, the day's total [kWh].
    ``view.day`` set: one bar per half-hour [kWh]; 46 or 50 on clock-change days.
    """
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    if view.day:
        return _day_level(series, view)
    first, last = span
    if view.month:
        first, last = _month_span(view.month, first, last)
    days = daily_totals(series, first, last)
    if view.month:
        return _month_level(series.fuel, view, days)
    return _all_level(series.fuel, view, days)


def _month_span(month: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    start, end = month_bounds(month)
    return max(start, first), min(end, last)


def _all_level(fuel: str, view: View, days: list[DayTotal]) -> dict:
    months = group_by_month(days)
    bars = [_month_bar(m) for m in months]
    return _report(fuel, view, "all", "All data", bars, sum_days("all", days),
                   measure="Average daily use", bar_unit="kWh/day")


def _month_level(fuel: str, view: View, days: list[DayTotal]) -> dict:
    y, m = view.month.split("-")
    bars = [
        {
            "key": d.day.isoformat(),
            "label": f"{d.day.day} {MONTH_NAMES[d.day.month - 1]}",
            "value": _kwh(d.kwh) if d.present else None,
            "kwh": _kwh(d.kwh),
            "present": d.present,
            "expected": d.expected,
            "complete": d.complete,
            "drill": True,
        }
        for d in days
    ]
    label = f"{MONTH_NAMES[int(m) - 1]} {y}"
    return _report(fuel, view, "month", label, bars, sum_days(view.month, days),
                   measure="Daily use", bar_unit="kWh")


def _day_level(series: Series, view: View) -> dict:
    day = dt.date.fromisoformat(view.day)
    start, end = day_bounds(day)
    values = series.window(start, end)
    bars = []
    for i, v in enumerate(values):
        t = start + i * HALF_HOUR
        bars.append({
            "key": isoformat_utc(t),
            # On the day clocks go back, 01:00 and 01:30 happen twice: the
            # offset tells them apart.
            "label": wall_clock_label(t),
            "value": None if v is None else _kwh(v),
            "kwh": None if v is None else _kwh(v),
            "present": int(v is not None),
            "expected": 1,
            "complete": v is not None,
            "drill": False,
        })
    present = sum(b["present"] for b in bars)
    kwh = sum(v for v in values if v is not None)
    totals = PeriodTotal(view.day, kwh, present, len(values), 1)
    label = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return _report(series.fuel, view, "day", label, bars, totals, measure="Half-hourly use", bar_unit="kWh")


def _month_bar(m: PeriodTotal) -> dict:
    y, mm = m.key.split("-")
    avg = m.average_daily_kwh
    return {
        "key": m.key,
        "label": f"{MONTH_NAMES[int(mm) - 1]} {y}",
        "value": None if avg is None else _kwh(avg),
        "kwh": _kwh(m.kwh),
        "present": m.present,
        "expected": m.expected,
        "complete": m.complete,
        "drill": True,
    }


def _report(fuel: str, view: View, level: str, label: str, bars: list[dict], totals: PeriodTotal,
            *, measure: str, bar_unit: str) -> dict:
    return {
        "report": "consumption",
        "fuel": fuel,
        "fuel_label": FUEL_LABELS[fuel],
        "unit": "kWh",
        "level": level,
        "label": label,
        "view": view.as_params(),
        "measure": measure,
        "bar_unit": bar_unit,
        "bars": bars,
        "totals": {
            "kwh": _kwh(totals.kwh),
            "average_daily_kwh": None if totals.average_daily_kwh is None else _kwh(totals.average_daily_kwh),
            "present": totals.present,
            "expected": totals.expected,
            "missing": totals.expected - totals.present,
            "days": totals.days,
            "complete": totals.complete,
        },
    }


def _kwh(x: float) -> float:
    # Sums of 0.001 kWh readings pick up binary noise (12.340000000000002);
    # six decimals removes it and keeps CPython and Pyodide output identical.
    return round(x, 6)
