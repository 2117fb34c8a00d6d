"""What the cost, bill and compare reports share: their URL settings, the tariff
a view is priced on, the assumptions panel and the forms.

URL settings (all optional; each report takes the ones it lists):

``region``  GSP region letter for feed tariffs (default: the household's, else C)
``custom``  hand-entered tariffs (:mod:`pyruntime.pricing.custom`)
``tariff``  what to price on: ``actual`` (default: your tariff history, or the
            stated assumption), a feed family (``agile``, ``flexible_gas`` …) or
            ``custom1``…
``from``, ``to``  a period: ``YYYY-MM-DD`` or ``YYYY-MM`` (the whole month)
``has``     eligibility: ``ev,heat_pump,battery,solar`` (any of them) or ``none``;
            absent = every tariff is shown
``e7``      Economy 7 night hours in GMT, ``HHMM-HHMM`` on :00/:30 (default
            ``0030-0730``); used by every two-register tariff priced
``payment`` ``direct_debit`` (default) or ``non_direct_debit``: whose published
            prices every feed tariff is priced on (:mod:`pyruntime.pricing.payment`)
``use``     ``added``: sent once by the cost and bill views' hand-tariff form, so the view is priced on the
            tariff it has just added (:func:`adopt_added_tariff`); never kept in the URL
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..feeds.client import REGIONS, resolve_region
from ..household import Household, faulty
from ..pricing.catalogue import Actual, Catalogue, actual_pricing, catalogue, priced_on, said_of, tariff_keys
from ..pricing.compare import TAGS
from ..pricing.cost import Assumptions
from ..pricing.custom import (
    FIELD_SEP,
    FUEL_ALIASES,
    LIST_SEP,
    MAX_NAME,
    PARAM,
    CustomTariff,
    RefusedTariff,
    encode_custom,
    read_custom,
)
from ..pricing.economy7 import DEFAULT_NIGHT, NightWindow, resolve_night_setting, uses_two_registers
from ..pricing.economy7 import PARAM as E7_PARAM
from ..pricing.history import Pricing
from ..pricing.money import ROUNDING, p_per_kwh
from ..pricing.payment import DEFAULT as DEFAULT_PAYMENT
from ..pricing.payment import LABELS as PAYMENT_LABELS
from ..pricing.payment import PARAM as PAYMENT_PARAM
from ..pricing.payment import payment_from_agreements, resolve_payment_setting
from ..session import Session
from ..timeseries.aggregate import series_days
from ..timeseries.isotime import parse_instant
from ..timeseries.londontime import HALF_HOUR, isoformat_utc, local_date
from ..timeseries.londontime import MONTH_NAMES as MONTH_NAMES  # the comparison reads month names from here
from ..timeseries.series import FUEL_LABELS
from ..wording import ENTERED_BY_YOU, entered_by_you, plural
from . import blocks as b
from .coverage import runs_label
from .period import date_label as date_label  # the statements page reads dates the same way
from .period import days_label, read_range
from .view import View

# --- URL settings -----------------------------------------------------------------------------------------

ADOPT_PARAM = "use"
ADOPT_ADDED = "added"


def adopt_added_tariff(params: dict[str, str], fuels: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """``params`` priced on the hand-entered tariff just added (``use=added``), and notices.

    A tariff typed on a cost or bill view is the one its user wants to see the data priced on: ``tariff``
    becomes its key, and when it is for another fuel than the one shown (``fuels``: those with data, the
    first being the default) the view moves to that fuel and says so. A tariff that was refused, or left out
    as one too many, changes nothing (the form or a notice says why). ``use`` itself is never kept.
    """
    out = {k: v for k, v in params.items() if k != ADOPT_PARAM}
    if params.get(ADOPT_PARAM) != ADOPT_ADDED or not fuels:
        return out, []
    added = read_custom(params.get(PARAM)).last
    if added is None:
        return out, []
    shown = params.get("fuel") if params.get("fuel") in fuels else fuels[0]
    if added.fuel == shown:
        return {**out, "tariff": added.key}, []
    name, wanted = added.tariff.name, FUEL_LABELS[added.fuel].lower()
    if added.fuel not in fuels:
        return out, [f"“{name}” is a tariff for {wanted}, and there is no {wanted} data here to price on it, so this "
                     f"still shows {FUEL_LABELS[shown].lower()}. It joins the comparison of tariffs."]
    return {**out, "fuel": added.fuel, "tariff": added.key}, [
        f"“{name}” is a tariff for {wanted}, so this now shows your {wanted} priced on it (it was showing "
        f"{FUEL_LABELS[shown].lower()})."]


def region_field(region: str) -> dict:
    """The form field that chooses the GSP region feed tariffs are priced in."""
    return b.field("region", "Region", "select", region,
                   options=[{"value": k, "label": f"{k}: {v}"} for k, v in REGIONS.items()])


def e7_field(window: NightWindow) -> dict:
    """The form field that changes the Economy 7 night hours."""
    return b.field(E7_PARAM, "Economy 7 night (GMT)", "text", window.code, placeholder=DEFAULT_NIGHT.code,
                   help="Your meter's night hours in GMT as HHMM-HHMM on :00 or :30 (e.g. 0030-0730, 2300-0600). "
                        "In summer time they run an hour later on the clock.")


def e7_assumption(window: NightWindow) -> tuple[str, str, bool]:
    """The assumptions panel's line for the Economy 7 night hours (always flagged: it is an assumption)."""
    return ("Economy 7 night hours", window.describe(), True)


