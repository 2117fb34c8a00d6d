"""Unusual days against the same weekday's norm."""

from __future__ import annotations

import datetime as dt

from pyruntime.analysis.anomalies import unusual_days
from pyruntime.analysis.profile import profile_report
from pyruntime.timeseries.aggregate import daily_totals, series_days
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, local_date
from pyruntime.timeseries.series import Series

FIRST, LAST = dt.date(2023, 1, 2), dt.date(2023, 5, 28)
ODD_DAY = dt.date(2023, 3, 15)


def _wobble(day: dt.date) -> float:
    # A repeatable ±8 % day-to-day wobble (no random module: same series everywhere).
    return 1 + 0.08 * (((day.toordinal() * 7919) % 17) / 8 - 1)


def household(odd_factor: float = 3.0, missing_on: dt.date | None = None) -> Series:
    start, end = day_bounds(FIRST)[0], day_bounds(LAST)[1]
    values = []
    for t in range(start, end, HALF_HOUR):
        day = local_date(t)
        weekend = 1.3 if day.weekday() >= 5 else 1.0
        v = 0.25 * weekend * _wobble(day) * (odd_factor if day == ODD_DAY else 1.0)
        values.append(None if day == missing_on else round(v, 3))
    return Series("electricity", start, tuple(values))


def test_one_injected_anomaly_is_found_and_nothing_else():
    r = profile_report(household())
    found = r.unusual_days
    assert [d.day for d in found] == [ODD_DAY]
    assert found[0].direction == "high" and found[0].day.weekday() == 2  # a Wednesday
    assert found[0].z > 3.5
    assert found[0].neighbours == 12
    assert r.days_scored > 100


def test_a_low_day_is_found_too():
    found, _ = unusual_days(daily_totals(household(odd_factor=0.2), FIRST, LAST))
    assert [(u.day, u.direction) for u in found] == [(ODD_DAY, "low")]


def test_days_with_gaps_are_not_scored():
    s = household(missing_on=ODD_DAY)
    found, scored = unusual_days(daily_totals(s, *series_days(s)))
    assert found == ()
    full, _ = unusual_days(daily_totals(household(odd_factor=1.0), FIRST, LAST))
    assert full == ()
    assert scored < (LAST - FIRST).days + 1
