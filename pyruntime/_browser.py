"""The browser edge: the only module that imports ``js`` or ``pyodide``.

It gives the session a transport built on the browser's ``fetch`` (through
Pyodide's ``pyfetch``) and adapts the worker's arguments (a JS string, a
``Uint8Array``, a JS callback) to plain Python for :mod:`pyruntime.bridge`.
On CPython this module imports but ``install`` refuses to run.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from typing import Any

from . import bridge
from .ops.core import PROTOCOL_VERSION
from .providers.http import ForeignOrigin, HttpRequest, HttpResponse, TimedOut, check_origin, origin_of

IN_PYODIDE = sys.platform == "emscripten"
CANCELLABLE_OPS = frozenset({"load_octopus", "load_glowmarkt"})  # the ops that wait on a provider
_RUNNING: dict[Any, asyncio.Task] = {}  # message id → its load, while it runs
_CANCELLED: set[Any] = set()  # ids cancelled before their load started


class FetchTransport:
    """Send :class:`HttpRequest` s with the browser's ``fetch``, only to ``allowed`` origins.

    No cookies or referrer go with any request; the browser's CORS rules
    apply. Redirects are never followed (``redirect: "manual"``): a redirect
    could carry the account number and meter serials in its path to another
    origin. The browser's CSP (``connect-src``, which the worker takes from
    its page) refuses such requests too; this check holds in any browser,
    whatever policy it applies. A request that gets no response at all (offline, DNS, or CORS
    refusal, which the browser does not tell apart) raises ``OSError``; one
    to (or redirected towards) another origin raises :class:`ForeignOrigin`
    before anything is sent; one with no complete reply within
    ``timeout_s`` [s] raises :class:`TimedOut` and is aborted.
    """

    def __init__(self, allowed: frozenset[str], timeout_s: float) -> None:
        self.allowed = allowed
        self.timeout_s = timeout_s

    async def send(self, request: HttpRequest) -> HttpResponse:
        url = request.full_url()
        check_origin(url, self.allowed)
        # The browser aborts the fetch (reply and body) when the time is up; an
        # asyncio timeout a moment later is the backstop should anything else stall.
        try:
            return await asyncio.wait_for(self._fetch(url, request), self.timeout_s + 1)
        except TimeoutError:
            raise TimedOut(self.timeout_s) from None

    async def _fetch(self, url: str, request: HttpRequest) -> HttpResponse:
        from js import AbortSignal
        from pyodide.http import pyfetch

        signal = AbortSignal.timeout(round(self.timeout_s * 1000))

        options: dict[str, Any] = {
            "method": request.method,
            "headers": dict(request.headers),
            "credentials": "omit",
            "referrerPolicy": "no-referrer",
            "cache": "no-store",
            "redirect": "manual",
        }
        if request.body is not None:
            options["body"] = request.body
        try:
            response = await pyfetch(url, signal=signal, **options)
            if response.type == "opaqueredirect":
                raise ForeignOrigin("refused to follow a redirect")
            body = await response.string()
        except ForeignOrigin:
            raise
        except Exception:
            if signal.aborted:
                raise TimedOut(self.timeout_s) from None
            # Never include the request (its headers may hold a key) in the error.
            raise OSError("no response") from None
        headers = {k.lower(): v for k, v in response.headers.items()}
        return HttpResponse(response.status, headers, body)


def install(site_root: str, providers_json: str = "{}", timeout_ms: float = 60_000) -> None:
    """Give the session its browser transport and the provider API addresses.

    ``site_root`` ends with ``/`` (feeds live below it); ``providers_json`` is
    a JSON object of the provider API base URLs the page read from
    ``config.json`` (``{"octopus_api": url, "glowmarkt_api": url}``): their
    origins (with the site's own) are the only ones the transport will reach,
    and the loaders send credentials to these addresses only;
    ``timeout_ms`` bounds each provider reply [ms].
    """
    if not IN_PYODIDE:
        raise RuntimeError("pyruntime._browser.install only runs inside Pyodide")
    providers = {str(k): str(v) for k, v in json.loads(providers_json).items() if isinstance(v, str)}
    bridge.SESSION.provider_bases = providers
    allowed = {origin_of(site_root)} | {origin_of(u) for u in providers.values()}
    bridge.SESSION.transport = FetchTransport(frozenset(allowed - {""}), float(timeout_ms) / 1000)
    bridge.SESSION.sleep = asyncio.sleep
    bridge.SESSION.site_root = site_root
    bridge.SESSION.concurrency = 3  # "a few requests at a time" to the provider


def cancel(ids_json: str) -> None:
    """Stop the provider loads with these message ids (a JSON list), started or not.

    A load whose task is running is cancelled (its fetches are aborted); one
    not started yet answers ``Cancelled`` as soon as it arrives.
    """
    ids = set(json.loads(ids_json))
    _CANCELLED.update(ids)
    for msg_id, task in _RUNNING.items():
        if msg_id in ids:
            task.cancel()


async def handle(message_json: str, data: Any = None, progress: Callable[[str], None] | None = None) -> str:
    """The worker's entry point: convert a ``Uint8Array`` to bytes, then answer via the bridge.

    A provider load runs as a task :func:`cancel` can stop; it then answers
    with a ``Cancelled`` error, and the data loaded before stays as it was.
    """
    # JavaScript's undefined arrives as None; a Uint8Array as a proxy to copy out.
    raw = bytes(data.to_py()) if data is not None and hasattr(data, "to_py") else None
    try:
        msg = json.loads(message_json)
    except ValueError:
        msg = {}
    if not isinstance(msg, dict) or msg.get("op") not in CANCELLABLE_OPS:
        return await bridge.handle_async(message_json, raw, progress)
    msg_id = msg.get("id")
    cancelled = {"type": "Cancelled", "kind": "cancelled", "message": "Loading was cancelled. Nothing was changed."}
    reply = json.dumps({"v": PROTOCOL_VERSION, "id": msg_id, "ok": False, "error": cancelled})
    if msg_id in _CANCELLED:
        _CANCELLED.discard(msg_id)
        return reply
    task = asyncio.ensure_future(bridge.handle_async(message_json, raw, progress))
    _RUNNING[msg_id] = task
    try:
        return await task
    except asyncio.CancelledError:
        return reply
    finally:
        _RUNNING.pop(msg_id, None)
        _CANCELLED.discard(msg_id)
