"""A tariff on the account with no public prices is named, and the hand-tariff form is prefilled to finish the job."""

from __future__ import annotations

from pyruntime.household import Household, demo
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from tests.pyruntime.sample_feeds import sample_session, view_model

CODE = "E-1R-INTELLI-FIX-12M-26-06-13-C"  # an Intelligent Go fixed version with no public rates


def test_an_unpriceable_tariff_is_named_and_the_form_is_prefilled():
    session = sample_session()
    facts = HouseholdFacts(label="Your Octopus Energy readings", provider="Octopus Energy",
                           tariffs={"electricity": (TariffAgreement(CODE, None, None),)})
    session.replace(Household("octopus", {"electricity": demo().series["electricity"]}, region="C", facts=facts))
    for report in ("cost", "bill"):
        m = view_model(session, source="octopus", report=report, fuel="electricity")
        text = str(m)
        assert f"Your electricity import tariff {CODE}" in text and "enter its rates below" in text
        form = next(b for b in m["blocks"] if b["type"] == "form" and b["title"] == "Add a tariff by hand")
        name = next(f for f in form["fields"] if f["name"] == "c_name")
        assert name["value"] == f"{CODE} (your tariff)"
        assert form["caption"].startswith(f"Your tariff {CODE} has no public prices we can read")
