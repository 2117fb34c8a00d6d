"""Tables as CSV text: half-hourly and daily energy, with price, cost and carbon when given.

Every cell a spreadsheet could read as a formula is defused: a *text* cell
starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
leading apostrophe (as does text already starting with one, so the escaping
can be undone exactly) (the OWASP "CSV injection" advice). Numbers are written as
plain numbers, so ``-0.5`` stays a number; only text is escaped.

Lines end in CRLF (RFC 4180). No byte-order mark is added: the page adds one
when it offers the file to spreadsheet software that needs it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..analysis.intensity import window
from ..analysis.localdays import SLOT_LABELS, SLOTS, local_days
from ..timeseries.aggregate import series_days
from ..timeseries.londontime import HALF_HOUR, day_bounds, utc_offset
from ..timeseries.series import FUEL_LABELS, Series

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def escape_cell(value: Cell) -> str | int | float:
    """A cell safe to open in a spreadsheet: numbers as they are, risky text prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    text = str(value)
    # Text that already starts with an apostrophe is prefixed too, so that
    # unescape_cell restores every text exactly.
    return "'" + text if text.startswith(_TRIGGERS) or text.startswith("'") else text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell` on a text cell read back from CSV."""
    if text.startswith("'") and text[1:].startswith((*_TRIGGERS, "'")):
        return text[1:]
    return text


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """``header`` and ``rows`` as CSV text, every cell through :func:`escape_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    for row in rows:
        writer.writerow([escape_cell(c) for c in row])
    return buf.getvalue()


def _aligned(values: Any, series: Series, start: int, end: int) -> Sequence[float | None]:
    """Half-hourly ``values`` for ``[start, end)``.

    ``values`` may have a ``window(start, end)`` method, or ``start`` and
    ``values`` attributes (intensity, rates), or be a plain sequence aligned
    with ``series.values``.
    """
    if hasattr(values, "window"):
        return values.window(start, end)
    if hasattr(values, "start") and hasattr(values, "values"):
        return window(values.start, values.values, start, end)
    if len(values) != len(series.values):
        raise ValueError("prices given as a list must have one value per half-hour of the series")
    return window(series.start, values, start, end)


def _span(series: Series, first: dt.date | None, last: dt.date | None) -> tuple[int, int, dt.date, dt.date]:
    span = series_days(series)
    if span is None:
        raise ValueError("no data to export")
    first = first or span[0]
    last = last or span[1]
    if last < first:
        raise ValueError("the last day is before the first")
    return day_bounds(first)[0], day_bounds(last)[1], first, last


@lru_cache(maxsize=4096)
def _utc_date(days: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=days)).isoformat()


def _iso_utc(t: int) -> str:
    """Same text as :func:`~pyruntime.timeseries.londontime.isoformat_utc`, without a datetime per call."""
    return f"{_utc_date(t // 86400)}T{_clock(t)}:00Z"


