"""A second file of a fuel already loaded adds its half-hours; files that cannot be combined replace, and say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyruntime.fileformats import ImportFailure, import_file
from pyruntime.household import Household
from pyruntime.household.combine import combine
from pyruntime.session import Session
from pyruntime.timeseries.series import Series
from tests.pyruntime.sample_feeds import view_model
from tests.pyruntime.test_ops_load import call, total

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
MARCH = FIXTURES / "octopus_dashboard_electricity_2023-03-23_2023-03-29.csv"
OCTOBER = FIXTURES / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
GAS_M3 = FIXTURES / "octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv"


def loaded(*files: tuple[str, bytes], **payload) -> tuple[Session, dict]:
    session = Session()
    summary = {}
    for name, data in files:
        summary = call(session, "load_file", {"name": name, **payload}, data)
    return session, summary


def notes(summary: dict, kind: str) -> list[str]:
    return [w["message"] for w in summary["warnings"] if w["kind"] == kind]


def changed(path: Path, rows: int, first: int = 0) -> bytes:
    """``path``'s heading and data rows ``first`` to ``first + rows``, with ``rows`` readings raised by 1 kWh."""
    lines = path.read_text().splitlines()
    head, body = lines[0], lines[1 + first:1 + first + rows]
    raised = [f"{float(line.split(',')[0]) + 1:.3f},{line.split(',', 1)[1]}" for line in body]
    return "\n".join([head, *raised]).encode()


