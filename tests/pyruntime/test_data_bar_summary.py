"""The data bar's line per fuel: raw dates for the page's logic, and the span written as the reports write dates."""

from __future__ import annotations

from pathlib import Path

from pyruntime.bridge import run_sync
from pyruntime.ops import OpContext
from pyruntime.ops.load import OPS
from pyruntime.session import Session

ELECTRICITY = Path(__file__).resolve().parents[1] / "fixtures" / "consumption" / (
    "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv")


def test_each_fuel_carries_its_raw_dates_and_its_span_in_words():
    summary = run_sync(OPS["load_file"](OpContext(Session(), {"name": ELECTRICITY.name}, ELECTRICITY.read_bytes())))
    (fuel,) = summary["fuels"]
    assert (fuel["first_day"], fuel["last_day"]) == ("2023-10-26", "2023-11-01")
    assert fuel["span"] == "26 Oct 2023 to 1 Nov 2023"
