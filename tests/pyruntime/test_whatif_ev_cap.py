"""Intelligent Octopus Go's six-hour cap on the car's cheap charging, in the EV model (CPython and Pyodide)."""

from __future__ import annotations

import datetime as dt

import pytest

from pyruntime.pricing.history import Agreement, TariffHistory
from pyruntime.pricing.tariff import FlatRate, Tariff
from pyruntime.timeseries.londontime import HALF_HOUR, day_start
from pyruntime.whatif.clock import parse_window
from pyruntime.whatif.ev import Ev, charge_ev, smart_charge_cap

START = day_start(dt.date(2023, 6, 1))
DAYS = 4
N = 48 * DAYS
LOAD = [0.4] * N


def _rates(cheap_from: int, cheap_to: int) -> list[float]:
    """7 p/kWh in the clock slots [cheap_from, cheap_to) (wrapping past midnight), 30 p/kWh otherwise."""
    def cheap(s: int) -> bool:
        return cheap_from <= s < cheap_to if cheap_from < cheap_to else s >= cheap_from or s < cheap_to
    return [7.0 if cheap(i % 48) else 30.0 for i in range(N)]


IOG = _rates(47, 11)  # Intelligent Go's 23:30–05:30: 12 cheap half-hours a night
LONG = _rates(44, 16)  # a capped product with 22:00–08:00 cheap: 20 a night
CAP = (12,) * N


def _cheap_half_hours_per_night(run, rates):
    nights: dict[int, int] = {}
    for i, a in enumerate(run.added):
        if a and rates[i] == 7.0:
            nights[(i - 24) // 48] = nights.get((i - 24) // 48, 0) + 1  # midday to midday
    return nights


def test_on_intelligent_gos_six_hour_window_the_cap_changes_nothing():
    ev = Ev(50_000, 3.0, 7.0, parse_window("1800-0800"))  # 45.7 kWh a day: more than the 6 hours hold
    free, capped = charge_ev(ev, LOAD, IOG, START), charge_ev(ev, LOAD, IOG, START, cap=CAP)
    assert capped == free
    assert capped.capped_half_hours == 0
    assert max(_cheap_half_hours_per_night(capped, IOG).values()) == 12


def test_a_longer_cheap_window_on_a_capped_product_gives_the_car_six_cheap_hours_a_day():
    ev = Ev(36_500, 3.0, 3.5, parse_window("1800-1200"))  # 33.3 kWh a day at 1.75 kWh a half-hour: 20 of them
    free, capped = charge_ev(ev, LOAD, LONG, START), charge_ev(ev, LOAD, LONG, START, cap=CAP)
    assert max(_cheap_half_hours_per_night(free, LONG).values()) == 20
    assert max(_cheap_half_hours_per_night(capped, LONG).values()) == 12
    assert capped.capped_half_hours > 0
    # The car still gets its energy: the rest goes into the window's standard-rate half-hours.
    assert capped.kwh == pytest.approx(free.kwh) and capped.short_kwh == pytest.approx(free.short_kwh)
    cost = sum(a * r for a, r in zip(capped.added, LONG, strict=True) if a)
    assert cost > sum(a * r for a, r in zip(free.added, LONG, strict=True) if a)


def test_gaps_stay_gaps_under_the_cap():
    load = [None if 2 <= i % 48 <= 5 else q for i, q in enumerate(LOAD)]
    run = charge_ev(Ev(36_500, 3.0, 3.5, parse_window("1800-1200")), load, LONG, START, cap=CAP)
    assert all(a is None for a, q in zip(run.added, load, strict=True) if q is None)


def _tariff(product: str) -> Tariff:
    return Tariff(f"E-1R-{product}-C", product, "electricity", FlatRate(20.0), product_code=product, region="C",
                  source="feed")


def test_only_half_hours_priced_by_a_capped_product_version_are_capped():
    switch = START + 2 * 48 * HALF_HOUR
    history = TariffHistory((Agreement(_tariff("INTELLI-VAR-22-10-14"), None, switch),
                             Agreement(_tariff("IOG-SMB-VAR-24-10-29"), switch, None)))
    cap = smart_charge_cap(history, START, N)
    assert cap is not None
    assert set(cap[:96]) == {None} and set(cap[96:]) == {12}
    assert smart_charge_cap(_tariff("INTELLI-VAR-22-10-14"), START, N) is None
    assert smart_charge_cap(_tariff("IOG-SMB-VAR-24-10-29"), START, N) == CAP


def test_the_lab_applies_the_cap_only_to_the_capped_product_and_only_where_it_binds():
    """Same rates, two product codes: the lab's EV costs more on the capped one only where the cheap
    window is longer than six hours (on Intelligent Go's own 23:30–05:30 both cost the same)."""
    from pyruntime.pricing.tariff import ArrayRates
    from pyruntime.whatif.lab import Inputs, Offer, Settings, run_whatif
    from tests.pyruntime.sample_feeds import sample_session

    session = sample_session()
    home = session.use("demo")
    first, last = dt.date(2023, 6, 1), dt.date(2023, 6, 14)
    start, days = day_start(first), (last - first).days + 1

    def offer(product: str, cheap_from: int, cheap_to: int) -> Offer:
        def cheap(s: int) -> bool:
            return s >= cheap_from or s < cheap_to
        values = tuple(7.0 if cheap(i % 48) else 30.0 for i in range(48 * days))
        tariff = Tariff(f"E-1R-{product}-C", product, "electricity", ArrayRates(start, values),
                        product_code=product, region="C", source="feed")
        return Offer(f"{product}-{cheap_from}", product, tariff)

    offers = (offer("IOG-SMB-VAR-24-10-29", 44, 16), offer("INTELLI-VAR-22-10-14", 44, 16),
              offer("IOG-SMB-VAR-24-10-29", 47, 11), offer("INTELLI-VAR-22-10-14", 47, 11))
    inputs = Inputs(first, last, home.series["electricity"], None, None, offers, (), None, None)
    out = run_whatif(inputs, Settings.from_params(
        {"battery": "0", "ev_miles": "36500", "ev_eff": "3", "ev_kw": "3.5", "ev_window": "1800-1200"}, "C"))
    after = {r.key: r.after_p for r in out.rows}
    assert after["IOG-SMB-VAR-24-10-29-44"] > after["INTELLI-VAR-22-10-14-44"]
    assert after["IOG-SMB-VAR-24-10-29-47"] == pytest.approx(after["INTELLI-VAR-22-10-14-47"])
    assert len({round(r.ev_short_kwh, 9) for r in out.rows}) == 1  # the car gets the same energy on each
