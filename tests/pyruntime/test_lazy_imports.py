"""The menu and the op table name reports and ops without importing them; a module is imported when first asked for.

The registries (``pyruntime.reports.REPORTS``, ``pyruntime.ops.MODULES``) repeat what
the modules say, so these tests check they agree: nothing can drift.
"""

import importlib
import json
import pkgutil
import sys
from contextlib import contextmanager

import pytest

import pyruntime.ops
import pyruntime.reports
from pyruntime.reports import REPORTS, ReportSpec, info_of, load


def _modules(package) -> dict[str, object]:
    return {info.name: importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)}


def test_every_report_module_is_in_the_menu_registry_as_its_spec_says():
    specs = {name: m.SPEC for name, m in _modules(pyruntime.reports).items() if isinstance(getattr(m, "SPEC", None),
                                                                                          ReportSpec)}
    assert sorted(specs) == sorted(REPORTS)
    for name, spec in specs.items():
        assert spec.name == name, f"pyruntime/reports/{name}.py must define the report named {name!r}"
        assert REPORTS[name] == info_of(spec), f"pyruntime.reports.REPORTS[{name!r}] differs from {name}.SPEC"
        assert load(name) is spec


def test_the_registry_is_in_menu_order():
    assert list(REPORTS) == sorted(REPORTS, key=lambda n: (REPORTS[n].order, n))


@pytest.mark.parametrize("name", ["prices", "week_ahead", "os", "../bridge", ""])
def test_only_a_registered_report_is_ever_imported_by_name(name):
    with pytest.raises(KeyError):
        load(name)


def test_every_op_is_found_in_the_module_the_op_table_names():
    defined: dict[str, str] = {}
    for module_name, module in _modules(pyruntime.ops).items():
        for op in getattr(module, "OPS", {}):
            assert op not in defined, f"op {op!r} is defined in both {defined[op]} and {module_name}"
            defined[op] = module_name
    assert defined == pyruntime.ops.MODULES
    for op, module_name in defined.items():
        assert pyruntime.ops.handler(op) is importlib.import_module(f"pyruntime.ops.{module_name}").OPS[op]
    assert pyruntime.ops.handler("nope") is None and pyruntime.ops.handler(None) is None


def test_the_file_readers_public_names_come_from_their_modules_when_first_used():
    import pyruntime.fileformats as formats

    for name in formats.__all__:
        value = getattr(formats, name)
        assert getattr(value, "__module__", formats.__name__).startswith("pyruntime.fileformats")
    assert formats.ImportFailure is importlib.import_module("pyruntime.fileformats.text").ImportFailure
    with pytest.raises(AttributeError):
        formats.read_everything  # noqa: B018


@contextmanager
def fresh_pyruntime():
    """A pyruntime imported afresh, as the worker's first import finds it; the modules before come back after."""
    saved = {name: m for name, m in sys.modules.items() if name == "pyruntime" or name.startswith("pyruntime.")}
    for name in saved:
        del sys.modules[name]
    try:
        yield
    finally:
        for name in [n for n in sys.modules if n == "pyruntime" or n.startswith("pyruntime.")]:
            del sys.modules[name]
        sys.modules.update(saved)


def _loaded() -> set[str]:
    return {name for name in sys.modules if name.startswith("pyruntime.")}


def _ask(bridge, params: dict) -> dict:
    reply = json.loads(bridge.handle(json.dumps({"v": 1, "id": 1, "op": "report",
                                                 "payload": {"source": "demo", "params": params}})))
    assert reply["ok"], reply
    return reply["result"]


LATER = {
    "pyruntime.whatif.lab", "pyruntime.whatif.battery", "pyruntime.whatif.solar", "pyruntime.whatif.ev",
    "pyruntime.fileformats.loader", "pyruntime.fileformats.csv_export", "pyruntime.household.snapshot",
    "pyruntime.fileformats.csvfile", "pyruntime.fileformats.jsonfile", "pyruntime.fileformats.text",
    "pyruntime.fileformats.assemble",
    "pyruntime.providers.octopus_loader", "pyruntime.providers.glowmarkt_loader",
    "pyruntime.providers.octopus_statements",
    "pyruntime.ops.load", "pyruntime.ops.downloads", "pyruntime.ops.prices", "pyruntime.ops.statements",
    *(f"pyruntime.reports.{name}" for name in ("consumption", "cost", "bill", "whatif", "emissions", "heatmap",
                                                "net", "quality", "prices", "week_ahead")),
}
"""What the overview does not need: imported only when the user asks for it."""


START_NEVER = ("pyruntime.pricing", "pyruntime.feeds", "pyruntime.analysis", "pyruntime.present.pricing",
               "pyruntime.present.blocks", "pyruntime.reports.")
"""Packages the worker's start must not import: "Python ready" waits for every module it imports."""


def test_the_workers_start_imports_no_pricing_feeds_or_report():
    with fresh_pyruntime():
        importlib.import_module("pyruntime._browser")
        assert sorted(m for m in _loaded() if m.startswith(START_NEVER)) == []


def test_the_first_answer_imports_only_what_the_overview_needs_and_the_rest_comes_when_asked():
    with fresh_pyruntime():
        bridge = importlib.import_module("pyruntime._browser").bridge
        assert not _loaded() & {f"pyruntime.reports.{name}" for name in REPORTS}
        overview = _ask(bridge, {})
        assert overview["view"]["report"] == "overview"
        assert [item["label"] for item in overview["menu"]] == [r.label for r in REPORTS.values()]
        assert _loaded() & LATER == set()
        lab = _ask(bridge, {"report": "whatif", "fuel": "electricity"})
        assert lab["view"]["report"] == "whatif"
        assert {"pyruntime.reports.whatif", "pyruntime.whatif.lab"} <= _loaded()
        assert "pyruntime.reports.cost" not in _loaded()
