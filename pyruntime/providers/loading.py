"""Loading a household's own data: from a provider's API or a dropped file, to a :class:`Household`.

Provider loaders live beside their clients (:mod:`.octopus_loader`,
:mod:`.glowmarkt_loader`), files in :mod:`pyruntime.fileformats.loader`; the
gas unit decision and the device snapshot in :mod:`pyruntime.household`.
This module holds what the loaders share. Each loader hands back a complete household or raises;
the session swaps it in whole, so a report never sees half-loaded data.

Credentials are parameters of the loader calls and nothing more: they are
never stored on the household, in its facts, in a warning or in a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..fileformats import faults
from ..fileformats.model import Channel
from ..household.facts import LoadWarning
from ..timeseries.londontime import HALF_HOUR
from ..timeseries.series import FUEL_LABELS, Series
from ..wording import plural
from .errors import FILE_ROUTE

__all__ = ["error_codes_warning", "extend_with_gaps", "months_phrase", "progress_label", "skipped_warning",
           "unusable_readings"]


def extend_with_gaps(series: Series, end: int) -> Series:
    """``series`` running on to ``end`` [s, UTC] with ``None`` (no reading) for every half-hour added.

    A load that stopped early leaves the months it never fetched after the
    last reading; as gaps inside the series they count as missing in every
    report's totals and warnings, instead of silently falling outside the data.
    """
    n = (end // HALF_HOUR * HALF_HOUR - series.end) // HALF_HOUR
    return Series(series.fuel, series.start, series.values + (None,) * n) if n > 0 else series


def months_phrase(months: Sequence[str]) -> str:
    """``["2023-07", "2023-08"]`` → ``"July 2023 and August 2023"``; long runs are shortened.

    Four or more months read ``"July 2023 to December 2023 (6 months)"`` when they
    follow one another, and ``"5 months between February 2023 and December 2023"``
    when they do not ("to" would claim the months between them too).
    """
    names = [dt.date(int(m[:4]), int(m[5:7]), 1).strftime("%B %Y") for m in months]
    if len(names) <= 3:
        return " and ".join(names) if len(names) <= 2 else f"{names[0]}, {names[1]} and {names[2]}"
    index = [int(m[:4]) * 12 + int(m[5:7]) for m in months]
    if index[-1] - index[0] == len(index) - 1:
        return f"{names[0]} to {names[-1]} ({len(names)} months)"
    return f"{len(names)} months between {names[0]} and {names[-1]}"


def progress_label(fuel: str, loaded: int, suffix: str = "") -> str:
    """``"Gas: 12,480 half-hours loaded"``."""
    return f"{FUEL_LABELS[fuel]}{suffix}: {plural(loaded, 'half-hour')} loaded"


def unusable_readings(name: str, fuel: str) -> LoadWarning:
    """The warning for a meter whose readings arrived but none could be used.

    The importers' own refusal speaks of "this file" and of rows to correct,
    which a provider's user cannot do; what they can do is try again later or
    use the file route.
    """
    return LoadWarning(fuel, "malformed", (
        f"{FUEL_LABELS[fuel]}: {name} sent readings we cannot use (none was a possible half-hourly reading: "
        "missing, meter error codes, impossible values or not half-hourly), so none are shown. Try again later; "
        "if it keeps happening, use the file route. " + FILE_ROUTE.format(name=name)))


def skipped_warning(name: str, fuel: str, n: int) -> LoadWarning:
    """The warning for ``n`` half-hours a provider sent that were no reading (NaN, text, off the clock): gaps now."""
    rows = plural(n, "half-hour that was", "half-hours that were")
    return LoadWarning(fuel, "skipped", f"{FUEL_LABELS[fuel]}: {name} sent {rows} not a reading we can use "
                       "(not a number, or not a half-hour on the clock); they are left as gaps.")


def error_codes_warning(channel: Channel) -> LoadWarning | None:
    """The warning for the meter error codes dropped from ``channel``'s readings (gaps now); ``None`` when none were.

    A file load shows the importer's warnings, this sentence among them; a provider load shows its own, so it
    adds this one, from the importer's count and in the same words.
    """
    n = channel.report.sentinels
    if not n:
        return None
    said = faults.announce_error_codes(n, channel.report.sentinel_values)
    return LoadWarning(channel.fuel, "error_codes", f"{FUEL_LABELS[channel.fuel]}: {said}")
