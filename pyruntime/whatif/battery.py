"""A home battery on the household's half-hours: timer, day-ahead and perfect-foresight strategies.

The model (every strategy obeys it; the page lists it as assumptions):

* ``load[i]`` [kWh] is what the home needs from the grid in half-hour ``i``
  after any solar panels have supplied it, ``surplus[i]`` [kWh] the solar
  energy left over; ``b = load − surplus`` is the net before the battery.
* In a half-hour the battery either charges ``c`` [kWh, AC side] or
  discharges ``e`` [kWh, AC side], never both, each at most
  ``power_kw × 0.5 h``. The whole round-trip loss is taken on charging: the
  stored energy rises by ``efficiency × c`` and falls by ``e``. It starts
  empty and is never below 0 nor above ``capacity_kwh``.
* The grid sees ``n = b + c − e``: import ``max(n, 0)``, export
  ``max(−n, 0)``. Its cost is ``buy × n`` when importing and ``sell × n``
  when exporting (``sell`` is 0 without an export tariff).
* Charging from the grid is allowed only when ``grid_charging`` is set (it
  pays only where the import tariff has cheaper hours); battery energy is
  exported only when ``battery_export`` is set (an export tariff pays for
  it). Otherwise charging is limited to the solar surplus and discharging
  to the home's load.
* A half-hour without a reading or a rate is a gap: the battery rests, and
  the gap stays a gap in the series it returns.

Strategies:

* :func:`run_timer`: charges from the grid at full power in a fixed clock
  window every night (if that pays), stores solar surplus, and covers the
  load outside the window: what a battery on a simple timer does.
* :func:`run_day_ahead`: each day at 16:00 London time, when Agile-style
  tariffs publish the next day's prices, plans optimally (as
  :func:`run_optimal`) up to 23:00 the next day and follows the plan until
  the next 16:00. It knows the household's load over that horizon, which a
  real controller has to forecast, so it too is optimistic.
* :func:`run_optimal`: the perfect-foresight optimum over the whole period,
  an upper bound on what any controller could save.

Why :func:`run_optimal` is the true optimum of the model: the least cost
from half-hour ``t`` on with ``s`` kWh stored, ``V[t](s)``, obeys
``V[T] = 0`` and ``V[t](s) = min_d f_t(d) + V[t+1](s + d)`` over the
feasible changes ``d`` of the store (Bellman's principle: the cost is a sum
of per-half-hour terms that depend only on the store before and after).
``f_t`` is convex and piecewise linear: it is the least cost of a linear
program in ``(c, e)`` with a convex objective (the grid cost, once export
is never paid more than import costs: the model uses ``min(sell, buy)``)
projected onto ``d = η c − e``, and :func:`_slot_cost` builds it exactly
from the points where its pieces change. The infimal convolution of two
convex piecewise-linear functions is convex piecewise linear with their
pieces merged in slope order, and restricting it to ``[0, capacity]`` keeps
it so; so every ``V[t]`` is computed exactly (up to float rounding), and
following its minimiser forward gives an optimal schedule. Within one
half-hour the model lets the battery charge and discharge (each within its
power limit); that only pays when prices are negative, to burn energy in
the round-trip loss. ``tests/oracle`` checks the result against SciPy's
linear-programming solution on real Agile days. The day-ahead controller
follows a schedule that is feasible in the same model, so it can never beat
the optimum.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, compress
from operator import ne as _differ
from operator import sub as _minus

from ..errors import InvalidField
from ..timeseries.londontime import HALF_HOUR
from .clock import clock_slots

STRATEGIES = {
    "timer": "Timer: charges in the tariff's cheap hours, covers the home the rest of the day",
    "day_ahead": "Price-aware: plans each day at 16:00 on the next day's known prices",
    "optimal": "Perfect foresight: knows every future price and half-hour (an upper bound)",
}


@dataclass(frozen=True, slots=True)
class Battery:
    """A battery's specification.

    capacity_kwh : usable energy [kWh].
    power_kw : most it charges or discharges [kW].
    efficiency : round-trip efficiency [-], in (0, 1].
    cost_gbp : installed price [£], for payback.
    """

    capacity_kwh: float
    power_kw: float
    efficiency: float
    cost_gbp: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.capacity_kwh) and 0 < self.capacity_kwh <= 200):
            raise InvalidField("capacity_kwh", "usable capacity must be more than 0 and at most 200 kWh")
        if not (math.isfinite(self.power_kw) and 0 < self.power_kw <= 50):
            raise InvalidField("power_kw", "power must be more than 0 and at most 50 kW")
        if not (math.isfinite(self.efficiency) and 0 < self.efficiency <= 1):
            raise InvalidField("efficiency", "round-trip efficiency must be more than 0 % and at most 100 %")
        if not (math.isfinite(self.cost_gbp) and 0 <= self.cost_gbp <= 1_000_000):
            raise InvalidField("cost_gbp", "cost must be between £0 and £1,000,000")

    @property
    def step_kwh(self) -> float:
        """Most energy through the inverter in one half-hour [kWh]."""
        return self.power_kw * HALF_HOUR / 3600


@dataclass(frozen=True, slots=True)
class Market:
    """Prices the battery sees, per half-hour.

    buy : import unit rate inc VAT [p/kWh]; ``None`` = unknown (the battery rests).
    sell : export rate [p/kWh]; zeros without an export tariff.
    grid_charging : whether charging from the grid is allowed.
    battery_export : whether battery energy may be exported.
    """

    buy: Sequence[float | None]
    sell: Sequence[float]
    grid_charging: bool = True
    battery_export: bool = False


@dataclass(frozen=True, slots=True)
class BatteryRun:
    """What the battery did and what the grid then saw.

    strategy : a key of :data:`STRATEGIES`.
    grid_import, grid_export : per half-hour [kWh]; ``None`` = gap.
    charge, discharge : AC energy into and out of the battery in each half-hour [kWh].
    charged_kwh : AC energy into the battery [kWh] (from solar and grid).
    from_grid_kwh : of which bought from the grid [kWh] (beyond what the home used).
    discharged_kwh : AC energy out of the battery [kWh].
    exported_kwh : of which exported [kWh].
    losses_kwh : energy lost in the round trip [kWh].
    cycles : equivalent full cycles (discharged ÷ capacity) [-].
    market : the prices it ran on; :attr:`model_cost_p` is the model's cost of the grid flows there [p].

    :attr:`stored` and :attr:`model_cost_p` are worked out when asked: the lab, which runs a battery on every
    tariff, needs neither.
    """

    strategy: str
    grid_import: tuple[float | None, ...]
    grid_export: tuple[float | None, ...]
    charge: Sequence[float] = field(repr=False, compare=False)
    discharge: Sequence[float] = field(repr=False, compare=False)
    charged_kwh: float
    from_grid_kwh: float
    discharged_kwh: float
    exported_kwh: float
    losses_kwh: float
    cycles: float
    market: Market = field(repr=False, compare=False)
    efficiency: float = field(repr=False, compare=False)
    capacity_kwh: float = field(repr=False, compare=False)

    @property
    def stored(self) -> tuple[float, ...]:
        """Energy stored at the end of each half-hour [kWh]: a running sum (clamped only against float dust)."""
        eta, cap = self.efficiency, self.capacity_kwh
        return tuple(0.0 if x < 0 else cap if x > cap else x
                     for x in accumulate(map(_minus, map(eta.__mul__, self.charge), self.discharge)))

    @property
    def model_cost_p(self) -> float:
        """The model's cost of the grid flows [p], as the strategy saw it (worked out when asked: the lab prices
        the flows with the tariff engine instead)."""
        return _model_cost(self.grid_import, self.grid_export, self.market)


def net_load(load: Sequence[float | None], surplus: Sequence[float | None]) -> tuple[float | None, ...]:
    """What the home draws from the grid before the battery, ``load − surplus`` [kWh]; ``None`` = gap."""
    return tuple([None if q is None else q - (s or 0.0) for q, s in zip(load, surplus, strict=True)])


def _finish_columns(strategy: str, battery: Battery, net: Sequence[float | None], charge: list[float],
                    discharge: list[float], market: Market) -> BatteryRun:
    """Turn each half-hour's charge and discharge [AC kWh] into a :class:`BatteryRun`."""
    # Whole-column comprehensions, and the sums only over the half-hours the battery worked (compress skips the
    # rest in C): this runs for every tariff.
    eta, cap = battery.efficiency, battery.capacity_kwh
    # List comprehensions turned into tuples: a generator per column costs a third more.
    grid = [None if b is None else b + c - e for b, c, e in zip(net, charge, discharge, strict=True)]
    imp = tuple([None if n is None else (n if n > 0 else 0.0) for n in grid])
    exp = tuple([None if n is None else (0.0 if n > 0 else -n) for n in grid])
    from_grid = sum((c if c < n else n) for c, n in compress(zip(charge, grid, strict=True), charge)
                    if n is not None and n > 0)
    exported = sum((e if e < -n else -n) for e, n in compress(zip(discharge, grid, strict=True), discharge)
                   if n is not None and n < 0)
    charged, discharged = sum(charge), sum(discharge)
    return BatteryRun(strategy, imp, exp, charge, discharge, charged, from_grid, discharged, exported,
                      charged * (1 - eta), discharged / cap, market, eta, cap)


