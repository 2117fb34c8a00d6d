"""Economy 7 in the cost, bill, compare and Prices views, on the demo and the bundled sample feeds.

Served by a fake transport relative to this file, so these run inside Pyodide too.
"""

from __future__ import annotations

import json

import pytest

from pyruntime.bridge import run_sync
from pyruntime.household import Household
from pyruntime.household.demo import demo_household
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.ops.prices import tariff_prices
from pyruntime.session import Session
from pyruntime.timeseries.isotime import parse_instant
from tests.pyruntime.sample_feeds import SampleFeeds, sample_session, view_model

E7 = "Flexible Octopus Economy 7"


@pytest.fixture(scope="module")
def session():
    return sample_session()


def blocks(model: dict, kind: str, title: str = "") -> list[dict]:
    return [b for b in model["blocks"] if b["type"] == kind and b.get("title", "").startswith(title)]


def facts(model: dict, title: str) -> dict[str, dict]:
    return {i["label"]: i for i in blocks(model, "facts", title)[0]["items"]}


def total(model: dict) -> str:
    return next(t["text"] for t in model["totals"] if t["label"] == "Total (inc VAT)")


def bill_lines(model: dict) -> dict[str, list[str]]:
    table = next(b for b in blocks(model, "table") if "line by line" in b["title"] or b["title"].startswith("Your"))
    return {r[0]: r for r in table["rows"]}


def test_compare_lists_economy7_with_its_conditions_and_night_hours(session):
    m = view_model(session, report="compare")
    ranked = {r[0]: r for r in blocks(m, "table", "Electricity import: tariffs")[0]["rows"]}
    assert ranked[E7][1].isdigit()  # ranked beside the single-rate tariffs
    conditions = {r[0]: r for r in blocks(m, "table", "Conditions")[0]["rows"]}
    assert "Economy 7 (two-register) meter" in conditions[E7][3]
    assert "E-2R-VAR-22-11-01-C" in conditions[E7][4]
    assumption = facts(m, "Assumptions")["Economy 7 night hours"]
    assert assumption["warn"] and assumption["text"].startswith("00:30–07:30 GMT all year (01:30–08:30 on the clock")
    form = blocks(m, "form", "Period and region")[0]
    assert {f["name"]: f["value"] for f in form["fields"]}["e7"] == "0030-0730"
    bar = next(b for blk in blocks(m, "bars") for b in blk["bars"] if b["key"] == "flexible_e7")
    assert bar["drill"]["tariff"] == "flexible_e7" and bar["drill"]["report"] == "cost"


def test_compare_and_cost_agree_to_the_penny_on_economy7_and_the_window_matters(session):
    m = view_model(session, report="compare", e7="2300-0600")
    assert m["view"]["e7"] == "2300-0600"
    ranked = {r[0]: r for r in blocks(m, "table", "Electricity import: tariffs")[0]["rows"]}
    cost = view_model(session, report="cost", fuel="electricity", tariff="flexible_e7", e7="2300-0600")
    assert total(cost) == ranked[E7][2]["text"]
    default = view_model(session, report="cost", fuel="electricity", tariff="flexible_e7")
    assert total(default) != total(cost)  # the night hours change the bill


def test_cost_view_bills_each_register_with_band_shares_and_the_assumption(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="flexible_e7", month="2023-07")
    assert m["subtitle"] == E7
    lines = bill_lines(m)
    night = next(r for k, r in lines.items() if k.startswith("Energy, Night (E7)"))
    day = next(r for k, r in lines.items() if k.startswith("Energy, Day (E7)"))
    # Q3 2023 sample rates for London exc VAT: the quarter's single rate 30.11p / 1.05 × the recorded ratios.
    assert night[2]["text"] == "15.057 p/kWh" and day[2]["text"] == "35.648 p/kWh"
    assert night[2]["value"] == 15.057 and night[2]["unit"] == "p/kWh"
    bands = facts(m, "Energy by price band")
    assert list(bands) == ["Night (E7)", "Day (E7)"]  # as the statement's lines list them, cheapest first
    assert bands["Night (E7)"]["text"].endswith("%)")
    assumptions = facts(m, "Assumptions")
    assert assumptions["Economy 7 night hours"]["warn"]
    form = blocks(m, "form", "Change the tariff")[0]
    field = next(f for f in form["fields"] if f["name"] == "e7")
    assert field["value"] == "0030-0730" and "GMT" in field["label"]
    # The half-hour view labels each half-hour with its register.
    d = view_model(session, report="cost", fuel="electricity", tariff="flexible_e7", day="2023-07-01")
    rows = {r[0]: r for r in blocks(d, "table", "Data table")[0]["rows"]}
    assert rows["01:00"][4] == "Day (E7)" and rows["01:30"][4] == "Night (E7)"
    assert rows["08:00"][4] == "Night (E7)" and rows["08:30"][4] == "Day (E7)"


