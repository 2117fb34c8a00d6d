import datetime as dt
import sys

import pytest

from pyruntime.timeseries.londontime import (
    FIRST_YEAR,
    bst_bounds,
    day_bounds,
    isoformat_local,
    local_date,
    slots_in_day,
    utc_offset,
)


def epoch(y, mo, d, h=0, mi=0):
    return int(dt.datetime(y, mo, d, h, mi, tzinfo=dt.UTC).timestamp())


@pytest.mark.parametrize(
    ("year", "forward", "back"),
    [(2023, dt.date(2023, 3, 26), dt.date(2023, 10, 29)), (2024, dt.date(2024, 3, 31), dt.date(2024, 10, 27))],
)
def test_clock_change_days_have_46_and_50_half_hours(year, forward, back):
    assert slots_in_day(forward) == 46
    assert slots_in_day(back) == 50
    assert slots_in_day(forward - dt.timedelta(days=1)) == 48
    assert bst_bounds(year) == (epoch(*forward.timetuple()[:3], 1), epoch(*back.timetuple()[:3], 1))


def test_offset_changes_at_0100_utc():
    assert utc_offset(epoch(2023, 3, 26, 0, 59)) == 0
    assert utc_offset(epoch(2023, 3, 26, 1, 0)) == 3600
    assert utc_offset(epoch(2023, 10, 29, 0, 59)) == 3600
    assert utc_offset(epoch(2023, 10, 29, 1, 0)) == 0


def test_local_day_starts_at_local_midnight():
    # 1 July 2023 begins at 23:00 UTC on 30 June.
    assert day_bounds(dt.date(2023, 7, 1))[0] == epoch(2023, 6, 30, 23)
    assert local_date(epoch(2023, 6, 30, 23, 30)) == dt.date(2023, 7, 1)
    assert local_date(epoch(2023, 6, 30, 22, 30)) == dt.date(2023, 6, 30)
    assert isoformat_local(epoch(2023, 6, 30, 23)) == "2023-07-01T00:00:00+01:00"


def test_years_outside_the_rule_are_refused():
    with pytest.raises(ValueError, match="outside the supported range"):
        bst_bounds(FIRST_YEAR - 1)


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide has no time-zone database to compare with")
def test_matches_the_tz_database_every_day_1996_to_2040():
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    day = dt.date(1996, 1, 1)
    while day.year <= 2040:
        midnight = dt.datetime(day.year, day.month, day.day, tzinfo=london)
        following = day + dt.timedelta(days=1)
        next_midnight = dt.datetime(following.year, following.month, following.day, tzinfo=london)
        assert day_bounds(day) == (int(midnight.timestamp()), int(next_midnight.timestamp())), day
        day = following


def test_month_bounds_and_wall_clock_labels():
    from pyruntime.timeseries.londontime import month_bounds, wall_clock_label

    assert month_bounds("2023-02") == (dt.date(2023, 2, 1), dt.date(2023, 2, 28))
    assert month_bounds("2023-12") == (dt.date(2023, 12, 1), dt.date(2023, 12, 31))
    assert wall_clock_label(epoch(2023, 10, 29, 0, 0)) == "01:00 (BST)"
    assert wall_clock_label(epoch(2023, 10, 29, 1, 0)) == "01:00 (GMT)"
    assert wall_clock_label(epoch(2023, 10, 29, 2, 0)) == "02:00"
    assert wall_clock_label(epoch(2023, 7, 1, 12, 30)) == "13:30"
