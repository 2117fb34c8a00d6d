"""Average day, heatmap and load distribution, including clock-change weeks."""

from __future__ import annotations

import datetime as dt

import pytest

from pyruntime.analysis.domestic_profile import typical_day, typical_weights
from pyruntime.analysis.localdays import SEASONS, local_days, season_of, wall_slots
from pyruntime.analysis.profile import ClockChangeDay, heatmap_report, profile_report
from pyruntime.analysis.profiles import load_distribution
from pyruntime.analysis.slotgrid import day_cells
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, local_datetime
from pyruntime.timeseries.series import Series


def clock_series(first: dt.date, last: dt.date, *, gmt_extra: float = 0.0) -> Series:
    """Each half-hour holds (wall-clock slot + 1) / 1000 kWh, plus ``gmt_extra`` while on GMT."""
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    values = []
    for t in range(start, end, HALF_HOUR):
        local = local_datetime(t)
        slot = local.hour * 2 + local.minute // 30
        values.append((slot + 1) / 1000 + (gmt_extra if not local.utcoffset() else 0.0))
    return Series("electricity", start, tuple(values))


SPRING = (dt.date(2023, 3, 23), dt.date(2023, 3, 29))  # clocks forward Sunday 26 March
AUTUMN = (dt.date(2023, 10, 26), dt.date(2023, 11, 1))  # clocks back Sunday 29 October


def test_wall_slots_for_46_48_50():
    assert wall_slots(48) == tuple(range(48))
    assert wall_slots(46)[:4] == (0, 1, 4, 5) and len(wall_slots(46)) == 46
    assert wall_slots(50)[:8] == (0, 1, 2, 3, 2, 3, 4, 5) and len(wall_slots(50)) == 50
    assert [ld.count for ld in local_days(*SPRING)] == [48, 48, 48, 46, 48, 48, 48]


def test_wall_slots_agree_with_london_time_on_clock_change_days():
    for day in (dt.date(2023, 3, 26), dt.date(2023, 10, 29), dt.date(2024, 3, 31)):
        ld = next(local_days(day, day))
        for k, slot in enumerate(ld.slots):
            local = local_datetime(ld.start + k * HALF_HOUR)
            assert slot == local.hour * 2 + local.minute // 30


def test_day_cells_skip_and_average_the_odd_hour():
    spring = day_cells([1.0] * 46, 46)
    assert spring[2] is None and spring[3] is None and spring[4] == 1.0
    autumn = day_cells([0.2, 0.2, 0.2, 0.4, 0.6, 0.8] + [0.1] * 44, 50)
    assert autumn[2] == pytest.approx(0.4) and autumn[3] == pytest.approx(0.6)
    one_missing = day_cells([0.1, 0.1, 0.3, None, 0.5, 0.7] + [0.1] * 44, 50)
    assert one_missing[2] == pytest.approx(0.4) and one_missing[3] == pytest.approx(0.7)


def test_average_day_on_the_spring_clock_change_week():
    r = profile_report(clock_series(*SPRING))
    groups = {g.key: g for g in r.average_days}
    everyday = groups["all"]
    assert everyday.days == 7
    # Every slot's mean is its own value: clock changes do not smear the shape.
    assert list(everyday.kwh) == [pytest.approx((s + 1) / 1000) for s in range(48)]
    # 26 March skipped 01:00 and 01:30, so those slots rest on six days.
    assert everyday.count[2] == 6 and everyday.count[3] == 6 and everyday.count[4] == 7
    assert groups["weekend"].days == 2 and groups["weekday"].days == 5
    assert groups["MAM"].days == 7 and groups["DJF"].days == 0
    typical = everyday.typical_kwh
    assert sum(typical) == pytest.approx(sum(everyday.kwh))


def test_average_day_on_the_autumn_clock_change_week_averages_the_repeated_hour():
    # GMT half-hours carry 0.1 kWh extra, so on 29 October 01:00 BST and
    # 01:00 GMT differ; the cell holds their mean.
    r = profile_report(clock_series(*AUTUMN, gmt_extra=0.1))
    everyday = {g.key: g for g in r.average_days}["all"]
    assert everyday.count[2] == 7
    # 26-28 Oct (BST): 0.003; 29 Oct: mean(0.003, 0.103) = 0.053; 30 Oct-1 Nov (GMT): 0.103.
    assert everyday.kwh[2] == pytest.approx((3 * 0.003 + 0.053 + 3 * 0.103) / 7)
    assert {g.key: g.days for g in r.average_days}["SON"] == 7


def test_heatmap_on_both_clock_change_weeks():
    h = heatmap_report(clock_series(*AUTUMN, gmt_extra=0.1))
    assert h.rows == 7 and len(h.values_wh) == 7 * 48
    assert h.clock_changes == (ClockChangeDay(dt.date(2023, 10, 29), 50),)
    row = h.values_wh[3 * 48 : 4 * 48]  # 29 October
    assert row[2] == 53 and row[3] == 54  # Wh: mean of BST and GMT readings
    assert row[0] == 1 and row[47] == 148  # 00:00 BST; 23:30 GMT
    s = heatmap_report(clock_series(*SPRING))
    row = s.values_wh[3 * 48 : 4 * 48]  # 26 March
    assert row[1] == 2 and row[2] is None and row[3] is None and row[4] == 5
    assert s.clock_changes == (ClockChangeDay(dt.date(2023, 3, 26), 46),)
    assert s.first_day == dt.date(2023, 3, 23) and s.last_day == dt.date(2023, 3, 29)


def test_heatmap_shows_gaps_as_null():
    base = clock_series(*SPRING)
    values = list(base.values)
    values[5] = None
    h = heatmap_report(Series("electricity", base.start, tuple(values)))
    assert h.values_wh[5] is None


def test_load_distribution_on_a_known_ranking():
    # 1..100 kWh: bucket 1 is 96..100 (490 of 5050), bucket 20 is 1..5 (15).
    buckets = load_distribution([float(v) for v in range(1, 101)] + [None])
    assert len(buckets) == 20
    assert (buckets[0].min_kwh, buckets[0].max_kwh, buckets[0].kwh) == (96, 100, 490)
    assert buckets[0].share == pytest.approx(490 / 5050)
    assert (buckets[-1].min_kwh, buckets[-1].max_kwh) == (1, 5)
    assert sum(b.count for b in buckets) == 100
    assert sum(b.share for b in buckets) == pytest.approx(1)


def test_load_distribution_uneven_counts_and_too_few():
    buckets = load_distribution([1.0] * 47)
    assert sorted({b.count for b in buckets}) == [2, 3] and sum(b.count for b in buckets) == 47
    assert load_distribution([1.0] * 19) == ()


def test_typical_day_shapes():
    for season in SEASONS:
        for weekend in (False, True):
            shape = typical_day(season, weekend)
            assert len(shape) == 48 and sum(shape) == pytest.approx(1)
            assert min(shape) > 0
            assert shape[36] > shape[8]  # 18:00 above 04:00
    assert max(typical_day("DJF", False)) > max(typical_day("JJA", False))
    assert season_of(dt.date(2023, 12, 1)) == "DJF" and season_of(dt.date(2023, 6, 1)) == "JJA"
    ld = next(local_days(dt.date(2023, 10, 29), dt.date(2023, 10, 29)))
    assert len(typical_weights(ld)) == 50
