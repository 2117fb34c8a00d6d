"""Every named layout read exactly and recognised without mapping; broken files refused with the reason.

Layouts whose real files carry no licence that allows copying are
synthesised here in the same layout (header and cell formats as documented
in the reference notes: Octopus dashboard 2024, Glowmarkt web export, the
"Smart meters in London" copy of Low Carbon London). Real slices live in
``tests/fixtures/consumption`` (see its README for source and licence).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pyruntime.fileformats import ImportFailure, NeedsMapping, NeedsTimezone, import_file, sniff_csv
from pyruntime.household.facts import HouseholdFacts
from pyruntime.household.stored import facts_from_plain, facts_to_plain
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_local, local_datetime

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"
DAY = 86400
T0 = 1727737200  # 2024-10-01T00:00:00+01:00


def dashboard_2024(days: int = 2, start: int = T0, value: float = 0.2, cost: float = 4.9) -> str:
    """The 2024+ Octopus dashboard download: cost columns, and each day's last row ending at 23:59:59.999."""
    rows = ["Consumption (kwh), Estimated Cost Inc. Tax (p), Standing Charge Inc. Tax (p), Start, End"]
    t = start
    while t < start + days * DAY:
        s, e = isoformat_local(t), isoformat_local(t + HALF_HOUR)
        if e[11:19] == "00:00:00":
            e = s[:11] + "23:59:59.999000" + s[19:]
        rows.append(f"{value:.6f}, {cost:.2f}, 0.93, {s}, {e}")
        t += HALF_HOUR
    return "\n".join(rows) + "\n"


def test_dashboard_2024_keeps_each_days_last_half_hour_and_octopus_cost():
    channel = import_file(dashboard_2024().encode()).channels[0]
    report = channel.report
    assert channel.series.present == 96 and report.dropped == ()
    assert report.conventions.format_label == "Octopus Energy dashboard download (2024 layout)"
    estimate = report.supplier_estimate
    assert estimate.standing_included
    assert [(d.day, d.energy_p_inc_vat, d.standing_p_inc_vat, d.half_hours) for d in estimate.days] == [
        (dt.date(2024, 10, 1), pytest.approx(48 * 4.9), pytest.approx(48 * 0.93), 48),
        (dt.date(2024, 10, 2), pytest.approx(48 * 4.9), pytest.approx(48 * 0.93), 48)]


def test_dashboard_2024_with_z_stamps_in_winter_and_gas_in_kwh():
    text = dashboard_2024(days=1, start=1704067200).replace("+00:00", "Z")
    channel = import_file(text.encode(), fuel="gas").channels[0]
    assert channel.series.present == 48 and channel.fuel == "gas" and channel.unit == "kWh"


