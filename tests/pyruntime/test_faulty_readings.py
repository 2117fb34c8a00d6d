"""Faulty readings (meter error values, negative import, more than a home can draw) never reach a bill silently.

A year of the demo household's electricity is written as an Octopus API
JSON file with 20 half-hours replaced by the 65.535 kWh fault value a real
Bright/Glow export carries, and loaded as a user's file. Every report (cost,
bill, comparison, emissions) must equal the same report on the household
without those half-hours; with ``faulty=include`` every one must equal the
report on a household whose series holds the faulty values.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pyruntime.bridge import run_sync
from pyruntime.fileformats import ImportFailure, import_file
from pyruntime.fileformats.faults import LIMITS
from pyruntime.household import Household, demo, faulty
from pyruntime.ops import OpContext
from pyruntime.ops.downloads import OPS as DOWNLOADS
from pyruntime.ops.load import OPS
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc
from pyruntime.timeseries.series import Series
from tests.pyruntime.sample_feeds import sample_session, view_model

FAULT = 65.535  # [kWh] 0xFFFF Wh: the value a real Bright/Glow export holds 20 times
SLOTS = range(1000, 1040, 2)  # 20 half-hours in January 2023, every other one


def octopus_json(series: Series) -> bytes:
    results = [{"consumption": v, "interval_start": isoformat_utc(series.start + i * HALF_HOUR),
                "interval_end": isoformat_utc(series.start + (i + 1) * HALF_HOUR)}
               for i, v in enumerate(series.values) if v is not None]
    return json.dumps({"count": len(results), "next": None, "results": results}).encode()


def with_values(series: Series, slots, value: float | None) -> Series:
    values = list(series.values)
    for i in slots:
        values[i] = value
    return Series(series.fuel, series.start, tuple(values))


@pytest.fixture(scope="module")
def households():
    base = demo().series["electricity"]
    raw = with_values(base, SLOTS, FAULT)
    clean = with_values(base, SLOTS, None)
    return raw, clean


def loaded(raw: Series):
    session = sample_session()
    summary = run_sync(OPS["load_file"](OpContext(session, {"name": "bright.json", "fuel": "electricity"},
                                                  octopus_json(raw))))
    return session, summary


def figures(session, **extra: str) -> dict[str, object]:
    """The headline figure of each report that counts energy, as the page shows it."""
    common = {"source": "file", "fuel": "electricity", "region": "C", **extra}
    cost = view_model(session, report="cost", **common)
    bill = view_model(session, report="bill", **common, **{"from": "2023-01-01", "to": "2023-12-31"})
    compare = view_model(session, report="compare", **common)
    emissions = view_model(session, report="emissions", **common)
    consumption = view_model(session, report="consumption", **common)

    def totals(m):
        return {t["label"]: t["text"] for t in m["totals"]}

    ranked = next(b for b in compare["blocks"] if b["type"] == "table" and b.get("rows"))
    return {
        "cost": totals(cost)["Total (inc VAT)"],
        "bill": totals(bill)["Total (inc VAT)"],
        "compare": ranked["rows"][:5],
        "emissions": totals(emissions),
        "consumption": totals(consumption),
    }


def as_household(session, series: Series) -> None:
    """Swap in a household holding ``series`` as it is (no fault checks), with the file's facts."""
    facts = replace(session.household.facts, faulty={})
    session.replace(Household("file", {"electricity": series}, region=None, facts=facts))


def test_the_fault_is_announced_in_one_sentence_with_count_and_kwh(households):
    raw, _ = households
    session, summary = loaded(raw)
    said = [w.message for w in session.household.facts.warnings if "meter errors" in w.message]
    assert len(said) == 1
    assert said[0].startswith("Electricity import: 20 half-hours read 65.5 kWh, far above what a home can use")
    assert "11.5 kWh" in said[0] and "(1,310.7 kWh)" in said[0]
    assert summary["warnings"] and faulty.count(session.household, "electricity") == 20
    assert faulty.kwh(session.household, "electricity") == pytest.approx(20 * FAULT)


def test_every_report_leaves_the_faulty_kwh_out_and_including_it_changes_every_figure(households):
    raw, clean = households
    session, _ = loaded(raw)
    left_out = figures(session)
    included = figures(session, faulty="include")
    assert set(left_out) == set(included)
    for report, figure in left_out.items():
        assert figure != included[report], report

    file_household = session.household
    as_household(session, clean)
    assert figures(session) == left_out
    as_household(session, raw)
    assert figures(session) == included
    session.replace(file_household)


def test_the_choice_is_carried_by_the_url_and_named_in_the_assumptions(households):
    raw, _ = households
    session, _ = loaded(raw)
    m = view_model(session, source="file", report="cost", fuel="electricity", region="C", faulty="include")
    assert m["view"]["faulty"] == "include"
    assert any("Including 20 faulty readings" in n for n in m["notices"])
    for item in m["menu"]:
        assert item["params"].get("faulty") == "include"
    facts = next(b for b in m["blocks"] if b["type"] == "facts" and b["title"] == "Assumptions")
    line = next(i for i in facts["items"] if i["label"] == "Faulty readings")
    assert line["text"].startswith("included, as you chose: electricity import: 20 half-hours (1,310.7 kWh)")

    m = view_model(session, source="file", report="cost", fuel="electricity", region="C")
    assert "faulty" not in m["view"]
    facts = next(b for b in m["blocks"] if b["type"] == "facts" and b["title"] == "Assumptions")
    line = next(i for i in facts["items"] if i["label"] == "Faulty readings")
    assert line["text"].startswith("left out as meter errors: electricity import: 20 half-hours (1,310.7 kWh)")


