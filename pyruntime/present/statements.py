"""The "Check against my Octopus statements" section under the bill: Octopus's figures beside ours.

It sits under ``report=bill`` because that is where a user compares a bill
with what they were charged; it covers every statement period at once (each
row names its dates, which can be opened in the bill above with From/To).
The statements come from Octopus only when the user presses the button; this
module prices them against the household with the tariff history the bill
uses (``tariff=actual``), through :func:`pyruntime.analysis.reconcile.reconcile`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..analysis.reconcile import PeriodCheck, Skipped, TariffsKnown, reconcile
from ..errors import BadRequest, FeedUnavailable
from ..feeds.client import resolve_region
from ..household import Household
from ..pricing.bill import Bill, bill
from ..pricing.history import Pricing
from ..providers.octopus_graphql import Statement
from ..session import Session
from ..timeseries.aggregate import series_days
from ..timeseries.londontime import local_date
from ..timeseries.series import FUEL_LABELS
from . import blocks as b
from .pricing import PricingSettings, choose_tariff, date_label, period_label


async def statements_view(session: Session, household: Household, statements: Sequence[Statement]) -> dict:
    """``{blocks, summary}``: the reconciliation table, the reasons, and statements we could not compare."""
    spans = {f: span for f in household.fuels() if (span := series_days(household.series[f]))}
    pricings, tariffs = await _pricings(session, household, statements, spans)

    def bill_for(fuel: str, first: dt.date, last: dt.date) -> Bill | None:
        pricing = pricings.get(fuel)
        return None if pricing is None else bill(household.series[fuel], pricing, first, last)

    checks, skipped = reconcile(statements, bill_for, spans, _tariff_changes(household), tariffs)
    blocks = [_summary(statements, checks)]
    if checks:
        blocks.append(_table(checks))
    if skipped:
        blocks.append(b.text("Not compared", [_skipped_line(s) for s in skipped]))
    blocks.append(b.text("How this is checked", [
        "Octopus's figure is the sum of the statement's charge lines for that fuel, including VAT. Ours is the bill "
        "for the same days (the dates on Octopus's charge line), from your half-hourly readings and the tariffs on "
        "your account, with standing charges and VAT, exactly as the bill above works it out. The kWh beside "
        "Octopus's are every kWh your readings hold for those days; when our figure prices only part of them (days "
        "without prices), the part priced is said beside them.",
        "Credits, payments and rewards on a statement are named but are in neither figure. A difference of a few "
        "pence is rounding. Open any period above with From and To to see its bill line by line.",
    ]))
    agree = sum(c.agrees for c in checks)
    return {"blocks": blocks, "summary": f"{len(statements)} statements read; {len(checks)} charges compared, "
                                         f"{agree} agree to within 5p."}


async def _pricings(session: Session, household: Household, statements: Sequence[Statement],
                    spans: dict[str, tuple[dt.date, dt.date]]) -> tuple[dict[str, Pricing], dict[str, TariffsKnown]]:
    """The tariff history each fuel is priced on (as the bill's ``tariff=actual``), over the statements' dates, and
    what the account says of its tariffs (to name why days have no prices)."""
    region, _ = resolve_region({}, household)
    settings = PricingSettings(region)
    firsts = [s.first_day for s in statements if s.first_day]
    lasts = [s.last_day for s in statements if s.last_day]
    out: dict[str, Pricing] = {}
    known: dict[str, TariffsKnown] = {}
    if not firsts or not lasts:
        return out, known
    for fuel, span in spans.items():
        first, last = max(min(firsts), span[0]), min(max(lasts), span[1])
        if first > last:
            continue
        try:
            priced = await choose_tariff(session, household, settings, fuel, first, last)
        except (BadRequest, FeedUnavailable):
            continue  # that fuel's rows say we have no prices
        if priced.pricing is not None:
            out[fuel] = priced.pricing
        if priced.actual is not None:
            known[fuel] = TariffsKnown(tuple(household.facts.tariffs.get(fuel, ())), priced.actual.unpriced,
                                       priced.actual.label if priced.actual.assumed else "")
    return out, known


def _tariff_changes(household: Household) -> dict[str, list[tuple[dt.date, str]]]:
    """Per fuel, the London day each agreement after the first began, and its tariff code."""
    return {fuel: sorted((local_date(a.valid_from), a.tariff_code) for a in agreements
                         if a.valid_from is not None)[1:]
            for fuel, agreements in household.facts.tariffs.items()}


def _summary(statements: Sequence[Statement], checks: list[PeriodCheck]) -> dict:
    compared = [c for c in checks if c.ours is not None and c.fuel != "export"]  # charges, not export credits
    theirs = sum(c.theirs for c in compared) / 100
    ours = sum(c.ours or 0.0 for c in compared) / 100
    items: list[tuple[str, b.Cell] | tuple[str, b.Cell, bool]] = [
        ("Statements read", str(len(statements))),
        ("Charges compared", str(len(checks))),
        ("Agree to within 5p", str(sum(c.agrees for c in checks))),
    ]
    if compared:
        items += [("Octopus charged (compared periods, import and gas)", b.gbp(theirs)),
                  ("We compute (same periods)", b.gbp(ours)),
                  ("Difference (ours − Octopus)", _diff(ours - theirs), abs(ours - theirs) >= 0.05)]
    return b.facts("Your Octopus statements beside our bills", items)


def _table(checks: list[PeriodCheck]) -> dict:
    rows, classes = [], []
    for c in checks:
        kwh = (f"{b.num(c.theirs_kwh, 1)} / {b.num(c.ours_kwh, 1)}" if c.theirs_kwh is not None or c.ours_kwh
               is not None else "")
        if c.ours_kwh is not None and c.priced_kwh is not None and round(c.priced_kwh, 1) != round(c.ours_kwh, 1):
            kwh += f" ({b.num(c.priced_kwh, 1)} of ours priced)"
        rows.append([
            period_label(c.first_day, c.last_day),
            FUEL_LABELS[c.fuel],
            b.gbp(c.theirs / 100),
            b.gbp(None if c.ours is None else c.ours / 100),
            _diff(None if c.difference is None else c.difference / 100),
            kwh,
            " ".join(c.reasons) or ("Not explained by your data: compare the statement's unit rates and standing "
                                   "charges with the bill above for these dates."),
        ])
        classes.append("" if c.agrees else "warn")
    columns = ["Period (consumption)", "Fuel", "Octopus charged (inc VAT)", "We compute (inc VAT)",
               "Difference (ours − Octopus)", "kWh (Octopus / your readings)", "Likely explanation"]
    return b.table("Statement by statement", columns, rows, row_classes=classes, open=True)


def _diff(gbp: float | None) -> dict:
    if gbp is None:
        return b.gbp(None)
    sign = "+" if gbp >= 0.005 else "−" if gbp <= -0.005 else ""
    return b.gbp(gbp, text=f"{sign}{b.pounds(abs(gbp))}")


def _skipped_line(s: Skipped) -> str:
    when = period_label(s.first_day, s.last_day) if s.first_day and s.last_day else (
        f"issued {date_label(s.issued)}" if s.issued else "undated")
    return f"{when}: {s.reason}."
