"""The Ofgem price cap as a tariff any household can be compared on (pure builders).

A household with any supplier's standard variable tariff pays at most the cap's unit
rates and standing charges (during the Energy Price Guarantee, Jan-Jun 2023, the EPG's
lower rates). The curated table (``feeds/data/price_cap.csv``) becomes ordinary
tariff-year files, ``E-1R-PRICE-CAP-{region}`` and ``G-1R-PRICE-CAP-{region}`` (and
``E-2R-PRICE-CAP-{region}`` where Economy 7 day and night rates are in the table), of the
family ``price_cap``, so every comparison ranks it beside Octopus's menu without any
browser code knowing about it.

Each quarter's value is the region's own row when the table has one, else the GB
average, and the file's ``notes`` name the region and how many quarters fell back, so
the page says so beside the tariff. A quarter without a standing charge in the table
publishes no standing-charge interval for it, so a bill says the charge is unknown
rather than inventing one. Non-direct-debit rows (``payment_method`` ``non_direct_debit``)
become the file's ``non_direct_debit`` block when every quarter of the file has one;
otherwise none is published and the page says the direct-debit cap is used. Economy 7
rows (``meter`` ``economy7``) make the ``E-2R`` tariff from their day and night rates only:
Ofgem's own tables give an Economy 7 meter a single average rate, which cannot say what a
day or a night half-hour costs, so a quarter without both rates is a gap in that tariff.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from feeds import docs
from feeds.manifest import file_entry, merge_entry_years
from feeds.price_cap import DAY_KEY, NIGHT_KEY
from feeds.regions import BY_LETTER
from feeds.series import YearValues, blank_year, merge_points
from feeds.timeslots import SLOT_SECONDS, iso, year_bounds

FAMILY_KEY = "price_cap"
PRODUCT_CODE = "PRICE-CAP"
LABEL = "Standard variable (price cap, any supplier)"
VAT = 1.05  # domestic energy VAT, 5%
UNIT_KEY = "unit_rate_p_per_kwh_inc_vat"
# tariff kind -> (fuel, meter, {rate name: the table column it is priced from})
KINDS = {"E-1R": ("electricity", "single_rate", {"standard": UNIT_KEY}),
         "E-2R": ("electricity", "economy7", {"day": DAY_KEY, "night": NIGHT_KEY}),
         "G-1R": ("gas", "single_rate", {"standard": UNIT_KEY})}
PROVENANCE = ("Ofgem price cap (Energy Price Guarantee in Jan-Jun 2023), curated in feeds/data/price_cap.csv; "
              "GB average where the table has no regional row; see each quarter's source in price_cap.json")
LONDON = ZoneInfo("Europe/London")
REGION_NAMES = {k: r.name for k, r in BY_LETTER.items()}


def _local_midnight(day: str) -> int:
    d = date.fromisoformat(day)
    return int(datetime(d.year, d.month, d.day, tzinfo=LONDON).timestamp())


def _rows_for(rows: list[dict[str, Any]], region: str, kind: str,
              payment: str = "direct_debit") -> list[dict[str, Any]]:
    """Each quarter's row for the region, tariff kind and payment method that prices every rate of the kind:
    the region's own when the table has one, else the GB average."""
    fuel, meter, columns = KINDS[kind]
    by_period: dict[str, dict[str, Any]] = {}
    for r in rows:
        if (r["fuel"] != fuel or r.get("meter", "single_rate") != meter or r["payment_method"] != payment
                or r["region"] not in ("GB", region) or any(r.get(c) is None for c in columns.values())):
            continue
        if r["period_start"] not in by_period or r["region"] == region:
            by_period[r["period_start"]] = r
    return [by_period[k] for k in sorted(by_period)]


