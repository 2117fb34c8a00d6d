"""The worker's session keeps the user's data while the demo is viewed, and forgets both on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyruntime.errors import NotLoaded
from pyruntime.household import Household
from pyruntime.session import Session
from tests.pyruntime.sample_feeds import SampleFeeds, view_model
from tests.pyruntime.test_ops_load import call

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
ELECTRICITY = FIXTURES / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
MARCH = FIXTURES / "octopus_dashboard_electricity_2023-03-23_2023-03-29.csv"


def with_file(path: Path = ELECTRICITY) -> Session:
    session = Session()
    session.transport = SampleFeeds()
    call(session, "load_file", {"name": path.name}, path.read_bytes())
    return session


def test_viewing_the_demo_keeps_the_users_file_loaded():
    session = with_file()
    mine = session.household
    demo = session.use("demo")
    assert demo.source == "demo" and session.household is mine
    assert session.use("file") is mine
    assert session.use("demo") is demo  # made once, then kept


def test_reports_of_the_demo_and_of_the_users_file_can_be_shown_in_turn():
    session = with_file()
    first = view_model(session, source="file", report="overview", fuel="electricity")
    assert view_model(session, source="demo")["source"] == "demo"
    again = view_model(session, source="file", report="overview", fuel="electricity")
    assert again == first
    assert call(session, "data_summary", {"source": "file"})["files"] == {"electricity": ELECTRICITY.name}


def test_a_file_loaded_after_viewing_the_demo_is_added_to_the_users_file():
    session = with_file(MARCH)
    session.use("demo")
    summary = call(session, "load_file", {"name": ELECTRICITY.name}, ELECTRICITY.read_bytes())
    assert summary["fuels"][0]["first_day"] == "2023-03-23" and summary["fuels"][0]["last_day"] == "2023-11-01"


def test_forget_drops_the_users_data_and_the_demo():
    session = with_file()
    session.use("demo")
    session.forget()
    assert session.household is None and session.demo is None
    with pytest.raises(NotLoaded):
        session.use("file")


def test_new_data_of_the_users_replaces_theirs_and_leaves_the_demo_alone():
    session = with_file()
    demo = session.use("demo")
    other = Household("glowmarkt", dict(session.household.series))
    session.replace(other)
    assert session.household is other and session.use("demo") is demo
    with pytest.raises(NotLoaded):
        session.use("file")


def test_a_source_never_loaded_is_not_loaded_even_with_the_demo_shown():
    session = Session()
    session.use("demo")
    assert session.household is None
    with pytest.raises(NotLoaded):
        session.use("octopus")
