"""The overview: one screen of answers, first after loading or "Try the demo".

Cards per fuel for the last complete month (the last with a reading) and the last twelve months (kWh
and £, against the year before where the data reaches back that far), the
projected annual bill, the best tariff (and import × export pair) with its
yearly saving, the baseload's yearly cost, carbon and the timing score, and
data completeness; every card links to the report behind it. Then findings
in plain English, ranked by £ a year, each with its reasoning folded below.

No second pricing code: the £ figures are the comparison's
(:func:`~pyruntime.reports.compare.compare_view`, the same money as the cost,
bill and compare views), the baseload is the profile report's and the carbon
the emissions report's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..analysis.baseload import FEW_NIGHTS, baseload
from ..analysis.carbon import CarbonRow, emissions_report
from ..analysis.slotgrid import slot_grid
from ..errors import BadRequest, FeedUnavailable
from ..household import Household
from ..present import blocks as b
from ..present.coverage import no_prices, priced_days, runs_label
from ..present.datafiles import load_intensity
from ..present.nav import MONTH_NAMES
from ..present.pricing import period_label
from ..present.unavailable import get_feed_coverage, overlap
from ..present.view import View
from ..pricing.compare import (
    MIN_DAYS_FOR_A_YEAR,
    MIN_SHARE_TO_SCALE,
    ActualResult,
    Comparison,
    FuelComparison,
    TariffResult,
)
from ..pricing.money import pounds, total_shown
from ..session import Session
from ..timeseries.aggregate import daily_totals, month_key, series_days
from ..timeseries.londontime import HALF_HOUR, local_date
from ..timeseries.series import FUEL_LABELS, Series
from ..wording import plural
from . import ReportSpec
from .compare import SPEC as COMPARE
from .compare import compare_view
from .profile import SPEC as PROFILE
from .profile import baseload_price

ORDER = ("electricity", "gas", "export")
LINK_LABELS = {"consumption": "Consumption", "cost": "Cost", "bill": "Bill", "compare": "Compare tariffs",
               "profile": "Profile", "emissions": "Emissions", "quality": "Data quality"}
"""The menu's name for each report a card opens, for the card's link text."""


@dataclass(frozen=True)
class Finding:
    """One plain-English finding worth ``gbp`` [£], with the reasoning behind it. ``gbp`` is a year's worth, or the
    period's own where the period is shorter than a year and its text says so (never a year made up from a season)."""

    gbp: float
    text: str
    why: str
    report: str
    fuel: str


@dataclass(frozen=True)
class Card:
    """A figure and the report that explains it."""

    title: str
    lines: tuple[str, ...]
    report: str
    fuel: str
    extra: dict = field(default_factory=dict)


def month_label(key: str) -> str:
    return f"{MONTH_NAMES[int(key[5:]) - 1]} {key[:4]}"


def last_complete_month(last_day: dt.date) -> str:
    """``YYYY-MM`` of the last calendar month that the data runs to the end of."""
    after = last_day + dt.timedelta(days=1)
    if after.day == 1:
        return last_day.strftime("%Y-%m")
    first = last_day.replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m")


def kwh_between(household: Household, fuel: str, first: dt.date, last: dt.date) -> tuple[float, int, int]:
    """``(kWh, half-hours present, half-hours expected)`` of ``fuel`` from ``first`` to ``last``."""
    days = daily_totals(household.series[fuel], first, last)
    return (sum(d.kwh for d in days), sum(d.present for d in days), sum(d.expected for d in days))


def money(x: float) -> str:
    return b.pounds(x)


def more_or_less(now: float, before: float, unit: str) -> str:
    if before <= 0:
        return ""
    change = (now - before) / before * 100
    word = "more" if change >= 0 else "less"
    return f"{abs(change):.0f}% {word} than the year before ({before:,.0f} {unit})"


async def _carbon(session: Session, household: Household, region: str) -> CarbonRow | None:
    series = household.series.get("electricity")
    span = series_days(series) if series else None
    if span is None:
        return None
    try:
        intensity, _, _ = await load_intensity(session, region, False, *span)
    except FeedUnavailable:
        return None
    return emissions_report(series, intensity).totals


