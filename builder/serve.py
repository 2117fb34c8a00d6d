"""A local static server that behaves like the production CDN.

It sends the headers from the site's own ``_headers`` file (above all the
Content-Security-Policy, which must be a header to reach the Web Worker) and
the right MIME types for ``.mjs`` and ``.wasm``. Used by ``make serve`` and by
the browser tests, so both see what visitors see.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

MIME_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webmanifest": "application/manifest+json",
}


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(path pattern, [(header, value), ...]), ...]`` from a ``_headers`` file."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(path: str, rules: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple[str, str]]:
    """Headers whose pattern matches URL ``path`` (exact, or a prefix ending in ``*``)."""
    out = []
    for pattern, headers in rules:
        if (pattern.endswith("*") and path.startswith(pattern[:-1])) or path == pattern:
            out.extend(headers)
    return out


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    rules: ClassVar[list[tuple[str, list[tuple[str, str]]]]] = []
    quiet = False

    def end_headers(self) -> None:
        for name, value in headers_for(self.path.split("?", 1)[0], self.rules):
            self.send_header(name, value)
        super().end_headers()

    def list_directory(self, path: str) -> None:  # type: ignore[override]
        """Never list a directory: a missing page is a 404, not a view of the files."""
        self.send_error(404, "Not found")

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)


def make_server(
    site: Path, host: str = "127.0.0.1", port: int = 8000, *, quiet: bool = False, headers: bool = True
) -> ThreadingHTTPServer:
    """A server for directory ``site`` (not yet serving); ``port=0`` picks a free port.

    ``headers=False`` ignores ``_headers``, like a host that cannot set headers
    (GitHub Pages, ``python -m http.server``): what must still hold there is tested so.
    """
    headers_path = site / "_headers"
    rules = parse_headers_file(headers_path.read_text()) if headers and headers_path.is_file() else []
    handler = type("BoundSiteHandler", (SiteHandler,), {"rules": rules, "quiet": quiet})
    return ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(site)))


def serve_in_thread(
    site: Path, host: str = "127.0.0.1", port: int = 0, *, headers: bool = True
) -> tuple[ThreadingHTTPServer, str]:
    """Start serving ``site`` in a daemon thread; returns the server and its base URL."""
    server = make_server(site, host, port, quiet=True, headers=headers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"
