"""A half-hour a file gives with an empty value is a gap, said the same way by every reader.

An empty cell, a JSON ``null`` or ``""`` is the file saying it has no reading for that half-hour: the page
shows the half-hour as a gap (never filled) and counts it in one sentence, the same for every layout, and
never as a row it could not read ("N rows skipped").
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyruntime.fileformats import ImportFailure, import_file
from pyruntime.fileformats.assemble import empty_said
from pyruntime.fileformats.csv_export import half_hourly_csv
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_local, isoformat_utc
from pyruntime.timeseries.series import Series
from tests.pyruntime.test_ops_load import Session, call

Readings = list[tuple[int, float | None]]
"""``(start [s, UTC], kWh or None for an empty value)``, oldest first."""


def _cell(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


def _naive(t: int) -> str:
    """``2023-01-01 00:30`` in UTC, as n3rgy writes its end stamps."""
    return isoformat_utc(t)[:16].replace("T", " ")


def dashboard(readings: Readings, empty: object) -> str:
    rows = ["Consumption (kWh), Start, End"]
    rows += [f"{_cell(v)}, {isoformat_local(t)}, {isoformat_local(t + HALF_HOUR)}" for t, v in readings]
    return "\n".join(rows) + "\n"


def dashboard_2024(readings: Readings, empty: object) -> str:
    rows = ["Consumption (kwh), Estimated Cost Inc. Tax (p), Standing Charge Inc. Tax (p), Start, End"]
    rows += [f"{_cell(v)}, {'' if v is None else '4.90'}, 0.93, {isoformat_local(t)}, "
             f"{isoformat_local(t + HALF_HOUR)}" for t, v in readings]
    return "\n".join(rows) + "\n"


def octopus_api_csv(readings: Readings, empty: object) -> str:
    rows = [f"{_cell(v)},{isoformat_utc(t)},{isoformat_utc(t + HALF_HOUR)}" for t, v in reversed(readings)]
    return "consumption,interval_start,interval_end\n" + "\n".join(rows) + "\n"


def powershaper(readings: Readings, empty: object) -> str:
    rows = [f"{isoformat_utc(t + HALF_HOUR)[:19].replace('T', ' ')}+00:00,{_cell(v)}" for t, v in reversed(readings)]
    return "halfhour ending at,usage\n" + "\n".join(rows) + "\n"


def n3rgy_csv(readings: Readings, empty: object) -> str:
    rows = [f"{_naive(t + HALF_HOUR)},{_cell(v)}" for t, v in readings]
    return "timestamp (UTC),energyConsumption (kWh)\n" + "\n".join(rows) + "\n"


def lcl(readings: Readings, empty: object) -> str:
    rows = [f"{isoformat_utc(t)[:19].replace('T', ' ')},{_cell(v)}" for t, v in readings]
    return ",KWH/hh (per half hour) \n" + "\n".join(rows) + "\n"


def glowmarkt_csv(readings: Readings, empty: object) -> str:
    rows = [f"{t},{_cell(v)},{isoformat_utc(t)}" for t, v in readings]
    return "epochTimestamp,kWh,dateTime\n" + "\n".join(rows) + "\n"


def two_columns(readings: Readings, empty: object) -> str:
    rows = [f"{isoformat_utc(t)},{_cell(v)}" for t, v in readings]
    return "Timestamp,Energy (kWh)\n" + "\n".join(rows) + "\n"


def our_download(readings: Readings, empty: object) -> str:
    first = readings[0][0]
    values = [None] * ((readings[-1][0] - first) // HALF_HOUR + 1)
    for t, v in readings:
        values[(t - first) // HALF_HOUR] = v
    return half_hourly_csv(Series("electricity", first, tuple(values)))


def _json_value(v: float | None, empty: object) -> object:
    return empty if v is None else v


def octopus_json(readings: Readings, empty: object) -> str:
    results = [{"consumption": _json_value(v, empty), "interval_start": isoformat_local(t),
                "interval_end": isoformat_local(t + HALF_HOUR)} for t, v in reversed(readings)]
    return json.dumps({"count": len(results), "next": None, "previous": None, "results": results})


def octopus_json_list(readings: Readings, empty: object) -> str:
    return json.dumps([{"consumption": _json_value(v, empty), "interval_start": isoformat_utc(t),
                        "interval_end": isoformat_utc(t + HALF_HOUR)} for t, v in readings])


def n3rgy_v1(readings: Readings, empty: object) -> str:
    return json.dumps({"resource": "/2234567891000/electricity/consumption/1", "granularity": "halfhour",
                       "values": [{"value": _json_value(v, empty), "timestamp": _naive(t + HALF_HOUR)}
                                  for t, v in readings], "unit": "kWh"})


def n3rgy_v2(readings: Readings, empty: object) -> str:
    values = [{"primaryValue": _json_value(v, empty), "timestamp": _naive(t + HALF_HOUR)} for t, v in readings]
    return json.dumps({"resource": "/mpxn/1234567891000/utility/electricity/readingtype/consumption",
                       "granularity": "halfhour", "unit": "kWh",
                       "devices": [{"deviceId": "01-00-00-00-00-00-01-01", "values": values}]})


def glowmarkt_json(readings: Readings, empty: object) -> str:
    return json.dumps({"status": "OK", "classifier": "electricity.consumption", "units": "kWh",
                       "query": {"period": "PT30M"}, "data": [[t, _json_value(v, empty)] for t, v in readings]})


LAYOUTS: dict[str, Callable[[Readings, object], str]] = {
    "octopus_dashboard": dashboard, "octopus_dashboard_2024": dashboard_2024, "octopus_api_csv": octopus_api_csv,
    "powershaper": powershaper, "n3rgy_csv": n3rgy_csv, "lcl": lcl, "glowmarkt_csv": glowmarkt_csv,
    "two_column": two_columns, "half_hourly_csv": our_download, "octopus_api_json": octopus_json,
    "octopus_api_json_list": octopus_json_list, "n3rgy_json": n3rgy_v1, "n3rgy_v2_json": n3rgy_v2,
    "glowmarkt_json": glowmarkt_json,
}
JSON_EMPTIES = (None, "", "  ")
"""What an empty value looks like in a JSON file: ``null``, or text with nothing in it."""


def load(text: str) -> tuple[dict, Session]:
    session = Session()
    return call(session, "load_file", {"name": "readings", "fuel": "electricity"}, text.encode()), session


@settings(max_examples=80, deadline=None)
@given(layout=st.sampled_from(sorted(LAYOUTS)),
       start=st.integers(0, 120_000).map(lambda n: 1546300800 + n * HALF_HOUR),  # 2019 onwards, every season
       cells=st.lists(st.tuples(st.booleans(), st.integers(1, 2500)), min_size=0, max_size=120),
       empty=st.sampled_from(JSON_EMPTIES))
def test_any_readings_left_empty_in_any_layout_are_gaps_said_once_never_skipped_rows(layout, start, cells, empty):
    # The first and last half-hours hold a reading: the readings run from one to the other.
    values = [0.125, *(None if blank else n / 1000 for blank, n in cells), 0.25]
    readings = [(start + i * HALF_HOUR, v) for i, v in enumerate(values)]
    summary, session = load(LAYOUTS[layout](readings, empty))
    series = session.household.series["electricity"]
    assert series.start == start and series.values == tuple(values)
    missing = values.count(None)
    messages = [w["message"] for w in summary["warnings"]]
    assert [m for m in messages if "no reading" in m] == (
        [f"Electricity import: {empty_said(missing)}"] if missing else [])
    assert not [m for m in messages if "skipped" in m]
    report = session.household.facts.imports["electricity"]
    assert report.dropped == () and report.readings_kept == len(values) - missing
    assert report.conventions.format_id == layout.removesuffix("_list").removesuffix("_2024")
    assert sum(n for _, _, n in report.gaps) == missing


def test_the_sentence_for_one_empty_half_hour_is_singular():
    assert empty_said(1) == "1 half-hour has no reading in this file (an empty value), so it is a gap."
    assert empty_said(1200) == "1,200 half-hours have no reading in this file (an empty value), so they are gaps."


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_empty_values_before_the_first_reading_and_after_the_last_are_not_gaps(layout):
    # An API's newest half-hours not yet read, or a download filling out its days: the readings run from the
    # first reading to the last, so the page has no gap to show there.
    start = 1700000000 - 1700000000 % HALF_HOUR
    values = [None, None, 0.5, None, 0.25, None]
    readings = [(start + i * HALF_HOUR, v) for i, v in enumerate(values)]
    summary, session = load(LAYOUTS[layout](readings, None))
    series = session.household.series["electricity"]
    assert (series.start, series.values) == (start + 2 * HALF_HOUR, (0.5, None, 0.25))
    messages = [w["message"] for w in summary["warnings"]]
    assert [m for m in messages if "no reading" in m or "skipped" in m] == [
        f"Electricity import: {empty_said(1)}"]


# Our download never has no reading at all; a two-column file with no number is a table whose columns the user
# is asked to choose (its preview shows the empty readings).
@pytest.mark.parametrize("layout", sorted(set(LAYOUTS) - {"half_hourly_csv", "two_column"}))
def test_a_file_whose_every_value_is_empty_says_so(layout):
    readings = [(1700000000 - 1700000000 % HALF_HOUR + i * HALF_HOUR, None) for i in range(4)]
    with pytest.raises(ImportFailure, match=r"^No readings in this file: every half-hour it gives \(4\) has an "
                                            r"empty value\.$"):
        import_file(LAYOUTS[layout](readings, None).encode(), fuel="electricity")


def test_an_empty_value_beside_a_reading_for_the_same_half_hour_is_no_gap():
    t = 1700000000 - 1700000000 % HALF_HOUR
    text = (f"consumption,interval_start,interval_end\n0.1,{isoformat_utc(t)},{isoformat_utc(t + HALF_HOUR)}\n"
            f",{isoformat_utc(t)},{isoformat_utc(t + HALF_HOUR)}\n"
            f"0.2,{isoformat_utc(t + HALF_HOUR)},{isoformat_utc(t + 2 * HALF_HOUR)}\n")
    channel = import_file(text.encode(), fuel="electricity").channels[0]
    assert channel.series.values == (0.1, 0.2)
    assert not [w for w in channel.report.warnings if "no reading" in w or "skipped" in w]


@pytest.mark.parametrize("word", ["Null", "NaN", "nan", "NA", "N/A", "None"])
def test_a_cell_that_spells_no_value_is_a_gap_as_the_smart_meters_in_london_block_files_write_it(word):
    """The Kaggle "Smart meters in London" block files (Low Carbon London, UK Power Networks) write a missing
    reading as the text ``Null`` in ``LCLid,tstp,energy(kWh/hh)`` rows with seven-digit fractions of a second
    (their layout as many public analyses read it, e.g. ``df[df.energy == 'Null']``); pandas writes ``NaN``, R
    ``NA``. Each is the file saying it has no reading: a gap, not a row that could not be read."""
    rows = ["LCLid,tstp,energy(kWh/hh)"]
    start = 1_350_000_000  # 2012-10-12 00:00 UTC (GMT: the data set's clock)
    missing = {5, 6, 50}
    for i in range(48 * 3):
        cell = word if i in missing else f"{0.1 + i / 1000:.3f} "
        stamp = isoformat_utc(start + i * HALF_HOUR)[:19].replace("T", " ")
        rows.append(f"MAC000002,{stamp}.0000000,{cell}")
    result = import_file(("\n".join(rows) + "\n").encode(), name="block_0.csv")
    report = result.channels[0].report
    series = result.channels[0].series
    assert series.start == start and len(series.values) == 144
    assert [i for i, v in enumerate(series.values) if v is None] == sorted(missing)
    assert series.values[7] == pytest.approx(0.107)
    assert report.dropped == () and empty_said(3) in report.warnings
    assert not any("skipped" in w for w in report.warnings)


def test_a_block_file_of_several_households_loads_the_first_alone_and_names_the_others():
    """A "Smart meters in London" block file holds about fifty households (``LCLid``) one after another. Read as one
    meter, each half-hour would keep one household's value and the span would run over all of theirs; only the
    first household is loaded, and the note names the others and how to load one."""
    rows = ["LCLid,tstp,energy(kWh/hh)"]
    start = 1_350_000_000  # 2012-10-12 00:00 UTC
    kwh = {"MAC000002": 0.1, "MAC000003": 0.7, "MAC000004": 0.3, "MAC000005": 0.2, "MAC000006": 0.4}
    for n, (home, value) in enumerate(kwh.items()):  # each household's own span: 2, 3, ... days
        rows.extend(f"{home},{isoformat_utc(start + i * HALF_HOUR)[:19].replace('T', ' ')}.0000000, {value} "
                    for i in range(48 * (2 + n)))
    channel = import_file(("\n".join(rows) + "\n").encode(), name="block_0.csv").channels[0]
    assert channel.series.start == start and channel.series.values == (0.1,) * 96
    assert channel.report.rows_read == 96 and channel.report.duplicates_conflicting == 0
    assert ("This file holds the readings of 5 households (MAC000002, MAC000003, MAC000004, MAC000005 and 1 more); "
            "only the first, MAC000002 (96 rows), was loaded. To look at another, save its rows alone in a file (with "
            "the heading row) and load that.") in channel.report.warnings


def test_a_file_of_one_household_with_its_id_column_says_nothing_of_households():
    rows = ["LCLid,tstp,energy(kWh/hh)"] + [
        f"MAC000002,{isoformat_utc(1_350_000_000 + i * HALF_HOUR)[:19].replace('T', ' ')}.0000000,0.1"
        for i in range(96)]
    report = import_file(("\n".join(rows) + "\n").encode()).channels[0].report
    assert not any("households" in w for w in report.warnings) and report.rows_read == 96
