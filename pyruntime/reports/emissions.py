"""The emissions report as the page shows it: kgCO2e on your region's half-hourly grid intensity.

Electricity: emissions by month → day → half-hour on the grid operator's
regional forecast intensity (national actuals with ``intensity=national``),
beside the same kWh on a flat average intensity and on a typical home's
daily shape; the carbon timing score; the "shift X % into the greenest
half-hours" what-if (``shift=X``). Gas: kgCO2e at a fixed emission factor.
URL settings: ``region`` (GSP letter), ``intensity`` (``national``), ``shift`` [%], ``tariff`` (prices in downloads).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..analysis.carbon import (
    METHOD,
    CarbonHalfHour,
    CarbonRow,
    GasRow,
    ShiftWhatIf,
    emissions_report,
    gas_emissions_report,
)
from ..analysis.emissions import GAS_FACTOR, SHIFT_RULE
from ..errors import FeedUnavailable
from ..feeds.client import REGIONS, resolve_region
from ..household import Household, faulty
from ..present import blocks as b
from ..present.datafiles import (
    TariffName,
    data_downloads,
    days_half_hour_labels,
    half_hour_labels,
    load_intensity,
    period_label,
    tariff_code,
    tariff_name,
    with_table_downloads,
)
from ..present.nav import MONTH_NAMES, crumbs, drill, fuel_tabs, pager, period_nav
from ..present.settings import parse_number, plain, settings_form
from ..present.view import View
from ..session import Session
from ..timeseries.aggregate import series_days
from ..timeseries.londontime import HALF_HOUR, day_bounds, isoformat_local, isoformat_utc
from ..typednumber import PERCENT
from ..wording import plural
from . import ReportSpec

DEFAULT_SHIFT = 20.0
GAS_FACTOR_CAVEAT = ("The factor's value (0.18293 kgCO2e/kWh, 2023 edition) was entered from memory of the "
                     "published table and has not yet been checked against it: treat gas emissions as "
                     "indicative until it is verified.")
_TARIFF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,60}$")  # a feed tariff code or family key


@dataclass(frozen=True)
class EmissionsSettings:
    """The emissions report's URL settings, read once.

    region : GSP letter of the intensity (the URL's, else the household's, else C).
    national : national actual intensity instead of the region's forecast.
    shift_percent : the what-if's share of each day's use moved [%], when the URL gives it.
    tariff : a feed tariff code or family for the downloads' prices, when the URL gives it.
    """

    region: str
    national: bool = False
    shift_percent: float | None = None
    tariff: str | None = None

    @classmethod
    def from_params(cls, params: dict[str, str], household: Household) -> tuple[EmissionsSettings, list[str]]:
        region, notices = resolve_region(params, household)
        source = (params.get("intensity") or "").strip().lower()
        if source and source not in ("national", "regional"):
            notices.append(f"“{params['intensity']}” is not an intensity choice (regional or national); "
                           "showing your region's forecast.")
        shift, more = parse_number(params, "shift", lo=0, hi=100, what="the share of use to shift", unit=PERCENT)
        tariff = (params.get("tariff") or "").strip()
        if tariff and not _TARIFF.match(tariff):
            more.append(f"“{tariff}” is not a tariff code or family; downloads use the default tariff.")
            tariff = ""
        return cls(region, source == "national", shift, tariff or None), notices + more

    def to_params(self) -> dict[str, str]:
        params = {"region": self.region}
        if self.national:
            params["intensity"] = "national"
        if self.shift_percent is not None:
            # Under 1 % with its sign: a bare "0.5" would be refused as a fraction of one.
            params["shift"] = plain(self.shift_percent) + ("%" if 0 < self.shift_percent < 1 else "")
        if self.tariff:
            params["tariff"] = self.tariff
        return params


async def build(session: Session, household: Household, view: View) -> dict:
    if view.fuel == "gas":
        return _gas(household, view)
    return await _electricity(session, household, view)


# --- electricity ------------------------------------------------------------------

async def _electricity(session: Session, household: Household, view: View) -> dict:
    series = household.series["electricity"]
    first, last = series_days(series)
    s: EmissionsSettings = view.settings
    region, national = s.region, s.national
    shift = DEFAULT_SHIFT if s.shift_percent is None else s.shift_percent
    intensity, info, notices = await load_intensity(session, region, national, first, last)
    shown = view.period
    lo, hi = shown.bounds(first, last)
    level = shown.level
    r = emissions_report(series, intensity, shift_percent=shift, day=lo.isoformat() if level == "day" else None,
                         period=None if shown.kind == "all" else (lo, hi),
                         half_hours=(lo, hi) if shown.kind == "week" else None)
    tariff, more = await _tariff(session, household, view, region)
    notices += more

    if level == "day":
        rows, total = r.half_hours, next(d for d in r.days if d.key == lo.isoformat())
    elif shown.kind == "all":
        rows, total = r.months, r.totals
    else:
        rows, total = r.period.days if level == "month" else r.period.months, r.period.totals
    shift_what_if = r.shift if r.period is None else r.period.shift  # over the period shown, as the totals
    period = period_label(view)
    blocks: list[dict] = [_bars(view, level, rows)]
    if level == "day":
        blocks.append(_use_over_intensity(rows, days=False))
        blocks.append(_day_table(rows))
    else:
        if shown.kind == "week":
            blocks.append(_use_over_intensity(r.half_hours, days=True))
        blocks.append(_timings(level, rows))
        blocks.append(_period_table(level, rows))
        if shown.kind == "week":
            blocks.append(_day_table(r.half_hours, days=True, title="Data table: use and intensity by half-hour"))
    blocks += [
        _comparison(total, period),
        _shift(shift_what_if, None if shown.kind == "all" else period),
        _settings(view, region, national, shift),
        _method(info),
    ]
    if (line := faulty.assumption(household, ("electricity",))) is not None:
        blocks.append(b.text(line[0], [line[1]], tone="warn"))
    blocks = with_table_downloads(household, view, blocks)
    blocks += data_downloads(household, view, region=region, tariff=tariff, national_actual=national)
    return {
        "title": f"Emissions of electricity import: {period}",
        "subtitle": info["region_name"],
        "tabs": fuel_tabs(household, view, SPEC.fuels),
        "crumbs": crumbs(view),
        "totals": _totals(total, info),
        "blocks": blocks,
        "pager": pager(view, first, last),
        "period": period_nav(view, first, last),
        "notices": notices,
    }


async def _tariff(session: Session, household: Household, view: View,
                  region: str) -> tuple[TariffName | None, list[str]]:
    """The tariff pricing the downloads: the URL's, else the region's plain single-rate tariff, named as assumed
    (as every page names it) when the household's own tariff is not known."""
    code = await tariff_code(session, view.settings.tariff, view.fuel, region)
    if code is None:
        return None, []
    try:
        named = await tariff_name(session, code, view.fuel)
    except (ValueError, FeedUnavailable) as exc:
        return None, [f"Downloads leave out prices: {exc}."]
    if view.settings.tariff is None and not household.facts.tariffs.get(view.fuel):
        return replace(named, assumed=True), []
    return named, []


