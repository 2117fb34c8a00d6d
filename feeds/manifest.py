"""The manifest ``v1/index.json``: what the feeds hold and where (pure builders)."""

from __future__ import annotations

from typing import Any

from feeds import docs
from feeds.families import FAMILIES, Family
from feeds.regions import REGIONS
from feeds.series import coverage, from_compact


def file_entry(doc: dict[str, Any]) -> dict[str, Any]:
    """Coverage of one tariff-year or carbon-year document.

    ``first``: first known half-hour start; ``end``: end of the last known half-hour;
    ``missing_slots``: unknown half-hours between them. For tariffs with several rates
    (Economy 7 day/night) the coverage is the intersection (latest first, earliest end)
    so an incremental run refetches until every rate is complete.
    """
    year = doc["year"]
    if doc["kind"] == "tariff_year":
        series = [s for r in doc["unit_rates"].values() for s in r.values()]
    else:
        series = [s for k in ("intensity_g_per_kwh_forecast", "intensity_g_per_kwh_actual")
                  if (s := doc.get(k)) is not None]
        series = series[:1]  # coverage follows the forecast (actuals lag by design)
    covs = [c for s in series if (c := coverage(from_compact(s, year), year)) is not None]
    return {"first": max(c["first"] for c in covs), "end": min(c["end"] for c in covs),
            "missing_slots": max(c["missing_slots"] for c in covs)}


def merge_entry_years(entry: dict[str, Any], year: int, info: dict[str, Any]) -> None:
    """Record a year file's coverage in a tariff/carbon manifest entry."""
    years = entry.setdefault("years", {})
    years[str(year)] = info
    entry["years"] = dict(sorted(years.items()))
    entry["coverage"] = {"first": min(v["first"] for v in years.values()),
                         "end": max(v["end"] for v in years.values())}


def build_manifest(*, generated_at: str, sample: bool, products: dict[str, Any], tariffs: dict[str, Any],
                   carbon: dict[str, Any], price_cap: dict[str, Any] | None, last_run: dict[str, Any],
                   unresolved_seed_products: list[str], families: dict[str, Family] | None = None,
                   extra_families: list[dict[str, Any]] = (), forecast: dict[str, Any] | None = None,
                   ) -> dict[str, Any]:
    """The manifest document. Tariffs without any data file are listed with ``years: {}``.

    ``families``: the table's families (always listed) and those discovered at run time
    (listed once they hold a product), each with its labels, eligibility and conditions.
    ``extra_families``: ready-made entries for families that are not Octopus products
    (the price cap as a tariff). ``forecast``: the Agile forecast files, when there are any.
    """
    fam_products: dict[str, list[str]] = {f.key: [] for f in FAMILIES}
    for code, p in sorted(products.items()):
        fam_products.setdefault(p["family"], []).append(code)
    table = dict(families or {f.key: f for f in FAMILIES})
    listed = [f for f in table.values() if not f.discovered or fam_products.get(f.key)]
    cap_rows = (price_cap or {}).get("rows", [])
    manifest = {
        "schema_version": docs.SCHEMA_VERSION,
        "kind": "index",
        "generated_at": generated_at,
        "sample": sample,
        "step_seconds": 1800,
        "year_partition": "UTC calendar year (identical to the Europe/London year: 1 January is always GMT)",
        "paths": {"tariff": docs.TARIFF_PATH, "carbon": docs.CARBON_PATH, "price_cap": docs.PRICE_CAP_PATH},
        "regions": [{"letter": r.letter, "name": r.name, "carbon_region_id": r.carbon_region_id}
                    for r in REGIONS],
        "families": [*(_family_entry(f, fam_products.get(f.key, [])) for f in listed), *extra_families],
        "products": dict(sorted(products.items())),
        "tariffs": {code: _tariff_entry(t) for code, t in sorted(tariffs.items())},
        "carbon": dict(sorted(carbon.items())),
        "price_cap": {"path": docs.PRICE_CAP_PATH, "rows": len(cap_rows),
                      "unverified_rows": sum(1 for r in cap_rows if not r.get("verified"))},
        "last_run": last_run,
        "unresolved_seed_products": unresolved_seed_products,
    }
    if forecast and forecast.get("regions"):
        manifest["forecast"] = forecast
    return manifest


def _family_entry(f: Family, products: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"key": f.key, "label": f.label, "direction": f.direction, "tariff_kinds": list(f.kinds),
                             "products": products}
    if f.requires:
        entry["requires"] = list(f.requires)
    if f.conditions:
        entry["conditions"] = f.conditions
    if f.discovered:
        entry["discovered"] = True
    return entry


def _tariff_entry(t: dict[str, Any]) -> dict[str, Any]:
    keys = ("product_code", "family", "region", "kind", "fuel", "direction", "rates", "years", "coverage",
            "standing_charge_p_per_day_inc_vat_latest", "unit_rate_p_per_kwh_inc_vat_checked", "last_checked")
    return {k: t[k] for k in keys if k in t}