# --- timer -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClockRates:
    """A tariff's import rates seen by a timer: each London clock half-hour's sum and count, and the gaps.

    sums [p/kWh summed], counts : over the period's half-hours at each of the 48 clock slots that have a rate.
    gaps : indices of the half-hours without a rate (the battery rests there).
    Worked out once per tariff; a change of battery re-uses it.
    """

    sums: tuple[float, ...]
    counts: tuple[int, ...]
    gaps: tuple[int, ...]

    def mean(self, chosen: Iterable[int]) -> float | None:
        """Mean rate over the half-hours at the ``chosen`` clock slots [p/kWh]; ``None`` if none has a rate."""
        chosen = list(chosen)
        n = sum(self.counts[s] for s in chosen)
        return sum(self.sums[s] for s in chosen) / n if n else None


def clock_rates(buy: Sequence[float | None], slots: Sequence[int]) -> ClockRates:
    """:class:`ClockRates` of ``buy`` [p/kWh] on the clock ``slots`` of its half-hours."""
    sums = [0.0] * 48
    counts = [0] * 48
    gaps = []
    for i, (s, r) in enumerate(zip(slots, buy, strict=True)):
        if r is None:
            gaps.append(i)
        else:
            sums[s] += r
            counts[s] += 1
    return ClockRates(tuple(sums), tuple(counts), tuple(gaps))


def cheap_window(buy: Sequence[float | None], start: int, battery: Battery,
                 slots: Sequence[int] | None = None, rates: ClockRates | None = None) -> frozenset[int]:
    """The clock half-hours a timer would charge in: those cheapest on average over the period.

    Clock slots whose mean rate is within 0.5 p/kWh of the cheapest slot's
    (a time-of-use tariff's off-peak band), and at least as many of the next
    cheapest as it takes to fill the battery from empty. ``rates``, when
    given, is :func:`clock_rates` of ``buy`` (so it is not walked again).
    """
    if rates is None:
        rates = clock_rates(buy, clock_slots(start, len(buy)) if slots is None else slots)
    means = {s: rates.sums[s] / rates.counts[s] for s in range(48) if rates.counts[s]}
    if not means:
        return frozenset()
    ranked = sorted(means, key=lambda s: (means[s], s))
    need = math.ceil(battery.capacity_kwh / (battery.efficiency * battery.step_kwh) - 1e-9)
    floor = means[ranked[0]] + 0.5
    chosen = {s for s in ranked if means[s] <= floor}
    chosen.update(ranked[:need])
    return frozenset(chosen)


