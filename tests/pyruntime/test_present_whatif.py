"""The what-if lab as the page gets it: demo household, bundled sample feeds (CPython and Pyodide)."""

from __future__ import annotations

import json

import pytest

from pyruntime.whatif.lab import Settings
from tests.pyruntime.sample_feeds import sample_session, view_model


@pytest.fixture(scope="module")
def session():
    return sample_session()


@pytest.fixture(scope="module")
def lab(session):
    return view_model(session, report="whatif")


def money(shown: str | dict) -> float:
    """A money cell's number: the value it carries, else its text read back."""
    if isinstance(shown, dict):
        return shown["value"]
    return float(shown.replace("£", "").replace(",", ""))


def ranking(model: dict) -> dict:
    return next(b for b in model["blocks"] if b["type"] == "table" and b["title"].startswith("Every tariff"))


def totals(model: dict) -> dict[str, str]:
    return {t["label"]: t["text"] for t in model["totals"]}


def test_the_lab_ranks_every_import_tariff_before_and_after(lab):
    assert lab["title"] == "What-if lab: battery"  # a 5 kWh battery until the user chooses
    table = ranking(lab)
    ranked = [r for r in table["rows"] if r[0] != "–"]
    assert [int(r[0]) for r in ranked] == list(range(1, len(ranked) + 1))
    assert [money(r[4]) for r in ranked] == sorted(money(r[4]) for r in ranked)  # cheapest after first
    assert {r[1] for r in table["rows"]} >= {"Agile Octopus", "Octopus Go", "Flexible Octopus", "Cosy Octopus"}
    for r in table["rows"]:  # bills are in pennies: the saving is the difference of the two totals as shown
        assert money(r[5]) == round(money(r[3]) - money(r[4]), 2) + 0.0, r[1:6]
    months = next(b for b in lab["blocks"] if b["type"] == "table" and b["title"].startswith("Month by month"))
    for m in months["rows"]:
        assert money(m[3]) == round(money(m[1]) - money(m[2]), 2) + 0.0, m
    t = totals(lab)
    assert t["Best tariff after"].startswith(ranked[0][1])
    # The demo's year is 365 days: the headline saving is the two headline totals' difference, unscaled.
    head = {x["label"]: x["value"] for x in lab["totals"]}
    assert head["Saving a year (best before → best after)"] == \
        round(head["Best tariff before"] - head["Best tariff after"], 2) + 0.0
    assert "years" in t["Simple payback"]
    assert any(b["type"] == "download" and "Every tariff" in b["label"] for b in lab["blocks"])
    assert any(b["type"] == "lines" and b["title"].startswith("A typical day") for b in lab["blocks"])


def test_before_is_priced_exactly_as_the_comparison_prices_it(session, lab):
    compare = view_model(session, report="compare")

    def compare_total(fuel_label: str, name: str) -> float:
        block = next(b for b in compare["blocks"] if b["type"] == "table"
                     and b["title"].startswith(f"{fuel_label}: tariffs"))
        return money(next(r for r in block["rows"] if r[0] == name)[2])

    go = next(r for r in ranking(lab)["rows"] if r[1] == "Octopus Go")
    expected = (compare_total("Electricity import", "Octopus Go") + compare_total("Gas", "Flexible Octopus (gas)")
                - compare_total("Electricity export", go[2]))
    assert money(go[3]) == pytest.approx(expected, abs=0.02)  # each line rounded to the penny on its own


def test_the_headline_says_it_sums_gas_on_one_tariff_and_agrees_with_compares_best_choice(session, lab):
    compare = view_model(session, report="compare")

    def compare_total(fuel_label: str, name: str) -> float:
        block = next(b for b in compare["blocks"] if b["type"] == "table"
                     and b["title"].startswith(f"{fuel_label}: tariffs"))
        return money(next(r for r in block["rows"] if r[0] == name)[2])

    before = next(t for t in lab["totals"] if t["label"] == "Best tariff before")
    pair, gas = "Agile Octopus + Outgoing Octopus 12M Fixed", "Flexible Octopus (gas)"
    assert before["text"] == f"{pair}, with gas on {gas}: £{before['value']:,.2f}"
    electricity = compare_total("Electricity import", "Agile Octopus") - compare_total(
        "Electricity export", "Outgoing Octopus 12M Fixed")
    assert before["value"] == pytest.approx(electricity + compare_total("Gas", gas), abs=0.02)
    # Compare's best choice is the same electricity pair with gas moved to the cheapest gas tariff: the two
    # differ by exactly that gas saving, which the lab's assumptions say.
    best = next(t for t in compare["totals"] if t["label"] == "Best choice")
    assert best["text"].startswith("Agile Octopus, Outgoing Octopus 12M Fixed for export and Octopus 12M Fixed (gas)")
    cheapest_gas = compare_total("Gas", "Octopus 12M Fixed (gas)")
    assert best["value"] == pytest.approx(electricity + cheapest_gas, abs=0.02)
    assert before["value"] - best["value"] == pytest.approx(compare_total("Gas", gas) - cheapest_gas, abs=0.02)
    said = next(i for i in next(b for b in lab["blocks"] if b.get("title") == "Assumptions")["items"]
                if i["label"] == "Gas")
    assert "Compare tariffs' best choice also moves gas to the cheapest gas tariff" in said["text"]