def payment_field(payment: str) -> dict:
    """The form field that switches between direct-debit and non-direct-debit prices."""
    options = [{"value": k, "label": v} for k, v in PAYMENT_LABELS.items()]
    return b.field(PAYMENT_PARAM, "You pay", "select", payment, options=options,
                   help="Many tariffs cost more when you do not pay by direct debit; tariffs with one price for "
                        "everyone say so in the assumptions.")


def account_payment(household: Household) -> str | None:
    """The payment method the household's tariff agreements state, if any does."""
    return payment_from_agreements([a for rows in household.facts.tariffs.values() for a in rows])


def payment_assumption(payment: str, household: Household, given: bool,
                       priced: str = "feed tariffs") -> tuple[str, str, bool]:
    """The assumptions panel's line for the payment method (flagged when it is an assumption).

    ``priced`` names the tariffs whose prices depend on it: "import and gas feed tariffs" in a comparison that
    prices export too, at its one price.
    """
    label = PAYMENT_LABELS[payment]
    if given:
        return ("Payment method", f"{label}, as chosen: {priced} are priced at the prices for it.", False)
    if account_payment(household) == payment:
        return ("Payment method", f"{label}, as your tariff agreements say: {priced} are priced at the prices "
                                  "for it.", False)
    why = ("your Octopus account's details do not say how you pay" if household.source == "octopus"
           else "how you pay is not part of the data loaded" if household.source != "demo"
           else "the demo household is synthesised")
    return ("Payment method", f"{label}, an assumption: {why}. Choose “You pay” above if you pay otherwise.", True)


# A tariff's key as the feeds and the hand-tariff form write it ("agile", "octopus_12m_fixed_gas", "custom1"). The
# feeds name families found at run time, so which keys exist is known only once the feed index is read
# (``choose_tariff``); here a key is only checked for its shape.
_TARIFF_KEY = re.compile(r"[a-z0-9_]{1,80}")


def resolve_tariff_setting(params: dict[str, str], customs: Sequence[CustomTariff]) -> tuple[dict[str, str], str]:
    """The URL's ``tariff`` as a setting (none for the household's own), and the value refused when it cannot be a
    tariff's key ("" when none was). What is shown instead is known only once the tariff is priced, so the notice
    is :func:`choose_tariff`'s."""
    raw = params.get("tariff")
    if not raw or raw == "actual":
        return {}, ""
    if raw in {t.key for t in customs} or _TARIFF_KEY.fullmatch(raw):
        return {"tariff": raw}, ""
    return {}, raw


