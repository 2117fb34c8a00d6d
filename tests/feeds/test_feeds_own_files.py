"""Property: whatever our own published files hold, the nightly job reads past them and loses nothing.

The job reads back what earlier nights published: each tariff's year files (to merge tonight's prices
into them, and the Agile ones to measure the forecast against), the carbon year files, the price cap
and the manifest's ``forecast`` entry. A file damaged by hand or by a disk (cut short, not UTF-8, a
list where an object belongs, text, null or NaN where a number belongs, a series outside its year)
must not stop the night: it is named in the summary's warnings, left byte for byte as it was, and
everything else the night would have written is still written. The valid documents are the ones
the job itself wrote, mutated field by field with ``tests/pyruntime/json_mutations.py``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from feeds_emulator import Emulator, World, ts
from feeds_harness import NOW, update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds.check import check_tree
from feeds.cli import main
from feeds.price_cap import TABLE_PATH
from feeds.update import ManifestUnreadableError, _published_damage
from feeds.validate import SchemaError, validate_doc
from tests.pyruntime.json_mutations import ANY_JSON, mutated

FIRST_NIGHT = "2023-11-01T04:00:00Z"
SECOND_NIGHT = "2023-11-02T04:00:00Z"
# Files whose contents follow the accuracy measured tonight, which a skipped tariff file may change.
MEASURED = {"v1/index.json", "v1/forecast/accuracy.json", "v1/forecast/C.json"}
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


def _night(emu: Emulator, out: Path, now: str, **kw):
    return update(emu, out, since=None, now=now, regions="C", families="agile", carbon=False, **kw)


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.json"))}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(World(now=ts(NOW))) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def first_night(emu, tmp_path_factory) -> Path:
    """The tree after one night: Agile tariff files for region C, a forecast, its archive and accuracy."""
    out = tmp_path_factory.mktemp("first")
    assert update(emu, out, since="2023-10-25", now=FIRST_NIGHT, regions="C", families="agile", carbon=False).ok
    return out


@pytest.fixture(scope="module")
def second_night(emu, first_night, tmp_path_factory) -> Path:
    """The tree after the second night when nothing is damaged.

    A path, not the files' bytes: Hypothesis could not replay a failing example given megabytes as an argument.
    """
    out = tmp_path_factory.mktemp("second")
    shutil.copytree(first_night, out, dirs_exist_ok=True)
    assert _night(emu, out, SECOND_NIGHT).ok
    return out


def _agile_files(tree: Path) -> list[str]:
    """The Agile tariff files (the price cap's are rebuilt from its table every night, never read back)."""
    return sorted(p.relative_to(tree).as_posix() for p in (tree / "v1" / "tariffs").glob("*-AGILE-*/*.json"))


def _damaged_texts(doc: dict) -> st.SearchStrategy[bytes]:
    whole = json.dumps(doc)
    inc = doc["unit_rates"]["standard"]["unit_rate_p_per_kwh_inc_vat"]
    by_hand = [
        json.dumps([doc]),  # a list where the document belongs
        json.dumps({**doc, "unit_rates": []}),
        json.dumps({**doc, "unit_rates": {"standard": {**doc["unit_rates"]["standard"],
                                                       "unit_rate_p_per_kwh_inc_vat": {**inc, "values": ["12.5"]}}}}),
        json.dumps({**doc, "standing_charges_p_per_day": None}),
        whole.replace(str(inc["values"][0]), "NaN", 1),  # passes the schema's minimum and maximum
        whole.replace(inc["start"], "2022-12-31T00:00:00Z", 1),  # a series starting in another year
        whole.replace(inc["start"], inc["start"][:5] + "13-45" + inc["start"][10:], 1),  # no such day
        json.dumps({**doc, "year": doc["year"] + 1}),  # another year's document
        "",
    ]
    return st.one_of(
        st.one_of(ANY_JSON, mutated(doc, 3)).map(lambda d: json.dumps(d).encode()),
        st.integers(0, len(whole) - 1).map(lambda n: whole[:n].encode()),  # cut short
        st.sampled_from(by_hand).map(str.encode),
        st.integers(0, len(whole) - 1).map(lambda n: whole[:n].encode() + b"\xff\xfe" + whole[n:].encode()),
    )


def _schema_valid(data: bytes, rel: str) -> bool:
    try:
        validate_doc(json.loads(data.decode("utf-8")), rel)
    except (ValueError, SchemaError, RecursionError):
        return False
    return True


@FUZZ
@given(data=st.data())
def test_a_damaged_tariff_file_never_stops_the_night_nor_changes_anything_else(emu, first_night, second_night,
                                                                              tmp_path_factory, data):
    out = tmp_path_factory.mktemp("night")
    shutil.copytree(first_night, out, dirs_exist_ok=True)
    rel = data.draw(st.sampled_from(_agile_files(out)), label="file")
    damaged = data.draw(_damaged_texts(json.loads((out / rel).read_text())), label="damage")
    (out / rel).write_bytes(damaged)

    s = _night(emu, out, SECOND_NIGHT)

    assert s.published, s.render()
    named = [w for w in s.warnings if w.startswith(rel.removeprefix("v1/") + ": ")]
    if named:  # skipped: kept byte for byte, and at most its own tariff fails tonight
        assert (out / rel).read_bytes() == damaged
        code = rel.split("/")[2]
        assert all(unit == f"tariff {code}" and rel.removeprefix("v1/") in err for unit, err in s.failures), s.render()
    else:  # read as it is: it is one the schema accepts
        assert _schema_valid(damaged, rel), s.render()
        assert s.ok, s.render()
    if not _schema_valid(damaged, rel):
        assert named, s.render()
    # everything else the night writes is written, and the same as on an undamaged night
    after, undamaged = _files(out), _files(second_night)
    assert set(after) == set(undamaged)
    for name, content in undamaged.items():
        if name not in MEASURED and name != rel:
            assert after[name] == content, name
    index = json.loads(after["v1/index.json"])
    assert index["generated_at"] == "2023-11-02T04:00:00Z" and index["forecast"]["regions"]["C"]
    accuracy = json.loads(after["v1/forecast/accuracy.json"])
    assert accuracy["generated_at"] == "2023-11-02T04:00:00Z" and accuracy["regions"]["C"]
    for name, content in after.items():
        if name.startswith("v1/") and name != rel:
            validate_doc(json.loads(content), name)


@pytest.mark.parametrize("damage", [
    pytest.param(lambda text: text[: len(text) // 2].encode(), id="cut short"),
    pytest.param(lambda text: b"\xff" + text.encode(), id="not UTF-8"),
    pytest.param(lambda text: b"[" * 100_000, id="nested deep"),
    pytest.param(lambda text: json.dumps([json.loads(text)]).encode(), id="a list"),
    pytest.param(lambda text: text.replace('"step_seconds":1800', '"step_seconds":"1800"', 1).encode(),
                 id="text for a number"),
])
def test_a_damaged_agile_file_is_named_kept_and_its_tariff_fails_alone(emu, first_night, tmp_path, damage):
    shutil.copytree(first_night, tmp_path, dirs_exist_ok=True)
    rel = _agile_files(tmp_path)[-1]
    damaged = damage((tmp_path / rel).read_text())
    (tmp_path / rel).write_bytes(damaged)
    s = _night(emu, tmp_path, SECOND_NIGHT)
    short = rel.removeprefix("v1/")
    assert s.published and [w for w in s.warnings if w.startswith(short)], s.render()
    assert f"{short}: " in s.render() and "left as it is" in s.render()
    assert (tmp_path / rel).read_bytes() == damaged
    code = rel.split("/")[2]
    assert [u for u, _ in s.failures] == [f"tariff {code}"], s.render()
    assert s.failures[0][1].startswith(f"{short} is damaged (") and "not updated" in s.failures[0][1]
    index = json.loads((tmp_path / "v1" / "index.json").read_text())
    assert index["tariffs"][code]["years"]["2023"]  # the manifest still lists the file
    # mended (here: put back as it was), the next night reads it and updates it again
    shutil.copy(first_night / rel, tmp_path / rel)
    assert _night(emu, tmp_path, "2023-11-03T04:00:00Z").ok


def test_a_damaged_carbon_file_fails_only_its_region(tmp_path):
    with Emulator(World(now=ts(NOW))) as emulator:
        assert update(emulator, tmp_path, since="2023-10-28", now=FIRST_NIGHT, regions="C", families="agile").ok
        rel = "v1/carbon/C/2023.json"
        damaged = (tmp_path / rel).read_bytes()[:1000]
        (tmp_path / rel).write_bytes(damaged)
        s = update(emulator, tmp_path, since=None, now=SECOND_NIGHT, regions="C", families="agile")
    assert s.published and [u for u, _ in s.failures] == ["carbon C"], s.render()
    assert "carbon/C/2023.json is damaged (not JSON (JSONDecodeError))" in s.failures[0][1]
    assert any(w.startswith("carbon/C/2023.json: not JSON") for w in s.warnings)
    assert (tmp_path / rel).read_bytes() == damaged
    index = json.loads((tmp_path / "v1" / "index.json").read_text())
    assert index["carbon"]["national"]["coverage"]["end"] > "2023-11-02"  # the other carbon files moved on


@pytest.mark.parametrize("entry, named", [
    ([], "'forecast': not an object with 'regions'"),
    ({"regions": ["C"]}, "'forecast': not an object with 'regions'"),
    ({"regions": {"A": "forecast/A.json"}}, "'forecast' regions 'A': damaged"),
    ({"regions": {"A": {"path": "forecast/A.json", "created_at": 1698811200, "fetched_at": "2023-11-01T04:00:00Z",
                        "first": "2023-11-01T03:30:00Z", "end": "2023-11-15T03:30:00Z"}}}, "regions 'A': damaged"),
    ({"regions": {"A": {"path": "forecast/C.json", "created_at": "2023-11-01T03:15:00Z",
                        "fetched_at": "2023-11-01T04:00:00Z", "first": "2023-11-01T03:30:00Z",
                        "end": "2023-11-15T03:30:00Z"}}}, "regions 'A': damaged"),
    ({"regions": {"Z": None}}, "regions 'Z': damaged"),
])
def test_a_damaged_forecast_entry_in_the_manifest_is_taken_as_absent(emu, first_night, tmp_path, entry, named):
    shutil.copytree(first_night, tmp_path, dirs_exist_ok=True)
    index_path = tmp_path / "v1" / "index.json"
    index = json.loads(index_path.read_text())
    good_c = index["forecast"]["regions"]["C"]
    if isinstance(entry, dict) and isinstance(entry.get("regions"), dict):
        entry = {**index["forecast"], "regions": {**entry["regions"], "C": good_c}}
    index_path.write_text(json.dumps({**index, "forecast": entry}))
    s = _night(emu, tmp_path, SECOND_NIGHT)
    assert s.ok, s.render()  # before, a damaged region not run tonight failed the manifest and blocked publishing
    assert [w for w in s.warnings if w.startswith("index.json ") and named in w and "taken as absent" in w], s.render()
    after = json.loads(index_path.read_text())
    assert list(after["forecast"]["regions"]) == ["C"]
    assert after["forecast"]["regions"]["C"]["created_at"] == "2023-11-02T03:15:00Z"
    assert check_tree(tmp_path / "v1") == []


def test_a_forecast_entry_for_a_region_not_run_tonight_is_kept(emu, first_night, tmp_path):
    shutil.copytree(first_night, tmp_path, dirs_exist_ok=True)
    index_path = tmp_path / "v1" / "index.json"
    index = json.loads(index_path.read_text())
    good_c = index["forecast"]["regions"]["C"]
    index["forecast"]["regions"]["A"] = {**good_c, "path": "forecast/A.json"}
    index_path.write_text(json.dumps(index))
    s = _night(emu, tmp_path, SECOND_NIGHT)
    assert s.ok and not s.warnings, s.render()
    assert json.loads(index_path.read_text())["forecast"]["regions"]["A"] == index["forecast"]["regions"]["A"]


@pytest.mark.parametrize("text", ['{"products": ', "[]", "\ufeff{}", "[" * 100_000])
def test_a_manifest_that_is_not_a_json_object_stops_the_run_before_anything_is_written(emu, first_night, tmp_path,
                                                                                         text):
    shutil.copytree(first_night, tmp_path, dirs_exist_ok=True)
    (tmp_path / "v1" / "index.json").write_text(text)
    before = _files(tmp_path)
    with pytest.raises(ManifestUnreadableError, match=r"index\.json is .*nothing was written.*--since"):
        _night(emu, tmp_path, SECOND_NIGHT)
    assert _files(tmp_path) == before


@pytest.mark.parametrize("damage", [
    lambda index: index.update(tariffs=[]),  # a list where the tariffs' object belongs
    lambda index: index.pop("products"),
    lambda index: next(iter(index["tariffs"].values())).update(years="2024"),
    lambda index: index.update(schema_version="one"),
])
def test_a_manifest_damaged_outside_its_forecast_stops_the_run_naming_where(emu, first_night, tmp_path, damage):
    """Skipping a damaged tariffs or products entry would mean refetching or a backfill: the run stops instead,
    before anything is written, saying which part of the manifest is wrong (never a traceback)."""
    shutil.copytree(first_night, tmp_path, dirs_exist_ok=True)
    index_path = tmp_path / "v1" / "index.json"
    index = json.loads(index_path.read_text())
    damage(index)
    index_path.write_text(json.dumps(index))
    before = _files(tmp_path)
    with pytest.raises(ManifestUnreadableError, match=r"index\.json is not a manifest this job wrote .*schema.*"
                                                      r"nothing was written"):
        _night(emu, tmp_path, SECOND_NIGHT)
    assert _files(tmp_path) == before


def test_the_command_line_says_the_manifest_is_unreadable_and_exits_2(emu, tmp_path, capsys):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "index.json").write_bytes(b"\xff\xfe")
    code = main(["update", "--out", str(tmp_path), "--octopus-api", emu.octopus_url, "--carbon-intensity-api",
                 emu.carbon_url, "--agile-forecast-api", emu.forecast_url, "--now", SECOND_NIGHT])
    assert code == 2
    err = capsys.readouterr().err
    assert "error: " in err and "not JSON (UnicodeDecodeError)" in err and "Traceback" not in err
    assert (tmp_path / "v1" / "index.json").read_bytes() == b"\xff\xfe"


def test_a_damaged_price_cap_file_read_for_the_manifest_is_named(emu, first_night, tmp_path):
    shutil.copytree(first_night, tmp_path, dirs_exist_ok=True)
    (tmp_path / "v1" / "price_cap.json").write_text('{"kind": "price_cap", "rows": "many"}')
    bad_table = tmp_path / "table.csv"
    lines = TABLE_PATH.read_text(encoding="utf-8").splitlines()  # the next quarter's rows go wrong too
    bad_table.write_text("\n".join([*lines, "2027-01-01,2027-04-01,Z,gas,5.0,30.0,direct_debit,single_rate,,,false,x"]))
    s = _night(emu, tmp_path, SECOND_NIGHT, price_cap_table=bad_table)
    assert s.published and [u for u, _ in s.failures] == ["price cap"], s.render()
    assert [w for w in s.warnings if w.startswith("price_cap.json: ") and "left as it is" in w], s.render()
    assert (tmp_path / "v1" / "price_cap.json").read_text() == '{"kind": "price_cap", "rows": "many"}'


def _without(key: str):
    """The stored document with ``key`` taken out (a hand edit)."""
    def damage(v1: Path, rel: str) -> bytes:
        return json.dumps({k: v for k, v in json.loads((v1 / rel).read_bytes()).items() if k != key}).encode()
    return damage


def _cut_short(v1: Path, rel: str) -> bytes:
    whole = (v1 / rel).read_bytes()
    return whole[: len(whole) // 2]


@pytest.mark.parametrize(("short", "damage", "what"), [
    ("forecast/C.json", _cut_short, "not JSON (JSONDecodeError)"),
    ("price_cap.json", _cut_short, "not JSON (JSONDecodeError)"),
    # JSON, but not the shape the night wrote: these were replaced without a word and without a copy.
    ("forecast/C.json", lambda v1, rel: b"[]", "not an agile_forecast document"),
    ("forecast/C.json", lambda v1, rel: (v1 / "forecast" / "accuracy.json").read_bytes(),  # copied over it
     "not an agile_forecast document"),
    ("forecast/C.json", _without("predicted"),
     "schema forecast.v1.schema.json failed at (root): 'predicted' is a required property"),
    ("price_cap.json", _without("rows"),
     "schema price_cap.v1.schema.json failed at (root): 'rows' is a required property"),
])
def test_a_damaged_file_the_night_rebuilds_whole_fails_by_name_and_its_bytes_are_kept(emu, first_night, tmp_path,
                                                                                       short, damage, what):
    """A forecast or price-cap file cut short (a killed copy, a disk) or no longer of the shape the night wrote (an
    edit by hand, another file's contents): tonight's complete document is published in its place, and the night
    fails naming it, the damaged bytes kept under DIR/damaged/ for a person to look at."""
    shutil.copytree(first_night, tmp_path, dirs_exist_ok=True)
    damaged = damage(tmp_path / "v1", short)
    (tmp_path / "v1" / short).write_bytes(damaged)
    s = _night(emu, tmp_path, SECOND_NIGHT)
    rel = f"v1/{short}"
    assert s.published and [u for u, _ in s.failures] == [f"stored file {short}"], s.render()
    assert f"FAILED stored file {short}: {short} was damaged ({what})" in s.render()
    [kept] = (tmp_path / "damaged").rglob(f"{Path(short).name}.damaged-*")
    assert kept.read_bytes() == damaged and str(kept) in s.failures[0][1]
    validate_doc(json.loads((tmp_path / rel).read_text()), rel)  # tonight's, whole
    index = json.loads((tmp_path / "v1" / "index.json").read_text())
    assert [f["unit"] for f in index["last_run"]["failures"]] == [f"stored file {short}"]
    assert check_tree(tmp_path / "v1") == []
    assert _night(emu, tmp_path, "2023-11-03T04:00:00Z").ok  # replaced, the next night has nothing to name


@pytest.mark.parametrize(("kind", "said"), [("agile_forecast", "not an agile_forecast document"),
                                            ("tariff_year", "not a tariff_year document")])
def test_a_published_file_of_another_kind_is_named_with_a_or_an_as_its_kind_reads(kind, said):
    """The night's reader and the publisher's check say the same words ("not a agile_forecast document" read
    wrong)."""
    assert _published_damage([], "v1/some.json", kind, {}) == said
