"""The emissions view on the demo household with the bundled sample carbon feeds (regions A, C, national)."""

from __future__ import annotations

import json

from pyruntime.bridge import run_sync
from pyruntime.feeds.files import parse_carbon_file
from pyruntime.household.demo import demo_household
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.session import Session
from tests.pyruntime.sample_feeds import SAMPLE, sample_session


def session() -> Session:
    return sample_session()


def view(s: Session, **params: str) -> dict:
    return run_sync(report(OpContext(s, {"source": "demo", "params": {"report": "emissions", **params}})))


def totals(model: dict) -> dict[str, str]:
    return {t["label"]: t["text"] for t in model["totals"]}


def blocks(model: dict, kind: str) -> list[dict]:
    return [b for b in model["blocks"] if b["type"] == kind]


def test_year_total_matches_a_hand_sum_of_kwh_times_regional_intensity():
    s = session()
    model = view(s)
    elec = demo_household()["electricity"]
    carbon = parse_carbon_file(json.loads((SAMPLE / "v1/carbon/C/2023.json").read_text())).forecast
    offset = (elec.start - carbon.start) // 1800
    grams = 0.0
    for n, kwh in enumerate(elec.values):
        ci = carbon.values[offset + n]
        if kwh is not None and ci is not None:
            grams += kwh * ci
    months = blocks(model, "bars")[0]["bars"]
    assert len(months) == 12
    assert abs(sum(m["value"] for m in months) - grams / 1000) < 1e-4
    assert totals(model)["Emissions"] == f"{grams / 1000:,.2f} kgCO2e"
    assert model["subtitle"] == "London (C)"
    assert model["view"]["region"] == "C"  # the demo's region, kept in the URL
    assert "feeds/v1/carbon/C/2023.json" in s.transport.asked


def test_labelled_as_the_regional_forecast_the_grid_operator_publishes():
    method = blocks(view(session()), "text")[-1]
    assert method["title"] == "How these numbers are made"
    assert "forecast carbon intensity for London (C), as published by the grid operator" in method["paragraphs"][0]
    assert any("SAMPLE" in p for p in method["paragraphs"])


def test_flat_average_typical_home_and_timing_score_are_shown_side_by_side():
    model = view(session())
    facts = {i["label"]: i["text"] for i in blocks(model, "facts")[0]["items"]}
    assert set(facts) == {"Your timing", "Flat average intensity", "Typical home's timing", "Carbon timing score"}
    lines = blocks(model, "lines")[0]
    assert [s["name"] for s in lines["series"]] == ["Your timing", "Flat average intensity", "Typical home's timing"]
    assert "than the period's average" in totals(model)["Carbon timing score"]


def test_drill_to_month_and_clock_change_days():
    s = session()
    march = view(s, month="2023-03")
    assert len(blocks(march, "bars")[0]["bars"]) == 31
    forward = view(s, day="2023-03-26")
    assert len(blocks(forward, "bars")[0]["bars"]) == 46
    back = view(s, day="2023-10-29")
    labels = [b["label"] for b in blocks(back, "bars")[0]["bars"]]
    assert len(labels) == 50
    assert labels[2:6] == ["01:00 (BST)", "01:30 (BST)", "01:00 (GMT)", "01:30 (GMT)"]
    over = blocks(back, "bars")[1]  # the day's use with the grid's intensity as a line over it
    assert over["unit"] == "kWh" and over["overlay"]["unit"] == "gCO2/kWh"
    assert len(over["overlay"]["values"]) == len(over["bars"]) == 50


def test_a_week_draws_use_over_carbon_intensity_with_the_same_numbers_in_its_table():
    model = view(session(), week="2023-03-22")  # 20–26 Mar: the clocks go forward on the Sunday
    assert model["title"].endswith("Week of 20 Mar 2023")
    assert len(blocks(model, "bars")[0]["bars"]) == 7
    over = blocks(model, "bars")[1]
    assert len(over["bars"]) == 6 * 48 + 46
    table = next(t for t in blocks(model, "table") if "by half-hour" in t["title"])
    assert [r[1]["value"] for r in table["rows"]] == [round(b["value"], 3) if b["value"] is not None else None
                                                      for b in over["bars"]]
    assert [r[2]["value"] for r in table["rows"]] == over["overlay"]["values"]
    assert table["rows"][0][0] == "Mon 00:00"


def test_another_region_and_national_actuals_are_url_settings():
    s = session()
    c = totals(view(s))["Emissions"]
    a = view(s, region="A")
    assert a["subtitle"] == "Eastern England (A)" and totals(a)["Emissions"] != c
    national = view(s, intensity="national")
    assert national["subtitle"] == "Great Britain (national)"
    assert national["view"]["intensity"] == "national"
    assert "actual carbon intensity" in blocks(national, "text")[-1]["paragraphs"][0]


def test_a_region_missing_from_the_feeds_falls_back_to_national_with_a_notice():
    model = view(session(), region="B")
    assert model["subtitle"] == "Great Britain (national)"
    assert any("no values for East Midlands (B)" in n for n in model["notices"])


def test_bad_settings_fall_back_with_notices():
    model = view(session(), region="Q", shift="150", intensity="sometimes")
    assert model["view"]["region"] == "C" and "shift" not in model["view"]
    assert len(model["notices"]) == 3


