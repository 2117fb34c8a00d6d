"""Dropped files: what a file says it is, our own download read back, and what is wrong said so a user can act.

Files are built here from the real October dashboard slice in ``tests/fixtures/consumption`` (its README names
the source) or written by :func:`~pyruntime.fileformats.csv_export.half_hourly_csv`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyruntime.fileformats import ImportFailure, import_file
from pyruntime.fileformats.csv_export import half_hourly_csv
from pyruntime.fileformats.csvfile import CUT_SHORT
from pyruntime.fileformats.model import FUEL_NOT_SAID
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc
from pyruntime.timeseries.series import FUEL_LABELS, FUELS, Series
from tests.pyruntime.test_ops_load import Session, call

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
OCTOBER = FIXTURES / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
T0 = 1685577600  # 2023-06-01T00:00Z


def october() -> Series:
    return import_file(OCTOBER.read_bytes()).channels[0].series


def two_columns(heading: str, values: list[float], start: int = T0) -> bytes:
    rows = [f"time,{heading}"] + [f"{isoformat_utc(start + HALF_HOUR * i)},{v}" for i, v in enumerate(values)]
    return ("\n".join(rows) + "\n").encode()


# 1. What the file says it holds


@pytest.mark.parametrize("heading", ["export (kWh)", "Export (kWh)", "Exported (kWh)", "Generation export (kWh)",
                                     "electricity.export (kWh)", "Electricity export (kWh)", "exports kWh"])
def test_a_heading_naming_export_reads_the_file_as_export(heading):
    channel = import_file(two_columns(heading, [0.0, 0.4, 1.2] * 16)).channels[0]
    assert channel.fuel == "export"
    assert FUEL_NOT_SAID not in channel.report.warnings
    assert channel.series.present == 48


@pytest.mark.parametrize(("heading", "fuel"), [("Gas (kWh)", "gas"), ("Electricity import (kWh)", "electricity"),
                                               ("Import kWh", "electricity")])
def test_a_heading_naming_gas_or_import_says_which_meter(heading, fuel):
    channel = import_file(two_columns(heading, [0.2] * 48)).channels[0]
    assert channel.fuel == fuel and FUEL_NOT_SAID not in channel.report.warnings


def test_a_heading_that_disagrees_with_the_users_choice_wins_and_says_why():
    channel = import_file(two_columns("Export (kWh)", [0.2] * 48), fuel="electricity").channels[0]
    assert channel.fuel == "export"
    assert ("You chose electricity import, but this file is electricity export (its column heading “Export (kWh)” "
            "says so); it was read as electricity export.") in channel.report.warnings


def test_a_file_that_names_no_meter_points_to_the_choice_on_the_landing_page():
    channel = import_file(two_columns("value (kWh)", [0.2] * 48)).channels[0]
    assert channel.fuel == "electricity"
    assert FUEL_NOT_SAID in channel.report.warnings
    assert "“What the file holds”" in FUEL_NOT_SAID


# 2. Our own half-hourly download, read back


@pytest.mark.parametrize("fuel", FUELS)
def test_our_half_hourly_download_loads_back_as_the_same_meters_series(fuel):
    values = tuple(None if i % 7 == 3 else round(0.05 * (i % 23), 3) for i in range(48 * 3 + 1))
    series = Series(fuel, 1679698800, values)  # 2023-03-24T23:00Z: across the March clock change
    text = half_hourly_csv(series, prices=[20.0] * len(values), tariff="=Flexible")
    channel = import_file(text.encode()).channels[0]
    assert channel.fuel == fuel and channel.unit == "kWh"
    assert channel.series == series
    assert channel.report.conventions.format_id == "half_hourly_csv"
    assert FUEL_NOT_SAID not in channel.report.warnings


def test_our_gas_download_loads_back_as_gas_in_kwh_into_a_household():
    series = Series("gas", T0, tuple(0.5 + (i % 5) for i in range(96)))
    session = Session()
    summary = call(session, "load_file", {"name": "gas.csv"}, half_hourly_csv(series).encode())
    assert [f["fuel"] for f in summary["fuels"]] == ["gas"]
    assert session.household.series["gas"] == series


def test_an_older_download_headed_energy_is_recognised_and_takes_the_users_choice():
    series = Series("electricity", T0, (0.25,) * 48)
    text = half_hourly_csv(series).replace("Electricity import (kWh)", "Energy (kWh)")
    channel = import_file(text.encode(), fuel="export").channels[0]
    assert channel.report.conventions.format_id == "half_hourly_csv"
    assert channel.fuel == "export" and channel.series.values == series.values


@settings(max_examples=40, deadline=None)
@given(fuel=st.sampled_from(FUELS), start=st.integers(0, 60000).map(lambda n: 1577836800 + n * HALF_HOUR),
       values=st.lists(st.one_of(st.none(), st.floats(0, 11.5, allow_subnormal=False)), min_size=1, max_size=200))
def test_any_series_round_trips_through_our_download(fuel, start, values):
    values = [0.125, *values, 0.25]  # a series begins and ends with a reading
    series = Series(fuel, start, tuple(values))
    channel = import_file(half_hourly_csv(series).encode()).channels[0]
    assert (channel.fuel, channel.unit, channel.series) == (fuel, "kWh", series)


def gaps_sentence(fuel: str, missing: int) -> str:
    """The one thing the page says about the half-hours our download leaves empty, written out here by hand."""
    if missing == 1:
        return f"{FUEL_LABELS[fuel]}: 1 half-hour has no reading in this file (an empty value), so it is a gap."
    return (f"{FUEL_LABELS[fuel]}: {missing:,} half-hours have no reading in this file (an empty value), so they "
            "are gaps.")


def test_our_download_with_gaps_loads_back_with_gaps_said_as_gaps_not_skipped_rows():
    values = (0.2, None, None, 0.3, *([0.1] * 44), None, 0.4)  # two gaps; the download fills out both days
    series = Series("electricity", T0, values)
    text = half_hourly_csv(series)
    assert text.count(",\r\n") == 96 - 47  # every half-hour of the two London days without a reading is empty
    session = Session()
    summary = call(session, "load_file", {"name": "half-hourly-electricity-all-half-hourly.csv"}, text.encode())
    assert session.household.series["electricity"] == series
    assert [w["message"] for w in summary["warnings"]] == [gaps_sentence("electricity", 3)]
    report = session.household.facts.imports["electricity"]
    assert report.dropped == () and report.readings_kept == 47
    assert [g[2] for g in report.gaps] == [2, 1]


@settings(max_examples=40, deadline=None)
@given(fuel=st.sampled_from(FUELS), start=st.integers(0, 60000).map(lambda n: 1577836800 + n * HALF_HOUR),
       values=st.lists(st.one_of(st.none(), st.floats(0, 11.5, allow_subnormal=False)), min_size=0, max_size=150),
       priced=st.booleans())
def test_any_series_with_gaps_loads_back_from_our_download_with_only_its_gaps_said(fuel, start, values, priced):
    values = [0.125, *values, 0.25]  # a series begins and ends with a reading
    series = Series(fuel, start, tuple(values))
    prices = [24.5] * len(values) if priced else None
    text = half_hourly_csv(series, prices=prices, tariff="Flexible" if priced else None)
    session = Session()
    summary = call(session, "load_file", {"name": "download.csv"}, text.encode())
    assert session.household.series[fuel] == series
    missing = values.count(None)
    assert [w["message"] for w in summary["warnings"]] == ([gaps_sentence(fuel, missing)] if missing else [])
    assert session.household.facts.imports[fuel].dropped == ()


# 3. A European spreadsheet's CSV


def european(text: str) -> str:
    """The dashboard file as a European spreadsheet saves it: ``;`` between cells, a decimal comma."""
    lines = text.splitlines()
    return "\n".join([lines[0].replace(", ", ";"), *(line.replace(",", ";").replace(".", ",", 1).replace("; ", ";")
                                                     for line in lines[1:])]) + "\n"


def test_semicolons_and_decimal_commas_are_read_and_noted():
    text = european(OCTOBER.read_text())
    assert text.splitlines()[1] == "0,06300000000000000000;2023-10-26T00:00:00+01:00;2023-10-26T00:30:00+01:00"
    channel = import_file(text.encode()).channels[0]
    assert channel.series == october()
    assert ("The column “Consumption (kWh)” writes numbers with a decimal comma (as a European spreadsheet saves CSV "
            "with ; between cells), so “0,06300000000000000000” was read as “0.06300000000000000000”."
            ) in channel.report.warnings


def test_a_semicolon_file_whose_commas_could_be_thousands_is_not_guessed():
    text = european(OCTOBER.read_text()).replace("0,063", "1.000,063", 1)
    with pytest.raises(ImportFailure, match="is not a number"):
        import_file(text.encode())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.decimals(0, 11, places=3).map(str), min_size=3, max_size=60))
def test_a_decimal_comma_file_reads_as_its_decimal_point_twin(values):
    rows = [(isoformat_utc(T0 + HALF_HOUR * i), v) for i, v in enumerate(values)]
    point = "\n".join(["time,reading (kWh)", *(f"{t},{v}" for t, v in rows)])
    comma = "\n".join(["time;reading (kWh)", *(f"{t};{v.replace('.', ',')}" for t, v in rows)])
    assert import_file(comma.encode()).channels[0].series == import_file(point.encode()).channels[0].series


# 4. Running totals and watt-hours


def test_register_readings_are_said_to_be_a_running_total():
    readings = [12345.15 + 0.35 * i for i in range(96)]
    with pytest.raises(ImportFailure) as refused:
        import_file(two_columns("meter reading (kWh)", readings))
    assert "they look like meter register readings (a running total" in refused.value.message.replace("They", "they")
    assert "Download the half-hourly consumption instead" in refused.value.message
    assert "meter errors" not in refused.value.message


def test_watt_hours_under_a_kwh_heading_are_said_to_be_wh_with_the_fix():
    with pytest.raises(ImportFailure) as refused:
        import_file(two_columns("Consumption (kWh)", [150.0, 250.0, 350.0] * 32))
    assert "the values are probably in watt-hours (Wh), although the heading says kWh" in refused.value.message
    assert "Change the heading to say Wh" in refused.value.message


def test_impossible_values_that_are_neither_still_say_meter_errors():
    with pytest.raises(ImportFailure, match="These are meter errors, not energy"):
        import_file(two_columns("Consumption (kWh)", [65.535, -1.0, 65.535] * 16))


VOLUNTEER_WH = FIXTURES / "volunteer_Wh_2022-10-28_2022-11-01_and_2023-07-17.csv"


def volunteer_rows() -> list[tuple[str, str]]:
    """The real Wh file's rows of 28 and 29 Oct 2022 (before the clocks went back), in time order, each once."""
    rows = {line.split(",")[0]: line.split(",")[1] for line in VOLUNTEER_WH.read_text().splitlines()[1:]}
    return sorted((t, v) for t, v in rows.items() if t.startswith(("2022-10-28", "2022-10-29")))


