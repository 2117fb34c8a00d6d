"""The tariff families the feeds carry, as DATA: adding a family is one line.

A family groups every version (product code) of one Octopus offering, for example
``AGILE-18-02-21`` ... ``AGILE-24-10-01`` are all "agile". Products are discovered
through ``GET /v1/products/`` by exact ``display_name`` (current products, and past
products via the ``available_at`` parameter), and additionally through ``seeds``:
product codes known from recorded responses and client code (apis.md section 1.8) that
the list endpoint may not show, e.g. Tracker products or long-withdrawn versions.
Seeds that the API answers with 404 are reported as warnings, not failures.

Tariff kinds (which tariff codes of a product we fetch):

``E-1R``  electricity, single register -> rate ``standard``
``E-2R``  electricity, dual register (Economy 7) -> rates ``day`` and ``night``
``G-1R``  gas, single register -> rate ``standard``
"""

from __future__ import annotations

from dataclasses import dataclass


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
        the product detail's current unit rate changes (update.py).
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


# Product codes known from recorded responses and client code (apis.md 1.8), looked up
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
    "tracker": ("SILVER-FLEX-22-11-25", "SILVER-23-12-06", "SILVER-24-04-03", "SILVER-24-10-01", "SILVER-24-12-31",
                "SILVER-25-04-15", "SILVER-25-09-02", "SILVER-26-04-01"),
    "flexible": ("VAR-20-09-22", "VAR-21-09-29", "VAR-22-11-01"),
    "outgoing_fixed": ("OUTGOING-FIX-12M-19-05-13",),
    "outgoing_variable": ("OUTGOING-VAR-24-10-26",),
}


def _family(key: str, label: str, display_name: str, direction: str, kinds: str, since: str, notice_days: int,
            list_filter: tuple[tuple[str, str], ...] = ()) -> Family:
    return Family(key, label, (display_name,), direction, tuple(kinds.split()), SEEDS.get(key, ()), since,
                  list_filter, notice_days)


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
)

BY_KEY: dict[str, Family] = {f.key: f for f in FAMILIES}

# Brands we carry. Bulb-branded ("-BB-") copies of the same products are skipped.
BRANDS: frozenset[str] = frozenset({"OCTOPUS_ENERGY"})

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


def parse_family_list(text: str | None) -> tuple[Family, ...]:
    """Parse ``"agile,go"`` into families; ``None`` or empty means all families."""
    if not text:
        return FAMILIES
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
