"""The service worker and what it caches: offline after the first visit, the
security headers on every host, one build's files never mixed with another's."""

from __future__ import annotations

import hashlib
import json

from .writer import SiteFiles, SourceFile

SHELL_PREFIXES = ("css/", "js/", "icons/")
SHELL_FILES = ("index.html", "privacy.html", "prices.html", "manifest.webmanifest", "feeds/v1/index.json")
NOT_CACHED = (".txt",)
"""Served but never loaded by a page (the chart library's licence and notice): not worth a first visit's bytes."""
RUNTIME_CACHE = "half-hourly-runtime"
"""The Cache Storage cache holding the runtime (Pyodide and our bundles, named by version or content
hash), shared by builds: the service worker serves from it, and Python's worker stores into it what
it downloads before a service worker controls the page (site_src/sw/sw.js explains)."""


def _digest(data: bytes | SourceFile) -> str:
    return data.sha256 if isinstance(data, SourceFile) else hashlib.sha256(data).hexdigest()


def service_worker(
    site: SiteFiles, source: str, runtime_prefixes: tuple[str, ...], headers: list[tuple[str, str]],
    unpacked: tuple[str, ...] = (),
) -> str:
    """``sw.js``: ``source`` (site_src/sw/sw.js) after its ``BUILD`` settings.

    ``unpacked``: runtime files the site does not serve but Python's worker stores, unpacked from one it
    does (the WebAssembly, from its ``.xz``): kept in the runtime cache, never downloaded.

    The version is a hash of every cached file and of the headers, so any
    change to them (a new pyruntime, a page, tonight's feed index) is a new
    version, and only such a change is.
    """
    shell = sorted(
        p for p in site.files if (p in SHELL_FILES or p.startswith(SHELL_PREFIXES)) and not p.endswith(NOT_CACHED)
    )
    runtime = sorted(p for p in site.files if p.startswith(runtime_prefixes))
    h = hashlib.sha256(json.dumps(headers).encode())
    for path in shell + runtime:
        h.update(f"{path}\0{_digest(site.files[path])}\n".encode())
    build = {
        "version": h.hexdigest()[:16],
        "shell": shell,
        "runtime": runtime,
        "unpacked": list(unpacked),
        "runtime_cache": RUNTIME_CACHE,
        "headers": headers,
    }
    return f"const BUILD = {json.dumps(build, indent=1, ensure_ascii=False)};\n\n{source}"
