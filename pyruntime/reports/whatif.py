"""The what-if lab as the page shows it: a scenario's settings, every tariff before and after, and why.

URL settings (see ``whatif.lab.PARAMS``): ``battery`` [kWh usable],
``battery_kw``, ``battery_eff`` [%], ``battery_cost`` [£], ``strategy``
(``timer`` | ``day_ahead``), ``plan`` (``cheapest`` | ``every``: the pairs
day-ahead plans), ``bound`` (``1``: also the perfect-foresight
upper bound on the best tariff), ``solar`` [kWp], ``solar_facing``,
``solar_tilt`` [°], ``solar_cost`` [£], ``solar_profile`` (``model`` |
``export``: the household's export readings scaled), ``ev_miles`` [miles a year] or ``ev_kwh`` [kWh a year],
``ev_eff`` [miles/kWh], ``ev_kw``, ``ev_window`` (``HHMM-HHMM``),
``heat_pump`` (``1``), ``boiler_eff`` [%], ``cop`` (one or twelve values),
``cap_gas`` (``1``/``0``), ``shift`` [%] or ``shift_kwh`` [kWh a day], ``shift_window``, ``shift_hours``,
``export`` (one export tariff for imports sold without one; by default
every such pair is ranked wherever something is exported), plus the
shared ``region``, ``from``/``to``, ``custom`` and ``has`` (what the household
already has: only tariffs it could take, with the scenario's devices, are
ranked, as the comparison ranks them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..errors import BadRequest
from ..feeds.client import REGIONS
from ..household import Household
from ..present import blocks as b
from ..present.coverage import month_coverage, priced_pounds
from ..present.datafiles import load_intensity, with_table_downloads
from ..present.nav import pager, period_nav
from ..present.period import ALL, DAY, MONTH, RANGE, WEEK, YEAR, Period
from ..present.pricing import PricingSettings, household_span, last_twelve_months, period_label
from ..present.view import View
from ..pricing.catalogue import catalogue
from ..pricing.compare import MIN_SHARE_TO_SCALE, TAGS
from ..pricing.money import difference_shown
from ..session import Session
from ..timeseries.londontime import MONTH_NAMES, day_bounds
from ..typednumber import Unit
from ..whatif.battery import STRATEGIES
from ..whatif.lab import (
    DEFAULTS,
    DEVICE_KEYS,
    PARAMS,
    UNITS,
    Inputs,
    Offer,
    Progress,
    Row,
    Settings,
    WhatIf,
    assumptions,
    run_whatif,
    typical_day,
    url_params,
)
from ..whatif.solar import PROFILES
from ..whatif.solar_data import ORIENTATIONS
from ..wording import entered_by_you, plural
from . import ReportSpec


@dataclass(frozen=True)
class LabSettings:
    """The lab's URL settings, read once.

    pricing : the shared ones (period, region, hand-entered tariffs, Economy 7 hours), checked here.
    own : the lab's own keys as typed, those that differ from their defaults (the URL keeps only these, see
        :func:`~pyruntime.whatif.lab.url_params`); :class:`~pyruntime.whatif.lab.Settings` checks them so a bad
        one shows by its field rather than as a notice.
    """

    pricing: PricingSettings
    own: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_params(cls, params: dict[str, str], household: Household) -> tuple[LabSettings, list[str]]:
        keys = ("from", "to", "region", "custom", "has", "e7", "payment")
        # Without electricity (the lab then only says so) the period is read against the data there is.
        fuels = ["electricity"] if "electricity" in household.series else None
        pricing, notices = PricingSettings.from_params(params, household, keys, household_span(household, fuels))
        own = url_params(params)
        return cls(pricing, own), notices

    def to_params(self) -> dict[str, str]:
        return {**self.pricing.to_params(), **dict(self.own)}


def _pounds(p: float | None) -> str:
    return b.pounds(None if p is None else p / 100)


def _gbp(p: float | None, text: str | None = None) -> dict:
    """Pence as a £ cell (text and number)."""
    return b.gbp(None if p is None else p / 100, text=text)


def _kwh(x: float | None) -> dict:
    return b.amount(x, 0, "kWh", "kWh")


LAB_KINDS = (WEEK, MONTH, YEAR, ALL)
"""Periods the period bar offers the lab (a day is too short to judge a battery or panels on)."""


def lab_period(view: View, span: tuple[dt.date, dt.date]) -> tuple[Period, bool]:
    """The period the scenario runs over, and whether the URL chose it.

    ``from``/``to`` win; then the URL's week, month or year (a day opens its month); else the last twelve
    months of data, which price a whole year of seasons.
    """
    s: LabSettings = view.settings
    if s.pricing.start or s.pricing.end:
        return Period(RANGE, *s.pricing.period(span, last_twelve_months(span))), True
    p = view.period
    if p.kind == DAY:
        p = Period.of(MONTH, p.start)
    if p.kind in (WEEK, MONTH, YEAR):
        return p, True
    return Period(RANGE, *last_twelve_months(span)), False


def _period_view(view: View, period: Period) -> View:
    """``view`` showing ``period`` the one way the URL says it (``from``/``to`` only for a range)."""
    extra = tuple((k, v) for k, v in view.extra if k not in ("from", "to"))
    return replace(view, extra=extra).with_period(period)


def lab_period_bar(view: View, span: tuple[dt.date, dt.date], period: Period) -> tuple[dict, dict]:
    """The period bar and pager over the lab: each link runs the same scenario over another period.

    "All data" is the whole span as a range: without a period the lab runs over the last twelve months.
    """
    shown = _period_view(view, period)
    bar = period_nav(shown, *span, kinds=LAB_KINDS)
    whole = Period(RANGE, *span)
    for kind in bar["kinds"]:
        if kind["kind"] == ALL:
            kind["params"] = _period_view(view, whole).as_params()
            kind["current"] = period.bounds(*span) == span
    if period.kind == RANGE and period.bounds(*span) == span:
        bar["label"] = f"All data ({period.label})"
        bar["kind"] = ALL  # the custom range stays folded: nothing was asked for
    return bar, pager(shown, *span)


async def whatif_view(session: Session, household: Household, view: View,
                      progress: Progress | None = None) -> tuple[Settings, WhatIf, dict]:
    """The scenario for ``view``, computed, and context for presenting it (``progress`` hears how it goes)."""
    if "electricity" not in household.series:
        raise BadRequest("the what-if lab needs electricity import data; this household has none")
    span = household_span(household, ["electricity"])
    s: LabSettings = view.settings
    first, last = lab_period(view, span)[0].bounds(*span)
    region = s.pricing.region
    settings = Settings.from_params(dict(s.own), region)
    fuels = [f for f in ("electricity", "export", "gas") if f in household.series or f == "export"]
    cat = await catalogue(session, region, fuels, first, last, night=s.pricing.night, payment=s.pricing.payment)
    customs = list(s.pricing.customs)

    def offers(fuel: str) -> tuple[Offer, ...]:
        out = [Offer(o.key, o.label, o.pricing, o.terms.pair, o.terms.requires) for o in cat.offers if o.fuel == fuel]
        out += [Offer(t.key, entered_by_you(t.tariff.name), t.tariff) for t in customs if t.fuel == fuel]
        return tuple(out)

    gas_offers = offers("gas")
    notes: list[str] = list(cat.notices)
    gas_offer = None
    if "gas" in household.series and gas_offers:
        gas_offer = next((o for o in gas_offers if o.key == "flexible_gas"), gas_offers[0])
    if settings.heat_pump and "gas" not in household.series:
        settings.errors["heat_pump"] = "There is no gas data to turn into heat-pump electricity; load gas readings."
    intensity = None
    try:
        ci, _, more = await load_intensity(session, region, False, first, last)
        start, end = day_bounds(first)[0], day_bounds(last)[1]
        intensity = ci.window(start, end)
        notes += more
    except Exception as e:  # carbon is a side figure: the lab works without it
        notes.append(f"No carbon intensity for this period ({e}); the carbon change is left out.")
    inputs = Inputs(first, last, household.series["electricity"], household.series.get("export"),
                    household.series.get("gas"), offers("electricity"), offers("export"), gas_offer, intensity,
                    s.pricing.has)
    result = run_whatif(inputs, settings, progress, session.lab)
    context = {"region": region, "catalogue": cat, "gas_offer": gas_offer, "notes": notes, "span": span,
               "exports": inputs.exports, "has_export": "export" in household.series}
    return settings, result, context


NO_ELECTRICITY = ("needs your electricity import readings to add to or take from; this household has none. "
                  "Load them (Get your data) and press Show again.")
"""Said next to each device's field when the household has no electricity import data."""


