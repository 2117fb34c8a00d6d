"""A user's own meter-data files: read any supported layout into half-hourly series, in the browser.

Public entry points: :func:`import_file`, :func:`sniff_csv`, :class:`ColumnMapping`.
Every refusal is an :class:`ImportFailure` whose message a user can act on.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..timeseries.series import FUELS

if TYPE_CHECKING:
    from .csvfile import ColumnMapping, MappingSuggestions
    from .model import Channel, ImportResult

_NAMES = {
    "ColumnMapping": "csvfile", "MappingSuggestions": "csvfile", "NeedsMapping": "csvfile",
    "NeedsTimezone": "csvfile", "Channel": "model", "ImportReport": "model", "ImportResult": "model",
    "MAX_BYTES": "text", "ImportFailure": "text",
}
"""The public names defined in this package's modules, by module. They are imported when first used
(:func:`__getattr__`): the first report imports only this package's small modules (``model``, ``safejson``),
not the readers, which wait for a dropped file."""


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "MAX_BYTES",
    "Channel",
    "ColumnMapping",
    "ImportFailure",
    "ImportReport",
    "ImportResult",
    "MappingSuggestions",
    "NeedsMapping",
    "NeedsTimezone",
    "import_file",
    "sniff_csv",
]


def import_file(data: bytes | str, *, fuel: str | None = None, mapping: ColumnMapping | None = None,
                timezone: str | None = None, name: str = "") -> ImportResult:
    """Read one dropped file.

    Parameters
    ----------
    data : the file's bytes (preferred: the encoding is detected) or text.
    fuel : what the user says the file holds (``"electricity"``, ``"gas"``,
        ``"export"``); a file that says otherwise wins, with a warning.
    mapping : the user's column choices for a CSV we did not recognise.
    timezone : the user's answer to :class:`NeedsTimezone` (``"Europe/London"`` or ``"UTC"``).
    name : the file's name. When neither the file nor ``fuel`` says which meter, a name that names
        one (``electricity_export_2024-03.csv``) decides, with a note saying so; it is also the
        meter the column-mapping step proposes.

    Raises
    ------
    ImportFailure
        With a plain-words message; :class:`NeedsMapping` when the user must
        map columns (its ``suggestions`` come from :func:`sniff_csv`);
        :class:`NeedsTimezone` when only the user can say how to read the times.
    """
    from dataclasses import replace

    from .csvfile import NeedsMapping, read_csv
    from .filename import fuel_from_name_note, fuel_in_name
    from .jsonfile import looks_like_json, read_json
    from .model import FUEL_NOT_SAID, ImportResult
    from .text import ImportFailure, decode

    if fuel is not None and fuel not in FUELS:
        raise ImportFailure("Choose what the readings are: electricity import, electricity export or gas.")
    text, encoding = decode(data)
    named = fuel_in_name(name) if fuel is None else None

    # The file is read once: a file that names no meter is read as the one its name names (the fuel decides
    # the limits on a reading, not only a label), and FUEL_NOT_SAID among its warnings says it was a guess.
    unsaid = named[0] if named is not None else None
    try:
        if mapping is None and looks_like_json(text):
            channel = read_json(text, encoding=encoding, fuel=fuel, unsaid=unsaid)
        else:
            channel = read_csv(text, encoding=encoding, fuel=fuel, mapping=mapping, timezone=timezone, unsaid=unsaid)
    except NeedsMapping as needs:
        if named is not None and needs.suggestions.suggested.fuel is None and not needs.suggestions.price_columns:
            s = needs.suggestions
            needs.suggestions = replace(s, suggested=replace(s.suggested, fuel=named[0]),
                                        reasons=(*s.reasons, f"the file name says “{named[1]}”"))
        raise
    if named is not None and FUEL_NOT_SAID in channel.report.warnings:
        said = tuple(w for w in channel.report.warnings if w != FUEL_NOT_SAID)
        note = fuel_from_name_note(name, *named)
        channel = replace(channel, report=replace(channel.report, warnings=(note, *said)))
    return ImportResult((channel,))


def sniff_csv(data: bytes | str) -> MappingSuggestions:
    """Headings, a sanitised preview of the first rows, and guessed columns (0-based) for the mapping step."""
    from .csvfile import read_table, sniff_table
    from .text import decode

    text, _ = decode(data)
    table = read_table(text)
    return sniff_table(table.header, table.rows)
