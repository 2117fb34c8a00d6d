"""What-if devices on small half-hourly series: bounds, losses, gaps, energy kept (CPython and Pyodide)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyruntime.errors import InvalidField
from pyruntime.timeseries.londontime import day_start
from pyruntime.whatif.battery import Battery, Market, run_day_ahead, run_optimal, run_timer
from pyruntime.whatif.clock import parse_window
from pyruntime.whatif.ev import Ev, charge_ev
from pyruntime.whatif.heatpump import HeatPump, replace_boiler
from pyruntime.whatif.shift import Shift, shift_load
from pyruntime.whatif.solar import Panels

START = day_start(dt.date(2023, 6, 1))
DAYS = 3
N = 48 * DAYS
# Cheap nights, dear tea-times, a real-looking shape.
BUY = [7.5 if (i % 48) < 10 else 35.0 if 32 <= (i % 48) < 38 else 24.0 for i in range(N)]
LOAD = [0.3 if (i % 48) < 14 else 0.9 if 32 <= (i % 48) < 40 else 0.45 for i in range(N)]


def _check_run(run, battery, load, surplus):
    assert all(-1e-9 <= s <= battery.capacity_kwh + 1e-9 for s in run.stored)
    assert run.losses_kwh == pytest.approx(run.charged_kwh * (1 - battery.efficiency))
    # Energy balance: what went in, less losses, came out or is still stored.
    assert run.charged_kwh * battery.efficiency - run.discharged_kwh == pytest.approx(run.stored[-1], abs=1e-6)
    for q, _s, i, e in zip(load, surplus, run.grid_import, run.grid_export, strict=True):
        if q is None:
            assert i is None and e is None
        else:
            assert i >= 0 and e >= 0 and min(i, e) == 0


def test_timer_charges_at_night_and_covers_the_day():
    battery = Battery(5, 3, 0.9)
    run = run_timer(battery, LOAD, [0.0] * N, Market(BUY, [0.0] * N), START)
    _check_run(run, battery, LOAD, [0.0] * N)
    assert run.from_grid_kwh > 0
    night = [i for i in range(N) if i % 48 < 10]
    assert sum(run.grid_import[i] for i in night) > sum(LOAD[i] for i in night)  # charging in the cheap hours
    assert run.grid_import[10] == 0.0  # and covering the morning from the battery
    assert run.cycles == pytest.approx(run.discharged_kwh / 5)


def test_no_grid_charging_and_no_export_without_the_tariffs():
    battery = Battery(5, 3, 0.9)
    market = Market(BUY, [0.0] * N, grid_charging=False, battery_export=False)
    for run in (run_optimal(battery, LOAD, [0.0] * N, market), run_day_ahead(battery, LOAD, [0.0] * N, market, START)):
        assert run.charged_kwh == pytest.approx(0.0, abs=1e-9)
        assert run.exported_kwh == pytest.approx(0.0, abs=1e-9)


def test_gaps_stay_gaps_and_the_battery_rests_in_them():
    load = list(LOAD)
    load[40:44] = [None] * 4
    battery = Battery(5, 3, 0.9)
    for run in (run_timer(battery, load, [0.0] * N, Market(BUY, [0.0] * N), START),
                run_optimal(battery, load, [0.0] * N, Market(BUY, [0.0] * N))):
        assert run.grid_import[40:44] == (None,) * 4
        assert run.stored[39] == run.stored[43]


@settings(max_examples=25, deadline=None)
@given(
    prices=st.lists(st.floats(-10, 60), min_size=N, max_size=N),
    cap=st.floats(1, 15), power=st.floats(0.5, 6), eta=st.floats(0.6, 1.0),
    export=st.booleans(),
)
def test_day_ahead_and_timer_never_beat_perfect_foresight(prices, cap, power, eta, export):
    battery = Battery(cap, power, eta)
    sell = [min(5.0, p) for p in prices] if export else [0.0] * N
    surplus = [0.8 if 20 <= i % 48 < 28 else 0.0 for i in range(N)]
    market = Market(prices, sell, grid_charging=True, battery_export=export)
    best = run_optimal(battery, LOAD, surplus, market)
    ahead = run_day_ahead(battery, LOAD, surplus, market, START)
    timer = run_timer(battery, LOAD, surplus, market, START)
    for run in (best, ahead, timer):
        _check_run(run, battery, LOAD, surplus)
    assert ahead.model_cost_p >= best.model_cost_p - 1e-6 * (1 + abs(best.model_cost_p))
    assert timer.model_cost_p >= best.model_cost_p - 1e-6 * (1 + abs(best.model_cost_p))


@pytest.mark.parametrize(("bad", "field"), [
    ({"capacity_kwh": -1, "power_kw": 3, "efficiency": 0.9}, "capacity_kwh"),
    ({"capacity_kwh": 5, "power_kw": 0, "efficiency": 0.9}, "power_kw"),
    ({"capacity_kwh": 5, "power_kw": 3, "efficiency": 1.2}, "efficiency"),
    ({"capacity_kwh": 5000, "power_kw": 3, "efficiency": 0.9}, "capacity_kwh"),
    ({"capacity_kwh": 5, "power_kw": 3, "efficiency": 0.9, "cost_gbp": -1}, "cost_gbp"),
])
def test_absurd_batteries_are_refused_with_a_message_for_the_field(bad, field):
    with pytest.raises(InvalidField, match=field.split("_")[0]) as caught:
        Battery(**bad)
    assert caught.value.field == field and caught.value.kind == "bad_input"
    assert caught.value.detail() == {"field": field}


@pytest.mark.parametrize(("make", "field"), [
    (lambda: Ev(0, 3.5, 7, (46, 14)), "miles_per_year"),
    (lambda: Ev(7000, 20, 7, (46, 14)), "miles_per_kwh"),
    (lambda: Ev(7000, 3.5, 50, (46, 14)), "charger_kw"),
    (lambda: Shift(120, 0, 2, (0, 14)), "percent"),
    (lambda: Shift(10, 500, 2, (0, 14)), "kwh_per_day"),
    (lambda: Shift(10, 0, 30, (0, 14)), "hours"),
    (lambda: HeatPump(1.5), "boiler_efficiency"),
    (lambda: HeatPump(0.9, (3.0,) * 11), "cop"),
    (lambda: Panels(0), "kwp"),
    (lambda: Panels(4, facing="UP"), "facing"),
    (lambda: Panels(4, tilt_deg=120), "tilt_deg"),
    (lambda: Panels(4, cost_gbp=float("nan")), "cost_gbp"),
    (lambda: parse_window("2500-0100"), "window"),
])
def test_every_device_refuses_a_bad_setting_with_a_typed_error_naming_it(make, field):
    with pytest.raises(InvalidField) as caught:
        make()
    assert caught.value.field == field and caught.value.message


def test_a_region_the_household_never_had_is_a_bug_not_a_users_mistake():
    with pytest.raises(ValueError) as caught:
        Panels(4, region="Z")
    assert not isinstance(caught.value, InvalidField)


def test_windows_parse_wrap_and_refuse_zero_hours():
    assert parse_window("2330-0530") == (47, 11)
    with pytest.raises(InvalidField, match="zero hours"):
        parse_window("0100-0100")
    with pytest.raises(InvalidField, match="HHMM"):
        parse_window("11pm-6am")


def test_ev_charges_each_night_in_the_cheapest_half_hours():
    ev = Ev(7300, 3.65, 7.0, parse_window("1800-0800"))  # 5.48 kWh a day
    run = charge_ev(ev, LOAD, BUY, START)
    assert run.short_kwh == 0
    assert run.kwh == pytest.approx(ev.kwh_per_day * run.sessions)
    # Every session that spans a night charges in its 7.5p half-hours; the last, cut off at midnight, cannot.
    charged = [i % 48 for i, a in enumerate(run.added) if a and i < 48 * (DAYS - 1) + 16]
    assert charged and all(s < 10 for s in charged)


def test_ev_window_too_short_reports_the_shortfall():
    ev = Ev(20000, 2.0, 3.0, parse_window("0100-0200"))
    run = charge_ev(ev, LOAD, BUY, START)
    assert run.short_kwh > 0


def test_shift_keeps_the_energy_and_moves_it_into_cheap_hours():
    shift = Shift(20, 0, 2, parse_window("0000-0700"))
    out = shift_load(shift, LOAD, BUY, START)
    assert sum(out.values) == pytest.approx(sum(LOAD))
    assert out.moved_kwh > 0
    assert all(v >= 0 for v in out.values)


def test_heat_pump_turns_gas_into_electricity_by_month():
    gas = [1.0, None, 2.0]
    run = replace_boiler(HeatPump(0.9, (3.0,) * 12), gas, START)
    assert run.added == (pytest.approx(0.3), None, pytest.approx(0.6))
    assert run.electricity_kwh == pytest.approx(0.9)
    with pytest.raises(InvalidField, match="boiler"):
        HeatPump(1.5)


def test_what_the_lab_keeps_is_bounded_and_made_once_per_key():
    from pyruntime.whatif.memory import Kept

    made = []
    kept = Kept(2)

    def make(x):
        made.append(x)
        return x * 10

    assert [kept.get(k, lambda k=k: make(k)) for k in (1, 2, 1, 3, 1)] == [10, 20, 10, 30, 10]
    assert made == [1, 2, 3, 1]  # 1 made again: 3 pushed out the oldest
    assert len(kept) == 2


def test_a_session_forgets_what_the_lab_kept():
    from pyruntime.session import Session

    session = Session()
    session.lab.slots.get((0, 48), lambda: tuple(range(48)))
    session.forget()
    assert len(session.lab.slots) == 0


def test_day_ahead_uses_only_the_prices_known_at_each_16_00():
    """Its plan made at 16:00 on 1 June runs to 16:00 on 2 June and sees prices to 23:00 on 2 June only: prices
    after that cannot change what it did before 16:00 on 2 June; its next plan, seeing them, does change."""
    battery = Battery(5, 3, 0.9)
    known_to, acted_to = 48 + 46, 48 + 32  # 23:00 and 16:00 on 2 June (no clock change in June)
    later = list(BUY[:known_to]) + [500.0] * (N - known_to)  # a price spike nobody could know about on 1 June
    ahead = [run_day_ahead(battery, LOAD, [0.0] * N, Market(p, [0.0] * N, grid_charging=True), START)
             for p in (BUY, later)]
    assert ahead[0].grid_import[:acted_to] == ahead[1].grid_import[:acted_to]
    assert ahead[0].stored[:acted_to] == ahead[1].stored[:acted_to]
    assert ahead[0].grid_import[acted_to:] != ahead[1].grid_import[acted_to:]  # once known, the spike is planned for


def test_solar_surplus_fills_the_battery_first_and_only_the_rest_is_exported():
    """Panels' surplus after the home's own use: into the battery, then exported (an export tariff paying less
    than the import it saves later)."""
    battery = Battery(5, 3, 0.9)
    surplus = [2.0 if 20 <= i % 48 < 28 else 0.0 for i in range(48)]  # panels' output [kWh], 10:00–14:00
    market = Market(BUY[:48], [5.0] * 48, grid_charging=False, battery_export=False)
    run = run_timer(battery, LOAD[:48], surplus, market, START)
    _check_run(run, battery, LOAD[:48], surplus)
    assert run.from_grid_kwh == 0
    assert run.charged_kwh == pytest.approx(5 / 0.9)  # filled from the panels alone (losses on charging)
    spare = sum(max(0.0, g - q) for g, q in zip(surplus, LOAD[:48], strict=True))  # after the home's own use
    assert sum(run.grid_export) == pytest.approx(spare - 5 / 0.9)  # the rest sold
    assert all(e == 0 for e in run.grid_export[:20])  # nothing exported before there was surplus


def test_the_timer_exports_a_surplus_that_would_be_worth_less_stored():
    """A stored kWh is worth the import it displaces after the round trip's losses: without grid charging that is
    the day's mean rate (about 22p here); at 50 % round trip a 15p export earns more, so the surplus is exported;
    at 90 % it is stored."""
    surplus = [2.0 if 20 <= i % 48 < 28 else 0.0 for i in range(48)]
    market = Market(BUY[:48], [15.0] * 48, grid_charging=False, battery_export=False)
    spare = sum(max(0.0, g - q) for g, q in zip(surplus, LOAD[:48], strict=True))
    lossy = run_timer(Battery(5, 3, 0.5), LOAD[:48], surplus, market, START)
    _check_run(lossy, Battery(5, 3, 0.5), LOAD[:48], surplus)
    assert lossy.charged_kwh == 0 and sum(lossy.grid_export) == pytest.approx(spare)
    good = run_timer(Battery(5, 3, 0.9), LOAD[:48], surplus, market, START)
    assert good.charged_kwh == pytest.approx(5 / 0.9) and sum(good.grid_export) == pytest.approx(spare - 5 / 0.9)
    # Export dearer than storing in some half-hours only: those are sold, the rest stored.
    peaks = Market(BUY[:48], [15.0 if i < 24 else 5.0 for i in range(48)], grid_charging=False, battery_export=False)
    mixed = run_timer(Battery(5, 3, 0.5), LOAD[:48], surplus, peaks, START)
    assert all(c == 0 for c in mixed.charge[:24]) and sum(mixed.charge[24:]) > 0
