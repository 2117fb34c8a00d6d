"""The compare report as the page gets it, and hand-entered tariffs in the URL.

Demo household, bundled sample feeds served by a fake transport (relative
to this file, so the same tests run inside Pyodide).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyruntime.bridge import run_sync
from pyruntime.household import Household, demo
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.ops import OpContext
from pyruntime.ops.load import load_file
from pyruntime.pricing.custom import MAX_TARIFFS, encode_custom, parse_custom, read_custom
from pyruntime.timeseries.isotime import parse_instant
from tests.pyruntime.sample_feeds import sample_session, view_model

REGION_C_FAMILIES = {"agile", "go", "cosy", "flux_import", "flexible", "flexible_e7",  # import
                     "octopus_12m_fixed", "price_cap",  # import: fixed, and any supplier's capped tariff
                     "agile_outgoing", "flux_export", "outgoing_fixed",  # export
                     "tracker_gas", "flexible_gas", "octopus_12m_fixed_gas", "price_cap_gas"}  # gas


@pytest.fixture(scope="module")
def session():
    return sample_session()


def ranked_table(model: dict, fuel_label: str) -> dict:
    return next(b for b in model["blocks"] if b["type"] == "table" and b["title"].startswith(f"{fuel_label}: tariffs"))


def rows_by_name(table: dict) -> dict[str, list[str]]:
    return {r[0]: r for r in table["rows"]}


def money(cell: dict) -> float:
    """A money cell's number [GBP], which its text shows."""
    assert cell["unit"] == "GBP" and cell["text"] == f"£{cell['value']:,.2f}"
    return cell["value"]


def test_fixed_products_and_the_price_cap_are_ranked_beside_variable_ones(session):
    m = view_model(session, report="compare")
    for fuel in ("Electricity import", "Gas"):
        rows = rows_by_name(ranked_table(m, fuel))
        cap = next(r for name, r in rows.items() if name.startswith("Standard variable (price cap, any supplier"))
        fixed = next(r for name, r in rows.items() if name.startswith("Octopus 12M Fixed"))
        flexible = next(r for name, r in rows.items() if name.startswith("Flexible Octopus"))
        assert cap[1].isdigit() and flexible[1].isdigit() and fixed[1].isdigit(), (cap, fixed, flexible)
    conditions = next(b for b in m["blocks"] if b["type"] == "table" and b["title"].startswith("Conditions"))
    cap_row = next(r for r in conditions["rows"] if r[0].startswith("Standard variable (price cap"))
    assert "not yet verified against Ofgem" in " ".join(cap_row)  # conditions read from the feeds


def test_every_feed_tariff_for_the_region_is_ranked_side_by_side(session):
    m = view_model(session, report="compare")
    assert m["title"] == "Compare tariffs: 1 Jan 2023 to 31 Dec 2023"
    keys = {b["key"] for blk in m["blocks"] if blk["type"] == "bars" for b in blk["bars"]}
    conditions = next(b for b in m["blocks"] if b["type"] == "table" and b["title"].startswith("Conditions"))
    assert len(conditions["rows"]) == len(REGION_C_FAMILIES)
    assert keys <= REGION_C_FAMILIES
    imp = ranked_table(m, "Electricity import")
    ranks = [r[1] for r in imp["rows"]]
    ranked = [r for r in imp["rows"] if r[1].isdigit()]
    assert [int(r[1]) for r in ranked] == list(range(1, len(ranked) + 1))
    assert [money(r[2]) for r in ranked] == sorted(money(r[2]) for r in ranked)  # cheapest first
    assert "not ranked" in ranks  # Flux launched in February: no prices for January
    assert imp["rows"][-1][0].startswith("Yours: Flexible Octopus")
    exp = ranked_table(m, "Electricity export")
    revenue = [money(r[2]) for r in exp["rows"] if r[1].isdigit()]
    assert revenue == sorted(revenue, reverse=True)  # export ranks by revenue, highest first
    assert ranked_table(m, "Gas")["title"] == "Gas: tariffs ranked by total cost"
    assert any(b["type"] == "table" and "month by month" in b["title"] and len(b["columns"]) == 13
               for b in m["blocks"])


