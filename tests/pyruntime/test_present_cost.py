"""The cost and bill reports as the page gets them: demo household, bundled sample feeds.

Feed files are served from ``feeds/sample/`` by a fake transport, so these
run the same on CPython and in Pyodide (the repository is mounted there).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pyruntime.bridge import run_sync
from pyruntime.household import Household, demo
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.ops.load import load_file
from pyruntime.pricing import bill
from pyruntime.pricing.feed import tariff_from_feed_docs
from pyruntime.pricing.money import pounds
from pyruntime.timeseries.isotime import parse_instant
from pyruntime.timeseries.londontime import day_bounds
from pyruntime.timeseries.series import Series
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
    assert page.count("60 of 17,520 half-hours have no reading") == 1
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
    # An export statement has no VAT column or line: its lines add up to the revenue.
    assert block(m, "table", "line by line")["columns"] == ["Line", "Quantity", "Rate", "£"]
    assert not any(r[0].startswith(("VAT", "Subtotal")) for r in rows)
    assert rows[-1][0] == "Total revenue" and rows[-1][3]["value"] == round(sum(r[3]["value"] for r in rows[:-1]), 2)
    assert total(m, "Total revenue").startswith("£")
    labels = [t["label"] for t in m["totals"]]
    # The revenue is the export payments: one figure, named once.
    assert "Export payments" not in labels and "Energy (exc VAT)" not in labels
    assert total(m, "Average price").endswith(" p/kWh (volume-weighted)")


def test_export_labels_name_no_standing_charge_and_no_vat(session):
    for params in ({}, {"month": "2023-06"}, {"day": "2023-06-21"}):
        m = view_model(session, report="cost", fuel="export", tariff="agile_outgoing", **params)
        chart = block(m, "bars")
        assert "no VAT" in chart["caption"] and "standing" not in chart["caption"]
        table = block(m, "table", "Data table")
        assert not any("standing" in c.lower() or "inc VAT" in c for c in table["columns"]), table["columns"]
        assert all(len(r) == len(table["columns"]) for r in table["rows"])
    # Import keeps its standing charges and VAT.
    imp = view_model(session, report="cost", fuel="electricity", month="2023-06")
    assert "with standing charges" in block(imp, "bars")["caption"]
    assert "Standing (£ inc VAT)" in block(imp, "table", "Data table")["columns"]
    # The export bill explains export payments, not standing charges or VAT on a subtotal.
    how = block(view_model(session, report="bill", fuel="export", tariff="agile_outgoing", month="2023-06"),
                "text", "How this is worked out")["paragraphs"]
    assert how == ["Export: each half-hour's export reading × the export rate in force then, added up. Export has no "
                   "standing charge. No VAT on export payments."]
    how = block(view_model(session, report="bill", fuel="electricity", month="2023-06"), "text",
                "How this is worked out")["paragraphs"][0]
    assert "Standing charges: each London day pays" in how
    # A tariff entered by hand may give export a daily amount: then, and only then, it is named.
    mine = {"fuel": "export", "custom": "export~Mine~15~10", "use": "added", "month": "2023-06"}
    m = view_model(session, report="cost", **mine)
    assert "Standing (£)" in block(m, "table", "Data table")["columns"]
    assert "with standing charges" in block(m, "bars")["caption"]
    how = block(view_model(session, report="bill", **mine), "text", "How this is worked out")["paragraphs"][0]
    assert "Daily amount: each London day adds the amount in force at its midnight." in how


def test_bad_settings_fall_back_with_notices(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="steam", region="Z",
                   custom="electricity~Mine~abc~10;electricity~Ok~20~30")
    text = " ".join(m["notices"])
    assert "no tariff called “steam”" in text and "not a region letter" in text and "“abc” is not a number" in text
    assert m["view"] == {"report": "cost", "fuel": "electricity", "custom": "electricity~Ok~20~30"}
    # A feed tariff for another fuel is refused when the page is drawn.
    m = view_model(session, report="cost", fuel="electricity", tariff="flexible_gas")
    assert any("flexible_gas" in n and n.endswith(", instead.") for n in m["notices"]), m["notices"]


def _tariff_options(model: dict) -> list[str]:
    def walk(o):
        if isinstance(o, dict):
            yield o
            for v in o.values():
                yield from walk(v)
        elif isinstance(o, list):
            for v in o:
                yield from walk(v)
    field = next(d for d in walk(model) if d.get("name") == "tariff" and "options" in d)
    return [o["value"] for o in field["options"]]


@pytest.mark.parametrize("report", ["bill", "cost"])
def test_every_tariff_the_menu_offers_prices_the_view_when_chosen(session, report):
    """The menu lists every family in the feed index (a fixed product found at run time, the price cap), but the URL
    check knew only the hand-kept family table, so choosing Octopus 12M Fixed or the price cap said "There is no
    tariff called “octopus_12m_fixed”; showing your tariff instead"."""
    offered = _tariff_options(view_model(session, report=report, month="2023-12"))
    assert {"octopus_12m_fixed", "price_cap", "agile"} <= set(offered)
    for key in offered:
        m = view_model(session, report=report, month="2023-12", tariff=key)
        assert not any("instead" in n for n in m["notices"]), (key, m["notices"])
        assert m["view"].get("tariff", "actual") == key


