"""Faulty readings on a household: kept aside on load, announced, and included only when the user asks.

Every loader (provider or file) calls :func:`set_aside` for each channel.
The readings the importer set aside (see :mod:`pyruntime.fileformats.faults`)
go into ``facts.faulty[fuel]`` (a :class:`~.facts.SetAside`) with a warning
saying how many and how much; the household's series never holds them, so
every total, cost, comparison and emission leaves them out. The URL setting
``faulty=include`` (:data:`PARAM`) makes :func:`including` rebuild the series
with them, so every figure changes consistently.

Gas read in m³ is converted with the household's current gas unit factor
when included, so a change of unit or calorific value carries through.
"""

from __future__ import annotations

from dataclasses import replace

from ..fileformats.model import Channel
from ..timeseries.londontime import HALF_HOUR
from ..timeseries.series import FUEL_LABELS, Series, series_from_readings
from ..wording import plural
from . import Household
from .facts import LoadWarning, SetAside

PARAM = "faulty"
INCLUDE = "include"


def set_aside(channel: Channel) -> tuple[SetAside | None, LoadWarning | None]:
    """``channel``'s faulty readings and the warning to show; ``(None, None)`` when there are none.

    File loads show every importer warning already; provider loads add the
    returned warning to theirs.
    """
    if not channel.faulty:
        return None, None
    report = channel.report
    aside = SetAside(channel.unit, report.faulty_total, report.faulty_rule,
                     tuple((t, float(v)) for t, v in channel.faulty))
    sentence = next((w for w in report.warnings if "treated as meter errors" in w), "")
    return aside, LoadWarning(channel.fuel, "faulty", f"{FUEL_LABELS[channel.fuel]}: {sentence}")


def readings(household: Household, fuel: str) -> tuple[tuple[int, float], ...]:
    """``fuel``'s set-aside readings ``(start [s, UTC], value as read)``, oldest first."""
    aside = household.facts.faulty.get(fuel)
    return tuple(aside.readings) if aside else ()


def unit_and_rule(household: Household, fuel: str) -> tuple[str, str]:
    """``("kWh" or "m³", the rule that set them aside)`` for ``fuel``'s faulty readings."""
    aside = household.facts.faulty.get(fuel)
    return ("m³" if aside and aside.unit == "m3" else "kWh"), (aside.rule if aside else "")


def count(household: Household, fuel: str | None = None) -> int:
    """Faulty readings set aside for ``fuel`` (or all fuels)."""
    return sum(len(readings(household, f)) for f in FUEL_LABELS if fuel in (None, f))


def kwh(household: Household, fuel: str) -> float:
    """Energy the faulty readings of ``fuel`` would add [kWh] (gas converted with the current unit)."""
    return sum(v for _, v in readings(household, fuel)) * _factor(household, fuel)


def _factor(household: Household, fuel: str) -> float:
    if fuel != "gas":
        return 1.0
    gas_unit = household.facts.gas_unit
    return gas_unit.factor if gas_unit is not None else 1.0


def including(household: Household) -> Household:
    """The household with its faulty readings put back into each series (the user chose to include them).

    The same household when there are none. Built once per household and
    remembered on it (:attr:`Household.with_faulty`): a household is never changed in place.
    """
    return household.with_faulty if count(household) else household


def put_back(household: Household) -> Household:
    """A new household whose series hold the faulty readings set aside from ``household``'s."""
    series = dict(household.series)
    for fuel in FUEL_LABELS:
        aside = readings(household, fuel)
        if not aside:
            continue
        factor = _factor(household, fuel)
        base = series.get(fuel)
        merged = {} if base is None else {
            base.start + HALF_HOUR * i: v for i, v in enumerate(base.values) if v is not None}
        for t, v in aside:
            merged.setdefault(t, v * factor)
        series[fuel] = series_from_readings(fuel, merged.items()) if merged else Series(fuel, 0, ())
    return Household(household.source, series, region=household.region,
                     facts=replace(household.facts, faulty_included=True))


def is_included(household: Household) -> bool:
    return household.facts.faulty_included


def assumption(household: Household, fuels: tuple[str, ...] | list[str]) -> tuple[str, str, bool] | None:
    """The assumptions panel's line about faulty readings of ``fuels``, or ``None`` when there are none."""
    parts = [f"{FUEL_LABELS[f].lower()}: {plural(count(household, f), 'half-hour')} ({kwh(household, f):,.1f} kWh)"
             for f in fuels if count(household, f)]
    if not parts:
        return None
    if is_included(household):
        return ("Faulty readings", "included, as you chose: " + "; ".join(parts)
                + ". They are above what a home supply can deliver or below zero, so figures may be too high.", True)
    return ("Faulty readings", "left out as meter errors: " + "; ".join(parts)
            + ". Data quality lists them and can include them.", True)
