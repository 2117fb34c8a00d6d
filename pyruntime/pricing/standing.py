"""Standing charges day by day, and the bill lines they make.

A London day pays the standing charge in force at its local midnight, once,
whether it has 46, 48 or 50 half-hours. Consecutive days at the same charge
of the same tariff make one line (days × p/day), as on a statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..londontime import day_bounds
from .history import Pricing, tariff_at


@dataclass(frozen=True, slots=True)
class StandingLine:
    """Consecutive days at one standing charge."""

    tariff_code: str
    first_day: dt.date
    last_day: dt.date
    days: int
    p_per_day: float  # [p/day exc VAT]
    cost: float  # [p exc VAT]


def day_starts(first: dt.date, last: dt.date) -> list[tuple[dt.date, int]]:
    """Each London day from ``first`` to ``last`` with its local midnight [s, UTC]."""
    out = []
    day = first
    one = dt.timedelta(days=1)
    while day <= last:
        out.append((day, day_bounds(day)[0]))
        day += one
    return out


def standing_by_day(pricing: Pricing, days: list[tuple[dt.date, int]]) -> list[tuple[str, float] | None]:
    """``(tariff code, p/day exc VAT)`` for each day; ``None`` when no charge is known.

    Export tariffs without a standing charge give ``None``-free zero days,
    which make no line.
    """
    out: list[tuple[str, float] | None] = []
    for _, t in days:
        tariff = tariff_at(pricing, t)
        p = None if tariff is None else tariff.standing_charge_at(t)
        out.append(None if p is None else (tariff.code, p))  # type: ignore[union-attr]
    return out


def standing_lines(
    days: list[tuple[dt.date, int]], charges: list[tuple[str, float] | None]
) -> tuple[list[StandingLine], int]:
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
    return lines, unknown


def _line(run: list) -> StandingLine:
    code, first, last, days, p = run
    # days × rate, one multiplication, as a bill shows it.
    return StandingLine(code, first, last, days, p, days * p)
