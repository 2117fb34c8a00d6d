"""The week ahead on the Prices page: published Agile prices, a forecast beyond them, and its accuracy.

PURE: takes the manifest, the region's forecast document (``forecast/{region}.json``),
the accuracy document (``forecast/accuracy.json``), the region's published Agile rate
files and the clock, and returns a view model for ``render.mjs``. I/O lives in
:mod:`pyruntime.ops.prices`. The forecast is someone else's (AgilePredict), credited on
the page; where it is missing or old the page says so and still shows what is published.

"Cheapest 3 hours" is, for each London day, the six consecutive half-hours within that day
with the lowest mean price, using the published price where it exists and the forecast
elsewhere (the table says which). Only hours still to come count: today's row starts at the
page's clock (on the sample feeds, the forecast's own time) and says so ("Mon 25 Dec (from 18:30)").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..feeds.client import REGIONS
from ..feeds.files import RateFile
from ..present import blocks as b
from ..timeseries import londontime as lt

HALF_HOUR = 1800
STALE_HOURS = 36  # forecasts land nightly; older than this, the page warns
BLOCK_SLOTS = 6  # 3 hours
DAYS_AHEAD = 7
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class ForecastSlot:
    """One half-hour of the forecast [p/kWh inc VAT]; the band is absent where the source gives none."""

    predicted_p_per_kwh: float
    low_p_per_kwh: float | None
    high_p_per_kwh: float | None


@dataclass(frozen=True, slots=True)
class CheapestBlock:
    """A London day's cheapest three consecutive hours (``start_s`` UTC seconds; none when the day lacks prices)."""

    day: dt.date
    start_s: int | None
    mean_p_per_kwh: float | None
    basis: Literal["published", "forecast", "both", "no prices", "under 3 hours left"]


def _instant(text: str | None) -> int | None:
    if not text:
        return None
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def _slot_label(local: dt.datetime) -> str:
    """A half-hour on the chart's axis as people read it ("Sun 17 Dec 00:00"): the chart spans two weeks, so a
    weekday alone would be ambiguous and an ISO stamp is hard to read."""
    return f"{WEEKDAYS[local.weekday()]} {local.day} {lt.MONTH_NAMES[local.month - 1]} {local:%H:%M}"


def _when(t: int) -> str:
    d = lt.local_datetime(t)
    return f"{d.day} {lt.MONTH_NAMES[d.month - 1]} {d.year} {d:%H:%M}"


def published_prices(files: Sequence[RateFile]) -> dict[int, float]:
    """Half-hour start [s, UTC] -> published Agile price [p/kWh inc VAT], later files winning."""
    out: dict[int, float] = {}
    for f in files:
        if f.standard is None:
            continue
        s = f.standard.inc_vat
        out.update({s.start + i * s.step_seconds: v for i, v in enumerate(s.values) if v is not None})
    return out


def forecast_slots(doc: dict[str, Any] | None) -> dict[int, ForecastSlot]:
    """Half-hour start [s, UTC] -> its forecast, from a forecast document (empty when none)."""
    if not doc:
        return {}
    start = _instant(doc.get("start"))
    if start is None:
        return {}
    out = {}
    for i, p in enumerate(doc.get("predicted") or []):
        if isinstance(p, int | float):
            lo, hi = (doc.get(k) or [None] * (i + 1) for k in ("low", "high"))
            out[start + i * HALF_HOUR] = ForecastSlot(float(p), lo[i] if i < len(lo) else None,
                                                      hi[i] if i < len(hi) else None)
    return out


