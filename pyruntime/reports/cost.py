"""The cost report as the page shows it: £ by month → day → half-hour on one tariff.

Priced on the household's real tariff history by default (or a stated
assumption when it is unknown), or on any tariff from the feeds or entered
by hand (``tariff=``). The totals are the bill for the period shown, with
its lines, VAT shown separately and a warning when half-hours are missing.
"""

from __future__ import annotations

from ..errors import BadRequest
from ..household import Household
from ..present import blocks as b
from ..present.bill import band_facts, bill_rows, bill_totals
from ..present.coverage import coverage_links, coverage_paragraphs
from ..present.datafiles import days_half_hour_labels, half_hour_labels, with_table_downloads
from ..present.nav import LEVEL_COLUMN, crumbs, drill_bars, pager, period_nav
from ..present.pricing import (
    PricingSettings,
    assumptions_block,
    choose_tariff,
    custom_form,
    gas_conversion,
    tariff_form,
    unpriced_codes,
    view_priced,
)
from ..present.view import View
from ..pricing.catalogue import priced_on
from ..pricing.cost import HalfHourBar, PeriodBar, UseAndPrice, cost_report, use_and_price
from ..pricing.money import kwh, p_per_kwh, pence, pounds
from ..pricing.period import price_coverage
from ..session import Session
from ..timeseries.aggregate import series_days
from ..timeseries.londontime import isoformat_local, isoformat_utc
from ..timeseries.series import FUEL_LABELS
from . import ReportSpec

PARAMS = ("tariff", "region", "custom", "e7", "payment")


def settings(params: dict[str, str], household: Household) -> tuple[PricingSettings, list[str]]:
    return PricingSettings.from_params(params, household, PARAMS, form_shows_refused=True)


def fuel_tabs_keeping_settings(household: Household, view: View, fuels: tuple[str, ...]) -> list[dict]:
    """Fuel tabs that keep the period, region and hand-entered tariffs but not the tariff choice (it is per fuel)."""
    out = []
    for fuel in household.fuels():
        if fuel in fuels:
            params = {k: v for k, v in view.as_params().items() if k != "tariff"}
            params["fuel"] = fuel
            out.append({"label": FUEL_LABELS[fuel], "params": params, "current": fuel == view.fuel})
    return out


async def build(session: Session, household: Household, view: View) -> dict:
    series = household.series[view.fuel]
    span = series_days(series)
    priced = await choose_tariff(session, household, view.settings, view.fuel, *span,
                                 shown=view.period.bounds(*span))
    view = view_priced(view, priced)
    if priced.pricing is None:
        raise BadRequest("no tariff could be found to price this data; enter your tariff's rates by hand below, "
                         "and this report is priced on them")
    r = cost_report(series, priced.pricing, view, gas_conversion=gas_conversion(household))
    label = priced_on(priced.label, priced.pricing, *view.period.bounds(*span))  # the agreements in force then
    revenue = r.revenue
    bars = drill_bars(view, r.level, r.bars, [_bar_height(bar) for bar in r.bars],
                      "some half-hours or prices missing")
    first_column = LEVEL_COLUMN[r.level]
    unit = r.bar_unit
    # Export payments carry no VAT and no standing charge: import's headings would name zeros. Only a hand-entered
    # export tariff given a VAT rate or a daily amount brings them back (as on the compare page).
    taxed = not revenue or bool(r.totals.vat_rate)
    standing = not revenue or bool(r.totals.standing)
    inc = "inc VAT" if taxed else "no VAT"
    rate_vat = " inc VAT" if taxed else ""
    if r.level == "day":
        columns = [first_column, f"{'Revenue' if revenue else 'Cost'} ({unit}, {inc})", "Energy (kWh)",
                   f"Price (p/kWh{rate_vat})", "Band"]
        rows = [[bar.label, b.amount(pence(bar.cost_p_inc_vat), 2, "p"), b.amount(kwh(bar.kwh), 3, "kWh"),
                 b.amount(p_per_kwh(bar.rate_p_per_kwh_inc_vat), 3, "p/kWh"), bar.band or (bar.missing or "")]
                for bar in r.bars]
    else:
        # The kWh the £ are for: beside "48 of 48" half-hours read, "0.000" of use would read as none used.
        columns = [first_column, f"{'Revenue' if revenue else 'Cost'} ({unit}, {inc})", "Energy priced (kWh)",
                   f"Average (p/kWh{rate_vat})", *([f"Standing (£{rate_vat})"] if standing else []),
                   "Half-hours with data", "Price bands"]
        rows = [[bar.label, _bar_pounds(bar), _bar_priced_kwh(bar),
                 b.amount(p_per_kwh(bar.average_p_per_kwh_inc_vat), 3, "p/kWh"),
                 *([_bar_standing(bar)] if standing else []),
                 b.count(bar.present, bar.expected),
                 ", ".join(f"{s.band} {round(s.share, 4) * 100:.0f}%" for s in bar.band_shares or ())]
                for bar in r.bars]
    columns_bill, rows_bill, classes_bill = bill_rows(r.totals)
    hint = "" if r.level == "day" else " Select a bar for detail."
    what = "Revenue" if revenue else "Cost"
    with_standing = ", with standing charges" if standing and r.level != "day" else ""
    cover = r.totals.coverage
    blocks = [tariff_form(view, priced, household)]
    over = None
    # With no priced day every bar would be an empty stub on a £0–1 axis: the notice below says why there is none.
    if not cover.none:
        blocks.append(b.bars(f"{r.measure} of {FUEL_LABELS[r.fuel].lower()}, {view.period.in_sentence}", unit, bars,
                             caption=f"{r.measure} ({unit}, {inc}{with_standing})."
                                     f"{hint} Hatched bars lack some half-hours or prices."))
        if view.period.kind in ("day", "week") and not revenue:
            over = use_and_price(r.half_hours)  # the bill's days, as priced for it: the day or week shown
            blocks.append(_use_over_price(over, days=view.period.kind == "week"))
    data = None if cover.full else price_coverage(series, priced.pricing, *span, known=cover)
    if r.totals.warnings or data is not None:
        blocks.append(b.text("Missing data", [*coverage_paragraphs(cover, data), *r.totals.warnings], tone="warn"))
        blocks += coverage_links({k: v for k, v in view.as_params().items() if k not in ("month", "day", "week",
                                                                                          "year")},
                                 cover, data)
    if not cover.none:  # with no priced day, a statement of £0.00 lines would read as a free period
        blocks.append(b.table(f"Bill for {view.period.in_sentence}: line by line",
                              columns_bill, rows_bill, row_classes=classes_bill, open=True))
    bands = band_facts(r.totals)
    if bands:
        blocks.append(bands)
    blocks += [
        b.table("Data table", columns, rows,
                row_classes=["" if bar.complete else "incomplete" for bar in r.bars]),
        *([_use_and_price_table(over)] if over is not None and view.period.kind == "week" else []),
        assumptions_block(r.assumptions, priced, household, view.fuel),
        b.form("More about costs", {}, [], submit="", links=[
            {"label": "Bill for any period", "params": _keep(view, report="bill")},
            {"label": "Compare every tariff", "params": _keep(view, report="compare")},
        ]),
        custom_form(view, priced.customs, fuel=view.fuel, unpriced=unpriced_codes(priced),
                    refused=view.settings.refused, adopt=True),
    ]
    return {
        "view": view.as_params(),
        "title": f"{FUEL_LABELS[r.fuel]} {what.lower()}: {r.label}",
        "subtitle": label,
        "tabs": fuel_tabs_keeping_settings(household, view, SPEC.fuels),
        "crumbs": crumbs(view),
        "totals": [b.item("Priced on", label), *bill_totals(r.totals)],
        "blocks": with_table_downloads(household, view, blocks),
        "pager": pager(view, *span),
        "period": period_nav(view, *span),
        "notices": list(priced.notices),
    }


