"""The export and net-import report: import, export and net import by period.

Generation is not metered, so self-consumption appears only when the user
enters a year's generation (see :mod:`pyruntime.analysis.netimport`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..timeseries.aggregate import series_days
from ..timeseries.londontime import HALF_HOUR, day_bounds
from ..timeseries.series import Series
from .netimport import NetTally, group_net, net_days, self_consumption

DERIVABLE = ("Your meters measure what you import and what you export, not what your panels generate: energy you "
             "generate and use at once passes neither meter. So this report shows import, export and net import "
             "(import − export). Enter a year's generation (from your inverter or generation meter) to see "
             "self-consumption (generation − export) and your home's total use (import + generation − export).")

COMPLETE_SHARE = 0.95  # share of the year's half-hours with export readings needed to trust the year


@dataclass(frozen=True)
class NetRow:
    """Import, export and net import [kWh] over one day, month, year or span (``key``).

    ``net_kwh`` covers only half-hours with both readings and is None without
    an import series; the half-hour counts say how much each meter saw.
    """

    key: str
    import_kwh: float
    export_kwh: float
    net_kwh: float | None
    expected: int
    import_present: int
    export_present: int
    both: int

    @property
    def complete(self) -> bool:
        return self.both == self.expected


@dataclass(frozen=True)
class NetHalfHour:
    """One half-hour starting at ``start_utc``; None where a meter has no reading [kWh]."""

    start_utc: dt.datetime
    import_kwh: float | None
    export_kwh: float | None
    net_kwh: float | None


@dataclass(frozen=True)
class NetPeriod:
    """A chosen span: its totals (None when no day falls inside), months and days."""

    totals: NetRow | None
    months: tuple[NetRow, ...]
    days: tuple[NetRow, ...]


@dataclass(frozen=True)
class SelfConsumptionYear:
    """Self-consumption over the 365 London days ending with the last export reading [kWh, %]."""

    first_day: str
    last_day: str
    days: int
    generation_kwh: float
    export_kwh: float
    import_kwh: float | None
    self_consumed_kwh: float
    self_consumption_percent: float | None
    home_use_kwh: float | None
    export_coverage_percent: float
    import_coverage_percent: float | None
    complete: bool
    warning: str | None


@dataclass(frozen=True)
class NetImportReport:
    """Import, export and net import [kWh] by year, month and day, plus the optional extras asked for."""

    has_import: bool
    totals: NetRow
    years: tuple[NetRow, ...]
    months: tuple[NetRow, ...]
    days: tuple[NetRow, ...]
    self_consumption: SelfConsumptionYear | None = None
    period: NetPeriod | None = None
    half_hours: tuple[NetHalfHour, ...] | None = None


def net_import_report(imports: Series | None, exports: Series, *, annual_generation_kwh: float | None = None,
                      day: str | None = None, period: tuple[dt.date, dt.date] | None = None) -> NetImportReport:
    """Import, export and net import [kWh] by year, month and day.

    ``annual_generation_kwh`` [kWh] is the generation over the 365 London
    days ending with the export data's last day. ``day`` ("YYYY-MM-DD") adds
    that day's half-hours. ``period`` (first and last day) adds ``period``:
    its totals, months and days.
    """
    if exports.fuel != "export":
        raise ValueError("the net-import report needs an export series")
    if imports is not None and imports.fuel != "electricity":
        raise ValueError("import must be an electricity series")
    span = series_days(exports)
    if span is None:
        raise ValueError("no export data")
    if imports is not None and (ispan := series_days(imports)) is not None:
        span = (min(span[0], ispan[0]), max(span[1], ispan[1]))
    days = net_days(imports, exports, *span)
    chosen = None
    if period:
        lo, hi = period[0].isoformat(), period[1].isoformat()
        inside = [t for t in days if lo <= t.key <= hi]
        chosen = NetPeriod(totals=_row(group_net(inside, 0, f"{lo}/{hi}")[0]) if inside else None,
                           months=tuple(_row(t) for t in group_net(inside, 7)),
                           days=tuple(_row(t) for t in inside))
    return NetImportReport(
        has_import=imports is not None,
        totals=_row(group_net(days, 0, "all")[0]),
        years=tuple(_row(t) for t in group_net(days, 4)),
        months=tuple(_row(t) for t in group_net(days, 7)),
        days=tuple(_row(t) for t in days),
        self_consumption=None if annual_generation_kwh is None else
        _self_consumption(days, exports, annual_generation_kwh, imports is not None),
        period=chosen,
        half_hours=None if not day else _half_hours(imports, exports, dt.date.fromisoformat(day)),
    )


def _row(t: NetTally) -> NetRow:
    return NetRow(key=t.key, import_kwh=_r(t.import_kwh), export_kwh=_r(t.export_kwh),
                  net_kwh=_r(t.net_kwh) if t.both else None, expected=t.expected,
                  import_present=t.import_present, export_present=t.export_present, both=t.both)


def _self_consumption(days: list[NetTally], exports: Series, generation: float,
                      has_import: bool) -> SelfConsumptionYear:
    last = series_days(exports)[1].isoformat()
    window = [d for d in days if d.key <= last][-365:]
    t = group_net(window, 0, "year")[0]
    export_share = t.export_present / t.expected
    import_share = t.import_present / t.expected
    sc = self_consumption(generation, t.export_kwh, t.import_kwh if has_import else None)
    complete = export_share >= COMPLETE_SHARE and (not has_import or import_share >= COMPLETE_SHARE)
    return SelfConsumptionYear(
        first_day=window[0].key,
        last_day=window[-1].key,
        days=len(window),
        generation_kwh=_r(sc.generation_kwh),
        export_kwh=_r(sc.export_kwh),
        import_kwh=None if sc.import_kwh is None else _r(sc.import_kwh),
        self_consumed_kwh=_r(sc.self_consumed_kwh),
        self_consumption_percent=None if sc.share_of_generation is None
        else round(sc.share_of_generation * 100, 2),
        home_use_kwh=None if sc.home_use_kwh is None else _r(sc.home_use_kwh),
        export_coverage_percent=round(export_share * 100, 2),
        import_coverage_percent=round(import_share * 100, 2) if has_import else None,
        complete=complete and len(window) == 365,
        warning=None if complete and len(window) == 365 else
        "Readings cover less than the whole year, so these figures understate export and overstate "
        "self-consumption.",
    )


def _half_hours(imports: Series | None, exports: Series, day: dt.date) -> tuple[NetHalfHour, ...]:
    start, end = day_bounds(day)
    ex = exports.window(start, end)
    im = imports.window(start, end) if imports is not None else [None] * len(ex)
    return tuple(
        NetHalfHour(start_utc=start + n * HALF_HOUR,
                    import_kwh=None if i is None else _r(i),
                    export_kwh=None if e is None else _r(e),
                    net_kwh=None if i is None or e is None else _r(i - e))
        for n, (i, e) in enumerate(zip(im, ex, strict=True))
    )


def _r(x: float) -> float:
    return round(x, 6)
