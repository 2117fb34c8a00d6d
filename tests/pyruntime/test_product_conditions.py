"""A product version's own rules (from the feed index's ``products[].conditions``) reach Compare.

The nightly feeds record rules of single versions that the rates cannot express (e.g. the
six-hour cap on Intelligent Octopus Go's cheap smart-charge slots for ``IOG-SMB-…``). Compare
shows them once per tariff, after the family's conditions, for versions priced in the period.
"""

from __future__ import annotations

import datetime as dt

from pyruntime.pricing.catalogue import FAMILY_TERMS, Listing, Terms, offer_terms, version_conditions
from pyruntime.pricing.history import Agreement, TariffHistory
from pyruntime.pricing.tariff import FlatRate, Tariff
from pyruntime.session import Session
from pyruntime.timeseries.londontime import day_start
from tests.pyruntime.sample_feeds import SampleFeeds, product_in_index, view_model

CAP = ("Cheap smart-charge slots are capped at six hours a day (announced Dec 2025); "
       "the feeds carry only the published night window.")


# The sample index as if the feeds recorded a rule of Octopus Go's version in force.
_go_with_a_version_rule = product_in_index("GO-VAR-22-10-14", conditions=CAP)


def _conditions_rows(m: dict) -> dict[str, list]:
    table = next(b for b in m["blocks"] if b["type"] == "table" and b["title"].startswith("Conditions"))
    return {r[0]: r for r in table["rows"]}


def test_compare_shows_a_priced_versions_own_conditions_once_beside_the_familys():
    session = Session()
    session.transport = SampleFeeds(rewrite=_go_with_a_version_rule)
    rows = _conditions_rows(view_model(session, report="compare"))
    text = rows["Octopus Go"][3]
    assert text == f"{FAMILY_TERMS['go'].conditions} GO-VAR-22-10-14: {CAP}"
    assert text.count("GO-VAR-22-10-14:") == 1
    assert "the feeds carry only the published night window" in text  # says the rates do not model it
    assert not any("GO-VAR-22-10-14" in r[3] for k, r in rows.items() if k != "Octopus Go")


def test_without_version_rules_compare_shows_the_family_conditions_only():
    session = Session()
    session.transport = SampleFeeds()
    rows = _conditions_rows(view_model(session, report="compare"))
    assert rows["Octopus Go"][3] == FAMILY_TERMS["go"].conditions


def _tariff(code: str, product: str) -> Tariff:
    return Tariff(code, product, "electricity", FlatRate(20.0), product_code=product, region="C", source="feed")


def test_only_versions_priced_in_the_period_bring_their_conditions():
    old, new = _tariff("E-1R-IOG-A-C", "IOG-A"), _tariff("E-1R-IOG-SMB-VAR-24-10-29-C", "IOG-SMB-VAR-24-10-29")
    switch = day_start(dt.date(2024, 10, 29))
    history = TariffHistory((Agreement(old, None, switch), Agreement(new, switch, None)))
    rules = {"IOG-SMB-VAR-24-10-29": CAP, "IOG-A": "Old rule."}
    before = version_conditions(history, rules, dt.date(2024, 9, 1), dt.date(2024, 10, 28))
    across = version_conditions(history, rules, dt.date(2024, 10, 1), dt.date(2024, 10, 29))
    after = version_conditions(history, rules, dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert before == ("IOG-A: Old rule.",)
    assert across == ("IOG-A: Old rule.", f"IOG-SMB-VAR-24-10-29: {CAP}")
    assert after == (f"IOG-SMB-VAR-24-10-29: {CAP}",)
    assert version_conditions(history, {}, dt.date(2024, 11, 1), dt.date(2024, 11, 30)) == ()


def test_the_feeds_family_conditions_fill_in_where_our_wording_has_none(monkeypatch):
    feed = Terms(frozenset({"ev"}), "From the feeds.")
    listing = Listing("go", "go", "Octopus Go", "electricity", ("E-1R-GO-VAR-22-10-14-C",), feed)
    assert offer_terms(listing) == FAMILY_TERMS["go"]  # ours kept: it knows the site's filters
    monkeypatch.setitem(FAMILY_TERMS, "go", Terms(frozenset({"ev"}), ""))
    assert offer_terms(listing) == Terms(frozenset({"ev"}), "From the feeds.")
    unknown = Listing("octopus_15m_fixed", "octopus_15m_fixed", "Octopus 15M Fixed", "electricity", (), feed)
    assert offer_terms(unknown) == feed
