"""Each supported file layout, read from real slices in tests/fixtures."""

import datetime as dt
import json
from pathlib import Path

import pytest

from pyruntime.fileformats import import_file
from pyruntime.timeseries.aggregate import daily_totals
from pyruntime.timeseries.londontime import isoformat_utc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def day(channel, y, m, d):
    (dt_,) = daily_totals(channel.series, dt.date(y, m, d), dt.date(y, m, d))
    return dt_


def test_octopus_dashboard_around_clocks_going_back():
    c = import_file(read("consumption/octopus_dashboard_electricity_2023-10-26_2023-11-01.csv")).channels[0]
    r = c.report.to_json()
    assert r["format"] == "octopus_dashboard"
    assert (c.fuel, c.unit) == ("electricity", "kWh")
    assert r["rows_read"] == 338 == r["readings_kept"]
    assert c.series.present == 338 and len(c.series.values) == 338
    assert isoformat_utc(c.series.start) == "2023-10-25T23:00:00Z"  # local midnight, BST
    fold = day(c, 2023, 10, 29)
    assert (fold.present, fold.expected) == (50, 50)
    assert r["gaps"] == [] and r["dst"] == []  # offsets in the file: nothing to resolve
    assert any("electricity import" in w for w in r["warnings"])
    # The total is the plain sum of the file's values.
    lines = read("consumption/octopus_dashboard_electricity_2023-10-26_2023-11-01.csv").decode().splitlines()[1:]
    assert sum(v for v in c.series.values if v is not None) == pytest.approx(sum(float(x.split(",")[0]) for x in lines))


def test_octopus_dashboard_around_clocks_going_forward():
    c = import_file(read("consumption/octopus_dashboard_electricity_2023-03-23_2023-03-29.csv")).channels[0]
    spring = day(c, 2023, 3, 26)
    assert (spring.present, spring.expected) == (46, 46)
    assert c.series.present == 334 and c.report.gaps == ()


def test_octopus_dashboard_gas_in_cubic_metres_is_gas_and_stays_in_m3():
    c = import_file(
        read("consumption/octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv"), fuel="electricity"
    ).channels[0]
    assert (c.fuel, c.unit) == ("gas", "m3")
    assert "m³" in c.report.conventions.unit_reason
    assert any("read as gas" in w for w in c.report.warnings)


def test_gas_header_in_windows_1252_is_still_recognised():
    text = read("consumption/octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv").decode("utf-8")
    c = import_file(text.encode("cp1252")).channels[0]
    assert (c.fuel, c.unit) == ("gas", "m3")
    assert c.report.encoding.startswith("windows-1252")


def test_powershaper_end_stamps_newest_first():
    c = import_file(read("consumption/powershaper_electricity_2022-10-27_2022-11-02.csv")).channels[0]
    r = c.report
    assert r.conventions.format_id == "powershaper" and r.conventions.stamp == "end"
    assert r.order == "newest first"
    # The first data row is "2022-11-02 23:30:00+00:00": the half-hour starting 23:00.
    assert isoformat_utc(c.series.end) == "2022-11-02T23:30:00Z"
    assert c.series.present == r.rows_read == 336


def test_volunteer_wh_file_with_fold_and_duplicated_day():
    c = import_file(read("consumption/volunteer_Wh_2022-10-28_2022-11-01_and_2023-07-17.csv")).channels[0]
    r = c.report
    assert r.conventions.unit == "Wh" and c.unit == "kWh"
    assert "watt-hours" in r.conventions.unit_reason
    assert r.conventions.timezone == "Europe/London"
    assert r.duplicates_identical == 48  # 2023-07-17 appears twice, row for row
    assert r.duplicates_conflicting == 0
    fold = day(c, 2022, 10, 30)
    assert (fold.present, fold.expected) == (50, 50)
    # Both readings of the repeated hour are kept; which is BST cannot be told (rows out of order there).
    assert fold.kwh == pytest.approx(sum(v for v in c.series.window(*_bounds(2022, 10, 30)) if v is not None))
    (note,) = r.dst_notes
    assert "2022-10-30" in note and "cannot tell" in note
    assert c.series.window(_bounds(2022, 10, 30)[0] + 2 * 1800, _bounds(2022, 10, 30)[0] + 6 * 1800) == [
        0.085,
        0.069,
        0.104,
        0.102,
    ]


def _bounds(y, m, d):
    from pyruntime.timeseries.londontime import day_bounds

    return day_bounds(dt.date(y, m, d))


def test_lcl_file_is_gmt_all_year():
    c = import_file(read("consumption/lcl_MAC000060_2012-03-22_2012-03-28.csv")).channels[0]
    r = c.report
    assert r.conventions.format_id == "lcl" and r.conventions.timezone == "UTC"
    assert c.series.present == 336 and r.dropped == ()
    assert isoformat_utc(c.series.start) == "2012-03-22T00:00:00Z"


def test_flattened_octopus_api_csv_with_mixed_offsets():
    c = import_file(read("consumption/octopus_api_flat_electricity_2020-10-22_2020-10-28.csv")).channels[0]
    assert c.report.conventions.format_id == "octopus_api_csv"
    assert c.report.order == "newest first"
    assert day(c, 2020, 10, 25).present == 50
    assert c.series.present == 338 and c.report.gaps == ()


def test_n3rgy_v1_json_is_end_stamped_utc():
    c = import_file(read("n3rgy/n3rgy_v1_electricity_consumption.json")).channels[0]
    doc = json.loads(read("n3rgy/n3rgy_v1_electricity_consumption.json"))
    assert c.fuel == "electricity" and c.report.conventions.stamp == "end"
    assert isoformat_utc(c.series.start) == "2019-01-01T00:00:00Z"  # "2019-01-01 00:30" ends the first half-hour
    assert c.series.values[0] == doc["values"][0]["value"]
    assert c.series.present == len(doc["values"]) == 96


def test_n3rgy_v2_json():
    c = import_file(read("n3rgy/n3rgy_v2_electricity_consumption.json")).channels[0]
    assert c.report.conventions.format_id == "n3rgy_v2_json"
    assert isoformat_utc(c.series.start) == "2012-04-27T08:30:00Z"
    assert c.series.present == 31 and c.series.values[0] == 0.214


def test_octopus_api_json_skips_the_row_with_a_broken_interval():
    c = import_file(read("octopus_api/consumption_markallanson_hand_edited.json")).channels[0]
    r = c.report.to_json()
    assert c.series.present == 2
    assert r["dropped"] == {"interval not 30 minutes long": 1}
    assert r["dropped_examples"][0]["row"] == 3
    # 23:30 to 00:00 of the same day (+0100): its end was edited by hand to the wrong date
    assert r["dropped_examples"][0]["message"] == (
        "this row ends 1,410 minutes before it starts, so one of its two times is probably mistyped")
    assert isoformat_utc(c.series.start) == "2018-05-18T23:00:00Z"


def test_report_is_json_serialisable():
    c = import_file(read("consumption/volunteer_Wh_2022-10-28_2022-11-01_and_2023-07-17.csv"))
    json.dumps(c.to_json())
