"""Every number a report shows travels as a number: no money or energy as text only.

Walks every view-model snapshot (``tests/fixtures/snapshots``, kept current by
``tests/pyruntime/test_snapshots.py``): each table cell, facts item and total
whose text shows money (``£``, ``p/kWh``, ``p/day``) or energy (``kWh``,
``kgCO2e``) must be ``{"text", "value", "unit"}`` with a numeric ``value``.
Every table's CSV (also in the snapshots) must hold plain numbers in its
money and energy columns, never display text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

SNAPSHOTS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "snapshots").glob("*.json"))
LOOKS_NUMERIC = re.compile(r"£\s?\d|\d\s?p(/kWh|/day)?\b|\d\s?(k|M)?Wh\b|\d\s?k?gCO2e?\b")
UNITS = {"GBP", "p", "p/kWh", "p/day", "kWh", "Wh", "kgCO2e", "kgCO2e/kWh", "gCO2/kWh", "W", "%", "half-hours",
         "days", "z", "cycles/yr"}
PROSE_WORDS = 25
"""Longer texts are explanations (how rounding works, what a rule is), not figures, even when they quote one."""


def _figure(text: str) -> bool:
    return bool(LOOKS_NUMERIC.search(text)) and len(text.split()) <= PROSE_WORDS


def _blocks(doc: dict):
    for model in (doc.get("model"), doc.get("overview"), doc.get("tariff")):
        if model:
            yield "totals", model.get("totals") or []
            for block in model.get("blocks", []):
                if block["type"] == "table":
                    yield block["title"], [c for row in block["rows"] for c in row]
                elif block["type"] == "facts":
                    yield block["title"], block["items"]


def _offences(doc: dict) -> list[str]:
    out = []
    for where, things in _blocks(doc):
        for thing in things:
            if isinstance(thing, str):
                if _figure(thing):
                    out.append(f"{where}: {thing!r} is text only")
                continue
            text = thing.get("text")
            if not isinstance(text, str):
                out.append(f"{where}: {thing!r} has no text")
            elif _figure(text) and not isinstance(thing.get("value"), int | float):
                out.append(f"{where}: {text!r} has no numeric value")
            elif thing.get("value") is not None and thing.get("unit") not in UNITS:
                out.append(f"{where}: {text!r} has unit {thing.get('unit')!r}")
    return out


@pytest.mark.parametrize("path", SNAPSHOTS, ids=lambda p: p.stem)
def test_no_view_block_carries_money_or_energy_as_text_only(path):
    assert _offences(json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", SNAPSHOTS, ids=lambda p: p.stem)
def test_every_table_row_has_a_cell_per_column(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    for model in (doc.get("model"), doc.get("overview"), doc.get("tariff")):
        for block in (model or {}).get("blocks", []):
            if block["type"] == "table":
                assert all(len(row) == len(block["columns"]) for row in block["rows"]), block["title"]


@pytest.mark.parametrize("path", SNAPSHOTS, ids=lambda p: p.stem)
def test_money_and_energy_columns_of_every_table_download_are_plain_numbers(path):
    for text in json.loads(path.read_text(encoding="utf-8")).get("csv", []):
        header, *rows = list(csv.reader(io.StringIO(text)))
        for i, name in enumerate(header):
            if not name.endswith(("_gbp", "_p", "_p_per_kwh", "_p_per_day", "_kwh", "_kgco2e", "_gco2e_per_kwh")):
                continue
            for row in rows:
                if row[i] != "":
                    float(row[i])  # raises on '£1,095.86' or "'-£60.48"


def test_every_report_has_a_csv_with_a_money_or_energy_column():
    reports_with_numbers = set()
    for path in SNAPSHOTS:
        for text in json.loads(path.read_text(encoding="utf-8")).get("csv", []):
            header = next(csv.reader(io.StringIO(text)))
            if any(h.endswith(("_gbp", "_kwh", "_kgco2e")) for h in header):
                reports_with_numbers.add(path.stem.split("-")[1])
    assert {"consumption", "cost", "bill", "compare", "emissions", "profile", "net"} <= reports_with_numbers
