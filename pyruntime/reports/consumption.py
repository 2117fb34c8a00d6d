"""The consumption report as the page shows it."""

from __future__ import annotations

from ..analysis.consumption import consumption_report
from ..household import Household
from ..present import blocks as b
from ..present.datafiles import data_downloads, with_table_downloads
from ..present.nav import LEVEL_COLUMN, crumbs, drill_bars, fuel_tabs, pager, period_nav
from ..present.view import View
from ..session import Session
from ..timeseries.aggregate import series_days
from ..wording import plural
from . import ReportSpec


async def build(session: Session, household: Household, view: View) -> dict:
    series = household.series[view.fuel]
    r = consumption_report(series, view)
    t = r.totals
    # No reading at all is not a use of 0 kWh: the total says so rather than show a figure.
    totals = [b.item("Total", b.amount(None, 1, "kWh", text="no readings") if not t.present
                     else b.amount(t.kwh, 1, "kWh", "kWh"), warn=not t.present)]
    if r.level != "day":  # over one day the daily average is the total again
        label = "Average daily export" if view.fuel == "export" else "Average daily use"
        totals.append(b.item(label, b.amount(t.average_daily_kwh, 2, "kWh", "kWh/day")))
    totals.append(b.item("Half-hours with data", b.count(t.present, t.expected)))
    if t.missing:
        totals.append(b.item("Missing", b.amount(t.missing, 0, "half-hours", text=(
            f"{plural(t.missing, 'half-hour')}: totals cover only the readings present")), warn=True))
    bars = drill_bars(view, r.level, r.bars, [bar.value for bar in r.bars], "some half-hours missing")
    first_column = LEVEL_COLUMN[r.level]
    rows = [
        [bar.label, b.amount(bar.value, 3, "kWh"), b.amount(bar.kwh, 3, "kWh"), b.count(bar.present, bar.expected)]
        for bar in r.bars
    ]
    hint = "" if r.level == "day" else " Select a bar for detail."
    blocks = [
        b.bars(f"{r.measure} of {r.fuel_label.lower()}, {view.period.in_sentence}", r.bar_unit, bars,
               caption=f"{r.measure} ({r.bar_unit}).{hint}"),
        b.table("Data table", [first_column, f"{r.measure} ({r.bar_unit})", "Energy (kWh)",
                               "Half-hours with data"], rows,
                row_classes=["" if bar.complete else "incomplete" for bar in r.bars]),
    ]
    return {
        "title": f"{r.fuel_label}: {r.label}",
        "tabs": fuel_tabs(household, view, SPEC.fuels),
        "crumbs": crumbs(view),
        "totals": totals,
        "blocks": with_table_downloads(household, view, blocks)
        + data_downloads(household, view, region=None, tariff=None),
        "pager": pager(view, *series_days(series)),
        "period": period_nav(view, *series_days(series)),
    }


SPEC = ReportSpec(
    name="consumption",
    label="Consumption",
    order=10,
    build=build,
    description="Energy used (or exported) by month, day and half-hour.",
)