def test_a_tariff_that_cannot_price_the_view_leaves_the_address(session):
    m = view_model(session, report="bill", month="2023-12", tariff="flexible_gas")
    assert any("has no electricity import prices" in n for n in m["notices"]) and "tariff" not in m["view"]


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
    assert m["title"].endswith("1 Dec 2023 to 31 Dec 2023")
    assert "There is no data for 1 Feb 2024 to 29 Feb 2024: the data covers 1 Jan 2023 to 31 Dec 2023. " \
           "Showing the last month of data instead." in m["notices"]


def test_a_bill_given_one_end_runs_a_month_from_it(session):
    m = view_model(session, report="bill", fuel="gas", to="2023-03-05")
    assert m["title"] == "Gas bill, 6 Feb 2023 to 5 Mar 2023"
    assert m["view"]["to"] == "2023-03-05" and "from" not in m["view"]
    m = view_model(session, report="bill", fuel="gas", **{"from": "2023-03-05"})
    assert m["title"] == "Gas bill, 5 Mar 2023 to 4 Apr 2023"
    m = view_model(session, report="bill", fuel="gas", **{"from": "2023-12-20"})
    assert m["title"] == "Gas bill, 20 Dec 2023 to 31 Dec 2023"  # cut to the data, silently


def test_a_bill_with_a_bad_start_reads_its_end_alone(session):
    m = view_model(session, report="bill", fuel="gas", **{"from": "2023-02-30", "to": "2023-03-05"})
    assert m["title"] == "Gas bill, 6 Feb 2023 to 5 Mar 2023"
    assert any("“2023-02-30” is not a date" in n and "ignored" in n for n in m["notices"])


def test_a_bill_that_ends_before_it_starts_is_refused_not_swapped(session):
    m = view_model(session, report="bill", fuel="gas", **{"from": "2023-03-05", "to": "2023-02-01"})
    assert m["title"] == "Gas bill, 1 Dec 2023 to 31 Dec 2023"
    # Which end is wrong is the user's to say: the notice names the days that have data to choose from.
    assert "The period asked for starts on 5 Mar 2023, after it ends on 1 Feb 2023: the data covers " \
           "1 Jan 2023 to 31 Dec 2023. Showing the last month of data instead." in m["notices"]
    assert "from" not in m["view"] and "to" not in m["view"]


def test_a_one_day_bill_names_its_day_once(session):
    m = view_model(session, report="bill", fuel="gas", **{"from": "2023-03-26", "to": "2023-03-26"})
    assert m["title"] == "Gas bill, 26 Mar 2023"


def test_the_default_bill_of_data_ending_early_in_a_month_takes_in_the_month_before(session):
    gas = demo().series["gas"]
    start, end = day_bounds(dt.date(2023, 10, 26))[0], day_bounds(dt.date(2023, 11, 1))[1]
    week = Series("gas", start, tuple(gas.window(start, end)))
    session.replace(Household("file", {"gas": week}))
    m = view_model(session, "file", report="bill", fuel="gas")
    assert m["title"].startswith("Gas bill, 26 Oct 2023 to 1 Nov 2023")


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
    assert total(m, "Priced on") == "Agile Octopus November 2022 v1, then Flexible Octopus (your tariffs)"
    rows = block(m, "table", "Your bill")["rows"]
    assert any("Agile" in r[0] for r in rows) and any("Flexible" in r[0] for r in rows)
    standing = [r for r in rows if r[0].startswith("Standing charge")]
    assert [r[1]["text"] for r in standing] == ["30 days", "31 days"]
    assert not any("assumption" in n for n in m["notices"])
    m = json.loads(json.dumps(run_sync(report(OpContext(session, {"source": "octopus", "params": {
        "report": "cost", "fuel": "gas"}})))))
    facts = " ".join(i["text"] for i in block(m, "facts", "Assumptions")["items"])
    assert "G-1R-NOT-IN-FEEDS-C" in facts and "not in the price feeds" in facts


