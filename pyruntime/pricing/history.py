"""A tariff history: which tariff was in force when.

A household's real bill comes from a chain of agreements (Agile 2022 until
a switch, then Flexible, ...), and a fair comparison prices "Agile" with the
version on sale on each day, not today's version. Both are a
:class:`TariffHistory`: agreements that do not overlap, each a
:class:`~pyruntime.pricing.tariff.Tariff` with the instants it covers. It
answers the same questions as a tariff, so pricing takes either.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..timeseries.londontime import HALF_HOUR, isoformat_utc
from .tariff import Tariff


@dataclass(frozen=True, slots=True)
class Agreement:
    """``tariff`` applies to instants in ``[valid_from, valid_to)`` [s, UTC]; ``None`` is unbounded."""

    tariff: Tariff
    valid_from: int | None = None
    valid_to: int | None = None

    def covers(self, t: int) -> bool:
        return (self.valid_from is None or self.valid_from <= t) and (self.valid_to is None or t < self.valid_to)


@dataclass(frozen=True, slots=True)
class TariffHistory:
    """Agreements in time order, one fuel, one VAT rate.

    Half-hours and days outside every agreement have no rate: they are
    reported as missing, never priced with a neighbour's tariff.
    """

    agreements: tuple[Agreement, ...]
    code: str = "history"
    name: str = "Your tariffs"

    def __post_init__(self) -> None:
        if not self.agreements:
            raise ValueError("a tariff history needs at least one agreement")
        fuels = {a.tariff.fuel for a in self.agreements}
        if len(fuels) != 1:
            raise ValueError(f"a tariff history must be for one fuel, not {', '.join(sorted(fuels))}")
        vats = {a.tariff.vat_rate for a in self.agreements}
        if len(vats) != 1:
            raise ValueError("all agreements in a tariff history must carry the same VAT rate")
        prev: Agreement | None = None
        for a in self.agreements:
            if a.valid_from is not None and a.valid_to is not None and a.valid_to <= a.valid_from:
                raise ValueError(f"agreement for {a.tariff.code} ends before it starts")
            if prev is not None and (prev.valid_to is None or a.valid_from is None or a.valid_from < prev.valid_to):
                raise ValueError(
                    f"agreements for {prev.tariff.code} and {a.tariff.code} overlap; "
                    "give them in time order without overlaps"
                )
            prev = a

    @property
    def fuel(self) -> str:
        return self.agreements[0].tariff.fuel

    @property
    def vat_rate(self) -> float:
        return self.agreements[0].tariff.vat_rate

    @property
    def direction(self) -> str:
        return self.agreements[0].tariff.direction

    def tariff_at(self, t: int) -> Tariff | None:
        for a in self.agreements:
            if a.covers(t):
                return a.tariff
        return None

    def segments(self, start: int, end: int) -> tuple[tuple[int, int, Tariff], ...]:
        """``(lo, hi, tariff)`` runs of half-hours in ``[start, end)`` covered by an agreement."""
        out = []
        for a in self.agreements:
            lo = start if a.valid_from is None else max(start, _ceil_hh(a.valid_from))
            hi = end if a.valid_to is None else min(end, _ceil_hh(a.valid_to))
            if lo < hi:
                out.append((lo, hi, a.tariff))
        return tuple(out)

    def unit_rates(self, start: int, count: int) -> list[float | None]:
        """Unit rate of each half-hour from the agreement in force [p/kWh exc VAT]; ``None`` outside agreements."""
        out: list[float | None] = [None] * count
        for lo, hi, tariff in self.segments(start, start + count * HALF_HOUR):
            i = (lo - start) // HALF_HOUR
            n = (hi - lo) // HALF_HOUR
            out[i : i + n] = tariff.unit_rates(lo, n)
        return out

    def band_labels(self, start: int, count: int) -> list[str | None] | None:
        """Price band of each half-hour, or ``None`` if any agreement in the window is not banded."""
        out: list[str | None] = [None] * count
        for lo, hi, tariff in self.segments(start, start + count * HALF_HOUR):
            i = (lo - start) // HALF_HOUR
            n = (hi - lo) // HALF_HOUR
            labels = tariff.band_labels(lo, n)
            if labels is None:
                return None
            out[i : i + n] = labels
        return out

    def standing_charge_at(self, t: int) -> float | None:
        """Standing charge of the agreement in force at ``t`` [p/day exc VAT]; ``None`` when unknown."""
        tariff = self.tariff_at(t)
        return None if tariff is None else tariff.standing_charge_at(t)

    def describe(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "fuel": self.fuel,
            "vat_rate": self.vat_rate,
            "agreements": [
                {
                    **a.tariff.describe(),
                    "agreement_from": None if a.valid_from is None else isoformat_utc(a.valid_from),
                    "agreement_to": None if a.valid_to is None else isoformat_utc(a.valid_to),
                }
                for a in self.agreements
            ],
        }


Pricing = Tariff | TariffHistory
"""Anything that can price a series: one tariff, or a history of them."""


def segments(pricing: Pricing, start: int, end: int) -> tuple[tuple[int, int, Tariff], ...]:
    """Runs of ``[start, end)`` and the single tariff pricing each."""
    if isinstance(pricing, TariffHistory):
        return pricing.segments(start, end)
    return ((start, end, pricing),) if start < end else ()


def _ceil_hh(t: int) -> int:
    return -(-t // HALF_HOUR) * HALF_HOUR
