"""Tariff names as the page shows them: one bracket each, and an assumed tariff named the same everywhere.

The demo household's tariff is not known from an account, so cost, bill and
compare price it on Flexible Octopus as an assumption.
"""

from __future__ import annotations

import json

import pytest

from pyruntime.present.bill import product_name
from pyruntime.wording import bracketed, entered_by_you
from tests.pyruntime.sample_feeds import sample_session, view_model


@pytest.fixture
def session():
    return sample_session()


def tariff_menu(model: dict) -> list[tuple[str, str]]:
    fields = [f for blk in model["blocks"] if blk["type"] == "form" for f in blk.get("fields", [])]
    return next([(o["value"], o["label"]) for o in f["options"]] for f in fields if f.get("name") == "tariff")


def ranking_names(model: dict, title: str) -> list[str]:
    table = next(blk for blk in model["blocks"] if blk.get("title") == title)
    return [row[0] for row in table["rows"]]


def test_a_note_joins_the_bracket_a_name_already_ends_with() -> None:
    assert bracketed("Flexible Octopus", "assumed") == "Flexible Octopus (assumed)"
    assert bracketed("Flexible Octopus (gas)", "assumed") == "Flexible Octopus (gas, assumed)"
    assert bracketed("Octopus Tracker (daily prices)", "gas") == "Octopus Tracker (daily prices, gas)"


def test_gas_names_have_one_bracket(session):
    labels = [label for _, label in tariff_menu(view_model(session, report="bill", fuel="gas"))]
    assert "Octopus Tracker (daily prices, gas)" in labels
    assert "Flexible Octopus (gas, assumed)" in labels
    assert not any(") (" in label for label in labels), labels


def test_the_assumed_tariff_is_listed_once(session):
    menu = tariff_menu(view_model(session, report="bill", fuel="electricity"))
    labels = [label for _, label in menu]
    assert ("actual", "Flexible Octopus (assumed)") in menu
    assert "Flexible Octopus" not in labels
    assert "Agile Octopus" in labels


def test_the_assumed_tariff_asked_for_by_its_key_is_still_in_the_menu(session):
    model = view_model(session, report="cost", fuel="electricity", tariff="flexible")
    menu = tariff_menu(model)
    assert ("flexible", "Flexible Octopus") in menu and ("actual", "Flexible Octopus (assumed)") in menu


def test_compare_marks_an_assumed_tariff_as_cost_does(session):
    model = view_model(session, report="compare")
    assert "Flexible Octopus (assumed)" in ranking_names(model, "Electricity import: ranking by cost")
    gas = ranking_names(model, "Gas: ranking by cost")
    assert "Flexible Octopus (gas, assumed)" in gas and "Octopus Tracker (daily prices, gas)" in gas
    assert not any("your current tariff" in name for name in gas)


def test_a_hand_entered_tariff_has_one_name_in_the_menu_the_heading_and_the_ranking(session):
    """Not "(yours)" in one place and "(entered by you)" in another: "yours" is the household's own tariff."""
    custom = "electricity~Quote from X~24.5~45"
    bill = view_model(session, report="bill", fuel="electricity", custom=custom, tariff="custom1")
    assert ("custom1", "Quote from X (entered by you)") in tariff_menu(bill)
    assert bill["subtitle"] == "Quote from X (entered by you)"
    compare = view_model(session, report="compare", custom=custom)
    assert "Quote from X (entered by you)" in ranking_names(compare, "Electricity import: ranking by cost")
    conditions = next(blk for blk in compare["blocks"] if blk.get("title") == "Conditions and product versions")
    row = next(r for r in conditions["rows"] if r[0] == "Quote from X (entered by you)")
    assert row[3] == "—"  # the name already says where it came from; no "Entered by you." beside it
    assert "(yours)" not in json.dumps([bill, compare], ensure_ascii=False)


def test_a_hand_entered_name_with_its_own_bracket_gets_one_bracket() -> None:
    assert entered_by_you("Fixed deal") == "Fixed deal (entered by you)"
    assert entered_by_you("Quote (2 years)") == "Quote (2 years, entered by you)"


