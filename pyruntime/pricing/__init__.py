"""The pricing engine: tariffs, half-hourly costs, bills.

Pure and synchronous, standard library only. See ``money.ROUNDING`` for how
money is added up and rounded.
"""

from __future__ import annotations

from .bill import Bill, EnergyLine, StandingLine, bill
from .hand import flat_tariff, tariff_from_spec, tou_tariff
from .history import Agreement, Pricing, TariffHistory
from .money import ROUNDING
from .price import HalfHourCosts, price_series
from .tariff import ArrayRates, FlatRate, StandingCharge, Tariff, TouRates
from .tou import TouError, TouSchedule, parse_tou_string, parse_tou_windows

__all__ = [
    "ROUNDING",
    "Agreement",
    "ArrayRates",
    "Bill",
    "EnergyLine",
    "FlatRate",
    "HalfHourCosts",
    "Pricing",
    "StandingCharge",
    "StandingLine",
    "Tariff",
    "TariffHistory",
    "TouError",
    "TouRates",
    "TouSchedule",
    "bill",
    "flat_tariff",
    "parse_tou_string",
    "parse_tou_windows",
    "price_series",
    "tariff_from_spec",
    "tou_tariff",
]
