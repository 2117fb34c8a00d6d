"""Prices that cover only part of the data's dates: no £ where none is priced, and part-priced figures say so.

The bundled sample feeds end on 31 Dec 2023; the household here runs from 1 Sep 2023 to 31 Mar 2024.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pyruntime.bridge import run_sync
from pyruntime.household import Household
from pyruntime.household.demo import demo_household
from pyruntime.household.facts import HouseholdFacts
from pyruntime.pricing.catalogue import actual_pricing
from pyruntime.pricing.coverage import PartPricedDay, PriceCoverage, day_runs
from pyruntime.pricing.history import TariffHistory
from pyruntime.pricing.period import prepare, price_period
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds
from pyruntime.timeseries.series import Series

from .sample_feeds import sample_session, view_model

D = dt.date
FIRST, LAST = D(2023, 9, 1), D(2024, 3, 31)
PRICED = (D(2023, 9, 1), D(2023, 12, 31))
UNPRICED = (D(2024, 1, 1), D(2024, 3, 31))


def spanning_household() -> Household:
    """The demo's 2023 readings from September, then its 2024 readings to the end of March."""
    before, after = demo_household(2023), demo_household(2024)
    start, mid, end = day_bounds(FIRST)[0], day_bounds(D(2024, 1, 1))[0], day_bounds(LAST)[1]
    series = {fuel: Series(fuel, start, tuple(before[fuel].window(start, mid)) + tuple(after[fuel].window(mid, end)))
              for fuel in ("electricity", "gas", "export")}
    return Household("file", series, region="C", facts=HouseholdFacts(label="Sep 2023 to Mar 2024"))


@pytest.fixture(scope="module")
def session():
    s = sample_session()
    s.replace(spanning_household())
    return s


def totals(model: dict) -> dict[str, dict]:
    return {t["label"]: t for t in model["totals"]}


def block(model: dict, title: str) -> dict:
    return next(b for b in model["blocks"] if b.get("title") == title)


def titles(model: dict) -> list[str]:
    return [b.get("title") for b in model["blocks"]]