def run_timer(battery: Battery, load: Sequence[float | None], surplus: Sequence[float | None], market: Market,
              start: int, window: frozenset[int] | None = None, slots: Sequence[int] | None = None,
              shared: dict | None = None, net: Sequence[float | None] | None = None, net_key: object = None,
              rates: ClockRates | None = None) -> BatteryRun:
    """Charge at full power in ``window`` (default :func:`cheap_window`) when it pays, else store solar where that
    is worth more than exporting it.

    ``shared``, a dict kept over several tariffs, lets tariffs whose runs
    are bound to be the same share one: the flows depend on the prices only
    through the charging hours and the half-hours without a rate, so two
    tariffs with the same net load and those two (flat-rate tariffs, one
    time-of-use shape in two regions) differ only in the model's cost.
    A caller pricing many batteries on one tariff passes what does not
    depend on the battery: ``net`` (load − surplus, as :func:`net_load`
    gives it), a hashable ``net_key`` naming it, and ``rates``
    (:func:`clock_rates` of ``market.buy``).

    Grid charging in the window happens only if ``market.grid_charging``
    and the window's mean rate is below ``efficiency ×`` the mean rate
    outside it (otherwise the losses cost more than the saving). Outside
    the window the battery covers the home's load; it never exports.
    A surplus is stored only in half-hours whose export rate is at most
    ``efficiency ×`` the mean rate of the import it would displace (outside
    the window, or all day without grid charging): a stored kWh after its
    losses must be worth at least what exporting it earns.
    """
    if net is None:
        net = net_load(load, surplus)
    slots = clock_slots(start, len(net)) if slots is None else slots
    if rates is None:
        rates = clock_rates(market.buy, slots)
    if window is None:
        window = cheap_window(market.buy, start, battery, slots, rates)
    inside, outside = rates.mean(window), rates.mean(s for s in range(48) if s not in window)
    pays = market.grid_charging and inside is not None and outside is not None \
        and inside < battery.efficiency * outside
    displaced = outside if pays else rates.mean(range(48))
    worth = None if displaced is None else battery.efficiency * displaced  # a stored kWh's worth [p]
    # The half-hours whose export earns more than storing (usually none: an export rate below the worth).
    sold = () if worth is None or max(market.sell, default=0.0) <= worth \
        else tuple(i for i, x in enumerate(market.sell) if x > worth)
    key = None
    if shared is not None:
        # The battery's price changes no flow: batteries that differ only in it share runs too.
        key = (battery.capacity_kwh, battery.power_kw, battery.efficiency, tuple(net) if net_key is None else net_key,
               window if pays else None, rates.gaps, sold)
        if (same := shared.get(key)) is not None:
            return replace(same, market=market)
    eta, cap, step = battery.efficiency, battery.capacity_kwh, battery.step_kwh
    level = 0.0
    # Two flat columns filled in place (most half-hours the battery rests): this runs for every tariff.
    charge = [0.0] * len(net)
    discharge = [0.0] * len(net)
    charging = [s in window for s in slots] if pays else [False] * len(net)
    storing = [True] * len(net)
    for i in sold:
        storing[i] = False
    for i, (b, grid_hours, buy, store) in enumerate(zip(net, charging, market.buy, storing, strict=True)):
        if b is None or buy is None:
            continue
        if grid_hours:
            room = (cap - level) / eta
            c = step if step < room else room
            charge[i] = c
            level += eta * c
        elif b < 0:
            if not store:
                continue  # the surplus is exported
            room = (cap - level) / eta
            c = -b if -b < step else step
            c = room if room < c else c
            charge[i] = c
            level += eta * c
        elif level > 0 and b > 0:
            # Outside the charging hours (or all day, if grid charging never pays) the battery covers the home.
            e = b if b < step else step
            e = level if level < e else e
            discharge[i] = e
            level -= e
        else:
            continue
        level = 0.0 if level < 0 else cap if level > cap else level
    run = _finish_columns("timer", battery, net, charge, discharge, market)
    if shared is not None:
        shared[key] = run
    return run


def _model_cost(imp: Sequence[float | None], exp: Sequence[float | None], market: Market) -> float:
    """:attr:`BatteryRun.model_cost_p` from the grid's import and export [kWh] (as :func:`_finish_columns` adds it)."""
    return sum((r * i if i > 0 else (x if x < r else r) * -e)
               for i, e, r, x in zip(imp, exp, market.buy, market.sell, strict=True) if i is not None and r is not None)


# --- exact dynamic programming on piecewise-linear value functions -------------------------------------------

_EPS = 1e-12

def _slot_bounds(b: float, battery: Battery, market: Market) -> tuple[float, float]:
    """Most AC energy [kWh] the battery may take (charge) and give (discharge) this half-hour."""
    step = battery.step_kwh
    charge = step if market.grid_charging else min(step, max(0.0, -b))
    discharge = step if market.battery_export else min(step, max(0.0, b))
    return charge, discharge


def _best_split(d: float, b: float, cb: float, eb: float, eta: float, buy: float, sell: float) -> tuple[float, float]:
    """Cheapest ``(cost [p], discharge e [kWh])`` that changes the store by ``d`` kWh.

    Charging ``c = (d + e) / η``; the grid sees ``n = b + d/η + e (1/η − 1)``,
    which rises with ``e``. With ``sell ≤ buy`` the cost of ``n`` is convex, so
    the best ``e`` is an end of its range or the ``e`` that makes ``n = 0``.
    """
    e_lo, e_hi = max(0.0, -d), min(eb, eta * cb - d)
    e_hi = max(e_hi, e_lo)
    slope = 1 / eta - 1
    if sell >= 0 or slope <= 0:
        e = e_lo  # importing more costs: no energy burnt in a round trip
    elif buy <= 0:
        e = e_hi  # paid to import: burn what the power limits allow
    else:
        e = min(max((-b - d / eta) / slope, e_lo), e_hi)
    n = b + d / eta + e * slope
    return (buy * n if n > 0 else sell * n), e


_Piece = tuple[float, list[tuple[float, float]]]
"""One half-hour's cost ``f(d)`` as ``(lowest d, its pieces (width, slope) in increasing slope order)``: only the
slopes matter for a plan, so its value is never carried."""


