"""The tariff model: unit rates per half-hour, standing charges per day, a VAT rule.

A :class:`Tariff` answers three questions for any run of half-hours: the
unit rate of each [p/kWh exc VAT] (``None`` where unknown), the price band
each falls in (for time-of-use tariffs), and the standing charge of a London
day [p/day exc VAT]. Rates come from a feed's half-hourly array, a
time-of-use schedule, or one flat rate; all three look the same to pricing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ..timeseries.londontime import HALF_HOUR, day_start, isoformat_utc, local_date
from ..timeseries.series import FUELS
from .slots import local_slots
from .tou import TouSchedule

DOMESTIC_VAT = 0.05
"""VAT on domestic electricity and gas in Great Britain (reduced rate) [-]."""

EXPORT_VAT = 0.0
"""Export payments to households carry no VAT [-]."""


def default_vat(fuel: str) -> float:
    """The VAT rule for ``fuel``: 5% on imports and gas, none on export [-]."""
    return EXPORT_VAT if fuel == "export" else DOMESTIC_VAT


@dataclass(frozen=True, slots=True)
class StandingCharge:
    """A daily standing charge and when it applies.

    ``valid_from``/``valid_to`` [s, UTC]: ``None`` means unbounded. A London
    day pays the charge in force at its local midnight.
    """

    p_per_day_exc_vat: float
    valid_from: int | None = None
    valid_to: int | None = None

    def applies_at(self, t: int) -> bool:
        return (self.valid_from is None or self.valid_from <= t) and (self.valid_to is None or t < self.valid_to)


@dataclass(frozen=True, slots=True)
class ArrayRates:
    """Unit rates from a feed: one value per half-hour from ``start`` [p/kWh exc VAT], ``None`` if unknown."""

    start: int
    values: tuple[float | None, ...]

    def window(self, start: int, count: int) -> list[float | None]:
        offset = (start - self.start) // HALF_HOUR
        out: list[float | None] = [None] * count
        lo, hi = max(0, -offset), min(count, len(self.values) - offset)
        if lo < hi:
            out[lo:hi] = self.values[offset + lo : offset + hi]
        return out


@dataclass(frozen=True, slots=True)
class TouRates:
    """Rates by London time of day: ``slot_price[s]`` for local slot ``s`` [p/kWh exc VAT]."""

    schedule: TouSchedule
    band_price: tuple[float, ...]  # per band [p/kWh exc VAT]

    def window(self, start: int, count: int) -> list[float | None]:
        price = [self.band_price[b] for b in self.schedule.slot_band]
        return [price[s] for s in local_slots(start, count)]


@dataclass(frozen=True, slots=True)
class FlatRate:
    """One unit rate at all times [p/kWh exc VAT]."""

    p_per_kwh: float

    def window(self, start: int, count: int) -> list[float | None]:
        return [self.p_per_kwh] * count


RateSource = ArrayRates | TouRates | FlatRate
"""Also ``pricing.economy7.TwoRegisterRates``: any object with ``window(start, count)`` and, if banded,
``band_labels(start, count)``."""


@dataclass(frozen=True, slots=True)
class Tariff:
    """One tariff (one product version, one region, one fuel).

    Attributes
    ----------
    code : the supplier's tariff code (``E-1R-AGILE-FLEX-22-11-25-C``) or a hand-entry key.
    name : what the user reads (``Agile Octopus November 2022 v1``).
    fuel : which series it prices: ``electricity`` (import), ``gas`` or ``export``.
    rates : where unit rates come from.
    standing_charges : daily charges by validity interval, in time order.
    vat_rate : VAT charged on the subtotal [-]; 0.05 domestic, 0 for export.
    product_code, region, version : which product version and region (for the assumptions panel).
    valid_from, valid_to : when this product version's rates exist [s, UTC]; ``None`` = unknown.
    source : ``feed`` or ``hand``.
    sample : rates are bundled sample data rather than a live feed.
    notes : facts for the assumptions panel (e.g. no non-direct-debit price published).
    payment : whose prices these are: ``direct_debit`` or ``non_direct_debit`` (:mod:`.payment`).
    """

    code: str
    name: str
    fuel: str
    rates: RateSource
    standing_charges: tuple[StandingCharge, ...] = ()
    vat_rate: float = DOMESTIC_VAT
    product_code: str | None = None
    region: str | None = None
    version: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    source: str = "hand"
    sample: bool = False
    notes: tuple[str, ...] = field(default=())
    payment: str = "direct_debit"

    def __post_init__(self) -> None:
        if self.fuel not in FUELS:
            raise ValueError(f"unknown fuel {self.fuel!r}; expected one of {', '.join(FUELS)}")
        if not 0 <= self.vat_rate < 1:
            raise ValueError(f"VAT rate {self.vat_rate} is not a fraction (5% is 0.05)")

    @property
    def direction(self) -> str:
        return "export" if self.fuel == "export" else "import"

    def unit_rates(self, start: int, count: int) -> list[float | None]:
        """Unit rate of each half-hour ``start + 1800 i`` [p/kWh exc VAT]; ``None`` where unknown."""
        return self.rates.window(start, count)

    def standing_charge_at(self, t: int) -> float | None:
        """Standing charge in force at instant ``t`` [p/day exc VAT]; ``None`` when unknown.

        Export tariffs have none: 0.
        """
        if self.fuel == "export" and not self.standing_charges:
            return 0.0
        for sc in self.standing_charges:
            if sc.applies_at(t):
                return sc.p_per_day_exc_vat
        return None

    def band_labels(self, start: int, count: int) -> Sequence[str | None] | None:
        """Price band of each half-hour (``"00:30–04:30"``, ``"off-peak"``), or ``None`` if not banded."""
        if isinstance(self.rates, FlatRate):
            return ["single rate"] * count
        own = getattr(self.rates, "band_labels", None)  # e.g. Economy 7 registers (pricing.economy7)
        if own is not None:
            return own(start, count)
        if isinstance(self.rates, TouRates):
            labels = self.rates.schedule.band_labels
            band = self.rates.schedule.slot_band
            return [labels[band[s]] for s in local_slots(start, count)]
        # Ranks are those of whole London days, so a window starting or ending mid-day (an agreement that
        # switches at noon) names Go's afternoon "peak" as on any other day, not the window's "single rate".
        if count <= 0:
            return []
        lo = day_start(local_date(start))
        hi = day_start(local_date(start + (count - 1) * HALF_HOUR) + dt.timedelta(days=1))
        n = (hi - lo) // HALF_HOUR
        ranked = rank_bands(self.unit_rates(lo, n), local_slots(lo, n))
        if ranked is None:
            return None
        i = (start - lo) // HALF_HOUR
        return ranked[i : i + count]

    def describe(self) -> dict:
        """What the assumptions panel shows for this tariff."""
        return {
            "code": self.code,
            "name": self.name,
            "fuel": self.fuel,
            "product_code": self.product_code,
            "region": self.region,
            "version": self.version,
            "valid_from": None if self.valid_from is None else isoformat_utc(self.valid_from),
            "valid_to": None if self.valid_to is None else isoformat_utc(self.valid_to),
            "vat_rate": self.vat_rate,
            "source": self.source,
            "sample": self.sample,
            "notes": list(self.notes),
            "payment": self.payment,
        }


_RANK_LABELS = {
    1: ("single rate",),
    2: ("off-peak", "peak"),
    3: ("off-peak", "standard", "peak"),
    4: ("off-peak", "low", "standard", "peak"),
}


def rank_bands(rates: Sequence[float | None], slots: tuple[int, ...]) -> tuple[str | None, ...] | None:
    """Name each half-hour's rate by its rank among its London day's distinct rates.

    Feed tariffs such as Go, Cosy or Flux publish plain half-hourly rates;
    within a day they take two to four values, so "off-peak" is the cheapest
    rate of that day even after a price change. More than four values on any
    day (Agile, Tracker days are one value) means the tariff is not banded.
    """
    out: list[str | None] = [None] * len(rates)
    # A London day starts where the local slot returns to 0 (midnight).
    starts = [i for i, s in enumerate(slots) if s == 0 and (i == 0 or slots[i - 1] != 0)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(rates)]
    for lo, hi in pairwise(bounds):
        distinct = sorted({r for r in rates[lo:hi] if r is not None})
        if len(distinct) > 4:
            return None
        if distinct:
            rank = dict(zip(distinct, _RANK_LABELS[len(distinct)], strict=True))
            for j in range(lo, hi):
                r = rates[j]
                if r is not None:
                    out[j] = rank[r]
    return tuple(out)
