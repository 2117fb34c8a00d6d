"""CSV files: recognise the known layouts, or read one the user has mapped.

Known layouts (header rows, case and spaces ignored):

* Octopus dashboard download: ``Consumption (kWh), Start, End`` (older, with
  leading spaces) or ``Consumption (kwh), Estimated Cost Inc. Tax (p), …,
  Start, End`` (newer); gas ``Consumption (m³)``. Stamps carry offsets.
* Octopus API results flattened: ``consumption,interval_start,interval_end``.
* PowerShaper: ``halfhour ending at,usage`` — end stamps, newest first.
* n3rgy download: ``timestamp (UTC),energyConsumption (kWh)`` — end stamps
  in UTC without an offset (n3rgy's convention). The exact header of the
  portal download is not recorded in our references; we match on either part.
* Low Carbon London (LCL): a ``KWH/hh (per half hour)`` column; GMT all year.
* This site's own half-hourly download (:mod:`.csv_export`): ``Period start
  (UTC), Local date, Local start time, UTC offset (hours), Gas (kWh)[, …]``;
  the fifth heading names the meter (``Energy (kWh)`` in older downloads does not).
* Any two-column file with one time column and one number column (e.g. a
  ``"Timestamp","Value"`` file in Wh); units, zone and stamp are inferred and
  the report says how.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, replace

from ..timeseries.isotime import london_candidates, parse_stamp
from ..timeseries.londontime import HALF_HOUR, local_date, utc_offset
from ..timeseries.series import FUEL_LABELS, FUELS
from ..wording import plural
from .assemble import _Log, assemble
from .model import FUEL_NOT_SAID, Channel, Conventions, Row, SupplierDay, SupplierEstimate
from .text import BLANK, ImportFailure, snippet

_PREVIEW_ROWS = 10
_INSPECT_ROWS = 50


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """The user's answer to "which column is which" for an unrecognised CSV.

    Columns are header names or 0-based indexes. ``unit`` is ``"kWh"``,
    ``"Wh"`` or ``"m3"``; ``stamp`` ``"start"`` or ``"end"`` (which end of the
    half-hour the time marks); ``timezone`` ``"Europe/London"`` or ``"UTC"``
    (used only for times written without an offset).
    """

    timestamp_column: str | int
    value_column: str | int
    unit: str = "kWh"
    stamp: str = "start"
    timezone: str = "Europe/London"
    fuel: str = "electricity"

    def __post_init__(self) -> None:
        if self.unit not in ("kWh", "Wh", "m3"):
            raise ImportFailure("Choose the unit of the values: kWh, Wh or m³.")
        if self.stamp not in ("start", "end"):
            raise ImportFailure("Choose whether each time marks the start or the end of its half-hour.")
        if self.timezone not in ("Europe/London", "UTC"):
            raise ImportFailure("Choose the time zone: UK clock time (Europe/London) or UTC.")
        if self.fuel not in FUELS:
            raise ImportFailure("Choose what the readings are: electricity import, electricity export or gas.")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a recognised file keeps its data, and what we know about it (``None`` = infer)."""

    format_id: str
    label: str
    ts: int
    value: int
    end: int | None = None
    unit: str | None = None
    unit_reason: str = ""
    stamp: str = "start"
    stamp_reason: str = ""
    timezone: str | None = None
    timezone_reason: str = ""
    fuel: str | None = None
    fuel_reason: str = ""
    epoch: bool = False  # the time column holds Unix seconds (UTC), not a date
    check: int | None = None  # a second time column that should say the same instant
    cost: int | None = None  # Octopus's "Estimated Cost Inc. Tax (p)" column
    standing: int | None = None  # Octopus's "Standing Charge Inc. Tax (p)" column (per half-hour)
    meter_id: int | None = None  # a column naming the household or meter of each row (LCL's "LCLid")


class NeedsMapping(ImportFailure):
    """The file is a table we cannot interpret alone; ``suggestions`` feed the mapping step."""

    kind = "needs_mapping"

    def __init__(self, message: str, suggestions: MappingSuggestions) -> None:
        super().__init__(message)
        self.suggestions = suggestions

    def to_json(self) -> dict:
        return {"message": self.message, "row": None, "needs_mapping": True,
                "suggestions": self.suggestions.to_json()}


@dataclass(frozen=True, slots=True)
class SuggestedMapping:
    """Our best guess at the :class:`ColumnMapping`, shown pre-filled (``None`` where we cannot guess)."""

    timestamp_column: int | None  # 0-based
    value_column: int | None  # 0-based
    unit: str | None  # "kWh", "Wh" or "m3"
    stamp: str  # "start" or "end" of the half-hour
    timezone: str | None  # "Europe/London" or "UTC"
    fuel: str | None = None  # a fuel of FUELS, when a heading (or the file's name) names the meter