def _slot_cost(b: float, buy: float, sell: float, battery: Battery, market: Market) -> _Piece:
    """``f(d)``: the least grid cost [p] of changing the store by ``d`` kWh this half-hour, exactly.

    ``f`` is linear between the candidate points below (where the best
    ``e`` changes regime or the grid flow crosses 0), so the piecewise-linear
    function through them is ``f`` itself.
    """
    eta = battery.efficiency
    cb, eb = _slot_bounds(b, battery, market)
    if sell >= 0:
        return _slot_cost_paid(b, buy, sell, cb, eb, eta)
    d_lo, d_hi = -eb, eta * cb
    points = {d_lo, d_hi, 0.0, -b, -eta * b, eta * cb - eb, eta * (eb - b) - eb, eta * cb - cb - b}
    xs = sorted(x for x in points if d_lo <= x <= d_hi)
    vals = [_best_split(x, b, cb, eb, eta, buy, sell)[0] for x in xs]
    segs: list[tuple[float, float]] = []
    for x0, x1, v0, v1 in zip(xs, xs[1:], vals, vals[1:], strict=False):
        w = x1 - x0
        if w > _EPS:
            k = (v1 - v0) / w
            if segs and k <= segs[-1][1] + 1e-9:  # equal slopes up to rounding: one piece
                segs[-1] = (segs[-1][0] + w, segs[-1][1])
            else:
                segs.append((w, k))
    return d_lo, segs


def _slot_cost_paid(b: float, buy: float, sell: float, cb: float, eb: float, eta: float) -> _Piece:
    """:func:`_slot_cost` when exporting earns ``sell ≥ 0`` (so ``buy ≥ sell ≥ 0``): the usual case, built directly.

    Then no energy is ever burnt in a round trip, so discharging ``−d``
    gives a grid flow ``b + d`` and charging ``d`` gives ``b + d/η``; each
    side's slope is the price on its side of zero flow (÷ η when charging).
    """
    segs: list[tuple[float, float]] = []
    if eb > 0:
        if 0 < b < eb:
            segs += [(eb - b, sell), (b, buy)]
        else:
            segs.append((eb, buy if b > 0 else sell))
    up = eta * cb
    if up > 0:
        if b < 0 and -eta * b < up:
            segs += [(-eta * b, sell / eta), (up + eta * b, buy / eta)]
        else:
            segs.append((up, sell / eta if b < 0 else buy / eta))
    return -eb, segs


@dataclass(frozen=True, slots=True)
class _SlotCosts:
    """Every half-hour's :func:`_slot_cost` over a period, worked out once and kept as flat columns.

    lows, highs : the least and most change of the store [kWh] (``lows[t]`` is ``None`` for a gap);
    widths : each piece's width [kWh]; negated : minus each piece's slope [p/kWh] (what goes into ``V``), in the
    pieces' order (slopes ascending, so these descend); burns : the half-hours where export earns less than
    nothing (there the split of a change of store into charge and discharge depends on the prices). Day-ahead plans
    overlap (each sees 23:00 the next day), so a half-hour's pieces, built once here, serve every plan that sees it.
    """

    lows: list[float | None]
    highs: list[float]
    widths: list[tuple[float, ...]]
    negated: list[tuple[float, ...]]
    burns: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class _SlotShapes:
    """What every half-hour's :func:`_slot_cost` owes to the net load and the battery alone, when export earns
    ``sell ≥ 0``: the same for every tariff on that net load, so worked out once for all of them.

    lows, highs, widths : as in :class:`_SlotCosts` (``lows[t]`` is ``None`` where the net load is a gap);
    forms : which prices the pieces' slopes are, an index into :data:`_FORMS` (``None`` for a gap); rows : the same
    with 16 for a gap (a row of :func:`_slot_costs`' table); used : the forms that occur.
    """

    lows: list[float | None]
    highs: list[float]
    widths: list[tuple[float, ...]]
    forms: list[int | None]
    rows: list[int] = field(default_factory=list)
    used: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", [16 if f is None else f for f in self.forms])
        object.__setattr__(self, "used", frozenset(self.forms) - {None})


# A half-hour's negated slopes from its import rate ``b`` and export rate ``s`` [p/kWh] (as :func:`_slot_cost_paid`
# orders them: discharge pieces, then charge pieces), by form ``4 × discharge + charge``: discharge 0 none,
# 1 exported then covering the home, 2 covering the home, 3 exported; charge 0 none, 1 from surplus then the grid,
# 2 from surplus, 3 from the grid. Written out, one call a half-hour: this runs for every tariff planned.
_FORMS: tuple[Callable[[float, float, float], tuple[float, ...]], ...] = (
    lambda b, s, eta: (),
    lambda b, s, eta: (-(s / eta), -(b / eta)),
    lambda b, s, eta: (-(s / eta),),
    lambda b, s, eta: (-(b / eta),),
    lambda b, s, eta: (-s, -b),
    lambda b, s, eta: (-s, -b, -(s / eta), -(b / eta)),
    lambda b, s, eta: (-s, -b, -(s / eta)),
    lambda b, s, eta: (-s, -b, -(b / eta)),
    lambda b, s, eta: (-b,),
    lambda b, s, eta: (-b, -(s / eta), -(b / eta)),
    lambda b, s, eta: (-b, -(s / eta)),
    lambda b, s, eta: (-b, -(b / eta)),
    lambda b, s, eta: (-s,),
    lambda b, s, eta: (-s, -(s / eta), -(b / eta)),
    lambda b, s, eta: (-s, -(s / eta)),
    lambda b, s, eta: (-s, -(b / eta)),
)


