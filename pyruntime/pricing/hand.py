"""Tariffs a user types in: flat rate, time-of-use windows, standing charge, VAT.

Suppliers advertise prices including VAT, so hand-entered prices include VAT
unless ``prices_include_vat`` is false; they are stored exc VAT like every
other tariff. A hand tariff is settings, not personal data, so its spec can
live in the report URL.
"""

from __future__ import annotations

import re

from ..errors import BadInput, InvalidField
from ..timeseries.series import FUELS
from ..typednumber import PENCE_PER_DAY, PENCE_PER_KWH, PLAIN, NumberRefused, Unit, read_number
from .tariff import FlatRate, StandingCharge, Tariff, TouRates, default_vat
from .tou import TouError, TouSchedule, parse_tou_string, parse_tou_windows

# Times, prices and the pence a price may be written in ("0030-0430:5p,25p/kWh"); pounds are let through for
# the price reader to refuse with a message in pence.
_TOU_LIKE = re.compile(r"^[\d\s.,:\-pPkKwWhH/£]+$")


def flat_tariff(
    fuel: str,
    p_per_kwh: float,
    standing_p_per_day: float = 0.0,
    *,
    prices_include_vat: bool = True,
    vat_rate: float | None = None,
    name: str = "Flat rate",
    code: str = "hand-flat",
) -> Tariff:
    """One unit rate at all times [p/kWh] and a standing charge [p/day]."""
    vat = default_vat(fuel) if vat_rate is None else vat_rate
    div = 1 + vat if prices_include_vat else 1.0
    return Tariff(
        code=code, name=name, fuel=fuel, rates=FlatRate(p_per_kwh / div),
        standing_charges=_standing(standing_p_per_day, div), vat_rate=vat,
        notes=(_vat_note(prices_include_vat, vat),),
    )


def tou_tariff(
    fuel: str,
    schedule: TouSchedule,
    standing_p_per_day: float = 0.0,
    *,
    prices_include_vat: bool = True,
    vat_rate: float | None = None,
    name: str = "Time of use",
    code: str = "hand-tou",
) -> Tariff:
    """Prices by London time of day from a parsed :class:`TouSchedule` [p/kWh], plus a standing charge [p/day]."""
    vat = default_vat(fuel) if vat_rate is None else vat_rate
    div = 1 + vat if prices_include_vat else 1.0
    return Tariff(
        code=code, name=name, fuel=fuel,
        rates=TouRates(schedule, tuple(p / div for p in schedule.band_prices)),
        standing_charges=_standing(standing_p_per_day, div), vat_rate=vat,
        notes=(_vat_note(prices_include_vat, vat), f"time-of-use windows (London time): {schedule.as_string()}"),
    )


def tariff_from_spec(spec: dict, *, code: str = "hand") -> Tariff:
    """A hand-entered tariff from its JSON spec; raise ``ValueError`` with a message for the user.

    ``spec`` keys: ``fuel`` (electricity | gas | export), ``name``, one of
    ``rate`` (a number, or a string such as ``"24.5"``, ``"24.5p/kWh"`` or ``"0030-0430:5,25"``),
    ``tou`` (the string form) or ``windows`` (+ optional ``default_p_per_kwh``);
    ``standing_p_per_day`` (default 0; ``"60"`` or ``"60p/day"``), ``prices_include_vat`` (default true),
    ``vat_rate`` (default 0.05, export 0).

    Prices are read by :func:`~pyruntime.typednumber.read_number` (a price in pounds is refused, not read as
    pence). A value that cannot be used raises :class:`~pyruntime.errors.InvalidField` naming its ``spec`` key (a
    time-of-use mistake stays a :class:`TouError`, whose value is the rate given).
    """
    if not isinstance(spec, dict):
        raise BadInput("a tariff must be an object with a fuel and a rate")
    fuel = spec.get("fuel", "electricity")
    if fuel not in FUELS:
        raise InvalidField("fuel", f"“{fuel}” is not a fuel; use one of {', '.join(FUELS)}")
    name = str(spec.get("name") or "").strip() or "My tariff"
    sc = _number(spec.get("standing_p_per_day", 0) or 0, "the standing charge", "standing_p_per_day", lo=0, hi=1000,
                 unit=PENCE_PER_DAY)
    inc = spec.get("prices_include_vat", True)
    if not isinstance(inc, bool):
        raise InvalidField("prices_include_vat", "prices_include_vat must be true or false")
    vat = spec.get("vat_rate")
    if vat is not None:
        vat = _number(vat, "the VAT rate", "vat_rate", lo=0, hi=0.99, unit=PLAIN)
    kw = {"prices_include_vat": inc, "vat_rate": vat, "name": name, "code": code}
    given = [k for k in ("rate", "tou", "windows") if spec.get(k) not in (None, "")]
    if len(given) != 1:
        raise BadInput("give exactly one of: a flat rate, a time-of-use string, or time-of-use windows")
    if given[0] == "windows":
        return tou_tariff(fuel, parse_tou_windows(spec["windows"], spec.get("default_p_per_kwh")), sc, **kw)
    raw = spec[given[0]]
    if isinstance(raw, str) and ("-" in raw.lstrip("-") or ":" in raw or "," in raw):
        if not _TOU_LIKE.match(raw):
            raise TouError(f"“{raw}” is neither a price nor a time-of-use string like 0030-0430:5,25")
        return tou_tariff(fuel, parse_tou_string(raw), sc, **kw)
    rate = _number(raw, "the unit rate", given[0], lo=-1000, hi=1000, unit=PENCE_PER_KWH)
    return flat_tariff(fuel, rate, sc, **kw)


def _number(raw: object, what: str, key: str, *, lo: float, hi: float, unit: Unit) -> float:
    """``raw`` as a number in ``lo``..``hi``; else :class:`InvalidField` naming the spec ``key`` it came from."""
    try:
        x = read_number(raw, unit)
    except NumberRefused as e:
        raise InvalidField(key, str(e) if e.explained else f"{what} “{e.text}” is not a number") from None
    if not lo <= x <= hi:
        raise InvalidField(key, f"{what} {raw} is outside {lo:g} to {hi:g}")
    return x


def _standing(p_per_day: float, div: float) -> tuple[StandingCharge, ...]:
    return (StandingCharge(p_per_day / div),)


def _vat_note(included: bool, vat: float) -> str:
    pct = f"{vat * 100:g}%"
    return f"prices entered {'including' if included else 'excluding'} VAT; VAT {pct}"
