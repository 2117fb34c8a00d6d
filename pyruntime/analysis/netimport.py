"""Net import: what a home with export took from the grid after what it gave back.

With only an import meter and an export meter, the home's generation and its
self-consumption are *not* measured: a kWh generated and used at once never
passes either meter. What the meters do give:

* import and export per half-hour, day, month, year;
* net import = import − export, per half-hour where both readings exist,
  and summed over those half-hours only (a half-hour missing on either meter
  is counted, never treated as zero);
* with generation entered by the user (from the inverter or the feed-in
  meter, for a year): self-consumption = generation − export, its share of
  generation, and the home's total use = import + generation − export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import BadInput
from ..timeseries.series import Series
from .localdays import local_days


@dataclass(frozen=True, slots=True)
class NetTally:
    """Additive import/export sums over a day or a run of days.

    ``*_kwh`` [kWh]; counts in half-hours. ``net_kwh`` = import − export over
    the ``both`` half-hours where both meters have a reading.
    """

    key: str
    expected: int = 0
    import_present: int = 0
    export_present: int = 0
    both: int = 0
    import_kwh: float = 0.0
    export_kwh: float = 0.0
    net_kwh: float = 0.0


_FIELDS = ("expected", "import_present", "export_present", "both", "import_kwh", "export_kwh", "net_kwh")


def net_days(imports: Series | None, exports: Series, first: dt.date, last: dt.date) -> tuple[NetTally, ...]:
    """A :class:`NetTally` per London day; with no import series, import counts as missing."""
    out = []
    for ld in local_days(first, last):
        ex = exports.window(ld.start, ld.end)
        im = imports.window(ld.start, ld.end) if imports is not None else [None] * ld.count
        ip = ep = both = 0
        ik = ek = nk = 0.0
        for i, e in zip(im, ex, strict=True):
            if i is not None:
                ip += 1
                ik += i
            if e is not None:
                ep += 1
                ek += e
            if i is not None and e is not None:
                both += 1
                nk += i - e
        out.append(NetTally(ld.day.isoformat(), ld.count, ip, ep, both, ik, ek, nk))
    return tuple(out)


def group_net(days: Sequence[NetTally], width: int, key: str | None = None) -> tuple[NetTally, ...]:
    """Sum day tallies by their key's first ``width`` characters (7 = month, 4 = year), or all into ``key``."""
    groups: dict[str, list[NetTally]] = {}
    for d in days:
        groups.setdefault(key or d.key[:width], []).append(d)
    out = []
    for k, ds in groups.items():
        acc = dict.fromkeys(_FIELDS, 0)
        for d in ds:
            for f in _FIELDS:
                acc[f] += getattr(d, f)
        out.append(NetTally(k, **acc))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SelfConsumption:
    """Derived from annual generation entered by the user [kWh]; see the module docstring."""

    generation_kwh: float
    export_kwh: float
    import_kwh: float | None
    self_consumed_kwh: float
    share_of_generation: float | None
    home_use_kwh: float | None


def self_consumption(generation_kwh: float, export_kwh: float, import_kwh: float | None) -> SelfConsumption:
    """Self-consumption over a period from generation, export and (optionally) import [kWh]."""
    if generation_kwh < 0:
        raise BadInput("generation cannot be negative")
    if export_kwh > generation_kwh:
        raise BadInput(f"the export meter shows {export_kwh:.0f} kWh, more than the {generation_kwh:.0f} kWh "
                         "generation entered: check the generation figure and its period")
    used = generation_kwh - export_kwh
    return SelfConsumption(
        float(generation_kwh), export_kwh, import_kwh, used,
        used / generation_kwh if generation_kwh > 0 else None,
        None if import_kwh is None else import_kwh + used,
    )
