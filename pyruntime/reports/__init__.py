"""Reports as the page shows them: one module per ``report=`` value, found by name.

Each module here defines ``SPEC = ReportSpec(...)``, and :data:`REPORTS` lists
it for the menu without importing it: a report's module (with the analysis and
pricing it needs) is imported the first time the report is asked for
(:func:`load`), so the first answer after start-up imports only what the
overview needs. A test checks that :data:`REPORTS` and the modules' specs
agree. A report's ``build`` turns the
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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..timeseries.series import FUELS
from ..whatif.params import PARAMS as WHATIF_PARAMS

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


@dataclass(frozen=True)
class ReportInfo:
    """What the menu and the URL checks need to know of a report, without importing its module.

    The fields are :class:`ReportSpec`'s, less ``build`` and ``settings``; the
    report's module is ``pyruntime.reports.<name>``.
    """

    name: str
    label: str
    order: int
    fuels: tuple[str, ...] = FUELS
    params: tuple[str, ...] = ()
    description: str = ""
    progress: bool = False


def info_of(spec: ReportSpec) -> ReportInfo:
    """The menu's view of ``spec``: what :data:`REPORTS` must say of it."""
    return ReportInfo(spec.name, spec.label, spec.order, spec.fuels, spec.params, spec.description, spec.progress)


_PRICING = ("tariff", "region", "custom", "e7", "payment")
_LAB = WHATIF_PARAMS  # the lab's own settings, named in a module that imports nothing

REPORTS: dict[str, ReportInfo] = {r.name: r for r in (
    ReportInfo("overview", "Overview", 0, fuels=("electricity", "gas", "export"),
               description="One screen of answers: costs, best tariff, baseload, carbon and findings in £."),
    ReportInfo("consumption", "Consumption", 10,
               description="Energy used (or exported) by month, day and half-hour."),
    ReportInfo("cost", "Cost", 20, params=_PRICING,
               description="What your energy cost (or earned) by month, day and half-hour, on your tariff or any "
                           "other."),
    ReportInfo("bill", "Bill", 21, params=("from", "to", *_PRICING),
               description="A bill for any period: energy, standing charges and VAT, line by line."),
    ReportInfo("compare", "Compare tariffs", 22, params=("from", "to", "region", "has", "custom", "e7", "payment"),
               description="Every tariff you could be on, ranked on your own half-hours, with import, export and "
                           "gas."),
    ReportInfo("whatif", "What-if lab", 24, fuels=("electricity", "gas"),
               params=("from", "to", "region", "custom", "has", *_LAB), progress=True,
               description="A battery, solar panels, an EV, a heat pump or shifted use, priced on your half-hours "
                           "under every tariff."),
    ReportInfo("emissions", "Emissions", 40, fuels=("electricity", "gas"),
               params=("region", "intensity", "shift", "tariff"),
               description="Carbon emissions on your region's half-hourly grid intensity, and of gas."),
    ReportInfo("profile", "Profile", 50, params=("price", "region", "e7", "payment"),
               description="Your average day against a typical home, load distribution, baseload, overnight gas, "
                           "unusual days."),
    ReportInfo("heatmap", "Heatmap", 55,
               description="Every half-hour of your history at a glance: a row per day, a column per time of day."),
    ReportInfo("net", "Export & net import", 60, fuels=("export",), params=("generation",),
               description="Export per period, net import (import − export), and self-consumption from your "
                           "generation."),
    ReportInfo("quality", "Data quality", 90,
               description="Coverage calendar, gaps, duplicates removed and suspicious readings, per fuel."),
)}
"""Every report, by ``report=`` value, in menu order (lower ``order`` first)."""


def load(name: str) -> ReportSpec:
    """Report ``name``'s spec (its ``build`` and ``settings``), importing its module the first time.

    Raises ``KeyError`` for a name not in :data:`REPORTS`, so no URL can import
    a module that is not a report.
    """
    if name not in REPORTS:
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}").SPEC
