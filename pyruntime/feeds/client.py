"""Fetch just the feed files a report needs, from this site, once per session.

The feeds (``feeds/v1/``, see feeds/README.md) are partitioned by tariff code
or carbon region and by calendar year; a report over 2023 for region C reads
only the 2023 files it names. :meth:`Session.feed_json` caches each file for
the session, so switching reports never downloads a file twice.
"""

from __future__ import annotations

import datetime as dt

from ..errors import FeedUnavailable
from ..household import Household
from ..session import Session
from .files import CarbonFile, RateFile, parse_carbon_file, parse_rate_file

INDEX = "feeds/v1/index.json"
REGIONS = {
    "A": "Eastern England", "B": "East Midlands", "C": "London", "D": "Merseyside and North Wales",
    "E": "West Midlands", "F": "North East England", "G": "North West England", "H": "Southern England",
    "J": "South East England", "K": "South Wales", "L": "South West England", "M": "Yorkshire",
    "N": "South Scotland", "P": "North Scotland",
}
"""GSP group letters (Octopus tariff-code suffixes) and their names; there is no I or O."""
DEFAULT_REGION = "C"


async def feed_index(session: Session) -> dict:
    """The feed manifest: families, products, tariffs with coverage, carbon regions, sample flag."""
    return await session.feed_json(INDEX)


def _years(first: dt.date, last: dt.date) -> range:
    return range(first.year, last.year + 1)


async def _year_paths(session: Session, section: str, key: str, first: dt.date, last: dt.date) -> list[str]:
    """Paths of ``section``'s files for ``key`` (a tariff code or region) in each year the feeds hold."""
    index = await feed_index(session)
    entry = index.get(section, {}).get(key)
    if entry is None:
        what = "price feeds have no tariff" if section == "tariffs" else "carbon feeds have no region"
        raise FeedUnavailable(f"the {what} {key}")
    template = index["paths"]["tariff" if section == "tariffs" else "carbon"]
    paths = [
        "feeds/v1/" + template.format(tariff_code=key, region=key, year=y)
        for y in _years(first, last)
        if str(y) in entry.get("years", {})
    ]
    if not paths:
        what = "prices for" if section == "tariffs" else "carbon intensity for region"
        raise FeedUnavailable(f"the feeds have no {what} {key} between {first} and {last}")
    return paths


async def rate_files(session: Session, tariff_code: str, first: dt.date, last: dt.date) -> list[RateFile]:
    """Parsed rate files of ``tariff_code`` for each calendar year from ``first`` to ``last`` that the feeds hold.

    Raises :class:`FeedUnavailable` when the feeds hold no year of it at all.
    """
    paths = await _year_paths(session, "tariffs", tariff_code, first, last)
    return [parse_rate_file(await session.feed_json(p)) for p in paths]


async def carbon_files(session: Session, region: str, first: dt.date, last: dt.date) -> list[CarbonFile]:
    """Parsed carbon-intensity files of ``region`` (a GSP letter or ``"national"``) for the years spanned."""
    paths = await _year_paths(session, "carbon", region, first, last)
    return [parse_carbon_file(await session.feed_json(p)) for p in paths]


def resolve_region(params: dict[str, str], household: Household) -> tuple[str, list[str]]:
    """The GSP region letter a report should use, and a notice when the URL's had to change.

    The URL's ``region`` wins (a user may be curious about another region);
    otherwise the household's own (from its tariff code); otherwise London.
    """
    wanted = (params.get("region") or "").upper()
    if wanted in REGIONS:
        return wanted, []
    fallback = household.region if household.region in REGIONS else DEFAULT_REGION
    if wanted:
        return fallback, [f"“{params['region']}” is not a region letter (A to P, no I or O); "
                          f"showing {REGIONS[fallback]} ({fallback}) instead."]
    return fallback, []
