"""The consumption report: all months → one month's days → one day's half-hours.

Returns frozen result objects of raw numbers [kWh]; the report module draws them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..present.period import Period
from ..present.view import View
from ..timeseries.aggregate import DayTotal, PeriodTotal, daily_totals, group_by_month, series_days, sum_days
from ..timeseries.londontime import HALF_HOUR, MONTH_NAMES, day_bounds, isoformat_utc, wall_clock_label
from ..timeseries.series import FUEL_LABELS, Series


@dataclass(frozen=True)
class ConsumptionBar:
    """One bar: a month, a day or a half-hour (``key``: "YYYY-MM", "YYYY-MM-DD" or its UTC start).

    ``value`` is in the report's ``bar_unit`` (None when no reading at all),
    ``kwh`` the energy of the readings present [kWh]; ``drills_down`` says
    whether the bar opens a finer level.
    """

    key: str
    label: str
    value: float | None
    kwh: float | None
    present: int
    expected: int
    complete: bool
    drills_down: bool


@dataclass(frozen=True)
class ConsumptionTotals:
    """The shown period's energy [kWh], daily average [kWh/day] and half-hour counts."""

    kwh: float
    average_daily_kwh: float | None
    present: int
    expected: int
    days: int
    complete: bool

    @property
    def missing(self) -> int:
        """Half-hours without a reading."""
        return self.expected - self.present


@dataclass(frozen=True)
class ConsumptionReport:
    """Energy of one fuel over the shown period, one bar per month, day or half-hour (``level``)."""

    fuel: str
    level: str
    label: str
    measure: str
    bar_unit: str
    bars: tuple[ConsumptionBar, ...]
    totals: ConsumptionTotals

    @property
    def fuel_label(self) -> str:
        return FUEL_LABELS[self.fuel]


def consumption_report(series: Series, view: View) -> ConsumptionReport:
    """Energy for ``view``'s period of ``series`` [kWh], with totals and gaps.

    By ``view.period.level``: ``all`` (all the data, a year, a long range): one
    bar per month, average daily use normalised for missing half-hours
    (kWh × half-hours expected ÷ half-hours present ÷ days) [kWh/day]; ``month`` (a month, a week, a
    range of days): one bar per day, the day's total [kWh]; ``day``: one bar
    per half-hour [kWh], 46 or 50 on clock-change days.
    """
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    period = view.period
    if period.level == "day":
        return _day_level(series, view, period.bounds(*span)[0])
    first, last = period.bounds(*span)
    days = daily_totals(series, first, last)
    if period.level == "month":
        return _month_level(series.fuel, view, days)
    return _all_level(series.fuel, view, days)


def _all_level(fuel: str, view: View, days: list[DayTotal]) -> ConsumptionReport:
    months = group_by_month(days)
    bars = [_month_bar(m) for m in months]
    return _report(fuel, "all", view.period.label, bars, sum_days("all", days),
                   measure="Average daily use", bar_unit="kWh/day")


def _month_level(fuel: str, view: View, days: list[DayTotal]) -> ConsumptionReport:
    bars = [
        ConsumptionBar(key=d.day.isoformat(), label=day_label(d.day, view.period),
                       value=_kwh(d.kwh) if d.present else None, kwh=_kwh(d.kwh), present=d.present,
                       expected=d.expected, complete=d.complete, drills_down=True)
        for d in days
    ]
    return _report(fuel, "month", view.period.label, bars, sum_days(view.month or "period", days),
                   measure="Daily use", bar_unit="kWh")


def day_label(day: dt.date, period: Period) -> str:
    """A day bar's label: ``6 Mar``, with the weekday in a week (``Mon 6 Mar``)."""
    text = f"{day.day} {MONTH_NAMES[day.month - 1]}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if period.kind == "week" else text


def _day_level(series: Series, view: View, day: dt.date) -> ConsumptionReport:
    start, end = day_bounds(day)
    values = series.window(start, end)
    bars = []
    for i, v in enumerate(values):
        t = start + i * HALF_HOUR
        bars.append(ConsumptionBar(
            key=isoformat_utc(t),
            # On the day clocks go back, 01:00 and 01:30 happen twice: the
            # offset tells them apart.
            label=wall_clock_label(t),
            value=None if v is None else _kwh(v),
            kwh=None if v is None else _kwh(v),
            present=int(v is not None),
            expected=1,
            complete=v is not None,
            drills_down=False,
        ))
    present = sum(b.present for b in bars)
    kwh = sum(v for v in values if v is not None)
    totals = PeriodTotal(day.isoformat(), kwh, present, len(values), 1)
    label = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return _report(series.fuel, "day", label, bars, totals, measure="Half-hourly use", bar_unit="kWh")


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _month_bar(m: PeriodTotal) -> ConsumptionBar:
    y, mm = m.key.split("-")
    avg = m.average_daily_kwh
    return ConsumptionBar(key=m.key, label=f"{MONTH_NAMES[int(mm) - 1]} {y}",
                          value=None if avg is None else _kwh(avg), kwh=_kwh(m.kwh), present=m.present,
                          expected=m.expected, complete=m.complete, drills_down=True)


def _report(fuel: str, level: str, label: str, bars: list[ConsumptionBar], totals: PeriodTotal,
            *, measure: str, bar_unit: str) -> ConsumptionReport:
    return ConsumptionReport(
        fuel=fuel, level=level, label=label, measure=measure, bar_unit=bar_unit, bars=tuple(bars),
        totals=ConsumptionTotals(
            kwh=_kwh(totals.kwh),
            average_daily_kwh=None if totals.average_daily_kwh is None else _kwh(totals.average_daily_kwh),
            present=totals.present, expected=totals.expected, days=totals.days, complete=totals.complete))


def _kwh(x: float) -> float:
    # Sums of 0.001 kWh readings pick up binary noise (12.340000000000002);
    # six decimals removes it and keeps CPython and Pyodide output identical.
    return round(x, 6)
