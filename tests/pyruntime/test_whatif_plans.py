"""Battery plans shared by markets with the same price pattern: the same schedule, to the last bit (CPython and
Pyodide)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pyruntime.whatif.battery import (
    Battery,
    Market,
    PriceLevels,
    Windows,
    decision_points,
    market_pattern,
    net_load,
    price_levels,
    price_pattern,
    run_day_ahead,
    run_optimal,
)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "whatif" / "agile_days_2023.csv"
START = int(dt.datetime(2023, 6, 1, tzinfo=dt.UTC).timestamp()) - 3600  # midnight in London (BST)


def _fixture_days() -> tuple[int, list[float], list[float], list[float]]:
    """The fixture's six real days end to end: start [s], Agile import and Agile Outgoing rates [p/kWh], load [kWh]."""
    rows = list(csv.reader(line for line in FIXTURE.read_text().splitlines() if not line.startswith("#")))[1:]
    first = int(dt.datetime.strptime(rows[0][0], "%Y-%m-%dT%H:%MZ").replace(tzinfo=dt.UTC).timestamp())
    return first, [float(r[1]) for r in rows], [float(r[2]) for r in rows], [float(r[3]) for r in rows]


def _same_schedule(a, b) -> bool:
    return a.grid_import == b.grid_import and a.grid_export == b.grid_export and list(a.charge) == list(b.charge)


def _solar(load: list[float], kwp: float) -> tuple[list[float], list[float]]:
    """A crude midday bell taken off the load: (need, surplus) [kWh]."""
    gen = [max(0.0, kwp * 0.35 * (1 - abs((i % 48) - 26) / 10)) for i in range(len(load))]
    return [max(0.0, q - g) for q, g in zip(load, gen, strict=True)], \
        [max(0.0, g - q) for q, g in zip(load, gen, strict=True)]


days = st.integers(1, 3)
batteries = st.builds(Battery, st.floats(0.5, 15), st.floats(0.5, 6), st.floats(0.5, 1.0))


@settings(max_examples=40, deadline=None)
@given(days=days, battery=batteries, seed=st.lists(st.floats(0, 2), min_size=48, max_size=48),
       kwp=st.floats(0, 6), p=st.floats(0.5, 60), q=st.floats(0, 60), scale=st.floats(0.3, 3),
       export=st.booleans())
def test_flat_tariffs_with_one_pattern_share_one_schedule(days, battery, seed, kwp, p, q, scale, export):
    """Flat import and export rates at other levels but in the same order (``q`` against ``η p`` and ``p``) give
    the planner the same schedule: one plan serves every such pair."""
    n = 48 * days
    need, surplus = _solar((seed * days)[:n], kwp)
    a = Market([p] * n, [q] * n, True, export)
    b = Market([p * scale] * n, [q * scale] * n, True, export)
    assume(market_pattern(a, battery.efficiency) == market_pattern(b, battery.efficiency))
    assert _same_schedule(run_day_ahead(battery, need, surplus, a, START), run_day_ahead(battery, need, surplus, b,
                                                                                      START))
    assert _same_schedule(run_optimal(battery, need, surplus, a), run_optimal(battery, need, surplus, b))


@settings(max_examples=30, deadline=None)
@given(battery=batteries, kwp=st.floats(0, 6), export=st.booleans(), levels=st.sampled_from([0.5, 2.0, 4.0]))
def test_real_agile_days_at_another_level_share_one_schedule(battery, kwp, export, levels):
    """Six real Agile days (negative rates left out) at twice, four times or half their prices: each number the
    plan compares keeps its order, so the pattern and the schedule are the same."""
    start, buy, sell, load = _fixture_days()
    buy = [max(r, 0.0) for r in buy]
    sell = [max(r, 0.0) for r in sell]
    need, surplus = _solar(load, kwp)
    a = Market(buy, sell, True, export)
    b = Market([r * levels for r in buy], [r * levels for r in sell], True, export)  # exact in binary floats
    assert market_pattern(a, battery.efficiency) == market_pattern(b, battery.efficiency)
    assert _same_schedule(run_day_ahead(battery, need, surplus, a, start), run_day_ahead(battery, need, surplus, b,
                                                                                      start))


