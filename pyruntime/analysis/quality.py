"""The data-quality view of one channel: coverage, gaps, duplicates, suspicious values.

Replaces the original site's admin/gaps page. Everything is JSON-able and
rests on the same London days as every other report.

Spike rule (documented so users can check it): a half-hour is a spike when
it is more than 10 × the series' 99th-percentile half-hour AND more than a
floor no home plausibly reaches in 30 minutes: 5 kWh for electricity import
or export (10 kW sustained), 25 kWh for gas (a 50 kW boiler flat out).
Spikes are flagged, never removed.
"""

from __future__ import annotations

from ..fileformats.model import ImportReport
from ..timeseries.aggregate import daily_totals, group_by_month, series_days
from ..timeseries.londontime import HALF_HOUR, isoformat_local, isoformat_utc
from ..timeseries.series import Series
from .gaps import gap_runs

SPIKE_MULTIPLE = 10.0  # [-] × the 99th-percentile half-hour
SPIKE_FLOOR = {"electricity": 5.0, "export": 5.0, "gas": 25.0}  # [kWh per half-hour]
MAX_LISTED = 500  # gaps and flagged values listed; counts are always complete


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already-sorted values (``q`` in 0–100)."""
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, -(-len(sorted_values) * int(q * 100) // 10000) - 1))
    return sorted_values[k]


def spikes(series: Series) -> tuple[list[tuple[int, float]], float]:
    """``([(start [s, UTC], kWh)], threshold [kWh])`` under the module's spike rule."""
    present = sorted(v for v in series.values if v is not None and v > 0)
    p99 = percentile(present, 99.0)
    threshold = max(SPIKE_MULTIPLE * p99, SPIKE_FLOOR.get(series.fuel, 5.0))
    out = [(series.start + i * HALF_HOUR, v) for i, v in enumerate(series.values) if v is not None and v > threshold]
    return out, threshold


def quality_report(series: Series, imported: ImportReport | None = None) -> dict:
    """Coverage calendar, gaps, duplicates, suspicious values and incomplete months for ``series`` [kWh]."""
    span = series_days(series)
    if span is None:
        return {"fuel": series.fuel, "empty": True, "summary": "No readings."}
    days = daily_totals(series, *span)
    months = group_by_month(days)
    gaps = gap_runs(series)
    spike_list, threshold = spikes(series)
    negatives = [(series.start + i * HALF_HOUR, v) for i, v in enumerate(series.values) if v is not None and v < 0]
    present = sum(d.present for d in days)
    expected = sum(d.expected for d in days)
    incomplete = [m for m in months if not m.complete]
    return {
        "fuel": series.fuel,
        "empty": False,
        "first_day": span[0].isoformat(),
        "last_day": span[1].isoformat(),
        "present": present,
        "expected": expected,
        "coverage": present / expected if expected else 0.0,
        "calendar": [{"day": d.day.isoformat(), "present": d.present, "expected": d.expected} for d in days],
        "gaps": [_gap(a, b, n) for a, b, n in gaps[:MAX_LISTED]],
        "gap_count": len(gaps),
        "missing_half_hours": sum(n for _, _, n in gaps),
        "duplicates_removed": imported.duplicates_identical if imported else 0,
        "duplicates_conflicting": imported.duplicates_conflicting if imported else 0,
        "sentinels_dropped": imported.sentinels if imported else 0,
        "negatives": [_point(t, v) for t, v in negatives[:MAX_LISTED]],
        "negative_count": len(negatives),
        "spikes": [_point(t, v) for t, v in spike_list[:MAX_LISTED]],
        "spike_count": len(spike_list),
        "spike_threshold_kwh": threshold,
        "spike_rule": (
            f"more than {SPIKE_MULTIPLE:g} × the 99th-percentile half-hour and more than "
            f"{SPIKE_FLOOR.get(series.fuel, 5.0):g} kWh in one half-hour"
        ),
        "incomplete_months": [
            {
                "month": m.key,
                "present": m.present,
                "expected": m.expected,
                "missing_half_hours": m.expected - m.present,
                "no_data": m.present == 0,
            }
            for m in incomplete
        ],
        "months_without_data": [m.key for m in months if m.present == 0],
        "partial_history": bool(incomplete),
    }


def _gap(start: int, end: int, n: int) -> dict:
    return {
        "start": isoformat_utc(start),
        "end": isoformat_utc(end),
        "start_local": isoformat_local(start),
        "end_local": isoformat_local(end),
        "half_hours": n,
    }


def _point(t: int, v: float) -> dict:
    return {"start": isoformat_utc(t), "start_local": isoformat_local(t), "kwh": v}