@dataclass(frozen=True, slots=True)
class MappingSuggestions:
    """What the column-mapping step shows: headings, a sanitised preview, the candidate columns and our guess."""

    headers: tuple[str, ...]
    preview: tuple[tuple[str, ...], ...]  # the first rows' cells
    time_columns: tuple[int, ...]  # columns whose first cells are all times
    number_columns: tuple[int, ...]  # and those that are all numbers
    detected_format: str | None  # a known layout's id
    suggested: SuggestedMapping
    reasons: tuple[str, ...]  # why we guessed so, in words
    # Every number column's heading names a price (an Agile price list): the file is said to be prices, and
    # nothing is guessed (no columns, unit or time zone proposed, no reasons) for a file that is not readings.
    price_columns: tuple[int, ...] = ()

    def to_json(self) -> dict:
        return asdict(self)


MAX_COLUMNS = 200  # [columns] the widest meter file we know has 5
MAX_LINE = 4096  # [characters] a dashboard row is about 100


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file's cells: its heading row, the rows after it, and what was done to read them."""

    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells)
    notes: tuple[str, ...] = ()  # e.g. decimal commas read as points
    cut_short: bool = False  # the text ends part-way through a line (no line break after the last)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def read_table(text: str) -> Table:
    """The file's cells, skipping blank lines and ``#`` comment lines before the heading row.

    Cheap limits come first, so that a hostile or mistaken file (a million
    columns, one endless line) is refused in milliseconds, not minutes.
    """
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not _is_comment(line)), "")
    delimiter = max(",;\t", key=first[:MAX_LINE].count) if any(d in first[:MAX_LINE] for d in ",;\t") else ","
    if first.count(delimiter) >= MAX_COLUMNS:
        raise ImportFailure(
            f"This file's first row has {first.count(delimiter) + 1:,} columns; meter readings have a handful "
            f"(at most {MAX_COLUMNS}). Check that this is the half-hourly readings file."
        )
    longest = max(range(len(lines)), key=lambda i: len(lines[i])) if lines else 0
    if lines and len(lines[longest]) > MAX_LINE:
        raise ImportFailure(
            f"Line {longest + 1:,} of this file is {len(lines[longest]):,} characters long; a row of meter readings "
            f"is under {MAX_LINE:,}. Check that this is the half-hourly readings file.",
            longest + 1,
        )
    reader = csv.reader(lines, delimiter=delimiter, skipinitialspace=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    comments = 0
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):
                continue
            if header is None:
                # Some tools write notes ("# Exported 2023-11-02", "# MPAN …") above the heading row.
                if _is_comment(cells[0]):
                    comments += 1
                    continue
                header = [c.strip().lstrip("\ufeff") for c in cells]
                continue
            rows.append((reader.line_num, cells))
    except csv.Error as e:
        raise ImportFailure(
            f"Row {reader.line_num} could not be read as CSV ({snippet(e)}). Check that it is a CSV file.",
            reader.line_num,
        ) from None
    if header is None:
        raise ImportFailure(BLANK if not comments else
                            "This file holds only comment lines (starting with #), no readings.")
    notes = []
    if comments:
        were = "was" if comments == 1 else "were"
        notes.append(f"{plural(comments, 'comment line')} (starting with #) before the headings {were} skipped.")
    if delimiter == ";":
        notes += _read_decimal_commas(header, rows)
    cut = bool(rows) and not text.endswith(("\n", "\r")) and rows[-1][0] == len(lines)
    return Table(delimiter, header, rows, tuple(notes), cut)


_DECIMAL_COMMA = re.compile(r"[+-]?\d+(,\d+)?")


def _read_decimal_commas(header: list[str], rows: list[tuple[int, list[str]]]) -> list[str]:
    """Read ``0,063`` as ``0.063`` in each column of a ``;``-separated file where every value is written so.

    A European spreadsheet saves CSV with ``;`` between cells because its numbers use a decimal comma. A
    column is changed only when every non-empty cell is digits with at most one comma and at least one
    has a comma: unambiguous, since no cell has a point that could make the comma a thousands separator.
    """
    changed = []
    for i in range(len(header)):
        cells = [c[i].strip() for _, c in rows if len(c) > i and c[i].strip()]
        if not cells or not any("," in c for c in cells) or not all(_DECIMAL_COMMA.fullmatch(c) for c in cells):
            continue
        example = next(c for c in cells if "," in c)
        for _, c in rows:
            if len(c) > i:
                c[i] = c[i].replace(",", ".")
        changed.append((header[i], example))
    return [f"The column {snippet(h)} writes numbers with a decimal comma (as a European spreadsheet saves "
            f"CSV with ; between cells), so {snippet(e)} was read as {snippet(e.replace(',', '.'))}."
            for h, e in changed]


def _norm(h: str) -> str:
    return " ".join(h.strip().strip('"').lower().split())


def _unit_in(header: str) -> str | None:
    h = _norm(header)
    if "(kwh" in h or h.endswith("kwh") or "kwh/hh" in h:
        return "kWh"
    if "(wh" in h or h.endswith(" wh"):
        return "Wh"
    # "m³" read as UTF-8, or as Windows-1252 mojibake ("mÂ³"), or spelled m3
    if "m³" in h or "m3" in h or "mâ³" in h:
        return "m3"
    return None


_M3_REASON = "its unit is m³, which only gas uses"
_EXPORT = re.compile(r"\bexport")  # export, exported, exports, "electricity.export", "Generation export"
_GAS = re.compile(r"\bgas\b")
_IMPORT = re.compile(r"\b(electricity|import)")


