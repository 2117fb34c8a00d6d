"""The overnight-minimum gas check: does gas flow all night, every night?

A boiler that is off overnight burns nothing between 01:00 and 05:00, so the
smallest half-hour in that window is normally zero. If that minimum is above
zero on most nights, something burns gas continuously: a pilot light (an
older boiler, fire or water heater), frost protection, or a leak after the
meter. We flag it with the typical flow, and say plainly that it is a
pattern to look into, not a diagnosis.

Rules. Nights are London days' wall-clock slots 2..9 (01:00 to 05:00); a
night counts when at least :data:`MIN_READINGS` of them hold a reading.
A night "flows" when its smallest reading exceeds :data:`FLOW_THRESHOLD_KWH`.
The check looks at the latest :data:`RECENT_NIGHTS` counted nights and flags
when at least :data:`FLAG_SHARE` of them flow and at least
:data:`MIN_NIGHTS` were counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .slotgrid import DayRow
from .stats import median

WINDOW_SLOTS = range(2, 10)  # 01:00–05:00 local
MIN_READINGS = 6  # a clocks-forward night has only 6 of these slots
FLOW_THRESHOLD_KWH = 0.0  # [kWh per half-hour]: meters report exactly 0 when nothing flows
RECENT_NIGHTS = 28
MIN_NIGHTS = 14
FLAG_SHARE = 0.8

KWH_PER_M3 = 11.2  # typical UK gas: 39.5 MJ/m³ × 1.02264 volume correction ÷ 3.6 [kWh/m³]


@dataclass(frozen=True, slots=True)
class OvernightCheck:
    """Result of the check.

    Attributes
    ----------
    status : "possible_continuous_flow", "ok" or "not_enough_data".
    nights : nights checked (the most recent counted ones).
    flowing : of those, nights whose minimum exceeded the threshold.
    first_night, last_night : ISO dates of the nights checked.
    typical_kwh : median overnight minimum on flowing nights [kWh per half-hour], or ``None``.
    """

    status: str
    nights: int
    flowing: int
    first_night: str | None
    last_night: str | None
    typical_kwh: float | None

    @property
    def share(self) -> float | None:
        return self.flowing / self.nights if self.nights else None


def night_minimum(row: DayRow) -> float | None:
    """Smallest reading between 01:00 and 05:00 [kWh per half-hour], or ``None`` with too few readings."""
    vals = [v for s in WINDOW_SLOTS if (v := row.cells[s]) is not None]
    return min(vals) if len(vals) >= MIN_READINGS else None


def overnight_check(rows: Sequence[DayRow]) -> OvernightCheck:
    """Run the check over the latest :data:`RECENT_NIGHTS` counted nights in ``rows``."""
    mins = [(row.day.isoformat(), m) for row in rows if (m := night_minimum(row)) is not None]
    recent = mins[-RECENT_NIGHTS:]
    flowing = [m for _, m in recent if m > FLOW_THRESHOLD_KWH]
    typical = median(flowing) if flowing else None
    if len(recent) < MIN_NIGHTS:
        status = "not_enough_data"
    elif len(flowing) >= FLAG_SHARE * len(recent):
        status = "possible_continuous_flow"
    else:
        status = "ok"
    return OvernightCheck(status, len(recent), len(flowing), recent[0][0] if recent else None,
                          recent[-1][0] if recent else None, typical)