def resolve_has_setting(params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    raw = params.get("has")
    if raw is None:
        return {}, []
    tags = [t for t in (x.strip() for x in raw.split(",")) if t and t != "none"]
    unknown = [t for t in tags if t not in TAGS]
    good = [t for t in TAGS if t in tags]
    notices = [f"“{', '.join(unknown)}” is not something we filter on (use {', '.join(TAGS)})."] if unknown else []
    return {"has": ",".join(good) or "none"}, notices


def parse_has(value: str | None) -> set[str] | None:
    """``None`` (no filter) when absent, else the set of tags (empty for ``none``)."""
    if value is None:
        return None
    return {t for t in value.split(",") if t in TAGS}


@dataclass(frozen=True)
class PricingSettings:
    """The cost, bill and compare reports' URL settings, read and made valid once.

    Made only by :meth:`from_params` (which decides every fallback and
    notice); the report reads these typed values and never the URL text.

    region : GSP letter feed tariffs are priced in (the URL's, else the household's, else C).
    customs : hand-entered tariffs.
    tariff : what to price on: ``actual`` or a tariff key.
    night : Economy 7 night hours (GMT).
    start, end : the period's first and last London day inside the data, when the URL gives one that
        can be shown (both or neither; an end left out is worked out from the other, see
        :func:`~pyruntime.present.period.read_range`).
    has : eligibility tags ticked; None = no filter.
    payment : ``direct_debit`` or ``non_direct_debit``: whose prices feed tariffs are priced on.
    given : the canonical URL form of each setting the URL carried (only these go back into it).
    refused : the hand-entered tariff just added that cannot be used, for the report's tariff form to show
        again with its message beside the field at fault (only with ``form_shows_refused``; else a notice).
    unknown_tariff : see below.
    """

    region: str
    customs: tuple[CustomTariff, ...] = ()
    tariff: str = "actual"
    night: NightWindow = DEFAULT_NIGHT
    start: dt.date | None = None
    end: dt.date | None = None
    has: frozenset[str] | None = None
    given: tuple[tuple[str, str], ...] = ()
    payment: str = DEFAULT_PAYMENT
    refused: RefusedTariff | None = None
    unknown_tariff: str = ""
    """The URL's ``tariff`` when it cannot be any tariff's key (``tariff`` is then ``actual``); :func:`choose_tariff`
    says so, naming the tariff shown instead."""

    @classmethod
    def from_params(cls, params: dict[str, str], household: Household, keys: tuple[str, ...],
                    span: tuple[dt.date, dt.date] | None = None, *,
                    form_shows_refused: bool = False, months: int = 12,
                    default: str = "the last twelve months of data") -> tuple[PricingSettings, list[str]]:
        """Valid settings for the URL ``keys`` a report takes, and notices for each value that had to change.

        ``span`` (first and last London day of the data) is needed when ``keys`` include ``from``/``to``;
        ``months`` is how long a period given by one end runs, and ``default`` names what the report
        shows when the URL's period is refused.
        ``form_shows_refused``: the report draws :func:`custom_form`, which shows a refused hand-entered
        tariff beside its field, so that one is not also a notice.
        """
        given: dict[str, str] = {}
        notices: list[str] = []
        region, more = resolve_region(params, household)
        notices += more
        if (params.get("region") or "").upper() == region:
            given["region"] = region
        customs: tuple[CustomTariff, ...] = ()
        refused = None
        if PARAM in keys:
            custom = read_custom(params.get(PARAM))
            customs, refused = custom.tariffs, custom.refused if form_shows_refused else None
            notices += custom.notices if form_shows_refused else custom.notices + custom.notice_for_refused()
            if customs:
                given[PARAM] = encode_custom(customs)
        tariff, unknown_tariff = "actual", ""
        if "tariff" in keys:
            setting, unknown_tariff = resolve_tariff_setting(params, customs)
            tariff = setting.get("tariff", "actual")
            given.update(setting)
        has = None
        if "has" in keys:
            setting, more = resolve_has_setting(params)
            notices += more
            given.update(setting)
            has = parse_has(setting.get("has"))
        start = end = None
        if "from" in keys and span is not None:
            setting, asked, more = read_range(params, *span, months=months, default=default)
            notices += more
            given.update(setting)
            start, end = asked or (None, None)
        night = DEFAULT_NIGHT
        if E7_PARAM in keys:
            night, code, more = resolve_night_setting(params.get(E7_PARAM))
            notices += more
            if code is not None:
                given[E7_PARAM] = code
        payment = DEFAULT_PAYMENT
        if PAYMENT_PARAM in keys:
            payment, chosen, more = resolve_payment_setting(params.get(PAYMENT_PARAM))
            notices += more
            if chosen is not None:
                given[PAYMENT_PARAM] = chosen
            else:  # the URL does not choose: what the account's agreements say, else direct debit
                payment = account_payment(household) or DEFAULT_PAYMENT
        order = ("region", PARAM, "tariff", "has", "from", "to", E7_PARAM, PAYMENT_PARAM)
        canonical = tuple((k, given[k]) for k in order if k in given)
        return cls(region, tuple(customs), tariff, night, start, end,
                   None if has is None else frozenset(has), canonical, payment, refused, unknown_tariff), notices

    @property
    def payment_given(self) -> bool:
        """Whether the URL chose the payment method (else it is the stated default)."""
        return any(k == PAYMENT_PARAM for k, _ in self.given)

    def to_params(self) -> dict[str, str]:
        """The URL parameters for these settings (only those the URL gave, in canonical form)."""
        return dict(self.given)

    def period(self, span: tuple[dt.date, dt.date], default: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
        """The period asked for (already inside ``span``), else ``default`` cut to ``span``."""
        if self.start is None or self.end is None:
            return max(default[0], span[0]), min(default[1], span[1])
        return self.start, self.end


SHORT_LAST_MONTH = 7
"""Fewer days of data than this in its last calendar month, and the last month of data starts a month earlier."""


def last_month(span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """The calendar month holding the last day of data, cut to the data.

    When the data reaches only a few days into that month, the previous month
    is taken in too: a week's file ending on the 1st bills that week, not one day.
    """
    start = span[1].replace(day=1)
    if (span[1] - start).days + 1 < SHORT_LAST_MONTH and start > dt.date.min:
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return max(span[0], start), span[1]


def last_twelve_months(span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """Up to twelve calendar months ending with the month of the last day of data."""
    end = span[1]
    y, m = end.year, end.month - 11
    if m < 1:
        y, m = y - 1, m + 12
    return max(span[0], dt.date(y, m, 1)), end


def household_span(household: Household, fuels: list[str] | None = None) -> tuple[dt.date, dt.date]:
    spans = [s for f in (fuels or household.fuels()) if f in household.series
             and (s := series_days(household.series[f]))]
    return min(s[0] for s in spans), max(s[1] for s in spans)


def period_label(first: dt.date, last: dt.date) -> str:
    """A period as titles show it: ``1 Mar 2023 to 4 Apr 2023``, or one day once."""
    return days_label(first, last)


# --- which tariff a view is priced on ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TariffChoice:
    """One entry of the tariff menu: the URL's ``tariff`` value and what the menu shows."""

    value: str
    label: str


@dataclass(frozen=True)
class Priced:
    """The tariff chosen for a fuel, the alternatives, and notes for the assumptions panel."""

    key: str
    label: str
    pricing: Pricing | None
    options: tuple[TariffChoice, ...]
    region: str
    catalogue: Catalogue
    actual: Actual | None
    customs: tuple[CustomTariff, ...]
    notes: tuple[str, ...] = ()  # how the feeds' prices were used for this tariff (launch, payment fallback, ...)
    notices: tuple[str, ...] = ()
    assumed: str = ""  # why the bill is priced on a stated default tariff ("" when it is the household's own)
    night: NightWindow = DEFAULT_NIGHT  # Economy 7 night hours (GMT)
    payment: str = DEFAULT_PAYMENT  # whose prices feed tariffs are priced on
    payment_given: bool = False  # the URL chose it (else it is an assumption)


def view_priced(view: View, priced: Priced) -> View:
    """``view`` as shown: without its ``tariff`` when that tariff could not price it (a notice says so), so that
    the address names the tariff the page is priced on."""
    if priced.key == "actual" and view.get("tariff") not in (None, "actual"):
        return replace(view, extra=tuple((k, v) for k, v in view.extra if k != "tariff"))
    return view


async def choose_tariff(session: Session, household: Household, settings: PricingSettings, fuel: str,
                        first: dt.date, last: dt.date, *, shown: tuple[dt.date, dt.date] | None = None) -> Priced:
    """The pricing for the ``tariff`` setting on ``fuel`` over ``first``–``last``, with the choices.

    ``shown``: the days the view shows, when fewer: a notice naming the household's own tariff shown instead names
    only the agreements in force in them, as the view's "Priced on" does.
    """
    region, customs, wanted, night = settings.region, list(settings.customs), settings.tariff, settings.night
    payment = settings.payment
    # Read only the chosen tariff's files; the others are offered from the feed index alone.
    cat = await catalogue(session, region, [fuel], first, last, only={wanted}, night=night, payment=payment)
    actual = await actual_pricing(session, household, fuel, region, first, last, cat, night=night, payment=payment)
    options = [TariffChoice("actual", actual.label)] if actual is not None else []
    # An assumed tariff is a feed tariff under another name: listed once, as the assumption, unless asked for by key.
    same = actual.offer_key if actual is not None and actual.offer_key != wanted else ""
    options += [TariffChoice(o.key, o.label) for o in cat.listings if o.key != same]
    options += [TariffChoice(t.key, entered_by_you(t.tariff.name)) for t in customs if t.fuel == fuel]
    notices: list[str] = list(cat.notices)
    notes: list[str] = []
    assumed = ""
    key, label, pricing = wanted, "", None
    offer = cat.get(wanted)
    custom = next((t for t in customs if t.key == wanted), None)
    if wanted != "actual" and offer is not None and offer.fuel == fuel:
        label, pricing, notes = offer.label, offer.pricing, list(offer.notes)
    elif wanted != "actual" and custom is not None and custom.fuel == fuel:
        label, pricing = entered_by_you(custom.tariff.name), custom.tariff
    else:
        instead = _shown_instead(actual, shown or (first, last))
        if settings.unknown_tariff:  # refused by its shape when the URL was read
            notices.append(f"There is no tariff called “{settings.unknown_tariff}”; {instead}.")
        elif wanted != "actual" and wanted not in await tariff_keys(session) | {t.key for t in customs}:
            notices.append(f"There is no tariff called “{wanted}”; {instead}.")
        elif wanted != "actual":
            notices.append(f"“{wanted}” has no {FUEL_LABELS[fuel].lower()} prices for {REGIONS[region]} ({region}) "
                           f"in this period; {instead}.")
        key = "actual"
        if actual is not None:
            label, pricing, notes = actual.label, actual.pricing, list(actual.notes)
            if actual.assumed and notes:  # an assumed tariff's first note says why it was assumed
                assumed, notes = notes[0], notes[1:]
    # The catalogue is read over all the data: a version's launch is said only where the days shown reach before it.
    notes = list(said_of(notes, (shown or (first, last))[0]))
    return Priced(key, label, pricing, tuple(options), region, cat, actual, tuple(customs), tuple(notes),
                  tuple(notices), assumed, night, payment, settings.payment_given)


def _shown_instead(actual: Actual | None, shown: tuple[dt.date, dt.date]) -> str:
    """What a view of days ``shown`` shows in place of a tariff it cannot price on: the tariff by name, and an
    assumed one as assumed (a file names no tariff, so "your tariff" would call the assumption the household's
    own)."""
    if actual is None or actual.label.startswith("Your "):
        return "showing your tariff instead"
    if actual.assumed:
        return f"showing the tariff assumed for you, {actual.label}, instead"
    return f"showing your tariff, {priced_on(actual.label, actual.pricing, *shown)}, instead"


def gas_conversion(household: Household) -> str:
    unit = household.facts.gas_unit
    if unit is not None and unit.description:
        return unit.description
    if household.source == "demo":
        return "The demo's gas readings are synthesised in kWh; no conversion."
    return "Gas readings are taken as kWh, as supplied."


# --- pieces of view models --------------------------------------------------------------------------------------

def money(x: float | None) -> str:
    """``£1,234.57``; never ``£-0.00``."""
    return b.pounds(None if x is None else x + 0.0)


def _london_day(iso: str | None) -> str:
    """The London day an ISO instant falls in, written as the rest of the page writes days: ``2022-10-13T23:00:00Z``
    is ``14 Oct 2022`` (BST), not its UTC date."""
    return date_label(local_date(parse_instant(iso))) if iso else "…"


def tariff_facts(describe: list[dict]) -> list[tuple[str, str]]:
    """One line per tariff (version) used: name, code, region, London days priced, source.

    ``priced_from`` and ``priced_to`` are the first and the last half-hour the
    tariff priced, so the days shown are those of the bill's lines; None when
    its prices cover none of the period's days.
    """
    out = []
    for t in describe:
        src = ENTERED_BY_YOU if t["source"] == "hand" else ("sample feed" if t["sample"] else "live feed")
        region = f", region {t['region']}" if t.get("region") else ""
        launched = f"; on sale from {_london_day(t['valid_from'])}" if t.get("valid_from") else ""
        if t.get("priced_from") is None:  # in force, but its prices cover none of the period's days
            priced = "no prices for these dates"
        else:
            days = _london_day(t["priced_from"]), _london_day(t["priced_to"])
            priced = "priced " + (days[0] if days[0] == days[1] else f"{days[0]} to {days[1]}")
        out.append((t["name"], f"{t['code']}{region}: {priced}{launched} ({src})"))
    return out


def assumptions_block(a: Assumptions, priced: Priced, household: Household, fuel: str) -> dict:
    """The assumptions panel: region, product versions and their dates, VAT, standing charges, gas, gaps, feeds."""
    items: list[tuple] = [("Region", f"{REGIONS[priced.region]} ({priced.region}) for feed tariffs"
                           + (f"; tariffs priced: {', '.join(a.regions)}" if a.regions else ""))]
    # priced_to_utc_s is the end of the last half-hour priced: that half-hour's start names its day
    items += tariff_facts([{**u.tariff.describe(), "priced_from": None, "priced_to": None}
                           if u.priced_from_utc_s is None or u.priced_to_utc_s is None else
                           {**u.tariff.describe(), "priced_from": isoformat_utc(u.priced_from_utc_s),
                            "priced_to": isoformat_utc(u.priced_to_utc_s - HALF_HOUR)} for u in a.tariffs])
    items.append(("VAT", a.vat))
    # One item per charge in force, so each carries its own number.
    for s in a.standing_charges:
        p_per_day = p_per_kwh(s.p_per_day_inc_vat)  # 0.001p, as for unit rates
        items.append(("Standing charges", b.amount(p_per_day, 4, "p/day", text=(
            f"{p_per_day:g} p/day inc VAT, {days_label(s.first_day, s.last_day)}"))))
    if not a.standing_charges and fuel != "export":
        items.append(("Standing charges", "none known for this period", True))
    if fuel != "export":
        items.append(payment_assumption(priced.payment, household, priced.payment_given))
    if fuel == "gas":
        items.append(("Gas conversion", gas_conversion(household)))
    gaps = (f"{plural(a.half_hours_without_reading, 'half-hour')} without a reading, "
            f"{a.half_hours_without_rate:,} without a unit rate")
    if fuel != "export" or a.days_without_standing_charge:  # export payments have no standing charge to miss
        gaps += f", {plural(a.days_without_standing_charge, 'day')} without a standing charge"
    if a.uncovered:  # counted apart: those days pay no standing charge at all, rather than lack a known one
        days = sum((last - first).days + 1 for first, last in a.uncovered)
        gaps += f", {plural(days, 'day')} the prices do not cover ({runs_label(a.uncovered)})"
    items.append(("Missing data", gaps + ". " + a.method, a.any_missing))
    if (line := faulty.assumption(household, (fuel,))) is not None:
        items.append(line)
    feeds = ", ".join(a.feeds) or "none"
    items.append(("Prices from", feeds + (f". {a.sample_note}" if a.sample_note else ""), "sample feed" in a.feeds))
    if uses_two_registers(priced.pricing):
        items.append(e7_assumption(priced.night))
    if priced.assumed:
        items.append(("Tariff assumed", priced.assumed, True))
    if priced.notes:  # one item, so no two lines share a label
        items.append(("Price feeds", " ".join(priced.notes), any("assumption" in n for n in priced.notes)))
    items.append(("Rounding", ROUNDING))
    return b.facts("Assumptions", items)


TARIFF_FORM_TITLE = "Change the tariff"
"""The title of the form that picks what cost and bill are priced on (their totals name it: "Priced on")."""


def tariff_form(view, priced: Priced, household: Household, *, extra_fields: list[dict] | None = None,
                submit: str = "Show") -> dict:
    """Pick the tariff (and region, and any extra fields such as a period) a view is priced on."""
    params = {k: v for k, v in view.as_params().items() if k not in ("tariff", "region", E7_PARAM, PAYMENT_PARAM)}
    e7 = [e7_field(priced.night)] if uses_two_registers(priced.pricing) else []
    fields = [
        b.field("tariff", "Tariff", "select", priced.key,
                options=[{"value": c.value, "label": c.label} for c in priced.options],
                help="Your tariff, a tariff from the price feeds (each day priced with the version then on sale), "
                     "or one you entered."),
        region_field(priced.region),
        # On export the household is paid: how it pays for import and gas changes no export price.
        *([] if view.fuel == "export" else [payment_field(priced.payment)]),
        *e7,
        *(extra_fields or []),
    ]
    if not e7 and view.get(E7_PARAM):
        params[E7_PARAM] = view.get(E7_PARAM)  # kept for when an Economy 7 tariff is chosen again
    if view.fuel == "export" and view.get(PAYMENT_PARAM):
        params[PAYMENT_PARAM] = view.get(PAYMENT_PARAM)  # kept for import and gas
    # The totals above say "Priced on …"; the form says what it does, so the page names the tariff once.
    return b.form(TARIFF_FORM_TITLE, params, fields, submit=submit)


def custom_form(view, customs: Sequence[CustomTariff], *, fuel: str | None = None, drop: tuple[str, ...] = (),
                unpriced: tuple[str, ...] = (), refused: RefusedTariff | None = None, adopt: bool = False) -> dict:
    """Add a tariff by hand (kept in the URL), and remove ones added before.

    ``adopt``: the view is then priced on the tariff added (cost, bill), not left on the one it showed
    (compare, where it joins the ranking); see :func:`adopt_added_tariff`.

    ``unpriced``: the account's tariff codes that have no public prices; the
    form is then prefilled with the first one's name and says why.
    ``refused``: a tariff just added that cannot be used: the form holds what was typed, with the message
    beside the field at fault (the page moves the focus there).
    """
    params = {k: v for k, v in view.as_params().items() if k not in (PARAM, *drop)}
    fuels = [{"value": f, "label": FUEL_LABELS[f]} for f in ("electricity", "gas", "export")]
    fields = [
        b.field("c_fuel", "Fuel", "select", fuel or "electricity", options=fuels),
        b.field("c_name", "Name", "text", f"{unpriced[0]} (your tariff)" if unpriced else "",
                placeholder="e.g. Supplier X fixed", maxlength=MAX_NAME),  # a longer name would be cut
        b.field("c_rate", "Unit rate (p/kWh)", "text", "", placeholder="24.5  or  0030-0430:7,25",
                help="One price, or time-of-use windows in London time: HHMM-HHMM:price, … then the price for all "
                     "other times.", required="true"),
        # Text, not a number input, so a price can be typed as a bill writes it (45p/day).
        b.field("c_standing", "Standing charge (p/day)", "text", "", placeholder="45"),
        b.field("c_vat", "Prices", "select", "inc", options=[
            {"value": "inc", "label": "include VAT (as advertised)"},
            {"value": "exc", "label": "exclude VAT"}]),
    ]
    if refused is not None:
        _refill(fields, refused)
    current = encode_custom(customs)
    compose = {"param": PARAM, "fields": ["c_fuel", "c_name", "c_rate", "c_standing", "c_vat"], "sep": FIELD_SEP,
               "list_sep": LIST_SEP, "current": current}
    links = []
    for t in customs:
        rest = encode_custom([c for c in customs if c.key != t.key])
        p = {**params, **({PARAM: rest} if rest else {})}
        links.append({"label": f"Remove “{t.tariff.name}” ({FUEL_LABELS[t.fuel].lower()})", "params": p})
    caption = ("Another supplier's tariff, or a quote: it joins the comparison and the tariff choices, and is kept in "
               "this page's address (it is not personal data).")
    if adopt:
        caption = ("Another supplier's tariff, or a quote: this view is then priced on it, and it joins the comparison "
                   "and the tariff choices. It is kept in this page's address (it is not personal data).")
    if unpriced:
        caption = (f"Your tariff {', '.join(unpriced)} has no public prices we can read (newer Intelligent Octopus "
                   "Go and fixed versions often do not), so the days on it are not priced. Enter its unit rate and "
                   "standing charge from your bill or the Octopus app; " + caption[0].lower() + caption[1:])
    # The links remove a tariff; only adding one prices the view on it.
    form = b.form("Add a tariff by hand", params, fields, submit="Add tariff", caption=caption, compose=compose,
                  links=links)
    if adopt:
        form["params"] = {**params, ADOPT_PARAM: ADOPT_ADDED}
    return form


# The hand-tariff form's field for each field of a ``custom`` entry (the form has no VAT % field: its
# "Prices" choice is the nearest place to say what is wrong with one typed into the address).
_FORM_FIELD = {"fuel": "c_fuel", "name": "c_name", "rate": "c_rate", "standing": "c_standing", "vat": "c_vat",
               "vat_rate": "c_vat"}


def _refill(fields: list[dict], refused: RefusedTariff) -> None:
    """Put a refused tariff's typed values back in the form's ``fields``, and its message beside the field at fault."""
    typed = dict(refused.typed)
    typed["fuel"] = FUEL_ALIASES.get(typed["fuel"].lower(), "")  # a select shows only a fuel it offers
    typed["vat"] = typed["vat"].lower() if typed["vat"].lower() in ("inc", "exc") else ""
    at_fault = _FORM_FIELD.get(refused.field, "c_rate")
    for entry_field, name in _FORM_FIELD.items():
        f = next(f for f in fields if f["name"] == name)
        if entry_field != "vat_rate" and typed.get(entry_field):
            f["value"] = typed[entry_field]
    f = next(f for f in fields if f["name"] == at_fault)
    f["error"] = refused.message[0].upper() + refused.message[1:] + "."


def unpriced_codes(priced: Priced) -> tuple[str, ...]:
    """The account's tariff codes on the priced fuel that have no public prices (for the hand-tariff form)."""
    return priced.actual.unpriced if priced.actual is not None else ()