def test_with_the_gas_capped_the_headline_after_names_no_gas(session):
    m = view_model(session, report="whatif", battery="0", heat_pump="1")
    t = totals(m)
    assert ", with gas on Flexible Octopus (gas): £" in t["Best tariff before"]
    assert "gas" not in t["Best tariff after"]  # no gas bill at all once it is capped


def test_settings_live_in_the_url_and_change_the_ranking(session, lab):
    solar = view_model(session, report="whatif", battery="0", solar="4", solar_facing="SW", strategy="timer")
    assert solar["title"] == "What-if lab: solar panels"
    assert solar["view"]["solar"] == "4" and solar["view"]["solar_facing"] == "SW"
    after = {r[1]: money(r[4]) for r in ranking(solar)["rows"]}
    before_lab = {r[1]: money(r[4]) for r in ranking(lab)["rows"]}
    assert after != before_lab
    assert all(money(r[5]) > 0 for r in ranking(solar)["rows"] if r[0] != "–")  # panels always save here


def test_bad_input_is_marked_next_to_its_field_and_the_rest_still_works(session):
    m = view_model(session, report="whatif", battery="-3", battery_eff="120", solar="4", ev_miles="5000",
                   ev_window="0100-0100")
    form = m["blocks"][0]
    errors = {f["name"]: f["error"] for f in form["fields"] if f.get("error")}
    assert "Out of range" in errors["battery"]
    assert "zero hours" in errors["ev_window"]
    by_name = {f["name"]: f["value"] for f in form["fields"]}
    assert by_name["battery"] == "-3"  # what was typed stays, to be corrected
    assert m["title"] == "What-if lab: solar panels"  # the panels still priced
    assert ranking(m)["rows"]


@pytest.mark.parametrize(("params", "key", "text"), [
    ({"battery": "5", "battery_eff": "101"}, "battery_eff", "100 %"),
    ({"battery": "abc"}, "battery", "not a number"),
    ({"solar": "4", "solar_tilt": "95"}, "solar_tilt", "90°"),
    ({"heat_pump": "1", "cop": "3,3"}, "cop", "twelve"),
    ({"shift": "20", "shift_window": "7pm"}, "shift_window", "HHMM"),
    ({"strategy": "magic", "battery": "5"}, "strategy", "timer"),
    ({"battery": "0", "ev_kwh": "-5"}, "ev_kwh", "at most 20,000 kWh"),
    ({"battery": "0", "ev_kwh": "15000", "ev_eff": "8"}, "ev_kwh", "100,000 miles"),
    ({"battery": "0", "shift_kwh": "500"}, "shift_kwh", "at most 100 kWh a day"),
    ({"battery": "0", "shift": "20", "shift_kwh": "3"}, "shift", "not both"),
])
def test_each_bad_value_gets_its_own_message(params, key, text):
    settings = Settings.from_params(params, "C")
    assert text in settings.errors[key]


def test_a_battery_change_after_a_run_gives_what_a_fresh_run_gives(session):
    """What is kept between runs (rates, device flows, costs before, shared timer runs) changes no number."""
    from pyruntime.whatif.memory import LabMemory

    params = {"report": "whatif", "battery": "6", "solar": "4", "ev_miles": "7000", "strategy": "timer"}
    view_model(session, **{**params, "battery": "5"})
    assert len(session.lab.tariffs) == 1 and len(session.lab.sunlight) >= 1  # the session holds what it kept
    kept = view_model(session, **params)
    session.lab = LabMemory()
    fresh = view_model(session, **params)
    assert ranking(kept)["rows"] == ranking(fresh)["rows"]
    assert totals(kept) == totals(fresh)


def test_day_ahead_plans_the_tariffs_the_timer_ranks_cheapest_as_far_as_the_budget_goes_and_says_so(session,
                                                                                                    monkeypatch):
    """When a year of every pair does not fit, the timer's cheapest are planned in its order, the note says how
    many and each row which."""
    import re

    from pyruntime.whatif import lab as lab_module

    monkeypatch.setattr(lab_module, "DAY_AHEAD_HALF_HOURS", 5 * 17_600)  # five plans of a year
    params = {"report": "whatif", "battery": "5", "solar": "4"}
    timer = view_model(session, **params, strategy="timer")
    ahead = view_model(session, **params, strategy="day_ahead")
    note = next(n for n in ahead["notices"] if "Day-ahead planning is run on the" in n)
    planned, rest = map(int, re.search(
        r"run on the (\d+) tariff choices \(import with its export\) the timer ranks cheapest \(each row says "
        r"which\); the other (\d+) show the timer's result, because planning every one", note).groups())
    rows = ranking(timer)["rows"]
    assert planned + rest == len(rows) and 5 <= planned < len(rows)
    by_pair = {(r[1], r[2]): r for r in ranking(ahead)["rows"]}
    said = [by_pair[r[1], r[2]][-1] for r in rows]  # in the timer's order
    assert all(s.startswith(("battery planned a day ahead", "battery on the timer")) for s in said)
    assert sum(s.startswith("battery planned a day ahead") for s in said) == planned
    assert all(s.startswith("battery planned a day ahead") for s in said[:planned])  # the timer's cheapest
    others = [r for r, s in zip(rows, said, strict=True) if s.startswith("battery on the timer")]
    assert all(by_pair[r[1], r[2]][4] == r[4] for r in others)  # the rest keep the timer's result
    assert any(by_pair[r[1], r[2]][4] != r[4] for r in rows if r not in others)
    assert not any("battery" in r[-1] for r in rows)


