"""Standing charges day by day, and the bill lines they make.

A London day pays the standing charge in force at its local midnight, once,
whether it has 46, 48 or 50 half-hours. Consecutive days at the same charge
of the same tariff make one line (days × p/day), as on a statement.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from ..timeseries.londontime import day_bounds
from .history import Pricing, TariffHistory
from .tariff import Tariff


@dataclass(frozen=True, slots=True)
class StandingLine:
    """Consecutive days at one standing charge."""

    tariff_code: str
    first_day: dt.date
    last_day: dt.date
    days: int
    p_per_day: float  # [p/day exc VAT]
    cost: float  # [p exc VAT]


def day_starts(first: dt.date, last: dt.date) -> tuple[tuple[dt.date, int], ...]:
    """Each London day from ``first`` to ``last`` with its local midnight [s, UTC]."""
    out = []
    day = first
    one = dt.timedelta(days=1)
    while day <= last:
        out.append((day, day_bounds(day)[0]))
        day += one
    return tuple(out)


def standing_by_day(pricing: Pricing, days: Sequence[tuple[dt.date, int]]) -> tuple[tuple[str, float] | None, ...]:
    """``(tariff code, p/day exc VAT)`` for each day; ``None`` when no charge is known.

    Export tariffs without a standing charge give ``(code, 0.0)``, which
    makes no line. Days are matched to charges (and agreements) by binary
    search on their local midnights, not one by one.
    """
    starts = [t for _, t in days]
    out: list[tuple[str, float] | None] = [None] * len(starts)
    if isinstance(pricing, TariffHistory):
        for a in pricing.agreements:
            lo, hi = _index_range(starts, a.valid_from, a.valid_to)
            _fill(out, starts, lo, hi, a.tariff)
    else:
        _fill(out, starts, 0, len(starts), pricing)
    return tuple(out)


def _index_range(starts: list[int], valid_from: int | None, valid_to: int | None) -> tuple[int, int]:
    lo = 0 if valid_from is None else bisect_left(starts, valid_from)
    hi = len(starts) if valid_to is None else bisect_left(starts, valid_to)
    return lo, max(lo, hi)


def _fill(out: list, starts: list[int], lo: int, hi: int, tariff: Tariff) -> None:
    if tariff.fuel == "export" and not tariff.standing_charges:
        out[lo:hi] = [(tariff.code, 0.0)] * (hi - lo)
        return
    # Later intervals first, so that where two overlap the earlier one wins, as in Tariff.standing_charge_at.
    for sc in reversed(tariff.standing_charges):
        a, b = _index_range(starts, sc.valid_from, sc.valid_to)
        a, b = max(a, lo), min(b, hi)
        if a < b:
            out[a:b] = [(tariff.code, sc.p_per_day_exc_vat)] * (b - a)


def standing_lines(
    days: Sequence[tuple[dt.date, int]], charges: Sequence[tuple[str, float] | None]
) -> tuple[tuple[StandingLine, ...], int]:
    """Group days into lines; also the number of days with no known charge."""
    lines: list[StandingLine] = []
    unknown = 0
    run: list = []  # [code, first, last, days, p]
    for (day, _), charge in zip(days, charges, strict=True):
        if charge is None:
            unknown += 1
            continue
        code, p = charge
        if p == 0:
            continue  # export: no standing charge, no line
        if run and run[0] == code and run[4] == p and run[2] + dt.timedelta(days=1) == day:
            run[2], run[3] = day, run[3] + 1
        else:
            if run:
                lines.append(_line(run))
            run = [code, day, day, 1, p]
    if run:
        lines.append(_line(run))
    return tuple(lines), unknown


def _line(run: list) -> StandingLine:
    code, first, last, days, p = run
    # days × rate, one multiplication, as a bill shows it.
    return StandingLine(code, first, last, days, p, days * p)


def month_standing(charges: Sequence[tuple[str, float] | None],
                   month_days: tuple[tuple[int, int], ...]) -> tuple[float, ...]:
    """Standing charges of each month [p exc VAT]: days × p/day for each run of equal charges, added in order."""
    out = []
    for a, b in month_days:
        total = 0.0
        run_key = None
        run_days = 0
        for k in range(a, b):
            c = charges[k]
            if c != run_key:
                if run_key is not None:
                    total += run_days * run_key[1]
                run_key, run_days = c, 0
            run_days += 1
        if run_key is not None:
            total += run_days * run_key[1]
        out.append(total)
    return tuple(out)
