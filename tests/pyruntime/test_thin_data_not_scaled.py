"""Data with most of its half-hours missing is never scaled to a year.

Two weeks loaded seven months apart span 224 days of which 14 have readings. A missing half-hour costs
and saves nothing, so "× 365 / 224" would price the year as if the home were off for 94 % of it: the
comparison and the what-if lab say their figures over the period instead, as they do over any period
shorter than a year. (The overview's cards: see ``test_overview.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pyruntime.bridge import run_sync
from pyruntime.ops import OpContext
from pyruntime.ops.load import load_file

from .sample_feeds import sample_session, view_model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
WEEKS = ("octopus_dashboard_electricity_2023-03-23_2023-03-29.csv",
         "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv")


@pytest.fixture(scope="module")
def two_weeks():
    session = sample_session()
    for name in WEEKS:
        run_sync(load_file(OpContext(session, {"name": name}, (FIXTURES / name).read_bytes())))
    return session


def totals(model: dict) -> dict[str, str]:
    return {t["label"]: t["text"] for t in model["totals"]}


def test_the_comparison_says_its_saving_over_the_period_without_a_yearly_figure(two_weeks):
    best = totals(view_model(two_weeks, "file", report="compare"))["Best choice"]
    assert best.endswith("over these 224 days (not scaled to a year: only 6% of electricity import half-hours have "
                         "a reading)")


def test_one_week_read_in_full_is_said_over_its_days_not_scaled_to_a_year():
    """Read in full, a week is still a week of one season: its saving times 52 is no year's (as in the lab)."""
    session = sample_session()
    run_sync(load_file(OpContext(session, {"name": WEEKS[1]}, (FIXTURES / WEEKS[1]).read_bytes())))
    best = totals(view_model(session, "file", report="compare"))["Best choice"]
    assert best.endswith(" over these 7 days (not scaled to a year: a period shorter than a year leaves seasons "
                         "out)")
    assert "about £" not in best


def test_the_lab_keeps_its_figures_over_the_period(two_weeks):
    shown = totals(view_model(two_weeks, "file", report="whatif", battery="5", battery_cost="3000"))
    assert "Saving a year (best before → best after)" not in shown
    assert "Saving over these days (best before → best after)" in shown
    assert shown["Simple payback"] == "not worked out: too few half-hours have a reading"
    assert "Battery cycles over these days" in shown
    assert shown["Period"] == "224 days, only 6% of whose half-hours have a reading: nothing is scaled to a year"
