"""What the carbon, pattern and net reports share: intensity and tariffs from the feeds, download blocks, labels.

Feeds are read through :mod:`pyruntime.feeds.client` (same-origin files,
cached per session). Download blocks name an op in
:mod:`pyruntime.ops.downloads` and carry only report settings, never data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..analysis.intensity import IntensitySeries, as_intensity, join_intensity
from ..errors import BadInput, FeedUnavailable
from ..feeds.client import REGIONS, carbon_files, feed_index
from ..feeds.tariffs import feed_tariff
from ..household import Household
from ..pricing.feed import series_fuel
from ..pricing.tariff import Tariff
from ..session import Session
from ..wording import bracketed
from . import blocks as b
from .view import View

GRID_OPERATOR = "NESO (the National Energy System Operator), Carbon Intensity API"
DEFAULT_FAMILY = {"electricity": "flexible", "gas": "flexible", "export": "outgoing_fixed"}
"""The tariff family that prices downloads and the baseload when the URL names none: a plain single rate."""


def region_name(region: str) -> str:
    return "Great Britain (national)" if region == "national" else f"{REGIONS.get(region, region)} ({region})"


def _memo_key(*parts: object) -> str:
    # Parsed feed objects are kept beside the raw files in the session's
    # cache (so ``forget`` drops them too): switching views must not re-parse
    # a year of half-hours each time.
    return "parsed:" + ":".join(str(p) for p in parts)


async def load_intensity(session: Session, region: str, national_actual: bool, first: dt.date,
                         last: dt.date) -> tuple[IntensitySeries, dict, list[str]]:
    """Half-hourly intensity [gCO2/kWh] for ``first``..``last``, what it is, and notices.

    Regional values exist only as forecasts; national ones also as actuals.
    A region the feeds lack falls back to the national forecast, with a notice.
    """
    key = _memo_key("intensity", region, national_actual, first, last)
    if key not in session.feed_cache:
        session.feed_cache[key] = await _load_intensity(session, region, national_actual, first, last)
    intensity, info, notices = session.feed_cache[key]
    return intensity, info, list(notices)


async def _load_intensity(session: Session, region: str, national_actual: bool, first: dt.date,
                          last: dt.date) -> tuple[IntensitySeries, dict, list[str]]:
    notices: list[str] = []
    kind = "forecast"
    if national_actual:
        files = await carbon_files(session, "national", first, last)
        if all(f.actual is not None for f in files):
            kind = "actual"
        else:
            notices.append("The carbon feeds have no national actual intensity for this period; "
                           "showing the national forecast instead.")
        where = "national"
    else:
        try:
            files = await carbon_files(session, region, first, last)
            where = region
        except FeedUnavailable:
            files = await carbon_files(session, "national", first, last)
            where = "national"
            notices.append(f"The carbon feeds have no values for {region_name(region)}; showing the national "
                           "forecast instead.")
    parts = [as_intensity(f.actual if kind == "actual" else f.forecast, region=where, kind=kind) for f in files
             if (f.actual if kind == "actual" else f.forecast) is not None]
    if not parts:
        raise FeedUnavailable(f"the carbon feeds hold no intensity for {region_name(where)}")
    intensity = join_intensity(parts)
    what = ("actual" if kind == "actual" else "forecast")
    info = {
        "region": where,
        "region_name": region_name(where),
        "kind": kind,
        "label": (f"Half-hourly {what} carbon intensity for {region_name(where)}, as published by the grid operator "
                  f"({GRID_OPERATOR})."
                  + (" Regional values are published only as forecasts." if where != "national" else "")),
        "sample": any(f.sample for f in files),
        "provenance": next((f.provenance for f in files if f.provenance), ""),
    }
    return intensity, info, notices


async def default_tariff_code(session: Session, fuel: str, region: str, family: str | None = None) -> str | None:
    """The feed tariff of ``family`` (default :data:`DEFAULT_FAMILY`) that prices ``fuel`` in ``region``."""
    try:
        index = await feed_index(session)
    except FeedUnavailable:
        return None
    for code, entry in sorted(index.get("tariffs", {}).items()):
        if (entry.get("family") == (family or DEFAULT_FAMILY[fuel]) and entry.get("region") == region
                and entry.get("kind") != "E-2R"  # Economy 7 needs night hours; only when asked for by code
                and series_fuel(entry.get("fuel", ""), entry.get("direction", "")) == fuel):
            return code
    return None


async def tariff_code(session: Session, wanted: str | None, fuel: str, region: str) -> str | None:
    """A feed tariff code from the URL's ``tariff``: a full code, or a family key (``agile``) in ``region``."""
    if not wanted:
        return await default_tariff_code(session, fuel, region)
    if wanted.upper() == wanted:
        return wanted
    return await default_tariff_code(session, fuel, region, family=wanted) or wanted


async def load_tariff(session: Session, code: str, fuel: str, first: dt.date, last: dt.date) -> Tariff:
    """Tariff ``code`` from the feeds, checked to price ``fuel``; :class:`ValueError` with a clear message if not.

    Parsed tariffs are shared with the cost and compare views through :mod:`pyruntime.feeds.tariffs`.
    """
    await _feed_entry(session, code, fuel)
    return await feed_tariff(session, code, first, last)


