"""The profile report: when in the day a home uses energy, and what stands out.

Average day by weekday/weekend and season against a typical home, the
load-distribution view, baseload with its yearly cost (electricity), the
overnight-minimum check (gas), and unusual days. The date × half-hour
heatmap is its own report (:func:`heatmap_report`): it is large, and only the
heatmap view needs it.
"""

from __future__ import annotations

from ..timeseries.aggregate import daily_totals, series_days
from ..timeseries.series import FUEL_LABELS, Series
from . import anomalies, baseload, overnight_gas
from .domestic_profile import SOURCE as PROFILE_SOURCE
from .localdays import SLOT_LABELS, SLOTS
from .profiles import average_days, load_distribution
from .slotgrid import slot_grid

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

CLOCK_CHANGE_NOTE = ("Times are London wall-clock. On the day clocks go forward, 01:00–02:00 does not exist and "
                     "adds nothing; on the day they go back it happens twice and its two readings are averaged.")


def profile_report(series: Series, *, price_p_per_kwh: float | None = None) -> dict:
    """Patterns in ``series``: average days, load distribution, baseload or gas check, unusual days.

    ``price_p_per_kwh`` [p/kWh, inc VAT] prices the baseload's yearly cost.
    """
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    rows = slot_grid(series, *span)
    days = daily_totals(series, *span)
    report = {
        "report": "profile",
        "fuel": series.fuel,
        "fuel_label": FUEL_LABELS[series.fuel],
        "unit": "kWh",
        "first_day": span[0].isoformat(),
        "last_day": span[1].isoformat(),
        "slot_labels": list(SLOT_LABELS),
        "clock_change_note": CLOCK_CHANGE_NOTE,
        "average_day": _average_day(rows),
        "load_distribution": _load_distribution(series.values),
        "unusual_days": _unusual(days),
        "baseload": None,
        "overnight_gas": None,
    }
    if series.fuel == "electricity":
        report["baseload"] = _baseload(rows, price_p_per_kwh)
    elif series.fuel == "gas":
        report["overnight_gas"] = _overnight(rows, price_p_per_kwh)
    return report


def _average_day(rows: list) -> dict:
    return {
        "typical_source": PROFILE_SOURCE,
        "typical_method": "A typical home's daily shape for the same days, scaled to your average day's total.",
        "groups": [
            {
                "key": g.key,
                "label": g.label,
                "days": g.days,
                "kwh": [_r(v) for v in g.kwh],
                "typical_kwh": [_r(v) for v in g.typical_kwh],
                "count": list(g.count),
                "total_kwh": _r(sum(v for v in g.kwh if v is not None)) if g.days else None,
            }
            for g in average_days(rows)
        ],
    }


def _load_distribution(values) -> dict:
    buckets = load_distribution(values)
    return {
        "method": "All half-hours with a reading, ranked by use and cut into 20 equal-count buckets, highest first.",
        "buckets": [
            {
                "rank": b.rank,
                "label": f"Top {5 * (b.rank - 1)}–{5 * b.rank} %",
                "count": b.count,
                "min_kwh": _r(b.min_kwh),
                "max_kwh": _r(b.max_kwh),
                "kwh": _r(b.kwh),
                "share_percent": round(b.share * 100, 2),
            }
            for b in buckets
        ],
    }


def _baseload(rows: list, price: float | None) -> dict | None:
    b = baseload.baseload(rows)
    if b is None:
        return None
    return {
        "watts": round(b.watts, 1),
        "days": b.days,
        "kwh_per_year": round(b.kwh_per_year, 1),
        "price_p_per_kwh": price,
        "cost_per_year_gbp": None if price is None else round(b.kwh_per_year * price / 100, 2),
        "monthly": [{"month": m, "watts": round(w, 1), "days": n} for m, w, n in b.monthly],
        "method": ("Each night, the mean of the three lowest half-hours between 00:00 and 05:00 (needs six "
                   "readings); the median over all nights, as power. Running all year at that power gives the "
                   "yearly energy and cost."),
    }


def _overnight(rows: list, price: float | None) -> dict:
    c = overnight_gas.overnight_check(rows)
    flow = c.typical_kwh
    kwh_day = None if flow is None else flow * 48
    return {
        "status": c.status,
        "flag": c.status == "possible_continuous_flow",
        "nights": c.nights,
        "nights_flowing": c.flowing,
        "share_percent": None if c.share is None else round(c.share * 100, 1),
        "first_night": c.first_night,
        "last_night": c.last_night,
        "typical_flow": None if flow is None else {
            "kwh_per_half_hour": _r(flow),
            "watts": round(flow * 2000, 1),
            "kwh_per_day": round(kwh_day, 3),
            "m3_per_hour": round(flow * 2 / overnight_gas.KWH_PER_M3, 4),
            "cost_per_year_gbp": None if price is None else round(kwh_day * 365.25 * price / 100, 2),
        },
        "thresholds": {
            "window": "01:00–05:00",
            "min_flow_kwh": overnight_gas.FLOW_THRESHOLD_KWH,
            "flag_share_percent": overnight_gas.FLAG_SHARE * 100,
            "recent_nights": overnight_gas.RECENT_NIGHTS,
            "min_nights": overnight_gas.MIN_NIGHTS,
        },
        "advice": ("Gas used between 01:00 and 05:00 on most nights can be a pilot light, frost protection or "
                   "a leak. If you smell gas, call the National Gas Emergency Service on 0800 111 999."),
    }


def _unusual(days: list) -> dict:
    found, scored = anomalies.unusual_days(days)
    return {
        "method": (f"Each complete day against complete days on the same weekday within "
                   f"{anomalies.WINDOW_DAYS // 7} weeks either side: robust z = 0.6745 × (kWh − median) ÷ MAD; "
                   f"|z| > {anomalies.THRESHOLD} is unusual."),
        "days_scored": scored,
        "days": [
            {
                "day": u.day.isoformat(),
                "weekday": WEEKDAYS[u.day.weekday()],
                "kwh": _r(u.kwh),
                "norm_kwh": _r(u.norm_kwh),
                "z": round(u.z, 2),
                "direction": u.direction,
                "neighbours": u.neighbours,
            }
            for u in found
        ],
    }


def heatmap_report(series: Series) -> dict:
    """Date × half-hour heatmap: a row per London day, 48 wall-clock columns.

    ``values`` is row-major, ``rows × 48`` long, in whole watt-hours [Wh] or
    ``null`` (no reading, or no such time that day) — integers keep the
    payload small; the meter's resolution is 1 Wh, so nothing is lost except
    on the clocks-back hour, whose two readings are averaged.
    """
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    rows = slot_grid(series, *span)
    values: list[int | None] = []
    top = 0
    for row in rows:
        for v in row.cells:
            if v is None:
                values.append(None)
            else:
                wh = round(v * 1000)
                values.append(wh)
                top = max(top, wh)
    return {
        "report": "heatmap",
        "fuel": series.fuel,
        "fuel_label": FUEL_LABELS[series.fuel],
        "unit": "Wh",
        "first_day": span[0].isoformat(),
        "last_day": span[1].isoformat(),
        "rows": len(rows),
        "columns": SLOTS,
        "column_labels": list(SLOT_LABELS),
        "max": top,
        "values": values,
        "clock_changes": [{"day": r.day.isoformat(), "half_hours": r.local.count}
                          for r in rows if r.local.count != SLOTS],
        "clock_change_note": CLOCK_CHANGE_NOTE,
    }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)