def test_the_data_quality_view_lists_them_and_offers_the_control(households):
    raw, _ = households
    session, _ = loaded(raw)
    m = view_model(session, source="file", report="quality", fuel="electricity")
    table = next(b for b in m["blocks"] if b["type"] == "table" and b["title"].startswith("Faulty readings (20"))
    assert len(table["rows"]) == 20 and {r[1]["text"] for r in table["rows"]} == {"65.535"}
    form = next(b for b in m["blocks"] if b["type"] == "form" and b["title"] == "Faulty readings in reports")
    field = form["fields"][0]
    assert field["name"] == "faulty" and {o["value"] for o in field["options"]} == {"leave_out", "include"}
    checks = next(b for b in m["blocks"] if b["type"] == "facts" and b["title"] == "Checks")
    fact = next(i for i in checks["items"] if i["label"] == "Faulty readings")
    assert fact["text"].startswith("20 (1,310.7 kWh; left out of every report)")


@pytest.mark.parametrize(("fuel", "unit", "good", "bad"), [
    ("electricity", "kWh", 11.5, 11.6),
    ("export", "kWh", 11.5, 12.0),
    ("gas", "kWh", 34.0, 34.5),
    ("gas", "m3", 3.0, 3.2),
])
def test_each_meter_type_has_a_stated_physical_limit(fuel, unit, good, bad):
    assert LIMITS[(fuel, unit)].per_half_hour == good
    header = {"kWh": "Consumption (kWh)", "m3": "Consumption (m³)"}[unit]
    rows = [f"{v}, 2023-03-0{1 + i // 48}T{(i % 48) // 2:02d}:{(i % 2) * 30:02d}:00Z, "
            f"2023-03-0{1 + (i + 1) // 48}T{((i + 1) % 48) // 2:02d}:{((i + 1) % 2) * 30:02d}:00Z"
            for i, v in enumerate([0.5] * 40 + [good, bad, -0.2] + [0.5] * 3)]
    channel = import_file((header + ", Start, End\n" + "\n".join(rows)).encode(), fuel=fuel).channels[0]
    assert [v for _, v in channel.faulty] == [bad, -0.2]
    assert good in channel.series.values and channel.report.faulty == 2


@pytest.mark.parametrize("value", ["-1e308", "1e308", "16777.215", "-16777.215"])
def test_absurd_values_are_error_codes_never_offered_back(value):
    rows = "".join(f"2023-03-01T{h:02d}:{m:02d}:00Z,{value if (h, m) == (2, 30) else '0.4'}\n"
                   for h in range(6) for m in (0, 30))
    channel = import_file(("time,kWh\n" + rows).encode()).channels[0]
    assert channel.report.sentinels == 1 and not channel.faulty
    assert channel.series.present == 11 and channel.series.values[5] is None


def test_a_file_of_nothing_but_error_codes_says_so():
    rows = "".join(f"2023-03-01T{h:02d}:{m:02d}:00Z,16777.215\n" for h in range(6) for m in (0, 30))
    with pytest.raises(ImportFailure) as caught:
        import_file(("time,kWh\n" + rows).encode())
    assert "meter error code" in caught.value.message and "12" in caught.value.message


def test_a_file_of_nothing_but_faulty_readings_says_why():
    rows = "".join(f"2023-03-01T{h:02d}:{m:02d}:00Z,65.535\n" for h in range(6) for m in (0, 30))
    with pytest.raises(ImportFailure) as caught:
        import_file(("time,kWh\n" + rows).encode())
    assert caught.value.message.startswith("No usable readings in this file: 12 half-hours read 65.5 kWh")


def test_the_data_quality_view_and_its_download_say_where_every_row_went(households):
    raw, _ = households
    session, _ = loaded(raw)
    m = view_model(session, source="file", report="quality", fuel="electricity")
    tables = [b for b in m["blocks"] if b["type"] == "table"]
    table = next(t for t in tables if t["title"] == "Where the readings came from")
    assert table["columns"] == ["Fact", "Electricity import"]
    row = {r[0]: r[1] for r in table["rows"]}
    assert row["From"] == "bright.json" and row["Layout"] == "Octopus API readings (JSON)"
    assert row["Times"] == "30 minutes, stamped at the start of each half-hour"
    assert row["Rows read"] == f"{raw.present:,}" and row["Readings kept"] == f"{raw.present - 20:,}"
    assert row["Set aside as faulty"].startswith("20 (below zero, or above 11.5 kWh per half-hour")
    assert row["Encoding"] == "utf-8"
    index = tables.index(table)
    got = run_sync(DOWNLOADS["download_table"](OpContext(session, {"source": "file", "params": m["view"],
                                                                    "table": index})))
    lines = got["text"].splitlines()
    assert lines[1].startswith("From,bright.json") and lines[2].startswith("Layout,Octopus API readings (JSON)")


def test_the_half_hourly_download_follows_the_faulty_setting(households):
    raw, _ = households
    session, _ = loaded(raw)
    payload = {"source": "file", "fuel": "electricity", "grain": "daily", "month": "2023-01"}
    left_out = run_sync(DOWNLOADS["download_data"](OpContext(session, payload)))["text"]
    included = run_sync(DOWNLOADS["download_data"](OpContext(session, {**payload, "faulty": "include"})))["text"]
    assert left_out != included and "65.535" not in left_out
