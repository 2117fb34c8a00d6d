import datetime as dt

import pytest

from pyruntime.timeseries.aggregate import daily_totals, group_by_month, series_days
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds
from pyruntime.timeseries.series import Series


def flat_series(first: dt.date, last: dt.date, kwh: float = 0.5) -> Series:
    start = day_bounds(first)[0]
    end = day_bounds(last)[1]
    return Series("electricity", start, tuple([kwh] * ((end - start) // HALF_HOUR)))


def test_clock_change_days_sum_46_and_50_half_hours():
    s = flat_series(dt.date(2023, 3, 25), dt.date(2023, 10, 30))
    days = {d.day: d for d in daily_totals(s, *series_days(s))}
    assert days[dt.date(2023, 3, 26)].expected == 46
    assert days[dt.date(2023, 3, 26)].kwh == 23.0
    assert days[dt.date(2023, 10, 29)].expected == 50
    assert days[dt.date(2023, 10, 29)].kwh == 25.0
    assert all(d.complete for d in days.values())


def test_months_normalise_average_daily_use_for_gaps():
    s = flat_series(dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    values = list(s.values)
    values[:48] = [None] * 48  # lose the whole of 1 January
    days = daily_totals(Series("electricity", s.start, tuple(values)), dt.date(2023, 1, 1), dt.date(2023, 1, 31))
    (jan,) = group_by_month(days)
    assert jan.key == "2023-01"
    assert (jan.present, jan.expected, jan.days) == (30 * 48, 31 * 48, 31)
    assert not jan.complete
    assert jan.kwh == 30 * 24.0
    # 48 × total ÷ half-hours present: the gap does not drag the average down.
    assert jan.average_daily_kwh == 24.0



def test_a_complete_week_with_a_clock_change_averages_its_total_over_its_days():
    """No half-hour is missing, so there is nothing to normalise: 48 × kWh ÷ half-hours present once made the
    week with the 50-half-hour day use less a day than it did (and the 46-half-hour week more)."""
    for first, last, total in ((dt.date(2023, 10, 23), dt.date(2023, 10, 29), 6 * 24.0 + 25.0),
                               (dt.date(2023, 3, 20), dt.date(2023, 3, 26), 6 * 24.0 + 23.0)):
        s = flat_series(first, last)
        (week,) = group_by_month(daily_totals(s, first, last))
        assert week.complete and week.kwh == total
        assert week.average_daily_kwh == pytest.approx(total / 7, rel=1e-12)

def test_days_outside_the_series_count_as_missing():
    s = flat_series(dt.date(2023, 1, 2), dt.date(2023, 1, 2))
    first, second, third = daily_totals(s, dt.date(2023, 1, 1), dt.date(2023, 1, 3))
    assert (first.present, second.present, third.present) == (0, 48, 0)
    assert first.expected == 48
