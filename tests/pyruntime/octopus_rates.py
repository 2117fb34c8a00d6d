"""Tariffs from raw Octopus API rate rows, for recorded API responses in the pricing tests.

The site prices from its own feed files (:mod:`pyruntime.pricing.feed`);
these build the same :class:`~pyruntime.pricing.Tariff` straight from the
rows a recorded Octopus API reply holds, so golden tests can check our
bills against Octopus's own figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from pyruntime.pricing.economy7 import DEFAULT_NIGHT, NightWindow, TwoRegisterRates
from pyruntime.pricing.tariff import ArrayRates, StandingCharge, Tariff, default_vat
from pyruntime.timeseries.isotime import parse_instant
from pyruntime.timeseries.londontime import HALF_HOUR


def tariff_from_octopus_rates(
    code: str,
    fuel: str,
    unit_rates: Iterable[Mapping],
    standing_charges: Iterable[Mapping] = (),
    *,
    start: int,
    end: int,
    name: str | None = None,
    payment_method: str = "DIRECT_DEBIT",
) -> Tariff:
    """A tariff from raw Octopus API rows (``value_exc_vat``, ``valid_from``, ``valid_to``), for ``[start, end)``.

    Rows for another payment method are skipped (``null`` counts as any).
    Each half-hour takes the row whose validity contains it; half-hours no
    row covers stay unknown. Used for recorded API responses and tests.
    """
    count = (end - start) // HALF_HOUR
    values: list[float | None] = [None] * count
    for row in unit_rates:
        if row.get("payment_method") not in (None, payment_method):
            continue
        a = max(start, parse_instant(row["valid_from"]))
        b = end if row.get("valid_to") is None else min(end, parse_instant(row["valid_to"]))
        for t in range(a, b, HALF_HOUR):
            values[(t - start) // HALF_HOUR] = row["value_exc_vat"]
    charges = [
        StandingCharge(
            row["value_exc_vat"], parse_instant(row["valid_from"]),
            None if row.get("valid_to") is None else parse_instant(row["valid_to"]),
        )
        for row in standing_charges
        if row.get("payment_method") in (None, payment_method)
    ]
    charges.sort(key=lambda c: c.valid_from or 0)
    return Tariff(
        code=code, name=name or code, fuel=fuel, rates=ArrayRates(start, tuple(values)),
        standing_charges=tuple(charges), vat_rate=default_vat(fuel), source="feed",
        product_code=code[5:-2] if code[:2] in ("E-", "G-") else None,
        region=code[-1] if code[:2] in ("E-", "G-") else None,
    )


def economy7_from_octopus_rates(
    code: str,
    day_unit_rates: Iterable[Mapping],
    night_unit_rates: Iterable[Mapping],
    standing_charges: Iterable[Mapping] = (),
    *,
    start: int,
    end: int,
    night_window: NightWindow = DEFAULT_NIGHT,
    name: str | None = None,
    payment_method: str = "DIRECT_DEBIT",
) -> Tariff:
    """An Economy 7 tariff from raw API ``day-unit-rates`` and ``night-unit-rates`` rows, for ``[start, end)``."""
    day = tariff_from_octopus_rates(code, "electricity", day_unit_rates, standing_charges, start=start, end=end,
                                    name=name, payment_method=payment_method)
    night = tariff_from_octopus_rates(code, "electricity", night_unit_rates, start=start, end=end,
                                      payment_method=payment_method)
    return replace(day, rates=TwoRegisterRates(day.rates, night.rates, night_window))