async def build(session: Session, household: Household, view: View) -> dict:
    fuels = [f for f in ORDER if f in household.fuels()]
    compare_params = {k: v for k, v in view.extra if k in ("region", "custom", "e7", "payment")}
    try:
        # The comparison over its default period (the last twelve months), with its own settings parser.
        typed, _ = COMPARE.settings({"report": "compare", "fuel": fuels[0], **compare_params}, household)
        wanted = View("compare", fuels[0], extra=tuple(sorted(typed.to_params().items())), settings=typed)
        r, ctx = await compare_view(session, household, wanted)
    except (BadRequest, FeedUnavailable):
        r, ctx = None, None
    region = ctx["region"] if ctx else (view.get("region") or household.region or "C")

    cards: list[Card] = []
    findings: list[Finding] = []
    seasons_note = _seasons_said_once(r)
    if r is not None:
        cards += _tariff_cards(r, findings, seasons_note)
    for fuel in fuels:
        cards += _fuel_cards(household, fuel, r, seasons_note)
    bl = await _baseload_card(session, household, findings,
                              {k: v for k, v in compare_params.items() if k in PROFILE.params})
    if bl:
        cards.append(bl)
    carbon = await _carbon(session, household, region)
    if carbon:
        score = carbon.timing_score_percent
        lines = [f"{carbon.kg:,.0f} kgCO2e from electricity import over all your data"]
        if score is not None:
            cleaner = "cleaner" if score >= 0 else "dirtier"
            lines.append(f"Timing score {score:+.1f}%: your use met {cleaner} electricity than average")
        cards.append(Card("Carbon", tuple(lines), "emissions", "electricity"))
    cards.append(_completeness_card(household, fuels))

    findings.sort(key=lambda f: -f.gbp)
    blocks: list[dict] = []
    if findings:
        blocks.append(b.text("Findings, largest first", [f"{i}. {f.text}" for i, f in enumerate(findings, 1)]))
    if seasons_note:  # said once above the cards, rather than on every card it holds for
        blocks.append(b.text("Not projected to a year", [seasons_note]))
    blocks.append(_cards_block(cards, view))
    if findings:
        blocks.append(b.table("Why: the reasoning behind each finding", ["Finding", "How it was worked out"],
                              [[b.cell(f.text, round(f.gbp, 2), "GBP"), f.why] for f in findings]))
    uncovered = await _prices_miss_the_data(session, household, fuels, region)
    if uncovered:  # first: it says why no card shows £
        blocks.insert(0, b.text("Costs", [uncovered], tone="warn"))
    elif r is None:
        blocks.append(b.text("Costs", ["The price feeds on this site do not cover your data's dates or region, so "
                                       "this overview shows energy only. Compare tariffs lets you enter your rates "
                                       "by hand."], tone="warn"))
    return {
        "title": "Overview",
        "subtitle": household.facts.label,
        "totals": [],
        "blocks": blocks,
    }


async def _prices_miss_the_data(session: Session, household: Household, fuels: list[str], region: str) -> str:
    """Why no card shows £ when the feeds' prices cover none of the data's days; ``""`` when they cover some."""
    spans = [s for f in fuels if (s := series_days(household.series[f]))]
    coverage = await get_feed_coverage(session, region)
    if not spans or coverage is None:
        return ""
    data = (min(s[0] for s in spans), max(s[1] for s in spans))
    if coverage.prices is not None and overlap(data, coverage.prices) is not None:
        return ""
    covered = period_label(*coverage.prices) if coverage.prices else "no dates"
    return (f"The prices on this site cover {covered}, none of your data's dates ({period_label(*data)}), so this "
            "overview shows energy only. For costs, open Cost or Bill and enter your tariff's rates by hand.")


