"""The build: gather and validate every input, then write the whole site at once."""

from __future__ import annotations

import json
from pathlib import Path

from .config import BuildConfig, pinned_pyodide_version, validate
from .csp import content_security_policy, headers_file
from .render import make_environment, render_page
from .runtime_bundle import compile_bytecode, content_name, gather_pyodide, pack_pyruntime
from .vendor import gather_vendor
from .writer import SiteFiles, SourceFile

PAGES = {
    "index.html": "Half-Hourly: your smart-meter data, costed in your browser",
    "privacy.html": "What leaves your browser",
    "prices.html": "Prices: public tariff and price-cap feeds",
}
"""Each page template and its title."""

WORKER_BOOT_TIMEOUT_MS = 60_000
"""How long the worker waits for Pyodide before saying it failed (a CSP mistake hangs it forever)."""


class BuildError(Exception):
    """The build cannot go ahead; the message lists every problem found."""


def build(config: BuildConfig) -> SiteFiles:
    """Gather, validate and assemble the site in memory, writing nothing."""
    problems = validate(config)
    if problems:
        raise BuildError("cannot build the site:\n  - " + "\n  - ".join(problems))
    try:
        pyodide = gather_pyodide(config.pyodide_dist)
        archive_name, archive = pack_pyruntime(config.pyruntime_src)
        stdlib = pyodide["python_stdlib.zip"]
        if config.bytecode:
            archive, stdlib = compile_bytecode(config.pyodide_dist, archive, stdlib)
            archive_name = content_name("pyruntime", archive)
        stdlib_name = content_name("python_stdlib", stdlib)
        static = _read_tree(config.site_src / "static")
        vendor = gather_vendor(config.pyodide_dist.parent)
        feeds = _read_feeds(config.feeds / "v1")
    except (FileNotFoundError, ValueError) as exc:
        raise BuildError(f"cannot build the site: {exc}") from exc

    pyodide_prefix = f"pyodide/{pinned_pyodide_version()}/"
    origins = config.origins()
    site_config = {
        "octopus_api": config.octopus_api.rstrip("/"),
        "glowmarkt_api": config.glowmarkt_api.rstrip("/"),
        "feeds_index": "feeds/v1/index.json",
        "feeds_sample": bool(json.loads(feeds["index.json"].read()).get("sample", False)),
        "runtime": {
            "pyodide": pyodide_prefix,
            "app_archive": f"py/{archive_name}",
            "stdlib": f"py/{stdlib_name}",
            "boot_timeout_ms": WORKER_BOOT_TIMEOUT_MS,
        },
    }
    site = SiteFiles()
    env = make_environment(config.site_src / "templates")
    context = {"csp": content_security_policy(origins, for_meta=True), "config": site_config}
    for template, title in PAGES.items():
        site.add(template, render_page(env, template, {**context, "title": title, "page": template}))
    site.add("_headers", headers_file(content_security_policy(origins), pyodide_prefix))
    site.add_json("config.json", site_config)
    site.add(f"py/{archive_name}", archive)
    site.add(f"py/{stdlib_name}", stdlib)
    for name, data in pyodide.items():
        site.add(pyodide_prefix + name, data)
    for rel, data in {**static, **vendor}.items():
        site.add(rel, data)
    for rel, data in feeds.items():
        site.add(f"feeds/v1/{rel}", data)
    return site


def run(config: BuildConfig) -> SiteFiles:
    """Build and write the site to ``config.out``."""
    site = build(config)
    try:
        site.write(config.out)
    except ValueError as exc:  # a feed file changed between gathering and writing
        raise BuildError(f"cannot write the site: {exc}") from exc
    return site


def _read_tree(root: Path) -> dict[str, bytes]:
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is missing")
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _read_feeds(v1: Path) -> dict[str, SourceFile]:
    """Every feed file, checked to be JSON one at a time, by reference (copied when the site is written).

    The full history is hundreds of MB, so no more than one file is held in memory.
    """
    if not v1.is_dir():
        raise FileNotFoundError(f"{v1} is missing")
    files = {}
    for p in sorted(v1.rglob("*")):
        if not p.is_file() or p.name.startswith("."):
            continue
        rel = p.relative_to(v1).as_posix()
        data = p.read_bytes()
        if rel.endswith(".json"):
            try:
                json.loads(data)
            except ValueError as exc:
                raise ValueError(f"feed file {v1 / rel} is not valid JSON: {exc}") from exc
        files[rel] = SourceFile.of(p, data)
    return files
