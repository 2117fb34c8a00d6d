"""Which report view the URL asks for, made valid against the data loaded.

The URL is user input: anything in it may be wrong or stale. Rather than
failing, the view falls back to the nearest valid one and says why, so a
bookmark always opens something sensible.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import NotLoaded
from ..timeseries.series import FUEL_LABELS

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class View:
    """Report settings, exactly what the URL carries (never data, never credentials)."""

    report: str = "consumption"
    fuel: str = "electricity"
    month: str | None = None  # "YYYY-MM": drill into this London month
    day: str | None = None  # "YYYY-MM-DD": drill into this London day
    extra: tuple[tuple[str, str], ...] = ()  # report-specific settings, e.g. (("tariff", "agile"),)
    # The same settings typed, as the report's ``settings`` made them from the URL (None for reports without).
    settings: Any = field(default=None, compare=False, repr=False)

    def as_params(self) -> dict[str, str]:
        """The URL query parameters for this view, in a stable order."""
        params = {"report": self.report, "fuel": self.fuel}
        if self.month:
            params["month"] = self.month
        if self.day:
            params["day"] = self.day
        params.update(self.extra)
        return params

    def get(self, key: str, default: str | None = None) -> str | None:
        """A report-specific setting."""
        return dict(self.extra).get(key, default)


def resolve_view(
    params: dict[str, str], spans: dict[str, tuple[dt.date, dt.date]], reports: tuple[str, ...] = ("consumption",)
) -> tuple[View, list[str]]:
    """The valid :class:`View` nearest to URL ``params``, and notices for the user.

    ``spans`` maps each fuel with data to its first and last London day;
    ``reports`` names the reports that exist (the first is the fallback).
    Report-specific settings are left for the report to check.
    """
    if not spans:
        raise NotLoaded("no data is loaded")
    notices: list[str] = []
    report = params.get("report") or reports[0]
    if report not in reports:
        notices.append(f"There is no report called “{report}”; showing {reports[0]} instead.")
        report = reports[0]
    fuel = params.get("fuel") or next(iter(spans))
    if fuel not in spans:
        fallback = next(iter(spans))
        known = "has no data" if fuel in FUEL_LABELS else "is not a fuel we know"
        notices.append(f"“{fuel}” {known}; showing {FUEL_LABELS[fallback].lower()} instead.")
        fuel = fallback
    first, last = spans[fuel]
    view = View(report=report, fuel=fuel)
    day = _resolve_day(params.get("day"), first, last, notices)
    if day:
        return replace(view, month=day[:7], day=day), notices
    month = _resolve_month(params.get("month"), first, last, notices)
    return replace(view, month=month), notices


def _resolve_month(raw: str | None, first: dt.date, last: dt.date, notices: list[str]) -> str | None:
    if not raw:
        return None
    m = _MONTH.match(raw)
    if not m or not 1 <= int(m.group(2)) <= 12:
        notices.append(f"“{raw}” is not a month (expected YYYY-MM); showing all months instead.")
        return None
    wanted = dt.date(int(m.group(1)), int(m.group(2)), 1)
    lo, hi = first.replace(day=1), last.replace(day=1)
    nearest = min(max(wanted, lo), hi)
    if nearest != wanted:
        notices.append(f"There is no data for {raw}; showing the nearest month with data instead.")
    return nearest.strftime("%Y-%m")


def _resolve_day(raw: str | None, first: dt.date, last: dt.date, notices: list[str]) -> str | None:
    if not raw:
        return None
    try:
        wanted = dt.date.fromisoformat(raw)
        if len(raw) != 10:
            raise ValueError
    except ValueError:
        notices.append(f"“{raw}” is not a date (expected YYYY-MM-DD); showing the month instead.")
        return None
    nearest = min(max(wanted, first), last)
    if nearest != wanted:
        notices.append(f"There is no data for {raw}; showing the nearest day with data instead.")
    return nearest.isoformat()


def navigation(view: View, first: dt.date, last: dt.date) -> dict[str, dict[str, str] | None]:
    """Views one step up, back and forward from ``view`` within the data's span."""
    up = prev = nxt = None
    if view.day:
        d = dt.date.fromisoformat(view.day)
        up = replace(view, day=None)
        one = dt.timedelta(days=1)
        prev = _with_day(view, d - one) if d - one >= first else None
        nxt = _with_day(view, d + one) if d + one <= last else None
    elif view.month:
        y, m = (int(p) for p in view.month.split("-"))
        up = replace(view, month=None)
        before = dt.date(y - (m == 1), (m - 2) % 12 + 1, 1)
        after = dt.date(y + (m == 12), m % 12 + 1, 1)
        prev = replace(view, month=before.strftime("%Y-%m")) if before >= first.replace(day=1) else None
        nxt = replace(view, month=after.strftime("%Y-%m")) if after <= last else None
    return {k: (v.as_params() if v else None) for k, v in (("up", up), ("prev", prev), ("next", nxt))}


def _with_day(view: View, d: dt.date) -> View:
    return replace(view, month=d.strftime("%Y-%m"), day=d.isoformat())