def _fuel_in(heading: str) -> str | None:
    """The meter a value column's heading names (a fuel of :data:`FUELS`), or ``None`` when it names none."""
    h = _norm(heading)
    if _EXPORT.search(h):
        return "export"
    if _GAS.search(h):
        return "gas"
    if _IMPORT.search(h):
        return "electricity"
    return None


def _with_fuel(layout: Layout, header: list[str]) -> Layout:
    """``layout`` with the meter its value heading names, when the layout itself does not fix one."""
    if layout.fuel is not None:
        return layout
    named = _fuel_in(header[layout.value])
    if named is None:
        return layout
    return replace(layout, fuel=named, fuel_reason=f"its column heading {snippet(header[layout.value])} says so")


OWN_HEADINGS = ("period start (utc)", "local date", "local start time", "utc offset (hours)")
"""The first headings of :func:`~.csv_export.half_hourly_csv`, whose fifth names the meter and kWh."""
OWN_FORMAT = "half_hourly_csv"
"""The layout id of this site's own half-hourly download."""


def detect_layout(header: list[str]) -> Layout | None:
    """The known layout this header belongs to, or ``None``."""
    hs = [_norm(h) for h in header]
    idx = {h: i for i, h in enumerate(hs)}
    if hs[:4] == list(OWN_HEADINGS) and len(hs) > 4 and _unit_in(hs[4]) == "kWh":
        return Layout(
            OWN_FORMAT,
            "This site's half-hourly download",
            ts=0,
            value=4,
            unit="kWh",
            unit_reason=f"from the column heading {snippet(header[4])}",
            stamp_reason="the first column is the start of each half-hour",
            timezone="UTC",
            timezone_reason="the first column gives each time in UTC",
        )
    if hs and hs[0].startswith("consumption (") and "start" in idx and "end" in idx:
        unit = _unit_in(hs[0]) or "kWh"
        newer = any(h.startswith("estimated cost") for h in hs)
        cost = next((i for i, h in enumerate(hs) if h.startswith("estimated cost")), None)
        standing = next((i for i, h in enumerate(hs) if h.startswith("standing charge")), None)
        return Layout(
            "octopus_dashboard",
            "Octopus Energy dashboard download" + (" (2024 layout)" if newer else ""),
            ts=idx["start"],
            end=idx["end"],
            value=0,
            unit=unit,
            unit_reason=f"from the column heading {snippet(header[0])}",
            stamp_reason="the file gives the start and end of each half-hour",
            fuel="gas" if unit == "m3" else None,
            fuel_reason=_M3_REASON,
            cost=cost,
            standing=standing,
        )
    if "epochtimestamp" in idx and "kwh" in idx:
        return Layout(
            "glowmarkt_csv",
            "Glowmarkt (Bright) CSV export",
            ts=idx["epochtimestamp"],
            value=idx["kwh"],
            unit="kWh",
            unit_reason="the heading says kWh",
            stamp_reason="Glowmarkt stamps each half-hour at its start",
            timezone="UTC",
            timezone_reason="the epochTimestamp column gives Unix times (UTC)",
            epoch=True,
            check=idx.get("datetime"),
        )
    if {"consumption", "interval_start", "interval_end"} <= idx.keys():
        return Layout(
            "octopus_api_csv",
            "Octopus API readings saved as CSV",
            ts=idx["interval_start"],
            end=idx["interval_end"],
            value=idx["consumption"],
            stamp_reason="the file gives the start and end of each half-hour",
        )
    if "halfhour ending at" in idx and "usage" in idx:
        return Layout(
            "powershaper",
            "PowerShaper download",
            ts=idx["halfhour ending at"],
            value=idx["usage"],
            unit="kWh",
            unit_reason="PowerShaper reports kWh",
            stamp="end",
            stamp_reason="the heading says “halfhour ending at”",
        )
    n3_value = next((i for i, h in enumerate(hs) if h.startswith("energyconsumption")), None)
    n3_ts = next((i for i, h in enumerate(hs) if h.startswith("timestamp") and "utc" in h), None)
    if n3_value is not None or (n3_ts is not None and len(hs) == 2):
        ts = n3_ts if n3_ts is not None else next((i for i, h in enumerate(hs) if h.startswith("timestamp")), 0)
        value = n3_value if n3_value is not None else 1 - ts
        unit = _unit_in(hs[value]) or "kWh"
        return Layout(
            "n3rgy_csv",
            "n3rgy download",
            ts=ts,
            value=value,
            unit=unit,
            unit_reason=f"from the column heading {snippet(header[value])}" if _unit_in(hs[value]) else "n3rgy default",
            stamp="end",
            stamp_reason="n3rgy stamps each half-hour at its end",
            timezone="UTC",
            timezone_reason="n3rgy writes times in UTC",
            fuel="gas" if unit == "m3" else None,
            fuel_reason=_M3_REASON,
        )
    lcl = next((i for i, h in enumerate(hs) if "kwh/hh" in h), None)
    if lcl is not None:
        # "KWH/hh (per half hour)" in the London Datastore release, "energy(kWh/hh)" in the
        # widely shared "Smart meters in London" copy (with a "tstp" column).
        ts = idx.get("datetime", idx.get("tstp", 0 if lcl != 0 else 1))
        return Layout(
            "lcl",
            "Low Carbon London smart-meter data",
            ts=ts,
            value=lcl,
            unit="kWh",
            unit_reason="the heading says KWH/hh",
            stamp_reason="LCL readings are stamped at the start of the half-hour",
            timezone="UTC",
            timezone_reason="the Low Carbon London data set uses GMT all year",
            meter_id=idx.get("lclid"),
        )
    return None


