"""Economy 7 (two-register) tariffs: a night rate for the meter's night hours, a day rate otherwise.

The feeds publish each register's price in force at every half-hour
(``unit_rates.day`` and ``unit_rates.night``), but not *which* half-hours the
meter records on its night register: that schedule is set in the meter,
differs by region and meter, and is usually kept in GMT all year, so during
British Summer Time it runs an hour later on the clock (00:30–07:30 GMT is
01:30–08:30 BST). The window is therefore a setting (``e7=0030-0730``, in
GMT), stated as an assumption wherever an Economy 7 tariff is priced.

A half-hour takes the night register's rate when its UTC start falls in the
window and the day register's rate otherwise; its price band is
:data:`NIGHT_BAND` or :data:`DAY_BAND`, so bills get one line per register
and rate, and band shares split kWh by register.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import BadInput
from ..timeseries.londontime import HALF_HOUR
from .history import Agreement, Pricing, TariffHistory
from .tariff import ArrayRates, Tariff

NIGHT_BAND = "Night (E7)"
DAY_BAND = "Day (E7)"
PARAM = "e7"
"""The URL setting holding the night window, ``HHMM-HHMM`` in GMT."""

_SLOTS = 86400 // HALF_HOUR
_FORMAT = re.compile(r"^(\d{1,2}):?(\d{2})-(\d{1,2}):?(\d{2})$")


@dataclass(frozen=True, slots=True)
class NightWindow:
    """The meter's night hours in GMT (UTC): from ``start`` to ``end`` minutes after 00:00 GMT.

    ``end`` may be smaller than ``start`` (``2300-0600`` crosses midnight).
    Both lie on :00 or :30.
    """

    start: int  # [min after 00:00 GMT]
    end: int  # [min after 00:00 GMT]

    @property
    def minutes(self) -> int:
        """Length of the window [min]."""
        return (self.end - self.start) % 1440

    @property
    def code(self) -> str:
        """The URL form, ``0030-0730``."""
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"

    def label(self, offset_minutes: int = 0) -> str:
        """``00:30–07:30`` on a clock ``offset_minutes`` ahead of GMT (60 in BST)."""
        return f"{_clock(self.start + offset_minutes)}–{_clock(self.end + offset_minutes)}"

    def slot_mask(self) -> tuple[bool, ...]:
        """For each half-hour of the UTC day (0 = 00:00–00:30 GMT), whether it is charged at night."""
        first, n = self.start // 30, self.minutes // 30
        night = {(first + i) % _SLOTS for i in range(n)}
        return tuple(s in night for s in range(_SLOTS))

    def is_night(self, t: int) -> bool:
        """Whether the half-hour starting at instant ``t`` [s, UTC] is on the night register."""
        minute = (t % 86400) // 60
        return (minute - self.start) % 1440 < self.minutes

    def describe(self) -> str:
        """The assumption as the page states it."""
        hours = self.minutes / 60
        return (f"{self.label()} GMT all year ({self.label(60)} on the clock in British Summer Time), "
                f"{hours:g} hour{'s' if hours != 1 else ''}: half-hours starting then are charged at the night "
                "rate, all others at the day rate. Meters keep their own Economy 7 hours (often 00:30–07:30 GMT, "
                "but 23:00–06:00, 00:00–07:00, 01:00–08:00 and others exist): check your bill or meter and set "
                "yours in the form.")


DEFAULT_NIGHT = NightWindow(30, 450)
"""00:30–07:30 GMT, the commonest Economy 7 night."""


def _hhmm(minutes: int) -> str:
    m = minutes % 1440
    return f"{m // 60:02d}{m % 60:02d}"


def _clock(minutes: int) -> str:
    m = minutes % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def parse_night_window(text: str) -> NightWindow:
    """``0030-0730`` (or ``00:30-07:30``; ``2400`` = midnight) → :class:`NightWindow`.

    Raises :class:`ValueError` with a message for the user.
    """
    m = _FORMAT.match(text.strip().replace(" ", "").replace("–", "-"))
    if not m:
        raise BadInput(f"“{text}” is not a night window: write it as HHMM-HHMM in GMT, e.g. 0030-0730")
    h1, m1, h2, m2 = (int(x) for x in m.groups())
    if h1 > 24 or h2 > 24 or (h1 == 24 and m1) or (h2 == 24 and m2) or m1 > 59 or m2 > 59:
        raise BadInput(f"“{text}” is not a time of day: hours run from 00 to 23")
    if m1 not in (0, 30) or m2 not in (0, 30):
        raise BadInput(f"“{text}”: Economy 7 hours start and end on the hour or half-hour (:00 or :30), as "
                         "meters switch registers on half-hour boundaries")
    start, end = (h1 * 60 + m1) % 1440, (h2 * 60 + m2) % 1440
    if start == end:
        raise BadInput(f"“{text}” starts and ends at the same time; the night must last at least half an hour")
    return NightWindow(start, end)


def resolve_night_setting(raw: str | None) -> tuple[NightWindow, str | None, tuple[str, ...]]:
    """The window a URL's ``e7`` asks for, its canonical URL value (``None`` when not given or refused), and notices."""
    if raw is None or not raw.strip():
        return DEFAULT_NIGHT, None, ()
    try:
        window = parse_night_window(raw)
    except ValueError as exc:
        return DEFAULT_NIGHT, None, (f"{exc}. Economy 7 is priced on {DEFAULT_NIGHT.label()} GMT instead.",)
    return window, window.code, ()