def _without_electricity(household: Household, view: View) -> dict:
    """The lab on a household with no electricity import: the form, each device marked, the rest of the page."""
    s: LabSettings = view.settings
    settings = Settings.from_params(dict(s.own), s.pricing.region)
    for key in DEVICE_KEYS:  # each device asked for (a 5 kWh battery by default) is marked where it is set
        if settings.raw.get(key, "").strip() not in ("", "0", "off", "no"):
            settings.errors.setdefault(key, "This device " + NO_ELECTRICITY)
    base = {k: v for k, v in view.as_params().items() if k not in PARAMS}
    ctx = {"exports": (), "has_export": "export" in household.series}
    why = b.text("No electricity import readings", [
        "The lab prices new half-hourly electricity import and export on every tariff, starting from your own "
        "import readings, and this household has none. Your other data is still loaded: choose another report "
        "from the menu, or load your electricity readings."], "warn")
    return {"title": "What-if lab: no electricity import data", "subtitle": "", "totals": [],
            "blocks": [_form(base, settings, ctx), why], "notices": []}


async def build(session: Session, household: Household, view: View, progress: Progress | None = None) -> dict:
    if "electricity" not in household.series:
        return _without_electricity(household, view)
    settings, r, ctx = await whatif_view(session, household, view, progress)
    period, given = lab_period(view, ctx["span"])
    bar, steps = lab_period_bar(view, ctx["span"], period)
    if not given:
        steps["up"] = None  # up from the default period would be the default again
    # The scenario form keeps the period chosen (and leaves the default implicit).
    shown = _period_view(view, period) if given else _period_view(view, Period())
    base = {k: v for k, v in shown.as_params().items() if k not in PARAMS}
    form = _form(base, settings, ctx)
    blocks: list[dict] = [form]
    ranked = [row for row in r.rows if row.rankable]
    if not r.rows:
        blocks.append(b.text("No tariffs", ["The feeds have no import tariffs for this region and period."], "warn"))
    else:
        blocks += [_ranking(r, settings), _typical_day(r), _months(r)]
    blocks += [_energy(r, settings), _assumptions(settings, r, ctx)]
    devices = settings.devices
    return {
        "title": "What-if lab: " + (", ".join(devices) if devices else "no change yet"),
        "subtitle": f"{_priced_count(r)} priced before and after on your half-hours, {period_label(r.first, r.last)}",
        "period": bar,
        "pager": steps,
        "totals": _totals(settings, r, ranked, ctx["gas_offer"]),
        "blocks": with_table_downloads(household, view, blocks),
        "notices": _without_field(form, settings) + ctx["notes"] + list(r.notes),
    }