def cheapest_blocks(published: dict[int, float], forecast: dict[int, ForecastSlot], first_day: dt.date,
                    days: int = DAYS_AHEAD, earliest_s: int | None = None) -> tuple[CheapestBlock, ...]:
    """For each London day from ``first_day``, its cheapest 3 consecutive hours (published price first),
    starting no earlier than ``earliest_s`` [UTC s]: hours already gone are no use to plan around."""
    out = []
    for k in range(days):
        day = first_day + dt.timedelta(days=k)
        a, z = lt.day_bounds(day)
        prices: list[tuple[float, str] | None] = []
        for s in range(a, z, HALF_HOUR):
            if s in published:
                prices.append((published[s], "published"))
            elif s in forecast:
                prices.append((forecast[s].predicted_p_per_kwh, "forecast"))
            else:
                prices.append(None)
        best: tuple[float, int, set[str]] | None = None
        for i in range(len(prices) - BLOCK_SLOTS + 1):
            window = prices[i:i + BLOCK_SLOTS]
            if earliest_s is not None and a + i * HALF_HOUR < earliest_s:
                continue
            if any(p is None for p in window):
                continue
            mean = sum(p[0] for p in window if p) / BLOCK_SLOTS
            if best is None or mean < best[0]:
                best = (mean, a + i * HALF_HOUR, {p[1] for p in window if p})
        if best is None and earliest_s is not None and z - earliest_s < BLOCK_SLOTS * HALF_HOUR:
            out.append(CheapestBlock(day, None, None, "under 3 hours left"))  # late in the day, not a gap
        elif best is None:
            out.append(CheapestBlock(day, None, None, "no prices"))
        else:
            basis = "published" if best[2] == {"published"} else "forecast" if best[2] == {"forecast"} else "both"
            out.append(CheapestBlock(day, best[1], best[0], basis))
    return tuple(out)


