"""Gas in cubic metres or kWh: detect which, convert, and say what was done.

SMETS2 gas meters report volume [m³]; SMETS1 meters report energy [kWh];
the Octopus API does not say which. Every conversion returns a record of
what was done so the page can show it: nothing here converts silently.

kWh = m³ × 1.02264 (volume correction) × calorific value [MJ/m³] ÷ 3.6 [MJ/kWh]
(the Gas (Calculation of Thermal Energy) Regulations).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..timeseries.aggregate import daily_totals, series_days
from ..timeseries.series import Series

VOLUME_CORRECTION = 1.02264  # [-] temperature and pressure correction to standard conditions
DEFAULT_CALORIFIC_VALUE = 39.5  # [MJ/m³] typical GB gas; bills quote 38.5–40.5
MJ_PER_KWH = 3.6  # [MJ/kWh]

# A home's busiest gas days: roughly 30–150 kWh (about 3–14 m³). We look at the
# 95th-percentile day so one odd reading cannot decide the unit.
_M3_BELOW = 20.0  # [unit/day] a busy day under this is almost surely m³
_KWH_ABOVE = 35.0  # [unit/day] a busy day over this is almost surely kWh


def kwh_per_m3(calorific_value: float = DEFAULT_CALORIFIC_VALUE) -> float:
    """Energy in one cubic metre of gas [kWh/m³] for ``calorific_value`` [MJ/m³]."""
    if not 30.0 <= calorific_value <= 50.0:
        raise ValueError(
            "the calorific value should be between 30 and 50 MJ/m³ (your bill shows it, usually about 39.5)"
        )
    return VOLUME_CORRECTION * calorific_value / MJ_PER_KWH


@dataclass(frozen=True, slots=True)
class GasUnitGuess:
    """Which unit a gas series is probably in.

    unit : ``"m3"`` or ``"kWh"``.
    confident : False when the magnitude fits both (summer-only data, a small flat).
    busy_day : the 95th-percentile daily total, in the series' own unit [unit/day].
    reason : one sentence for the page.
    """

    unit: str
    confident: bool
    busy_day: float
    reason: str

    def to_json(self) -> dict:
        return {"unit": self.unit, "confident": self.confident, "busy_day": self.busy_day, "reason": self.reason}


def detect_gas_unit(series: Series) -> GasUnitGuess:
    """Guess m³ vs kWh from the size of the busier complete days."""
    days = series_days(series)
    totals = sorted(d.kwh for d in daily_totals(series, *days) if d.complete) if days else []
    if not totals:
        return GasUnitGuess(
            "kWh", False, 0.0, "There is not a single complete day of gas readings to judge the unit by."
        )
    busy = totals[min(len(totals) - 1, (len(totals) * 95) // 100)]
    shown = f"{busy:.1f}"
    if busy < _M3_BELOW:
        confident = busy >= 1.0 or len(totals) >= 60
        return GasUnitGuess(
            "m3",
            confident,
            busy,
            f"Your busier days use about {shown} units of gas. That is typical of cubic metres (m³), as SMETS2 "
            "meters report, and far too little for kWh in most homes.",
        )
    if busy > _KWH_ABOVE:
        return GasUnitGuess(
            "kWh",
            True,
            busy,
            f"Your busier days use about {shown} units of gas. That is typical of kWh, as SMETS1 meters report; "
            "in cubic metres it would be an enormous amount.",
        )
    return GasUnitGuess(
        "kWh" if busy >= 27.5 else "m3",
        False,
        busy,
        f"Your busier days use about {shown} units of gas, which could be either kWh or m³. Check a gas bill: "
        "it shows whether your meter reads in cubic metres.",
    )


@dataclass(frozen=True, slots=True)
class GasConversion:
    """A gas series in kWh and the record of how it got there."""

    series: Series
    from_unit: str
    calorific_value: float | None
    factor: float
    description: str

    def to_json(self) -> dict:
        return {
            "from_unit": self.from_unit,
            "calorific_value": self.calorific_value,
            "volume_correction": VOLUME_CORRECTION if self.from_unit == "m3" else None,
            "factor": self.factor,
            "description": self.description,
        }


def to_kwh(series: Series, unit: str, calorific_value: float = DEFAULT_CALORIFIC_VALUE) -> GasConversion:
    """Gas ``series`` in ``unit`` (``"m3"`` or ``"kWh"``) as kWh per half-hour, with the record."""
    if unit == "kWh":
        return GasConversion(series, "kWh", None, 1.0, "The gas readings were already in kWh; no conversion.")
    if unit != "m3":
        raise ValueError(f"unknown gas unit {unit!r}; expected 'm3' or 'kWh'")
    factor = kwh_per_m3(calorific_value)
    values = tuple(None if v is None else v * factor for v in series.values)
    return GasConversion(
        Series(series.fuel, series.start, values),
        "m3",
        calorific_value,
        factor,
        f"Converted from cubic metres: kWh = m³ × {VOLUME_CORRECTION} (volume correction) × "
        f"{calorific_value:g} MJ/m³ (calorific value) ÷ {MJ_PER_KWH:g} = m³ × {factor:.4f}.",
    )
