"""A local HTTP emulator of the Octopus products/rates API and the Carbon Intensity API.

Real HTTP on 127.0.0.1 (``ThreadingHTTPServer`` in a thread, port 0). Data are built
from recorded responses in ``tests/fixtures/feeds_api/`` (see its README): the real
Agile import/export prices of late October 2023 (tiled), the recorded Flexible
standing-charge history, recorded regional and national carbon intensity (tiled).

Behaviours the feeds must survive: ``next`` paging (newest first), products hidden
from the default list (Tracker), ``available_at``, a product withdrawn mid-history,
the real menu (:func:`recorded_catalogue`: every product of the recorded September
2024 products list, a fixed product with ``available_to``, Tracker absent from the
list altogether, a listed product whose detail answers 404, direct-debit and
non-direct-debit rows),
the carbon 14-day window limit and its "half-hour ending at {from}" quirk, and
injectable faults (429 + Retry-After, 500, timeouts, HTML, malformed JSON, wrong
shape, empty pages, 404, absurd values).
"""

from __future__ import annotations

import csv
import json
import math
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds_api"
LONDON = ZoneInfo("Europe/London")
LETTERS = "ABCDEFGHJKLMNP"
CARBON_IDS = {"A": 10, "B": 9, "C": 13, "D": 6, "E": 8, "F": 4, "G": 3, "H": 12, "J": 14, "K": 7, "L": 11,
              "M": 5, "N": 2, "P": 1}


