"""The data-quality report: coverage calendar, gaps, duplicates, suspicious values, incomplete months.

One fuel at a time. Numbers come from :func:`pyruntime.analysis.quality.quality_report`;
what the importer or provider client did (duplicates removed, meter error
values dropped, conventions, warnings) comes from ``household.facts``
(:class:`pyruntime.household.facts.HouseholdFacts`), for each file when a fuel was read from several
(``file_imports``), else for its one source. Replaces the original site's gaps page.
"""

from __future__ import annotations

import datetime as dt

from ..analysis.quality import QualityReport, quality_report
from ..fileformats.model import ImportReport
from ..household import Household, faulty
from ..household.facts import FileImport
from ..household.gas import statement
from ..present import blocks as b
from ..present.datafiles import with_table_downloads
from ..present.nav import MONTH_NAMES, fuel_tabs, pager, period_nav
from ..present.period import ALL, date_label
from ..present.view import View
from ..providers.loading import months_phrase
from ..session import Session
from ..timeseries.aggregate import series_days
from ..timeseries.londontime import isoformat_local
from ..timeseries.series import FUEL_LABELS
from ..wording import plural
from . import ReportSpec
from .profile import PATTERN_KINDS, pattern_crumbs, pattern_view, period_slice

LISTED = 200  # rows per table; counts stay complete


def _month_label(key: str) -> str:
    return f"{MONTH_NAMES[int(key[5:7]) - 1]} {key[:4]}"


# Stepped, not shaded: a day 94 % complete is as incomplete as one at 10 %, and must not pass for complete.
# ``tone`` picks the colour the chart draws (chart.mjs TONES); ``colour`` names it in the caption, so the two agree.
COVERAGE_SCALE = [
    {"value": 100, "label": "Complete", "tone": "full", "colour": "dark blue"},
    {"gt": 0, "lt": 100, "label": "Incomplete", "tone": "part", "colour": "orange"},
    {"value": 0, "label": "No readings", "tone": "none", "colour": "red"},
]


def coverage_caption() -> str:
    """The calendar's caption, naming each step of the scale by the colour it is drawn in."""
    steps = ", ".join(f"{p['colour']} = {p['label'].lower()}" for p in COVERAGE_SCALE)
    return (f"Share of each day's half-hours with a reading: {steps} (any missing half-hour makes a day "
            "incomplete); grey = outside your data or no such day. Select a day to see its half-hours.")


def _calendar(q: QualityReport, fuel: str) -> dict:
    """Months × day-of-month grid of the share of half-hours present [%]; blank outside the data.

    Each day opens its half-hours in the consumption report, where the gaps are drawn.
    """
    by_day = {c.day.isoformat(): c for c in q.calendar}
    first, last = q.first_day, q.last_day
    rows, keys, values = [], [], []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        key = f"{y:04d}-{m:02d}"
        rows.append(_month_label(key))
        keys.append(key)
        for d in range(1, 32):
            c = by_day.get(f"{key}-{d:02d}")
            values.append(round(100 * c.present / c.expected, 1) if c and c.expected else None)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return b.heatmap("Coverage calendar", "%", rows, [str(d) for d in range(1, 32)], values, vmax=100,
                     caption=coverage_caption(),
                     pieces=[{k: v for k, v in p.items() if k != "colour"} for p in COVERAGE_SCALE],
                     drill={"params": {"report": "consumption", "fuel": fuel}, "row_keys": keys})


def _open_a_day(q: QualityReport, fuel: str) -> dict:
    """A date field that opens a day's half-hours, as selecting a calendar cell does.

    On a phone a calendar cell is a few pixels wide, under the 24 px a finger needs
    (WCAG 2.2 target size): this form is the equivalent control. It starts on the
    first day with a missing half-hour, the day a user most likely wants to see.
    """
    short = next((c.day for c in q.calendar if c.present < c.expected), q.last_day)
    return b.form("Open a day", {"report": "consumption", "fuel": fuel},
                  [b.field("day", "Day", "date", short.isoformat(), min=q.first_day.isoformat(),
                           max=q.last_day.isoformat())],
                  submit="Show its half-hours",
                  caption="Opens the day's half-hours in the consumption report, where its gaps are drawn: "
                          "the same as selecting a day in the calendar.")


def _when(utc_s: int) -> str:
    t = dt.datetime.fromisoformat(isoformat_local(utc_s))
    return f"{t.day} {MONTH_NAMES[t.month - 1]} {t.year} {t:%H:%M}"


