"""The Prices page's worker ops on the bundled sample feeds: no household, public feed files only."""

from __future__ import annotations

import json

from pyruntime import bridge
from pyruntime.bridge import run_sync
from pyruntime.feeds.files import parse_rate_file
from pyruntime.ops import MODULES, OpContext
from pyruntime.ops.prices import feed_overview, tariff_prices
from pyruntime.session import Session
from tests.pyruntime.sample_feeds import SAMPLE, SampleFeeds


def session(**kw) -> Session:
    s = Session()
    s.transport = SampleFeeds(**kw)
    return s


def overview(s: Session) -> dict:
    return run_sync(feed_overview(OpContext(s, {})))


def prices(s: Session, **params: str) -> dict:
    return run_sync(tariff_prices(OpContext(s, {"params": params})))


def block(model: dict, kind: str, title: str | None = None) -> dict:
    return next(b for b in model["blocks"] if b["type"] == kind and (title is None or b.get("title") == title))


def test_overview_says_sample_and_lists_coverage_per_tariff_and_region():
    model = overview(session())
    totals = {t["label"]: t["text"] for t in model["totals"]}
    assert model["sample"] is True
    assert totals["Data"] == "SAMPLE (partly synthesised)"
    assert totals["Regions with prices"] == "A, C"
    assert totals["Feeds generated"] == "1 Jan 2024 00:00 (GMT)"
    assert "last days the sample covers (up to 31 Dec 2023)" in block(model, "text", "Sample data")["paragraphs"][-1]
    families = block(model, "table", "Coverage by tariff")
    agile = next(r for r in families["rows"] if r[0] == "Agile Octopus")
    assert agile[3:6] == ["A, C", "1 Jan 2023", "31 Dec 2023"]
    # Families the feeds know but hold nothing for are listed as such, not hidden.
    empty = ["Intelligent Octopus Go", "Electricity (single rate)", "import", "none"]
    assert empty in [r[:4] for r in families["rows"]]
    codes = block(model, "table", "Coverage by tariff code and region")
    index = json.loads((SAMPLE / "v1/index.json").read_text())
    assert len(codes["rows"]) == len(index["tariffs"])
    flux = next(r for r in codes["rows"] if r[0] == "E-1R-FLUX-IMPORT-23-02-14-C")
    assert flux[3:6] == ["London (C)", "14 Feb 2023", "31 Dec 2023"]
    carbon = block(model, "table", "Carbon intensity coverage")
    assert [r[0] for r in carbon["rows"]] == ["Eastern England (A)", "London (C)", "Great Britain (national)"]


def notes_of(cap_doc: dict) -> list[str]:
    """The cap table's distinct sources, in the order the table (by period, fuel, region) first names them."""
    rows = sorted(cap_doc["rows"], key=lambda r: (r["period_start"], r["fuel"], r.get("region", "")))
    return list(dict.fromkeys(r["source"] for r in rows))


def test_price_cap_rows_are_shown_with_their_sources_and_unverified_ones_marked():
    model = overview(session())
    cap_doc = json.loads((SAMPLE / "v1/price_cap.json").read_text())
    table = block(model, "table", "Ofgem price cap (inc VAT)")
    assert len(table["rows"]) == len(cap_doc["rows"])
    unverified = [r for r in cap_doc["rows"] if not r["verified"]]
    assert table["row_classes"].count("unverified") == len(unverified) > 0
    marks = list(zip(table["rows"], table["row_classes"], strict=True))
    assert all(row[7] == "UNVERIFIED" for row, c in marks if c == "unverified")
    assert all(row[7] == "verified" for row, c in marks if c != "unverified")
    # Each row names its source by number; every source is listed once, in full, under the table.
    listed = block(model, "facts", f"Sources of the price-cap rows ({len(notes_of(cap_doc))})")
    notes = {i["label"]: i["text"] for i in listed["items"]}
    assert listed["numbered"] is True  # the page keeps each number beside its note because the report says so
    assert list(notes.values()) == notes_of(cap_doc)
    assert all(notes[row[8]] for row in table["rows"])
    by_period = sorted(cap_doc["rows"], key=lambda r: (r["period_start"], r["fuel"], r.get("region", "")))
    assert [notes[row[8]] for row in table["rows"]] == [r["source"] for r in by_period]
    first = table["rows"][0]
    # A period wraps at its dash, never inside a date (no-break spaces within each date).
    assert first[:5] == ["1\u00a0Jan\u00a02023 – 31\u00a0Mar\u00a02023", "electricity", "GB average", "Direct debit",
                         "Single rate"]
    assert first[5] == {"text": "34.04 p/kWh", "value": 34.04, "unit": "p/kWh"}
    assert first[6] == {"text": "46.36 p/day", "value": 46.36, "unit": "p/day"}
    # Standard-credit and Economy 7 rows say so, so none passes for a direct-debit single-rate figure.
    kinds = {tuple(row[3:5]) for row in table["rows"]}
    assert {("Standard credit", "Single rate"), ("Direct debit", "Economy 7 (average rate)")} <= kinds
    note = block(model, "text", "Price cap baseline")
    assert note["tone"] == "warn"
    assert f"{len(unverified)} of {len(cap_doc['rows'])} rows have NOT been checked" in note["paragraphs"][0]


