"""What we know about a household besides its readings, as frozen dataclasses.

Loaders build a :class:`HouseholdFacts` once, from the provider's account,
the importer's reports and the gas unit decision; reports read its fields.
Nothing here is JSON: the remembered copy on the device converts at its own
edge (:mod:`pyruntime.household.stored`), the page's summary at the bridge.
Never a credential.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..fileformats.model import ImportReport
from .gas_units import GasUnitGuess

REGIONS = frozenset("ABCDEFGHJKLMNP")
_TARIFF = re.compile(r"^[EG]-[12]R-.+-([A-Z])$")


@dataclass(frozen=True, slots=True)
class TariffAgreement:
    """A tariff a meter point was on from ``valid_from`` until ``valid_to`` (``None`` = open) [s, UTC].

    payment_method : e.g. ``"DIRECT_DEBIT"`` when the source says; ``None`` when
        unknown (the Octopus account lists agreements without it).
    """

    tariff_code: str
    valid_from: int | None
    valid_to: int | None
    payment_method: str | None = None

    @property
    def product_code(self) -> str:
        """``E-1R-AGILE-24-10-01-C`` → ``AGILE-24-10-01``."""
        return self.tariff_code[5:-2]

    @property
    def region(self) -> str | None:
        """The GSP group letter the tariff code ends with, or ``None``."""
        m = _TARIFF.match(self.tariff_code)
        return m.group(1) if m and m.group(1) in REGIONS else None


@dataclass(frozen=True, slots=True)
class Meter:
    """One meter point: which series it feeds and how it is identified.

    fuel : the series it feeds, ``"electricity"`` (import), ``"export"`` or ``"gas"``.
    mpxn : the MPAN (electricity) or MPRN (gas), when the source gives it.
    serials : meter serial numbers, current and replaced, in the source's order.
    region : GSP group letter from its tariffs, when known.
    how_known : for electricity, how we know it is import or export.
    """

    fuel: str
    mpxn: str | None = None
    serials: tuple[str, ...] = ()
    region: str | None = None
    how_known: str = ""

    @property
    def direction(self) -> str:
        """``"export"`` for a generation meter, ``"import"`` otherwise."""
        return "export" if self.fuel == "export" else "import"


@dataclass(frozen=True, slots=True)
class StitchReport:
    """How several meters' histories on one meter point were joined.

    ``overlaps`` counts half-hours more than one meter reported;
    ``disagreements`` those where the values differed.
    """

    serials_used: tuple[str, ...]
    overlaps: int
    disagreements: int
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GasUnit:
    """The unit gas readings are taken to be in, who decided, and the conversion to kWh.

    unit : ``"m3"`` or ``"kWh"``, as read.
    decided_by : ``"detected"`` (magnitude), ``"file"`` (its header) or ``"you"``.
    calorific_value : [MJ/m³]; factor : [kWh per unit read].
    """

    unit: str
    decided_by: str
    detected: GasUnitGuess
    calorific_value: float
    factor: float
    description: str


@dataclass(frozen=True, slots=True)
class SetAside:
    """Readings of one fuel set aside as meter faults (see :mod:`pyruntime.household.faulty`).

    unit : ``"kWh"`` or ``"m3"``, as read; total : their sum in that unit.
    readings : ``(start [s, UTC], value in unit)``, oldest first.
    """

    unit: str
    total: float
    rule: str
    readings: tuple[tuple[int, float], ...]

    @property
    def count(self) -> int:
        return len(self.readings)


@dataclass(frozen=True, slots=True)
class LoadWarning:
    """Something the page says about the data loaded (a provider failure, a partial history, a unit doubt).

    fuel : the fuel it is about, or ``None`` for all.
    kind : a :class:`~pyruntime.providers.errors.ProviderError` kind, ``"partial_history"``,
        ``"no_data"``, ``"skipped"`` (rows that were no reading, left as gaps), ``"gas_unit"``, ``"faulty"``,
        ``"error_codes"`` (meter error codes dropped from a provider's readings, gaps now), ``"file"``, or what the
        last file load did: ``"combined"`` (added to the readings of its fuel) or ``"replaced"`` (could not be).
    missing_months : ``"YYYY-MM"`` never fetched; missing_until : the history is padded with gaps to here [s, UTC].
    """

    fuel: str | None
    kind: str
    message: str
    missing_months: tuple[str, ...] = ()
    missing_until: int | None = None


@dataclass(frozen=True, slots=True)
class FileImport:
    """What the importer did to one file: its name as shown and its own report (not the combined series')."""

    name: str
    report: ImportReport


@dataclass(frozen=True)
class HouseholdFacts:
    """Source-specific facts for the summary, the assumptions and the data-quality view.

    label : shown on the page; provider : ``"Octopus Energy"``, ``"Glowmarkt (Bright)"``, ``"a file"``.
    meters : the meter points read (Octopus), empty when the source does not say.
    tariffs : the tariff history per fuel, oldest first (Octopus only).
    imports : per fuel, what the importer did (layout, time convention, unit, rows read and dropped).
    stitch : per fuel, how replaced meters were joined (Octopus).
    files : per fuel, the file name as shown (file loads only).
    file_imports : per fuel, each file whose readings the series holds, in load order, with what the importer
        did to it; ``imports`` holds the last one's report (with the supplier's figures of all of them).
    faulty : per fuel, readings set aside as meter faults; faulty_included : the user put them back.
    """

    label: str = ""
    provider: str = ""
    meters: tuple[Meter, ...] = ()
    tariffs: Mapping[str, tuple[TariffAgreement, ...]] = field(default_factory=dict)
    imports: Mapping[str, ImportReport] = field(default_factory=dict)
    stitch: Mapping[str, StitchReport] = field(default_factory=dict)
    gas_unit: GasUnit | None = None
    warnings: tuple[LoadWarning, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)
    file_imports: Mapping[str, tuple[FileImport, ...]] = field(default_factory=dict)
    faulty: Mapping[str, SetAside] = field(default_factory=dict)
    faulty_included: bool = False

    def warnings_for(self, fuel: str) -> list[LoadWarning]:
        """The warnings about ``fuel`` and those about every fuel."""
        return [w for w in self.warnings if w.fuel in (fuel, None)]