def _without_field(form: dict, settings: Settings) -> list[str]:
    """The messages for values refused whose field the form does not show (a generation profile without export
    readings): said at the page's top, as each of the others is said beside its field."""
    shown = {f["name"] for f in form["fields"]}
    return [message for key, message in settings.errors.items() if key not in shown]


def _signed_kg(kg: float) -> str:
    """A change in kgCO2e with its sign ("+112", "−1,117"); none shown when it rounds to nothing ("0", not "+0")."""
    if round(kg) == 0:
        return "0 kgCO2e"
    return f"{kg:+,.0f} kgCO2e".replace("-", "−")


def _pair(row) -> str:
    """An import tariff's name, with the export tariff it is had with."""
    return f"{row.label} + {row.export_label}" if row.export_key else row.label


def _priced_count(r: WhatIf) -> str:
    """``"16 tariffs"``, or ``"16 import tariffs in 40 import × export pairs"`` where exports are ranked too."""
    imports = len({row.key for row in r.rows})
    if imports == len(r.rows):
        return plural(imports, "tariff")
    return f"{imports} import tariffs in {len(r.rows)} import × export pairs"


def _summed(row, costs, gas: Offer | None) -> str:
    """What a headline figure adds up: the import (+ export) tariffs, and the gas with them when there is a gas bill.

    The lab keeps gas on one tariff in every row, so a figure named after an electricity pair says so, rather
    than look like the comparison's best choice, which moves gas too.
    """
    return f"{_pair(row)}, with gas on {gas.label}" if gas is not None and costs[2] is not None else _pair(row)


