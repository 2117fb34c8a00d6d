"""Time-of-use strings and windows: parsing, edge cases, clear errors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyruntime.pricing import TouError, parse_tou_string, parse_tou_windows, tariff_from_spec, tou_tariff
from pyruntime.timeseries.londontime import day_bounds


def _slot_prices(s):
    return [s.band_prices[b] for b in s.slot_band]


def test_go_string():
    s = parse_tou_string("0030-0430:5,25")
    prices = _slot_prices(s)
    assert prices[0] == 25 and prices[1:9] == [5] * 8 and prices[9:] == [25] * 39
    assert s.band_labels == ("00:30–04:30", "other times")
    assert s.as_string() == "0030-0430:5,25"


def test_window_crossing_midnight():
    s = parse_tou_string("2330-0530:7,1600-1900:35,25")
    prices = _slot_prices(s)
    assert prices[47] == 7 and prices[:11] == [7] * 11 and prices[11] == 25
    assert prices[32:38] == [35] * 6


def test_windows_covering_the_whole_day_need_no_default():
    s = parse_tou_string("0000-0700:12,0700-0000:25")
    assert s.default is None and _slot_prices(s) == [12] * 14 + [25] * 34
    s2 = parse_tou_string("0700-2400:25,0000-0700:12")
    assert _slot_prices(s2) == _slot_prices(s)


def test_structured_form_equals_string_form():
    a = parse_tou_string("0030-0430:5,1600-1900:35,20")
    b = parse_tou_windows([{"from": "00:30", "to": "04:30", "p_per_kwh": 5},
                           {"from": "16:00", "to": "19:00", "p_per_kwh": 35}], default_p_per_kwh=20)
    assert _slot_prices(a) == _slot_prices(b) and a.band_labels == b.band_labels
    assert parse_tou_windows(**_kw(a.as_windows())) == b


def _kw(d):
    return {"windows": d["windows"], "default_p_per_kwh": d.get("default_p_per_kwh")}


@pytest.mark.parametrize(("text", "message"), [
    ("0030-0430:5,0400-0600:7,25", "overlap at 04:00–04:30"),
    ("2300-0100:5,0030-0200:7,25", "overlap at 00:30–01:00"),
    ("0030-0430:5", "04:30–00:30 is not covered"),
    ("0000-1200:5,1200-0000:7,25", "default price would never apply"),
    ("0015-0430:5,25", "not on a half-hour"),
    ("0030-0430:five,25", "not a number"),
    ("0030-0430:5,25,30", "not a window"),
    ("25,0030-0430:5", "not a window"),
    ("0430-0430:5,25", "same time"),
    ("2500-0430:5,25", "not a time of day"),
    ("", "empty"),
    ("0030-0430:5,,25", "empty"),
    ("0030-0430:5000,25", "implausible"),
])
def test_bad_strings_are_explained(text, message):
    with pytest.raises(TouError, match=message):
        parse_tou_string(text)


def test_bad_windows_are_explained():
    with pytest.raises(TouError, match="window 2 needs"):
        parse_tou_windows([{"from": "00:30", "to": "04:30", "p_per_kwh": 5}, {"from": "05:00"}], 20)
    with pytest.raises(TouError, match="at least one window"):
        parse_tou_windows([], 20)


@given(st.lists(st.tuples(st.integers(0, 47), st.integers(1, 47), st.integers(-50, 100)), min_size=1, max_size=5),
       st.integers(0, 60))
def test_any_valid_schedule_round_trips_and_covers_the_day(raw, default):
    taken: set[int] = set()
    windows = []
    for a, length, price in raw:
        slots = {(a + k) % 48 for k in range(length)}
        if slots & taken:
            continue
        taken |= slots
        b = (a + length) % 48
        windows.append(f"{a // 2:02d}{a % 2 * 30:02d}-{b // 2:02d}{b % 2 * 30:02d}:{price}")
    if not windows:
        return
    text = ",".join(windows) + ("" if len(taken) == 48 else f",{default}")
    s = parse_tou_string(text)
    assert len(s.slot_band) == 48
    assert parse_tou_string(s.as_string()) == s


def test_clock_change_days_use_wall_clock_time():
    t = tou_tariff("electricity", parse_tou_string("0100-0200:5,25"), prices_include_vat=False)
    for day, n, cheap in ((dt.date(2023, 3, 26), 46, 0), (dt.date(2023, 10, 29), 50, 4), (dt.date(2023, 6, 1), 48, 2)):
        start, end = day_bounds(day)
        rates = t.unit_rates(start, (end - start) // 1800)
        assert len(rates) == n and rates.count(5) == cheap


def test_spec_accepts_a_number_or_a_string():
    t0 = day_bounds(dt.date(2023, 1, 1))[0]
    assert tariff_from_spec({"fuel": "gas", "rate": "6.3"}).unit_rates(t0, 1) == [6.3 / 1.05]
    t = tariff_from_spec({"rate": "0030-0430:5,25", "prices_include_vat": False, "standing_p_per_day": 50})
    assert t.unit_rates(t0, 3) == [25, 5, 5] and t.standing_charge_at(t0) == 50
    for bad, msg in (({"rate": 1, "tou": "x"}, "exactly one"), ({"fuel": "coal", "rate": 1}, "not a fuel"),
                     ({"rate": "abc"}, "not a number"), ({"rate": 5, "standing_p_per_day": -1}, "outside")):
        with pytest.raises(ValueError, match=msg):
            tariff_from_spec(bad)
