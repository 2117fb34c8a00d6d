"""Real files that are not (only) one meter's readings, loaded as the page loads a dropped file.

Price lists and other replies a user could drop by mistake are named for what they are, and nothing is
loaded; a file holding two meters' Octopus readings (a tool's day of data) loads the one chosen. Every file
here is a real one (sources in each fixture directory's README).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyruntime.fileformats import ImportFailure, NeedsMapping
from tests.pyruntime.test_ops_load import Session, call

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AGILE_2018 = FIXTURES / "not_meter_readings" / "barnybug_agile_2018-01-01_2018-01-02.csv"
AGILE_RATES_API_CSV = FIXTURES / "not_meter_readings" / "octojulia_agile-18-02-21_H_standard_unit_rates_2021-01-14.csv"
AGILE_IMPORT_EXPORT = FIXTURES / "feeds_api" / "fawkesley_agile_import_export_2023-10-20_2023-11-05.csv"
BUNDLE = FIXTURES / "pricing" / "tomludlow2_day_bundle_2024-09-09_intelligent_go_elec_gas.json"


@pytest.mark.parametrize(("path", "priced"), [
    (AGILE_2018, "“rate” holds prices"),
    (AGILE_IMPORT_EXPORT, "“Agile Import price (p/k…” and “Agile Export price (p/k…” hold prices"),
    (AGILE_RATES_API_CSV, "“value_exc_vat” and “value_inc_vat” hold prices"),
])
def test_a_csv_of_prices_is_named_as_prices_and_nothing_is_loaded(path, priced):
    # The 2018 Agile prices, 10 to 35 p a half-hour, were read as a home's kWh (most set aside as faults,
    # the rest shown as use), or as Wh when their typical value passed 10.
    session = Session()
    with pytest.raises(NeedsMapping) as caught:
        call(session, "load_file", {"name": path.name}, path.read_bytes())
    assert caught.value.message == (
        f"This file looks like a list of prices, not meter readings: {priced}, so nothing was loaded. To see "
        "prices, open the Prices page; for your own use, download your meter's half-hourly consumption (from "
        "your supplier's website or app) and load that. If this file does hold your readings, tell us which "
        "column holds the time and which the reading.")
    assert session.household is None


@pytest.mark.parametrize("name", [AGILE_2018.name, "agile_import_prices.csv"])
def test_the_column_step_for_a_price_list_guesses_nothing(name):
    # The step said "Our guesses: looks like: CSV with a time column and a value column; the typical value,
    # 10.563 per half-hour, is far too much for kWh in a home, so the values were read as watt-hours (Wh)"
    # under its own words that the file is prices, and proposed the price column as the reading.
    with pytest.raises(NeedsMapping) as caught:
        call(Session(), "load_file", {"name": name}, AGILE_2018.read_bytes())
    suggestions = caught.value.suggestions
    assert suggestions.price_columns == (1,)
    assert suggestions.reasons == ()
    guessed = suggestions.suggested
    assert (guessed.timestamp_column, guessed.value_column, guessed.unit, guessed.timezone) == (None,) * 4
    assert suggestions.headers == ("timestamp", "rate") and len(suggestions.preview) == 10  # still shown to map


def test_a_readings_file_the_step_cannot_place_still_gets_guesses():
    rows = "".join(f"2023-06-01T{i // 2:02d}:{i % 2 * 30:02d}:00Z,7,{0.1 + i / 100:.3f}\n" for i in range(40))
    with pytest.raises(NeedsMapping) as caught:
        call(Session(), "load_file", {"name": "meter.csv"}, ("when,inverter,Generated\n" + rows).encode())
    assert caught.value.suggestions.price_columns == ()
    assert caught.value.suggestions.reasons and caught.value.suggestions.suggested.value_column == 2


def test_a_price_csv_mapped_as_readings_by_the_user_is_read_as_they_chose():
    session = Session()
    mapping = {"timestamp_column": 0, "value_column": 1, "unit": "kWh", "stamp": "start", "timezone": "UTC",
               "fuel": "electricity"}
    summary = call(session, "load_file", {"name": AGILE_2018.name, "mapping": mapping}, AGILE_2018.read_bytes())
    assert summary["fuels"][0]["present"] + session.household.facts.imports["electricity"].faulty == 96


@pytest.mark.parametrize(("path", "what"), [
    (FIXTURES / "octopus_api" / "tariff_unit_rates_markallanson.json",
     "This file holds prices (Octopus unit rates or standing charges: “value_inc_vat” from “valid_from”)"),
    (FIXTURES / "feeds_api" / "octometer_standing_charges_VAR-22-11-01_history.json",
     "This file holds prices (Octopus unit rates or standing charges: “value_inc_vat” from “valid_from”)"),
    (FIXTURES / "feeds_api" / "octometer_day_unit_rates_E7_history.json",
     "This file holds prices (Octopus unit rates or standing charges: “value_inc_vat” from “valid_from”)"),
    (FIXTURES / "n3rgy" / "n3rgy_v1_electricity_tariff_with_tiers.json",
     "This file holds prices (an n3rgy tariff: “prices” and “standingCharges”)"),
    (FIXTURES / "carbon_intensity" / "nmpowell_national_intensity_pt24h_2023-03-15T0101Z.json",
     "This file holds carbon intensity from the Carbon Intensity API, not your meter's readings."),
])
def test_a_json_reply_that_is_not_consumption_says_what_it_is(path, what):
    # These were refused as "No usable readings in this file. The first problem, on row 1: the time “None” is
    # not a date and time we recognise" (or "this reading is not a time and a value").
    session = Session()
    with pytest.raises(ImportFailure) as caught:
        call(session, "load_file", {"name": path.name}, path.read_bytes())
    assert caught.value.message.startswith(what)
    assert "consumption instead" in caught.value.message and "None" not in caught.value.message
    assert session.household is None


CONSUMPTION = ("Load your half-hourly consumption instead: from Octopus with your API key on this page, or as "
               "the file …/v1/electricity-meter-points/MPAN/meters/SERIAL/consumption/ (…/v1/gas-meter-points/MPRN/"
               "meters/SERIAL/consumption/ for gas)")
"""The file to download instead, said the same way for every Octopus reply that is not consumption."""


@pytest.mark.parametrize(("path", "what", "then"), [
    (FIXTURES / "octopus_api" / "account_markallanson.json",
     "This file is your Octopus account (…/v1/accounts/…/: your properties, meter points and tariffs), not your "
     "meter's readings.", ", with an MPAN or MPRN and a meter serial this file lists."),
    (FIXTURES / "octopus_api" / "account_octometer_two_meters.json",
     "This file is your Octopus account (…/v1/accounts/…/: your properties, meter points and tariffs), not your "
     "meter's readings.", ", with an MPAN or MPRN and a meter serial this file lists."),
    (FIXTURES / "feeds_api" / "octometer_product_VAR-22-11-01.json",
     "This file describes an Octopus product (“VAR-22-11-01”, “Flexible Octopus”: its tariffs region by region, "
     "from …/v1/products/…/), not your meter's readings; prices are on the Prices page.", "."),
    (FIXTURES / "feeds_api" / "octometer_products_list_2024-05.json",
     "This file is Octopus's list of products (…/v1/products/), not your meter's readings; prices are on the "
     "Prices page.", "."),
    (FIXTURES / "feeds_api" / "tomludlow2_products_list_2024-09.json",
     "This file is Octopus's list of products (…/v1/products/), not your meter's readings; prices are on the "
     "Prices page.", "."),
    (FIXTURES / "octopus_api" / "meter_point_markallanson.json",
     "This file is an Octopus meter point's details (…/v1/electricity-meter-points/…/: its region and profile "
     "class), not your meter's readings.",
     "; for this meter, that is this file's address with meters/SERIAL/consumption/ added."),
])
def test_other_octopus_replies_are_named_with_the_file_to_download(path, what, then):
    # The account, product and meter-point replies were refused as "We don't recognise this JSON file. We read
    # Octopus API consumption, n3rgy and Glowmarkt (Bright) readings; for anything else, save the readings as
    # CSV", though each is Octopus's own; a products list as "another of Octopus's replies (products, tariffs or
    # an account)".
    session = Session()
    with pytest.raises(ImportFailure) as caught:
        call(session, "load_file", {"name": path.name}, path.read_bytes())
    assert caught.value.message == f"{what} {CONSUMPTION}{then}"
    assert session.household is None


def _usage(key: str) -> dict[str, float]:
    """The bundle's readings under ``key`` by start, read here straight from the JSON."""
    return {r["interval_start"]: r["consumption"] for r in json.loads(BUNDLE.read_text())[key]}


