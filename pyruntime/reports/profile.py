"""The profile report as the page shows it: when in the day a home uses energy, and what stands out.

Average day (weekdays, weekends, seasons) against a typical home, the load
distribution in 20 buckets, baseload in watts with its yearly cost
(electricity), the overnight continuous-flow check (gas), and unusual days.
Covers all the data, or one month with ``month=``. URL setting: ``price``
[p/kWh inc VAT] for the baseload's cost (default: the household's own tariffs
when its account says them, else the tariff assumed in their place, each
averaged over every half-hour of the last twelve calendar months of data, as
the overview's cards price them). ``region``, ``e7`` and ``payment`` are read
as the cost reports read them, so that price follows the same settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..analysis import overnight_gas
from ..analysis.anomalies import MIN_NEIGHBOURS, WINDOW_DAYS, UnusualDay, scored_days
from ..analysis.localdays import SLOT_LABELS
from ..analysis.profile import (
    BASELOAD_METHOD,
    CLOCK_CHANGE_NOTE,
    DISTRIBUTION_METHOD,
    EXPORT_DISTRIBUTION_METHOD,
    GAS_ADVICE,
    TYPICAL_METHOD,
    UNUSUAL_METHOD,
    ProfileReport,
    profile_report,
)
from ..analysis.profiles import AverageDay, Bucket
from ..errors import FeedUnavailable
from ..feeds.client import REGIONS, feed_index
from ..household import Household
from ..present import blocks as b
from ..present.datafiles import (
    default_tariff_code,
    rates_inc_vat,
    with_table_downloads,
)
from ..present.nav import MONTH_NAMES, fuel_tabs, pager, period_nav
from ..present.period import ALL, DAY, MONTH, WEEK, YEAR, Period, date_label, days_label
from ..present.pricing import (
    PricingSettings,
    account_payment,
    e7_field,
    last_twelve_months,
    payment_field,
    period_label,
    region_field,
)
from ..present.settings import parse_number, plain, settings_form
from ..present.view import View
from ..pricing.catalogue import OWN_HISTORY, actual_pricing, own_tariff_names, own_tariffs
from ..pricing.economy7 import DEFAULT_NIGHT, NightWindow, uses_two_registers
from ..pricing.history import TariffHistory
from ..pricing.payment import DEFAULT as DEFAULT_PAYMENT
from ..session import Session
from ..timeseries.aggregate import daily_totals, series_days
from ..timeseries.londontime import HALF_HOUR, day_bounds
from ..timeseries.series import FUEL_LABELS, Series
from ..typednumber import PENCE_PER_KWH
from ..wording import plural
from . import ReportSpec

PRICING_KEYS = ("region", "e7", "payment")
"""The cost reports' settings that choose the baseload's price when none is entered (the overview's links carry
them)."""


@dataclass(frozen=True)
class ProfileSettings:
    """The profile report's URL settings, read once: a price for yearly costs [p/kWh inc VAT], when entered, and
    the region, Economy 7 hours and payment method that price the baseload otherwise, read by the cost reports'
    own parser so that both price it alike (``None``: the household's region, the default hours, its account's
    payment method)."""

    price_p_per_kwh: float | None = None
    pricing: PricingSettings | None = None

    @classmethod
    def from_params(cls, params: dict[str, str], household: Household) -> tuple[ProfileSettings, list[str]]:
        price, notices = parse_number(params, "price", lo=0, hi=500, what="the price", unit=PENCE_PER_KWH)
        pricing, more = PricingSettings.from_params(params, household, PRICING_KEYS)
        return cls(price, pricing), notices + more

    def to_params(self) -> dict[str, str]:
        out = self.pricing.to_params() if self.pricing is not None else {}
        return {**out, "price": plain(self.price_p_per_kwh)} if self.price_p_per_kwh is not None else out


def period_slice(series: Series, first: dt.date, last: dt.date) -> Series:
    """``series`` cut to London days ``first`` to ``last`` (inclusive)."""
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    start, end = max(start, series.start), min(end, series.end)
    return Series(series.fuel, start, series.values[(start - series.start) // HALF_HOUR:
                                                    (end - series.start) // HALF_HOUR])


def shown_period(view: View) -> Period:
    """The period a pattern report shows: a day is too short for a pattern, so it shows the day's month."""
    p = view.period
    return Period.of(MONTH, p.start) if p.kind == DAY else p