def one_household(layout: Layout, rows: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], str | None]:
    """The rows of the first household a file names in its :attr:`Layout.meter_id` column, and a note when there are
    others: the "Smart meters in London" block files hold about fifty households each, and their readings, read as
    one meter's, would be one household's first value for each half-hour and other households' for the rest."""
    if layout.meter_id is None:
        return rows, None
    ids: dict[str, int] = {}
    for _, cells in rows:
        if len(cells) > layout.meter_id:
            key = cells[layout.meter_id].strip()
            ids[key] = ids.get(key, 0) + 1
    if len(ids) < 2:
        return rows, None
    first = next(iter(ids))
    others = [k for k in ids if k != first]
    named = ", ".join(others[:3]) + (f" and {len(others) - 3:,} more" if len(others) > 3 else "")
    note = (f"This file holds the readings of {len(ids):,} households ({first}, {named}); only the first, {first} "
            f"({plural(ids[first], 'row')}), was loaded. To look at another, save its rows alone in a file (with the "
            "heading row) and load that.")
    return [r for r in rows if len(r[1]) > layout.meter_id and r[1][layout.meter_id].strip() == first], note


def _is_number(cell: str) -> bool:
    try:
        v = float(cell)
    except ValueError:
        return False
    return v == v and abs(v) != float("inf")


def _is_stamp(cell: str) -> bool:
    try:
        parse_stamp(cell)
    except ValueError:
        return False
    return True


def _column_kinds(header: list[str], rows: list[tuple[int, list[str]]]) -> tuple[list[int], list[int]]:
    """Columns whose first cells are all times, and those that are all numbers."""
    sample = [cells for _, cells in rows[:_INSPECT_ROWS]]
    times, numbers = [], []
    for i in range(len(header)):
        cells = [c[i].strip() for c in sample if len(c) > i and c[i].strip()]
        if not cells:
            continue
        if all(_is_stamp(c) for c in cells):
            times.append(i)
        elif all(_is_number(c) for c in cells):
            numbers.append(i)
    return times, numbers


def guess_layout(header: list[str], rows: list[tuple[int, list[str]]]) -> Layout | None:
    """A two-column guess: one time column and one number column, else ``None``."""
    times, numbers = _column_kinds(header, rows)
    if len(times) != 1 or len(numbers) != 1:
        return None
    h = _norm(header[times[0]])
    end = any(w in h.split() for w in ("end", "ending", "to")) or "ending" in h
    unit = _unit_in(header[numbers[0]])
    return Layout(
        "two_column",
        "CSV with a time column and a value column",
        ts=times[0],
        value=numbers[0],
        unit=unit,
        unit_reason=f"from the column heading {snippet(header[numbers[0]])}" if unit else "",
        stamp="end" if end else "start",
        stamp_reason=(
            f"the time heading {snippet(header[times[0]])} says end"
            if end
            else "assumed: each time marks the start of its half-hour (change this if totals look shifted)"
        ),
        fuel="gas" if unit == "m3" else None,
        fuel_reason=_M3_REASON,
    )


_PRICE = re.compile(r"\b(prices?|rates?|costs?|tariffs?|vat|pence)\b|p/kwh|£|\(p\)")


def _names_price(heading: str) -> bool:
    """Whether a column heading names a price (``rate``, ``Agile Import price (p/kWh)``, ``value_inc_vat``)."""
    return _PRICE.search(_norm(heading).replace("_", " ")) is not None


def _price_columns(header: list[str], numbers: list[int]) -> tuple[int, ...]:
    """The number columns, when every one of them is headed by a price (a price list); else none."""
    priced = tuple(i for i in numbers if _names_price(header[i]))
    return priced if priced and len(priced) == len(numbers) else ()


def _not_recognised(header: list[str], suggestions: MappingSuggestions) -> str:
    """The mapping step's question, saying first when every number column is a price: a price list, not readings."""
    priced = [header[i] for i in suggestions.price_columns]
    ask = "Tell us which column holds the time and which the reading."
    if not priced:
        return f"We don't recognise this file's layout. {ask}"
    named = " and ".join(snippet(h) for h in priced[:2]) + (" and others" if len(priced) > 2 else "")
    holds = "holds prices" if len(priced) == 1 else "hold prices"
    return (f"This file looks like a list of prices, not meter readings: {named} {holds}, so nothing was loaded. "
            "To see prices, open the Prices page; for your own use, download your meter's half-hourly consumption "
            "(from your supplier's website or app) and load that. If this file does hold your readings, "
            f"{ask[0].lower()}{ask[1:]}")


