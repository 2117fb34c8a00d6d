"""The worker's single entry point: one JSON message in, one JSON message out.

The page sends ``{"v": 1, "id": n, "op": name, "payload": {...}}``; every
reply is ``{"v": 1, "id": n, "ok": true, "result": ...}`` or
``{"v": 1, "id": n, "ok": false, "error": {"type": ..., "message": ...}}``.
Only strings cross between JavaScript and Python, so no proxy object ever
leaks. Session state (the data the user loaded) lives in :data:`SESSION`,
i.e. in worker memory only, and ``forget`` drops it.

Op names here must match ``site_src/static/js/protocol.mjs``; a contract
test checks they do.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from .aggregate import series_days
from .demo import demo_household
from .reports.consumption import consumption_report
from .reports.view import navigation, resolve_view
from .series import FUEL_LABELS, FUELS, Series

PROTOCOL_VERSION = 1


class BadRequest(Exception):
    """The message itself is wrong: unknown op, missing field, no data loaded."""


class Session:
    """What the worker holds for this tab: the loaded household, by source."""

    def __init__(self) -> None:
        self.source: str | None = None
        self.series: dict[str, Series] = {}

    def use(self, source: str) -> dict[str, Series]:
        if source == "demo" and self.source != "demo":
            self.series, self.source = demo_household(), "demo"
        if self.source != source or not self.series:
            raise BadRequest(f"no data is loaded for source “{source}”; load it first")
        return self.series

    def forget(self) -> None:
        self.source, self.series = None, {}


SESSION = Session()


def _op_ping(payload: dict) -> dict:
    return {"protocol": PROTOCOL_VERSION}


def _op_load_demo(payload: dict) -> dict:
    return _summary("demo", SESSION.use("demo"))


def _op_report(payload: dict) -> dict:
    source = payload.get("source") or "demo"
    series = SESSION.use(source)
    params = {k: str(v) for k, v in (payload.get("params") or {}).items() if v is not None}
    spans = {f: span for f in FUELS if f in series and (span := series_days(series[f]))}
    view, notices = resolve_view(params, spans)
    report = consumption_report(series[view.fuel], view)
    report["source"] = source
    report["notices"] = notices
    report["fuels"] = [{"fuel": f, "label": FUEL_LABELS[f]} for f in spans]
    report["nav"] = navigation(view, *spans[view.fuel])
    return report


def _op_forget(payload: dict) -> dict:
    SESSION.forget()
    return {"forgotten": True}


def _summary(source: str, series: dict[str, Series]) -> dict:
    fuels = []
    for fuel, s in series.items():
        span = series_days(s)
        fuels.append({
            "fuel": fuel,
            "label": FUEL_LABELS[fuel],
            "half_hours": len(s.values),
            "present": s.present,
            "first_day": span[0].isoformat() if span else None,
            "last_day": span[1].isoformat() if span else None,
        })
    return {"source": source, "fuels": fuels}


OPS: dict[str, Callable[[dict], Any]] = {
    "ping": _op_ping,
    "load_demo": _op_load_demo,
    "report": _op_report,
    "forget": _op_forget,
}


def handle(message_json: str) -> str:
    """Answer one protocol message; never raises."""
    msg_id = None
    started = time.perf_counter()
    try:
        msg = json.loads(message_json)
        msg_id = msg.get("id")
        op = OPS.get(msg.get("op"))
        if op is None:
            raise BadRequest(f"unknown op {msg.get('op')!r}")
        payload = msg.get("payload") or {}
        if not isinstance(payload, dict):
            raise BadRequest("payload must be an object")
        result = op(payload)
        # How long Python took, so the page and `make bench` can tell compute
        # time from messaging and drawing time.
        elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
        reply = {"v": PROTOCOL_VERSION, "id": msg_id, "ok": True, "result": result, "python_ms": elapsed_ms}
    except (BadRequest, ValueError) as exc:
        reply = _error(msg_id, type(exc).__name__, str(exc))
    except Exception as exc:  # the page must always get an answer
        reply = _error(msg_id, "InternalError", f"{type(exc).__name__}: {exc}")
    return json.dumps(reply, separators=(",", ":"), allow_nan=False)


def _error(msg_id: Any, kind: str, message: str) -> dict:
    return {"v": PROTOCOL_VERSION, "id": msg_id, "ok": False, "error": {"type": kind, "message": message}}
