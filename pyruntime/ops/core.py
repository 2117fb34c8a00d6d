"""Core operations: reports and forgetting."""

from __future__ import annotations

from ..errors import BadRequest, FeedUnavailable, NotLoaded
from ..feeds.client import resolve_region
from ..household import Household, faulty
from ..present.unavailable import get_feed_coverage, unavailable_view
from ..present.view import View, resolve_view
from ..reports import discover
from ..timeseries.aggregate import series_days
from ..timeseries.series import FUEL_LABELS
from . import OpContext

PROTOCOL_VERSION = 1
REPORTS = discover()
CARRIED_SETTINGS = ("region", "custom", "has", "e7", "payment", faulty.PARAM)
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
    # A URL without a report (typed by hand) opens consumption; the site's own links name the report.
    params["report"] = params.get("report") or "consumption"
    wanted = REPORTS.get(params["report"])
    fuels = wanted.fuels if wanted else tuple(household.fuels())
    spans = {f: span for f in household.fuels() if f in fuels and (span := series_days(household.series[f]))}
    if not spans:
        # Only reachable by a hand-typed URL: the menu lists only reports the data can make.
        raise BadRequest(f"the {wanted.label.lower() if wanted else 'report'} needs data this household does not have")
    view, notices = resolve_view(params, spans, tuple(REPORTS))
    spec = REPORTS[view.report]
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
    view = type(view)(view.report, view.fuel, view.month, view.day, tuple(sorted(settings.items())), typed)
    try:
        model = await spec.build(ctx.session, household, view)
    except NotLoaded:
        raise
    except (BadRequest, FeedUnavailable) as exc:
        # Feeds that miss the data's dates or region, or no tariff to price it:
        # said inside the page's frame, with the data still loaded.
        region, _ = resolve_region(params, household)
        coverage = await get_feed_coverage(ctx.session, region)
        model = unavailable_view(spec.label, view, str(exc), spans.get(view.fuel) or next(iter(spans.values())),
                                 coverage)
        model["tabs"] = [{"label": FUEL_LABELS[f], "params": {**view.as_params(), "fuel": f},
                          "current": f == view.fuel} for f in spans]
    model["source"] = source
    model["view"] = view.as_params()
    model["notices"] = faulty_notices + notices + model.get("notices", [])
    model["menu"] = report_menu(household, view)
    return model


def report_menu(household: Household, view: View) -> list[dict]:
    """Every report this household has data for, each a link keeping fuel and period where they apply."""
    out = []
    for spec in REPORTS.values():
        if not any(f in spec.fuels for f in household.fuels()):
            continue
        fuel = view.fuel if view.fuel in spec.fuels else next(f for f in household.fuels() if f in spec.fuels)
        params = {"report": spec.name, "fuel": fuel}
        for key in ("month", "day"):
            if getattr(view, key):
                params[key] = getattr(view, key)
        # Settings both reports understand (region, custom tariffs, …) travel with the user.
        params.update({k: v for k, v in view.extra if k in spec.params or k in CARRIED_SETTINGS})
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
        })
    return {"source": household.source, "region": household.region, "fuels": fuels,
            "label": household.facts.label}


OPS = {"report": report, "forget": forget}