def test_default_view_is_london_agile_over_the_last_week_the_feeds_cover():
    s = session()
    model = prices(s)
    assert model["view"] == {"region": "C", "family": "agile", "kind": "E-1R", "day": "2023-12-31", "days": "7"}
    assert model["notices"] == []
    assert model["title"] == "Agile Octopus, electricity (single rate): London (C)"
    chart = block(model, "lines")
    assert len(chart["x_labels"]) == 7 * 48
    rate, cap = chart["series"]
    doc = parse_rate_file(json.loads((SAMPLE / "v1/tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json").read_text()))
    # 25 Dec 2023 00:00 GMT is the first half-hour shown; values are the feed's inc-VAT rates, unrounded beyond 4 dp.
    first = 1703462400
    assert rate["values"][0] == round(doc.standard.inc_vat.at(first), 4)
    assert rate["values"][-1] == round(doc.standard.inc_vat.at(first + 335 * 1800), 4)
    assert cap["name"] == "Price cap (unverified)" and set(cap["values"]) == {27.35}
    facts = {i["label"]: i["text"] for i in block(model, "facts")["items"]}
    assert facts["Standing charge"] == "31.51 p/day inc VAT"
    assert facts["Half-hours with prices"] == "336 of 336"
    assert [b["drill"]["day"] for b in block(model, "bars")["bars"]] == [f"2023-12-{d}" for d in range(25, 32)]
    assert any("SAMPLE" in p for p in block(model, "text", "Sample prices")["paragraphs"])
    # Only the manifest, the price-cap table and the one tariff-year file were fetched.
    assert sorted(set(s.transport.asked)) == ["feeds/v1/index.json", "feeds/v1/price_cap.json",
                                              "feeds/v1/tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json"]


def test_clock_change_days_have_46_and_50_half_hours():
    spring = prices(session(), region="A", family="go", day="2023-03-26", days="1")
    assert len(block(spring, "lines")["x_labels"]) == 46
    autumn = prices(session(), region="A", family="go", day="2023-10-29", days="1")
    labels = block(autumn, "lines")["x_labels"]
    assert len(labels) == 50 and labels[2:6] == ["01:00", "01:30", "01:00", "01:30"]
    table = block(autumn, "table", "Every half-hour (p/kWh)")
    assert [r[0] for r in table["rows"][2:4]] == ["29 Oct 2023 01:00 (BST)", "29 Oct 2023 01:30 (BST)"]
    assert table["rows"][4][0] == "29 Oct 2023 01:00 (GMT)"


def test_gas_and_export_tariffs():
    gas = prices(session(), region="C", family="flexible", kind="G-1R", day="2023-06-30", days="3")
    assert gas["title"] == "Flexible Octopus, gas: London (C)"
    assert {i["label"]: i["text"] for i in block(gas, "facts")["items"]}["Standing charge"] == "29.11 p/day inc VAT"
    export = prices(session(), region="C", family="agile_outgoing", day="2023-06-30", days="2")
    chart = block(export, "lines")
    assert [s["name"] for s in chart["series"]] == ["Export rate (no VAT)"]  # no price-cap line for export
    facts = {i["label"]: i["text"] for i in block(export, "facts")["items"]}
    assert facts["Standing charge"].startswith("none")


