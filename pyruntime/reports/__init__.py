"""Reports as the page shows them: one module per ``report=`` value, found by name.

Each module here defines ``SPEC = ReportSpec(...)``. Its ``build`` turns the
household and a :class:`~pyruntime.present.view.View` into a *view model*:
plain JSON describing what to draw (title, totals, charts, tables, notes)
that ``site_src/static/js/render.mjs`` draws without knowing which report it
is. Numbers are computed in :mod:`pyruntime.analysis` and :mod:`pyruntime.pricing`;
modules here only arrange them for the page, with the shared pieces of
:mod:`pyruntime.present`. Modules without a ``SPEC`` (``prices``: the public
Prices page) are views the page asks for by other ops.

View model (all keys optional except ``title`` and ``blocks``)::

    {"title": str, "subtitle": str,
     "tabs": [{"label", "params", "current"}],          # e.g. the fuel tabs
     "crumbs": [{"label", "params"}],                    # all months › month › day
     "totals": [{"label", "text", "value", "unit", "warn"}],  # key figures beside the chart (value: a number
                                                         # in unit, or null; see present/blocks.py)
     "blocks": [block, ...],                             # see pyruntime/present/blocks.py
     "pager": {"prev": params|None, "up": ..., "next": ...},
     "note": str}

``params`` are URL query parameters (without ``source``), so every link the
page draws is a bookmarkable report URL.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..timeseries.series import FUELS

if TYPE_CHECKING:
    from ..household import Household
    from ..present.view import View
    from ..session import Session


@dataclass(frozen=True)
class ReportSpec:
    """How a report appears in the menu and which URL settings it takes.

    name : the ``report=`` value in the URL.
    label : the menu text.
    order : position in the menu (lower first).
    fuels : the fuels it can show.
    params : report-specific URL keys; ``settings`` checks their values.
    build : ``async build(session, household, view) -> view model``.
    settings : ``settings(params, household) -> (typed settings, notices)``:
        a frozen dataclass made once from the URL, deciding every fallback
        and notice, with ``to_params()`` for the URL; ``build`` reads it as
        ``view.settings``.
    progress : whether ``build`` also takes ``progress=`` (``progress(label, done, total)``), for reports that
        can take seconds: the page shows a progress bar while they run.
    """

    name: str
    label: str
    order: int
    build: Callable[[Session, Household, View], Awaitable[dict]]
    fuels: tuple[str, ...] = FUELS
    params: tuple[str, ...] = ()
    settings: Callable[[dict[str, str], Household], tuple[Any, list[str]]] | None = None
    description: str = ""
    progress: bool = False


def discover() -> dict[str, ReportSpec]:
    """Every report in this package, in menu order."""
    specs = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, ReportSpec):
            specs.append(spec)
    specs.sort(key=lambda s: (s.order, s.name))
    return {s.name: s for s in specs}
