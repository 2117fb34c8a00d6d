"""A dropped file (CSV or JSON: Octopus, Bright, n3rgy, PowerShaper, LCL or any two-column CSV) → household.

Each file holds one fuel. Loading another file adds it to the household
already loaded from files: a different fuel joins the others, and a file for
a fuel already loaded adds its half-hours to that fuel's (one file per month,
loaded one after another; see :mod:`pyruntime.household.combine`). Gas read in
another unit than the gas already loaded, or data from a provider, is
replaced instead, and the page says so. The file's bytes never leave the worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TypeVar

from ..household import Household, faulty, gas
from ..household.combine import Combined, combine, combine_estimates, combine_set_aside
from ..household.facts import FileImport, HouseholdFacts, LoadWarning
from ..household.gas_units import to_kwh
from ..timeseries.aggregate import series_days
from ..timeseries.series import FUEL_LABELS, Series
from . import ColumnMapping, ImportFailure, import_file
from .model import FUEL_GUESSED, Channel

T = TypeVar("T")

MAPPING_KEYS = ("timestamp_column", "value_column", "unit", "stamp", "timezone", "fuel")
COMBINED = "combined"
"""Warning kind: how the last file was added to the readings of its fuel already loaded."""
REPLACED = "replaced"
"""Warning kind: what the last file replaced because the two could not be combined."""
SOURCE_WORDS = {"octopus": "Your Octopus data", "glowmarkt": "Your Bright data"}


def mapping_from(payload: object) -> ColumnMapping | None:
    """The user's column choices from the page, checked; ``None`` when there are none."""
    if payload is None:
        return None
    if not isinstance(payload, dict):
        raise ImportFailure("The column choices could not be read; choose the columns again.")
    values = {k: payload[k] for k in MAPPING_KEYS if payload.get(k) not in (None, "")}
    for key in ("timestamp_column", "value_column"):
        if not isinstance(values.get(key), int | str) or isinstance(values.get(key), bool):
            raise ImportFailure("Choose which column holds the times and which holds the readings.")
    for key in ("unit", "stamp", "timezone", "fuel"):
        if key in values and not isinstance(values[key], str):
            raise ImportFailure("The column choices could not be read; choose the columns again.")
    return ColumnMapping(**values)


def display_name(name: object, limit: int = 80) -> str:
    """A file name safe to show as text: printable, no angle brackets, at most ``limit`` characters."""
    text = "".join(c for c in str(name or "") if c.isprintable() and c not in "<>").strip()
    if text[:1] in ("=", "+", "-", "@"):
        text = "'" + text  # harmless if the name is ever pasted into a spreadsheet
    return (text[: limit - 1] + "…" if len(text) > limit else text) or "your file"