def _totals(settings: Settings, r: WhatIf, ranked, gas: Offer | None = None) -> list[dict]:
    if not ranked:
        return [b.item("Tariffs ranked", "none (prices missing for this period)", True)]
    before = min(ranked, key=lambda row: row.before_p)
    after = ranked[0]
    # A period short of a year leaves seasons out, and a missing half-hour costs and saves nothing: either scaled
    # to a year would misstate the saving, so such a period's figures stay over the period itself.
    scales = r.scales_to_a_year
    year = 365 / r.days if scales else 1.0
    over = "a year" if scales else "over these days"
    # The difference of the two totals shown beside it, to the penny [p].
    saving = 100 * difference_shown(before.before_p, after.after_p) * year
    out = [
        b.item("Best tariff before", _gbp(before.before_p, f"{_summed(before, before.before, gas)}: "
                                                           f"{_pounds(before.before_p)}{_needs_said(before, r)}")),
        b.item("Best tariff after", _gbp(after.after_p, f"{_summed(after, after.after, gas)}: "
                                                        f"{_pounds(after.after_p)}{_needs_said(after, r)}")),
        # A scenario that adds to the bill says so in words, as Compare does: "−£308.11" beside "Saving" is
        # easy to read as a saving; the cell's number stays negative.
        b.item(f"Saving {over} (best before → best after)",
               _gbp(saving, None if saving >= 0 else f"costs {_pounds(-saving)} more"), saving < 0),
    ]
    cost = settings.equipment_cost_gbp
    if cost > 0 and not scales:
        why = "the period is short of a year" if r.read_share >= MIN_SHARE_TO_SCALE \
            else "too few half-hours have a reading"
        out.append(b.item("Simple payback", f"not worked out: {why}", True))
    elif cost > 0:
        payback = cost / (saving / 100) if saving > 0 else None
        out.append(b.item("Simple payback", payback_text(payback), payback is None or payback > MAX_PAYBACK_YEARS))
    if after.battery is not None:
        out.append(b.item(f"Battery cycles {over}", f"{after.battery.cycles * year:,.0f}"))
    if r.carbon_before_kg is not None and r.carbon_after_kg is not None:
        change = (r.carbon_after_kg - r.carbon_before_kg) * year
        out.append(b.item(f"Change in CO2e {over} (import + gas)",
                          b.amount(change, 0, "kgCO2e", text=_signed_kg(change))))
    if r.read_share < MIN_SHARE_TO_SCALE:
        out.append(b.item("Period", f"{plural(r.days, 'day')}, only {r.read_share:.0%} of whose half-hours have a "
                                    "reading: nothing is scaled to a year", True))
    elif not scales:
        out.append(b.item("Period", f"{covers(r.first, r.last)}: solar, heating and a battery's saving change with "
                                    "the season, so nothing is scaled to a year; a year of data gives the yearly "
                                    "figures and the payback", True))
    elif r.days < 365:
        out.append(b.item("Period", f"{plural(r.days, 'day')}: yearly figures scaled up", True))
    return out


