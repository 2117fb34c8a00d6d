"""The heatmap view: the demo's whole year, a month cell by cell, and a clock-change week."""

from __future__ import annotations

import datetime as dt

from pyruntime.bridge import run_sync
from pyruntime.household import Household
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.session import Session
from pyruntime.timeseries.londontime import day_bounds
from pyruntime.timeseries.series import Series


def view(s: Session, source: str = "demo", **params: str) -> dict:
    return run_sync(report(OpContext(s, {"source": source, "params": {"report": "heatmap", **params}})))


def heat(model: dict) -> dict:
    return next(b for b in model["blocks"] if b["type"] == "heatmap")


def test_whole_history_is_a_row_per_day_and_a_column_per_half_hour():
    model = view(Session())
    h = heat(model)
    assert len(h["row_labels"]) == 365 and len(h["column_labels"]) == 48
    assert len(h["values"]) == 365 * 48
    assert h["row_labels"][0] == "01/01/23" and h["column_labels"][47] == "23:30"
    assert h["max"] == max(v for v in h["values"] if v is not None)
    table = next(b for b in model["blocks"] if b["type"] == "table")
    assert len(table["rows"]) == 365  # the accessible table: a row per day
    months = next(b for b in model["blocks"] if b["type"] == "bars")
    assert months["bars"][2]["drill"]["month"] == "2023-03"


def test_a_month_gives_every_cell_in_its_table():
    model = view(Session(), fuel="gas", month="2023-02")
    h = heat(model)
    table = next(b for b in model["blocks"] if b["type"] == "table")
    assert len(table["rows"]) == 28 and len(table["columns"]) == 49
    # The chart in kWh, its table in whole Wh: the same energy.
    assert table["rows"][0][1:] == ["" if v is None else str(round(v * 1000)) for v in h["values"][:48]]


def test_clock_change_week_keeps_wall_clock_columns():
    first = dt.date(2023, 3, 23)
    start = day_bounds(first)[0]
    values = []
    for d in range(7):
        s, e = day_bounds(first + dt.timedelta(days=d))
        values += [0.001 * (n + 1) for n in range((e - s) // 1800)]
    sess = Session()
    sess.replace(Household("file", {"electricity": Series("electricity", start, tuple(values))}))
    h = heat(view(sess, "file"))
    sunday = h["row_labels"].index("26/03/23")
    row = h["values"][sunday * 48:(sunday + 1) * 48]
    # 01:00 and 01:30 do not exist that day; 02:00 is the day's third reading.
    assert row[:5] == [0.001, 0.002, None, None, 0.003]
    note = next(b for b in view(sess, "file")["blocks"] if b["type"] == "text")
    assert "26 Mar 2023 (46 half-hours)" in " ".join(note["paragraphs"])


def test_the_colour_scale_reads_in_kwh_not_fractions_of_a_wh():
    h = heat(view(Session()))
    # The chart's scale shows its top as "1.93 kWh" (two decimals), not "1,934.00 Wh".
    assert h["unit"] == "kWh"
    assert h["max"] == max(v for v in h["values"] if v is not None)
    assert 0.5 < h["max"] < 10  # a household's busiest half-hour, in kWh
    assert all(v is None or v == round(v, 3) for v in h["values"])  # whole Wh, nothing finer
    assert f"up to {h['max']:,.3f} kWh" in h["caption"]
    model = view(Session())
    largest = next(t for t in model["totals"] if t["label"] == "Largest half-hour")
    assert largest["value"] == round(h["max"] * 1000)  # the same half-hour, in Wh


def test_a_day_without_readings_is_a_full_row_of_the_daily_table_and_its_csv():
    first = dt.date(2023, 5, 1)
    start = day_bounds(first)[0]
    values = [0.25] * 48 + [None] * 48 + [0.5] * 48
    sess = Session()
    sess.replace(Household("file", {"electricity": Series("electricity", start, tuple(values))}))
    model = view(sess, "file")
    table = next(b for b in model["blocks"] if b["type"] == "table")
    assert all(len(row) == len(table["columns"]) for row in table["rows"])
    gap = table["rows"][1]
    assert gap[0] == "2023-05-02" and gap[1] == {"text": "no data", "value": None, "unit": "kWh"}
    assert table["rows"][0][1]["value"] == 12.0