async def build(session: Session, household: Household, view: View) -> dict:
    fuel = view.fuel
    label = FUEL_LABELS[fuel]
    full = household.series[fuel]
    span = series_days(full)
    # The calendar, gaps and suspicious values cover the period chosen (a day shows its month: one cell is no
    # calendar); what was done on load (duplicates, meter error codes, provenance) is about everything loaded.
    view, notices = pattern_view(view, "data quality report")
    period = view.period
    loaded = imports_of(household, fuel)
    q = quality_report(full if period.kind == ALL else period_slice(full, *period.bounds(*span)),
                       *(f.report for f in loaded))
    if q is None:
        raise ValueError(f"no {label.lower()} data")
    facts = household.facts
    warnings = facts.warnings_for(fuel)
    blocks = []
    if warnings:
        blocks.append(b.text("When your data was loaded", [w.message for w in warnings], tone="warn"))
    if len(loaded) > 1:
        blocks.append(b.text(f"Read from {len(loaded)} files", [
            f"Your {label.lower()} readings come from {_names(loaded)}, loaded in that order. The coverage, gaps "
            "and suspicious values below are of the readings combined; what was done to each file as it was "
            "read is listed under its name."]))
    if fuel == "gas" and facts.gas_unit is not None:
        blocks.append(b.text("Gas units", [statement(facts.gas_unit), "You can change the unit or the calorific "
                                           "value with the gas units control above the report."]))
    incomplete = q.incomplete_months
    totals = [
        b.item("Coverage", b.amount(q.coverage * 100, 1, "%",
                                    text=f"{q.coverage:.1%} of half-hours have a reading"), warn=q.coverage < 1),
        b.item("Half-hours with data", b.count(q.present, q.expected)),
        b.item("Gaps", f"{q.gap_count:,} ({plural(q.missing_half_hours, 'half-hour')})", warn=q.gap_count > 0),
        b.item("Incomplete months", f"{len(incomplete)}", warn=bool(incomplete)),
    ]
    blocks.append(_calendar(q, fuel))
    blocks.append(_open_a_day(q, fuel))
    if incomplete:
        blocks.append(b.text("Totals on incomplete data", [
            f"Totals for {months_phrase([m.key for m in incomplete])} rest on incomplete data: every report "
            "marks them, and sums cover only the half-hours present (gaps are never filled)."
        ] + ([f"No readings at all in {months_phrase(list(q.months_without_data))}."] if q.months_without_data else []),
            tone="warn"))
    dupes, conflicts, sentinels = q.duplicates_removed, q.duplicates_conflicting, q.sentinels_dropped
    blocks.append(b.facts("Checks", [
        ("Duplicate readings removed", f"{dupes:,}" + (" (identical repeats)" if dupes else "")),
        ("Duplicates that disagreed", f"{conflicts:,}", conflicts > 0),
        ("Meter error values dropped", b.amount(sentinels, 0, "half-hours", text=(
            f"{sentinels:,} (readings of 16,700 kWh and above are meter error codes)")), sentinels > 0),
        ("Faulty readings", _faulty_fact(household, fuel), faulty.count(household, fuel) > 0),
        ("Negative readings", f"{q.negative_count:,}", q.negative_count > 0),
        ("Spikes", b.amount(q.spike_count, 0, "half-hours", text=(
            f"{q.spike_count:,} (flagged, not removed: {q.spike_rule})")), q.spike_count > 0),
    ]))
    if incomplete:
        blocks.append(b.table("Incomplete months", ["Month", "Half-hours with data", "Missing half-hours"], [
            [_month_label(m.key), b.count(m.present, m.expected),
             b.amount(m.expected - m.present, 0, "half-hours")]
            for m in incomplete], open=True))
    if q.gaps:
        shown = q.gaps[:LISTED]
        blocks.append(b.table(
            f"Gaps ({q.gap_count:,}" + (f", first {len(shown)} listed" if q.gap_count > len(shown) else "") + ")",
            ["From", "To", "Half-hours missing"],
            [[_when(g.start_utc_s), _when(g.end_utc_s), b.amount(g.half_hours, 0, "half-hours")]
             for g in shown]))
    odd = [(p, "negative") for p in q.negatives[:LISTED]] + [(p, "spike") for p in q.spikes[:LISTED]]
    if odd:
        blocks.append(b.table("Suspicious values", ["Half-hour starting", "kWh", "Why"],
                              [[_when(p.start_utc_s), b.amount(p.kwh, 3, "kWh"), why] for p, why in odd]))
    blocks += _faulty_blocks(household, view)
    if facts.imports:
        blocks.append(provenance_table(household))
    if len(loaded) == 1:
        imported = loaded[0].report
        c = imported.conventions
        blocks.append(b.facts("How the readings were read", [
            ("Source", c.format_label),
            ("Unit", c.unit + (f" ({c.unit_reason})" if c.unit_reason else "")),
            ("Times", c.interval),
            ("Time zone", c.timezone + (f" ({c.timezone_reason})" if c.timezone_reason else "")),
            ("Rows read", f"{imported.rows_read:,}"),
            ("Readings kept", f"{imported.readings_kept:,}"),
            ("Rows dropped", "; ".join(f"{n:,}: {why}" for why, n in imported.dropped)
             or "none", bool(imported.dropped)),
        ] + [("Clock change", n) for n in imported.dst_notes]))
    else:
        blocks += [_file_facts(title, f.report) for title, f in zip(_titles(loaded), loaded, strict=True)]
    stitched = facts.stitch.get(fuel)
    if stitched is not None and stitched.notes:
        blocks.append(b.text("Replaced meters", list(stitched.notes)))
    blocks = with_table_downloads(household, view, blocks)
    return {
        "title": f"{label}: data quality" + ("" if period.kind == ALL else f", {period.label}"),
        "tabs": fuel_tabs(household, view, SPEC.fuels),
        "crumbs": pattern_crumbs(view, period),
        "pager": pager(view, *span),
        "period": period_nav(view, *span, kinds=PATTERN_KINDS),
        "totals": totals,
        "blocks": blocks,
        "view": view.as_params(),
        "notices": notices,
        "note": f"From {date_label(q.first_day)} to {date_label(q.last_day)} (London days). Duplicates, meter "
                "error codes and where the readings came from are counted over everything loaded.",
    }


