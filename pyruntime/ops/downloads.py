"""Downloads: any report table, or every half-hour / every day of a fuel, as CSV text.

Both ops answer ``{filename, mime, text}``; the page turns the text into a
file. Every text cell goes through :func:`pyruntime.fileformats.csv_export.escape_cell`,
so no cell can start a spreadsheet formula.

``download_table`` payload: ``{source, params, table}``: the report view's
URL ``params`` (rebuilt here, so the file matches the page) and which of
its tables (0 = the first). Cells that carry a number are written as that
number (never parsed from text), and their column's header names the unit:
``Total (inc VAT)`` in pounds becomes ``total_inc_vat_gbp``.

``download_data`` payload: ``{source, fuel, grain: "half_hourly"|"daily",
month?, day?, tariff?, tariff_assumed?, region?, intensity?, faulty?}``: ``tariff`` (a feed tariff
code) adds price [p/kWh inc VAT] and cost [p inc VAT], and a column naming it, "(assumed)" when
``tariff_assumed`` is true, as the page's button does; ``region`` (GSP
letter) adds electricity's carbon intensity and emissions (``intensity:
"national"`` for national actuals); gas always carries its emission factor;
``faulty: "include"`` puts back the readings set aside as meter faults.
"""

from __future__ import annotations

import datetime as dt
import re

from ..analysis.emissions import GAS_FACTOR
from ..errors import BadInput, BadRequest
from ..feeds.client import REGIONS
from ..fileformats.csv_export import daily_csv, half_hourly_csv, to_csv
from ..household import faulty
from ..present.datafiles import TariffName, load_intensity, load_tariff, rates_inc_vat, slug
from ..timeseries.aggregate import series_days
from ..timeseries.londontime import month_bounds
from ..timeseries.series import FUELS
from . import OpContext
from .core import report

MIME = "text/csv;charset=utf-8"
_MONTH = re.compile(r"^\d{4}-\d{2}$")
UNIT_NAMES = {"GBP": "gbp", "p": "p", "p/kWh": "p_per_kwh", "p/day": "p_per_day", "kWh": "kwh", "Wh": "wh",
              "kgCO2e": "kgco2e", "kgCO2e/kWh": "kgco2e_per_kwh", "gCO2/kWh": "gco2_per_kwh", "W": "w",
              "%": "percent", "half-hours": "half_hours", "days": "days", "z": "z"}
"""How each unit of a view's cells is spelt at the end of a CSV column name."""
# Unit words in a column title, dropped from the name because the suffix says them.
_UNIT_WORDS = re.compile(r"£|\bp/kWh\b|\bp/day\b|\bkWh\b|\bWh\b|kgCO2e|gCO2/kWh|\bW\b|%")


def column_name(title: str, unit: str | None) -> str:
    """A CSV column name from a column title and its cells' unit: ``Cost (£, inc VAT)`` → ``cost_inc_vat_gbp``."""
    words = re.findall(r"[a-z0-9]+", _UNIT_WORDS.sub(" ", title).lower().replace("'", "").replace("’", ""))
    name = "_".join(words) or "value"
    if not unit:
        return name
    suffix = UNIT_NAMES.get(unit, re.sub(r"[^a-z0-9]+", "_", unit.lower()).strip("_"))
    return name if name.endswith("_" + suffix) or name == suffix else f"{name}_{suffix}"


def table_csv(table: dict) -> tuple[list[str], list[list[str | int | float | None]]]:
    """A table block's header and rows for CSV: cells carrying a number give the number, others their text."""
    units: list[str | None] = [None] * len(table["columns"])
    for row in table["rows"]:
        for i, cell in enumerate(row[: len(units)]):
            if isinstance(cell, dict) and units[i] is None:
                units[i] = cell["unit"]
    header = [column_name(title, unit) for title, unit in zip(table["columns"], units, strict=True)]
    rows = [[cell["value"] if isinstance(cell, dict) else (None if cell in ("", "no data", "—") else cell)
             for cell in row] for row in table["rows"]]
    return header, rows


