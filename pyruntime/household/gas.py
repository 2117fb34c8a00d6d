"""The gas unit decision: detect m³ or kWh, convert to kWh, say so, and let the user change it.

Nothing here converts silently: every household with gas carries a
:class:`~.facts.GasUnit` (``facts.gas_unit``), which the page
shows beside the data with a control to change the unit or the calorific
value. The series stored on the household is always kWh; the readings as
received are recovered by dividing by ``factor`` (conversion is linear).
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..errors import BadInput, BadRequest
from ..household import Household
from ..timeseries.series import Series
from .facts import GasUnit
from .gas_units import DEFAULT_CALORIFIC_VALUE, detect_gas_unit, kwh_per_m3, to_kwh

UNITS = ("m3", "kWh")
UNIT_WORDS = {"m3": "cubic metres (m³)", "kWh": "kWh"}


def decide(raw: Series, stated_unit: str | None = None,
           calorific_value: float = DEFAULT_CALORIFIC_VALUE) -> tuple[Series, GasUnit, tuple[str, ...]]:
    """``(series in kWh, the unit decision, warnings)`` for gas ``raw`` as received.

    ``stated_unit`` is the unit a file names in its header; a provider's
    readings say nothing, so the magnitude decides.
    """
    guess = detect_gas_unit(raw)
    warnings = []
    if stated_unit in UNITS:
        unit, decided_by = stated_unit, "file"
        if guess.confident and guess.unit != stated_unit:
            warnings.append(
                f"Your file says the gas readings are in {UNIT_WORDS[stated_unit]}, but the amounts look like "
                f"{UNIT_WORDS[guess.unit]}. We used the file's unit; change it below the report if that is wrong."
            )
    else:
        unit, decided_by = guess.unit, "detected"
    conversion = to_kwh(raw, unit, calorific_value)
    decision = GasUnit(unit, decided_by, guess, calorific_value, conversion.factor, conversion.description)
    return conversion.series, decision, tuple(warnings)


def rechoose(household: Household, unit: str, calorific_value: float = DEFAULT_CALORIFIC_VALUE) -> Household:
    """The household with its gas re-read as ``unit`` at ``calorific_value`` [MJ/m³] (the user's choice)."""
    current = household.facts.gas_unit
    gas = household.series.get("gas")
    if current is None or gas is None:
        raise BadRequest("There are no gas readings to change the unit of.")
    if unit not in UNITS:
        raise BadInput("Choose cubic metres (m³) or kWh for the gas readings.")
    if not (isinstance(calorific_value, int | float) and math.isfinite(calorific_value)):
        raise BadInput("The calorific value must be a number, usually about 39.5 (your gas bill shows it).")
    kwh_per_m3(calorific_value)  # refuses values outside 30–50 MJ/m³ with a message
    old = current.factor
    raw = Series("gas", gas.start, tuple(None if v is None else v / old for v in gas.values))
    conversion = to_kwh(raw, unit, calorific_value)
    chosen = replace(current, unit=unit, decided_by="you", calorific_value=calorific_value,
                     factor=conversion.factor, description=conversion.description)
    return replace(household, series={**household.series, "gas": conversion.series},
                   facts=replace(household.facts, gas_unit=chosen))


def statement(g: GasUnit | None) -> str:
    """One sentence for the page: what unit the gas was read in, who decided, and what was done."""
    if g is None:
        return ""
    who = {
        "detected": "We think your gas meter reports " + UNIT_WORDS[g.unit] + ". " + g.detected.reason,
        "file": "Your file gives the gas readings in " + UNIT_WORDS[g.unit] + ".",
        "you": "You chose " + UNIT_WORDS[g.unit] + " for the gas readings.",
    }[g.decided_by]
    return f"{who} {g.description}"