def test_day_ahead_plans_every_pair_when_they_fit(session):
    """Over a month every pair's plan fits the budget (a year's would not): no timer rows and no note about them."""
    from pyruntime.whatif.lab import DAY_AHEAD_HALF_HOURS

    ahead = view_model(session, report="whatif", battery="5", solar="4", strategy="day_ahead", month="2023-06")
    rows = ranking(ahead)["rows"]
    assert len(rows) * 17_520 > DAY_AHEAD_HALF_HOURS
    assert all(r[-1].startswith("battery planned a day ahead") for r in rows)
    assert not any("Day-ahead planning is run on the" in n for n in ahead["notices"])


def test_plan_every_plans_every_pair_beyond_the_budget_and_a_bad_choice_is_said(session, monkeypatch):
    from pyruntime.whatif import lab as lab_module

    monkeypatch.setattr(lab_module, "DAY_AHEAD_HALF_HOURS", 1)  # one plan of any period
    params = {"report": "whatif", "battery": "5", "solar": "4", "strategy": "day_ahead", "month": "2023-06"}
    cheapest = view_model(session, **params)
    assert sum(r[-1].startswith("battery planned a day ahead") for r in ranking(cheapest)["rows"]) < len(
        ranking(cheapest)["rows"])
    assert any("“Day-ahead planning on: every pair” plans them all" in n for n in cheapest["notices"])
    every = view_model(session, **params, plan="every")
    assert all(r[-1].startswith("battery planned a day ahead") for r in ranking(every)["rows"])
    assert not any("Day-ahead planning is run on the" in n for n in every["notices"])
    form = next(f for f in every["blocks"] if f["type"] == "form")
    assert next(x for x in form["fields"] if x["name"] == "plan")["value"] == "every"
    bad = Settings.from_params({"battery": "5", "strategy": "day_ahead", "plan": "all"}, "C")
    assert not bad.plan_every and "not a choice" in bad.errors["plan"]


def _june_inputs(session, exports=None):
    import datetime as dt

    from pyruntime.bridge import run_sync
    from pyruntime.pricing.catalogue import catalogue
    from pyruntime.whatif.lab import Inputs, Offer

    home = session.use("demo")
    first, last = dt.date(2023, 6, 1), dt.date(2023, 6, 14)
    cat = run_sync(catalogue(session, "C", ["electricity", "export"], first, last))
    offers = {f: tuple(Offer(o.key, o.label, o.pricing, o.terms.pair) for o in cat.offers if o.fuel == f)
              for f in ("electricity", "export")}
    return Inputs(first, last, home.series["electricity"], None, None, offers["electricity"],
                  offers["export"] if exports is None else exports(offers["export"]), None, None)


def test_tariffs_with_rates_in_one_order_share_flows_yet_each_is_priced_as_alone(session):
    """An EV and shifted use go where each tariff is cheapest, so their flows are worked out once per order of the
    rates and shared: every tariff's row, next to another with the same order, is what it is priced alone."""
    from dataclasses import replace

    from pyruntime.pricing.hand import flat_tariff
    from pyruntime.whatif.lab import Offer, run_whatif

    inputs = _june_inputs(session)
    flats = tuple(Offer(f"flat{p}", f"Flat {p}", flat_tariff("electricity", p, 45.0)) for p in (21.5, 24.5, 27.0))
    inputs = replace(inputs, imports=(*inputs.imports, *flats))
    params = {"battery": "5", "solar": "4", "ev_miles": "7000", "shift": "10", "strategy": "timer"}
    settings = Settings.from_params(params, "C")
    together = {(r.key, r.export_key): r for r in run_whatif(inputs, settings).rows}
    for offer in (*flats, inputs.imports[0]):
        for r in run_whatif(replace(inputs, imports=(offer,)), settings).rows:
            same = together[r.key, r.export_key]
            assert (same.after_p, same.before_p, same.new_import) == (r.after_p, r.before_p, r.new_import)
            assert (same.imported_kwh, same.exported_kwh, same.ev_short_kwh) == (r.imported_kwh, r.exported_kwh,
                                                                                 r.ev_short_kwh)


def test_pairs_with_the_same_prices_share_one_plan_and_the_budget_counts_plans(session, monkeypatch):
    """Each export sold under two names at one price: each import's two pairs with it get one plan between them;
    with a budget of three plans, three are made (a pair sharing one of them is planned too)."""
    from pyruntime.whatif import lab as lab_module
    from pyruntime.whatif.lab import Offer, run_whatif

    def twice(exports):
        return (*exports, *(Offer(o.key + "_again", o.label + " again", o.pricing) for o in exports if not o.pair))

    inputs = _june_inputs(session, twice)
    settings = Settings.from_params({"battery": "5", "solar": "4", "strategy": "day_ahead"}, "C")
    every = run_whatif(inputs, settings)
    assert all(r.battery.strategy == "day_ahead" for r in every.rows)
    by_pair = {(r.key, r.export_key): r for r in every.rows}
    twins = [(r, by_pair[r.key, r.export_key + "_again"]) for r in every.rows
             if r.export_key and (r.key, r.export_key + "_again") in by_pair]
    assert twins
    for a, b in twins:
        assert a.battery.grid_import is b.battery.grid_import  # one plan, not two equal ones
        assert a.after_p == b.after_p
    count = (inputs.last - inputs.first).days * 48 + 48
    monkeypatch.setattr(lab_module, "DAY_AHEAD_HALF_HOURS", 3 * count)  # three plans
    some = run_whatif(inputs, settings)
    planned = [r for r in some.rows if r.battery.strategy == "day_ahead"]
    assert len({id(r.battery.grid_import) for r in planned}) == 3 <= len(planned) < len(some.rows)
    assert all(by_pair[r.key, r.export_key].after_p == pytest.approx(r.after_p, abs=1e-9) for r in planned)
    assert any("Day-ahead planning is run on the" in n for n in some.notes)


