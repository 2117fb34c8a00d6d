"""The heatmap report as the page shows it: a row per London day, a column per half-hour of the clock.

The whole history at once (``month=`` narrows it to one month). Each cell is
the half-hour's energy (kWh on the chart, whole watt-hours in the tables); empty cells are missing readings (or,
on the day clocks go forward, 01:00–02:00, which does not exist). The
accessible table gives a row per day (total, peak, quietest half-hour); a
month's view gives every cell.
"""

from __future__ import annotations

import datetime as dt

from ..analysis.localdays import SLOT_LABELS
from ..analysis.profile import CLOCK_CHANGE_NOTE, heatmap_report
from ..household import Household
from ..present import blocks as b
from ..present.datafiles import with_table_downloads
from ..present.nav import MONTH_NAMES, fuel_tabs, pager, period_nav
from ..present.period import ALL, MONTH, Period, date_label
from ..present.view import View
from ..session import Session
from ..timeseries.aggregate import series_days
from ..timeseries.series import FUEL_LABELS
from . import ReportSpec
from .profile import PATTERN_KINDS, pattern_crumbs, pattern_view, period_slice

SLOTS = 48


async def build(session: Session, household: Household, view: View) -> dict:
    full = household.series[view.fuel]
    span = series_days(full)
    view, notices = pattern_view(view, "heatmap")
    shown = view.period
    series = full if shown.kind == ALL else period_slice(full, *shown.bounds(*span))
    cells = shown.level == "month"  # a week, a month or a short range: every cell in the table
    r = heatmap_report(series)
    rows = r.rows
    days = [r.first_day + dt.timedelta(days=i) for i in range(rows)]
    # Short day/month/year labels fit the chart's margin; the tables keep ISO dates.
    row_labels = [f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}" for d in days]
    values = list(r.values_wh)
    label = FUEL_LABELS[r.fuel]
    period = shown.label if shown.kind != ALL else f"{date_label(days[0])} to {date_label(days[-1])}"
    drill = {} if cells else {"hint": " Choose a month below for a closer look."}
    # The chart reads in kWh (its scale "1.93 kWh", a cell "1.934 kWh"); the tables keep whole Wh.
    blocks: list[dict] = [
        b.heatmap(f"{label}: every half-hour, {period}", "kWh", row_labels, list(SLOT_LABELS),
                  [None if v is None else _kwh(v) for v in values],
                  caption=f"A row per day, a column per half-hour of the clock; darker is more energy (kWh per "
                          f"half-hour, up to {_kwh(r.max_wh):,.3f} kWh). Grey cells have no reading."
                          f"{drill.get('hint', '')}",
                  vmax=_kwh(r.max_wh)),
    ]
    iso = [d.isoformat() for d in days]
    if cells:
        blocks.append(b.table("Data table: every half-hour (Wh)", ["Day", *SLOT_LABELS],
                              [[lab, *("" if v is None else str(v) for v in values[i * SLOTS:(i + 1) * SLOTS])]
                               for i, lab in enumerate(iso)]))
    else:
        sums = _day_sums(values)
        blocks.append(_daily_table(iso, sums, list(SLOT_LABELS)))
    months = _month_links(view, days, sums) if not cells else []
    blocks.append(b.text("How to read this", [
        CLOCK_CHANGE_NOTE,
        "Clock-change days in this view: " + (", ".join(f"{date_label(c.day)} ({c.half_hours} half-hours)"
                                                       for c in r.clock_changes) or "none") + ".",
        "Colours run from light yellow (little) to dark blue (most), a scale that reads the same with every "
        "common colour-vision deficiency and in greyscale.",
    ]))
    return {
        "title": f"Heatmap of {label.lower()}: {period}",
        "tabs": fuel_tabs(household, view, SPEC.fuels),
        "crumbs": pattern_crumbs(view, shown),
        "pager": pager(view, *span),
        "period": period_nav(view, *span, kinds=PATTERN_KINDS),
        "totals": [b.item("Days", b.amount(rows, 0, "days")),
                   b.item("Largest half-hour", b.amount(r.max_wh, 0, "Wh", "Wh")),
                   b.item("Half-hours with data", b.count(series.present, len(series.values)))],
        "blocks": with_table_downloads(household, view, blocks) + months,
        "view": view.as_params(),
        "notices": notices,
    }


def _kwh(wh: int) -> float:
    """Whole watt-hours as kWh, exact to the Wh."""
    return round(wh / 1000, 3)


def _day_sums(values: list) -> list[tuple[int, int, int, int, int] | None]:
    """Per row: (total Wh, busiest Wh, its column, quietest Wh, its column), or ``None`` for a day with no cells."""
    out: list[tuple[int, int, int, int, int] | None] = []
    for i in range(0, len(values), SLOTS):
        cells = values[i:i + SLOTS]
        present = [v for v in cells if v is not None]
        if not present:
            out.append(None)
            continue
        hi, lo = max(present), min(present)
        out.append((sum(present), hi, cells.index(hi), lo, cells.index(lo)))
    return out


def _daily_table(days: list[str], sums: list, columns: list[str]) -> dict:
    rows = []
    for day, s in zip(days, sums, strict=True):
        if s is None:
            rows.append([day, b.amount(None, 3, "kWh"), "", ""])
        else:
            total, hi, at_hi, lo, at_lo = s
            rows.append([day, b.amount(total / 1000, 3, "kWh"),
                         b.amount(hi, 0, "Wh", text=f"{hi:,} at {columns[at_hi]}"),
                         b.amount(lo, 0, "Wh", text=f"{lo:,} at {columns[at_lo]}")])
    return b.table("Data table: each day's total, busiest and quietest half-hour",
                   ["Day", "Total (kWh)", "Busiest half-hour (Wh)", "Quietest half-hour (Wh)"],
                   rows, row_classes=["incomplete" if s is None else "" for s in sums])


def _month_links(view: View, days: list[dt.date], sums: list) -> list[dict]:
    """A bar per month (its energy) that opens that month's heatmap, so the whole-history view can be drilled."""
    wh: dict[str, int] = {}
    for d, s in zip(days, sums, strict=True):
        key = d.strftime("%Y-%m")
        wh[key] = wh.get(key, 0) + (s[0] if s else 0)
    if len(wh) < 2:
        return []
    bars = [{"key": m, "label": f"{MONTH_NAMES[int(m[5:]) - 1]} {m[:4]}", "value": round(total / 1000, 3),
             "complete": True, "drill": _month(view, m), "note": ""} for m, total in wh.items()]
    return [b.bars("Energy per month: select one for its heatmap", "kWh", bars,
                   caption="Energy per month (kWh, from the cells above). Select a month to see its heatmap "
                           "cell by cell.")]


def _month(view: View, month: str) -> dict:
    """URL parameters of ``view`` showing London month ``"YYYY-MM"``."""
    return view.with_period(Period.of(MONTH, dt.date.fromisoformat(month + "-01"))).as_params()


SPEC = ReportSpec(
    name="heatmap",
    label="Heatmap",
    order=55,
    build=build,
    description="Every half-hour of your history at a glance: a row per day, a column per time of day.",
)
