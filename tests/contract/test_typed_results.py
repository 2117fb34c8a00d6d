"""Analysis modules already turned typed hand the view frozen result objects, never dicts with string keys."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re

import pytest

TYPED_MODULES = ("pyruntime.analysis.quality", "pyruntime.analysis.profile")
UNTYPED = re.compile(r"\b(dict|Dict|Mapping|Any|object|list)\b")


def public_functions(module):
    return [f for name, f in vars(module).items()
            if inspect.isfunction(f) and f.__module__ == module.__name__ and not name.startswith("_")]


def result_classes(module):
    return [c for c in vars(module).values()
            if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == module.__name__]


@pytest.mark.parametrize("name", TYPED_MODULES)
def test_public_functions_return_typed_results(name):
    module = importlib.import_module(name)
    functions = public_functions(module)
    assert functions
    for f in functions:
        returns = inspect.signature(f).return_annotation
        assert returns is not inspect.Signature.empty, f"{name}.{f.__name__} has no return annotation"
        assert not UNTYPED.search(str(returns)), f"{name}.{f.__name__} returns {returns}"


@pytest.mark.parametrize("name", TYPED_MODULES)
def test_result_objects_are_frozen_and_hold_no_dicts_or_lists(name):
    module = importlib.import_module(name)
    classes = result_classes(module)
    assert classes
    for cls in classes:
        assert cls.__dataclass_params__.frozen, cls.__name__
        for f in dataclasses.fields(cls):
            assert not UNTYPED.search(str(f.type)), f"{cls.__name__}.{f.name}: {f.type}"
