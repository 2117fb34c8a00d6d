"""Solar panels: half-hourly generation from bundled climate data, then self-consumption.

The model: each month's generation is SAP 2012's (Appendix U irradiance on
the panels' tilt and orientation for the household's climate region,
Appendix M's 0.8 kWh per kWp per kWh/m²; see :mod:`.solar_data`), split
equally over the month's days, and each day's over its half-hours in
proportion to the sunlight on the panels from the sun's position: the beam
on the panel (cosine of the angle of incidence, thinned by the air mass)
plus a sky-diffuse part. Every day of a month gets the same generation:
this is a typical year, not the weather of the days priced, so it cannot
tell a sunny day from a dull one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InvalidField
from ..timeseries.londontime import HALF_HOUR, local_date
from .solar_data import (
    DECLINATION_DEG,
    GSP_TO_SAP,
    HORIZONTAL_W_M2,
    LATITUDE_DEG,
    LONGITUDE_DEG,
    ORIENTATIONS,
    PV_FACTOR,
    U5_COLUMN,
    U5_K,
)

PROFILES = {
    "model": "the model's typical year",
    "export": "your export readings, scaled",
}
"""Where the new panels' half-hourly shape comes from."""

DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
AZIMUTH_DEG = {d: 45.0 * i for i, d in enumerate(ORIENTATIONS)}  # clockwise from north


@dataclass(frozen=True, slots=True)
class Panels:
    """kwp [kWp]; facing, one of ``ORIENTATIONS``; tilt_deg [°] from horizontal; region: GSP letter; cost_gbp [£].

    profile : ``"model"`` (the typical year below) or ``"export"`` (the household's own export readings
    scaled to the model's total: :func:`scale_export`).
    """

    kwp: float
    facing: str = "S"
    tilt_deg: float = 35.0
    region: str = "C"
    cost_gbp: float = 0.0
    profile: str = "model"

    def __post_init__(self) -> None:
        if not (math.isfinite(self.kwp) and 0 < self.kwp <= 50):
            raise InvalidField("kwp", "panel size must be more than 0 and at most 50 kWp")
        if self.facing not in ORIENTATIONS:
            raise InvalidField("facing", f"panels face one of {', '.join(ORIENTATIONS)}")
        if not (math.isfinite(self.tilt_deg) and 0 <= self.tilt_deg <= 90):
            raise InvalidField("tilt_deg", "tilt must be between 0° (flat) and 90° (vertical)")
        if self.region not in GSP_TO_SAP:
            # The region comes from the household, not from the user: a wrong one is a bug.
            raise ValueError(f"unknown region {self.region!r}")
        if not (math.isfinite(self.cost_gbp) and 0 <= self.cost_gbp <= 1_000_000):
            raise InvalidField("cost_gbp", "cost must be between £0 and £1,000,000")
        if self.profile not in PROFILES:
            raise InvalidField("profile", f"the generation profile is one of {', '.join(PROFILES)}")


def radiation_on_panels(sap_region: int, facing: str, tilt_deg: float, month: int) -> float:
    """SAP 2012 U3.2: mean solar flux on the panels in ``month`` (1–12) [W/m²]."""
    col = U5_COLUMN[facing]
    k = [row[col] for row in U5_K]
    p = math.radians(tilt_deg)
    s1, s2, s3 = math.sin(p), math.sin(p) ** 2, math.sin(p) ** 3
    a = k[0] * s3 + k[1] * s2 + k[2] * s1
    b = k[3] * s3 + k[4] * s2 + k[5] * s1
    c = k[6] * s3 + k[7] * s2 + k[8] * s1 + 1
    cos1 = math.cos(math.radians(LATITUDE_DEG[sap_region] - DECLINATION_DEG[month - 1]))
    return HORIZONTAL_W_M2[sap_region][month - 1] * (a * cos1 * cos1 + b * cos1 + c)


def monthly_kwh_per_kwp(panels: Panels) -> tuple[float, ...]:
    """Generation of 1 kWp in each month of a typical year [kWh/kWp] (SAP Appendix M's 0.8 × S)."""
    sap = GSP_TO_SAP[panels.region]
    return tuple(PV_FACTOR * radiation_on_panels(sap, panels.facing, panels.tilt_deg, m) * 0.024 * DAYS_IN_MONTH[m - 1]
                 for m in range(1, 13))


