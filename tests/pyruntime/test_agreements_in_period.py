"""Only the account's agreements in force during the data are looked up and named, with their London days.

A real account lists every agreement since the customer joined (OctoMeter's
sample: Flexible 20-09-22 from December 2020, years before most readings).
One that prices none of the data's days must not be called unpriced, nor
prefill the hand-tariff form; one that is named gives its first and last
London day (``valid_to`` is excluded: an agreement to 1 March 00:00 GMT ends
on 28 February).
"""

from __future__ import annotations

from pyruntime.household import Household, demo
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.timeseries.isotime import parse_instant
from tests.pyruntime.sample_feeds import sample_session, view_model

OLD = "E-1R-VAR-20-09-22-C"  # not in the feeds, and over before the demo's readings begin (2023)
GONE = "E-1R-INTELLI-FIX-12M-26-06-13-C"  # not in the feeds either: no public prices


def _session(*agreements: TariffAgreement):
    session = sample_session()
    facts = HouseholdFacts(label="Your Octopus Energy readings", provider="Octopus Energy",
                           tariffs={"electricity": agreements})
    session.replace(Household("octopus", {"electricity": demo().series["electricity"]}, region="C", facts=facts))
    return session


def test_an_agreement_over_before_the_data_begins_is_not_named_nor_asked_for():
    session = _session(
        TariffAgreement(OLD, parse_instant("2020-12-17T00:00:00Z"), parse_instant("2021-12-17T00:00:00Z")),
        TariffAgreement("E-1R-VAR-22-11-01-C", parse_instant("2021-12-17T00:00:00Z"), None))
    for report in ("cost", "bill", "compare"):
        text = str(view_model(session, source="octopus", report=report, fuel="electricity"))
        assert OLD not in text, report
        assert "has no public prices we can read" not in text, report


def test_an_unpriced_agreement_in_the_data_names_its_first_and_last_london_day():
    session = _session(
        TariffAgreement(GONE, parse_instant("2022-12-01T00:00:00Z"), parse_instant("2023-03-01T00:00:00Z")),
        TariffAgreement("E-1R-VAR-22-11-01-C", parse_instant("2023-03-01T00:00:00Z"), None))
    text = str(view_model(session, source="octopus", report="bill", fuel="electricity", month="2023-02"))
    assert f"Your electricity import tariff {GONE} (2022-12-01 to 2023-02-28) is not in the price feeds" in text


def test_an_agreement_switched_inside_the_last_half_hour_of_a_day_names_the_days_it_prices():
    """From 23:45 London its first half-hour is the next day's (the switch's half-hour stays on the earlier one),
    and the earlier agreement, to 23:45, prices that day's last half-hour whole."""
    session = _session(
        TariffAgreement(GONE, parse_instant("2022-12-01T00:00:00Z"), parse_instant("2023-01-31T23:45:00Z")),
        TariffAgreement("E-1R-VAR-20-09-22-C", parse_instant("2023-01-31T23:45:00Z"), None))
    text = str(view_model(session, source="octopus", report="bill", fuel="electricity", month="2023-02"))
    assert f"tariff {GONE} (2022-12-01 to 2023-01-31) is not in the price feeds" in text
    assert f"tariff {OLD} (2023-02-01 to now) is not in the price feeds" in text


def test_a_history_that_ends_before_the_data_leaves_its_days_unpriced_rather_than_assumed():
    session = _session(TariffAgreement("E-1R-VAR-22-11-01-C", parse_instant("2021-12-17T00:00:00Z"),
                                       parse_instant("2022-06-01T00:00:00+01:00")))
    text = str(view_model(session, source="octopus", report="bill", fuel="electricity", month="2023-02"))
    assert "None of your electricity import tariff agreements is in force from 2023-01-01 to" in text
    assert "as an assumption" not in text
