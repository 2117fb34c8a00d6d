"""The assumptions panel names London days: the days a tariff priced and the day it went on sale.

A London midnight in summer time is 23:00 UTC the day before, and the end of
the last half-hour priced is the next day's midnight: the panel once showed
those instants' UTC dates ("priced 2023-06-30 to 2023-07-31" for July,
"on sale from 2022-10-13" for Octopus Go, launched at 14 October 00:00 BST),
disagreeing with the bill's own lines by a day at either end. The days are
written as the bill's lines and title write them ("1 Jul 2023"), so one view
never dates a thing two ways.
"""

from __future__ import annotations

from types import SimpleNamespace

from pyruntime.present.pricing import tariff_facts
from pyruntime.pricing.compare import Version
from pyruntime.reports.compare import _conditions_table
from tests.pyruntime.sample_feeds import sample_session, view_model


def _tariff_lines(model: dict) -> list[str]:
    (facts,) = [b for b in model["blocks"] if b.get("type") == "facts" and b.get("title") == "Assumptions"]
    return [item["text"] for item in facts["items"] if item["text"].startswith(("E-1R-", "E-2R-", "G-1R-"))]


def test_a_summer_month_is_priced_from_its_first_to_its_last_london_day():
    model = view_model(sample_session(), report="cost", month="2023-07", tariff="go")
    assert _tariff_lines(model) == [
        "E-1R-GO-VAR-22-10-14-C, region C: priced 1 Jul 2023 to 31 Jul 2023; on sale from 14 Oct 2022 (sample feed)"]


def test_a_bill_ending_on_31_december_ends_there_not_on_new_years_day():
    model = view_model(sample_session(), report="bill", month="2023-12")
    (line,) = _tariff_lines(model)
    assert ": priced 1 Dec 2023 to 31 Dec 2023;" in line


def test_a_day_in_summer_time_is_that_day_named_once():
    (line,) = tariff_facts([{"name": "Agile", "code": "E-1R-AGILE-FLEX-22-11-25-C", "region": "C", "source": "feed",
                             "sample": False, "valid_from": "2022-11-25T00:00:00Z",
                             "priced_from": "2023-06-30T23:00:00Z", "priced_to": "2023-07-01T22:30:00Z"}])
    assert line[1] == ("E-1R-AGILE-FLEX-22-11-25-C, region C: priced 1 Jul 2023; "
                       "on sale from 25 Nov 2022 (live feed)")


def test_a_standing_charge_and_the_feed_note_date_it_as_the_bill_does():
    model = view_model(sample_session(), report="bill", month="2023-12")
    (facts,) = [b for b in model["blocks"] if b.get("type") == "facts" and b.get("title") == "Assumptions"]
    items = {item["label"]: item["text"] for item in facts["items"]}
    assert items["Standing charges"] == "42.013 p/day inc VAT, 1 Dec 2023 to 31 Dec 2023"
    assert "on sale from 28 Mar 2023" in items["Flexible Octopus"]
    # December's days all come after Flexible Octopus's launch: no day is priced on rates from before it.
    assert "Price feeds" not in items
    march = view_model(sample_session(), report="bill", month="2023-03")
    (facts,) = [b for b in march["blocks"] if b.get("type") == "facts" and b.get("title") == "Assumptions"]
    assert "launched on 28 Mar 2023" in {item["label"]: item["text"] for item in facts["items"]}["Price feeds"]


def test_the_comparison_dates_each_version_priced_by_its_london_day():
    # Only a tariff that changed version in the period has a dated version: none does in the demo's year.
    go = SimpleNamespace(label="Octopus Go", requires_labels=(), conditions="", versions=(
        Version("E-1R-GO-VAR-22-10-14-C", "Octopus Go", None, 1697238000, "C", True),
        Version("E-1R-GO-VAR-23-10-14-C", "Octopus Go", 1697238000, None, "C", True),  # 00:00 BST, 14 Oct 2023
    ))
    comparison = SimpleNamespace(fuels={"electricity": SimpleNamespace(tariffs=(go,))})
    (row,) = _conditions_table(comparison)["rows"]
    assert row[4] == "Octopus Go (E-1R-GO-VAR-22-10-14-C); Octopus Go (E-1R-GO-VAR-23-10-14-C, from 14 Oct 2023)"
