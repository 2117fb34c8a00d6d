"""What the lab keeps between runs in one session, so that changing one setting re-prices quickly.

A :class:`LabMemory` belongs to the session that runs the lab (``Session.lab``)
and goes with it; a run given none starts from nothing, as a first view does.
Each part is a :class:`Kept`: a few entries at most, the oldest dropped
first, so what is kept stays small and in sight (tests make their own, and
nothing leaks from one to the next).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any


class Kept:
    """At most ``limit`` values by key, made on first use; the oldest made is dropped first."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: dict[Hashable, Any] = {}

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value kept for ``key``, or ``make()`` kept for it now."""
        if key in self._values:
            return self._values[key]
        value = self._values[key] = make()
        while len(self._values) > self.limit:
            del self._values[next(iter(self._values))]
        return value

    def __len__(self) -> int:
        return len(self._values)


@dataclass
class LabMemory:
    """One session's kept results, by what they depend on.

    slots : London clock slots of a period ``(start, count)``.
    sunlight : the sun's path on the panels ``(region, facing, tilt, start, count)``: the slowest part of solar.
    generation : the panels' half-hourly output ``(kWp, facing, tilt, region, start, count)`` [kWh].
    sessions : an EV's plug-in runs ``(start, count, window)``.
    periods : the household's import prepared over the days ``(series id, first, last)``.
    tariffs : each tariff's rates and household flows before any battery, for one scenario without the battery
        (``lab._Kept``): a change of battery or strategy re-uses them all.
    """

    slots: Kept = field(default_factory=lambda: Kept(2))
    sunlight: Kept = field(default_factory=lambda: Kept(4))
    generation: Kept = field(default_factory=lambda: Kept(4))
    sessions: Kept = field(default_factory=lambda: Kept(4))
    periods: Kept = field(default_factory=lambda: Kept(1))
    tariffs: Kept = field(default_factory=lambda: Kept(1))
