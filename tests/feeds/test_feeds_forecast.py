"""The week ahead: the Agile forecast feed, its nightly archive and measured accuracy (emulated AgilePredict)."""

from __future__ import annotations

import json
from pathlib import Path

from feeds_emulator import Fault, ts
from feeds_harness import update

from feeds.check import check_tree
from feeds.regions import REGION_LETTERS


def _json(out: Path, rel: str) -> dict:
    return json.loads((out / "v1" / rel).read_text())


def _nights(emulator, out: Path, first: int, last: int):
    return [update(emulator, out, since=None, now=f"2023-11-{d:02d}T04:00:00Z", regions="C", families="agile",
                   carbon=False) for d in range(first, last + 1)]


def test_forecast_published_with_a_band_that_widens_with_lead_time(emulator, tmp_path):
    s = update(emulator, tmp_path, since="2023-10-25", now="2023-11-01T04:00:00Z", regions="C", families="agile",
               carbon=False)
    assert s.ok, s.render()
    assert check_tree(tmp_path / "v1") == []
    doc = _json(tmp_path, "forecast/C.json")
    assert doc["created_at"] == "2023-11-01T03:15:00Z" and doc["source"] == "AgilePredict"
    assert "AgilePredict" in doc["credit"]
    assert len(doc["predicted"]) == 14 * 48
    widths = [hi - lo for lo, hi in zip(doc["low"], doc["high"], strict=True)]
    assert widths[0] < widths[48 * 3] < widths[48 * 10]  # our band: no low/high in this reply
    index = _json(tmp_path, "index.json")
    assert index["forecast"]["regions"]["C"]["created_at"] == "2023-11-01T03:15:00Z"
    assert index["forecast"]["accuracy_path"] == "forecast/accuracy.json"
    # each night's forecast is kept outside the published tree
    assert (tmp_path / "forecast_archive" / "C.json").exists()
    assert not (tmp_path / "v1" / "forecast_archive").exists()


def test_accuracy_by_lead_time_from_kept_forecasts_and_published_prices(emulator, tmp_path):
    assert update(emulator, tmp_path, since="2023-10-25", now="2023-10-25T04:00:00Z", regions="C", families="agile",
                  carbon=False).ok
    emulator.world.now = ts("2023-10-26T04:00:00Z")
    assert all(s.ok for s in _nights_oct(emulator, tmp_path, 26, 31))
    acc = _json(tmp_path, "forecast/accuracy.json")
    rows = {(r["window_days"], r["lead"]): r for r in acc["regions"]["C"]}
    near, day2, week = rows[(30, "0–1 days")], rows[(30, "1–2 days")], rows[(30, "2–7 days")]
    assert near["slots"] > 0 and day2["slots"] > 0 and week["slots"] > 0
    assert near["forecasts"] == 7  # every kept night's forecast whose next day is now published
    assert near["mae_p_per_kwh"] < day2["mae_p_per_kwh"] < week["mae_p_per_kwh"]
    assert rows[(30, "7–14 days")]["slots"] == 0 and rows[(30, "7–14 days")]["mae_p_per_kwh"] is None
    assert rows[(90, "0–1 days")]["slots"] >= near["slots"]


def _nights_oct(emulator, out: Path, first: int, last: int):
    return [update(emulator, out, since=None, now=f"2023-10-{d:02d}T04:00:00Z", regions="C", families="agile",
                   carbon=False) for d in range(first, last + 1)]


def test_failed_forecast_keeps_the_previous_one_and_the_summary_names_it(emulator, tmp_path):
    assert update(emulator, tmp_path, since="2023-10-25", now="2023-11-01T04:00:00Z", regions="C", families="agile",
                  carbon=False).ok
    before = (tmp_path / "v1" / "forecast" / "C.json").read_bytes()
    emulator.world.faults.append(Fault("agilepredict/api/C", "500", times=10))
    s = _nights(emulator, tmp_path, 2, 2)[0]
    assert [u for u, _ in s.failures] == ["forecast C"] and s.published
    assert (tmp_path / "v1" / "forecast" / "C.json").read_bytes() == before
    index = _json(tmp_path, "index.json")
    assert index["forecast"]["regions"]["C"]["created_at"] == "2023-11-01T03:15:00Z"
    assert index["last_run"]["failures"][0]["unit"] == "forecast C"
    # a malformed reply is a failure too, never a published file
    emulator.world.faults.append(Fault("agilepredict/api/C", "shape", times=1))
    s = _nights(emulator, tmp_path, 3, 3)[0]
    assert [u for u, _ in s.failures] == ["forecast C"]
    assert (tmp_path / "v1" / "forecast" / "C.json").read_bytes() == before


