"""End-to-end runs of ``feeds update`` against the local HTTP emulator."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from feeds_emulator import Fault, ts
from feeds_harness import update

from feeds.check import check_tree
from feeds.series import from_compact

A_DAY = ("2023-10-29T00:00:00+01:00", "2023-10-30T00:00:00Z")  # local 29 Oct 2023: 50 half-hours


def _doc(out: Path, code: str, year: int = 2023) -> dict:
    return json.loads((out / "v1" / "tariffs" / code / f"{year}.json").read_text())


def _slots(doc: dict, rate: str = "standard", vat: str = "inc") -> dict[int, float | None]:
    series = doc["unit_rates"][rate][f"unit_rate_p_per_kwh_{vat}_vat"]
    start = ts(series["start"])
    return {start + i * 1800: v for i, v in enumerate(series["values"])}


def _local_day(slots: dict[int, float | None], day: tuple[str, str]) -> list[float | None]:
    a, b = (ts(x) for x in day)
    return [slots.get(s) for s in range(a, b, 1800)]


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_backfill_publishes_valid_feeds_for_every_family(emulator, tmp_path):
    s = update(emulator, tmp_path)
    assert s.ok, s.render()
    assert check_tree(tmp_path / "v1") == []
    index = json.loads((tmp_path / "v1" / "index.json").read_text())
    assert index["sample"] is False and index["schema_version"] == 1
    codes = set(index["tariffs"])
    for code in ("E-1R-AGILE-FLEX-22-11-25-C", "E-1R-AGILE-23-10-27-C", "E-1R-AGILE-OUTGOING-19-05-13-A",
                 "E-1R-GO-VAR-22-10-14-A", "E-1R-SILVER-FLEX-22-11-25-C", "G-1R-SILVER-FLEX-22-11-25-C",
                 "E-1R-VAR-22-11-01-C", "E-2R-VAR-22-11-01-C", "G-1R-VAR-22-11-01-A",
                 "E-1R-FLUX-EXPORT-23-02-14-C", "E-1R-OUTGOING-FIX-12M-19-05-13-A"):
        assert code in codes, code
    assert not any("-BB-" in c or "PREPAY" in c for c in codes)  # other brands and families are skipped
    # paging via ``next``: the emulator lists four products per page
    assert any("products/?" in r and "page=2" in r for r in emulator.world.log)
    assert index["carbon"]["C"]["carbon_region_id"] == 13


def test_rates_paging_follows_next(emulator, tmp_path):
    emulator.world.rates_page_cap = 100
    s = update(emulator, tmp_path, families="agile", regions="C")
    assert s.ok, s.render()
    assert any("standard-unit-rates" in r and "page=3" in r for r in emulator.world.log)
    slots = _slots(_doc(tmp_path, "E-1R-AGILE-FLEX-22-11-25-C"))
    assert None not in slots.values() and len(slots) == 7 * 48


def test_withdrawn_product_ends_and_successor_takes_over(emulator, tmp_path):
    s = update(emulator, tmp_path, families="agile", regions="C")
    assert s.ok, s.render()
    index = json.loads((tmp_path / "v1" / "index.json").read_text())
    old, new = index["tariffs"]["E-1R-AGILE-FLEX-22-11-25-C"], index["tariffs"]["E-1R-AGILE-23-10-27-C"]
    assert old["coverage"] == {"first": "2023-10-20T00:00:00Z", "end": "2023-10-27T00:00:00Z"}
    assert new["coverage"]["first"] == "2023-10-27T00:00:00Z"
    assert index["products"]["AGILE-FLEX-22-11-25"]["available_to"] == "2023-10-27T00:00:00Z"
    # Agile's next day is published: coverage runs to the end of tomorrow
    assert new["coverage"]["end"] == "2023-11-03T00:00:00Z"


def test_autumn_clock_change_day_has_50_half_hours(emulator, tmp_path):
    assert update(emulator, tmp_path, regions="C").ok
    agile = _local_day(_slots(_doc(tmp_path, "E-1R-AGILE-23-10-27-C")), A_DAY)
    assert len(agile) == 50 and None not in agile
    go = _local_day(_slots(_doc(tmp_path, "E-1R-GO-VAR-22-10-14-C")), A_DAY)
    assert len(go) == 50 and go.count(min(go)) == 10  # 00:30-04:30 local lasts five hours that night
    tracker = _local_day(_slots(_doc(tmp_path, "G-1R-SILVER-FLEX-22-11-25-C")), A_DAY)
    assert len(set(tracker)) == 1 and None not in tracker  # one daily price for all 50 half-hours


def test_spring_clock_change_day_has_46_half_hours(emulator, tmp_path):
    s = update(emulator, tmp_path, since="2023-03-24", now="2023-03-28T12:00:00Z", regions="C",
               families="go,tracker")
    assert s.ok, s.render()
    day = ("2023-03-26T00:00:00Z", "2023-03-26T23:00:00Z")
    tracker = _local_day(_slots(_doc(tmp_path, "E-1R-SILVER-FLEX-22-11-25-C")), day)
    assert len(tracker) == 46 and len(set(tracker)) == 1
    nxt = _slots(_doc(tmp_path, "E-1R-SILVER-FLEX-22-11-25-C"))[ts("2023-03-26T23:00:00Z")]
    assert nxt != tracker[0]  # the next local day starts at 23:00Z in summer time
    go = _local_day(_slots(_doc(tmp_path, "E-1R-GO-VAR-22-10-14-C")), day)
    assert go.count(min(go)) == 6  # 00:30-04:30 local is only three hours that night


def test_standing_charges_direct_debit_and_exports(emulator, tmp_path):
    assert update(emulator, tmp_path, regions="A").ok
    flex = _doc(tmp_path, "E-1R-VAR-22-11-01-A")
    assert [iv["value_inc_vat"] for iv in flex["standing_charges_p_per_day"]] == [37.29243, 42.013125]
    assert flex["unit_rates"]["standard"]["unit_rate_p_per_kwh_exc_vat"]["values"][0] == 25.7
    e7 = _doc(tmp_path, "E-2R-VAR-22-11-01-A")
    assert set(e7["unit_rates"]) == {"day", "night"} and e7["registers"] == 2
    assert _doc(tmp_path, "E-1R-FLUX-EXPORT-23-02-14-A")["standing_charges_p_per_day"] == []  # API 404
    assert _doc(tmp_path, "E-1R-OUTGOING-FIX-12M-19-05-13-A")["standing_charges_p_per_day"] == []  # count 0


def test_region_missing_from_a_product_is_not_an_error(emulator, tmp_path):
    s = update(emulator, tmp_path, regions="P", families="flux_export,go")
    assert s.ok, s.render()
    index = json.loads((tmp_path / "v1" / "index.json").read_text())
    assert "E-1R-GO-VAR-22-10-14-P" in index["tariffs"]
    assert not any(c.startswith("E-1R-FLUX-EXPORT") for c in index["tariffs"])


def test_incremental_run_fetches_little_and_merges(emulator, tmp_path):
    first = update(emulator, tmp_path)
    assert first.ok
    before = _slots(_doc(tmp_path, "E-1R-AGILE-23-10-27-C"))
    go_before = (tmp_path / "v1/tariffs/E-1R-FLUX-EXPORT-23-02-14-C/2023.json").read_bytes()
    emulator.world.log.clear()
    second = update(emulator, tmp_path, since=None, now="2023-11-02T12:00:00Z")
    assert second.ok, second.render()
    assert second.requests * 2 < first.requests, (first.requests, second.requests)
    assert not any("available_at" in r for r in emulator.world.log)  # no history sweep at night
    # every rate request starts at the overlap (2 days) before the stored end; the product
    # withdrawn on 27 Oct is still re-checked from its own coverage end
    froms = [r.split("period_from=")[1][:10] for r in emulator.world.log
             if "period_from=" in r and "AGILE-FLEX-22-11-25" not in r]
    assert froms and min(froms) >= "2023-10-31"
    after = _slots(_doc(tmp_path, "E-1R-AGILE-23-10-27-C"))
    assert all(after[k] == v for k, v in before.items())  # nothing lost
    assert max(after) > max(before)  # the new day is merged in
    # Flux changes prices only with notice and is known 14 days ahead: not refetched, not rewritten
    assert go_before == (tmp_path / "v1/tariffs/E-1R-FLUX-EXPORT-23-02-14-C/2023.json").read_bytes()
    assert not any("FLUX-EXPORT-23-02-14-C/standard-unit-rates" in r for r in emulator.world.log)
    assert second.tariffs_skipped_fresh > 0
    carbon = json.loads((tmp_path / "v1/carbon/national/2023.json").read_text())
    assert ts(carbon["intensity_g_per_kwh_forecast"]["start"]) == ts("2023-10-20T00:00:00Z")


def test_notice_families_refresh_weekly_or_when_todays_rate_changes(emulator, tmp_path):
    fam = "flexible"
    assert update(emulator, tmp_path, since="2023-09-20", now="2023-09-28T12:00:00Z", regions="C", families=fam).ok
    flex = "VAR-22-11-01-C/standard-unit-rates"
    emulator.world.log.clear()
    s = update(emulator, tmp_path, since=None, now="2023-09-29T12:00:00Z", regions="C", families=fam)
    assert s.ok and s.tariffs_skipped_fresh == 3 and not any(flex in r for r in emulator.world.log)
    # 1 October: the product detail shows a new rate -> refetch at once
    s = update(emulator, tmp_path, since=None, now="2023-10-01T12:00:00Z", regions="C", families=fam)
    assert s.ok and any(flex in r for r in emulator.world.log)
    values = _slots(_doc(tmp_path, "E-1R-VAR-22-11-01-C"))
    assert values[ts("2023-09-30T22:30:00Z")] != values[ts("2023-09-30T23:00:00Z")]  # the quarter's change
    # within two weeks (the look-ahead is 14 to 20 days, spread by tariff code), what is known runs short
    emulator.world.log.clear()
    s = update(emulator, tmp_path, since=None, now="2023-10-15T12:00:00Z", regions="C", families=fam)
    assert s.ok and any(flex in r for r in emulator.world.log)


def test_nightly_skips_long_finished_withdrawn_products(emulator, tmp_path):
    assert update(emulator, tmp_path, families="agile", regions="C").ok
    emulator.world.log.clear()
    s = update(emulator, tmp_path, since=None, now="2023-12-15T12:00:00Z", families="agile", regions="C")
    assert s.ok, s.render()
    assert s.tariffs_skipped_complete == 1
    assert not any("AGILE-FLEX-22-11-25/electricity-tariffs" in r for r in emulator.world.log)


@pytest.mark.parametrize("kind, retry_after", [("429", "0.2"), ("500", "0")])
def test_transient_errors_are_retried(emulator, tmp_path, kind, retry_after):
    emulator.world.faults.append(Fault("GO-VAR-22-10-14-C/standard-unit-rates", kind, times=2,
                                       retry_after=retry_after))
    t0 = time.monotonic()
    s = update(emulator, tmp_path, regions="C", families="go")
    assert s.ok, s.render()
    assert s.retries == 2
    if kind == "429":
        assert time.monotonic() - t0 >= 0.4  # honoured Retry-After twice


def test_timeout_is_retried_then_reported(emulator, tmp_path):
    emulator.world.faults.append(Fault("GO-VAR-22-10-14-C/standard-unit-rates", "timeout", times=1, seconds=3.0))
    assert update(emulator, tmp_path, regions="C", families="go").ok
    emulator.world.faults.append(Fault("GO-VAR-22-10-14-A/standard-unit-rates", "timeout", times=9, seconds=3.0))
    s = update(emulator, tmp_path, regions="A,C", families="go")
    assert not s.ok and s.published
    assert [u for u, _ in s.failures] == ["tariff E-1R-GO-VAR-22-10-14-A"]
    assert "timeout" in s.failures[0][1]
    assert (tmp_path / "v1/tariffs/E-1R-GO-VAR-22-10-14-C/2023.json").exists()
    index = json.loads((tmp_path / "v1" / "index.json").read_text())
    assert index["last_run"]["failures"][0]["unit"] == "tariff E-1R-GO-VAR-22-10-14-A"


@pytest.mark.parametrize("kind, message", [
    ("html", "HTML instead of JSON from http://127.0.0.1"),
    ("malformed", "malformed JSON from http://127.0.0.1"),
    ("nested", "nests more than 20 levels deep"),
    ("shape", "unexpected response shape at http://127.0.0.1"),
    ("404", "HTTP 404 from http://127.0.0.1"),
])
def test_bad_bodies_fail_one_tariff_precisely_and_keep_good_data(emulator, tmp_path, kind, message):
    assert update(emulator, tmp_path, regions="A,C", families="agile_outgoing,tracker").ok
    target = "SILVER-FLEX-22-11-25-C/standard-unit-rates"
    snap = _snapshot(tmp_path / "v1" / "tariffs" / "E-1R-SILVER-FLEX-22-11-25-C")
    emulator.world.faults.append(Fault(f"E-1R-{target}", kind, times=5))
    s = update(emulator, tmp_path, since=None, now="2023-11-02T12:00:00Z", regions="A,C",
               families="agile_outgoing,tracker")
    assert [u for u, _ in s.failures] == ["tariff E-1R-SILVER-FLEX-22-11-25-C"], s.render()
    assert message in s.failures[0][1] and target in s.failures[0][1]
    assert _snapshot(tmp_path / "v1" / "tariffs" / "E-1R-SILVER-FLEX-22-11-25-C") == snap  # untouched
    # the others moved on (Agile Outgoing to the end of tomorrow)
    assert json.loads((tmp_path / "v1/index.json").read_text())["tariffs"]["E-1R-AGILE-OUTGOING-19-05-13-A"][
        "coverage"]["end"] == "2023-11-04T00:00:00Z"
    # and the next night retries the failed tariff from where it stopped
    emulator.world.faults.clear()
    s = update(emulator, tmp_path, since=None, now="2023-11-03T12:00:00Z", regions="A,C",
               families="agile_outgoing,tracker")
    assert s.ok, s.render()
    assert any(f"E-1R-{target}/?page_size=1500&period_from=2023-11-01" in r for r in emulator.world.log)
    slots = _slots(_doc(tmp_path, "E-1R-SILVER-FLEX-22-11-25-C"))
    assert None not in slots.values() and max(slots) == ts("2023-11-04T23:30:00Z")


def test_empty_page_is_no_data_not_an_error(emulator, tmp_path):
    emulator.world.faults.append(Fault("GO-VAR-22-10-14-C/standard-unit-rates", "empty", times=1))
    s = update(emulator, tmp_path, regions="C", families="go")
    assert s.ok, s.render()
    assert not (tmp_path / "v1/tariffs/E-1R-GO-VAR-22-10-14-C").exists()


def test_carbon_window_limit_and_resume_after_a_failed_window(emulator, tmp_path):
    emulator.world.faults.append(Fault("/carbon/regional/intensity/2023-10-15", "500", times=9))
    s = update(emulator, tmp_path, since="2023-10-01", families="go", regions="C")
    assert [u for u, _ in s.failures] == ["carbon 2023-10-15T00:00:00Z..2023-10-29T00:00:00Z"]
    assert not any(r.startswith("/carbon") and "400" in r for r in emulator.world.log)
    index = json.loads((tmp_path / "v1/index.json").read_text())
    assert index["carbon"]["C"]["coverage"]["end"] == "2023-10-15T00:00:00Z"  # stopped at the hole
    s = update(emulator, tmp_path, since=None, now="2023-11-01T13:00:00Z", families="go", regions="C")
    assert s.ok, s.render()
    index = json.loads((tmp_path / "v1/index.json").read_text())
    assert index["carbon"]["C"]["years"]["2023"]["missing_slots"] == 0
    assert index["carbon"]["C"]["coverage"] == {"first": "2023-10-01T00:00:00Z", "end": "2023-11-03T00:00:00Z"}
    national = json.loads((tmp_path / "v1/carbon/national/2023.json").read_text())
    actual = from_compact(national["intensity_g_per_kwh_actual"], 2023)
    assert actual[(ts("2023-10-20T00:00:00Z") - ts("2023-01-01T00:00:00Z")) // 1800] is not None


def test_schema_failure_blocks_that_file_only(emulator, tmp_path):
    emulator.world.faults.append(Fault("GO-VAR-22-10-14-C/standard-unit-rates", "absurd", times=1))
    s = update(emulator, tmp_path, regions="A,C", families="go")
    assert [u for u, _ in s.failures] == ["tariff E-1R-GO-VAR-22-10-14-C"]
    assert "tariff.v1.schema.json failed at unit_rates/standard/unit_rate_p_per_kwh_inc_vat" in s.failures[0][1]
    assert not (tmp_path / "v1/tariffs/E-1R-GO-VAR-22-10-14-C").exists()
    assert (tmp_path / "v1/tariffs/E-1R-GO-VAR-22-10-14-A/2023.json").exists()
    assert check_tree(tmp_path / "v1") == []


def test_invalid_manifest_publishes_nothing(emulator, tmp_path, monkeypatch):
    assert update(emulator, tmp_path, regions="C", families="go").ok
    snap = _snapshot(tmp_path)
    import feeds.update

    real = feeds.update.build_manifest
    monkeypatch.setattr(feeds.update, "build_manifest", lambda **kw: {**real(**kw), "schema_version": 2})
    s = update(emulator, tmp_path, since=None, now="2023-11-02T12:00:00Z", regions="C", families="go")
    assert not s.published and not s.ok
    assert _snapshot(tmp_path) == snap


def test_crash_while_publishing_leaves_a_consistent_tree(emulator, tmp_path, monkeypatch):
    assert update(emulator, tmp_path, regions="A,C", families="go,agile").ok
    import feeds.store

    calls = {"n": 0}
    real_replace = feeds.store.os.replace

    def dying_replace(a, b):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real_replace(a, b)

    monkeypatch.setattr(feeds.store.os, "replace", dying_replace)
    with pytest.raises(OSError):
        update(emulator, tmp_path, since=None, now="2023-11-02T12:00:00Z", regions="A,C", families="go,agile")
    monkeypatch.undo()
    assert check_tree(tmp_path / "v1") == []  # old manifest, every file whole and valid
    assert update(emulator, tmp_path, since=None, now="2023-11-02T12:00:00Z", regions="A,C",
                  families="go,agile").ok
    assert not list(tmp_path.glob(".staging-*"))


def test_refuses_to_merge_into_sample_feeds(emulator, tmp_path):
    from feeds.update import SampleTreeError

    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "index.json").write_text('{"sample": true}')
    with pytest.raises(SampleTreeError):
        update(emulator, tmp_path)


@pytest.mark.parametrize(("kind", "words", "most"), [
    ("self_next", "points back to a page already fetched", 2),
    ("endless", "pages from", 3),  # as many pages as the first one's count can fill (1), and slack
])
def test_a_next_link_that_never_ends_fails_that_tariff_only(emulator, tmp_path, kind, words, most):
    target = "GO-VAR-22-10-14-C/standard-unit-rates"
    emulator.world.faults.append(Fault(target, kind, times=10_000))
    started = time.monotonic()
    s = update(emulator, tmp_path, regions="A,C", families="go")
    assert [u for u, _ in s.failures] == ["tariff E-1R-GO-VAR-22-10-14-C"], s.render()
    assert words in s.failures[0][1]
    assert sum(target in r for r in emulator.world.log) <= most
    assert time.monotonic() - started < 30
    assert s.published and (tmp_path / "v1/tariffs/E-1R-GO-VAR-22-10-14-A/2023.json").exists()
    assert check_tree(tmp_path / "v1") == []


def test_an_empty_answer_for_a_tariff_on_sale_warns_and_is_asked_again(emulator, tmp_path):
    assert update(emulator, tmp_path, regions="C", families="agile").ok
    code = "E-1R-AGILE-23-10-27-C"
    before = json.loads((tmp_path / "v1/index.json").read_text())["tariffs"][code]["last_checked"]
    emulator.world.faults.append(Fault("AGILE-23-10-27-C/standard-unit-rates", "empty", times=1))
    s = update(emulator, tmp_path, since=None, now="2023-11-02T12:00:00Z", regions="C", families="agile")
    assert any(code in w and "no unit rates" in w for w in s.warnings), s.render()
    assert json.loads((tmp_path / "v1/index.json").read_text())["tariffs"][code]["last_checked"] == before
    s = update(emulator, tmp_path, since=None, now="2023-11-02T13:00:00Z", regions="C", families="agile")
    assert s.ok and not s.warnings, s.render()
    assert json.loads((tmp_path / "v1/index.json").read_text())["tariffs"][code]["last_checked"] == (
        "2023-11-02T13:00:00Z")
