"""The assembled household: every fuel's half-hourly series and what we know about them.

Loaders (:mod:`pyruntime.providers`, :mod:`pyruntime.fileformats.loader`,
the :mod:`.demo`, a :mod:`.snapshot`) each build a complete household; the
session swaps it in whole, so a report never sees half-loaded data.

What we know besides the readings (label, meters, tariff history, import
reports, gas unit decision, warnings, faulty readings) is a typed
:class:`~.facts.HouseholdFacts`; the remembered copy converts it at its own
edge (:mod:`.stored`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..timeseries.series import FUELS, Series
from .demo import demo_household
from .facts import HouseholdFacts


@dataclass
class Household:
    """One household's readings and what we know about them.

    series : kWh per half-hour, by fuel (see :data:`pyruntime.timeseries.series.FUELS`).
    source : ``"demo"``, ``"octopus"``, ``"glowmarkt"`` or ``"file"``.
    region : GSP group letter ``A``..``P`` when known (from the tariff code or the user).
    facts : source-specific facts for the summary, assumptions and quality views
        (meters, tariff agreements, import reports, gas unit decision). Never credentials.
    """

    source: str
    series: dict[str, Series]
    region: str | None = None
    facts: HouseholdFacts = field(default_factory=HouseholdFacts)
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
    return Household("demo", demo_household(), region="C",
                     facts=HouseholdFacts(label="Demo household (synthesised, 2023)"))
