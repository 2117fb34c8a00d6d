"""The tuned day-ahead planner equals the plain one it replaced, to the last bit (CPython and Pyodide).

The lab plans a battery a day at a time on every tariff pair, so :func:`~pyruntime.whatif.battery._plan`'s loops
and :func:`~pyruntime.whatif.battery._slot_costs` (pieces shared per net load, slopes per tariff) are written for
speed. The plain forms below are the code they replaced, kept verbatim as the reference: on random loads, gaps,
prices (negative ones too), batteries and flags, both give the same schedules, bit for bit.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from pyruntime.timeseries.londontime import day_start
from pyruntime.whatif.battery import (
    _EPS,
    Battery,
    Market,
    _best_split,
    _plan,
    _slot_bounds,
    _slot_cost,
    _slot_costs,
    _slot_shapes,
    _SlotCosts,
    decision_points,
    net_load,
    price_levels,
    run_day_ahead,
)

START = day_start(dt.date(2023, 3, 25))  # the days around a clock change (46 half-hours on the 26th)


def _plain_slot_costs(battery: Battery, net: Sequence[float | None], market: Market) -> _SlotCosts:
    """Each half-hour's pieces, as the plan built them before its loops were tuned."""
    lows: list[float | None] = []
    highs: list[float] = []
    widths: list[tuple[float, ...]] = []
    negated: list[tuple[float, ...]] = []
    eta, step, grid, export = battery.efficiency, battery.step_kwh, market.grid_charging, market.battery_export
    up_grid = eta * step
    for b, buy, sell in zip(net, market.buy, market.sell, strict=True):
        if b is None or buy is None:
            lows.append(None)
            highs.append(0.0)
            widths.append(())
            negated.append(())
            continue
        if sell > buy:
            sell = buy
        if sell < 0:
            f_lo, segs = _slot_cost(b, buy, sell, battery, market)
            ws, ks = [w for w, _ in segs], [-k for _, k in segs]
        else:
            # :func:`_slot_cost_paid` written out (this runs for every half-hour of the period), same arithmetic.
            ws, ks = [], []
            eb = step if export else (0.0 if b <= 0 else b if b < step else step)
            if eb > 0:
                if 0 < b < eb:
                    ws += (eb - b, b)
                    ks += (-sell, -buy)
                else:
                    ws.append(eb)
                    ks.append(-buy if b > 0 else -sell)
            up = up_grid if grid else eta * (0.0 if b >= 0 else -b if -b < step else step)
            if up > 0:
                if b < 0 and -eta * b < up:
                    ws += (-eta * b, up + eta * b)
                    ks += (-(sell / eta), -(buy / eta))
                else:
                    ws.append(up)
                    ks.append(-(sell / eta) if b < 0 else -(buy / eta))
            f_lo = -eb
        high = f_lo
        for w in ws:
            high += w  # in the order the plan used to add them, so that the sums are the same to the last bit
        lows.append(f_lo)
        highs.append(high)
        widths.append(tuple(ws))
        negated.append(tuple(ks))
    return _SlotCosts(lows, highs, widths, negated)