def _slot_shapes(battery: Battery, net: Sequence[float | None], grid: bool, export: bool,
                 like: tuple[Sequence[float | None], _SlotShapes] | None = None) -> _SlotShapes:
    """:class:`_SlotShapes` of ``net`` [kWh] for ``battery``, with or without grid charging and battery export.

    ``like``, another net load and its shapes for this battery and flags, is copied but where the two net loads
    differ (tariffs' net loads differ only where an EV or shifted use went): a half-hour's shape depends on its net
    load alone (0.0 and −0.0 give the same).
    """
    if like is not None and len(like[0]) == len(net):
        changed = list(compress(range(len(net)), map(_differ, like[0], net)))
        if len(changed) * 2 < len(net):
            done, part = like[1], _slot_shapes(battery, [net[t] for t in changed], grid, export)
            lows, highs, widths, forms = list(done.lows), list(done.highs), list(done.widths), list(done.forms)
            for k, t in enumerate(changed):
                lows[t], highs[t], widths[t], forms[t] = part.lows[k], part.highs[k], part.widths[k], part.forms[k]
            return _SlotShapes(lows, highs, widths, forms)
    lows: list[float | None] = []
    highs: list[float] = []
    widths: list[tuple[float, ...]] = []
    forms: list[int | None] = []
    eta, step = battery.efficiency, battery.step_kwh
    up_grid = eta * step
    for b in net:
        if b is None:
            lows.append(None)
            highs.append(0.0)
            widths.append(())
            forms.append(None)
            continue
        # :func:`_slot_cost_paid` written out (this runs for every half-hour of the period), same arithmetic.
        ws = []
        form = 0
        eb = step if export else (0.0 if b <= 0 else b if b < step else step)
        if eb > 0:
            if 0 < b < eb:
                ws += (eb - b, b)
                form = 4
            else:
                ws.append(eb)
                form = 8 if b > 0 else 12
        up = up_grid if grid else eta * (0.0 if b >= 0 else -b if -b < step else step)
        if up > 0:
            if b < 0 and -eta * b < up:
                ws += (-eta * b, up + eta * b)
                form += 1
            else:
                ws.append(up)
                form += 2 if b < 0 else 3
        f_lo = -eb
        high = f_lo
        for w in ws:
            high += w  # in the order the plan used to add them, so that the sums are the same to the last bit
        lows.append(f_lo)
        highs.append(high)
        widths.append(tuple(ws))
        forms.append(form)
    return _SlotShapes(lows, highs, widths, forms)


def _slot_costs(battery: Battery, net: Sequence[float | None], market: Market,
                shapes: _SlotShapes | None = None, levels: tuple[PriceLevels, PriceLevels] | None = None
                ) -> _SlotCosts:
    """Each half-hour's :func:`_slot_cost` (``None`` for a gap), as :class:`_SlotCosts`.

    ``shapes``, :func:`_slot_shapes` of ``net`` for this battery and market's flags, is shared by the tariffs
    planned on one net load (worked out here when not given): only the slopes are the market's. Half-hours
    without a rate are gaps, and where export earns less than nothing :func:`_slot_cost` builds the pieces.
    ``levels``, :func:`price_levels` of ``market.buy`` and ``market.sell`` when the caller has them, lets a
    market with few levels look each half-hour's slopes up in a table made once (a slope 0.0 may then come out as
    −0.0 or back, where a column holds both: the plan only compares slopes, so its schedule is the same).
    """
    if shapes is None:
        shapes = _slot_shapes(battery, net, market.grid_charging, market.battery_export)
    eta, forms, buys, sells = battery.efficiency, _FORMS, market.buy, market.sell
    # Whole columns (this runs for every tariff planned); the export rate the plan sees is at most the import rate.
    if levels is not None and len(shapes.used) * len(levels[0].values) * len(levels[1].values) * 2 <= len(net) \
            and len(levels[0].column) == len(levels[1].column) == len(net) and -1 not in levels[1].column:
        # One tuple per form that occurs and pair of levels, as the call below makes it: a lookup a half-hour
        # instead of a call (4-5 × faster on CPython and in the browser). Row 16 and the last column are gaps.
        bv, bc, sv, sc, used = levels[0].values, levels[0].column, levels[1].values, levels[1].column, shapes.used
        gap = [()] * len(sv)
        table = [[[forms[f](b, b if s > b else s, eta) for s in sv] for b in bv] + [gap] if f in used else []
                 for f in range(16)]
        table.append([gap] * (len(bv) + 1))
        negated = [table[f][b][s] for f, b, s in zip(shapes.rows, bc, sc)]  # noqa: B905 (lengths checked)
    else:
        negated = [() if f is None or b is None else forms[f](b, b if s > b else s, eta)
                   for f, b, s in zip(shapes.forms, buys, sells, strict=True)]
    lows, highs, widths = shapes.lows, shapes.highs, shapes.widths
    gaps = [t for t, b in enumerate(buys) if b is None] if None in buys else []
    burns = [t for t, (b, s) in enumerate(zip(buys, sells)) if b is not None and net[t] is not None  # noqa: B905
             and (b if s > b else s) < 0] if min(sells) < 0 or min(filter(None, buys), default=0) < 0 \
        else []  # (``filter`` leaves out the gaps, and zeros, which are not below 0 either: a pass in C)
    if gaps or burns:
        lows, highs, widths = list(lows), list(highs), list(widths)
        for t in gaps:
            lows[t], highs[t], widths[t] = None, 0.0, ()
        for t in burns:
            b, buy, sell = net[t], buys[t], sells[t]
            f_lo, segs = _slot_cost(b, buy, buy if sell > buy else sell, battery, market)  # type: ignore[arg-type]
            ws = tuple(w for w, _ in segs)
            high = f_lo
            for w in ws:
                high += w
            lows[t], highs[t], widths[t], negated[t] = f_lo, high, ws, tuple(-k for _, k in segs)
    return _SlotCosts(lows, highs, widths, negated, frozenset(burns))