def test_the_comparison_and_the_cost_view_agree_to_the_penny(session):
    m = view_model(session, report="compare")
    agile = rows_by_name(ranked_table(m, "Electricity import"))["Agile Octopus"]
    cost = view_model(session, report="cost", fuel="electricity", tariff="agile")
    assert next(t["text"] for t in cost["totals"] if t["label"] == "Total (inc VAT)") == agile[2]["text"]
    yours = rows_by_name(ranked_table(m, "Electricity import"))["Yours: Flexible Octopus (assumed)"]
    cost = view_model(session, report="cost", fuel="electricity")
    assert next(t["text"] for t in cost["totals"] if t["label"] == "Total (inc VAT)") == yours[2]["text"]


def test_eligibility_filter_and_conditions(session):
    m = view_model(session, report="compare", has="ev")
    assert m["view"]["has"] == "ev"
    imp = rows_by_name(ranked_table(m, "Electricity import"))
    assert imp["Octopus Go"][1].isdigit()
    assert imp["Cosy Octopus"][1] == "not eligible" and imp["Cosy Octopus"][-1] == "heat pump"
    form = next(b for b in m["blocks"] if b["type"] == "form" and b["title"] == "Eligibility")
    assert form["fields"][0]["value"] == "ev" and form["links"][0]["label"] == "Show every tariff"
    m = view_model(session, report="compare", has="none")
    exp = rows_by_name(ranked_table(m, "Electricity export"))
    assert all(r[1] == "not eligible" for r in exp.values() if not r[0].startswith("Yours"))
    m = view_model(session, report="compare", has="ev,wind")
    assert m["view"]["has"] == "ev" and any("wind" in n for n in m["notices"])


def test_pairs_and_net_when_flux_has_prices_for_the_whole_period(session):
    m = view_model(session, report="compare", **{"from": "2023-03", "to": "2023-08"})
    assert m["title"] == "Compare tariffs: 1 Mar 2023 to 31 Aug 2023"
    net = next(b for b in m["blocks"]
               if b["type"] == "table" and b["title"].startswith("Electricity import and export"))
    flux = [r for r in net["rows"] if r[1] == "Octopus Flux (import)"]
    assert flux and flux[0][2] == "Octopus Flux (export)" and flux[0][3] == "sold as a pair"
    months = next(b for b in m["blocks"] if b["type"] == "table" and "month by month" in b["title"])
    assert months["columns"] == ["Tariff", "Mar 2023", "Apr 2023", "May 2023", "Jun 2023", "Jul 2023", "Aug 2023"]
    # A drilled month is a one-month comparison.
    assert view_model(session, report="compare", month="2023-02")["title"].endswith("1 Feb 2023 to 28 Feb 2023")


def test_a_hand_entered_tariff_joins_the_comparison(session):
    custom = "electricity~Fixed deal~24.5~45;gas~Fixed gas~6.1~30;export~SEG~4.1"
    m = view_model(session, report="compare", custom=custom)
    assert m["view"]["custom"] == custom
    assert "Fixed deal (entered by you)" in rows_by_name(ranked_table(m, "Electricity import"))
    assert "Fixed gas (entered by you)" in rows_by_name(ranked_table(m, "Gas"))
    assert "SEG (entered by you)" in rows_by_name(ranked_table(m, "Electricity export"))
    form = next(b for b in m["blocks"] if b["type"] == "form" and b["title"] == "Add a tariff by hand")
    assert form["compose"]["current"] == custom and form["compose"]["param"] == "custom"
    removed = form["links"][0]["params"]
    assert removed["custom"] == "gas~Fixed gas~6.1~30;export~SEG~4.1"