PROVENANCE_COLUMNS = ["Readings", "From", "Layout", "Times", "Time zone", "Unit", "Rows read", "Readings kept",
                      "Rows dropped and why", "Set aside as faulty", "Encoding"]


def provenance_table(household: Household) -> dict:
    """What we took each loaded source to be and what we did with every row: one column per source (downloadable).

    A fuel read from several files has a column per file, in load order.
    """
    sources = []
    read = [(fuel, f.name, f.report) for fuel in household.facts.imports for f in imports_of(household, fuel)]
    for fuel, name, imp in read:
        c = imp.conventions
        dropped_text = "; ".join(f"{n:,}: {why}" for why, n in imp.dropped)
        others = [(imp.duplicates_identical, "identical duplicates"),
                  (imp.duplicates_conflicting, "duplicates that disagreed (first kept)"),
                  (imp.sentinels, "meter error codes")]
        dropped_text = "; ".join([t for t in [dropped_text] if t] + [f"{n:,}: {why}" for n, why in others if n])
        unit = "m³" if c.unit == "m3" else c.unit
        sources.append([
            FUEL_LABELS[fuel],
            name,
            c.format_label,
            c.interval,
            c.timezone + (f" ({c.timezone_reason})" if c.timezone_reason else ""),
            unit + (f" ({c.unit_reason})" if c.unit_reason else ""),
            f"{imp.rows_read:,}",
            f"{imp.readings_kept:,}",
            dropped_text or "none",
            f"{imp.faulty:,}" + (f" ({imp.faulty_rule})" if imp.faulty else ""),
            imp.encoding or "not a file",
        ])
    # Transposed: eleven facts read down a column far better than across a row.
    rows = [[what, *(src[i] for src in sources)] for i, what in enumerate(PROVENANCE_COLUMNS) if i]
    return b.table("Where the readings came from", ["Fact", *(src[0] for src in sources)], rows, open=True)


def imports_of(household: Household, fuel: str) -> tuple[FileImport, ...]:
    """What the importer did to each file ``fuel`` was read from, in load order; else to its one source.

    Empty when nothing was imported for ``fuel`` (the demo). A provider's data has one entry, named by the provider.
    """
    facts = household.facts
    files = facts.file_imports.get(fuel, ())
    if len(files) > 1:
        return tuple(files)
    imported = facts.imports.get(fuel)
    return () if imported is None else (FileImport(facts.files.get(fuel) or facts.provider, imported),)


