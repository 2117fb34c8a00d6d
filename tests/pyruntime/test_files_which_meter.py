"""Export downloads whose headings are the import ones: the user's choice, the file's name, and loading again.

Octopus's and Bright's downloads for an export meter carry the same headings as for an import meter. The
real October dashboard slice in ``tests/fixtures/consumption`` (its README names the source) stands for
such a download here: its bytes are what an export meter's download looks like too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pyruntime.fileformats import NeedsMapping, import_file
from pyruntime.fileformats.filename import fuel_in_name
from pyruntime.fileformats.model import FUEL_NOT_SAID
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc
from pyruntime.timeseries.series import FUELS
from tests.pyruntime.test_ops_load import Session, call

OCTOBER = Path(__file__).resolve().parents[1] / "fixtures" / "consumption" / (
    "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv")
START = 1698274800  # 2023-10-25T23:00Z, midnight in London


def bright_csv(values: list[float]) -> bytes:
    """Bright's web download: the same three headings for import and export."""
    rows = [f"{START + HALF_HOUR * i},{v},x" for i, v in enumerate(values)]
    return ("epochTimestamp,kWh,dateTime\n" + "\n".join(rows) + "\n").encode()


def messages(summary: dict) -> list[str]:
    return [w["message"] for w in summary["warnings"]]


@pytest.mark.parametrize("name", ["electricity-export-2023-10.csv", "Export consumption.csv", "export.csv",
                                  "octopus_exported_oct.csv", "solar generation.csv"])
def test_an_octopus_download_named_export_loads_as_export_and_says_why(name):
    session = Session()
    summary = call(session, "load_file", {"name": name}, OCTOBER.read_bytes())
    assert [f["fuel"] for f in summary["fuels"]] == ["export"]
    assert session.household.series["export"].values == import_file(OCTOBER.read_bytes()).channels[0].series.values
    note = messages(summary)[0]
    assert note.startswith(f"Electricity export: The file does not say which meter it is from, but its name “{name}” "
                           "says ")
    assert "so it was read as electricity export. If it holds electricity import or gas, choose that" in note


def test_a_bright_download_named_export_loads_as_export():
    channel = import_file(bright_csv([0.0, 0.4, 1.2] * 16), name="bright_electricity_export_readings.csv").channels[0]
    assert channel.fuel == "export" and channel.series.present == 48
    assert FUEL_NOT_SAID not in channel.report.warnings


@pytest.mark.parametrize("name", ["consumption.csv", "octopus_dashboard_export_electricity_2023-04_2024-04.csv",
                                  "data export.csv", "import and export.csv", ""])
def test_a_name_that_names_no_meter_or_two_leaves_the_file_read_as_import(name):
    # "dashboard export": a download of the dashboard's data, as the reference collection's files are named.
    channel = import_file(OCTOBER.read_bytes(), name=name).channels[0]
    assert channel.fuel == "electricity" and FUEL_NOT_SAID in channel.report.warnings


def test_the_users_choice_wins_over_the_name_and_a_heading_over_both():
    chosen = import_file(OCTOBER.read_bytes(), fuel="electricity", name="export.csv").channels[0]
    assert chosen.fuel == "electricity" and chosen.report.warnings == ()
    headed = b"time,Gas (kWh)\n" + b"".join(f"2023-01-0{1 + i // 48}T{i % 48 // 2:02d}:{30 * (i % 2):02d}Z,0.5\n"
                                             .encode() for i in range(96))
    assert import_file(headed, name="export.csv").channels[0].fuel == "gas"


def test_a_file_read_as_import_then_loaded_again_as_export_is_export_only():
    session = Session()
    first = call(session, "load_file", {"name": "consumption.csv"}, OCTOBER.read_bytes())
    assert [f["fuel"] for f in first["fuels"]] == ["electricity"]
    assert messages(first) == [f"Electricity import: {FUEL_NOT_SAID}"]
    again = call(session, "load_file", {"name": "consumption.csv", "fuel": "export"}, OCTOBER.read_bytes())
    assert [f["fuel"] for f in again["fuels"]] == ["export"]
    assert again["files"] == {"export": "consumption.csv"}
    assert messages(again) == [
        "consumption.csv is now your electricity export readings, as you chose. It had been read as electricity "
        "import only because it does not say which meter it is from; those readings were removed."]
    assert session.household.facts.imports.keys() == {"export"}


def test_another_file_loaded_as_export_leaves_the_import_readings_alone():
    session = Session()
    call(session, "load_file", {"name": "consumption.csv"}, OCTOBER.read_bytes())
    summary = call(session, "load_file", {"name": "export.csv", "fuel": "export"},
                   bright_csv([0.0, 0.4, 1.2] * 16))
    assert sorted(f["fuel"] for f in summary["fuels"]) == ["electricity", "export"]


def test_the_column_step_proposes_the_meter_the_name_names():
    text = b"when,a,b\n" + b"".join(f"2023-01-01T{i // 2:02d}:{30 * (i % 2):02d}Z,{i},0.{i + 1}\n".encode()
                                    for i in range(10))
    with pytest.raises(NeedsMapping) as asked:
        import_file(text, name="Octopus export Jan.csv")
    suggestions = asked.value.to_json()["suggestions"]
    assert suggestions["suggested"]["fuel"] == "export"
    assert "the file name says “export”" in suggestions["reasons"]
    with pytest.raises(NeedsMapping) as plain:
        import_file(text, name="january.csv")
    assert plain.value.suggestions.suggested.fuel is None


