"""The assumptions panel names London days: the days a tariff priced and the day it went on sale.

A London midnight in summer time is 23:00 UTC the day before, and the end of
the last half-hour priced is the next day's midnight: the panel once showed
those instants' UTC dates ("priced 2023-06-30 to 2023-07-31" for July,
"on sale from 2022-10-13" for Octopus Go, launched at 14 October 00:00 BST),
disagreeing with the bill's own lines by a day at either end.
"""

from __future__ import annotations

from pyruntime.present.pricing import tariff_facts
from tests.pyruntime.sample_feeds import sample_session, view_model


def _tariff_lines(model: dict) -> list[str]:
    (facts,) = [b for b in model["blocks"] if b.get("type") == "facts" and b.get("title") == "Assumptions"]
    return [item["text"] for item in facts["items"] if item["text"].startswith(("E-1R-", "E-2R-", "G-1R-"))]


def test_a_summer_month_is_priced_from_its_first_to_its_last_london_day():
    model = view_model(sample_session(), report="cost", month="2023-07", tariff="go")
    assert _tariff_lines(model) == [
        "E-1R-GO-VAR-22-10-14-C, region C: priced 2023-07-01 to 2023-07-31; on sale from 2022-10-14 (sample feed)"]


def test_a_bill_ending_on_31_december_ends_there_not_on_new_years_day():
    model = view_model(sample_session(), report="bill", month="2023-12")
    (line,) = _tariff_lines(model)
    assert ": priced 2023-12-01 to 2023-12-31;" in line


def test_a_day_in_summer_time_is_that_day_at_both_ends():
    (line,) = tariff_facts([{"name": "Agile", "code": "E-1R-AGILE-FLEX-22-11-25-C", "region": "C", "source": "feed",
                             "sample": False, "valid_from": "2022-11-25T00:00:00Z",
                             "priced_from": "2023-06-30T23:00:00Z", "priced_to": "2023-07-01T22:30:00Z"}])
    assert line[1] == ("E-1R-AGILE-FLEX-22-11-25-C, region C: priced 2023-07-01 to 2023-07-01; "
                       "on sale from 2022-11-25 (live feed)")