def statement_lines(model: dict) -> list[str]:
    table = next(blk for blk in model["blocks"] if blk["type"] == "table" and blk["title"].startswith("Your "))
    return [row[0] for row in table["rows"]]


def test_a_flux_bill_names_the_product_as_a_statement_does_the_title_saying_import_or_export(session):
    imp = view_model(session, report="bill", fuel="electricity", tariff="flux_import",
                     **{"from": "2023-03-01", "to": "2023-03-31"})
    assert imp["title"] == "Electricity import bill, 1 Mar 2023 to 31 Mar 2023"
    assert statement_lines(imp)[:3] == [f"Energy, {band} on Octopus Flux: 1 Mar 2023 to 31 Mar 2023"
                                        for band in ("off-peak", "standard", "peak")]
    exp = view_model(session, report="bill", fuel="export", tariff="flux_export",
                     **{"from": "2023-03-01", "to": "2023-03-31"})
    assert exp["title"] == "Electricity export revenue, 1 Mar 2023 to 31 Mar 2023"
    assert statement_lines(exp)[0] == "Energy, off-peak on Octopus Flux: 1 Mar 2023 to 31 Mar 2023"
    assert not any(word in line for line in statement_lines(imp) + statement_lines(exp)
                   for word in ("Import", "Export", "(import)", "(export)"))


def test_a_product_whose_brand_names_its_channel_keeps_its_name_on_the_statement(session):
    agile = view_model(session, report="bill", fuel="export", tariff="agile_outgoing",
                       **{"from": "2023-03-01", "to": "2023-03-31"})
    assert statement_lines(agile)[0] == ("Energy at half-hourly prices on Agile Outgoing Octopus May 2019: "
                                         "1 Mar 2023 to 31 Mar 2023")


@pytest.mark.parametrize(("name", "fuel", "shown"), [
    ("Intelligent Octopus Flux Import", "electricity", "Intelligent Octopus Flux"),
    ("Intelligent Octopus Flux Export", "export", "Intelligent Octopus Flux"),
    ("Octopus Flux Import February 2023 v1", "electricity", "Octopus Flux February 2023 v1"),
    ("Octopus Flux (import)", "electricity", "Octopus Flux"),
    # Only the bill's own channel goes: an export product priced on an import bill says so.
    ("Octopus Flux Export", "electricity", "Octopus Flux Export"),
    ("Agile Outgoing Octopus February 2023 v1", "export", "Agile Outgoing Octopus February 2023 v1"),
    ("Octopus Outgoing Smart Export Guarantee Export Only April 2024 v1", "export",
     "Octopus Outgoing Smart Export Guarantee Export Only April 2024 v1"),
    ("Flexible Octopus", "gas", "Flexible Octopus"),
    ("My Export", "export", "My Export"),  # typed by hand: a one-word remainder is no name
])
def test_a_statement_line_drops_only_the_channel_the_bill_already_names(name: str, fuel: str, shown: str) -> None:
    assert product_name(name, fuel) == shown


def test_compare_names_each_tariff_the_same_in_its_ranking_and_its_chart(session):
    """The household's own tariff is "Flexible Octopus (assumed)" in the ranking, so in the bars below it too."""
    model = view_model(session, report="compare")
    for fuel, word in (("Electricity import", "cost"), ("Electricity export", "revenue"), ("Gas", "cost")):
        chart = next(blk for blk in model["blocks"] if blk["type"] == "bars" and blk["title"].startswith(f"{fuel}:"))
        table = next(blk for blk in model["blocks"] if blk.get("title") == f"{fuel}: ranking by {word}")
        ranked = [row[0] for row in table["rows"] if row[1].isdigit()]
        assert [bar["label"] for bar in chart["bars"]] == ranked
        assert chart["caption"].endswith(f"Select a bar for that tariff's {word} month by month.")
        assert any(bar["label"].endswith("assumed)") for bar in chart["bars"])  # "(gas, assumed)" too
