"""The consumption, emissions and net-import analyses hand the view frozen result objects, never dicts."""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing

import pytest

from pyruntime.analysis import carbon, consumption, net

MODULES = (consumption, carbon, net)


def public_functions(module: types.ModuleType):
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("_") and fn.__module__ == module.__name__:
            yield name, fn


def untyped_containers(hint, seen: set) -> list[str]:
    """The dict, list or non-frozen dataclass types reachable from ``hint`` (through unions, tuples, fields)."""
    origin = typing.get_origin(hint)
    if hint in (dict, list) or origin in (dict, list):
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


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_public_functions_return_frozen_results_not_dicts(module):
    functions = dict(public_functions(module))
    assert any(name.endswith("_report") for name in functions)
    for name, fn in functions.items():
        returned = typing.get_type_hints(fn)["return"]
        assert not untyped_containers(returned, set()), f"{module.__name__}.{name} returns {returned}"
        if name.endswith("_report"):
            assert dataclasses.is_dataclass(returned), f"{module.__name__}.{name} returns {returned}"


def test_the_check_catches_a_dict_inside_a_result():
    @dataclasses.dataclass(frozen=True)
    class Leaky:
        rows: tuple[dict[str, float], ...]

    assert untyped_containers(Leaky, set()) == ["Leaky.rows: dict[str, float]"]
    assert untyped_containers(dict, set()) == ["<class 'dict'>"]
