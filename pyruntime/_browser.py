"""The browser edge: the only module that imports ``js`` or ``pyodide``.

It gives the session a transport built on the browser's ``fetch`` (through
Pyodide's ``pyfetch``) and adapts the worker's arguments (a JS string, a
``Uint8Array``, a JS callback) to plain Python for :mod:`pyruntime.bridge`.
On CPython this module imports but ``install`` refuses to run.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import Any

from . import bridge
from .providers.http import HttpRequest, HttpResponse

IN_PYODIDE = sys.platform == "emscripten"


class FetchTransport:
    """Send :class:`HttpRequest` s with the browser's ``fetch``.

    No cookies or referrer go with any request; the browser's CORS rules
    apply. A request that gets no response at all (offline, DNS, or CORS
    refusal, which the browser does not tell apart) raises ``OSError``.
    """

    async def send(self, request: HttpRequest) -> HttpResponse:
        from pyodide.http import pyfetch

        options: dict[str, Any] = {
            "method": request.method,
            "headers": dict(request.headers),
            "credentials": "omit",
            "referrerPolicy": "no-referrer",
            "cache": "no-store",
        }
        if request.body is not None:
            options["body"] = request.body
        try:
            response = await pyfetch(request.full_url(), **options)
            body = await response.string()
        except Exception:
            # Never include the request (its headers may hold a key) in the error.
            raise OSError("no response") from None
        headers = {k.lower(): v for k, v in response.headers.items()}
        return HttpResponse(response.status, headers, body)


def install(site_root: str) -> None:
    """Give the session its browser transport; ``site_root`` ends with ``/`` (feeds live below it)."""
    if not IN_PYODIDE:
        raise RuntimeError("pyruntime._browser.install only runs inside Pyodide")
    bridge.SESSION.transport = FetchTransport()
    bridge.SESSION.sleep = asyncio.sleep
    bridge.SESSION.site_root = site_root
    bridge.SESSION.concurrency = 3  # "a few requests at a time" to the provider


async def handle(message_json: str, data: Any = None, progress: Callable[[str], None] | None = None) -> str:
    """The worker's entry point: convert a ``Uint8Array`` to bytes, then answer via the bridge."""
    # JavaScript's undefined arrives as None; a Uint8Array as a proxy to copy out.
    raw = bytes(data.to_py()) if data is not None and hasattr(data, "to_py") else None
    return await bridge.handle_async(message_json, raw, progress)
