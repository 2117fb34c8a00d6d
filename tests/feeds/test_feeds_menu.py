"""The whole menu: every domestic Octopus product of the recorded September 2024 products list.

Runs the real pipeline against the emulator holding that list (tests/fixtures/feeds_api,
``recorded_catalogue``), with Tracker absent from the list, a fixed product withdrawn
before the run, a listed product whose detail answers 404, and non-direct-debit rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from feeds_emulator import EmuProduct, World, domestic_octopus_codes, recorded_catalogue, ts
from feeds_harness import update

from feeds.check import check_tree

NOW = "2024-09-25T12:00:00Z"


@pytest.fixture
def world() -> World:
    return World(now=ts(NOW), products=recorded_catalogue(), products_page_size=100)


def _index(out: Path) -> dict:
    return json.loads((out / "v1" / "index.json").read_text())


def _backfill(emulator, out: Path):
    return update(emulator, out, since="2024-09-22", now=NOW, regions="C", families=None, carbon=False)


def test_feeds_carry_every_domestic_product_of_the_recorded_list(emulator, tmp_path):
    s = _backfill(emulator, tmp_path)
    assert check_tree(tmp_path / "v1") == []
    index = _index(tmp_path)
    listed = json.loads((Path(__file__).parents[1] / "fixtures" / "feeds_api"
                         / "tomludlow2_products_list_2024-09.json").read_text())["results"]
    wanted = {p["code"] for p in listed if p["brand"] == "OCTOPUS_ENERGY" and not p["is_business"]
              and not p["is_prepay"]}
    assert wanted == domestic_octopus_codes(emulator.world.products) - {"SILVER-24-04-03", "OE-FIX-12M-24-03-01"}
    gone = "INTELLI-FLUX-EXPORT-23-07-14"
    assert wanted - {gone} <= set(index["products"])
    assert gone not in index["products"] and gone in index["unresolved_seed_products"]
    assert any(gone in w and "404" in w for w in s.warnings)
    # nothing of another brand, business or prepayment
    assert not any("-BB-" in c or c.startswith(("COOP", "LP-", "CP-", "PREPAY")) for c in index["products"])
    # every carried product has region C tariffs with published files
    for code in wanted - {gone}:
        tariffs = [t for t in index["tariffs"].values() if t["product_code"] == code]
        assert tariffs and all(t["years"] for t in tariffs), code
    assert s.ok, s.render()


def test_families_grouped_by_display_name_with_labels_and_conditions(emulator, tmp_path):
    assert _backfill(emulator, tmp_path).ok
    families = {f["key"]: f for f in _index(tmp_path)["families"]}
    # a name the table does not know is carried under its own name
    fixed15 = families["octopus_15m_fixed"]
    assert fixed15["label"] == "Octopus 15M Fixed" and fixed15["discovered"] is True
    assert fixed15["products"] == ["OE-FIX-15M-24-09-19"]
    assert set(fixed15["tariff_kinds"]) == {"E-1R", "E-2R", "G-1R"}
    # the table adds labels, eligibility and conditions; it is not an allow-list
    assert families["power_pack"]["products"] == ["POWER-PACK-24-02-15"]
    assert families["outgoing_seg"]["requires"] == ["solar"]
    assert "Smart Export Guarantee" in families["outgoing_seg_export_only"]["conditions"]
    assert families["intelligent_go_ev_saver"]["products"] == ["INTELLI-VAR-OEV-24-07-17"]
    assert families["intelligent_go"]["products"] == ["INTELLI-VAR-22-10-14"]
    index = _index(tmp_path)
    assert index["products"]["OE-FIX-15M-24-09-19"]["fixed"] is True
    assert index["products"]["OE-FIX-15M-24-09-19"]["term_months"] == 15
    assert index["products"]["VAR-22-11-01"]["fixed"] is False
    assert {"E-1R-OE-FIX-15M-24-09-19-C", "E-2R-OE-FIX-15M-24-09-19-C", "G-1R-OE-FIX-15M-24-09-19-C",
            "E-1R-OUTGOING-LITE-FIX-12M-23-09-12-C"} <= set(index["tariffs"])


def test_past_fixed_product_found_through_available_at(emulator, tmp_path):
    assert _backfill(emulator, tmp_path).ok
    index = _index(tmp_path)
    assert index["products"]["OE-FIX-12M-24-03-01"]["available_to"] == "2024-05-31T23:00:00Z"
    assert {f["key"]: f for f in index["families"]}["octopus_12m_fixed"]["products"] == ["OE-FIX-12M-24-03-01"]


def test_tracker_found_by_probing_and_probe_misses_reported(emulator, tmp_path):
    s = _backfill(emulator, tmp_path)
    index = _index(tmp_path)
    assert {"E-1R-SILVER-24-04-03-C", "G-1R-SILVER-24-04-03-C"} <= set(index["tariffs"])
    assert "SILVER-26-04-01" in index["unresolved_seed_products"]
    assert any(w.startswith("probe SILVER-26-04-01") and "404" in w for w in s.warnings)


def test_direct_debit_and_non_direct_debit_prices_both_kept(emulator, tmp_path):
    assert _backfill(emulator, tmp_path).ok
    doc = json.loads((tmp_path / "v1" / "tariffs" / "E-1R-VAR-22-11-01-C" / "2024.json").read_text())
    dd = doc["unit_rates"]["standard"]["unit_rate_p_per_kwh_inc_vat"]["values"]
    nd = doc["non_direct_debit"]["unit_rates"]["standard"]["unit_rate_p_per_kwh_inc_vat"]["values"]
    assert len(dd) == len(nd) and all(b == pytest.approx(a * 1.1, rel=1e-4) for a, b in zip(dd, nd, strict=True))
    sc_dd = doc["standing_charges_p_per_day"][-1]["value_inc_vat"]
    sc_nd = doc["non_direct_debit"]["standing_charges_p_per_day"][-1]["value_inc_vat"]
    assert sc_nd > sc_dd
    # Agile rows apply to every payment method: no separate block
    agile = json.loads((tmp_path / "v1" / "tariffs" / "E-1R-AGILE-24-04-03-C" / "2024.json").read_text())
    assert "non_direct_debit" not in agile


def test_new_unknown_product_appears_in_a_later_run_without_a_code_change(emulator, tmp_path):
    assert _backfill(emulator, tmp_path).ok
    later = "2024-09-27T12:00:00Z"
    emulator.world.products.append(EmuProduct(
        "OUTGOING-PRIME-FIX-12M-26-06-23", "Outgoing Octopus Prime Fixed", "EXPORT", "2024-09-26T00:00:00Z", None,
        "flat", standing="empty", variable=False, term=12))
    emulator.world.products.append(EmuProduct(
        "IOG-SMB-VAR-24-10-29", "Intelligent Octopus Go", "IMPORT", "2024-09-26T00:00:00Z", None, "tou"))
    s = update(emulator, tmp_path, since=None, now=later, regions="C", families=None, carbon=False)
    assert s.ok, s.render()
    index = _index(tmp_path)
    fam = {f["key"]: f for f in index["families"]}["outgoing_octopus_prime_fixed"]
    assert fam["label"] == "Outgoing Octopus Prime Fixed" and fam["direction"] == "export"
    assert fam["products"] == ["OUTGOING-PRIME-FIX-12M-26-06-23"] and "12 months" in fam["conditions"]
    assert index["tariffs"]["E-1R-OUTGOING-PRIME-FIX-12M-26-06-23-C"]["years"]
    assert "six hours" in index["products"]["IOG-SMB-VAR-24-10-29"]["conditions"]
    assert "IOG-SMB-VAR-24-10-29" in {f["key"]: f for f in index["families"]}["intelligent_go"]["products"]
    # a third run still knows the discovered family (read back from the manifest)
    s = update(emulator, tmp_path, since=None, now="2024-09-28T12:00:00Z", regions="C", families=None, carbon=False)
    assert s.ok, s.render()
    assert "outgoing_octopus_prime_fixed" in {f["key"] for f in _index(tmp_path)["families"]}
    assert check_tree(tmp_path / "v1") == []
