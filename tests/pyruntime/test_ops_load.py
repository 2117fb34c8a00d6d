"""File loading, the column-mapping step, snapshots and the data-quality report, through the worker's ops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyruntime import bridge
from pyruntime.bridge import run_sync
from pyruntime.errors import BadInput, BadRequest
from pyruntime.fileformats import ImportFailure, NeedsMapping, import_file
from pyruntime.household.snapshot import SnapshotError
from pyruntime.ops import OpContext
from pyruntime.ops.load import OPS
from pyruntime.present.view import View
from pyruntime.reports.quality import SPEC as QUALITY
from pyruntime.session import Session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
ELECTRICITY = FIXTURES / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
GAS_M3 = FIXTURES / "octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv"
VOLUNTEER_WH = FIXTURES / "volunteer_Wh_2022-10-28_2022-11-01_and_2023-07-17.csv"



def call(session, op, payload=None, data=None):
    return run_sync(OPS[op](OpContext(session, payload or {}, data)))


def total(series):
    return sum(v for v in series.values if v is not None)


def test_a_dashboard_file_loads_with_the_importers_totals():
    session = Session()
    data = ELECTRICITY.read_bytes()
    result = call(session, "load_file", {"name": ELECTRICITY.name}, data)
    expected = import_file(data).channels[0].series
    assert result["source"] == "file" and [f["fuel"] for f in result["fuels"]] == ["electricity"]
    assert total(session.household.series["electricity"]) == pytest.approx(total(expected))
    assert session.household.facts.files["electricity"] == ELECTRICITY.name
    assert session.household.facts.imports["electricity"].conventions.format_id == "octopus_dashboard"


def test_a_gas_file_in_cubic_metres_is_added_converted_and_says_so():
    session = Session()
    call(session, "load_file", {"name": "e.csv"}, ELECTRICITY.read_bytes())
    result = call(session, "load_file", {"name": "g.csv"}, GAS_M3.read_bytes())
    assert [f["fuel"] for f in result["fuels"]] == ["electricity", "gas"]
    assert result["gas"]["unit"] == "m3" and result["gas"]["decided_by"] == "file"
    assert "Your file gives the gas readings in cubic metres" in result["gas"]["statement"]
    raw = import_file(GAS_M3.read_bytes()).channels[0].series
    assert total(session.household.series["gas"]) == pytest.approx(total(raw) * 1.02264 * 39.5 / 3.6)


def test_an_unrecognised_table_asks_for_columns_and_then_reads_them():
    rows = (f"{i},2023-03-0{1 + i // 48} {(i % 48) // 2:02d}:{(i % 2) * 30:02d},7,{0.1 + i / 1000:.3f}\n"
            for i in range(96))
    text = "reading id,when,meter,kwh used\n" + "".join(rows)
    session = Session()
    with pytest.raises(NeedsMapping) as caught:
        call(session, "load_file", {"name": "odd.csv"}, text.encode())
    suggestions = caught.value.suggestions
    assert suggestions.headers == ("reading id", "when", "meter", "kwh used")
    mapping = {"timestamp_column": 1, "value_column": 3, "unit": "kWh", "stamp": "start",
               "timezone": "Europe/London", "fuel": "electricity"}
    result = call(session, "load_file", {"name": "odd.csv", "mapping": mapping}, text.encode())
    assert result["fuels"][0]["present"] == 96


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"PK\x03\x04junkjunkjunk", "Excel workbook or a zip archive"),
    (bytes(range(256)) * 40, "binary data"),
    (b"Timestamp,Value\n<script>alert(1)</script>,=cmd|' /C calc'!A0\n", ""),
])
def test_hostile_or_broken_files_get_a_plain_message(data, words):
    session = Session()
    with pytest.raises(ImportFailure) as caught:
        call(session, "load_file", {"name": "<img src=x onerror=alert(1)>.csv"}, data)
    message = caught.value.message
    assert words in message and "<script>" not in message and "<img" not in message
    assert session.household is None


def test_a_file_over_fifty_megabytes_is_refused_before_reading():
    with pytest.raises(ImportFailure, match="limit is 50 MB"):
        call(Session(), "load_file", {"name": "big.csv"}, b"x" * (50 * 1024 * 1024 + 1))


def test_bad_mapping_and_missing_fields_are_user_errors():
    with pytest.raises(ImportFailure, match="Choose which column"):
        call(Session(), "load_file", {"mapping": {"unit": "kWh"}}, ELECTRICITY.read_bytes())
    with pytest.raises(BadRequest, match="Enter your Octopus API key"):
        call(Session(), "load_octopus", {"account_number": "A-1234ABCD", "api_key": " ", "now": 1735689600})


def test_snapshot_round_trip_is_exact_and_holds_no_secret():
    session = Session()
    call(session, "load_file", {"name": "e.csv"}, ELECTRICITY.read_bytes())
    call(session, "load_file", {"name": "g.csv"}, GAS_M3.read_bytes())
    before = session.household
    text = call(session, "export_snapshot")["snapshot"]
    restored = Session()
    result = call(restored, "import_snapshot", {"snapshot": text})
    assert result["fuels"] == call(session, "data_summary", {"source": "file"})["fuels"]
    assert restored.household.series == before.series and restored.household.facts == before.facts
    # The gas unit can still be changed after a restore.
    changed = call(restored, "set_gas_unit", {"unit": "kWh", "calorific_value": 39.5})
    assert changed["gas"]["unit"] == "kWh"


@pytest.mark.parametrize(("typed", "factor"), [("39.5", 39.5), (" 38.7 MJ/m3 ", 38.7), ("40 MJ/m³", 40.0), (41, 41.0)])
def test_the_calorific_value_is_read_as_typed_with_or_without_its_unit(typed, factor):
    session = Session()
    call(session, "load_file", {"name": "g.csv"}, GAS_M3.read_bytes())
    summary = call(session, "set_gas_unit", {"unit": "m3", "calorific_value": typed})
    assert summary["gas"]["calorific_value"] == factor and summary["gas"]["decided_by"] == "you"


@pytest.mark.parametrize(("typed", "said"), [
    ("39,5", "write it with a decimal point, e.g. 39.5, not “39,5”"),
    ("38,7 MJ/m³", "write it with a decimal point, e.g. 38.7, not “38,7 MJ/m³”"),
    ("£39,5", "Give the calorific value in MJ/m³, e.g. 39.5 (not £39,5)."),
    ("39.5 kWh", "Give the calorific value in MJ/m³, e.g. 39.5 (not 39.5 kWh)."),
    ("", "usually about 39.5 (your gas bill shows it)."),
    ("nan", "not “nan”"),
    (None, "(your gas bill shows it)."),
])
def test_a_calorific_value_that_cannot_be_read_is_said_and_the_gas_kept(typed, said):
    session = Session()
    call(session, "load_file", {"name": "g.csv"}, GAS_M3.read_bytes())
    before = session.household
    with pytest.raises(BadInput) as refused:
        call(session, "set_gas_unit", {"unit": "kWh", "calorific_value": typed})
    assert said in str(refused.value)
    assert session.household == before


@pytest.mark.parametrize("snapshot", [
    "not json", json.dumps({"v": 99}), json.dumps({"v": 1, "source": "demo", "meta": {}, "series": {}}),
    json.dumps({"v": 1, "source": "file", "region": None, "meta": {},
                "series": {"electricity": {"start": 7, "values": [1]}}}),
    json.dumps({"v": 1, "source": "file", "region": None, "meta": {},
                "series": {"steam": {"start": 0, "values": [1]}}}),
    '{"v": 1, "source": "file", "region": null, "meta": {}, "series": {"gas": {"start": 0, "values": ["1"]}}}',
    None,
])
def test_a_damaged_snapshot_is_refused_with_a_message(snapshot):
    with pytest.raises(SnapshotError, match="could not be read"):
        call(Session(), "import_snapshot", {"snapshot": snapshot})


def test_demo_data_is_not_remembered_and_forget_clears_everything():
    session = Session()
    session.use("demo")
    with pytest.raises(BadRequest):
        call(session, "export_snapshot")
    call(session, "load_file", {"name": "e.csv"}, ELECTRICITY.read_bytes())
    session.forget()
    assert session.household is None and session.feed_cache == {}


def test_quality_report_for_a_file_with_duplicates_and_gaps():
    session = Session()
    call(session, "load_file", {"name": "v.csv", "fuel": "electricity"}, VOLUNTEER_WH.read_bytes())
    household = session.household
    report = household.facts.imports["electricity"]
    model = run_sync(QUALITY.build(session, household, View("quality", "electricity", None, None)))
    facts = {i["label"]: i["text"] for b in model["blocks"] if b["type"] == "facts" for i in b["items"]}
    assert facts["Duplicate readings removed"].startswith(f"{report.duplicates_identical:,}")
    assert report.duplicates_identical > 0
    assert any(b["type"] == "heatmap" and b["title"] == "Coverage calendar" for b in model["blocks"])
    gaps = [b for b in model["blocks"] if b["type"] == "table" and b["title"].startswith("Gaps")]
    assert gaps and gaps[0]["rows"]
    assert any(t["label"] == "Incomplete months" and t["warn"] for t in model["totals"])


def test_quality_report_through_the_bridge_for_every_demo_fuel():
    for fuel in ("electricity", "gas", "export"):
        reply = json.loads(bridge.handle(json.dumps({"v": 1, "id": 1, "op": "report", "payload": {
            "source": "demo", "params": {"report": "quality", "fuel": fuel}}})))
        assert reply["ok"], reply
        assert reply["result"]["title"].endswith("data quality")
        calendar = next(b for b in reply["result"]["blocks"] if b["type"] == "heatmap")
        assert len(calendar["row_labels"]) == 12 and len(calendar["values"]) == 12 * 31
