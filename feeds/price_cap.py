"""Curated Ofgem price-cap baseline: ``feeds/data/price_cap.csv`` -> ``v1/price_cap.json``.

Ofgem publishes no API; the table is edited by hand each quarter (see
feeds/data/README.md). Every row names its source, and rows not checked against
Ofgem's own regional tables carry ``verified: false`` so the UI can say so.
Bump :data:`TABLE_VERSION` whenever a row changes.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from feeds.docs import SCHEMA_VERSION

TABLE_PATH = Path(__file__).parent / "data" / "price_cap.csv"
TABLE_VERSION = "2026-11-c"
REGION_KEYS = frozenset({"GB", "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P"})


def read_price_cap_rows(path: Path = TABLE_PATH) -> list[dict[str, Any]]:
    """Rows of the curated CSV with typed values; raises ValueError naming the bad line."""
    rows = []
    with open(path, newline="", encoding="utf-8") as fh:
        for n, rec in enumerate(csv.DictReader(fh), start=2):
            try:
                rows.append(_row(rec))
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path.name} line {n}: {exc}") from None
    return rows


def _row(rec: dict[str, str]) -> dict[str, Any]:
    if rec["region"] not in REGION_KEYS:
        raise ValueError(f"unknown region {rec['region']!r}")
    if rec["verified"] not in ("true", "false"):
        raise ValueError(f"verified must be true/false, got {rec['verified']!r}")
    sc = rec["standing_charge_p_per_day_inc_vat"].strip()
    return {
        "period_start": rec["period_start"], "period_end": rec["period_end"], "region": rec["region"],
        "fuel": rec["fuel"], "payment_method": rec["payment_method"],
        "unit_rate_p_per_kwh_inc_vat": float(rec["unit_rate_p_per_kwh_inc_vat"]),
        "standing_charge_p_per_day_inc_vat": float(sc) if sc else None,
        "verified": rec["verified"] == "true", "source": rec["source"],
    }


def price_cap_doc(*, sample: bool, path: Path = TABLE_PATH) -> dict[str, Any]:
    """The ``price_cap.json`` document."""
    return {"schema_version": SCHEMA_VERSION, "kind": "price_cap", "sample": sample,
            "table_version": TABLE_VERSION,
            "period_convention": "period_start inclusive, period_end exclusive, UK local dates",
            "rows": read_price_cap_rows(path)}
