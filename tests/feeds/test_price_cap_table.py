"""The curated price-cap table (``feeds/data/price_cap.csv``): its completeness rules, a few values against the
published figures, and how it becomes tariffs by region and payment method (``feeds/price_cap_tariff.py``)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from feeds_harness import update

from feeds.check import check_tree
from feeds.price_cap import REGION_KEYS, TABLE_PATH, read_price_cap_rows
from feeds.price_cap_tariff import price_cap_tariff_docs
from feeds.timeslots import parse_instant

FUELS = ("electricity", "gas")
PAYMENTS = ("direct_debit", "non_direct_debit")
METERS = ("single_rate", "economy7")


def _next_quarter(d: date) -> date:
    return date(d.year + (d.month == 10), (d.month + 2) % 12 + 1, 1)


def test_every_quarter_from_2023_has_a_gb_direct_debit_row_per_fuel_and_no_row_twice():
    rows = read_price_cap_rows()
    keys = [(r["period_start"], r["region"], r["fuel"], r["payment_method"], r["meter"]) for r in rows]
    assert len(keys) == len(set(keys)), "a quarter, region, fuel, payment method and meter appear twice"
    starts = sorted({r["period_start"] for r in rows})
    assert starts[0] == "2023-01-01"
    for r in rows:
        start = date.fromisoformat(r["period_start"])
        assert (start.month, start.day) in ((1, 1), (4, 1), (7, 1), (10, 1)), r
        assert r["period_end"] == _next_quarter(start).isoformat(), r
        assert r["region"] in REGION_KEYS and r["fuel"] in FUELS and r["payment_method"] in PAYMENTS, r
        assert r["meter"] in METERS and (r["meter"] == "single_rate" or r["fuel"] == "electricity"), r
        assert r["source"].strip(), r
        # verified means read in an Ofgem publication, and the row names which one
        assert not r["verified"] or ("ofgem.gov.uk" in r["source"] and "read 20" in r["source"]), r
        assert 3 < r["unit_rate_p_per_kwh_inc_vat"] < 60, r  # p/kWh inc VAT, any cap since 2023
        sc = r["standing_charge_p_per_day_inc_vat"]
        assert sc is None or 20 < sc < 80, r
    quarter = date.fromisoformat(starts[0])
    while quarter.isoformat() <= starts[-1]:
        for fuel in FUELS:
            assert (quarter.isoformat(), "GB", fuel, "direct_debit", "single_rate") in keys, (quarter, fuel)
        quarter = _next_quarter(quarter)


def test_values_match_the_published_figures():
    rows = {(r["period_start"], r["fuel"]): r for r in read_price_cap_rows()
            if r["region"] == "GB" and r["payment_method"] == "direct_debit" and r["meter"] == "single_rate"}
    # Ofgem's cap for 1 Jul - 30 Sep 2024, direct debit, GB average inc VAT, as republished by Age UK
    # Staffordshire (ageuk.org.uk/staffordshire/our-services/support/energy-price-cap): electricity 22.36p/kWh and
    # 60.12p a day, gas 5.48p/kWh and 31.41p a day; field_2026.md 5.2 has the same from ofgem.gov.uk news.
    published = {("2024-07-01", "electricity"): (22.36, 60.12), ("2024-07-01", "gas"): (5.48, 31.41),
                 # 1 Apr - 30 Jun 2025, field_2026.md 5.2 from ofgem.gov.uk/energy-price-cap (label V).
                 ("2025-04-01", "electricity"): (27.03, 53.80), ("2025-04-01", "gas"): (6.99, 32.67)}
    for key, (unit, standing) in published.items():
        r = rows[key]
        assert (r["unit_rate_p_per_kwh_inc_vat"], r["standing_charge_p_per_day_inc_vat"]) == (unit, standing), key


def _row(start: str, end: str, region: str, fuel: str, rate: float, sc: float, payment: str = "direct_debit",
         **extra) -> dict:
    return {"period_start": start, "period_end": end, "region": region, "fuel": fuel, "payment_method": payment,
            "meter": "single_rate", "unit_rate_p_per_kwh_inc_vat": rate, "standing_charge_p_per_day_inc_vat": sc,
            "verified": False, "source": "test", **extra}


def _rate_at(doc: dict, when: str, block: dict | None = None) -> float:
    series = (block or doc)["unit_rates"]["standard"]["unit_rate_p_per_kwh_inc_vat"]
    return series["values"][(parse_instant(when) - parse_instant(series["start"])) // 1800]


def test_a_regional_row_wins_and_a_region_without_one_is_named():
    rows = [_row("2024-01-01", "2024-04-01", "GB", "electricity", 28.62, 53.35),
            _row("2024-04-01", "2024-07-01", "GB", "electricity", 24.50, 60.10),
            _row("2024-04-01", "2024-07-01", "D", "electricity", 26.00, 65.00)]
    docs = {d["tariff_code"]: d for _p, d in price_cap_tariff_docs(rows, ("C", "D"), sample=False)}
    c, d = docs["E-1R-PRICE-CAP-C"], docs["E-1R-PRICE-CAP-D"]
    assert _rate_at(c, "2024-05-01T12:00:00Z") == 24.50 and _rate_at(d, "2024-05-01T12:00:00Z") == 26.00
    assert _rate_at(d, "2024-02-01T12:00:00Z") == 28.62  # no regional row for Q1: the GB average
    assert "London (C)" in c["notes"][0] and "2 of its 2 quarters" in c["notes"][0]
    assert "(D)" in d["notes"][0] and "1 of its 2 quarters" in d["notes"][0]
    assert "non_direct_debit" not in c  # no non-direct-debit rows: the page says the direct-debit cap is used


def test_non_direct_debit_rows_become_the_non_direct_debit_prices():
    rows = [_row("2024-07-01", "2024-10-01", "GB", "gas", 5.48, 31.41),
            _row("2024-07-01", "2024-10-01", "GB", "gas", 5.80, 36.00, "non_direct_debit")]
    (_path, doc), = price_cap_tariff_docs(rows, ("C",), sample=False)
    block = doc["non_direct_debit"]
    assert _rate_at(doc, "2024-08-01T12:00:00Z") == 5.48
    assert _rate_at(doc, "2024-08-01T12:00:00Z", block) == 5.80
    assert block["standing_charges_p_per_day"][0]["value_inc_vat"] == 36.00


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "price_cap"
# The quoted sources' region keys and the GSP letters they stand for (Ofgem's names in brackets where they differ).
REGION_SLUGS = {"eastern": "A", "east-midlands": "B", "london": "C", "merseyside": "D", "merseyside-north-wales": "D",
                "west-midlands": "E", "north-east": "F", "north-west": "G", "southern": "H", "south-east": "J",
                "south-west": "K",  # Ofgem's "Southern Western": South Western England
                "south-wales": "L", "yorkshire": "M", "south-scotland": "N", "north-scotland": "P"}
SOURCE_REGIONS = {key: REGION_SLUGS[key] for key in ("north-west", "london", "north-scotland", "south-west",
                                                     "south-wales")}


def _quoted_regional_figures() -> dict[tuple[str, str, str], tuple[float, float]]:
    """(quarter start, region letter, fuel) -> (unit rate p/kWh, standing charge p/day) as the fixture quotes them."""
    text = (FIXTURES / "ofgem_regional_dd_2026_excerpt.txt").read_text(encoding="utf-8")
    out = {}
    for key, letter in SOURCE_REGIONS.items():
        block = text.split(f"{key}'" if "-" in key else f"{key}:", 1)[1].split("}", 1)[0]
        values = dict(re.findall(r"(\w+_q[12]): ([\d.]+)", block))
        for q, start in (("q1", "2026-01-01"), ("q2", "2026-04-01")):
            for fuel, short in (("electricity", "elec"), ("gas", "gas")):
                out[(start, letter, fuel)] = (float(values[f"{short}_ur_{q}"]), float(values[f"{short}_sc_{q}"]))
    return out


def test_regional_2026_rows_match_the_quoted_source_and_stay_unverified():
    rows = {(r["period_start"], r["region"], r["fuel"]): r for r in read_price_cap_rows()
            if r["payment_method"] == "direct_debit" and r["meter"] == "single_rate"}
    quoted = _quoted_regional_figures()
    assert len(quoted) == 20
    for key, (unit, standing) in quoted.items():
        r = rows[key]
        assert (r["unit_rate_p_per_kwh_inc_vat"], r["standing_charge_p_per_day_inc_vat"]) == (unit, standing), key
        assert r["verified"] is False and "not yet checked" in r["source"], key  # a second-hand copy
    for start in ("2026-01-01", "2026-04-01"):
        for fuel in FUELS:
            # every one of the 14 regions and the GB average, for both fuels
            assert {letter for (s, letter, f) in rows if s == start and f == fuel} == REGION_KEYS, (start, fuel)


def _derived_q3_2026_figures() -> dict[tuple[str, str], tuple[float, float]]:
    """(region letter, fuel) -> (unit rate p/kWh, standing charge p/day) as the Jul-Sep 2026 fixture quotes them."""
    out = {}
    text = (FIXTURES / "regional_dd_2026_q3_annex9_derived.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            slug, _ofgem_name, *figures = (cell.strip() for cell in line.split("|"))
            e_unit, e_sc, g_unit, g_sc = map(float, figures)
            out[(REGION_SLUGS[slug], "electricity")] = (e_unit, e_sc)
            out[(REGION_SLUGS[slug], "gas")] = (g_unit, g_sc)
    return out


def test_every_region_has_its_own_jul_sep_2026_row_from_the_annex_9_derivation_and_stays_unverified():
    rows = {(r["region"], r["fuel"]): r for r in read_price_cap_rows() if r["period_start"] == "2026-07-01"
            and r["payment_method"] == "direct_debit" and r["meter"] == "single_rate"}
    quoted = _derived_q3_2026_figures()
    assert {letter for letter, _fuel in quoted} == REGION_KEYS - {"GB"}
    for key, (unit, standing) in quoted.items():
        r = rows[key]
        assert (r["unit_rate_p_per_kwh_inc_vat"], r["standing_charge_p_per_day_inc_vat"]) == (unit, standing), key
        assert not r["verified"] and "Annex 9" in r["source"] and "not yet checked" in r["source"], key
    # The source says its GB average reproduces Ofgem's published GB figures, which are the table's GB rows.
    assert (rows[("GB", "electricity")]["unit_rate_p_per_kwh_inc_vat"],
            rows[("GB", "gas")]["unit_rate_p_per_kwh_inc_vat"]) == (26.11, 7.33)
    # Two independent sources agree region by region: electricity standing charges hardly moved between Apr-Jun and
    # Jul-Sep 2026 (network costs are set yearly), so a region whose figures moved by more sits under a wrong letter.
    q2 = {r["region"]: r for r in read_price_cap_rows() if r["period_start"] == "2026-04-01"
          and r["fuel"] == "electricity" and r["payment_method"] == "direct_debit" and r["meter"] == "single_rate"}
    for letter, r in q2.items():
        q3_sc = rows[(letter, "electricity")]["standing_charge_p_per_day_inc_vat"]
        assert abs(q3_sc - r["standing_charge_p_per_day_inc_vat"]) < 0.1, letter


def test_a_regional_row_sits_under_the_letter_of_the_region_its_source_names():
    # South Western England is K and South Wales L: the two were once entered the wrong way round
    for r in read_price_cap_rows():
        named = re.search(r"region key '([a-z-]+)'", r["source"])
        if r["region"] != "GB" and named:
            assert REGION_SLUGS[named.group(1)] == r["region"], (r["period_start"], r["region"], r["fuel"])


def test_london_uses_its_own_2026_figures_and_still_names_the_gb_fallback():
    docs = price_cap_tariff_docs(read_price_cap_rows(), ("C",), sample=False, years=(2026,))
    (doc,) = [d for _p, d in docs if d["tariff_code"] == "E-1R-PRICE-CAP-C"]
    assert _rate_at(doc, "2026-02-01T12:00:00Z") == 27.00  # London's own row, not the GB 27.69
    assert _rate_at(doc, "2026-05-01T12:00:00Z") == 24.90  # not the GB 24.67
    assert _rate_at(doc, "2026-08-01T12:00:00Z") == 26.35  # not the GB 26.11
    assert _rate_at(doc, "2026-11-01T12:00:00Z") == 26.32  # Q4 2026: no regional row, the GB average
    assert "London (C)" in doc["notes"][0] and "GB average" in doc["notes"][0]


def test_gb_q4_2026_rows_match_the_quoted_figures():
    text = (FIXTURES / "gb_dd_2026_q4_quotes.txt").read_text(encoding="utf-8")
    assert "electricity 26.32p/kWh, gas 7.97p/kWh, standing charges 54.83p and 29.68p per day" in text
    rows = {r["fuel"]: r for r in read_price_cap_rows() if r["period_start"] == "2026-10-01" and r["region"] == "GB"
            and r["payment_method"] == "direct_debit" and r["meter"] == "single_rate"}
    got = [(rows[f]["unit_rate_p_per_kwh_inc_vat"], rows[f]["standing_charge_p_per_day_inc_vat"]) for f in FUELS]
    assert got == [(26.32, 54.83), (7.97, 29.68)]
    assert not rows["electricity"]["verified"] and not rows["gas"]["verified"]


def _quote_blocks() -> list[tuple[str, tuple[str, ...], str]]:
    """(source, (quarter start, region, payment method[, meter]), quoted text) of each block of the quotes fixture."""
    text = (FIXTURES / "published_quotes_2023_2025.txt").read_text(encoding="utf-8")
    out = []
    for block in text.split("## source: ")[1:]:
        source, quarter, *body = block.strip().split("\n")
        out.append((source, tuple(quarter.removeprefix("## quarter: ").split()), "\n".join(body)))
    return out


def _pence(text: str) -> list[float]:
    """Every pence figure a quote states, in order ("24.50  pence", "60.31p", "34.05p")."""
    return [float(v) for v in re.findall(r"(\d+\.\d+)\s*(?:p\b|pence)", text)]


def test_rows_read_on_ofgem_pages_match_the_quotes_and_are_the_only_verified_ones():
    rows = read_price_cap_rows()
    blocks = [b for b in _quote_blocks() if "(Ofgem" in b[0]]
    assert len(blocks) == 4
    for source, (start, region, payment), text in blocks:
        found = {r["fuel"]: r for r in rows if (r["period_start"], r["region"], r["payment_method"], r["meter"])
                 == (start, region, payment, "single_rate")}
        elec_unit, elec_sc, gas_unit, gas_sc = _pence(text)
        assert (found["electricity"]["unit_rate_p_per_kwh_inc_vat"],
                found["electricity"]["standing_charge_p_per_day_inc_vat"]) == (elec_unit, elec_sc), start
        assert (found["gas"]["unit_rate_p_per_kwh_inc_vat"], found["gas"]["standing_charge_p_per_day_inc_vat"]) == (
            gas_unit, gas_sc), start
        url = source.split()[0]
        assert all(r["verified"] and url in r["source"] for r in found.values()), start
    verified = {(r["period_start"], r["region"], r["payment_method"]) for r in rows if r["verified"]}
    # 2025 Q2 is on the same Ofgem page as Q3 (its figures are checked in test_values_match_the_published_figures)
    assert verified == {b[1] for b in blocks} | {("2025-04-01", "GB", "direct_debit")}


def test_standard_credit_regional_and_economy7_rows_match_their_quotes_and_stay_unverified():
    rows = {(r["period_start"], r["region"], r["payment_method"], r["meter"], r["fuel"]): r
            for r in read_price_cap_rows()}
    blocks = {b[1]: (b[0], b[2]) for b in _quote_blocks() if "(Ofgem" not in b[0]}
    # standard credit, GB average, Jan-Mar 2025: the quote gives both unit rates, then both standing charges
    _src, text = blocks[("2025-01-01", "GB", "non_direct_debit")]
    e_unit, g_unit, e_sc, g_sc = _pence(text)
    elec, gas = (rows[("2025-01-01", "GB", "non_direct_debit", "single_rate", f)] for f in FUELS)
    assert (elec["unit_rate_p_per_kwh_inc_vat"], elec["standing_charge_p_per_day_inc_vat"]) == (e_unit, e_sc)
    assert (gas["unit_rate_p_per_kwh_inc_vat"], gas["standing_charge_p_per_day_inc_vat"]) == (g_unit, g_sc)
    # Midlands (E), Oct-Dec 2025: the electricity standing charge is the stated dual-fuel total minus gas
    _src, text = blocks[("2025-10-01", "E", "direct_debit")]
    gas_sc, dual, _rise, elec_unit, _fall, gas_unit = _pence(text)  # "53p" (rounded) has no decimals
    elec, gas = (rows[("2025-10-01", "E", "direct_debit", "single_rate", f)] for f in FUELS)
    assert elec["unit_rate_p_per_kwh_inc_vat"] == elec_unit and gas["unit_rate_p_per_kwh_inc_vat"] == gas_unit
    assert gas["standing_charge_p_per_day_inc_vat"] == gas_sc
    assert elec["standing_charge_p_per_day_inc_vat"] == round(dual - gas_sc, 2) == 53.47
    assert "computed" in elec["source"]
    # Economy 7, GB average: one rate over both registers, so no day or night rate is recorded
    _src, text = blocks[("2024-10-01", "GB", "direct_debit", "economy7")]
    q3_unit, q4_unit, q3_sc, q4_sc = _pence(text)
    for start, unit, sc in (("2024-07-01", q3_unit, q3_sc), ("2024-10-01", q4_unit, q4_sc)):
        r = rows[(start, "GB", "direct_debit", "economy7", "electricity")]
        assert (r["unit_rate_p_per_kwh_inc_vat"], r["standing_charge_p_per_day_inc_vat"]) == (unit, sc)
        assert r["day_unit_rate_p_per_kwh_inc_vat"] is None and r["night_unit_rate_p_per_kwh_inc_vat"] is None
    assert not any(r["verified"] for k, r in rows.items() if k[2] != "direct_debit" or k[3] != "single_rate")
    assert not any(r["verified"] for k, r in rows.items() if k[0] == "2025-10-01")


def test_the_midlands_jul_sep_2025_rows_match_their_quote_and_the_next_quarters_stated_changes():
    rows = {(r["period_start"], r["region"], r["fuel"]): r for r in read_price_cap_rows()
            if r["payment_method"] == "direct_debit" and r["meter"] == "single_rate"}
    blocks = {b[1]: b[2] for b in _quote_blocks()}
    elec_sc, gas_sc, dual, _fall, elec_unit, _gas_fall, gas_unit = _pence(blocks[("2025-07-01", "E", "direct_debit")])
    elec, gas = (rows[("2025-07-01", "E", f)] for f in FUELS)
    assert (elec["unit_rate_p_per_kwh_inc_vat"], elec["standing_charge_p_per_day_inc_vat"]) == (elec_unit, elec_sc)
    assert (gas["unit_rate_p_per_kwh_inc_vat"], gas["standing_charge_p_per_day_inc_vat"]) == (gas_unit, gas_sc)
    assert round(elec_sc + gas_sc, 2) == dual  # the page's own dual-fuel total agrees with its two charges
    # the same charity's Oct-Dec page states its changes from these figures: they lead to the Oct-Dec rows
    _gas_sc, oct_dual, rise, oct_elec_unit, fall, oct_gas_unit = _pence(blocks[("2025-10-01", "E", "direct_debit")])
    assert round(elec_unit + rise, 2) == oct_elec_unit == rows[("2025-10-01", "E", "electricity")][
        "unit_rate_p_per_kwh_inc_vat"]
    assert round(gas_unit - fall, 2) == oct_gas_unit == rows[("2025-10-01", "E", "gas")]["unit_rate_p_per_kwh_inc_vat"]
    assert oct_dual - dual > 6.5  # "over 6.5p more per day than the current price cap"
    # a region's cap sits within a few per cent of that quarter's GB average (Ofgem: 25.73p and 51.37p, 6.33p, 29.82p)
    for fuel in FUELS:
        gb, own = rows[("2025-07-01", "GB", fuel)], rows[("2025-07-01", "E", fuel)]
        for key in ("unit_rate_p_per_kwh_inc_vat", "standing_charge_p_per_day_inc_vat"):
            assert abs(own[key] / gb[key] - 1) < 0.05, (fuel, key)
        assert not own["verified"] and "actonenergy.org.uk" in own["source"]
    docs = price_cap_tariff_docs(read_price_cap_rows(), ("E",), sample=False, years=(2025,))
    (doc,) = [d for _p, d in docs if d["tariff_code"] == "E-1R-PRICE-CAP-E"]
    assert _rate_at(doc, "2025-08-01T12:00:00Z") == 25.14  # the Midlands' own row, not the GB 25.73
    assert _rate_at(doc, "2025-05-01T12:00:00Z") == 27.03  # Apr-Jun: no regional row, the GB average


def test_economy7_day_and_night_rates_make_an_e2r_tariff_and_its_average_rate_makes_none():
    e7 = {"meter": "economy7"}
    rows = [_row("2024-07-01", "2024-10-01", "GB", "electricity", 22.36, 60.12),
            _row("2024-07-01", "2024-10-01", "GB", "electricity", 20.96, 60.31, **e7,
                 day_unit_rate_p_per_kwh_inc_vat=27.0, night_unit_rate_p_per_kwh_inc_vat=12.5),
            _row("2024-10-01", "2025-01-01", "GB", "electricity", 23.28, 61.11, **e7,
                 day_unit_rate_p_per_kwh_inc_vat=None, night_unit_rate_p_per_kwh_inc_vat=None)]
    docs = {d["tariff_code"]: d for _p, d in price_cap_tariff_docs(rows, ("C",), sample=False)}
    assert set(docs) == {"E-1R-PRICE-CAP-C", "E-2R-PRICE-CAP-C"}
    single, e2r = docs["E-1R-PRICE-CAP-C"], docs["E-2R-PRICE-CAP-C"]
    assert _rate_at(single, "2024-08-01T12:00:00Z") == 22.36  # an Economy 7 row never prices a single-rate meter
    day = e2r["unit_rates"]["day"]["unit_rate_p_per_kwh_inc_vat"]
    night = e2r["unit_rates"]["night"]["unit_rate_p_per_kwh_inc_vat"]
    at = (parse_instant("2024-08-01T12:00:00Z") - parse_instant(day["start"])) // 1800
    assert (day["values"][at], night["values"][at]) == (27.0, 12.5)
    assert e2r["standing_charges_p_per_day"][0]["value_inc_vat"] == 60.31
    # Oct-Dec has only the average rate: the Economy 7 tariff has no price for it rather than a made-up split
    assert len(day["values"]) == at + (parse_instant("2024-10-01T00:00:00+01:00")
                                        - parse_instant("2024-08-01T12:00:00Z")) // 1800


def test_the_table_publishes_no_economy7_tariff_until_it_has_day_and_night_rates():
    docs = price_cap_tariff_docs(read_price_cap_rows(), ("A", "C", "E"), sample=False, years=(2024, 2025))
    assert not [d for _p, d in docs if d["tariff_kind"] == "E-2R"]
    by_code = {(d["tariff_code"], d["year"]): d for _p, d in docs}
    # GB Jul-Sep 2024 single rate (Ofgem 22.36p), not the Economy 7 average (20.96p)
    assert _rate_at(by_code[("E-1R-PRICE-CAP-C", 2024)], "2024-08-01T12:00:00Z") == 22.36
    # the Midlands' own Oct-Dec 2025 row wins over the GB average (26.35p)
    assert _rate_at(by_code[("E-1R-PRICE-CAP-E", 2025)], "2025-11-01T12:00:00Z") == 25.64
    assert _rate_at(by_code[("E-1R-PRICE-CAP-A", 2025)], "2025-11-01T12:00:00Z") == 26.35
    # standard credit is known for two of 2025's quarters only: no non-direct-debit prices that year
    assert "non_direct_debit" not in by_code[("E-1R-PRICE-CAP-C", 2025)]


HEADER = ("period_start,period_end,region,fuel,unit_rate_p_per_kwh_inc_vat,standing_charge_p_per_day_inc_vat,"
          "payment_method,verified,source\n")


def test_a_table_without_the_meter_columns_still_reads_as_single_rate(tmp_path):
    path = tmp_path / "cap.csv"
    path.write_text(HEADER + "2024-07-01,2024-10-01,GB,gas,5.48,31.41,direct_debit,true,\"Ofgem, news\"\n")
    (row,) = read_price_cap_rows(path)
    assert row["meter"] == "single_rate" and row["source"] == "Ofgem, news" and "day_unit_rate_p_per_kwh_inc_vat" \
        not in row


@pytest.mark.parametrize("line, message", [
    ("2024-07-01,2024-10-01,GB,gas,5.48,31.41,direct_debit,false,Ofgem, news", "more fields"),
    ("2024-07-01,2024-10-01,GB,gas,5.48,31.41,standard_credit,false,x", "payment_method"),
    # Found by tests/feeds/test_feeds_sources_fuzz.py: these were read, and NaN or Infinity reached every cap tariff
    ("2024-07-01,2024-10-01,GB,gas,nan,31.41,direct_debit,false,x", "unit_rate_p_per_kwh_inc_vat 'nan' is not a price"),
    ("2024-07-01,2024-10-01,GB,gas,5.48,1e400,direct_debit,false,x", "standing_charge.* is not a price"),
    ("2024-07-01,2024-10-01,GB,gas,5.48,-3,direct_debit,false,x", "standing_charge.* is not a price"),
    # ... and these failed later, in the tariff builder, with a message naming no line
    ("2024-07-01,,GB,gas,5.48,31.41,direct_debit,false,x", "period_end '' is not a date"),
    ("2024-10-01,2024-07-01,GB,gas,5.48,31.41,direct_debit,false,x", "period_end 2024-07-01 is not after"),
    ("2024-07-01,2024-10-01,GB,gas,5.48", "fewer fields"),
])
def test_a_bad_line_is_named(tmp_path, line, message):
    path = tmp_path / "cap.csv"
    path.write_text(HEADER + line + "\n")
    with pytest.raises(ValueError, match=f"cap.csv line 2: .*{message}"):
        read_price_cap_rows(path)


@pytest.mark.parametrize("text, holds", [(HEADER, "only its header"), (HEADER + "\n\n", "only its header"),
                                         ("", "nothing"), ("\n", "nothing")])
def test_a_table_without_a_row_is_refused_naming_the_file(tmp_path, text, holds):
    path = tmp_path / "cap.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"^cap\\.csv: holds {holds}, no price-cap row; an empty table would take "
                                         "the price-cap tariff out of every comparison$"):
        read_price_cap_rows(path)


def test_a_table_that_is_not_utf8_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "cap.csv"
    path.write_bytes(HEADER.encode() + b"2024-07-01,2024-10-01,GB,gas,5.48,31.41,direct_debit,false,x\n"
                     b"2024-10-01,2025-01-01,GB,gas,6.24,31.66,direct_debit,false,Caf\xe9 news\n")
    with pytest.raises(ValueError, match=r"^cap\.csv line 3: not UTF-8 text$"):
        read_price_cap_rows(path)


def test_two_rows_for_the_same_days_are_refused_naming_both_lines(tmp_path):
    path = tmp_path / "cap.csv"
    path.write_text(HEADER + "2024-07-01,2024-10-01,GB,gas,5.48,31.41,direct_debit,false,x\n"
                    "2024-09-01,2024-12-01,GB,gas,6.0,31.41,direct_debit,false,y\n")
    with pytest.raises(ValueError, match=r"cap\.csv line 3: 2024-09-01 to 2024-12-01 overlaps line 2"):
        read_price_cap_rows(path)


def test_a_bad_table_in_a_nightly_run_keeps_the_published_cap_and_the_summary_names_it(emulator, tmp_path):
    out = tmp_path / "feeds"
    assert update(emulator, out, regions="C", families="agile", carbon=False, forecast=False).ok
    v1 = out / "v1"
    cap_files = [v1 / "price_cap.json", *sorted(v1.glob("tariffs/*-PRICE-CAP-C/*.json"))]
    assert len(cap_files) > 2
    before = {p: p.read_bytes() for p in cap_files}
    # the next quarter's update goes wrong: a row for a region that does not exist
    bad = tmp_path / "price_cap.csv"
    lines = TABLE_PATH.read_text(encoding="utf-8").splitlines()
    wrong = "2027-01-01,2027-04-01,Z,gas,5.0,30.0,direct_debit,single_rate,,,false,x"
    bad.write_text("\n".join([*lines, wrong]) + "\n", encoding="utf-8")
    s = update(emulator, out, since=None, now="2023-11-02T12:00:00Z", regions="C", families="agile", carbon=False,
               forecast=False, price_cap_table=bad)
    assert s.published and [u for u, _ in s.failures] == ["price cap"]
    assert f"FAILED price cap: price_cap.csv line {len(lines) + 1}: unknown region 'Z'" in s.render()
    assert {p: p.read_bytes() for p in cap_files} == before
    index = json.loads((v1 / "index.json").read_text())
    assert index["last_run"]["failures"][0]["unit"] == "price cap"
    assert "price_cap" in {f["key"] for f in index["families"]} and "PRICE-CAP" in index["products"]
    assert {"E-1R-PRICE-CAP-C", "G-1R-PRICE-CAP-C"} <= set(index["tariffs"])
    assert index["price_cap"]["rows"] == len(lines) - 1
    assert check_tree(v1) == []


def test_a_header_only_table_in_a_nightly_run_keeps_the_price_cap_tariff_and_the_summary_names_it(emulator,
                                                                                                   tmp_path):
    out = tmp_path / "feeds"
    assert update(emulator, out, regions="C", families="agile", carbon=False, forecast=False).ok
    v1 = out / "v1"
    cap_files = [v1 / "price_cap.json", *sorted(v1.glob("tariffs/*-PRICE-CAP-C/*.json"))]
    before = {p: p.read_bytes() for p in cap_files}
    emptied = tmp_path / "price_cap.csv"
    emptied.write_text(TABLE_PATH.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    s = update(emulator, out, since=None, now="2023-11-02T12:00:00Z", regions="C", families="agile", carbon=False,
               forecast=False, price_cap_table=emptied)
    assert s.published and [u for u, _ in s.failures] == ["price cap"]
    assert "FAILED price cap: price_cap.csv: holds only its header, no price-cap row" in s.render()
    assert {p: p.read_bytes() for p in cap_files} == before
    index = json.loads((v1 / "index.json").read_text())
    assert "PRICE-CAP" in index["products"] and {"E-1R-PRICE-CAP-C", "G-1R-PRICE-CAP-C"} <= set(index["tariffs"])
    assert index["price_cap"]["rows"] == len(read_price_cap_rows())