def test_the_bound_reports_its_progress_to_the_page_as_it_runs(session):
    """The ``report`` op's progress sink hears each phase by name, counting up to its total."""
    from pyruntime.bridge import run_sync
    from pyruntime.ops import OpContext
    from pyruntime.ops.core import report

    heard: list[dict] = []
    params = {"report": "whatif", "battery": "5", "solar": "4", "bound": "1"}
    model = run_sync(report(OpContext(session, {"source": "demo", "params": params}, None, heard.append)))
    json.dumps(heard)  # each event crosses to the page as JSON
    bound = [e for e in heard if e["label"].startswith("Perfect-foresight bound on ")]
    assert len(bound) >= 10  # a bar that moves, not a jump from empty to full
    assert [e["done"] for e in bound] == sorted(e["done"] for e in bound)
    assert all(0 <= e["done"] <= e["total"] for e in bound)
    assert bound[-1]["done"] == bound[-1]["total"]
    best = next(r for r in ranking(model)["rows"] if r[0] == "1")
    assert bound[0]["label"] == f"Perfect-foresight bound on {best[1]}"
    assert any(e["label"] == "Pricing every tariff before and after" for e in heard)


def test_where_something_is_exported_every_import_is_ranked_with_every_export_sold_alone(session):
    """Solar or a battery: each import sold alone × each export sold alone, Flux only with its own export."""
    solar = ranking(view_model(session, report="whatif", solar="4", battery="0"))["rows"]
    pairs = {(r[1], r[2]) for r in solar}
    assert len(pairs) == len(solar)  # each pair once
    imports = {r[1] for r in solar}
    exports = {r[2] for r in solar if r[1] == "Flexible Octopus"}
    assert len(exports) >= 2 and "no export tariff" not in exports
    assert all((i, e) in pairs for i in imports if "Flux" not in i for e in exports)
    assert {r[2] for r in solar if "Flux" in r[1]} == {"Octopus Flux (export)"}
    ranked = [r for r in solar if r[0] != "–"]
    assert [money(r[4]) for r in ranked] == sorted(money(r[4]) for r in ranked)  # ranked across pairs

    # One export chosen: every import sold alone is had with it only.
    key = next(o["value"] for f in view_model(session, report="whatif", solar="4")["blocks"] if f["type"] == "form"
               for o in next(x for x in f["fields"] if x["name"] == "export")["options"] if o["value"])
    one = ranking(view_model(session, report="whatif", solar="4", battery="0", export=key))["rows"]
    assert len(one) == len(imports) and len({r[2] for r in one if "Flux" not in r[1]}) == 1


def test_a_change_of_battery_price_re_uses_the_planned_runs_and_changes_only_the_payback(session):
    """Day-ahead plans and the bound depend on the battery's size, power and efficiency, not on its price."""
    import datetime as dt

    from pyruntime.bridge import run_sync
    from pyruntime.pricing.catalogue import catalogue
    from pyruntime.whatif.lab import Inputs, Offer, run_whatif
    from pyruntime.whatif.memory import LabMemory

    home = session.use("demo")
    first, last = dt.date(2023, 6, 1), dt.date(2023, 6, 14)
    cat = run_sync(catalogue(session, "C", ["electricity", "export"], first, last))
    offers = {f: tuple(Offer(o.key, o.label, o.pricing, o.terms.pair) for o in cat.offers if o.fuel == f)
              for f in ("electricity", "export")}
    inputs = Inputs(first, last, home.series["electricity"], None, None, offers["electricity"], offers["export"],
                    None, None)
    params = {"battery": "5", "solar": "4", "strategy": "day_ahead", "bound": "1"}
    memory = LabMemory()
    a = run_whatif(inputs, Settings.from_params({**params, "battery_cost": "3500"}, "C"), memory=memory)
    b = run_whatif(inputs, Settings.from_params({**params, "battery_cost": "2000"}, "C"), memory=memory)
    planned = [(x, y) for x, y in zip(a.rows, b.rows, strict=True) if x.battery.strategy == "day_ahead"]
    assert planned and all(x.battery is y.battery and x.after_p == y.after_p for x, y in planned)
    assert a.bound is b.bound and a.bound_after_p == b.bound_after_p
    fresh = run_whatif(inputs, Settings.from_params({**params, "battery_cost": "2000"}, "C"))
    assert [(r.key, r.export_key, r.after_p) for r in fresh.rows] == [(r.key, r.export_key, r.after_p) for r in b.rows]
    assert fresh.bound_after_p == b.bound_after_p
    timer = {**params, "strategy": "timer", "bound": ""}
    c = run_whatif(inputs, Settings.from_params({**timer, "battery_cost": "3500"}, "C"), memory=memory)
    d = run_whatif(inputs, Settings.from_params({**timer, "battery_cost": "2000"}, "C"), memory=memory)
    assert all(x.battery is y.battery or x.battery.grid_import is y.battery.grid_import
               for x, y in zip(c.rows, d.rows, strict=True))  # timer runs are kept too
    bigger = run_whatif(inputs, Settings.from_params({**params, "battery": "6"}, "C"), memory=memory)
    assert bigger.bound is not b.bound  # another size is planned afresh


