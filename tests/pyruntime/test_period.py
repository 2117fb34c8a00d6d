"""Periods in the URL: parsing, falling back, stepping and switching kind (stdlib, pytest, hypothesis only)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyruntime.present.period import (
    ALL,
    DAY,
    KINDS,
    MONTH,
    RANGE,
    WEEK,
    YEAR,
    Period,
    days_label,
    parse_bound,
    read_range,
)
from pyruntime.present.view import View, navigation, resolve_view
from pyruntime.timeseries.londontime import day_bounds

FIRST, LAST = dt.date(2023, 1, 1), dt.date(2023, 12, 31)  # the demo's span: a Sunday to a Sunday
SPANS = {"electricity": (FIRST, LAST)}
D = dt.date


def parse(**params):
    return Period.from_params(params, FIRST, LAST)


@pytest.mark.parametrize(("params", "kind", "start", "end"), [
    ({"day": "2023-03-26"}, DAY, D(2023, 3, 26), D(2023, 3, 26)),
    ({"week": "2023-03-22"}, WEEK, D(2023, 3, 20), D(2023, 3, 26)),  # any day names its Monday-to-Sunday week
    ({"week": "2023-03-20"}, WEEK, D(2023, 3, 20), D(2023, 3, 26)),
    ({"month": "2023-02"}, MONTH, D(2023, 2, 1), D(2023, 2, 28)),
    ({"year": "2023"}, YEAR, D(2023, 1, 1), D(2023, 12, 31)),
    ({"from": "2023-03-01", "to": "2023-03-10"}, RANGE, D(2023, 3, 1), D(2023, 3, 10)),
    ({"from": "2023-03", "to": "2023-04"}, RANGE, D(2023, 3, 1), D(2023, 4, 30)),  # whole months
    ({"from": "2023-11-01"}, RANGE, D(2023, 11, 1), LAST),  # an open end is the data's end
    ({}, ALL, None, None),
])
def test_each_url_form_names_its_period(params, kind, start, end):
    period, notices = parse(**params)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert notices == []


def test_the_older_links_map_onto_periods_and_keep_their_urls():
    view, _ = resolve_view({"month": "2023-03", "day": "2023-10-29"}, SPANS)
    assert view.period == Period(DAY, D(2023, 10, 29), D(2023, 10, 29))
    assert view.as_params() == {"report": "consumption", "fuel": "electricity", "month": "2023-10",
                                "day": "2023-10-29"}
    view, _ = resolve_view({"month": "2023-03"}, SPANS)
    assert (view.month, view.day, view.period.kind) == ("2023-03", None, MONTH)
    assert View(month="2023-03") == view  # views made the old way carry the same period


def test_a_more_specific_form_wins_and_a_bad_one_falls_back_with_a_notice():
    assert parse(day="2023-05-04", week="2023-01-02", year="2023")[0].kind == DAY
    period, notices = parse(week="2023-02-30", month="2023-02")
    assert period == Period.of(MONTH, D(2023, 2, 1))
    assert "not a date" in notices[0]
    period, notices = parse(year="20x3")
    assert period.kind == ALL and "not a year" in notices[0]


@pytest.mark.parametrize(("params", "expected", "notice"), [
    ({"week": "2024-05-01"}, Period(WEEK, D(2023, 12, 25), D(2023, 12, 31)), "nearest week"),
    ({"week": "2019-05-01"}, Period(WEEK, D(2022, 12, 26), D(2023, 1, 1)), "nearest week"),
    ({"year": "2031"}, Period(YEAR, D(2023, 1, 1), D(2023, 12, 31)), "nearest year"),
    ({"from": "2022-06-01", "to": "2023-01-31"}, Period(RANGE, FIRST, D(2023, 1, 31)), "starts on 1 Jan 2023"),
    ({"week": "9999-12-31"}, Period(WEEK, D(2023, 12, 25), D(2023, 12, 31)), "nearest week"),
    ({"month": "9999-12"}, Period.of(MONTH, D(2023, 12, 1)), "nearest month"),
    ({"month": "0000-01"}, Period.of(MONTH, D(2023, 1, 1)), "nearest month"),
])
def test_a_period_outside_the_data_moves_to_the_nearest_one_and_says_so(params, expected, notice):
    period, notices = parse(**params)
    assert period == expected
    assert any(notice in n for n in notices)


def test_the_bill_and_comparison_keep_from_and_to_for_themselves():
    period, _ = Period.from_params({"from": "2023-03-01", "to": "2023-03-10"}, FIRST, LAST, ranges=False)
    assert period.kind == ALL


def test_weeks_run_monday_to_sunday_across_a_year_end():
    week = Period.of(WEEK, D(2023, 12, 31))
    assert (week.start, week.end) == (D(2023, 12, 25), D(2023, 12, 31))
    nxt = week.step(1, D(2023, 1, 1), D(2024, 6, 30))
    assert (nxt.start, nxt.end) == (D(2024, 1, 1), D(2024, 1, 7))
    assert Period.of(WEEK, D(2025, 1, 1)).start == D(2024, 12, 30)  # a week that starts in the old year


def test_clock_change_days_have_46_and_50_half_hours():
    for day, half_hours in ((D(2023, 3, 26), 46), (D(2023, 10, 29), 50), (D(2023, 6, 1), 48)):
        period, _ = parse(day=day.isoformat())
        start, end = day_bounds(period.start)
        assert (end - start) // 1800 == half_hours
        # Stepping over a clock change moves by London days, not by 24 hours.
        assert period.step(1, FIRST, LAST).start == day + dt.timedelta(days=1)
        assert period.step(-1, FIRST, LAST).start == day - dt.timedelta(days=1)


def test_stepping_stops_at_the_data_ends():
    assert parse(day="2023-12-31")[0].step(1, FIRST, LAST) is None
    assert parse(day="2023-01-01")[0].step(-1, FIRST, LAST) is None
    assert parse(month="2023-12")[0].step(1, FIRST, LAST) is None
    assert parse(month="2023-01")[0].step(-1, FIRST, LAST) is None
    assert parse(year="2023")[0].step(1, FIRST, LAST) is None
    assert parse(year="2023")[0].step(-1, FIRST, LAST) is None
    # The data's first day (a Sunday) ends a week that started in 2022: that week is still reachable.
    first_week = parse(week="2023-01-02")[0].step(-1, FIRST, LAST)
    assert first_week == Period(WEEK, D(2022, 12, 26), D(2023, 1, 1))
    assert first_week.step(-1, FIRST, LAST) is None
    assert first_week.bounds(FIRST, LAST) == (FIRST, FIRST)
    # A range moves by its own length and stops rather than being cut short.
    ten = parse(**{"from": "2023-12-13", "to": "2023-12-22"})[0]
    assert ten.step(1, FIRST, LAST) is None
    assert ten.step(-1, FIRST, LAST) == Period(RANGE, D(2023, 12, 3), D(2023, 12, 12))
    assert Period().step(1, FIRST, LAST) is None


def test_navigation_gives_prev_and_next_urls_and_none_at_the_ends():
    view, _ = resolve_view({"week": "2023-12-27"}, SPANS)
    nav = navigation(view, FIRST, LAST)
    assert nav["next"] is None
    assert nav["prev"] == {"report": "consumption", "fuel": "electricity", "week": "2023-12-18"}
    assert nav["up"] == {"report": "consumption", "fuel": "electricity", "month": "2023-12"}


def test_switching_kind_keeps_the_first_day_shown():
    week = Period.of(WEEK, D(2023, 3, 1))  # 27 Feb to 5 Mar
    assert week.as_kind(DAY, FIRST, LAST) == Period.of(DAY, D(2023, 2, 27))
    assert week.as_kind(MONTH, FIRST, LAST) == Period.of(MONTH, D(2023, 2, 1))
    assert week.as_kind(YEAR, FIRST, LAST).start == D(2023, 1, 1)
    assert week.as_kind(ALL, FIRST, LAST) == Period()
    # From all the data, each kind opens on the data's first day; but the data (and January) starts on a Sunday,
    # and the week holding it has one day of data: as ISO weeks are counted (a week is its Thursday's), the first
    # week is the next one. A Friday start too; a Thursday start keeps its own week.
    assert Period().as_kind(WEEK, FIRST, LAST) == Period(WEEK, D(2023, 1, 2), D(2023, 1, 8))
    assert Period.of(MONTH, D(2023, 1, 1)).as_kind(WEEK, FIRST, LAST) == Period(WEEK, D(2023, 1, 2), D(2023, 1, 8))
    assert Period.of(MONTH, D(2023, 9, 1)).as_kind(WEEK, FIRST, LAST).start == D(2023, 9, 4)  # a Friday
    assert Period.of(MONTH, D(2023, 6, 1)).as_kind(WEEK, FIRST, LAST).start == D(2023, 5, 29)  # a Thursday
    assert Period.of(MONTH, D(2023, 3, 1)).as_kind(WEEK, FIRST, LAST).start == D(2023, 2, 27)  # a Wednesday
    # Data too short to reach the next week keeps the week holding its first day.
    assert Period().as_kind(WEEK, FIRST, D(2023, 1, 1)) == Period(WEEK, D(2022, 12, 26), D(2023, 1, 1))


def test_levels_and_labels():
    assert parse(day="2023-03-26")[0].level == "day"
    assert parse(week="2023-03-26")[0].level == "month"  # a bar per day
    assert parse(year="2023")[0].level == "all"  # a bar per month
    assert parse(**{"from": "2023-01-01", "to": "2023-03-31"})[0].level == "month"
    assert parse(**{"from": "2023-01-01", "to": "2023-06-30"})[0].level == "all"
    assert parse(week="2023-03-26")[0].label == "Week of 20 Mar 2023"
    assert parse(**{"from": "2023-03-01", "to": "2023-03-10"})[0].label == "1 Mar 2023 to 10 Mar 2023"


def test_every_period_writes_back_the_url_it_was_read_from():
    for kind in KINDS:
        for day in (FIRST, D(2023, 3, 26), D(2023, 10, 29), LAST):
            period = Period.of(kind, day)
            again, notices = Period.from_params(period.to_params(), FIRST, LAST)
            assert again == period and notices == []


url_text = st.one_of(
    st.text(max_size=12),
    st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)).map(dt.date.isoformat),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 99)),
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),
)
keys = st.sampled_from(["day", "week", "month", "year", "from", "to"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, url_text, max_size=4),
       st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)), st.integers(0, 800))
def test_any_url_gives_a_period_inside_the_data_that_round_trips(params, first, length):
    last = first + dt.timedelta(days=length)
    period, notices = Period.from_params(params, first, last)
    assert all(isinstance(n, str) and n for n in notices)
    lo, hi = period.bounds(first, last)
    assert first <= lo <= hi <= last  # never an empty or out-of-data view
    again, more = Period.from_params(period.to_params(), first, last)
    assert again == period and more == []  # the canonical URL reads back the same, silently
    for by in (-1, 1):
        moved = period.step(by, first, last)
        if moved is not None:
            a, z = moved.bounds(first, last)
            assert first <= a <= z <= last and moved.kind == period.kind


def test_the_last_month_a_date_can_hold_is_read_as_a_bound():
    # Found by the URL fuzz test: ``to=9999-12`` has no following month to count back from.
    assert parse_bound("9999-12", True) == dt.date(9999, 12, 31)
    assert parse_bound("2024-02", True) == dt.date(2024, 2, 29)
    assert parse_bound("2024-02", False) == dt.date(2024, 2, 1)
    assert parse_bound("0000-01", False) is None and parse_bound("2024-13", True) is None


def test_a_bad_form_says_what_is_shown_instead():
    period, notices = parse(week="2023-13-01")
    assert period.kind == ALL
    assert notices == ["“2023-13-01” is not a date (expected YYYY-MM-DD, any day of the week); "
                       "showing all the data instead."]
    period, notices = parse(day="2023-02-30", month="2023-02")
    assert period == Period.of(MONTH, D(2023, 2, 1)) and notices[0].endswith("showing Feb 2023 instead.")
    period, notices = parse(day="x", year="2023")
    assert period.kind == YEAR and notices[0].endswith("showing 2023 instead.")
    period, notices = parse(day="x", week="2023-03-01")
    assert notices[0].endswith("showing the week of 27 Feb 2023 instead.")


def test_a_range_that_ends_before_it_starts_is_refused_not_swapped():
    period, notices = parse(**{"from": "2023-05-01", "to": "2023-04-01"})
    assert period.kind == ALL
    assert notices == ["The period asked for starts on 1 May 2023, after it ends on 1 Apr 2023: the data covers "
                       "1 Jan 2023 to 31 Dec 2023. Showing all the data instead."]


def test_a_range_with_no_data_falls_back_with_one_notice_naming_the_data():
    period, notices = parse(**{"from": "2021-01-01", "to": "2021-02-01"})
    assert period.kind == ALL
    assert notices == ["There is no data for 1 Jan 2021 to 1 Feb 2021: the data covers 1 Jan 2023 to "
                       "31 Dec 2023. Showing all the data instead."]


def test_one_end_of_a_range_given_runs_to_the_end_of_the_data_or_a_set_number_of_months():
    assert parse(to="2023-03-05")[0] == Period(RANGE, FIRST, D(2023, 3, 5))
    given, asked, notices = read_range({"to": "2023-03-05"}, FIRST, LAST, months=1, default="x")
    assert (given, asked, notices) == ({"to": "2023-03-05"}, (D(2023, 2, 6), D(2023, 3, 5)), [])
    assert read_range({"to": "2023-03"}, FIRST, LAST, months=1, default="x")[1] == (D(2023, 3, 1), D(2023, 3, 31))
    assert read_range({"from": "2023-01-31"}, FIRST, LAST, months=1, default="x")[1] == (D(2023, 1, 31),
                                                                                          D(2023, 2, 27))
    # The end worked out from the given one is cut to the data without a notice.
    assert read_range({"from": "2023-12-20"}, FIRST, LAST, months=1, default="x")[1:] == ((D(2023, 12, 20), LAST), [])
    assert read_range({"to": "2023-01-10"}, FIRST, LAST, months=12, default="x")[1:] == ((FIRST, D(2023, 1, 10)), [])


def test_a_bad_end_is_ignored_and_the_other_read_alone():
    given, asked, notices = read_range({"from": "2023-02-30", "to": "2023-03-05"}, FIRST, LAST, months=1,
                                       default="x")
    assert (given, asked) == ({"to": "2023-03-05"}, (D(2023, 2, 6), D(2023, 3, 5)))
    assert notices == ["“2023-02-30” is not a date (YYYY-MM-DD) or month (YYYY-MM); it is ignored."]


def test_one_end_at_the_calendar_edges_stays_a_date():
    assert read_range({"to": "0001-01-05"}, FIRST, LAST, months=1, default="x")[1] is None
    assert read_range({"from": "9999-12-31"}, FIRST, LAST, months=12, default="x")[1] is None
    assert read_range({"to": "9999-12-31"}, FIRST, LAST, months=1, default="x")[1] is None


def test_a_single_day_is_titled_once():
    assert Period(RANGE, D(2023, 3, 26), D(2023, 3, 26)).label == "26 Mar 2023"
    assert days_label(D(2023, 3, 26), D(2023, 3, 26)) == "26 Mar 2023"
    assert days_label(D(2023, 3, 26), D(2023, 3, 27)) == "26 Mar 2023 to 27 Mar 2023"
