"""An emulator of the Octopus Energy and Glowmarkt (Bright) APIs for browser tests.

One ``ThreadingHTTPServer`` on 127.0.0.1 answers both APIs (Octopus under
``/octopus/v1/``, Glowmarkt under ``/glowmarkt/api/v0-1/``), with real CORS
handling and auth checks. The household it serves is the deterministic demo
household, so tests know the exact totals to expect. Octopus's GraphQL
endpoint (``/octopus/v1/graphql/``: token, statements, rate limit, bad key)
answers as ``tests/pyruntime/kraken.py`` does. Switches on the
emulator make it misbehave the way real services do: 429 with Retry-After, a
500 in the middle of a history, a refused preflight, an outage.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from pyruntime.household.demo import demo_household
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc
from tests.pyruntime.kraken import Kraken

ACCOUNT = "A-1234ABCD"
API_KEY = "sk_live_TESTKEY0123456789abcdef"
GLOW_USER = "jane@example.com"
GLOW_PASSWORD = "correct horse battery staple"
GLOW_TOKEN = "glow-token-0123456789"
GLOW_APP_ID = "b0f1b774-a586-4f72-9edd-27ead8aa7a8d"

MPAN, EXPORT_MPAN, MPRN = "1900000000001", "1900000000002", "9100000001"
OLD_SERIAL, NEW_SERIAL, EXPORT_SERIAL, GAS_SERIAL = "21L0000001", "21L0000002", "21L0000003", "G4A0000001"
METER_SWAP = int(dt.datetime(2023, 6, 30, 23, tzinfo=dt.UTC).timestamp())  # 1 July 2023, local midnight


@dataclass
class Behaviour:
    """How the emulator misbehaves; tests flip these."""

    rate_limit_once: bool = False  # first consumption request gets 429 Retry-After: 1
    fail_consumption_after: int | None = None  # 500 for this meter's pages after N pages
    refuse_preflight: bool = False  # OPTIONS gets no CORS headers
    outage: bool = False  # every request gets 503 with an HTML body
    served_429: int = 0


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    origin: str | None


@dataclass
class Emulator:
    household: dict = field(default_factory=demo_household)
    behaviour: Behaviour = field(default_factory=Behaviour)
    requests: list[Recorded] = field(default_factory=list)
    page_size_cap: int = 25_000
    kraken: Kraken = field(default_factory=Kraken)  # the GraphQL endpoint's statements and switches

    def readings(self, fuel: str, serial: str | None = None) -> list[tuple[int, float]]:
        s = self.household[fuel]
        out = [(s.start + i * HALF_HOUR, v) for i, v in enumerate(s.values) if v is not None]
        if fuel == "electricity" and serial == OLD_SERIAL:
            return [r for r in out if r[0] < METER_SWAP]
        if fuel == "electricity" and serial == NEW_SERIAL:
            return [r for r in out if r[0] >= METER_SWAP]
        return out


def account_document() -> dict:
    """An Octopus account: import meter replaced mid-2023, export meter, gas meter; region C."""
    return {
        "number": ACCOUNT,
        "properties": [{
            "id": 1,
            "moved_in_at": "2020-01-01T00:00:00Z",
            "moved_out_at": None,
            "address_line_1": "1 Test Street",
            "postcode": "AA1 1AA",
            "electricity_meter_points": [
                {
                    "mpan": MPAN, "profile_class": 1, "consumption_standard": 3000, "is_export": False,
                    "meters": [{"serial_number": OLD_SERIAL, "registers": []},
                               {"serial_number": NEW_SERIAL, "registers": []}],
                    "agreements": [
                        {"tariff_code": "E-1R-VAR-22-11-01-C", "valid_from": "2022-11-01T00:00:00Z",
                         "valid_to": "2023-04-01T00:00:00+01:00"},
                        {"tariff_code": "E-1R-AGILE-FLEX-22-11-25-C", "valid_from": "2023-04-01T00:00:00+01:00",
                         "valid_to": None},
                    ],
                },
                {
                    "mpan": EXPORT_MPAN, "profile_class": 8, "consumption_standard": 0, "is_export": True,
                    "meters": [{"serial_number": EXPORT_SERIAL, "registers": []}],
                    "agreements": [{"tariff_code": "E-1R-AGILE-OUTGOING-19-05-13-C",
                                    "valid_from": "2022-11-01T00:00:00Z", "valid_to": None}],
                },
            ],
            "gas_meter_points": [{
                "mprn": MPRN, "consumption_standard": 11000,
                "meters": [{"serial_number": GAS_SERIAL}],
                "agreements": [{"tariff_code": "G-1R-VAR-22-11-01-C", "valid_from": "2022-11-01T00:00:00Z",
                                "valid_to": None}],
            }],
        }],
    }


def _parse_time(value: str) -> int:
    return int(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


class Handler(BaseHTTPRequestHandler):
    emulator: Emulator
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    # --- plumbing -------------------------------------------------------------
    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, applicationId, token")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Expose-Headers", "Retry-After")
        self.send_header("Access-Control-Max-Age", "600")

    def _send(self, status: int, body: object, *, html: bool = False, extra: dict | None = None) -> None:
        data = body.encode() if html else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if html else "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self._cors()
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.emulator.requests.append(Recorded(self.command, self.path, headers, self.headers.get("Origin")))

    def do_OPTIONS(self):
        self._record()
        self.send_response(204)
        if not self.emulator.behaviour.refuse_preflight:
            self._cors()
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def _dispatch(self):
        self._record()
        # The body is read before any answer, an early error included: left unread on a kept-alive connection it
        # would be parsed as the start of the next request, which would then fail for a reason no server gives.
        self.body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        if self.emulator.behaviour.outage:
            return self._send(503, "<html><body>Service Unavailable</body></html>", html=True)
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path.startswith("/octopus/v1/"):
            return self._octopus(url.path.removeprefix("/octopus/v1/"), query)
        if url.path.startswith("/glowmarkt/api/v0-1/"):
            return self._glowmarkt(url.path.removeprefix("/glowmarkt/api/v0-1/"), query)
        return self._send(404, {"detail": "Not found."})

    # --- Octopus ----------------------------------------------------------------
    def _octopus_authorised(self) -> bool:
        auth = self.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(f"{API_KEY}:".encode()).decode()
        return auth == expected

    def _octopus(self, path: str, query: dict) -> None:
        if path == "graphql/" and self.command == "POST":  # Kraken answers errors with HTTP 200, as the real one does
            body = self.body.decode()
            return self._send(200, self.emulator.kraken.answer(body, self.headers.get("Authorization")))
        if not self._octopus_authorised():
            return self._send(401, {"detail": "Invalid API key."})
        parts = [p for p in path.split("/") if p]
        if parts[:1] == ["accounts"]:
            if len(parts) == 2 and parts[1] == ACCOUNT:
                return self._send(200, account_document())
            return self._send(404, {"detail": "Not found."})
        meter_points = ("electricity-meter-points", "gas-meter-points")
        if len(parts) == 5 and parts[0] in meter_points and parts[4] == "consumption":
            return self._consumption(parts[1], parts[3], query)
        return self._send(404, {"detail": "Not found."})

    def _consumption(self, point: str, serial: str, query: dict) -> None:
        b = self.emulator.behaviour
        if b.rate_limit_once and b.served_429 == 0:
            b.served_429 += 1
            return self._send(429, {"detail": "Request was throttled."}, extra={"Retry-After": "1"})
        fuel = {MPAN: "electricity", EXPORT_MPAN: "export", MPRN: "gas"}.get(point)
        known = {MPAN: (OLD_SERIAL, NEW_SERIAL), EXPORT_MPAN: (EXPORT_SERIAL,), MPRN: (GAS_SERIAL,)}
        if fuel is None or serial not in known[point]:
            return self._send(404, {"detail": "Not found."})
        rows = self.emulator.readings(fuel, serial)
        if "period_from" in query:
            lo = _parse_time(query["period_from"])
            rows = [r for r in rows if r[0] >= lo]
        if "period_to" in query:
            hi = _parse_time(query["period_to"])
            rows = [r for r in rows if r[0] < hi]
        if query.get("order_by") != "period":
            rows = rows[::-1]
        size = min(int(query.get("page_size", 100)), self.emulator.page_size_cap)
        page = int(query.get("page", 1))
        if b.fail_consumption_after is not None and fuel == "gas" and page > b.fail_consumption_after:
            return self._send(500, {"detail": "Internal server error"})
        chunk = rows[(page - 1) * size : page * size]
        next_url = None
        if page * size < len(rows):
            q = dict(query, page=str(page + 1))
            host = self.headers.get("Host")
            next_url = f"http://{host}{urlsplit(self.path).path}?{urlencode(q)}"
        results = [
            {"consumption": v, "interval_start": isoformat_utc(t), "interval_end": isoformat_utc(t + HALF_HOUR)}
            for t, v in chunk
        ]
        self._send(200, {"count": len(rows), "next": next_url, "previous": None, "results": results})

    # --- Glowmarkt ------------------------------------------------------------------
    def _glowmarkt(self, path: str, query: dict) -> None:
        if self.headers.get("applicationId") != GLOW_APP_ID:
            return self._send(401, {"error": "missing applicationId"})
        if path == "auth" and self.command == "POST":
            body = json.loads(self.body or b"{}")
            if body.get("username") == GLOW_USER and body.get("password") == GLOW_PASSWORD:
                return self._send(200, {"valid": True, "token": GLOW_TOKEN, "exp": 4102444800, "accountId": "acc"})
            return self._send(401, {"valid": False, "error": {"message": "Invalid username or password"}})
        if self.headers.get("token") != GLOW_TOKEN:
            return self._send(401, {"error": "invalid token"})
        if path == "resource":
            return self._send(200, [
                {"resourceId": "res-elec", "classifier": "electricity.consumption", "name": "electricity consumption",
                 "baseUnit": "kWh", "resourceTypeId": "e3a5db34-6e0c-4221-9653-8d33e27511ba"},
                {"resourceId": "res-elec-cost", "classifier": "electricity.consumption.cost",
                 "name": "electricity cost", "baseUnit": "pence"},
                {"resourceId": "res-gas", "classifier": "gas.consumption", "name": "gas consumption",
                 "baseUnit": "kWh", "resourceTypeId": "08ab415f-d851-423f-adf4-c2b1e0529e27"},
            ])
        parts = path.split("/")
        if path == "virtualentity":
            return self._send(200, [{"veId": "ve-1", "name": "DCC Sourced", "active": True, "resources": [
                {"resourceId": "res-elec", "resourceTypeId": "e3a5db34-6e0c-4221-9653-8d33e27511ba",
                 "name": "electricity consumption"},
                {"resourceId": "res-elec-cost", "resourceTypeId": "78859e39-611e-4e84-a402-1d4460abcb56",
                 "name": "electricity cost"},
                {"resourceId": "res-gas", "resourceTypeId": "08ab415f-d851-423f-adf4-c2b1e0529e27",
                 "name": "gas consumption"},
            ]}])
        if len(parts) == 3 and parts[0] == "resource" and parts[2] in ("first-time", "last-time"):
            fuel = {"res-elec": "electricity", "res-gas": "gas"}.get(parts[1])
            if fuel is None:
                return self._send(404, {"error": "resource not found"})
            times = [t for t, _ in self.emulator.readings(fuel)]
            if parts[2] == "first-time":
                return self._send(200, {"data": {"firstTs": min(times)}})
            return self._send(200, {"data": {"lastTs": max(times)}})
        if len(parts) == 3 and parts[0] == "resource" and parts[2] == "readings":
            fuel = {"res-elec": "electricity", "res-gas": "gas"}.get(parts[1])
            if fuel is None:
                return self._send(404, {"error": "resource not found"})
            lo = _parse_time(query["from"] + "+00:00")
            hi = _parse_time(query["to"] + "+00:00")
            if hi - lo > 10 * 86400 + 60:
                return self._send(400, {"error": "incorrect elements - range too large for PT30M"})
            rows = [(t, v) for t, v in self.emulator.readings(fuel) if lo <= t <= hi]
            return self._send(200, {"status": "OK", "resourceId": parts[1], "units": "kWh",
                                    "classifier": f"{fuel}.consumption", "data": [[t, v] for t, v in rows]})
        return self._send(404, {"error": "not found"})


def start_emulator(emulator: Emulator | None = None) -> tuple[ThreadingHTTPServer, str, Emulator]:
    """Serve the emulator on 127.0.0.1 (a free port) in a daemon thread."""
    emulator = emulator or Emulator()
    handler = type("BoundHandler", (Handler,), {"emulator": emulator})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", emulator
