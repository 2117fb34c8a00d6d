"""The profile view: demo household, a known constant load, gas with and without a continuous overnight flow."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pyruntime.bridge import run_sync
from pyruntime.household import Household, demo
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.ops.load import load_file
from pyruntime.session import Session
from pyruntime.timeseries.aggregate import daily_totals, series_days
from pyruntime.timeseries.isotime import parse_instant
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds
from pyruntime.timeseries.series import Series
from tests.pyruntime.sample_feeds import SAMPLE, SampleFeeds, sample_session, view_model


def session(household: Household | None = None) -> Session:
    s = Session()
    s.transport = SampleFeeds()
    if household is not None:
        s.replace(household)
    return s


def view(s: Session, source: str = "demo", **params: str) -> dict:
    return run_sync(report(OpContext(s, {"source": source, "params": {"report": "profile", **params}})))


def totals(model: dict) -> dict[str, str]:
    return {t["label"]: t["text"] for t in model["totals"]}


def blocks(model: dict, kind: str) -> list[dict]:
    return [b for b in model["blocks"] if b["type"] == kind]


def synthetic(fuel: str, first: dt.date, days: int, kwh) -> Series:
    """``kwh(day_index, half_hour_index)`` for each half-hour of ``days`` London days from ``first``."""
    start = day_bounds(first)[0]
    values = []
    for d in range(days):
        s, e = day_bounds(first + dt.timedelta(days=d))
        values += [kwh(d, n) for n in range((e - s) // 1800)]
    return Series(fuel, start, tuple(values))


def test_demo_average_days_against_a_typical_home_and_by_season():
    model = view(session())
    weekday, season = blocks(model, "lines")[:2]
    assert weekday["x_labels"][0] == "00:00" and len(weekday["x_labels"]) == 48
    assert [s["style"] for s in weekday["series"]] == ["solid", "solid", "dashed", "dashed"]
    assert len(season["series"]) == 4
    # Every chart keeps a data table.
    assert len(blocks(model, "table")) >= len(blocks(model, "lines")) + len(blocks(model, "bars"))


def test_the_seasons_caption_counts_the_days_with_readings_not_the_calendars():
    """The demo's autumn has 91 calendar days, one of them (in September) without a reading: the seasonal average is
    of the 90 others, and the caption says days with readings, counted here from the daily totals."""
    series = demo().series["electricity"]
    read = {}
    for d in daily_totals(series, *series_days(series)):
        season = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring", 6: "summer",
                  7: "summer", 8: "summer"}.get(d.day.month, "autumn")
        read[season] = read.get(season, 0) + (d.present > 0)
    assert read["autumn"] == 90  # of 91 days
    season = blocks(view(session()), "lines")[1]
    assert season["caption"] == ("Your average use in each half-hour, by season (days with readings in each: "
                                 f"winter {read['winter']}, spring {read['spring']}, summer {read['summer']}, autumn "
                                 f"{read['autumn']}).")


def test_gas_is_set_beside_a_typical_home_s_electricity_shape_and_says_so():
    """The typical home's shape is of electricity use (Elexon profile class 1): beside gas, "a typical home's shape"
    read as a typical home's gas. The caption and the method say what it is; electricity's say no more than before."""
    gas, electricity = view(session(), fuel="gas"), view(session(), fuel="electricity")
    assert blocks(gas, "lines")[0]["caption"] == (
        "Your average use in each half-hour of the day (solid) against a typical home's electricity-use shape scaled "
        "to the same daily total (dashed).")
    how = next(b for b in blocks(gas, "text") if b["title"] == "How to read this")["paragraphs"]
    assert any(p.startswith("Typical home:") and p.endswith("we have no typical shape for gas.") for p in how)
    assert "electricity-use" not in blocks(electricity, "lines")[0]["caption"]
    assert "gas" not in json.dumps(next(b for b in blocks(electricity, "text") if b["title"] == "How to read this"))


def test_load_distribution_has_twenty_buckets_that_share_all_the_energy():
    model = view(session())
    dist = next(b for b in blocks(model, "bars") if b["title"].startswith("Load distribution"))
    assert len(dist["bars"]) == 20
    assert abs(sum(b["value"] for b in dist["bars"]) - 100) < 0.1
    values = [b["value"] for b in dist["bars"]]
    assert values == sorted(values, reverse=True)


def test_a_known_constant_load_reads_as_that_many_watts_and_its_cost():
    # 0.1 kWh every half-hour is 200 W, plus a daytime bump that must not move it.
    series = synthetic("electricity", dt.date(2023, 3, 20), 14, lambda d, n: 0.1 + (0.5 if 16 <= n < 40 else 0))
    s = session(Household("file", {"electricity": series}, region="C"))
    t = totals(view(s, "file", price="30"))
    assert t["Baseload (always on)"] == "200 W"
    # 200 W for 8766 h = 1753.2 kWh; at 30 p/kWh = £525.96.
    assert t["Baseload cost per year"] == "£525.96 at 30 p/kWh"


def test_baseload_cost_defaults_to_the_regions_standard_variable_rate():
    t = totals(view(session()))
    assert t["Baseload (always on)"].endswith(" W")
    assert t["Baseload cost per year"].startswith("£")
    facts = {i["label"]: i["text"] for i in blocks(view(session()), "facts")[0]["items"]}
    assert ("Flexible Octopus (assumed) in London (C): the average unit rate over every half-hour from 1 Jan 2023 to "
            "31 Dec 2023 inc VAT") in facts["Cost per year"]


def test_overnight_gas_flags_a_continuous_flow_and_not_a_boiler_that_stops():
    first = dt.date(2023, 10, 16)  # spans the clocks going back
    heating = lambda d, n: 1.5 if 12 <= n < 16 or 34 <= n < 44 else 0.0  # noqa: E731
    leak = synthetic("gas", first, 28, lambda d, n: heating(d, n) + 0.05)
    clean = synthetic("gas", first, 28, heating)
    flagged = totals(view(session(Household("file", {"gas": leak})), "file", fuel="gas"))
    fine = totals(view(session(Household("file", {"gas": clean})), "file", fuel="gas"))
    assert "pilot light or a leak" in flagged["Overnight gas check"]
    assert fine["Overnight gas check"] == "no continuous overnight flow"
    facts = blocks(view(session(Household("file", {"gas": leak})), "file", fuel="gas"), "facts")[0]
    flow = {i["label"]: i for i in facts["items"]}
    assert flow["Result"]["warn"] is True
    assert flow["Typical overnight flow"]["text"].startswith("100 W")  # 0.05 kWh per half-hour


def test_clock_change_week_profiles_stay_on_the_wall_clock():
    series = synthetic("electricity", dt.date(2023, 3, 22), 10, lambda d, n: 0.2)
    model = view(session(Household("file", {"electricity": series})), "file", price="25")
    weekday = blocks(model, "lines")[0]
    you = weekday["series"][0]["values"]
    assert len(you) == 48 and all(v == 0.2 for v in you)


def test_unusual_days_and_a_month_view():
    model = view(session(), month="2023-06", fuel="gas")
    assert model["title"] == "Profile of gas: Jun 2023"
    unusual = next(b for b in blocks(model, "table") if b["title"].startswith("Unusual days"))
    assert unusual["rows"] and all(row[0].endswith(" Jun 2023") for row in unusual["rows"])
    assert [c["label"] for c in model["crumbs"]] == ["All data", "Jun 2023"]


def test_bad_price_is_left_out_with_a_notice():
    model = view(session(), price="-3")
    assert "price" not in model["view"]
    assert any("between 0 and 500" in n for n in model["notices"])


def _form(model: dict) -> dict:
    return next(b for b in blocks(model, "form") if b["title"] == "Settings")


def _cost_per_year(model: dict) -> str:
    return totals(model)["Baseload cost per year"]


def _mean_rate(code: str, pick) -> float:
    """The mean over every half-hour of 2023 (the demo's last twelve months) of the sample feed's unit rate inc VAT
    for tariff ``code``, each half-hour's rate read by ``pick(document, t)`` [p/kWh]."""
    doc = json.loads((SAMPLE / "v1" / "tariffs" / code / "2023.json").read_text())
    lo, hi = day_bounds(dt.date(2023, 1, 1))[0], day_bounds(dt.date(2023, 12, 31))[1]
    return sum(pick(doc, t) for t in range(lo, hi, HALF_HOUR)) / ((hi - lo) // HALF_HOUR)


def _rate(rates: dict, t: int) -> float:
    r = rates["unit_rate_p_per_kwh_inc_vat"]
    return r["values"][(t - parse_instant(r["start"])) // r["step_seconds"]]


def test_the_form_offers_the_region_and_payment_that_price_the_baseload_and_paying_otherwise_reprices_it():
    s = sample_session()
    model = view_model(s, report="profile")
    form = _form(model)
    fields = {f["name"]: f for f in form["fields"]}
    assert list(fields) == ["price", "region", "payment"]  # Flexible Octopus has one rate: no night hours to set
    assert fields["region"]["value"] == "C" and fields["payment"]["value"] == "direct_debit"
    assert {o["value"] for o in fields["payment"]["options"]} == {"direct_debit", "non_direct_debit"}
    assert not {"price", "region", "payment"} & set(form["params"])  # the fields, not hidden copies, set them

    # What submitting "You pay: not by direct debit" asks for: the sample's non-direct-debit Flexible prices.
    paid = view_model(s, report="profile", payment="non_direct_debit")
    assert paid["view"]["payment"] == "non_direct_debit"
    assert {f["name"]: f["value"] for f in _form(paid)["fields"]}["payment"] == "non_direct_debit"
    mean = _mean_rate("E-1R-VAR-22-11-01-C", lambda doc, t: _rate(doc["non_direct_debit"]["unit_rates"]["standard"], t))
    direct = _mean_rate("E-1R-VAR-22-11-01-C", lambda doc, t: _rate(doc["unit_rates"]["standard"], t))
    assert f"{mean:.3f}" != f"{direct:.3f}"
    assert _cost_per_year(paid).endswith(f" at {round(mean, 3):g} p/kWh")
    assert _cost_per_year(model).endswith(f" at {round(direct, 3):g} p/kWh")


def test_on_an_economy_7_tariff_the_form_sets_its_night_hours_and_they_reprice_the_baseload():
    s = sample_session()
    s.household = Household("octopus", demo().series, region="C", facts=HouseholdFacts(tariffs={
        "electricity": (TariffAgreement("E-2R-VAR-22-11-01-C", parse_instant("2022-11-01T00:00:00Z"), None),)}))
    default = view_model(s, "octopus", report="profile")
    fields = {f["name"]: f for f in _form(default)["fields"]}
    assert fields["e7"]["value"] == "0030-0730" and fields["e7"]["label"] == "Economy 7 night (GMT)"

    eight = view_model(s, "octopus", report="profile", e7="0000-0800")
    assert {f["name"]: f["value"] for f in _form(eight)["fields"]}["e7"] == "0000-0800"
    assert "e7" not in _form(eight)["params"]
    # Night rate 00:00–08:00 GMT, the day rate otherwise, over every half-hour of 2023.
    units = lambda register: lambda doc, t: _rate(doc["unit_rates"][register], t)  # noqa: E731
    mean = _mean_rate("E-2R-VAR-22-11-01-C", lambda doc, t: units("night" if t % 86400 < 8 * 3600 else "day")(doc, t))
    assert _cost_per_year(eight).endswith(f" at {round(mean, 3):g} p/kWh")
    assert _cost_per_year(default) != _cost_per_year(eight)


def test_night_hours_in_the_address_are_kept_when_the_tariff_has_one_rate():
    form = _form(view_model(sample_session(), report="profile", e7="2300-0600"))
    assert "e7" not in {f["name"] for f in form["fields"]}
    assert form["params"]["e7"] == "2300-0600"  # for a two-register tariff chosen later


def _unusual_said(model: dict) -> tuple[str, list[str]]:
    """The Unusual days total and what its block says."""
    said = next(b for b in model["blocks"] if b.get("title", "").startswith("Unusual days"))
    return totals(model)["Unusual days"], said.get("paragraphs", [])


def test_a_period_counts_as_scored_only_the_days_with_same_weekday_neighbours_as_all_data_does():
    """A week of readings gives no day six same-weekday neighbours: none is scored, in the week or in all data."""
    s = session()
    name = "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
    path = Path(__file__).resolve().parents[1] / "fixtures" / "consumption" / name
    run_sync(load_file(OpContext(s, {"name": name}, path.read_bytes())))
    every, week = view(s, "file"), view(s, "file", week="2023-10-23")
    assert _unusual_said(every) == _unusual_said(week)
    total, paragraphs = _unusual_said(week)
    assert total == "0 of 0 days scored"
    assert paragraphs == ["No day could be scored: each is compared with at least 6 complete days on the same "
                          "weekday within 6 weeks either side, and no day here has that many."]


def test_a_months_scored_days_are_all_datas_scored_days_that_fall_in_it():
    """Demo gas, scored over the whole history: June's count is the days of June among them, checked against
    :func:`unusual_days` run on every day, not a count of June's complete days."""
    model = view(session(), month="2023-06", fuel="gas")
    gas = demo().series["gas"]
    days = daily_totals(gas, *series_days(gas))
    june = [d for d in days if d.day.month == 6 and d.day.year == 2023]
    scored_in_june = sum(1 for d in june if d.complete and sum(
        1 for k in range(7, 43, 7) for other in (d.day - dt.timedelta(days=k), d.day + dt.timedelta(days=k))
        if any(x.day == other and x.complete for x in days)) >= 6)
    assert totals(model)["Unusual days"].endswith(f"of {scored_in_june} days scored")


def test_the_export_profile_speaks_of_export_and_sets_no_typical_homes_use_beside_it():
    """Export is what the home sends out: 'your average use' and a typical home's consumption shape misread it."""
    s = session()
    name = "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
    path = Path(__file__).resolve().parents[1] / "fixtures" / "consumption" / name
    run_sync(load_file(OpContext(s, {"name": name, "fuel": "export"}, path.read_bytes())))
    model = view(s, "file", fuel="export")
    assert model["title"] == "Profile of electricity export: 26 Oct 2023 to 1 Nov 2023"
    said = json.dumps(model["blocks"]).lower()  # the page's own blocks (the menu describes the report in general)
    assert "typical home" not in said and "your average use" not in said and "ranked by use" not in said
    day = blocks(model, "lines")[0]
    assert day["caption"].startswith("Your average export in each half-hour of the day")
    assert [x["name"] for x in day["series"]] == ["You: Weekdays (Mon–Fri)", "You: Weekends (Sat–Sun)"]
    table = next(b for b in blocks(model, "table") if b["title"] == "Data table: average day, weekdays and weekends")
    assert table["columns"] == ["Half-hour starting", "You, Weekdays (Mon–Fri) (kWh)", "You, Weekends (Sat–Sun) (kWh)"]
    # Its figures are the export readings' own: the weekday 12:00 mean checked from the file's readings.
    export = s.household.series["export"]
    noon = [export.values[(day_bounds(d)[0] - export.start) // HALF_HOUR + 24]
            for d in (dt.date(2023, 10, 26), dt.date(2023, 10, 27), dt.date(2023, 10, 30), dt.date(2023, 10, 31),
                      dt.date(2023, 11, 1))]
    assert table["rows"][24][0] == "12:00"
    assert abs(table["rows"][24][1]["value"] - sum(noon) / len(noon)) < 1e-4
    # Electricity import keeps its typical home.
    s2 = session()
    run_sync(load_file(OpContext(s2, {"name": name}, path.read_bytes())))
    assert "Typical home" in json.dumps(view(s2, "file"))


def test_the_overnight_gas_check_writes_its_nights_as_every_page_writes_dates():
    model = view_model(sample_session(), report="profile", fuel="gas")
    facts = next(b for b in model["blocks"] if b.get("type") == "facts"
                 and any(i["label"] == "Nights looked at" for i in b["items"]))
    nights = next(i["text"] for i in facts["items"] if i["label"] == "Nights looked at")
    assert nights == "28 (4 Dec 2023 to 31 Dec 2023)", nights
