"""Compare tariffs: what the household would have paid on each, ranked.

Every candidate is priced on the household's own half-hours over the same
London days, with standing charges and VAT; import, export and gas side by
side; import+export pairs sold together (Flux) priced as one; month by
month, with the best and worst month against a baseline (the user's actual
tariff history when known, otherwise the cheapest candidate). The past is
priced as it happened: no load shifting is assumed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..timeseries.series import FUEL_LABELS, FUELS, Series
from .history import Pricing, TariffHistory
from .money import ROUNDING, p_per_kwh, pounds
from .period import PeriodCost, Prepared, prepare, price_period

TAGS = {
    "ev": "electric vehicle",
    "heat_pump": "heat pump",
    "battery": "home battery",
    "solar": "solar panels",
}
"""Eligibility tags a tariff may require, and how the page names them."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A tariff to compare.

    Attributes
    ----------
    key : stable identifier (for the URL and the table's columns).
    pricing : a tariff, or a history (e.g. a family's versions in force each day).
    label : what the user reads; defaults to the tariff's name.
    requires : eligibility tags from :data:`TAGS` (an EV for Intelligent Go, …).
    conditions : a short note of the tariff's conditions.
    pair : candidates with the same pair key are sold together (Flux import + export).
    """

    key: str
    pricing: Pricing
    label: str = ""
    requires: frozenset[str] = field(default_factory=frozenset)
    conditions: str = ""
    pair: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.requires) - set(TAGS)
        if unknown:
            raise ValueError(f"unknown eligibility tags {sorted(unknown)}; use {', '.join(TAGS)}")


def compare_tariffs(
    household: Mapping[str, Series],
    candidates: Iterable[Candidate],
    first_day: dt.date,
    last_day: dt.date,
    *,
    actual: Mapping[str, Pricing] | None = None,
    has: Iterable[str] | None = None,
) -> dict:
    """Rank ``candidates`` over London days ``first_day``–``last_day`` on ``household``'s series.

    ``actual`` maps a fuel to the user's real tariff (history) to measure
    savings against. ``has`` lists the eligibility tags the household has;
    ``None`` treats every tariff as eligible (requirements are still shown).
    """
    if last_day < first_day:
        raise ValueError("the comparison period ends before it starts")
    candidates = list(candidates)
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("two candidate tariffs share a key")
    has_set = None if has is None else set(has)
    prepared: dict[str, Prepared] = {
        f: prepare(household[f], first_day, last_day) for f in FUELS if f in household
    }
    months = [m.key for m in next(iter(prepared.values())).months] if prepared else []
    fuels: dict[str, dict] = {}
    priced: dict[str, tuple[Candidate, PeriodCost]] = {}
    for fuel, prep in prepared.items():
        rows = []
        actual_cost = price_period(prep, actual[fuel]) if actual and fuel in actual else None
        for c in candidates:
            if c.pricing.fuel != fuel:
                continue
            cost = price_period(prep, c.pricing)
            priced[c.key] = (c, cost)
            rows.append((c, cost))
        fuels[fuel] = _fuel_block(fuel, prep, rows, actual_cost, actual.get(fuel) if actual else None, has_set)
    skipped = sorted({c.pricing.fuel for c in candidates} - set(prepared))
    return {
        "report": "compare",
        "first_day": first_day.isoformat(),
        "last_day": last_day.isoformat(),
        "days": (last_day - first_day).days + 1,
        "months": months,
        "fuels": fuels,
        "pairs": _pairs(priced, has_set),
        "net": _net(fuels, priced, has_set),
        "notices": [f"No {FUEL_LABELS[f].lower()} data, so those tariffs are not compared." for f in skipped],
        "method": (
            "Each tariff is priced on your recorded half-hours as they were, with its standing charges and VAT; "
            "no change of habits is assumed, which favours the tariff you were on."
        ),
        "rounding": ROUNDING,
    }


def _fuel_block(fuel, prep: Prepared, rows, actual_cost, actual_pricing, has_set) -> dict:
    export = fuel == "export"
    sign = -1 if export else 1  # rank by cost up, by revenue down
    # Each entry beside the exact cost it was made from: ranking and savings use the unrounded pence.
    entries = [(_entry(c, cost, prep, has_set), cost) for c, cost in rows]
    rankable = [(e, cost) for e, cost in entries if e["eligible"] and e["comparable"]]
    rankable.sort(key=lambda ec: (sign * ec[1].total_inc_vat, ec[0]["key"]))
    for i, (e, _) in enumerate(rankable, 1):
        e["rank"] = i
    baseline_cost, baseline_name = None, None
    if actual_cost is not None:
        baseline_cost, baseline_name = actual_cost, "your actual tariff"
    elif rankable:
        best, baseline_cost = rankable[0]
        baseline_name = best["label"]
    for e, cost in entries:
        _savings(e, cost, baseline_cost, export, prep)
    ranked = sorted((e for e, _ in entries), key=lambda e: (e["rank"] is None, e["rank"] or 0, e["key"]))
    present = sum(m.present for m in prep.months)
    expected = sum(m.expected for m in prep.months)
    block = {
        "fuel": fuel,
        "fuel_label": FUEL_LABELS[fuel],
        "kind": "revenue" if export else "cost",
        "kwh": round(prep.kwh_total, 3),
        "present": present,
        "expected": expected,
        "missing": expected - present,
        "complete": present == expected,
        "baseline": baseline_name,
        "actual": None if actual_cost is None else _summary(actual_cost, prep, actual_pricing),
        "tariffs": ranked,
    }
    if expected != present:
        block["warning"] = (
            f"{expected - present} of {expected} half-hours have no reading; every tariff is priced on the same "
            "half-hours, so the ranking holds, but totals are lower than real bills."
        )
    return block


def _entry(c: Candidate, cost: PeriodCost, prep: Prepared, has_set) -> dict:
    p = c.pricing
    eligible = has_set is None or set(c.requires) <= has_set
    avg = cost.energy / cost.priced_kwh if cost.priced_kwh else None
    versions = _versions(p)
    return {
        "key": c.key,
        "label": c.label or p.name,
        "code": p.code,
        "requires": sorted(c.requires),
        "requires_labels": [TAGS[t] for t in sorted(c.requires)],
        "conditions": c.conditions,
        "pair": c.pair,
        "eligible": eligible,
        "comparable": cost.complete_rates,
        "rank": None,
        "total_gbp": pounds(cost.total_inc_vat),
        "energy_gbp_exc_vat": pounds(cost.energy),
        "standing_gbp_exc_vat": pounds(cost.standing),
        "vat_gbp": pounds(cost.total_inc_vat - cost.subtotal),
        "average_p_per_kwh_inc_vat": None if avg is None else p_per_kwh(avg * (1 + cost.vat_rate)),
        "months_gbp": [pounds(cost.month_total_inc_vat(i)) for i in range(len(prep.months))],
        "missing_rates": cost.missing_rates,
        "days_without_standing_charge": cost.days_without_standing,
        "versions": versions,
        "sample": any(v["sample"] for v in versions),
    } | ({"not_comparable": _why_not(cost)} if not cost.complete_rates else {})


def _why_not(cost: PeriodCost) -> str:
    parts = []
    if cost.missing_rates:
        parts.append(f"no unit rate for {cost.missing_rates} half-hours")
    if cost.days_without_standing:
        parts.append(f"no standing charge for {cost.days_without_standing} days")
    return "Not ranked: " + " and ".join(parts) + " of this period (the tariff did not exist or its feed is missing)."


def _versions(p: Pricing) -> list[dict]:
    if isinstance(p, TariffHistory):
        d = p.describe()
        return [
            {"code": a["code"], "name": a["name"], "from": a["agreement_from"], "to": a["agreement_to"],
             "region": a["region"], "sample": a["sample"]}
            for a in d["agreements"]
        ]
    return [{"code": p.code, "name": p.name, "from": None, "to": None, "region": p.region, "sample": p.sample}]


def _savings(e: dict, cost: PeriodCost, baseline: PeriodCost | None, export: bool, prep: Prepared) -> None:
    if baseline is None or not e["comparable"]:
        e.update(saving_gbp=None, best_month=None, worst_month=None)
        return
    sign = -1 if export else 1  # a saving is paying less, or earning more
    e["saving_gbp"] = pounds(sign * (baseline.total_inc_vat - cost.total_inc_vat))
    per_month = [
        sign * (baseline.month_total_inc_vat(i) - cost.month_total_inc_vat(i)) for i in range(len(prep.months))
    ]
    if not per_month:
        e.update(best_month=None, worst_month=None)
        return
    best = max(range(len(per_month)), key=lambda i: per_month[i])
    worst = min(range(len(per_month)), key=lambda i: per_month[i])
    e["best_month"] = {"month": prep.months[best].key, "saving_gbp": pounds(per_month[best])}
    e["worst_month"] = {"month": prep.months[worst].key, "saving_gbp": pounds(per_month[worst])}


def _summary(cost: PeriodCost, prep: Prepared, pricing: Pricing) -> dict:
    return {
        "label": pricing.name,
        "total_gbp": pounds(cost.total_inc_vat),
        "months_gbp": [pounds(cost.month_total_inc_vat(i)) for i in range(len(prep.months))],
        "missing_rates": cost.missing_rates,
        "days_without_standing_charge": cost.days_without_standing,
        "versions": _versions(pricing),
    }


def _pairs(priced: dict[str, tuple[Candidate, PeriodCost]], has_set) -> list[dict]:
    by_pair: dict[str, dict[str, tuple[Candidate, PeriodCost]]] = {}
    for c, cost in priced.values():
        if c.pair:
            by_pair.setdefault(c.pair, {})[c.pricing.fuel] = (c, cost)
    out: list[tuple[float, dict]] = []  # (net [p], pair) so pairs sort on unrounded pence
    for pair, sides in by_pair.items():
        if "electricity" in sides and "export" in sides:
            (ic, icost), (ec, ecost) = sides["electricity"], sides["export"]
            net = icost.total_inc_vat - ecost.total_inc_vat
            out.append((net, {
                "pair": pair,
                "import": ic.key,
                "export": ec.key,
                "eligible": has_set is None or (set(ic.requires) | set(ec.requires)) <= has_set,
                "net_gbp": pounds(net),
            }))
    out.sort(key=lambda np: np[0])
    return [p for _, p in out]


def _net(fuels: dict, priced: dict[str, tuple[Candidate, PeriodCost]], has_set) -> list[dict]:
    """Electricity import − export for each import tariff: its pair's export, else the best unpaired export."""
    if "electricity" not in fuels or "export" not in fuels:
        return []
    exports = [(c, cost) for c, cost in priced.values()
               if c.pricing.fuel == "export" and cost.complete_rates
               and (has_set is None or set(c.requires) <= has_set)]
    unpaired = [x for x in exports if not x[0].pair]
    best_free = max(unpaired, key=lambda x: x[1].total_inc_vat, default=None)
    out: list[tuple[float, dict]] = []  # (net [p], row) so rows sort on unrounded pence
    for c, cost in priced.values():
        if c.pricing.fuel != "electricity" or not cost.complete_rates:
            continue
        if has_set is not None and not set(c.requires) <= has_set:
            continue
        partner = next((x for x in exports if c.pair and x[0].pair == c.pair), None) if c.pair else best_free
        if partner is None:
            continue
        net = cost.total_inc_vat - partner[1].total_inc_vat
        out.append((net, {"import": c.key, "export": partner[0].key, "net_gbp": pounds(net)}))
    out.sort(key=lambda nr: (nr[0], nr[1]["import"]))
    return [{**r, "rank": i} for i, (_, r) in enumerate(out, 1)]