def test_old_dashboard_fixture_still_reads_exactly():
    data = (FIXTURES / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv").read_bytes()
    channel = import_file(data).channels[0]
    assert channel.series.present == 7 * 48 + 2 and channel.report.dropped == ()
    assert channel.report.supplier_estimate is None


def test_glowmarkt_csv_export_is_recognised_and_read_by_its_unix_times():
    text = "epochTimestamp,kWh,dateTime\n" + "".join(
        f"{1679529600 + i * HALF_HOUR},0.{i % 9 + 1},2023-03-23T{i // 2:02d}:{i % 2 * 30:02d}:00Z\n" for i in range(48))
    channel = import_file(text.encode()).channels[0]
    assert channel.report.conventions.format_id == "glowmarkt_csv"
    assert channel.series.start == 1679529600 and channel.series.present == 48
    assert not any("disagree" in w for w in channel.report.warnings)
    assert sniff_csv(text.encode()).suggested.timestamp_column == 0
    assert sniff_csv(text.encode()).suggested.value_column == 1


def test_glowmarkt_csv_whose_two_time_columns_disagree_says_which_was_used():
    # The public sample of this layout has dateTime one hour after epochTimestamp.
    text = ("epochTimestamp,kWh,dateTime\n1679526000,0.5,2023-03-23T00:00:00Z\n1679527800,0.7,2023-03-23T00:30:00Z\n"
            "1679529600,0.2,2023-03-23T01:00:00Z\n1679531400,0.0,2023-03-23T01:30:00Z\n")
    channel = import_file(text.encode()).channels[0]
    assert channel.series.start == 1679526000
    assert any(w.startswith("The file's two time columns disagree by 60 minutes") for w in channel.report.warnings)


@pytest.mark.parametrize("header", ["LCLid,tstp,energy(kWh/hh)", "LCLid,stdorToU,DateTime,KWH/hh (per half hour) "])
def test_low_carbon_london_layouts_are_gmt_all_year_whatever_the_dates(header):
    # A June extract has no clock-change day: the layout, not luck, says GMT.
    std = ",Std" if "stdorToU" in header else ""
    text = header + "\n" + "".join(
        f"MAC000002{std},2013-06-01 {i // 2:02d}:{i % 2 * 30:02d}:00.0000000,0.2{i % 10}\n" for i in range(48))
    channel = import_file(text.encode()).channels[0]
    assert channel.report.conventions.format_id == "lcl"
    assert channel.report.conventions.timezone == "UTC"
    assert channel.series.start == 1370044800  # 2013-06-01T00:00Z


def summer_naive(days: int = 3) -> str:
    return "when,kwh\n" + "".join(
        f"2023-06-{1 + i // 48:02d} {i % 48 // 2:02d}:{i % 2 * 30:02d},0.{i % 9 + 1}\n" for i in range(days * 48))


def test_a_file_that_cannot_say_uk_time_or_utc_asks_one_question_with_the_evidence():
    with pytest.raises(NeedsTimezone) as caught:
        import_file(summer_naive().encode())
    detail = caught.value.to_json()
    assert detail["question"] == "timezone" and not isinstance(caught.value, NeedsMapping)
    assert detail["message"].startswith("Are these times UK clock time or UTC?")
    assert any("2023-06-01 to 2023-06-03" in e for e in detail["evidence"])
    assert [c["value"] for c in detail["choices"]] == ["Europe/London", "UTC"]
    london = import_file(summer_naive().encode(), timezone="Europe/London").channels[0]
    utc = import_file(summer_naive().encode(), timezone="UTC").channels[0]
    assert utc.series.start - london.series.start == 3600
    assert london.report.conventions.timezone_reason.startswith("as you told us")



def test_a_one_day_file_says_its_day_once_in_the_question():
    with pytest.raises(NeedsTimezone) as caught:
        import_file(summer_naive(days=1).encode())
    evidence = caught.value.to_json()["evidence"]
    assert any(e.startswith("The readings are all on 2023-06-01, in British Summer Time") for e in evidence)
    assert not any(" to 2023-06-01" in e for e in evidence)

def test_clock_change_evidence_settles_the_zone_without_a_question():
    spring = "when,kwh\n" + "".join(
        f"2023-03-26 {h:02d}:{m:02d},0.3\n" for h in range(24) for m in (0, 30) if h != 1)
    channel = import_file(spring.encode()).channels[0]
    assert channel.report.conventions.timezone == "Europe/London"
    assert "skip from 00:30 to 02:00 on 2023-03-26" in channel.report.conventions.timezone_reason
    assert channel.series.present == 46
    utc_file = "when,kwh\n" + "".join(f"2023-03-26 {h:02d}:{m:02d},0.3\n" for h in range(24) for m in (0, 30))
    assert import_file(utc_file.encode()).channels[0].report.conventions.timezone == "UTC"
    winter = "when,kwh\n" + "".join(f"2023-01-10 {h:02d}:{m:02d},0.3\n" for h in range(24) for m in (0, 30))
    reason = import_file(winter.encode()).channels[0].report.conventions.timezone_reason
    assert reason.startswith("every time is in winter")


def test_the_volunteer_file_is_uk_time_by_its_repeated_hour():
    channel = import_file((FIXTURES / "volunteer_Wh_2022-10-28_2022-11-01_and_2023-07-17.csv").read_bytes()).channels[0]
    assert channel.report.conventions.timezone == "Europe/London"
    assert "appears twice" in channel.report.conventions.timezone_reason


@pytest.mark.parametrize(("text", "words"), [
    ("  % Total    % Received % Xferd\n100  2345  100  2345    0     0\n"
     '{"results": [{"consumption": 0.1, "interval_start": "2023-01-01T00:00:00Z"}]}',
     "This JSON file has other text before the data: line 1 starts with “% Total % Received % Xf…”"),
    ('{"results": [{"consumption": 0.1,\n100  2345  100\n "interval_start": "2023-01-01T00:00:00Z"}]}',
     "This JSON file is damaged at line 2, column 1"),
    ('{"count": 2, "results": [{"consumption": 0.1, "interval_start": "2023-01-01T00:00:00Z", "interval_e',
     "This JSON file stops in the middle (it ends at line 1, character 99,"),
])
def test_damaged_json_names_where_the_damage_is_and_never_asks_for_columns(text, words):
    with pytest.raises(ImportFailure) as caught:
        import_file(text.encode())
    assert not isinstance(caught.value, NeedsMapping)
    assert caught.value.message.startswith(words), caught.value.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_files_are_decoded_by_their_byte_order_mark(encoding):
    text = "Consumption (kWh), Start, End\n" + "".join(
        f"0.25, 2023-01-01T{i // 2:02d}:{i % 2 * 30:02d}:00+00:00, 2023-01-01T{(i + 1) // 2:02d}:{(i + 1) % 2 * 30:02d}"
        ":00+00:00\n" for i in range(47))
    data = text.encode(encoding) if encoding == "utf-16" else b"\xfe\xff" + text.encode(encoding)
    channel = import_file(data).channels[0]
    assert channel.series.present == 47 and channel.report.encoding == "utf-16 (with byte-order mark)"


def test_random_bytes_without_nul_are_refused_not_sent_to_mapping():
    junk = bytes((i * 167 + 89) % 128 + 128 for i in range(20000))
    with pytest.raises(ImportFailure) as caught:
        import_file(junk)
    assert not isinstance(caught.value, NeedsMapping)
    assert "binary data" in caught.value.message


def test_a_million_columns_is_refused_by_its_first_row():
    with pytest.raises(ImportFailure, match="first row has 1,000,000 columns"):
        import_file(("a," * 999_999 + "b\n1,2\n").encode())


def test_an_endless_line_is_refused_naming_it():
    with pytest.raises(ImportFailure, match="Line 3 of this file is 100,000 characters long"):
        import_file(("time,kwh\n2023-01-01T00:00Z,1\n" + "x" * 100_000 + "\n").encode())


def test_a_row_dated_9999_is_skipped_with_the_reason():
    rows = "".join(f"2023-01-01T{i // 2:02d}:{i % 2 * 30:02d}:00Z,0.2\n" for i in range(48))
    channel = import_file(("time,kwh\n" + rows + "9999-12-31T23:30:00Z,0.2\n").encode()).channels[0]
    assert channel.series.present == 48 and channel.report.dropped == (("date outside 1990–2099", 1),)


def test_dates_spanning_decades_are_refused_naming_both_rows():
    rows = "".join(f"2023-01-01T{i // 2:02d}:{i % 2 * 30:02d}:00Z,0.2\n" for i in range(48))
    with pytest.raises(ImportFailure, match=r"from 1995-01-01 \(row 50\) to 2023-01-01"):
        import_file(("time,kwh\n" + rows + "1995-01-01T00:00:00Z,0.2\n").encode())


def test_local_times_in_the_dashboard_match_the_london_day():
    assert local_datetime(T0).isoformat() == "2024-10-01T00:00:00+01:00"


def test_octopus_api_merged_dump_of_pages_reads_every_page():
    pages = [{"count": 96, "next": None if p else "x", "results": [
        {"consumption": 0.1, "interval_start": isoformat_local(T0 + (p * 48 + i) * HALF_HOUR),
         "interval_end": isoformat_local(T0 + (p * 48 + i + 1) * HALF_HOUR)} for i in range(48)]} for p in (0, 1)]
    assert import_file(json.dumps(pages).encode()).channels[0].series.present == 96


def test_column_mapping_proposes_the_likeliest_columns():
    rows = "".join(f"{i},7,{1672531200 + i * 1800},2023-01-01T{i // 2:02d}:{i % 2 * 30:02d}:00Z,"
                   f"2023-01-01T{(i + 1) // 2:02d}:{(i + 1) % 2 * 30:02d}:00Z,0.{i % 9 + 1}5,{i * 3}\n"
                   for i in range(40))
    text = "reading id,meter,epoch,interval from,interval to,kWh used,cost (p)\n" + rows
    with pytest.raises(NeedsMapping) as caught:
        import_file(text.encode())
    suggested = caught.value.suggestions.suggested
    assert suggested.timestamp_column == 3 and suggested.value_column == 5
    assert suggested.unit == "kWh" and suggested.stamp == "start"


def test_supplier_estimate_survives_being_stored_and_read_back():
    report = import_file(dashboard_2024().encode()).channels[0].report
    plain = json.loads(json.dumps(facts_to_plain(HouseholdFacts(imports={"electricity": report}))))
    assert facts_from_plain(plain).imports["electricity"].supplier_estimate == report.supplier_estimate