MAX_PAYBACK_YEARS = 50
"""A payback longer than this is said as "more than 50 years": beyond any battery's or panel's life, its exact
figure means nothing."""


def payback_text(years: float | None) -> str:
    """A simple payback as said: ``"13.8 years"``; ``"more than 50 years"`` past :data:`MAX_PAYBACK_YEARS`; or
    ``"never at these prices"`` (``None``: the scenario saves nothing)."""
    if years is None:
        return "never at these prices"
    if years > MAX_PAYBACK_YEARS:
        return f"more than {MAX_PAYBACK_YEARS} years"
    return f"{years:,.1f} years"


def covers(first: dt.date, last: dt.date) -> str:
    """What a period short of a year covers, in days and months: ``"7 days in October 2023"``, ``"275 days from
    March to November 2023"``."""
    days = plural((last - first).days + 1, "day")
    if (first.year, first.month) == (last.year, last.month):
        return f"{days} in {first:%B %Y}"
    start = f"{first:%B}" if first.year == last.year else f"{first:%B %Y}"
    return f"{days} from {start} to {last:%B %Y}"


# The strategy as the form's choice names it: short enough for a phone's select (the assumptions give the whole
# description from STRATEGIES).
STRATEGY_CHOICES = {
    "timer": "Timer: charges in cheap hours",
    "day_ahead": "Price-aware: plans each day ahead",
}


def _with_unit(number: str, unit: Unit) -> str:
    """``number`` written with its unit as people write it, short enough for half a phone's width: ``£3,500``,
    ``35°``, ``5 kWh``, ``3.5 mi/kWh``."""
    if unit.pounds:
        return unit.symbol + number
    if unit.symbol == "°":
        return number + unit.symbol
    return f"{number} {'mi/kWh' if unit.symbol == 'miles per kWh' else unit.symbol}"