def _names(loaded: tuple[FileImport, ...]) -> str:
    names = [f.name for f in loaded]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _titles(loaded: tuple[FileImport, ...]) -> list[str]:
    """Each file's name, numbered in load order when two files share a name."""
    names = [f.name for f in loaded]
    return [name if names.count(name) == 1 else f"{name} (file {i} of {len(names)})"
            for i, name in enumerate(names, 1)]


def _file_facts(title: str, imported: ImportReport) -> dict:
    """What reading one of several files of a fuel did: its layout, rows, what was dropped and why."""
    c = imported.conventions
    return b.facts(f"{title}: how its readings were read", [
        ("Source", c.format_label),
        ("Unit", c.unit + (f" ({c.unit_reason})" if c.unit_reason else "")),
        ("Times", c.interval),
        ("Time zone", c.timezone + (f" ({c.timezone_reason})" if c.timezone_reason else "")),
        ("Rows read", b.amount(imported.rows_read, 0, "rows", text=f"{imported.rows_read:,}")),
        ("Readings kept", b.amount(imported.readings_kept, 0, "half-hours", text=f"{imported.readings_kept:,}")),
        ("Rows dropped", "; ".join(f"{n:,}: {why}" for why, n in imported.dropped) or "none", bool(imported.dropped)),
        ("Duplicate readings removed", b.amount(imported.duplicates_identical, 0, "half-hours",
                                                text=f"{imported.duplicates_identical:,}")),
        ("Duplicates that disagreed", b.amount(imported.duplicates_conflicting, 0, "half-hours",
                                               text=f"{imported.duplicates_conflicting:,}"),
         imported.duplicates_conflicting > 0),
        ("Meter error values dropped", b.amount(imported.sentinels, 0, "half-hours", text=f"{imported.sentinels:,}"),
         imported.sentinels > 0),
        ("Set aside as faulty", b.amount(imported.faulty, 0, "half-hours", text=f"{imported.faulty:,}"
                                         + (f" ({imported.faulty_rule})" if imported.faulty else "")),
         imported.faulty > 0),
    ] + [("Clock change", n) for n in imported.dst_notes]
      + [("Warning", w, True) for w in imported.warnings])


def _faulty_fact(household: Household, fuel: str) -> dict:
    """How many readings were set aside [half-hours], how much they hold, and whether they count now."""
    n = faulty.count(household, fuel)
    if not n:
        return b.amount(0, 0, "half-hours", text="0")
    state = "included, as you chose" if faulty.is_included(household) else "left out of every report"
    _, rule = faulty.unit_and_rule(household, fuel)
    return b.amount(n, 0, "half-hours", text=f"{n:,} ({faulty.kwh(household, fuel):,.1f} kWh; {state}): {rule}")


def _faulty_blocks(household: Household, view: View) -> list[dict]:
    """The faulty readings listed, and the one control that includes them in every report."""
    readings = faulty.readings(household, view.fuel)
    if not readings:
        return []
    unit, rule = faulty.unit_and_rule(household, view.fuel)
    shown = readings[:LISTED]
    table = b.table(
        f"Faulty readings ({len(readings):,}" + (f", first {len(shown)} listed" if len(readings) > len(shown) else "")
        + ")", ["Half-hour starting", f"Reading ({unit})", "Why"],
        [[_when(t), b.amount(v, 3, "kWh") if unit == "kWh" else b.num(v, 3),
          "below zero" if v < 0 else "above what a home can use"] for t, v in shown], open=True)
    params = {k: v for k, v in view.as_params().items() if k != faulty.PARAM}
    choice = faulty.INCLUDE if faulty.is_included(household) else "leave_out"
    form = b.form("Faulty readings in reports", params, [
        b.field(faulty.PARAM, "Faulty readings", "select", choice, options=[
            {"value": "leave_out", "label": "Leave out (meter errors)"},
            {"value": faulty.INCLUDE, "label": "Include in every total, cost and comparison"}],
            help="Applies to every report; the choice is kept in the page address.")],
        submit="Apply",
        caption=f"{plural(len(readings), 'reading was', 'readings were')} set aside on load: {rule}.")
    return [table, form]


SPEC = ReportSpec(
    name="quality",
    label="Data quality",
    order=90,
    build=build,
    description="Coverage calendar, gaps, duplicates removed and suspicious readings, per fuel.",
)
