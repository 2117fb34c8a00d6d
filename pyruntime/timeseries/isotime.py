"""The one ISO 8601 parser: timestamps as files, feeds and APIs write them, to UTC instants [s].

:func:`parse_instant` reads an exact instant (``2023-01-01T00:00:00Z``,
``…+01:00``) and refuses one without an offset. :func:`parse_stamp` also
takes the looser stamps of users' files. A stamp with an offset (``+01:00``, ``+0100``, ``Z``) is an exact instant.
A stamp without one is a wall-clock reading: seconds since 1970-01-01 00:00
*on that clock*; :func:`london_candidates` says which UTC instants it can be.
"""

from __future__ import annotations

import datetime as dt

from .londontime import utc_offset

_EPOCH = dt.datetime(1970, 1, 1)  # noqa: DTZ001 - wall-clock epoch for stamps without an offset
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SECOND = dt.timedelta(seconds=1)
_UK_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M")


def parse_stamp(text: str) -> tuple[int, bool]:
    """``(seconds, has_offset)`` for one timestamp cell.

    With an offset, ``seconds`` is the UTC instant [s]; without one it is
    the wall-clock time counted as if it were UTC [s], to be resolved by the
    caller. Accepts ISO 8601 (``T`` or space, optional seconds, fractions,
    ``Z``/``±HH:MM``/``±HHMM``) and UK day-first ``DD/MM/YYYY HH:MM[:SS]``.
    Raises ``ValueError`` for anything else.
    """
    s = text.strip()
    if len(s) < 10 or len(s) > 40:
        raise ValueError("not a timestamp")
    try:
        d = dt.datetime.fromisoformat(s)
    except ValueError:
        d = _parse_uk(s)
    # To the nearest second: Octopus dashboard downloads end each day at 23:59:59.999, which
    # is midnight, not a 29-minute half-hour.
    if d.tzinfo is None:
        return round((d - _EPOCH) / _SECOND), False
    return round((d - _EPOCH_UTC) / _SECOND), True


def parse_instant(text: str) -> int:
    """Epoch seconds [s, UTC] of an ISO 8601 instant with an offset (``Z``, ``+01:00``); ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"expected an ISO instant, got {text!r}")
    seconds, exact = parse_stamp(text)
    if not exact:
        raise ValueError(f"instant {text!r} has no UTC offset")
    return seconds


def _parse_uk(s: str) -> dt.datetime:
    for fmt in _UK_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt)  # noqa: DTZ007 - naive on purpose: resolved by the caller
        except ValueError:
            continue
    raise ValueError("not a timestamp")


def london_candidates(wall: int) -> tuple[int, ...]:
    """UTC instants [s] at which London's clocks read ``wall``.

    One instant normally; none in the hour skipped when clocks go forward;
    two (BST first, then GMT) in the hour repeated when they go back.
    """
    return tuple(t for t in (wall - 3600, wall) if t + utc_offset(t) == wall)
