"""Economy 7 pricing: golden numbers worked out by hand.

The meter's night hours are in GMT all year, so on the clock they move an
hour later in British Summer Time, and on clock-change days the night still
lasts exactly 14 half-hours. The last test prices the recorded Octopus E7
day/night unit-rate history (Flexible Octopus, region A) across its
1 April 2024 price change, which falls the day after the spring clock change.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyruntime.present.bill import energy_label
from pyruntime.pricing import bill
from pyruntime.pricing.economy7 import (
    DAY_BAND,
    DEFAULT_NIGHT,
    NIGHT_BAND,
    NightWindow,
    TwoRegisterRates,
    parse_night_window,
    resolve_night_setting,
    uses_two_registers,
    with_night_window,
)
from pyruntime.pricing.history import Agreement, TariffHistory
from pyruntime.pricing.money import pounds
from pyruntime.pricing.period import prepare, price_period
from pyruntime.pricing.tariff import ArrayRates, StandingCharge, Tariff
from pyruntime.timeseries.isotime import parse_instant
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, local_datetime
from pyruntime.timeseries.series import Series

from .octopus_rates import economy7_from_octopus_rates

INPUTS = Path(__file__).resolve().parents[2] / "feeds" / "sample_inputs"
DAY_P, NIGHT_P = 30.0, 10.0  # [p/kWh exc VAT]


def e7_tariff(window: NightWindow = DEFAULT_NIGHT, standing: float = 40.0) -> Tariff:
    """Day 30p, night 10p exc VAT through 2023, standing charge 40 p/day exc VAT."""
    start = parse_instant("2023-01-01T00:00:00Z")
    n = 365 * 48
    rates = TwoRegisterRates(ArrayRates(start, (DAY_P,) * n), ArrayRates(start, (NIGHT_P,) * n), window)
    return Tariff("E-2R-TEST-C", "Test Economy 7", "electricity", rates, (StandingCharge(standing),))


def one_kwh_each_half_hour(first: dt.date, last: dt.date) -> Series:
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    return Series("electricity", start, [1.0] * ((end - start) // HALF_HOUR))


def clock(t: int) -> str:
    return local_datetime(t).strftime("%H:%M")


@pytest.mark.parametrize("day, half_hours", [(dt.date(2023, 3, 26), 46), (dt.date(2023, 10, 29), 50)])
def test_clock_change_days_have_fourteen_night_half_hours_in_gmt(day, half_hours):
    # 1 kWh every half-hour: 14 at night (00:30-07:30 GMT), the rest by day; standing 40p.
    b = bill(one_kwh_each_half_hour(day, day), e7_tariff(), day, day)
    assert b.half_hours == half_hours
    night, day_line = b.energy_lines  # cheapest first, as statements list them
    assert (night.band, night.rate, night.half_hours, night.kwh) == (NIGHT_BAND, NIGHT_P, 14, 14.0)
    assert (day_line.band, day_line.rate, day_line.half_hours) == (DAY_BAND, DAY_P, half_hours - 14)
    day_p = (half_hours - 14) * DAY_P
    assert b.energy == 14 * NIGHT_P + day_p  # 140 + 960 (46) or 140 + 1080 (50)
    assert b.total_inc_vat == pytest.approx((140 + day_p + 40) * 1.05)  # £11.97 or £13.23
    assert pounds(b.total_inc_vat) == {46: 11.97, 50: 13.23}[half_hours]
    assert [energy_label(ln) for ln in b.energy_lines] == ["Energy, Night (E7)", "Energy, Day (E7)"]
    assert dict(b.band_shares) == {DAY_BAND: half_hours - 14, NIGHT_BAND: 14}


def test_spring_clock_change_night_runs_00_30_to_08_30_on_the_clock():
    day = dt.date(2023, 3, 26)  # clocks go forward at 01:00 GMT
    start, end = day_bounds(day)
    labels = e7_tariff().band_labels(start, (end - start) // HALF_HOUR)
    night = [clock(start + i * HALF_HOUR) for i, b in enumerate(labels) if b == NIGHT_BAND]
    assert night[0] == "00:30" and night[-1] == "08:00" and len(night) == 14  # 00:30 GMT … 08:30 BST


def test_bst_day_night_is_01_30_to_08_30_on_the_clock():
    day = dt.date(2023, 7, 1)
    start = day_bounds(day)[0]  # 30 Jun 23:00 GMT
    tariff = e7_tariff()
    rates = tariff.unit_rates(start, 48)
    by_clock = {clock(start + i * HALF_HOUR): r for i, r in enumerate(rates)}
    assert [k for k, r in by_clock.items() if r == NIGHT_P] == [
        "01:30", "02:00", "02:30", "03:00", "03:30", "04:00", "04:30", "05:00", "05:30", "06:00", "06:30",
        "07:00", "07:30", "08:00"]
    assert by_clock["01:00"] == by_clock["08:30"] == by_clock["00:30"] == DAY_P
    b = bill(one_kwh_each_half_hour(day, day), tariff, day, day)
    assert b.energy == 14 * 10 + 34 * 30  # 1160p exc VAT
    assert pounds(b.total_inc_vat) == 12.6  # (1160 + 40) × 1.05 = 1260p


def test_a_window_across_midnight_and_a_bill_that_agrees_with_the_comparison():
    window = parse_night_window("2300-0600")
    tariff = e7_tariff(window)
    day = dt.date(2023, 1, 10)  # GMT: the night is 23:00-24:00 and 00:00-06:00 of the same local day
    start, _ = day_bounds(day)
    labels = tariff.band_labels(start, 48)
    assert labels[:12] == [NIGHT_BAND] * 12 and labels[12:46] == [DAY_BAND] * 34 and labels[46:] == [NIGHT_BAND] * 2
    series = one_kwh_each_half_hour(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    b = bill(series, tariff, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    p = price_period(prepare(series, dt.date(2023, 1, 1), dt.date(2023, 12, 31)), tariff)
    assert (b.energy, b.standing) == (p.energy, p.standing)
    assert b.energy == 365 * (14 * 10 + 34 * 30)  # 14 night half-hours every London day, clock changes included


def test_octometer_e7_history_across_its_april_2024_price_change():
    """31 Mar 2024 (46 half-hours) at the Q1 rates, 1 Apr 2024 at the Q2 rates; 1 kWh each half-hour.

    Night = 00:30-07:30 GMT = 14 half-hours each day. Exc VAT [p/kWh]:
    Q1 day 35.414, night 14.856; Q2 (from 2024-03-31T23:00Z = 1 Apr local midnight) day 30.008, night 12.588.
      31 Mar: 14 × 14.856 + 32 × 35.414 = 207.984 + 1133.248 = 1341.232p
       1 Apr: 14 × 12.588 + 34 × 30.008 = 176.232 + 1020.272 = 1196.504p
      total 2537.736p exc VAT; × 1.05 = 2664.6228p = £26.65 (no standing charges given)
    """
    rows = {r: json.loads((INPUTS / f"octometer_{r}_unit_rates_E7_history.json").read_text())["results"]
            for r in ("day", "night")}
    first, last = dt.date(2024, 3, 31), dt.date(2024, 4, 1)
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    tariff = economy7_from_octopus_rates("E-2R-VAR-22-11-01-A", rows["day"], rows["night"], start=start, end=end)
    b = bill(one_kwh_each_half_hour(first, last), tariff, first, last)
    got = [(ln.band, ln.rate, ln.half_hours) for ln in b.energy_lines]
    assert sorted(got, key=lambda g: g[1]) == [(NIGHT_BAND, 12.588, 14), (NIGHT_BAND, 14.856, 14),
                                               (DAY_BAND, 30.008, 34), (DAY_BAND, 35.414, 32)]
    assert b.energy == pytest.approx(2537.736, abs=1e-9)
    assert pounds(b.energy) == 25.38 and pounds(b.total_inc_vat) == 26.65
    assert b.days_without_standing == 2 and any("2 days have no known standing charge" in w for w in b.warnings)
    # Non-direct-debit rows are ignored: Q2's NON_DIRECT_DEBIT night rate is 12.859.
    assert 12.859 not in {ln.rate for ln in b.energy_lines}


def test_a_history_takes_the_window_and_single_rate_tariffs_are_untouched():
    e7 = e7_tariff()
    flat = Tariff("E-1R-X", "flat", "electricity", ArrayRates(e7.rates.start, (20.0,) * 10))
    cut = parse_instant("2023-06-01T00:00:00Z")
    history = TariffHistory((Agreement(flat, None, cut), Agreement(e7, cut, None)))
    moved = with_night_window(history, parse_night_window("0100-0800"))
    assert uses_two_registers(moved) and not uses_two_registers(flat)
    assert moved.agreements[0].tariff is flat
    assert moved.agreements[1].tariff.rates.night_window == NightWindow(60, 480)
    assert with_night_window(flat, NightWindow(60, 480)) is flat


@pytest.mark.parametrize("raw, code", [("0030-0730", "0030-0730"), ("23:00-06:00", "2300-0600"),
                                       ("0000-0700", "0000-0700"), ("1700-2400", "1700-0000"),
                                       (" 0100 - 0800 ", "0100-0800")])
def test_night_windows_parse(raw, code):
    assert parse_night_window(raw).code == code


@pytest.mark.parametrize("raw, why", [("0015-0715", ":00 or :30"), ("0030-0030", "same time"),
                                      ("2530-0600", "hours run"), ("night", "HHMM-HHMM"), ("0030", "HHMM-HHMM")])
def test_bad_night_windows_are_refused_with_a_reason(raw, why):
    with pytest.raises(ValueError, match=why):
        parse_night_window(raw)
    window, code, notices = resolve_night_setting(raw)
    assert window == DEFAULT_NIGHT and code is None and why in notices[0] and "00:30–07:30 GMT" in notices[0]


def test_the_setting_is_canonical_and_absent_by_default():
    assert resolve_night_setting(None) == (DEFAULT_NIGHT, None, ())
    assert resolve_night_setting("23:00-06:00")[1] == "2300-0600"
    assert DEFAULT_NIGHT.label() == "00:30–07:30" and DEFAULT_NIGHT.label(60) == "01:30–08:30"


@given(st.integers(0, 47), st.integers(1, 47), st.integers(0, 400 * 48))
def test_is_night_agrees_with_the_slot_mask(first, length, offset):
    window = NightWindow(first * 30, (first + length) * 30 % 1440)
    t = parse_instant("2023-01-01T00:00:00Z") + offset * HALF_HOUR
    assert window.is_night(t) == window.slot_mask()[(t % 86400) // HALF_HOUR]
    assert sum(window.slot_mask()) == length
