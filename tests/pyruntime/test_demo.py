import datetime as dt

from pyruntime.household.demo import DEMO_GAPS, DEMO_YEAR, demo_household
from pyruntime.timeseries.aggregate import daily_totals, group_by_month
from pyruntime.timeseries.londontime import day_bounds

HOUSEHOLD = demo_household()


def monthly(fuel):
    s = HOUSEHOLD[fuel]
    return {m.key: m for m in group_by_month(daily_totals(s, dt.date(DEMO_YEAR, 1, 1), dt.date(DEMO_YEAR, 12, 31)))}


def test_covers_the_london_calendar_year_with_both_clock_changes():
    for s in HOUSEHOLD.values():
        assert s.start == day_bounds(dt.date(2023, 1, 1))[0]
        assert s.end == day_bounds(dt.date(2023, 12, 31))[1]
        assert len(s.values) == 365 * 48  # one day of 46 and one of 50


def test_is_deterministic():
    assert demo_household() == HOUSEHOLD


def test_has_the_documented_gaps_and_no_others():
    for fuel in HOUSEHOLD:
        expected_missing = sum(n for f, _, n in DEMO_GAPS if f == fuel)
        s = HOUSEHOLD[fuel]
        assert len(s.values) - s.present == expected_missing


def test_readings_are_meter_resolution_and_never_negative():
    for s in HOUSEHOLD.values():
        for v in s.values:
            assert v is None or (v >= 0 and round(v, 3) == v)


def test_believable_seasonal_shape():
    gas, export, elec = monthly("gas"), monthly("export"), monthly("electricity")
    assert gas["2023-01"].average_daily_kwh > 3 * gas["2023-07"].average_daily_kwh
    assert export["2023-06"].kwh > 10 * export["2023-12"].kwh
    assert elec["2023-12"].average_daily_kwh > elec["2023-06"].average_daily_kwh
    annual_gas = sum(m.kwh for m in gas.values())
    annual_elec = sum(m.kwh for m in elec.values())
    assert 8000 < annual_gas < 15000  # a gas-heated three-bedroom home
    assert 2000 < annual_elec < 5000


def test_solar_export_happens_in_daylight_only():
    s = HOUSEHOLD["export"]
    # 21 June 2023: nothing exported at 01:00 local, something at 13:00.
    start = day_bounds(dt.date(2023, 6, 21))[0]
    assert s.window(start + 2 * 1800, start + 3 * 1800) == [0.0]
    assert s.window(start + 26 * 1800, start + 27 * 1800)[0] > 0