def pattern_view(view: View, what: str) -> tuple[View, list[str]]:
    """``view`` as a pattern report shows it (a day opens its month), and a notice when that changed it.

    The report returns this view, so the URL written back names the month shown rather than the day asked for.
    """
    shown = shown_period(view)
    if shown == view.period:
        return view, []
    return view.with_period(shown), [f"The {what} shows a week or longer, not a single day; showing {shown.label}, "
                                     f"the month holding {date_label(view.period.start)}."]


def pattern_crumbs(view: View, shown: Period) -> list[dict]:
    """All data › the period shown."""
    out = [{"label": "All data", "params": view.with_period(Period()).as_params()}]
    if shown.kind != ALL:
        out.append({"label": shown.label, "params": view.with_period(shown).as_params()})
    return out


PATTERN_KINDS = (WEEK, MONTH, YEAR, ALL)
"""Periods a pattern (profile, heatmap) can show."""


@dataclass(frozen=True)
class BaseloadPrice:
    """The price a constant load is costed at, the tariff it is of, and how it was found."""

    p_per_kwh: float  # [p/kWh inc VAT]
    tariff: str  # as the page names it: "Agile Octopus November 2022 v1 (your tariff)", "the price you entered"
    source: str  # the tariff and how its price was worked out, for the reasoning shown beside the figure
    over: str = ""  # the half-hours the price is the mean of: "every half-hour from 1 Jan 2023 to 31 Dec 2023"
    two_register: bool = False  # an Economy 7 tariff: its night hours change the price


def pricing_choice(settings: ProfileSettings, household: Household) -> tuple[str, NightWindow, str]:
    """The region, Economy 7 night hours and payment method the baseload is priced in: the URL's, else the
    household's region, the default hours and its account's payment method."""
    p = settings.pricing
    if p is not None:
        return p.region, p.night, p.payment
    return household.region or "C", DEFAULT_NIGHT, account_payment(household) or DEFAULT_PAYMENT


