"""Loading a household's own data: from a provider's API or a dropped file, to a :class:`Household`.

One module per way in (:mod:`.octopus`, :mod:`.glowmarkt`, :mod:`.files`),
plus the gas unit decision (:mod:`.gas`) and the device snapshot
(:mod:`.snapshot`). Each loader hands back a complete household or raises;
the session swaps it in whole, so a report never sees half-loaded data.

Credentials are parameters of the loader calls and nothing more: they are
never stored on the household, in ``meta``, in a warning or in a message.

``Household.meta`` for loaded data (every value is plain JSON)::

    {
      "label": "Your Octopus Energy readings",          # shown on the page
      "provider": "Octopus Energy" | "Glowmarkt (Bright)" | "a file",
      "tariffs": {                                       # Octopus only: the tariff history per fuel,
        "electricity": [                                 # oldest first, as the account lists it
          {"tariff_code": "E-1R-AGILE-FLEX-22-11-25-C",
           "product_code": "AGILE-FLEX-22-11-25",
           "region": "C",                                # GSP group letter, or None
           "valid_from": "2023-03-31T23:00:00Z",         # ISO 8601 UTC, or None
           "valid_to": None},                            # None = still in force
        ],
        "export": [...], "gas": [...]},
      "imports": {fuel: ImportReport.to_json()},         # duplicates, sentinels, gaps, conventions
      "stitch": {fuel: StitchReport.to_json()},          # Octopus: replaced meters joined
      "gas_unit": {                                      # only when there is gas (see .gas)
        "unit": "m3" | "kWh",                            # what the readings are taken to be in
        "decided_by": "detected" | "file" | "you",
        "detected": GasUnitGuess.to_json(),
        "calorific_value": 39.5,                         # [MJ/m³]
        "factor": 11.2209,                               # [kWh per unit read]
        "description": "Converted from cubic metres: ..."},
      "warnings": [{"fuel": fuel | None, "kind": str,    # ProviderError kinds, or "partial_history"
                    "message": str, "missing_months": ["2023-07", ...]}],
      "files": {fuel: "sanitised file name"},            # file loads only
    }
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..series import FUEL_LABELS

__all__ = ["months_phrase", "progress_label"]


def months_phrase(months: Sequence[str]) -> str:
    """``["2023-07", "2023-08"]`` → ``"July 2023, August 2023"``; long runs are shortened."""
    names = [dt.date(int(m[:4]), int(m[5:7]), 1).strftime("%B %Y") for m in months]
    if len(names) <= 3:
        return ", ".join(names)
    return f"{names[0]} to {names[-1]} ({len(names)} months)"


def progress_label(fuel: str, loaded: int, suffix: str = "") -> str:
    """``"Gas: 12,480 half-hours loaded"``."""
    return f"{FUEL_LABELS[fuel]}{suffix}: {loaded:,} half-hours loaded"