@dataclass(frozen=True, slots=True)
class TwoRegisterRates:
    """Day and night register prices [p/kWh exc VAT] and the meter's night hours that choose between them."""

    day: ArrayRates
    night: ArrayRates
    night_window: NightWindow = DEFAULT_NIGHT

    @property
    def start(self) -> int:
        """First half-hour either register has a price for [s, UTC]."""
        return min(self.day.start, self.night.start)

    def _night_slots(self, start: int, count: int) -> list[bool]:
        mask = self.night_window.slot_mask()
        first = (start % 86400) // HALF_HOUR
        return [mask[(first + i) % _SLOTS] for i in range(count)]

    def window(self, start: int, count: int) -> list[float | None]:
        """Unit rate of each half-hour: the night register's inside the night hours, else the day register's."""
        day = self.day.window(start, count)
        night = self.night.window(start, count)
        return [n if at_night else d for d, n, at_night in zip(day, night, self._night_slots(start, count),
                                                                 strict=True)]

    def band_labels(self, start: int, count: int) -> list[str | None]:
        """:data:`NIGHT_BAND` or :data:`DAY_BAND` for each half-hour."""
        return [NIGHT_BAND if at_night else DAY_BAND for at_night in self._night_slots(start, count)]


def is_two_register(tariff: Tariff) -> bool:
    return isinstance(tariff.rates, TwoRegisterRates)


def uses_two_registers(pricing: Pricing | None) -> bool:
    """Whether any tariff in ``pricing`` is Economy 7."""
    if pricing is None:
        return False
    if isinstance(pricing, TariffHistory):
        return any(is_two_register(a.tariff) for a in pricing.agreements)
    return is_two_register(pricing)


def with_night_window(pricing: Pricing, window: NightWindow) -> Pricing:
    """``pricing`` with every Economy 7 tariff in it using ``window``; other tariffs unchanged."""
    if isinstance(pricing, TariffHistory):
        if not uses_two_registers(pricing):
            return pricing
        agreements = tuple(Agreement(_with_window(a.tariff, window), a.valid_from, a.valid_to)
                           for a in pricing.agreements)
        return TariffHistory(agreements, code=pricing.code, name=pricing.name)
    return _with_window(pricing, window)


def _with_window(tariff: Tariff, window: NightWindow) -> Tariff:
    if not isinstance(tariff.rates, TwoRegisterRates) or tariff.rates.night_window == window:
        return tariff
    return replace(tariff, rates=replace(tariff.rates, night_window=window))
