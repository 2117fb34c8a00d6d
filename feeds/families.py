"""The tariff families the feeds carry: every domestic Octopus product, grouped by name.

A family groups every version (product code) of one Octopus offering, for example
``AGILE-18-02-21`` ... ``AGILE-24-10-01`` are all "agile". Every product that
``GET /v1/products/`` lists (current ones, and past ones via ``available_at``) joins
the feeds unless it is another brand's copy, a business product or prepayment: its
family is the one whose ``display_names`` hold its display name, or else a family
discovered at run time, keyed by its display name (:func:`discovered_family`). The
table below is not an allow-list: it adds stable keys, labels, eligibility and
conditions where we know them, and ``seeds``: product codes known from recorded
responses and open-source client code that the list endpoint
does not show, e.g. Tracker versions (deliberately left out of the list) or
long-withdrawn versions. Seeds that answer 404 are reported as probe misses
(warnings), not failures.

Tariff kinds (which tariff codes of a product we fetch):

``E-1R``  electricity, single register -> rate ``standard``
``E-2R``  electricity, dual register (Economy 7) -> rates ``day`` and ``night``
``G-1R``  gas, single register -> rate ``standard``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Family:
    """One tariff family.

    Attributes
    ----------
    key : stable identifier used in the feeds (``index.json`` ``families``).
    label : human-readable name.
    display_names : exact ``display_name`` values of matching products.
    direction : ``import`` or ``export``.
    kinds : tariff kinds to fetch (``E-1R``, ``E-2R``, ``G-1R``).
    seeds : product codes to look up directly even if the list endpoint omits them.
    since : earliest date (``YYYY-MM-DD``, UTC) a backfill asks for.
    list_filter : extra query parameters for the products list (``is_tracker``).
    notice_days : prices change only with at least this much published notice (0 = any
        day, e.g. Agile and Tracker). Variable domestic tariffs must give 30 days' notice,
        so their rates are fetched 14 days ahead and refreshed weekly, or at once when
        the product detail's current unit rate changes (update.py). Fixed products never
        change price, so they take the same path.
    requires : eligibility tags a household needs (``ev``, ``heat_pump``, ``battery``,
        ``solar``), as the site's comparison filters name them.
    conditions : product rules the rates alone do not express, in plain words.
    discovered : True for a family made at run time from an unknown display name.
    """

    key: str
    label: str
    display_names: tuple[str, ...]
    direction: str
    kinds: tuple[str, ...]
    seeds: tuple[str, ...] = ()
    since: str = "2018-01-01"
    list_filter: tuple[tuple[str, str], ...] = ()
    notice_days: int = 0
    requires: tuple[str, ...] = ()
    conditions: str = ""
    discovered: bool = False


# Product codes known from recorded responses and open-source client code, looked up
# directly because the list endpoint may omit them (Tracker; long-withdrawn versions).
SEEDS: dict[str, tuple[str, ...]] = {
    "agile": ("AGILE-18-02-21", "AGILE-22-07-22", "AGILE-22-08-31", "AGILE-FLEX-22-11-25", "AGILE-23-12-06",
              "AGILE-24-04-03", "AGILE-24-10-01"),
    "agile_outgoing": ("AGILE-OUTGOING-19-05-13",),
    "go": ("GO-18-06-12", "GO-VAR-22-10-14"),
    "intelligent_go": ("INTELLI-VAR-22-10-14", "INTELLI-VAR-24-10-29"),
    "cosy": ("COSY-22-12-08",),
    "flux_import": ("FLUX-IMPORT-23-02-14",),
    "flux_export": ("FLUX-EXPORT-23-02-14",),
    "intelligent_flux_import": ("INTELLI-FLUX-IMPORT-23-07-14",),
    "intelligent_flux_export": ("INTELLI-FLUX-EXPORT-23-07-14",),
    # Tracker is deliberately absent from the products list: probe every
    # code seen in client code, newest known SILVER-26-04-01, plus the plausible spellings seen.
    "tracker": ("SILVER-FLEX-22-11-25", "SILVER-VAR-22-10-21", "SILVER-23-12-06", "SILVER-24-04-03", "SILVER-24-07-01",
                "SILVER-24-10-01", "SILVER-24-12-31", "SILVER-25-04-11", "SILVER-25-04-15", "SILVER-25-09-02",
                "SILVER-26-04-01"),
    "flexible": ("VAR-20-09-22", "VAR-21-09-29", "VAR-22-11-01"),
    "outgoing_fixed": ("OUTGOING-FIX-12M-19-05-13",),
    "outgoing_variable": ("OUTGOING-VAR-24-10-26",),
}


# Eligibility and conditions per family (Octopus's own product pages).
TERMS: dict[str, tuple[tuple[str, ...], str]] = {
    "agile_outgoing": (("solar",), "Needs an export meter and an eligible generator (e.g. MCS-certified solar)."),
    "go": (("ev",), "For electric-vehicle owners with a smart meter; cheap night window."),
    "intelligent_go": (("ev",), "Octopus controls charging of a compatible EV or charger; smart-charge slots "
                                "outside the night window are cheap too but are not in any public feed."),
    "intelligent_go_ev_saver": (("ev",), "Intelligent Octopus Go for customers leasing an EV through Octopus "
                                         "Electric Vehicles."),
    "cosy": (("heat_pump",), "For homes with a heat pump."),
    "flux_import": (("solar", "battery"), "Sold with Flux export; needs solar panels and a home battery."),
    "flux_export": (("solar", "battery"), "Sold with Flux import; needs solar panels and a home battery."),
    "intelligent_flux_import": (("solar", "battery"), "Sold with Intelligent Flux export; Octopus controls a "
                                                      "compatible battery."),
    "intelligent_flux_export": (("solar", "battery"), "Sold with Intelligent Flux import; Octopus controls a "
                                                      "compatible battery."),
    "outgoing_fixed": (("solar",), "Fixed export price for 12 months; needs an export meter and an eligible "
                                   "generator."),
    "outgoing_variable": (("solar",), "Needs an export meter and an eligible generator."),
    "outgoing_fixed_lite": (("solar",), "Fixed export price for 12 months; export-only customers with an eligible "
                                        "generator."),
    "outgoing_seg": (("solar",), "Smart Export Guarantee tariff: needs an export meter and an MCS-certified "
                                 "generator of up to 5 MW."),
    "outgoing_seg_export_only": (("solar",), "Smart Export Guarantee for customers who buy their electricity "
                                             "from another supplier; needs an MCS-certified generator."),
    "power_pack": (("battery",), "Export product sold with an Octopus-installed home battery."),
    "octopus_12m_fixed": ((), "Prices fixed for 12 months; exit fees may apply."),
    "octopus_15m_fixed": ((), "Prices fixed for 15 months; exit fees may apply."),
}

# Conditions of single product versions, by code prefix: rules of a variant the rates cannot express.
PRODUCT_CONDITIONS: tuple[tuple[str, str], ...] = (
    ("IOG-SMB-", "Cheap smart-charge slots are capped at six hours a day (announced Dec 2025); "
                 "the feeds carry only the published night window."),
    ("INTELLI-FIX-", "Intelligent Octopus Go with prices fixed for 12 months."),
)


def product_conditions(code: str) -> str:
    """Conditions of one product version the family's conditions do not cover ("" when none)."""
    return " ".join(text for prefix, text in PRODUCT_CONDITIONS if code.startswith(prefix))


