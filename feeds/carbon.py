"""Carbon Intensity API (NESO): ``get_*`` fetch, ``parse_*`` are pure.

Endpoints (https://carbon-intensity.github.io/api-definitions/)::

    GET {base}/regional/intensity/{from}/{to}   all regions per half-hour, forecast only
    GET {base}/intensity/{from}/{to}            national forecast and actual

``{from}``/``{to}`` are ``YYYY-MM-DDThh:mmZ``. The documented window limit is 14 days,
so requests are chunked to at most :data:`MAX_WINDOW_DAYS`. The API also returns the
half-hour that ENDS at ``{from}``, so every record is filtered on its own ``from``.
Intensities are gCO2/kWh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from feeds.http import ApiClient, ShapeError
from feeds.regions import CARBON_ID_TO_LETTER
from feeds.timeslots import SLOT_SECONDS, iso_minutes, parse_instant

DEFAULT_CARBON_API = "https://api.carbonintensity.org.uk"
MAX_WINDOW_DAYS = 14


@dataclass(frozen=True)
class CarbonPoints:
    """Half-hourly intensities [gCO2/kWh] keyed by slot start (epoch seconds).

    ``regional`` maps a GSP letter to {slot: forecast}; ``national_forecast`` and
    ``national_actual`` map slot to value (actual absent where not yet published).
    """

    regional: dict[str, dict[int, float]]
    national_forecast: dict[int, float]
    national_actual: dict[int, float]


def _shape(where: str, what: str) -> ShapeError:
    return ShapeError(f"unexpected response shape at {where}: {what}")


def _data_list(doc: Any, where: str) -> list[Any]:
    if not isinstance(doc, dict) or "data" not in doc:
        raise _shape(where, "expected an object with 'data'")
    data = doc["data"]
    if not isinstance(data, list):
        raise _shape(where, f"'data' is {type(data).__name__}, not a list")
    return data


def _slot(rec: Any, where: str) -> int:
    if not isinstance(rec, dict) or not isinstance(rec.get("from"), str):
        raise _shape(where, "record without a 'from' string")
    try:
        start = parse_instant(rec["from"])
    except ValueError as exc:
        raise _shape(where, f"bad 'from' ({exc})") from None
    if start % SLOT_SECONDS:
        raise _shape(where, f"'from' {rec['from']} is not on a half-hour")
    return start


MAX_INTENSITY = 2000.0
"""gCO2/kWh above any grid's (coal alone emits about 1000): a larger value is a broken reply, not a reading."""


def _number(value: Any) -> float | None:
    """An intensity [gCO2/kWh], or None (unknown) for anything but a number in [0, MAX_INTENSITY].

    NaN, Infinity, negative and absurd values are unknown half-hours, as a gap is: a page would
    otherwise chart them and an emissions report add them up.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too big for a float
        return None
    return number if 0.0 <= number <= MAX_INTENSITY else None


def parse_regional(doc: Any, start: int, end: int, where: str) -> dict[str, dict[int, float]]:
    """{letter: {slot: forecast}} for records whose own ``from`` is in [start, end)."""
    out: dict[str, dict[int, float]] = {letter: {} for letter in CARBON_ID_TO_LETTER.values()}
    for i, rec in enumerate(_data_list(doc, where)):
        at = f"{where} data[{i}]"
        slot = _slot(rec, at)
        if not start <= slot < end:
            continue
        regions = rec.get("regions")
        if not isinstance(regions, list):
            raise _shape(at, "no 'regions' list")
        for reg in regions:
            # regionid must be a plain integer: a list would not hash, and True would read as region 1
            rid = reg.get("regionid") if isinstance(reg, dict) else None
            letter = CARBON_ID_TO_LETTER.get(rid) if type(rid) is int else None
            if letter is None:
                continue  # aggregates 15-18 (England, Scotland, Wales, GB), or not a region
            intensity = reg.get("intensity")
            value = _number(intensity.get("forecast")) if isinstance(intensity, dict) else None
            if value is not None:
                out[letter][slot] = value
    return out


def parse_national(doc: Any, start: int, end: int, where: str) -> tuple[dict[int, float], dict[int, float]]:
    """({slot: forecast}, {slot: actual}) for records whose ``from`` is in [start, end)."""
    forecast: dict[int, float] = {}
    actual: dict[int, float] = {}
    for i, rec in enumerate(_data_list(doc, where)):
        at = f"{where} data[{i}]"
        slot = _slot(rec, at)
        if not start <= slot < end:
            continue
        intensity = rec.get("intensity")
        if not isinstance(intensity, dict):
            raise _shape(at, "no 'intensity' object")
        if (f := _number(intensity.get("forecast"))) is not None:
            forecast[slot] = f
        if (a := _number(intensity.get("actual"))) is not None:
            actual[slot] = a
    return forecast, actual


def windows(start: int, end: int, max_days: int = MAX_WINDOW_DAYS) -> list[tuple[int, int]]:
    """Split [start, end) into chronological windows no longer than ``max_days``."""
    step = max_days * 86400
    return [(s, min(s + step, end)) for s in range(start, end, step)]


@dataclass
class CarbonApi:
    """Network access to the Carbon Intensity API under ``base_url``."""

    client: ApiClient
    base_url: str = DEFAULT_CARBON_API

    def _url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path

    def get_window(self, start: int, end: int) -> CarbonPoints:
        """Regional forecasts and national forecast/actual for one window (<= 14 days)."""
        span = f"{iso_minutes(start)}/{iso_minutes(end)}"
        url = self._url(f"regional/intensity/{span}")
        regional = parse_regional(self.client.get_json(url), start, end, url)
        url = self._url(f"intensity/{span}")
        forecast, actual = parse_national(self.client.get_json(url), start, end, url)
        return CarbonPoints(regional, forecast, actual)