def _kg(x: float | None) -> str:
    return b.num(x, 2, "kgCO2e") if x is None or abs(x) >= 0.01 or x == 0 else b.num(x, 4, "kgCO2e")


def _g(x: float | None) -> str:
    return b.num(x, 0, "gCO2/kWh")


def _kg_cell(x: float | None, text: str | None = None) -> dict:
    """Emissions [kgCO2e] as a cell, shown as :func:`_kg` (or ``text``)."""
    return b.amount(x, 6, "kgCO2e", text=_kg(x) if text is None else text)


def _g_cell(x: float | None) -> dict:
    return b.amount(x, 0, "gCO2/kWh", "gCO2/kWh")


def _score_cell(x: float | None) -> dict:
    return b.amount(x, 1, "%", text=_score(x))


def _score(x: float | None) -> str:
    if x is None:
        return "no data"
    word = "cleaner" if x > 0 else "dirtier" if x < 0 else "the same as"
    return f"{x:+.1f} % ({word} than the period's average)" if x else "0 % (the same as the period's average)"


def _totals(t: CarbonRow, info: dict) -> list[dict]:
    out = [
        b.item("Emissions", _kg_cell(t.kg)),
        b.item("Energy counted", b.amount(t.kwh, 1, "kWh", "kWh")),
        b.item("Intensity your use met", _g_cell(t.your_intensity)),
        b.item("Average intensity", _g_cell(t.average_intensity)),
        b.item("Carbon timing score", _score_cell(t.timing_score_percent)),
        b.item("Half-hours counted", b.count(t.counted, t.expected)),
    ]
    if not t.complete:
        out.append(b.item("Missing", f"{plural(t.missing_consumption, 'half-hour')} without a reading, "
                          f"{t.missing_intensity:,} without an intensity: totals cover only half-hours with both",
                          warn=True))
    if info["sample"]:
        out.append(b.item("Intensity data", "bundled SAMPLE values, mostly synthesised", warn=True))
    return out


