"""Europe/London civil time without tzdata.

Pyodide ships no time-zone database (``zoneinfo`` needs a 348 KB ``tzdata``
wheel and its load time), yet every report groups half-hours into UK local
days. Since 1996 the UK has followed the EU rule: clocks go forward at 01:00
UTC on the last Sunday of March and back at 01:00 UTC on the last Sunday of
October. Smart-meter data starts well after 1996, so that rule is all we need;
``tests/pyruntime/test_londontime.py`` checks it against ``zoneinfo`` on
CPython for every year we support.

All instants are integer seconds since the Unix epoch, UTC.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

HALF_HOUR = 1800  # [s]
_DAY = 86400  # [s]

FIRST_YEAR = 1996
LAST_YEAR = 2099


def _last_sunday(year: int, month: int) -> dt.date:
    # The last day of the month, then step back to Sunday (weekday 6).
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - 6) % 7)


@lru_cache(maxsize=256)
def bst_bounds(year: int) -> tuple[int, int]:
    """British Summer Time in ``year`` as ``(start, end)`` epoch seconds [s, UTC].

    BST applies to instants ``start <= t < end``.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is outside the supported range {FIRST_YEAR}-{LAST_YEAR}")
    start = _last_sunday(year, 3)
    end = _last_sunday(year, 10)
    epoch = dt.date(1970, 1, 1)
    return (
        (start - epoch).days * _DAY + 3600,
        (end - epoch).days * _DAY + 3600,
    )


def utc_offset(t: int) -> int:
    """Offset of London civil time from UTC at instant ``t`` [s]: 0 or 3600."""
    year = dt.datetime.fromtimestamp(t, dt.UTC).year
    start, end = bst_bounds(year)
    return 3600 if start <= t < end else 0


def local_datetime(t: int) -> dt.datetime:
    """London wall-clock time at instant ``t``, as an aware datetime with a fixed offset."""
    off = utc_offset(t)
    return dt.datetime.fromtimestamp(t + off, dt.UTC).replace(tzinfo=dt.timezone(dt.timedelta(seconds=off)))


def local_date(t: int) -> dt.date:
    """The London calendar day that instant ``t`` falls in."""
    return dt.datetime.fromtimestamp(t + utc_offset(t), dt.UTC).date()


def day_start(day: dt.date) -> int:
    """The instant London's ``day`` begins (local midnight) [s, UTC].

    Clocks change at 01:00 UTC, never between 23:00 and 00:00 UTC, so the
    offset in force at 00:00 UTC on ``day`` is the offset at local midnight.
    """
    naive = (day - dt.date(1970, 1, 1)).days * _DAY
    return naive - utc_offset(naive)


def day_bounds(day: dt.date) -> tuple[int, int]:
    """``(start, end)`` of London's ``day`` [s, UTC]; 23, 24 or 25 hours long."""
    return day_start(day), day_start(day + dt.timedelta(days=1))


def slots_in_day(day: dt.date) -> int:
    """Half-hours in London's ``day``: 46 (clocks forward), 48, or 50 (clocks back)."""
    start, end = day_bounds(day)
    return (end - start) // HALF_HOUR


def isoformat_utc(t: int) -> str:
    """``2023-01-01T00:00:00Z`` for instant ``t``."""
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def isoformat_local(t: int) -> str:
    """``2023-07-01T00:00:00+01:00``: London wall-clock time with its offset."""
    return local_datetime(t).isoformat()


MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Short month names for labels; every report uses these."""


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """First and last London day of ``"YYYY-MM"``."""
    y, m = (int(p) for p in month.split("-"))
    return dt.date(y, m, 1), dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)


def wall_clock_label(t: int) -> str:
    """``"01:30"`` for the half-hour starting at ``t``; ``"01:30 (BST)"`` / ``"01:30 (GMT)"`` when
    the clocks going back make that wall-clock time happen twice."""
    local = local_datetime(t)
    here = local.strftime("%H:%M")
    # Ambiguous when the same time an hour earlier or later (UTC) shows the same hour and minute.
    if all(local_datetime(t + d).strftime("%H:%M") != here for d in (-3600, 3600)):
        return here
    return f"{here} ({'BST' if local.utcoffset() else 'GMT'})"
