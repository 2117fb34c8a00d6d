"""The bill calculator: any period's bill, line by line, as a statement shows it.

``from``/``to`` (``YYYY-MM-DD``, or ``YYYY-MM`` for whole months) pick the
period; one of them alone gives a month starting or ending there. The default
is the last month of data (from the month before when the data reaches less
than a week into its last month). Energy lines per unit rate
(or per tariff for half-hourly prices), standing-charge lines (a change
mid-period gives two), subtotal, VAT and total, on the same tariff choice
as the cost report.
"""

from __future__ import annotations

import datetime as dt

from ..errors import BadRequest
from ..household import Household
from ..present import blocks as b
from ..present.bill import band_facts, bill_rows, bill_totals, is_revenue, vat_note
from ..present.coverage import coverage_links, coverage_paragraphs
from ..present.datafiles import with_table_downloads
from ..present.pricing import (
    PricingSettings,
    assumptions_block,
    choose_tariff,
    custom_form,
    gas_conversion,
    last_month,
    period_label,
    tariff_form,
    unpriced_codes,
    view_priced,
)
from ..present.supplier_check import supplier_check
from ..present.view import View
from ..pricing.bill import priced_bill
from ..pricing.catalogue import priced_on
from ..pricing.cost import cost_assumptions
from ..pricing.period import price_coverage
from ..session import Session
from ..timeseries.aggregate import series_days
from ..timeseries.series import FUEL_LABELS
from . import ReportSpec
from .cost import fuel_tabs_keeping_settings

PARAMS = ("from", "to", "tariff", "region", "custom", "e7", "payment")


def settings(params: dict[str, str], household: Household) -> tuple[PricingSettings, list[str]]:
    fuel = params.get("fuel") if params.get("fuel") in household.fuels() else household.fuels()[0]
    return PricingSettings.from_params(params, household, PARAMS, series_days(household.series[fuel]),
                                       form_shows_refused=True, months=1, default="the last month of data")


async def build(session: Session, household: Household, view: View) -> dict:
    series = household.series[view.fuel]
    span = series_days(series)
    s: PricingSettings = view.settings
    first, last = s.period(span, _default_period(view, span))
    priced = await choose_tariff(session, household, s, view.fuel, *span, shown=(first, last))
    view = view_priced(view, priced)
    if priced.pricing is None:
        raise BadRequest("no tariff could be found to price this data; enter your tariff's rates by hand below, "
                         "and this report is priced on them")
    statement, rated = priced_bill(series, priced.pricing, first, last)
    label = priced_on(priced.label, priced.pricing, first, last)  # only the agreements in force in these days
    columns, rows, classes = bill_rows(statement)
    base = {k: v for k, v in view.as_params().items() if k not in ("month", "day", "week", "year")}
    period_fields = [
        b.field("from", "From", "date", first.isoformat(), min=span[0].isoformat(), max=span[1].isoformat()),
        b.field("to", "To (inclusive)", "date", last.isoformat(), min=span[0].isoformat(), max=span[1].isoformat()),
    ]
    form = tariff_form(View(view.report, view.fuel, None, None, view.extra), priced, household,
                       extra_fields=period_fields)
    asked = ("tariff", "region", "from", "to", *(() if view.fuel == "export" else ("payment",)))  # export: kept
    form["params"] = {k: v for k, v in base.items() if k not in asked}
    kind = "revenue" if is_revenue(statement) else "bill"
    blocks = [form]
    cover = statement.coverage
    data = None if cover.full else price_coverage(series, priced.pricing, *span, known=cover)
    if statement.warnings or data is not None:
        blocks.append(b.text("This bill is incomplete", [*coverage_paragraphs(cover, data), *statement.warnings],
                             tone="warn"))
        blocks += coverage_links(base, cover, data)
    if not cover.none:  # with no priced day, a statement of £0.00 lines would read as a free period
        blocks.append(b.table(f"Your {kind}, {period_label(first, last)}", columns, rows, row_classes=classes,
                              open=True))
        check = supplier_check(household, view.fuel, statement, label)
        if check is not None:
            blocks += [check["table"], check["text"]]
    bands = band_facts(statement)
    if bands:
        blocks.append(bands)
    # Rounding is said once, in the assumptions below.
    daily = "Standing charges: each London day pays the charge in force at its midnight. "
    how = ("Energy: each half-hour's reading × the unit rate in force then (exc VAT), added up. " + daily
           if kind == "bill" else "Export: each half-hour's export reading × the export rate in force then, added up. "
           # Export has no standing charge, unless a tariff entered by hand gives it a daily amount.
           + ("Daily amount: each London day adds the amount in force at its midnight. " if statement.standing
              else "Export has no standing charge. "))
    blocks.append(b.text("How this is worked out", [how + vat_note(statement)]))
    assumptions = cost_assumptions(priced.pricing, statement, view.fuel, first, last, gas_conversion(household),
                                   rates=rated.half_hours.rates)  # the bill's rates, not looked up again
    blocks.append(assumptions_block(assumptions, priced, household, view.fuel))
    # The period shown, however it was asked for (a month or day drilled into included), so that a tariff added
    # here prices the same days.
    shown = (*((k, v) for k, v in view.extra if k not in ("from", "to")),
             ("from", first.isoformat()), ("to", last.isoformat()))
    blocks.append(custom_form(View(view.report, view.fuel, None, None, shown), priced.customs, fuel=view.fuel,
                              unpriced=unpriced_codes(priced), refused=s.refused, adopt=True))
    return {
        "view": view.as_params(),
        "title": f"{FUEL_LABELS[view.fuel]} {kind}, {period_label(first, last)}",
        "subtitle": label,
        "tabs": fuel_tabs_keeping_settings(household, View(view.report, view.fuel, None, None, view.extra), SPEC.fuels),
        "totals": [b.item("Priced on", label),
                   b.item("Days", b.amount(statement.days, 0, "days", text=str(statement.days))),
                   *bill_totals(statement)],
        "blocks": with_table_downloads(household, view, blocks),
        "notices": list(priced.notices),
    }


def _default_period(view: View, span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The day, week, month or year the URL asks for (e.g. from the cost report), else the last month of data."""
    if view.period.kind != "all":
        return view.period.bounds(*span)
    return last_month(span)


SPEC = ReportSpec(
    name="bill",
    label="Bill",
    order=21,
    build=build,
    params=PARAMS,
    settings=settings,
    description="A bill for any period: energy, standing charges and VAT, line by line.",
)
