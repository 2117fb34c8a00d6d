"""Curated Ofgem price-cap baseline: ``feeds/data/price_cap.csv`` -> ``v1/price_cap.json``.

Ofgem publishes no API; the table is edited by hand each quarter (see
feeds/data/README.md). Every row names its source, and rows not checked against
Ofgem's own regional tables carry ``verified: false`` so the UI can say so.
Bump :data:`TABLE_VERSION` whenever a row changes.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from feeds.docs import SCHEMA_VERSION

TABLE_PATH = Path(__file__).parent / "data" / "price_cap.csv"
TABLE_VERSION = "2026-12-a"
REGION_KEYS = frozenset({"GB", "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P"})
PAYMENT_METHODS = frozenset({"direct_debit", "non_direct_debit"})
# Electricity meters the cap prices separately; gas rows are always single_rate. Tables written before the
# column existed hold single-rate rows only, so a missing ``meter`` reads as single_rate.
METERS = frozenset({"single_rate", "economy7"})
MAX_PRICE = 1000.0  # p/kWh or p/day: above any cap since 2019 (the highest unit rate was about 52 p/kWh)
DAY_KEY, NIGHT_KEY = "day_unit_rate_p_per_kwh_inc_vat", "night_unit_rate_p_per_kwh_inc_vat"


def read_price_cap_rows(path: Path = TABLE_PATH) -> list[dict[str, Any]]:
    """Rows of the curated CSV with typed values; raises ValueError naming the bad line.

    A table without a single row is refused too: published, it would take the price-cap
    tariff out of every comparison, where a failed run keeps the cap last published.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ValueError(f"{path.name} line {line}: not UTF-8 text") from None
    rows = []
    for n, rec in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2):
        try:
            rows.append(_row(rec))
        except KeyError as exc:
            raise ValueError(f"{path.name} line {n}: no column {exc}") from None
        except ValueError as exc:
            raise ValueError(f"{path.name} line {n}: {exc}") from None
    if not rows:
        what = "only its header" if text.strip() else "nothing"
        raise ValueError(f"{path.name}: holds {what}, no price-cap row; an empty table would take the "
                         "price-cap tariff out of every comparison")
    _refuse_overlaps(rows, path.name)
    return rows


def _refuse_overlaps(rows: list[dict[str, Any]], name: str) -> None:
    """Two rows pricing the same region, fuel, payment method and meter on one day cannot both hold: say which."""
    seen: dict[tuple, list[tuple[str, str, int]]] = {}
    for n, row in enumerate(rows, start=2):
        key = (row["region"], row["fuel"], row["payment_method"], row["meter"])
        for start, end, line in seen.setdefault(key, []):
            if row["period_start"] < end and start < row["period_end"]:
                raise ValueError(f"{name} line {n}: {row['period_start']} to {row['period_end']} overlaps line "
                                 f"{line} ({start} to {end}) for {' '.join(key)}")
        seen[key].append((row["period_start"], row["period_end"], n))


def _row(rec: dict[str, str]) -> dict[str, Any]:
    if None in rec:  # csv puts the fields past the header's under None: an unquoted comma in a source
        raise ValueError("more fields than the header has (quote a source that holds a comma)")
    if None in rec.values():  # csv fills the columns a short line lacks with None
        raise ValueError("fewer fields than the header has")
    if rec["region"] not in REGION_KEYS:
        raise ValueError(f"unknown region {rec['region']!r}")
    if rec["verified"] not in ("true", "false"):
        raise ValueError(f"verified must be true/false, got {rec['verified']!r}")
    if rec["payment_method"] not in PAYMENT_METHODS:
        raise ValueError(f"unknown payment_method {rec['payment_method']!r}")
    meter = (rec.get("meter") or "").strip() or "single_rate"
    if meter not in METERS or (meter == "economy7" and rec["fuel"] != "electricity"):
        raise ValueError(f"meter {meter!r} does not fit fuel {rec['fuel']!r}")
    start, end = _day(rec["period_start"], "period_start"), _day(rec["period_end"], "period_end")
    if end <= start:
        raise ValueError(f"period_end {end} is not after period_start {start}")
    row = {
        "period_start": start, "period_end": end, "region": rec["region"],
        "fuel": rec["fuel"], "payment_method": rec["payment_method"], "meter": meter,
        "unit_rate_p_per_kwh_inc_vat": _price(rec["unit_rate_p_per_kwh_inc_vat"], "unit_rate_p_per_kwh_inc_vat"),
        "standing_charge_p_per_day_inc_vat": _optional(rec["standing_charge_p_per_day_inc_vat"],
                                                       "standing_charge_p_per_day_inc_vat"),
        "verified": rec["verified"] == "true", "source": rec["source"],
    }
    day, night = _optional(rec.get(DAY_KEY), DAY_KEY), _optional(rec.get(NIGHT_KEY), NIGHT_KEY)
    if meter == "economy7":
        # Ofgem's tables give an Economy 7 meter one unit rate (the average over both registers); the day and
        # night rates are kept only where a source states them, and only they make an Economy 7 tariff.
        row[DAY_KEY], row[NIGHT_KEY] = day, night
    elif day is not None or night is not None:
        raise ValueError("day and night rates belong on economy7 rows only")
    return row


def _optional(text: str | None, column: str) -> float | None:
    """A price from an optional cell: None when empty."""
    text = (text or "").strip()
    return _price(text, column) if text else None


def _price(text: str, column: str) -> float:
    """A cell's price [p/kWh or p/day]: a finite number, not negative and below MAX_PRICE.

    ``float`` alone would take "nan", "inf" and "1e400" (Infinity), which would reach every
    published cap tariff; a cap never charges less than nothing.
    """
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if not 0 <= value < MAX_PRICE:  # NaN fails every comparison
        raise ValueError(f"{column} {text!r} is not a price between 0 and {MAX_PRICE:g}")
    return value


def _day(text: str, column: str) -> str:
    """A cell's date as ``YYYY-MM-DD`` (the table's periods are compared and sorted as text)."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a date (YYYY-MM-DD)") from None


def price_cap_doc(*, sample: bool, path: Path = TABLE_PATH) -> dict[str, Any]:
    """The ``price_cap.json`` document."""
    return {"schema_version": SCHEMA_VERSION, "kind": "price_cap", "sample": sample,
            "table_version": TABLE_VERSION,
            "period_convention": "period_start inclusive, period_end exclusive, UK local dates",
            "rows": read_price_cap_rows(path)}
