"""Browser libraries from npm that the site serves itself (never from a CDN)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from .config import ROOT

VENDOR = {
    "echarts": {
        "LICENSE": "js/vendor/echarts.LICENSE.txt",
        "NOTICE": "js/vendor/echarts.NOTICE.txt",
    },
}
"""``{npm package: {file in the package: path in the site}}``, copied as they are."""

ECHARTS_SITE_PATH = "js/vendor/echarts.esm.min.mjs"
"""Where ``js/chart.mjs`` imports the chart library from."""

ECHARTS_PARTS = {
    "echarts/charts": ("BarChart", "LineChart", "HeatmapChart"),
    "echarts/components": (
        "GridComponent", "TooltipComponent", "LegendComponent", "DataZoomComponent",
        "VisualMapComponent", "TitleComponent",
    ),
    "echarts/renderers": ("CanvasRenderer", "SVGRenderer"),
}
"""The parts of ECharts that ``js/chart.mjs`` draws with; the full build is ~2.7x larger on the wire.

The tooltip brings the axis pointer with it; the data zoom brings both the
"inside" and "slider" kinds, the visual map both "piecewise" and "continuous".
"""

ECHARTS_SERIES = {"bar": "BarChart", "line": "LineChart", "heatmap": "HeatmapChart"}
"""Series types ``chart.mjs`` may use, by the part that draws them."""

_OTHER_SERIES = (
    "pie", "scatter", "effectScatter", "radar", "tree", "treemap", "graph", "gauge", "funnel", "sankey",
    "boxplot", "candlestick", "map", "lines", "pictorialBar", "themeRiver", "sunburst", "custom", "chord",
)
_COMPONENTS = {
    "grid": "GridComponent", "tooltip": "TooltipComponent", "legend": "LegendComponent",
    "dataZoom": "DataZoomComponent", "visualMap": "VisualMapComponent", "title": "TitleComponent",
    "polar": None, "geo": None, "singleAxis": None, "parallel": None, "calendar": None, "graphic": None,
    "toolbox": None, "brush": None, "timeline": None, "markPoint": None, "markLine": None, "markArea": None,
    "aria": None, "dataset": None, "matrix": None, "thumbnail": None,
}
"""Option keys that need an ECharts component, by the part in the bundle (None: not bundled)."""
_RENDERERS = {"canvas": "CanvasRenderer", "svg": "SVGRenderer"}


def pinned_version(package: str) -> str:
    """The version of ``package`` that ``package.json`` pins (dependencies or devDependencies)."""
    meta = json.loads((ROOT / "package.json").read_text())
    return {**meta.get("devDependencies", {}), **meta["dependencies"]}[package]


def _installed(node_modules: Path, package: str) -> Path:
    """The folder of ``package``; raises if it is missing or not the pinned version."""
    root = node_modules / package
    meta = root / "package.json"
    if not meta.is_file():
        raise FileNotFoundError(f"npm package {package} is missing from {node_modules} (run `npm ci`)")
    version = json.loads(meta.read_text())["version"]
    pinned = pinned_version(package)
    if version != pinned:
        raise ValueError(f"node_modules/{package} is {version}, package.json pins {pinned}: run `npm ci`")
    return root


def missing_echarts_parts(chart_module: str) -> list[str]:
    """What ``chart_module`` (the text of ``js/chart.mjs``) uses that the ECharts bundle leaves out.

    A conservative scan: any option key or series type ECharts knows counts
    as used wherever it appears, so a new chart or component fails the build
    rather than drawing nothing in a visitor's browser.
    """
    bundled = {name for names in ECHARTS_PARTS.values() for name in names}
    missing = []
    for key, part in _COMPONENTS.items():
        if re.search(rf"\b{key}\s*(?::|=(?![=>]))", chart_module) and part not in bundled:
            missing.append(f"component {key!r}")
    missing.extend(
        f"series type {kind!r}" for kind in re.findall(r"\btype:\s*\"(\w+)\"", chart_module)
        if kind in _OTHER_SERIES or (kind in ECHARTS_SERIES and ECHARTS_SERIES[kind] not in bundled)
    )
    missing.extend(
        f"renderer {renderer!r}" for renderer in re.findall(r"\brenderer:\s*\"(\w+)\"", chart_module)
        if _RENDERERS.get(renderer) not in bundled
    )
    return sorted(set(missing))


def echarts_entry() -> str:
    """The ES module esbuild bundles: ECharts' core with only the parts in ``ECHARTS_PARTS``."""
    lines = ['import { use, init, version } from "echarts/core";']
    parts = []
    for module, names in ECHARTS_PARTS.items():
        lines.append(f"import {{ {', '.join(names)} }} from \"{module}\";")
        parts.extend(names)
    lines.append(f"use([{', '.join(parts)}]);")
    lines.append("export { init, version };")
    return "\n".join(lines) + "\n"


def _esbuild(node_modules: Path, package: str, entry: str, what: str) -> bytes:
    """``entry`` (an ES module importing from ``package``) as one minified ES module, built by the pinned esbuild.

    The same inputs give the same bytes. Licence comments (``/*! ... */``) stay, at the end.
    """
    _installed(node_modules, package)
    _installed(node_modules, "esbuild")
    esbuild = node_modules / ".bin" / "esbuild"
    if not esbuild.exists() or shutil.which("node") is None:
        raise FileNotFoundError(f"esbuild and Node.js are needed to bundle {what} (run `npm ci`)")
    result = subprocess.run(
        [str(esbuild), "--bundle", "--format=esm", "--minify", "--platform=browser", "--charset=utf8",
         "--log-level=warning"],
        input=entry, cwd=node_modules.parent, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise ValueError(f"bundling {what} failed:\n{result.stderr[-3000:]}")
    return result.stdout.encode()


def bundle_echarts(node_modules: Path) -> bytes:
    """The minimal ECharts as one minified ES module."""
    return _esbuild(node_modules, "echarts", echarts_entry(), "the chart library")


XZ_SITE_PATH = "js/vendor/xz-decompress.mjs"
"""Where ``js/worker.mjs`` imports the xz decoder from, which unpacks our Python bundles."""


def bundle_xz_decoder(node_modules: Path) -> bytes:
    """``xz-decompress`` (xz-embedded compiled to WebAssembly, 10 KB gzipped) as an ES module for the worker.

    Its package is a UMD script: esbuild turns it into a module exporting ``XzReadableStream``.
    """
    return _esbuild(node_modules, "xz-decompress", 'export { XzReadableStream } from "xz-decompress";\n',
                    "the xz decoder")


def gather_vendor(node_modules: Path, chart_module: str) -> dict[str, bytes]:
    """``{site path: bytes}`` of every vendored file; raises if one is missing, not pinned, or falls short.

    ``chart_module`` is the text of ``js/chart.mjs``: the build fails if it
    uses a part of ECharts that the bundle leaves out.
    """
    missing = missing_echarts_parts(chart_module)
    if missing:
        raise ValueError("js/chart.mjs uses parts of ECharts the bundle leaves out (add them to "
                         f"builder/vendor.py ECHARTS_PARTS): {', '.join(missing)}")
    files = {ECHARTS_SITE_PATH: bundle_echarts(node_modules), XZ_SITE_PATH: bundle_xz_decoder(node_modules)}
    for package, wanted in VENDOR.items():
        root = _installed(node_modules, package)
        for src, dest in wanted.items():
            files[dest] = (root / src).read_bytes()
    return files