def _clock(t: int) -> str:
    """``HH:MM`` of ``t`` [s since the epoch, UTC]; ``t`` is always on a half-hour."""
    return SLOT_LABELS[t % 86400 // HALF_HOUR]


def _num(x: float | None, digits: int) -> float | None:
    return None if x is None else round(x, digits)


def half_hourly_csv(series: Series, *, prices: Any = None, intensity: Any = None, tariff: str | None = None,
                    first: dt.date | None = None, last: dt.date | None = None) -> str:
    """A row per half-hour between London days ``first`` and ``last`` (default: all data).

    Columns: start [UTC, ISO 8601], local date, local start time, UTC offset
    [h, 0 or 1], energy [kWh] headed by the meter ("Gas (kWh)"); with ``prices`` [p/kWh] also price and cost [p]; with
    ``intensity`` [gCO2/kWh] also intensity and emissions [gCO2e];
    with ``tariff`` a text column naming it. Missing readings are empty
    cells, never zeros.
    """
    start, end, first_day, last_day = _span(series, first, last)
    kwh = series.window(start, end)
    price = _aligned(prices, series, start, end) if prices is not None else None
    ci = _aligned(intensity, series, start, end) if intensity is not None else None
    # The energy heading names the meter, so that the file loads back as that meter's readings.
    header = ["Period start (UTC)", "Local date", "Local start time", "UTC offset (hours)",
              f"{FUEL_LABELS[series.fuel]} (kWh)"]
    if price is not None:
        header += ["Price (p/kWh)", "Cost (p)"]
    if ci is not None:
        header += ["Carbon intensity (gCO2/kWh)", "Emissions (gCO2e)"]
    if tariff is not None:
        header.append("Tariff")
    # Built column by column with comprehensions rather than a time-zone
    # conversion per row: three years of rows must stay inside the worker's
    # time budget. Only the header and the tariff are free text; dates,
    # times and numbers need no escaping. Inputs are written as given
    # (shortest round-trip form); products are rounded to drop binary noise.
    times = range(start, end, HALF_HOUR)
    dates: list[str] = []
    offsets: list[int] = []
    for ld in local_days(first_day, last_day):
        dates += [ld.day.isoformat()] * ld.count
        if ld.count == SLOTS:
            offsets += [utc_offset(ld.start)] * ld.count
        else:
            offsets += [utc_offset(ld.start + k * HALF_HOUR) for k in range(ld.count)]
    columns: list[list[Cell]] = [
        [_iso_utc(t) for t in times],
        dates,
        [SLOT_LABELS[(t + off) % 86400 // HALF_HOUR] for t, off in zip(times, offsets, strict=True)],
        [off // 3600 for off in offsets],
        kwh,
    ]
    if price is not None:
        columns += [price, [None if p is None or q is None else round(q * p, 4)
                            for q, p in zip(kwh, price, strict=True)]]
    if ci is not None:
        columns += [ci, [None if i is None or q is None else round(q * i, 3) for q, i in zip(kwh, ci, strict=True)]]
    if tariff is not None:
        columns.append([escape_cell(tariff)] * len(kwh))
    return _write(header, list(zip(*columns, strict=True)))


def _write(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """CSV text of already-safe ``rows`` (``None`` becomes an empty cell) under an escaped ``header``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in header])
    writer.writerows(rows)
    return buf.getvalue()


def daily_csv(series: Series, *, prices: Any = None, intensity: Any = None, tariff: str | None = None,
              first: dt.date | None = None, last: dt.date | None = None) -> str:
    """A row per London day: half-hours present/expected, energy [kWh], cost [p], average price [p/kWh],
    emissions [kgCO2e].

    Cost and emissions are left empty for a day where any half-hour with a
    reading lacks a price or an intensity: a partial sum would look like a
    whole one. Average price is cost ÷ kWh (volume-weighted).
    """
    _, _, first_day, last_day = _span(series, first, last)
    header = ["Local date", "Half-hours present", "Half-hours expected", "Energy (kWh)"]
    if prices is not None:
        header += ["Cost (p)", "Average price (p/kWh)"]
    if intensity is not None:
        header += ["Emissions (kgCO2e)"]
    if tariff is not None:
        header.append("Tariff")
    rows = []
    day = first_day
    while day <= last_day:
        s, e = day_bounds(day)
        kwh = series.window(s, e)
        present = [(n, q) for n, q in enumerate(kwh) if q is not None]
        total = 0.0
        for _, q in present:
            total += q
        row: list[Cell] = [day.isoformat(), len(present), len(kwh), _num(total, 6) if present else None]
        if prices is not None:
            price = _aligned(prices, series, s, e)
            cost = _weighted(present, price)
            row += [_num(cost, 4), _num(cost / total, 4) if cost is not None and total else None]
        if intensity is not None:
            grams = _weighted(present, _aligned(intensity, series, s, e))
            row.append(None if grams is None else _num(grams / 1000, 6))
        if tariff is not None:
            row.append(tariff)
        rows.append(row)
        day += dt.timedelta(days=1)
    return to_csv(header, rows)


def _weighted(present: list[tuple[int, float]], rate: list[float | None]) -> float | None:
    """Σ kWh × rate over the half-hours present; ``None`` if any lacks a rate, or none are present."""
    if not present:
        return None
    acc = 0.0
    for n, q in present:
        r = rate[n]
        if r is None:
            return None
        acc += q * r
    return acc
