"""Property: whatever our own published ``forecast/accuracy.json`` holds, the nightly job reads past it.

The job reads the file back to keep each region's rows that tonight cannot measure. A file cut
short, a region that is not a list of rows, a row with NaN, a bool or a missing key, a region
that is no region: the job must not crash, must keep every region that still reads, must name
what it could not read in the nightly summary, and must keep a copy of the damaged file before
it publishes a new one. The valid document is the one the job itself wrote (``accuracy_doc``),
mutated field by field with ``tests/pyruntime/json_mutations.py`` and cut short at any byte.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from feeds_harness import update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds.check import check_tree
from feeds.forecast import BUCKETS, WINDOWS_DAYS, accuracy_doc, read_accuracy, read_archive
from feeds.timeslots import parse_instant
from feeds.validate import validate_doc
from tests.pyruntime.json_mutations import ANY_JSON, mutated

ROWS = [{"window_days": w, "lead": name, "mae_p_per_kwh": round(1.2 + i + w / 100, 3), "slots": 40 * (i + 1),
         "forecasts": i + 1} for w in WINDOWS_DAYS for i, (name, _, _) in enumerate(BUCKETS)]
GOOD = accuracy_doc({"A": ROWS, "C": ROWS, "N": ROWS}, parse_instant("2023-11-01T04:00:00Z"), sample=False)
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _texts():
    whole = json.dumps(GOOD)
    return st.one_of(
        st.one_of(ANY_JSON, mutated(GOOD, 3)).map(lambda d: json.dumps(d)),
        st.integers(0, len(whole) - 1).map(lambda n: whole[:n]),  # a file cut short
        st.sampled_from(["", "[" * 5000, "\ufeff" + whole, whole.replace("1.2", "NaN", 1),
                         whole.replace('"slots": 40', '"slots": true', 1), whole.replace('"lead"', '"leed"', 1),
                         whole.replace('"forecasts": 1', '"forecasts": true', 1)]),  # equal to GOOD in Python
    )


def _same_json(a: object, b: object) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@FUZZ
@given(_texts())
def test_any_accuracy_file_reads_as_good_regions_and_a_note(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("acc") / "accuracy.json"
    path.write_text(text, encoding="utf-8")
    regions, note = read_accuracy(path)
    validate_doc(accuracy_doc(regions, 0, sample=False), "forecast/accuracy.json")  # what is kept publishes
    for rows in regions.values():
        assert all(r["mae_p_per_kwh"] is None or math.isfinite(r["mae_p_per_kwh"]) for r in rows)
    assert note is None or note.startswith("accuracy.json: ")
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: the "[[[[..." case, which our reader refuses first
        assert regions == {} and "not JSON" in note
        return
    if _same_json(doc, GOOD):  # by JSON text: in Python True == 1 and 1.0 == 1, which the reader rightly tells apart
        assert regions == GOOD["regions"] and note is None
    elif isinstance(doc, dict) and isinstance(doc.get("regions"), dict):
        # a region is kept exactly as written or named: never changed, never dropped unsaid
        for region, rows in doc["regions"].items():
            assert regions.get(region) == rows or (note is not None and (repr(region)[:12] in note or "more" in note))


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # cut short
    lambda text: "[]",  # a list for the whole file
    lambda text: text.replace('"C": [', '"C": {"x": [', 1).replace("]}}", "]}}}", 1),  # region C not a list
    lambda text: json.dumps({**json.loads(text), "regions": {**json.loads(text)["regions"], "C": [{"lead": "x"}]}}),
    lambda text: json.dumps({**json.loads(text), "regions": {**json.loads(text)["regions"],
                                                              "C": [{**ROWS[0], "mae_p_per_kwh": math.nan}]}}),
])
def test_a_damaged_accuracy_file_never_stops_the_night_nor_loses_a_region_that_reads(emulator, tmp_path, damage):
    assert update(emulator, tmp_path, since="2023-10-25", now="2023-11-01T04:00:00Z", regions="C", families="agile",
                  carbon=False).ok
    path = tmp_path / "v1" / "forecast" / "accuracy.json"
    written = json.loads(path.read_text())
    written["regions"]["A"] = ROWS  # an earlier night's region that tonight does not measure
    damaged = damage(json.dumps(written))
    path.write_text(damaged)
    s = update(emulator, tmp_path, since=None, now="2023-11-02T04:00:00Z", regions="C", families="agile",
               carbon=False)
    assert s.published and [u for u, _ in s.failures] == ["forecast accuracy (previous file)"], s.render()
    said = s.failures[0][1]
    assert said.startswith("accuracy.json: ")
    assert "; the regions that read are kept, and the damaged file as damaged/forecast/accuracy.json.damaged-" in said
    copy = tmp_path / said.rsplit("the damaged file as ", 1)[1]
    assert copy.read_text() == damaged  # nothing the file held is lost
    # One copy, the one named: the file cut short was kept twice (also as forecast_archive/accuracy.unreadable-…,
    # which the summary named, while the copy under damaged/ went unsaid).
    assert [p for p in tmp_path.rglob("*") if p.is_file() and p.read_bytes() == damaged.encode()] == [copy]
    after = json.loads(path.read_text())
    assert after["regions"]["C"] and after["generated_at"] == "2023-11-02T04:00:00Z"  # tonight's measure
    region_a_read = "'A'" not in said and "not JSON" not in said and "no 'regions'" not in said
    assert (after["regions"].get("A") == ROWS) == region_a_read
    assert check_tree(tmp_path / "v1") == []
    # the next night reads its own file cleanly again
    s = update(emulator, tmp_path, since=None, now="2023-11-03T04:00:00Z", regions="C", families="agile",
               carbon=False)
    assert s.ok, s.render()


def test_an_accuracy_file_nested_thousands_deep_is_named_not_a_crash(emulator, tmp_path):
    assert update(emulator, tmp_path, since="2023-10-25", now="2023-11-01T04:00:00Z", regions="C", families="agile",
                  carbon=False).ok
    (tmp_path / "v1" / "forecast" / "accuracy.json").write_text("[" * 100_000)
    archive = tmp_path / "forecast_archive" / "C.json"
    shutil.copy(archive, tmp_path / "C.kept")
    s = update(emulator, tmp_path, since=None, now="2023-11-02T04:00:00Z", regions="C", families="agile",
               carbon=False)
    assert [u for u, _ in s.failures] == ["forecast accuracy (previous file)"] and s.published
    assert "not JSON" in s.failures[0][1]
    assert len(json.loads(archive.read_text())["forecasts"]) == len(json.loads(Path(tmp_path / "C.kept")
                                                                                .read_text())["forecasts"]) + 1


def test_a_forecast_archive_nested_thousands_deep_is_named_not_a_crash(tmp_path):
    # Found with the accuracy file: json.loads raised RecursionError (not a ValueError) and stopped the night.
    (tmp_path / "forecast_archive").mkdir()
    (tmp_path / "forecast_archive" / "C.json").write_text("{" * 100_000)
    assert read_archive(tmp_path, "C") == ([], "C.json: not a forecast archive (TooDeep)")