NAMES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None)
@given(name=NAMES, chosen=st.sampled_from(FUELS))
def test_whatever_the_name_the_users_choice_decides_and_the_readings_are_the_files(name, chosen):
    data = bright_csv([0.1, 0.3, 0.2] * 16)
    channel = import_file(data, fuel=chosen, name=name).channels[0]
    assert channel.fuel == chosen and channel.report.warnings == ()
    unnamed = import_file(data, name=name).channels[0]
    assert unnamed.series.values == channel.series.values
    assert unnamed.fuel == (fuel_in_name(name) or ("electricity",))[0]


LOWER = "abcdefghijklmnopqrstuvwxyz"


@settings(max_examples=60, deadline=None)
@given(before=st.lists(st.text(LOWER, min_size=1, max_size=8), max_size=3),
       after=st.lists(st.text(LOWER, min_size=1, max_size=8), max_size=3), sep=st.sampled_from(["_", "-", " "]))
def test_a_name_with_export_as_its_own_word_and_no_other_meter_reads_as_export(before, after, sep):
    meters = {"export", "exports", "exported", "generation", "gas", "import", "imports"}
    assume(not meters & {*before, *after})
    assume(not before or before[-1] not in ("data", "dashboard", "csv", "usage", "account"))
    name = sep.join([*before, "export", *after]) + ".csv"
    assert fuel_in_name(name) == ("export", "export")
    assert fuel_in_name(name.replace("export", "gas")) == ("gas", "gas")
    assert fuel_in_name(sep.join([*before, "dashboard", "export", *after])) is None


class _Counted:
    """A reader's whole-file parse, wrapped to count how often a load calls it."""

    def __init__(self, parse):
        self.parse, self.calls = parse, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.parse(*args, **kwargs)


@pytest.fixture
def parses(monkeypatch):
    """How many times the CSV table and the JSON document were parsed, together."""
    from pyruntime.fileformats import csvfile, safejson

    table, document = _Counted(csvfile.read_table), _Counted(safejson.loads)
    monkeypatch.setattr(csvfile, "read_table", table)
    monkeypatch.setattr(safejson, "loads", document)
    return lambda: table.calls + document.calls


def bright_json(values: list[float], classifier: str | None = None) -> bytes:
    doc = {"units": "kWh", "query": {"period": "PT30M"}, "data": [[START + HALF_HOUR * i, v]
                                                                 for i, v in enumerate(values)]}
    return json.dumps(doc if classifier is None else {**doc, "classifier": classifier}).encode()


def octopus_json(values: list[float]) -> bytes:
    results = [{"consumption": v, "interval_start": isoformat_utc(START + HALF_HOUR * i),
                "interval_end": isoformat_utc(START + HALF_HOUR * (i + 1))} for i, v in enumerate(values)]
    return json.dumps({"count": len(results), "results": results}).encode()


@pytest.mark.parametrize(("data", "name", "fuel"), [
    (OCTOBER.read_bytes(), "electricity-export-2023-10.csv", "export"),
    (bright_csv([0.0, 0.4, 1.2] * 16), "bright_export.csv", "export"),
    (bright_json([0.0, 0.4, 1.2] * 16), "bright_export.json", "export"),
    (octopus_json([0.0, 0.4, 1.2] * 16), "octopus gas.json", "gas"),
])
def test_a_file_whose_meter_its_name_decides_is_read_once(parses, data, name, fuel):
    channel = import_file(data, name=name).channels[0]
    assert channel.fuel == fuel and channel.report.warnings[0].startswith("The file does not say which meter")
    assert parses() == 1


def test_a_file_read_as_the_gas_its_name_names_keeps_readings_only_gas_can_hold(parses):
    # 20 kWh in a half-hour: a cold morning's boiler, far beyond a home's electricity supply (11.5 kWh).
    values = [0.5, 20.0, 18.5, 2.0] * 12
    channel = import_file(octopus_json(values), name="gas_2023-10.json").channels[0]
    assert channel.fuel == "gas" and channel.series.values == tuple(values) and channel.faulty == ()
    assert parses() == 1
    unnamed = import_file(octopus_json(values), name="readings.json").channels[0]
    assert unnamed.fuel == "electricity" and len(unnamed.faulty) == 24  # the same values, as import, are faults


def test_a_bright_json_file_without_its_classifier_names_no_meter_and_its_name_decides():
    unnamed = import_file(bright_json([0.1, 0.2] * 24), name="readings.json").channels[0]
    assert unnamed.fuel == "electricity" and FUEL_NOT_SAID in unnamed.report.warnings
    named = import_file(bright_json([0.1, 0.2] * 24), name="export-2023-10.json").channels[0]
    assert named.fuel == "export" and "its name “export-2023-10.json” says “export”" in named.report.warnings[0]
    said = import_file(bright_json([0.1, 0.2] * 24, "electricity.export"), name="readings.json").channels[0]
    assert said.fuel == "export" and not any(w.startswith("The file does not say") for w in said.report.warnings)
