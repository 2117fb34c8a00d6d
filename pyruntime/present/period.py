"""The period a report shows: a London day, week, month or year, a range of days, or all the data.

URL forms (one of them; a more specific one wins when several are given):

``day=YYYY-MM-DD``   one London day (46, 48 or 50 half-hours)
``week=YYYY-MM-DD``  the Monday-to-Sunday week holding that day (written back as its Monday)
``month=YYYY-MM``    one calendar month
``year=YYYY``        one calendar year
``from=…&to=…``      a range of days, each ``YYYY-MM-DD`` (or ``YYYY-MM`` for a whole month); either
                     end may be left out (then the data's own end); see :func:`read_range`
(none)               all the data

The older ``month=`` and ``day=`` links are simply two of these forms, so every
bookmark keeps working. Periods are calendar periods: the data may start or
end inside one, and a report shows the part it covers; stepping never leaves
the data.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from ..timeseries.londontime import MONTH_NAMES

ALL, DAY, WEEK, MONTH, YEAR, RANGE = "all", "day", "week", "month", "year", "range"
KINDS = (DAY, WEEK, MONTH, YEAR)
"""The kinds one steps through with ‹ ›, shortest first."""
KIND_LABELS = {DAY: "Day", WEEK: "Week", MONTH: "Month", YEAR: "Year", ALL: "All data"}
RANGE_OF_DAYS = 93
"""Longest range [days] drawn a bar per day; longer ranges get a bar per month."""

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    """What part of the data a view covers.

    kind : ``all``, ``day``, ``week``, ``month``, ``year`` or ``range``.
    start, end : first and last London day. Calendar kinds keep their calendar
        bounds (the data may cover only part); a range is already inside the data.
        Both ``None`` for ``all``.
    """

    kind: str = ALL
    start: dt.date | None = None
    end: dt.date | None = None

    # --- making one ---------------------------------------------------------------------------------------

    @classmethod
    def of(cls, kind: str, day: dt.date) -> Period:
        """The calendar ``kind`` (day, week, month, year) holding ``day``."""
        if kind == DAY:
            return cls(DAY, day, day)
        if kind == WEEK:
            monday = day - dt.timedelta(days=day.weekday())
            return cls(WEEK, monday, monday + 6 * ONE_DAY)
        if kind == MONTH:
            first = day.replace(day=1)
            return cls(MONTH, first, _next_month(first) - ONE_DAY)
        if kind == YEAR:
            return cls(YEAR, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
        raise ValueError(f"not a calendar period: {kind}")

    @classmethod
    def from_params(cls, params: dict[str, str], first: dt.date, last: dt.date, *,
                    ranges: bool = True) -> tuple[Period, list[str]]:
        """The valid period nearest to URL ``params`` for data from ``first`` to ``last``, and notices.

        A value that is not a date falls back to the next less specific form
        given (a bad ``day`` to the ``month``, …, then all the data), and its
        notice names what is shown instead; one outside the data moves to the
        nearest period of its kind with data. ``ranges`` False leaves
        ``from``/``to`` to the report (the bill and the comparison read them
        as their own period).
        """
        refused: list[str] = []  # "“…” is not a …" for each form skipped, finished once the period is known
        period, notices = cls._first_readable(params, first, last, ranges, refused)
        shown = _shown(period)
        return period, [f"{text}; showing {shown} instead." for text in refused] + notices

    @classmethod
    def _first_readable(cls, params: dict[str, str], first: dt.date, last: dt.date, ranges: bool,
                        refused: list[str]) -> tuple[Period, list[str]]:
        """The most specific form the URL gives that reads, skipping (into ``refused``) those that do not."""
        notices: list[str] = []
        raw = (params.get(DAY) or "").strip()
        if raw:
            d = _date(raw)
            if d is None:
                refused.append(f"“{raw}” is not a date (expected YYYY-MM-DD)")
            else:
                return cls._nearest(DAY, d, first, last, raw, "day", notices)
        raw = (params.get(WEEK) or "").strip()
        if raw:
            d = _date(raw)
            if d is None:
                refused.append(f"“{raw}” is not a date (expected YYYY-MM-DD, any day of the week)")
            else:
                return cls._nearest(WEEK, d, first, last, raw, "week", notices)
        raw = (params.get(MONTH) or "").strip()
        if raw:
            m = _MONTH.match(raw)
            if not m or not 1 <= int(m.group(2)) <= 12:
                refused.append(f"“{raw}” is not a month (expected YYYY-MM)")
            else:
                # Year 0000 matches the pattern but is no date; it is simply before any data.
                wanted = dt.date(max(1, int(m.group(1))), int(m.group(2)), 1)
                return cls._nearest(MONTH, wanted, first, last, raw, "month", notices)
        raw = (params.get(YEAR) or "").strip()
        if raw:
            if not _YEAR.match(raw):
                refused.append(f"“{raw}” is not a year (expected YYYY)")
            else:
                return cls._nearest(YEAR, dt.date(max(1, int(raw)), 1, 1), first, last, raw, "year", notices)
        if ranges and ((params.get("from") or "").strip() or (params.get("to") or "").strip()):
            _, asked, notices = read_range(params, first, last, default="all the data")
            return (cls() if asked is None else cls(RANGE, *asked)), notices
        return cls(), notices

    @classmethod
    def _nearest(cls, kind: str, wanted: dt.date, first: dt.date, last: dt.date, raw: str, what: str,
                 notices: list[str]) -> tuple[Period, list[str]]:
        period = cls.of(kind, min(max(wanted, first), last))
        try:
            exact = cls.of(kind, wanted)
        except (OverflowError, ValueError):  # a week or month running past 9999-12-31: far beyond any data
            exact = None
        if period != exact:
            notices.append(f"There is no data for {raw}; showing the nearest {what} with data instead.")
        return period, notices

    # --- reading one ----------------------------------------------------------------------------------------

    def to_params(self) -> dict[str, str]:
        """The URL parameters for this period (none for all the data)."""
        if self.kind == ALL or self.start is None or self.end is None:
            return {}
        if self.kind == DAY:
            # The month rides along so older code and links that read ``month`` still see it.
            return {MONTH: f"{self.start:%Y-%m}", DAY: self.start.isoformat()}
        if self.kind == WEEK:
            return {WEEK: self.start.isoformat()}
        if self.kind == MONTH:
            return {MONTH: f"{self.start:%Y-%m}"}
        if self.kind == YEAR:
            return {YEAR: f"{self.start.year:04d}"}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start is None or self.end is None or (self.start <= last and self.end >= first)

    def bounds(self, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
        """The days of this period that the data ``first``–``last`` covers (all of it for ``all``)."""
        if self.start is None or self.end is None:
            return first, last
        return max(self.start, first), min(self.end, last)

    @property
    def days(self) -> int | None:
        return None if self.start is None or self.end is None else (self.end - self.start).days + 1

    @property
    def level(self) -> str:
        """The bars a report draws: ``day`` (a bar per half-hour), ``month`` (a bar per day) or ``all``
        (a bar per month)."""
        if self.kind == DAY or (self.kind == RANGE and self.days == 1):
            return DAY
        if self.kind in (WEEK, MONTH) or (self.kind == RANGE and self.days <= RANGE_OF_DAYS):
            return MONTH
        return ALL

    @property
    def label(self) -> str:
        """``6 Mar 2023``, ``Week of 6 Mar 2023``, ``Mar 2023``, ``2023``, ``1 Mar 2023 to 4 Apr 2023``,
        ``All data``."""
        if self.start is None or self.end is None:
            return "All data"
        if self.kind == DAY:
            return date_label(self.start)
        if self.kind == WEEK:
            return f"Week of {date_label(self.start)}"
        if self.kind == MONTH:
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        if self.kind == YEAR:
            return str(self.start.year)
        return days_label(self.start, self.end)

    @property
    def in_sentence(self) -> str:
        """:attr:`label` as words inside a sentence: ``the week of 6 Mar 2023``, ``all the data``; the others as
        they are (``Bill for Week of 6 Mar 2023`` read as a heading cut short)."""
        if self.start is None or self.end is None:
            return "all the data"
        if self.kind == WEEK:
            return f"the week of {date_label(self.start)}"
        return self.label

    # --- moving ---------------------------------------------------------------------------------------------

    def step(self, by: int, first: dt.date, last: dt.date) -> Period | None:
        """The period ``by`` steps (±1) later of the same kind and length, or None past the data's ends."""
        if self.start is None or self.end is None or self.kind == ALL:
            return None
        if self.kind == RANGE:
            shift = dt.timedelta(days=self.days * by)
            moved = replace(self, start=self.start + shift, end=self.end + shift)
            # A range stays inside the data: it stops at the end rather than being cut short.
            return moved if moved.start >= first and moved.end <= last else None
        anchor = self.end + ONE_DAY if by > 0 else self.start - ONE_DAY
        moved = Period.of(self.kind, anchor)
        return moved if moved.overlaps(first, last) else None

    def as_kind(self, kind: str, first: dt.date, last: dt.date) -> Period:
        """The ``kind`` period (or all the data) holding this period's first day with data.

        A week is the exception when most of the week holding that day falls before it: a month (or the data)
        starting on a Sunday would open a week of one day with data. As ISO weeks are counted, the week belongs to
        the period holding its Thursday, so the next week opens instead, when this period reaches it.
        """
        if kind == ALL:
            return Period()
        lo, hi = self.bounds(first, last)
        week = Period.of(kind, lo)
        if kind == WEEK and week.start is not None and week.start + 3 * ONE_DAY < lo and week.start + 7 * ONE_DAY <= hi:
            return Period.of(WEEK, week.start + 7 * ONE_DAY)
        return week

    def up(self) -> Period | None:
        """The next wider calendar period: day → month, week → month, month → all, year → all."""
        if self.start is None or self.kind in (ALL, RANGE):
            return Period() if self.kind == RANGE else None
        if self.kind in (DAY, WEEK):
            return Period.of(MONTH, self.start)
        return Period()