async def _feed_entry(session: Session, code: str, fuel: str) -> tuple[dict, dict]:
    """The feed index and ``code``'s entry in it, checked to price ``fuel``."""
    index = await feed_index(session)
    entry = index.get("tariffs", {}).get(code)
    if entry is None:
        raise BadInput(f"the price feeds have no tariff “{code}”")
    priced = series_fuel(entry.get("fuel", ""), entry.get("direction", ""))
    if priced != fuel:
        raise BadInput(f"{code} prices {priced} data, not {fuel}")
    return index, entry


@dataclass(frozen=True)
class TariffName:
    """What a download button, and the file it downloads, need to name a tariff, read from the feed index alone.

    assumed : priced in place of the household's own tariff, which is not known (and not chosen in the URL).
    """

    code: str
    name: str
    assumed: bool = False

    @property
    def label(self) -> str:
        """The name as every view says it: ``Flexible Octopus (assumed)`` for an assumed tariff."""
        return bracketed(self.name, "assumed") if self.assumed else self.name


async def tariff_name(session: Session, code: str, fuel: str) -> TariffName:
    """Tariff ``code``'s product name, checked to price ``fuel``, without reading its rate files."""
    index, entry = await _feed_entry(session, code, fuel)
    product = index.get("products", {}).get(entry.get("product_code", ""), {})
    return TariffName(code, product.get("full_name") or product.get("display_name") or code)


def rates_inc_vat(tariff: Tariff, start: int, count: int) -> list[float | None]:
    """Unit rate of each half-hour from ``start`` [p/kWh inc VAT]; ``None`` where unknown."""
    vat = 1 + tariff.vat_rate
    return [None if r is None else round(r * vat, 6) for r in tariff.unit_rates(start, count)]


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def days_half_hour_labels(locals_: list[str]) -> list[str]:
    """``Mon 06:30`` per half-hour of a run of days (a week), from local ISO times; each day named as in
    :func:`half_hour_labels`."""
    out: list[str] = []
    i = 0
    while i < len(locals_):
        day = locals_[i][:10]
        j = i
        while j < len(locals_) and locals_[j][:10] == day:
            j += 1
        weekday = WEEKDAYS[dt.date.fromisoformat(day).weekday()]
        out += [f"{weekday} {label}" for label in half_hour_labels(locals_[i:j])]
        i = j
    return out


def half_hour_labels(locals_: list[str]) -> list[str]:
    """``HH:MM`` per half-hour from local ISO times; ``(BST)``/``(GMT)`` where a time happens twice."""
    clock = [t[11:16] for t in locals_]
    return [c + (f" ({'BST' if t.endswith('+01:00') else 'GMT'})" if clock.count(c) > 1 else "")
            for c, t in zip(clock, locals_, strict=True)]


def period_label(view: View) -> str:
    """``All data``, ``2023``, ``Mar 2023``, ``Week of 6 Mar 2023``, ``14 Mar 2023`` or a range."""
    return view.period.label


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "table"


def file_stem(view: View) -> str:
    """``half-hourly-emissions-electricity-2023-03``: names every download of a view alike."""
    p = view.period
    period = view.day or view.month or (p.start.isoformat() if p.kind == "week" else
                                        str(p.start.year) if p.kind == "year" else
                                        f"{p.start.isoformat()}-to-{p.end.isoformat()}" if p.start else "all")
    return f"half-hourly-{view.report}-{view.fuel}-{period}"


def with_table_downloads(household: Household, view: View, blocks: list[dict]) -> list[dict]:
    """``blocks`` with a CSV download after every table (the ``download_table`` op rebuilds the view)."""
    out: list[dict] = []
    n = 0
    for block in blocks:
        out.append(block)
        if block["type"] == "table":
            out.append(b.download(f"Download “{block['title']}” as CSV", "download_table",
                                  {"source": household.source, "params": view.as_params(), "table": n},
                                  f"{file_stem(view)}-{slug(block['title'])}.csv"))
            n += 1
    return out


def data_downloads(household: Household, view: View, *, region: str | None, tariff: TariffName | None,
                   national_actual: bool = False) -> list[dict]:
    """Download blocks for the view's period: every half-hour, and every day, with price, cost and carbon.

    An assumed ``tariff`` travels as ``tariff_assumed``, so the file names it as assumed, as the button does."""
    base = {"source": household.source, "fuel": view.fuel}
    if view.get("faulty") == "include":
        base["faulty"] = "include"  # the file holds what the page shows
    if view.day:
        base["day"] = view.day
    elif view.month:
        base["month"] = view.month
    elif view.period.start is not None:
        base["from"], base["to"] = view.period.start.isoformat(), view.period.end.isoformat()
    extras = []
    if tariff is not None:
        base["tariff"] = tariff.code
        if tariff.assumed:
            base["tariff_assumed"] = True
        extras.append(f"price and cost on {tariff.label}")
    if view.fuel == "electricity" and region:
        base["region"] = region
        if national_actual:
            base["intensity"] = "national"
        extras.append(f"carbon for {region_name('national' if national_actual else region)}")
    elif view.fuel == "gas":
        extras.append("carbon at the gas emission factor")
    what = "kWh" + (", " + ", ".join(extras) if extras else "")
    stem = file_stem(view)
    return [
        b.download(f"Download every half-hour as CSV ({what})", "download_data", {**base, "grain": "half_hourly"},
                   f"{stem}-half-hourly.csv"),
        b.download(f"Download every day as CSV ({what})", "download_data", {**base, "grain": "daily"},
                   f"{stem}-daily.csv"),
    ]
