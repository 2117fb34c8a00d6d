"""Promises that span files: protocol agreement, purity of pyruntime, no HTML injection."""

from __future__ import annotations

import ast
import re

from builder.config import ROOT
from pyruntime import bridge

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
    assert js_ops == set(bridge.OPS)
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
