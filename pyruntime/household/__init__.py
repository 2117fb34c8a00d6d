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
from functools import cached_property

from ..timeseries.series import FUELS, Series
from .demo import demo_household
from .facts import HouseholdFacts


@dataclass(frozen=True, eq=False)
class Household:
    """One household's readings and what we know about them.

    series : kWh per half-hour, by fuel (see :data:`pyruntime.timeseries.series.FUELS`).
    source : ``"demo"``, ``"octopus"``, ``"glowmarkt"`` or ``"file"``.
    region : GSP group letter ``A``..``P`` when known (from the tariff code or the user).
    facts : source-specific facts for the summary, assumptions and quality views
        (meters, tariff agreements, import reports, gas unit decision). Never credentials.

    Frozen: loaders build a new household rather than change one, so what is
    derived from it (its fuels, its copy with faulty readings put back) is
    worked out once and cannot go stale.
    """

    source: str
    series: dict[str, Series]
    region: str | None = None
    facts: HouseholdFacts = field(default_factory=HouseholdFacts)

    def fuels(self) -> list[str]:
        """Fuels with at least one reading, in :data:`FUELS` order (every report asks)."""
        return list(self._fuels)

    @cached_property
    def _fuels(self) -> tuple[str, ...]:
        # Counting three years of half-hours for every report adds up, so once per household.
        return tuple(f for f in FUELS if f in self.series and self.series[f].present)

    @cached_property
    def with_faulty(self) -> Household:
        """This household with its faulty readings put back (see :func:`.faulty.including`)."""
        from .faulty import put_back  # faulty builds households: imported here, not at the top, to avoid a cycle
        return put_back(self)


def demo() -> Household:
    """The demo household; region C (London) so it can be costed from the sample feeds."""
    return Household("demo", demo_household(), region="C",
                     facts=HouseholdFacts(label="Demo household (synthesised, 2023)"))