def price_cap_tariff_docs(rows: list[dict[str, Any]], regions: tuple[str, ...], *,
                          sample: bool, years: tuple[int, ...] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Tariff-year documents ``(path, doc)`` of the cap for every region and tariff kind (``years``: limit)."""
    out = []
    for region in regions:
        for kind, (_fuel, _meter, columns) in KINDS.items():
            quarter_rows = _rows_for(rows, region, kind)
            if not quarter_rows:
                continue
            spans = _spans(quarter_rows)
            standing = _standing(spans)
            nd_spans = _spans(_rows_for(rows, region, kind, "non_direct_debit"))
            nd_starts = {r["period_start"] for _a, _b, r in nd_spans}
            fallback = sum(1 for r in quarter_rows if r["region"] == "GB")
            notes = [f"{LABEL} in {REGION_NAMES.get(region, region)} ({region}): our table has no regional figures "
                     f"for {fallback} of its {len(quarter_rows)} quarters, so the GB average is used for them."
                     ] if fallback else []
            first_year = datetime.fromtimestamp(spans[0][0], LONDON).year
            last_year = datetime.fromtimestamp(spans[-1][1] - 1, LONDON).year
            code = f"{kind}-{PRODUCT_CODE}-{region}"
            meta = {"tariff_code": code, "product_code": PRODUCT_CODE, "family": FAMILY_KEY, "region": region,
                    "kind": kind, "direction": "import"}
            for year in range(first_year, last_year + 1):
                if years is not None and year not in years:
                    continue
                ys, ye = year_bounds(year)
                in_year = {r["period_start"] for a, b, r in spans if a < ye and b > ys}
                non_dd = None
                if in_year <= nd_starts:
                    non_dd = ({name: _year_rates(nd_spans, year, col) for name, col in columns.items()},
                              docs.standing_for_year(_standing(nd_spans), year))
                dd_rates = {name: _year_rates(spans, year, col) for name, col in columns.items()}
                doc = docs.tariff_doc(meta, year, dd_rates, docs.standing_for_year(standing, year), sample=sample,
                                      provenance=PROVENANCE, non_direct_debit=non_dd, notes=notes)
                if doc is not None:
                    out.append((docs.tariff_path(code, year), doc))
    return out


def _spans(quarter_rows: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    return [(_local_midnight(r["period_start"]), _local_midnight(r["period_end"]), r) for r in quarter_rows]


def _standing(spans: list[tuple[int, int, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"valid_from": iso(a), "valid_to": iso(b),
             "value_exc_vat": round(r["standing_charge_p_per_day_inc_vat"] / VAT, 4),
             "value_inc_vat": r["standing_charge_p_per_day_inc_vat"]}
            for a, b, r in spans if r["standing_charge_p_per_day_inc_vat"] is not None]


def _year_rates(spans: list[tuple[int, int, dict[str, Any]]], year: int,
                column: str = UNIT_KEY) -> tuple[YearValues, YearValues]:
    """(exc VAT, inc VAT) unit rates [p/kWh] of ``year``, each quarter's row's ``column`` over its half-hours."""
    ys, ye = year_bounds(year)
    exc, inc = blank_year(year), blank_year(year)
    for a, b, r in spans:
        rate = r[column]
        slots = range(max(a, ys), min(b, ye), SLOT_SECONDS)
        merge_points(inc, year, dict.fromkeys(slots, rate))
        merge_points(exc, year, dict.fromkeys(slots, round(rate / VAT, 6)))
    return exc, inc


def price_cap_manifest_parts(staged: list[tuple[str, dict[str, Any]]], rows: list[dict[str, Any]],
                             ) -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, Any]]:
    """``(product entry, tariff entries, family entry)`` for the manifest, from the staged documents."""
    tariffs: dict[str, dict[str, Any]] = {}
    for _rel, doc in staged:
        entry = tariffs.setdefault(doc["tariff_code"], {
            "product_code": PRODUCT_CODE, "family": FAMILY_KEY, "region": doc["region"], "kind": doc["tariff_kind"],
            "fuel": doc["fuel"], "direction": "import", "rates": list(KINDS[doc["tariff_kind"]][2]), "years": {}})
        merge_entry_years(entry, doc["year"], file_entry(doc))
        sc = doc["standing_charges_p_per_day"]
        entry["standing_charge_p_per_day_inc_vat_latest"] = sc[-1]["value_inc_vat"] if sc else None
    starts = sorted(r["period_start"] for r in rows)
    product = {"family": FAMILY_KEY, "display_name": LABEL, "full_name": f"{LABEL}: Ofgem default tariff cap",
               "direction": "import", "available_from": iso(_local_midnight(starts[0])) if starts else None,
               "available_to": None, "fixed": False}
    unverified = sum(1 for r in rows if not r["verified"])
    kinds = sorted({doc["tariff_kind"] for _rel, doc in staged}) or ["E-1R", "G-1R"]
    family = {"key": FAMILY_KEY, "label": LABEL, "direction": "import", "tariff_kinds": kinds,
              "products": [PRODUCT_CODE],
              "conditions": ("What any supplier's standard variable tariff may charge at most (Ofgem's cap; the "
                             "Energy Price Guarantee in Jan-Jun 2023), direct debit unless the table has the "
                             "non-direct-debit cap; Economy 7 only where the table has day and night rates. "
                             "The GB average stands in where the table has no regional figure "
                             f"(each region's tariff says so); {unverified} of {len(rows)} figures not yet verified "
                             "against Ofgem; quarters without a standing charge in our table leave it unknown."),
              "source": "feeds/data/price_cap.csv (each row names its source)"}
    return product, tariffs, family
