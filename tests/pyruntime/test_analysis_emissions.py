"""Emissions on real recorded regional intensity, checked against hand calculations."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyruntime.analysis.carbon import emissions_report, gas_emissions_report
from pyruntime.analysis.domestic_profile import typical_day
from pyruntime.analysis.emissions import GAS_FACTOR, _shift_day, carbon_days, sum_tallies
from pyruntime.analysis.intensity import IntensitySeries, as_intensity, join_intensity
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, isoformat_utc
from pyruntime.timeseries.series import Series

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "carbon_intensity"
REGIONAL = FIXTURES / "nmpowell_regional_intensity_gco2_wide_2023-03-13T2330Z_to_2023-03-15T2330Z.csv"
NATIONAL = FIXTURES / "nmpowell_national_intensity_pt24h_2023-03-15T0101Z.json"

DAY = dt.date(2023, 3, 14)  # GMT: the London day is 00:00Z to 24:00Z
T0 = day_bounds(DAY)[0]


def _epoch(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def london_intensity() -> IntensitySeries:
    """Region C (London, Carbon Intensity region 13) from the recorded file."""
    with REGIONAL.open(newline="") as f:
        rows = list(csv.DictReader(f))
    return as_intensity({"region": "C", "start": rows[0]["from_utc"], "step_seconds": 1800,
                         "values": [int(r["r13_london"]) for r in rows]})


def day_series(values: dict[int, float], default: float | None = 0.0, n: int = 48) -> Series:
    """Electricity on 14 March 2023: ``values`` by half-hour index, ``default`` elsewhere."""
    return Series("electricity", T0, tuple(values.get(i, default) for i in range(n)))


def test_fixture_reads_as_96_contiguous_half_hours():
    ci = london_intensity()
    assert ci.start == _epoch("2023-03-13T23:30Z")
    assert len(ci.values) == 96
    assert ci.window(T0, T0 + 2 * HALF_HOUR) == (92, 93)


def test_three_half_hours_match_a_hand_calculation():
    # London intensity, read off the file: 02:00Z 79, 12:00Z 124, 18:30Z 251 gCO2/kWh.
    # 1 × 79 + 0.5 × 124 + 2 × 251 = 79 + 62 + 502 = 643 g = 0.643 kg.
    series = day_series({4: 1.0, 24: 0.5, 37: 2.0})
    r = emissions_report(series, london_intensity(), shift_percent=0)
    assert r.totals.kg == pytest.approx(0.643, abs=1e-9)
    assert r.totals.kwh == pytest.approx(3.5)
    # (79 + 62 + 502) / 3.5 kWh
    assert r.totals.your_intensity == pytest.approx(643 / 3.5, abs=1e-3)


def test_flat_use_over_the_day_matches_a_hand_sum():
    # The 48 London values on 14 March sum to 6970 (added up by hand from the file),
    # so 0.5 kWh every half-hour emits 0.5 × 6970 g = 3.485 kg, and the plain
    # average intensity is 6970 / 48 = 145.2083 g/kWh.
    series = day_series({}, default=0.5)
    r = emissions_report(series, london_intensity(), shift_percent=0)
    t = r.totals
    assert t.kg == pytest.approx(3.485, abs=1e-9)
    assert t.average_intensity == pytest.approx(145.208, abs=1e-3)
    assert t.your_intensity == pytest.approx(t.average_intensity, abs=1e-3)
    assert t.flat_kg == pytest.approx(3.485, abs=1e-9)
    assert t.timing_score_percent == 0
    assert t.complete is True


def test_timing_score_rewards_the_greenest_half_hour():
    # All 2 kWh at 02:00Z (79 g/kWh, the day's lowest) vs the 145.208 average.
    r = emissions_report(day_series({4: 2.0}), london_intensity(), shift_percent=0)
    t = r.totals
    assert t.your_intensity == pytest.approx(79)
    assert t.flat_kg == pytest.approx(2 * 6970 / 48 / 1000, abs=1e-6)
    assert t.timing_score_percent == pytest.approx((6970 / 48 - 79) / (6970 / 48) * 100, abs=0.01)


def test_typical_home_emissions_use_its_shape_scaled_to_the_same_kwh():
    ci = london_intensity()
    r = emissions_report(day_series({}, default=0.5), ci, shift_percent=0)
    shape = typical_day("MAM", weekend=False)  # 14 March 2023 was a Tuesday
    expected_g = 24 * sum(w * i for w, i in zip(shape, ci.window(T0, T0 + 48 * HALF_HOUR), strict=True))
    assert r.totals.profile_kg == pytest.approx(expected_g / 1000, abs=1e-6)
    # A typical home leans into the dirtier evening, so it meets more than the flat average.
    assert r.totals.profile_intensity > r.totals.average_intensity


def test_gaps_on_either_side_are_counted_not_filled():
    ci = london_intensity()
    # 15 March: intensity covers 00:00Z-23:30Z only (47 of 48 half-hours).
    values = [0.5] * 96
    values[10] = None  # a missing reading on the 14th
    series = Series("electricity", T0, tuple(values))
    r = emissions_report(series, ci, shift_percent=0)
    d14, d15 = r.days
    assert (d14.expected, d14.counted, d14.missing_consumption, d14.missing_intensity) == (48, 47, 1, 0)
    assert (d15.expected, d15.counted, d15.missing_consumption, d15.missing_intensity) == (48, 47, 0, 1)
    assert d15.kwh_without_intensity == 0.5
    assert d15.kwh == pytest.approx(23.5)
    assert r.totals.complete is False
    assert r.totals.counted == 94


def test_national_actuals_adapter_reads_the_recorded_response():
    data = json.loads(NATIONAL.read_text())["data"]
    national = as_intensity({"region": "national", "start": data[0]["from"],
                             "values": [d["intensity"]["forecast"] for d in data],
                             "actual": [d["intensity"]["actual"] for d in data]}, kind="actual")
    assert national.kind == "actual"
    assert national.start == _epoch("2023-03-14T01:00Z")
    assert national.values[:3] == (81, 73, 69)  # actuals, not the forecasts 82, 82, 80
    # 1 kWh at 01:00Z and 01:30Z: 81 + 73 = 154 g.
    r = emissions_report(day_series({2: 1.0, 3: 1.0}), national, shift_percent=0)
    assert r.totals.kg == pytest.approx(0.154)
    assert r.totals.missing_intensity == 2  # 00:00Z and 00:30Z precede the response


def test_adapter_accepts_an_object_with_start_and_values():
    class Feed:
        start = T0
        values = (100, None, 300)
        region = "C"

    ci = as_intensity(Feed())
    assert ci.values == (100.0, None, 300.0) and ci.region == "C" and ci.kind == "forecast"
    with pytest.raises(ValueError, match="half-hourly"):
        as_intensity({"start": T0, "step_seconds": 3600, "values": [1]})
    with pytest.raises(ValueError, match="offset"):
        as_intensity({"start": "2023-03-14T00:00", "values": [1]})


def test_shift_moves_from_dirtiest_to_greenest_quarter():
    # Four half-hours of 1 kWh at 100/200/300/400 g/kWh; 25 % of 4 kWh = 1 kWh
    # leaves the 400 half-hour for the greenest quarter (one half-hour, 100):
    # 1000 − 400 + 100 = 700 g.
    grams, moved = _shift_day([(1.0, 100.0), (1.0, 200.0), (1.0, 300.0), (1.0, 400.0)], 0.25)
    assert grams == 700
    assert moved == 1


def test_shift_never_takes_more_than_a_half_hour_used():
    # 50 % of 2 kWh = 1 kWh; the dirtiest half-hour has only 0.25, the next 0.75.
    grams, moved = _shift_day([(1.0, 100.0), (0.75, 300.0), (0.25, 400.0), (0.0, 50.0)], 0.5)
    # Receiver: the 50 g/kWh half-hour (greenest quarter, 1 of 4).
    assert moved == 1
    assert grams == pytest.approx(100 + 225 + 100 - 225 - 100 + 50)


@given(st.lists(st.tuples(st.floats(0, 5), st.floats(0, 900)), min_size=0, max_size=50),
       st.floats(0, 1))
def test_shift_saves_carbon_and_moves_at_most_the_share(pairs, share):
    before = sum(q * i for q, i in pairs)
    after, moved = _shift_day(pairs, share)
    assert after <= before + 1e-6 * (1 + before)
    assert moved <= share * sum(q for q, _ in pairs) + 1e-9


def test_report_periods_add_up():
    ci = london_intensity()
    series = Series("electricity", T0, tuple(0.2 + 0.01 * (i % 7) for i in range(96)))
    r = emissions_report(series, ci, shift_percent=30, day="2023-03-14")
    assert [y.key for y in r.years] == ["2023"]
    assert [m.key for m in r.months] == ["2023-03"]
    assert sum(d.kg for d in r.days) == pytest.approx(r.totals.kg, abs=1e-5)
    assert r.shift.saving_kg > 0
    assert len(r.half_hours) == 48
    hh = r.half_hours[36]
    assert isoformat_utc(hh.start_utc) == "2023-03-14T18:00:00Z" and hh.intensity == 242
    assert hh.kg == pytest.approx(hh.kwh * 242 / 1000)


def test_a_chosen_periods_shift_what_if_covers_only_its_days():
    ci = london_intensity()
    series = Series("electricity", T0, tuple(0.2 + 0.01 * (i % 7) for i in range(96)))
    first = emissions_report(series, ci, shift_percent=30, period=(DAY, DAY))
    second_day = DAY + dt.timedelta(days=1)
    second = emissions_report(series, ci, shift_percent=30, period=(second_day, second_day))
    for r in (first, second):
        assert r.period.shift.percent == 30
        assert r.period.shift.kg_before == r.period.totals.kg  # the period's own emissions, not all the data's
        assert 0 < r.period.shift.saving_kg < r.shift.saving_kg
    # Each day's use moves within that day, so the days' what-ifs add up to the whole data's.
    assert first.period.shift.kg_before + second.period.shift.kg_before == pytest.approx(first.shift.kg_before,
                                                                                          abs=1e-5)
    assert first.period.shift.saving_kg + second.period.shift.saving_kg == pytest.approx(first.shift.saving_kg,
                                                                                          abs=1e-5)
    assert first.period.shift.kwh_moved + second.period.shift.kwh_moved == pytest.approx(first.shift.kwh_moved,
                                                                                          abs=1e-5)


def test_days_sum_to_the_total_tally():
    ci = london_intensity()
    series = Series("electricity", T0, tuple(0.3 for _ in range(96)))
    days = carbon_days(series, ci, DAY, DAY + dt.timedelta(days=1), shift_percent=10)
    total = sum_tallies("all", days)
    assert total.grams == pytest.approx(sum(d.grams for d in days))
    assert total.counted == 95


def test_gas_uses_the_stated_factor():
    gas = Series("gas", T0, (1.0, None, 2.0) + (0.0,) * 45)
    r = gas_emissions_report(gas)
    assert r.totals.kg == pytest.approx(3.0 * GAS_FACTOR.kg_per_kwh)
    assert r.totals.missing == 1
    assert "gross CV" in r.factor.source
    with pytest.raises(ValueError, match="fixed factor"):
        emissions_report(gas, london_intensity())


def test_bad_shift_share_is_refused():
    with pytest.raises(ValueError, match="between 0 and 100"):
        emissions_report(day_series({}), london_intensity(), shift_percent=120)


def test_yearly_parts_join_into_one_series():
    a = IntensitySeries("C", T0, (1.0, 2.0))
    b = IntensitySeries("C", T0 + 3 * HALF_HOUR, (4.0, None))
    c = IntensitySeries("C", T0 + 4 * HALF_HOUR, (5.0,))
    joined = join_intensity([b, a, c])
    assert joined.start == T0 and joined.values == (1.0, 2.0, None, 4.0, 5.0)
    with pytest.raises(ValueError, match="two different"):
        join_intensity([a, IntensitySeries("C", T0 + HALF_HOUR, (3.0,))])
    with pytest.raises(ValueError, match="share region"):
        join_intensity([a, IntensitySeries("A", T0, (1.0,))])