def test_with_nothing_exported_each_import_has_one_row(session):
    """An EV on a home without panels or export readings exports nothing: no export tariff to choose."""
    import datetime as dt

    from pyruntime.bridge import run_sync
    from pyruntime.pricing.catalogue import catalogue
    from pyruntime.whatif.lab import Inputs, Offer, run_whatif

    home = session.use("demo")
    first, last = dt.date(2023, 3, 1), dt.date(2023, 3, 31)
    cat = run_sync(catalogue(session, "C", ["electricity", "export"], first, last))
    offers = {f: tuple(Offer(o.key, o.label, o.pricing, o.terms.pair) for o in cat.offers if o.fuel == f)
              for f in ("electricity", "export")}
    inputs = Inputs(first, last, home.series["electricity"], None, None, offers["electricity"], offers["export"],
                    None, None)
    ev = run_whatif(inputs, Settings.from_params({"battery": "0", "ev_miles": "7000"}, "C"))
    assert len(ev.rows) == len(offers["electricity"])
    solar = run_whatif(inputs, Settings.from_params({"battery": "0", "solar": "4"}, "C"))
    assert len(solar.rows) > len(offers["electricity"])


def test_a_household_with_export_readings_can_scale_them_instead_of_the_model(session):
    params = {"report": "whatif", "battery": "0", "solar": "4"}
    model = view_model(session, **params)
    form = next(b for b in model["blocks"] if b["type"] == "form")
    assert "export readings show you already have panels" in form["caption"]
    field = next(f for f in form["fields"] if f["name"] == "solar_profile")
    assert [o["value"] for o in field["options"]] == ["model", "export"]

    scaled = view_model(session, **params, solar_profile="export")
    assert scaled["view"]["solar_profile"] == "export"  # a setting in the URL
    assert any(n.startswith("The new panels follow your own export readings, scaled ×") for n in scaled["notices"])
    assert [r[4] for r in ranking(scaled)["rows"]] != [r[4] for r in ranking(model)["rows"]]
    facts = next(b for b in scaled["blocks"] if b["type"] == "facts" and b["title"] == "Assumptions")
    assert "your own export readings" in json.dumps(facts)

    bad = view_model(session, **params, solar_profile="sunny")
    form = next(b for b in bad["blocks"] if b["type"] == "form")
    assert "not a generation profile" in next(f for f in form["fields"] if f["name"] == "solar_profile")["error"]
    assert ranking(bad)["rows"] == ranking(model)["rows"]  # the model stands in; the rest keeps working


def test_a_household_with_no_electricity_data_gets_the_lab_with_a_message_by_each_device():
    """Gas readings only: the lab is on the menu, each device asked for is marked, the rest of the page works."""
    from pathlib import Path

    from pyruntime.bridge import run_sync
    from pyruntime.ops import OpContext
    from pyruntime.ops.load import load_file

    gas = (Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
           / "octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv")  # its source and licence: README there
    home = sample_session()
    run_sync(load_file(OpContext(home, {"name": gas.name, "fuel": "gas"}, gas.read_bytes(), None)))
    model = view_model(home, "file", report="whatif", heat_pump="1", ev_miles="7000")
    assert model["title"] == "What-if lab: no electricity import data"
    assert any(item["label"] == "What-if lab" and item["current"] for item in model["menu"])
    form = next(blk for blk in model["blocks"] if blk["type"] == "form")
    errors = {f["name"]: f["error"] for f in form["fields"] if f.get("error")}
    assert set(errors) == {"heat_pump", "ev_miles"}
    assert all("needs your electricity import readings" in e for e in errors.values())
    assert next(f for f in form["fields"] if f["name"] == "ev_miles")["value"] == "7000"  # kept to come back to
    warn = next(blk for blk in model["blocks"] if blk["type"] == "text")
    assert warn["tone"] == "warn" and "choose another report" in warn["paragraphs"][0]
    default = view_model(home, "file", report="whatif")  # the default 5 kWh battery is marked too
    assert "battery" in {f["name"] for f in default["blocks"][0]["fields"] if f.get("error")}
    assert view_model(home, "file", report="consumption", fuel="gas")["title"].startswith("Gas")  # data still there