def _layout_from_mapping(header: list[str], m: ColumnMapping) -> Layout:
    def col(c: str | int, what: str) -> int:
        if isinstance(c, int):
            if 0 <= c < len(header):
                return c
        else:
            hs = [_norm(h) for h in header]
            if _norm(c) in hs:
                return hs.index(_norm(c))
        raise ImportFailure(f"The {what} column {snippet(c)} is not in this file's first row. Pick it again.")

    return Layout(
        "mapped",
        "CSV read with your column choices",
        ts=col(m.timestamp_column, "time"),
        value=col(m.value_column, "value"),
        unit=m.unit,
        unit_reason="as you chose",
        stamp=m.stamp,
        stamp_reason="as you chose",
        timezone=m.timezone,
        timezone_reason="as you chose (used only for times without an offset)",
        fuel=m.fuel,
    )


NO_VALUE_WORDS = frozenset({"null", "nan", "na", "n/a", "none"})
"""Cell texts that mean "no reading", as tools write an empty value: the Smart meters in London (Low Carbon London)
block files write ``Null``; pandas writes ``NaN`` (or ``nan``) and R ``NA`` for a missing number. Each is a gap."""


def parse_rows(layout: Layout, rows: list[tuple[int, list[str]]], log: _Log) -> list[Row]:
    """Cells to :class:`Row` s; unreadable rows are logged and skipped."""
    out: list[Row] = []
    need = max(layout.ts, layout.value, layout.end if layout.end is not None else 0) + 1
    memo: dict[str, tuple[int, bool]] = {}
    for line, cells in rows:
        if len(cells) < need:
            log.drop("missing columns", line, f"this row has {len(cells)} columns, expected at least {need}")
            continue
        raw = cells[layout.value].strip()
        value: float | None = None
        # An empty cell is the file giving a half-hour without a reading (our own download leaves every such
        # half-hour of its days empty): a gap, said as one by assemble, not a row we could not use. So is a
        # cell that spells "no value" (see NO_VALUE_WORDS).
        if raw and raw.lower() not in NO_VALUE_WORDS:
            try:
                value = float(raw)
                if value != value or abs(value) == float("inf"):
                    raise ValueError
            except ValueError:
                log.drop("value is not a number", line, f"the value {snippet(raw)} is not a number")
                continue
        try:
            # One row's end is the next row's start (or, newest first, the previous row's start):
            # reusing it halves the parsing of two-stamp files.
            cell = cells[layout.ts]
            t, aware = (parse_epoch(cell), True) if layout.epoch else memo[cell] if cell in memo else parse_stamp(cell)
            t_end, end_aware = None, False
            if layout.end is not None:
                end_cell = cells[layout.end]
                t_end, end_aware = memo[end_cell] if end_cell in memo else parse_stamp(end_cell)
                memo = {cell: (t, aware), end_cell: (t_end, end_aware)}
        except ValueError:
            bad = cells[layout.ts] if not _is_stamp(cells[layout.ts]) else cells[layout.end or 0]
            log.drop("time not recognised", line, f"the time {snippet(bad)} is not a date and time we recognise")
            continue
        out.append(Row(line, t, aware, value, t_end, end_aware))
    return out


def parse_epoch(cell: str) -> int:
    """Unix seconds [s, UTC] from a cell such as ``1679526000``; ``ValueError`` otherwise."""
    t = float(cell.strip())
    if not 0 <= t < 1e10 or t != int(t):
        raise ValueError("not a Unix time")
    return int(t)


WHOLE_WH = 2
"""[per half-hour] Whole numbers typically this big are watt-hours: as kWh they would be a home drawing 4 kW or
more all the time, in readings that, unlike a meter's kWh, have no decimals. This catches a few quiet hours in Wh
(a night's 6 to 12 Wh), which the size alone cannot tell from kWh."""


