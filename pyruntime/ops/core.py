"""Core operations: reports and forgetting.

A report's module is imported when the report is first asked for
(:func:`pyruntime.reports.load`); the menu reads :data:`pyruntime.reports.REPORTS`,
which imports none. What only a failed report needs is imported when one fails.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import BadRequest, FeedUnavailable, NotLoaded
from ..household import Household, faulty
from ..present.period import days_label
from ..present.view import View, resolve_view
from ..reports import REPORTS, load
from ..timeseries.aggregate import series_days
from ..timeseries.series import FUEL_LABELS
from . import OpContext

PROTOCOL_VERSION = 1
EXPORT_IN = "export_in"
"""URL setting: the other reports showing electricity export, so choosing export in one report is kept for that
report alone (``export_in=consumption,cost``) rather than switching every report to export."""
CARRIED_SETTINGS = ("region", "custom", "has", "e7", "payment", faulty.PARAM, EXPORT_IN)
"""URL settings kept when moving between reports (never personal data)."""


async def report(ctx: OpContext) -> dict:
    """A report's view model for the URL parameters in ``payload.params``."""
    source = ctx.payload.get("source") or "demo"
    household = ctx.session.use(source)
    params = {k: str(v) for k, v in (ctx.payload.get("params") or {}).items() if v is not None}
    # Faulty readings are left out of every report unless the URL says to include them: one
    # switch for all reports, so cost, bill, comparison and emissions always agree.
    faulty_notices = []
    if params.get(faulty.PARAM) == faulty.INCLUDE and faulty.count(household):
        household = faulty.including(household)
        faulty_notices.append(f"Including {faulty.count(household):,} faulty readings that are normally left out "
                              "as meter errors, as you chose (see Data quality).")
    elif faulty.PARAM in params:
        params.pop(faulty.PARAM)
    # A URL without a report opens the overview: the first view after loading or "Try the demo".
    params["report"] = params.get("report") or "overview"
    wanted = REPORTS.get(params["report"])
    fuels = wanted.fuels if wanted else tuple(household.fuels())
    spans = {f: span for f in household.fuels() if f in fuels and (span := series_days(household.series[f]))}
    if not spans:
        # Only reachable by a hand-typed URL: the menu lists only reports the data can make.
        raise BadRequest(f"the {wanted.label.lower() if wanted else 'report'} needs data this household does not have")
    adopted: list[str] = []
    if wanted is not None and {"tariff", "custom"} <= set(wanted.params):
        # The cost and bill views' hand-tariff form asks for the tariff it adds, maybe on another fuel (those
        # reports import this module anyway).
        from ..present.pricing import adopt_added_tariff

        params, adopted = adopt_added_tariff(params, tuple(spans))
    # The bill and the comparison read ``from``/``to`` as their own period; every other report as a range.
    view, notices = resolve_view(params, spans, tuple(REPORTS), ranges=not (wanted and "from" in wanted.params),
                                 uncovered=tuple(f for f in household.fuels() if f not in spans),
                                 report_label=wanted.label if wanted else "report")
    spec = load(view.report)
    notices += adopted + _canonical_export_in(params, view.report)
    settings: dict[str, str] = {}
    typed = None
    if spec.settings is not None:  # made once from the URL; the report reads these typed values
        typed, more = spec.settings(params, household)
        settings = typed.to_params()
        notices += more
    # Settings that apply across reports ride along in the URL even through a
    # report that does not use them, so switching away and back keeps them.
    for key in CARRIED_SETTINGS:
        if key not in spec.params and params.get(key):
            settings[key] = params[key]
    view = replace(view, extra=tuple(sorted(settings.items())), settings=typed)
    try:
        if spec.progress:
            model = await spec.build(ctx.session, household, view,  # type: ignore[call-arg]
                                     progress=lambda label, done, total: ctx.report_progress(label, done, total))
        else:
            model = await spec.build(ctx.session, household, view)
    except NotLoaded:
        raise
    except (BadRequest, FeedUnavailable) as exc:
        # Feeds that miss the data's dates or region, or no tariff to price it:
        # said inside the page's frame, with the data still loaded.
        from ..feeds.client import resolve_region
        from ..present.unavailable import get_feed_coverage, unavailable_view

        region, _ = resolve_region(params, household)
        coverage = await get_feed_coverage(ctx.session, region)
        model = unavailable_view(spec.label, view, str(exc), spans.get(view.fuel) or next(iter(spans.values())),
                                 coverage)
        model["tabs"] = [{"label": FUEL_LABELS[f], "params": {**view.as_params(), "fuel": f},
                          "current": f == view.fuel} for f in spans]
    model["source"] = source
    # A report that shows other than what was asked (a pattern report opens a day's month) says which view it shows.
    model["view"] = model.get("view") or view.as_params()
    model["notices"] = faulty_notices + notices + model.get("notices", [])
    model["menu"] = report_menu(household, view)
    return model


