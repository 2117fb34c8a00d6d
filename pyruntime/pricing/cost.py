"""The cost report: all months → one month's days → one day's half-hours, in £.

The same drill-down as the consumption report, priced: each bar is the
period's cost (revenue for export) including standing charges and VAT, with
its kWh, volume-weighted average p/kWh and, for time-of-use tariffs, the
share of kWh in each price band. The totals are the bill for the period
shown, line by line, and every report carries an assumptions block.
"""

from __future__ import annotations

import datetime as dt

from ..analysis.consumption import day_label
from ..present.period import Period
from ..present.view import View
from ..timeseries.aggregate import daily_totals, series_days
from ..timeseries.londontime import HALF_HOUR, MONTH_NAMES, day_bounds, isoformat_local, isoformat_utc, wall_clock_label
from ..timeseries.series import FUEL_LABELS, Series
from .bill import bill
from .history import Pricing, TariffHistory
from .money import ROUNDING, add_up, kwh, p_per_kwh, pence, pounds
from .period import prepare, price_period
from .price import price_series
from .standing import standing_by_day


def cost_report(series: Series, pricing: Pricing, view: View, *, gas_conversion: str | None = None) -> dict:
    """Cost of ``view``'s level of ``series`` under ``pricing`` [£, inc VAT].

    By ``view.period.level``: ``all`` (all the data, a year, a long range): one
    bar per month [£]; ``month`` (a month, a week, a range of days): one bar
    per day [£]; ``day``: one bar per half-hour, energy only [p].
    ``gas_conversion`` describes how gas volumes became kWh, for the
    assumptions block.
    """
    span = series_days(series)
    if span is None:
        raise ValueError(f"no {FUEL_LABELS[series.fuel].lower()} data")
    period = view.period
    first, last = period.bounds(*span)
    level, label = period.level, period.label
    if level == "day":
        last = first
        bars = _half_hour_bars(series, pricing, first)
        measure, unit = "Half-hourly energy cost", "p"
    elif level == "month":
        bars = _day_bars(series, pricing, first, last, period)
        measure, unit = "Daily cost", "£"
    else:
        bars = _month_bars(series, pricing, first, last)
        measure, unit = "Monthly cost", "£"
    export = series.fuel == "export"
    totals = bill(series, pricing, first, last)
    if export:
        measure = measure.replace("cost", "revenue")
    return {
        "report": "cost",
        "fuel": series.fuel,
        "fuel_label": FUEL_LABELS[series.fuel],
        "kind": "revenue" if export else "cost",
        "unit": "£",
        "level": level,
        "label": label,
        "view": {**view.as_params(), "report": "cost"},
        "measure": measure,
        "bar_unit": unit,
        "bars": bars,
        "totals": totals.as_json(),
        "assumptions": _assumptions(pricing, totals, series.fuel, first, last, gas_conversion),
        "rounding": ROUNDING,
    }


def _shares(band_kwh: dict[str, float] | None) -> list[dict] | None:
    if not band_kwh or len(band_kwh) < 2:
        return None
    total = add_up(band_kwh.values())
    return [{"band": b, "kwh": kwh(q), "share": round(q / total, 4) if total else None} for b, q in band_kwh.items()]


def _band_kwh(labels, kwhs, costs, lo: int, hi: int) -> dict[str, float] | None:
    if labels is None:
        return None
    out: dict[str, float] = {}
    for i in range(lo, hi):
        if costs[i] is not None and labels[i] is not None:
            out[labels[i]] = out.get(labels[i], 0.0) + kwhs[i]
    return out


def _bar(key, label, energy, priced_kwh, standing, vat_rate, present, expected, missing_rates, bands, drill):
    sub = energy + (standing or 0.0)
    total = sub + sub * vat_rate
    avg = energy / priced_kwh if priced_kwh else None
    return {
        "key": key,
        "label": label,
        "value": pounds(total) if present else None,
        "gbp_inc_vat": pounds(total),
        "energy_gbp_inc_vat": pounds(energy * (1 + vat_rate)),
        "standing_gbp_inc_vat": None if standing is None else pounds(standing * (1 + vat_rate)),
        "kwh": kwh(priced_kwh),
        "average_p_per_kwh_inc_vat": None if avg is None else p_per_kwh(avg * (1 + vat_rate)),
        "band_shares": _shares(bands),
        "present": present,
        "expected": expected,
        "missing_rates": missing_rates,
        "complete": present == expected and not missing_rates and standing is not None,
        "drill": drill,
    }


def _month_bars(series: Series, pricing: Pricing, first: dt.date, last: dt.date) -> list[dict]:
    prep = prepare(series, first, last)
    cost = price_period(prep, pricing)  # the comparison's numbers, to the bit
    hh = price_series(series, pricing, prep.start, prep.start + prep.count * HALF_HOUR)
    labels = pricing.band_labels(prep.start, prep.count)
    charges = standing_by_day(pricing, prep.days)
    bars = []
    for i, (m, (lo, hi)) in enumerate(zip(prep.months, prep.month_slices, strict=True)):
        y, mm = m.key.split("-")
        a, b = prep.month_days[i]
        standing = None if None in charges[a:b] else cost.month_standing[i]
        bars.append(_bar(m.key, f"{MONTH_NAMES[int(mm) - 1]} {y}", cost.month_energy[i], cost.month_priced_kwh[i],
                         standing, cost.vat_rate, m.present, m.expected, cost.month_missing_rates[i],
                         _band_kwh(labels, hh.kwh, hh.costs, lo, hi), True))
    return bars


