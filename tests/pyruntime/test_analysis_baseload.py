"""Baseload on a known constant load, and the overnight gas check with and without a flow."""

from __future__ import annotations

import datetime as dt

import pytest

from pyruntime.analysis.baseload import HOURS_PER_YEAR
from pyruntime.analysis.profile import profile_report
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, local_datetime
from pyruntime.timeseries.series import Series

FIRST, LAST = dt.date(2023, 3, 1), dt.date(2023, 4, 30)  # spans the spring clock change


def synthetic(fuel: str, first: dt.date, last: dt.date, fn) -> Series:
    """A series whose half-hour value is ``fn(local datetime, index)``."""
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    return Series(fuel, start, tuple(fn(local_datetime(t), n) for n, t in enumerate(range(start, end, HALF_HOUR))))


def with_always_on(local: dt.datetime, n: int) -> float:
    """0.1 kWh every half-hour (200 W), plus activity: mornings, evenings, a
    night-time dishwasher twice a week, and solar taking import to zero at midday."""
    h = local.hour
    extra = 0.0
    if 7 <= h < 9 or 17 <= h < 22:
        extra += 0.4 + 0.1 * (n % 3)
    if local.weekday() in (1, 4) and h == 1:
        extra += 0.8
    if 11 <= h < 14:
        return 0.0  # solar covers everything
    return 0.1 + extra


def test_baseload_recovers_a_known_constant_load():
    r = profile_report(synthetic("electricity", FIRST, LAST, with_always_on), price_p_per_kwh=25.0)
    b = r.baseload
    assert b.watts == pytest.approx(200.0)
    assert b.days == 61
    assert b.kwh_per_year == pytest.approx(0.2 * HOURS_PER_YEAR, abs=0.1)
    assert r.baseload_cost_per_year_p == pytest.approx(0.2 * HOURS_PER_YEAR * 25, abs=1)
    assert [m for m, _, _ in b.monthly] == ["2023-03", "2023-04"]
    assert r.overnight_gas is None


def test_baseload_needs_night_readings():
    def nights_missing(local: dt.datetime, n: int) -> float | None:
        return None if local.hour < 5 else 0.3

    r = profile_report(synthetic("electricity", FIRST, LAST, nights_missing))
    assert r.baseload is None and r.baseload_cost_per_year_p is None


def gas(flow: float):
    """Heating 06:00-09:00 and 17:00-22:00; ``flow`` kWh every half-hour all the time."""

    def fn(local: dt.datetime, n: int) -> float:
        heating = 2.0 if 6 <= local.hour < 9 or 17 <= local.hour < 22 else 0.0
        return heating + flow

    return fn


def test_overnight_gas_check_flags_a_continuous_flow():
    # 0.05 kWh per half-hour = 100 W, the size of a pilot light.
    r = profile_report(synthetic("gas", FIRST, LAST, gas(0.05)), price_p_per_kwh=6.0)
    c = r.overnight_gas
    assert c.status == "possible_continuous_flow"
    assert c.nights == 28 and c.flowing == 28
    assert c.last_night == "2023-04-30"
    assert c.typical_kwh * 2000 == pytest.approx(100.0)  # W
    assert c.typical_kwh * 48 == pytest.approx(2.4)  # kWh a day
    assert r.overnight_cost_per_year_p == pytest.approx(2.4 * 365.25 * 6, abs=1)
    assert r.baseload is None


def test_overnight_gas_check_passes_a_boiler_that_is_off_at_night():
    r = profile_report(synthetic("gas", FIRST, LAST, gas(0.0)))
    c = r.overnight_gas
    assert c.status == "ok"
    assert c.flowing == 0 and c.typical_kwh is None and r.overnight_cost_per_year_p is None


def test_overnight_gas_check_ignores_a_few_cold_nights():
    def some_frost(local: dt.datetime, n: int) -> float:
        frost = 0.3 if local.day % 5 == 0 else 0.0  # frost protection on one night in five
        return gas(0.0)(local, n) + frost

    c = profile_report(synthetic("gas", FIRST, LAST, some_frost)).overnight_gas
    assert c.status == "ok" and 0 < c.flowing < 28


def test_overnight_gas_check_wants_two_weeks_of_nights():
    c = profile_report(synthetic("gas", FIRST, FIRST + dt.timedelta(days=9), gas(0.05))).overnight_gas
    assert c.status == "not_enough_data" and c.nights == 10
