"""The perfect-foresight battery against a linear-programming oracle on real Agile days (CPython only).

The LP solves the continuous model of ``pyruntime.whatif.battery`` (stored
energy any real number, charge and discharge any amounts within the power
limit) with SciPy's HiGHS. The optimiser in the browser moves on a grid of
levels, so it can only cost more; it must cost at most 0.5 % more, and the
day-ahead controller must never beat it.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from pyruntime.whatif.battery import Battery, Market, run_day_ahead, run_optimal, run_timer

FIXTURE = Path(__file__).parents[1] / "fixtures" / "whatif" / "agile_days_2023.csv"


def _days() -> dict[str, dict]:
    rows = list(csv.reader(line for line in FIXTURE.read_text().splitlines() if not line.startswith("#")))[1:]
    days: dict[str, dict] = {}
    for t, buy, sell, load in rows:
        start = int(dt.datetime.strptime(t, "%Y-%m-%dT%H:%MZ").replace(tzinfo=dt.UTC).timestamp())
        day = dt.datetime.fromtimestamp(start, dt.UTC).date().isoformat()  # UTC day: each London day here is one
        d = days.setdefault(day, {"start": start, "buy": [], "sell": [], "load": []})
        d["buy"].append(float(buy))
        d["sell"].append(float(sell))
        d["load"].append(float(load))
    return days


DAYS = _days()


def lp_optimum(battery: Battery, load, surplus, market: Market) -> float:
    """Least model cost [p] over continuous charge/discharge, stored energy in [0, capacity]."""
    n = len(load)
    eta, cap, step = battery.efficiency, battery.capacity_kwh, battery.step_kwh
    # variables: c (n), e (n), imp (n), exp (n)
    buy = np.array(market.buy)
    sell = np.minimum(np.array(market.sell), buy)  # the LP needs sell <= buy to stay bounded
    cost = np.concatenate([np.zeros(2 * n), buy, -sell])
    b = np.array(load) - np.array(surplus)
    a_eq = np.zeros((n, 4 * n))
    for t in range(n):  # imp - exp - c + e = b
        a_eq[t, 2 * n + t], a_eq[t, 3 * n + t], a_eq[t, t], a_eq[t, n + t] = 1, -1, -1, 1
    lower = np.tril(np.ones((n, n)))  # stored after t = sum_{u<=t} eta c_u - e_u
    a_ub = np.vstack([np.hstack([eta * lower, -lower, np.zeros((n, 2 * n))]),
                      np.hstack([-eta * lower, lower, np.zeros((n, 2 * n))])])
    b_ub = np.concatenate([np.full(n, cap), np.zeros(n)])
    c_hi = [step if market.grid_charging else min(step, max(0.0, -x)) for x in b]
    e_hi = [step if market.battery_export else min(step, max(0.0, x)) for x in b]
    bounds = [(0, h) for h in c_hi] + [(0, h) for h in e_hi] + [(0, None)] * (2 * n)
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b, bounds=bounds, method="highs")
    assert res.status == 0, res.message
    return float(res.fun)


BATTERIES = [Battery(5.0, 3.0, 0.9), Battery(13.5, 5.0, 0.85), Battery(2.4, 1.2, 0.95)]


def _surplus(day: dict, kwp: float) -> list[float]:
    """A clear-day solar bell (kWh per half-hour) for the self-consumption variants."""
    out = []
    for i in range(len(day["load"])):
        h = ((day["start"] + 1800 * i) % 86400) / 3600 + 0.25
        gen = max(0.0, kwp * 0.5 * 0.7 * np.cos((h - 12.5) / 7 * np.pi / 2)) if 5.5 < h < 19.5 else 0.0
        out.append(max(0.0, gen - day["load"][i] * 0.3))
    return out


@pytest.mark.parametrize("day", sorted(DAYS))
@pytest.mark.parametrize("battery", BATTERIES, ids=lambda b: f"{b.capacity_kwh}kWh")
@pytest.mark.parametrize("mode", ["import_only", "with_export", "solar_no_grid_charging"])
def test_optimal_is_within_half_a_percent_of_the_lp_optimum(day, battery, mode):
    d = DAYS[day]
    load = d["load"]
    if mode == "import_only":
        surplus = [0.0] * len(load)
        market = Market(d["buy"], [0.0] * len(load), grid_charging=True, battery_export=False)
    elif mode == "with_export":
        surplus = [0.0] * len(load)
        market = Market(d["buy"], [min(s, p) for s, p in zip(d["sell"], d["buy"], strict=True)],
                        grid_charging=True, battery_export=True)
    else:
        surplus = _surplus(d, 4.0)
        market = Market(d["buy"], [min(s, p) for s, p in zip(d["sell"], d["buy"], strict=True)],
                        grid_charging=False, battery_export=False)
    lp = lp_optimum(battery, load, surplus, market)
    best = run_optimal(battery, load, surplus, market)
    ahead = run_day_ahead(battery, load, surplus, market, d["start"])
    timer = run_timer(battery, load, surplus, market, d["start"])
    no_battery = sum(p * (q - s) if q > s else x * (q - s) for p, x, q, s in
                     zip(market.buy, market.sell, load, surplus, strict=True))
    # The grid can only cost more than the continuous optimum, by at most 0.5 % of the day's bill
    # without a battery (a bill near zero makes a percentage of the optimum itself meaningless).
    scale = max(abs(lp), abs(no_battery))
    assert best.model_cost_p >= lp - 1e-6 * scale
    assert best.model_cost_p - lp <= 0.005 * scale, (best.model_cost_p, lp, no_battery)
    assert ahead.model_cost_p >= best.model_cost_p - 1e-9
    assert timer.model_cost_p >= lp - 1e-6 * scale  # a timer is continuous, so it is bounded by the LP
