"""The assembled household: every fuel's half-hourly series and what we know about them.

Loaders (:mod:`pyruntime.providers`, :mod:`pyruntime.fileformats.loader`,
the :mod:`.demo`, a :mod:`.snapshot`) each build a complete household; the
session swaps it in whole, so a report never sees half-loaded data.

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
      "faulty": {fuel: {...}},                           # readings set aside as meter faults (see .faulty)
    }
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..timeseries.series import FUELS, Series
from .demo import demo_household


@dataclass
class Household:
    """One household's readings and what we know about them.

    series : kWh per half-hour, by fuel (see :data:`pyruntime.timeseries.series.FUELS`).
    source : ``"demo"``, ``"octopus"``, ``"glowmarkt"`` or ``"file"``.
    region : GSP group letter ``A``..``P`` when known (from the tariff code or the user).
    meta : source-specific facts for the assumptions and quality views
        (tariff agreements, import reports, gas unit decisions). Never credentials.
    """

    source: str
    series: dict[str, Series]
    region: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    _fuels: list[str] | None = field(default=None, init=False, repr=False, compare=False)
    # This household with its faulty readings put back (see pyruntime.household.faulty), built on demand.
    with_faulty: Household | None = field(default=None, init=False, repr=False, compare=False)

    def fuels(self) -> list[str]:
        """Fuels with at least one reading, in :data:`FUELS` order.

        Remembered after the first call: every report asks, and counting
        three years of half-hours each time adds up. A household is never
        changed in place (loaders build a new one), so this cannot go stale.
        """
        if self._fuels is None:
            self._fuels = [f for f in FUELS if f in self.series and self.series[f].present]
        return list(self._fuels)


def demo() -> Household:
    """The demo household; region C (London) so it can be costed from the sample feeds."""
    return Household("demo", demo_household(), region="C", meta={"label": "Demo household (synthesised, 2023)"})