def wh_note(reason: str) -> str:
    return f"The file does not say its unit: {reason}, and divided by 1,000 to give kWh."


@settings(max_examples=40, deadline=None)
@given(first=st.integers(0, 90), length=st.integers(3, 8))
def test_any_few_hours_of_a_real_wh_file_are_read_as_wh_and_the_note_says_so(first, length):
    rows = volunteer_rows()[first:first + length]
    text = '"Timestamp","Value"\n' + "".join(f"{t},{v}\n" for t, v in rows)
    channel = import_file(text.encode(), timezone="Europe/London").channels[0]
    assert channel.report.conventions.unit == "Wh"
    assert channel.series.present == len(rows)
    assert sorted(v for v in channel.series.values if v is not None) == sorted(int(v) / 1000 for _, v in rows)
    assert [w for w in channel.report.warnings if "unit" in w] == [wh_note(channel.report.conventions.unit_reason)]
    assert "watt-hours (Wh)" in channel.report.conventions.unit_reason


def test_a_few_quiet_hours_in_whole_watt_hours_are_read_as_wh():
    # A night's standby, 6 to 12 Wh a half-hour: too small for the size alone to say Wh, but whole numbers that,
    # as kWh, would be a home drawing 18 kW all night.
    values = [8, 9, 11, 7, 6, 12, 10, 9]
    text = '"Timestamp","Value"\n' + "".join(f"2023-01-17 {i // 2:02d}:{30 * (i % 2):02d}:00,{v}\n"
                                              for i, v in enumerate(values))
    channel = import_file(text.encode()).channels[0]
    assert channel.series.values == tuple(v / 1000 for v in values)
    assert channel.report.faulty == 0
    assert wh_note("every value is a whole number and the typical one, 9 per half-hour, is too much for kWh in a "
                   "home, so the values were read as watt-hours (Wh)") in channel.report.warnings