def _sunlight(panels: Panels, t: int) -> float:
    """Relative sunlight on the panels at instant ``t`` (any unit; 0 at night)."""
    day_of_year = (t // 86400 + 4) % 365.25  # close enough for the declination and the equation of time
    g = 2 * math.pi * day_of_year / 365.25
    decl = math.radians(23.44) * math.sin(2 * math.pi * (day_of_year - 81) / 365.25)
    eot_min = 9.87 * math.sin(2 * g - 2.5) - 7.53 * math.cos(g - 0.14) - 1.5 * math.sin(g - 0.14)
    solar_h = (t % 86400) / 3600 + LONGITUDE_DEG[panels.region] / 15 + eot_min / 60
    hour_angle = math.radians(15 * (solar_h - 12))
    lat = math.radians(LATITUDE_DEG[GSP_TO_SAP[panels.region]])
    sin_el = math.sin(lat) * math.sin(decl) + math.cos(lat) * math.cos(decl) * math.cos(hour_angle)
    if sin_el <= 0.01:
        return 0.0
    cos_el = math.sqrt(1 - sin_el * sin_el)
    # Sun azimuth clockwise from north.
    cos_az = (math.sin(decl) - sin_el * math.sin(lat)) / (cos_el * math.cos(lat))
    az = math.acos(max(-1.0, min(1.0, cos_az)))
    if hour_angle > 0:
        az = 2 * math.pi - az
    tilt, face = math.radians(panels.tilt_deg), math.radians(AZIMUTH_DEG[panels.facing])
    cos_inc = sin_el * math.cos(tilt) + cos_el * math.sin(tilt) * math.cos(az - face)
    beam = max(0.0, cos_inc) * 0.7 ** ((1 / sin_el) ** 0.678)  # Meinel's clear-sky air-mass attenuation
    diffuse = 0.3 * sin_el * (1 + math.cos(tilt)) / 2
    return beam + diffuse


@dataclass(frozen=True, slots=True)
class Generation:
    """kwh : generation per half-hour [kWh]; total_kwh; kwh_per_kwp_year : the typical year's yield [kWh/kWp]."""

    kwh: tuple[float, ...]
    total_kwh: float
    kwh_per_kwp_year: float


def sunlight(region: str, facing: str, tilt_deg: float, start: int, count: int) -> tuple[float, ...]:
    """Relative sunlight on panels of this geometry at the middle of each half-hour (the slow part of
    :func:`generate`: the lab keeps it, so a change of size or of any other setting does not redo the sun's path)."""
    panels = Panels(1.0, facing, tilt_deg, region)
    return tuple(_sunlight(panels, start + i * HALF_HOUR + HALF_HOUR // 2) for i in range(count))


def generate(panels: Panels, start: int, count: int, weights: Sequence[float] | None = None) -> Generation:
    """Half-hourly generation [kWh] for ``count`` half-hours from ``start``.

    ``weights``, when given, is :func:`sunlight` for these panels and half-hours.
    """
    monthly = monthly_kwh_per_kwp(panels)
    if weights is None:
        weights = sunlight(panels.region, panels.facing, panels.tilt_deg, start, count)
    out = [0.0] * count
    i = 0
    while i < count:
        day = local_date(start + i * HALF_HOUR)
        j = i
        while j < count and local_date(start + j * HALF_HOUR) == day:
            j += 48 if j + 48 <= count and local_date(start + (j + 47) * HALF_HOUR) == day else 1
        total_w = sum(weights[i:j])
        energy = panels.kwp * monthly[day.month - 1] / DAYS_IN_MONTH[day.month - 1]
        if total_w > 0:
            for k in range(i, j):
                out[k] = energy * weights[k] / total_w
        i = j
    return Generation(tuple(out), sum(out), sum(monthly))


def scale_export(panels: Panels, start: int,
                 measured: Sequence[float | None]) -> tuple[tuple[float | None, ...], float]:
    """The household's own export readings [kWh] scaled to the model's total for ``panels`` over those half-hours.

    Export is what existing panels made less what the home used at that
    moment, so its shape is the real weather's (a dull week is dull) but
    narrower than generation's (mornings and evenings are used at home).
    Scaling keeps the model's yield for the period. Returns the new panels'
    generation per half-hour (``None`` where there is no export reading: a
    gap stays a gap) and the factor applied [-]. Raises ``ValueError`` when
    the readings have no export to scale.
    """
    real = sum(q for q in measured if q)
    if not real > 0:
        raise ValueError("your export readings show no export over this period, so there is no profile to scale")
    factor = generate(panels, start, len(measured)).total_kwh / real
    return tuple([None if q is None else q * factor for q in measured]), factor


@dataclass(frozen=True, slots=True)
class SelfUse:
    """load : import still needed per half-hour; surplus : generation left over; self_used_kwh : used at home."""

    load: tuple[float | None, ...]
    surplus: tuple[float | None, ...]
    self_used_kwh: float


def self_consume(load: Sequence[float | None], generation: Sequence[float]) -> SelfUse:
    """The home uses the panels' output first; what is left is surplus (for a battery, then export)."""
    new_load = [None if q is None else (q - g if q > g else 0.0) for q, g in zip(load, generation, strict=True)]
    surplus = [None if q is None else (g - q if g > q else 0.0) for q, g in zip(load, generation, strict=True)]
    used = sum(g - s for g, s in zip(generation, surplus, strict=True) if s is not None)
    return SelfUse(tuple(new_load), tuple(surplus), used)
