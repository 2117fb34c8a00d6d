"""Promises that span files: protocol agreement, purity of pyruntime, no HTML injection."""

from __future__ import annotations

import ast
import re

from builder.config import ROOT
from pyruntime import bridge
from pyruntime.ops import MODULES

JS = ROOT / "site_src" / "static" / "js"

# Only this module may touch the browser; everything else in pyruntime must
# import and run on plain CPython.
BROWSER_EDGE = {"pyruntime/_browser.py"}
FORBIDDEN_IN_PYRUNTIME = {
    "js", "pyodide", "pyodide_js", "requests", "urllib.request", "socket", "subprocess", "threading",
    "zoneinfo", "pandas", "numpy", "jinja2", "builder", "feeds", "http.client", "sqlite3",
}


def pyruntime_modules():
    for path in sorted((ROOT / "pyruntime").rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text())


def imported_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_js_and_python_agree_on_the_protocol():
    protocol = (JS / "protocol.mjs").read_text()
    block = re.search(r"export const OPS = Object\.freeze\(\{(.*?)\}\);", protocol, re.S).group(1)
    js_ops = set(re.findall(r':\s*"([a-z_]+)"', block))
    assert js_ops == set(MODULES)
    assert f"PROTOCOL_VERSION = {bridge.PROTOCOL_VERSION};" in protocol


def test_pyruntime_imports_nothing_outside_the_standard_library_core():
    offenders = []
    for rel, tree in pyruntime_modules():
        if rel in BROWSER_EDGE:
            continue
        for name in imported_names(tree):
            top = name.split(".")[0]
            if name in FORBIDDEN_IN_PYRUNTIME or top in FORBIDDEN_IN_PYRUNTIME:
                offenders.append(f"{rel} imports {name}")
    assert offenders == []


def test_pyruntime_never_reads_the_clock_or_environment():
    offenders = []
    for rel, tree in pyruntime_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"now", "today", "utcnow", "environ", "getenv"}:
                offenders.append(f"{rel}:{node.lineno} uses .{node.attr}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"open", "print", "input"}:
                offenders.append(f"{rel}:{node.lineno} calls {node.func.id}()")
    assert offenders == []


def test_javascript_never_turns_data_into_markup():
    for path in JS.glob("*.mjs"):
        src = path.read_text()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in src, f"{path.name} uses {sink}"


def test_javascript_loads_nothing_from_other_origins():
    # XML namespace names look like URLs but are never fetched.
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    for path in JS.glob("*.mjs"):
        urls = set(re.findall(r"""["'`](https?://[^"'`]*)""", path.read_text()))
        assert urls <= namespaces, (path.name, urls - namespaces)


# Where JSON text may be made or read: the bridge (the one boundary with the
# page) and modules whose job is a wire or file format. Report data travels
# between modules as Python objects only.
JSON_AT_THE_EDGE = ("pyruntime/bridge.py", "pyruntime/_browser.py", "pyruntime/session.py",
                    "pyruntime/household/snapshot.py", "pyruntime/providers/", "pyruntime/fileformats/")


def test_no_module_outside_the_bridge_and_format_readers_turns_report_data_into_json():
    offenders = [
        f"{rel}:{node.lineno} calls {node.func.value.id}.{node.func.attr}"
        for rel, tree in pyruntime_modules() if not rel.startswith(JSON_AT_THE_EDGE)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"dumps", "loads", "dump", "load"}
        and getattr(node.func.value, "id", None) in {"json", "safejson"}
    ]
    assert offenders == []


# The computing core: pure functions of their arguments. No awaiting, no
# session (which fetches), no browser, no worker ops.
PURE_CORE = ("pyruntime/analysis/", "pyruntime/timeseries/", "pyruntime/fileformats/", "pyruntime/feeds/files.py",
             "pyruntime/household/", "pyruntime/present/blocks.py", "pyruntime/present/view.py")
PURE_PRICING_EXCEPT = {"pyruntime/pricing/catalogue.py"}  # picks tariffs from the feeds: fetches through the session


def test_the_computing_core_is_free_of_io():
    offenders = []
    for rel, tree in pyruntime_modules():
        pure = rel.startswith(PURE_CORE) or (rel.startswith("pyruntime/pricing/") and rel not in PURE_PRICING_EXCEPT)
        if not pure:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.AsyncFunctionDef | ast.Await):
                offenders.append(f"{rel}:{node.lineno} awaits")
            if isinstance(node, ast.ImportFrom):
                target = (node.module or "").split(".")
                if {"session", "_browser", "bridge", "ops", "http", "paging"} & set(target):
                    offenders.append(f"{rel}:{node.lineno} imports {node.module}")
    assert offenders == []


def test_javascript_has_no_import_cycles():
    graph = {}
    for path in JS.glob("*.mjs"):
        graph[path.name] = set(re.findall(r"""^import\s[^;]*?["']\./([\w.-]+\.mjs)["']""", path.read_text(), re.M))
    assert graph["render.mjs"] and graph["app.mjs"]  # the pattern still finds imports

    def cycle_from(node, trail):
        if node in trail:
            return [*trail[trail.index(node):], node]
        for nxt in sorted(graph.get(node, ())):
            found = cycle_from(nxt, [*trail, node])
            if found:
                return found
        return None

    cycles = [c for name in sorted(graph) if (c := cycle_from(name, []))]
    assert cycles == []


def test_every_page_boots_python_through_one_module():
    for path in JS.glob("*.mjs"):
        if path.name in ("boot.mjs", "rpc.mjs"):
            continue
        assert "new PythonWorker" not in path.read_text(), f"{path.name} starts its own worker; use boot.mjs"


FACTS_EDGE = ("pyruntime/household/stored.py", "pyruntime/household/snapshot.py")


def test_household_facts_are_typed_and_become_plain_values_only_in_the_remembered_copy():
    import dataclasses

    from pyruntime.household import Household, facts

    typed = [c for c in vars(facts).values() if isinstance(c, type) and dataclasses.is_dataclass(c)
             and c.__module__ == facts.__name__]
    assert {c.__name__ for c in typed} >= {"HouseholdFacts", "TariffAgreement", "Meter", "GasUnit", "LoadWarning"}
    for cls in typed:
        assert cls.__dataclass_params__.frozen, cls.__name__
        for f in dataclasses.fields(cls):
            assert not re.search(r"\b(dict|Any|object)\b", str(f.type)), f"{cls.__name__}.{f.name}: {f.type}"
    assert {f.name: str(f.type) for f in dataclasses.fields(Household)}.get("facts") == "HouseholdFacts"
    assert "meta" not in {f.name for f in dataclasses.fields(Household)}
    offenders = []
    for rel, tree in pyruntime_modules():
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if name in {"facts_to_plain", "facts_from_plain"} and rel not in FACTS_EDGE:
                offenders.append(f"{rel}:{node.lineno} converts facts to plain values")
            if name == "meta" and isinstance(node, ast.Attribute):
                offenders.append(f"{rel}:{node.lineno} reads an untyped .meta")
            if (rel == FACTS_EDGE[0] and isinstance(node, ast.Name) and node.id in {"json", "safejson"}):
                offenders.append(f"{rel}:{node.lineno} writes text: only the snapshot does")
    assert offenders == []