def test_a_two_column_file_read_as_kwh_by_assumption_says_so_and_how_to_change_it():
    channel = import_file(two_columns("reading", [0.25, 0.5, 0.125] * 2)).channels[0]
    assert channel.report.conventions.unit == "kWh"
    assert ("The file does not say its unit: the typical value, 0.25 per half-hour, fits kWh, so the values were "
            "read as kWh. If they are watt-hours, add “(Wh)” to the heading of the readings column and load the "
            "file again.") in channel.report.warnings
    said = import_file(two_columns("reading (kWh)", [0.25, 0.5, 0.125] * 2)).channels[0]
    assert not any("unit" in w for w in said.report.warnings)


# 5. A file cut short


def test_a_file_cut_off_mid_line_says_it_looks_cut_short():
    cut = OCTOBER.read_text().rstrip()[:-17]  # the last row's end time torn off part-way: "2023-11-"
    channel = import_file(cut.encode()).channels[0]
    assert f"1 row skipped: {CUT_SHORT}." in channel.report.warnings
    assert "time not recognised" not in " ".join(channel.report.warnings)
    assert channel.series.present == october().present - 1


def test_a_whole_file_without_a_final_line_break_is_not_called_cut_short():
    channel = import_file(OCTOBER.read_text().rstrip().encode()).channels[0]
    assert channel.series == october()
    assert not any("cut short" in w for w in channel.report.warnings)


# 7. Comment lines above the headings


def test_comment_lines_before_the_headings_are_skipped_and_noted():
    text = "# Exported 2023-11-02\n# MPAN 1234567890123, serial 21L1234567\n\n" + OCTOBER.read_text()
    channel = import_file(text.encode()).channels[0]
    assert channel.series == october()
    assert "2 comment lines (starting with #) before the headings were skipped." in channel.report.warnings


def test_a_file_of_comments_only_says_so():
    with pytest.raises(ImportFailure, match="only comment lines"):
        import_file(b"# nothing here\n# at all\n")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40), max_size=5))
def test_any_comment_lines_above_a_two_column_file_leave_its_readings_alone(comments):
    body = two_columns("reading (kWh)", [0.2, 0.4] * 24).decode()
    text = "".join(f"#{c}\n" for c in comments) + body
    assert import_file(text.encode()).channels[0].series == import_file(body.encode()).channels[0].series
