"""Pure parts of the feeds: slot arithmetic, expansion, merging, parsers, tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from feeds.carbon import parse_national, parse_regional, windows
from feeds.families import FAMILIES, KINDS, parse_family_list
from feeds.http import ShapeError, _retry_after_seconds
from feeds.octopus import RateRow, parse_page, parse_product_list, parse_rate_rows
from feeds.regions import CARBON_ID_TO_LETTER, REGION_LETTERS, REGIONS, parse_region_list
from feeds.series import blank_year, coverage, expand_rows, from_compact, merge_points, to_compact
from feeds.timeslots import parse_instant, slots_in_year, year_bounds

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds_api"
T = parse_instant


def test_utc_year_is_the_london_year():
    assert year_bounds(2023) == (T("2023-01-01T00:00:00+00:00"), T("2024-01-01T00:00:00Z"))
    assert slots_in_year(2023) == 17520 and slots_in_year(2024) == 17568


def test_naive_instant_is_refused():
    with pytest.raises(ValueError, match="offset"):
        parse_instant("2023-10-29T01:00:00")


def test_region_table_is_one_to_one():
    assert len(REGIONS) == 14 and "I" not in REGION_LETTERS and "O" not in REGION_LETTERS
    assert sorted(CARBON_ID_TO_LETTER) == list(range(1, 15))
    assert CARBON_ID_TO_LETTER[13] == "C" and CARBON_ID_TO_LETTER[10] == "A" and CARBON_ID_TO_LETTER[1] == "P"
    assert parse_region_list("c, _a") == ("A", "C")
    with pytest.raises(ValueError):
        parse_region_list("I")


def test_region_names_agree_with_the_recorded_dno_table():
    # shortnames copied from the recorded mapping (tests/fixtures/feeds_api/README.md)
    expected = {1: "North Scotland", 2: "South Scotland", 3: "North West England", 13: "London", 10: "East England"}
    by_id = {r.carbon_region_id: r for r in REGIONS}
    assert by_id[13].letter == "C" and by_id[3].letter == "G" and by_id[2].letter == "N"
    assert set(expected) <= set(by_id)


def test_families_are_data():
    assert len({f.key for f in FAMILIES}) == len(FAMILIES)
    for f in FAMILIES:
        assert f.direction in ("import", "export") and set(f.kinds) <= set(KINDS)
    assert [f.key for f in parse_family_list("go,agile")] == ["agile", "go"]


def _rows(*spec):
    return [RateRow(T(a), T(b) if b else None, v, v * 1.05) for a, b, v in spec]


def test_multi_hour_rows_expand_on_utc_boundaries_across_autumn_clock_change():
    # Go off-peak 00:30-04:30 London on 2023-10-29 (clocks go back): 23:30Z..04:30Z = 10 half-hours
    rows = _rows(("2023-10-28T03:30:00Z", "2023-10-28T23:30:00Z", 30.0),
                 ("2023-10-28T23:30:00Z", "2023-10-29T04:30:00Z", 7.5), ("2023-10-29T04:30:00Z", None, 30.0))
    pts = expand_rows(rows, T("2023-10-28T23:00:00Z"), T("2023-10-30T00:00:00Z"), "value_exc_vat")
    assert len(pts) == 50  # the local day has 50 half-hours
    assert sum(1 for v in pts.values() if v == 7.5) == 10  # five real hours: 01:00-02:00 happens twice
    assert pts[T("2023-10-28T23:00:00Z")] == 30.0 and pts[T("2023-10-29T04:30:00Z")] == 30.0


def test_daily_row_on_spring_clock_change_covers_46_half_hours():
    rows = _rows(("2023-03-26T00:00:00Z", "2023-03-26T23:00:00Z", 21.0))
    pts = expand_rows(rows, T("2023-03-20T00:00:00Z"), T("2023-04-01T00:00:00Z"), "value_inc_vat")
    assert len(pts) == 46 and set(pts.values()) == {round(21.0 * 1.05, 6)}


def test_open_ended_row_stops_at_window_end_and_later_rows_win():
    rows = _rows(("2023-01-01T00:00:00Z", None, 10.0), ("2023-01-01T01:00:00Z", "2023-01-01T02:00:00Z", 5.0))
    pts = expand_rows(rows, T("2023-01-01T00:00:00Z"), T("2023-01-01T03:00:00Z"), "value_exc_vat")
    assert [pts[k] for k in sorted(pts)] == [10.0, 10.0, 5.0, 5.0, 10.0, 10.0]


def test_merge_never_erases_and_compact_round_trips():
    year = 2023
    values = blank_year(year)
    start = year_bounds(year)[0]
    assert merge_points(values, year, {start + 3600: 1.5, start + 5400: 2.5, start + 9000: 3.0}) == 3
    assert merge_points(values, year, {start + 3600: 1.5}) == 0
    doc = to_compact(values, year)
    assert doc == {"start": "2023-01-01T01:00:00Z", "step_seconds": 1800, "values": [1.5, 2.5, None, 3.0]}
    assert from_compact(doc, year) == values
    assert coverage(values, year) == {"first": "2023-01-01T01:00:00Z", "end": "2023-01-01T03:00:00Z",
                                      "missing_slots": 1}
    assert to_compact(blank_year(year), year) is None


def test_rate_rows_keep_direct_debit_only(tmp_path):
    import json

    doc = json.loads((FIXTURES / "octometer_standing_charges_VAR-22-11-01_history.json").read_text())
    results, nxt = parse_page(doc, "x")
    rows = parse_rate_rows(results, "x")
    assert nxt is None and len(rows) == 4
    assert [r.value_inc_vat for r in rows] == [37.29243, 42.013125, 42.0105, 47.8485]
    assert rows[-1].valid_to is None


def test_shape_errors_are_precise():
    with pytest.raises(ShapeError, match=r"no 'results' key"):
        parse_page({"detail": "x"}, "https://api/x")
    with pytest.raises(ShapeError, match=r"results\[0\].*missing 'valid_from'"):
        parse_rate_rows([{"value_exc_vat": 1, "value_inc_vat": 1.05}], "u")


def test_recorded_products_list_filters_to_our_families_and_brand():
    import json

    doc = json.loads((FIXTURES / "octometer_products_list_2024-05.json").read_text())
    products = [p for p, _fam in parse_product_list(doc["results"], "x")]
    codes = {p.code for p in products}
    assert {"AGILE-24-04-03", "AGILE-OUTGOING-19-05-13", "GO-VAR-22-10-14", "COSY-22-12-08", "VAR-22-11-01",
            "FLUX-IMPORT-23-02-14", "FLUX-EXPORT-23-02-14", "INTELLI-VAR-22-10-14",
            "OUTGOING-FIX-12M-19-05-13"} <= codes
    assert not any("-BB-" in c or c.startswith(("COOP", "PREPAY", "LP-")) for c in codes)
    # names the table does not know are carried under their own name, never dropped
    assert {p.family for p in products if p.code.startswith("OE-FIX-")} <= {"octopus_12m_fixed", "octopus_15m_fixed"}
    assert {p.family for p in products if p.code == "FLUX-EXPORT-23-02-14"} == {"flux_export"}


def test_carbon_windows_respect_the_limit():
    ws = windows(T("2023-01-01T00:00:00Z"), T("2023-02-05T00:00:00Z"))
    assert len(ws) == 3 and all(b - a <= 14 * 86400 for a, b in ws)
    assert ws[0][0] == T("2023-01-01T00:00:00Z") and ws[-1][1] == T("2023-02-05T00:00:00Z")


def test_carbon_parsers_filter_on_each_records_own_from():
    with open(FIXTURES / "nmpowell_regional_intensity_gco2_wide_2023-03-13T2330Z_to_2023-03-15T2330Z.csv") as fh:
        rows = list(csv.DictReader(fh))
    doc = {"data": [{"from": r["from_utc"], "to": r["to_utc"], "regions": [
        {"regionid": int(k.split("_")[0][1:]), "intensity": {"forecast": float(v), "index": "low"}}
        for k, v in r.items() if k.startswith("r")]} for r in rows]}
    start, end = T("2023-03-14T00:00:00Z"), T("2023-03-15T00:00:00Z")
    out = parse_regional(doc, start, end, "x")
    assert len(out["C"]) == 48 and min(out["C"]) == start
    assert out["C"][start] == float(rows[1]["r13_london"])
    nat = {"data": [{"from": "2023-03-14T01:00Z", "to": "2023-03-14T01:30Z",
                     "intensity": {"forecast": 82, "actual": None, "index": "low"}}]}
    fc, ac = parse_national(nat, start, end, "x")
    assert fc == {T("2023-03-14T01:00:00Z"): 82.0} and ac == {}


def test_retry_after_forms():
    assert _retry_after_seconds("3") == 3.0
    assert _retry_after_seconds(None) is None
    assert _retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
