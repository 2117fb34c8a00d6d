"""The export and net-import view on the demo (3.5 kWp of solar), and without import data."""

from __future__ import annotations

from pyruntime.bridge import run_sync
from pyruntime.household import Household
from pyruntime.household.demo import demo_household
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.session import Session


def view(s: Session, source: str = "demo", **params: str) -> dict:
    return run_sync(report(OpContext(s, {"source": source, "params": {"report": "net", **params}})))


def totals(model: dict) -> dict[str, str]:
    return {t["label"]: t["text"] for t in model["totals"]}


def test_export_per_month_and_net_import_where_both_meters_read():
    model = view(Session())
    assert model["view"]["fuel"] == "export"
    bars = next(b for b in model["blocks"] if b["type"] == "bars")
    assert len(bars["bars"]) == 12 and bars["bars"][5]["drill"]["month"] == "2023-06"
    home = demo_household()
    both = [(i, e) for i, e in zip(home["electricity"].values, home["export"].values, strict=True)
            if i is not None and e is not None]
    net = sum(i for i, _ in both) - sum(e for _, e in both)
    assert totals(model)["Net import"] == f"{net:,.1f} kWh"
    lines = next(b for b in model["blocks"] if b["type"] == "lines")
    assert [s["name"] for s in lines["series"]] == ["Net import (import − export)", "Import", "Export"]


def test_a_summer_day_exports_at_midday_and_its_net_can_be_negative():
    model = view(Session(), day="2023-06-21")
    lines = next(b for b in model["blocks"] if b["type"] == "lines")
    net = lines["series"][0]["values"]
    assert len(net) == 48 and min(v for v in net if v is not None) < 0


def test_self_consumption_appears_once_generation_is_entered():
    s = Session()
    without = view(s)
    assert any(b["type"] == "text" and b["title"] == "Self-consumption" for b in without["blocks"])
    model = view(s, generation="3200")
    facts = {i["label"]: i["text"] for i in next(b for b in model["blocks"] if b["type"] == "facts")["items"]}
    assert facts["Generation (you entered)"] == "3,200 kWh"
    exported = sum(v for v in demo_household()["export"].values if v is not None)
    assert facts["Used at home as generated"].startswith(f"{3200 - exported:,.0f} kWh")
    assert model["view"]["generation"] == "3200"


def test_bad_generation_is_left_out_with_a_notice():
    model = view(Session(), generation="lots")
    assert "generation" not in model["view"] and model["notices"]


def test_export_only_household_says_import_is_missing():
    s = Session()
    s.replace(Household("file", {"export": demo_household()["export"]}))
    t = totals(view(s, "file"))
    assert t["Import"] == "no import data loaded"
