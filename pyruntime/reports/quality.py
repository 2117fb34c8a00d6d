"""The data-quality report: coverage calendar, gaps, duplicates, suspicious values, incomplete months.

One fuel at a time. Numbers come from :func:`pyruntime.analysis.quality.quality_report`;
what the importer or provider client did (duplicates removed, meter error
values dropped, conventions, warnings) comes from ``household.meta``
(shape in :mod:`pyruntime.providers.loading`). Replaces the original site's gaps page.
"""

from __future__ import annotations

import datetime as dt

from ..analysis.quality import quality_report
from ..household import Household
from ..household.gas import statement
from ..present import blocks as b
from ..present.nav import MONTH_NAMES, fuel_tabs
from ..present.view import View
from ..providers.loading import months_phrase
from ..session import Session
from ..timeseries.series import FUEL_LABELS
from . import ReportSpec

LISTED = 200  # rows per table; counts stay complete


def _month_label(key: str) -> str:
    return f"{MONTH_NAMES[int(key[5:7]) - 1]} {key[:4]}"


def _calendar(q: dict) -> dict:
    """Months × day-of-month grid of the share of half-hours present [%]; blank outside the data."""
    by_day = {c["day"]: c for c in q["calendar"]}
    first, last = dt.date.fromisoformat(q["first_day"]), dt.date.fromisoformat(q["last_day"])
    rows, values = [], []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        key = f"{y:04d}-{m:02d}"
        rows.append(_month_label(key))
        for d in range(1, 32):
            c = by_day.get(f"{key}-{d:02d}")
            values.append(round(100 * c["present"] / c["expected"], 1) if c and c["expected"] else None)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return b.heatmap("Coverage calendar", "%", rows, [str(d) for d in range(1, 32)], values, vmax=100,
                     caption="Share of each day's half-hours with a reading: darkest = complete, palest = none; "
                     "grey = outside your data or no such day.")


def _when(local_iso: str) -> str:
    t = dt.datetime.fromisoformat(local_iso)
    return f"{t.day} {MONTH_NAMES[t.month - 1]} {t.year} {t:%H:%M}"


async def build(session: Session, household: Household, view: View) -> dict:
    fuel = view.fuel
    label = FUEL_LABELS[fuel]
    q = quality_report(household.series[fuel])
    meta = household.meta
    imported = (meta.get("imports") or {}).get(fuel) or {}
    warnings = [w for w in meta.get("warnings") or [] if w.get("fuel") in (fuel, None)]
    blocks = []
    if warnings:
        blocks.append(b.text("When your data was loaded", [w["message"] for w in warnings], tone="warn"))
    if fuel == "gas" and meta.get("gas_unit"):
        blocks.append(b.text("Gas units", [statement(meta), "You can change the unit or the calorific value with the "
                                           "gas units control above the report."]))
    incomplete = q["incomplete_months"]
    totals = [
        {"label": "Coverage", "value": f"{q['coverage']:.1%} of half-hours have a reading",
         "warn": q["coverage"] < 1},
        {"label": "Half-hours with data", "value": b.count(q["present"], q["expected"])},
        {"label": "Gaps", "value": f"{q['gap_count']:,} ({q['missing_half_hours']:,} half-hours)",
         "warn": q["gap_count"] > 0},
        {"label": "Incomplete months", "value": f"{len(incomplete)}", "warn": bool(incomplete)},
    ]
    blocks.append(_calendar(q))
    if incomplete:
        blocks.append(b.text("Incomplete months", [
            f"Totals for {months_phrase([m['month'] for m in incomplete])} rest on incomplete data: every report "
            "marks them, and sums cover only the half-hours present (gaps are never filled)."
        ] + ([f"No readings at all in {months_phrase(q['months_without_data'])}."] if q["months_without_data"] else []),
            tone="warn"))
    dupes = imported.get("duplicates_identical", 0)
    conflicts = imported.get("duplicates_conflicting", 0)
    sentinels = imported.get("sentinels", 0)
    blocks.append(b.facts("Checks", [
        ("Duplicate readings removed", f"{dupes:,}" + (" (identical repeats)" if dupes else "")),
        ("Duplicates that disagreed", f"{conflicts:,}", conflicts > 0),
        ("Meter error values dropped", f"{sentinels:,} (readings of 16,700 kWh and above are meter error codes)",
         sentinels > 0),
        ("Negative readings", f"{q['negative_count']:,}", q["negative_count"] > 0),
        ("Spikes", f"{q['spike_count']:,} (flagged, not removed: {q['spike_rule']})", q["spike_count"] > 0),
    ]))
    if incomplete:
        blocks.append(b.table("Incomplete months", ["Month", "Half-hours with data", "Missing half-hours"], [
            [_month_label(m["month"]), b.count(m["present"], m["expected"]), f"{m['missing_half_hours']:,}"]
            for m in incomplete], open=True))
    if q["gaps"]:
        shown = q["gaps"][:LISTED]
        blocks.append(b.table(
            f"Gaps ({q['gap_count']:,}" + (f", first {len(shown)} listed" if q["gap_count"] > len(shown) else "") + ")",
            ["From", "To", "Half-hours missing"],
            [[_when(g["start_local"]), _when(g["end_local"]), f"{g['half_hours']:,}"] for g in shown]))
    odd = [(p, "negative") for p in q["negatives"][:LISTED]] + [(p, "spike") for p in q["spikes"][:LISTED]]
    if odd:
        blocks.append(b.table("Suspicious values", ["Half-hour starting", "kWh", "Why"],
                              [[_when(p["start_local"]), b.num(p["kwh"], 3), why] for p, why in odd]))
    if imported:
        blocks.append(b.facts("How the readings were read", [
            ("Source", imported.get("format_label", "")),
            ("Unit", imported.get("unit", "") + (f" ({imported['unit_reason']})"
                                                 if imported.get("unit_reason") else "")),
            ("Times", imported.get("interval", "")),
            ("Time zone", imported.get("timezone", "") + (f" ({imported['timezone_reason']})"
                                                          if imported.get("timezone_reason") else "")),
            ("Rows read", f"{imported.get('rows_read', 0):,}"),
            ("Readings kept", f"{imported.get('readings_kept', 0):,}"),
        ] + [("Clock change", n) for n in imported.get("dst", [])]))
    stitched = (meta.get("stitch") or {}).get(fuel) or {}
    if stitched.get("notes"):
        blocks.append(b.text("Replaced meters", stitched["notes"]))
    return {
        "title": f"{label}: data quality",
        "tabs": fuel_tabs(household, view, SPEC.fuels),
        "totals": totals,
        "blocks": blocks,
        "note": f"From {q['first_day']} to {q['last_day']} (London days).",
    }


SPEC = ReportSpec(
    name="quality",
    label="Data quality",
    order=90,
    build=build,
    description="Coverage calendar, gaps, duplicates removed and suspicious readings, per fuel.",
)
