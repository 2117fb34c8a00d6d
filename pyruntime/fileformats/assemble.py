"""From parsed rows to a half-hourly series, recording every decision.

Shared by all file formats and by the provider clients: resolves wall-clock
stamps (including the hour repeated when clocks go back), turns end stamps
into start stamps, refuses files that are not half-hourly, removes
duplicates, drops meter error codes and sets aside faulty readings (negative,
or beyond what a home's supply can deliver; see :mod:`.faults`), which no
report counts unless the user includes them.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

from ..analysis.gaps import gap_runs
from ..timeseries.isotime import london_candidates
from ..timeseries.londontime import HALF_HOUR, isoformat_utc, local_date
from ..timeseries.series import series_from_readings
from ..wording import plural
from . import faults
from .model import EXAMPLES, Channel, Conventions, ImportReport, Problem, Row, SupplierEstimate
from .text import ImportFailure


class _Log:
    """Problems by kind: complete counts, a few examples each."""

    def __init__(self) -> None:
        self.dropped: Counter[str] = Counter()
        self.examples: list[Problem] = []

    def drop(self, kind: str, line: int, message: str) -> None:
        self.dropped[kind] += 1
        if self.dropped[kind] <= 5 and len(self.examples) < EXAMPLES:
            self.examples.append(Problem(line, message))


def assemble(
    rows: Sequence[Row],
    conv: Conventions,
    *,
    encoding: str = "",
    rows_read: int | None = None,
    log: _Log | None = None,
    warnings: Sequence[str] = (),
    supplier_estimate: SupplierEstimate | None = None,
    every_half_hour: bool = False,
    wh_said: bool = False,
) -> Channel:
    """Build one :class:`Channel` from a file's rows under ``conv``.

    Raises :class:`ImportFailure` when nothing usable remains, when the
    readings are not half-hourly, or when they span more than
    :data:`MAX_SPAN_YEARS` (checked before any per-half-hour work).
    ``every_half_hour``: the file has a row for every half-hour, readings or
    not (this site's own download), so it is half-hourly whatever the
    spacing of the readings it has. ``wh_said``: ``warnings`` already say
    that the values were read as Wh and why.
    """
    log = log or _Log()
    warn = list(warnings)
    rows = _in_range(rows, log)
    order = _order(rows)
    starts, dst_notes = _resolve(rows, conv, order, log)
    starts = _check_intervals(rows, starts, conv, log, every_half_hour)
    wh = conv.unit == "Wh"
    kept: dict[int, tuple[float, int]] = {}
    identical = 0
    conflicts: list[Problem] = []
    conflict_count = 0
    sentinels: list[Problem] = []
    sentinel_count = 0
    codes: set[float] = set()  # a few of the distinct codes, as the file gives them, to quote
    empty: set[int] = set()  # half-hours the file gives with an empty value
    read: set[int] = set()  # half-hours the file gives a value for, usable or not
    for row, t in zip(rows, starts, strict=True):
        if t is None:
            continue
        if row.value is None:
            empty.add(t)
            continue
        read.add(t)
        v = row.value / 1000 if wh else row.value  # divide: 104 / 1000 is 0.104 exactly, 104 * 0.001 is not
        if faults.is_error_code(v):
            sentinel_count += 1
            if len(codes) <= faults.SHOWN_CODES:
                codes.add(row.value)
            if len(sentinels) < EXAMPLES:
                sentinels.append(
                    Problem(row.line, f"{row.value:g} is a meter error code, not a reading; left as a gap")
                )
            continue
        prior = kept.get(t)
        if prior is not None:
            if prior[0] == v:
                identical += 1
            else:
                conflict_count += 1
                if len(conflicts) < EXAMPLES:
                    conflicts.append(
                        Problem(
                            row.line,
                            f"same half-hour as row {prior[1]} with a different value "
                            f"({row.value:g} here); kept the first, from row {prior[1]}",
                        )
                    )
            continue
        kept[t] = (v, row.line)
    limit = faults.limit_for(conv.fuel, conv.unit)
    faulty: list[tuple[int, float]] = []
    faulty_examples: list[Problem] = []
    for t, (v, line) in list(kept.items()):
        why = faults.fault(v, limit)
        if why is None:
            continue
        del kept[t]
        faulty.append((t, v))
        if len(faulty_examples) < EXAMPLES:
            words = "below zero" if why == "negative" else f"above the {limit.per_half_hour:g} {limit.unit} limit"
            faulty_examples.append(Problem(line, f"{v:g} {limit.unit} is {words}: a meter error, left out"))
    faulty.sort()
    if not kept and faulty:
        raise ImportFailure(_no_usable_readings(faulty, conv, limit))
    if not kept:
        _refuse_empty(log, sentinel_count, len(empty - read))
    series = series_from_readings(conv.fuel, ((t, v) for t, (v, _) in kept.items()))
    # Only those between the first and last reading are gaps in the readings: a download may fill out its
    # first and last days (this site's does), and an API's newest half-hours may not have been read yet.
    empty_gaps = sum(1 for t in empty - read if series.start <= t < series.end)
    unit = "m3" if conv.unit == "m3" else "kWh"
    if conv.unit == "Wh" and not wh_said:
        warn.append("Values were in watt-hours (Wh) and have been divided by 1,000 to give kWh.")
    if identical:
        warn.append(f"{plural(identical, 'duplicated row')} (same half-hour, same value) "
                    f"{'was' if identical == 1 else 'were'} removed.")
    if conflict_count:
        warn.append(
            f"{plural(conflict_count, 'half-hour appears', 'half-hours appear')} twice with different values; "
            "the first value was kept each time."
        )
    if sentinel_count:
        warn.append(faults.announce_error_codes(sentinel_count, tuple(codes)))
    if faulty:
        warn.append(faults.announce([v for _, v in faulty], limit))
    if empty_gaps:
        warn.append(empty_said(empty_gaps))
    for kind, n in log.dropped.items():
        warn.append(f"{plural(n, 'row')} skipped: {kind}.")
    report = ImportReport(
        conventions=conv,
        encoding=encoding,
        rows_read=len(rows) + sum(log.dropped.values()) if rows_read is None else rows_read,
        readings_kept=len(kept),
        order=order,
        duplicates_identical=identical,
        duplicates_conflicting=conflict_count,
        conflict_examples=tuple(conflicts),
        dropped=tuple(log.dropped.items()),
        dropped_examples=tuple(log.examples),
        dst_notes=tuple(dst_notes),
        sentinels=sentinel_count,
        sentinel_examples=tuple(sentinels),
        sentinel_values=tuple(sorted(codes)),
        faulty=len(faulty),
        faulty_total=sum(v for _, v in faulty),
        faulty_examples=tuple(faulty_examples),
        faulty_rule=f"below zero, or above {limit.per_half_hour:g} {limit.unit} per half-hour ({limit.why})",
        gaps=gap_runs(series),
        warnings=tuple(warn),
        supplier_estimate=supplier_estimate,
    )
    return Channel(conv.fuel, unit, series, report, tuple(faulty))


def _no_usable_readings(faulty: list[tuple[int, float]], conv: Conventions, limit: faults.Limit) -> str:
    """Why a file whose every reading is beyond a home's supply has nothing to show, with the likely cause.

    ``faulty`` is ``(start, value)`` in time order. A running total (register readings) rises half-hour after
    half-hour; watt-hours under a kWh heading are a thousand times too big but would fit once divided.
    """
    values = [v for _, v in faulty]
    rises = sum(b >= a for a, b in itertools.pairwise(values))
    said = faults.describe(values, limit)
    if len(values) >= 3 and rises >= 0.9 * (len(values) - 1) and values[-1] > values[0]:
        return (f"No usable readings in this file: {said}. They rise from one half-hour to the next, so they look "
                "like meter register readings (a running total, as on the meter's display), not half-hourly use. "
                "Download the half-hourly consumption instead (each half-hour's use, not the meter reading).")
    if conv.unit == "kWh" and min(values) > 0 and max(values) / 1000 <= limit.per_half_hour:
        fix = ("although the heading says kWh. Change the heading to say Wh (for example “Consumption (Wh)”) and "
               "load the file again." if "heading" in conv.unit_reason else
               "not kWh. Load the file again and choose Wh as the unit.")
        return (f"No usable readings in this file: {said}. Divided by 1,000 they would be ordinary half-hours, so "
                f"the values are probably in watt-hours (Wh), {fix}")
    return f"No usable readings in this file: {said}. These are meter errors, not energy, so there is nothing to show."


EARLIEST, LATEST = 631152000, 4102444800  # [s, UTC] 1990-01-01 and 2100-01-01: no smart meter outside
MAX_SPAN_YEARS = 25  # [years] longer than any meter's history; a longer span is a mistyped date


def _in_range(rows: Sequence[Row], log: _Log) -> Sequence[Row]:
    """Rows dated 1990–2099, the others logged; refuses a file whose dates span more than 25 years."""
    if all(EARLIEST <= r.t < LATEST for r in rows):
        kept = rows
    else:
        kept = []
        for r in rows:
            if EARLIEST <= r.t < LATEST:
                kept.append(r)
            else:
                log.drop("date outside 1990–2099", r.line, "the date is before 1990 or after 2099: not a meter reading")
    if kept:
        first = min(kept, key=lambda r: r.t)
        last = max(kept, key=lambda r: r.t)
        if last.t - first.t > MAX_SPAN_YEARS * 365.25 * 86400:
            raise ImportFailure(
                f"The dates in this file run from {isoformat_utc(first.t)[:10]} (row {first.line}) to "
                f"{isoformat_utc(last.t)[:10]} (row {last.line}), more than {MAX_SPAN_YEARS} years: one of them "
                "is probably mistyped. Correct it, or remove that row, and try again.",
                last.line,
            )
    return kept


def empty_said(n: int) -> str:
    """The one sentence every reader uses for ``n`` half-hours a file gives with an empty value: gaps, not errors.

    An empty value (an empty cell, ``null``, ``""``) is the file saying it has no reading for that half-hour,
    so the half-hour is a gap in the readings, never filled and never counted as a row we could not read.
    """
    return (f"{plural(n, 'half-hour has', 'half-hours have')} no reading in this file (an empty value), so "
            f"{'it is a gap' if n == 1 else 'they are gaps'}.")


def _refuse_empty(log: _Log, error_codes: int = 0, empty: int = 0) -> None:
    if empty and not log.examples and not error_codes:
        raise ImportFailure(f"No readings in this file: every half-hour it gives ({empty:,}) has an empty value.")
    if error_codes:
        raise ImportFailure(
            f"No usable readings in this file: every value ({error_codes:,}) is a meter error code "
            f"({faults.ERROR_CODE:g} or more), which meters write when they have no reading."
        )
    if log.examples:
        first = log.examples[0]
        raise ImportFailure(
            f"No usable readings in this file. The first problem, on row {first.line}: {first.message}", first.line
        )
    raise ImportFailure("No readings were found in this file.")


def _order(rows: Sequence[Row]) -> str:
    up = down = 0
    for a, b in itertools.pairwise(rows):
        if b.t > a.t:
            up += 1
        elif b.t < a.t:
            down += 1
    if up and down and min(up, down) * 10 > max(up, down):
        return "mixed"
    return "newest first" if down > up else "oldest first"


def _resolve(rows: Sequence[Row], conv: Conventions, order: str, log: _Log) -> tuple[list[int | None], list[str]]:
    """Start instant [s, UTC] of each row, or ``None`` when the row is dropped.

    In the hour repeated when clocks go back, a wall-clock time fits two
    instants. A file in time order meets the BST one first, so the first
    occurrence is BST and the second GMT (reversed in a newest-first file).
    The direction is read from the rows around the repeated hour, so a file
    with a block of rows out of place elsewhere still resolves correctly.
    """
    london = conv.timezone == "Europe/London"
    seen: Counter[int] = Counter()
    folds: dict[str, tuple[Counter[int], bool | None]] = {}
    out: list[int | None] = []
    for i, row in enumerate(rows):
        t: int | None = row.t
        if not row.aware and london:
            cands = london_candidates(row.t)
            if len(cands) == 2:
                # The first repeated time met on a fold day decides that day's direction: its
                # neighbours are ordinary times (00:30 and 01:30, or 02:00 and 01:00).
                day = local_date(cands[0]).isoformat()
                if day not in folds:
                    folds[day] = (Counter(), _ascending_around(rows, i))
                walls, ascending = folds[day]
                walls[row.t] += 1
                n = seen[row.t]
                seen[row.t] += 1
                first, second = cands if ascending is not False else cands[::-1]
                t = first if n % 2 == 0 else second
            else:
                t = cands[0] if cands else None
        if t is None:
            log.drop(
                "time that does not exist in the UK (the hour skipped when clocks go forward)",
                row.line,
                "this time does not exist in the UK: clocks skip that hour when they go forward",
            )
            out.append(None)
            continue
        out.append(t - HALF_HOUR if conv.stamp == "end" else t)
    return out, [_fold_note(day, walls, asc) for day, (walls, asc) in sorted(folds.items())]


def _ascending_around(rows: Sequence[Row], i: int) -> bool | None:
    """Whether the rows around row ``i`` run forward in time; ``None`` when they are not in time order."""
    if not 0 < i < len(rows) - 1:
        return None
    before, here, after = rows[i - 1].t, rows[i].t, rows[i + 1].t
    if abs(before - here) > 5400 or abs(after - here) > 5400 or before == after:
        return None
    return after > before


def _fold_note(day: str, walls: Counter[int], ascending: bool | None) -> str:
    if max(walls.values()) >= 2 and ascending is None:
        return (
            f"{day}: clocks went back, so the times from 01:00 to 01:59 appear twice, but the file is not in "
            "time order there, so we cannot tell which reading is BST and which GMT. The first of each pair was "
            "read as BST (UTC+1). The day's total is right; the two hours may be swapped."
        )
    if max(walls.values()) >= 2:
        which, direction = ("first", "in time order") if ascending else ("second", "newest first")
        return (
            f"{day}: clocks went back, so the times from 01:00 to 01:59 appear twice. The file runs {direction} "
            f"there, so the {which} of each pair was read as BST (UTC+1) and the other as GMT (UTC+0)."
        )
    return (
        f"{day}: clocks went back, but the repeated times from 01:00 to 01:59 appear only once; "
        "they were read as BST (UTC+1), and the GMT half-hours are left as gaps."
    )


def _check_intervals(rows: Sequence[Row], starts: list[int | None], conv: Conventions, log: _Log,
                     every_half_hour: bool = False) -> list[int | None]:
    """Drop rows that are not a half-hour on the half-hour grid; refuse non-half-hourly files.

    A file with a row for every half-hour is half-hourly however its readings are spaced: readings only
    on the hour are then half-hours with gaps between them, not hourly data.
    """
    out: list[int | None] = []
    wrong_len = 0
    for row, t in zip(rows, starts, strict=True):
        if t is None:
            out.append(None)
            continue
        if row.t_end is not None:
            length = row.t_end - row.t if row.aware == row.end_aware else HALF_HOUR
            if not row.aware and length in (-HALF_HOUR, HALF_HOUR + 3600):
                length = HALF_HOUR  # wall-clock ends straddling a clock change
            if length != HALF_HOUR:
                wrong_len += 1
                log.drop(
                    "interval not 30 minutes long",
                    row.line,
                    f"this row covers {length // 60:,} minutes, not 30" if length > 0 else
                    f"this row ends {'when' if length == 0 else f'{-length // 60:,} minutes before'} it starts, "
                    "so one of its two times is probably mistyped",
                )
                out.append(None)
                continue
        if t % HALF_HOUR:
            log.drop("time not on the half-hour", row.line, "the time is not on the hour or half-hour")
            out.append(None)
            continue
        out.append(t)
    good = [t for t in out if t is not None]
    if rows and len(good) * 2 < len(rows) and (wrong_len or log.dropped.get("time not on the half-hour")):
        _refuse_interval(rows, starts)
    step = None if every_half_hour else _typical_step(good)
    if step is not None and step != HALF_HOUR:
        raise ImportFailure(
            f"The readings in this file are {_duration(step)} apart, but we need half-hourly readings. "
            "Download the half-hourly (30-minute) data instead."
        )
    return out


def _refuse_interval(rows: Sequence[Row], starts: list[int | None]) -> None:
    lengths = Counter(r.t_end - r.t for r in rows if r.t_end is not None and r.aware == r.end_aware)
    if lengths:
        step = lengths.most_common(1)[0][0]
    else:
        uniq = sorted({t for t in starts if t is not None})
        step = _modal_step(uniq) if len(uniq) > 2 else 0
    if step and step != HALF_HOUR:
        raise ImportFailure(
            f"The readings in this file each cover {_duration(step)}, but we need half-hourly readings. "
            "Download the half-hourly (30-minute) data instead."
        )
    raise ImportFailure(
        "Most readings in this file are not on the hour or half-hour, so they are not half-hourly meter "
        "readings. Download the half-hourly data instead."
    )


def _typical_step(starts: list[int]) -> int | None:
    """The spacing of the readings [s]: 1800 for half-hourly data, however gappy.

    Gappy half-hourly data can have more 1-hour than 30-minute steps, so the
    most common step alone would misjudge it. Hourly or daily data never has
    a reading starting at half past (UK offsets are whole hours).
    """
    uniq = sorted(set(starts))
    if len(uniq) < 3 or any(t % 3600 == HALF_HOUR for t in uniq):
        return None if len(uniq) < 3 else HALF_HOUR
    return _modal_step(uniq)


def _modal_step(uniq: list[int]) -> int:
    return Counter(b - a for a, b in itertools.pairwise(uniq)).most_common(1)[0][0]


def _duration(seconds: int) -> str:
    if seconds % 86400 == 0:
        n = seconds // 86400
        return plural(n, "day")
    if seconds % 3600 == 0:
        n = seconds // 3600
        return plural(n, "hour")
    n = seconds // 60
    return plural(n, "minute")
