"""A fault-injecting proxy in front of the provider emulator, and a "foreign" server that records visits.

The proxy forwards every request to the emulator (``tests/emulators/providers.py``)
unless a fault is switched on for it, so the provider behaves normally apart
from the one fault a test is about:

- ``redirect_to``: consumption requests get ``302`` to the same path on another
  origin (the path holds the MPAN and meter serial, so following it would leak them);
- ``hang``: consumption requests are held open and never answered;
- ``end_early_after``: gas pages after the first N come back with ``next: null``
  and no results, while ``count`` still says the whole history;
- ``readings_as``: readings in Octopus consumption pages and in Glowmarkt (Bright)
  readings replies (``data: [[start, value], ...]``, as the emulator serves them) are
  sent as other JSON text: this text for every one (``"NaN"``, ``"Infinity"``,
  ``"1e999"``: literals ``json.loads`` accepts), or what a function of the reading's
  start [s, UTC] and value returns for it (``None`` sends the reading as it was).

The foreign server answers anything with 200 (CORS open) and records each
request, so a test can assert that nothing reached it.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}

Rewrite = Callable[[int, object], str | None]
"""``(start [s, UTC], value) → JSON text`` sent instead of one reading's value, or ``None`` to send it as it was."""


@dataclass
class Faults:
    redirect_to: str | None = None
    hang: bool = False
    end_early_after: int | None = None
    readings_as: str | Rewrite | None = None
    held: int = 0  # requests held open by ``hang``
    paths: list[str] = field(default_factory=list)  # every request the proxy got, as "METHOD path"


@dataclass
class FaultProxy:
    upstream: str
    faults: Faults = field(default_factory=Faults)
    release: threading.Event = field(default_factory=threading.Event)


@dataclass
class Visited:
    method: str
    path: str
    headers: dict[str, str]


class _ProxyHandler(BaseHTTPRequestHandler):
    proxy: FaultProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_OPTIONS(self):
        self.proxy.faults.paths.append(f"OPTIONS {self.path}")
        self._forward()

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def _handle(self):
        f = self.proxy.faults
        f.paths.append(f"{self.command} {self.path}")
        url = urlsplit(self.path)
        if url.path.startswith("/glowmarkt/") and url.path.endswith("/readings") and f.readings_as is not None:
            status, headers, body = self._upstream()
            return self._reply(status, headers, _swap_readings(body, f.readings_as) if status == 200 else body)
        if url.path.endswith("/consumption/"):
            if f.redirect_to:
                self.send_response(302)
                self.send_header("Location", f.redirect_to + self.path)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if f.hang:
                f.held += 1
                self.proxy.release.wait(120)  # until the test ends: never answered
                self.close_connection = True
                return
            page = int(parse_qs(url.query).get("page", ["1"])[0])
            if f.end_early_after is not None and "gas-meter-points" in url.path and page > f.end_early_after:
                status, headers, body = self._upstream()
                doc = json.loads(body)
                doc.update(next=None, results=[])
                return self._reply(status, headers, json.dumps(doc).encode())
            if f.readings_as is not None:
                status, headers, body = self._upstream()
                return self._reply(status, headers, _swap_readings(body, f.readings_as) if status == 200 else body)
        self._forward()

    def _upstream(self) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = urlsplit(self.proxy.upstream)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        # Host passes through, so the emulator's next links point back at the proxy.
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, [(k, v) for k, v in resp.getheaders() if k.lower() not in HOP_BY_HOP | {"host"}], data

    def _forward(self):
        self._reply(*self._upstream())

    def _reply(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _swap_readings(body: bytes, readings_as: str | Rewrite) -> bytes:
    """An Octopus consumption page or a Glowmarkt readings reply with its values sent as ``readings_as`` says.

    Each value swapped becomes a placeholder string first, so the JSON text put in its
    place may be anything, even what ``json.dumps`` would never write (``NaN``, ``1e999``).
    """
    doc = json.loads(body)
    texts: list[str] = []

    def swap(start: int, value: object) -> object:
        text = readings_as if isinstance(readings_as, str) else readings_as(start, value)
        if text is None:
            return value
        texts.append(text)
        return f"__VALUE_{len(texts) - 1}__"

    if isinstance(doc.get("data"), list):  # Glowmarkt: [[start, value], ...]
        doc["data"] = [[start, swap(start, value)] for start, value in doc["data"]]
    for row in doc.get("results", []):  # Octopus: {"consumption": value, "interval_start": ISO 8601, ...}
        start = int(dt.datetime.fromisoformat(row["interval_start"].replace("Z", "+00:00")).timestamp())
        row["consumption"] = swap(start, row["consumption"])
    return re.sub(r'"__VALUE_(\d+)__"', lambda m: texts[int(m[1])], json.dumps(doc)).encode()


class _ForeignHandler(BaseHTTPRequestHandler):
    visits: list[Visited]
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _any(self):
        self.visits.append(Visited(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
        body = b'{"count": 0, "next": null, "results": []}'
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, applicationId, token")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_OPTIONS = _any


def _serve(handler: type) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def start_fault_proxy(upstream: str) -> tuple[ThreadingHTTPServer, str, FaultProxy]:
    """A proxy to ``upstream`` on 127.0.0.1 (a free port); set ``.faults`` to misbehave, ``.release`` to end hangs."""
    proxy = FaultProxy(upstream)
    server, base = _serve(type("BoundProxy", (_ProxyHandler,), {"proxy": proxy}))
    return server, base, proxy


def start_foreign() -> tuple[ThreadingHTTPServer, str, list[Visited]]:
    """Another origin that records every request it gets."""
    visits: list[Visited] = []
    server, base = _serve(type("BoundForeign", (_ForeignHandler,), {"visits": visits}))
    return server, base, visits
