"""How money is added up and rounded.

Costs are kept in pence as binary floats at full precision and added one
half-hour at a time, in time order, with plain ``+``. Never ``sum()``: from
Python 3.12 the built-in ``sum`` of floats is compensated (Neumaier), so
CPython 3.11 and Pyodide's 3.14 would disagree in the last bits.
``functools.reduce(operator.add, ...)`` is the same left-to-right ``+`` as a
loop, only run in C. Rounding happens once, when a figure is shown.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce

ROUNDING = (
    "Costs are computed in pence at full floating-point precision: each half-hour's kWh × "
    "unit rate (exc VAT), added in time order within each London month and then month by month, "
    "with no intermediate rounding; VAT is charged "
    "once on the subtotal (energy + standing charges), as on a bill. Figures are rounded "
    "only for display: £ to the nearest penny, pence to 0.01p, p/kWh to 0.001p (Python round: "
    "half-to-even on the binary value). Each line is rounded on its own, so displayed lines "
    "can differ from the displayed total by a penny; a saving is the difference of the two "
    "totals as displayed. Suppliers round per line too, so a "
    "bill can differ from this by a few pence."
)
"""The rounding convention, stated in every cost output."""


def add_up(values: Iterable[float]) -> float:
    """Left-to-right float sum [same unit as ``values``]; identical on every Python version."""
    return reduce(operator.add, values, 0.0)


def dot(a: Iterable[float], b: Iterable[float]) -> float:
    """Σ aᵢ·bᵢ, added left to right (e.g. kWh × p/kWh → p)."""
    return reduce(operator.add, map(operator.mul, a, b), 0.0)


def pounds(pence: float | None) -> float | None:
    """Pence → £ rounded to the penny, for display only."""
    return None if pence is None else round(pence / 100, 2)


def difference_shown(a_p: float | None, b_p: float | None) -> float | None:
    """``a_p`` − ``b_p`` [£] as a reader works it out from the two totals shown beside it, each rounded to the penny
    first. Bills are in pennies: a saving beside £1,122.05 and £1,003.91 is £118.14, though the unrounded pence
    differ by £118.134. None when either total is None."""
    if a_p is None or b_p is None:
        return None
    return round(pounds(a_p) - pounds(b_p), 2) + 0.0


def total_shown(parts_p: Iterable[float | None]) -> float | None:
    """The total [£] of signed lines in pence (a credit negative), each shown rounded to the penny: what a bill
    prints under its lines, so the lines shown add up to it. £20.004 + £20.004 is £20.00 + £20.00 = £40.00, where
    the unrounded £40.008 rounded once is £40.01. None when any line is None."""
    shown = [pounds(p) for p in parts_p]
    if any(x is None for x in shown):
        return None
    return round(add_up(shown), 2) + 0.0


def pence(p: float | None) -> float | None:
    """Pence rounded to 0.01p, for display only."""
    return None if p is None else round(p, 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def p_per_kwh(p: float | None) -> float | None:
    """A unit rate or average price rounded to 0.001 p/kWh, for display only."""
    return None if p is None else round(p, 3) + 0.0


def kwh(x: float | None) -> float | None:
    """kWh to 6 decimals: removes binary noise (12.340000000000002) and keeps runtimes identical."""
    return None if x is None else round(x, 6) + 0.0