def _family(key: str, label: str, display_name: str, direction: str, kinds: str, since: str, notice_days: int,
            list_filter: tuple[tuple[str, str], ...] = ()) -> Family:
    requires, conditions = TERMS.get(key, ((), ""))
    return Family(key, label, (display_name,), direction, tuple(kinds.split()), SEEDS.get(key, ()), since,
                  list_filter, notice_days, requires, conditions)


_TRACKER = (("is_tracker", "true"),)
# One line per family: key, label, products' display_name, direction, tariff kinds, backfill from, notice days
FAMILIES: tuple[Family, ...] = (
    _family("agile", "Agile Octopus", "Agile Octopus", "import", "E-1R", "2018-02-01", 0),
    _family("agile_outgoing", "Agile Outgoing Octopus", "Agile Outgoing Octopus", "export", "E-1R", "2018-01-01", 0),
    _family("go", "Octopus Go", "Octopus Go", "import", "E-1R", "2018-06-01", 30),
    _family("intelligent_go", "Intelligent Octopus Go", "Intelligent Octopus Go", "import", "E-1R", "2022-10-01", 30),
    _family("cosy", "Cosy Octopus", "Cosy Octopus", "import", "E-1R", "2022-12-01", 30),
    _family("flux_import", "Octopus Flux (import)", "Octopus Flux Import", "import", "E-1R", "2023-02-01", 30),
    _family("flux_export", "Octopus Flux (export)", "Octopus Flux Export", "export", "E-1R", "2023-02-01", 30),
    _family("intelligent_flux_import", "Intelligent Octopus Flux (import)", "Intelligent Octopus Flux Import",
            "import", "E-1R", "2023-07-01", 30),
    _family("intelligent_flux_export", "Intelligent Octopus Flux (export)", "Intelligent Octopus Flux Export",
            "export", "E-1R", "2023-07-01", 30),
    _family("tracker", "Octopus Tracker (daily prices)", "Octopus Tracker", "import", "E-1R G-1R", "2022-11-01", 0,
            _TRACKER),
    _family("flexible", "Flexible Octopus", "Flexible Octopus", "import", "E-1R E-2R G-1R", "2020-09-01", 30),
    _family("outgoing_fixed", "Outgoing Octopus 12M Fixed", "Outgoing Octopus 12M Fixed", "export", "E-1R",
            "2019-05-01", 30),
    _family("outgoing_variable", "Outgoing Octopus", "Outgoing Octopus", "export", "E-1R", "2024-10-01", 30),
    # Known names beyond the original thirteen (Sept 2024 products list): labels and conditions only;
    # anything else is still carried under its own name.
    _family("intelligent_go_ev_saver", "Intelligent Octopus Go - EV Saver", "Intelligent Octopus Go - EV Saver",
            "import", "E-1R", "2024-07-01", 30),
    _family("outgoing_fixed_lite", "Outgoing Octopus Fixed Lite", "Outgoing Octopus Fixed Lite", "export", "E-1R",
            "2023-09-01", 30),
    _family("outgoing_seg", "Octopus Outgoing Smart Export Guarantee", "Octopus Outgoing Smart Export Guarantee",
            "export", "E-1R", "2020-07-01", 30),
    _family("outgoing_seg_export_only", "Octopus Outgoing Smart Export Guarantee (export only)",
            "Octopus Outgoing Smart Export Guarantee Export Only", "export", "E-1R", "2024-04-01", 30),
    _family("power_pack", "Octopus Power Pack", "Octopus Power Pack", "export", "E-1R", "2024-02-01", 30),
)