def _label(level: str, key: str) -> str:
    if level == "all":
        y, m = key.split("-")
        return f"{MONTH_NAMES[int(m) - 1]} {y}"
    d = dt.date.fromisoformat(key)
    return f"{d.day} {MONTH_NAMES[d.month - 1]}"


def _bars(view: View, level: str, rows: tuple[CarbonRow, ...] | tuple[CarbonHalfHour, ...]) -> dict:
    if level == "day":
        labels = half_hour_labels([isoformat_local(h.start_utc) for h in rows])
        bars = [{"key": isoformat_utc(h.start_utc), "label": lab, "value": h.kg, "complete": h.kg is not None,
                 "drill": None, "note": "" if h.kg is not None else "no reading or no intensity"}
                for h, lab in zip(rows, labels, strict=True)]
        return b.bars("Emissions per half-hour", "kgCO2e", bars, caption="Emissions per half-hour (kgCO2e).")
    bars = [{"key": t.key, "label": _label(level, t.key),
             "value": t.kg if t.counted else None,
             "complete": t.complete, "drill": drill(view, level, t.key),
             "note": "" if t.complete else "some half-hours missing"} for t in rows]
    per = "month" if level == "all" else "day"
    return b.bars(f"Emissions per {per}", "kgCO2e", bars,
                  caption=f"Emissions per {per} (kgCO2e). Hatched bars rest on some missing half-hours. "
                          "Select a bar for detail.")


def _timings(level: str, rows: tuple[CarbonRow, ...]) -> dict:
    labels = [_label(level, t.key) for t in rows]
    return b.lines("Your timing against a flat average and a typical home", "kgCO2e", labels, [
        {"name": "Your timing", "values": [t.kg if t.counted else None for t in rows],
         "style": "solid"},
        {"name": "Flat average intensity", "values": [t.flat_kg for t in rows], "style": "solid"},
        {"name": "Typical home's timing", "values": [t.profile_kg if t.counted else None
                                                     for t in rows], "style": "dashed"},
    ], caption="The same kWh in each period, met at your own timing, at the period's flat average intensity, "
               "and spread over a typical home's day (kgCO2e).")


def _use_over_intensity(rows: tuple[CarbonHalfHour, ...], *, days: bool) -> dict:
    """kWh per half-hour as bars with the grid's gCO2/kWh as a line: when your use met clean or dirty power."""
    locals_ = [isoformat_local(h.start_utc) for h in rows]
    labels = days_half_hour_labels(locals_) if days else half_hour_labels(locals_)
    return b.usage_over("Your use and the grid's carbon intensity", (
        "Your use per half-hour (kWh, bars) and the carbon intensity of the grid's electricity then "
        "(gCO2/kWh, line, right axis)."), [isoformat_utc(h.start_utc) for h in rows], labels,
        [h.kwh for h in rows], b.overlay("Grid intensity", "gCO2/kWh", [h.intensity for h in rows]))


def _period_table(level: str, rows: tuple[CarbonRow, ...]) -> dict:
    first = "Month" if level == "all" else "Day"
    return b.table("Data table", [first, "Energy (kWh)", "Emissions (kgCO2e)", "Your intensity (gCO2/kWh)",
                                  "Average intensity (gCO2/kWh)", "At flat average (kgCO2e)",
                                  "Typical home's timing (kgCO2e)", "Timing score (%)", "Half-hours counted"],
                   [[t.key, b.amount(t.kwh, 3, "kWh"), b.amount(t.kg, 4, "kgCO2e"),
                     b.amount(t.your_intensity, 1, "gCO2/kWh"), b.amount(t.average_intensity, 1, "gCO2/kWh"),
                     b.amount(t.flat_kg, 4, "kgCO2e"), b.amount(t.profile_kg, 4, "kgCO2e"),
                     b.amount(t.timing_score_percent, 2, "%"),
                     b.count(t.counted, t.expected)] for t in rows],
                   row_classes=["" if t.complete else "incomplete" for t in rows])