def test_a_day_of_octopus_data_saved_with_both_meters_loads_import_then_gas_when_chosen():
    # The bundle was refused ("We don't recognise this JSON file") though it holds Octopus's own results.
    session = Session()
    first = call(session, "load_file", {"name": BUNDLE.name}, BUNDLE.read_bytes())
    electricity = session.household.series["electricity"]
    assert electricity.start == 1725840000  # 2024-09-09T00:00Z, the first interval_start 01:00+01:00
    assert electricity.values == tuple(_usage("electric_usage").values())
    assert [w["message"] for w in first["warnings"]] == [
        "Electricity import: This file also holds gas readings (under “gas_usage”). To load them, choose gas in "
        "“What the file holds” beside the file picker and load the file again."]
    second = call(session, "load_file", {"name": BUNDLE.name, "fuel": "gas"}, BUNDLE.read_bytes())
    assert [f["fuel"] for f in second["fuels"]] == ["electricity", "gas"]
    gas = session.household.series["gas"]
    assert gas.start == electricity.start and sum(gas.values) == pytest.approx(sum(_usage("gas_usage").values()))
    assert session.household.series["electricity"] == electricity


def test_a_meter_the_bundle_does_not_hold_is_said_and_its_import_read():
    session = Session()
    summary = call(session, "load_file", {"name": BUNDLE.name, "fuel": "export"}, BUNDLE.read_bytes())
    assert [f["fuel"] for f in summary["fuels"]] == ["electricity"]
    assert summary["warnings"][0]["message"] == (
        "Electricity import: You chose electricity export, but this file holds no such readings; its electricity "
        "import readings (under “electric_usage”) were read.")


def test_the_column_step_proposes_a_generated_column_not_a_row_number():
    # "rate" inside "Generated" made it look like a price, and a column of row numbers was proposed instead.
    rows = "".join(f"{i},2023-06-01T{i // 2:02d}:{i % 2 * 30:02d}:00Z,7,{0.1 + i / 100:.3f}\n" for i in range(40))
    with pytest.raises(NeedsMapping) as caught:
        call(Session(), "load_file", {"name": "panels.csv"}, ("reading id,when,inverter,Generated\n" + rows).encode())
    assert caught.value.suggestions.suggested.value_column == 3