def _form(base: dict, settings: Settings, ctx: dict) -> dict:
    raw, errors = settings.raw, settings.errors

    def value(key: str) -> str:
        return raw.get(key, DEFAULTS.get(key, ""))

    def num(key: str, label: str, helptext: str, example: str = "") -> dict:
        # Typed as text, so the number can carry its unit (5 kWh, 90%) and the field shows what the URL says.
        unit = UNITS[key]
        return b.field(key, label, "quantity", value(key), help=helptext, error=errors.get(key, ""),
                       placeholder="e.g. " + _with_unit(example or unit.example, unit))

    def text(key: str, label: str, helptext: str) -> dict:
        return b.field(key, label, "text", value(key), help=helptext, error=errors.get(key, ""))

    exports = [{"value": o.key, "label": o.label} for o in ctx["exports"] if not o.pair]
    fields = [
        num("battery", "Battery usable kWh", "0 or empty for no battery"),
        num("battery_kw", "Battery power kW", "charge and discharge"),
        num("battery_eff", "Round-trip efficiency %", ""),
        num("battery_cost", "Battery cost £", "installed"),
        b.field("strategy", "Battery strategy", "select", settings.strategy, error=errors.get("strategy", ""),
                help="price-aware plans at 16:00 on the next day's prices",
                options=[{"value": k, "label": STRATEGY_CHOICES.get(k, v)} for k, v in STRATEGIES.items()
                         if k != "optimal"]),
        b.field("plan", "Day-ahead planning on", "select", "every" if settings.plan_every else "cheapest",
                error=errors.get("plan", ""), help="a plan a day for each pair takes time",
                options=[{"value": "cheapest", "label": "the timer's cheapest pairs (about 2 s)"},
                         {"value": "every", "label": "every pair (slower)"}]),
        b.field("bound", "Perfect-foresight bound", "select", "1" if settings.bound else "",
                options=[{"value": "", "label": "no"}, {"value": "1", "label": "yes, on the best tariff (slower)"}]),
        num("solar", "Solar kWp", "0 or empty for no new panels"),
        b.field("solar_facing", "Panels face", "select", value("solar_facing").upper(),
                options=[{"value": d, "label": d} for d in ORIENTATIONS], error=errors.get("solar_facing", "")),
        num("solar_tilt", "Tilt °", "0 flat, 90 a wall"),
        num("solar_cost", "Solar cost £", "installed"),
        *([b.field("solar_profile", "Generation profile", "select", value("solar_profile"),
                   options=[{"value": k, "label": v} for k, v in PROFILES.items()],
                   help="your export readings carry your real weather", error=errors.get("solar_profile", ""))]
          if ctx["has_export"] else []),
        num("ev_miles", "EV miles a year", "0 or empty for no EV"),
        num("ev_kwh", "or EV kWh a year", "at the socket, instead of miles"),
        num("ev_eff", "EV miles per kWh", ""),
        num("ev_kw", "Charger kW", ""),
        text("ev_window", "Plugged in (HHMM-HHMM)", "London time"),
        b.field("heat_pump", "Heat pump instead of gas boiler", "select", "1" if raw.get("heat_pump") else "",
                options=[{"value": "", "label": "no"}, {"value": "1", "label": "yes"}],
                error=errors.get("heat_pump", "")),
        num("boiler_eff", "Boiler efficiency %", "of the boiler replaced"),
        text("cop", "Heat pump COP", "one value, or twelve from January"),
        b.field("cap_gas", "Cap the gas", "select", value("cap_gas"),
                options=[{"value": "1", "label": "yes: no gas standing charge"},
                         {"value": "0", "label": "no: keep paying it"}]),
        num("shift", "Shift % of daily use", "0 or empty for none", example="20"),
        num("shift_kwh", "or shift kWh a day", "instead of a %"),
        text("shift_window", "Into the window (HHMM-HHMM)", "London time"),
        num("shift_hours", "Over hours", "its cheapest hours"),
    ]
    if exports:
        fields.append(b.field("export", "Export tariff (for imports sold alone)", "select", settings.export or "",
                              options=[{"value": "", "label": "every one, each pair ranked"}, *exports]))
    caption = ("Change any setting and press Show: every tariff is priced again on your own half-hours. "
               "A value that cannot be used is marked next to its field, and the rest of the lab still works.")
    if ctx["has_export"]:
        caption += (" Your export readings show you already have panels: new panels are added to them, and a "
                    "battery can also store what they export. New panels can follow the model's typical year, or "
                    "your own export readings scaled to the model's total (Generation profile).")
    return b.form("Scenario", base, fields, submit="Show", caption=caption)


def _missing(row: Row, r: WhatIf) -> list[str]:
    """What ``row``'s tariffs need that the household (with the scenario's devices) is not known to have."""
    return [TAGS[t] for t in row.requires if t not in (r.devices if r.has is None else r.has)]


def _needs_said(row: Row, r: WhatIf) -> str:
    """`` (needs electric vehicle)`` after a headline figure whose tariff needs what the scenario does not bring:
    with no "I have" filter it is ranked, and its saving is only the household's if it has that already."""
    missing = _missing(row, r)
    return f" (needs {' and '.join(missing)})" if missing else ""


