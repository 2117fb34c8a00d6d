"""A dropped file (CSV or JSON: Octopus, Bright, n3rgy, PowerShaper, LCL or any two-column CSV) → household.

Each file holds one fuel; loading another file for a different fuel adds
it to the household already loaded from files, and a file for a fuel
already loaded replaces that fuel. The file's bytes never leave the worker.
"""

from __future__ import annotations

from dataclasses import replace

from ..household import Household, faulty, gas
from ..household.facts import HouseholdFacts, LoadWarning
from ..timeseries.series import FUEL_LABELS
from . import ColumnMapping, ImportFailure, import_file

MAPPING_KEYS = ("timestamp_column", "value_column", "unit", "stamp", "timezone", "fuel")


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
    result = import_file(data, fuel=fuel, mapping=mapping, timezone=timezone)
    channel = result.channels[0]
    if not channel.series.present:
        raise ImportFailure("This file holds no readings we could use.")
    base = existing if existing is not None and existing.source == "file" else None
    series = dict(base.series) if base else {}
    before = base.facts if base else HouseholdFacts(label="Your readings from a file", provider="a file")
    kind = channel.fuel
    warnings = [w for w in before.warnings if w.fuel != kind]
    gas_unit = before.gas_unit
    if kind == "gas":
        stated = channel.unit if channel.unit == "m3" or "heading" in channel.report.conventions.unit_reason else None
        kwh, gas_unit, more = gas.decide(channel.series, stated)
        warnings.extend(LoadWarning("gas", "gas_unit", m) for m in more)
        series["gas"] = kwh
    elif channel.unit == "m3":
        raise ImportFailure(f"This file gives {FUEL_LABELS[kind].lower()} in cubic metres, which only gas uses. "
                            "Choose “gas” for this file.")
    else:
        series[kind] = channel.series
    aside = {f: a for f, a in before.faulty.items() if f != kind}
    faults, _ = faulty.set_aside(channel)  # its sentence is among the report's warnings below
    if faults is not None:
        aside[kind] = faults
    warnings.extend(LoadWarning(kind, "file", f"{FUEL_LABELS[kind]}: {w}") for w in channel.report.warnings)
    facts = replace(before, imports={**before.imports, kind: channel.report},
                    files={**before.files, kind: display_name(name)},
                    gas_unit=gas_unit, warnings=tuple(warnings), faulty=aside)
    return Household("file", series, region=base.region if base else None, facts=facts)
