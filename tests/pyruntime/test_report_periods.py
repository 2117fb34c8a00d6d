"""The period a report shows when the URL asks for one it cannot show as asked, and what it says.

Demo household (1 Jan to 31 Dec 2023), bundled sample feeds served by a fake
transport, so the same tests run inside Pyodide.
"""

from __future__ import annotations

import pytest

from tests.pyruntime.sample_feeds import sample_session, view_model


@pytest.fixture(scope="module")
def session():
    return sample_session()


def test_a_comparison_with_no_data_in_its_period_falls_back_to_the_last_twelve_months_with_one_notice(session):
    m = view_model(session, report="compare", **{"from": "2021-01-01", "to": "2021-02-01"})
    assert m["title"] == "Compare tariffs: 1 Jan 2023 to 31 Dec 2023"
    period_notices = [n for n in m["notices"] if "2021" in n]
    assert period_notices == ["There is no data for 1 Jan 2021 to 1 Feb 2021: the data covers 1 Jan 2023 to "
                              "31 Dec 2023. Showing the last twelve months of data instead."]
    assert "from" not in m["view"] and "to" not in m["view"]


def test_a_comparison_given_only_its_end_compares_the_twelve_months_before(session):
    m = view_model(session, report="compare", to="2023-06-30")
    assert m["title"] == "Compare tariffs: 1 Jan 2023 to 30 Jun 2023"  # twelve months back, cut to the data
    assert not [n for n in m["notices"] if "period" in n or "no data" in n]


def test_a_comparison_that_ends_before_it_starts_is_refused_not_swapped(session):
    m = view_model(session, report="compare", **{"from": "2023-06-01", "to": "2023-03-01"})
    assert m["title"] == "Compare tariffs: 1 Jan 2023 to 31 Dec 2023"
    assert any(n.startswith("The period asked for starts on 1 Jun 2023, after it ends on 1 Mar 2023")
               for n in m["notices"])


def test_a_cost_range_with_no_data_shows_all_the_data_with_one_notice(session):
    m = view_model(session, report="cost", fuel="electricity", **{"from": "2021-01-01", "to": "2021-02-01"})
    assert [n for n in m["notices"] if "2021" in n] == [
        "There is no data for 1 Jan 2021 to 1 Feb 2021: the data covers 1 Jan 2023 to 31 Dec 2023. "
        "Showing all the data instead."]
    assert "from" not in m["view"] and "to" not in m["view"]


def test_a_cost_range_that_ends_before_it_starts_is_refused_not_swapped(session):
    m = view_model(session, report="cost", fuel="electricity", **{"from": "2023-05-01", "to": "2023-04-01"})
    assert any(n.startswith("The period asked for starts on 1 May 2023") for n in m["notices"])
    assert "from" not in m["view"]


def test_a_one_day_range_is_titled_with_its_day_once(session):
    m = view_model(session, report="cost", fuel="electricity", **{"from": "2023-03-26", "to": "2023-03-26"})
    assert "26 Mar 2023 to 26 Mar 2023" not in m["title"] and "26 Mar 2023" in m["title"]


@pytest.mark.parametrize(("report", "what"), [("profile", "profile"), ("quality", "data quality report"),
                                            ("heatmap", "heatmap")])
def test_a_pattern_report_given_a_day_shows_its_month_and_writes_the_month_back(session, report, what):
    m = view_model(session, report=report, fuel="electricity", day="2023-03-26")
    assert m["view"] == {"report": report, "fuel": "electricity", "month": "2023-03"}
    assert m["notices"] == [f"The {what} shows a week or longer, not a single day; showing Mar 2023, "
                            "the month holding 26 Mar 2023."]
    assert m["title"].endswith("Mar 2023")
    assert view_model(session, report=report, fuel="electricity", month="2023-03")["notices"] == []
