"""Readings no domestic meter can produce: which they are, and one sentence saying so.

Two kinds, both kept out of the series every report reads:

* **error codes** (``|value| ≥`` :data:`ERROR_CODE`): SMETS meters write "no
  valid reading" as 0xFFFFFF, 16,777.215 once scaled. Never energy, so never
  offered back; they are gaps.
* **faulty readings**: below zero, or above what the supply can physically
  deliver in half an hour (:data:`LIMITS`), e.g. the ~65.5 kWh (0xFFFF Wh)
  value some Bright/Glow exports carry. Left out by default, announced, and
  kept aside so the user can choose to include them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..wording import plural

ERROR_CODE = 16700.215
"""Values at or beyond this magnitude [kWh, or m³] are meter error codes, not energy.

The original site dropped everything from 16700.215 up; a magnitude this
large also rules out the absurd (±1e308) values that would overflow a sum.
"""


@dataclass(frozen=True, slots=True)
class Limit:
    """The most one half-hour can hold for a meter type, and the physical reason."""

    per_half_hour: float  # [unit per half-hour]
    unit: str  # "kWh" or "m3"
    why: str


LIMITS = {
    ("electricity", "kWh"): Limit(11.5, "kWh", "a 100 A single-phase home supply, 23 kW, draws at most 11.5 kWh"),
    ("export", "kWh"): Limit(11.5, "kWh", "a 100 A single-phase home supply, 23 kW, passes at most 11.5 kWh"),
    ("gas", "kWh"): Limit(34.0, "kWh", "a domestic U6/G4 gas meter, 6 m³ an hour, passes at most about 34 kWh"),
    ("gas", "m3"): Limit(3.0, "m3", "a domestic U6/G4 gas meter passes at most 6 m³ an hour, 3 m³"),
}


def limit_for(fuel: str, unit: str) -> Limit:
    """The physical limit for ``fuel`` read in ``unit`` (``"Wh"`` files are compared after scaling to kWh)."""
    return LIMITS.get((fuel, "m3" if unit == "m3" else "kWh"), LIMITS[("electricity", "kWh")])


def is_error_code(value: float) -> bool:
    # NaN compares false with everything, so it would pass every limit below and reach a sum as NaN:
    # a value that is not a finite number is no reading at all, like the meter's own error codes.
    return not math.isfinite(value) or abs(value) >= ERROR_CODE


def announce_error_codes(n: int, values: Sequence[float] = ()) -> str:
    """One sentence: ``n`` meter error codes were dropped and are gaps. The same for a file and a provider.

    ``values`` are the distinct codes found, as the data gave them: quoted so that the user can find them in
    the file. Without them the sentence quotes the threshold.
    """
    if values:
        found = sorted(set(values), key=lambda v: (not math.isfinite(v), v))
        shown = [_code(v) for v in found[:SHOWN_CODES]]
        if len(found) > SHOWN_CODES:
            what = f"{', '.join(shown)} and other values"
        else:
            what = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
        if n == 1:
            return f"1 meter error code (a value of {what}) was dropped and is a gap."
        each = "each" if len(found) == 1 else "values of"
        return f"{n:,} meter error codes ({each} {what}) were dropped and are gaps."
    # every digit: "16700.2", as :g rounds it, would claim 16700.21 is dropped too
    if n == 1:
        return f"1 meter error code (a value of {ERROR_CODE:,.3f} or more) was dropped and is a gap."
    return f"{n:,} meter error codes (values of {ERROR_CODE:,.3f} or more) were dropped and are gaps."


SHOWN_CODES = 3
"""Distinct error codes quoted in the sentence; more are counted."""


def _code(value: float) -> str:
    """An error code as written in a file: ``99,999``, ``16,777.215`` (every digit up to the thousandths)."""
    if not math.isfinite(value):
        return "a value that is not a number"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text if float(text.replace(",", "")) == value else f"{value:,}"


def fault(value: float, limit: Limit) -> str | None:
    """``"above"``, ``"negative"`` or ``None`` for a reading [limit's unit] that is not an error code."""
    if value < 0:
        return "negative"
    if value > limit.per_half_hour:
        return "above"
    return None


def _amount(x: float, unit: str) -> str:
    word = "m³" if unit == "m3" else "kWh"
    return f"{x:,.1f} {word}" if abs(x) >= 10 else f"{x:,.3g} {word}"


def announce(values: Sequence[float], limit: Limit) -> str:
    """One sentence: how many half-hours were left out, why, and how much energy they held.

    E.g. "20 half-hours read 65.5 kWh, far above what a home can use
    (a 100 A … at most 11.5 kWh in a half-hour): treated as meter errors and
    left out of every total, cost and comparison (1,310.7 kWh). …"
    """
    if len(values) == 1:  # the one value is already in the description: its total would only repeat it
        return (describe(values, limit) + ": treated as a meter error and left out of every total, cost and "
                "comparison. The data-quality view lists it and can include it.")
    return (describe(values, limit) + ": treated as meter errors and left out of every total, cost and comparison "
            f"({_amount(sum(values), limit.unit)}). The data-quality view lists them and can include them.")


def describe(values: Sequence[float], limit: Limit) -> str:
    """"20 half-hours read 65.5 kWh, far above what a home can use (…)", without a full stop."""
    high = sorted(v for v in values if v > 0)
    low = sorted(v for v in values if v < 0)
    parts = []
    if high:
        span = _amount(high[0], limit.unit) if high[0] == high[-1] else (
            f"{_amount(high[0], limit.unit)} to {_amount(high[-1], limit.unit)}")
        parts.append(f"{plural(len(high), 'half-hour')} read {span}, far above what a home can use "
                     f"({limit.why} in a half-hour)")
    if low:
        span = _amount(low[0], limit.unit) if low[0] == low[-1] else (
            f"{_amount(low[0], limit.unit)} to {_amount(low[-1], limit.unit)}")
        parts.append(f"{plural(len(low), 'half-hour')} read below zero ({span}), which a meter cannot record")
    return " and ".join(parts)