def _bar_height(bar: PeriodBar | HalfHourBar) -> float | None:
    """A bar's height as shown: £ for months and days, p for half-hours (rounded for display)."""
    if isinstance(bar, HalfHourBar):
        return pence(bar.cost_p_inc_vat)
    return pounds(bar.total_p_inc_vat) if bar.present and not bar.coverage.none else None


def _bar_pounds(bar: PeriodBar) -> dict:
    """A month's or day's £ as a cell: none where the prices cover none of its days."""
    if bar.coverage.none:
        return b.gbp(None, text="no prices")
    return b.amount(pounds(bar.total_p_inc_vat), 2, "GBP")


def _bar_priced_kwh(bar: PeriodBar) -> dict:
    """A month's or day's energy priced as a cell: none where the prices cover none of its days."""
    if bar.coverage.none:
        return b.cell("no prices", None, "kWh")
    return b.amount(kwh(bar.priced_kwh), 3, "kWh")


def _bar_standing(bar: PeriodBar) -> dict:
    """A month's or day's standing charges as a cell: none where the prices cover none of its days (not £0.00)."""
    if bar.coverage.none:
        return b.gbp(None, text="no prices")
    return b.amount(pounds(bar.standing_p_inc_vat), 2, "GBP")


def _use_over_price(rows: tuple[UseAndPrice, ...], *, days: bool) -> dict:
    """kWh per half-hour as bars with the unit rate as a line: when your use met cheap or dear prices."""
    locals_ = [isoformat_local(h.start_utc_s) for h in rows]
    labels = days_half_hour_labels(locals_) if days else half_hour_labels(locals_)
    return b.usage_over("Your use and the unit price", (
        "Your use per half-hour (kWh, bars) and the tariff's unit rate then (p/kWh inc VAT, line, right axis)."),
        [isoformat_utc(h.start_utc_s) for h in rows], labels, [kwh(h.kwh) for h in rows],
        b.overlay("Unit rate", "p/kWh", [p_per_kwh(h.rate_p_per_kwh_inc_vat) for h in rows]))


def _use_and_price_table(rows: tuple[UseAndPrice, ...]) -> dict:
    """The numbers behind :func:`_use_over_price` for a week."""
    labels = days_half_hour_labels([isoformat_local(h.start_utc_s) for h in rows])
    return b.table("Data table: use and unit rate by half-hour", ["Half-hour starting", "Energy (kWh)",
                                                                 "Unit rate (p/kWh inc VAT)"],
                   [[lab, b.amount(kwh(h.kwh), 3, "kWh"), b.amount(p_per_kwh(h.rate_p_per_kwh_inc_vat), 3, "p/kWh")]
                    for h, lab in zip(rows, labels, strict=True)],
                   row_classes=["" if h.kwh is not None and h.rate_p_per_kwh_inc_vat is not None else "incomplete"
                                for h in rows])


def _keep(view: View, **changes: str) -> dict:
    """Params for a sibling report: same fuel, region and hand-entered tariffs."""
    params = {"report": view.report, "fuel": view.fuel}
    for key in ("region", "custom", "tariff", "e7", "payment"):
        if view.get(key):
            params[key] = view.get(key)
    params.update(view.period.to_params())  # the bill opens on the period shown
    return {**params, **changes}


SPEC = ReportSpec(
    name="cost",
    label="Cost",
    order=20,
    build=build,
    params=PARAMS,
    settings=settings,
    description="What your energy cost (or earned) by month, day and half-hour, on your tariff or any other.",
)
