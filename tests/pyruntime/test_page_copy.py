"""What the pages say: no note twice on one page, dated bill lines, averages only where they mean something,
a coverage calendar that tells a 94 %-complete day from a complete one, and form errors that name their field."""

from __future__ import annotations

import json

import pytest

from pyruntime.providers.errors import ProviderError
from pyruntime.providers.glowmarkt import auth_request
from pyruntime.providers.octopus import account_request

from .sample_feeds import sample_session, view_model


@pytest.fixture(scope="module")
def session():
    return sample_session()


def test_the_bill_says_how_it_rounds_once(session):
    model = view_model(session, report="bill", fuel="electricity")
    assert json.dumps(model).count("Figures are rounded only for display") == 1


def test_every_bill_line_carries_its_dates_in_date_order(session):
    model = view_model(session, report="cost", fuel="electricity")
    table = next(bl for bl in model["blocks"] if bl["type"] == "table" and "line by line" in bl["title"])
    energy = [row[0] for row in table["rows"] if row[0].startswith("Energy")]
    assert energy == [
        "Energy on Flexible Octopus: 1 Jan 2023 to 31 Mar 2023",
        "Energy on Flexible Octopus: 1 Apr 2023 to 30 Jun 2023",
        "Energy on Flexible Octopus: 1 Jul 2023 to 30 Sep 2023",
        "Energy on Flexible Octopus: 1 Oct 2023 to 31 Dec 2023",
    ]


def test_average_daily_use_only_over_more_than_a_day_and_named_for_export(session):
    labels = lambda m: [t["label"] for t in m["totals"]]  # noqa: E731
    assert "Average daily use" in labels(view_model(session, report="consumption", month="2023-03"))
    assert "Average daily use" not in labels(view_model(session, report="consumption", day="2023-03-26"))
    export = labels(view_model(session, report="consumption", fuel="export"))
    assert "Average daily export" in export and "Average daily use" not in export


def test_the_coverage_calendar_marks_any_missing_half_hour_and_opens_each_day(session):
    model = view_model(session, report="quality", fuel="electricity", month="2023-02")
    heat = next(bl for bl in model["blocks"] if bl["type"] == "heatmap")
    incomplete = next(p for p in heat["pieces"] if p["tone"] == "part")
    # 45 of 48 half-hours is 93.75 %: incomplete, on its own colour, not a shade away from complete.
    share = round(100 * 45 / 48, 1)
    assert incomplete["gt"] < share < incomplete["lt"]
    assert next(p for p in heat["pieces"] if p["tone"] == "full")["value"] == 100
    # The month chosen in the period bar: its row only, each day opening that day.
    assert heat["drill"] == {"params": {"report": "consumption", "fuel": "electricity"}, "row_keys": ["2023-02"]}
    february_14 = heat["values"][13]
    assert february_14 == 75.0  # the demo's gap on 14 Feb: 36 of 48 half-hours
    whole = next(bl for bl in view_model(session, report="quality", fuel="electricity")["blocks"]
                 if bl["type"] == "heatmap")
    assert whole["drill"]["row_keys"] == [f"2023-{m:02d}" for m in range(1, 13)]
    assert whole["values"][1 * 31 + 13] == 75.0


def test_the_coverage_caption_names_each_step_by_its_colour(session):
    heat = next(bl for bl in view_model(session, report="quality", fuel="electricity")["blocks"]
                if bl["type"] == "heatmap")
    # The chart draws full dark blue, part orange and none red (chart.mjs TONES); the caption says so, step by step.
    assert "dark blue = complete, orange = incomplete, red = no readings" in heat["caption"]
    assert [p["tone"] for p in heat["pieces"]] == ["full", "part", "none"]
    assert [p["label"] for p in heat["pieces"]] == ["Complete", "Incomplete", "No readings"]


@pytest.mark.parametrize(("call", "field"), [
    (lambda: account_request("https://x/", "A-12", "sk_live_abcdefgh"), "account_number"),
    (lambda: account_request("https://x/", "A-1B2C3D4E", "no"), "api_key"),
    (lambda: auth_request("https://x/", " ", "secret"), "username"),
    (lambda: auth_request("https://x/", "me@example.org", ""), "password"),
])
def test_a_value_typed_wrong_names_its_field_for_the_page(call, field):
    with pytest.raises(ProviderError) as caught:
        call()
    assert caught.value.detail() == {"field": field}


def test_a_day_without_a_reading_has_no_total_rather_than_zero(session):
    totals = {t["label"]: t for t in view_model(session, report="consumption", day="2023-09-05")["totals"]}
    assert totals["Total"]["text"] == "no readings" and totals["Total"]["value"] is None and totals["Total"]["warn"]
    assert totals["Half-hours with data"]["text"] == "0 of 48"
    read = {t["label"]: t for t in view_model(session, report="consumption", day="2023-09-04")["totals"]}
    assert read["Total"]["text"].endswith(" kWh") and not read["Total"]["warn"]