def test_custom_tariffs_round_trip_through_the_url():
    tariffs, notices = parse_custom("E~ A  name ~24.5~45;g~Gas~6.1~30~exc;x~Export~0000-0700:3,15~~inc~0;"
                                    "electricity~Twenty~20~40~inc~20")
    assert notices == ()
    text = encode_custom(tariffs)
    assert text == ("electricity~A name~24.5~45;gas~Gas~6.1~30~exc;export~Export~0000-0700:3,15;"
                    "electricity~Twenty~20~40~inc~20")
    again, _ = parse_custom(text)
    assert encode_custom(again) == text
    assert [t.key for t in again] == ["custom1", "custom2", "custom3", "custom4"]
    assert again[0].tariff.rates.p_per_kwh == 24.5 / 1.05 and again[1].tariff.rates.p_per_kwh == 6.1
    assert again[3].tariff.vat_rate == 0.2 and again[2].tariff.vat_rate == 0.0


def test_custom_tariff_errors_are_explained_and_the_rest_kept():
    tariffs, notices = parse_custom("steam~X~5;electricity~Y;electricity~Z~0030-0430:7;gas~Ok~6~30~maybe;"
                                    "gas~Good~6~30")
    assert [t.tariff.name for t in tariffs] == ["Good"] and tariffs[0].key == "custom1"
    assert len(notices) == 4
    assert "not a fuel" in notices[0] and "at least a fuel" in notices[1]
    assert "price for all other times" in notices[2] and "inc" in notices[3]
    many, notices = parse_custom(";".join(["gas~G~6~30"] * (MAX_TARIFFS + 2)))
    assert len(many) == MAX_TARIFFS and notices


@given(st.lists(st.tuples(st.sampled_from(["electricity", "gas", "export"]), st.text(max_size=50),
                          st.floats(-50, 200, allow_nan=False).map(lambda x: f"{x:.3f}"),
                          st.integers(0, 999).map(str)), min_size=1, max_size=MAX_TARIFFS))
def test_any_valid_entry_survives_the_url(entries):
    raw = ";".join("~".join(e) for e in entries)
    tariffs, _ = parse_custom(raw)
    text = encode_custom(tariffs)
    again, notices = parse_custom(text)
    assert notices == () and encode_custom(again) == text
    assert [t.tariff.rates for t in again] == [t.tariff.rates for t in tariffs]


@pytest.mark.parametrize(("entry", "field", "words"), [
    ("steam~X~5~40", "fuel", "not a fuel"),
    ("electricity~X~~40", "rate", "unit rate is empty"),
    ("electricity~X~25 pints~40", "rate", "unit rate “25 pints” is not a number"),
    ("electricity~X~24,5~40", "rate", "write the price with a decimal point, e.g. 24.5 (not “24,5”)"),
    ("electricity~X~£0.25~40", "rate", "give the price in pence per kWh, e.g. 25 (not £0.25)"),
    ("electricity~X~0030-0430:£0.07,25~40", "rate", "give the price in pence per kWh, e.g. 7 (not £0.07)"),
    ("electricity~X~25~£0.40", "standing", "give the standing charge in pence per day, e.g. 40 (not £0.40)"),
    ("electricity~X~25~40p/kWh", "standing", "give the standing charge in pence per day, e.g. 60 (not 40p/kWh)"),
    ("electricity~X~2500-0100:5,20~40", "rate", "not a time of day"),
    ("electricity~X~0030-0430:7~40", "rate", "price for all other times"),
    ("electricity~X~25~-3", "standing", "standing charge -3 is outside 0 to 1000"),
    ("electricity~X~25~lots", "standing", "standing charge “lots” is not a number"),
    ("electricity~X~25~40~maybe", "vat", "inc"),
    ("electricity~X~25~40~inc~150", "vat_rate", "outside 0 to 99"),
])
def test_a_refused_hand_tariff_names_the_field_at_fault(entry, field, words):
    setting = read_custom("gas~Kept~6~30;" + entry)
    assert [t.tariff.name for t in setting.tariffs] == ["Kept"]
    assert setting.notices == ()  # the last entry is the form's to show, not a notice
    assert setting.refused is not None and setting.refused.field == field and words in setting.refused.message
    assert dict(setting.refused.typed)["name"] == "X"
    # Where no form shows it (parse_custom: the reports that only carry `custom`) it is a notice, as before.
    assert parse_custom("gas~Kept~6~30;" + entry)[1] == setting.notice_for_refused()