def test_bad_night_hours_fall_back_with_a_notice_and_good_ones_carry_to_other_reports(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="flexible_e7", e7="0045-0745")
    assert "e7" not in m["view"] and any(":00 or :30" in n for n in m["notices"])
    m = view_model(session, report="bill", fuel="electricity", tariff="flexible_e7", e7="01:00-08:00",
                   **{"from": "2023-01-01", "to": "2023-01-31"})
    assert m["view"]["e7"] == "0100-0800"
    assert facts(m, "Assumptions")["Economy 7 night hours"]["text"].startswith("01:00–08:00 GMT")
    menu = {i["label"]: i["params"] for i in m["menu"]}
    assert menu["Compare tariffs"]["e7"] == "0100-0800"


def test_single_rate_views_do_not_ask_for_night_hours(session):
    m = view_model(session, report="cost", fuel="electricity", tariff="flexible")
    assert "Economy 7 night hours" not in facts(m, "Assumptions")
    assert all(f["name"] != "e7" for f in blocks(m, "form", "Change the tariff")[0]["fields"])
    options = {o["value"] for f in blocks(m, "form", "Change the tariff")[0]["fields"] if f["name"] == "tariff"
               for o in f["options"]}
    assert "flexible_e7" in options


def test_prices_page_shows_both_registers():
    s = Session()
    s.transport = SampleFeeds()
    model = run_sync(tariff_prices(OpContext(s, {"params": {"region": "A", "family": "flexible", "kind": "E-2R",
                                                           "day": "2023-07-02", "days": "2"}})))
    assert model["view"]["kind"] == "E-2R" and not model["notices"]
    assert model["title"] == "Flexible Octopus, electricity (Economy 7): Eastern England (A)"
    chart = next(b for b in model["blocks"] if b["type"] == "lines")
    names = [x["name"] for x in chart["series"]]
    assert names[:2] == ["Day rate inc VAT", "Night rate inc VAT"]
    day, night = chart["series"][0]["values"], chart["series"][1]["values"]
    assert len(day) == len(night) == 96 and None not in day and None not in night
    assert set(day) == {round(30.11 * 30.008 / 24.052, 2)} and set(night) == {round(30.11 * 12.588 / 24.052, 2)}
    assert "night rate is set by your meter" in chart["caption"]
    table = next(b for b in model["blocks"] if b["type"] == "table" and b["title"].startswith("Every half-hour"))
    assert table["columns"] == ["Half-hour starting", "Day rate inc VAT", "Day rate exc VAT", "Night rate inc VAT",
                                "Night rate exc VAT"]


def test_an_octopus_household_on_economy7_is_billed_on_its_own_night_hours():
    s = Session()
    s.transport = SampleFeeds()
    s.household = Household("octopus", demo_household(), region="A", facts=HouseholdFacts(tariffs={"electricity": (
        TariffAgreement("E-2R-VAR-22-11-01-A", parse_instant("2022-12-01T00:00:00Z"), None),)}))
    m = json.loads(json.dumps(run_sync(report(OpContext(s, {"source": "octopus", "params": {
        "report": "bill", "fuel": "electricity", "from": "2023-01", "to": "2023-01", "e7": "0000-0700"}})))))
    assert next(t["text"] for t in m["totals"] if t["label"] == "Priced on") == (
        "Flexible Octopus Economy 7 (your tariff)")
    assert facts(m, "Assumptions")["Economy 7 night hours"]["text"].startswith("00:00–07:00 GMT")
    assert any(k.startswith("Energy, Night (E7)") for k in bill_lines(m))
