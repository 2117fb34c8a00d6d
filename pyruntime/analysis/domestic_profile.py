"""A typical household's daily shape: an approximation of Elexon profile class 1.

Elexon's profile class 1 (domestic unrestricted) coefficients give the share
of a typical home's annual use in each half-hour, by season and day type.
They are licensed industry data we do not ship, so this module *synthesises
an approximation* of their average daily shape, written down here as anchor
points [relative kW] at whole hours, linearly interpolated to the middle of
each half-hour:

* winter (DJF) and summer (JJA), weekday and weekend: an overnight trough
  around 04:00, a morning rise (about 08:00 on weekdays, a later, broader one
  at weekends), a flat or lunchtime-humped day, and an evening peak — sharp
  around 18:00 in winter, lower, later and flatter in summer;
* spring (MAM) and autumn (SON): the mean of the winter and summer shapes.

Only the *shape within a day* is ever used: every caller rescales it to the
user's own kWh for the same day or group of days, so the anchors' absolute
level does not matter. Treat results that use it as indicative ("a typical
home's timing"), not as settlement-grade profile coefficients.
"""

from __future__ import annotations

from functools import lru_cache

from .localdays import SLOTS, LocalDay, is_weekend, season_of, wall_slots

# Relative demand [kW] at 00:00, 01:00, ... 24:00 local wall-clock time.
_ANCHORS: dict[tuple[str, bool], tuple[float, ...]] = {
    ("DJF", False): (0.40, 0.32, 0.27, 0.25, 0.24, 0.25, 0.32, 0.48, 0.55, 0.50, 0.47, 0.47, 0.50,
                     0.49, 0.46, 0.49, 0.62, 0.85, 0.90, 0.85, 0.78, 0.70, 0.60, 0.50, 0.40),
    ("DJF", True): (0.44, 0.35, 0.29, 0.26, 0.25, 0.25, 0.27, 0.34, 0.48, 0.60, 0.66, 0.68, 0.72,
                    0.70, 0.64, 0.63, 0.70, 0.85, 0.88, 0.82, 0.76, 0.69, 0.60, 0.51, 0.44),
    ("JJA", False): (0.32, 0.25, 0.21, 0.19, 0.18, 0.19, 0.24, 0.34, 0.37, 0.34, 0.33, 0.33, 0.35,
                     0.34, 0.32, 0.33, 0.37, 0.44, 0.48, 0.48, 0.48, 0.50, 0.47, 0.40, 0.32),
    ("JJA", True): (0.35, 0.27, 0.22, 0.20, 0.19, 0.19, 0.21, 0.26, 0.34, 0.41, 0.45, 0.46, 0.48,
                    0.47, 0.43, 0.41, 0.42, 0.46, 0.49, 0.48, 0.47, 0.49, 0.46, 0.40, 0.35),
}

SOURCE = ("Approximation of the Elexon profile class 1 (domestic unrestricted) average daily shape, "
          "synthesised for this site; indicative only.")


def _interpolate(anchors: tuple[float, ...]) -> tuple[float, ...]:
    out = []
    for slot in range(SLOTS):
        h = slot / 2 + 0.25  # middle of the half-hour [h]
        i = int(h)
        f = h - i
        out.append(anchors[i] * (1 - f) + anchors[i + 1] * f)
    return tuple(out)


@lru_cache(maxsize=16)
def typical_day(season: str, weekend: bool) -> tuple[float, ...]:
    """Share of a typical home's daily use in each wall-clock slot 0..47 [-]; sums to 1."""
    if season in ("DJF", "JJA"):
        shape = _interpolate(_ANCHORS[(season, weekend)])
    elif season in ("MAM", "SON"):
        w = _interpolate(_ANCHORS[("DJF", weekend)])
        s = _interpolate(_ANCHORS[("JJA", weekend)])
        shape = tuple((a + b) / 2 for a, b in zip(w, s, strict=True))
    else:
        raise ValueError(f"unknown season {season!r}")
    total = sum(shape)
    return tuple(x / total for x in shape)


def typical_weights(day: LocalDay) -> tuple[float, ...]:
    """Typical-home weight [-] of each of ``day``'s real half-hours (46, 48 or 50).

    On a 50-half-hour day the repeated hour takes its slot's weight twice;
    on a 46-half-hour day the skipped slots simply do not occur. Callers
    rescale to the user's kWh, so the weights need not sum to 1.
    """
    shape = typical_day(season_of(day.day), is_weekend(day.day))
    return tuple(shape[s] for s in wall_slots(day.count))
