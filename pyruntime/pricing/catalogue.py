"""Which tariffs a household can be priced and compared on, and which one it is on.

* :data:`FAMILY_TERMS` — per tariff family in the feeds, the eligibility
  tags it requires (see :data:`pyruntime.pricing.compare.TAGS`), a short
  note of its conditions, and its import/export pair. Data, not code: add a
  row when the feeds add a family.
* :func:`catalogue` — every family the feeds hold for a region and the
  household's fuels, each priced with the product version in force on each
  day (:func:`family_history`), with the conditions of the family and of
  each version priced in the period (:func:`version_conditions`).
* :func:`actual_pricing` — the household's real tariff history from
  ``household.facts.tariffs`` (Octopus agreements, see
  :class:`pyruntime.household.facts.TariffAgreement`), or, when unknown (the demo, Bright, files), a
  stated assumption: Flexible Octopus in the household's region for
  electricity and gas and Outgoing Octopus 12M Fixed for export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import FeedUnavailable
from ..feeds.client import REGIONS, feed_index
from ..feeds.tariffs import feed_tariff, years_held
from ..household import Household
from ..household.facts import TariffAgreement
from ..session import Session
from ..timeseries.isotime import parse_instant
from ..timeseries.londontime import HALF_HOUR, day_start, local_date
from ..timeseries.series import FUEL_LABELS
from ..wording import bracketed
from .economy7 import DEFAULT_NIGHT, NightWindow, with_night_window
from .feed import page_notes, series_fuel
from .history import Agreement, Pricing, TariffHistory
from .payment import DIRECT_DEBIT
from .tariff import Tariff


@dataclass(frozen=True, slots=True)
class Terms:
    """What a family asks of a household: eligibility tags, conditions, and its pair (if sold as one)."""

    requires: frozenset[str] = frozenset()
    conditions: str = ""
    pair: str | None = None


FAMILY_TERMS: dict[str, Terms] = {
    "agile": Terms(frozenset(), "Price changes every half-hour, set the day before from wholesale prices; "
                   "capped, and sometimes negative."),
    "agile_outgoing": Terms(frozenset({"solar"}), "Export price changes every half-hour; needs an export "
                            "meter and an eligible generator (e.g. MCS-certified solar)."),
    "go": Terms(frozenset({"ev"}), "Cheap night window for electric-vehicle owners; needs an EV or charger "
                "and a smart meter."),
    "intelligent_go": Terms(frozenset({"ev"}), "Cheap overnight rate when Octopus controls charging of a "
                            "compatible EV or charger."),
    "cosy": Terms(frozenset({"heat_pump"}), "Two cheap windows a day and a pricier late afternoon; for homes "
                  "with a heat pump."),
    "flux_import": Terms(frozenset({"solar", "battery"}), "Sold with Flux export; needs solar panels and a "
                         "home battery.", pair="flux"),
    "flux_export": Terms(frozenset({"solar", "battery"}), "Sold with Flux import; needs solar panels and a "
                         "home battery.", pair="flux"),
    "intelligent_flux_import": Terms(frozenset({"solar", "battery"}), "Sold with Intelligent Flux export; "
                                     "Octopus controls a compatible battery.", pair="intelligent_flux"),
    "intelligent_flux_export": Terms(frozenset({"solar", "battery"}), "Sold with Intelligent Flux import; "
                                     "Octopus controls a compatible battery.", pair="intelligent_flux"),
    "tracker": Terms(frozenset(), "One price per day, set from wholesale prices; capped."),
    "flexible": Terms(frozenset(), "Variable tariff that follows the Ofgem price cap; no exit fees."),
    "flexible_e7": Terms(frozenset(), "Needs an Economy 7 (two-register) meter: a cheaper night rate for the "
                         "meter's 7 night hours (priced on the night hours set for this page), a day rate otherwise; "
                         "follows the Ofgem price cap."),
    "outgoing_fixed": Terms(frozenset({"solar"}), "Fixed export price for 12 months; needs an export meter "
                            "and an eligible generator."),
    "outgoing_variable": Terms(frozenset({"solar"}), "Variable export price; needs an export meter and an "
                               "eligible generator."),
}
"""Eligibility and conditions per feed family (keys are the feed index's ``families[].key``; an Economy 7
offer's own key, ``flexible_e7``, comes first)."""

DEFAULT_ACTUAL = {"electricity": "flexible", "gas": "flexible", "export": "outgoing_fixed"}
"""Families assumed as the household's tariff when its real one is unknown."""

SUPPORTED_KINDS = ("E-1R", "E-2R", "G-1R")
E7_KIND = "E-2R"  # two-register (Economy 7): priced on the night hours a view sets (pricing.economy7)


@dataclass(frozen=True)
class Offer:
    """One family for one fuel and region, priced with the version in force each day.

    key : ``agile``, ``flexible``, ``flexible_gas`` …: stable, for the URL.
    versions : the product versions used, oldest first.
    notes : facts for the assumptions panel (e.g. priced before its launch).
    version_conditions : rules of single product versions priced in the period, each
        ``"IOG-SMB-VAR-24-10-29: Cheap smart-charge slots …"`` (from the feed index).
    """

    key: str
    family: str
    label: str
    fuel: str
    pricing: Pricing
    terms: Terms
    versions: tuple[Tariff, ...]
    notes: tuple[str, ...] = ()
    version_conditions: tuple[str, ...] = ()

    @property
    def conditions(self) -> str:
        """The family's conditions, then each priced version's own."""
        return " ".join(c for c in (self.terms.conditions, *self.version_conditions) if c)


@dataclass(frozen=True)
class Catalogue:
    """The offers for a region and period, and what could not be read."""

    region: str
    offers: tuple[Offer, ...] = ()
    notices: tuple[str, ...] = ()
    sample: bool = False
    sample_note: str = ""
    listings: tuple[Listing, ...] = ()

    def get(self, key: str) -> Offer | None:
        return next((o for o in self.offers if o.key == key), None)


def offer_key(family: str, fuel: str, kind: str | None = None) -> str:
    """``flexible`` for electricity and export, ``flexible_gas`` for gas, ``flexible_e7`` for Economy 7."""
    if kind == E7_KIND:
        return f"{family}_e7"
    return f"{family}_gas" if fuel == "gas" else family


def offer_label(label: str, fuel: str, kind: str | None = None) -> str:
    """``Flexible Octopus``, ``Flexible Octopus (gas)``, ``Octopus Tracker (daily prices, gas)``, ``Flexible Octopus
    Economy 7``."""
    if kind == E7_KIND:
        return f"{label} Economy 7"
    return bracketed(label, "gas") if fuel == "gas" else label


@dataclass(frozen=True)
class Listing:
    """A family the feeds hold for a region and fuel, before its files are read."""

    key: str
    family: str
    label: str
    fuel: str
    codes: tuple[str, ...]
    terms: Terms = Terms()  # from the feed index (families[].requires, .conditions)
    product_conditions: tuple[tuple[str, str], ...] = ()  # (product code, its conditions) from products[]


def _index_terms(entry: dict[str, Any]) -> Terms:
    """A family's eligibility tags and conditions as the feed index gives them (newer feeds only)."""
    requires = entry.get("requires")
    conditions = entry.get("conditions")
    return Terms(frozenset(r for r in requires if isinstance(r, str)) if isinstance(requires, list) else frozenset(),
                 conditions if isinstance(conditions, str) else "")


async def tariff_keys(session: Session) -> set[str]:
    """Every key a family in the feed index (any region or fuel) or the family table can be asked for by."""
    index = await feed_index(session)
    families = set(FAMILY_TERMS) | {f.get("key") for f in index.get("families", []) if isinstance(f, dict)}
    return {offer_key(family, fuel, kind) for family in families if isinstance(family, str)
            for fuel, kind in (("electricity", None), ("gas", None), ("electricity", E7_KIND))}


async def listings(session: Session, region: str, fuels: Sequence[str], first: dt.date,
                   last: dt.date) -> tuple[Listing, ...]:
    """The families the feed index holds for ``region`` and ``fuels`` with prices between ``first`` and ``last``.

    Reads only the index, so a view can offer every tariff as a choice and
    download just the one chosen.
    """
    index = await feed_index(session)
    labels = {f.get("key"): f.get("label") for f in index.get("families", [])}
    index_terms = {f.get("key"): _index_terms(f) for f in index.get("families", []) if isinstance(f, dict)}
    order = [f.get("key") for f in index.get("families", [])]
    groups: dict[tuple[str, str, str], list[str]] = {}
    for code, entry in index.get("tariffs", {}).items():
        kind = entry.get("kind")
        if entry.get("region") != region or kind not in SUPPORTED_KINDS:
            continue
        fuel = series_fuel(entry.get("fuel", ""), entry.get("direction", ""))
        if fuel not in fuels or not years_held(index, code, first, last):
            continue
        # Single-rate and Economy 7 versions of a family are different offers (a meter has one or the other).
        groups.setdefault((entry.get("family") or code, fuel, kind), []).append(code)
    out = []
    for (family, fuel, kind), codes in sorted(groups.items(),
                                              key=lambda g: (_pos(order, g[0][0]), g[0][1], g[0][2])):
        label = labels.get(family) or family
        out.append(Listing(offer_key(family, fuel, kind), family, offer_label(label, fuel, kind), fuel,
                           tuple(sorted(codes)), index_terms.get(family, Terms()),
                           _product_conditions(index, codes)))
    return tuple(out)


def _product_conditions(index: dict[str, Any], codes: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(product code, conditions) of the products behind tariff ``codes`` that the index gives conditions for."""
    products = index.get("products", {})
    out: dict[str, str] = {}
    for code in codes:
        product = index.get("tariffs", {}).get(code, {}).get("product_code")
        text = (products.get(product) or {}).get("conditions") if isinstance(product, str) else None
        if isinstance(text, str) and text.strip():
            out[product] = text.strip()
    return tuple(sorted(out.items()))


def version_conditions(pricing: Pricing, conditions: Mapping[str, str], first: dt.date,
                       last: dt.date) -> tuple[str, ...]:
    """``"<product code>: <its conditions>"`` for each product version priced between London days ``first`` and
    ``last`` (inclusive), once each, oldest first: a version sold only outside the period does not bind it."""
    if not conditions or not isinstance(pricing, TariffHistory):
        return ()
    lo, hi = day_start(first), day_start(last + dt.timedelta(days=1))
    out: dict[str, str] = {}
    for a in pricing.agreements:
        code = a.tariff.product_code
        in_period = (a.valid_from is None or a.valid_from < hi) and (a.valid_to is None or a.valid_to > lo)
        if code in conditions and in_period:
            out.setdefault(code, f"{code}: {conditions[code]}")
    return tuple(out.values())


def offer_terms(listing: Listing) -> Terms:
    """Our own terms for a listing (they know the site's filters), with the feed's conditions where ours have
    none; the feed's terms alone for a family discovered at run time."""
    ours = FAMILY_TERMS.get(listing.key) or FAMILY_TERMS.get(listing.family)
    if ours is None:
        return listing.terms
    return ours if ours.conditions else replace(ours, conditions=listing.terms.conditions)


async def load_offer(session: Session, listing: Listing, first: dt.date, last: dt.date,
                     night: NightWindow = DEFAULT_NIGHT, payment: str = DIRECT_DEBIT) -> Offer:
    """Read a listing's feed files (once per session) and price it with the version in force each day.

    ``night``: the Economy 7 night hours (GMT) for two-register tariffs. ``payment``: whose prices
    (direct debit or not); a version without non-direct-debit prices says so in the offer's notes.
    """
    versions = [with_night_window(await feed_tariff(session, c, first, last, payment), night)
                for c in listing.codes]
    pricing, notes = family_history(versions, first, listing.label, listing.key)
    notes = (*notes, *dict.fromkeys(n for t in versions for n in page_notes(t)))
    own = version_conditions(pricing, dict(listing.product_conditions), first, last)
    return Offer(listing.key, listing.family, listing.label, listing.fuel, pricing, offer_terms(listing),
                 tuple(_launch_order(versions)), notes, own)


async def catalogue(session: Session, region: str, fuels: Sequence[str], first: dt.date, last: dt.date,
                    only: set[str] | None = None, night: NightWindow = DEFAULT_NIGHT,
                    payment: str = DIRECT_DEBIT) -> Catalogue:
    """Every feed family held for ``region`` and ``fuels`` with prices between ``first`` and ``last``, read.

    ``only`` limits the files read to those offers (keys); the others are
    still listed in :attr:`Catalogue.listings`. ``night``: Economy 7 night hours (GMT).
    ``payment``: direct debit or not (:mod:`pyruntime.pricing.payment`).
    """
    index = await feed_index(session)
    listed = await listings(session, region, fuels, first, last)
    offers: list[Offer] = []
    notices: list[str] = []
    for item in listed:
        if only is not None and item.key not in only:
            continue
        try:
            offers.append(await load_offer(session, item, first, last, night, payment))
        except (FeedUnavailable, ValueError) as exc:
            notices.append(f"{item.label} is left out: {exc}.")
    return Catalogue(region, tuple(offers), tuple(notices), sample=bool(index.get("sample")),
                     sample_note=index.get("sample_note") or "", listings=listed)


def _pos(order: list, key: str) -> int:
    return order.index(key) if key in order else len(order)


def _launch_order(versions: list[Tariff]) -> list[Tariff]:
    return sorted(versions, key=lambda t: (t.valid_from is not None, t.valid_from or 0))


class LaunchNote(str):
    """The note that a family's oldest version launched after the data begins, with the launch [UTC s]: a view
    whose days all start at or after it prices nothing on the rates from before it, and leaves the note out."""

    launched_utc_s: int

    def __new__(cls, text: str, launched_utc_s: int) -> LaunchNote:
        note = super().__new__(cls, text)
        note.launched_utc_s = launched_utc_s
        return note


def said_of(notes: Iterable[str], first_shown: dt.date) -> tuple[str, ...]:
    """``notes`` as a view whose days start on London day ``first_shown`` needs them: without the launch of a
    version it shows no half-hour before."""
    start = day_start(first_shown)
    return tuple(n for n in notes if not (isinstance(n, LaunchNote) and start >= n.launched_utc_s))


def family_history(versions: list[Tariff], first: dt.date, label: str,
                   key: str) -> tuple[TariffHistory, tuple[str, ...]]:
    """A family's versions as a history: each from its launch until the next one's.

    The oldest version the feeds hold also covers the time before its launch
    wherever its feed publishes rates (the feeds hold no earlier version);
    the assumptions panel says so. Where it publishes none, those
    half-hours stay unpriced and the tariff is not ranked.
    """
    ordered = _launch_order(versions)
    agreements = []
    notes = []
    for i, t in enumerate(ordered):
        nxt = ordered[i + 1].valid_from if i + 1 < len(ordered) else None
        agreements.append(Agreement(t, None if i == 0 else t.valid_from, nxt))
    oldest = ordered[0]
    rates_start = getattr(oldest.rates, "start", None)
    if (oldest.valid_from is not None and oldest.valid_from > parse_instant(f"{first.isoformat()}T00:00:00Z")
            and rates_start is not None and rates_start < oldest.valid_from):
        launched = dt.datetime.fromtimestamp(oldest.valid_from, dt.UTC).date()
        notes.append(LaunchNote(f"{oldest.name} launched on {launched.day} {launched:%b %Y}; earlier days use the "
                                "rates its feed publishes for them, as the feeds hold no older version.",
                                oldest.valid_from))
    return TariffHistory(tuple(agreements), code=key, name=label), tuple(notes)


@dataclass(frozen=True)
class Actual:
    """The tariff a household's bill is priced on, per fuel, and how we know it."""

    fuel: str
    pricing: Pricing
    label: str
    assumed: bool
    notes: tuple[str, ...] = ()
    unpriced: tuple[str, ...] = ()  # the account's tariff codes with no public prices in the feeds
    offer_key: str = ""  # when assumed: the feed tariff it is (``flexible_gas``), the same prices under that key


async def actual_pricing(session: Session, household: Household, fuel: str, region: str, first: dt.date,
                         last: dt.date, cat: Catalogue | None = None,
                         night: NightWindow = DEFAULT_NIGHT, payment: str = DIRECT_DEBIT) -> Actual | None:
    """The household's real tariff history for ``fuel``, or the stated default; ``None`` if neither can be priced.

    ``night``: the Economy 7 night hours (GMT) when the household's tariff is two-register.
    """
    rows = household.facts.tariffs.get(fuel, ())
    if rows:
        actual = await _history_from_agreements(session, rows, fuel, first, last, night, payment)
        if actual is not None:
            return actual
    family = DEFAULT_ACTUAL.get(fuel)
    if not family:
        return None
    key = offer_key(family, fuel)
    offer = cat.get(key) if cat else None
    if offer is None:
        found = cat.listings if cat and cat.listings else await listings(session, region, [fuel], first, last)
        listing = next((x for x in found if x.key == key), None)
        if listing is None:
            return None
        try:
            offer = await load_offer(session, listing, first, last, night, payment)
        except (FeedUnavailable, ValueError):
            return None
    why = ("your tariff history was not part of the data loaded" if household.source != "demo"
           else "the demo household is synthesised")
    note = (f"{FUEL_LABELS[fuel]} is priced on {offer.label} in {REGIONS.get(region, region)} ({region}) as an "
            f"assumption: {why}. Pick your own tariff above, or add it by hand.")
    label = bracketed(offer.label, "assumed")
    history = offer.pricing
    if isinstance(history, TariffHistory):
        history = TariffHistory(history.agreements, code="actual", name=label)
    return Actual(fuel, history, label, True, (note, *offer.notes), offer_key=key)


async def _history_from_agreements(session: Session, rows: Sequence[TariffAgreement], fuel: str, first: dt.date,
                                   last: dt.date, night: NightWindow = DEFAULT_NIGHT,
                                   payment: str = DIRECT_DEBIT) -> Actual | None:
    agreements: list[Agreement] = []
    notes: list[str] = []
    unpriced: list[str] = []
    start, end = day_start(first), day_start(last + dt.timedelta(days=1))
    for row in rows:
        code, lo, hi = row.tariff_code, row.valid_from, row.valid_to
        if (hi is not None and hi <= start) or (lo is not None and lo >= end):
            continue  # prices none of these days: neither looked up nor named as unpriced
        span = f"{_day(lo) or 'the start'} to {_day(hi, last=True) or 'now'}"
        try:
            tariff = with_night_window(await feed_tariff(session, code, first, last, payment), night)
        except FeedUnavailable:
            notes.append(f"Your {FUEL_LABELS[fuel].lower()} tariff {code} ({span}) is not in the price feeds (it may "
                         "have no public prices), so those days are not priced: enter its rates below to price them.")
            unpriced.append(code)
            continue
        if tariff.fuel != fuel:
            notes.append(f"{code} is a {tariff.fuel} tariff, not {fuel}; it is left out.")
            continue
        agreements.append(Agreement(tariff, lo, hi))
        notes += [n for n in page_notes(tariff) if n not in notes]
    if not agreements and not notes and rows:
        # The account has a history, none of it in these days: a gap, not a default tariff "as an assumption".
        notes.append(f"None of your {FUEL_LABELS[fuel].lower()} tariff agreements is in force from {first} to {last}, "
                     "so those days are not priced.")
        return Actual(fuel, _nothing(fuel), "your tariff (none in force)", False, tuple(notes))
    if not agreements:
        return Actual(fuel, _nothing(fuel), "your tariff (not in the feeds)", False, tuple(notes),
                      tuple(unpriced)) if notes else None
    agreements.sort(key=lambda a: a.valid_from if a.valid_from is not None else -(1 << 40))
    try:
        history = TariffHistory(tuple(agreements), code="actual", name=OWN_HISTORY)
    except ValueError as exc:
        notes.append(f"Your tariff history cannot be used as given: {exc}.")
        return Actual(fuel, _nothing(fuel), "your tariff (unusable history)", False, tuple(notes))
    return Actual(fuel, history, own_tariffs(history, first, last), False, tuple(notes), tuple(unpriced))


OWN_HISTORY = "Your tariff history"
"""The name of a history built from the household's own agreements (not an assumed or unusable one)."""


def own_tariffs(history: TariffHistory, first: dt.date, last: dt.date) -> str:
    """The household's tariffs that price London days ``first`` to ``last``, in order, as the page names them.

    Only the agreements in force in those days are named, so a month wholly on Agile reads
    "Agile Octopus November 2022 v1 (your tariff)", and "then" appears only where the days span a switch.
    """
    names = own_tariff_names(history, first, last)
    if not names:
        return "your tariff (none in force)"
    return f"{', then '.join(names)} ({'your tariffs' if len(set(names)) > 1 else 'your tariff'})"


def own_tariff_names(history: TariffHistory, first: dt.date, last: dt.date) -> tuple[str, ...]:
    """The names of the tariffs in ``history`` that price London days ``first`` to ``last``, one per switch."""
    start, end = day_start(first), day_start(last + dt.timedelta(days=1))
    runs = [tariff.name for _, _, tariff in history.segments(start, end)]
    return tuple(name for i, name in enumerate(runs) if i == 0 or runs[i - 1] != name)  # a renewal is no switch


def priced_on(label: str, pricing: Pricing | None, first: dt.date, last: dt.date) -> str:
    """What a page showing days ``first`` to ``last`` says they are priced on: ``label``, or, for the household's
    own tariff history, only the agreements in force in those days."""
    if isinstance(pricing, TariffHistory) and pricing.name == OWN_HISTORY:
        return own_tariffs(pricing, first, last)
    return label


def _nothing(fuel: str) -> TariffHistory:
    """A history that prices nothing (every half-hour missing), so the gap is shown rather than guessed."""
    from .tariff import FlatRate

    empty = Tariff("none", "no tariff known", fuel, FlatRate(0.0))
    return TariffHistory((Agreement(empty, 0, 1),), code="actual", name="Your tariff (unknown)")


def _day(t: int | None, *, last: bool = False) -> str | None:
    """The London day of the first half-hour an agreement from ``t`` prices; with ``last``, of the last one
    before ``t`` (an agreement's last day).

    A switch inside a half-hour leaves that half-hour whole on the earlier agreement (``TariffHistory.segments``
    rounds both ends up to the next half-hour), so one from 23:45 prices from the next day.
    """
    if t is None:
        return None
    t = -(-t // HALF_HOUR) * HALF_HOUR
    return local_date(t - 1 if last else t).isoformat()
