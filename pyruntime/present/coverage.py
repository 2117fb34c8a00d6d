"""How £ figures say which days the prices cover (:class:`~pyruntime.pricing.coverage.PriceCoverage`).

A total over part-priced days is the total of the priced days and says so; a period without a priced day shows
no £ figure, says which dates the prices do cover and how to get there.
"""

from __future__ import annotations

import datetime as dt

from ..pricing.coverage import PriceCoverage, day_runs
from ..wording import plural
from . import blocks as b
from .period import days_label


def runs_label(runs: tuple[tuple[dt.date, dt.date], ...]) -> str:
    """``1 Sep 2023 to 31 Dec 2023`` or ``1 Jan 2023 to 2 Feb 2023 and 9 Mar 2023``."""
    labels = [days_label(a, b) for a, b in runs]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def part_priced_days(c: PriceCoverage) -> str:
    """``29 Oct 2023 is priced for 46 of its 50 half-hours``, or of several such days together; empty without any."""
    days = c.part_priced
    if not days:
        return ""
    priced, of = sum(d.priced_half_hours for d in days), sum(d.half_hours for d in days)
    if len(days) == 1:
        return f"{days_label(days[0].day, days[0].day)} is priced for {priced:,} of its {of:,} half-hours"
    return f"{runs_label(day_runs(d.day for d in days))} are priced for {priced:,} of their {of:,} half-hours"


def priced_days(c: PriceCoverage) -> str:
    """``for the 122 days the prices cover (1 Sep 2023 to 31 Dec 2023); 1 Jan 2024 to 31 Mar 2024 has no prices``,
    then the days priced only in part (``; 29 Oct 2023 is priced for 46 of its 50 half-hours``)."""
    out = f"for the {plural(c.covered_days, 'day')} the prices cover ({runs_label(c.covered)})"
    if c.uncovered:
        out += f"; {runs_label(c.uncovered)} {'has' if len(c.uncovered) == 1 else 'have'} no prices"
    if c.part_priced:
        out += f"; {part_priced_days(c)}"
    return out


def no_prices(c: PriceCoverage, data: PriceCoverage | None) -> str:
    """Why a period shows no £: the dates the prices cover among the data's, or that they cover none of it."""
    where = ("They cover none of your data's dates either." if data is None or data.none
             else f"Of your data's dates they cover {runs_label(data.covered)}.")
    return f"The prices cover none of these dates ({days_label(c.first_day, c.last_day)}), so no £ figure is shown. " \
           f"{where}"


def coverage_paragraphs(c: PriceCoverage, data: PriceCoverage | None) -> list[str]:
    """The notice for a period the prices cover partly or not at all; none when they cover it all."""
    if c.none:
        return [no_prices(c, data) + " Pick dates the prices cover, or add your tariff by hand below."]
    if c.partial and not c.uncovered:  # every day is in the total, some of its half-hours are not
        return [f"The £ figures are for the half-hours with a unit rate: {part_priced_days(c)}. The others are not "
                "priced."]
    if c.partial:
        return [f"The £ figures are {priced_days(c)}. They are not a bill for the whole period."]
    return []


def nearest_covered(data: PriceCoverage | None, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """The data's run of priced days nearest to days ``first``–``last`` (the later of two as near); ``None``
    when the data has none."""
    if data is None or data.none:
        return None

    def gap(run: tuple[dt.date, dt.date]) -> int:
        return max((run[0] - last).days, (first - run[1]).days, 0)

    return min(reversed(data.covered), key=gap)


def coverage_links(params: dict, shown: PriceCoverage, data: PriceCoverage | None) -> list[dict]:
    """Links to bills for the priced days of the period ``shown`` when it has some (each run of them), else for the
    data's priced days nearest to it; none when every day shown is priced or the data has no priced day."""
    runs = shown.covered if not shown.none else tuple(
        run for run in [nearest_covered(data, shown.first_day, shown.last_day)] if run is not None)
    if not runs or runs == ((shown.first_day, shown.last_day),):
        return []
    return [b.form("Where the prices reach", {}, [], submit="", links=[
        {"label": f"Bill for {days_label(*run)}",
         "params": {**params, "report": "bill", "from": run[0].isoformat(), "to": run[1].isoformat()}}
        for run in runs])]


def days_priced(c: PriceCoverage) -> str:
    """``321 of 365 days priced``, adding ``1 of them in part`` when some covered days lack some rates; for one
    day priced in part, ``priced for 46 of its 50 half-hours``."""
    if c.days == 1 and c.part_priced:
        (day,) = c.part_priced
        return f"priced for {day.priced_half_hours} of its {day.half_hours} half-hours"
    text = f"{c.covered_days} of {plural(c.days, 'day')} priced"
    if c.part_priced:
        text += f", {len(c.part_priced)} of them in part"
    return text


def priced_pounds(gbp: float, c: PriceCoverage) -> dict:
    """A £ cell [GBP] that says when it is of part of its days, and shows none when the prices cover none of them."""
    if c.none:
        return b.gbp(None, text="no prices")
    if c.partial:
        return b.gbp(gbp, text=f"{b.pounds(gbp)} ({days_priced(c)})")
    return b.gbp(gbp)


def month_coverage(c: PriceCoverage, key: str) -> PriceCoverage:
    """``c`` cut to month ``key`` (``YYYY-MM``)."""
    first = dt.date(int(key[:4]), int(key[5:]), 1)
    after = first.replace(year=first.year + (first.month == 12), month=first.month % 12 + 1)
    return c.within(first, after - dt.timedelta(days=1))