def _day_table(rows: tuple[CarbonHalfHour, ...], *, days: bool = False, title: str = "Data table") -> dict:
    locals_ = [isoformat_local(h.start_utc) for h in rows]
    labels = days_half_hour_labels(locals_) if days else half_hour_labels(locals_)
    return b.table(title, ["Half-hour starting", "Energy (kWh)", "Intensity (gCO2/kWh)", "Emissions (kgCO2e)"],
                   [[lab, b.amount(h.kwh, 3, "kWh"), b.amount(h.intensity, 0, "gCO2/kWh"),
                     b.amount(h.kg, 5, "kgCO2e")]
                    for h, lab in zip(rows, labels, strict=True)],
                   row_classes=["" if h.kg is not None else "incomplete" for h in rows])


def _comparison(t: CarbonRow, period: str) -> dict:
    return b.facts(f"The same use, three timings ({period})", [
        ("Your timing", _kg_cell(t.kg, f"{_kg(t.kg)} at {_g(t.your_intensity)}")),
        ("Flat average intensity", _kg_cell(t.flat_kg, f"{_kg(t.flat_kg)} at {_g(t.average_intensity)}")),
        ("Typical home's timing", _kg_cell(t.profile_kg, f"{_kg(t.profile_kg)} at {_g(t.profile_intensity)}")),
        ("Carbon timing score", _score_cell(t.timing_score_percent)),
    ])


def _shift(s: ShiftWhatIf, period: str | None) -> dict:
    """The what-if's block; ``period`` names the span it covers (None: all the data)."""
    pct = plain(s.percent)
    span = "all your data" if period is None else f"the period shown ({period})"
    if not s.kg_before:
        return b.text("What if you shifted use?", [f"There is no counted use to shift in {span}."])
    return b.text(f"What if you shifted {pct} % of your use into the greenest half-hours?", [
        f"Over {span}, moving {pct} % of each day's use ({b.num(s.kwh_moved, 1, 'kWh')} in all) into that "
        f"day's greenest half-hours would take emissions from {_kg(s.kg_before)} to {_kg(s.kg_after)}: "
        f"{_kg(s.saving_kg)} less ({b.num(s.saving_percent, 1)} %).",
        "How: " + SHIFT_RULE,
        "Change the share with “Share of use to shift” below (it is kept in the page address as shift=…).",
    ])


def _settings(view: View, region: str, national: bool, shift: float) -> dict:
    return settings_form(view.as_params(), [
        b.field("region", "Region", "select", region,
                options=[{"value": k, "label": f"{name} ({k})"} for k, name in REGIONS.items()],
                help="Your grid region (GSP group); from your tariff code when known."),
        b.field("intensity", "Intensity", "select", "national" if national else "regional",
                options=[{"value": "regional", "label": "Your region: published forecast"},
                         {"value": "national", "label": "Great Britain: actual (national)"}]),
        # Text, as the lab's quantities are: a number box cannot hold "0.5%", which is how a share under 1 % is
        # written (a bare 0.5 is refused as a fraction of one).
        b.field("shift", "Share of use to shift (%)", "quantity", plain(shift) + ("%" if 0 < shift < 1 else ""),
                help="For the what-if: the share of each day's use moved into its greenest half-hours "
                     "(0 to 100 %)."),
    ])


def _method(info: dict) -> dict:
    paragraphs = [
        info["label"],
        METHOD["counted"],
        "Intensity your use met: " + METHOD["your_intensity"],
        "Average intensity: " + METHOD["average_intensity"],
        "Flat average: " + METHOD["flat"],
        "Typical home: " + METHOD["profile"],
        "Carbon timing score: " + METHOD["timing_score"],
        "Intensities are in grams of CO2 per kWh as the grid operator publishes them; emissions are shown in "
        "kgCO2e.",
    ]
    if info["sample"]:
        paragraphs.append("These intensities are the site's bundled SAMPLE feed, not live values: "
                          + info["provenance"])
    return b.text("How these numbers are made", paragraphs, tone="warn" if info["sample"] else "info")


# --- gas ---------------------------------------------------------------------------

