"""The public Prices page's operations: no household needed, only this site's feed files.

``feed_overview`` → what the feeds hold (manifest and price-cap table).
``tariff_prices`` → one tariff's recent half-hourly prices for a region;
``payload.params`` are the page's URL settings (see :mod:`pyruntime.reports.prices`),
and the reply's ``view`` is the canonical form of them.
"""

from __future__ import annotations

import datetime as dt

from ..errors import FeedUnavailable
from ..feeds.client import INDEX, feed_index, rate_files
from ..reports.prices import feed_overview as overview_model
from ..reports.prices import resolve_prices
from ..reports.prices import tariff_prices as prices_model
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


def _utc_date(t: int) -> dt.date:
    # Feed files are partitioned by UTC year.
    return dt.datetime.fromtimestamp(t, dt.UTC).date()


OPS = {"feed_overview": feed_overview, "tariff_prices": tariff_prices}
