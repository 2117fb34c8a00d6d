"""Navigation pieces every drill-down report shares: fuel tabs, breadcrumbs, pager."""

from __future__ import annotations

import datetime as dt

from ..household import Household
from ..timeseries.londontime import MONTH_NAMES
from ..timeseries.series import FUEL_LABELS
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
    """All months › month › day, each a link to that level."""
    base = {k: v for k, v in view.as_params().items() if k not in ("month", "day")}
    out = [{"label": "All months", "params": base}]
    if view.month:
        y, m = view.month.split("-")
        out.append({"label": f"{MONTH_NAMES[int(m) - 1]} {y}", "params": {**base, "month": view.month}})
    if view.day:
        d = dt.date.fromisoformat(view.day)
        out.append({"label": f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
                    "params": {**base, "month": view.month, "day": view.day}})
    return out


def pager(view: View, first: dt.date, last: dt.date) -> dict:
    """Previous, up and next views within the data's span."""
    return navigation(view, first, last)


def drill(view: View, level: str, key: str) -> dict:
    """The view one level down from a bar: a month bar opens the month, a day bar the day."""
    params = view.as_params()
    if level == "all":
        return {**params, "month": key}
    return {**params, "month": key[:7], "day": key}


LEVEL_COLUMN = {"all": "Month", "month": "Day", "day": "Half-hour starting"}
"""The first column's heading in a drill-down table, by level."""


def drill_bars(view: View, level: str, bars: list[dict], missing_note: str) -> list[dict]:
    """Chart bars from a drill-down report's bars: each links one level down and notes missing data."""
    return [
        {
            "key": bar["key"],
            "label": bar["label"],
            "value": bar["value"],
            "complete": bar["complete"],
            "drill": drill(view, level, bar["key"]) if bar["drill"] else None,
            "note": "" if bar["complete"] else missing_note,
        }
        for bar in bars
    ]