def test_a_shift_typed_as_a_fraction_is_left_out_saying_how_to_write_it():
    model = view(session(), shift="0.35")
    assert "shift" not in model["view"]
    assert ("“0.35” reads as 0.35 %: write 35% for 35 per cent, or 0.35% if you mean it; the share of use to shift "
            "was left out.") in model["notices"]
    model = view(session(), shift="3,5")
    assert "Write the number with a decimal point, e.g. 3.5 (not 3,5); the share of use to shift was left out." \
        in model["notices"]


def test_a_shift_under_one_per_cent_typed_with_its_sign_is_kept_with_it():
    model = view(session(), shift="0.5%")
    assert model["view"]["shift"] == "0.5%" and not model["notices"]
    # The form's field shows it with its sign too, so sending the form again keeps it (a number box showed 0.5).
    field = next(f for f in blocks(model, "form")[0]["fields"] if f["name"] == "shift")
    assert field["kind"] == "quantity" and field["value"] == "0.5%"


def test_shifting_more_into_the_greenest_hours_saves_more():
    s = session()

    def saving(shift: str) -> str:
        text = next(b for b in blocks(view(s, shift=shift), "text") if b["title"].startswith("What if"))
        return text["paragraphs"][0]

    assert "0.00 kgCO2e less" in saving("0")
    assert "What if you shifted 35 %" in next(b["title"] for b in blocks(view(s, shift="35"), "text")
                                               if b["title"].startswith("What if"))

    def kg(shift: str) -> float:
        p = saving(shift)
        return float(p.split(": ")[1].split(" kgCO2e less")[0].replace(",", ""))

    assert 0 < kg("10") < kg("30") < kg("60")


def test_the_shift_what_if_covers_the_period_shown():
    s = session()

    def what_if(model: dict) -> str:
        return next(b for b in blocks(model, "text") if b["title"].startswith("What if"))["paragraphs"][0]

    def emissions(model: dict) -> float:
        return next(t["value"] for t in model["totals"] if t["label"] == "Emissions")

    whole = view(s, region="A", shift="35")
    assert what_if(whole).startswith("Over all your data, moving 35 %")
    for params, span in (({"month": "2023-03"}, "Mar 2023"), ({"day": "2023-03-26"}, "26 Mar 2023")):
        model = view(s, region="A", shift="35", **params)
        line = what_if(model)
        assert line.startswith(f"Over the period shown ({span}), moving 35 %")
        # It starts from the emissions the period's totals and "three timings" show, not all the data's.
        assert f"from {emissions(model):,.2f} kgCO2e to " in line
        assert emissions(model) < emissions(whole) / 5
        assert next(b for b in blocks(model, "facts"))["title"] == f"The same use, three timings ({span})"


def test_settings_form_and_downloads_carry_only_settings():
    model = view(session(), month="2023-05", shift="25")
    form = blocks(model, "form")[0]
    assert [f["name"] for f in form["fields"]] == ["region", "intensity", "shift"]
    assert form["params"] == model["view"]
    downloads = blocks(model, "download")
    ops = [d["op"] for d in downloads]
    assert ops.count("download_table") == len(blocks(model, "table"))
    data = [d["payload"] for d in downloads if d["op"] == "download_data"]
    assert {p["grain"] for p in data} == {"half_hourly", "daily"}
    assert all(p["month"] == "2023-05" and p["region"] == "C" and p["tariff"] == "E-1R-VAR-22-11-01-C" for p in data)
    assert len(json.dumps(downloads)) < 3000  # settings, never readings


def test_gas_uses_the_stated_factor_and_says_it_is_unverified():
    model = view(session(), fuel="gas", month="2023-01")
    t = totals(model)
    assert t["Emission factor"] == "0.18293 kgCO2e/kWh (unverified)"
    kwh = float(t["Gas used"].split()[0].replace(",", ""))
    kg = float(t["Emissions"].split()[0].replace(",", ""))
    assert abs(kg - kwh * 0.18293) < 0.05
    method = " ".join(blocks(model, "text")[-1]["paragraphs"])
    assert "not yet been checked" in method and "DESNZ" in method
    day = view(session(), fuel="gas", day="2023-10-29")
    assert len(blocks(day, "bars")[0]["bars"]) == 50


def test_downloads_price_any_tariff_named_by_code_or_family():
    s = session()
    for wanted, code in (("agile", "E-1R-AGILE-FLEX-22-11-25-C"), ("E-1R-GO-VAR-22-10-14-C", "E-1R-GO-VAR-22-10-14-C")):
        model = view(s, tariff=wanted)
        data = [d["payload"] for d in blocks(model, "download") if d["op"] == "download_data"]
        assert {p["tariff"] for p in data} == {code}
    hostile = view(s, tariff="=1+1")
    assert "tariff" not in hostile["view"] and hostile["notices"]


def test_the_downloads_name_the_tariff_assumed_for_the_household_as_assumed_and_a_chosen_one_plainly():
    s = session()
    assumed = [d["label"] for d in blocks(view(s), "download") if "price and cost" in d["label"]]
    assert assumed and all("price and cost on Flexible Octopus (assumed)," in label for label in assumed), assumed
    chosen = [d["label"] for d in blocks(view(s, tariff="agile"), "download") if "price and cost" in d["label"]]
    assert chosen and all("price and cost on Agile Octopus" in label and "assumed" not in label
                          for label in chosen), chosen
