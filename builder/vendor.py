"""Browser libraries from npm that the site serves itself (never from a CDN)."""

from __future__ import annotations

import json
from pathlib import Path

from .config import ROOT

VENDOR = {
    "echarts": {
        "dist/echarts.esm.min.mjs": "js/vendor/echarts.esm.min.mjs",
        "LICENSE": "js/vendor/echarts.LICENSE.txt",
        "NOTICE": "js/vendor/echarts.NOTICE.txt",
    },
}
"""``{npm package: {file in the package: path in the site}}``; ``js/chart.mjs`` imports the chart library."""


def pinned_version(package: str) -> str:
    """The version of ``package`` that ``package.json`` pins."""
    return json.loads((ROOT / "package.json").read_text())["dependencies"][package]


def gather_vendor(node_modules: Path) -> dict[str, bytes]:
    """``{site path: bytes}`` of every vendored file; raises if one is missing or not the pinned version."""
    files = {}
    for package, wanted in VENDOR.items():
        root = node_modules / package
        meta = root / "package.json"
        if not meta.is_file():
            raise FileNotFoundError(f"npm package {package} is missing from {node_modules} (run `npm ci`)")
        version = json.loads(meta.read_text())["version"]
        pinned = pinned_version(package)
        if version != pinned:
            raise ValueError(f"node_modules/{package} is {version}, package.json pins {pinned}: run `npm ci`")
        for src, dest in wanted.items():
            files[dest] = (root / src).read_bytes()
    return files
