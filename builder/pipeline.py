"""The build: gather and validate every input, then write the whole site at once."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlencode

from .config import BuildConfig, pinned_pyodide_version, validate
from .csp import content_security_policy, documents_and_workers, headers_file, inline_script, security_headers
from .icons import icon_png, icon_svg, manifest
from .offline import RUNTIME_CACHE, service_worker
from .prerender import demo_first_view
from .render import make_environment, render_page
from .runtime_bundle import (
    BUNDLE_SUFFIX,
    SHIPPED_PYODIDE_FILES,
    WASM_ON_THE_WIRE,
    bundle_python,
    content_name,
    for_the_wire,
    gather_pyodide,
    lock_info,
    pack_pyruntime,
    wasm_for_the_wire,
)
from .vendor import gather_vendor
from .writer import SiteFiles, SourceFile

PAGES = {
    "index.html": "Half-Hourly: your smart-meter data, costed in your browser",
    "privacy.html": "What leaves your browser",
    "prices.html": "Prices: public tariff and price-cap feeds",
}
"""Each page template and its title."""

PAGE_SCRIPTS = {"index.html": "js/main.mjs", "prices.html": "js/prices.mjs"}
"""Each page's entry module: its whole import graph is preloaded at once, not one level per round trip."""

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
        _, archive = pack_pyruntime(config.pyruntime_src)
        stdlib = pyodide["python_stdlib.zip"]
        bundle = None
        if config.bytecode:
            bundle = bundle_python(config.pyodide_dist, archive, stdlib, config.feeds)
            archive, stdlib = bundle.app_zip, bundle.stdlib_zip
        # xz at its strongest for what a site deploys; its fastest for quick builds without bytecode.
        archive, stdlib = for_the_wire(archive, config.bytecode), for_the_wire(stdlib, config.bytecode)
        archive_name = content_name("pyruntime", archive, BUNDLE_SUFFIX)
        stdlib_name = content_name("python_stdlib", stdlib, BUNDLE_SUFFIX)
        static = _read_tree(config.site_src / "static")
        # Inlined in every page's <head> (allowed by its hash), so it holds up no drawing.
        frame_guard = inline_script((config.site_src / "inline" / "frame-guard.js").read_text())
        vendor = gather_vendor(config.pyodide_dist.parent, static["js/chart.mjs"].decode())
        feeds = _read_feeds(config.feeds / "v1")
        demo_view = demo_first_view(config.pyruntime_src, config.feeds)
    except (FileNotFoundError, ValueError) as exc:
        raise BuildError(f"cannot build the site: {exc}") from exc
    # The page draws the prerendered view and hands over to Python without asking it to recompute the
    # view: that holds only because Python in the browser (the bundle, on Pyodide) answers the same text.
    checked = bundle is not None
    if checked and bundle.first_view != demo_view:
        raise BuildError("cannot build the site: the demo's first view differs between CPython (prerendered) and "
                         f"Pyodide (the bundle), first at character {_first_difference(bundle.first_view, demo_view)}")

    pyodide_prefix = f"pyodide/{pinned_pyodide_version()}/"
    origins = config.origins()
    csp = content_security_policy(origins, inline_scripts=(frame_guard,))
    site_config = {
        "octopus_api": config.octopus_api.rstrip("/"),
        "glowmarkt_api": config.glowmarkt_api.rstrip("/"),
        "feeds_index": "feeds/v1/index.json",
        "feeds_sample": bool(json.loads(feeds["index.json"].read()).get("sample", False)),
        "runtime": {
            "pyodide": pyodide_prefix,
            "wasm": pyodide_prefix + WASM_ON_THE_WIRE,
            "app_archive": f"py/{archive_name}",
            "stdlib": f"py/{stdlib_name}",
            "boot_timeout_ms": WORKER_BOOT_TIMEOUT_MS,
            "lock": lock_info(pyodide),
            "cache": RUNTIME_CACHE,
        },
        "provider_timeout_ms": round(config.provider_timeout_s * 1000),
    }
    site = SiteFiles()
    env = make_environment(config.site_src / "templates")
    context = {
        "csp": content_security_policy(origins, for_meta=True, inline_scripts=(frame_guard,)),
        "frame_guard": frame_guard,
        "config": site_config,
        # Links to the demo open exactly the view that was prerendered, whichever pyruntime chose.
        "demo_href": "?" + urlencode({"source": "demo", **json.loads(demo_view)["view"]}),
        # "<" escaped so no string in it can close the <script> element holding it.
        "prerender": demo_view.replace("<", "\\u003c"),
        # Without the check above (a quick build without bytecode), the page has Python confirm the view.
        "prerender_checked": checked,
    }
    for template, title in PAGES.items():
        preload = module_graph(static, PAGE_SCRIPTS[template]) if template in PAGE_SCRIPTS else []
        page_context = {**context, "title": title, "page": template, "preload": preload}
        site.add(template, render_page(env, template, page_context))
    site.add("_headers", headers_file(csp, pyodide_prefix, documents_and_workers(PAGES)))
    site.add_json("config.json", site_config)
    site.add(f"py/{archive_name}", archive)
    site.add(f"py/{stdlib_name}", stdlib)
    for name in SHIPPED_PYODIDE_FILES:
        site.add(pyodide_prefix + name, pyodide[name])
    site.add(pyodide_prefix + WASM_ON_THE_WIRE, wasm_for_the_wire(pyodide["pyodide.asm.wasm"], config.bytecode))
    for rel, data in {**static, **vendor}.items():
        site.add(rel, data)
    for rel, data in feeds.items():
        site.add(f"feeds/v1/{rel}", data)
    site.add_json("manifest.webmanifest", manifest(PAGES["index.html"], "See, cost and compare your smart-meter data."))
    site.add("icons/icon.svg", icon_svg())
    for size in (192, 512):
        site.add(f"icons/icon-{size}.png", icon_png(size))
    sw_source = (config.site_src / "sw" / "sw.js").read_text()
    headers = security_headers(csp)
    site.add("sw.js", service_worker(site, sw_source, (pyodide_prefix, "py/"), headers,
                                      unpacked=(pyodide_prefix + "pyodide.asm.wasm",)))
    return site


def _first_difference(a: str, b: str) -> int:
    """Index of the first character where ``a`` and ``b`` differ (or the shorter one's length)."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def run(config: BuildConfig) -> SiteFiles:
    """Build and write the site to ``config.out``."""
    site = build(config)
    try:
        site.write(config.out)
    except ValueError as exc:  # a feed file changed between gathering and writing
        raise BuildError(f"cannot write the site: {exc}") from exc
    return site


_IMPORT = re.compile(
    rb"""^\s*(?:import|export)\b[^;]*?\bfrom\s*["'](\./[\w./-]+\.mjs)["']|^\s*import\s*["'](\./[\w./-]+\.mjs)["']""",
    re.M,
)


def module_graph(static: dict[str, bytes], entry: str) -> list[str]:
    """Every module ``entry`` imports statically, directly or not, itself excluded (site-relative paths)."""
    seen: list[str] = []
    todo = [entry]
    while todo:
        current = todo.pop()
        folder = current.rpartition("/")[0]
        for match in _IMPORT.finditer(static.get(current, b"")):
            rel = (match.group(1) or match.group(2)).decode()
            target = posixpath.normpath(posixpath.join(folder, rel))
            if target not in seen and target != entry:
                seen.append(target)
                todo.append(target)
    return sorted(seen)


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