def flexible_then_agile() -> Household:
    """The demo's readings on an Octopus account: Flexible Octopus until April 2023, then Agile."""
    april = parse_instant("2023-04-01T00:00:00+01:00")
    return Household("octopus", demo().series, region="C", facts=HouseholdFacts(tariffs={"electricity": (
        TariffAgreement("E-1R-VAR-22-11-01-C", parse_instant("2022-11-01T00:00:00Z"), april),
        TariffAgreement("E-1R-AGILE-FLEX-22-11-25-C", april, None),
    )}))


def priced_on(session, **params: str) -> tuple[str, str]:
    """The "Priced on" line and the subtitle of a report of the household's own tariffs."""
    m = json.loads(json.dumps(run_sync(report(OpContext(session, {"source": "octopus", "params": {
        "fuel": "electricity", **params}})))))
    return total(m, "Priced on"), m["subtitle"]


@pytest.mark.parametrize(("params", "said"), [
    ({"report": "bill", "from": "2023-12-01", "to": "2023-12-31"}, "Agile Octopus November 2022 v1 (your tariff)"),
    ({"report": "bill", "from": "2023-02-01", "to": "2023-02-28"}, "Flexible Octopus (your tariff)"),
    ({"report": "bill", "from": "2023-03-25", "to": "2023-04-07"},
     "Flexible Octopus, then Agile Octopus November 2022 v1 (your tariffs)"),
    ({"report": "cost", "month": "2023-12"}, "Agile Octopus November 2022 v1 (your tariff)"),
    ({"report": "cost", "from": "2023-06-01", "to": "2023-07-31"}, "Agile Octopus November 2022 v1 (your tariff)"),
    ({"report": "cost", "day": "2023-03-31"}, "Flexible Octopus (your tariff)"),
    ({"report": "cost"}, "Flexible Octopus, then Agile Octopus November 2022 v1 (your tariffs)"),
])
def test_priced_on_names_only_the_agreements_in_force_in_the_period_shown(session, params, said):
    session.household = flexible_then_agile()
    assert priced_on(session, **params) == (said, said)


def test_a_feed_tariff_chosen_is_named_whatever_the_period(session):
    session.household = flexible_then_agile()
    line, _ = priced_on(session, report="bill", tariff="agile", **{"from": "2023-02-01", "to": "2023-02-28"})
    assert line.startswith("Agile Octopus") and "your tariff" not in line


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


def hand_form(model: dict) -> dict:
    return next(b for b in model["blocks"] if b["type"] == "form" and b["title"] == "Add a tariff by hand")


def tariff_choice(model: dict) -> dict:
    return next(f for f in block(model, "form", "Change the tariff")["fields"] if f["name"] == "tariff")


@pytest.mark.parametrize("report", ["cost", "bill"])
def test_the_hand_tariff_form_asks_for_its_tariff_and_its_links_do_not(session, report):
    m = view_model(session, report=report, fuel="electricity", tariff="agile", custom="gas~Fixed gas~6.1~30")
    form = hand_form(m)
    assert form["params"]["use"] == "added" and form["params"]["tariff"] == "agile"
    assert all("use" not in link["params"] for link in form["links"])  # removing a tariff prices on nothing new
    assert "this view is then priced on it" in form["caption"]


def test_a_tariff_added_on_the_cost_view_is_the_one_it_is_then_priced_on(session):
    """What the form sends (``use=added`` after the tariffs added before) comes back as ``tariff=custom2``."""
    m = view_model(session, report="cost", fuel="electricity", month="2023-03", tariff="agile",
                   custom="gas~Fixed gas~6.1~30;electricity~Quote from X~24.5~45", use="added")
    assert m["view"] == {"report": "cost", "fuel": "electricity", "month": "2023-03",
                         "custom": "gas~Fixed gas~6.1~30;electricity~Quote from X~24.5~45", "tariff": "custom2"}
    assert m["subtitle"] == total(m, "Priced on") == "Quote from X (entered by you)"
    assert m["title"] == "Electricity import cost: Mar 2023"
    choice = tariff_choice(m)
    assert choice["value"] == "custom2"
    assert {"value": "custom2", "label": "Quote from X (entered by you)"} in choice["options"]
    assert not any("Quote from X" in n for n in m["notices"])
    standing = [i for i in block(m, "facts", "Assumptions")["items"] if i["label"] == "Standing charges"]
    assert [i["value"] for i in standing] == [45]  # the quote's standing charge, inc VAT


