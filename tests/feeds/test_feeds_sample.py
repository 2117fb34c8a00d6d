"""The bundled sample feeds and the curated price-cap table."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.check import check_tree
from feeds.price_cap import read_price_cap_rows
from feeds.sample import write_sample
from feeds.timeslots import parse_instant

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "feeds" / "sample" / "v1"


def _values(doc: dict, key: str = "unit_rate_p_per_kwh_inc_vat") -> dict[int, float | None]:
    s = doc["unit_rates"]["standard"][key] if "unit_rates" in doc else doc[key]
    return {parse_instant(s["start"]) + i * 1800: v for i, v in enumerate(s["values"])}


def test_committed_sample_is_valid_and_regenerates_byte_for_byte(tmp_path):
    assert check_tree(SAMPLE) == []
    write_sample(tmp_path)
    fresh = {p.relative_to(tmp_path / "v1").as_posix(): p.read_bytes() for p in (tmp_path / "v1").rglob("*.json")}
    committed = {p.relative_to(SAMPLE).as_posix(): p.read_bytes() for p in SAMPLE.rglob("*.json")}
    assert fresh == committed


def test_sample_is_labelled_and_carries_real_agile_prices():
    index = json.loads((SAMPLE / "index.json").read_text())
    assert index["sample"] is True and "SAMPLE" in index["sample_note"]
    assert {t["region"] for t in index["tariffs"].values()} == {"A", "C"}
    assert set(index["carbon"]) == {"A", "C", "national"}
    agile = json.loads((SAMPLE / "tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json").read_text())
    assert agile["sample"] is True and "region not stated" in agile["provenance"]
    v = _values(agile)
    assert len(v) == 17520 and None not in v.values()
    assert v[parse_instant("2023-01-01T00:00:00Z")] == 4.62  # first row of the recorded CSV
    assert v[parse_instant("2023-03-26T01:00:00Z")] == 27.03  # 02:00 BST on the spring clock change
    # the lost repeated hour of 29 Oct is filled with the BST hour's values
    assert v[parse_instant("2023-10-29T01:00:00Z")] == v[parse_instant("2023-10-29T00:00:00Z")] == 5.57
    assert v[parse_instant("2023-12-31T12:00:00Z")] == v[parse_instant("2023-12-17T12:00:00Z")]
    export = _values(json.loads((SAMPLE / "tariffs/E-1R-AGILE-OUTGOING-19-05-13-A/2023.json").read_text()))
    assert export[parse_instant("2023-01-01T00:00:00Z")] == 3.20


def test_sample_carbon_keeps_the_recorded_values():
    london = json.loads((SAMPLE / "carbon/C/2023.json").read_text())
    assert _values(london, "intensity_g_per_kwh_forecast")[parse_instant("2023-03-14T00:00:00Z")] == 92
    national = json.loads((SAMPLE / "carbon/national/2023.json").read_text())
    actual = _values(national, "intensity_g_per_kwh_actual")
    assert actual[parse_instant("2023-03-14T01:00:00Z")] == 81
    # "every other half-hour" reads as alternate half-hours: every half-hour outside the recorded days is made up.
    assert london["provenance"].endswith("; all other half-hours synthesised (seasonal, daily and weather-like shape)")


def test_price_cap_rows_name_a_source_and_say_whether_verified():
    rows = read_price_cap_rows()
    assert rows and all(r["source"] for r in rows)
    # only rows read on an Ofgem page are verified, and they say which page
    assert all("ofgem.gov.uk" in r["source"] for r in rows if r["verified"])
    index = json.loads((SAMPLE / "index.json").read_text())
    assert index["price_cap"]["unverified_rows"] == sum(not r["verified"] for r in rows) < len(rows)


def test_browser_parser_reads_every_sample_file():
    from pyruntime.feeds.files import parse_carbon_file, parse_rate_file

    for path in sorted((SAMPLE / "tariffs").rglob("*.json")):
        f = parse_rate_file(json.loads(path.read_text()))
        assert f.sample and f.tariff_code == path.parent.name
        assert f.rates_start + 1800 * len(f.rates_exc_vat) == 1704067200  # runs to the end of 2023
    for path in sorted((SAMPLE / "carbon").rglob("*.json")):
        c = parse_carbon_file(json.loads(path.read_text()))
        assert c.forecast is not None and len(c.forecast.values) == 17520


def test_pricing_adapter_accepts_feed_files():
    from pyruntime.pricing.feed import tariff_from_feed_docs

    tariff = tariff_from_feed_docs([json.loads((SAMPLE / "tariffs/E-1R-GO-VAR-22-10-14-C/2023.json").read_text())])
    assert tariff.code == "E-1R-GO-VAR-22-10-14-C" and tariff.sample


def test_sample_economy7_follows_the_documented_rule():
    """Day/night rates = the quarter's Flexible single rate × the region's recorded 2024 E7 ratio."""
    index = json.loads((SAMPLE / "index.json").read_text())
    for region, (day, night, single) in {"A": (30.008, 12.588, 24.052), "C": (30.451, 12.866, 24.496)}.items():
        code = f"E-2R-VAR-22-11-01-{region}"
        entry = index["tariffs"][code]
        assert (entry["kind"], entry["family"], entry["rates"]) == ("E-2R", "flexible", ["day", "night"])
        assert entry["years"]["2023"]["synthetic_slots"] == 17520
        doc = json.loads((SAMPLE / f"tariffs/{code}/2023.json").read_text())
        assert doc["registers"] == 2 and "SAMPLE" in doc["provenance"] and "synthesised" in doc["provenance"]
        flexible = _values(json.loads((SAMPLE / f"tariffs/E-1R-VAR-22-11-01-{region}/2023.json").read_text()))
        for register, recorded in (("day", day), ("night", night)):
            s = doc["unit_rates"][register]["unit_rate_p_per_kwh_inc_vat"]
            values = {parse_instant(s["start"]) + i * 1800: v for i, v in enumerate(s["values"])}
            assert len(values) == 17520 and None not in values.values()
            for t in ("2023-01-15T12:00:00Z", "2023-05-15T02:00:00Z", "2023-08-15T12:00:00Z", "2023-11-15T02:00:00Z"):
                assert values[parse_instant(t)] == round(flexible[parse_instant(t)] * recorded / single, 2)
