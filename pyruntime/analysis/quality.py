"""The data-quality view of one channel: coverage, gaps, duplicates, suspicious values.

Replaces the original site's admin/gaps page. Results are frozen objects of raw
numbers (half-hour counts, kWh, instants in seconds UTC) on the same London days
as every other report; the view formats them.

Spike rule (documented so users can check it): a half-hour is a spike when
it is more than 10 × the series' 99th-percentile half-hour AND more than a
floor no home plausibly reaches in 30 minutes: 5 kWh for electricity import
or export (10 kW sustained), 25 kWh for gas (a 50 kW boiler flat out).
Spikes are flagged, never removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..fileformats.model import ImportReport
from ..timeseries.aggregate import DayTotal, PeriodTotal, daily_totals, group_by_month, series_days
from ..timeseries.londontime import HALF_HOUR
from ..timeseries.series import Series
from .gaps import gap_runs

SPIKE_MULTIPLE = 10.0  # [-] × the 99th-percentile half-hour
SPIKE_FLOOR = {"electricity": 5.0, "export": 5.0, "gas": 25.0}  # [kWh per half-hour]
MAX_LISTED = 500  # gaps and flagged values listed; counts are always complete


@dataclass(frozen=True)
class Gap:
    """A run of missing half-hours, from ``start_utc_s`` to ``end_utc_s`` (exclusive) [s, UTC]."""

    start_utc_s: int
    end_utc_s: int
    half_hours: int


@dataclass(frozen=True)
class Reading:
    """One half-hour starting at ``start_utc_s`` [s, UTC] holding ``kwh`` [kWh]."""

    start_utc_s: int
    kwh: float


@dataclass(frozen=True)
class QualityReport:
    """Coverage, gaps, duplicates and suspicious values of one fuel's readings.

    Lists (``gaps``, ``negatives``, ``spikes``) stop at :data:`MAX_LISTED`; the
    ``*_count`` fields are always complete.
    """

    fuel: str
    first_day: dt.date
    last_day: dt.date
    present: int  # [half-hours]
    expected: int  # [half-hours]
    calendar: tuple[DayTotal, ...]
    gaps: tuple[Gap, ...]
    gap_count: int
    missing_half_hours: int
    duplicates_removed: int
    duplicates_conflicting: int
    sentinels_dropped: int
    negatives: tuple[Reading, ...]
    negative_count: int
    spikes: tuple[Reading, ...]
    spike_count: int
    spike_threshold_kwh: float
    spike_rule: str
    incomplete_months: tuple[PeriodTotal, ...]  # keyed "YYYY-MM"
    months_without_data: tuple[str, ...]

    @property
    def coverage(self) -> float:
        """Share of half-hours with a reading [0–1]."""
        return self.present / self.expected if self.expected else 0.0

    @property
    def partial_history(self) -> bool:
        return bool(self.incomplete_months)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already-sorted values (``q`` in 0–100)."""
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, -(-len(sorted_values) * int(q * 100) // 10000) - 1))
    return sorted_values[k]


def spikes(series: Series) -> tuple[tuple[Reading, ...], float]:
    """``(spikes, threshold [kWh])`` under the module's spike rule."""
    present = sorted(v for v in series.values if v is not None and v > 0)
    p99 = percentile(present, 99.0)
    threshold = max(SPIKE_MULTIPLE * p99, SPIKE_FLOOR.get(series.fuel, 5.0))
    out = tuple(Reading(series.start + i * HALF_HOUR, v) for i, v in enumerate(series.values)
                if v is not None and v > threshold)
    return out, threshold


def quality_report(series: Series, *imported: ImportReport) -> QualityReport | None:
    """Coverage calendar, gaps, duplicates, suspicious values and incomplete months for ``series`` [kWh].

    ``imported``: what the importer did to each file the series was read from; their duplicates and meter
    error codes are summed. ``None`` when the series holds no readings at all.
    """
    span = series_days(series)
    if span is None:
        return None
    days = daily_totals(series, *span)
    months = group_by_month(days)
    gaps = gap_runs(series)
    spike_list, threshold = spikes(series)
    negatives = [Reading(series.start + i * HALF_HOUR, v) for i, v in enumerate(series.values)
                 if v is not None and v < 0]
    return QualityReport(
        fuel=series.fuel,
        first_day=span[0],
        last_day=span[1],
        present=sum(d.present for d in days),
        expected=sum(d.expected for d in days),
        calendar=tuple(days),
        gaps=tuple(Gap(a, b, n) for a, b, n in gaps[:MAX_LISTED]),
        gap_count=len(gaps),
        missing_half_hours=sum(n for _, _, n in gaps),
        duplicates_removed=sum(r.duplicates_identical for r in imported),
        duplicates_conflicting=sum(r.duplicates_conflicting for r in imported),
        sentinels_dropped=sum(r.sentinels for r in imported),
        negatives=tuple(negatives[:MAX_LISTED]),
        negative_count=len(negatives),
        spikes=spike_list[:MAX_LISTED],
        spike_count=len(spike_list),
        spike_threshold_kwh=threshold,
        spike_rule=(
            f"more than {SPIKE_MULTIPLE:g} × the 99th-percentile half-hour and more than "
            f"{SPIKE_FLOOR.get(series.fuel, 5.0):g} kWh in one half-hour"
        ),
        incomplete_months=tuple(m for m in months if not m.complete),
        months_without_data=tuple(m.key for m in months if m.present == 0),
    )
