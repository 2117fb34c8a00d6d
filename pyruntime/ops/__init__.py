"""The worker's operations, found by name.

Each module in this package defines ``OPS = {"op_name": handler}``; a handler
is ``async def handler(ctx: OpContext) -> dict``. Adding an operation means
adding a module (or an entry): the bridge discovers them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..session import Session


@dataclass
class OpContext:
    """One call: the session, the message's payload, an optional file's bytes and a progress sink."""

    session: Session
    payload: dict[str, Any]
    data: bytes | None = None
    progress: Callable[[dict], None] | None = None

    def report_progress(self, label: str, done: int = 0, total: int = 0, **extra: Any) -> None:
        if self.progress is not None:
            self.progress({"label": label, "done": done, "total": total, **extra})


Handler = Callable[[OpContext], Awaitable[Any]]


def discover() -> dict[str, Handler]:
    """Every op in every module of this package, by name; a name defined twice is an error."""
    ops: dict[str, Handler] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, handler in getattr(module, "OPS", {}).items():
            if name in ops:
                raise RuntimeError(f"op {name!r} is defined twice")
            ops[name] = handler
    return ops
