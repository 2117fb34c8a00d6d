"""Feeds grow without breaking the browser: the v1 additions parse, and older files still do."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from pyruntime.feeds.files import parse_rate_file
from pyruntime.session import Session
from tests.pyruntime.sample_feeds import SAMPLE, SampleFeeds, view_model

OLD_INDEX = Path(__file__).resolve().parents[1] / "fixtures" / "feeds_v1_before_menu" / "index.json"


def test_a_tariff_file_with_non_direct_debit_prices_parses_to_the_direct_debit_ones():
    doc = json.loads((SAMPLE / "v1/tariffs/E-1R-VAR-22-11-01-C/2023.json").read_text())
    older = parse_rate_file(doc)
    grown = copy.deepcopy(doc)
    grown["non_direct_debit"] = {"unit_rates": copy.deepcopy(doc["unit_rates"]),
                                 "standing_charges_p_per_day": doc["standing_charges_p_per_day"]}
    newer = parse_rate_file(grown)
    assert newer.standard == older.standard and newer.standing_charge_intervals == older.standing_charge_intervals


def test_the_sample_index_carries_labels_conditions_and_the_forecast():
    index = json.loads((SAMPLE / "v1/index.json").read_text())
    families = {f["key"]: f for f in index["families"]}
    assert families["price_cap"]["label"] == "Standard variable (price cap, any supplier)"
    assert "not yet verified" in families["price_cap"]["conditions"]
    assert families["octopus_12m_fixed"]["products"] == ["OE-FIX-12M-23-03-01"]
    assert index["products"]["OE-FIX-12M-23-03-01"]["fixed"] is True
    assert set(index["forecast"]["regions"]) == {"A", "C"}


def test_an_index_of_the_shape_published_before_the_whole_menu_still_compares_what_it_lists():
    old = OLD_INDEX.read_text()
    session = Session()
    session.transport = SampleFeeds(rewrite=lambda name, text: old if name == "index.json" else text)
    m = view_model(session, report="compare")
    table = next(b for b in m["blocks"] if b["type"] == "table"
                 and b["title"].startswith("Electricity import: tariffs"))
    names = [r[0] for r in table["rows"]]
    assert "Agile Octopus" in names and "Octopus Go" in names
    assert not any(n.startswith(("Standard variable", "Octopus 12M Fixed")) for n in names)  # not in that index


def _with_a_discovered_family(name: str, text: str) -> str:
    """The sample index as if a run had discovered "Octopus 15M Fixed" (a display name no code knows)."""
    if name != "index.json":
        return text
    index = json.loads(text)
    for f in index["families"]:
        if f["key"] == "octopus_12m_fixed":
            f.update(key="octopus_15m_fixed", label="Octopus 15M Fixed", discovered=True,
                     conditions="Prices fixed for 15 months.")
    for entry in (*index["products"].values(), *index["tariffs"].values()):
        if entry.get("family") == "octopus_12m_fixed":
            entry["family"] = "octopus_15m_fixed"
    return json.dumps(index)


def test_a_family_discovered_at_run_time_is_compared_under_the_feeds_label_and_conditions():
    session = Session()
    session.transport = SampleFeeds(rewrite=_with_a_discovered_family)
    m = view_model(session, report="compare")
    for fuel, name in (("Electricity import", "Octopus 15M Fixed"), ("Gas", "Octopus 15M Fixed (gas)")):
        table = next(b for b in m["blocks"] if b["type"] == "table" and b["title"].startswith(f"{fuel}: tariffs"))
        rows = {r[0]: r for r in table["rows"]}
        assert rows[name][1].isdigit() and not any(n.startswith("Octopus 12M Fixed") for n in rows)
    conditions = next(b for b in m["blocks"] if b["type"] == "table" and b["title"].startswith("Conditions"))
    row = next(r for r in conditions["rows"] if r[0].startswith("Octopus 15M Fixed"))
    assert "Prices fixed for 15 months." in " ".join(map(str, row))