def _seasons_said_once(r: Comparison | None) -> str:
    """Why the cards' £ are not scaled to a year when the period is shorter than one, said once above the cards;
    ``""`` when no card's £ is held back for that reason alone (a longer period, or every fuel thinly read or
    part-priced, whose cards give their own reason)."""
    if r is None or r.days >= MIN_DAYS_FOR_A_YEAR:
        return ""
    if not any(x.actual and x.actual.coverage.full and not _too_thin_to_scale(x) for x in r.fuels.values()):
        return ""
    return (f"The bills and savings below are for these {plural(r.days, 'day')} "
            f"({period_label(r.first_day, r.last_day)}), not projected to a year: {_seasons_left_out(r.days)}.")


def _fuel_cards(household: Household, fuel: str, r: Comparison | None, seasons_note: str) -> list[Card]:
    span = series_days(household.series[fuel])
    if span is None:
        return []
    label = FUEL_LABELS[fuel]
    noun = "earned" if fuel == "export" else "cost"
    block = r.fuels.get(fuel) if r is not None else None
    actual = block.actual if block else None
    out = []
    latest = last_complete_month(span[1])
    if dt.date(int(latest[:4]), int(latest[5:]), 1) >= span[0]:
        out.append(_month_card(household, fuel, span, latest, actual, r))
    if r is not None:
        first, last = r.first_day, r.last_day
    else:
        first, last = max(span[0], span[1] - dt.timedelta(days=364)), span[1]
    kwh, _, _ = kwh_between(household, fuel, first, last)
    days = (last - first).days + 1
    lines = [f"{kwh:,.0f} kWh over {plural(days, 'day')} ({period_label(first, last)})"]
    cover = actual.coverage if actual else None
    if actual and cover and cover.none:
        lines.append(no_prices(cover, None).split(", so")[0])
    elif actual and cover:
        taxes = "" if fuel == "export" else ", with standing charges and VAT"
        total = pounds(actual.total_p)
        lines.append(f"{money(total)} {noun} on {_in_sentence(actual.label)}{taxes}" + ("" if cover.full else
                                                                         f", {priced_days(cover)}"))
        if days < 365 and _too_thin_to_scale(block):
            lines.append(f"Not projected to a year: only {_share_read([block])} of these half-hours have a reading")
        elif _too_thin_to_scale(block):  # a year of days, but not a year's bill
            lines.append(f"only {_share_read([block])} of these half-hours have a reading")
        elif (cover.covered_days if cover.partial else days) < MIN_DAYS_FOR_A_YEAR:
            # A season's bill times a year misstates the year (a winter's heating counted twelve months over).
            if cover.partial:
                lines.append(f"Not projected to a year: {_seasons_left_out(cover.covered_days, 'priced day')}")
            elif not seasons_note:  # else said once above the cards
                lines.append(f"Not projected to a year: {_seasons_left_out(days)}")
        elif cover.partial:  # the unpriced days count nothing: scale the priced days' money, and say so
            lines.append(f"Projected for a year from the {plural(cover.covered_days, 'priced day')} only: "
                         f"{money(total * 365 / cover.covered_days)}")
        elif days < 365:
            lines.append(f"Projected for a year: {money(total * 365 / days)}")
    before_first = first.replace(year=first.year - 1)
    if before_first >= span[0]:
        before, _, _ = kwh_between(household, fuel, before_first, last.replace(year=last.year - 1))
        lines.append(more_or_less(kwh, before, "kWh"))
    # Titled by the days it covers: "last 12 months" only when it is a year's.
    over = "last 12 months" if days >= 365 else period_label(first, last)
    out.append(Card(f"{label}: {over}", tuple(x for x in lines if x), "cost" if actual else "consumption", fuel))
    return out


def _priced_by_fuel(blocks: list[FuelComparison]) -> str:
    """The days each fuel's prices cover, said once when every fuel's are the same days."""
    covers = [x.actual.coverage for x in blocks if x.actual]
    if len(set(covers)) == 1:
        return "no prices for these days" if covers[0].none else f"the £ are {priced_days(covers[0])}"
    return "; ".join(f"{FUEL_LABELS[x.fuel].lower()}: "
                     f"{'no prices' if c.none else priced_days(c).removeprefix('for ')}"
                     for x, c in zip(blocks, covers, strict=True))


