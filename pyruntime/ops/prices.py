"""The public Prices page's operations: no household needed, only this site's feed files.

``feed_overview`` → what the feeds hold (manifest and price-cap table).
``week_ahead`` → published Agile prices, the forecast beyond them and its accuracy for
``payload.params.region`` (see :mod:`pyruntime.reports.week_ahead`);
``tariff_prices`` → one tariff's recent half-hourly prices for a region;
``payload.params`` are the page's URL settings (see :mod:`pyruntime.reports.prices`),
and the reply's ``view`` is the canonical form of them.
"""

from __future__ import annotations

import datetime as dt
import time

from ..errors import FeedUnavailable
from ..feeds.client import INDEX, feed_index, rate_files
from ..reports.prices import feed_overview as overview_model
from ..reports.prices import resolve_prices, resolve_region
from ..reports.prices import tariff_prices as prices_model
from ..reports.week_ahead import STALE_HOURS
from ..reports.week_ahead import week_ahead as week_ahead_model
from ..session import Session
from ..timeseries import londontime as lt
from . import OpContext


async def _price_cap(session: Session, index: dict) -> dict | None:
    """The price-cap document, or None when the manifest names none or it cannot be fetched."""
    path = (index.get("price_cap") or {}).get("path") or index.get("paths", {}).get("price_cap")
    if not path:
        return None
    try:
        return await session.feed_json(INDEX.rsplit("/", 1)[0] + "/" + path)
    except FeedUnavailable:
        return None


async def feed_overview(ctx: OpContext) -> dict:
    index = await feed_index(ctx.session)
    return overview_model(index, await _price_cap(ctx.session, index))


async def tariff_prices(ctx: OpContext) -> dict:
    index = await feed_index(ctx.session)
    params = {k: str(v) for k, v in (ctx.payload.get("params") or {}).items() if v is not None}
    view, notices = resolve_prices(params, index)
    # A London day can start on the previous UTC day (BST), so ask for the years of the UTC span.
    first_t, end_t = lt.day_start(view.first_day), lt.day_bounds(view.day)[1]
    files = await rate_files(ctx.session, view.tariff_code, _utc_date(first_t), _utc_date(end_t - lt.HALF_HOUR))
    model = prices_model(view, index, files, await _price_cap(ctx.session, index))
    model["notices"] = notices
    return model


async def _optional_json(session: Session, path: str | None) -> dict | None:
    if not path:
        return None
    try:
        doc = await session.feed_json(INDEX.rsplit("/", 1)[0] + "/" + path)
    except FeedUnavailable:
        return None
    return doc if isinstance(doc, dict) else None


async def week_ahead(ctx: OpContext) -> dict:
    index = await feed_index(ctx.session)
    params = ctx.payload.get("params") or {}
    # The same region as the page's tariff part, so one region is shown throughout and one notice says why.
    region, notices = resolve_region(str(params.get("region") or ""), index)
    meta = (index.get("forecast") or {}).get("regions", {}).get(region) or {}
    forecast = await _optional_json(ctx.session, meta.get("path"))
    accuracy = await _optional_json(ctx.session, (index.get("forecast") or {}).get("accuracy_path"))
    created = forecast.get("created_at") if forecast else None
    now = int(time.time())
    # The prices around the forecast's day; a real feed's stale forecast (see the report) gives way to today's.
    fresh = created and (index.get("sample") or now - _instant(created) <= STALE_HOURS * 3600)
    anchor = _instant(created) if fresh else now
    agile = sorted((c for c, t in index.get("tariffs", {}).items() if t.get("family") == "agile"
                    and t.get("region") == region and t.get("kind") == "E-1R"),
                   key=lambda c: (index["tariffs"][c].get("coverage") or {}).get("end") or "")
    files = []
    if agile:
        day = _utc_date(anchor)
        try:
            files = await rate_files(ctx.session, agile[-1], day - dt.timedelta(days=8), day + dt.timedelta(days=2))
        except FeedUnavailable:
            files = []
    model = week_ahead_model(region, index, forecast, accuracy, files, now)
    model["notices"] = notices
    return model


def _instant(text: str) -> int:
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def _utc_date(t: int) -> dt.date:
    # Feed files are partitioned by UTC year.
    return dt.datetime.fromtimestamp(t, dt.UTC).date()


OPS = {"feed_overview": feed_overview, "tariff_prices": tariff_prices, "week_ahead": week_ahead}