def infer_unit(rows: list[Row], fuel: str) -> tuple[str, str]:
    """``(unit, reason)`` when the file does not say; electricity Wh vs kWh from the size of the values.

    The reason says what was assumed and why, in words the load's note quotes.
    """
    values = sorted(abs(r.value) for r in rows if r.value)
    if not values:
        return "kWh", "every value is zero, so kWh was assumed"
    median = values[len(values) // 2]
    if fuel != "gas" and median > 10:
        return "Wh", (
            f"the typical value, {median:g} per half-hour, is far too much for kWh in a home, so the values were "
            "read as watt-hours (Wh)"
        )
    if fuel != "gas" and median >= WHOLE_WH and all(v == int(v) for v in values):
        return "Wh", (
            f"every value is a whole number and the typical one, {median:g} per half-hour, is too much for kWh in a "
            "home, so the values were read as watt-hours (Wh)"
        )
    return "kWh", f"the typical value, {median:g} per half-hour, fits kWh, so the values were read as kWh"


ZONES = ("Europe/London", "UTC")


class NeedsTimezone(ImportFailure):
    """Times without offsets that could be UK clock time or UTC: the user is asked, with the evidence."""

    kind = "needs_timezone"

    def __init__(self, message: str, evidence: list[str]) -> None:
        super().__init__(message)
        self.evidence = evidence

    def to_json(self) -> dict:
        return {
            "message": self.message,
            "row": None,
            "question": "timezone",
            "evidence": self.evidence,
            "choices": [
                {"value": "Europe/London", "label": "UK clock time (BST in summer)"},
                {"value": "UTC", "label": "UTC (GMT all year)"},
            ],
        }


def infer_timezone(rows: list[Row], stamp: str = "start") -> tuple[str | None, str]:
    """``(zone, reason)`` for times written without an offset; zone ``None`` when the file cannot tell.

    Evidence, strongest first: times in the hour UK clocks skip (so UTC); a
    repeated 01:00–01:59 on the day clocks go back, or the skipped hour
    missing between readings on either side (so UK clock time); every time
    in winter, when the two agree (either is right).
    """
    naive = [r.t - (HALF_HOUR if stamp == "end" else 0) for r in rows if not r.aware]
    if not naive:
        return "Europe/London", "every time carries its UTC offset"
    seen: set[int] = set()
    summer = False
    for t in naive:
        cands = london_candidates(t)
        if not cands:
            return "UTC", (
                f"the file has times in the hour UK clocks skip when they go forward ({_wall(t)}), so its times "
                "must be UTC (GMT)"
            )
        if len(cands) == 2 and t in seen:
            return "Europe/London", (
                f"{_wall(t)} appears twice, as UK clocks repeat 01:00–01:59 when they go back, so the times are "
                "UK clock time"
            )
        seen.add(t)
        summer = summer or utc_offset(t) != 0 or utc_offset(t - 3600) != 0
    for t in seen:
        # Readings at 00:30 and 02:00 on a day with no 01:00 or 01:30: the gap UK clocks make in March.
        # (A reading at 01:00 or 01:30 that day would have meant UTC, above.)
        if t % 86400 == 1800 and t + 5400 in seen and not london_candidates(t + 1800):
            return "Europe/London", (
                f"the readings skip from 00:30 to 02:00 on {_wall(t)[:10]}, as UK clocks do when they go "
                "forward, so the times are UK clock time"
            )
    if not summer:
        return "Europe/London", "every time is in winter, when UK clock time is UTC, so either reading is right"
    return None, ""


def _wall(t: int) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%d %H:%M")


def ask_timezone(rows: list[Row], stamp: str) -> NeedsTimezone:
    """The question for a file whose times fit UK clock time and UTC equally, with what we saw."""
    naive = [r for r in rows if not r.aware]
    first, last = min(naive, key=lambda r: r.t), max(naive, key=lambda r: r.t)
    day, last_day = _wall(first.t)[:10], _wall(last.t)[:10]
    # A one-day file would otherwise read "from 2023-06-01 to 2023-06-01".
    span = (f"The readings are all on {day}, in" if day == last_day
            else f"The readings run from {day} to {last_day}, including")
    evidence = [
        f"No time in the file carries a UTC offset (row {first.line}: {_wall(first.t)}).",
        f"{span} British Summer Time, when UK clock time is an hour ahead of UTC.",
        "The file has no reading in the hour clocks skip in March, no repeated hour in October, and no gap where "
        "the March hour would be, which would have told us.",
    ]
    return NeedsTimezone(
        "Are these times UK clock time or UTC? The file does not say, and reading it the wrong way would shift "
        "every summer half-hour by an hour.",
        evidence,
    )


CUT_SHORT = ("the file ends part-way through its last line, so it looks cut short (download it again to get "
             "every reading)")


def read_csv(text: str, *, encoding: str, fuel: str | None, mapping: ColumnMapping | None,
             timezone: str | None = None, unsaid: str | None = None) -> Channel:
    """One channel from a CSV file's text.

    ``timezone`` is the user's answer to :class:`NeedsTimezone` for a file
    whose layout does not say. ``unsaid`` is the meter to read the file as
    when neither its layout nor ``fuel`` (the user's choice) says which (the
    one its name names), with :data:`FUEL_NOT_SAID` among the warnings all
    the same. Raises :class:`ImportFailure`,
    :class:`NeedsMapping` or :class:`NeedsTimezone`.
    """
    table = read_table(text)
    header, rows = table.header, table.rows
    if not rows:
        named = ", ".join(snippet(h) for h in header[:4] if h.strip()) + (", …" if len(header) > 4 else "")
        raise ImportFailure(f"This file has only its column headings ({named}), no readings under them: the download "
                            "covered days with no readings. Download it again for days your meter has sent readings "
                            "for.")
    if mapping is not None:
        layout = _layout_from_mapping(header, mapping)
    else:
        layout = detect_layout(header) or guess_layout(header, rows)
        if layout is not None and layout.format_id == "two_column" and _names_price(header[layout.value]):
            layout = None  # a time and a price (an Agile price list): not readings, whatever the shape says
        if layout is None:
            suggestions = sniff_table(header, rows)
            raise NeedsMapping(_not_recognised(header, suggestions), suggestions)
        layout = _with_fuel(layout, header)
    rows, total_note = _without_totals_row(layout, rows)
    rows, households_note = one_household(layout, rows)
    rows_read = len(rows)  # of the household loaded, when the file holds several
    log = _Log()
    if table.cut_short and not total_note and not parse_rows(layout, rows[-1:], _Log()):
        # A download stopped part-way: say so rather than "time not recognised" for its torn last line.
        log.drop(CUT_SHORT, rows[-1][0], "this line ends part-way through: the file looks cut short")
        rows = rows[:-1]
    parsed = parse_rows(layout, rows, log)
    bad = sum(log.dropped.values())
    if parsed and bad > len(parsed) and bad > 5:
        first = log.examples[0]
        raise ImportFailure(
            f"Most rows in this file could not be read. The first problem, on row {first.line}: {first.message}.",
            first.line,
        )
    warnings = list(table.notes) + [n for n in (households_note, total_note) if n]
    chan_fuel = layout.fuel or fuel or unsaid or "electricity"
    if layout.fuel and fuel and fuel != layout.fuel:
        said = FUEL_LABELS[layout.fuel].lower()
        warnings.append(f"You chose {FUEL_LABELS[fuel].lower()}, but this file is {said} ({layout.fuel_reason}); "
                        f"it was read as {said}.")
    if not layout.fuel and not fuel:
        warnings.append(FUEL_NOT_SAID)
    unit, unit_reason = (layout.unit, layout.unit_reason) if layout.unit else infer_unit(parsed, chan_fuel)
    if not layout.unit and (unit == "Wh" or (layout.format_id == "two_column" and chan_fuel != "gas")):
        # An assumed unit is said on load, not only in the data-quality view: a few hours of readings are
        # little to judge by. (The Octopus API's CSV, the other layout without a unit, is kWh or gas m³, and
        # gas's unit is decided, and said, by household.gas.)
        warnings.append(f"The file does not say its unit: {unit_reason}" + (
            ", and divided by 1,000 to give kWh." if unit == "Wh" else
            ". If they are watt-hours, add “(Wh)” to the heading of the readings column and load the file again."))
    if layout.timezone:
        tz, tz_reason = layout.timezone, layout.timezone_reason
    else:
        tz, tz_reason = infer_timezone(parsed, layout.stamp)
        if tz is None and timezone in ZONES:
            tz, tz_reason = timezone, "as you told us (the file's times could be either)"
        elif tz is None:
            raise ask_timezone(parsed, layout.stamp)
    warnings += _disagreeing_times(layout, rows)
    conv = Conventions(
        format_id=layout.format_id,
        format_label=layout.label,
        fuel=chan_fuel,
        unit=unit,
        stamp=layout.stamp,
        timezone=tz,
        unit_reason=unit_reason,
        timezone_reason=tz_reason,
        stamp_reason=layout.stamp_reason,
    )
    return assemble(parsed, conv, encoding=encoding, rows_read=rows_read, log=log, warnings=warnings,
                    supplier_estimate=supplier_estimate(layout, rows),
                    every_half_hour=layout.format_id == OWN_FORMAT, wh_said=not layout.unit)


_TOTAL = re.compile(r"(grand |sub)?(totals?|sum)\b", re.IGNORECASE)
"""A cell that names its row a total: "Total", "Grand total", "Sum"."""


def _without_totals_row(layout: Layout, rows: list[tuple[int, list[str]]]
                        ) -> tuple[list[tuple[int, list[str]]], str | None]:
    """The rows without a last row that a spreadsheet added as a total, and a note saying it was left out.

    A total is a last row with a cell naming it one ("Total", "Grand total"), or one with no time whose value is
    the sum of the readings above; left in, it was "1 row skipped", as if a reading were lost.
    """
    if len(rows) < 2:
        return rows, None
    line, cells = rows[-1]
    left_out = "not a half-hour's reading, so it was left out."
    before = rows[-2][1]
    if named := next((c.strip() for i, c in enumerate(cells)
                      if _TOTAL.fullmatch(c.strip()) and _cell(before, i) != c.strip()), None):  # not a column's label
        return rows[:-1], f"The last row (row {line}, {snippet(named)}) is a total, {left_out}"
    value = _cell(cells, layout.value)
    if _cell(cells, layout.ts) or not _is_number(value):
        return rows, None
    above = sum(float(v) for _, r in rows[:-1] if _is_number(v := _cell(r, layout.value)))
    if not above or not math.isclose(float(value), above, rel_tol=1e-3):
        return rows, None
    return rows[:-1], (f"The last row (row {line}) gives {snippet(value)} and no time: the total of the readings "
                       f"above, {left_out}")


def _cell(cells: list[str], i: int | None) -> str:
    """Column ``i`` of a row, stripped; empty when the row is shorter or there is no such column."""
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _disagreeing_times(layout: Layout, rows: list[tuple[int, list[str]]]) -> list[str]:
    """A warning when a file's second time column (Glowmarkt's ``dateTime``) disagrees with the one read."""
    if layout.check is None:
        return []
    for line, cells in rows[:_INSPECT_ROWS]:
        try:
            t = parse_epoch(cells[layout.ts]) if layout.epoch else parse_stamp(cells[layout.ts])[0]
            other, aware = parse_stamp(cells[layout.check])
        except (ValueError, IndexError):
            continue
        if aware and other != t:
            return [
                f"The file's two time columns disagree by {abs(other - t) // 60} minutes (row {line}: "
                f"{_wall(t)} UTC from the Unix time, {snippet(cells[layout.check])} written out). The Unix time "
                "was used, as the meter reports it; if your totals look an hour out, tell us."
            ]
        return []
    return []


def supplier_estimate(layout: Layout, rows: list[tuple[int, list[str]]]) -> SupplierEstimate | None:
    """Octopus's own estimated cost and standing charge per London day [p inc VAT], when the file carries them."""
    if layout.cost is None:
        return None
    days: dict[dt.date, list[float]] = {}
    for _, cells in rows:
        try:
            t, aware = parse_stamp(cells[layout.ts])
            cost = float(cells[layout.cost])
            standing = float(cells[layout.standing]) if layout.standing is not None else 0.0
            # A year outside London time's tables (e.g. 9999) is a row the reader refuses anyway.
            date = local_date(t)
        except (ValueError, IndexError):
            continue
        if not aware or cost != cost or standing != standing or abs(cost) > 1e6 or abs(standing) > 1e6:
            continue
        day = days.setdefault(date, [0.0, 0.0, 0])
        day[0] += cost
        day[1] += standing
        day[2] += 1
    if not days:
        return None
    # Rounded to 0.0001p as stored with the household, so a reload shows the same figures.
    return SupplierEstimate(
        label="Octopus's estimated cost (from the file)",
        standing_included=layout.standing is not None,
        days=tuple(SupplierDay(d, round(v[0], 4), round(v[1], 4), int(v[2])) for d, v in sorted(days.items())),
    )


def _clean(cell: str) -> str:
    return snippet(cell)[1:-1]


_VALUE_WORDS = ("kwh", "consumption", "usage", "energy", "value", "reading", "import", "export", "wh", "m3", "m³")
_NOT_VALUE_PARTS = ("mpan", "mprn", "serial", "charge", "epoch")  # and a price (see _names_price)
_NOT_VALUE_WORDS = ("id", "meter", "site", "row", "n", "no", "number")


def _time_rank(heading: str) -> int:
    """Lower is likelier the half-hour's time: a start before an end, a date-time before anything else."""
    words = _norm(heading).split()
    return 1 if any(w in words for w in ("end", "ending", "to")) else 0


def _value_score(heading: str, sample: list[list[str]], i: int) -> float:
    """How much a number column looks like the readings: its heading, and values that vary and have fractions."""
    h = _norm(heading)
    # A price by whole word: "rate" inside "Generated" is not a price.
    bad = (_names_price(heading) or any(p in h for p in _NOT_VALUE_PARTS)
           or any(w in _NOT_VALUE_WORDS for w in h.split()))
    score = 2.0 * any(w in h for w in _VALUE_WORDS) - 3.0 * bad
    cells = [c[i].strip() for c in sample if len(c) > i and c[i].strip()]
    if len(set(cells)) > 1:
        score += 1  # a constant column is a meter number or a flag, not readings
    if any("." in c for c in cells):
        score += 1  # readings have decimals; row numbers and epoch seconds do not
    return score + i / 1000  # ties: the later column (readings tend to come after times)


def sniff_table(header: list[str], rows: list[tuple[int, list[str]]]) -> MappingSuggestions:
    """Suggestions for the column-mapping step: headings, a preview and guesses (none for a price list)."""
    times, numbers = _column_kinds(header, rows)
    headers = tuple(_clean(h) for h in header)
    preview = tuple(tuple(_clean(c) for c in cells[: len(header) + 2]) for _, cells in rows[:_PREVIEW_ROWS])
    if priced := _price_columns(header, numbers):
        return MappingSuggestions(headers, preview, tuple(times), tuple(numbers), None,
                                  SuggestedMapping(None, None, None, "start", None), (), priced)
    known = detect_layout(header) or guess_layout(header, rows)
    sample = [cells for _, cells in rows[:_INSPECT_ROWS]]
    reasons = []
    if known is not None:
        ts, value, unit, stamp, timezone = known.ts, known.value, known.unit, known.stamp, known.timezone
        reasons.append(f"looks like: {known.label}")
    else:
        ts = min(times, key=lambda i: _time_rank(header[i])) if times else None
        value = max(numbers, key=lambda i: _value_score(header[i], sample, i)) if numbers else None
        ending = ts is not None and any(w in _norm(header[ts]).split() for w in ("end", "ending", "to"))
        unit = _unit_in(header[value]) if value is not None else None
        stamp, timezone = ("end" if ending else "start"), None
    parsed = (parse_rows(Layout("sniff", "", ts=ts, value=value), rows[:500], _Log())
              if ts is not None and value is not None else [])
    if parsed:
        if unit is None:
            unit, why = infer_unit(parsed, "electricity")
            reasons.append(why)
        if timezone is None:
            timezone, why = infer_timezone(parsed, stamp)
            reasons.append(why or "nothing in the file says whether its times are UK clock time or UTC: choose")
    return MappingSuggestions(
        headers=headers,
        preview=preview,
        time_columns=tuple(times),
        number_columns=tuple(numbers),
        detected_format=known.format_id if known else None,
        suggested=SuggestedMapping(ts, value, unit, stamp, timezone,
                                   (known.fuel if known else None) or (_fuel_in(header[value]) if value is not None
                                                                        else None)),
        reasons=tuple(reasons),
    )