def test_a_tariff_added_for_another_fuel_moves_the_cost_view_to_that_fuel_and_says_so(session):
    m = view_model(session, report="cost", fuel="electricity", month="2023-03",
                   custom="electricity~Kept~20~30;gas~Fixed gas~6.1~30", use="added")
    assert m["view"]["fuel"] == "gas" and m["view"]["tariff"] == "custom2" and m["view"]["month"] == "2023-03"
    assert m["title"] == "Gas cost: Mar 2023" and total(m, "Priced on") == "Fixed gas (entered by you)"
    assert [t["label"] for t in m["tabs"] if t["current"]] == ["Gas"]
    assert ("“Fixed gas” is a tariff for gas, so this now shows your gas priced on it (it was showing electricity "
            "import).") in m["notices"]


def test_a_refused_tariff_leaves_the_view_on_the_tariff_it_showed(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="agile",
                   custom="gas~Fixed gas~6.1~30;electricity~Quote~abc~45", use="added")
    assert m["view"]["tariff"] == "agile" and "use" not in m["view"]
    assert total(m, "Priced on").startswith("Agile Octopus")
    fields = {f["name"]: f for f in hand_form(m)["fields"]}
    assert fields["c_rate"]["error"] == "The unit rate “abc” is not a number."


def test_a_tariff_added_on_the_bill_prices_the_same_period_on_it(session):
    m = view_model(session, report="bill", fuel="gas", **{"from": "2023-02-01", "to": "2023-02-28"},
                   custom="gas~Fixed gas~6.1~30", use="added")
    assert m["view"]["tariff"] == "custom1" and m["view"]["from"] == "2023-02-01" and m["view"]["to"] == "2023-02-28"
    assert m["title"] == "Gas bill, 1 Feb 2023 to 28 Feb 2023"
    assert total(m, "Priced on") == "Fixed gas (entered by you)"
    assert tariff_choice(m)["value"] == "custom1"
    # The bill's lines are the new tariff's: 6.1p/kWh and 30p a day inc VAT (5.810 and 28.571 exc VAT).
    rows = {row[0]: row for row in block(m, "table", "Your bill")["rows"]}
    assert rows["Energy on Fixed gas: 1 Feb 2023 to 28 Feb 2023"][2]["value"] == 5.81
    standing = rows["Standing charge: 1 Feb 2023 to 28 Feb 2023"]
    assert standing[1]["value"] == 28 and standing[4]["value"] == 8.40  # 28 days × 30p


def test_adding_on_compare_keeps_the_compare_view(session):
    m = view_model(session, report="compare", custom="electricity~Quote~24.5~45", use="added")
    assert "tariff" not in m["view"] and "use" not in m["view"] and m["title"].startswith("Compare tariffs")
    assert "use" not in hand_form(m)["params"]


def test_a_tariff_for_a_fuel_without_data_or_one_too_many_leaves_the_tariff_as_it_was():
    from pyruntime.present.pricing import adopt_added_tariff
    from pyruntime.pricing.custom import MAX_TARIFFS

    asked = {"report": "cost", "fuel": "gas", "tariff": "flexible_gas", "custom": "export~SEG~4.1", "use": "added"}
    params, notices = adopt_added_tariff(asked, ("electricity", "gas"))
    assert params == {k: v for k, v in asked.items() if k != "use"}
    assert notices == ["“SEG” is a tariff for electricity export, and there is no electricity export data here to "
                       "price on it, so this still shows gas. It joins the comparison of tariffs."]
    # The ninth is left out (with its own notice), so nothing changes; the view's fuel defaults to the first.
    nine = ";".join(f"electricity~T{n}~20~30" for n in range(MAX_TARIFFS + 1))
    assert adopt_added_tariff({"custom": nine, "use": "added"}, ("electricity",)) == ({"custom": nine}, [])
    assert adopt_added_tariff({"custom": "gas~G~6~30", "use": "added"}, ("gas", "electricity")) == (
        {"custom": "gas~G~6~30", "tariff": "custom1"}, [])
    # Only the form's own word asks for it.
    assert adopt_added_tariff({"custom": "gas~G~6~30", "use": "x"}, ("gas",)) == ({"custom": "gas~G~6~30"}, [])


