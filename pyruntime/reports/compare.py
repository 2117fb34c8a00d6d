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
from ..present.datafiles import with_table_downloads
from ..present.pricing import (
    MONTH_NAMES,
    PricingSettings,
    custom_form,
    e7_assumption,
    e7_field,
    gas_conversion,
    household_span,
    last_twelve_months,
    money,
    payment_assumption,
    payment_field,
    period_label,
)
from ..present.view import View
from ..pricing.catalogue import actual_pricing, catalogue
from ..pricing.compare import TAGS, Candidate, compare_tariffs
from ..pricing.economy7 import uses_two_registers
from ..session import Session
from ..timeseries.londontime import month_bounds
from ..timeseries.series import FUEL_LABELS
from . import ReportSpec

ORDER = ("electricity", "export", "gas")


PARAMS = ("from", "to", "region", "has", "custom", "e7", "payment")


def settings(params: dict[str, str], household: Household) -> tuple[PricingSettings, list[str]]:
    return PricingSettings.from_params(params, household, PARAMS, household_span(household))


def _default_period(view: View, span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    if view.month:
        return month_bounds(view.month)
    return last_twelve_months(span)


async def compare_view(session: Session, household: Household, view: View) -> tuple[dict, dict]:
    """The comparison (``reports.compare`` JSON) for ``view``, and context for presenting it."""
    fuels = [f for f in ORDER if f in household.fuels()]
    span = household_span(household, fuels)
    s: PricingSettings = view.settings
    first, last = s.period(span, _default_period(view, span))
    region, customs, night = s.region, list(s.customs), s.night
    cat = await catalogue(session, region, fuels, first, last, night=night, payment=s.payment)
    candidates = [Candidate(o.key, o.pricing, o.label, o.terms.requires, o.terms.conditions, o.terms.pair)
                  for o in cat.offers]
    candidates += [Candidate(t.key, t.tariff, f"{t.tariff.name} (yours)", conditions="Entered by you.")
                   for t in customs if t.fuel in fuels]
    actual = {}
    notes: list[str] = []
    for fuel in fuels:
        a = await actual_pricing(session, household, fuel, region, first, last, cat, night=night, payment=s.payment)
        if a is not None:
            actual[fuel] = a.pricing
            notes += [n for n in a.notes if n not in notes]
    has = s.has
    series = {f: household.series[f] for f in fuels}
    result = compare_tariffs(series, candidates, first, last, actual=actual, has=has)
    economy7 = any(uses_two_registers(p) for p in [*(o.pricing for o in cat.offers), *actual.values()])
    context = {"first": first, "last": last, "span": span, "region": region, "catalogue": cat, "customs": customs,
               "has": has, "notes": notes, "fuels": fuels, "night": night, "economy7": economy7,
               "payment": s.payment, "payment_given": s.payment_given}
    return result, context


async def build(session: Session, household: Household, view: View) -> dict:
    r, ctx = await compare_view(session, household, view)
    first, last, cat = ctx["first"], ctx["last"], ctx["catalogue"]
    if not r["fuels"]:
        raise BadRequest("there is no electricity, export or gas data to compare tariffs on")
    months = [f"{MONTH_NAMES[int(m[5:]) - 1]} {m[:4]}" for m in r["months"]]
    labels = {t["key"]: t["label"] for block in r["fuels"].values() for t in block["tariffs"]}
    base = {k: v for k, v in view.as_params().items() if k not in ("month", "day")}
    blocks: list[dict] = [_settings_form(base, ctx, household), _filter_form(base, ctx)]
    totals: list[dict] = [b.item("Period", f"{period_label(first, last)} ({r['days']} days)"),
                          b.item("Region", f"{REGIONS[ctx['region']]} ({ctx['region']})")]
    for fuel in ORDER:
        block = r["fuels"].get(fuel)
        if block is None:
            continue
        totals += _fuel_totals(block)
        blocks += _fuel_blocks(block, months, base)
    if r["net"]:
        blocks.append(_net_table(r, labels))
    blocks.append(_conditions_table(r))
    plain = View(view.report, view.fuel, None, None, view.extra)
    blocks.append(custom_form(plain, ctx["customs"]))
    blocks.append(_assumptions(r, ctx, household))
    n = sum(len(block["tariffs"]) for block in r["fuels"].values())
    return {
        "title": f"Compare tariffs: {period_label(first, last)}",
        "subtitle": f"{n} tariffs priced on your half-hours",
        "totals": totals,
        "blocks": with_table_downloads(household, view, blocks),
        "notices": r["notices"] + cat.notices,
    }


def _settings_form(base: dict, ctx: dict, household: Household) -> dict:
    lo, hi = ctx["span"]
    params = {k: v for k, v in base.items() if k not in ("from", "to", "region", "payment")}
    e7 = [e7_field(ctx["night"])] if ctx["economy7"] else []
    fields = [
        b.field("from", "From", "date", ctx["first"].isoformat(), min=lo.isoformat(), max=hi.isoformat()),
        b.field("to", "To (inclusive)", "date", ctx["last"].isoformat(), min=lo.isoformat(), max=hi.isoformat()),
        b.field("region", "Region", "select", ctx["region"],
                options=[{"value": k, "label": f"{k}: {v}"} for k, v in REGIONS.items()]),
        payment_field(ctx["payment"]),
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


def _fuel_totals(block: dict) -> list[dict]:
    ranked = [t for t in block["tariffs"] if t["rank"]]
    fuel = block["fuel_label"]
    out = []
    if block["actual"]:
        total = block["actual"]["total_gbp"]
        out.append(b.item(f"{fuel}: your {block['kind']}",
                          b.gbp(total, text=f"{money(total)} on {block['actual']['label']}")))
    if ranked:
        best = ranked[0]
        saving = "" if best.get("saving_gbp") is None else (
            f", {'saving' if best['saving_gbp'] >= 0 else 'costing'} {money(abs(best['saving_gbp']))}")
        out.append(b.item(f"{fuel}: best",
                          b.gbp(best["total_gbp"], text=f"{best['label']}: {money(best['total_gbp'])}{saving}")))
    if block.get("warning"):
        out.append(b.item(f"{fuel}: missing", block["warning"], warn=True))
    return out


def _month_label(m: dict | None) -> b.Cell:
    """The month and its saving [GBP], e.g. ``July (£12.34)``."""
    if not m:
        return ""
    return b.gbp(m["saving_gbp"], text=f"{MONTH_NAMES[int(m['month'][5:]) - 1]} ({money(m['saving_gbp'])})")


def difference(saving_gbp: float | None, revenue: bool) -> str:
    """A saving [GBP, positive = better for you] as words read without thinking: "costs £60.48 more"."""
    if saving_gbp is None:
        return "—"
    if abs(saving_gbp) < 0.005:
        return "the same"
    if revenue:
        return f"earns {b.pounds(abs(saving_gbp))} {'more' if saving_gbp > 0 else 'less'}"
    return f"saves {b.pounds(saving_gbp)}" if saving_gbp > 0 else f"costs {b.pounds(-saving_gbp)} more"


def _fuel_blocks(block: dict, months: list[str], base: dict) -> list[dict]:
    revenue = block["kind"] == "revenue"
    fuel = block["fuel"]
    against = "your tariff" if block["actual"] else block["baseline"]
    columns = ["Tariff", "Rank", f"Total {'revenue' if revenue else '(inc VAT)'}",
               f"Saving against {against}" if against else "Saving",
               "Average p/kWh (inc VAT)", "Standing (exc VAT)", "VAT", "Best month", "Worst month", "Needs"]
    rows, classes, bars = [], [], []
    for t in block["tariffs"]:
        rank = str(t["rank"]) if t["rank"] else ("not eligible" if not t["eligible"] else "not ranked")
        needs = ", ".join(t["requires_labels"]) or "—"
        saving = b.gbp(t["saving_gbp"], text=difference(t["saving_gbp"], revenue))
        average = b.amount(t["average_p_per_kwh_inc_vat"], 2, "p/kWh")
        rows.append([t["label"], rank, b.gbp(t["total_gbp"]), saving, average,
                     b.gbp(t["standing_gbp_exc_vat"]), b.gbp(t["vat_gbp"]), _month_label(t["best_month"]),
                     _month_label(t["worst_month"]), needs])
        classes.append("" if t["rank"] else "incomplete")
        if t["rank"]:
            bars.append({"key": t["key"], "label": _short(t["label"]), "value": t["total_gbp"], "complete": True,
                         "drill": {**{k: v for k, v in base.items() if k not in ("from", "to", "has")},
                                   "report": "cost", "fuel": fuel, "tariff": t["key"]},
                         "note": ""})
    if block["actual"]:
        a = block["actual"]
        rows.append([f"Yours: {a['label']}", "—", b.gbp(a["total_gbp"]), "—", "", "", "", "", "", ""])
        classes.append("actual")
    out = [b.table(f"{block['fuel_label']}: tariffs ranked by {'revenue' if revenue else 'total cost'}", columns, rows,
                   row_classes=classes, open=True)]
    if bars:
        out.append(b.bars(f"{block['fuel_label']}: {'revenue' if revenue else 'cost'} on each ranked tariff", "£", bars,
                          caption=f"Total for the period (£{'' if revenue else ', inc VAT'}), best first. Select a bar "
                                  "for that tariff's cost month by month."))
    notes = [f"{t['label']}: {t['not_comparable']}" for t in block["tariffs"] if t.get("not_comparable")]
    if notes:
        out.append(b.text(f"{block['fuel_label']}: not ranked", notes, tone="warn"))
    m_rows = [[t["label"], *[b.gbp(v) for v in t["months_gbp"]]] for t in block["tariffs"]]
    if block["actual"]:
        m_rows.append([f"Yours: {block['actual']['label']}", *[b.gbp(v) for v in block["actual"]["months_gbp"]]])
    out.append(b.table(f"{block['fuel_label']}: month by month (£{'' if revenue else ', inc VAT'})",
                       ["Tariff", *months], m_rows))
    return out


def _short(label: str, n: int = 16) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _net_table(r: dict, labels: dict) -> dict:
    pairs = {p["import"]: p for p in r["pairs"]}
    rows = []
    for n in r["net"]:
        how = "sold as a pair" if n["import"] in pairs else "with the best export tariff"
        rows.append([str(n["rank"]), labels.get(n["import"], n["import"]), labels.get(n["export"], n["export"]), how,
                     b.gbp(n["net_gbp"])])
    return b.table("Electricity import and export together (import cost − export revenue)",
                   ["Rank", "Import", "Export", "How", "Net (£)"], rows, open=True)


def _conditions_table(r: dict) -> dict:
    rows = []
    for fuel in ORDER:
        block = r["fuels"].get(fuel)
        for t in block["tariffs"] if block else []:
            versions = "; ".join(f"{v['name']} ({v['code']}{', from ' + v['from'][:10] if v['from'] else ''})"
                                 for v in t["versions"])
            rows.append([t["label"], FUEL_LABELS[fuel], ", ".join(t["requires_labels"]) or "—",
                         t["conditions"] or "—", versions])
    return b.table("Conditions and product versions", ["Tariff", "Fuel", "Needs", "Conditions", "Versions priced"],
                   rows)


def _assumptions(r: dict, ctx: dict, household: Household) -> dict:
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
    items.append(payment_assumption(ctx["payment"], household, ctx["payment_given"]))
    if "gas" in ctx["fuels"]:
        items.append(("Gas conversion", gas_conversion(household)))
    missing = [f"{blk['fuel_label']}: {blk['missing']} of {blk['expected']} half-hours"
               for blk in r["fuels"].values() if blk["missing"]]
    items.append(("Missing data", ("; ".join(missing) + ". Every tariff is priced on the same half-hours, so the "
                                   "ranking holds, but totals are lower than real bills.") if missing else "none",
                  bool(missing)))
    if (line := faulty.assumption(household, ctx["fuels"])) is not None:
        items.append(line)
    items.append(("Prices from", ("sample feeds. " + cat.sample_note) if cat.sample else "live feeds", cat.sample))
    items += [("Your tariff", n, "assumption" in n) for n in ctx["notes"]]
    items += [(o.label, n) for o in cat.offers for n in o.notes if n not in ctx["notes"]]
    items.append(("Method", r["method"]))
    items.append(("Rounding", r["rounding"]))
    return b.facts("Assumptions", items)


SPEC = ReportSpec(
    name="compare",
    label="Compare tariffs",
    order=22,
    build=build,
    params=PARAMS,
    settings=settings,
    description="Every tariff you could be on, ranked on your own half-hours, with import, export and gas.",
)
