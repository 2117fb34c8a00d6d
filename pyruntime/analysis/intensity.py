"""Half-hourly grid carbon intensity, and lining it up with a meter's half-hours.

The feed files carry one region and year each. This module does not read
them: it accepts anything with ``start`` (epoch s, UTC, or ISO text) and
``values`` in [gCO2/kWh], so the analysis does not depend on the feed parser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..timeseries.isotime import parse_instant
from ..timeseries.londontime import HALF_HOUR

KINDS = ("forecast", "actual")
"""Regional values exist only as forecasts; national ones also as actuals."""


@dataclass(frozen=True, slots=True)
class IntensitySeries:
    """Carbon intensity per half-hour, contiguous from ``start``.

    Attributes
    ----------
    region : Octopus GSP letter ("A".."P") or "national".
    start : first half-hour's start [s since the Unix epoch, UTC]; a multiple of 1800.
    values : intensity in each half-hour [gCO2/kWh], ``None`` where unpublished.
    kind : "forecast" or "actual" (what the grid operator published).
    """

    region: str
    start: int
    values: tuple[float | None, ...]
    kind: str = "forecast"

    def __post_init__(self) -> None:
        if self.start % HALF_HOUR:
            raise ValueError("carbon intensity must start on a half-hour boundary (UTC)")
        if self.kind not in KINDS:
            raise ValueError(f"unknown intensity kind {self.kind!r}; expected forecast or actual")

    @property
    def end(self) -> int:
        """Instant just after the last half-hour [s, UTC]."""
        return self.start + HALF_HOUR * len(self.values)

    def window(self, start: int, end: int) -> tuple[float | None, ...]:
        """Values for the half-hours in ``[start, end)``; ``None`` outside the series."""
        return window(self.start, self.values, start, end)


def window(series_start: int, values: Sequence[float | None], start: int, end: int) -> tuple[float | None, ...]:
    """Half-hourly ``values`` beginning at ``series_start``, cut or padded with ``None`` to ``[start, end)``."""
    count = (end - start) // HALF_HOUR
    offset = (start - series_start) // HALF_HOUR
    out: list[float | None] = [None] * count
    lo = max(0, -offset)
    hi = min(count, len(values) - offset)
    if lo < hi:
        out[lo:hi] = values[offset + lo : offset + hi]
    return tuple(out)


def _epoch(start: Any) -> int:
    if isinstance(start, bool):
        raise ValueError("intensity start must be epoch seconds or ISO text")
    if isinstance(start, int):
        return start
    if isinstance(start, str):
        return parse_instant(start)
    raise ValueError("intensity start must be epoch seconds or ISO text")


def as_intensity(obj: Any, *, region: str | None = None, kind: str | None = None) -> IntensitySeries:
    """An :class:`IntensitySeries` from a feed object or a plain dict.

    Accepts an ``IntensitySeries``; any object with ``start`` and ``values``
    attributes (the feed parser's result); or a mapping
    ``{"region", "start", "step_seconds", "values"}`` with ``start`` as epoch
    seconds or ISO 8601 UTC text. For ``kind="actual"`` a mapping's
    ``actual`` list is used instead of ``values``.
    """
    if isinstance(obj, IntensitySeries) and region is None and kind is None:
        return obj
    get = obj.get if isinstance(obj, Mapping) else lambda k, d=None: getattr(obj, k, d)
    step = get("step_seconds", HALF_HOUR)
    if step != HALF_HOUR:
        raise ValueError(f"carbon intensity must be half-hourly (step 1800 s), not {step} s")
    kind = kind or get("kind", None) or "forecast"
    raw = get("actual") if kind == "actual" and get("actual") is not None else get("values")
    if raw is None:
        raise ValueError("carbon intensity has no values")
    values = tuple(None if v is None else float(v) for v in raw)
    return IntensitySeries(str(region or get("region", "") or ""), _epoch(get("start")), values, kind)


def join_intensity(parts: Sequence[IntensitySeries]) -> IntensitySeries:
    """One series from several (the feed has a file per region and year).

    Half-hours between parts become ``None``. Parts must share region and
    kind; where they overlap, a value present in one fills a gap in the
    other, and two different values for one half-hour are an error.
    """
    if not parts:
        raise ValueError("no carbon intensity to join")
    first = parts[0]
    if any(p.region != first.region or p.kind != first.kind for p in parts):
        raise ValueError("carbon intensity parts must share region and kind")
    start = min(p.start for p in parts)
    end = max(p.end for p in parts)
    values: list[float | None] = [None] * ((end - start) // HALF_HOUR)
    for p in sorted(parts, key=lambda p: p.start):
        offset = (p.start - start) // HALF_HOUR
        for n, v in enumerate(p.values):
            if v is None:
                continue
            old = values[offset + n]
            if old is not None and old != v:
                raise ValueError(f"two different intensities for the half-hour starting at {p.start + n * HALF_HOUR}")
            values[offset + n] = v
    return IntensitySeries(first.region, start, tuple(values), first.kind)