def test_bad_settings_fall_back_with_a_notice_each():
    model = prices(session(), region="Q", family="steam", kind="E-9R", day="2031-02-30", days="99")
    assert model["view"] == {"region": "C", "family": "agile", "kind": "E-1R", "day": "2023-12-31", "days": "7"}
    assert len(model["notices"]) == 5  # region, family, kind, days, day
    assert "not a region letter" in model["notices"][0]
    late = prices(session(), region="b", day="2030-01-01")
    assert late["view"]["region"] == "C" and "has no prices in these feeds" in late["notices"][0]
    assert late["view"]["day"] == "2023-12-31" and "from 1 Jan 2023 to 31 Dec 2023" in late["notices"][1]
    flux = prices(session(), region="A", family="flux_import", day="2023-01-05")
    assert flux["view"]["day"] == "2023-02-14"  # Flux launched mid-February


def test_ops_are_registered_and_a_missing_feed_is_a_clear_error():
    assert {"feed_overview", "tariff_prices"} <= set(MODULES)
    s = session(missing=("feeds/v1/tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json",))
    old, bridge.SESSION = bridge.SESSION, s
    try:
        reply = json.loads(bridge.handle(json.dumps({"v": 1, "id": 7, "op": "tariff_prices", "payload": {}})))
    finally:
        bridge.SESSION = old
    assert reply["ok"] is False
    assert reply["error"]["type"] == "FeedUnavailable"
    assert "could not be downloaded" in reply["error"]["message"]


def test_price_cap_missing_still_shows_the_rest():
    model = overview(session(missing=("feeds/v1/price_cap.json",)))
    assert block(model, "text", "Price cap baseline")["paragraphs"] == ["The price-cap table could not be read from "
                                                                        "the feeds."]
    assert block(model, "table", "Coverage by tariff")


def test_the_cap_line_uses_the_regions_own_row_where_the_table_has_one():
    def with_london_row(name: str, text: str) -> str:
        if name != "price_cap.json":
            return text
        doc = json.loads(text)
        doc["rows"].append({"period_start": "2023-10-01", "period_end": "2024-01-01", "region": "C",
                            "fuel": "electricity", "unit_rate_p_per_kwh_inc_vat": 28.0,
                            "standing_charge_p_per_day_inc_vat": 50.0, "payment_method": "direct_debit",
                            "verified": False, "source": "test"})
        return json.dumps(doc)

    london = prices(session(rewrite=with_london_row))
    _rate, cap = block(london, "lines")["series"]
    assert set(cap["values"]) == {28.0}  # not the GB 27.35
    facts = {i["label"]: i["text"] for i in block(london, "facts")["items"]}
    assert "Price cap unit rate (London (C))" in facts
    eastern = prices(session(rewrite=with_london_row), region="A")
    _rate, cap = block(eastern, "lines")["series"]
    assert set(cap["values"]) == {27.35}  # region A has no row of its own: the GB average
    assert "Price cap unit rate (GB average)" in {i["label"] for i in block(eastern, "facts")["items"]}


def test_a_kind_the_tariff_does_not_sell_is_said_in_words():
    agile = prices(session(), region="C", family="agile", kind="G-1R", day="2023-06-30", days="1")
    assert agile["view"]["kind"] == "E-1R"
    assert agile["notices"] == ["Agile Octopus is electricity only; showing its electricity prices."]
    gas = prices(session(), region="C", family="tracker", kind="E-2R", day="2023-06-30", days="1")
    assert gas["view"]["kind"] == "G-1R"
    assert gas["notices"] == ["Octopus Tracker (daily prices) is gas only; showing its gas prices."]
    two_rate = prices(session(), region="C", family="agile", kind="E-2R", day="2023-06-30", days="1")
    assert two_rate["notices"] == ["Agile Octopus has no electricity (Economy 7) prices for London; "
                                   "showing Electricity (single rate) instead."]
    assert all("“" not in n for n in agile["notices"] + gas["notices"] + two_rate["notices"])