def _plan(battery: Battery, net: Sequence[float | None], market: Market, lo: int, hi: int, level0: float,
          run_to: int, costs: _SlotCosts | None = None,
          progress: Callable[[int, int], None] | None = None) -> tuple[list[float], list[float], float]:
    """Optimal AC flows for half-hours ``lo``…``run_to − 1``, planning to ``hi``, from ``level0`` kWh stored.

    Backward: ``V[t](s) = min_d f_t(d) + V[t+1](s + d)`` on ``[0, capacity]``,
    an infimal convolution of convex piecewise-linear functions, done exactly
    by merging their pieces in slope order. Only slopes matter for the plan,
    so ``V`` is kept as two flat lists (its pieces' slopes, ascending, and
    widths) changed in place: each half-hour inserts ``f``'s few pieces
    (negated, at the first slope not below theirs; an equal slope widens the piece already there)
    and trims ``f``'s reach off both ends. Before inserting, the store level
    where ``V[t+1]``'s slope reaches each ``−k`` of ``f``'s slopes ``k`` is
    kept (``x_k``, the widths of the flatter pieces): that is all the
    forward pass needs. Forward: from level ``s``, the ``d`` where
    ``f'(d) + V[t+1]'(s + d)`` turns ≥ 0 lies on the first of ``f``'s pieces
    ``[a, a + w]`` with ``x_k − s < a + w``, at ``max(a, x_k − s)`` (then
    clamped to the store's bounds): the least of the best changes, so a plan
    never charges (nor discharges less) unless that strictly pays. Returns
    each half-hour's charge and discharge [AC kWh] and the energy stored at
    ``run_to``. ``costs`` is :func:`_slot_costs` over the whole period
    (worked out here when not given). ``progress(done, total)`` hears of the
    half-hours done, backward then forward, about every 2 % of them, and at the end.
    """
    # This runs a day at a time for every distinct plan: the loops below are written for few Python-level
    # operations and calls per half-hour (no min/max calls, no per-half-hour test of ``progress``, locals bound
    # once; no ``zip`` per half-hour and a plain scan of the few slopes instead of a bisection, as calls cost most
    # in the browser's Python; a piece going in first or trimmed off the flat end moves an offset, not the list;
    # the steepest and the flattest new pieces, when a trim meets them first, are trimmed before they would go in),
    # with the same arithmetic in the same order as the plain form, so that the plans are the same to the last bit.
    cap, eta = battery.capacity_kwh, battery.efficiency
    if costs is None:
        costs = _slot_costs(battery, net, market)
    lows, highs, all_widths, all_negated = costs.lows, costs.highs, costs.widths, costs.negated
    # Stored energy is worth nothing at the end. ``slopes`` ends with one more, +∞, that no width goes with: a
    # scan for a place then always stops on a slope to compare with. V's pieces start at ``start``: before it
    # lies room for pieces that go in first (the usual place) and for those the flat end's trim takes off, so
    # neither moves the list (no call); at most 8 pieces a half-hour go in.
    start = 8 * (hi - lo) + 1
    slopes, widths = [0.0] * start + [0.0, math.inf], [0.0] * start + [cap]
    executed = run_to - lo
    reach: list[list[float]] = [[]] * executed
    total = (hi - lo) + executed
    every = max(1, total // 50) if progress else total + 1
    insert_slope, insert_width = slopes.insert, widths.insert
    eps = _EPS
    # Backward, in runs of ``every`` half-hours (one run without ``progress``): each run's first is reported.
    for top in range(hi - 1, lo - 1, -every):
        if progress:
            progress(hi - 1 - top, total)
        for t in range(top, max(top - every, lo - 1), -1):
            f_lo = lows[t]
            if f_lo is None:
                continue
            # ``f``'s slopes rise, so their negatives fall: each goes in at or before the last one's place, and
            # the widths before it (its reach) are still V[t+1]'s.
            ws, ks = all_widths[t], all_negated[t]
            last = len(ws) - 1
            p = 0
            executing = t < run_to
            if executing:
                xs = reach[t - lo] = []
            # The flattest piece (discharging, at most the most discharge wide) often goes in after all of V[t+1]'s:
            # then it is the first the steep end's trim meets (the flat end's cannot reach it) and, no wider than
            # that trim, all of it comes off: it never goes in. ``wb`` is its width (0 for none such).
            wb = 0.0
            if last > 0:
                k = ks[0]
                if k > slopes[-2] and ks[1] < k and ws[0] <= -f_lo:
                    p = 1
                    w = ws[0]
                    if w > eps:
                        wb = w
                    if executing:
                        i = len(widths)
                        r = i - start
                        xs.append(0 if not r else widths[start] if r == 1 else widths[start] + widths[start + 1]
                                  if r == 2 else sum(widths[start:i]))
            if executing:
                while p < last:
                    w = ws[p]
                    k = ks[p]
                    p += 1
                    i = start
                    while slopes[i] < k:
                        i += 1
                    # ``sum`` of the widths before it, as ``sum`` gives it, without a call for the usual one or two.
                    r = i - start
                    xs.append(0 if not r else widths[start] if r == 1 else widths[start] + widths[start + 1]
                              if r == 2 else sum(widths[start:i]))
                    if w <= eps:
                        continue
                    if slopes[i] == k:
                        widths[i] += w
                    elif r:
                        insert_slope(i, k)
                        insert_width(i, w)
                    else:
                        start -= 1
                        slopes[start] = k
                        widths[start] = w
            else:
                while p < last:
                    w = ws[p]
                    p += 1
                    if w <= eps:
                        continue
                    k = ks[p - 1]
                    i = start
                    while slopes[i] < k:
                        i += 1
                    if slopes[i] == k:
                        widths[i] += w
                    elif i > start:
                        insert_slope(i, k)
                        insert_width(i, w)
                    else:
                        start -= 1
                        slopes[start] = k
                        widths[start] = w
            # V[t] starts where η × the most charge [kWh] below 0 has been cut off, and ends the most discharge
            # above capacity: those reaches come off its flattest and its steepest pieces.
            flat = highs[t]
            if last >= 0:
                w = ws[last]
                k = ks[last]
                if k < slopes[start]:
                    # The steepest piece is a new first piece (the usual case: charging from the grid), the first
                    # the flat end's trim meets: trimmed here before it would go in, with the same arithmetic.
                    if executing:
                        xs.append(0)
                    if w > eps:
                        if flat > 0:
                            if w <= flat + eps:
                                flat -= w
                            else:
                                start -= 1
                                slopes[start] = k
                                widths[start] = w - flat
                                flat = 0.0
                        else:
                            start -= 1
                            slopes[start] = k
                            widths[start] = w
                else:
                    i = start
                    while slopes[i] < k:
                        i += 1
                    if executing:
                        r = i - start
                        xs.append(0 if not r else widths[start] if r == 1 else widths[start] + widths[start + 1]
                                  if r == 2 else sum(widths[start:i]))
                    if w > eps:
                        if slopes[i] == k:
                            widths[i] += w
                        else:
                            insert_slope(i, k)
                            insert_width(i, w)
            # Each trim usually ends inside the piece it meets first: that piece is narrowed straight away.
            if flat > 0:
                w = widths[start]
                if w <= flat + eps:
                    i = start
                    while True:
                        if w <= flat + eps:
                            flat -= w
                            i += 1
                            if flat > 0:
                                w = widths[i]
                                continue
                        else:
                            widths[i] = w - flat
                        break
                    start = i
                else:
                    widths[start] = w - flat
            if f_lo < 0:
                steep = -f_lo - wb  # the flattest new piece's width first (− 0 when none)
                if steep > 0:
                    w = widths[-1]
                    if w <= steep + eps:
                        n = len(widths)
                        while True:
                            if w <= steep + eps:
                                steep -= w
                                n -= 1
                                if steep > 0:
                                    w = widths[n - 1]
                                    continue
                            else:
                                widths[n - 1] = w - steep
                            break
                        del slopes[n:-1], widths[n:]
                    else:
                        widths[-1] = w - steep
    charge = [0.0] * executed
    discharge = [0.0] * executed
    level = level0
    burns = costs.burns
    for first in range(0, executed, every):
        if progress:
            progress(hi - lo + first, total)
        last = min(first + every, executed)
        for j, d, ws, xs in zip(range(first, last), lows[lo + first:lo + last],  # noqa: B905 (as long)
                                all_widths[lo + first:lo + last], reach[first:last]):
            if d is None:
                continue
            p = 0
            for w in ws:
                x = xs[p] - level
                p += 1  # noqa: SIM113 (not enumerate: a call a half-hour costs most in the browser)
                if x < d + w:  # the slope turns ≥ 0 on this piece
                    if x > d:
                        d = x
                    break
                d += w
            # The store's bounds (as ``min(max(d, −level), cap − level)`` would clamp it).
            if -level > d:
                d = -level
            if cap - level < d:
                d = cap - level
            if burns and (t := lo + j) in burns:  # paid to export less than nothing: the split depends on the prices
                buy = market.buy[t]
                sell = market.sell[t] if market.sell[t] < buy else buy  # type: ignore[operator]
                cb, eb = _slot_bounds(net[t], battery, market)  # type: ignore[arg-type]
                _, e = _best_split(d, net[t], cb, eb, eta, buy, sell)  # type: ignore[arg-type]
                charge[j] = (d + e) / eta
                discharge[j] = e
            elif d > 0:
                charge[j] = d / eta  # (d + 0) / η
            elif d < 0:
                discharge[j] = -d  # and (d − d) / η = 0 charged
            level += d
            if level < 0.0:
                level = 0.0
            elif cap < level:
                level = cap
    if progress:
        progress(total, total)
    return charge, discharge, level


def run_optimal(battery: Battery, load: Sequence[float | None], surplus: Sequence[float | None], market: Market,
                progress: Callable[[int, int], None] | None = None) -> BatteryRun:
    """The perfect-foresight optimum of the model over the whole period (see the module docstring).

    ``progress(done, total)`` is called as it goes (it takes a second or so on a year), ending with ``done == total``.
    """
    net = net_load(load, surplus)
    charge, discharge, _ = _plan(battery, net, market, 0, len(net), 0.0, len(net), progress=progress)
    return _finish_columns("optimal", battery, net, charge, discharge, market)


@dataclass(frozen=True, slots=True)
class PriceLevels:
    """A column of rates as its distinct levels and, per half-hour, which level it is at: what a plan's price
    pattern (:func:`price_pattern`) is built from, worked out once per tariff rather than once per pair.

    values : the distinct rates, ascending [p/kWh]; column : each half-hour's index into ``values``, −1 for none.
    """

    values: tuple[float, ...]
    column: tuple[int, ...]


def price_levels(rates: Sequence[float | None]) -> PriceLevels:
    """:class:`PriceLevels` of ``rates`` [p/kWh] (``None`` = no rate)."""
    values = set(rates)
    values.discard(None)
    ordered = sorted(values)  # type: ignore[type-var]
    index: dict[float | None, int] = {v: i for i, v in enumerate(ordered)}
    index[None] = -1
    # A comprehension, not ``map`` of a bound method: about half the time in the browser's Python.
    return PriceLevels(tuple(ordered), tuple([index[r] for r in rates]))


def price_pattern(buy: PriceLevels, sell: PriceLevels, efficiency: float) -> tuple:
    """What a plan (:func:`run_day_ahead`, :func:`run_optimal`) can tell of an import's and an export's prices
    beyond their levels' columns (:func:`price_levels`): equal columns and equal patterns, on the same net load,
    battery and flags, give the same plan, to the last bit (:func:`market_pattern` puts them together).

    Why: with every export rate the plan sees, ``min(sell, buy)``, at least 0, the planner does no arithmetic on
    prices. Each half-hour's pieces have widths worked out from the net load and the battery alone, and slopes
    ``buy``, ``sell``, ``buy / η`` or ``sell / η`` (chosen by the sign of the net load); the value function's slopes
    are those numbers negated and 0; the plan only compares them (order, equality) and adds widths; and the
    split of a change of store into charge and discharge is then price-free (``e = −d`` when discharging). So
    if one strictly increasing map carries every number one market's plan compares onto the other's, both make
    the same comparisons and the same schedule. The pattern is the ranks of every import and export level and
    every level ÷ η, with 0, among all of them: with equal columns, equal patterns give such a map, carrying each
    half-hour's ``buy``, ``sell``, their quotients by η and 0 onto the other's, and so also ``min(sell, buy)`` and
    its quotient (the map keeps order, and division by η is monotone in floats too). Two flat tariffs with the
    same export rate below ``η`` × their import rate, or one time-of-use shape at two price levels, share a
    pattern. With a rate below 0 anywhere the split depends on the prices themselves, and the pattern is the
    prices (with the columns, every rate).

    Only the few distinct levels are ranked, with no pass over the half-hours: the lab works out each tariff's
    levels once and this once per import × export pair.
    """
    buys, sells = buy.values, sell.values
    if (buys and buys[0] < 0) or (sells and sells[0] < 0):
        return ("prices", buys, sells)
    numbers = sorted({*buys, *sells, *[v / efficiency for v in buys], *[v / efficiency for v in sells], 0.0})
    rank = {v: i for i, v in enumerate(numbers)}  # as the plan divides them
    size = len(numbers)
    return ("ranks", size, rank[0.0], tuple([rank[v] * size + rank[v / efficiency] for v in buys]),
            tuple([rank[v] * size + rank[v / efficiency] for v in sells]))


def market_pattern(market: Market, efficiency: float) -> tuple:
    """``market``'s whole pattern (:func:`price_pattern` with both columns and the flags): equal patterns on the
    same net load and battery give the same plan, to the last bit."""
    buy, sell = price_levels(market.buy), price_levels(market.sell)
    return (buy.column, sell.column, price_pattern(buy, sell, efficiency), market.grid_charging,
            market.battery_export)


def decision_points(start: int, count: int, slots: Sequence[int] | None = None) -> tuple[tuple[int, int], ...]:
    """``(decide at, plan to)`` half-hour indices: each 16:00 London, known prices to 23:00 the next day.

    The first plan starts at half-hour 0; before 16:00 it sees to 23:00 that day.
    """
    slots = clock_slots(start, count) if slots is None else slots
    sixteens = [i for i in range(1, count) if slots[i] == 32 and slots[i - 1] != 32]
    elevens = [i for i in range(count) if slots[i] == 46 and (i == 0 or slots[i - 1] != 46)]
    out = []
    for d in [0, *sixteens]:
        j = bisect_right(elevens, d)
        known = 2 if slots[d] >= 32 else 1  # after 16:00, tomorrow's prices are out too
        out.append((d, elevens[j + known - 1] if j + known - 1 < len(elevens) else count))
    return tuple(out)


class Windows:
    """Day-ahead plans of single windows, shared by the tariffs planned with one battery, flags and export rates
    (``sell``, as :func:`price_levels`): a window where the import rate is one level throughout gets the same
    plan from any import level that sits in the same place among the window's export levels, their quotients by
    η and 0, if the net load over the window and the store at its start are the same.

    Why, as for :func:`price_pattern` but over one window: a window's plan depends only on the net load, the
    store at its start and the order (and equalities) of the numbers it compares, ``buy``, ``min(sell, buy)``, each
    ÷ η, and 0. With the export rates the same and every rate at least 0, the map that fixes every export number
    and carries one import level ``b`` (and ``b / η``) to another in the same place is strictly increasing, and
    carries ``min(sell, b)`` and its quotient along: the comparisons, and so the plan, are the same to the last
    bit. A flat tariff, a variable one between its price changes and a fixed one often share a window this way.
    """

    def __init__(self, sell: PriceLevels, efficiency: float) -> None:
        self.sell, self.efficiency = sell, efficiency
        self._numbers: dict[tuple[int, int], list[float] | None] = {}
        self.plans: dict[tuple, tuple[list[float], list[float], float]] = {}

    def key(self, lo: int, hi: int, buy: PriceLevels, net: Sequence[float | None]) -> tuple | None:
        """The window ``lo``…``hi − 1``'s key for an import at ``buy``'s levels on ``net`` [kWh], but for the
        store's level; ``None`` when the import rate is not one level (or a gap) throughout, or a rate is below 0.
        """
        column = buy.column
        i = column[lo]
        if i < 0 or column[lo:hi].count(i) != hi - lo:
            return None
        b = buy.values[i]
        if b < 0:
            return None
        if (numbers := self._numbers.get((lo, hi), ())) == ():
            levels = self.sell.values
            sells = {levels[k] for k in set(self.sell.column[lo:hi])}
            eta = self.efficiency
            numbers = self._numbers[lo, hi] = None if min(sells) < 0 else sorted(
                {*sells, *[v / eta for v in sells], 0.0})
        if numbers is None:
            return None
        q = b / self.efficiency
        # The window's own net load: tariffs whose cheap hours move an EV's charging apart on some days only
        # still share the rest.
        return (lo, hi, bisect_left(numbers, b), bisect_right(numbers, b), bisect_left(numbers, q),
                bisect_right(numbers, q), tuple(net[lo:hi]))


def run_day_ahead(battery: Battery, load: Sequence[float | None], surplus: Sequence[float | None], market: Market,
                  start: int, slots: Sequence[int] | None = None, net: Sequence[float | None] | None = None,
                  points: Sequence[tuple[int, int]] | None = None, shapes: dict | None = None,
                  windows: Windows | None = None, levels: PriceLevels | None = None,
                  alike: dict | None = None) -> BatteryRun:
    """Re-plan every day at 16:00 London time on the prices known then (to 23:00 the next day).

    A caller planning many tariffs passes what they share: ``net`` (:func:`net_load` of ``load`` and
    ``surplus``), ``points`` (:func:`decision_points` of the period) and ``shapes``, a dict kept over the
    tariffs on one ``net``, this battery and grid charging (the half-hours' pieces, but for their slopes);
    and ``windows``, kept over the tariffs with this battery, these flags and ``market.sell``, with
    ``levels``, :func:`price_levels` of ``market.buy``: a window planned for one of them already is not planned
    again. ``alike``, a dict kept over the tariffs with this battery on any net load, holds the last pieces worked
    out for each pair of flags: a new net load's are worked out from them where the two net loads differ.
    """
    if net is None:
        net = net_load(load, surplus)
    if points is None:
        points = decision_points(start, len(net), slots)
    shape = None
    if shapes is not None:
        flags = (market.grid_charging, market.battery_export)
        if (shape := shapes.get(flags)) is None:
            like = alike.get(flags) if alike is not None else None
            shape = shapes[flags] = _slot_shapes(battery, net, *flags, like)
            if alike is not None:
                alike[flags] = (net, shape)
    costs = _slot_costs(battery, net, market, shape,
                        (levels, windows.sell) if levels is not None and windows is not None else None)
    charge: list[float] = []
    discharge: list[float] = []
    level = 0.0
    kept = windows.plans if windows is not None and levels is not None else None
    for j, (d, horizon) in enumerate(points):
        run_to = points[j + 1][0] if j + 1 < len(points) else len(net)
        hi = max(horizon, run_to)
        key = windows.key(d, hi, levels, net) if kept is not None else None  # type: ignore[union-attr, arg-type]
        if key is None:
            c, e, level = _plan(battery, net, market, d, hi, level, run_to, costs)
        elif (same := kept.get(key := (*key, run_to, level))) is not None:  # type: ignore[union-attr]
            c, e, level = same
        else:
            c, e, level = kept[key] = _plan(battery, net, market, d, hi, level, run_to, costs)  # type: ignore[index]
        charge += c
        discharge += e
    return _finish_columns("day_ahead", battery, net, charge, discharge, market)