def test_the_hand_tariff_form_of_a_bill_drilled_to_a_month_keeps_that_month(session):
    m = view_model(session, report="bill", fuel="electricity", month="2023-02")
    assert m["title"] == "Electricity import bill, 1 Feb 2023 to 28 Feb 2023"
    form = block(m, "form", "Add a tariff by hand")
    assert (form["params"]["from"], form["params"]["to"]) == ("2023-02-01", "2023-02-28")
    added = view_model(session, **form["params"], custom="electricity~Quote~24.5~45")
    assert added["title"] == "Electricity import bill, 1 Feb 2023 to 28 Feb 2023"
    assert added["view"]["tariff"] == "custom1"


def test_a_hand_entered_export_tariff_with_a_daily_amount_names_its_payments_beside_the_revenue(session):
    """There the revenue is more than the payments, so both are shown; alone they are one figure, named once."""
    m = view_model(session, report="bill", fuel="export", custom="export~Odd deal~5~10~exc~5", tariff="custom1")
    labels = [t["label"] for t in m["totals"]]
    assert "Total revenue" in labels and "Energy (exc VAT)" in labels


def test_an_export_tariff_entered_with_vat_says_its_vat_where_the_statement_has_a_vat_line(session):
    """"How this is worked out" said "No VAT on export payments." beside a statement with a VAT column."""
    m = view_model(session, report="bill", fuel="export", custom="export~Odd deal~5~10~exc~5", tariff="custom1")
    how = " ".join(block(m, "text", "How this is worked out")["paragraphs"])
    assert "VAT at 5% on the subtotal." in how and "No VAT" not in how
    statement = block(m, "table", "Your revenue, 1 Dec 2023 to 31 Dec 2023")
    assert any(c.startswith("£ inc VAT") for c in statement["columns"])
    plain = view_model(session, report="bill", fuel="export", tariff="flux_export")
    assert "No VAT on export payments." in " ".join(block(plain, "text", "How this is worked out")["paragraphs"])


def test_the_price_bands_are_listed_in_the_order_the_statement_lines_name_them(session):
    m = view_model(session, report="bill", fuel="electricity", tariff="flux_import",
                   **{"from": "2023-03-01", "to": "2023-03-31"})
    lines = [r[0] for r in block(m, "table", "Your bill")["rows"] if r[0].startswith("Energy, ")]
    assert [line.split(",")[1].split(" on ")[0].strip() for line in lines] == ["off-peak", "standard", "peak"]
    assert [i["label"] for i in block(m, "facts", "Energy by price band")["items"]] == ["off-peak", "standard", "peak"]


def test_an_export_revenue_explains_no_standing_charge_it_does_not_have(session):
    exp = view_model(session, report="bill", fuel="export", tariff="flux_export")
    assert "Standing charge" not in " ".join(block(exp, "text", "How this is worked out")["paragraphs"])
    items = {i["label"]: i["text"] for i in block(exp, "facts", "Assumptions")["items"]}
    assert items["Missing data"].startswith("0 half-hours without a reading, 0 without a unit rate. ")
    imp = view_model(session, report="bill", fuel="electricity")
    assert "Standing charges: each London day" in " ".join(block(imp, "text", "How this is worked out")["paragraphs"])
    items = {i["label"]: i["text"] for i in block(imp, "facts", "Assumptions")["items"]}
    assert "0 days without a standing charge" in items["Missing data"]


@pytest.mark.parametrize("report", ["cost", "bill"])
def test_the_tariff_priced_on_is_named_once_and_the_export_form_asks_nothing_about_paying(session, report):
    """The totals say "Priced on …"; the form below that changes it has its own title, not the same words again.
    On export the household is paid: no "You pay" field, though a payment method chosen on import travels on."""
    m = view_model(session, report=report, fuel="electricity", tariff="flux_import")
    said = [t["label"] for t in m["totals"]] + [b.get("title") for b in m["blocks"]]
    assert said.count("Priced on") == 1
    assert total(m, "Priced on") == "Octopus Flux (import)"
    form = block(m, "form", "Change the tariff")
    assert "You pay" in [f["label"] for f in form["fields"]]

    export = view_model(session, report=report, fuel="export", payment="non_direct_debit")
    form = block(export, "form", "Change the tariff")
    assert [f["label"] for f in form["fields"] if f["name"] == "payment" or "pay" in f["label"].lower()] == []
    assert form["params"]["payment"] == "non_direct_debit"  # kept for import and gas