def week_ahead(region: str, index: dict[str, Any], forecast: dict[str, Any] | None, accuracy: dict[str, Any] | None,
               agile_files: Sequence[RateFile], now: int) -> dict[str, Any]:
    """The week-ahead view model for ``region``."""
    name = REGIONS.get(region, region)
    sample = bool(index.get("sample"))
    published = published_prices(agile_files)
    fc = forecast_slots(forecast)
    notes: list[str] = []
    blocks: list[dict[str, Any]] = []
    created = _instant((forecast or {}).get("created_at"))
    stale = not sample and created is not None and now - created > STALE_HOURS * 3600
    if forecast is None:
        notes.append("No forecast is available for this region: the feeds hold none, or it could not be read. "
                     "Published prices are shown alone.")
    else:
        notes.append(str(forecast.get("credit") or ""))
        if sample:
            notes.append("SAMPLE: this forecast and its accuracy are made up from the sample's Agile prices so the "
                         "page works offline; they are not AgilePredict's.")
        elif stale:
            notes.append(f"This forecast is stale: it was made on {_when(created)}, more than {STALE_HOURS} hours "
                         "ago. The nightly job could not fetch a newer one.")
    if not published and not fc:
        blocks.append(b.text("The week ahead", ["The feeds hold no Agile prices or forecast for this region."], "warn"))
        return {"title": f"The week ahead: Agile Octopus, {name}", "subtitle": "", "blocks": blocks,
                "view": {"region": region}}
    # From the start of the forecast's day (else the last published day) to the forecast's end. Published
    # prices count up to the end of the day after it, as Agile's are by then (the sample holds more). A stale
    # forecast does not hold the view back on its own day: today's prices lead, and what is left of it follows.
    anchor = now if stale else created if created is not None else max(published, default=now)
    first = lt.day_start(lt.local_date(anchor))
    cutoff = lt.day_start(lt.local_date(anchor) + dt.timedelta(days=2))
    published = {s: v for s, v in published.items() if first - 7 * 86400 <= s < cutoff}
    fc = {s: v for s, v in fc.items() if s >= first}
    if not published and not fc:
        blocks.append(b.text("The week ahead", ["The feeds hold no recent Agile prices or forecast for this region.",
                                                *(n for n in notes if n.startswith("This forecast is stale"))], "warn"))
        return {"title": f"The week ahead: Agile Octopus, {name}", "subtitle": "", "blocks": blocks,
                "view": {"region": region}}
    end = max(max(fc) + HALF_HOUR if fc else 0, max(published) + HALF_HOUR if published else 0)
    slots = list(range(first, end, HALF_HOUR))
    labels = [_slot_label(lt.local_datetime(s)) for s in slots]
    series = [
        {"name": "Published Agile price", "values": [published.get(s) for s in slots], "style": "solid"},
        {"name": "Forecast", "values": [None if s in published or s not in fc else fc[s].predicted_p_per_kwh
                                        for s in slots], "style": "dashed"},
        {"name": "Forecast low", "values": [None if s in published or s not in fc else fc[s].low_p_per_kwh
                                            for s in slots], "style": "dotted"},
        {"name": "Forecast high", "values": [None if s in published or s not in fc else fc[s].high_p_per_kwh
                                             for s in slots], "style": "dotted"},
    ]
    blocks.append(b.lines("Agile prices: published, then forecast", "p/kWh", labels, series,
                          caption="p/kWh inc VAT by half-hour, London time. The central forecast never predicts "
                                  "negative prices and understates swings; the band (low to high) widens with lead "
                                  "time, and its low edge can dip below zero, as Agile prices can."))
    rows = []
    # Hours already gone are not offered: from the next half-hour of the page's clock, or on the sample (whose
    # days are long past) of the forecast's own time, as if the page were read when it was made.
    clock = created if sample else now
    earliest = None if clock is None else -(-clock // HALF_HOUR) * HALF_HOUR
    for cheap in cheapest_blocks(published, fc, lt.local_date(anchor), earliest_s=earliest):
        day, start = cheap.day, cheap.start_s
        when = "—" if start is None else f"{lt.local_datetime(start):%H:%M}–{lt.local_datetime(start + 3 * 3600):%H:%M}"
        label = f"{WEEKDAYS[day.weekday()]} {day.day} {lt.MONTH_NAMES[day.month - 1]}"
        if earliest is not None and lt.day_start(day) < earliest < lt.day_start(day + dt.timedelta(days=1)):
            label += f" (from {lt.local_datetime(earliest):%H:%M})"
        rows.append([label, when, b.amount(cheap.mean_p_per_kwh, 2, "p/kWh", "p"), cheap.basis])
    # Compact: four short columns a phone shows whole, "Based on" (how far to trust a row) never scrolled away.
    blocks.append(b.table("The cheapest 3 hours in each of the next 7 days", ["Day", "London time",
                          "Mean price (inc VAT)", "Based on"], rows, open=True, compact=True))
    blocks.append(_accuracy_block(region, accuracy))
    blocks.append(b.text("About this forecast", [n for n in notes if n],
                         "warn" if forecast is None or any(n.startswith(("This forecast is stale", "SAMPLE"))
                                                           for n in notes) else "info"))
    subtitle = (f"Forecast made {_when(created)}; published prices to {_when(max(published) + HALF_HOUR)}"
                if created is not None and published else "")
    return {"title": f"The week ahead: Agile Octopus, {name}", "subtitle": subtitle, "blocks": blocks,
            "view": {"region": region}}


def _accuracy_block(region: str, accuracy: dict[str, Any] | None) -> dict[str, Any]:
    rows_in = ((accuracy or {}).get("regions") or {}).get(region) or []
    if not rows_in:
        return b.text("Forecast accuracy", ["Not measured yet: accuracy needs forecasts kept for a few nights and "
                                            "the Agile prices published since."])
    by = {(r.get("window_days"), r.get("lead")): r for r in rows_in if isinstance(r, dict)}
    rows = []
    for lead in (accuracy or {}).get("buckets") or sorted({r.get("lead") for r in rows_in}):
        row: list[Any] = [f"{lead} ahead"]
        for window in (30, 90):
            r = by.get((window, lead)) or {}
            mae, slots = r.get("mae_p_per_kwh"), r.get("slots", 0)
            slots = slots if type(slots) is int else 0  # a count, or none measured
            # "2,023", not "2023": a count of half-hours must not read like a year.
            row += [b.amount(mae, 2, "p/kWh", "p"), b.cell(f"{slots:,}", slots, "half-hours")]
        rows.append(row)
    note = "sample, " if (accuracy or {}).get("sample") else ""
    return b.table(f"Forecast accuracy: mean absolute error by lead time ({note}p/kWh inc VAT)",
                   ["Lead time", "Last 30 days", "Half-hours", "Last 90 days", "Half-hours"], rows, open=True)
