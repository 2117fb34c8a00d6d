"""The profile report: when in the day a home uses energy, and what stands out.

Average day by weekday/weekend and season against a typical home, the
load-distribution view, baseload with its yearly cost (electricity), the
overnight-minimum check (gas), and unusual days. The date × half-hour
heatmap is its own report (:func:`heatmap_report`): it is large, and only the
heatmap view needs it. Results are frozen objects of raw numbers; the view
rounds and words them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..timeseries.aggregate import daily_totals, series_days
from ..timeseries.series import FUEL_LABELS, Series
from . import anomalies, baseload, overnight_gas
from .anomalies import UnusualDay
from .baseload import Baseload
from .domestic_profile import SOURCE as PROFILE_SOURCE
from .localdays import SLOTS
from .overnight_gas import OvernightCheck
from .profiles import AverageDay, Bucket, average_days, load_distribution
from .slotgrid import slot_grid

CLOCK_CHANGE_NOTE = ("Times are London wall-clock. On the day clocks go forward, 01:00–02:00 does not exist and "
                     "adds nothing; on the day they go back it happens twice and its two readings are averaged.")
TYPICAL_METHOD = "A typical home's daily shape for the same days, scaled to your average day's total. " + PROFILE_SOURCE
DISTRIBUTION_METHOD = "All half-hours with a reading, ranked by use and cut into 20 equal-count buckets, highest first."
EXPORT_DISTRIBUTION_METHOD = ("All half-hours with a reading, ranked by export and cut into 20 equal-count buckets, "
                              "highest first.")
BASELOAD_METHOD = ("Each night, the mean of the three lowest half-hours between 00:00 and 05:00 (needs six "
                   "readings); the median over all nights, as power. Running all year at that power gives the "
                   "yearly energy and cost.")
UNUSUAL_METHOD = (f"Each complete day against complete days on the same weekday within "
                  f"{anomalies.WINDOW_DAYS // 7} weeks either side: robust z = 0.6745 × (kWh − median) ÷ MAD; "
                  f"|z| > {anomalies.THRESHOLD} is unusual.")
GAS_ADVICE = ("Gas used between 01:00 and 05:00 on most nights can be a pilot light, frost protection or "
              "a leak. If you smell gas, call the National Gas Emergency Service on 0800 111 999.")
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class ProfileReport:
    """Patterns in one fuel's readings from ``first_day`` to ``last_day`` (London days).

    ``baseload`` is for electricity only and ``overnight_gas`` for gas only;
    either is ``None`` otherwise (baseload also when too few nights have readings).
    """

    fuel: str
    first_day: dt.date
    last_day: dt.date
    average_days: tuple[AverageDay, ...]
    buckets: tuple[Bucket, ...]
    unusual_days: tuple[UnusualDay, ...]
    days_scored: int
    baseload: Baseload | None
    overnight_gas: OvernightCheck | None
    price_p_per_kwh: float | None  # [p/kWh inc VAT] pricing the yearly costs, when known

    @property
    def baseload_cost_per_year_p(self) -> float | None:
        """Running the baseload all year [p inc VAT]."""
        if self.baseload is None or self.price_p_per_kwh is None:
            return None
        return self.baseload.kwh_per_year * self.price_p_per_kwh

    @property
    def overnight_cost_per_year_p(self) -> float | None:
        """The typical overnight gas flow running all year [p inc VAT]."""
        og = self.overnight_gas
        if og is None or og.typical_kwh is None or self.price_p_per_kwh is None:
            return None
        return og.typical_kwh * 48 * DAYS_PER_YEAR * self.price_p_per_kwh


def profile_report(series: Series, *, price_p_per_kwh: float | None = None) -> ProfileReport:
    """Patterns in ``series``: average days, load distribution, baseload or gas check, unusual days.

    ``price_p_per_kwh`` [p/kWh, inc VAT] prices the baseload's yearly cost.
    """
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    rows = slot_grid(series, *span)
    found, scored = anomalies.unusual_days(daily_totals(series, *span))
    return ProfileReport(
        fuel=series.fuel,
        first_day=span[0],
        last_day=span[1],
        average_days=average_days(rows),
        buckets=load_distribution(series.values),
        unusual_days=found,
        days_scored=scored,
        baseload=baseload.baseload(rows) if series.fuel == "electricity" else None,
        overnight_gas=overnight_gas.overnight_check(rows) if series.fuel == "gas" else None,
        price_p_per_kwh=price_p_per_kwh,
    )


@dataclass(frozen=True)
class ClockChangeDay:
    """A London day with other than 48 half-hours (46 in spring, 50 in autumn)."""

    day: dt.date
    half_hours: int


@dataclass(frozen=True)
class HeatmapReport:
    """Date × half-hour grid: a row per London day from ``first_day``, :data:`SLOTS` wall-clock columns.

    ``values_wh`` is row-major, ``rows × 48`` long, in whole watt-hours [Wh] or
    ``None`` (no reading, or no such time that day): the meter's resolution is
    1 Wh, so nothing is lost except on the clocks-back hour, whose two readings
    are averaged.
    """

    fuel: str
    first_day: dt.date
    last_day: dt.date
    values_wh: tuple[int | None, ...]
    max_wh: int
    clock_changes: tuple[ClockChangeDay, ...]

    @property
    def rows(self) -> int:
        return len(self.values_wh) // SLOTS


def heatmap_report(series: Series) -> HeatmapReport:
    """The date × half-hour heatmap of ``series`` [Wh per cell]."""
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    rows = slot_grid(series, *span)
    values = tuple(None if v is None else round(v * 1000) for row in rows for v in row.cells)
    return HeatmapReport(
        fuel=series.fuel,
        first_day=span[0],
        last_day=span[1],
        values_wh=values,
        max_wh=max([0, *(v for v in values if v is not None)]),  # never below zero, as the colour scale starts there
        clock_changes=tuple(ClockChangeDay(r.day, r.local.count) for r in rows if r.local.count != SLOTS),
    )