@pytest.mark.parametrize("report", ["bill", "cost"])
def test_an_import_tariff_asked_for_on_export_names_the_assumed_tariff_shown_instead(report):
    """Export from a file, ``tariff=agile``: Agile has no export prices, and the data names no export tariff, so the
    view is priced on an assumed one; "showing your tariff instead" called that assumption the household's own."""
    session = sample_session()
    name = "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
    path = Path(__file__).resolve().parents[1] / "fixtures" / "consumption" / name
    run_sync(load_file(OpContext(session, {"name": name, "fuel": "export"}, path.read_bytes())))
    m = view_model(session, "file", report=report, fuel="export", tariff="agile")
    shown = next(t["text"] for t in m["totals"] if t["label"] == "Priced on")
    assert shown == "Outgoing Octopus 12M Fixed (assumed)"
    assert m["notices"] == ["“agile” has no electricity export prices for London (C) in this period; showing the "
                            "tariff assumed for you, Outgoing Octopus 12M Fixed (assumed), instead."]
    assert not any("your tariff" in n for n in m["notices"])


@pytest.mark.parametrize("report_name", ["bill", "cost"])
def test_a_malformed_tariff_key_names_the_tariff_shown_instead_and_an_assumed_one_as_assumed(session, report_name):
    """``tariff=Agile Octopus!`` is no tariff's key (refused by its shape, before any feed is read). The demo has no
    tariff of its own, so the view is priced on an assumed one and the notice says so, by name; on an account's own
    history it names the household's tariff. "showing your tariff instead" called the assumption the household's."""
    m = view_model(session, report=report_name, fuel="electricity", month="2023-12", tariff="Agile Octopus!")
    assert total(m, "Priced on") == "Flexible Octopus (assumed)"
    assert m["notices"] == ["There is no tariff called “Agile Octopus!”; showing the tariff assumed for you, Flexible "
                            "Octopus (assumed), instead."]
    session.household = flexible_then_agile()
    m = json.loads(json.dumps(run_sync(report(OpContext(session, {"source": "octopus", "params": {
        "report": report_name, "fuel": "electricity", "month": "2023-12", "tariff": "Agile Octopus!"}})))))
    shown = total(m, "Priced on")
    assert m["notices"] == [f"There is no tariff called “Agile Octopus!”; showing your tariff, {shown}, instead."]


def _price_feeds_note(model: dict) -> str | None:
    facts = next(b for b in model["blocks"] if b.get("title") == "Assumptions")
    return next((item["text"] for item in facts["items"] if item["label"] == "Price feeds"), None)


@pytest.mark.parametrize(("report", "params", "said"), [
    ("bill", {}, False),  # December 2023
    ("cost", {"fuel": "gas", "day": "2023-10-29"}, False),
    ("cost", {"month": "2023-03"}, True),
    ("bill", {"from": "2023-03-01", "to": "2023-08-31"}, True),
    ("cost", {}, True),  # the whole year, from 1 Jan 2023
])
def test_a_tariffs_launch_is_said_only_where_the_days_shown_start_before_it(session, report, params, said):
    """Flexible Octopus launched on 28 Mar 2023 and earlier days use its feed's rates: said of a view that shows
    such days, not of December's bill, whose days are all after the launch."""
    note = _price_feeds_note(view_model(session, report=report, **params)) or ""
    assert ("launched on 28 Mar 2023" in note) is said, note


def test_a_week_named_inside_a_sentence_reads_the_week_of_and_the_period_selector_keeps_its_label(session):
    model = view_model(session, report="cost", tariff="agile", week="2023-10-23")
    titles = [blk.get("title", "") for blk in model["blocks"]]
    assert "Bill for the week of 23 Oct 2023: line by line" in titles, titles
    assert "Daily cost of electricity import, the week of 23 Oct 2023" in titles, titles
    assert not any(" Week of" in t for t in titles), titles
    assert model["title"].endswith(": Week of 23 Oct 2023")  # a title's heading and the selector keep their label
    assert "Week of 23 Oct 2023" in json.dumps(model["period"])
