"""The lab's settings and its URL: a link keeps only what differs from the defaults (as typed), reads as the long
link it replaces, and the form takes each number with or without its unit (CPython and Pyodide)."""

from __future__ import annotations

import pytest

from pyruntime.whatif.lab import DEFAULTS, Settings, url_params
from tests.pyruntime.sample_feeds import sample_session, view_model

# Every setting the form submits when only the solar size was changed from the default battery.
FORM_AS_SUBMITTED = {**DEFAULTS, "battery": "5", "solar": "4", "bound": "", "ev_miles": "", "ev_kwh": "",
                     "heat_pump": "", "cop": "", "shift": "", "shift_kwh": "", "export": ""}


def short(params: dict[str, str]) -> dict[str, str]:
    """The settings a link keeps of ``params``."""
    return dict(url_params(params))


def same_scenario(a: Settings, b: Settings) -> bool:
    """The devices and choices two settings price, and their messages (not the text they were read from)."""
    fields = ("battery", "strategy", "plan_every", "bound", "panels", "ev", "heat_pump", "shift", "export", "errors")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def test_a_url_keeps_only_the_settings_that_differ_from_their_defaults():
    assert short(FORM_AS_SUBMITTED) == {"battery": "5", "solar": "4"}
    assert short({**FORM_AS_SUBMITTED, "battery_kw": "4", "strategy": "day_ahead", "cap_gas": "0"}) == {
        "battery": "5", "battery_kw": "4", "strategy": "day_ahead", "solar": "4", "cap_gas": "0"}
    assert short({"report": "whatif", "region": "C", "battery": "5", "solar": "4"}) == {
        "battery": "5", "solar": "4"}  # only the lab's own keys


def test_the_default_scenario_is_the_empty_url_and_no_device_at_all_stays_said():
    assert short({}) == {}
    assert short({**DEFAULTS, "battery": "5"}) == {}  # the 5 kWh battery the lab opens on
    # The battery emptied in the form, nothing else changed: left out, the empty URL would mean the 5 kWh battery.
    no_device = {**FORM_AS_SUBMITTED, "battery": "", "solar": ""}
    assert short(no_device) == {"battery": "0"}
    assert Settings.from_params(short(no_device), "C").devices == []
    # A device turned off says nothing, but the battery the lab starts with is said to be gone.
    assert short({**FORM_AS_SUBMITTED, "solar": "0", "ev_miles": "0", "shift": "0", "ev_kw": "11"}) == {
        "battery": "5", "ev_kw": "11"}
    assert short({**FORM_AS_SUBMITTED, "battery": "0"}) == {"battery": "0", "solar": "4"}


@pytest.mark.parametrize("params", [
    FORM_AS_SUBMITTED,
    {**FORM_AS_SUBMITTED, "battery": ""},
    {**FORM_AS_SUBMITTED, "battery": "", "solar": ""},
    {**FORM_AS_SUBMITTED, "battery": "0", "solar": "0", "ev_miles": "7000", "strategy": "day_ahead"},
    {**FORM_AS_SUBMITTED, "heat_pump": "1", "cop": "3", "cap_gas": "0", "shift": "20"},
    {**FORM_AS_SUBMITTED, "battery_eff": "120", "ev_window": "0100-0100", "ev_miles": "5000"},
    {"battery": "5", "battery_kw": "3", "battery_eff": "90", "battery_cost": "3500"},
    {"battery_kw": "3"},
    {"solar": "4", "solar_facing": "S", "battery": "0"},
    {},
])
def test_a_url_with_the_defaults_spelled_out_reads_as_the_short_one(params):
    kept = short(params)
    assert same_scenario(Settings.from_params(params, "C"), Settings.from_params(kept, "C"))
    assert short(kept) == kept  # and the short one is kept as it is
    assert Settings.from_params(params, "C").to_params() == kept


def test_values_typed_with_their_unit_stay_as_typed_even_at_the_default():
    typed = {**FORM_AS_SUBMITTED, "battery": "5 kWh", "battery_eff": "90%", "battery_cost": "£3,500",
             "ev_miles": "8,000 miles"}
    s = Settings.from_params(typed, "C")
    assert s.errors == {}
    assert (s.battery.capacity_kwh, s.battery.efficiency, s.battery.cost_gbp) == (5, 0.9, 3500)
    assert s.ev.miles_per_year == 8000
    assert short(typed) == {"battery": "5 kWh", "battery_eff": "90%", "battery_cost": "£3,500", "solar": "4",
                                 "ev_miles": "8,000 miles"}