def _gas(household: Household, view: View) -> dict:
    series = household.series["gas"]
    first, last = series_days(series)
    r = gas_emissions_report(series)
    factor = r.factor.kg_per_kwh
    if view.day:
        start, end = day_bounds(dt.date.fromisoformat(view.day))
        kwh = series.window(start, end)
        locals_ = [isoformat_local(start + n * HALF_HOUR) for n in range((end - start) // HALF_HOUR)]
        labels = half_hour_labels(locals_)
        bars = [{"key": isoformat_utc(start + n * HALF_HOUR), "label": lab,
                 "value": None if q is None else round(q * factor, 6), "complete": q is not None, "drill": None,
                 "note": "" if q is not None else "no reading"} for n, (q, lab) in enumerate(zip(kwh, labels,
                                                                                                 strict=True))]
        present = [q for q in kwh if q is not None]
        total = GasRow(view.day, sum(present), sum(present) * factor, len(present), len(kwh))
        rows = [[bar["label"], b.amount(q, 3, "kWh"), b.amount(bar["value"], 5, "kgCO2e")]
                for bar, q in zip(bars, kwh, strict=True)]
        chart = b.bars("Gas emissions per half-hour", "kgCO2e", bars, caption="Gas emissions per half-hour (kgCO2e).")
        first_col = "Half-hour starting"
        classes = ["" if bar["complete"] else "incomplete" for bar in bars]
    else:
        shown = view.period
        level = shown.level
        if shown.kind == "all":
            periods, total = r.months, r.totals
        else:
            lo, hi = (d.isoformat() for d in shown.bounds(first, last))
            inside = [d for d in r.days if lo <= d.key <= hi]
            periods = inside if level == "month" else [
                _gas_sum(m, [d for d in inside if d.key[:7] == m]) for m in dict.fromkeys(d.key[:7] for d in inside)]
            total = _gas_sum(f"{lo}/{hi}", inside) if shown.kind != "month" else \
                next(m for m in r.months if m.key == lo[:7])  # the analysis's own month, to the bit
        bars = [{"key": p.key, "label": _label(level, p.key), "value": p.kg if p.present else None,
                 "complete": p.complete, "drill": drill(view, level, p.key),
                 "note": "" if p.complete else "some half-hours missing"} for p in periods]
        per = "day" if level == "month" else "month"
        chart = b.bars(f"Gas emissions per {per}", "kgCO2e", bars,
                       caption=f"Gas emissions per {per} (kgCO2e). Select a bar for detail.")
        rows = [[p.key, b.amount(p.kwh, 3, "kWh"), b.amount(p.kg, 4, "kgCO2e")] for p in periods]
        first_col = "Day" if level == "month" else "Month"
        classes = ["" if p.complete else "incomplete" for p in periods]
    totals = [
        b.item("Emissions", _kg_cell(total.kg)),
        b.item("Gas used", b.amount(total.kwh, 1, "kWh", "kWh")),
        b.item("Emission factor", b.amount(factor, 6, "kgCO2e/kWh", text=f"{factor} kgCO2e/kWh (unverified)"),
               warn=True),
        b.item("Half-hours with data", b.count(total.present, total.expected)),
    ]
    if total.missing:
        totals.append(b.item("Missing", b.amount(total.missing, 0, "half-hours", text=(
            f"{plural(total.missing, 'half-hour')}: totals cover only the readings present")), warn=True))
    blocks = [
        chart,
        b.table("Data table", [first_col, "Gas (kWh)", "Emissions (kgCO2e)"], rows, row_classes=classes),
        b.text("How these numbers are made", [
            f"Gas emissions are kWh × {factor} kgCO2e/kWh: {GAS_FACTOR.source}.",
            GAS_FACTOR_CAVEAT,
            GAS_FACTOR.note,
            "Grid intensity and timing do not apply to gas: every kWh burnt emits the same.",
        ], tone="warn"),
    ]
    blocks = with_table_downloads(household, view, blocks)
    blocks += data_downloads(household, view, region=None, tariff=None)
    return {
        "title": f"Emissions of gas: {period_label(view)}",
        "tabs": fuel_tabs(household, view, SPEC.fuels),
        "crumbs": crumbs(view),
        "totals": totals,
        "blocks": blocks,
        "pager": pager(view, first, last),
        "period": period_nav(view, first, last),
    }


def _gas_sum(key: str, rows: list[GasRow]) -> GasRow:
    """Gas rows (days) added up into one, as the analysis makes its months."""
    kwh = sum(r.kwh for r in rows)
    return GasRow(key, round(kwh, 6), round(kwh * GAS_FACTOR.kg_per_kwh, 6), sum(r.present for r in rows),
                  sum(r.expected for r in rows))


SPEC = ReportSpec(
    name="emissions",
    label="Emissions",
    order=40,
    build=build,
    fuels=("electricity", "gas"),
    params=("region", "intensity", "shift", "tariff"),
    settings=EmissionsSettings.from_params,
    description="Carbon emissions on your region's half-hourly grid intensity, and of gas.",
)
