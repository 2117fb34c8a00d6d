"""The feed store (feeds/store.py) on a real directory: a stored file that no longer reads is named, never taken
as absent nor lost, and every write leaves the old bytes or the new, whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import feeds.store
from feeds.store import DAMAGED_DIR, Publisher, StoredFileDamaged, dumps, read_json, write_atomic

FORECAST = "forecast/C.json"
SAMPLE = Path(__file__).resolve().parents[2] / "feeds" / "sample" / "v1"
DOC = json.loads((SAMPLE / FORECAST).read_text())  # a whole forecast document, as the night writes one


def _published(tmp_path: Path, rel: str, data: bytes) -> Path:
    path = tmp_path / "v1" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


DAMAGE = [
    pytest.param(dumps(DOC)[:20], "not JSON (JSONDecodeError)", id="cut short"),
    pytest.param(b"", "not JSON (JSONDecodeError)", id="empty"),
    pytest.param(b"\xff\xfe" + dumps(DOC), "not JSON (UnicodeDecodeError)", id="not UTF-8"),
    pytest.param(b"[" * 100_000, "not JSON (TooDeep)", id="nested deep"),
]


@pytest.mark.parametrize(("data", "what"), DAMAGE)
def test_reading_a_damaged_stored_file_names_it_and_what_is_wrong(tmp_path, data, what):
    path = _published(tmp_path, FORECAST, data)
    with pytest.raises(StoredFileDamaged) as raised:
        read_json(path)
    assert raised.value.path == path and raised.value.what == what
    assert str(raised.value) == f"{path}: {what}"
    with pytest.raises(StoredFileDamaged, match=r"forecast/C\.json: not JSON"):
        Publisher(tmp_path / "v1").read(FORECAST)
    assert path.read_bytes() == data  # reading never touches it


def test_an_absent_file_reads_as_none_and_a_whole_one_as_its_document(tmp_path):
    assert read_json(tmp_path / "v1" / FORECAST) is None
    _published(tmp_path, FORECAST, dumps(DOC))
    assert read_json(tmp_path / "v1" / FORECAST) == DOC
    directory = tmp_path / "v1" / "tariffs.json"
    directory.mkdir()
    with pytest.raises(StoredFileDamaged, match=r"tariffs\.json: cannot be read"):
        read_json(directory)


@pytest.mark.parametrize(("data", "what"), DAMAGE)
def test_a_damaged_file_rebuilt_whole_is_kept_byte_for_byte_before_tonights_replaces_it(tmp_path, data, what):
    target = _published(tmp_path, FORECAST, data)
    pub = Publisher(tmp_path / "v1")
    new = {**DOC, "predicted": [9.0]}
    assert pub.stage(FORECAST, new, validated=True)
    damage = pub.damaged[FORECAST]
    assert damage.what == what and damage.kept is not None
    assert damage.kept.parent == tmp_path / DAMAGED_DIR / "forecast"  # beside v1/, never published
    assert damage.kept.read_bytes() == data
    assert target.read_bytes() == data  # nothing published before publish()
    assert pub.publish() == [FORECAST]
    assert json.loads(target.read_text()) == new
    assert damage.kept.read_bytes() == data
    assert f"{FORECAST} was damaged ({what})" in damage.describe() and str(damage.kept) in damage.describe()


def test_a_second_damage_keeps_its_own_copy(tmp_path):
    kept = []
    damaged = [b'{"kind": "agile', b'{"kind": "agile_forecast", "re']
    for data in damaged:
        _published(tmp_path, FORECAST, data)
        pub = Publisher(tmp_path / "v1")
        pub.stage(FORECAST, DOC, validated=True)
        kept.append(pub.damaged[FORECAST].kept)
        pub.publish()
    assert kept[0] != kept[1] and [k.read_bytes() for k in kept] == damaged


def test_a_damaged_file_whose_copy_cannot_be_kept_is_left_as_it_is(tmp_path):
    target = _published(tmp_path, FORECAST, b'{"cut')
    (tmp_path / DAMAGED_DIR).write_text("a file where the directory belongs")
    pub = Publisher(tmp_path / "v1")
    assert not pub.stage(FORECAST, DOC, validated=True)
    assert pub.damaged[FORECAST].kept is None and "left as it is" in pub.damaged[FORECAST].describe()
    assert pub.publish() == []
    assert target.read_bytes() == b'{"cut'


@pytest.mark.parametrize(("data", "what"), [
    pytest.param(b"[]", "not an agile_forecast document", id="a list"),
    pytest.param(b'{"kind": "agile_forecast"}',
                 "schema forecast.v1.schema.json failed at (root): 'schema_version' is a required property",
                 id="keys missing"),
    pytest.param((SAMPLE / "forecast" / "accuracy.json").read_bytes(), "not an agile_forecast document",
                 id="another file's contents"),
    pytest.param(dumps({**DOC, "predicted": "many"}), "schema forecast.v1.schema.json failed at predicted: 'many' "
                 "is not of type 'array'", id="a value of the wrong type"),
])
def test_a_stored_file_of_the_wrong_shape_is_kept_and_named_like_one_that_is_not_json(tmp_path, data, what):
    # It reads as JSON, so it was replaced by tonight's without a copy and without a word.
    target = _published(tmp_path, FORECAST, data)
    pub = Publisher(tmp_path / "v1")
    assert pub.stage(FORECAST, DOC, validated=True)
    damage = pub.damaged[FORECAST]
    assert damage.what == what
    assert damage.kept.parent == tmp_path / DAMAGED_DIR / "forecast" and damage.kept.read_bytes() == data
    assert pub.publish() == [FORECAST] and read_json(target) == DOC
    assert damage.describe().startswith(f"{FORECAST} was damaged ({what}); tonight's complete document replaces it")


def test_a_manifest_is_left_to_its_own_reader(tmp_path):
    # update.py reads the manifest first: it stops the run for one that is not an object, and names a damaged
    # forecast entry it leaves out; tonight's manifest then replaces it without a second copy or a second word.
    _published(tmp_path, "index.json", b'{"kind": "index", "forecast": []}')
    pub = Publisher(tmp_path / "v1")
    assert pub.stage("index.json", {"kind": "index"}, validated=True)
    assert pub.damaged == {}


def test_a_whole_file_is_replaced_without_a_copy_or_a_record(tmp_path):
    target = _published(tmp_path, FORECAST, dumps({**DOC, "predicted": [1.0] * len(DOC["predicted"])}))
    pub = Publisher(tmp_path / "v1")
    assert pub.stage(FORECAST, DOC, validated=True) and pub.publish() == [FORECAST]
    assert pub.damaged == {} and not (tmp_path / DAMAGED_DIR).exists()
    assert read_json(target) == DOC


def test_a_write_killed_before_its_rename_leaves_the_old_file_whole_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "archive" / "C.json"
    write_atomic(path, b'{"forecasts": [1]}')

    def killed(src, dst):
        raise KeyboardInterrupt  # the run is killed between writing and renaming

    monkeypatch.setattr(feeds.store.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b'{"forecasts": [1, 2]}')
    assert path.read_bytes() == b'{"forecasts": [1]}'
    assert [p.name for p in path.parent.iterdir()] == ["C.json"]


def test_the_data_files_renames_are_synced_before_the_manifest_names_them(tmp_path, monkeypatch):
    events: list[str] = []
    real_replace = feeds.store.os.replace
    monkeypatch.setattr(feeds.store, "_sync_dir", lambda d: events.append(f"sync {d.relative_to(tmp_path)}"))
    monkeypatch.setattr(feeds.store.os, "replace", lambda s, d: (events.append(f"move {Path(d).relative_to(tmp_path)}"),
                                                                real_replace(s, d)))
    pub = Publisher(tmp_path / "v1")
    pub.stage("index.json", {"kind": "index"}, validated=True)
    pub.stage(FORECAST, DOC, validated=True)
    pub.stage("tariffs/X/2023.json", {"kind": "tariff_year"}, validated=True)
    pub.publish()
    index = events.index("move v1/index.json")
    assert events[:index] == ["move v1/forecast/C.json", "move v1/tariffs/X/2023.json",
                              "sync v1/forecast", "sync v1/tariffs/X"]
    assert "sync v1" in events[index:]


ACCURACY = "forecast/accuracy.json"


def test_a_file_its_reader_found_damaged_is_kept_once_however_often_it_is_staged_over(tmp_path):
    # The forecast accuracy is read back region by region before tonight's is staged: its reader kept a copy, and
    # staging over it (a file cut short is not JSON to the publisher either) kept a second, unnamed one.
    data = (SAMPLE / ACCURACY).read_bytes()[:300]
    _published(tmp_path, ACCURACY, data)
    pub = Publisher(tmp_path / "v1")
    said = pub.keep_damaged(ACCURACY, "accuracy.json: not JSON (JSONDecodeError)")
    assert said.kept.read_bytes() == data and said.kept.parent == tmp_path / DAMAGED_DIR / "forecast"
    new = json.loads((SAMPLE / ACCURACY).read_text())
    assert pub.stage(ACCURACY, new, validated=True) and pub.stage(ACCURACY, {**new, "sample": False}, validated=True)
    assert pub.damaged == {ACCURACY: said}
    assert pub.publish() == [ACCURACY] and read_json(tmp_path / "v1" / ACCURACY)["sample"] is False
    assert [p for p in tmp_path.rglob("*") if p.is_file() and p.read_bytes() == data] == [said.kept]


def test_a_file_its_reader_found_damaged_and_no_copy_could_be_kept_is_left_as_it_is(tmp_path):
    target = _published(tmp_path, ACCURACY, b'{"regions": []}')
    (tmp_path / DAMAGED_DIR).write_text("a file where the directory belongs")
    pub = Publisher(tmp_path / "v1")
    assert pub.keep_damaged(ACCURACY, "accuracy.json: no 'regions' object").kept is None
    assert not pub.stage(ACCURACY, json.loads((SAMPLE / ACCURACY).read_text()), validated=True)
    assert pub.publish() == [] and target.read_bytes() == b'{"regions": []}'