@pytest.mark.parametrize(("key", "typed", "message"), [
    ("battery", "5 kW", "Give kWh, e.g. 5 (not 5 kW); usable capacity is more than 0 and at most 200 kWh."),
    ("battery", "90%", "Give kWh, e.g. 5 (not 90%); usable capacity is more than 0 and at most 200 kWh."),
    ("battery", "-3", "Out of range: usable capacity is more than 0 and at most 200 kWh."),
    ("battery", "5000 kWh", "Out of range: usable capacity is more than 0 and at most 200 kWh."),
    ("battery", "24,5", "Write the number with a decimal point, e.g. 24.5 (not 24,5); usable capacity is more"),
    ("battery", "2,5 kWh", "Write the number with a decimal point, e.g. 2.5 (not 2,5 kWh); usable capacity"),
    ("battery", "lots", "“lots” is not a number; usable capacity is more than 0 and at most 200 kWh."),
    ("battery_eff", "0.9 kWh", "Give a percentage, e.g. 90 (not 0.9 kWh); round-trip efficiency"),
    ("battery_eff", "95,5%", "Write the number with a decimal point, e.g. 95.5 (not 95,5%)"),
    ("battery_kw", "4 kWh", "Give kW, e.g. 3 (not 4 kWh); power is more than 0 and at most 50 kW."),
    ("battery_cost", "3500 kWh", "Give pounds, e.g. 3,500 (not 3500 kWh); cost is between £0 and £1,000,000."),
    ("solar", "4 kW", "Give kWp, e.g. 4 (not 4 kW); panels are more than 0 and at most 50 kWp."),
    ("ev_miles", "8,000 kWh", "Give miles, e.g. 8,000 (not 8,000 kWh); miles a year are more than 0"),
    ("ev_miles", "-8,000", "Out of range: miles a year are more than 0 and at most 100,000."),
])
def test_a_refused_value_gets_one_message_for_its_field(key, typed, message):
    s = Settings.from_params({"battery": "5", "solar": "4", "ev_miles": "7000", key: typed}, "C")
    assert list(s.errors) == [key]
    assert s.errors[key].startswith(message)
    assert s.raw[key] == typed  # shown back as typed, to be corrected
    assert short(s.raw)[key] == typed  # and kept in the URL


@pytest.fixture(scope="module")
def session():
    return sample_session()


def fields(model: dict) -> dict[str, dict]:
    return {f["name"]: f for f in model["blocks"][0]["fields"]}


def test_the_page_keeps_what_the_user_typed_and_nothing_at_its_default(session):
    m = view_model(session, report="whatif", battery="5 kWh", battery_kw="3", battery_eff="90%", battery_cost="3500",
                   strategy="timer", plan="cheapest", solar="4 kWp", solar_facing="S", cap_gas="1", ev_miles="")
    lab = {k: v for k, v in m["view"].items() if k not in ("report", "fuel")}
    assert lab == {"battery": "5 kWh", "battery_eff": "90%", "solar": "4 kWp"}
    assert m["title"] == "What-if lab: battery, solar panels"
    shown = fields(m)
    # The form shows what the URL says, and the defaults it leaves out.
    assert {k: shown[k]["value"] for k in ("battery", "battery_eff", "solar", "battery_kw", "strategy")} == {
        "battery": "5 kWh", "battery_eff": "90%", "solar": "4 kWp", "battery_kw": "3", "strategy": "timer"}
    assert not any(f.get("error") for f in shown.values())


def test_the_forms_numbers_are_quantities_that_take_their_unit(session):
    shown = fields(view_model(session, report="whatif"))
    quantities = {k for k, f in shown.items() if f["kind"] == "quantity"}
    assert quantities == {"battery", "battery_kw", "battery_eff", "battery_cost", "solar", "solar_tilt", "solar_cost",
                          "ev_miles", "ev_kwh", "ev_eff", "ev_kw", "boiler_eff", "shift", "shift_kwh", "shift_hours"}
    assert not any(f["kind"] == "number" for f in shown.values())
    examples = ("battery", "battery_eff", "battery_cost", "solar_tilt", "ev_miles", "ev_eff", "shift")
    assert {k: shown[k]["placeholder"] for k in examples} == {
        "battery": "e.g. 5 kWh", "battery_eff": "e.g. 90 %", "battery_cost": "e.g. £3,500", "solar_tilt": "e.g. 35°",
        "ev_miles": "e.g. 8,000 miles", "ev_eff": "e.g. 3.5 mi/kWh", "shift": "e.g. 20 %"}


def test_a_unit_of_another_field_is_refused_beside_its_field_and_the_rest_is_priced(session):
    m = view_model(session, report="whatif", battery="5 kW", solar="4")
    errors = {k: f["error"] for k, f in fields(m).items() if f.get("error")}
    assert errors == {"battery": "Give kWh, e.g. 5 (not 5 kW); usable capacity is more than 0 and at most 200 kWh."}
    assert fields(m)["battery"]["value"] == "5 kW"
    assert m["view"]["battery"] == "5 kW"
    assert m["title"] == "What-if lab: solar panels"  # the panels still priced
    assert not any("5 kW" in n for n in m["notices"])  # said once, beside the field


@pytest.mark.parametrize("params", [{"battery_eff": "90"}, {"battery_kw": "3 kW", "battery_eff": "90"},
                                    {"battery_eff": "85", "strategy": "day_ahead"}])
def test_an_address_that_names_no_device_is_the_default_battery_with_its_settings(params):
    s = Settings.from_params(params, "C")
    assert s.devices == Settings.from_params({}, "C").devices and s.battery.capacity_kwh == 5
    assert s.battery.efficiency == float(params["battery_eff"]) / 100
    kept = short(params)
    assert "battery" not in kept and same_scenario(s, Settings.from_params(kept, "C"))


def test_devices_all_turned_off_with_other_settings_say_battery_0():
    params = {**FORM_AS_SUBMITTED, "battery": "", "solar": "", "strategy": "day_ahead"}
    kept = short(params)
    assert kept == {"battery": "0", "strategy": "day_ahead"}
    assert Settings.from_params(kept, "C").devices == []
