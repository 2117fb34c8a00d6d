"""What an importer hands back: per channel a series and a plain-words report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from ..timeseries.londontime import isoformat_utc
from ..timeseries.series import Series

FUEL_GUESSED = "The file does not say which meter it is from"
"""How the note begins for a file read as a meter it does not name (a default, or its name's): a guess to undo."""
FUEL_NOT_SAID = (f"{FUEL_GUESSED}, so it was read as electricity import. If it holds "
                 "export or gas, choose that in “What the file holds” beside the file picker and load it again.")
"""The note for a file whose layout and headings name no meter and whose meter the user did not choose."""

EXAMPLES = 20  # rows quoted per kind of problem; the counts are always complete


class Row(NamedTuple):
    """One reading as the file gives it, before time-zone and interval rules.

    ``t`` is the stamp in seconds: a UTC instant when ``aware``, otherwise the
    wall-clock time counted as if UTC. ``t_end`` is the second stamp when the
    file gives both ends of the interval. ``value`` is in the file's unit, or
    ``None`` when the file gives the half-hour with an empty value (a gap).
    ``line`` is the 1-based line of a CSV, or the item number in a JSON list.
    A named tuple rather than a frozen dataclass: files have ~10⁵ rows and
    tuple construction is several times faster in Pyodide and CPython alike.
    """

    line: int
    t: int
    aware: bool
    value: float | None
    t_end: int | None = None
    end_aware: bool = False


@dataclass(frozen=True, slots=True)
class Conventions:
    """How to read a file's stamps and values, and why we think so.

    stamp : ``"start"`` or ``"end"`` of the half-hour.
    timezone : for stamps without an offset: ``"Europe/London"`` or ``"UTC"``.
    unit : ``"kWh"``, ``"Wh"`` or ``"m3"`` (gas volume).
    """

    format_id: str
    format_label: str
    fuel: str
    unit: str
    stamp: str
    timezone: str
    unit_reason: str = ""
    timezone_reason: str = ""
    stamp_reason: str = ""

    @property
    def interval(self) -> str:
        """The reading interval in words, e.g. ``"30 minutes, stamped at the start of each half-hour"``."""
        return f"30 minutes, stamped at the {self.stamp} of each half-hour"


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str

    def to_json(self) -> dict:
        return {"row": self.line, "message": self.message}


@dataclass(frozen=True, slots=True)
class SupplierDay:
    """The supplier's own figures for one London day, summed over the file's half-hours [p inc VAT]."""

    day: dt.date
    energy_p_inc_vat: float
    standing_p_inc_vat: float
    """0 when the file carries no standing charge column."""
    half_hours: int


@dataclass(frozen=True, slots=True)
class SupplierEstimate:
    """The supplier's own cost figures carried by a file (Octopus dashboard downloads), by London day."""

    label: str
    standing_included: bool
    days: tuple[SupplierDay, ...]
    """In day order."""

    def to_json(self) -> dict:
        return {"label": self.label, "standing_included": self.standing_included,
                "days": {d.day.isoformat(): [d.energy_p_inc_vat, d.standing_p_inc_vat, d.half_hours]
                         for d in self.days}}


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Everything the importer did to one channel, for the data-quality view.

    Counts are complete; ``*_examples`` lists quote at most :data:`EXAMPLES` rows.
    """

    conventions: Conventions
    encoding: str
    rows_read: int
    readings_kept: int
    order: str
    duplicates_identical: int
    duplicates_conflicting: int
    conflict_examples: tuple[Problem, ...]
    dropped: tuple[tuple[str, int], ...]  # (why, rows), in the order first met
    dropped_examples: tuple[Problem, ...]
    dst_notes: tuple[str, ...]
    sentinels: int
    sentinel_examples: tuple[Problem, ...]
    faulty: int
    faulty_total: float  # [the channel's unit: kWh, or m³ for gas read in m³]
    faulty_examples: tuple[Problem, ...]
    faulty_rule: str
    gaps: tuple[tuple[int, int, int], ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    sentinel_values: tuple[float, ...] = ()
    """A few of the distinct meter error codes dropped, as the data gave them (not stored: the warning quotes them)."""
    supplier_estimate: SupplierEstimate | None = None
    """The supplier's own cost figures carried by the file (Octopus dashboard downloads)."""

    def to_json(self) -> dict:
        c = self.conventions
        return {
            "format": c.format_id,
            "format_label": c.format_label,
            "fuel": c.fuel,
            "unit": c.unit,
            "unit_reason": c.unit_reason,
            "interval": c.interval,
            "stamp": c.stamp,
            "stamp_reason": c.stamp_reason,
            "timezone": c.timezone,
            "timezone_reason": c.timezone_reason,
            "encoding": self.encoding,
            "rows_read": self.rows_read,
            "readings_kept": self.readings_kept,
            "order": self.order,
            "duplicates_identical": self.duplicates_identical,
            "duplicates_conflicting": self.duplicates_conflicting,
            "conflict_examples": [p.to_json() for p in self.conflict_examples],
            "dropped": dict(self.dropped),
            "dropped_examples": [p.to_json() for p in self.dropped_examples],
            "dst": list(self.dst_notes),
            "sentinels": self.sentinels,
            "sentinel_examples": [p.to_json() for p in self.sentinel_examples],
            "faulty": self.faulty,
            "faulty_total": self.faulty_total,
            "faulty_examples": [p.to_json() for p in self.faulty_examples],
            "faulty_rule": self.faulty_rule,
            "gaps": [{"start": isoformat_utc(a), "end": isoformat_utc(b), "half_hours": n} for a, b, n in self.gaps],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "supplier_estimate": None if self.supplier_estimate is None else self.supplier_estimate.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Channel:
    """One imported channel.

    ``series`` holds values in ``unit`` per half-hour: ``"kWh"`` (Wh files are
    already scaled) or ``"m3"`` for gas read in cubic metres, which
    :mod:`pyruntime.household.gas_units` converts, saying so, before any report uses it.
    """

    fuel: str
    unit: str
    series: Series
    report: ImportReport
    faulty: tuple[tuple[int, float], ...] = ()
    """Readings set aside as meter faults: ``(start [s, UTC], value in ``unit``)``, oldest first."""

    def to_json(self) -> dict:
        s = self.series
        return {
            "fuel": self.fuel,
            "unit": self.unit,
            "start": isoformat_utc(s.start) if s.values else None,
            "end": isoformat_utc(s.end) if s.values else None,
            "half_hours": len(s.values),
            "present": s.present,
            "faulty": len(self.faulty),
            "report": self.report.to_json(),
        }


@dataclass(frozen=True, slots=True)
class ImportResult:
    """All channels found in one file (usually one)."""

    channels: tuple[Channel, ...]

    def channel(self, fuel: str) -> Channel:
        for c in self.channels:
            if c.fuel == fuel:
                return c
        raise KeyError(fuel)

    def to_json(self) -> dict:
        return {"channels": [c.to_json() for c in self.channels]}
