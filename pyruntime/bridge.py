"""The worker's single entry point: one JSON message in, one JSON message out.

The page sends ``{"v": 1, "id": n, "op": name, "payload": {...}}``; every
reply is ``{"v": 1, "id": n, "ok": true, "result": ..., "python_ms": t}`` or
``{"v": 1, "id": n, "ok": false, "error": {"type": ..., "kind": ..., "message": ...}}``
(see :mod:`pyruntime.errors`: a user error's message is meant for people;
anything else is a bug and says so, with ``kind: "bug"``).
Only strings (and a dropped file's bytes) cross between JavaScript and
Python, so no proxy object ever leaks. Operations live in
:mod:`pyruntime.ops`, each module imported when one of its ops is first
asked for; session state (the data the user loaded) lives in
:data:`SESSION`, in worker memory only.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Coroutine
from typing import Any

from .errors import BadRequest, UserError
from .ops import OpContext, handler
from .ops.core import PROTOCOL_VERSION
from .session import Session

SESSION = Session()

BUG = ("This is a bug in Half-Hourly, not something you did: {detail}. Reloading the page may help; "
       "your data stays on this device.")


async def handle_async(
    message_json: str, data: bytes | None = None, progress: Callable[[str], None] | None = None
) -> str:
    """Answer one protocol message; never raises.

    ``data`` is the bytes of a file the user dropped, when the op takes one;
    ``progress`` receives JSON strings ``{label, done, total}`` during long ops.
    """
    msg_id = None
    started = time.perf_counter()
    try:
        msg = json.loads(message_json)
        msg_id = msg.get("id")
        op = handler(msg.get("op"))
        if op is None:
            raise BadRequest(f"unknown op {msg.get('op')!r}")
        payload = msg.get("payload") or {}
        if not isinstance(payload, dict):
            raise BadRequest("payload must be an object")
        sink = (lambda event: progress(json.dumps(event))) if progress is not None else None
        result = await op(OpContext(SESSION, payload, data, sink))
        # How long Python took, so the page and `make bench` can tell compute
        # time from messaging and drawing time.
        elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
        reply = {"v": PROTOCOL_VERSION, "id": msg_id, "ok": True, "result": result, "python_ms": elapsed_ms}
        # Serialised inside the try: a value JSON cannot carry (inf, NaN) becomes a typed
        # error with a message, never a failure the page can only call "Python failed".
        try:
            return json.dumps(reply, separators=(",", ":"), allow_nan=False)
        except (ValueError, TypeError) as exc:
            raise NotShowable(
                "A figure in this view is not a finite number, so it cannot be shown. A reading in your data may "
                "be absurd: the Data quality report lists what was set aside."
            ) from exc
    except UserError as exc:  # a message written for the user
        reply = _error(msg_id, exc)
    except Exception as exc:  # the page must always get an answer; anything else is our bug
        reply = _error(msg_id, exc, internal=True)
    return json.dumps(reply, separators=(",", ":"), allow_nan=False)


class NotShowable(UserError):
    """A result that cannot be sent to the page as JSON (a non-finite number)."""

    kind = "not_showable"


def handle(message_json: str, data: bytes | None = None) -> str:
    """:func:`handle_async` for callers without an event loop (tests, benchmarks).

    Works for every op that does not wait on the network; one that does
    reports an error instead of blocking.
    """
    return run_sync(handle_async(message_json, data))


def run_sync(coro: Coroutine[Any, Any, str]) -> str:
    """Run a coroutine that never really suspends, without an event loop."""
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    coro.close()
    raise RuntimeError("this operation waits on the network; call handle_async from the worker")


def _error(msg_id: Any, exc: Exception, *, internal: bool = False) -> dict:
    """``{type, kind, message[, detail]}``: the page branches on ``kind``, never on the message."""
    error: dict[str, Any]
    if internal or not isinstance(exc, UserError):
        error = {"type": "InternalError", "kind": "bug", "message": BUG.format(detail=f"{type(exc).__name__}: {exc}")}
    else:
        error = {"type": type(exc).__name__, "kind": exc.kind, "message": exc.message}
        if (detail := exc.detail()) is not None:
            error["detail"] = detail
    return {"v": PROTOCOL_VERSION, "id": msg_id, "ok": False, "error": error}