def test_only_the_last_entry_is_the_forms_and_a_shapeless_one_stays_a_notice():
    setting = read_custom("steam~X~5;gas~Kept~6~30")
    assert setting.refused is None and "not a fuel" in setting.notices[0]
    setting = read_custom("gas~Kept~6~30;electricity~Y")
    assert setting.refused is None and "at least a fuel" in setting.notices[0]
    assert setting.last is None  # the tariff just added is the last entry, and only when it is kept


def test_the_last_entry_kept_is_the_tariff_just_added():
    setting = read_custom("steam~X~5;gas~Kept~6~30;electricity~New~24.5~45")
    assert setting.last is not None and setting.last.key == "custom2" and setting.last.tariff.name == "New"
    assert read_custom("electricity~New~24.5~45;steam~X~5").last is None
    assert read_custom("electricity~Old~20~30;electricity~New~abc~45").last is None  # refused
    assert read_custom(";".join(f"gas~T{n}~6~30" for n in range(9))).last is None  # the ninth is left out


@pytest.mark.parametrize("report", ["compare", "cost", "bill"])
def test_the_tariff_form_shows_a_refused_rate_beside_its_field_and_keeps_what_was_typed(session, report):
    custom = "gas~Fixed gas~6.1~30;export~My export deal~7.5x~12~exc"
    m = view_model(session, report=report, fuel="export", custom=custom)
    form = next(b for b in m["blocks"] if b["type"] == "form" and b["title"] == "Add a tariff by hand")
    fields = {f["name"]: f for f in form["fields"]}
    assert fields["c_rate"]["error"] == "The unit rate “7.5x” is not a number."
    assert [n for n, f in fields.items() if "error" in f] == ["c_rate"]
    assert {n: fields[n]["value"] for n in ("c_fuel", "c_name", "c_rate", "c_standing", "c_vat")} == {
        "c_fuel": "export", "c_name": "My export deal", "c_rate": "7.5x", "c_standing": "12", "c_vat": "exc"}
    assert not any("7.5x" in n for n in m.get("notices", []))  # said once, beside the field
    assert form["compose"]["current"] == "gas~Fixed gas~6.1~30"  # the good tariff stays; correcting adds to it


def test_the_export_table_heads_its_average_without_vat_and_has_no_standing_or_vat_columns(session):
    """Export payments carry neither VAT nor a standing charge: no "(inc VAT)" and no columns of zeros."""
    m = view_model(session, report="compare")
    exp = ranked_table(m, "Electricity export")
    assert exp["columns"] == ["Tariff", "Rank", "Total revenue", "Saving against your tariff", "Average p/kWh",
                              "Best month", "Worst month", "Needs"]
    assert all(len(r) == len(exp["columns"]) for r in exp["rows"])
    fixed = rows_by_name(exp)["Outgoing Octopus 12M Fixed"]
    assert fixed[4]["unit"] == "p/kWh" and fixed[4]["value"] == 15.0  # its flat rate as paid, no VAT on it
    imp = ranked_table(m, "Electricity import")
    assert imp["columns"][4:7] == ["Average p/kWh (inc VAT)", "Standing (exc VAT)", "VAT"]


def test_a_hand_entered_export_tariff_with_a_daily_amount_and_vat_brings_those_columns_back(session):
    """Typed in, they add to its revenue, so the table shows them rather than hide part of the total."""
    m = view_model(session, report="compare", custom="export~Odd deal~5~10~exc~5")
    exp = ranked_table(m, "Electricity export")
    assert exp["columns"][4:7] == ["Average p/kWh (inc VAT)", "Standing (exc VAT)", "VAT"]
    odd = rows_by_name(exp)["Odd deal (entered by you)"]
    assert odd[4]["value"] == 5.25 and money(odd[5]) == 36.50  # 5p + 5 %; 365 days at 10p
    assert money(odd[6]) == pytest.approx(money(odd[2]) / 21, abs=0.01)  # 5 % of the subtotal, in a total of 105 %