def test_an_ev_in_kwh_a_year_and_use_shifted_in_kwh_a_day(session):
    """The EV sized by kWh a year at the socket (not miles), shifted use by kWh a day (not a %)."""
    ev = Settings.from_params({"battery": "0", "ev_kwh": "2000", "ev_eff": "4"}, "C").ev
    assert ev is not None and ev.miles_per_year == 8000 and ev.kwh_per_day == pytest.approx(2000 / 365)
    shift = Settings.from_params({"battery": "0", "shift_kwh": "2"}, "C").shift
    assert shift is not None and (shift.percent, shift.kwh_per_day) == (0.0, 2.0)

    june = view_model(session, report="whatif", battery="0", month="2023-06", shift_kwh="2", ev_kwh="2000")
    assert june["title"] == "What-if lab: EV, shifted use"
    assert june["view"]["shift_kwh"] == "2" and june["view"]["ev_kwh"] == "2000"  # settings in the URL
    flows = next(b for b in june["blocks"] if b.get("title") == "Energy over the period")
    energy = {i["label"]: i for i in flows["items"]}
    # 2 kWh into each night's window, taken from the day before it: June's first night has no day before it.
    assert energy["Use shifted"]["value"] == pytest.approx(2 * 29, abs=0.5)
    # A day's charge in each plug-in: 31 of them, the part-nights at June's two ends counted whole.
    assert energy["EV charging"]["value"] == pytest.approx(2000 / 365 * 31, abs=0.5)
    facts = json.dumps(next(b for b in june["blocks"] if b.get("title") == "Assumptions"), ensure_ascii=False)
    assert "2 kWh of each day's use outside 00:00–07:00" in facts


def test_every_figure_of_a_combined_scenario_with_a_hand_entered_tariff_and_its_assumptions(session):
    """Battery, panels, EV and heat pump together: hand-entered tariffs ranked beside the feeds' (import and
    export), payback, cycles, CO2e, energy flows, twelve months, and every assumption the numbers rest on."""
    custom = "electricity~Fixed deal~24.5~45;export~SEG~4.1"
    m = view_model(session, report="whatif", battery="5", solar="4", ev_miles="7000", heat_pump="1", custom=custom)
    assert m["title"] == "What-if lab: battery, solar panels, EV, heat pump"
    rows = ranking(m)["rows"]
    assert any(r[1] == "Fixed deal (entered by you)" and r[0] != "–" for r in rows)
    assert any(r[2] == "SEG (entered by you)" for r in rows)
    t = totals(m)
    assert {"Best tariff before", "Best tariff after", "Saving a year (best before → best after)", "Simple payback",
            "Battery cycles a year", "Change in CO2e a year (import + gas)"} <= set(t)
    assert float(t["Battery cycles a year"].replace(",", "")) > 0
    months = next(b for b in m["blocks"] if b["type"] == "table" and b["title"].startswith("Month by month"))
    assert len(months["rows"]) == 12  # the last twelve months of data by default
    energy = {i["label"] for i in next(b for b in m["blocks"] if b.get("title") == "Energy over the period")["items"]}
    assert {"Imported before", "Exported before", "Exported after", "Generated by the new panels",
            "Of which used at home directly", "Gas replaced", "Heat pump electricity", "EV charging",
            "Battery charged", "Round-trip losses", "CO2e of import + gas, before",
            "CO2e of import + gas, after"} <= energy
    assert any(label.startswith("Imported after") for label in energy)
    said = {i["label"]: i["text"] for i in next(b for b in m["blocks"] if b.get("title") == "Assumptions")["items"]}
    assert "not next year's prices" in said["Prices"]
    assert "90 % round trip" in said["Battery"] and "never below 0 or above capacity" in said["Battery"]
    assert "SAP 2012 Appendix U" in said["Solar"] and "then the battery, then it is exported" in said["Solar"]
    assert "3.5 miles/kWh" in said["EV"]
    assert "85 % boiler efficiency" in said["Heat pump"] and "January to December" in said["Heat pump"]
    assert said["Period"].endswith("days)")
    assert "same engine as the comparison" in said["Pricing"]


def test_capping_the_gas_drops_its_standing_charge_and_keeping_it_keeps_it(session):
    params = {"report": "whatif", "battery": "0", "heat_pump": "1", "month": "2023-01"}
    capped = {(r[1], r[2]): money(r[4]) for r in ranking(view_model(session, **params, cap_gas="1"))["rows"]}
    kept = view_model(session, **params, cap_gas="0")
    # Flux's prices start after January 2023: its row shows no £ at all, rather than a part-priced sum.
    unpriced = [r for r in ranking(kept)["rows"] if money(r[4]) is None]
    assert [(r[1], r[4]["text"]) for r in unpriced] == [("Octopus Flux (import)", "no prices")]
    standing = [money(r[4]) - capped[r[1], r[2]] for r in ranking(kept)["rows"] if r not in unpriced]
    # 31 days of one gas standing charge, the same for every row (each cost rounded to the penny on its own)
    assert max(standing) - min(standing) <= 0.011 and 5 < min(standing) < 15
    said = {i["label"]: i["text"] for i in next(b for b in kept["blocks"] if b.get("title") == "Assumptions")["items"]}
    assert "Gas kept: its standing charge stays." in said["Heat pump"]


def test_a_refused_value_with_no_field_on_screen_is_said_at_the_top_once():
    """Without export readings the form has no generation profile, so its refusal is a page notice instead."""
    from pathlib import Path

    from pyruntime.bridge import run_sync
    from pyruntime.ops import OpContext
    from pyruntime.ops.load import load_file

    electricity = (Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
                   / "octopus_dashboard_electricity_2023-03-23_2023-03-29.csv")  # its source and licence: README there
    home = sample_session()
    run_sync(load_file(OpContext(home, {"name": electricity.name, "fuel": "electricity"}, electricity.read_bytes(),
                                 None)))
    model = view_model(home, "file", report="whatif", battery="5", battery_kw="5 W", solar="4", solar_profile="sunny")
    form = next(blk for blk in model["blocks"] if blk["type"] == "form")
    assert "solar_profile" not in {f["name"] for f in form["fields"]}
    said = [n for n in model["notices"] if "not a generation profile" in n]
    assert said == ["“sunny” is not a generation profile; using the model."]
    # A value whose field is on screen is said there only.
    power = next(f for f in form["fields"] if f["name"] == "battery_kw")
    assert power["error"].startswith("Give kW, e.g. 3 (not 5 W)")
    assert not any("5 W" in n for n in model["notices"])


