"""A compact, credential-free copy of the loaded household, for "remember my readings on this device".

The page stores the text in IndexedDB only when the user opts in, and hands
it back on a later visit. It holds the readings, the region and the
household's facts (meters, tariff history, import reports, gas unit
decision, warnings): never a credential, because none is ever kept on the
household.

Format (JSON)::

    {"v": 2, "source": "octopus" | "glowmarkt" | "file", "region": "C" | null,
     "meta": {...}, "series": {fuel: {"start": seconds UTC, "values": [kWh | null, ...]}}}

``meta`` is the facts' stored shape (:mod:`.stored`). Version 1 copies, made
before the facts were typed, hold the same shape without ``meters``; they
load as they are.
"""

from __future__ import annotations

import json
import math

from ..errors import BadInput, BadRequest
from ..household import Household
from ..timeseries.londontime import HALF_HOUR
from ..timeseries.series import FUELS, Series
from .stored import facts_from_plain, facts_to_plain

VERSION = 2
READABLE = (1, 2)  # versions a remembered copy may have been written in
SOURCES = ("octopus", "glowmarkt", "file")
MAX_HALF_HOURS = 20 * 366 * 48  # [half-hours] twenty years per fuel
MAX_CHARS = 60 * 1024 * 1024  # [characters]


class SnapshotError(BadInput):
    """The remembered copy cannot be used (damaged, or from an incompatible version)."""

    kind = "bad_snapshot"


_UNUSABLE = "The readings remembered on this device could not be read, so they were not used. Load your data again."


def export_snapshot(household: Household) -> str:
    """The household as snapshot text (demo households are not remembered: they need no saving)."""
    if household.source not in SOURCES:
        raise BadRequest("Only data you loaded yourself can be remembered.")
    doc = {
        "v": VERSION,
        "source": household.source,
        "region": household.region,
        "meta": facts_to_plain(household.facts),
        "series": {f: {"start": s.start, "values": list(s.values)} for f, s in household.series.items()},
    }
    return json.dumps(doc, separators=(",", ":"), allow_nan=False)


def import_snapshot(text: object) -> Household:
    """A household from snapshot text; raises :class:`SnapshotError` for anything unexpected."""
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        raise SnapshotError(_UNUSABLE)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise SnapshotError(_UNUSABLE) from None
    if not isinstance(doc, dict) or doc.get("v") not in READABLE or doc.get("source") not in SOURCES:
        raise SnapshotError(_UNUSABLE)
    region, meta, raw = doc.get("region"), doc.get("meta"), doc.get("series")
    if not (region is None or (isinstance(region, str) and len(region) == 1)):
        raise SnapshotError(_UNUSABLE)
    if not isinstance(meta, dict) or not isinstance(raw, dict) or not raw:
        raise SnapshotError(_UNUSABLE)
    series = {}
    for fuel, s in raw.items():
        if fuel not in FUELS or not isinstance(s, dict):
            raise SnapshotError(_UNUSABLE)
        start, values = s.get("start"), s.get("values")
        if not isinstance(start, int) or isinstance(start, bool) or start % HALF_HOUR:
            raise SnapshotError(_UNUSABLE)
        if not isinstance(values, list) or len(values) > MAX_HALF_HOURS:
            raise SnapshotError(_UNUSABLE)
        if not all(v is None or (type(v) in (int, float) and math.isfinite(v)) for v in values):
            raise SnapshotError(_UNUSABLE)
        series[fuel] = Series(fuel, start, tuple(None if v is None else float(v) for v in values))
    try:
        facts = facts_from_plain(meta)
    except (ValueError, KeyError, TypeError):
        raise SnapshotError(_UNUSABLE) from None
    return Household(doc["source"], series, region=region, facts=facts)
