import pytest

from pyruntime.timeseries.series import Series, series_from_readings, total


def test_readings_become_a_contiguous_series_with_explicit_gaps():
    s = series_from_readings("electricity", [(3600, 0.2), (0, 0.1)])
    assert s.start == 0
    assert s.values == (0.1, None, 0.2)
    assert s.end == 5400
    assert s.present == 2


def test_duplicate_and_misaligned_readings_are_refused():
    with pytest.raises(ValueError, match="two readings"):
        series_from_readings("gas", [(0, 1.0), (0, 2.0)])
    with pytest.raises(ValueError, match="half-hour boundary"):
        series_from_readings("gas", [(60, 1.0)])


def test_unknown_fuel_is_refused():
    with pytest.raises(ValueError, match="unknown fuel"):
        Series("water", 0, ())


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 5400, [1.0, 2.0, 3.0]),
        (-3600, 1800, [None, None, 1.0]),
        (3600, 9000, [3.0, None, None]),
        (9000, 10800, [None]),
        (-5400, -1800, [None, None]),
    ],
)
def test_window_pads_outside_the_series_with_gaps(start, end, expected):
    s = Series("electricity", 0, (1.0, 2.0, 3.0))
    assert s.window(start, end) == expected


def test_total_skips_gaps_and_counts_what_is_present():
    assert total([0.5, None, 0.25]) == (0.75, 2)
