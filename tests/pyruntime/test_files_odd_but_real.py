"""Odd but real files, loaded as the page loads a dropped file: each either loads, saying what was done, or is
refused saying what is wrong with it and what to do.

Every file here is a real Octopus dashboard download (``tests/fixtures/consumption/``, its README names the source)
as a person's tools leave it: re-saved by Excel with a byte-order mark and ``;`` between cells, given a totals row,
downloaded for days with no readings, saved as UTF-16 without a byte-order mark, or not saved at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyruntime.fileformats import ImportFailure
from tests.pyruntime.test_ops_load import Session, call

DASHBOARD = Path(__file__).resolve().parents[1] / "fixtures" / "consumption" / (
    "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv")
TEXT = DASHBOARD.read_text()
LINES = TEXT.splitlines()
READINGS = [float(line.split(",")[0]) for line in LINES[1:]]  # read here straight from the file


def _load(name: str, data: bytes) -> tuple[dict, Session]:
    session = Session()
    return call(session, "load_file", {"name": name, "fuel": "electricity"}, data), session


def _refusal(name: str, data: bytes) -> str:
    session = Session()
    with pytest.raises(ImportFailure) as caught:
        call(session, "load_file", {"name": name}, data)
    assert session.household is None
    return caught.value.message


def _values(session: Session) -> list[float]:
    return [v for v in session.household.series["electricity"].values if v is not None]


def test_a_dashboard_file_resaved_by_a_european_excel_reads_as_the_original():
    # A byte-order mark, ";" between cells, a decimal comma and Windows line ends, as Excel saves "CSV UTF-8".
    rows = [";".join(c.strip().replace(".", ",") if c.strip()[:1].isdigit() and "T" not in c else c.strip()
                     for c in line.split(",")) for line in LINES]
    summary, session = _load("Consumption.csv", ("\ufeff" + "\r\n".join(rows) + "\r\n").encode())
    assert _values(session) == pytest.approx(READINGS)
    assert summary["fuels"][0]["present"] == len(READINGS)
    assert any("decimal comma" in w["message"] for w in summary["warnings"])


@pytest.mark.parametrize(("last", "said"), [
    ("Total, , ", "The last row (row 340, “Total”) is a total, not a half-hour's reading, so it was left out."),
    ("Total,{total},", "The last row (row 340, “Total”) is a total, not a half-hour's reading, so it was left out."),
    ("{total}, Grand total, ",
     "The last row (row 340, “Grand total”) is a total, not a half-hour's reading, so it was left out."),
    ("{total}, , ", "The last row (row 340) gives “{total}” and no time: the total of the readings above, not a "
                    "half-hour's reading, so it was left out."),
])
def test_a_totals_row_a_spreadsheet_added_is_left_out_and_said_as_a_total(last, said):
    # It was counted as "1 row skipped: value is not a number" (or "time not recognised"), as if a reading were lost.
    total = f"{sum(READINGS):.3f}"
    summary, session = _load("Consumption.csv", (TEXT + last.format(total=total) + "\n").encode())
    assert _values(session) == pytest.approx(READINGS)
    messages = [w["message"] for w in summary["warnings"]]
    assert f"Electricity import: {said.format(total=total)}" in messages
    assert not any("skipped" in m for m in messages), messages


def test_a_reading_in_the_last_row_is_never_taken_for_a_total():
    summary, session = _load("Consumption.csv", TEXT.encode())
    assert _values(session) == pytest.approx(READINGS)
    assert not any("total" in w["message"] for w in summary["warnings"])
    # A column that says "Total" on every row (what the readings are) is a label, not a totals row.
    labelled = "\n".join([LINES[0] + ", Kind", *(f"{line}, Total" for line in LINES[1:])]) + "\n"
    summary, session = _load("Consumption.csv", labelled.encode())
    assert _values(session) == pytest.approx(READINGS)
    assert not any("total" in w["message"] for w in summary["warnings"])


HEADINGS_ONLY = ("This file has only its column headings (“Consumption (kWh)”, “Start”, “End”), no readings under "
                 "them: the download covered days with no readings. Download it again for days your meter has "
                 "sent readings for.")


@pytest.mark.parametrize("data", [
    (LINES[0] + "\n").encode(),
    LINES[0].encode(),
    ("\ufeff" + LINES[0].replace(",", ";") + "\r\n").encode(),  # as Excel saves it
])
def test_a_file_of_headings_alone_says_so_and_what_to_download(data):
    # It said "No readings were found in this file.", with nothing on why or what to do.
    assert _refusal("Consumption.csv", data) == HEADINGS_ONLY


def test_an_octopus_reply_with_no_results_says_so_and_what_to_download():
    reply = {"count": 0, "next": None, "previous": None, "results": []}  # the API's reply for days with no readings
    assert _refusal("consumption.json", json.dumps(reply).encode()) == (
        "This Octopus file holds no readings (its “results” list is empty): Octopus has none for the days it was "
        "asked for. Download it again for days your meter has sent readings for (period_from and period_to).")


@pytest.mark.parametrize(("data", "said"), [
    (b"", "This file is empty (0 bytes): it was not saved or downloaded whole. Download it again from your "
          "provider, or pick another file."),
    (b"\r\n\r\n  \r\n", "This file is empty apart from blank lines (no headings, no readings): it was not saved or "
                        "downloaded whole. Download it again from your provider, or pick another file."),
])
def test_an_empty_file_says_what_to_do(data, said):
    # Both said only "This file is empty." (the page says more for 0 bytes before the file reaches Python).
    assert _refusal("Consumption.csv", data) == said


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_a_byte_order_mark_reads_as_the_original(codec):
    # Refused as "This does not look like a CSV or JSON file (it contains binary data)".
    summary, session = _load("Consumption.csv", TEXT.encode(codec))
    assert _values(session) == pytest.approx(READINGS)
    assert summary["fuels"][0]["present"] == len(READINGS)


def test_binary_data_with_zero_bytes_is_still_refused_as_binary():
    assert _refusal("Consumption.csv", bytes(range(256)) * 40).startswith(
        "This does not look like a CSV or JSON file (it contains binary data).")
