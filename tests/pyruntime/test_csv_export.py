"""CSV export: round trip through a CSV reader, clock changes, and formula-injection escaping."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyruntime.analysis.intensity import IntensitySeries
from pyruntime.fileformats.csv_export import daily_csv, escape_cell, half_hourly_csv, to_csv, unescape_cell
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, isoformat_utc
from pyruntime.timeseries.series import Series

DAY = dt.date(2023, 10, 29)  # 50 half-hours
T0 = day_bounds(DAY)[0]


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def series() -> Series:
    values = [round(0.1 + 0.001 * n, 3) for n in range(50)]
    values[7] = None
    values[8] = -0.5  # a negative number (e.g. a net figure) stays a number
    return Series("electricity", T0, tuple(values))


def test_half_hourly_round_trip_on_a_50_half_hour_day():
    s = series()
    prices = [24.5] * 50
    prices[9] = None
    ci = IntensitySeries("C", T0 + HALF_HOUR, (200.0,) * 49)
    text = half_hourly_csv(s, prices=prices, intensity=ci, tariff="=HYPERLINK(\"http://x\")")
    assert text.endswith("\r\n")
    header, *rows = read(text)
    assert header == ["Period start (UTC)", "Local date", "Local start time", "UTC offset (hours)",
                      "Electricity import (kWh)",
                      "Price (p/kWh)", "Cost (p)", "Carbon intensity (gCO2/kWh)", "Emissions (gCO2e)", "Tariff"]
    assert len(rows) == 50
    assert [r[0] for r in rows] == [isoformat_utc(T0 + n * HALF_HOUR) for n in range(50)]
    assert [r[2] for r in rows[:6]] == ["00:00", "00:30", "01:00", "01:30", "01:00", "01:30"]
    assert [r[3] for r in rows[:6]] == ["1", "1", "1", "1", "0", "0"]
    assert {r[1] for r in rows} == {"2023-10-29"}
    for n, r in enumerate(rows):
        v = s.values[n]
        assert (float(r[4]) if r[4] else None) == v
    assert rows[7][4] == "" and rows[7][6] == ""  # gap: empty, never 0
    assert rows[8][4] == "-0.5" and float(rows[8][6]) == pytest.approx(-12.25)
    assert rows[9][5] == "" and rows[9][6] == ""  # no price
    assert rows[0][7] == "" and rows[1][7] == "200.0"  # intensity starts a half-hour later
    assert float(rows[1][8]) == pytest.approx(0.101 * 200)
    assert rows[0][9] == "'=HYPERLINK(\"http://x\")"
    assert unescape_cell(rows[0][9]) == "=HYPERLINK(\"http://x\")"


def test_daily_round_trip_and_partial_days():
    s = series()
    text = daily_csv(s, prices=[10.0] * 50, tariff="Flexible")
    header, row = read(text)
    assert header == ["Local date", "Half-hours present", "Half-hours expected", "Energy (kWh)", "Cost (p)",
                      "Average price (p/kWh)", "Tariff"]
    kwh = sum(v for v in s.values if v is not None)
    assert row[:3] == ["2023-10-29", "49", "50"]
    assert float(row[3]) == pytest.approx(kwh)
    assert float(row[4]) == pytest.approx(kwh * 10)
    assert float(row[5]) == pytest.approx(10)
    # A price missing for a half-hour with a reading leaves the day's cost empty.
    prices = [10.0] * 50
    prices[0] = None
    _, row = read(daily_csv(s, prices=prices))
    assert row[4] == "" and row[5] == ""


def test_daily_emissions_in_kg():
    s = Series("electricity", T0, (1.0,) * 50)
    ci = IntensitySeries("C", T0, (100.0,) * 50)
    _, row = read(daily_csv(s, intensity=ci))
    assert float(row[4]) == pytest.approx(5.0)


def test_date_range_and_bad_input():
    s = Series("electricity", T0, (1.0,) * 146)  # 29, 30, 31 October
    rows = read(daily_csv(s, first=dt.date(2023, 10, 30), last=dt.date(2023, 10, 30)))
    assert [r[0] for r in rows[1:]] == ["2023-10-30"]
    with pytest.raises(ValueError, match="before the first"):
        daily_csv(s, first=dt.date(2023, 10, 31), last=dt.date(2023, 10, 30))
    with pytest.raises(ValueError, match="one value per half-hour"):
        half_hourly_csv(s, prices=[1.0])
    with pytest.raises(ValueError, match="no data"):
        daily_csv(Series("electricity", 0, ()))


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_risky_text_is_prefixed(text):
    assert escape_cell(text) == "'" + text


def test_apostrophe_text_round_trips():
    for text in ("'=x", "'", "''", "'plain"):
        assert unescape_cell(escape_cell(text)) == text


@pytest.mark.parametrize("value", [-1.5, 0, 2, "plain", "a=b", "x'"])
def test_safe_values_are_untouched(value):
    assert escape_cell(value) == value
    assert escape_cell(None) == ""


@given(st.lists(st.lists(st.one_of(st.text(max_size=20), st.floats(allow_nan=False, allow_infinity=False),
                                   st.integers(-10**6, 10**6), st.none()), min_size=3, max_size=3), max_size=20))
def test_round_trip_of_any_table(rows):
    header = ["=a", "b", "-c"]
    back = read(to_csv(header, rows))
    assert [unescape_cell(c) for c in back[0]] == header
    assert len(back) == len(rows) + 1
    for got, want in zip(back[1:], rows, strict=True):
        for g, w in zip(got, want, strict=True):
            if w is None:
                assert g == ""
            elif isinstance(w, str):
                assert unescape_cell(g) == w
                assert not g.startswith(("=", "+", "-", "@", "\t", "\r"))
            else:
                assert float(g) == w
