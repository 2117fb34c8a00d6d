"""A report that cannot be made for this data, shown inside the page's frame.

When the price or carbon feeds do not reach the data's dates (or region), or
no tariff can price it, the report is replaced by a view model like any
other: the menu and fuel tabs stay, the loaded data stays, and the page says
which dates the feeds do cover and what the user can do next: use the
covered part, show another period, or enter their rates by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import FeedUnavailable
from ..feeds.client import REGIONS, feed_index
from ..pricing.custom import parse_custom
from ..session import Session
from . import blocks as b
from .pricing import custom_form, period_label
from .view import View

PERIOD_KEYS = ("month", "day", "from", "to")
"""URL settings that choose a period, dropped by "show all of your data"."""
RANGE_REPORTS = ("bill", "compare")
"""Reports whose period is ``from``/``to`` rather than a month to drill into."""
PRICED_REPORTS = ("cost", "bill", "compare")
"""Reports that a tariff entered by hand can price without the feeds."""


@dataclass(frozen=True)
class FeedCoverage:
    """London days the feeds on this site cover for one region (``None``: nothing at all)."""

    region: str
    prices: tuple[dt.date, dt.date] | None
    carbon: tuple[dt.date, dt.date] | None


def _days(coverage: Mapping[str, Any] | None) -> tuple[dt.date, dt.date] | None:
    """``(first day, last day)`` from a feed entry's ``{"first", "end"}`` (end exclusive, UTC midnight)."""
    if not coverage or not coverage.get("first") or not coverage.get("end"):
        return None
    first = dt.date.fromisoformat(coverage["first"][:10])
    last = dt.date.fromisoformat(coverage["end"][:10]) - dt.timedelta(days=1)
    return (first, last) if first <= last else None


def parse_feed_coverage(index: Mapping[str, Any], region: str) -> FeedCoverage:
    """The days covered by any tariff of ``region`` and by ``region``'s carbon intensity, from the feed index."""
    spans = [s for entry in index.get("tariffs", {}).values()
             if entry.get("region") == region and (s := _days(entry.get("coverage")))]
    prices = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
    carbon = _days((index.get("carbon", {}).get(region) or {}).get("coverage"))
    return FeedCoverage(region, prices, carbon)


async def get_feed_coverage(session: Session, region: str) -> FeedCoverage | None:
    """:func:`parse_feed_coverage` on this site's feed index; ``None`` when the index itself cannot be read."""
    try:
        return parse_feed_coverage(await feed_index(session), region)
    except FeedUnavailable:
        return None


def overlap(a: tuple[dt.date, dt.date], b_: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date] | None:
    if b_ is None:
        return None
    first, last = max(a[0], b_[0]), min(a[1], b_[1])
    return (first, last) if first <= last else None


def coverage_sentences(coverage: FeedCoverage | None, data: tuple[dt.date, dt.date]) -> list[str]:
    """Plain sentences: what the data spans and what the feeds cover."""
    out = [f"Your data is from {period_label(*data)}." if data[0] == data[1] else
           f"Your data runs from {period_label(*data)}."]
    if coverage is None:
        out.append("This site's price and carbon feeds could not be read just now.")
        return out
    where = f"{REGIONS.get(coverage.region, coverage.region)} ({coverage.region})"
    prices = period_label(*coverage.prices) if coverage.prices else "no dates"
    carbon = period_label(*coverage.carbon) if coverage.carbon else "no dates"
    out.append(f"For {where}, this site's price feeds cover {prices}; its carbon-intensity feeds cover {carbon}.")
    return out


def unavailable_view(label: str, view: View, reason: str, data: tuple[dt.date, dt.date],
                     coverage: FeedCoverage | None) -> dict:
    """The view model saying why ``label`` cannot be shown, with the ways on from here."""
    base = {k: v for k, v in view.as_params().items() if k not in PERIOD_KEYS}
    links = []
    covered = None
    if coverage is not None:
        covered = overlap(data, coverage.carbon if view.report == "emissions" else coverage.prices)
    if covered is not None:
        if view.report in RANGE_REPORTS:
            part = {**base, "from": covered[0].isoformat(), "to": covered[1].isoformat()}
        else:
            part = {**base, "month": covered[0].strftime("%Y-%m")}
        links.append({"label": f"Use the covered part ({period_label(*covered)})", "params": part})
    if any(view.as_params().get(k) for k in PERIOD_KEYS):
        links.append({"label": "Show all of your data instead", "params": base})
    if view.report != "compare" and view.report in PRICED_REPORTS:
        links.append({"label": "Compare tariffs, where you can add yours by hand",
                      "params": {**base, "report": "compare"}})
    priced = view.report in PRICED_REPORTS
    more = ", or one of the ways on below" if links or priced else ""
    blocks = [
        b.text("Why this report is not shown", [
            f"This report could not be made: {reason}.",
            *coverage_sentences(coverage, data),
            f"Your data is still loaded: choose another report from the menu{more}.",
        ], tone="warn"),
        b.form("Ways on", base, [], submit="", links=links) if links else None,
    ]
    if priced:
        customs, _ = parse_custom(view.get("custom"))
        # The URL's settings were read (PricingSettings) before the report found it could not be made.
        refused = getattr(view.settings, "refused", None)
        # On cost and bill the tariff added here is the one the view is then priced on.
        form = custom_form(view, customs, fuel=view.fuel if view.fuel in ("electricity", "gas", "export") else None,
                           refused=refused, adopt=view.report != "compare")
        form["title"] = "Enter your tariff's rates by hand"
        blocks.append(form)
    return {"title": f"{label}: not available for this data", "blocks": [x for x in blocks if x], "totals": []}
