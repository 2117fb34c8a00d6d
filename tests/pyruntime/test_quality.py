import datetime as dt
from pathlib import Path

import pytest

from pyruntime.analysis.quality import Gap, percentile, quality_report, spikes
from pyruntime.fileformats import import_file
from pyruntime.timeseries.aggregate import DayTotal
from pyruntime.timeseries.londontime import HALF_HOUR
from pyruntime.timeseries.series import Series

T0 = 1672531200  # 2023-01-01T00:00Z = local midnight (GMT)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_complete_days_gaps_and_incomplete_months():
    values = [0.2] * (48 * 40)
    values[50:53] = [None] * 3  # a gap on 2 January
    values[48 * 35 : 48 * 36] = [None] * 48  # all of 5 February
    q = quality_report(Series("electricity", T0, tuple(values)))
    assert q.present == 48 * 40 - 51 and q.expected == 48 * 40
    assert q.calendar[1] == DayTotal(dt.date(2023, 1, 2), pytest.approx(45 * 0.2), 45, 48)
    assert q.gap_count == 2
    assert q.gaps[0] == Gap(T0 + 50 * HALF_HOUR, T0 + 53 * HALF_HOUR, 3)  # 2 January 01:00 GMT
    assert [m.key for m in q.incomplete_months] == ["2023-01", "2023-02"]
    assert q.partial_history and q.months_without_data == ()


def test_spikes_need_both_the_multiple_and_the_floor():
    base = [0.3] * 480
    base[100] = 9.0  # 30 × the 99th percentile and over 5 kWh: a spike
    base[200] = 4.0  # over 10 × but under the floor: not a spike
    found, threshold = spikes(Series("electricity", T0, tuple(base)))
    assert [r.kwh for r in found] == [9.0] and threshold == 5.0
    assert found[0].start_utc_s == T0 + 100 * HALF_HOUR
    assert spikes(Series("gas", T0, tuple(base)))[0] == ()  # gas floor is 25 kWh


def test_negatives_are_listed_and_importer_counts_carried_over():
    c = import_file(FIXTURES.joinpath("consumption/volunteer_Wh_2022-10-28_2022-11-01_and_2023-07-17.csv").read_bytes())
    ch = c.channels[0]
    q = quality_report(ch.series, ch.report)
    assert q.duplicates_removed == 48
    assert "2022-11" in [m.key for m in q.incomplete_months]
    assert q.months_without_data[:2] == ("2022-12", "2023-01")
    s = Series("export", T0, (0.1, -0.2, 0.1))
    assert quality_report(s).negative_count == 1


def test_percentile_is_nearest_rank():
    assert percentile(list(range(1, 101)), 99.0) == 99
    assert percentile([5.0], 99.0) == 5.0
    assert percentile([], 99.0) == 0.0


def test_empty_series():
    assert quality_report(Series("gas", 0, ())) is None


def test_months_are_named_as_a_run_only_when_they_follow_one_another():
    from pyruntime.providers.loading import months_phrase

    assert months_phrase(["2023-02", "2023-09"]) == "February 2023 and September 2023"
    assert months_phrase(["2023-02", "2023-05", "2023-09"]) == "February 2023, May 2023 and September 2023"
    assert months_phrase(["2023-11", "2023-12", "2024-01", "2024-02"]) == "November 2023 to February 2024 (4 months)"
    scattered = months_phrase(["2023-02", "2023-05", "2023-09", "2023-12"])
    assert scattered == "4 months between February 2023 and December 2023"
