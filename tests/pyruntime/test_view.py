import datetime as dt

import pytest

from pyruntime.present.view import View, navigation, resolve_view
from tests.pyruntime.sample_feeds import sample_session, view_model

SPANS = {
    "electricity": (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    "gas": (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
}


def test_valid_parameters_pass_through_unchanged():
    view, notices = resolve_view({"report": "consumption", "fuel": "gas", "month": "2023-01"}, SPANS)
    assert view == View(fuel="gas", month="2023-01")
    assert notices == []


@pytest.mark.parametrize(
    ("params", "expected", "notice"),
    [
        ({"month": "2025-13"}, View(), "not a month"),
        ({"month": "2025-06"}, View(month="2023-12"), "nearest month"),
        ({"month": "2021-06"}, View(month="2023-01"), "nearest month"),
        ({"fuel": "water"}, View(), "not a fuel we know"),
        ({"fuel": "export"}, View(), "has no data"),
        ({"report": "nonsense"}, View(), "no report called"),
        ({"day": "2023-02-30"}, View(), "not a date"),
        ({"day": "2024-02-01"}, View(month="2023-12", day="2023-12-31"), "nearest day"),
    ],
)
def test_bad_parameters_fall_back_to_the_nearest_valid_view_and_say_so(params, expected, notice):
    view, notices = resolve_view(params, SPANS)
    assert view == expected
    assert len(notices) == 1
    assert notice in notices[0]


def test_a_day_implies_its_month():
    view, _ = resolve_view({"month": "2023-01", "day": "2023-05-04"}, SPANS)
    assert (view.month, view.day) == ("2023-05", "2023-05-04")


def test_navigation_stops_at_the_edges_of_the_data():
    first, last = SPANS["gas"]
    nav = navigation(View(month="2023-01"), first, last)
    assert nav["prev"] is None
    assert nav["next"]["month"] == "2023-02"
    assert nav["up"] == {"report": "consumption", "fuel": "electricity"}
    nav = navigation(View(month="2023-12", day="2023-12-31"), first, last)
    assert nav["next"] is None
    assert nav["prev"]["day"] == "2023-12-30"
    assert navigation(View(), first, last) == {"up": None, "prev": None, "next": None}


def test_a_fuel_the_data_has_but_the_report_does_not_cover_is_named_in_words():
    view, notices = resolve_view({"report": "emissions", "fuel": "export"}, SPANS, ("consumption", "emissions"),
                                 uncovered=("export",), report_label="Emissions")
    assert view.fuel == "electricity"
    assert notices == ["The emissions report covers electricity import and gas, not electricity export; "
                       "showing electricity import instead."]


def test_the_emissions_report_asked_for_export_says_it_covers_import_and_gas():
    m = view_model(sample_session(), report="emissions", fuel="export")
    assert m["view"]["fuel"] == "electricity"
    assert m["notices"] == ["The emissions report covers electricity import and gas, not electricity export; "
                            "showing electricity import instead."]
