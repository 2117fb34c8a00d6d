"""Compare tariffs as the page shows it: every tariff the household could be on, ranked.

For the period (``from``/``to``, else the month drilled into, else the last
twelve months of data), each tariff in the price feeds for the region, and
each one entered by hand, is priced on the household's own half-hours with
its standing charges and VAT, each day with the product version then on
sale. Import, export and gas side by side; Flux-style pairs; the net of
import and export; month by month; best and worst month against the
household's actual bill; eligibility filters (``has``) with each tariff's
conditions.
"""

from __future__ import annotations

import datetime as dt

from ..errors import BadRequest
from ..feeds.client import REGIONS
from ..household import Household, faulty
from ..present import blocks as b
from ..present.coverage import month_coverage, part_priced_days, priced_pounds, runs_label
from ..present.datafiles import with_table_downloads
from ..present.pricing import (
    MONTH_NAMES,
    PricingSettings,
    custom_form,
    date_label,
    e7_assumption,
    e7_field,
    gas_conversion,
    household_span,
    last_twelve_months,
    money,
    payment_assumption,
    payment_field,
    period_label,
    region_field,
)
from ..present.view import View
from ..pricing.catalogue import actual_pricing, catalogue
from ..pricing.compare import (
    TAGS,
    ActualResult,
    Candidate,
    Comparison,
    FuelComparison,
    HouseholdAnswer,
    MonthSaving,
    TariffResult,
    compare_tariffs,
    household_answer,
)
from ..pricing.coverage import PriceCoverage
from ..pricing.economy7 import uses_two_registers
from ..pricing.money import p_per_kwh, pounds
from ..session import Session
from ..timeseries.londontime import local_date, month_bounds
from ..timeseries.series import FUEL_LABELS
from ..wording import bracketed, entered_by_you, plural
from . import ReportSpec

ORDER = ("electricity", "export", "gas")


PARAMS = ("from", "to", "region", "has", "custom", "e7", "payment")


def settings(params: dict[str, str], household: Household) -> tuple[PricingSettings, list[str]]:
    return PricingSettings.from_params(params, household, PARAMS, household_span(household), form_shows_refused=True,
                                       months=12, default="the last twelve months of data")


