"""The export and net-import report as the page shows it: import, export and net import by period.

Drills all months → month → day → half-hour like the consumption report.
Self-consumption needs generation, which no meter here measures: the user
enters a year's generation (URL setting ``generation`` [kWh]).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..analysis.net import DERIVABLE, NetRow, SelfConsumptionYear, net_import_report
from ..household import Household
from ..present import blocks as b
from ..present.datafiles import half_hour_labels, period_label, with_table_downloads
from ..present.nav import MONTH_NAMES, crumbs, drill, pager, period_nav
from ..present.settings import parse_number, plain, settings_form
from ..present.view import View
from ..session import Session
from ..timeseries.aggregate import series_days
from ..timeseries.londontime import isoformat_local, isoformat_utc
from ..typednumber import KWH_A_YEAR
from ..wording import plural
from . import ReportSpec


@dataclass(frozen=True)
class NetSettings:
    """The net report's URL settings, read once: the panels' yearly generation [kWh], when entered."""

    generation_kwh: float | None = None

    @classmethod
    def from_params(cls, params: dict[str, str], household: Household) -> tuple[NetSettings, list[str]]:
        gen, notices = parse_number(params, "generation", lo=0, hi=1_000_000, what="the yearly generation",
                                    unit=KWH_A_YEAR)
        return cls(gen), notices

    def to_params(self) -> dict[str, str]:
        return {"generation": plain(self.generation_kwh)} if self.generation_kwh is not None else {}


def _label(level: str, key: str) -> str:
    if level == "all":
        return f"{MONTH_NAMES[int(key[5:]) - 1]} {key[:4]}"
    d = dt.date.fromisoformat(key)
    return f"{d.day} {MONTH_NAMES[d.month - 1]}"


async def build(session: Session, household: Household, view: View) -> dict:
    exports = household.series["export"]
    imports = household.series.get("electricity") if "electricity" in household.fuels() else None
    s: NetSettings = view.settings
    generation = s.generation_kwh
    span = series_days(exports)
    shown = view.period
    lo, hi = shown.bounds(*span)
    level = shown.level
    r = net_import_report(imports, exports, annual_generation_kwh=generation,
                          day=lo.isoformat() if level == "day" else None,
                          period=None if shown.kind in ("all", "day") else (lo, hi))
    if level == "day":
        hours = r.half_hours
        total = next(d for d in r.days if d.key == lo.isoformat())
        labels = half_hour_labels([isoformat_local(h.start_utc) for h in hours])
        keys = [isoformat_utc(h.start_utc) for h in hours]
    else:
        if shown.kind == "all":
            rows, total = r.months, r.totals
        else:
            rows, total = r.period.days if level == "month" else r.period.months, r.period.totals
        labels = [_label(level, t.key) for t in rows]
        keys = [t.key for t in rows]
    period = period_label(view)
    if level == "day":
        imp = [h.import_kwh for h in hours]
        exp = [h.export_kwh for h in hours]
        net = [h.net_kwh for h in hours]
        complete = [h.import_kwh is not None and h.export_kwh is not None for h in hours]
        drills = [None] * len(hours)
    else:
        imp = [t.import_kwh if t.import_present else None for t in rows]
        exp = [t.export_kwh if t.export_present else None for t in rows]
        net = [t.net_kwh for t in rows]
        complete = [t.complete for t in rows]
        drills = [drill(view, level, t.key) for t in rows]
    per = {"all": "month", "month": "day", "day": "half-hour"}[level]
    export_bars = [{"key": k, "label": lab, "value": e, "complete": c, "drill": d,
                    "note": "" if c else "some half-hours missing"}
                   for k, lab, e, c, d in zip(keys, labels, exp, complete, drills, strict=True)]
    series = [{"name": "Net import (import − export)", "values": net, "style": "solid"},
              {"name": "Export", "values": exp, "style": "dashed"}]
    if r.has_import:
        series.insert(1, {"name": "Import", "values": imp, "style": "solid"})
    first_col = {"all": "Month", "month": "Day", "day": "Half-hour starting"}[level]
    table_rows = [[lab, b.amount(i, 3, "kWh"), b.amount(e, 3, "kWh"), b.amount(n, 3, "kWh")]
                  for lab, i, e, n in zip(labels, imp, exp, net, strict=True)]
    blocks: list[dict] = [
        b.bars(f"Export per {per}", "kWh", export_bars,
               caption=f"Electricity exported per {per} (kWh)." + ("" if level == "day" else
                                                                    " Select a bar for detail.")),
        b.lines(f"Import, export and net import per {per}", "kWh", labels, series,
                caption="Net import is import minus export; below zero you exported more than you imported. It is "
                        "shown only where both meters have readings."),
        b.table("Data table", [first_col, "Import (kWh)", "Export (kWh)", "Net import (kWh)"], table_rows,
                row_classes=["" if c else "incomplete" for c in complete]),
    ]
    blocks.append(_self_consumption(r.self_consumption))
    blocks.append(settings_form(view.as_params(), [
        b.field("generation", "Your panels' generation over a year (kWh)", "number", view.get("generation") or "",
                placeholder="from your inverter", min=0, max=1000000, step="any",
                help="Over the 365 days ending with your last export reading."),
    ]))
    return {
        "title": f"Export and net import: {period}",
        "crumbs": crumbs(view),
        "totals": _totals(total, r.has_import),
        "blocks": with_table_downloads(household, view, blocks),
        "pager": pager(view, *span),
        "period": period_nav(view, *span),
    }


def _totals(t: NetRow, has_import: bool) -> list[dict]:
    out = [b.item("Export", b.amount(t.export_kwh, 1, "kWh", "kWh"))]
    if has_import:
        out += [b.item("Import", b.amount(t.import_kwh, 1, "kWh", "kWh")),
                b.item("Net import", b.amount(t.net_kwh, 1, "kWh", "kWh")),
                b.item("Half-hours with both readings", b.count(t.both, t.expected))]
    else:
        out.append(b.item("Import", "no import data loaded", warn=True))
    if not t.complete:
        out.append(b.item("Missing", "some half-hours lack a reading: net import covers only the "
                          "half-hours with both, import and export totals only their own readings", warn=True))
    return out


def _self_consumption(sc: SelfConsumptionYear | None) -> dict:
    if sc is None:
        return b.text("Self-consumption", [DERIVABLE, "Enter your panels' yearly generation under Settings."])
    items = [
        ("Year", f"{sc.first_day} to {sc.last_day} ({plural(sc.days, 'day')})"),
        ("Generation (you entered)", b.amount(sc.generation_kwh, 0, "kWh", "kWh")),
        ("Exported", b.amount(sc.export_kwh, 0, "kWh", "kWh")),
        ("Used at home as generated", b.amount(sc.self_consumed_kwh, 0, "kWh", text=(
            b.num(sc.self_consumed_kwh, 0, "kWh")
            + (f" ({sc.self_consumption_percent:g} % of generation)" if sc.self_consumption_percent is not None
               else "")))),
    ]
    if sc.home_use_kwh is not None:
        items.append(("Your home's total use (import + generation − export)",
                      b.amount(sc.home_use_kwh, 0, "kWh", "kWh")))
    if sc.warning:
        items.append(("Caution", sc.warning, True))
    if sc.self_consumed_kwh < 0:
        items.append(("Check the figure", "Export exceeds the generation you entered, so the generation is too low "
                      "or covers a different year.", True))
    return b.facts("Self-consumption", items)


SPEC = ReportSpec(
    name="net",
    label="Export & net import",
    order=60,
    build=build,
    fuels=("export",),
    params=("generation",),
    settings=NetSettings.from_params,
    description="Export per period, net import (import − export), and self-consumption from your generation.",
)