def load_file(existing: Household | None, data: bytes, *, name: str = "", fuel: str | None = None,
              mapping: ColumnMapping | None = None, timezone: str | None = None) -> Household:
    """The household after reading ``data``; raises :class:`ImportFailure` (or ``NeedsMapping``, ``NeedsTimezone``).

    ``timezone`` is the user's answer when the file's times could be UK clock time or UTC.
    """
    result = import_file(data, fuel=fuel, mapping=mapping, timezone=timezone, name=str(name or ""))
    channel = result.channels[0]
    if not channel.series.present:
        raise ImportFailure("This file holds no readings we could use.")
    kind = channel.fuel
    if kind != "gas" and channel.unit == "m3":
        raise ImportFailure(f"This file gives {FUEL_LABELS[kind].lower()} in cubic metres, which only gas uses. "
                            "Choose “gas” for this file.")
    shown = display_name(name)
    base = existing if existing is not None and existing.source == "file" else None
    series = dict(base.series) if base else {}
    before = base.facts if base else HouseholdFacts(label="Your readings from a file", provider="a file")
    # What the last load did was said then; this load says what it did.
    notes = [LoadWarning(None, REPLACED, _replaced_provider(existing))] if existing is not None and base is None else []
    guessed = _chosen_over_guess(before, series, shown, fuel, channel)
    if guessed is not None:
        # The file loaded again as the meter the user chose, after being read as another one only because it
        # does not say: the note on that load asked for exactly this, so the first reading is undone, not kept.
        del series[guessed]
        before = _without_fuel(before, guessed)
        notes.append(LoadWarning(kind, REPLACED, (
            f"{shown} is now your {FUEL_LABELS[kind].lower()} readings, as you chose. It had been read as "
            f"{FUEL_LABELS[guessed].lower()} only because it does not say which meter it is from; those readings "
            "were removed.")))
    gas_unit = before.gas_unit
    new_series = channel.series
    gas_warnings: tuple[str, ...] = ()
    if kind == "gas":
        stated = channel.unit if channel.unit == "m3" or "heading" in channel.report.conventions.unit_reason else None
        new_series, decided, gas_warnings = gas.decide(channel.series, stated)
        # A guess from the size of the readings never overrides a unit the user chose for the gas already loaded.
        alike = gas_unit is not None and (gas_unit.unit == decided.unit or (
            gas_unit.decided_by == "you" and decided.decided_by == "detected"))
        if "gas" in series and gas_unit is not None and alike:
            # The unit and calorific value already in use, so both files' gas is converted alike.
            new_series = to_kwh(channel.series, gas_unit.unit, gas_unit.calorific_value).series
        else:
            if "gas" in series and gas_unit is not None:
                notes.append(LoadWarning("gas", REPLACED, _replaced_gas(before.files.get("gas", ""), shown,
                                                                        gas_unit.unit, decided.unit)))
                del series["gas"]
            gas_unit = decided
    combining = kind in series
    earlier = [w for w in before.warnings if w.kind not in (COMBINED, REPLACED) and (combining or w.fuel != kind)]
    faults, _ = faulty.set_aside(channel)  # its sentence is among the report's warnings below
    aside = {f: a for f, a in before.faulty.items() if f != kind}
    report = channel.report
    files = {**before.files, kind: shown}
    loaded = (FileImport(shown, report),)
    if combining:
        joined = combine(series[kind], new_series)
        _refuse_other_meter(kind, shown, new_series.present - joined.added, joined.differed)
        new_series = joined.series
        faults = combine_set_aside(before.faulty.get(kind), faults)
        report = replace(report, supplier_estimate=combine_estimates(before.imports[kind].supplier_estimate,
                                                                     report.supplier_estimate))
        files[kind] = _file_names(before.files.get(kind, ""), shown)
        # The same file loaded again did the same again: said once, at its latest place.
        # A household remembered before files were listed one by one has only the last one's report.
        earlier_files = before.file_imports.get(kind) or (FileImport(before.files.get(kind, ""), before.imports[kind]),)
        loaded = (*(f for f in earlier_files if f != loaded[0]), *loaded)
        notes.append(LoadWarning(kind, COMBINED, _combined(kind, shown, joined)))
    series[kind] = new_series
    if faults is not None:
        aside[kind] = faults
    # Dict keys keep the first of each: a second month's file repeats the first's remarks word for word.
    warnings = dict.fromkeys((*notes, *earlier, *(LoadWarning("gas", "gas_unit", m) for m in gas_warnings),
                *(LoadWarning(kind, "file", f"{FUEL_LABELS[kind]}: {w}") for w in channel.report.warnings)))
    facts = replace(before, imports={**before.imports, kind: report}, files=files,
                    file_imports={**before.file_imports, kind: loaded},
                    gas_unit=gas_unit, warnings=tuple(warnings), faulty=aside)
    return Household("file", series, region=base.region if base else None, facts=facts)