@pytest.mark.parametrize(("entry", "said"), [
    ("electricity~NoSC~24.5", True), ("gas~NoSC~6", True), ("electricity~NoSC~24.5~", True),
    ("electricity~Zero~24.5~0", False), ("electricity~Some~24.5~45p/day", False), ("export~SEG~15", False),
])
def test_a_tariff_entered_without_a_standing_charge_is_priced_with_none_and_the_page_says_so(entry, said):
    """A quote's standing charge left out by mistake would rank the tariff far too cheap: priced as given (a
    tariff may have none), with a notice; a 0 typed on purpose, and export (which has none), say nothing."""
    setting = read_custom(entry)
    assert len(setting.tariffs) == 1 and setting.refused is None
    notes = [n for n in setting.notices if "No standing charge was given" in n]
    assert bool(notes) == said
    if said:
        assert "“NoSC”" in notes[0] and "0\u00a0p/day" in notes[0]


def test_the_ranking_says_under_a_name_what_the_tariff_needs_and_its_csv_keeps_the_needs_column(session):
    """A phone hides the compact ranking's Needs column, so each row also carries a note for under its name."""
    from pyruntime.bridge import run_sync
    from pyruntime.ops import OpContext
    from pyruntime.ops.downloads import download_table

    m = view_model(session, report="compare")
    tables = [b for b in m["blocks"] if b["type"] == "table"]
    ranking = next(t for t in tables if t["title"] == "Electricity import: ranking by cost")
    assert ranking["compact"] and ranking["columns"][-1] == "Needs"
    notes = {row[0]: note for row, note in zip(ranking["rows"], ranking["key_notes"], strict=True)}
    assert notes["Octopus Go"] == "Needs: electric vehicle" and notes["Cosy Octopus"] == "Needs: heat pump"
    assert notes["Agile Octopus"] == ""  # nothing needed: no line
    for row, note in zip(ranking["rows"], ranking["key_notes"], strict=True):
        assert note == ("" if row[-1] == "—" else f"Needs: {row[-1]}")
    # The downloads hold every column, Needs included, and nothing of the notes.
    for title in ("Electricity import: ranking by cost", "Electricity import: tariffs ranked by total cost"):
        i = next(n for n, t in enumerate(tables) if t["title"] == title)
        text = run_sync(download_table(OpContext(session, {"source": "demo", "params": m["view"], "table": i})))["text"]
        header = text.splitlines()[0].split(",")
        assert len(header) == len(tables[i]["columns"]) and header[-1] == "needs", header
        assert "Needs:" not in text
    # Without any tariff that needs something (gas), there are no notes.
    gas = next(t for t in tables if t["title"] == "Gas: ranking by cost")
    assert "key_notes" not in gas


def test_a_saving_over_a_week_or_a_month_is_never_given_a_year_and_a_year_is(session):
    """A January's saving times 365/31 counts every month as a heating month: only a year's saving is said a year,
    as the what-if lab says its own."""
    def said(**period: str) -> tuple[str, float, float]:
        m = view_model(session, report="compare", **period)
        shown = {t["label"]: t for t in m["totals"]}
        yours, best = shown["Your household"], shown["Best choice"]
        return best["text"], yours["value"], best["value"]

    for period, days in (({"from": "2023-03-06", "to": "2023-03-12"}, 7), ({"from": "2023-01-01", "to": "2023-01-31"},
                                                                           31)):
        text, yours, best = said(**period)
        saving = round(yours - best, 2)
        assert text.endswith(f"saves £{saving:,.2f} over these {days} days (not scaled to a year: a period shorter "
                             "than a year leaves seasons out)")
    text, yours, best = said(**{"from": "2023-01-01", "to": "2023-12-31"})
    assert text.endswith(f"saves £{yours - best:,.2f} a year")