def test_patterns_tell_apart_what_changes_a_plan():
    n = 96
    eta = 0.9
    flat = market_pattern(Market([24.5] * n, [15.0] * n, True, True), eta)
    assert flat == market_pattern(Market([27.0] * n, [15.0] * n, True, True), eta)  # 15 < 0.9 × either
    assert flat != market_pattern(Market([16.0] * n, [15.0] * n, True, True), eta)  # 15 > 0.9 × 16: no gain in storing
    assert flat != market_pattern(Market([24.5] * n, [15.0] * n, True, False), eta)  # battery export matters
    two_rate = [7.5 if i % 48 < 8 else 30.0 for i in range(n)]
    assert market_pattern(Market(two_rate, [15.0] * n, True, True), eta) != flat
    gap = [None, *two_rate[1:]]
    assert market_pattern(Market(gap, [15.0] * n, True, True), eta) != market_pattern(
        Market(two_rate, [15.0] * n, True, True), eta)
    # An export rate below 0 makes the plan's split price-dependent: the pattern is then the prices themselves.
    paid = market_pattern(Market([24.5] * n, [-1.0] * n, True, True), eta)
    assert paid != market_pattern(Market([27.0] * n, [-1.0] * n, True, True), eta)


def test_levels_are_worked_out_per_tariff_and_the_pair_ranks_only_them():
    """A tariff's levels and column are its own (a gap is −1); a pair's pattern ranks just the levels, so two
    time-of-use tariffs of one shape share a column, and with one export their pattern is equal when the levels
    keep their order against the export's and each other's quotients by η."""
    eta = 0.9
    shape = [i % 48 < 8 for i in range(96)]
    cheap = price_levels([7.5 if s else 30.0 for s in shape])
    dear = price_levels([9.0 if s else 33.0 for s in shape])
    assert cheap.values == (7.5, 30.0) and cheap.column == dear.column == tuple(0 if s else 1 for s in shape)
    assert price_levels([None, 4.0, 4.0]) == PriceLevels((4.0,), (-1, 0, 0))
    export = price_levels([15.0] * 96)
    assert price_pattern(cheap, export, eta) == price_pattern(dear, export, eta)
    assert price_pattern(cheap, export, eta) != price_pattern(price_levels([7.5 if s else 16.0 for s in shape]),
                                                              export, eta)  # 15 above 0.9 × 16 now
    assert price_pattern(cheap, price_levels([-1.0] * 96), eta)[0] == "prices"


def _bits(xs) -> list[str]:
    return [x.hex() for x in xs]


@settings(max_examples=25, deadline=None)
@given(battery=batteries, kwp=st.floats(0, 6), export=st.booleans(),
       flats=st.lists(st.sampled_from([10.0, 15.5, 22.9, 24.5, 27.0, 40.0]), min_size=2, max_size=4),
       change=st.integers(0, 6 * 48 - 1))
def test_windows_shared_by_one_level_imports_give_each_tariff_its_own_plan_bit_for_bit(battery, kwp, export, flats,
                                                                                     change):
    """Flat imports, and one that changes price once, with one real Agile Outgoing export: planned with one
    :class:`Windows` between them, each schedule is what planning it alone gives, and windows are shared."""
    start, _, sell, load = _fixture_days()
    sell = [max(r, 0.0) for r in sell]
    need, surplus = _solar(load, kwp)
    n = len(load)
    change = min(change, n)
    imports = [[p] * n for p in flats] + [[flats[0]] * change + [flats[-1]] * (n - change)]
    net = net_load(need, surplus)
    windows = Windows(price_levels(sell), battery.efficiency)
    calls = []
    for buy in imports:
        market = Market(buy, sell, True, export)
        alone = run_day_ahead(battery, need, surplus, market, start)
        shared = run_day_ahead(battery, need, surplus, market, start, net=net, windows=windows,
                               levels=price_levels(buy))
        assert _bits(shared.charge) == _bits(alone.charge) and _bits(shared.discharge) == _bits(alone.discharge)
        assert shared.grid_import == alone.grid_import and shared.grid_export == alone.grid_export
        calls.append(len(windows.plans))
    assert calls[-1] < len(imports) * len(decision_points(start, n))  # a window planned once serves another


def test_windows_are_not_shared_where_the_import_moves_or_a_rate_is_below_zero():
    n = 96
    sell = price_levels([4.0 if i % 48 < 30 else 15.0 for i in range(n)])
    windows = Windows(sell, 0.9)
    net = [0.5] * n
    flat = windows.key(0, 48, price_levels([24.5] * n), net)
    assert flat is not None and flat == windows.key(0, 48, price_levels([27.0] * n), net)
    assert flat != windows.key(0, 48, price_levels([16.0] * n), net)  # 15 above 0.9 × 16: another place
    assert flat != windows.key(0, 48, price_levels([24.5] * n), [0.4] * n)  # another net load
    assert windows.key(0, 48, price_levels([7.5 if i % 48 < 8 else 30.0 for i in range(n)]), net) is None
    assert windows.key(0, 48, price_levels([None, *[24.5] * (n - 1)]), net) is None
    assert windows.key(0, 48, price_levels([-2.0] * n), net) is None
    assert Windows(price_levels([-1.0] * n), 0.9).key(0, 48, price_levels([24.5] * n), net) is None
