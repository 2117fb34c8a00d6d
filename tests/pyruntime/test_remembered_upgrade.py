"""Readings remembered on a device before the household's facts were typed still load, and show the same.

``tests/fixtures/remembered/*_v1.json`` are version-1 snapshots written by
the code before typed facts (an Octopus load with a replaced meter and a
partial gas history; two files, one with faulty readings, gas in m³), cut
to twelve days. ``expected_views.json`` holds the summary and data-quality
views that code showed for them; the typed household must show the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyruntime.bridge import run_sync
from pyruntime.household.snapshot import SnapshotError, export_snapshot, import_snapshot
from pyruntime.ops import OpContext
from pyruntime.ops.load import OPS
from pyruntime.timeseries.isotime import parse_instant

from .sample_feeds import sample_session, view_model

REMEMBERED = Path(__file__).resolve().parents[1] / "fixtures" / "remembered"
EXPECTED = json.loads((REMEMBERED / "expected_views.json").read_text(encoding="utf-8"))
VIEWS = {"quality": {}, "quality_gas": {"fuel": "gas"}, "quality_faulty": {"faulty": "include"}}


def restored(name: str):
    session = sample_session()
    text = (REMEMBERED / f"{name}.json").read_text()
    summary = run_sync(OPS["import_snapshot"](OpContext(session, {"snapshot": text})))
    return session, summary


# Each fuel's file names were added to the summary later (the data bar names them); the rest is as it was.
NAMED_FILES = {"octopus_v1": {"electricity": [], "export": []},
               "files_v1": {"electricity": ["bright.json"], "gas": ["gas.csv"]}}


@pytest.mark.parametrize("name", ["octopus_v1", "files_v1"])
def test_a_version_1_copy_shows_what_it_showed_before(name):
    session, summary = restored(name)
    summary = json.loads(json.dumps(summary))
    named = {f["fuel"]: f.pop("files") for f in summary["fuels"]}
    assert named == NAMED_FILES[name]
    assert [f.pop("files_text") for f in summary["fuels"]] == [f"from {n[0]}" if n else "" for n in named.values()]
    assert summary == EXPECTED[name]["summary"]
    for key, params in VIEWS.items():
        got = view_model(session, source=session.household.source, report="quality", **params)
        assert got == EXPECTED[name][key], key


def test_a_version_1_octopus_copy_keeps_its_tariff_history_typed_and_priced():
    session, _ = restored("octopus_v1")
    facts = session.household.facts
    first, second = facts.tariffs["electricity"]
    assert (first.tariff_code, second.tariff_code) == ("E-1R-VAR-22-11-01-C", "E-1R-AGILE-FLEX-22-11-25-C")
    assert first.valid_to == second.valid_from == parse_instant("2023-03-31T23:00:00Z") and second.valid_to is None
    assert facts.stitch["electricity"].overlaps == 0 and facts.meters == ()  # version 1 did not keep meters
    cost = view_model(session, source="octopus", report="cost")
    assumptions = next(b for b in cost["blocks"] if b["type"] == "facts" and b["title"] == "Assumptions")
    assert any("E-1R-AGILE-FLEX-22-11-25-C" in item["text"] for item in assumptions["items"])
    assert "assumed" not in json.dumps(cost)


@pytest.mark.parametrize("name", ["octopus_v1", "files_v1"])
def test_an_upgraded_copy_is_written_as_version_2_and_reads_back_exactly(name):
    session, _ = restored(name)
    before = session.household
    text = export_snapshot(before)
    assert json.loads(text)["v"] == 2
    again = import_snapshot(text)
    assert again.facts == before.facts and again.series == before.series and again.region == before.region


def test_faulty_readings_come_back_typed_in_their_own_unit():
    session, _ = restored("files_v1")
    aside = session.household.facts.faulty["electricity"]
    assert aside.count == 4 and aside.unit == "kWh" and all(v == 65.535 for _, v in aside.readings)
    assert session.household.facts.gas_unit.unit == "m3" and session.household.facts.gas_unit.decided_by == "file"


@pytest.mark.parametrize("damage", [
    lambda m: m["tariffs"]["electricity"][0].update(valid_from="last spring"),
    lambda m: m["gas_unit"].update(decided_by="the cat"),
    lambda m: m["gas_unit"].update(factor=-1),
    lambda m: m.update(warnings="none"),
    lambda m: m["imports"].update(steam={}),
    lambda m: m["imports"]["electricity"].update(rows_read="many"),
])
def test_damaged_facts_make_the_copy_unusable_with_a_message(damage):
    doc = json.loads((REMEMBERED / "octopus_v1.json").read_text())
    damage(doc["meta"])
    with pytest.raises(SnapshotError, match="could not be read"):
        import_snapshot(json.dumps(doc))


def test_a_damaged_faulty_reading_is_left_out_and_the_rest_still_count():
    doc = json.loads((REMEMBERED / "files_v1.json").read_text())
    doc["meta"]["faulty"]["electricity"]["readings"][0] = [7, 65.535]  # off the half-hour grid
    household = import_snapshot(json.dumps(doc))
    assert household.facts.faulty["electricity"].count == 3