def _export_is_a_choice(name: str) -> bool:
    """Whether report ``name`` shows export as one choice among fuels (not, like the net report, export only)."""
    spec = REPORTS.get(name)
    return spec is not None and "export" in spec.fuels and len(spec.fuels) > 1


def _canonical_export_in(params: dict[str, str], current: str) -> list[str]:
    """Make ``params[EXPORT_IN]`` the sorted reports that can show export, other than ``current``; notices."""
    raw = params.pop(EXPORT_IN, "")
    names = {n.strip() for n in raw.split(",") if n.strip()}
    unknown = sorted(n for n in names if not _export_is_a_choice(n))
    kept = sorted(names - set(unknown) - {current})
    if kept:
        params[EXPORT_IN] = ",".join(kept)
    return [f"“{n}” is not a report that shows export; ignored." for n in unknown]


def _menu_fuel(household: Household, view: View, spec, chosen: set[str]) -> str:
    """The fuel a menu link opens ``spec`` on: its own export choice, else the fuel in view unless that is export."""
    have = [f for f in household.fuels() if f in spec.fuels]
    if spec.name == view.report:
        return view.fuel
    if spec.name in chosen and "export" in have:
        return "export"
    if view.fuel in have and view.fuel != "export":
        return view.fuel
    # Export chosen here is this report's choice only: other reports open on what the household imports.
    return next((f for f in have if f != "export"), have[0])


def report_menu(household: Household, view: View) -> list[dict]:
    """Every report this household has data for, each a link keeping fuel and period where they apply."""
    extra = dict(view.extra)
    chosen = {n for n in extra.get(EXPORT_IN, "").split(",") if n}
    # The report in view joins the reports showing export when it shows export, and leaves them when not.
    exported_here = view.fuel == "export" and _export_is_a_choice(view.report)
    showing = chosen | {view.report} if exported_here else chosen - {view.report}
    out = []
    for spec in REPORTS.values():
        if not any(f in spec.fuels for f in household.fuels()):
            continue
        params = {"report": spec.name, "fuel": _menu_fuel(household, view, spec, chosen)}
        params.update(view.period.to_params())
        # Settings both reports understand (region, custom tariffs, …) travel with the user.
        params.update({k: v for k, v in view.extra if (k in spec.params or k in CARRIED_SETTINGS) and k != EXPORT_IN})
        others = chosen if spec.name == view.report else showing - {spec.name}
        if others:
            params[EXPORT_IN] = ",".join(sorted(others))
        out.append({"label": spec.label, "params": params, "current": spec.name == view.report,
                    "description": spec.description})
    return out


async def forget(ctx: OpContext) -> dict:
    ctx.session.forget()
    return {"forgotten": True}


def household_summary(household: Household) -> dict:
    """What was loaded, per fuel: span, half-hours and how many hold readings."""
    fuels = []
    for fuel in household.fuels():
        s = household.series[fuel]
        span = series_days(s)
        fuels.append({
            "fuel": fuel,
            "label": FUEL_LABELS[fuel],
            "half_hours": len(s.values),
            "present": s.present,
            "first_day": span[0].isoformat() if span else None,
            "last_day": span[1].isoformat() if span else None,
            "span": days_label(*span) if span else "no readings",  # as the reports write dates: 26 Oct 2023
            **_files_of(household, fuel),
        })
    return {"source": household.source, "region": household.region, "fuels": fuels,
            "label": household.facts.label}


def _files_of(household: Household, fuel: str) -> dict:
    """The files ``fuel`` was read from, in load order, and the words the data bar adds (none for a provider)."""
    facts = household.facts
    names = [f.name for f in facts.file_imports.get(fuel, ())] or [n for n in [facts.files.get(fuel)] if n]
    if not names:
        return {"files": [], "files_text": ""}
    shown = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return {"files": names, "files_text": f"from {shown}"}


OPS = {"report": report, "forget": forget}
