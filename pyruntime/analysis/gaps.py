"""Runs of missing half-hours in a series (shared by importers and the quality report)."""

from __future__ import annotations

from ..timeseries.londontime import HALF_HOUR
from ..timeseries.series import Series


def gap_runs(series: Series) -> tuple[tuple[int, int, int], ...]:
    """``[(start [s, UTC], end [s, UTC], half-hours)]`` for each run of ``None`` inside the series."""
    out = []
    run_start: int | None = None
    for i, v in enumerate(series.values):
        if v is None:
            if run_start is None:
                run_start = i
        elif run_start is not None:
            out.append((series.start + run_start * HALF_HOUR, series.start + i * HALF_HOUR, i - run_start))
            run_start = None
    if run_start is not None:
        n = len(series.values)
        out.append((series.start + run_start * HALF_HOUR, series.start + n * HALF_HOUR, n - run_start))
    return tuple(out)