def _month_pounds(actual: ActualResult, i: int, first: dt.date, noun: str) -> str:
    """Month ``i``'s £ on the household's tariff, marked when its prices cover only part of it, or why there is none."""
    cover = actual.coverage.within(first, _month_end(first))
    if cover.none:
        where = ("" if actual.coverage.none
                 else f" (the prices cover {runs_label(actual.coverage.covered)})")
        return f"no £: no prices for {month_label(first.strftime('%Y-%m'))}{where}"
    text = f"{money(pounds(actual.months_p[i]))} {noun} on {_in_sentence(actual.label)}"
    return text if cover.full else f"{text}, {priced_days(cover)}"


def _month_card(household: Household, fuel: str, span: tuple[dt.date, dt.date], latest: str,
                actual: ActualResult | None, r: Comparison | None) -> Card:
    """The card for the last calendar month that has a reading of ``fuel``, saying so when it is not ``latest``:
    "the last whole month with a reading" only when its readings run from its first day to its last, else the days
    they run over (gas that stopped on 29 Jul 2023 makes July the last month with readings, not a whole one).

    A month without a single reading would be priced at its standing charges alone: that is no month's cost,
    so such a month gets no £ figure, only the plain fact that it has no readings.
    """
    label = FUEL_LABELS[fuel]
    month = _last_month_read(household.series[fuel], span, latest)
    if month is None:
        return Card(f"{label}: {month_label(latest)}", (f"no {label.lower()} readings in {month_label(latest)}",),
                    "consumption", fuel, {"month": latest})
    m_first = dt.date(int(month[:4]), int(month[5:]), 1)
    kwh, present, expected = kwh_between(household, fuel, m_first, _month_end(m_first))
    lines = [f"{kwh:,.0f} kWh"]
    if actual and r and month in r.months:
        noun = "earned" if fuel == "export" else "cost"
        lines.append(_month_pounds(actual, r.months.index(month), m_first, noun))
    if expected and present / expected < MIN_SHARE_TO_SCALE:  # the month is its days with readings only
        lines.append(f"only {present / expected:.0%} of its half-hours have a reading")
    if month != latest:
        after = _month_end(m_first) + dt.timedelta(days=1)
        since = (f"in {month_label(latest)}" if month_key(after) == latest
                 else f"from {month_label(month_key(after))} to {month_label(latest)}")
        read = [d.day for d in daily_totals(household.series[fuel], m_first, _month_end(m_first)) if d.present]
        if read[0] == m_first and read[-1] == _month_end(m_first):
            lines.append(f"the last whole month with a reading: there are none {since}")
        else:
            lines.append(f"the last month with readings ({period_label(read[0], read[-1])}): there are none {since}")
    year_before = m_first.replace(year=m_first.year - 1)
    if year_before >= span[0]:
        before, _, _ = kwh_between(household, fuel, year_before, _month_end(year_before))
        lines.append(more_or_less(kwh, before, "kWh"))
    return Card(f"{label}: {month_label(month)}", tuple(x for x in lines if x), "consumption", fuel, {"month": month})