def _day_bars(series: Series, pricing: Pricing, first: dt.date, last: dt.date, period: Period) -> list[dict]:
    start = day_bounds(first)[0]
    days = daily_totals(series, first, last)
    count = sum(d.expected for d in days)
    hh = price_series(series, pricing, start, start + count * HALF_HOUR)
    labels = pricing.band_labels(start, count)
    bars = []
    i = start
    lo = 0
    day_list = []
    for d in days:
        day_list.append((d.day, i))
        i += d.expected * HALF_HOUR
    charges = standing_by_day(pricing, day_list)
    for d, charge in zip(days, charges, strict=True):
        hi = lo + d.expected
        costs = [c for c in hh.costs[lo:hi] if c is not None]
        priced_kwh = add_up(q for q, c in zip(hh.kwh[lo:hi], hh.costs[lo:hi], strict=True) if c is not None)
        missing_rates = sum(1 for q, r in zip(hh.kwh[lo:hi], hh.rates[lo:hi], strict=True)
                            if q is not None and r is None)
        bars.append(_bar(d.day.isoformat(), day_label(d.day, period), add_up(costs),
                         priced_kwh, None if charge is None else charge[1], pricing.vat_rate, d.present,
                         d.expected, missing_rates, _band_kwh(labels, hh.kwh, hh.costs, lo, hi), True))
        lo = hi
    return bars


def _half_hour_bars(series: Series, pricing: Pricing, day: dt.date) -> list[dict]:
    start, end = day_bounds(day)
    hh = price_series(series, pricing, start, end)
    labels = pricing.band_labels(start, len(hh.kwh))
    vat = 1 + pricing.vat_rate
    bars = []
    for i, (q, r, c) in enumerate(zip(hh.kwh, hh.rates, hh.costs, strict=True)):
        t = start + i * HALF_HOUR
        bars.append({
            "key": isoformat_utc(t),
            "label": wall_clock_label(t),
            "value": None if c is None else pence(c * vat),
            "p_inc_vat": None if c is None else pence(c * vat),
            "kwh": kwh(q),
            "p_per_kwh_inc_vat": None if r is None else p_per_kwh(r * vat),
            "band": None if labels is None else labels[i],
            "missing": hh.why_missing(i),
            "present": int(q is not None),
            "expected": 1,
            "complete": c is not None,
            "drill": False,
        })
    return bars


def half_hour_prices(series: Series, pricing: Pricing, first: dt.date, last: dt.date) -> list[dict]:
    """Each half-hour from London day ``first`` to ``last``: its kWh and the unit rate then [p/kWh inc VAT].

    For drawing use over price; ``None`` where there is no reading or no rate.
    """
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    hh = price_series(series, pricing, start, end)
    vat = 1 + pricing.vat_rate
    return [{"key": isoformat_utc(start + i * HALF_HOUR), "local": isoformat_local(start + i * HALF_HOUR),
             "kwh": kwh(q), "p_per_kwh_inc_vat": None if r is None else p_per_kwh(r * vat)}
            for i, (q, r) in enumerate(zip(hh.kwh, hh.rates, strict=True))]


def _assumptions(pricing: Pricing, totals, fuel: str, first: dt.date, last: dt.date, gas: str | None) -> dict:
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    if isinstance(pricing, TariffHistory):
        used = [(lo, hi, t) for lo, hi, t in pricing.segments(start, end)]
    else:
        used = [(start, end, pricing)]
    tariffs = [
        {**t.describe(), "priced_from": isoformat_utc(lo), "priced_to": isoformat_utc(hi)} for lo, hi, t in used
    ]
    sources = {"hand" if t.source == "hand" else "sample feed" if t.sample else "live feed" for _, _, t in used}
    vat = pricing.vat_rate
    return {
        "tariffs": tariffs,
        "regions": sorted({t.region for _, _, t in used if t.region}),
        "vat": "No VAT on export payments." if fuel == "export"
        else f"VAT at {vat * 100:g}% on energy and standing charges together.",
        "standing_charges": [
            {"tariff_code": ln.tariff_code, "from": ln.first_day.isoformat(), "to": ln.last_day.isoformat(),
             "p_per_day_inc_vat": p_per_kwh(ln.p_per_day * (1 + vat))}
            for ln in totals.standing_lines
        ],
        "missing_data": {
            "half_hours_without_reading": totals.missing_readings,
            "half_hours_without_rate": totals.missing_rates,
            "days_without_standing_charge": totals.days_without_standing,
        },
        "feeds": sorted(sources),
        "sample_note": "Sample feeds are bundled, partly synthesised prices: good for trying the site, "
        "not for your real bill." if "sample feed" in sources else None,
        "gas_conversion": (gas or "gas readings are taken as kWh as supplied") if fuel == "gas" else None,
        "method": "Costs use your recorded half-hours; gaps are left out, never filled.",
    }