def _chosen_over_guess(before: HouseholdFacts, series: dict[str, Series], shown: str, chosen: str | None,
                       channel: Channel) -> str | None:
    """The fuel this same file was read as by a guess, now that the user chose another for it; else ``None``.

    The same file: its readings of that fuel came from this file name alone and are these readings.
    """
    if chosen is None or channel.fuel != chosen:
        return None
    for fuel, loaded in series.items():
        report = before.imports.get(fuel)
        if (fuel != chosen and before.files.get(fuel) == shown and report is not None
                and any(w.startswith(FUEL_GUESSED) for w in report.warnings)
                and (loaded.start, loaded.values) == (channel.series.start, channel.series.values)):
            return fuel
    return None


def _without_fuel(facts: HouseholdFacts, fuel: str) -> HouseholdFacts:
    """``facts`` with nothing left of ``fuel``'s readings."""
    def drop(mapping: Mapping[str, T]) -> dict[str, T]:
        return {k: v for k, v in mapping.items() if k != fuel}

    return replace(facts, imports=drop(facts.imports), files=drop(facts.files), file_imports=drop(facts.file_imports),
                   faulty=drop(facts.faulty), warnings=tuple(w for w in facts.warnings if w.fuel != fuel),
                   gas_unit=None if fuel == "gas" else facts.gas_unit)


def _day(d: dt.date, year: bool = True) -> str:
    return f"{d.day} {d:%b} {d.year}" if year else f"{d.day} {d:%b}"


def _span(series: Series) -> str:
    """``23 Mar to 1 Nov 2023`` (the year once when both days share it)."""
    first, last = series_days(series) or (None, None)
    if first is None or last is None:
        return "no readings"
    return f"{_day(first, first.year != last.year)} to {_day(last)}"


def _combined(kind: str, shown: str, joined: Combined) -> str:
    """What adding a file to the readings of its fuel did, in one or two sentences."""
    what = f"your {FUEL_LABELS[kind].lower()} readings"
    if joined.added:
        said = f"Added {joined.added:,} half-hours from {shown} to {what}: now {_span(joined.series)}."
    else:
        said = f"{shown} added no new half-hours to {what} ({_span(joined.series)})."
    if joined.differed:
        said += (f" {joined.differed:,} half-hour{'s' if joined.differed != 1 else ''} already loaded had a different "
                 f"reading in {shown}; its readings are used.")
    return said


OTHER_METER_OVERLAP = 48
"""[half-hours] a day: an overlap this large where most readings differ is another meter, not a correction."""


def _refuse_other_meter(kind: str, shown: str, shared: int, differed: int) -> None:
    """Refuse a file whose readings differ from those loaded in most of a large overlap, keeping the loaded ones.

    A corrected download changes a few half-hours; one that changes nearly every half-hour it shares is
    another meter's (an export file, a neighbour's), and using it would silently swap every reading.
    """
    if shared < OTHER_METER_OVERLAP or differed * 2 <= shared:
        return
    raise ImportFailure(
        f"{shown} was not added: {differed:,} of the {shared:,} half-hours it shares with your "
        f"{FUEL_LABELS[kind].lower()} readings have a different reading, so it is probably from another meter (an "
        "export meter, or someone else's), not a correction. Your readings are as they were. If the file holds "
        "export or gas, choose that in “What the file holds” and load it again; to use this file alone, choose "
        "Forget everything first."
    )


def _replaced_gas(old: str, new: str, old_unit: str, new_unit: str) -> str:
    return (f"Your gas readings from {old} were replaced by those from {new}: {new} gives gas in "
            f"{gas.UNIT_WORDS[new_unit]} and {old} in {gas.UNIT_WORDS[old_unit]}, so the two cannot be added "
            "together. Load the other file again to use it instead.")


def _replaced_provider(existing: Household) -> str:
    what = SOURCE_WORDS.get(existing.source, "The data loaded before")
    return (f"{what} was replaced by this file's readings: readings from a provider and from files are "
            "not added together.")


def _file_names(old: str, new: str) -> str:
    """The file names of one fuel, oldest first, each once."""
    names = [n for n in old.split(", ") if n and n != new] + [new]
    return ", ".join(names)