async def baseload_price(session: Session, household: Household, view: View,
                         series: Series) -> BaseloadPrice | None:
    """Price for the baseload or overnight flow, or ``None`` without one.

    A load that runs all day pays every half-hour's rate alike, so the price is the plain mean over every
    half-hour of the overview cards' period (the last twelve calendar months of ``series``, cut to its data) of
    the tariffs those cards price the household on: its own when its account says them, else the one assumed in
    their place, in the settings' region, with its Economy 7 hours and payment method.
    """
    s: ProfileSettings = view.settings
    if s.price_p_per_kwh is not None:
        return BaseloadPrice(s.price_p_per_kwh, "the price you entered", "the price you entered")
    first, last = last_twelve_months(series_days(series))
    region, night, payment = pricing_choice(s, household)
    try:
        actual = await actual_pricing(session, household, view.fuel, region, first, last, night=night,
                                      payment=payment)
    except (ValueError, FeedUnavailable):  # no feeds here: the baseload is shown in watts and kWh alone
        return None
    if actual is None:
        return None
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    rates = rates_inc_vat(actual.pricing, start, (end - start) // HALF_HOUR)
    known = [r for r in rates if r is not None]
    if not known:
        return None
    # Days on no agreement (or on one the feeds do not price) have no rate: the mean is over those that do.
    which = "every half-hour" if len(known) == len(rates) else f"the {len(known):,} of {len(rates):,} half-hours priced"
    over = f"{which} from {period_label(first, last)}"
    mean = round(sum(known) / len(known), 3)
    own = isinstance(actual.pricing, TariffHistory) and actual.pricing.name == OWN_HISTORY
    two_register = uses_two_registers(actual.pricing)
    if own:
        names = own_tariff_names(actual.pricing, first, last)
        yours = "your own tariffs" if len(set(names)) > 1 else "your own tariff"
        return BaseloadPrice(mean, own_tariffs(actual.pricing, first, last),
                             f"{', then '.join(names)}, {yours}: the average unit rate over {over} inc VAT", over,
                             two_register)
    return BaseloadPrice(mean, actual.label,
                         f"{actual.label} in {REGIONS.get(region, region)} ({region}): the average unit rate over "
                         f"{over} inc VAT", over, two_register)


async def default_price_name(session: Session, household: Household, fuel: str) -> str:
    """The name of the feed tariff that prices the baseload when no price is entered; ``""`` without one."""
    code = await default_tariff_code(session, fuel, household.region or "C")
    if code is None:
        return ""
    try:
        index = await feed_index(session)
    except FeedUnavailable:
        return ""
    family = index.get("tariffs", {}).get(code, {}).get("family")
    return next((f.get("label", "") for f in index.get("families", []) if f.get("key") == family), "")


async def build(session: Session, household: Household, view: View) -> dict:
    full = household.series[view.fuel]
    span = series_days(full)
    view, notices = pattern_view(view, "profile")
    shown = view.period
    series = full if shown.kind == ALL else period_slice(full, *shown.bounds(*span))
    priced = None if view.fuel == "export" else await baseload_price(session, household, view, full)
    price, price_source = (priced.p_per_kwh, priced.source) if priced else (None, "")
    r = profile_report(series, price_p_per_kwh=price)
    unusual, scored = (tuple(map(_scored_as_listed, r.unusual_days)), r.days_scored) if shown.kind == ALL \
        else _unusual_in_period(full, shown.bounds(*span))
    label = FUEL_LABELS[r.fuel]
    period = shown.label if shown.kind != ALL else f"{date_label(r.first_day)} to {date_label(r.last_day)}"
    groups = {g.key: g for g in r.average_days if g.days}
    blocks: list[dict] = []
    exported = r.fuel == "export"
    blocks += _weekday_blocks(groups, exported, gas=view.fuel == "gas")
    blocks += _season_blocks(groups, exported)
    blocks += _distribution_blocks(r.buckets, exported)
    if r.baseload:
        blocks += _baseload_blocks(r, price_source)
    if r.overnight_gas:
        blocks += _overnight_blocks(r, price_source)
    blocks += _unusual_blocks(unusual, scored)
    if view.fuel != "export":
        blocks.append(await _price_form(session, household, view, priced))
    blocks.append(b.text("How to read this", [
        CLOCK_CHANGE_NOTE,
        *(() if exported else ("Typical home: " + TYPICAL_METHOD + (GAS_TYPICAL_NOTE if view.fuel == "gas" else ""),)),
        "Load distribution: " + (EXPORT_DISTRIBUTION_METHOD if exported else DISTRIBUTION_METHOD),
        "Unusual days: " + UNUSUAL_METHOD,
    ]))
    return {
        "title": f"Profile of {label.lower()}: {period}",
        "tabs": fuel_tabs(household, view, SPEC.fuels),
        "crumbs": pattern_crumbs(view, shown),
        "pager": pager(view, *span),
        "period": period_nav(view, *span, kinds=PATTERN_KINDS),
        "totals": _totals(r, groups, unusual, scored),
        "blocks": with_table_downloads(household, view, blocks),
        "view": view.as_params(),
        "notices": notices,
    }


async def _price_form(session: Session, household: Household, view: View, priced: BaseloadPrice | None) -> dict:
    """The price for yearly costs, and the settings that choose it when it is left empty: the region, payment
    method and (on an Economy 7 tariff) night hours, the same fields the cost reports' forms show."""
    region, night, payment = pricing_choice(view.settings, household)
    price = None if priced is None else priced.p_per_kwh
    fields = [
        b.field("price", "Price for yearly costs (p/kWh inc VAT)", "number", view.get("price") or "",
                placeholder="" if price is None else f"{price:g}", min=0, max=500, step="any",
                help=await _price_help(session, household, view.fuel)),
        region_field(region),
        payment_field(payment),
        # Night hours change only a two-register tariff's price; an ``e7`` the URL gives is otherwise kept as is.
        *([e7_field(night)] if priced is not None and priced.two_register else []),
    ]
    shown = {f["name"] for f in fields}
    return settings_form({k: v for k, v in view.as_params().items() if k not in shown}, fields)


async def _price_help(session: Session, household: Household, fuel: str) -> str:
    """What an empty price field stands for."""
    if household.facts.tariffs.get(fuel):
        return ("Leave empty for the average unit rate of your own tariffs over every half-hour of the last twelve "
                "months of your data.")
    name = await default_price_name(session, household, fuel)
    if name:
        return (f"Leave empty for the average unit rate of {name} in your region over the last twelve months of "
                "your data.")
    return "Enter a price to see yearly costs."


def _unusual_in_period(full: Series, period: tuple[dt.date, dt.date]) -> tuple[tuple[UnusualDay, ...], int]:
    """Unusual days of one period and the days scored in it, each judged against its neighbours in the whole history."""
    found, scored = scored_days(daily_totals(full, *series_days(full)))
    lo, hi = period
    return tuple(u for u in found if lo <= u.day <= hi), sum(1 for day in scored if lo <= day <= hi)


def _scored_as_listed(u: UnusualDay) -> UnusualDay:
    """The whole history's list has always shown scores from z at 2 dp (so 3.651 reads 3.6): kept as users saw it."""
    return replace(u, kwh=_r(u.kwh), norm_kwh=_r(u.norm_kwh), z=round(u.z, 2))


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def _gbp(p: float) -> float:
    """Pence to pounds as shown [GBP, 2 dp]."""
    return round(p / 100, 2)


def _totals(r: ProfileReport, groups: dict[str, AverageDay], unusual: tuple[UnusualDay, ...],
            scored: int) -> list[dict]:
    every = groups.get("all")
    total = _day_total(every) if every else None
    out = [b.item("Days with readings", b.amount(every.days, 0, "days") if every else "none"),
           b.item("Average day", b.amount(total, 2, "kWh", "kWh"))]
    if r.baseload:
        out.append(b.item("Baseload (always on)", b.amount(round(r.baseload.watts, 1), 0, "W", "W")))
        cost_p = r.baseload_cost_per_year_p
        if cost_p is not None:
            out.append(b.item("Baseload cost per year", b.gbp(_gbp(cost_p), text=(
                f"{b.pounds(_gbp(cost_p))} at {r.price_p_per_kwh:g} p/kWh"))))
    elif r.fuel == "electricity":
        out.append(b.item("Baseload (always on)", "not enough night-time readings", warn=True))
    if r.overnight_gas:
        og = r.overnight_gas
        out.append(b.item("Overnight gas check", _overnight_status(og), warn=_flagged(og)))
    out.append(b.item("Unusual days", f"{len(unusual)} of {plural(scored, 'day')} scored"))
    return out


def _day_total(g: AverageDay) -> float | None:
    """The average day's energy [kWh]: the sum of its half-hour means."""
    return _r(sum(v for v in g.kwh if v is not None)) if g.days else None


def _kwh_list(values: tuple[float | None, ...]) -> list:
    return [None if v is None else round(_r(v), 4) for v in values]


def _kwh6(values: tuple[float | None, ...]) -> list:
    return [_r(v) for v in values]


# Export is what the home sends out: no typical home's use is set beside it (a typical home exports nothing).
EXPORT_CAPTION = "Your average export in each half-hour of the day: what your home sent out to the grid."


# The typical home's shape is of electricity use (Elexon profile class 1): beside gas it is said to be so.
GAS_TYPICAL_NOTE = " Beside your gas it is still that shape of electricity use: we have no typical shape for gas."


def _weekday_blocks(groups: dict[str, AverageDay], exported: bool = False, *, gas: bool = False) -> list[dict]:
    series = []
    for key in ("weekday", "weekend"):
        if key in groups:
            g = groups[key]
            series.append({"name": f"You: {g.label}", "values": _kwh_list(g.kwh), "style": "solid"})
    for key in ("weekday", "weekend"):
        if key in groups and not exported:
            g = groups[key]
            series.append({"name": f"Typical home: {g.label.split(' ')[0].lower()}",
                           "values": _kwh_list(g.typical_kwh), "style": "dashed"})
    if not series:
        return []
    cols = ["Half-hour starting"]
    data = []
    for key in ("weekday", "weekend"):
        if key in groups and exported:
            cols.append(f"You, {groups[key].label} (kWh)")
            data.append(_kwh6(groups[key].kwh))
        elif key in groups:
            cols += [f"You, {groups[key].label} (kWh)", f"Typical home, {groups[key].label} (kWh)"]
            data += [_kwh6(groups[key].kwh), _kwh6(groups[key].typical_kwh)]
    rows = [[slot, *(b.amount(col[i], 4, "kWh") for col in data)] for i, slot in enumerate(SLOT_LABELS)]
    return [
        b.lines("Average day: weekdays and weekends", "kWh per half-hour", list(SLOT_LABELS), series,
                caption=EXPORT_CAPTION if exported else
                f"Your average use in each half-hour of the day (solid) against a typical home's "
                f"{'electricity-use ' if gas else ''}shape scaled to the same daily total (dashed)."),
        b.table("Data table: average day, weekdays and weekends", cols, rows),
    ]


def _season_blocks(groups: dict[str, AverageDay], exported: bool = False) -> list[dict]:
    seasons = [groups[k] for k in ("DJF", "MAM", "JJA", "SON") if k in groups]
    if len(seasons) < 2:
        return []
    series = [{"name": g.label, "values": _kwh_list(g.kwh), "style": "solid"} for g in seasons]
    cols = ["Half-hour starting"]
    for g in seasons:
        cols += [f"You, {g.label} (kWh)"] if exported else [f"You, {g.label} (kWh)", f"Typical home, {g.label} (kWh)"]
    rows = [[slot, *(b.amount(_r(x), 4, "kWh") for g in seasons
                     for x in ((g.kwh[i],) if exported else (g.kwh[i], g.typical_kwh[i])))]
            for i, slot in enumerate(SLOT_LABELS)]
    days = ", ".join(f"{g.label.split(' ')[0].lower()} {g.days}" for g in seasons)
    return [
        b.lines("Average day by season", "kWh per half-hour", list(SLOT_LABELS), series,
                caption=f"Your average {'export' if exported else 'use'} in each half-hour, by season (days with "
                        f"readings in each: {days})."),
        b.table("Data table: average day by season" + ("" if exported else ", with a typical home"), cols, rows),
    ]


def _share_percent(k: Bucket) -> float:
    return round(k.share * 100, 2)


def _distribution_blocks(buckets: tuple[Bucket, ...], exported: bool = False) -> list[dict]:
    if not buckets:
        return []
    bars = [{"key": str(k.rank), "label": f"{5 * (k.rank - 1)}–{5 * k.rank}", "value": _share_percent(k),
             "complete": True, "drill": None, "note": ""} for k in buckets]
    rows = [[f"Top {5 * (k.rank - 1)}–{5 * k.rank} %", b.amount(k.count, 0, "half-hours"),
             b.amount(_r(k.min_kwh), 3, "kWh"), b.amount(_r(k.max_kwh), 3, "kWh"), b.amount(_r(k.kwh), 2, "kWh"),
             b.amount(_share_percent(k), 2, "%")]
            for k in buckets]
    top = _share_percent(buckets[0])
    return [
        b.bars("Load distribution: share of energy by bucket of half-hours", "% of energy", bars,
               caption=f"All half-hours ranked by {'export' if exported else 'use'}, busiest first, in 20 buckets "
                       f"of equal count (labels: percentiles of half-hours). The busiest 5 % of half-hours carry "
                       f"{top:.1f} % of the energy."),
        b.table("Data table: load distribution", ["Bucket", "Half-hours", "Smallest (kWh)", "Largest (kWh)",
                                                  "Energy (kWh)", "Share of energy (%)"], rows),
    ]


def _baseload_blocks(r: ProfileReport, price_source: str) -> list[dict]:
    bl = r.baseload
    watts = round(bl.watts, 1)
    bars = [{"key": m, "label": f"{MONTH_NAMES[int(m[5:]) - 1]} {m[:4]}",
             "value": round(w, 1), "complete": True, "drill": None, "note": plural(n, "night")}
            for m, w, n in bl.monthly]
    facts = [("Baseload", b.amount(watts, 1, "W", text=f"{watts:,.1f} W (median of {plural(bl.days, 'night')})")),
             ("Energy per year at that power", b.amount(round(bl.kwh_per_year, 1), 0, "kWh", "kWh"))]
    cost_p = r.baseload_cost_per_year_p
    if cost_p is not None:
        facts.append(("Cost per year", b.gbp(_gbp(cost_p), text=(
            f"{b.pounds(_gbp(cost_p))} at {r.price_p_per_kwh:g} p/kWh ({price_source})"))))
    else:
        facts.append(("Cost per year", "enter a price below to see it"))
    out = [b.facts("Baseload: what is always on", facts),
           b.text("", [BASELOAD_METHOD, "Fridges, freezers, routers, standby and heating pumps make up most "
                                        "baseloads; every 10 W always on costs about £25 a year at 28 p/kWh."])]
    if len(bars) > 1:
        out += [b.bars("Baseload by month", "W", bars, caption="Baseload (W) estimated month by month."),
                b.table("Data table: baseload by month", ["Month", "Baseload (W)", "Nights"],
                        [[m, b.amount(round(w, 1), 1, "W"), b.amount(n, 0, "days")] for m, w, n in bl.monthly])]
    return out


def _flagged(og: overnight_gas.OvernightCheck) -> bool:
    return og.status == "possible_continuous_flow"


def _overnight_status(og: overnight_gas.OvernightCheck) -> str:
    if og.status == "possible_continuous_flow":
        return "gas flows all night on most nights: check for a pilot light or a leak"
    if og.status == "insufficient_data":
        return "not enough overnight readings to tell"
    return "no continuous overnight flow"


def _overnight_blocks(r: ProfileReport, price_source: str) -> list[dict]:
    og = r.overnight_gas
    window = "01:00–05:00"
    share = None if og.share is None else round(og.share * 100, 1)
    facts = [("Result", _overnight_status(og), _flagged(og)),
             ("Nights looked at", f"{og.nights:,}" + (
                 f" ({days_label(dt.date.fromisoformat(og.first_night), dt.date.fromisoformat(og.last_night))})"
                 if og.first_night and og.last_night else "")),
             ("Nights with gas flowing all through " + window,
              f"{og.flowing:,}" + (f" ({share:g} %)" if share is not None else ""))]
    flow = og.typical_kwh
    if flow:
        watts = round(flow * 2000, 1)
        kwh_day = round(flow * 48, 3)
        m3_hour = round(flow * 2 / overnight_gas.KWH_PER_M3, 4)
        facts.append(("Typical overnight flow", b.amount(watts, 0, "W", text=(
            f"{watts:,.0f} W, {kwh_day:g} kWh a day, {m3_hour:g} m³ an hour"))))
        cost_p = r.overnight_cost_per_year_p
        if cost_p is not None:
            facts.append(("If it ran all year", b.gbp(_gbp(cost_p), text=(
                f"{b.pounds(_gbp(cost_p))} ({price_source})"))))
    rule = (f"The check looks at the latest {overnight_gas.RECENT_NIGHTS} nights with readings and flags when at "
            f"least {overnight_gas.FLAG_SHARE * 100:g} % of them never drop to zero between {window} (needs "
            f"{overnight_gas.MIN_NIGHTS} nights).")
    return [b.facts("Overnight gas check: is gas flowing all night?", facts),
            b.text("", [rule, GAS_ADVICE], tone="warn" if _flagged(og) else "info")]


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _unusual_blocks(days: tuple[UnusualDay, ...], scored: int) -> list[dict]:
    if not scored:  # "None of the 0 days scored stands out" would say nothing: say why no day is scored
        return [b.text("Unusual days", [
            f"No day could be scored: each is compared with at least {MIN_NEIGHBOURS} complete days on the same "
            f"weekday within {WINDOW_DAYS // 7} weeks either side, and no day here has that many."])]
    if not days:
        return [b.text("Unusual days", [f"None of the {scored:,} days scored stands out from the same "
                                        "weekday's norm."])]
    rows = [[date_label(d.day), WEEKDAYS[d.day.weekday()], b.amount(d.kwh, 2, "kWh"), b.amount(d.norm_kwh, 2, "kWh"),
             "higher" if d.direction == "high" else "lower", b.amount(d.z, 1, "z")] for d in days]
    return [b.table(f"Unusual days ({len(days)}): use far from the same weekday's norm",
                    ["Day", "Weekday", "Use (kWh)", "Norm (kWh)", "Direction", "Score (robust z)"], rows, open=True)]


SPEC = ReportSpec(
    name="profile",
    label="Profile",
    order=50,
    build=build,
    params=("price", *PRICING_KEYS),
    settings=ProfileSettings.from_params,
    description="Your average day against a typical home, load distribution, baseload, overnight gas, unusual days.",
)