def test_source_band_used_when_the_reply_has_one(emulator, tmp_path):
    emulator.world.forecast_band = True
    assert update(emulator, tmp_path, since="2023-10-31", now="2023-11-01T04:00:00Z", regions="C", families="agile",
                  carbon=False).ok
    doc = _json(tmp_path, "forecast/C.json")
    assert doc["band"] == "the source's low/high"
    lead_days = 15 / (24 * 60)  # first half-hour 03:30, created 03:15
    assert abs(doc["high"][0] - doc["low"][0] - (2 + 0.8 * lead_days)) < 1e-3


def test_every_region_gets_its_own_forecast_file(emulator, tmp_path):
    s = update(emulator, tmp_path, since="2023-10-31", now="2023-11-01T04:00:00Z", regions=",".join(REGION_LETTERS),
               families="agile", carbon=False)
    assert s.ok, s.render()
    assert len(REGION_LETTERS) == 14
    held = _json(tmp_path, "index.json")["forecast"]["regions"]
    assert sorted(held) == sorted(REGION_LETTERS)
    for region in REGION_LETTERS:
        doc = _json(tmp_path, f"forecast/{region}.json")
        assert doc["region"] == region and len(doc["predicted"]) == 14 * 48
    assert sum(f"agilepredict/api/{r}" in u for u in emulator.world.log for r in REGION_LETTERS) == 14


def test_a_damaged_archive_is_kept_for_mending_and_the_summary_names_it(emulator, tmp_path):
    # Found: an archive entry without 'start' (or a list for the whole file) raised KeyError/TypeError in the run.
    assert update(emulator, tmp_path, since="2023-10-25", now="2023-11-01T04:00:00Z", regions="C", families="agile",
                  carbon=False).ok
    path = tmp_path / "forecast_archive" / "C.json"
    kept = json.loads(path.read_text())
    damaged = {"forecasts": [*kept["forecasts"], {"created_at": "2023-10-31T03:15:00Z", "values": [1.0]}]}
    path.write_text(json.dumps(damaged))
    s = _nights(emulator, tmp_path, 2, 2)[0]
    assert [u for u, _ in s.failures] == ["forecast archive C"] and s.published
    assert "1 of 2 archived forecasts unreadable" in s.render()
    assert json.loads(path.read_text()) == damaged  # not rewritten without the entry it could not read
    assert _json(tmp_path, "forecast/C.json")["created_at"] == "2023-11-02T03:15:00Z"


def test_prices_off_the_half_hour_are_left_out_and_the_summary_names_the_source(emulator, tmp_path):
    # Found: 03:45 was rounded down to 03:30 and overwrote its price in silence (the later one won).
    emulator.world.forecast_extra = [{"date_time": "2023-11-01T03:45:00Z", "agile_pred": 99.0},
                                     {"date_time": "2023-11-01T04:00:00.5Z", "agile_pred": 98.0},
                                     {"date_time": "2023-11-01T04:00:00Z", "agile_pred": 97.0}]
    s = update(emulator, tmp_path, since="2023-10-31", now="2023-11-01T04:00:00Z", regions="C", families="agile",
               carbon=False)
    assert s.ok, s.render()
    said = [w for w in s.warnings if w.startswith("forecast")]
    assert said == ["forecast C: AgilePredict sent 2 prices at a time not on a half-hour boundary and 1 price for a "
                    "half-hour an earlier price gave; left out, never moved into a slot"]
    assert f"warning: {said[0]}" in s.render()
    emulator.world.forecast_extra = []
    clean = update(emulator, tmp_path / "clean", since="2023-10-31", now="2023-11-01T04:00:00Z", regions="C",
                   families="agile", carbon=False)
    assert clean.ok and not [w for w in clean.warnings if w.startswith("forecast")]
    doc, want = _json(tmp_path, "forecast/C.json"), _json(tmp_path / "clean", "forecast/C.json")
    assert doc["start"] == want["start"] == "2023-11-01T03:30:00Z"
    assert doc["predicted"] == want["predicted"]  # 03:30 and 04:00 keep the prices the reply gave them
    archive = json.loads((tmp_path / "forecast_archive" / "C.json").read_text())["forecasts"]
    assert 99.0 not in archive[-1]["values"] and 97.0 not in archive[-1]["values"]