def date_label(d: dt.date) -> str:
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def _date(raw: str) -> dt.date | None:
    if not _DAY.match(raw):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def read_range(params: dict[str, str], first: dt.date, last: dt.date, *, months: int | None = None,
               default: str) -> tuple[dict[str, str], tuple[dt.date, dt.date] | None, list[str]]:
    """The URL's ``from``/``to`` as a period of London days inside the data ``first``..``last``.

    Returns the URL text to keep for each end given (its own text unless that
    day had to move), the period, and notices. The period is None when the URL
    asks for none that can be shown; the report then shows its ``default``,
    which the notices name. Every report that takes ``from``/``to`` reads them
    here, so they refuse and move alike:

    - an end that is not a date is ignored, as if not given;
    - an end left out lies ``months`` calendar months from the given one (a
      bill given only its last day starts a month before), or at the data's
      own end when ``months`` is None;
    - a start after the end is refused, never swapped: which end is wrong is
      not ours to guess, so the notice names the days the data covers;
    - a period without a day of data falls back to the default, with one
      notice saying which days the data covers;
    - one partly outside is cut to the data, with a notice for each end given
      that moved (an end worked out from the other is cut silently).
    """
    notices: list[str] = []
    asked: dict[str, tuple[str, dt.date]] = {}
    for key, is_end in (("from", False), ("to", True)):
        raw = (params.get(key) or "").strip()
        if not raw:
            continue
        d = parse_bound(raw, is_end)
        if d is None:
            notices.append(f"“{raw}” is not a date (YYYY-MM-DD) or month (YYYY-MM); it is ignored.")
            continue
        asked[key] = (raw, d)
    if not asked:
        return {}, None, notices
    if "from" not in asked:
        end = asked["to"][1]
        start = first if months is None else _shift_months(min(end, dt.date.max - ONE_DAY) + ONE_DAY, -months)
    elif "to" not in asked:
        start = asked["from"][1]
        end = last if months is None else _shift_months(start, months) - ONE_DAY
    else:
        start, end = asked["from"][1], asked["to"][1]
    if end < start:
        notices.append(f"The period asked for starts on {date_label(start)}, after it ends on {date_label(end)}: "
                       f"the data covers {days_label(first, last)}. Showing {default} instead.")
        return {}, None, notices
    if end < first or start > last:
        notices.append(f"There is no data for {days_label(start, end)}: the data covers {days_label(first, last)}. "
                       f"Showing {default} instead.")
        return {}, None, notices
    lo, hi = max(start, first), min(end, last)
    given: dict[str, str] = {}
    for key, day, verb in (("from", lo, "starts"), ("to", hi, "ends")):
        if key in asked:
            raw, d = asked[key]
            if d != day:
                notices.append(f"There is no data for {raw}; the period {verb} on {date_label(day)} instead.")
            given[key] = raw if d == day else day.isoformat()
    return given, (lo, hi), notices


def days_label(first: dt.date, last: dt.date) -> str:
    """``1 Mar 2023 to 4 Apr 2023``, or a single day once: ``26 Mar 2023``."""
    return date_label(first) if first == last else f"{date_label(first)} to {date_label(last)}"


def _shown(period: Period) -> str:
    """What a notice says is shown instead: ``Mar 2023``, ``the week of 6 Mar 2023``, ``all the data`` …"""
    return period.in_sentence


def _shift_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved ``n`` calendar months (the day cut to the month's length), kept within the calendar."""
    index = d.year * 12 + d.month - 1 + n
    y, m = divmod(index, 12)
    if y < 1:
        return dt.date.min
    if y > 9999:
        return dt.date.max
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def parse_bound(raw: str, end: bool) -> dt.date | None:
    """``YYYY-MM-DD``, or ``YYYY-MM`` as its first (or, for an end, last) day."""
    m = _MONTH.match(raw)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if y < 1 or not 1 <= mo <= 12:
            return None
        # monthrange, not "next month − 1 day": December 9999 has no next month.
        return dt.date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
    return _date(raw)


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