def ts(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _load_agile() -> tuple[list[float], list[float]]:
    imp, exp = [], []
    with open(FIXTURES / "fawkesley_agile_import_export_2023-10-20_2023-11-05.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            imp.append(float(row["Agile Import price (p/kWh)"]))
            exp.append(float(row["Agile Export price (p/kWh)"]))
    return imp, exp


def _load_regional() -> list[dict[int, float]]:
    out = []
    with open(FIXTURES / "nmpowell_regional_intensity_gco2_wide_2023-03-13T2330Z_to_2023-03-15T2330Z.csv") as fh:
        out.extend({int(k.split("_")[0][1:]): float(v) for k, v in row.items() if k.startswith("r")}
                   for row in csv.DictReader(fh))
    return out


def _load_national() -> list[tuple[float, float]]:
    doc = json.loads((FIXTURES / "nmpowell_national_intensity_pt24h_2023-03-15T0101Z.json").read_text())
    return [(d["intensity"]["forecast"], d["intensity"]["actual"]) for d in doc["data"]]


AGILE_IMPORT, AGILE_EXPORT = _load_agile()
REGIONAL = _load_regional()
NATIONAL = _load_national()
RECORDED_SC = json.loads((FIXTURES / "octometer_standing_charges_VAR-22-11-01_history.json").read_text())
# Flexible unit-rate validity boundaries (UTC) and exc-VAT prices per rate; values are
# realistic 2022-2024 Flexible prices, boundaries match the recorded standing charges.
FLAT_BOUNDS = ["2022-11-01T00:00:00Z", "2023-03-31T23:00:00Z", "2023-06-30T23:00:00Z", "2023-09-30T23:00:00Z",
               "2024-01-01T00:00:00Z", "2024-03-31T23:00:00Z"]
FLAT_VALUES = {"standard": [32.0, 30.1, 28.6, 25.7, 27.3, 23.4], "day": [36.9, 35.0, 33.2, 30.4, 35.414, 30.008],
               "night": [15.2, 14.8, 13.9, 12.6, 13.1, 12.588], "gas": [9.8, 9.5, 7.4, 6.4, 6.8, 5.7],
               "export": [15.0] * 6}


def region_factor(region: str) -> float:
    return 1.0 + 0.01 * LETTERS.index(region)


@dataclass
class EmuProduct:
    """One product of the emulated catalogue."""

    code: str
    display_name: str
    direction: str
    available_from: str
    available_to: str | None
    style: str  # agile | agile_export | tou | daily | flat
    kinds: tuple[str, ...] = ("E-1R",)
    is_tracker: bool = False
    brand: str = "OCTOPUS_ENERGY"
    rates_from: str = "2022-11-01T00:00:00Z"
    rates_to: str | None = None  # prices stop being published here (withdrawn product)
    regions: str = LETTERS
    standing: str = "constant"  # constant | recorded | 404 | empty
    offset: float = 0.0
    variable: bool = True
    term: int | None = None
    unlisted: bool = False  # never in the products list, whatever the filter (Tracker in the real API)
    gone: bool = False  # listed, but its detail answers 404 (INTELLI-FLUX-EXPORT-23-07-14 in 2026)
    is_business: bool = False


def default_catalogue() -> list[EmuProduct]:
    """The products the tests use; AGILE-FLEX-22-11-25 is withdrawn mid-history."""
    return [
        EmuProduct("AGILE-FLEX-22-11-25", "Agile Octopus", "IMPORT", "2022-11-25T00:00:00Z",
                   "2023-10-27T00:00:00Z", "agile", rates_to="2023-10-27T00:00:00Z"),
        EmuProduct("AGILE-23-10-27", "Agile Octopus", "IMPORT", "2023-10-27T00:00:00Z", None, "agile",
                   rates_from="2023-10-27T00:00:00Z", offset=0.5),
        EmuProduct("AGILE-BB-23-10-27", "Agile Octopus", "IMPORT", "2023-10-27T00:00:00Z", None, "agile",
                   brand="BULB"),
        EmuProduct("AGILE-OUTGOING-19-05-13", "Agile Outgoing Octopus", "EXPORT", "2018-01-01T00:00:00Z", None,
                   "agile_export", standing="empty"),
        EmuProduct("GO-VAR-22-10-14", "Octopus Go", "IMPORT", "2022-10-14T00:00:00+01:00", None, "tou"),
        EmuProduct("SILVER-FLEX-22-11-25", "Octopus Tracker", "IMPORT", "2022-11-25T00:00:00Z", None, "daily",
                   kinds=("E-1R", "G-1R"), is_tracker=True),
        EmuProduct("VAR-22-11-01", "Flexible Octopus", "IMPORT", "2022-11-01T00:00:00Z", None, "flat",
                   kinds=("E-1R", "E-2R", "G-1R"), standing="recorded"),
        EmuProduct("FLUX-EXPORT-23-02-14", "Octopus Flux Export", "EXPORT", "2023-02-14T00:00:00Z", None, "tou",
                   regions=LETTERS.replace("P", ""), standing="404"),
        EmuProduct("OUTGOING-FIX-12M-19-05-13", "Outgoing Octopus 12M Fixed", "EXPORT", "2019-05-16T00:00:00+01:00",
                   None, "flat", standing="empty"),
        EmuProduct("PREPAY-VAR-18-09-21", "Octopus Key and Card", "IMPORT", "2018-10-10T00:00:00+01:00", None,
                   "flat"),
    ]


@dataclass
class Fault:
    """Misbehave on the next ``times`` requests whose path+query contains ``match``.

    kind: 429 | 500 | 404 | timeout | html | malformed | nested | shape | empty | absurd | hang
          | self_next (a rates page whose ``next`` is itself) | endless (``next`` always one more page)
    """

    match: str
    kind: str
    times: int = 1
    retry_after: str = "0"
    seconds: float = 0.5


@dataclass
class World:
    """Mutable emulator state: the clock, the catalogue, faults, and a request log."""

    now: int
    products: list[EmuProduct] = field(default_factory=default_catalogue)
    faults: list[Fault] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    products_page_size: int = 4
    rates_page_cap: int = 1500
    max_carbon_days: int = 14
    forecast_band: bool = False  # whether the forecast reply carries agile_low/agile_high
    forecast_extra: list[dict] = field(default_factory=list)  # price rows appended to every forecast reply
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_fault(self, target: str) -> Fault | None:
        with self.lock:
            self.log.append(target)
            for f in self.faults:
                if f.times > 0 and f.match in target:
                    f.times -= 1
                    return f
        return None

    def horizon(self) -> int:
        """Prices are published up to 00:00Z the day after tomorrow (Agile's next day)."""
        return self.now - self.now % 86400 + 2 * 86400

    def product(self, code: str) -> EmuProduct | None:
        return next((p for p in self.products if p.code == code), None)


# ---------------------------------------------------------------- rate rows

def _local_days(start: int, end: int) -> list[date]:
    d = datetime.fromtimestamp(start, LONDON).date() - timedelta(days=1)
    last = datetime.fromtimestamp(end, LONDON).date() + timedelta(days=1)
    out = []
    while d <= last:
        out.append(d)
        d += timedelta(days=1)
    return out


def _local(d: date, hh: int, mm: int) -> int:
    return int(datetime(d.year, d.month, d.day, hh, mm, tzinfo=LONDON).timestamp())


def _row(vf: int, vt: int | None, exc: float, method: str | None = None) -> dict[str, Any]:
    return {"value_exc_vat": round(exc, 4), "value_inc_vat": round(exc * 1.05, 6), "valid_from": iso(vf),
            "valid_to": iso(vt) if vt is not None else None, "payment_method": method}


def rate_rows(p: EmuProduct, kind: str, region: str, rate: str, pf: int, pt: int, horizon: int) -> list[dict]:
    lo = max(pf, ts(p.rates_from))
    hi = min(pt, horizon, ts(p.rates_to) if p.rates_to else pt)
    f = region_factor(region)
    rows: list[dict[str, Any]] = []
    if p.style in ("agile", "agile_export"):
        base = AGILE_IMPORT if p.style == "agile" else AGILE_EXPORT
        rows.extend(_row(s, s + 1800, base[(s // 1800) % len(base)] / 1.05 * f + p.offset)
                    for s in range(lo - lo % 1800, hi, 1800))
    elif p.style == "tou":
        peak, off = (38.0 * f, 9.5 * f) if p.direction == "IMPORT" else (7.5 * f, 24.0 * f)
        for d in _local_days(lo, hi):
            a, b, c = _local(d, 0, 30), _local(d, 4, 30), _local(d + timedelta(days=1), 0, 30)
            for vf, vt, v in ((a, b, off), (b, c, peak)):
                if vt > lo and vf < hi:
                    rows.append(_row(vf, vt, v))
    elif p.style == "daily":
        scale = 0.25 if kind == "G-1R" else 1.0
        for d in _local_days(lo, hi):
            vf, vt = _local(d, 0, 0), _local(d + timedelta(days=1), 0, 0)
            if vt > lo and vf < hi and vf < horizon:
                rows.append(_row(vf, vt, scale * f * (20 + 5 * math.sin(d.toordinal() / 3))))
    else:  # flat, quarterly, with non-direct-debit duplicates as the real API sends
        name = "gas" if kind == "G-1R" else "export" if p.direction == "EXPORT" else rate
        bounds = [ts(b) for b in FLAT_BOUNDS] + [None]
        for i, v in enumerate(FLAT_VALUES[name]):
            vf, vt = bounds[i], bounds[i + 1]
            if (vt is None or vt > pf) and vf < pt:
                method = None if p.direction == "EXPORT" else "DIRECT_DEBIT"
                rows.append(_row(vf, vt, v * f, method))
                if method:
                    rows.append(_row(vf, vt, v * f * 1.1, "NON_DIRECT_DEBIT"))
    rows.sort(key=lambda r: r["valid_from"], reverse=True)  # newest first, like the API
    return rows


def standing_rows(p: EmuProduct, region: str) -> list[dict[str, Any]] | None:
    if p.standing == "404":
        return None
    if p.standing == "empty":
        return []
    if p.standing == "recorded":
        f = region_factor(region)
        return [{**r, "value_exc_vat": round(r["value_exc_vat"] * f, 4),
                 "value_inc_vat": round(r["value_inc_vat"] * f, 6)} for r in RECORDED_SC["results"]]
    return [_row(ts(p.rates_from), None, 40.0 * region_factor(region), "DIRECT_DEBIT")]


# ---------------------------------------------------------------- documents

def product_item(p: EmuProduct, base: str) -> dict[str, Any]:
    return {"code": p.code, "direction": p.direction, "full_name": f"{p.display_name} ({p.code})",
            "display_name": p.display_name, "description": "", "is_variable": p.variable, "is_green": False,
            "is_tracker": p.is_tracker, "is_prepay": "PREPAY" in p.code or "-PP-" in p.code,
            "is_business": p.is_business, "is_restricted": False, "term": p.term, "available_from": p.available_from,
            "available_to": p.available_to,
            "links": [{"href": f"{base}products/{p.code}/", "method": "GET", "rel": "self"}], "brand": p.brand}


KIND_KEYS = {"E-1R": ("single_register_electricity_tariffs", "electricity-tariffs"),
             "E-2R": ("dual_register_electricity_tariffs", "electricity-tariffs"),
             "G-1R": ("single_register_gas_tariffs", "gas-tariffs")}


def product_detail(p: EmuProduct, base: str, now: int) -> dict[str, Any]:
    doc = product_item(p, base)
    doc["tariffs_active_at"] = iso(now)
    for kind, (key, fuel) in KIND_KEYS.items():
        doc[key] = {}
        if kind not in p.kinds:
            continue
        for region in p.regions:
            code = f"{kind}-{p.code}-{region}"
            sc = standing_rows(p, region) or []
            current = [r for r in sc if r["payment_method"] in (None, "DIRECT_DEBIT") and ts(r["valid_from"]) <= now
                       and (r["valid_to"] is None or ts(r["valid_to"]) > now)]
            sc_now = current[0] if current else {"value_exc_vat": 0, "value_inc_vat": 0}
            extra = {}
            if p.style == "flat":  # single-price products show today's rate in the detail
                rate = "day" if kind == "E-2R" else "standard"
                rows = [r for r in rate_rows(p, kind, region, rate, now, now + 1800, now + 1800)
                        if r["payment_method"] in (None, "DIRECT_DEBIT")]
                if rows:
                    extra[f"{rate}_unit_rate_inc_vat"] = rows[0]["value_inc_vat"]
            doc[key][f"_{region}"] = {"direct_debit_monthly": {**extra,
                "code": code, "standing_charge_exc_vat": sc_now["value_exc_vat"],
                "standing_charge_inc_vat": sc_now["value_inc_vat"], "online_discount_exc_vat": 0,
                "online_discount_inc_vat": 0, "exit_fees_type": "NONE",
                "links": [{"href": f"{base}products/{p.code}/{fuel}/{code}/standing-charges/", "method": "GET",
                           "rel": "standing_charges"}]}}
    return doc


def page(results: list[Any], params: dict[str, str], url_base: str, size: int) -> dict[str, Any]:
    n = int(params.get("page", "1"))
    chunk = results[(n - 1) * size: n * size]
    nxt = None
    if n * size < len(results):
        nxt = url_base + "?" + urlencode({**params, "page": str(n + 1)})
    prev = url_base + "?" + urlencode({**params, "page": str(n - 1)}) if n > 1 else None
    return {"count": len(results), "next": nxt, "previous": prev, "results": chunk}


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    world: World
    server_base: str

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: str | bytes, ctype: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _json(self, doc: Any, status: int = 200) -> None:
        self._send(status, json.dumps(doc))

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(split.query).items()}
        fault = self.world.take_fault(self.path)
        if fault and self._fault(fault):
            return
        parts = [x for x in split.path.split("/") if x]
        try:
            if parts[:2] == ["octopus", "v1"]:
                self._octopus(parts[2:], params, fault)
            elif parts[:1] == ["carbon"]:
                self._carbon(parts[1:], fault)
            elif parts[:2] == ["agilepredict", "api"] and len(parts) == 3:
                self._forecast(parts[2], params)
            else:
                self._json({"detail": "Not found."}, 404)
        except Exception as exc:  # an emulator bug must show up as a 500, not a hang
            self._json({"detail": f"emulator error {exc!r}"}, 500)

    def _fault(self, f: Fault) -> bool:
        if f.kind in ("429", "500", "404"):
            hdr = {"Retry-After": f.retry_after} if f.kind == "429" else None
            self._send(int(f.kind), json.dumps({"detail": f"injected {f.kind}"}), headers=hdr)
        elif f.kind in ("timeout", "hang"):
            time.sleep(f.seconds)  # the client gives up first; this reply is never read
            self._send(504, "{}")
        elif f.kind == "html":
            self._send(200, "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden"
                            "</h1></center><hr><center>nginx</center></body></html>", "text/html")
        elif f.kind == "malformed":
            self._send(200, '{"count": 3, "next": null, "results": [{"value_exc_vat": 1')
        elif f.kind == "nested":  # valid JSON far deeper than any reply: json.loads would overflow the stack
            self._send(200, "[" * 100_000 + "]" * 100_000)
        elif f.kind == "shape":
            self._json({"count": 1, "items": []})
        elif f.kind == "empty":
            self._json({"count": 0, "next": None, "previous": None, "results": [], "data": []})
        else:
            return False  # "absurd" is applied while building the response
        return True

    def _octopus(self, parts: list[str], params: dict[str, str], fault: Fault | None) -> None:
        w, base = self.world, self.server_base + "/octopus/v1/"
        if parts == ["products"]:
            at = ts(params["available_at"]) if "available_at" in params else w.now
            want_tracker = params.get("is_tracker") == "true"
            items = [product_item(p, base) for p in w.products
                     if ts(p.available_from) <= at and (p.available_to is None or ts(p.available_to) > at)
                     and p.is_tracker == want_tracker and not p.unlisted
                     and params.get("brand", p.brand) == p.brand]
            self._json(page(items, params, base + "products/", w.products_page_size))
            return
        p = w.product(parts[1]) if len(parts) >= 2 else None
        if p is None or p.gone:
            self._json({"detail": "Not found."}, 404)
            return
        if len(parts) == 2:
            self._json(product_detail(p, base, w.now))
            return
        if len(parts) != 5:
            self._json({"detail": "Not found."}, 404)
            return
        tariff, endpoint = parts[3], parts[4]
        kind, region = tariff[:4], tariff[-1]
        if tariff != f"{kind}-{p.code}-{region}" or kind not in p.kinds or region not in p.regions:
            self._json({"detail": "Not found."}, 404)
            return
        size = min(int(params.get("page_size", "100")), w.rates_page_cap)
        if endpoint == "standing-charges":
            rows = standing_rows(p, region)
            if rows is None:
                self._json({"detail": "Not found."}, 404)
                return
        else:
            rate = {"standard-unit-rates": "standard", "day-unit-rates": "day",
                    "night-unit-rates": "night"}.get(endpoint)
            if rate is None or (rate == "standard") == (kind == "E-2R"):
                self._json({"detail": "Not found."}, 404)
                return
            pf = ts(params["period_from"]) if "period_from" in params else ts("2018-01-01T00:00:00Z")
            pt = ts(params["period_to"]) if "period_to" in params else w.horizon()
            # variable tariffs publish price changes weeks ahead (30 days' notice)
            horizon = w.horizon() if p.style in ("agile", "agile_export", "daily") else w.now + 40 * 86400
            rows = rate_rows(p, kind, region, rate, pf, pt, horizon)
            if fault and fault.kind == "absurd" and rows:
                rows[0] = {**rows[0], "value_inc_vat": 99999.0}
        path = base + "/".join(parts) + "/"
        doc = page(rows, params, path, size)
        if fault and fault.kind == "self_next":
            doc["next"] = self.server_base + self.path
        elif fault and fault.kind == "endless":
            doc["next"] = path + "?" + urlencode({**params, "page": str(int(params.get("page", "1")) + 1)})
        self._json(doc)

    def _forecast(self, region: str, params: dict[str, str]) -> None:
        """AgilePredict's reply: the newest forecast first, created at 03:15Z today, 14 days of half-hours.

        Predictions are the emulated Agile price plus an error that grows with lead time (a
        deterministic wobble), so measured accuracy gets worse with lead as the real one does.
        """
        if region not in LETTERS:
            self._json({"detail": "Not found."}, 404)
            return
        w = self.world
        created = w.now - w.now % 86400 + 3 * 3600 + 15 * 60
        if created > w.now:
            created -= 86400
        start = created - created % 1800 + 1800
        days = min(int(params.get("days", "14")), 14)
        agile = next((p for p in w.products if p.style == "agile" and p.brand == "OCTOPUS_ENERGY"
                      and p.available_to is None), None)
        prices = []
        for s in range(start, start + days * 86400, 1800):
            actual = (AGILE_IMPORT[(s // 1800) % len(AGILE_IMPORT)] * region_factor(region)
                      + (agile.offset * 1.05 if agile else 0.0))
            lead = (s - created) / 86400
            pred = max(actual + (0.3 + 0.5 * lead) * math.sin(s / 5400.0 + created / 86400.0), 0.0)
            row = {"date_time": iso(s), "agile_pred": round(pred, 4)}
            if params.get("high_low") == "true" and w.forecast_band:
                row.update(agile_low=round(pred - 1 - 0.4 * lead, 4), agile_high=round(pred + 1 + 0.4 * lead, 4))
            prices.append(row)
        prices += w.forecast_extra
        self._json([{"name": f"Region | {region} {iso(created)}", "created_at": iso(created), "prices": prices}])

    def _carbon(self, parts: list[str], fault: Fault | None) -> None:
        w = self.world
        regional = parts[:1] == ["regional"]
        rest = parts[2:] if regional else parts[1:]
        if (parts[1:2] != ["intensity"] if regional else parts[:1] != ["intensity"]) or len(rest) != 2:
            self._json({"error": {"code": "400 Bad Request", "message": "Unknown endpoint"}}, 400)
            return
        start, end = (ts(x.replace("Z", ":00Z")) for x in rest)
        if end - start > w.max_carbon_days * 86400:
            self._json({"error": {"code": "400 Bad Request",
                                  "message": f"Date range must be at most {w.max_carbon_days} days"}}, 400)
            return
        data = []
        limit = w.horizon() if regional else w.now + 86400
        # Quirk: the half-hour that ENDS at {from} comes first.
        for s in range(start - 1800, min(end, limit), 1800):
            span = {"from": iso(s)[:-4] + "Z", "to": iso(s + 1800)[:-4] + "Z"}
            if regional:
                vals = REGIONAL[(s // 1800) % len(REGIONAL)]
                regions = [{"regionid": rid, "dnoregion": f"DNO {rid}", "shortname": f"Region {rid}",
                            "intensity": {"forecast": vals[rid], "index": "moderate"}} for rid in range(1, 19)]
                data.append({**span, "regions": regions})
            else:
                fc, ac = NATIONAL[(s // 1800) % len(NATIONAL)]
                data.append({**span, "intensity": {"forecast": fc, "actual": ac if s + 1800 <= w.now else None,
                                                   "index": "low"}})
        self._json({"data": data})


class Emulator:
    """Context manager running the emulator; ``octopus_url``/``carbon_url`` are the base URLs."""

    def __init__(self, world: World) -> None:
        self.world = world
        handler = type("BoundHandler", (Handler,), {"world": world})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        handler.server_base = f"http://{host}:{port}"
        self.octopus_url = f"http://{host}:{port}/octopus/v1/"
        self.carbon_url = f"http://{host}:{port}/carbon"
        self.forecast_url = f"http://{host}:{port}/agilepredict/api/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Emulator:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def full_catalogue() -> list[EmuProduct]:
    """Every family the feeds carry (for the benchmark): the test catalogue plus the rest."""
    return [
        *default_catalogue(),
        EmuProduct("INTELLI-VAR-22-10-14", "Intelligent Octopus Go", "IMPORT", "2022-10-14T00:00:00+01:00", None,
                   "tou"),
        EmuProduct("COSY-22-12-08", "Cosy Octopus", "IMPORT", "2022-12-13T00:00:00Z", None, "tou"),
        EmuProduct("FLUX-IMPORT-23-02-14", "Octopus Flux Import", "IMPORT", "2023-02-14T00:00:00Z", None, "tou"),
        EmuProduct("INTELLI-FLUX-IMPORT-23-07-14", "Intelligent Octopus Flux Import", "IMPORT",
                   "2023-07-13T00:00:00+01:00", None, "tou"),
        EmuProduct("INTELLI-FLUX-EXPORT-23-07-14", "Intelligent Octopus Flux Export", "EXPORT",
                   "2023-07-13T00:00:00+01:00", None, "tou", standing="404"),
        EmuProduct("OUTGOING-VAR-24-10-26", "Outgoing Octopus", "EXPORT", "2024-10-26T00:00:00+01:00", None, "flat",
                   standing="empty"),
    ]


# ---------------------------------------------------------------- the real menu

TOU_NAMES = ("Octopus Go", "Cosy", "Flux", "Intelligent")


def emu_product_from_item(item: dict[str, Any]) -> EmuProduct:
    """An emulated product from a recorded products-list item: the same code, name, brand and terms.

    Prices follow the item's kind: Agile tiles the recorded Agile prices, time-of-use names
    (Go, Cosy, Flux, Intelligent) a two-window day, everything else flat quarterly prices
    with non-direct-debit rows; import products other than time-of-use ones also offer
    Economy 7 and gas, as Octopus's fixed and flexible products do.
    """
    name, direction = item["display_name"], item["direction"]
    if name.startswith("Agile"):
        style = "agile" if direction == "IMPORT" else "agile_export"
    elif any(t in name for t in TOU_NAMES):
        style = "tou"
    else:
        style = "flat"
    kinds = ("E-1R", "E-2R", "G-1R") if direction == "IMPORT" and style == "flat" else ("E-1R",)
    standing = "empty" if direction == "EXPORT" else "recorded" if style == "flat" else "constant"
    return EmuProduct(item["code"], name, direction, item["available_from"], item["available_to"], style, kinds,
                      brand=item["brand"], standing=standing, variable=item["is_variable"], term=item["term"],
                      is_business=item["is_business"])


def recorded_catalogue() -> list[EmuProduct]:
    """The recorded September 2024 products list (all 44 items, every brand), plus what the list cannot show.

    Added (emulated, not recorded): Tracker ``SILVER-24-04-03`` (electricity and gas),
    which the real list deliberately leaves out, and a 12-month fixed product already
    withdrawn (``available_to``) that only ``available_at`` finds. The recorded
    ``INTELLI-FLUX-EXPORT-23-07-14`` answers 404 on its detail, as it did in 2026.
    """
    doc = json.loads((FIXTURES / "tomludlow2_products_list_2024-09.json").read_text())
    out = [emu_product_from_item(item) for item in doc["results"]]
    for p in out:
        p.gone = p.code == "INTELLI-FLUX-EXPORT-23-07-14"
    out.append(EmuProduct("SILVER-24-04-03", "Octopus Tracker", "IMPORT", "2024-04-03T00:00:00+01:00", None, "daily",
                          kinds=("E-1R", "G-1R"), is_tracker=True, unlisted=True))
    out.append(EmuProduct("OE-FIX-12M-24-03-01", "Octopus 12M Fixed", "IMPORT", "2024-03-01T00:00:00Z",
                          "2024-06-01T00:00:00+01:00", "flat", ("E-1R", "E-2R", "G-1R"), standing="recorded",
                          variable=False, term=12))
    return out


def domestic_octopus_codes(products: list[EmuProduct]) -> set[str]:
    """Codes the feeds must carry: Octopus's own brand, not business, not prepayment."""
    return {p.code for p in products if p.brand == "OCTOPUS_ENERGY" and not p.is_business
            and not product_item(p, "")["is_prepay"]}