def _note(row: Row, r: WhatIf, settings: Settings) -> str:
    """What a row of the ranking needs said: why it is not ranked, what its tariffs need that the household (with the
    scenario's devices) does not have, and (day-ahead) which strategy priced it."""
    said = []
    if not row.comparable:
        said.append("not ranked: prices missing for part of the period")
    missing = _missing(row, r)
    if not row.eligible:
        said.append("not eligible: needs " + " and ".join(missing))
    elif missing:  # no "I have" filter is set: the household may have it already
        said.append("needs " + " and ".join(missing))
    if settings.strategy == "day_ahead" and row.battery is not None:
        # Day-ahead planning runs only on the timer's cheapest.
        said.insert(0, "battery planned a day ahead" if row.battery.strategy == "day_ahead" else "battery on the timer")
    return "; ".join(said)


def _ranking(r: WhatIf, settings: Settings) -> dict:
    rows, classes = [], []
    rank = 0
    # Cycles over a year only where the period's figures scale to one (see _totals).
    year, cycles = (365 / r.days, "Battery cycles/yr") if r.scales_to_a_year else (1.0, "Battery cycles")
    for row in r.rows:
        if row.rankable:
            rank += 1
        rows.append([
            str(rank) if row.rankable else "–", row.label, row.export_label,
            *(priced_pounds(x / 100, row.before[0].coverage) for x in (row.before_p, row.after_p)),
            priced_pounds(difference_shown(row.before_p, row.after_p), row.before[0].coverage),
            b.amount(row.imported_kwh, 0, "kWh"), b.amount(row.exported_kwh, 0, "kWh"),
            "" if row.battery is None else b.amount(row.battery.cycles * year, 0, cycles.removeprefix("Battery ")),
            _note(row, r, settings),
        ])
        classes.append("" if row.rankable else "muted")
    columns = ["Rank", "Import tariff", "Export tariff", "Before", "After", "Saving", "Import kWh after",
               "Export kWh after", cycles, "Note"]
    for i in (len(columns) - 1, len(columns) - 2):  # a column with nothing in it (no battery, no note) only takes room
        if all(cells[i] == "" for cells in rows):
            del columns[i]
            for cells in rows:
                del cells[i]
    return b.table("Every tariff before and after (import + gas − export, inc VAT)", columns, rows,
                   row_classes=classes, open=True, cards=True)


def _typical_day(r: WhatIf) -> dict:
    best = next((row for row in r.rows if row.rankable), r.rows[0])
    labels = [f"{s // 2:02d}:{30 * (s % 2):02d}" for s in range(48)]
    return b.lines(f"A typical day's import, before and after, on {_pair(best)}", "kWh", labels, [
        {"name": "Before", "values": typical_day(r.base_import, r.start), "style": "solid"},
        {"name": "After", "values": typical_day(best.new_import, r.start), "style": "solid"},
    ], caption="Mean kWh in each half-hour of the London clock over the period; half-hours without a reading are "
               "left out.")


def _months(r: WhatIf) -> dict:
    best = next((row for row in r.rows if row.rankable), r.rows[0])
    rows = []
    for i, m in enumerate(r.months):
        before, after = _month_net(best.before, i), _month_net(best.after, i)
        cover = month_coverage(best.before[0].coverage, m)  # a month the prices miss has no £, not £0.00
        rows.append([f"{MONTH_NAMES[int(m[5:]) - 1]} {m[:4]}",
                     *(priced_pounds(x / 100, cover) for x in (before, after)),
                     priced_pounds(difference_shown(before, after), cover)])
    return b.table(f"Month by month on {_pair(best)}", ["Month", "Before", "After", "Saving"], rows, open=True)


def _month_net(costs, i: int) -> float:
    """Month ``i``'s import + gas − export [p inc VAT]."""
    imp, exp, gas = costs
    return (imp.month_total_inc_vat(i) - (exp.month_total_inc_vat(i) if exp else 0.0)
            + (gas.month_total_inc_vat(i) if gas else 0.0))