def _last_month_read(series: Series, span: tuple[dt.date, dt.date], latest: str) -> str | None:
    """``YYYY-MM`` of the last whole month up to ``latest`` with at least one reading; None when none has one."""
    last_read = next((i for i in range(len(series.values) - 1, -1, -1) if series.values[i] is not None), None)
    if last_read is None:
        return None
    # No month after the one holding the last reading can have one: start there (or at ``latest``, if earlier).
    first = dt.date.fromisoformat(min(latest, month_key(local_date(series.start + last_read * HALF_HOUR))) + "-01")
    while first >= span[0]:
        if any(d.present for d in daily_totals(series, first, _month_end(first))):
            return month_key(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return None


def _month_end(first: dt.date) -> dt.date:
    nxt = first.replace(year=first.year + (first.month == 12), month=first.month % 12 + 1)
    return nxt - dt.timedelta(days=1)


def _too_thin_to_scale(block: FuelComparison | None) -> bool:
    return block is not None and not block.scales_to_a_year


def _seasons_left_out(days: int, noun: str = "day") -> str:
    """Why a period shorter than :data:`MIN_DAYS_FOR_A_YEAR` gets no yearly figure, as compare and the lab say it."""
    return f"{plural(days, noun)} leave{'s' if days == 1 else ''} seasons out; a year of data gives the yearly figure"


def _share_read(blocks: list[FuelComparison]) -> str:
    """``6%`` of the half-hours with a reading, over ``blocks`` together."""
    present, expected = sum(x.present for x in blocks), sum(x.expected for x in blocks)
    return f"{100 * present / expected:.0f}%" if expected else "none"


def _in_sentence(label: str) -> str:
    """A tariff's name inside a sentence: the household's own ("Your tariff history") then reads in lower case."""
    return label[:1].lower() + label[1:] if label.startswith("Your ") else label


def _gain(block: FuelComparison, amount: str, over: str) -> str:
    """The best tariff against the household's own, as a card says it: export is paid, so it earns more."""
    own = _in_sentence(block.actual.label) if block.actual else ""
    return f"earns {amount} more {over} than {own}" if block.revenue else f"saves {amount} {over} against {own}"


def _verb(block: FuelComparison, amount: str) -> str:
    """"save you £4.04", or for export "earn you £4.04 more": a finding's £ is always the difference."""
    return f"earn you {amount} more" if block.revenue else f"save you {amount}"


def _sold_with(r: Comparison, tariff: TariffResult) -> TariffResult | None:
    """The other half of the pair ``tariff`` is sold in (Flux import with Flux export), or None."""
    if not tariff.pair:
        return None
    return next((t for block in r.fuels.values() for t in block.tariffs
                 if t.pair == tariff.pair and t.key != tariff.key), None)


def _best_pair(r: Comparison) -> str:
    pair = next(iter(r.net), None)
    imp, exp = (r.tariff(pair.import_key), r.tariff(pair.export_key)) if pair else (None, None)
    if pair is None or imp is None or exp is None:
        return "see the best import × export pair"
    return f"the best import × export pair is {imp.label} with {exp.label}"


HOUSEHOLD_REPORT = "compare"  # every fuel's bill together is compare's "Your household": the bill shows one fuel


def _tariff_cards(r: Comparison, findings: list[Finding], seasons_note: str) -> list[Card]:
    out = []
    signed_p: list[float] = []  # each fuel's own total, signed; added as shown, as compare's answer adds them
    billed: list[FuelComparison] = []
    for fuel in ORDER:
        block = r.fuels.get(fuel)
        if not block or not block.actual:
            continue
        sign = -1 if block.revenue else 1
        actual_gbp = pounds(block.actual.total_p)
        signed_p.append(sign * block.actual.total_p)
        billed.append(block)
        best = block.best
        if best is None:
            continue
        saving, best_gbp = best.saving_gbp, pounds(best.total_p)  # saving: of the £ shown, to the penny
        lines = [f"{best.label}: {money(best_gbp)} for the same {plural(r.days, 'day')}"]
        own = _in_sentence(block.actual.label)
        on_best = f"you are already on the best tariff for {FUEL_LABELS[fuel].lower()} over these days"
        partner = None if best.current else _sold_with(r, best)
        if partner is not None:  # its £ holds only beside its partner's: no saving or finding of its own
            lines.append(f"sold only together with {partner.label}, so not a saving on its own: {_best_pair(r)}")
            out.append(Card(f"Best tariff: {FUEL_LABELS[fuel].lower()}", tuple(lines), "compare", fuel))
            continue
        if saving is not None and _too_thin_to_scale(block):
            lines.append(f"{_gain(block, money(saving), 'over these days')}; not scaled to a year, as only "
                         f"{_share_read([block])} of their half-hours have a reading" if saving > 0.005 else on_best)
            out.append(Card(f"Best tariff: {FUEL_LABELS[fuel].lower()}", tuple(lines), "compare", fuel))
            continue
        if saving is not None and r.days < MIN_DAYS_FOR_A_YEAR:  # one season's saving, said over its days
            if saving > 0.005:
                gain = _gain(block, money(saving), "over these days")
                lines.append(gain if seasons_note else f"{gain}; not scaled to a year: {_seasons_left_out(r.days)}")
                # Ranked among the findings by the period's own £, never a yearly figure made up from it.
                findings.append(Finding(
                    saving, f"{best.label} would {_verb(block, money(saving))} over these {plural(r.days, 'day')} on "
                    f"{FUEL_LABELS[fuel].lower()}.",
                    f"Your own {plural(r.days, 'day')} of half-hours priced on every tariff in the feeds, with "
                    f"standing charges and VAT: {best.label} {money(best_gbp)} against {own} "
                    f"{money(actual_gbp)}; not scaled to a year, as a period shorter than a year leaves seasons out.",
                    "compare", fuel))
            else:
                lines.append(on_best)
            out.append(Card(f"Best tariff: {FUEL_LABELS[fuel].lower()}", tuple(lines), "compare", fuel))
            continue
        yearly = None if saving is None else saving * 365 / r.days
        if yearly is not None and yearly > 0.5:
            lines.append(_gain(block, f"about {money(yearly)}", "a year"))
            findings.append(Finding(
                yearly, f"{best.label} would {_verb(block, f'about {money(yearly)}')} a year on "
                f"{FUEL_LABELS[fuel].lower()}.",
                f"Your own {plural(r.days, 'day')} of half-hours priced on every tariff in the feeds, with standing "
                f"charges and VAT: {best.label} {money(best_gbp)} against {own} "
                f"{money(actual_gbp)}, scaled to 365 days.", "compare", fuel))
        elif yearly is not None:
            lines.append(f"you are already on the best tariff for {FUEL_LABELS[fuel].lower()}, or within 50p a year")
        out.append(Card(f"Best tariff: {FUEL_LABELS[fuel].lower()}", tuple(lines), "compare", fuel))
    pair = next(iter(r.net), None)
    if pair:
        imp, exp = r.tariff(pair.import_key), r.tariff(pair.export_key)
        out.append(Card("Best import × export pair",
                        (f"{imp.label if imp else pair.import_key} with "
                         f"{exp.label if exp else pair.export_key}: {money(pair.net_gbp)} net for "
                         f"{plural(r.days, 'day')}",), "compare", "electricity"))
    # Each fuel's total as shown, added up: compare's household total, which is the sum of the fuels it shows.
    bill = total_shown(signed_p)
    part_priced = [x for x in billed if x.actual and not x.actual.coverage.full]
    if part_priced:  # unpriced days would count as nothing in a yearly figure
        out.insert(0, Card("Your bill for the priced days", (
            f"{money(bill)} for {_fuels_billed(billed)} over the days the prices cover{_export_off(billed)}",
            "not projected to a year: " + _priced_by_fuel(part_priced)), HOUSEHOLD_REPORT, "electricity"))
    elif billed and any(map(_too_thin_to_scale, billed)):
        out.insert(0, Card("Your bill for these days", (
            f"{money(bill)} for {_fuels_billed(billed)} over {plural(r.days, 'day')} "
            f"({period_label(r.first_day, r.last_day)}){_export_off(billed)}",
            f"not projected to a year: only {_share_read(billed)} of these half-hours have a reading, and a missing "
            "one counts as nothing"), HOUSEHOLD_REPORT, "electricity"))
    elif billed and r.days < MIN_DAYS_FOR_A_YEAR:
        said = (f"{money(bill)} for {_fuels_billed(billed)} over {plural(r.days, 'day')} "
                f"({period_label(r.first_day, r.last_day)}){_export_off(billed)}")
        why = () if seasons_note else (f"not projected to a year: {_seasons_left_out(r.days)}",)
        out.insert(0, Card("Your bill for these days", (said, *why), HOUSEHOLD_REPORT, "electricity"))
    elif billed:
        yearly = round(bill * 365 / r.days, 2) + 0.0
        out.insert(0, Card("Projected annual bill", (
            f"{money(yearly)} a year for {_fuels_billed(billed)}{_export_off(billed)}",
            f"from {plural(r.days, 'day')} of your own half-hours"), HOUSEHOLD_REPORT, "electricity"))
    return out


def _fuels_billed(billed: list[FuelComparison]) -> str:
    """What the household's bill adds up: "every fuel", or the one fuel it has."""
    return "every fuel" if len(billed) > 1 else FUEL_LABELS[billed[0].fuel].lower()


def _export_off(billed: list[FuelComparison]) -> str:
    """", export earnings taken off" when the bill holds export beside what the household pays for: a household
    without an export meter was told of export earnings it does not have."""
    return ", export earnings taken off" if len(billed) > 1 and any(b.fuel == "export" for b in billed) else ""


def nights_rested_on(nights: int) -> str:
    """How many nights of readings the baseload rests on, in the words its card and its finding both use: below
    :data:`FEW_NIGHTS` also that more would give a surer figure."""
    if nights < FEW_NIGHTS:
        return f"This rests on {plural(nights, 'night')} of readings only; more nights give a surer figure."
    return f"This rests on {plural(nights, 'night')} of readings."


async def _baseload_card(session: Session, household: Household, findings: list[Finding],
                         pricing_params: dict[str, str]) -> Card | None:
    series = household.series.get("electricity")
    span = series_days(series) if series else None
    if span is None:
        return None
    bl = baseload(slot_grid(series, *span))
    if bl is None:
        return None
    # Priced as the profile report prices it, with the region, Economy 7 hours and payment method the address sets:
    # on the tariffs the other cards price the household on, over the same twelve months.
    typed, _ = PROFILE.settings({"report": "profile", "fuel": "electricity", **pricing_params}, household)
    priced = await baseload_price(session, household, View("profile", "electricity", settings=typed), series)
    lines = [f"{bl.watts:,.0f} W always on: {bl.kwh_per_year:,.0f} kWh a year"]
    if priced is not None:
        price = priced.p_per_kwh
        cost = bl.kwh_per_year * price / 100
        lines.append(f"about {money(cost)} a year at {price:.2f} p/kWh")
        findings.append(Finding(
            cost, f"Your always-on load of {bl.watts:,.0f} W costs about {money(cost)} a year on {priced.tariff}: "
                  f"{bl.kwh_per_year:,.0f} kWh at {price:.2f} p/kWh, the average unit rate over {priced.over}."
                  # A year's finding leaves the count to the card and the method: only few nights need saying.
                  + (f" {nights_rested_on(bl.days)}" if bl.days < FEW_NIGHTS else ""),
            f"The median over {plural(bl.days, 'night')} of the three lowest half-hours between 00:00 and 05:00, as "
            f"power, running all year, priced at {price:.2f} p/kWh ({priced.source}).", "profile", "electricity"))
    lines.append(nights_rested_on(bl.days))
    return Card("Baseload", tuple(lines), "profile", "electricity")


def _completeness_card(household: Household, fuels: list[str]) -> Card:
    lines = []
    for fuel in fuels:
        s = household.series[fuel]
        share = s.present / len(s.values) * 100 if s.values else 0
        lines.append(f"{FUEL_LABELS[fuel]}: {s.present:,} of {len(s.values):,} half-hours ({share:.1f}%)")
    return Card("Data completeness", tuple(lines), "quality", fuels[0])


def _cards_block(cards: list[Card], view: View) -> dict:
    keep = dict(view.extra)
    return {"type": "cards", "title": "At a glance", "cards": [
        {"title": c.title, "lines": list(c.lines),
         # Lower-case the title's first letter only: months stay "Dec 2023".
         "link": {"label": f"Open {LINK_LABELS[c.report]}: {c.title[:1].lower()}{c.title[1:]}",
                  "params": {**keep, "report": c.report, "fuel": c.fuel, **c.extra}}}
        for c in cards]}


SPEC = ReportSpec(
    name="overview",
    label="Overview",
    order=0,
    build=build,
    fuels=("electricity", "gas", "export"),
    description="One screen of answers: costs, best tariff, baseload, carbon and findings in £.",
)
