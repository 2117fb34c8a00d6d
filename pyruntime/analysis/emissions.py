"""Emissions of electricity use on half-hourly grid intensity, and of gas on a fixed factor.

A half-hour counts towards emissions only when both the meter reading and
the intensity exist; any other half-hour is counted as missing, never
filled. All sums are plain additions in time order, so CPython and Pyodide
agree to the last bit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..timeseries.series import Series
from .domestic_profile import typical_weights
from .intensity import IntensitySeries
from .localdays import local_days


@dataclass(frozen=True, slots=True)
class GasFactor:
    """An emission factor for burning natural gas.

    Attributes
    ----------
    kg_per_kwh : [kgCO2e/kWh] on the gross calorific value basis, which is how UK bills state kWh.
    source : where the number comes from.
    """

    kg_per_kwh: float
    source: str
    note: str


# UK Government GHG conversion factors for company reporting (DESNZ), 2023
# edition, "Fuels > Gaseous fuels > Natural gas, kWh (Gross CV)", total
# kgCO2e (CO2 + CH4 + N2O, scope 1 combustion only). The value was taken from
# memory of the published table and has not been re-checked against the
# spreadsheet in this repository: verify it before release. Neighbouring
# editions differ by well under 1 % (about 0.1823–0.1832), so the choice of
# edition changes results far less than the uncertainty below.
GAS_FACTOR = GasFactor(
    kg_per_kwh=0.18293,
    source="UK Government GHG conversion factors 2023 (DESNZ): natural gas, kWh gross CV, scope 1",
    note=("Combustion only: excludes upstream leakage and supply-chain emissions (well-to-tank adds "
          "roughly 10–20 %), and the real factor varies with the gas's composition."),
)


@dataclass(frozen=True, slots=True)
class CarbonTally:
    """Additive carbon sums over a day or a run of days.

    Attributes
    ----------
    key : the day ("2023-03-14"), month ("2023-03"), year ("2023") or "all".
    expected : half-hours in the period (46/48/50 per day).
    kwh_present : half-hours with a meter reading.
    intensity_present : half-hours with an intensity value.
    counted : half-hours with both; only these enter the emissions.
    kwh : energy on counted half-hours [kWh].
    kwh_uncounted : energy read but with no intensity to weigh it [kWh].
    grams : Σ kWh × intensity over counted half-hours [gCO2e].
    intensity_sum : Σ intensity over counted half-hours [gCO2/kWh], for the plain average.
    profile_grams : the typical home's emissions for the same kWh each day [gCO2e].
    shifted_grams : emissions after the shift what-if [gCO2e].
    kwh_shifted : energy the what-if moved [kWh].
    """

    key: str
    expected: int = 0
    kwh_present: int = 0
    intensity_present: int = 0
    counted: int = 0
    kwh: float = 0.0
    kwh_uncounted: float = 0.0
    grams: float = 0.0
    intensity_sum: float = 0.0
    profile_grams: float = 0.0
    shifted_grams: float = 0.0
    kwh_shifted: float = 0.0

    @property
    def your_intensity(self) -> float | None:
        """Volume-weighted intensity your use met [gCO2/kWh]."""
        return self.grams / self.kwh if self.kwh > 0 else None

    @property
    def average_intensity(self) -> float | None:
        """Plain mean intensity of the counted half-hours [gCO2/kWh]."""
        return self.intensity_sum / self.counted if self.counted else None

    @property
    def flat_grams(self) -> float | None:
        """The same kWh at the period's plain average intensity [gCO2e]."""
        avg = self.average_intensity
        return None if avg is None else self.kwh * avg

    @property
    def profile_intensity(self) -> float | None:
        """Intensity a typical home's timing would have met [gCO2/kWh]."""
        return self.profile_grams / self.kwh if self.kwh > 0 else None

    @property
    def timing_score(self) -> float | None:
        """How much lower your intensity is than the period's average [%]; negative = worse."""
        avg, yours = self.average_intensity, self.your_intensity
        if avg is None or yours is None or avg <= 0:
            return None
        return (avg - yours) / avg * 100


