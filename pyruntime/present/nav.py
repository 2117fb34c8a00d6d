"""Navigation pieces every drill-down report shares: fuel tabs, breadcrumbs, pager."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from ..household import Household
from ..timeseries.londontime import MONTH_NAMES  # noqa: F401  (reports import it from here)
from ..timeseries.series import FUEL_LABELS
from . import blocks as b
from .period import ALL, DAY, KIND_LABELS, KINDS, MONTH, RANGE, WEEK, YEAR, Period
from .view import View, navigation


def fuel_tabs(household: Household, view: View, fuels: tuple[str, ...]) -> list[dict]:
    """A tab per fuel the household has and the report supports, keeping the period."""
    out = []
    for fuel in household.fuels():
        if fuel in fuels:
            params = {**view.as_params(), "fuel": fuel}
            out.append({"label": FUEL_LABELS[fuel], "params": params, "current": fuel == view.fuel})
    return out


def crumbs(view: View) -> list[dict]:
    """All data › year or month › week or day, each a link to that level."""
    period = view.period
    out = [{"label": "All data", "params": view.with_period(Period()).as_params()}]
    if period.kind in (MONTH, WEEK, DAY):
        out.append({"label": Period.of(MONTH, period.start).label,
                    "params": view.with_period(Period.of(MONTH, period.start)).as_params()})
    if period.kind in (YEAR, WEEK, DAY, RANGE):
        out.append({"label": period.label, "params": view.as_params()})
    return out


def pager(view: View, first: dt.date, last: dt.date) -> dict:
    """Previous, up and next views within the data's span (None at the data's ends)."""
    return navigation(view, first, last)


def period_nav(view: View, first: dt.date, last: dt.date, kinds: tuple[str, ...] = (*KINDS, ALL)) -> dict:
    """The period switcher: the period shown, a link per kind (the one holding this period's first day with
    data) and a custom range of days as a form (``from``/``to``)."""
    period = view.period
    lo, hi = period.bounds(first, last)
    base = view.with_period(Period()).as_params()
    return {
        "label": period.label,
        "kind": period.kind,
        "kinds": [{"label": KIND_LABELS[k], "kind": k, "current": k == period.kind,
                   "params": view.with_period(period.as_kind(k, first, last)).as_params()} for k in kinds],
        "range": b.form("Custom range", base, [
            b.field("from", "From", "date", lo.isoformat(), min=first.isoformat(), max=last.isoformat()),
            b.field("to", "To (inclusive)", "date", hi.isoformat(), min=first.isoformat(), max=last.isoformat()),
        ]),
    }


def drill(view: View, level: str, key: str) -> dict:
    """The view one level down from a bar: a month bar opens the month, a day bar the day."""
    kind = MONTH if level == ALL else DAY
    return view.with_period(Period.of(kind, dt.date.fromisoformat(key[:10] if kind == DAY else key + "-01")))\
        .as_params()


LEVEL_COLUMN = {"all": "Month", "month": "Day", "day": "Half-hour starting"}
"""The first column's heading in a drill-down table, by level."""


class DrillBar(Protocol):
    """What a chart bar is made from: a report's frozen bar (e.g. :class:`~pyruntime.pricing.cost.PeriodBar`,
    :class:`~pyruntime.analysis.consumption.ConsumptionBar`)."""

    @property
    def key(self) -> str: ...  # "YYYY-MM", "YYYY-MM-DD" or a half-hour's UTC start

    @property
    def label(self) -> str: ...

    @property
    def complete(self) -> bool: ...  # no half-hour, price or charge missing

    @property
    def drills_down(self) -> bool: ...  # the bar opens a finer level


def drill_bars(view: View, level: str, bars: Sequence[DrillBar], values: Sequence[float | None],
               missing_note: str) -> list[dict]:
    """Chart bars from a drill-down report's bars and their heights (as shown, in the chart's unit).

    Each bar links one level down and notes missing data.
    """
    return [
        {
            "key": bar.key,
            "label": bar.label,
            "value": value,
            "complete": bar.complete,
            "drill": drill(view, level, bar.key) if bar.drills_down else None,
            "note": "" if bar.complete else missing_note,
        }
        for bar, value in zip(bars, values, strict=True)
    ]