def test_a_second_months_file_adds_to_the_first_with_the_gap_between_left_a_gap():
    session, summary = loaded(("mar.csv", MARCH.read_bytes()), ("oct.csv", OCTOBER.read_bytes()))
    march, october = (import_file(p.read_bytes()).channels[0].series for p in (MARCH, OCTOBER))
    both = session.household.series["electricity"]
    assert both.start == march.start and both.end == october.end
    assert both.present == march.present + october.present
    assert total(both) == pytest.approx(total(march) + total(october))
    assert both.window(march.end, october.start) == [None] * ((october.start - march.end) // 1800)
    fuel = summary["fuels"][0]
    assert (fuel["first_day"], fuel["last_day"], fuel["present"]) == ("2023-03-23", "2023-11-01", both.present)
    assert notes(summary, "combined") == [f"Added {october.present:,} half-hours from oct.csv to your electricity "
                                          "import readings: now 23 Mar to 1 Nov 2023."]
    assert summary["files"] == {"electricity": "mar.csv, oct.csv"}
    # The first file's remarks are not said twice when the second repeats them.
    messages = [w["message"] for w in summary["warnings"]]
    assert len(messages) == len(set(messages))


def test_the_same_file_twice_adds_nothing_and_says_no_more_about_the_overlap():
    session, summary = loaded(("oct.csv", OCTOBER.read_bytes()), ("oct.csv", OCTOBER.read_bytes()))
    alone = import_file(OCTOBER.read_bytes()).channels[0].series
    assert session.household.series["electricity"] == alone
    assert notes(summary, "combined") == ["oct.csv added no new half-hours to your electricity import readings "
                                          "(26 Oct to 1 Nov 2023)."]
    assert summary["files"] == {"electricity": "oct.csv"}


def test_half_hours_in_both_files_with_other_readings_take_the_later_files_and_are_counted():
    session, summary = loaded(("oct.csv", OCTOBER.read_bytes()), ("fix.csv", changed(OCTOBER, 3)))
    alone = import_file(OCTOBER.read_bytes()).channels[0].series
    both = session.household.series["electricity"]
    assert both.start == alone.start and both.present == alone.present
    assert total(both) == pytest.approx(total(alone) + 3)
    assert notes(summary, "combined") == [
        "fix.csv added no new half-hours to your electricity import readings (26 Oct to 1 Nov 2023). "
        "3 half-hours already loaded had a different reading in fix.csv; its readings are used."]


def test_a_file_that_differs_in_most_of_a_large_overlap_is_refused_and_the_loaded_readings_kept():
    # Every one of October's 338 half-hours differs: another meter's file (an export, a neighbour's), not a fix.
    session, _ = loaded(("oct.csv", OCTOBER.read_bytes()))
    before = session.household
    with pytest.raises(ImportFailure) as refused:
        call(session, "load_file", {"name": "other.csv"}, changed(OCTOBER, 338))
    assert refused.value.message == (
        "other.csv was not added: 338 of the 338 half-hours it shares with your electricity import readings have a "
        "different reading, so it is probably from another meter (an export meter, or someone else's), not a "
        "correction. Your readings are as they were. If the file holds export or gas, choose that in “What the file "
        "holds” and load it again; to use this file alone, choose Forget everything first.")
    assert session.household is before
    assert session.household.series["electricity"] == import_file(OCTOBER.read_bytes()).channels[0].series


def test_the_same_file_chosen_as_export_joins_as_export_beside_the_import():
    session, summary = loaded(("oct.csv", OCTOBER.read_bytes()))
    summary = call(session, "load_file", {"name": "export.csv", "fuel": "export"}, changed(OCTOBER, 338))
    assert sorted(session.household.series) == ["electricity", "export"]
    assert session.household.series["electricity"] == import_file(OCTOBER.read_bytes()).channels[0].series
    assert summary["files"] == {"electricity": "oct.csv", "export": "export.csv"}


@pytest.mark.parametrize(("rows", "differing"), [(47, 47), (338, 169)])
def test_a_small_overlap_or_one_differing_in_half_its_half_hours_is_still_a_correction(rows, differing):
    # Below a day's overlap, or at exactly half, the later file's readings are used as before.
    lines = OCTOBER.read_text().splitlines()
    body = [f"{float(line.split(',')[0]) + (1 if i % (rows // differing) == 0 else 0):.3f},{line.split(',', 1)[1]}"
            for i, line in enumerate(lines[1:1 + rows])]
    session, summary = loaded(("oct.csv", OCTOBER.read_bytes()), ("fix.csv", "\n".join([lines[0], *body]).encode()))
    alone = import_file(OCTOBER.read_bytes()).channels[0].series
    assert total(session.household.series["electricity"]) == pytest.approx(total(alone) + differing)
    said = f"{differing:,} half-hours already loaded had a different reading in fix.csv; its readings are used."
    assert said in notes(summary, "combined")[0]


def test_combine_counts_new_and_differing_half_hours_and_keeps_gaps():
    earlier = Series("electricity", 0, (1.0, None, 2.0))
    later = Series("electricity", 3600, (3.0, None, None, 4.0))
    joined = combine(earlier, later)
    assert joined.series == Series("electricity", 0, (1.0, None, 3.0, None, None, 4.0))
    assert (joined.added, joined.differed) == (1, 1)
    same = combine(earlier, Series("electricity", 3600, (2.0,)))
    assert (same.series, same.added, same.differed) == (earlier, 0, 0)


def test_gas_in_cubic_metres_adds_to_gas_in_cubic_metres_at_the_calorific_value_chosen():
    session, _ = loaded(("g1.csv", GAS_M3.read_bytes()))
    call(session, "set_gas_unit", {"unit": "m3", "calorific_value": 40})
    summary = call(session, "load_file", {"name": "g2.csv"}, changed(GAS_M3, 2, first=100))
    raw = import_file(GAS_M3.read_bytes()).channels[0].series
    assert summary["gas"]["calorific_value"] == 40 and summary["gas"]["unit"] == "m3"
    factor = 1.02264 * 40 / 3.6
    assert total(session.household.series["gas"]) == pytest.approx((total(raw) + 2) * factor)
    assert "2 half-hours already loaded had a different reading in g2.csv" in notes(summary, "combined")[0]


def test_gas_read_in_another_unit_replaces_the_gas_loaded_and_says_so():
    in_kwh = GAS_M3.read_text().replace("Consumption (m³)", "Consumption (kWh)").encode()
    session, summary = loaded(("g1.csv", GAS_M3.read_bytes()), ("g2.csv", in_kwh), fuel="gas")
    assert summary["gas"]["unit"] == "kWh" and summary["files"] == {"gas": "g2.csv"}
    assert total(session.household.series["gas"]) == pytest.approx(total(import_file(in_kwh, fuel="gas")
                                                                         .channels[0].series))
    assert notes(summary, "replaced") == [
        "Your gas readings from g1.csv were replaced by those from g2.csv: g2.csv gives gas in kWh and g1.csv in "
        "cubic metres (m³), so the two cannot be added together. Load the other file again to use it instead."]
    assert notes(summary, "combined") == []


def test_a_file_after_a_providers_data_replaces_it_and_says_so():
    session = Session()
    session.replace(Household("octopus", {"electricity": import_file(MARCH.read_bytes()).channels[0].series}))
    summary = call(session, "load_file", {"name": "oct.csv"}, OCTOBER.read_bytes())
    assert summary["source"] == "file" and summary["fuels"][0]["first_day"] == "2023-10-26"
    assert notes(summary, "replaced") == ["Your Octopus data was replaced by this file's readings: readings from a "
                                          "provider and from files are not added together."]


def test_what_a_load_did_is_said_once_then_gives_way_to_the_next_loads():
    session, _ = loaded(("mar.csv", MARCH.read_bytes()), ("oct.csv", OCTOBER.read_bytes()))
    summary = call(session, "load_file", {"name": "g.csv"}, GAS_M3.read_bytes())
    assert notes(summary, "combined") == [] and summary["files"]["electricity"] == "mar.csv, oct.csv"
    assert [f["fuel"] for f in summary["fuels"]] == ["electricity", "gas"]


def test_a_combined_household_is_remembered_and_restored_whole():
    session, _ = loaded(("mar.csv", MARCH.read_bytes()), ("oct.csv", OCTOBER.read_bytes()))
    text = call(session, "export_snapshot")["snapshot"]
    restored = Session()
    call(restored, "import_snapshot", {"snapshot": text})
    assert restored.household.series == session.household.series
    assert restored.household.facts == session.household.facts


def with_repeats(path: Path, rows: int) -> bytes:
    """``path`` with its first ``rows`` data rows repeated word for word (identical duplicates)."""
    lines = path.read_text().splitlines()
    return "\n".join([*lines, *lines[1:1 + rows]]).encode()


def with_blank_readings(path: Path, rows: int) -> bytes:
    """``path`` with ``rows`` extra rows whose reading is not a number."""
    lines = path.read_text().splitlines()
    extra = [f"1.2.3,{line.split(',', 1)[1]}" for line in lines[1:1 + rows]]  # a mistyped number
    return "\n".join([*lines, *extra]).encode()


def quality(session: Session, fuel: str = "electricity") -> dict:
    return view_model(session, source="file", report="quality", fuel=fuel)


def block(model: dict, title: str) -> dict:
    return next(bl for bl in model["blocks"] if bl.get("title") == title)


def items(bl: dict) -> dict[str, dict]:
    return {i["label"]: i for i in bl["items"]}


def test_data_quality_tells_what_reading_each_file_did_under_its_name_in_load_order():
    mar, octo = with_repeats(MARCH, 3), with_blank_readings(OCTOBER, 2)
    session, _ = loaded(("mar.csv", mar), ("oct.csv", octo))
    mar_report, oct_report = (import_file(data).channels[0].report for data in (mar, octo))
    assert (mar_report.duplicates_identical, oct_report.duplicates_identical) == (3, 0)
    assert not mar_report.dropped and oct_report.dropped
    model = quality(session)
    titles = [bl.get("title") for bl in model["blocks"]]
    assert titles.index("mar.csv: how its readings were read") < titles.index("oct.csv: how its readings were read")
    assert "How the readings were read" not in titles
    said = block(model, "Read from 2 files")["paragraphs"][0]
    assert said.startswith("Your electricity import readings come from mar.csv and oct.csv, loaded in that order.")
    first, second = (items(block(model, f"{n}: how its readings were read")) for n in ("mar.csv", "oct.csv"))
    assert first["Duplicate readings removed"]["value"] == 3 and second["Duplicate readings removed"]["value"] == 0
    assert first["Rows read"]["value"] == mar_report.rows_read and second["Rows read"]["value"] == oct_report.rows_read
    assert first["Rows dropped"]["text"] == "none" and not first["Rows dropped"]["warn"]
    assert second["Rows dropped"]["text"] == "; ".join(f"{n:,}: {why}" for why, n in oct_report.dropped)
    assert second["Rows dropped"]["warn"]
    # The checks count over every file; coverage is of the readings combined.
    assert items(block(model, "Checks"))["Duplicate readings removed"]["text"] == "3 (identical repeats)"
    both = session.household.series["electricity"]
    assert next(t for t in model["totals"] if t["label"] == "Half-hours with data")["text"].startswith(
        f"{both.present:,} of ")
    # One column per file in the downloadable provenance table, each named by its file.
    provenance = block(model, "Where the readings came from")
    assert provenance["columns"] == ["Fact", "Electricity import", "Electricity import"]
    rows = {r[0]: r[1:] for r in provenance["rows"]}
    assert rows["From"] == ["mar.csv", "oct.csv"]
    assert rows["Rows read"] == [f"{mar_report.rows_read:,}", f"{oct_report.rows_read:,}"]


def test_one_file_keeps_its_single_account_of_how_it_was_read():
    session, _ = loaded(("oct.csv", with_blank_readings(OCTOBER, 2)))
    titles = [bl.get("title") for bl in quality(session)["blocks"]]
    assert "How the readings were read" in titles
    assert not [t for t in titles if t and (t.endswith("how its readings were read") or t.startswith("Read from"))]


def test_the_same_file_loaded_twice_is_told_about_once():
    session, _ = loaded(("mar.csv", MARCH.read_bytes()), ("oct.csv", OCTOBER.read_bytes()),
                        ("mar.csv", MARCH.read_bytes()))
    assert [f.name for f in session.household.facts.file_imports["electricity"]] == ["oct.csv", "mar.csv"]
    assert session.household.facts.files["electricity"] == "oct.csv, mar.csv"


def test_two_files_of_one_name_that_differ_are_both_told_about_numbered():
    session, _ = loaded(("usage.csv", MARCH.read_bytes()), ("usage.csv", OCTOBER.read_bytes()))
    titles = [bl.get("title") for bl in quality(session)["blocks"]]
    assert "usage.csv (file 1 of 2): how its readings were read" in titles
    assert "usage.csv (file 2 of 2): how its readings were read" in titles


def test_gas_that_replaces_the_gas_loaded_leaves_only_the_replacing_files_account():
    in_kwh = GAS_M3.read_text().replace("Consumption (m³)", "Consumption (kWh)").encode()
    session, _ = loaded(("g1.csv", GAS_M3.read_bytes()), ("g2.csv", in_kwh), fuel="gas")
    assert [f.name for f in session.household.facts.file_imports["gas"]] == ["g2.csv"]
    model = quality(session, "gas")
    titles = [bl.get("title") for bl in model["blocks"]]
    assert "How the readings were read" in titles and "Read from 2 files" not in titles
    assert {r[0]: r[1:] for r in block(model, "Where the readings came from")["rows"]}["From"] == ["g2.csv"]


def test_a_file_after_a_providers_data_leaves_only_that_files_account():
    session = Session()
    session.replace(Household("octopus", {"electricity": import_file(MARCH.read_bytes()).channels[0].series}))
    call(session, "load_file", {"name": "oct.csv"}, OCTOBER.read_bytes())
    call(session, "load_file", {"name": "oct2.csv"}, OCTOBER.read_bytes())
    assert [f.name for f in session.household.facts.file_imports["electricity"]] == ["oct.csv", "oct2.csv"]


def test_each_files_account_is_remembered_and_restored():
    session, _ = loaded(("mar.csv", with_repeats(MARCH, 3)), ("oct.csv", OCTOBER.read_bytes()))
    restored = Session()
    call(restored, "import_snapshot", {"snapshot": call(session, "export_snapshot")["snapshot"]})
    assert restored.household.facts.file_imports == session.household.facts.file_imports
    assert quality(restored)["blocks"] == quality(session)["blocks"]


def test_the_data_bar_names_every_file_of_a_fuel_in_load_order():
    _, summary = loaded(("mar.csv", MARCH.read_bytes()), ("oct.csv", OCTOBER.read_bytes()),
                        ("g.csv", GAS_M3.read_bytes()))
    by_fuel = {f["fuel"]: f for f in summary["fuels"]}
    assert by_fuel["electricity"]["files"] == ["mar.csv", "oct.csv"]
    assert by_fuel["electricity"]["files_text"] == "from mar.csv and oct.csv"
    assert (by_fuel["gas"]["files"], by_fuel["gas"]["files_text"]) == (["g.csv"], "from g.csv")


def test_a_providers_data_names_no_file():
    session = Session()
    session.replace(Household("octopus", {"electricity": import_file(MARCH.read_bytes()).channels[0].series}))
    (fuel,) = call(session, "data_summary", {"source": "octopus"})["fuels"]
    assert (fuel["files"], fuel["files_text"]) == ([], "")