def test_with_no_device_every_pair_costs_after_what_it_cost_before(session):
    """The demo has half-hours with an export reading but no import reading: the battery would rest there, but
    their export is still the household's, so with nothing changed every row's saving is exactly nothing (it
    was −£0.55 a year when those export readings were dropped from the after)."""
    rows = ranking(view_model(session, report="whatif", battery="0"))["rows"]
    assert len(rows) > 10
    for r in rows:
        assert money(r[3]) == money(r[4]), r
        assert money(r[5]) == 0, r


def test_a_battery_keeps_the_export_read_where_the_import_is_missing():
    from pyruntime.whatif.lab import _after_panels

    need, surplus, _, _ = _after_panels([None, 1.0, None, 0.2], None, [0.5, 0.2, None, None])
    assert need == [None, 1.0, None, 0.2]
    assert surplus == [0.5, 0.2, None, 0.0]  # the first half-hour's export reading kept; no reading stays a gap


def test_a_change_in_co2e_that_rounds_to_nothing_has_no_sign(session):
    t = totals(view_model(session, report="whatif", battery="0"))
    assert t["Change in CO2e a year (import + gas)"] == "0 kgCO2e"  # not "+0"


def test_a_tariff_the_household_could_not_take_is_marked_and_never_the_headline(session):
    """With ``has=battery,solar`` (as compare carries it) a battery scenario may not rank Octopus Go (an EV's) nor
    Cosy (a heat pump's): they are shown marked, after the ranked ones, and the headline is an eligible tariff."""
    model = view_model(session, report="whatif", has="battery,solar", battery="5")
    rows = ranking(model)["rows"]
    for name, needs in (("Octopus Go", "electric vehicle"), ("Cosy Octopus", "heat pump")):
        marked = [r for r in rows if r[1] == name]
        assert marked and all(r[0] == "–" and r[-1] == f"not eligible: needs {needs}" for r in marked)
    ranked = [r for r in rows if r[0] != "–"]
    assert rows[:len(ranked)] == ranked  # the ineligible ones come after
    best = totals(model)["Best tariff after"]
    assert best.startswith(ranked[0][1]) and not best.startswith(("Octopus Go", "Cosy", "Intelligent"))
    assert model["view"]["has"] == "battery,solar"  # kept for the next run of the form

    # The scenario's own devices count: an EV makes the EV tariffs eligible.
    ev = ranking(view_model(session, report="whatif", has="battery,solar", battery="5", ev_miles="7000"))["rows"]
    assert all(r[0] != "–" for r in ev if r[1] == "Octopus Go")
    # Without a filter every tariff is ranked, and the note says what one needs beyond the scenario's devices.
    go = [r for r in ranking(view_model(session, report="whatif", battery="5"))["rows"] if r[1] == "Octopus Go"]
    assert go and all(r[0] != "–" and r[-1] == "needs electric vehicle" for r in go)


def test_without_solar_an_export_tariff_that_needs_it_is_never_paired(session):
    """A household without export readings and a battery-only scenario under ``has=battery``: no export tariff
    sold alone (each needs solar) is had with an import, and Flux (solar and a battery) is not eligible."""
    import datetime as dt

    from pyruntime.bridge import run_sync
    from pyruntime.pricing.catalogue import catalogue
    from pyruntime.whatif.lab import Inputs, Offer, run_whatif

    home = session.use("demo")
    first, last = dt.date(2023, 3, 1), dt.date(2023, 3, 31)
    cat = run_sync(catalogue(session, "C", ["electricity", "export"], first, last))
    offers = {f: tuple(Offer(o.key, o.label, o.pricing, o.terms.pair, o.terms.requires) for o in cat.offers
                       if o.fuel == f) for f in ("electricity", "export")}
    inputs = Inputs(first, last, home.series["electricity"], None, None, offers["electricity"], offers["export"],
                    None, None, frozenset({"battery"}))
    r = run_whatif(inputs, Settings.from_params({"battery": "5", "strategy": "day_ahead"}, "C"))
    assert {row.export_key for row in r.rows if not row.label.startswith("Octopus Flux")} == {None}
    assert all(not row.eligible for row in r.rows if "flux" in row.key)
    assert r.rows[0].rankable and "solar" not in r.rows[0].requires


def test_a_week_is_not_scaled_to_a_year_and_says_why(session):
    """Seven October days: the battery's and heat pump's saving, cycles and CO2e over those days, no payback."""
    model = view_model(session, report="whatif", battery="5", heat_pump="1", **{"from": "2023-10-01",
                                                                                  "to": "2023-10-07"})
    t = totals(model)
    assert not any("a year" in label for label in t)
    assert {"Saving over these days (best before → best after)", "Battery cycles over these days",
            "Change in CO2e over these days (import + gas)"} <= set(t)
    assert t["Simple payback"] == "not worked out: the period is short of a year"
    assert t["Period"].startswith("7 days in October 2023: solar, heating and a battery's saving change with the "
                                  "season")
    table = ranking(model)
    assert "Battery cycles" in table["columns"] and "Battery cycles/yr" not in table["columns"]
    best = next(r for r in table["rows"] if r[0] == "1")
    saving = next(x for x in model["totals"] if x["label"].startswith("Saving"))
    assert saving["value"] <= money(best[3]) - money(best[4]) + 0.01  # not scaled up (nor above the best's own)


