"""The Content Security Policy: the privacy promise, enforced by the browser.

The page may load code only from its own origin, and may connect only to its
own origin and the configured provider APIs. No CDN, analytics or fonts can
slip in later without a test failing here and in the browser tests.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable


def inline_script(source: str) -> str:
    """``source`` as inlined in a page: its ``//`` comment lines (which explain it) left out."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//")) + "\n"


def script_hash(source: str) -> str:
    """The CSP source allowing exactly one inline ``<script>`` whose text is ``source``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


FRAME_ANCESTORS = "'self'"
"""Who may frame the site: its own origin (every ancestor, all the way up), no one else. The frame guard
(``site_src/inline/frame-guard.js``) keeps the same rule where no header can be sent, and ``X-Frame-Options:
SAMEORIGIN`` says it to browsers that read only that."""


def content_security_policy(
    provider_origins: list[str], *, for_meta: bool = False, inline_scripts: tuple[str, ...] = ()
) -> str:
    """The CSP for every page.

    ``'wasm-unsafe-eval'`` lets Pyodide compile WebAssembly; ``'unsafe-eval'``
    and ``'unsafe-inline'`` are never needed: the one inline script (the frame
    guard, which must run before anything is drawn without a download holding
    the page up) is allowed by its hash in ``inline_scripts`` and nothing else is. ``frame-ancestors`` only works
    as an HTTP header (browsers ignore it in ``<meta>`` and log an error), so
    it is left out of the meta version; it is :data:`FRAME_ANCESTORS`.

    ``worker-src`` allows ``blob:`` (and nothing else takes it): Python's
    worker is started from a one-line ``blob:`` module that imports
    ``js/worker.mjs`` (``site_src/static/js/start-worker.mjs``), because a
    ``blob:`` worker runs under the policy of the page that made it, header
    and ``<meta>`` alike, while a worker started from a URL takes its policy
    only from that script's response headers, which some hosts never send.
    It opens nothing new: only a script this policy already lets run on the
    page can make a blob, and what the blob imports is still held to
    ``script-src``.
    """
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *map(script_hash, inline_scripts), "'wasm-unsafe-eval'"]),
        ("style-src", ["'self'"]),
        ("img-src", ["'self'", "data:", "blob:"]),
        ("connect-src", ["'self'", *provider_origins]),
        ("worker-src", ["'self'", "blob:"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'none'"]),
        ("form-action", ["'none'"]),
    ]
    if not for_meta:
        directives.append(("frame-ancestors", [FRAME_ANCESTORS]))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def security_headers(csp: str) -> list[tuple[str, str]]:
    """The headers every page and script should carry, whoever serves them.

    ``_headers`` gives them to hosts that read it; the service worker adds
    them to what it serves from its cache, on every host.
    """
    return [
        ("Content-Security-Policy", csp),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("X-Frame-Options", "SAMEORIGIN"),  # frame-ancestors 'self' for browsers without CSP level 2
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), browsing-topics=()"),
    ]


def documents_and_workers(pages: Iterable[str]) -> list[str]:
    """The URL paths whose responses the security headers act on: each page, under every URL a host gives it
    (``/`` for ``index.html``; ``/prices`` beside ``/prices.html``, as Cloudflare Pages serves it), and the
    two worker scripts (a worker runs under the policy its own script arrives with)."""
    paths = []
    for page in pages:
        stem = page.removesuffix(".html")
        paths.extend(["/", "/index.html"] if stem == "index" else [f"/{stem}", f"/{page}"])
    return [*paths, "/js/worker.mjs", "/sw.js"]


def headers_file(csp: str, pyodide_prefix: str, documents: Iterable[str]) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages) carrying the CSP as a real header.

    The header adds what a ``<meta>`` CSP cannot carry (``frame-ancestors``)
    and the other security headers; Python's worker runs under the page's
    policy either way (see :func:`content_security_policy`). They go on the
    ``documents`` (pages and worker scripts, :func:`documents_and_workers`), the
    only responses a browser reads them from: the ~45 scripts, styles and data
    files of a first visit would otherwise carry 25 KB of headers that do
    nothing (HTTP/1.1 sends them in full each time). Every response keeps
    ``nosniff``. ``sw.js`` is revalidated at every visit, so a new build is
    found at once.
    """
    security = [f"  {name}: {value}" for name, value in security_headers(csp) if name != "X-Content-Type-Options"]
    lines = ["/*", "  X-Content-Type-Options: nosniff"]
    for path in documents:
        lines.extend([path, *security])
    return "\n".join(lines) + (
        "\n"
        f"/{pyodide_prefix}*\n"
        "  Cache-Control: public, max-age=31536000, immutable\n"
        "/py/*\n"
        "  Cache-Control: public, max-age=31536000, immutable\n"
        "/sw.js\n"
        "  Cache-Control: no-cache\n"
    )
