"""Which report view the URL asks for, made valid against the data loaded.

The URL is user input: anything in it may be wrong or stale. Rather than
failing, the view falls back to the nearest valid one and says why, so a
bookmark always opens something sensible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import NotLoaded
from ..timeseries.series import FUEL_LABELS
from .period import DAY, MONTH, Period


@dataclass(frozen=True, slots=True)
class View:
    """Report settings, exactly what the URL carries (never data, never credentials)."""

    report: str = "consumption"
    fuel: str = "electricity"
    month: str | None = None  # "YYYY-MM": drill into this London month (also set for a day)
    day: str | None = None  # "YYYY-MM-DD": drill into this London day
    extra: tuple[tuple[str, str], ...] = ()  # report-specific settings, e.g. (("tariff", "agile"),)
    # The same settings typed, as the report's ``settings`` made them from the URL (None for reports without).
    settings: Any = field(default=None, compare=False, repr=False)
    # The period shown (see present/period.py); made from ``month``/``day`` when not given.
    period: Period | None = None

    def __post_init__(self) -> None:
        if self.period is None:
            if self.day:
                period = Period.of(DAY, dt.date.fromisoformat(self.day))
            elif self.month:
                period = Period.of(MONTH, dt.date.fromisoformat(self.month + "-01"))
            else:
                period = Period()
            object.__setattr__(self, "period", period)

    def as_params(self) -> dict[str, str]:
        """The URL query parameters for this view, in a stable order."""
        params = {"report": self.report, "fuel": self.fuel}
        params.update(self.period.to_params())
        params.update(self.extra)
        return params

    def get(self, key: str, default: str | None = None) -> str | None:
        """A report-specific setting."""
        return dict(self.extra).get(key, default)

    def with_period(self, period: Period) -> View:
        """This view showing ``period`` instead (``month``/``day`` follow it)."""
        return replace(self, period=period, **_legacy(period))


def _legacy(period: Period) -> dict[str, str | None]:
    """``month`` and ``day`` as reports that predate periods read them."""
    if period.kind == DAY:
        return {"month": f"{period.start:%Y-%m}", "day": period.start.isoformat()}
    if period.kind == MONTH:
        return {"month": f"{period.start:%Y-%m}", "day": None}
    return {"month": None, "day": None}


def resolve_view(
    params: dict[str, str], spans: dict[str, tuple[dt.date, dt.date]], reports: tuple[str, ...] = ("consumption",),
    *, ranges: bool = True, uncovered: tuple[str, ...] = (), report_label: str = "report",
) -> tuple[View, list[str]]:
    """The valid :class:`View` nearest to URL ``params``, and notices for the user.

    ``spans`` maps each fuel with data to its first and last London day;
    ``reports`` names the reports that exist (the first is the fallback).
    ``ranges`` False leaves ``from``/``to`` to the report (bill, compare).
    ``uncovered`` names fuels the data has that the report (``report_label``)
    does not show, so asking for one says so rather than that it has no data.
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
        showing = f"showing {FUEL_LABELS[fallback].lower()} instead."
        if fuel in uncovered:
            covered = " and ".join(FUEL_LABELS[f].lower() for f in spans)
            notices.append(f"The {report_label.lower()} report covers {covered}, not "
                           f"{FUEL_LABELS[fuel].lower()}; {showing}")
        else:
            known = "has no data" if fuel in FUEL_LABELS else "is not a fuel we know"
            notices.append(f"“{fuel}” {known}; {showing}")
        fuel = fallback
    first, last = spans[fuel]
    period, more = Period.from_params(params, first, last, ranges=ranges)
    return View(report=report, fuel=fuel).with_period(period), notices + more


def navigation(view: View, first: dt.date, last: dt.date) -> dict[str, dict[str, str] | None]:
    """Views one step up, back and forward from ``view`` within the data's span."""
    period = view.period
    up, prev, nxt = period.up(), period.step(-1, first, last), period.step(1, first, last)
    return {k: (view.with_period(p).as_params() if p else None) for k, p in (("up", up), ("prev", prev), ("next", nxt))}
