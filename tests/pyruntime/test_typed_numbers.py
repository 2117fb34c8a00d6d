"""Numbers people type, with the unit they read them in: one reader for prices, sizes and URL settings."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyruntime.present.settings import parse_number
from pyruntime.pricing import TouError, parse_tou_string, parse_tou_windows, tariff_from_spec
from pyruntime.pricing.custom import encode_custom, parse_custom, read_custom
from pyruntime.timeseries.londontime import day_bounds
from pyruntime.typednumber import (
    KW,
    KWH,
    KWH_A_YEAR,
    KWP,
    MILES,
    MJ_PER_M3,
    PENCE_PER_DAY,
    PENCE_PER_KWH,
    PERCENT,
    PLAIN,
    POUNDS,
    NumberRefused,
    Unit,
    read_number,
)
from pyruntime.whatif.lab import Settings

T0 = day_bounds(dt.date(2023, 1, 1))[0]


@pytest.mark.parametrize("text", ["24.5", "24.5p", "24.5 p", "24.5p/kWh", "24.5 p/kWh", " 24.5P/KWH ",
                                  "24.5 P / kwh", "\t24.5 p\n", "24.5 pence", "24.5p per kWh", "24.5 pence per kWh",
                                  "24.5 pence/kWh"])
def test_a_unit_rate_reads_with_or_without_its_pence(text):
    assert read_number(text, PENCE_PER_KWH) == 24.5


@pytest.mark.parametrize("text", ["60", "60p", "60 p", "60p/day", "60 p/day", "60 P/Day", "60 pence per day",
                                  "60p per day", "60p/d"])
def test_a_standing_charge_reads_with_or_without_its_pence(text):
    assert read_number(text, PENCE_PER_DAY) == 60


def test_numbers_keep_their_sign_and_their_exponent():
    assert read_number("-5p", PENCE_PER_KWH) == -5  # Agile's plunge prices: the range is the caller's to check
    assert read_number("+5", PENCE_PER_KWH) == 5
    assert read_number(".5p", PENCE_PER_KWH) == 0.5
    assert read_number("1e-05", PENCE_PER_KWH) == 1e-05
    assert read_number(12, PENCE_PER_KWH) == 12.0 and read_number(12.5) == 12.5  # numbers from JSON


@pytest.mark.parametrize(("text", "message"), [
    ("£0.245", "give the price in pence per kWh, e.g. 24.5 (not £0.245)"),
    ("0.245 £/kWh", "give the price in pence per kWh, e.g. 24.5 (not 0.245 £/kWh)"),
    ("0.245£", "give the price in pence per kWh, e.g. 24.5 (not 0.245£)"),
    ("-£0.05", "give the price in pence per kWh, e.g. -5 (not -£0.05)"),
    ("0.25 GBP", "give the price in pence per kWh, e.g. 25 (not 0.25 GBP)"),
    ("24.5p/day", "give the price in pence per kWh, e.g. 24.5 (not 24.5p/day)"),
    ("24.5 kWh", "give the price in pence per kWh, e.g. 24.5 (not 24.5 kWh)"),
])
def test_a_price_in_pounds_or_another_unit_is_refused_with_what_to_give(text, message):
    with pytest.raises(NumberRefused) as refused:
        read_number(text, PENCE_PER_KWH)
    assert refused.value.wrong_unit and str(refused.value) == message


@pytest.mark.parametrize("text", ["", "nan", "NaN", "inf", "-inf", "infinity", "1e400", "-1e400", "abc", "24,5,1",
                                  "1,000,5", "24,5.5", "2,5e3", "1_000", "٣", "24.5.1", "p", "24.5 pints", "0x10",
                                  "--5", "-£-5", "5 e", "24.5p p", ",5", "24,"])
def test_text_that_is_not_a_number_stays_refused(text):
    with pytest.raises(NumberRefused) as refused:
        read_number(text, PENCE_PER_KWH)
    assert not refused.value.wrong_unit and str(refused.value) == f"“{text.strip()}” is not a number"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True])
def test_numbers_from_json_that_are_not_finite_are_refused(value):
    with pytest.raises(NumberRefused):
        read_number(value, PENCE_PER_KWH)


def test_thousands_only_where_the_field_runs_that_large():
    assert read_number("8,000 miles", MILES) == 8000
    assert read_number("12,345.5", KWH_A_YEAR) == 12345.5
    assert read_number("£3,500", POUNDS) == read_number("3500 £", POUNDS) == 3500
    for text, unit in (("10,00,000", POUNDS), ("1,000,00", MILES)):
        with pytest.raises(NumberRefused, match="is not a number"):
            read_number(text, unit)


@pytest.mark.parametrize(("text", "unit", "fixed"), [
    ("24,5", PENCE_PER_KWH, "24.5"), ("24,5p", PENCE_PER_KWH, "24.5"), ("24,50 p/kWh", PENCE_PER_KWH, "24.50"),
    ("-5,25", PENCE_PER_KWH, "-5.25"), ("60,5 p/day", PENCE_PER_DAY, "60.5"), ("95,5%", PERCENT, "95.5"),
    ("2,5 kWh", KWH, "2.5"), ("2,5 kW", KW, "2.5"), ("3,5kWp", KWP, "3.5"), ("39,5", MJ_PER_M3, "39.5"),
    ("3,5", PLAIN, "3.5"),
    # Where thousands are read, a comma before other than three digits can only be a decimal comma.
    ("2,5", KWH_A_YEAR, "2.5"), ("24,50 miles", MILES, "24.50"), ("£3,50", POUNDS, "3.50"), ("1,5000", MILES, "1.5000"),
])
def test_a_decimal_comma_is_refused_asking_for_a_point_in_every_kind_of_field(text, unit, fixed):
    with pytest.raises(NumberRefused) as refused:
        read_number(text, unit)
    assert str(refused.value) == f"write the number with a decimal point, e.g. {fixed} (not {text})"
    assert refused.value.decimal_comma == fixed and refused.value.explained and not refused.value.wrong_unit


def test_three_digits_after_a_comma_where_thousands_are_not_read_could_be_either():
    with pytest.raises(NumberRefused) as refused:
        read_number("1,000", KWH)
    assert str(refused.value) == "write 1000 or 1.000 (not 1,000): this field takes no thousands separator"
    assert refused.value.decimal_comma == "1.000"


def test_thousands_are_still_read_where_the_field_takes_them():
    assert read_number("2,000", KWH_A_YEAR) == 2000
    assert read_number("8,000 miles", MILES) == 8000
    assert read_number("£1,234,567", POUNDS) == 1234567
    assert read_number("-8,000.25", MILES) == -8000.25


def test_a_decimal_comma_in_pounds_where_pence_are_asked_gets_the_price_in_pence():
    with pytest.raises(NumberRefused) as refused:
        read_number("£0,25", PENCE_PER_KWH)
    assert str(refused.value) == "give the price in pence per kWh, e.g. 25 (not £0,25)"
    assert refused.value.wrong_unit and refused.value.decimal_comma == "0.25"


@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=0, max_value=99),
       st.sampled_from([PENCE_PER_KWH, PENCE_PER_DAY]), st.sampled_from(["", "p", " pence"]))
def test_any_price_with_a_decimal_comma_is_refused_naming_it_with_a_point(whole, cents, unit, suffix):
    text = f"{whole},{cents:02d}{suffix}"
    with pytest.raises(NumberRefused) as refused:
        read_number(text, unit)
    assert refused.value.decimal_comma == f"{whole}.{cents:02d}"
    assert f"e.g. {whole}.{cents:02d} (not {text})" in str(refused.value)


@pytest.mark.parametrize(("typed", "value"), [("0.9", 0.9), (" .5 ", 0.5), ("0.05", 0.05), (0.9, 0.9)])
def test_a_fraction_typed_for_a_percentage_is_refused_as_ambiguous(typed, value):
    with pytest.raises(NumberRefused) as refused:
        read_number(typed, PERCENT)
    assert refused.value.fraction and refused.value.explained and not refused.value.wrong_unit
    assert str(refused.value) == (f"“{str(typed).strip()}” reads as {value:g} %: write {value * 100:g}% for "
                                  f"{value * 100:g} per cent, or {value:g}% if you mean it")


def test_a_fraction_of_a_per_cent_typed_with_its_sign_is_read_as_it_says():
    assert read_number("0.9%", PERCENT) == 0.9
    assert read_number("0.05 %", PERCENT) == 0.05
    # 0, 1 and above (and the negative, the caller's range to refuse) are as before; other units are untouched.
    assert [read_number(t, PERCENT) for t in ("0", "1", "1.5", "90", "100", "-0.5")] == [0, 1, 1.5, 90, 100, -0.5]
    assert read_number("0.9", KWH) == 0.9 and read_number("0.9", PLAIN) == 0.9


@pytest.mark.parametrize(("text", "unit", "value"), [
    ("5kWh", KWH, 5), ("5 KWH", KWH, 5), ("4 kW", KW, 4), ("90%", PERCENT, 90), ("90 %", PERCENT, 90),
    ("100 mi", MILES, 100),
])
def test_a_size_reads_with_its_own_unit(text, unit, value):
    assert read_number(text, unit) == value


@pytest.mark.parametrize(("text", "unit", "message"), [
    ("5 kW", KWH, "give kWh, e.g. 5 (not 5 kW)"),
    ("4000 W", KW, "give kW, e.g. 3 (not 4000 W)"),
    ("5 kWh", KW, "give kW, e.g. 3 (not 5 kWh)"),
    ("0.9 kWh", PERCENT, "give a percentage, e.g. 90 (not 0.9 kWh)"),
    ("3500p", POUNDS, "give pounds, e.g. 3,500 (not 3500p)"),
    ("£5", KWH, "give kWh, e.g. 5 (not £5)"),
    ("3 kWh", PLAIN, "give a plain number, e.g. 3 (not 3 kWh)"),
])
def test_a_size_in_another_unit_is_refused_with_the_unit_to_give(text, unit, message):
    with pytest.raises(NumberRefused) as refused:
        read_number(text, unit)
    assert refused.value.wrong_unit and str(refused.value) == message


UNITS = [PENCE_PER_KWH, PENCE_PER_DAY, PERCENT, KWH, KWH_A_YEAR, KW, MILES, POUNDS, PLAIN]


def _written(unit: Unit) -> st.SearchStrategy[str]:
    """A suffix ``unit`` accepts, in any case and with spaces anywhere in it."""
    def spell(suffix: str, upper: list[bool], gaps: list[str]) -> str:
        letters = [c.upper() if up else c for c, up in zip(suffix, upper, strict=False)]
        return "".join(c + g for c, g in zip(letters, gaps, strict=False))
    return st.sampled_from(("", *unit.suffixes)).flatmap(lambda s: st.builds(
        spell, st.just(s), st.lists(st.booleans(), min_size=len(s), max_size=len(s)),
        st.lists(st.sampled_from(["", " "]), min_size=len(s), max_size=len(s))))


@given(st.sampled_from(UNITS).flatmap(lambda u: st.tuples(st.just(u), _written(u))),
       st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["", " ", "  "]), st.booleans())
def test_any_finite_number_written_with_its_unit_reads_back(unit_written, x, space, grouped):
    unit, suffix = unit_written
    number = f"{x:,}" if grouped and unit.thousands else repr(x)
    typed = f"{space}{number}{space}{suffix}{space}"
    if unit.percent and not suffix and 0 < x < 1:  # a fraction for a percentage: refused, never guessed at
        with pytest.raises(NumberRefused) as refused:
            read_number(typed, unit)
        assert refused.value.fraction
    else:
        assert read_number(typed, unit) == x


@given(st.text(max_size=30), st.sampled_from(UNITS))
def test_any_text_is_read_or_refused_in_the_projects_own_words(text, unit):
    try:
        value = read_number(text, unit)
    except NumberRefused as refused:
        assert str(refused)
    else:
        assert math.isfinite(value)


# --- every place a price or a setting is typed reads it the same way ------------------------------------------


def test_a_hand_tariff_reads_its_rate_and_standing_charge_with_pence():
    t = tariff_from_spec({"rate": "24.5 p/kWh", "standing_p_per_day": "60p/day", "prices_include_vat": False})
    assert t.unit_rates(T0, 1) == [24.5] and t.standing_charge_at(T0) == 60
    with pytest.raises(ValueError, match=r"give the price in pence per kWh, e\.g\. 24\.5 \(not £0\.245\)"):
        tariff_from_spec({"rate": "£0.245"})
    with pytest.raises(ValueError, match="outside -1000 to 1000"):  # the ranges are as before
        tariff_from_spec({"rate": "1001p"})
    with pytest.raises(ValueError, match="“1e400” is not a number"):
        tariff_from_spec({"rate": "1e400"})


def test_a_hand_tariffs_standing_charge_with_a_decimal_comma_says_to_write_a_point():
    """It said "the standing charge “45,5” is not a number", leaving the fix to be guessed."""
    with pytest.raises(ValueError, match=r"decimal point, e\.g\. 45\.5 \(not 45,5\)") as refused:
        tariff_from_spec({"rate": "24.5", "standing_p_per_day": "45,5"})
    assert refused.value.field == "standing_p_per_day"


def test_time_of_use_prices_read_with_pence_and_refuse_pounds():
    s = parse_tou_string("0030-0430:5p,1600-1900:35 p/kWh,25P")
    assert s.band_prices == (5, 35, 25)
    windows = parse_tou_windows([{"from": "00:30", "to": "04:30", "p_per_kwh": "7.5p"}], "25p/kWh")
    assert windows.band_prices == (7.5, 25)
    with pytest.raises(ValueError, match=r"in window 1 \(00:30–04:30\), give the price in pence per kWh"):
        parse_tou_windows([{"from": "00:30", "to": "04:30", "p_per_kwh": "£0.075"}], 25)
    t = tariff_from_spec({"rate": "0030-0430:5p,25p", "prices_include_vat": False})
    assert t.unit_rates(T0, 2) == [25, 5]


def test_the_url_form_of_a_hand_tariff_reads_pence_and_says_what_to_give_for_pounds():
    setting = read_custom("electricity~Quote~24.5p~45 p/day~inc~5%")
    assert setting.refused is None
    t = setting.tariffs[0].tariff
    assert t.vat_rate == 0.05 and t.unit_rates(T0, 1) == [pytest.approx(24.5 / 1.05)]
    assert t.standing_charge_at(T0) == pytest.approx(45 / 1.05)
    setting = read_custom("electricity~Quote~0.245 £/kWh~45")
    assert setting.refused is not None and setting.refused.field == "rate"
    assert setting.refused.message.startswith("give the price in pence per kWh, e.g. 24.5")


def test_report_settings_in_the_url_read_their_unit():
    assert parse_number({"price": "12p/kWh"}, "price", lo=0, hi=500, what="the price", unit=PENCE_PER_KWH) == (12, [])
    assert parse_number({"shift": "20 %"}, "shift", lo=0, hi=100, what="the share", unit=PERCENT) == (20, [])
    assert parse_number({"g": "3,400 kWh"}, "g", lo=0, hi=1e6, what="the generation", unit=KWH_A_YEAR) == (3400, [])
    value, notices = parse_number({"price": "£0.12"}, "price", lo=0, hi=500, what="the price", unit=PENCE_PER_KWH)
    assert value is None
    assert notices == ["Give the price in pence per kWh, e.g. 12 (not £0.12); the price was left out."]
    value, notices = parse_number({"price": "inf"}, "price", lo=0, hi=500, what="the price", unit=PENCE_PER_KWH)
    assert value is None and notices == ["“inf” is not a number; the price was left out."]


def test_the_lab_reads_each_field_in_its_own_unit():
    s = Settings.from_params({"battery": "5 kWh", "battery_kw": "3kW", "battery_eff": "90%", "battery_cost": "£3,500",
                              "solar": "4 kWp", "solar_tilt": "35°", "ev_miles": "8,000 miles", "ev_eff": "3.5 mi/kWh",
                              "ev_kw": "7 kW", "shift": "20%", "shift_hours": "2 h"}, "C")
    assert s.errors == {}
    assert (s.battery.capacity_kwh, s.battery.power_kw, s.battery.cost_gbp) == (5, 3, 3500)
    assert s.panels.kwp == 4 and s.panels.tilt_deg == 35 and s.ev.miles_per_year == 8000 and s.ev.miles_per_kwh == 3.5
    assert s.shift.hours == 2
    # The form and the URL keep them as typed (its fields are text, so they show what the URL says).
    assert {k: s.to_params()[k] for k in ("battery", "battery_cost", "ev_miles", "ev_eff")} == {
        "battery": "5 kWh", "battery_cost": "£3,500", "ev_miles": "8,000 miles", "ev_eff": "3.5 mi/kWh"}


@pytest.mark.parametrize(("params", "key", "message"), [
    ({"battery": "5 kW"}, "battery",
     "Give kWh, e.g. 5 (not 5 kW); usable capacity is more than 0 and at most 200 kWh."),
    ({"battery": "5", "battery_kw": "3000 W"}, "battery_kw", "Give kW, e.g. 3 (not 3000 W); power is"),
    ({"battery": "5", "battery_eff": "0.9 kWh"}, "battery_eff", "Give a percentage, e.g. 90 (not 0.9 kWh)"),
    ({"battery": "0", "ev_miles": "8,000 kWh"}, "ev_miles", "Give miles, e.g. 8,000 (not 8,000 kWh)"),
    ({"battery": "5kwh lots"}, "battery", "“5kwh lots” is not a number; usable capacity"),
    ({"battery": "1,000"}, "battery", "Write 1000 or 1.000 (not 1,000): this field takes no thousands separator;"),
    ({"battery": "1e400"}, "battery", "“1e400” is not a number"),
])
def test_the_lab_refuses_another_unit_saying_which_to_give(params, key, message):
    assert Settings.from_params(params, "C").errors[key].startswith(message)


# --- the decimal comma and the fraction for a percentage reach the person who typed them ----------------------


@pytest.mark.parametrize(("params", "key", "message"), [
    ({"battery": "5", "battery_eff": "0.9"}, "battery_eff",
     "“0.9” reads as 0.9 %: write 90% for 90 per cent, or 0.9% if you mean it; round-trip efficiency is more"),
    ({"heat_pump": "1", "boiler_eff": "0.85"}, "boiler_eff",
     "“0.85” reads as 0.85 %: write 85% for 85 per cent, or 0.85% if you mean it; boiler efficiency is between"),
    ({"shift": "0.2"}, "shift", "“0.2” reads as 0.2 %: write 20% for 20 per cent, or 0.2% if you mean it; the share"),
    ({"battery": "2,5"}, "battery", "Write the number with a decimal point, e.g. 2.5 (not 2,5); usable capacity"),
    ({"battery": "5", "battery_kw": "2,5 kW"}, "battery_kw", "Write the number with a decimal point, e.g. 2.5 (not"),
])
def test_the_lab_says_beside_its_field_what_to_write_instead(params, key, message):
    s = Settings.from_params(params, "C")
    assert list(s.errors) == [key] and s.errors[key].startswith(message)


def test_the_lab_reads_a_fraction_of_a_per_cent_typed_with_its_sign():
    s = Settings.from_params({"battery": "5", "battery_eff": "99.5%", "shift": "0.5%"}, "C")
    assert s.errors == {} and s.battery.efficiency == pytest.approx(0.995) and s.shift.percent == 0.5


@pytest.mark.parametrize(("typed", "message"), [
    ("24,5", "write the price with a decimal point, e.g. 24.5 (not “24,5”): a comma separates time-of-use windows"),
    (" 24,50 p/kWh ", "write the price with a decimal point, e.g. 24.50 (not “24,50 p/kWh”): a comma separates"),
    ("£0,25", "give the price in pence per kWh, e.g. 25 (not £0,25)"),
])
def test_a_time_of_use_string_that_is_one_price_with_a_decimal_comma_is_refused_as_such(typed, message):
    with pytest.raises(TouError) as refused:
        parse_tou_string(typed)
    assert str(refused.value).startswith(message)
    assert parse_tou_string("0030-0430:5,25").band_prices == (5, 25)  # a comma between items is still read as one


@pytest.mark.parametrize(("vat", "message"), [
    ("0.05", "“0.05” reads as 0.05 %: write 5% for 5 per cent, or 0.05% if you mean it"),
    ("5,5", "write the number with a decimal point, e.g. 5.5 (not 5,5)"),
])
def test_a_hand_tariffs_vat_rate_says_what_to_write_instead(vat, message):
    setting = read_custom(f"electricity~Quote~24.5~45~inc~{vat}")
    assert setting.refused is not None
    assert (setting.refused.field, setting.refused.message) == ("vat_rate", message)


def test_a_vat_rate_under_one_per_cent_is_read_with_its_sign_and_kept_so_in_the_url():
    setting = read_custom("electricity~Quote~24.5~45~exc~0.5%")
    assert setting.refused is None and setting.tariffs[0].tariff.vat_rate == pytest.approx(0.005)
    text = encode_custom(setting.tariffs)
    assert text.endswith("~exc~0.5%")
    again, notices = parse_custom(text)
    assert notices == () and again[0].tariff.vat_rate == setting.tariffs[0].tariff.vat_rate