BY_KEY: dict[str, Family] = {f.key: f for f in FAMILIES}

# Brands we carry. Bulb-branded ("-BB-") copies of the same products are skipped, as are the
# white-label brands (Co-op, London Power) that resell the same products under their own names.
BRANDS: frozenset[str] = frozenset({"OCTOPUS_ENERGY"})
ALL_KINDS: tuple[str, ...] = ("E-1R", "E-2R", "G-1R")

# tariff kind -> (tariff-code prefix, API fuel path segment, product-detail key, rate names)
KINDS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "E-1R": ("E-1R-", "electricity-tariffs", "single_register_electricity_tariffs", ("standard",)),
    "E-2R": ("E-2R-", "electricity-tariffs", "dual_register_electricity_tariffs", ("day", "night")),
    "G-1R": ("G-1R-", "gas-tariffs", "single_register_gas_tariffs", ("standard",)),
}

# rate name -> rates endpoint path segment
RATE_ENDPOINTS: dict[str, str] = {
    "standard": "standard-unit-rates",
    "day": "day-unit-rates",
    "night": "night-unit-rates",
}


def parse_family_list(text: str | None) -> tuple[Family, ...] | None:
    """Parse ``"agile,go"`` into families; ``None`` or empty means every product, discovered ones included."""
    if not text:
        return None
    keys = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [k for k in keys if k not in BY_KEY]
    if unknown:
        raise ValueError(f"unknown family key(s) {unknown}; expected some of {','.join(BY_KEY)}")
    return tuple(f for f in FAMILIES if f.key in keys)


def family_for_display_name(display_name: str, direction: str | None) -> Family | None:
    """The family whose ``display_names`` contains ``display_name`` exactly (direction must agree)."""
    for fam in FAMILIES:
        if display_name in fam.display_names and (direction is None or direction.lower() == fam.direction):
            return fam
    return None


def family_key_for(display_name: str, direction: str) -> str:
    """A stable key from a display name: ``Octopus 15M Fixed`` -> ``octopus_15m_fixed``."""
    key = "_".join(re.findall(r"[a-z0-9]+", display_name.lower())) or "unnamed"
    if direction == "export" and "export" not in key and "outgoing" not in key:
        key += "_export"
    return key


def discovered_family(display_name: str, direction: str, since: str | None = None, term_months: int | None = None,
                      variable: bool = True) -> Family:
    """The family of a product whose display name the table does not know: carried under its own name.

    Every tariff kind its detail offers is fetched (export: single-rate only). Prices are
    treated as changing only with notice (true of fixed and domestic variable products;
    a half-hourly product simply never builds up 7 days of future prices, so it is
    refreshed every night anyway).
    """
    direction = direction.lower()
    kinds = ("E-1R",) if direction == "export" else ALL_KINDS
    key = family_key_for(display_name, direction)
    requires, conditions = TERMS.get(key, ((), ""))
    if not conditions and not variable:
        conditions = f"Prices fixed for {term_months} months." if term_months else "Fixed prices."
    return Family(key, display_name, (display_name,), direction, kinds, since=(since or "2018-01-01")[:10],
                  notice_days=30, requires=requires, conditions=conditions, discovered=True)


def family_for_product(item: dict[str, Any]) -> Family | None:
    """The family a products-list item belongs to, or None when the feeds leave it out.

    Left out: other brands' copies, business products and prepayment (Key and Card).
    """
    if item.get("brand", "OCTOPUS_ENERGY") not in BRANDS or item.get("is_business") or item.get("is_prepay"):
        return None
    direction = str(item.get("direction") or "import").lower()
    term = item.get("term")
    return (family_for_display_name(item["display_name"], direction)
            or discovered_family(item["display_name"], direction, item.get("available_from"),
                                 term if isinstance(term, int) else None, item.get("is_variable") is not False))