async def download_table(ctx: OpContext) -> dict:
    """One table of a report view as CSV."""
    params = ctx.payload.get("params")
    index = ctx.payload.get("table", 0)
    if not isinstance(params, dict):
        raise BadRequest("download_table needs the report's params")
    if isinstance(index, bool) or not isinstance(index, int):
        raise BadRequest("table must be a number")
    model = await report(OpContext(ctx.session, {"source": ctx.payload.get("source") or "demo", "params": params}))
    tables = [block for block in model["blocks"] if block["type"] == "table"]
    if not 0 <= index < len(tables):
        raise BadRequest(f"this view has {len(tables)} table(s); there is no table {index + 1}")
    table = tables[index]
    header, rows = table_csv(table)
    view = model["view"]
    period = view.get("day") or view.get("month") or view.get("week") or view.get("year") or "all"
    name = f"half-hourly-{view['report']}-{view['fuel']}-{period}-{slug(table['title'])}.csv"
    return {"filename": name, "mime": MIME, "text": to_csv(header, rows), "rows": len(rows)}


def _period(payload: dict, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date, str]:
    """The London days to export and a name for them; clipped to the data."""
    day, month = payload.get("day"), payload.get("month")
    if day:
        try:
            d = dt.date.fromisoformat(str(day))
        except ValueError:
            raise BadInput(f"“{day}” is not a date (YYYY-MM-DD)") from None
        lo = hi = d
        name = d.isoformat()
    elif month:
        if not _MONTH.match(str(month)) or not 1 <= int(str(month)[5:]) <= 12:
            raise BadInput(f"“{month}” is not a month (YYYY-MM)")
        lo, hi = month_bounds(month)
        name = month
    elif payload.get("from") and payload.get("to"):  # a week, a year or a range of days
        try:
            lo, hi = dt.date.fromisoformat(str(payload["from"])), dt.date.fromisoformat(str(payload["to"]))
        except ValueError:
            raise BadInput(f"“{payload['from']}” to “{payload['to']}” is not a period (YYYY-MM-DD)") from None
        name = f"{lo.isoformat()}-to-{hi.isoformat()}"
    else:
        return first, last, "all"
    lo, hi = max(lo, first), min(hi, last)
    if hi < lo:
        raise BadInput(f"there is no data for {name}")
    return lo, hi, name


async def download_data(ctx: OpContext) -> dict:
    """Every half-hour or every day of one fuel as CSV, with price, cost and carbon when asked."""
    p = ctx.payload
    household = ctx.session.use(p.get("source") or "demo")
    if p.get("faulty") == faulty.INCLUDE:
        household = faulty.including(household)
    fuel = p.get("fuel") or "electricity"
    if fuel not in FUELS or fuel not in household.fuels():
        raise BadRequest(f"there is no {fuel} data to download")
    grain = p.get("grain") or "half_hourly"
    if grain not in ("half_hourly", "daily"):
        raise BadRequest("grain must be half_hourly or daily")
    series = household.series[fuel]
    span = series_days(series)
    first, last, period = _period(p, *span)

    assumed = p.get("tariff_assumed", False)
    if not isinstance(assumed, bool):
        raise BadRequest("tariff_assumed must be true or false")
    prices = tariff_text = intensity = None
    if p.get("tariff"):
        tariff = await load_tariff(ctx.session, str(p["tariff"]), fuel, *span)
        prices = rates_inc_vat(tariff, series.start, len(series.values))
        # Named as the page's button names it, "(assumed)" included; the code after it, for the feeds.
        named = TariffName(tariff.code, tariff.name, assumed)
        tariff_text = f"{named.label}, code {named.code}; prices inc VAT at {tariff.vat_rate * 100:g} %"
        if tariff.sample:
            tariff_text += "; SAMPLE feed"
    if fuel == "gas":
        intensity = [GAS_FACTOR.kg_per_kwh * 1000] * len(series.values)  # [gCO2e/kWh]
    elif fuel == "electricity" and p.get("region"):
        region = str(p["region"]).upper()
        if region not in REGIONS:
            raise BadInput(f"“{p['region']}” is not a region letter (A to P, no I or O)")
        ci, _, _ = await load_intensity(ctx.session, region, p.get("intensity") == "national", *span)
        intensity = ci
    make = half_hourly_csv if grain == "half_hourly" else daily_csv
    text = make(series, prices=prices, intensity=intensity, tariff=tariff_text, first=first, last=last)
    name = f"half-hourly-{fuel}-{period}-{'half-hourly' if grain == 'half_hourly' else 'daily'}.csv"
    return {"filename": name, "mime": MIME, "text": text}


OPS = {"download_table": download_table, "download_data": download_data}
