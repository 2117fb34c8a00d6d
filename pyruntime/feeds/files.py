"""Parse Half-Hourly feed files (``feeds/v1``) into frozen value objects.

PURE and standard-library only: this runs in the browser under Pyodide. No I/O, no
clock, no ``zoneinfo`` (instants in the feeds are UTC with ``Z``, so none is needed).

A tariff-year file (``tariffs/{tariff_code}/{year}.json``) holds, per register rate
(``standard``, or ``day`` and ``night`` for Economy 7), two half-hourly series of
unit rates [p/kWh], exc and inc VAT, plus standing-charge validity intervals
[p/day]. A carbon-year file (``carbon/{region}/{year}.json``) holds the forecast
intensity [gCO2/kWh] and, for ``national``, the actual intensity. Every series is
``start`` (epoch seconds, UTC, the start of the first half-hour), ``step_seconds``
(1800) and ``values`` (``None`` = unknown half-hour). See feeds/README.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import FeedUnavailable
from ..fileformats.safejson import finite_number
from ..timeseries.isotime import parse_instant

SUPPORTED_SCHEMA_VERSIONS = (1,)

__all__ = [
    "SUPPORTED_SCHEMA_VERSIONS",
    "CarbonFile",
    "FeedFormatError",
    "RateFile",
    "RateSeries",
    "Series",
    "StandingCharge",
    "parse_carbon_file",
    "parse_rate_file",
]


class FeedFormatError(FeedUnavailable, ValueError):
    """The document is not a feed file this code understands (version, kind or shape)."""

    kind = "bad_feed"


@dataclass(frozen=True)
class Series:
    """Evenly spaced values; ``values[i]`` belongs to [start + i*step, start + (i+1)*step).

    Attributes
    ----------
    start : epoch seconds [s, UTC] of the first interval's start.
    step_seconds : interval length [s] (1800 in v1).
    values : one value per interval; ``None`` = unknown.
    """

    start: int
    step_seconds: int
    values: tuple[float | None, ...]

    @property
    def end(self) -> int:
        """Epoch seconds [s, UTC] where the last interval ends."""
        return self.start + self.step_seconds * len(self.values)

    def at(self, epoch: int) -> float | None:
        """Value of the interval containing ``epoch`` (None outside the series or unknown)."""
        if epoch < self.start or epoch >= self.end:
            return None
        return self.values[(epoch - self.start) // self.step_seconds]


@dataclass(frozen=True)
class RateSeries:
    """Unit rates of one register [p/kWh], exc and inc VAT."""

    exc_vat: Series
    inc_vat: Series


@dataclass(frozen=True)
class StandingCharge:
    """A standing charge [p/day] valid over [valid_from, valid_to) (epoch s; None = open-ended)."""

    valid_from: int
    valid_to: int | None
    value_exc_vat: float
    value_inc_vat: float


@dataclass(frozen=True)
class RateFile:
    """One tariff code, one UTC year (``kind: tariff_year``)."""

    tariff_code: str
    product_code: str
    family: str
    region: str
    tariff_kind: str  # E-1R | E-2R | G-1R
    fuel: str  # electricity | gas
    direction: str  # import | export
    registers: int
    year: int
    sample: bool
    provenance: str
    standard: RateSeries | None
    day: RateSeries | None
    night: RateSeries | None
    standing_charge_intervals: tuple[StandingCharge, ...]

    @property
    def primary(self) -> RateSeries:
        """The ``standard`` rate, or ``day`` for a two-register tariff."""
        found = self.standard or self.day or self.night
        assert found is not None  # parse_rate_file guarantees one
        return found

    @property
    def rates_start(self) -> int:
        """Start [s, UTC] of the primary exc-VAT series (pricing's RateFileLike)."""
        return self.primary.exc_vat.start

    @property
    def rates_exc_vat(self) -> tuple[float | None, ...]:
        """Primary unit rates [p/kWh exc VAT] per half-hour (pricing's RateFileLike)."""
        return self.primary.exc_vat.values

    @property
    def standing_charges(self) -> tuple[tuple[int, int | None, float], ...]:
        """(valid_from, valid_to, p/day exc VAT) triples (pricing's RateFileLike)."""
        return tuple((s.valid_from, s.valid_to, s.value_exc_vat) for s in self.standing_charge_intervals)


@dataclass(frozen=True)
class CarbonFile:
    """One region (GSP letter or ``national``), one UTC year (``kind: carbon_year``)."""

    region: str
    carbon_region_id: int | None
    year: int
    sample: bool
    provenance: str
    forecast: Series | None  # [gCO2/kWh]
    actual: Series | None  # [gCO2/kWh]; national only, lags real time


def _instant(text: Any, where: str) -> int:
    if not isinstance(text, str):
        raise FeedFormatError(f"{where}: expected an ISO instant, got {shown(text)}")
    try:
        return parse_instant(text)
    except ValueError:  # its message quotes the text whole
        raise FeedFormatError(f"{where}: not an ISO instant, or one with no UTC offset") from None


def shown(value: Any) -> str:
    """A short description of a value found in a feed, for a message: never more than a few characters of it."""
    if value is None:
        return "missing"
    if isinstance(value, bool | int | float) and len(repr(value)) <= 12:
        return repr(value)
    return {str: "text", list: "a list", dict: "an object"}.get(type(value), "a number")


def _charge(doc: Mapping[str, Any], key: str, where: str) -> float:
    value = doc.get(key)
    number = finite_number(value)
    if number is None:
        raise FeedFormatError(f"{where}: {key} is {shown(value)}, not a number")
    return number


def _series(doc: Any, where: str) -> Series:
    if not isinstance(doc, Mapping):
        raise FeedFormatError(f"{where}: expected a series object")
    step = doc.get("step_seconds")
    values = doc.get("values")
    if not isinstance(step, int) or step <= 0:
        raise FeedFormatError(f"{where}: bad step_seconds {shown(step)}")
    if not isinstance(values, list):
        raise FeedFormatError(f"{where}: 'values' is not a list")
    for i, v in enumerate(values):
        if v is not None and finite_number(v) is None:
            raise FeedFormatError(f"{where}: values[{i}] is {shown(v)}, not a number or null")
    start = _instant(doc.get("start"), f"{where}.start")
    if start % step:
        raise FeedFormatError(f"{where}: start is not on a {shown(step)} s boundary")
    return Series(start, step, tuple(None if v is None else float(v) for v in values))


def _check_header(doc: Any, kind: str) -> None:
    if not isinstance(doc, Mapping):
        raise FeedFormatError("feed document is not a JSON object")
    version = doc.get("schema_version")
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        raise FeedFormatError(f"unsupported feed schema_version {shown(version)} "
                              f"(this code reads {', '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))})")
    if doc.get("kind") != kind:
        raise FeedFormatError(f"expected a {kind!r} feed file, got kind {shown(doc.get('kind'))}")


def _field(doc: Mapping[str, Any], key: str, typ: type) -> Any:
    value = doc.get(key)
    if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
        raise FeedFormatError(f"field {key!r} is {shown(value)}, expected {typ.__name__}")
    return value


def parse_rate_file(doc: dict[str, Any]) -> RateFile:
    """A :class:`RateFile` from a parsed tariff-year document; refuses unknown versions."""
    _check_header(doc, "tariff_year")
    unit_rates = _field(doc, "unit_rates", dict)
    rates: dict[str, RateSeries] = {}
    for name, pair in unit_rates.items():
        if name not in ("standard", "day", "night") or not isinstance(pair, Mapping):
            raise FeedFormatError(f"unknown unit rate {shown(name)}")
        rates[name] = RateSeries(_series(pair.get("unit_rate_p_per_kwh_exc_vat"), f"unit_rates.{name}.exc_vat"),
                                 _series(pair.get("unit_rate_p_per_kwh_inc_vat"), f"unit_rates.{name}.inc_vat"))
    if not rates:
        raise FeedFormatError("tariff file without unit rates")
    charges = []
    for i, iv in enumerate(_field(doc, "standing_charges_p_per_day", list)):
        where = f"standing_charges_p_per_day[{i}]"
        if not isinstance(iv, Mapping):
            raise FeedFormatError(f"{where}: not an object")
        to = iv.get("valid_to")
        charges.append(StandingCharge(_instant(iv.get("valid_from"), where),
                                      None if to is None else _instant(to, where),
                                      _charge(iv, "value_exc_vat", where), _charge(iv, "value_inc_vat", where)))
    charges.sort(key=lambda c: c.valid_from)
    return RateFile(
        tariff_code=_field(doc, "tariff_code", str), product_code=_field(doc, "product_code", str),
        family=_field(doc, "family", str), region=_field(doc, "region", str),
        tariff_kind=_field(doc, "tariff_kind", str), fuel=_field(doc, "fuel", str),
        direction=_field(doc, "direction", str), registers=_field(doc, "registers", int),
        year=_field(doc, "year", int), sample=_field(doc, "sample", bool),
        provenance=str(doc.get("provenance", "")), standard=rates.get("standard"), day=rates.get("day"),
        night=rates.get("night"), standing_charge_intervals=tuple(charges))


def parse_carbon_file(doc: dict[str, Any]) -> CarbonFile:
    """A :class:`CarbonFile` from a parsed carbon-year document; refuses unknown versions."""
    _check_header(doc, "carbon_year")
    fc, ac = doc.get("intensity_g_per_kwh_forecast"), doc.get("intensity_g_per_kwh_actual")
    rid = doc.get("carbon_region_id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, int)):
        raise FeedFormatError(f"field 'carbon_region_id' is {shown(rid)}")
    return CarbonFile(
        region=_field(doc, "region", str), carbon_region_id=rid, year=_field(doc, "year", int),
        sample=_field(doc, "sample", bool), provenance=str(doc.get("provenance", "")),
        forecast=None if fc is None else _series(fc, "intensity_g_per_kwh_forecast"),
        actual=None if ac is None else _series(ac, "intensity_g_per_kwh_actual"))