def _energy(r: WhatIf, settings: Settings) -> dict:
    best = next((row for row in r.rows if row.rankable), r.rows[0] if r.rows else None)
    items = [("Imported before", _kwh(r.imported_before_kwh)),
             ("Exported before", _kwh(r.exported_before_kwh))]
    if best is not None:
        items += [(f"Imported after ({best.label})", _kwh(best.imported_kwh)),
                  ("Exported after", _kwh(best.exported_kwh))]
    if settings.panels:
        items += [("Generated by the new panels", _kwh(r.generated_kwh)),
                  ("Of which used at home directly", _kwh(r.self_used_kwh))]
    if settings.heat_pump:
        items += [("Gas replaced", _kwh(r.gas_replaced_kwh)),
                  ("Heat pump electricity", _kwh(r.heat_pump_kwh))]
    if settings.ev:
        items.append(("EV charging", _kwh(r.ev_kwh)))
        if best is not None and best.ev_short_kwh > 0:
            items.append(("EV energy that did not fit the window", _kwh(best.ev_short_kwh), True))
    if settings.shift:
        items.append(("Use shifted", _kwh(r.shifted_kwh)))
    if best is not None and best.battery is not None:
        run = best.battery
        items += [("Battery charged", _kwh(run.charged_kwh)),
                  ("of which from the grid", _kwh(run.from_grid_kwh)),
                  ("Battery discharged", _kwh(run.discharged_kwh)),
                  ("Round-trip losses", _kwh(run.losses_kwh))]
    if r.bound is not None and r.bound_after_p is not None and best is not None:
        items.append(("Upper bound: perfect foresight on " + best.label,
                      _gbp(r.bound_after_p, f"{_pounds(r.bound_after_p)} (the "
                           f"{STRATEGIES[settings.strategy].split(':')[0].lower()} gets {_pounds(best.after_p)}); "
                           "no real controller can beat it")))
    if r.carbon_before_kg is not None and r.carbon_after_kg is not None:
        items += [("CO2e of import + gas, before", b.amount(r.carbon_before_kg, 0, "kgCO2e", "kgCO2e")),
                  ("CO2e of import + gas, after", b.amount(r.carbon_after_kg, 0, "kgCO2e", "kgCO2e"))]
    if r.gaps:
        items.append(("Half-hours without a reading", f"{r.gaps:,}: gaps stay gaps, before and after", True))
    return b.facts("Energy over the period", items)


def _assumptions(settings: Settings, r: WhatIf, ctx: dict) -> dict:
    items = [("Period", f"{period_label(r.first, r.last)} ({plural(r.days, 'day')})"),
             ("Region", f"{REGIONS[ctx['region']]} ({ctx['region']})")]
    items += [(a.label, a.words if a.value is None else b.cell(a.words, a.value, a.unit))
              for a in assumptions(settings)]
    gas = ctx["gas_offer"]
    if gas is not None:
        items.append(("Gas", f"Priced on {gas.label} before and after, for every tariff, so the ranking compares "
                             "electricity tariffs alone. Compare tariffs' best choice also moves gas to the cheapest "
                             "gas tariff, so its total can be lower by what that saves on gas."))
    items.append(("Pricing", "Each tariff prices the new half-hours with the same engine as the comparison: "
                             "standing charges, VAT, the product version on sale each day."))
    items.append(("Carbon", "Import kWh × your region's half-hourly forecast intensity (NESO), plus gas burnt × "
                            "0.18293 kg/kWh (as the emissions report); export is not credited."))
    if ctx["catalogue"].sample:
        items.append(("Feeds", "Sample feeds: real Agile prices, most others synthesised. Not for decisions.", True))
    return b.facts("Assumptions", items)


SPEC = ReportSpec(
    name="whatif",
    label="What-if lab",
    order=24,
    build=build,
    fuels=("electricity", "gas"),  # a gas-only household gets the lab with a message by each device's field
    params=("from", "to", "region", "custom", "has", *PARAMS),
    settings=LabSettings.from_params,
    progress=True,
    description="A battery, solar panels, an EV, a heat pump or shifted use, priced on your half-hours under every "
                "tariff.",
)