def _plain_plan(battery: Battery, net: Sequence[float | None], market: Market, lo: int, hi: int, level0: float,
          run_to: int, costs: _SlotCosts | None = None,
          progress: Callable[[int, int], None] | None = None) -> tuple[list[float], list[float], float]:
    """The plan as it was written before its loops were tuned: the reference the tuned one must equal."""
    cap, eta = battery.capacity_kwh, battery.efficiency
    if costs is None:
        costs = _plain_slot_costs(battery, net, market)
    lows, highs, all_widths, all_negated = costs.lows, costs.highs, costs.widths, costs.negated
    slopes, widths = [0.0], [cap]  # stored energy is worth nothing at the end
    executed = run_to - lo
    reach: list[list[float]] = [[]] * executed
    total = (hi - lo) + executed
    every = max(1, total // 50) if progress else total + 1
    insert_slope, insert_width = slopes.insert, widths.insert
    for t in range(hi - 1, lo - 1, -1):
        if progress and (hi - 1 - t) % every == 0:
            progress(hi - 1 - t, total)
        f_lo = lows[t]
        if f_lo is None:
            continue
        # ``f``'s slopes rise, so their negatives fall: each goes in at or before the last one's place, and the
        # widths before it (its reach) are still V[t+1]'s.
        if t < run_to:
            xs = reach[t - lo] = []
            for w, k in zip(all_widths[t], all_negated[t]):  # noqa: B905 (built together)
                i = bisect_left(slopes, k)
                xs.append(sum(widths[:i]))
                if w <= _EPS:
                    continue
                if i < len(slopes) and slopes[i] == k:
                    widths[i] += w
                else:
                    insert_slope(i, k)
                    insert_width(i, w)
        else:
            for w, k in zip(all_widths[t], all_negated[t]):  # noqa: B905
                if w <= _EPS:
                    continue
                i = bisect_left(slopes, k)
                if i < len(slopes) and slopes[i] == k:
                    widths[i] += w
                else:
                    insert_slope(i, k)
                    insert_width(i, w)
        # V[t] starts where η × the most charge [kWh] below 0 has been cut off, and ends the most discharge above
        # capacity: those reaches come off its flattest and its steepest pieces.
        flat, steep = highs[t], -f_lo
        i = 0
        while flat > 0:
            w = widths[i]
            if w <= flat + _EPS:
                flat -= w
                i += 1
            else:
                widths[i] = w - flat
                break
        if i:
            del slopes[:i], widths[:i]
        n = len(widths)
        while steep > 0:
            w = widths[n - 1]
            if w <= steep + _EPS:
                steep -= w
                n -= 1
            else:
                widths[n - 1] = w - steep
                break
        if n < len(widths):
            del slopes[n:], widths[n:]
    charge = [0.0] * executed
    discharge = [0.0] * executed
    level = level0
    buys, sells = market.buy, market.sell
    for j in range(executed):
        if j % every == 0 and progress:
            progress(hi - lo + j, total)
        t = lo + j
        d = lows[t]
        if d is None:
            continue
        for w, x in zip(all_widths[t], reach[j]):  # noqa: B905
            x -= level
            if x < d + w:  # the slope turns ≥ 0 on this piece
                if x > d:
                    d = x
                break
            d += w
        d = min(max(d, -level), cap - level)
        buy = buys[t]
        sell = sells[t] if sells[t] < buy else buy  # type: ignore[operator]
        if sell >= 0:  # type: ignore[operator]
            e = -d if d < 0 else 0.0
        else:
            cb, eb = _slot_bounds(net[t], battery, market)  # type: ignore[arg-type]
            _, e = _best_split(d, net[t], cb, eb, eta, buy, sell)  # type: ignore[arg-type]
        charge[j] = (d + e) / eta
        discharge[j] = e
        level = min(max(level + d, 0.0), cap)
    if progress:
        progress(total, total)
    return charge, discharge, level



def _bits(values) -> list[str]:
    return [repr(v) for v in values]


prices = st.one_of(st.floats(-20, 80, allow_nan=False), st.sampled_from([0.0, 7.5, 15.0, 24.5, 35.0]))
batteries = st.builds(Battery, st.floats(0.5, 15), st.floats(0.5, 6), st.floats(0.5, 1.0))


@st.composite
def markets(draw, n: int):
    """A net load with gaps and a market on it: rates drawn from few levels (ties, like a tariff) or many."""
    levels = draw(st.lists(prices, min_size=1, max_size=6))
    buy = draw(st.lists(st.one_of(st.sampled_from(levels), prices, st.none()) if draw(st.booleans())
                        else st.sampled_from(levels), min_size=n, max_size=n))
    sell = draw(st.lists(st.one_of(st.sampled_from([0.0, 4.1, 15.0]), prices), min_size=n, max_size=n))
    net = draw(st.lists(st.one_of(st.floats(-3, 3), st.none(), st.just(0.0)), min_size=n, max_size=n))
    return net, Market(buy, sell, draw(st.booleans()), draw(st.booleans()))


@settings(max_examples=40, deadline=None)
@given(battery=batteries, data=st.data())
def test_tuned_pieces_equal_the_plain_ones(battery, data):
    net, market = data.draw(markets(96))
    plain = _plain_slot_costs(battery, net, market)
    for shapes in (None, _slot_shapes(battery, net, market.grid_charging, market.battery_export)):
        tuned = _slot_costs(battery, net, market, shapes)
        assert _bits(tuned.lows) == _bits(plain.lows) and _bits(tuned.highs) == _bits(plain.highs)
        assert [_bits(w) for w in tuned.widths] == [_bits(w) for w in plain.widths]
        assert [_bits(k) for k in tuned.negated] == [_bits(k) for k in plain.negated]


@settings(max_examples=40, deadline=None)
@given(battery=batteries, data=st.data())
def test_pieces_worked_out_from_another_net_loads_equal_the_plain_ones(battery, data):
    """A tariff whose net load differs from an earlier one's in a few half-hours (where an EV charged) takes the
    earlier pieces but there: the same as working them all out."""
    net, market = data.draw(markets(96))
    other = list(net)
    for t in data.draw(st.lists(st.integers(0, 95), max_size=40)):
        other[t] = data.draw(st.one_of(st.floats(-3, 3), st.none(), st.just(0.0), st.just(-0.0)))
    flags = (market.grid_charging, market.battery_export)
    like = (net, _slot_shapes(battery, net, *flags))
    plain = _plain_slot_costs(battery, other, market)
    tuned = _slot_costs(battery, other, market, _slot_shapes(battery, other, *flags, like))
    assert _bits(tuned.lows) == _bits(plain.lows) and _bits(tuned.highs) == _bits(plain.highs)
    assert [_bits(w) for w in tuned.widths] == [_bits(w) for w in plain.widths]
    assert [_bits(k) for k in tuned.negated] == [_bits(k) for k in plain.negated]


@settings(max_examples=40, deadline=None)
@given(battery=batteries, data=st.data())
def test_slopes_looked_up_by_price_level_equal_the_plain_ones(battery, data):
    """A market with few price levels has its slopes looked up in a table by level: the same numbers (a 0.0 may
    turn −0.0 or back where a column holds both, which no comparison in the plan tells apart)."""
    net, market = data.draw(markets(96))
    sell = data.draw(st.lists(st.sampled_from([0.0, 4.1, 15.0]), min_size=96, max_size=96))
    net = net * 5  # five days alike: enough half-hours for a table of the levels
    market = Market(list(market.buy) * 5, sell * 5, market.grid_charging, market.battery_export)
    plain = _plain_slot_costs(battery, net, market)
    shapes = _slot_shapes(battery, net, market.grid_charging, market.battery_export)
    levels = (price_levels(market.buy), price_levels(market.sell))
    tuned = _slot_costs(battery, net, market, shapes, levels)
    assert _bits(tuned.lows) == _bits(plain.lows) and _bits(tuned.highs) == _bits(plain.highs)
    assert [_bits(w) for w in tuned.widths] == [_bits(w) for w in plain.widths]
    assert tuned.negated == plain.negated


@settings(max_examples=40, deadline=None)
@given(battery=batteries, data=st.data(), days=st.integers(1, 3))
def test_tuned_day_ahead_plans_equal_the_plain_ones(battery, data, days):
    """Day by day as :func:`run_day_ahead` chains them (each plan starts where the last left the store)."""
    n = 48 * days - 2  # from the 25th, over the clock change
    net, market = data.draw(markets(n))
    points = decision_points(START, n)
    level_plain = level_tuned = 0.0
    for j, (d, horizon) in enumerate(points):
        run_to = points[j + 1][0] if j + 1 < len(points) else n
        hi = max(horizon, run_to)
        c0, e0, level_plain = _plain_plan(battery, net, market, d, hi, level_plain, run_to)
        c1, e1, level_tuned = _plan(battery, net, market, d, hi, level_tuned, run_to)
        assert _bits(c1) == _bits(c0) and _bits(e1) == _bits(e0) and repr(level_tuned) == repr(level_plain)


@settings(max_examples=40, deadline=None)
@given(battery=batteries, data=st.data())
def test_tuned_whole_period_plan_and_its_progress_equal_the_plain_ones(battery, data):
    net, market = data.draw(markets(144))
    heard: list[list[tuple[int, int]]] = [[], []]
    plain = _plain_plan(battery, net, market, 0, 144, 0.0, 144, progress=lambda *a: heard[0].append(a))
    tuned = _plan(battery, net, market, 0, 144, 0.0, 144, progress=lambda *a: heard[1].append(a))
    assert [_bits(x) for x in tuned[:2]] == [_bits(x) for x in plain[:2]] and heard[1] == heard[0]


def test_tariffs_sharing_a_net_load_share_its_pieces_and_plan_as_alone():
    """The lab passes one ``shapes`` dict per net load to every tariff planned on it."""
    battery = Battery(5.0, 3.0, 0.9)
    n = 48 * 3 - 2
    load = [0.3 + 0.4 * ((i * 7) % 5) / 4 for i in range(n)]
    surplus = [max(0.0, 1.2 - abs((i % 48) - 26) / 8) for i in range(n)]
    shared: dict = {}
    for buy, sell, export in (([24.5] * n, [15.0] * n, True), ([7.5 if i % 48 < 10 else 30.0 for i in range(n)],
                                                             [4.1] * n, True), ([24.5] * n, [0.0] * n, False)):
        market = Market(buy, sell, True, export)
        alone = run_day_ahead(battery, load, surplus, market, START)
        together = run_day_ahead(battery, load, surplus, market, START, net=net_load(load, surplus), shapes=shared)
        assert _bits(together.charge) == _bits(alone.charge) and _bits(together.discharge) == _bits(alone.discharge)
    assert set(shared) == {(True, True), (True, False)}