def _default_period(view: View, span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    if view.month:
        return month_bounds(view.month)
    return last_twelve_months(span)


async def compare_view(session: Session, household: Household, view: View) -> tuple[Comparison, dict]:
    """The comparison for ``view``, and context for presenting it."""
    fuels = [f for f in ORDER if f in household.fuels()]
    span = household_span(household, fuels)
    s: PricingSettings = view.settings
    first, last = s.period(span, _default_period(view, span))
    region, customs, night = s.region, list(s.customs), s.night
    cat = await catalogue(session, region, fuels, first, last, night=night, payment=s.payment)
    candidates = [Candidate(o.key, o.pricing, o.label, o.terms.requires, o.conditions, o.terms.pair)
                  for o in cat.offers]
    candidates += [Candidate(t.key, t.tariff, entered_by_you(t.tariff.name))
                   for t in customs if t.fuel in fuels]
    actual = {}
    assumed: set[str] = set()  # fuels whose own tariff is assumed, not known from the account
    notes: list[str] = []
    for fuel in fuels:
        a = await actual_pricing(session, household, fuel, region, first, last, cat, night=night, payment=s.payment)
        if a is not None:
            actual[fuel] = a.pricing
            if a.assumed:
                assumed.add(fuel)
            notes += [n for n in a.notes if n not in notes]
    has = s.has
    series = {f: household.series[f] for f in fuels}
    result = compare_tariffs(series, candidates, first, last, actual=actual, has=has)
    economy7 = any(uses_two_registers(p) for p in [*(o.pricing for o in cat.offers), *actual.values()])
    context = {"first": first, "last": last, "span": span, "region": region, "catalogue": cat, "customs": customs,
               "has": has, "notes": notes, "fuels": fuels, "assumed": assumed, "night": night, "economy7": economy7,
               "payment": s.payment, "payment_given": s.payment_given}
    return result, context


async def build(session: Session, household: Household, view: View) -> dict:
    r, ctx = await compare_view(session, household, view)
    first, last, cat = ctx["first"], ctx["last"], ctx["catalogue"]
    if not r.fuels:
        raise BadRequest("there is no electricity, export or gas data to compare tariffs on")
    months = [f"{MONTH_NAMES[int(m[5:]) - 1]} {m[:4]}" for m in r.months]
    base = {k: v for k, v in view.as_params().items() if k not in ("month", "day")}
    fuels = [r.fuels[f] for f in ORDER if f in r.fuels]
    # The answer first: the household's bill, the best choice and each fuel's ranking; the rest folded below.
    blocks: list[dict] = [_ranking(block, block.fuel in ctx["assumed"]) for block in fuels]
    if r.net:
        blocks.append(_net_table(r))
    blocks += [_settings_form(base, ctx, household), _filter_form(base, ctx)]
    for block in fuels:
        blocks += _fuel_details(block, months, r.months)
    blocks.append(_conditions_table(r))
    blocks.append(_assumptions(r, ctx, household))
    blocks += [chart for block in fuels if (chart := _ranking_chart(block, base, block.fuel in ctx["assumed"]))]
    plain = View(view.report, view.fuel, None, None, view.extra)
    blocks.append(custom_form(plain, ctx["customs"], refused=view.settings.refused))
    n = sum(len(block.tariffs) for block in fuels)
    return {
        "title": f"Compare tariffs: {period_label(first, last)}",
        "subtitle": f"{plural(n, 'tariff')} priced on your half-hours, {REGIONS[ctx['region']]} ({ctx['region']})",
        "totals": _answer(r, household_answer(r)),
        "blocks": with_table_downloads(household, view, blocks),
        "notices": [*r.notices, *cat.notices],
    }


def _per_year(answer: HouseholdAnswer, thin: list[FuelComparison]) -> str:
    """The household's saving in words with its yearly figure: "saves £173.68 a year".

    ``thin``: the fuels too thinly read for a yearly figure to mean anything
    (:attr:`HouseholdAnswer.thin`); the saving is then said over the period alone, whatever its length, as it is
    over a period shorter than :data:`~pyruntime.pricing.compare.MIN_DAYS_FOR_A_YEAR`.
    """
    said, days = difference(answer.saving_gbp, False), answer.days
    span = "this day" if days == 1 else f"these {days} days"
    if thin:
        both_meters = {"electricity", "export"} <= {x.fuel for x in thin}
        shares = _listed([f"{100 * x.present / x.expected:.0f}% of {_short(x, both_meters)}" for x in thin])
        return f"{said} over {span} (not scaled to a year: only {shares} half-hours have a reading)"
    if answer.saving_p_per_year is None:  # as in the what-if lab: a week or a month is one season's
        return f"{said} over {span} (not scaled to a year: a period shorter than a year leaves seasons out)"
    if 364 <= days <= 366:
        return f"{said} a year"
    return f"{said} over {span} (about {b.pounds(abs(round(answer.saving_gbp * 365 / days, 2)))} a year)"


def _listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: a list said once, not a chain of "and"s."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _short(block: FuelComparison, both_meters: bool) -> str:
    """A fuel as a list of fuels names it: "import" and "export" when both electricity meters are in it, else in full
    ("electricity import", "gas")."""
    if not both_meters:
        return block.label.lower()
    return {"electricity": "import", "export": "export"}.get(block.fuel, block.label.lower())


def _yours(label: str) -> str:
    """The household's own row: "Yours: Flexible Octopus (assumed)", "Yours: your tariff history" (one sentence)."""
    return f"Yours: {label[:1].lower() + label[1:] if label.startswith('Your ') else label}"


def _answer(r: Comparison, answer: HouseholdAnswer) -> list[dict]:
    """The view's totals: the question answered in a few lines."""
    out = [b.item("Period", f"{period_label(r.first_day, r.last_day)} ({plural(r.days, 'day')})")]
    fuels = [r.fuels[f] for f in ORDER if f in r.fuels]
    if answer.yours_p is not None:
        # Each fuel's total as its ranking shows it, and the household's total their sum as shown: a bill's total is
        # the sum of its printed lines, never the unrounded sum rounded once (a penny off them).
        how = ""
        for blk in fuels:
            op = ("− " if blk.revenue else "+ ") if how else ""
            how += f"{' ' if how else ''}{op}{blk.label.lower()} {money(pounds(blk.actual.total_p))}"
        total = answer.yours_gbp
        out.append(b.item("Your household", b.gbp(total, text=f"{money(total)} on your tariffs: {how}")))
    best = answer.best
    if best is not None:
        picks = sorted(best.tariffs, key=lambda t: ORDER.index(t.fuel))
        named = [_for_fuel(t) for t in picks]
        names = _listed(named)
        names += " (import and export sold as a pair)" if best.paired else ""
        names += "".join(f", keeping your {FUEL_LABELS[f].lower()} tariff" for f in ORDER if f in best.kept)
        if best.total_p is None:  # a kept own total is part-period: no household figure to state
            out.append(b.item("Best choice", f"{names}: {_no_total(best.incomplete)}", warn=True))
        else:
            total = best.total_gbp  # its tariffs' totals as the rankings show them, added up
            if answer.saving_p is None:
                said = f"{money(total)} for the household"
            elif abs(answer.saving_p) < 0.5:
                said = f"{money(total)}: you are already on the best tariffs"
            else:
                said = f"{money(total)}, {_per_year(answer, [r.fuels[f] for f in ORDER if f in answer.thin])}"
            out.append(b.item("Best choice", b.gbp(total, text=f"{names}: {said}")))
    gaps = [blk for blk in fuels if blk.missing]
    if gaps:
        where = ", ".join(f"{blk.label.lower()} {blk.missing:,}" for blk in gaps)
        missing = plural(sum(blk.missing for blk in gaps), "half-hour")
        out.append(b.item("Missing readings", f"{missing} ({where}); every "
                                              "tariff is priced on the same ones, so the ranking holds",
                          warn=True))
    return out


def _no_total(incomplete: tuple[str, ...]) -> str:
    """Why the best choice has no household total: the own totals it keeps leave part of the period out."""
    named = [FUEL_LABELS[f].lower() for f in ORDER if f in incomplete]
    which = (f"your {named[0]} tariff's total is" if len(named) == 1
             else f"your {', '.join(named[:-1])} and {named[-1]} tariffs' totals are")
    return f"no household total or saving, as {which} incomplete (part of the period is unpriced)"


def _for_fuel(t: TariffResult) -> str:
    """A tariff's name that says its fuel: "Outgoing Octopus 12M Fixed for export"; import needs no word."""
    word = {"electricity": "", "export": "export", "gas": "gas"}[t.fuel]
    return t.label if not word or word in t.label.lower() else f"{t.label} for {word}"


def _ranked_name(t: TariffResult, assumed: bool) -> str:
    """A tariff's name in a ranking, the household's own marked: "Flexible Octopus (assumed)"."""
    return bracketed(t.label, "assumed" if assumed else "your current tariff") if t.current else t.label


def _ranking(block: FuelComparison, assumed: bool = False) -> dict:
    """One fuel's tariffs, best first, with the household's own tariff marked where it falls.

    ``assumed``: the household's tariff is assumed (as the cost view says), not known from the account.
    """
    revenue = block.revenue
    against = "your tariff" if block.actual else block.baseline
    columns = ["Tariff", "Rank", "Revenue" if revenue else "Total (inc VAT)",
               f"Saving against {against}" if against else "Saving"]
    needs = any(t.requires for t in block.tariffs)
    if needs:
        columns.append("Needs")
    rows: list[tuple[float, list, str, str]] = []
    sign = -1 if revenue else 1
    current = False
    for t in block.tariffs:
        rank = str(t.rank) if t.rank else ("not eligible" if not t.eligible else "not ranked")
        saving = t.saving_gbp  # the difference of the two totals shown, to the penny
        current = current or t.current
        row = [_ranked_name(t, assumed), rank, priced_pounds(pounds(t.total_p), t.coverage),
               b.gbp(saving, text=difference(saving, revenue))]
        requires = ", ".join(t.requires_labels)
        rows.append((sign * t.total_p if t.rank else float("inf"), row + ([requires or "—"] if needs else []),
                     "actual" if t.current else "" if t.rank else "incomplete",
                     f"Needs: {requires}" if requires else ""))
    if block.actual and not current:
        a = block.actual
        row = [_yours(a.label), "—" if a.complete else "incomplete", priced_pounds(pounds(a.total_p), a.coverage),
               "—"] + (
            ["—"] if needs else [])
        rows.append((sign * a.total_p, row, "actual", ""))
    rows.sort(key=lambda r: r[0])  # stable: ranked order kept, yours placed among them by total
    title = f"{block.label}: ranking by {'revenue' if revenue else 'cost'}"
    # A phone hides the Needs column of this compact table, so what a tariff needs is said under its name there.
    return b.table(title, columns, [r[1] for r in rows], row_classes=[r[2] for r in rows], open=True, compact=True,
                   key_notes=[r[3] for r in rows])


def _ranking_chart(block: FuelComparison, base: dict, assumed: bool = False) -> dict | None:
    """The ranked tariffs as bars, named as the ranking names them."""
    bars = [{"key": t.key, "label": _ranked_name(t, assumed), "value": pounds(t.total_p), "complete": True,
             "drill": {**{k: v for k, v in base.items() if k not in ("from", "to", "has")},
                       "report": "cost", "fuel": block.fuel, "tariff": t.key},
             "note": ""} for t in block.ranked]
    if not bars:
        return None
    revenue = block.revenue
    return b.bars(f"{block.label}: {'revenue' if revenue else 'cost'} on each ranked tariff", "£", bars,
                  caption=f"Total for the period (£{'' if revenue else ', inc VAT'}), best first. Select a bar "
                          f"for that tariff's {'revenue' if revenue else 'cost'} month by month.", ranking=True)


def _settings_form(base: dict, ctx: dict, household: Household) -> dict:
    lo, hi = ctx["span"]
    params = {k: v for k, v in base.items() if k not in ("from", "to", "region", "payment")}
    e7 = [e7_field(ctx["night"])] if ctx["economy7"] else []
    # Export is paid at its one price however the household pays, so a comparison of export alone has no
    # payment method to ask for (a value in the address still travels, as a hidden parameter).
    pays = any(f != "export" for f in ctx["fuels"])
    if not pays and ctx["payment_given"]:
        params["payment"] = ctx["payment"]
    fields = [
        b.field("from", "From", "date", ctx["first"].isoformat(), min=lo.isoformat(), max=hi.isoformat()),
        b.field("to", "To (inclusive)", "date", ctx["last"].isoformat(), min=lo.isoformat(), max=hi.isoformat()),
        region_field(ctx["region"]),
        *([payment_field(ctx["payment"])] if pays else []),
        *e7,
    ]
    return b.form("Period and region", params, fields, submit="Compare")


def _filter_form(base: dict, ctx: dict) -> dict:
    has = ctx["has"]
    params = {k: v for k, v in base.items() if k != "has"}
    value = "" if has is None else ",".join(t for t in TAGS if t in has)
    caption = ("Showing every tariff, with what each needs. Tick what you have and apply to rank only the tariffs "
               "you can get." if has is None else
               "Ranking only tariffs you can get with what is ticked; the others are listed, unranked.")
    field = b.field("has", "I have", "checkboxes", value, empty="none",
                    options=[{"value": k, "label": v} for k, v in TAGS.items()])
    links = [] if has is None else [{"label": "Show every tariff", "params": params}]
    return b.form("Eligibility", params, [field], submit="Apply", caption=caption, links=links)


def _month_label(m: MonthSaving | None) -> b.Cell:
    """The month and its saving [GBP], e.g. ``July (£12.34)``: the difference of the month's two £ in the
    month-by-month table, as shown."""
    if not m:
        return ""
    saving = m.saving_gbp
    return b.gbp(saving, text=f"{MONTH_NAMES[int(m.month[5:]) - 1]} ({money(saving)})")


def _incomplete(a: ActualResult) -> str:
    """Why no saving is measured against the household's own total, each fact once.

    Its £ cell already says how many days are priced (``321 of 365 days priced``); this says which days are left
    out and why. The half-hours with a reading but no rate are all on those days or on days priced in part, so
    they are not counted again, and a day without prices is not also a day without a standing charge.
    """
    c, facts = a.coverage, []
    if c.uncovered:
        facts.append(f"it leaves out {runs_label(c.uncovered)}, {plural(c.uncovered_days, 'day')} without prices")
    if c.part_priced:
        facts.append(part_priced_days(c))
    if a.days_without_standing:
        facts.append(f"{plural(a.days_without_standing, 'day has', 'days have')} no known standing charge, and none "
                     "is in it")
    said = "; ".join(facts)
    return f"{said[:1].upper()}{said[1:]}. No saving is worked out against it."


def difference(saving_gbp: float | None, revenue: bool) -> str:
    """A saving [GBP, positive = better for you] as words read without thinking: "costs £60.49 more"."""
    if saving_gbp is None:
        return "—"
    if abs(saving_gbp) < 0.005:
        return "the same"
    if revenue:
        return f"earns {b.pounds(abs(saving_gbp))} {'more' if saving_gbp > 0 else 'less'}"
    return f"saves {b.pounds(saving_gbp)}" if saving_gbp > 0 else f"costs {b.pounds(-saving_gbp)} more"


def _fuel_details(block: FuelComparison, months: list[str], keys: tuple[str, ...]) -> list[dict]:
    """One fuel's full table (money split, best and worst month) and its months, folded."""
    revenue = block.revenue
    against = "your tariff" if block.actual else block.baseline
    # Export payments carry no VAT and no standing charge: their columns would be zeros under import's headings.
    # Only a hand-entered export tariff given a VAT rate or a daily amount brings them back, as it adds to revenue.
    taxed = not revenue or any(t.vat_p for t in block.tariffs)
    standing = not revenue or any(t.standing_p for t in block.tariffs)
    columns = ["Tariff", "Rank", f"Total {'revenue' if revenue else '(inc VAT)'}",
               f"Saving against {against}" if against else "Saving",
               "Average p/kWh (inc VAT)" if taxed else "Average p/kWh",
               *(["Standing (exc VAT)" if taxed else "Standing"] if standing else []), *(["VAT"] if taxed else []),
               "Best month", "Worst month", "Needs"]
    rows, classes = [], []
    for t in block.tariffs:
        rank = str(t.rank) if t.rank else ("not eligible" if not t.eligible else "not ranked")
        needs = ", ".join(t.requires_labels) or "—"
        saving_gbp = t.saving_gbp
        saving = b.gbp(saving_gbp, text=difference(saving_gbp, revenue))
        average = b.amount(p_per_kwh(t.average_p_per_kwh_inc_vat), 2, "p/kWh")
        rows.append([t.label, rank, priced_pounds(pounds(t.total_p), t.coverage), saving, average,
                     *([b.gbp(pounds(t.standing_p))] if standing else []), *([b.gbp(pounds(t.vat_p))] if taxed else []),
                     _month_label(t.best_month), _month_label(t.worst_month), needs])
        classes.append("" if t.rank else "incomplete")
    if block.actual:
        a = block.actual
        rows.append([_yours(a.label), "—" if a.complete else "incomplete", priced_pounds(pounds(a.total_p),
                                                                                                  a.coverage), "—",
                     *[""] * (len(columns) - 4)])
        classes.append("actual")
    out = [b.table(f"{block.label}: tariffs ranked by {'revenue' if revenue else 'total cost'}", columns, rows,
                   row_classes=classes, cards=True)]
    if block.actual and not block.actual.complete:
        out.append(b.facts(f"{block.label}: your tariff's total is incomplete",
                           [(_yours(block.actual.label), _incomplete(block.actual), True)], open=True))
    notes = [(t.label, t.not_comparable, True) for t in block.tariffs if t.not_comparable]
    if notes:
        out.append(b.facts(f"{block.label}: why {len(notes)} not ranked", notes, open=False))
    m_rows = [[t.label, *_month_cells(t.months_p, t.coverage, keys)] for t in block.tariffs]
    if block.actual:
        m_rows.append([_yours(block.actual.label), *_month_cells(block.actual.months_p, block.actual.coverage,
                                                                     keys)])
    out.append(b.table(f"{block.label}: month by month (£{'' if revenue else ', inc VAT'})",
                       ["Tariff", *months], m_rows, cards=True))
    return out


def _month_cells(months_p: tuple[float, ...], cover: PriceCoverage, keys: tuple[str, ...]) -> list[dict]:
    """Each month's £, marked where the prices cover only part of it, none where they cover none of it."""
    return [priced_pounds(pounds(v), month_coverage(cover, k)) for v, k in zip(months_p, keys, strict=True)]


def _net_table(r: Comparison) -> dict:
    rows = []
    for n in r.net:
        imp, exp = r.tariff(n.import_key), r.tariff(n.export_key)
        how = "sold as a pair" if n.paired else "with the best export tariff"
        rows.append([str(n.rank), imp.label if imp else n.import_key, exp.label if exp else n.export_key, how,
                     b.gbp(n.net_gbp)])  # the import total shown less the export revenue shown
    return b.table("Electricity import and export together (import cost − export revenue)",
                   ["Rank", "Import", "Export", "How", "Net (£)"], rows, cards=True)


def _conditions_table(r: Comparison) -> dict:
    rows = []
    for fuel in ORDER:
        block = r.fuels.get(fuel)
        for t in block.tariffs if block else ():
            # The London day each version went on sale, written as the period in the title is.
            versions = "; ".join(
                f"{v.name} ({v.code}{'' if v.valid_from is None else ', from ' + date_label(local_date(v.valid_from))})"
                for v in t.versions)
            rows.append([t.label, FUEL_LABELS[fuel], ", ".join(t.requires_labels) or "—",
                         t.conditions or "—", versions])
    return b.table("Conditions and product versions", ["Tariff", "Fuel", "Needs", "Conditions", "Versions priced"],
                   rows, cards=True)


def _assumptions(r: Comparison, ctx: dict, household: Household) -> dict:
    cat = ctx["catalogue"]
    items: list[tuple] = [
        ("Region", f"{REGIONS[ctx['region']]} ({ctx['region']}) for every feed tariff"),
        ("Product versions", "Each tariff is priced day by day with the version a new customer was offered then "
                             "(its launch to the next version's); see the table of versions."),
        ("VAT", "5% on electricity import and gas, on energy and standing charges together; none on export."),
        ("Standing charges", "Each London day pays the charge in force at its midnight; export has none."),
    ]
    if ctx["economy7"]:
        items.append(e7_assumption(ctx["night"]))
    # Export is paid the same however the household pays for its import: the method prices import and gas alone,
    # and a comparison of export alone has no payment method to state.
    paying = [name for fuel, name in (("electricity", "import"), ("gas", "gas")) if fuel in r.fuels]
    if paying:
        items.append(payment_assumption(ctx["payment"], household, ctx["payment_given"],
                                        priced=" and ".join(paying) + " feed tariffs"))
    if "gas" in ctx["fuels"]:
        items.append(("Gas conversion", gas_conversion(household)))
    missing = [f"{blk.label}: {blk.missing} of {blk.expected} half-hours" for blk in r.fuels.values() if blk.missing]
    items.append(("Missing data", ("; ".join(missing) + ". Every tariff is priced on the same half-hours, so the "
                                   "ranking holds, but totals are lower than real bills.") if missing else "none",
                  bool(missing)))
    if (line := faulty.assumption(household, ctx["fuels"])) is not None:
        items.append(line)
    items.append(("Prices from", ("sample feeds. " + cat.sample_note) if cat.sample else "live feeds", cat.sample))
    items += [("Your tariff", n, "assumption" in n) for n in ctx["notes"]]
    items += [(o.label, n) for o in cat.offers for n in o.notes if n not in ctx["notes"]]
    items.append(("Method", r.method))
    items.append(("Rounding", r.rounding))
    return b.facts("Assumptions", items, open=False)


SPEC = ReportSpec(
    name="compare",
    label="Compare tariffs",
    order=22,
    build=build,
    params=PARAMS,
    settings=settings,
    description="Every tariff you could be on, ranked on your own half-hours, with import, export and gas.",
)
