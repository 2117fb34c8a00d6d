"""The cost and bill reports as the page gets them: demo household, bundled sample feeds.

Feed files are served from ``feeds/sample/`` by a fake transport, so these
run the same on CPython and in Pyodide (the repository is mounted there).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pyruntime.bridge import run_sync
from pyruntime.household import Household, demo
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.pricing import bill
from pyruntime.pricing.feed import tariff_from_feed_docs
from pyruntime.pricing.money import pounds
from pyruntime.timeseries.isotime import parse_instant
from tests.pyruntime.sample_feeds import SAMPLE, sample_session, view_model


@pytest.fixture
def session():
    return sample_session()


def sample_tariff(code: str):
    docs = [json.loads((SAMPLE / "v1" / "tariffs" / code / "2023.json").read_text())]
    return tariff_from_feed_docs(docs)


def total(model: dict, label: str = "Total (inc VAT)") -> str:
    return next(t["text"] for t in model["totals"] if t["label"] == label)


def block(model: dict, kind: str, title_part: str = "") -> dict:
    return next(b for b in model["blocks"] if b["type"] == kind and title_part in (b.get("title") or ""))


def test_default_cost_is_the_bill_on_the_stated_assumption(session):
    m = view_model(session, report="cost", fuel="electricity")
    series = demo().series["electricity"]
    by_hand = bill(series, sample_tariff("E-1R-VAR-22-11-01-C"), dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert total(m) == f"£{pounds(by_hand.total_inc_vat):,.2f}"
    assert total(m, "Priced on") == "Flexible Octopus (assumed)"
    assert any(t["text"] == "17,460 of 17,520" for t in m["totals"] if t.get("warn"))
    # What the missing half-hours mean is said once on the page, in the warning, not again beside the totals.
    page = json.dumps(m, ensure_ascii=False)
    assert page.count("60 of 17520 half-hours have no reading") == 1
    lines = block(m, "table", "line by line")
    assert [r[0] for r in lines["rows"][-3:]] == ["Subtotal", "VAT at 5%", "Total"]
    assert sum(r[0].startswith("Standing charge") for r in lines["rows"]) == 2  # the charge changed on 1 April
    facts = {i["label"]: i["text"] for i in block(m, "facts", "Assumptions")["items"]}
    assert "London (C)" in facts["Region"] and "sample feed" in facts["Prices from"]
    assert "E-1R-VAR-22-11-01-C" in facts["Flexible Octopus"]
    # Each assumption says what it is by its label: none is a bare "Note"; only the charges in force (one line
    # each, with its dates) share one.
    items = block(m, "facts", "Assumptions")["items"]
    others = [i["label"] for i in items if i["label"] != "Standing charges"]
    assert "Note" not in others and len(set(others)) == len(others)
    assert "as an assumption" in facts["Tariff assumed"]
    assert "launched on 28 Mar 2023" in facts["Price feeds"]
    assert [i["warn"] for i in items if i["label"] == "Tariff assumed"] == [True]


def test_drill_down_month_day_half_hour_keeps_the_tariff(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="agile")
    bars = block(m, "bars")["bars"]
    assert len(bars) == 12 and total(m, "Priced on") == "Agile Octopus"
    march = bars[2]["drill"]
    assert march == {"report": "cost", "fuel": "electricity", "month": "2023-03", "tariff": "agile"}
    m = view_model(session, **march)
    days = block(m, "bars")["bars"]
    assert len(days) == 31
    m = view_model(session, **days[25]["drill"])  # 26 March: clocks go forward
    half_hours = block(m, "bars")["bars"]
    assert len(half_hours) == 46 and m["view"]["day"] == "2023-03-26"
    rows = block(m, "table", "Data table")["rows"]
    assert rows[0][0] == "00:00" and rows[2][0] == "02:00"  # 01:00–02:00 does not exist that day


def test_a_view_downloads_only_the_files_it_needs_once_per_session(session):
    view_model(session, report="cost", fuel="gas", tariff="tracker_gas")
    assert sorted(set(session.transport.paths)) == [
        "feeds/v1/index.json",
        "feeds/v1/tariffs/G-1R-SILVER-FLEX-22-11-25-C/2023.json",
        "feeds/v1/tariffs/G-1R-VAR-22-11-01-C/2023.json",  # the assumed actual tariff, offered as the default
    ]
    before = len(session.transport.paths)
    view_model(session, report="cost", fuel="gas", tariff="tracker_gas", month="2023-02")
    assert len(session.transport.paths) == before  # files and parsed tariffs come from the session cache
    assert any(k.startswith("tariff:G-1R-SILVER") for k in session.feed_cache)
    session.forget()
    assert not session.feed_cache


def test_export_is_revenue_without_vat_or_standing_charge(session):
    m = view_model(session, report="cost", fuel="export", tariff="agile_outgoing", month="2023-06")
    assert m["title"].startswith("Electricity export revenue")
    rows = block(m, "table", "line by line")["rows"]
    assert not any(r[0].startswith("Standing charge") for r in rows)
    assert ["VAT at 0%", "", "", {"text": "£0.00", "value": 0.0, "unit": "GBP"}, ""] in rows
    assert total(m, "Total revenue").startswith("£")
    labels = [t["label"] for t in m["totals"]]
    assert "Export payments" in labels and "Energy (exc VAT)" not in labels
    assert total(m, "Average price").endswith(" p/kWh (volume-weighted)")


def test_bad_settings_fall_back_with_notices(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="steam", region="Z",
                   custom="electricity~Mine~abc~10;electricity~Ok~20~30")
    text = " ".join(m["notices"])
    assert "no tariff called “steam”" in text and "not a region letter" in text and "“abc” is not a number" in text
    assert m["view"] == {"report": "cost", "fuel": "electricity", "custom": "electricity~Ok~20~30"}
    # A feed tariff for another fuel is refused when the page is drawn.
    m = view_model(session, report="cost", fuel="electricity", tariff="flexible_gas")
    assert any("showing your tariff instead" in n for n in m["notices"])


def test_a_hand_entered_tariff_prices_the_cost_view(session):
    m = view_model(session, report="cost", fuel="electricity", custom="electricity~Night saver~0030-0430:7,25~48",
                   tariff="custom1")
    assert total(m, "Priced on") == "Night saver (entered by you)"
    bands = block(m, "facts", "price band")
    assert sorted(i["label"] for i in bands["items"]) == ["00:30–04:30", "other times"]
    assert "custom" in block(m, "bars")["bars"][0]["drill"]


def test_bill_for_any_period_splits_standing_charge_changes(session):
    m = view_model(session, report="bill", fuel="electricity", **{"from": "2023-03-15", "to": "2023-04-15"})
    assert m["title"] == "Electricity import bill, 15 Mar 2023 to 15 Apr 2023"
    rows = block(m, "table", "Your bill")["rows"]
    standing = [r for r in rows if r[0].startswith("Standing charge")]
    assert [r[1]["text"] for r in standing] == ["17 days", "15 days"]
    series = demo().series["electricity"]
    by_hand = bill(series, sample_tariff("E-1R-VAR-22-11-01-C"), dt.date(2023, 3, 15), dt.date(2023, 4, 15))
    assert total(m) == f"£{pounds(by_hand.total_inc_vat):,.2f}"
    # Whole months, the month drilled into, and the default (last month of data).
    assert view_model(session, report="bill", fuel="gas", **{"from": "2023-02", "to": "2023-02"})["title"].endswith(
        "1 Feb 2023 to 28 Feb 2023")
    may = view_model(session, report="bill", fuel="gas", month="2023-05")
    assert may["title"].endswith("1 May 2023 to 31 May 2023")
    assert view_model(session, report="bill", fuel="gas")["title"].endswith("1 Dec 2023 to 31 Dec 2023")
    m = view_model(session, report="bill", fuel="gas", **{"from": "2024-02-01"})
    assert any("no data for 2024-02-01" in n for n in m["notices"])


def test_real_tariff_history_from_the_account_prices_each_agreement(session):
    home = demo()
    july = parse_instant("2023-07-01T00:00:00+01:00")
    home = Household("octopus", home.series, region="C", facts=HouseholdFacts(tariffs={"electricity": (
        TariffAgreement("E-1R-AGILE-FLEX-22-11-25-C", parse_instant("2022-12-01T00:00:00Z"), july),
        TariffAgreement("E-1R-VAR-22-11-01-C", july, None),
    ), "gas": (TariffAgreement("G-1R-NOT-IN-FEEDS-C", parse_instant("2023-01-01T00:00:00Z"), None),)}))
    session.household = home
    m = json.loads(json.dumps(run_sync(report(OpContext(session, {"source": "octopus", "params": {
        "report": "bill", "fuel": "electricity", "from": "2023-06-01", "to": "2023-07-31"}})))))
    assert total(m, "Priced on") == "Your tariffs: Agile Octopus November 2022 v1, then Flexible Octopus"
    rows = block(m, "table", "Your bill")["rows"]
    assert any("Agile" in r[0] for r in rows) and any("Flexible" in r[0] for r in rows)
    standing = [r for r in rows if r[0].startswith("Standing charge")]
    assert [r[1]["text"] for r in standing] == ["30 days", "31 days"]
    assert not any("assumption" in n for n in m["notices"])
    m = json.loads(json.dumps(run_sync(report(OpContext(session, {"source": "octopus", "params": {
        "report": "cost", "fuel": "gas"}})))))
    facts = " ".join(i["text"] for i in block(m, "facts", "Assumptions")["items"])
    assert "G-1R-NOT-IN-FEEDS-C" in facts and "not in the price feeds" in facts


def test_a_day_on_agile_draws_use_over_the_half_hourly_price(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="agile", day="2023-10-29")
    over = block(m, "bars", "unit price")
    assert over["unit"] == "kWh" and over["overlay"]["unit"] == "p/kWh"
    assert len(over["bars"]) == len(over["overlay"]["values"]) == 50  # the clocks went back
    table = block(m, "table", "Data table")  # the day's table carries the same kWh and p/kWh
    assert [r[2]["value"] for r in table["rows"]] == [None if b["value"] is None else round(b["value"], 3)
                                                      for b in over["bars"]]
    assert [r[3]["value"] for r in table["rows"]] == over["overlay"]["values"]
    assert len(set(over["overlay"]["values"])) > 10  # Agile's price moves through the day


def test_a_week_of_cost_has_a_bar_per_day_adding_up_to_its_bill(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="agile", week="2023-10-25")
    assert m["view"]["week"] == "2023-10-23"
    days = block(m, "bars", "Daily cost")["bars"]
    assert [d["label"] for d in days][:2] == ["Mon 23 Oct", "Tue 24 Oct"]
    week_bill = view_model(session, report="bill", fuel="electricity", tariff="agile", week="2023-10-25")
    assert total(m) == total(week_bill)
    over = block(m, "bars", "unit price")
    assert len(over["bars"]) == 6 * 48 + 50
    assert m["pager"]["next"]["week"] == "2023-10-30" and m["pager"]["prev"]["week"] == "2023-10-16"
