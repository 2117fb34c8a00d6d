"""The worker's operations, found by name.

Each module in this package defines ``OPS = {"op_name": handler}``; a handler
is ``async def handler(ctx: OpContext) -> dict``. :data:`MODULES` says which
module answers each op, so the bridge imports a module only when one of its
ops is first asked for (loading files or talking to a provider costs nothing
until the user does it). Adding an operation means adding it to a module's
``OPS`` and to :data:`MODULES`; a test checks that the two agree.
"""

from __future__ import annotations

import importlib
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


MODULES: dict[str, str] = {
    "report": "core", "forget": "core",
    "download_table": "downloads", "download_data": "downloads",
    "load_octopus": "load", "load_glowmarkt": "load", "load_file": "load", "set_gas_unit": "load",
    "data_summary": "load", "export_snapshot": "load", "import_snapshot": "load",
    "feed_overview": "prices", "tariff_prices": "prices", "week_ahead": "prices",
    "check_statements": "statements",
}
"""Op name → the module of this package whose ``OPS`` holds its handler."""


def handler(name: object) -> Handler | None:
    """The handler for op ``name``, importing its module the first time; None for an unknown op."""
    module = MODULES.get(name) if isinstance(name, str) else None
    if module is None:
        return None
    return importlib.import_module(f"{__name__}.{module}").OPS[name]