def sum_tallies(key: str, tallies: Iterable[CarbonTally]) -> CarbonTally:
    """Add up :class:`CarbonTally` s (days into a month, months into a year...)."""
    fields = ("expected", "kwh_present", "intensity_present", "counted", "kwh", "kwh_uncounted", "grams",
              "intensity_sum", "profile_grams", "shifted_grams", "kwh_shifted")
    acc = dict.fromkeys(fields, 0)
    for t in tallies:
        for f in fields:
            acc[f] += getattr(t, f)
    return CarbonTally(key, **acc)


def half_hour_grams(kwh: Sequence[float | None], intensity: Sequence[float | None]) -> tuple[float | None, ...]:
    """Emissions of each half-hour [gCO2e]: kWh × gCO2/kWh, ``None`` where either is missing."""
    return tuple([None if q is None or i is None else q * i for q, i in zip(kwh, intensity, strict=True)])


SHIFT_RULE = ("Each day, the greenest quarter of the day's half-hours (by intensity, at least one) receive "
              "energy; the chosen share of the day's kWh is taken from the other half-hours, most "
              "carbon-intensive first (never more than a half-hour used), and spread evenly over the receiving "
              "half-hours. "
              "Only half-hours with both a reading and an intensity take part.")


def _shift_day(pairs: list[tuple[float, float]], share: float) -> tuple[float, float]:
    """``(grams after the shift [g], kWh moved)`` for one day's ``(kWh, intensity)`` pairs."""
    n = len(pairs)
    grams = 0.0
    for q, i in pairs:
        grams += q * i
    if n < 2 or share <= 0:
        return grams, 0.0
    order = sorted(range(n), key=lambda j: (pairs[j][1], j))
    k = max(1, (n + 3) // 4)
    receivers = order[:k]
    donors = order[k:][::-1]  # dirtiest first
    day_kwh = 0.0
    for q, _ in pairs:
        day_kwh += q
    want = share * day_kwh
    moved = 0.0
    for j in donors:
        if moved >= want:
            break
        q, i = pairs[j]
        take = min(q, want - moved)
        if take > 0:
            grams -= take * i
            moved += take
    if moved > 0:
        per = moved / k
        for j in receivers:
            grams += per * pairs[j][1]
    return grams, moved


def carbon_days(series: Series, intensity: IntensitySeries, first: dt.date, last: dt.date,
                *, shift_percent: float = 0.0) -> tuple[CarbonTally, ...]:
    """A :class:`CarbonTally` per London day from ``first`` to ``last``.

    ``shift_percent`` [%] sets the what-if (see :data:`SHIFT_RULE`).
    """
    share = shift_percent / 100
    out = []
    for ld in local_days(first, last):
        kwh = series.window(ld.start, ld.end)
        ci = intensity.window(ld.start, ld.end)
        weights = typical_weights(ld)
        kwh_present = intensity_present = 0
        pairs: list[tuple[float, float]] = []
        kwh_uncounted = grams = isum = wsum = wgrams = day_kwh = 0.0
        for q, i, w in zip(kwh, ci, weights, strict=True):
            if q is not None:
                kwh_present += 1
            if i is not None:
                intensity_present += 1
            if q is None:
                continue
            if i is None:
                kwh_uncounted += q
                continue
            pairs.append((q, i))
            day_kwh += q
            grams += q * i
            isum += i
            wsum += w
            wgrams += w * i
        shifted, moved = _shift_day(pairs, share) if share > 0 else (grams, 0.0)
        out.append(CarbonTally(
            key=ld.day.isoformat(),
            expected=ld.count,
            kwh_present=kwh_present,
            intensity_present=intensity_present,
            counted=len(pairs),
            kwh=day_kwh,
            kwh_uncounted=kwh_uncounted,
            grams=grams,
            intensity_sum=isum,
            # The typical home's shape over the same counted half-hours,
            # scaled to the user's kWh that day: only timing differs.
            profile_grams=day_kwh * wgrams / wsum if wsum > 0 else 0.0,
            shifted_grams=shifted,
            kwh_shifted=moved,
        ))
    return tuple(out)


def group_tallies(days: Sequence[CarbonTally], width: int) -> tuple[CarbonTally, ...]:
    """Sum consecutive day tallies sharing their key's first ``width`` characters (7 = month, 4 = year)."""
    groups: dict[str, list[CarbonTally]] = {}
    for d in days:
        groups.setdefault(d.key[:width], []).append(d)
    return tuple(sum_tallies(k, v) for k, v in groups.items())
