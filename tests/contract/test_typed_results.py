"""Typed analysis and pricing modules hand the view frozen result objects, never dicts with string keys.

Each module listed here has been turned typed: every public function's
return type, followed through unions, tuples and dataclass fields, holds no
``dict``, ``list`` or non-frozen dataclass. Add a module once it is typed.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import types
import typing

import pytest

from pyruntime.analysis import (
    anomalies,
    baseload,
    carbon,
    consumption,
    domestic_profile,
    emissions,
    gaps,
    intensity,
    localdays,
    net,
    netimport,
    overnight_gas,
    profile,
    profiles,
    quality,
    reconcile,
    slotgrid,
    stats,
)
from pyruntime.fileformats import assemble, csvfile, jsonfile
from pyruntime.household import faulty, gas, gas_units
from pyruntime.pricing import (
    catalogue,
    compare,
    cost,
    custom,
    economy7,
    feed,
    hand,
    history,
    money,
    payment,
    period,
    price,
    standing,
    tariff,
    tou,
)
from pyruntime.timeseries import aggregate, isotime, londontime, series
from pyruntime.whatif import battery, clock, ev, heatpump, lab, placement, shift, solar

# The package exports the function ``bill``, which hides its module of the same name.
bill = importlib.import_module("pyruntime.pricing.bill")
MODULES = (
    # analysis/
    anomalies, baseload, carbon, consumption, domestic_profile, emissions, gaps, intensity, localdays, net,
    netimport, overnight_gas, profile, profiles, quality, reconcile, slotgrid, stats,
    # pricing/
    bill, catalogue, compare, cost, custom, economy7, feed, hand, history, money, payment, period, price,
    standing, tariff, tou,
    # household/, timeseries/, whatif/
    gas_units, aggregate, isotime, londontime, series,
    battery, clock, ev, heatpump, lab, placement, shift, solar,
)
# Modules typed only in part: the functions named. The rest of faulty and gas return the Household, which is
# not frozen (it remembers its fuels and its with-faulty copy).
FUNCTIONS = {csvfile: ("supplier_estimate", "sniff_table", "read_csv"),
             assemble: ("assemble",),
             jsonfile: ("read_json",),
             faulty: ("set_aside", "readings", "unit_and_rule", "count", "kwh", "is_included", "assumption"),
             gas: ("decide", "statement")}


def public_functions(module: types.ModuleType):
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("_") and fn.__module__ == module.__name__:
            yield name, fn


def untyped_containers(hint, seen: set) -> list[str]:
    """The dict, list or non-frozen dataclass types reachable from ``hint`` (through unions, tuples, fields)."""
    origin = typing.get_origin(hint)
    if hint in (dict, list, typing.Any, object) or origin in (dict, list):
        return [repr(hint)]
    if origin is not None:
        return [bad for arg in typing.get_args(hint) for bad in untyped_containers(arg, seen)]
    if dataclasses.is_dataclass(hint) and hint not in seen:
        seen.add(hint)
        if not hint.__dataclass_params__.frozen:
            return [f"{hint.__name__} is not frozen"]
        hints = typing.get_type_hints(hint)
        return [f"{hint.__name__}.{f.name}: {bad}" for f in dataclasses.fields(hint)
                for bad in untyped_containers(hints[f.name], seen)]
    return []


def check(module: types.ModuleType, name: str, fn) -> None:
    hints = typing.get_type_hints(fn)
    assert "return" in hints, f"{module.__name__}.{name} has no return annotation"
    returned = hints["return"]
    assert not untyped_containers(returned, set()), f"{module.__name__}.{name} returns {returned}"
    if name.endswith("_report"):
        assert dataclasses.is_dataclass(returned) or typing.get_origin(returned) in (typing.Union, types.UnionType), \
            f"{module.__name__}.{name} returns {returned}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_public_functions_return_frozen_results_not_dicts(module):
    functions = dict(public_functions(module))
    assert functions
    for name, fn in functions.items():
        check(module, name, fn)


@pytest.mark.parametrize("module", FUNCTIONS, ids=lambda m: m.__name__)
def test_named_functions_return_frozen_results_not_dicts(module):
    for name in FUNCTIONS[module]:
        check(module, name, getattr(module, name))


def test_the_check_catches_a_dict_inside_a_result():
    @dataclasses.dataclass(frozen=True)
    class Leaky:
        rows: tuple[dict[str, float], ...]

    assert untyped_containers(Leaky, set()) == ["Leaky.rows: dict[str, float]"]
    assert untyped_containers(dict, set()) == ["<class 'dict'>"]