def test_a_spring_to_autumn_period_with_solar_is_not_scaled_to_a_year(session):
    """275 days, March to November: no winter in it, so the panels' and battery's saving stays over the period."""
    model = view_model(session, report="whatif", battery="5", solar="4", **{"from": "2023-03-01", "to": "2023-11-30"})
    t = totals(model)
    assert "Saving over these days (best before → best after)" in t
    assert t["Simple payback"] == "not worked out: the period is short of a year"
    assert t["Period"].startswith("275 days from March to November 2023: ")
    year = totals(view_model(session, report="whatif", battery="5", solar="4"))
    assert "Saving a year (best before → best after)" in year and year["Simple payback"].endswith(" years")


def test_a_payback_is_formatted_and_an_absurd_one_is_said_as_more_than_50_years(session):
    from pyruntime.reports.whatif import payback_text

    assert payback_text(13.84) == "13.8 years"
    assert payback_text(50.0) == "50.0 years"
    assert payback_text(826792.6) == "more than 50 years"
    assert payback_text(None) == "never at these prices"
    t = totals(view_model(session, report="whatif", battery="0.0001"))
    assert t["Simple payback"] in ("more than 50 years", "never at these prices")


def test_a_timer_battery_alone_exports_nothing_so_each_import_has_one_row(session):
    """No panels, no export readings: a battery on the timer only covers the home, so no export tariff is paired
    (a day-ahead battery may export, and is)."""
    import datetime as dt

    from pyruntime.bridge import run_sync
    from pyruntime.pricing.catalogue import catalogue
    from pyruntime.whatif.lab import Inputs, Offer, run_whatif

    home = session.use("demo")
    first, last = dt.date(2023, 3, 1), dt.date(2023, 3, 14)
    cat = run_sync(catalogue(session, "C", ["electricity", "export"], first, last))
    offers = {f: tuple(Offer(o.key, o.label, o.pricing, o.terms.pair) for o in cat.offers if o.fuel == f)
              for f in ("electricity", "export")}
    inputs = Inputs(first, last, home.series["electricity"], None, None, offers["electricity"], offers["export"],
                    None, None)
    timer = run_whatif(inputs, Settings.from_params({"battery": "5"}, "C"))
    assert len(timer.rows) == len(offers["electricity"])
    assert all(row.exported_kwh == 0 for row in timer.rows)
    assert {row.export_key for row in timer.rows if row.key.startswith("flux") is False} <= {None} | {
        o.key for o in offers["export"] if o.pair}
    ahead = run_whatif(inputs, Settings.from_params({"battery": "5", "strategy": "day_ahead"}, "C"))
    assert len(ahead.rows) > len(offers["electricity"])


def test_empty_columns_are_left_out_of_the_ranking(session):
    """No battery and nothing to note: no cycles column and no Note column taking the tariff names' room."""
    columns = ranking(view_model(session, report="whatif", battery="0", solar="4", has="ev,heat_pump,battery",
                                 **{"from": "2023-06-01", "to": "2023-06-30"}))["columns"]
    assert "Battery cycles/yr" not in columns and "Note" not in columns
    assert ranking(view_model(session, report="whatif", battery="5"))["columns"][-2:] == ["Battery cycles/yr", "Note"]


def test_a_headline_tariff_the_household_may_not_have_what_it_needs_for_says_so(session, lab):
    """Without an "I have" filter every tariff is ranked: when the best one after needs an EV the battery scenario
    does not bring, the headline says so, as its row's note does, rather than promise a saving the household may
    not be able to get. Ticking the EV removes the caveat."""
    best = ranking(lab)["rows"][0]
    assert (best[1], best[-1]) == ("Octopus Go", "needs electric vehicle")
    t = totals(lab)
    assert t["Best tariff after"].startswith("Octopus Go") and t["Best tariff after"].endswith(
        f"{best[4]['text']} (needs electric vehicle)")
    assert "needs" not in t["Best tariff before"]  # Agile Octopus needs nothing
    with_ev = totals(view_model(session, report="whatif", has="ev"))
    assert with_ev["Best tariff after"].startswith("Octopus Go") and "needs" not in with_ev["Best tariff after"]


def test_a_scenario_that_costs_more_says_so_in_words_not_as_a_negative_saving(session):
    """An EV adds its charging to the bill: the saving is negative, and the page says it costs more (as Compare
    does), the number kept negative beside the words."""
    model = view_model(session, report="whatif", battery="0", ev_miles="7000")
    saving = next(x for x in model["totals"] if x["label"].startswith("Saving"))
    before = next(x for x in model["totals"] if x["label"] == "Best tariff before")["value"]
    after = next(x for x in model["totals"] if x["label"] == "Best tariff after")["value"]
    assert saving["value"] == pytest.approx(before - after, abs=0.01) and saving["value"] < 0
    assert saving["text"] == f"costs £{after - before:,.2f} more" and saving["warn"] is True
    assert "−" not in saving["text"] and "-" not in saving["text"]