def independent_total_p(series: Series, pricing, first: dt.date, last: dt.date) -> tuple[float, int]:
    """Σ kWh × rate over the half-hours with both, plus each day's standing charge where the day has a unit
    rate, with VAT [p]; and the number of days the total holds: with a standing charge and a rate for some
    half-hour."""
    energy = standing = 0.0
    covered = 0
    day = first
    while day <= last:
        lo, hi = day_bounds(day)
        rates = pricing.unit_rates(lo, (hi - lo) // HALF_HOUR)
        values = series.window(lo, hi)
        energy += sum(q * r for q, r in zip(values, rates, strict=True) if q is not None and r is not None)
        tariff = pricing.tariff_at(lo) if isinstance(pricing, TariffHistory) else pricing
        if tariff is not None and tariff.fuel == "export" and not tariff.standing_charges:
            charge: float | None = 0.0  # an export tariff pays no daily amount
        else:
            charge = None if tariff is None else next((c.p_per_day_exc_vat for c in tariff.standing_charges
                                                       if c.applies_at(lo)), None)
        if charge is not None and any(r is not None for r in rates):
            standing += charge
        covered += charge is not None and any(r is not None for r in rates)  # in the total, if only in part
        day += dt.timedelta(days=1)
    return (energy + standing) * (1 + pricing.vat_rate), covered


def test_coverage_runs_cut_and_say_whether_anything_is_covered():
    c = PriceCoverage(D(2023, 12, 1), D(2024, 1, 31), day_runs([D(2024, 1, 1) + dt.timedelta(days=i)
                                                                 for i in range(31)]))
    assert c.uncovered == ((D(2024, 1, 1), D(2024, 1, 31)),)
    assert c.covered == ((D(2023, 12, 1), D(2023, 12, 31)),)
    assert (c.days, c.covered_days, c.partial, c.none, c.full) == (62, 31, True, False, False)
    assert c.within(D(2024, 1, 5), D(2024, 1, 9)).none
    assert c.within(D(2023, 12, 5), D(2023, 12, 9)).full
    # A day priced in part is in the total, so counted as covered, but the coverage is not full.
    part = PriceCoverage(D(2023, 10, 26), D(2023, 11, 1), (), (PartPricedDay(D(2023, 10, 29), 46, 50),))
    assert (part.covered_days, part.full, part.partial, part.none) == (7, False, True, False)
    assert part.within(D(2023, 10, 30), D(2023, 11, 1)).full and not part.within(D(2023, 10, 29), D(2023, 10, 29)).full
    assert day_runs([D(2024, 1, 1), D(2024, 1, 2), D(2024, 1, 4)]) == (
        (D(2024, 1, 1), D(2024, 1, 2)), (D(2024, 1, 4), D(2024, 1, 4)))


@pytest.mark.parametrize("fuel", ["electricity", "gas", "export"])
def test_the_priced_result_carries_the_days_the_prices_cover_and_its_money_is_theirs_alone(session, fuel):
    household = spanning_household()
    series = household.series[fuel]
    actual = run_sync(actual_pricing(session, household, fuel, "C", FIRST, LAST))
    cost = price_period(prepare(series, FIRST, LAST), actual.pricing)
    assert cost.coverage.uncovered == (UNPRICED,) and cost.coverage.covered == (PRICED,)
    expected, covered = independent_total_p(series, actual.pricing, FIRST, LAST)
    assert covered == cost.coverage.covered_days == 122
    assert cost.total_inc_vat == pytest.approx(expected, rel=1e-12)
    # The same money as the priced days alone: a day the prices miss adds nothing, not even a standing charge.
    alone = price_period(prepare(series, *PRICED), actual.pricing)
    assert alone.coverage.full and cost.total_inc_vat == pytest.approx(alone.total_inc_vat, rel=1e-12)


def test_a_bill_with_no_priced_day_shows_no_pounds_and_links_to_the_dates_the_prices_cover(session):
    m = view_model(session, "file", report="bill", fuel="electricity")  # the last month of data: Mar 2024
    t = totals(m)
    assert (t["Total (inc VAT)"]["text"], t["Total (inc VAT)"]["value"], t["Total (inc VAT)"]["warn"]) == (
        "no prices for these dates", None, True)
    assert not {"Energy (exc VAT)", "Standing charges (exc VAT)", "VAT (5%)"} & set(t)
    # No energy was priced: not "0.0 kWh", which beside "no prices" reads as none used.
    assert [(t[k]["text"], t[k]["value"]) for k in ("Energy priced", "Average price")] == [("no prices", None)] * 2
    assert "Your bill, 1 Mar 2024 to 31 Mar 2024" not in titles(m)  # no statement of £0.00 lines
    said = block(m, "This bill is incomplete")["paragraphs"][0]
    assert said.startswith("The prices cover none of these dates (1 Mar 2024 to 31 Mar 2024), so no £ figure is shown.")
    assert "Of your data's dates they cover 1 Sep 2023 to 31 Dec 2023." in said and "by hand" in said
    link = block(m, "Where the prices reach")["links"][0]
    assert link["label"] == "Bill for 1 Sep 2023 to 31 Dec 2023"
    assert (link["params"]["report"], link["params"]["from"], link["params"]["to"]) == ("bill", "2023-09-01",
                                                                                       "2023-12-31")
    assert "£0.00" not in str(m)


def test_a_part_priced_bill_marks_its_total_as_the_priced_days_and_matches_an_independent_sum(session):
    household = spanning_household()
    first, last = D(2023, 12, 1), D(2024, 1, 31)
    m = view_model(session, "file", report="bill", fuel="electricity", **{"from": first.isoformat(),
                                                                          "to": last.isoformat()})
    total = totals(m)["Total (inc VAT)"]
    actual = run_sync(actual_pricing(session, household, "electricity", "C", FIRST, LAST))
    expected, covered = independent_total_p(household.series["electricity"], actual.pricing, first, last)
    assert covered == 31
    assert total["value"] == round(expected / 100, 2) and total["warn"]
    assert total["text"] == f"£{expected / 100:,.2f} (31 of 62 days priced)"
    assert block(m, "This bill is incomplete")["paragraphs"][0] == (
        "The £ figures are for the 31 days the prices cover (1 Dec 2023 to 31 Dec 2023); 1 Jan 2024 to 31 Jan 2024 "
        "has no prices. They are not a bill for the whole period.")
    statement = block(m, "Your bill, 1 Dec 2023 to 31 Jan 2024")
    assert statement["rows"][-1][-1]["value"] == total["value"]


def test_the_cost_view_marks_its_total_and_shows_no_pounds_for_unpriced_months(session):
    m = view_model(session, "file", report="cost", fuel="gas")
    total = totals(m)["Total (inc VAT)"]
    assert total["text"].endswith("(122 of 213 days priced)") and total["warn"]
    rows = {r[0]: r[1] for r in block(m, "Data table")["rows"]}
    assert [(rows[k]["text"], rows[k]["value"]) for k in ("Jan 2024", "Feb 2024", "Mar 2024")] == [
        ("no prices", None)] * 3
    assert sum(rows[k]["value"] for k in ("Sep 2023", "Oct 2023", "Nov 2023", "Dec 2023")) == pytest.approx(
        total["value"], abs=0.02)
    bars = next(b for b in m["blocks"] if b["type"] == "bars")["bars"]
    assert [x["value"] for x in bars[4:]] == [None, None, None]
    month = view_model(session, "file", report="cost", fuel="gas", month="2024-02")
    assert totals(month)["Total (inc VAT)"]["value"] is None
    assert (totals(month)["Energy priced"]["text"], totals(month)["Energy priced"]["value"]) == ("no prices", None)
    assert all(r[1]["text"] == "no prices" for r in block(month, "Data table")["rows"])


def test_the_overview_says_which_days_its_pounds_cover_and_makes_no_year_of_a_season_s_priced_days(session):
    m = view_model(session, "file", report="overview")
    cards = {c["title"]: c["lines"] for c in next(b for b in m["blocks"] if b["type"] == "cards")["cards"]}
    assert cards["Electricity import: Mar 2024"][1] == (
        "no £: no prices for Mar 2024 (the prices cover 1 Sep 2023 to 31 Dec 2023)")
    year = cards["Electricity import: 1 Sep 2023 to 31 Mar 2024"]
    bill = view_model(session, "file", report="bill", fuel="electricity", **{"from": FIRST.isoformat(),
                                                                             "to": LAST.isoformat()})
    total = totals(bill)["Total (inc VAT)"]["value"]
    assert year[1] == (f"£{total:,.2f} cost on Flexible Octopus (assumed), with standing charges and VAT, for the "
                       "122 days the prices cover (1 Sep 2023 to 31 Dec 2023); 1 Jan 2024 to 31 Mar 2024 has no prices")
    # 122 priced days are one season's: no yearly figure is made from them (compare and the lab make none either).
    assert year[2] == ("Not projected to a year: 122 priced days leave seasons out; a year of data gives the "
                       "yearly figure")
    assert "Projected annual bill" not in cards
    assert cards["Your bill for the priced days"][1] == (
        "not projected to a year: the £ are for the 122 days the prices cover (1 Sep 2023 to 31 Dec 2023); "
        "1 Jan 2024 to 31 Mar 2024 has no prices")


def test_compare_ranks_no_tariff_on_part_of_the_days_and_marks_every_total(session):
    m = view_model(session, "file", report="compare")
    ranking = block(m, "Electricity import: ranking by cost")
    assert {r[1] for r in ranking["rows"]} == {"not ranked"}
    assert all(r[2]["text"].endswith("(122 of 213 days priced)") for r in ranking["rows"])
    months = block(m, "Electricity import: month by month (£, inc VAT)")
    assert months["columns"][-3:] == ["Jan 2024", "Feb 2024", "Mar 2024"]
    assert all((c["text"], c["value"]) == ("no prices", None) for r in months["rows"] for c in r[-3:])
    # Over the days the prices cover, the same tariffs rank.
    covered = view_model(session, "file", report="compare", **{"from": PRICED[0].isoformat(),
                                                               "to": PRICED[1].isoformat()})
    assert block(covered, "Electricity import: ranking by cost")["rows"][0][1] == "1"


@pytest.mark.parametrize("report", ["bill", "cost"])
def test_the_assumptions_name_only_the_days_a_mid_period_feed_priced(report):
    """Octopus Flux went on sale on 14 Feb 2023: over 2023 its line names the days from then, over January none."""
    demo = sample_session()

    def flux_line(**period: str) -> str:
        m = view_model(demo, "demo", report=report, fuel="electricity", tariff="flux_import", **period)
        return next(i["text"] for i in block(m, "Assumptions")["items"] if i["label"] == "Octopus Flux Import")

    whole = {"from": "2023-01-01", "to": "2023-12-31"} if report == "bill" else {"year": "2023"}
    january = {"from": "2023-01-01", "to": "2023-01-31"} if report == "bill" else {"month": "2023-01"}
    assert flux_line(**whole) == ("E-1R-FLUX-IMPORT-23-02-14-C, region C: priced 14 Feb 2023 to 31 Dec 2023; "
                                  "on sale from 14 Feb 2023 (sample feed)")
    assert flux_line(**january) == ("E-1R-FLUX-IMPORT-23-02-14-C, region C: no prices for these dates; "
                                     "on sale from 14 Feb 2023 (sample feed)")


def test_the_cost_table_says_its_kwh_are_the_priced_ones_and_an_unpriced_month_has_no_standing_charge():
    """Octopus Flux over 2023: January has readings but no prices, so its row shows no £ (not a £0.00 standing
    charge) and its energy column, the energy priced, is nothing, not "0.000 kWh" of use beside "1,488 of 1,488"."""
    demo = sample_session()
    m = view_model(demo, "demo", report="cost", fuel="electricity", tariff="flux_import", year="2023")
    table = block(m, "Data table")
    assert table["columns"][:5] == ["Month", "Cost (£, inc VAT)", "Energy priced (kWh)", "Average (p/kWh inc VAT)",
                                    "Standing (£ inc VAT)"]
    rows = {r[0]: r for r in table["rows"]}
    assert [(c["text"], c["value"]) for c in rows["Jan 2023"][1:5]] == [
        ("no prices", None), ("no prices", None), ("no data", None), ("no prices", None)]
    # February's energy priced is the kWh read from 14 Feb, when Flux's prices begin.
    series = demo_household()["electricity"]
    read = [q for q in series.window(day_bounds(D(2023, 2, 14))[0], day_bounds(D(2023, 2, 28))[1]) if q is not None]
    assert rows["Feb 2023"][2]["value"] == pytest.approx(sum(read), abs=0.0005)
    days = block(view_model(demo, "demo", report="cost", fuel="electricity", tariff="flux_import",
                            month="2023-01"), "Data table")
    assert days["columns"][2] == "Energy priced (kWh)"
    assert all((r[2]["text"], r[4]["text"]) == ("no prices", "no prices") for r in days["rows"])


@pytest.mark.parametrize(("report", "title"), [("bill", "This bill is incomplete"), ("cost", "Missing data")])
def test_half_hours_without_a_rate_on_days_the_coverage_note_names_are_said_once(report, title):
    """Octopus Flux over January 2023: "The prices cover none of these dates" is the whole story; a second line
    counting 1,488 half-hours without a unit rate said it again. Over the year, part-priced, "1 Jan 2023 to
    13 Feb 2023 has no prices" was followed by "2,112 half-hours with a reading have no unit rate": the same
    half-hours (44 days of 48), said once now; the assumptions still count them beside the other gaps."""
    demo = sample_session()
    january = {"from": "2023-01-01", "to": "2023-01-31"} if report == "bill" else {"month": "2023-01"}
    m = view_model(demo, "demo", report=report, fuel="electricity", tariff="flux_import", **january)
    said = block(m, title)["paragraphs"]
    assert said[0].startswith("The prices cover none of these dates (1 Jan 2023 to 31 Jan 2023)")
    assert not any("unit rate" in p for p in said)
    whole = {"from": "2023-01-01", "to": "2023-12-31"} if report == "bill" else {"year": "2023"}
    year = view_model(demo, "demo", report=report, fuel="electricity", tariff="flux_import", **whole)
    said = block(year, title)["paragraphs"]
    assert said[0].startswith("The £ figures are for the 321 days the prices cover (14 Feb 2023 to 31 Dec 2023); "
                              "1 Jan 2023 to 13 Feb 2023 has no prices.")
    assert not any("unit rate" in p for p in said), said
    gaps = next(i for i in block(year, "Assumptions")["items"] if i["label"] == "Missing data")
    assert "2,112 without a unit rate" in gaps["text"]


def test_the_assumptions_count_the_days_the_prices_do_not_cover_beside_the_other_gaps():
    """Octopus Flux over 2023: its 44 days before 14 Feb pay no standing charge and have no unit rate. The
    assumptions' gap count said "0 days without a standing charge" and stopped there; it names those days."""
    demo = sample_session()
    m = view_model(demo, "demo", report="bill", fuel="electricity", tariff="flux_import",
                   **{"from": "2023-01-01", "to": "2023-12-31"})
    gaps = next(i for i in block(m, "Assumptions")["items"] if i["label"] == "Missing data")
    assert gaps["text"].startswith("60 half-hours without a reading, 2,112 without a unit rate, 0 days without a "
                                   "standing charge, 44 days the prices do not cover (1 Jan 2023 to 13 Feb 2023). ")
    assert gaps["warn"]
    whole = view_model(demo, "demo", report="bill", fuel="electricity", **{"from": "2023-01-01", "to": "2023-12-31"})
    text = next(i["text"] for i in block(whole, "Assumptions")["items"] if i["label"] == "Missing data")
    assert "prices do not cover" not in text


@pytest.mark.parametrize(("period", "linked"), [
    # Flux's prices start on 14 Feb 2023: the week shown is priced from then, and that is where the link goes (it went
    # to 14 Feb 2023 to 31 Dec 2023, the data's whole priced run, a bill for other days than the ones shown).
    ({"from": "2023-02-13", "to": "2023-02-19"}, "14 Feb 2023 to 19 Feb 2023"),
    # January has no priced day: the nearest priced run of the data.
    ({"from": "2023-01-01", "to": "2023-01-31"}, "14 Feb 2023 to 31 Dec 2023"),
])
def test_where_the_prices_reach_links_to_the_priced_days_of_the_period_shown_else_the_nearest(period, linked):
    demo = sample_session()
    m = view_model(demo, "demo", report="bill", fuel="electricity", tariff="flux_import", **period)
    (link,) = block(m, "Where the prices reach")["links"]
    first, last = (dt.datetime.strptime(d, "%d %b %Y").date() for d in linked.split(" to "))
    assert (link["label"], link["params"]["from"], link["params"]["to"]) == (
        f"Bill for {linked}", first.isoformat(), last.isoformat())
    # The days linked to are the ones Flux prices: their bill is whole.
    whole = view_model(demo, "demo", report="bill", fuel="electricity", tariff="flux_import",
                       **{"from": first.isoformat(), "to": last.isoformat()})
    assert "days priced" not in totals(whole)["Total (inc VAT)"]["text"]
    assert "Where the prices reach" not in titles(whole)


def test_a_cost_week_priced_from_mid_week_links_to_the_bill_for_its_priced_days():
    demo = sample_session()
    m = view_model(demo, "demo", report="cost", fuel="electricity", tariff="flux_import", week="2023-02-13")
    (link,) = block(m, "Where the prices reach")["links"]
    assert (link["params"]["report"], link["params"]["from"], link["params"]["to"]) == ("bill", "2023-02-14",
                                                                                       "2023-02-19")
    assert "week" not in link["params"]


@pytest.mark.parametrize("period", [{"month": "2023-01"}, {"week": "2023-01-09"}])
def test_a_cost_view_with_no_priced_day_draws_no_empty_chart_and_says_why(period):
    """Octopus Flux over January 2023: every bar would be an empty stub on a £0–1 axis; the page leaves the charts
    out and says why in its notice, while a part-priced year keeps its chart."""
    demo = sample_session()
    m = view_model(demo, "demo", report="cost", fuel="electricity", tariff="flux_import", **period)
    assert not [x for x in m["blocks"] if x["type"] in ("bars", "lines")]
    assert block(m, "Missing data")["paragraphs"][0].startswith("The prices cover none of these dates")
    year = view_model(demo, "demo", report="cost", fuel="electricity", tariff="flux_import", year="2023")
    assert [x["type"] for x in year["blocks"]].count("bars") == 1
