"""A report the feeds cannot make is a view model in the page's frame, saying what the feeds cover."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pyruntime.bridge import run_sync
from pyruntime.ops import OpContext
from pyruntime.ops.load import load_file
from pyruntime.present.unavailable import FeedCoverage, overlap, parse_feed_coverage, unavailable_view
from pyruntime.present.view import View

from .sample_feeds import sample_session, view_model

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
OCT_2020 = FIXTURE / "octopus_api_flat_electricity_2020-10-22_2020-10-28.csv"  # rj3838/octojulia, see README there
D = dt.date


def _session_with_2020_file():
    session = sample_session()
    run_sync(load_file(OpContext(session, {"name": OCT_2020.name, "fuel": "electricity"}, OCT_2020.read_bytes(), None)))
    return session


def test_coverage_is_read_per_region_with_the_exclusive_end_made_a_last_day():
    index = {
        "tariffs": {
            "A1": {"region": "A", "coverage": {"first": "2022-04-01T00:00:00Z", "end": "2023-01-01T00:00:00Z"}},
            "A2": {"region": "A", "coverage": {"first": "2023-01-01T00:00:00Z", "end": "2024-01-01T00:00:00Z"}},
            "C1": {"region": "C", "coverage": {"first": "2020-01-01T00:00:00Z", "end": "2021-01-01T00:00:00Z"}},
        },
        "carbon": {"A": {"coverage": {"first": "2023-01-01T00:00:00Z", "end": "2023-07-01T00:00:00Z"}}},
    }
    assert parse_feed_coverage(index, "A") == FeedCoverage("A", (D(2022, 4, 1), D(2023, 12, 31)),
                                                           (D(2023, 1, 1), D(2023, 6, 30)))
    assert parse_feed_coverage(index, "C").carbon is None
    assert parse_feed_coverage(index, "B") == FeedCoverage("B", None, None)


def test_overlap_of_two_spans():
    assert overlap((D(2023, 6, 1), D(2024, 6, 1)), (D(2023, 1, 1), D(2023, 12, 31))) == (D(2023, 6, 1), D(2023, 12, 31))
    assert overlap((D(2020, 1, 1), D(2020, 2, 1)), (D(2023, 1, 1), D(2023, 12, 31))) is None
    assert overlap((D(2020, 1, 1), D(2020, 2, 1)), None) is None


def test_cost_of_data_the_feeds_do_not_cover_keeps_menu_and_tabs_and_offers_hand_rates():
    session = _session_with_2020_file()
    model = view_model(session, "file", report="cost", fuel="electricity")
    assert model["title"] == "Cost: not available for this data"
    assert any(item["current"] and item["label"] == "Cost" for item in model["menu"])
    assert [t["label"] for t in model["tabs"]] == ["Electricity import"]
    why = model["blocks"][0]
    assert why["tone"] == "warn"
    assert "Your data runs from 22 Oct 2020 to 28 Oct 2020." in why["paragraphs"]
    assert any("price feeds cover 1 Jan 2023 to 31 Dec 2023" in p for p in why["paragraphs"])
    hand = next(blk for blk in model["blocks"] if blk.get("title") == "Enter your tariff's rates by hand")
    # The tariff entered here is the one the view is then priced on (use=added: tariff=custom1 once added).
    assert hand["params"]["use"] == "added" and hand["compose"]["param"] == "custom"
    # Nothing of the data is lost: the consumption report still reads it.
    again = view_model(session, "file", report="consumption", fuel="electricity")
    assert again["title"] == "Electricity import: All data"


def test_emissions_outside_the_carbon_feeds_say_so_without_inventing_ways_on():
    model = view_model(_session_with_2020_file(), "file", report="emissions", fuel="electricity")
    assert model["title"] == "Emissions: not available for this data"
    assert [blk["type"] for blk in model["blocks"]] == ["text"]
    assert model["blocks"][0]["paragraphs"][-1] == "Your data is still loaded: choose another report from the menu."


def test_the_covered_part_is_offered_as_a_month_or_a_range():
    coverage = FeedCoverage("C", (D(2023, 1, 1), D(2023, 12, 31)), (D(2023, 1, 1), D(2023, 12, 31)))
    data = (D(2022, 11, 5), D(2023, 2, 10))
    cost = unavailable_view("Cost", View("cost", "electricity", "2022-12"), "no prices", data, coverage)
    links = next(blk for blk in cost["blocks"] if blk["type"] == "form" and blk["title"] == "Ways on")["links"]
    assert links[0] == {"label": "Use the covered part (1 Jan 2023 to 10 Feb 2023)",
                        "params": {"report": "cost", "fuel": "electricity", "month": "2023-01"}}
    assert links[1]["label"] == "Show all of your data instead" and "month" not in links[1]["params"]
    bill = unavailable_view("Bill", View("bill", "electricity", extra=(("from", "2022-11-05"),)), "no prices", data,
                            coverage)
    first = next(blk for blk in bill["blocks"] if blk["title"] == "Ways on")["links"][0]
    assert first["params"]["from"] == "2023-01-01" and first["params"]["to"] == "2023-02-10"


def test_the_data_s_days_are_said_as_a_span_or_as_one_day():
    from pyruntime.present.unavailable import coverage_sentences

    assert coverage_sentences(None, (dt.date(2023, 11, 1), dt.date(2023, 11, 1)))[0] == "Your data is from 1 Nov 2023."
    assert coverage_sentences(None, (dt.date(2020, 10, 22), dt.date(2020, 10, 28)))[0] == \
        "Your data runs from 22 Oct 2020 to 28 Oct 2020."


def test_cost_and_bill_without_a_tariff_point_to_the_form_on_the_same_page():
    """The reason once sent the household to the compare page for what the form below it does, and there the
    tariff only joins the ranking: on cost and bill the tariff entered below is the one the view is priced on."""
    session = _session_with_2020_file()
    for report in ("cost", "bill"):
        model = view_model(session, "file", report=report, fuel="electricity")
        reason = model["blocks"][0]["paragraphs"][0]
        assert reason == ("This report could not be made: no tariff could be found to price this data; enter your "
                          "tariff's rates by hand below, and this report is priced on them."), reason
        assert any(blk.get("title") == "Enter your tariff's rates by hand" for blk in model["blocks"])