def _thin_household():
    """Two weeks seven months apart loaded as import and as export, and one week of gas: few half-hours read."""
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
    session = sample_session()
    for name, fuel in (("octopus_dashboard_electricity_2023-03-23_2023-03-29.csv", "electricity"),
                       ("octopus_dashboard_electricity_2023-10-26_2023-11-01.csv", "electricity"),
                       ("octopus_dashboard_electricity_2023-03-23_2023-03-29.csv", "export"),
                       ("octopus_dashboard_electricity_2023-10-26_2023-11-01.csv", "export"),
                       ("octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv", "gas")):
        run_sync(load_file(OpContext(session, {"name": name, "fuel": fuel}, (folder / name).read_bytes())))
    return session


def test_the_thinly_read_fuels_are_said_as_one_list_not_a_chain_of_ands():
    m = view_model(_thin_household(), "file", report="compare")
    best = next(t["text"] for t in m["totals"] if t["label"] == "Best choice")
    # 14 of the 224 days read for each electricity meter (672 of 10,752 half-hours), 7 days less 3 half-hours of gas.
    assert best.endswith("over these 224 days (not scaled to a year: only 6% of import, 6% of export and 3% of gas "
                         "half-hours have a reading)"), best


def test_the_households_own_row_reads_yours_then_your_tariff_history_in_lower_case():
    session = sample_session()
    session.household = Household("octopus", demo().series, region="C", facts=HouseholdFacts(tariffs={"electricity": (
        TariffAgreement("E-1R-VAR-22-11-01-C", parse_instant("2022-11-01T00:00:00Z"),
                        parse_instant("2023-03-31T23:00:00Z")),
        TariffAgreement("E-1R-AGILE-FLEX-22-11-25-C", parse_instant("2023-03-31T23:00:00Z"), None))}))
    m = view_model(session, "octopus", report="compare")
    # The compact ranking and the full table ("tariffs ranked by total cost"), not the month-by-month table.
    tables = [b for b in m["blocks"] if b["type"] == "table" and b["title"].startswith("Electricity import: ")
              and ("ranking" in b["title"] or "ranked" in b["title"])]
    assert len(tables) == 2, [b["title"] for b in tables]
    names = [row[0] if isinstance(row[0], str) else row[0]["text"] for b in tables for row in b["rows"]]
    assert "Yours: your tariff history" in names, names
    assert not any(name.startswith("Yours: Your") for name in names)


def test_every_saving_is_the_difference_of_the_totals_shown_beside_it_to_the_penny(session):
    """Bills are in pennies: the demo's Octopus 12M Fixed for gas, £1,003.91 against your £1,122.05, once showed
    "saves £118.13" (from the unrounded totals) where a reader works out £118.14."""
    model = view_model(session, report="compare")
    checked = 0
    for block in model["blocks"]:
        if block["type"] != "table" or not re.search(r": (ranking by|tariffs ranked by) (cost|total cost|revenue)$",
                                                     block["title"]):
            continue
        revenue = "revenue" in block["title"]
        yours = next((r for r, c in zip(block["rows"], block["row_classes"], strict=True) if c == "actual"), None)
        if yours is None:  # no tariff of the household's own: savings are against the best
            continue
        yours_gbp = yours[2]["value"]
        for row in block["rows"]:
            if row is yours or not isinstance(row[3], dict) or row[3]["value"] is None:
                continue
            gap = round((row[2]["value"] - yours_gbp) if revenue else (yours_gbp - row[2]["value"]), 2) + 0.0
            assert row[3]["value"] == gap, (block["title"], row[0], row[2], yours[2], row[3])
            checked += 1
    assert checked >= 20
    gas = rows_by_name(ranked_table(model, "Gas"))["Octopus 12M Fixed (gas)"]
    assert (gas[2]["text"], gas[3]["text"]) == ("£1,003.91", "saves £118.14")
    shown = {t["label"]: t for t in model["totals"]}
    assert f"saves £{shown['Your household']['value'] - shown['Best choice']['value']:,.2f} a year" in \
        shown["Best choice"]["text"]
