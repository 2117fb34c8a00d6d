"""Price a series under a tariff, half-hour by half-hour.

One function prices anything: any series (import, export, gas) under a
:class:`~pyruntime.pricing.tariff.Tariff` or a
:class:`~pyruntime.pricing.history.TariffHistory`. A half-hour with no
reading or no rate has no cost; it is never priced from a neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..timeseries.londontime import HALF_HOUR
from ..timeseries.series import Series
from .history import Pricing

NO_READING = "no reading"
NO_RATE = "no rate"
NO_READING_NO_RATE = "no reading and no rate"


@dataclass(frozen=True, slots=True)
class HalfHourCosts:
    """Energy cost of each half-hour from ``start``.

    Attributes
    ----------
    fuel : the series' fuel; for ``export`` costs are revenue.
    start : first half-hour [s, UTC].
    kwh : energy [kWh]; ``None`` = no reading.
    rates : unit rate [p/kWh exc VAT]; ``None`` = no rate known.
    costs : ``kwh × rate`` [p exc VAT]; ``None`` where either is missing.
    vat_rate : VAT to add to costs [-].
    """

    fuel: str
    start: int
    kwh: tuple[float | None, ...]
    rates: tuple[float | None, ...]
    costs: tuple[float | None, ...]
    vat_rate: float

    @property
    def end(self) -> int:
        return self.start + HALF_HOUR * len(self.kwh)

    @property
    def missing_readings(self) -> int:
        """Half-hours with no reading [-]."""
        return self.kwh.count(None)

    @property
    def missing_rates(self) -> int:
        """Half-hours that have a reading but no rate [-]."""
        return sum(1 for q, r in zip(self.kwh, self.rates, strict=True) if q is not None and r is None)

    def why_missing(self, i: int) -> str | None:
        """Why half-hour ``i`` has no cost: :data:`NO_READING`, :data:`NO_RATE`, both, or ``None``."""
        q, r = self.kwh[i] is None, self.rates[i] is None
        if q and r:
            return NO_READING_NO_RATE
        return NO_READING if q else NO_RATE if r else None

    def cost_inc_vat(self, i: int) -> float | None:
        """Half-hour ``i``'s cost with VAT [p]."""
        c = self.costs[i]
        return None if c is None else c * (1 + self.vat_rate)


def price_series(series: Series, pricing: Pricing, start: int | None = None, end: int | None = None) -> HalfHourCosts:
    """Cost of each half-hour of ``series`` in ``[start, end)`` (default: the whole series) [p exc VAT].

    The tariff must be for the series' fuel: gas tariffs price gas, export
    tariffs price export.
    """
    if pricing.fuel != series.fuel:
        raise ValueError(f"a {pricing.fuel} tariff cannot price {series.fuel} data")
    start = series.start if start is None else start
    end = series.end if end is None else end
    count = (end - start) // HALF_HOUR
    kwh = series.window(start, end)
    rates = pricing.unit_rates(start, count)
    costs = [None if q is None or r is None else q * r for q, r in zip(kwh, rates, strict=True)]
    return HalfHourCosts(series.fuel, start, tuple(kwh), tuple(rates), tuple(costs), pricing.vat_rate)
