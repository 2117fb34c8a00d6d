"""Build feed documents (pure): tariff-year, carbon-year, and their paths.

Layout under ``DIR/v1/`` (see feeds/README.md)::

    index.json                              manifest
    tariffs/{tariff_code}/{year}.json       one tariff, one UTC year
    carbon/{region}/{year}.json             region = GSP letter or "national"
    price_cap.json                          curated Ofgem cap table
"""

from __future__ import annotations

from typing import Any

from feeds.families import KINDS
from feeds.series import YearValues, to_compact
from feeds.timeslots import parse_instant, year_bounds

SCHEMA_VERSION = 1
TARIFF_PATH = "tariffs/{tariff_code}/{year}.json"
CARBON_PATH = "carbon/{region}/{year}.json"
PRICE_CAP_PATH = "price_cap.json"
INDEX_PATH = "index.json"

FUEL_OF_KIND = {"E-1R": "electricity", "E-2R": "electricity", "G-1R": "gas"}
REGISTERS_OF_KIND = {"E-1R": 1, "E-2R": 2, "G-1R": 1}


def tariff_path(tariff_code: str, year: int) -> str:
    """Path of a tariff-year file relative to ``v1/``."""
    return TARIFF_PATH.format(tariff_code=tariff_code, year=year)


def carbon_path(region: str, year: int) -> str:
    """Path of a carbon-year file relative to ``v1/``."""
    return CARBON_PATH.format(region=region, year=year)


def standing_for_year(intervals: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    """Standing-charge intervals (API form, ISO strings) that overlap ``year``, unclipped.

    Intervals are copied verbatim so each year file is self-contained; a reader only
    uses the part of an interval inside the file's year.
    """
    ys, ye = year_bounds(year)
    out = []
    for iv in sorted(intervals, key=lambda x: x["valid_from"]):
        vf = parse_instant(iv["valid_from"])
        vt = parse_instant(iv["valid_to"]) if iv["valid_to"] else None
        if vf < ye and (vt is None or vt > ys):
            out.append(dict(iv))
    return out


def _unit_rates(kind: str, rates: dict[str, tuple[YearValues, YearValues]], year: int) -> dict[str, Any]:
    unit_rates: dict[str, Any] = {}
    for name in KINDS[kind][3]:
        if name not in rates:
            continue
        exc, inc = (to_compact(v, year) for v in rates[name])
        if exc is not None and inc is not None:
            unit_rates[name] = {"unit_rate_p_per_kwh_exc_vat": exc, "unit_rate_p_per_kwh_inc_vat": inc}
    return unit_rates


def tariff_doc(meta: dict[str, Any], year: int, rates: dict[str, tuple[YearValues, YearValues]],
               standing: list[dict[str, Any]], *, sample: bool, provenance: str,
               non_direct_debit: tuple[dict[str, tuple[YearValues, YearValues]], list[dict[str, Any]]] | None = None,
               notes: list[str] | None = None) -> dict[str, Any] | None:
    """A tariff-year document, or None if the year holds no unit rate at all.

    ``rates`` maps rate name (standard, day, night) to (exc-VAT values, inc-VAT values),
    direct-debit prices. ``non_direct_debit``: the same and the standing charges for
    customers who pay otherwise, when the API prices them separately (optional block
    ``non_direct_debit`` in the document; readers use the direct-debit prices without it).
    ``notes``: facts the page shows beside the tariff (optional ``notes`` list).
    """
    unit_rates = _unit_rates(meta["kind"], rates, year)
    if not unit_rates:
        return None
    doc = {
        "schema_version": SCHEMA_VERSION, "kind": "tariff_year", "sample": sample,
        "tariff_code": meta["tariff_code"], "product_code": meta["product_code"], "family": meta["family"],
        "region": meta["region"], "tariff_kind": meta["kind"], "fuel": FUEL_OF_KIND[meta["kind"]],
        "registers": REGISTERS_OF_KIND[meta["kind"]], "direction": meta["direction"],
        "payment_method": "direct_debit", "year": year, "unit_rates": unit_rates,
        "standing_charges_p_per_day": standing, "provenance": provenance,
    }
    if non_direct_debit is not None:
        nd_rates = _unit_rates(meta["kind"], non_direct_debit[0], year)
        if nd_rates:
            doc["non_direct_debit"] = {"unit_rates": nd_rates, "standing_charges_p_per_day": non_direct_debit[1]}
    if notes:
        doc["notes"] = list(notes)
    return doc


def carbon_doc(region: str, carbon_region_id: int | None, year: int, forecast: YearValues,
               actual: YearValues | None, *, sample: bool, provenance: str) -> dict[str, Any] | None:
    """A carbon-year document, or None if the year holds no intensity."""
    fc = to_compact(forecast, year)
    ac = to_compact(actual, year) if actual is not None else None
    if fc is None and ac is None:
        return None
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "kind": "carbon_year", "sample": sample, "region": region,
        "carbon_region_id": carbon_region_id, "year": year, "intensity_g_per_kwh_forecast": fc,
        "provenance": provenance,
    }
    if actual is not None:
        doc["intensity_g_per_kwh_actual"] = ac
    return doc
