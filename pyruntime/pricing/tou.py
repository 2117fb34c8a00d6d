"""Time-of-use windows typed by a user: parse and check them.

Two forms say the same thing:

* the original site's string ``"0030-0430:5,25"``: 00:30–04:30 at 5p, any
  other time at 25p. Windows are ``HHMM-HHMM:price`` separated by commas; a
  final bare number is the price at all other times;
* a structured list ``[{"from": "00:30", "to": "04:30", "p_per_kwh": 5}]``
  plus an optional ``default_p_per_kwh``.

Times are London wall-clock times on half-hour boundaries (the meter's
resolution). A window whose end is before its start crosses midnight
(``2330-0530``). Windows may not overlap, and together with the default
they must cover the whole day. Prices are p/kWh as the user typed them
(``5``, ``5p`` or ``5p/kWh``; a price in pounds is refused); the caller decides
whether they include VAT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import BadInput
from ..typednumber import PENCE_PER_KWH, NumberRefused, read_number

_SLOTS = 48
_STRING_WINDOW = re.compile(r"^(\d{4})-(\d{4}):(.+)$")
_HHMM = re.compile(r"^(\d{1,2}):?(\d{2})$")


class TouError(BadInput):
    """A time-of-use entry the user must correct; the message says how."""


@dataclass(frozen=True, slots=True)
class Window:
    """One price window [local minutes from midnight, p/kWh as entered]."""

    start: int
    end: int
    price: float

    @property
    def label(self) -> str:
        return f"{_clock(self.start)}–{_clock(self.end)}"


@dataclass(frozen=True, slots=True)
class TouSchedule:
    """A day of 48 local half-hours, each with a price and the band it belongs to.

    Attributes
    ----------
    windows : the windows as entered, in order.
    default : price at all other times [p/kWh as entered], or ``None`` when the windows cover the day.
    slot_band : for each local slot 0–47, the index into :attr:`band_labels`.
    band_labels : ``"00:30–04:30"`` per window, then ``"other times"`` if a default is used.
    band_prices : price of each band [p/kWh as entered].
    """

    windows: tuple[Window, ...]
    default: float | None
    slot_band: tuple[int, ...]
    band_labels: tuple[str, ...]
    band_prices: tuple[float, ...]

    def as_string(self) -> str:
        """The ``0030-0430:5,25`` form of this schedule (round-trips through :func:`parse_tou_string`)."""
        parts = [f"{_clock(w.start, sep='')}-{_clock(w.end, sep='')}:{_num(w.price)}" for w in self.windows]
        if self.default is not None:
            parts.append(_num(self.default))
        return ",".join(parts)

    def as_windows(self) -> dict:
        """The structured form of this schedule."""
        out: dict = {"windows": [{"from": _clock(w.start), "to": _clock(w.end), "p_per_kwh": w.price}
                                 for w in self.windows]}
        if self.default is not None:
            out["default_p_per_kwh"] = self.default
        return out


def parse_tou_string(text: str) -> TouSchedule:
    """Parse ``"0030-0430:5,1600-1900:35,20"`` [p/kWh]; raise :class:`TouError` explaining any mistake."""
    if not isinstance(text, str) or not text.strip():
        raise TouError("the time-of-use string is empty; write it like 0030-0430:5,25")
    _refuse_a_decimal_comma(text)
    parts = [p.strip() for p in text.replace(" ", "").split(",")]
    windows: list[Window] = []
    default: float | None = None
    for n, part in enumerate(parts, 1):
        if not part:
            raise TouError(f"part {n} of “{text}” is empty (two commas in a row?)")
        m = _STRING_WINDOW.match(part)
        if m:
            if default is not None:
                raise TouError(f"“{part}” comes after the default price; put the default price last")
            start = _parse_time(m.group(1), part)
            end = _parse_time(m.group(2), part)
            windows.append(_window(start, end, _parse_price(m.group(3), part), part))
        elif n == len(parts):
            default = _parse_price(part, part)
        else:
            raise TouError(
                f"“{part}” is not a window: write HHMM-HHMM:price, e.g. 0030-0430:5 "
                "(only the last item may be a bare price)"
            )
    return _schedule(windows, default)


def _refuse_a_decimal_comma(text: str) -> None:
    """Raise :class:`TouError` if ``text`` is one price written with a decimal comma (``24,5``, ``24,5p``):
    no time-of-use string is a bare ``NN,NN``, so it is one price, not two time-of-use items."""
    try:
        read_number(text, PENCE_PER_KWH)
    except NumberRefused as e:
        if e.decimal_comma is None:
            return
        if e.wrong_unit:  # "£0,25": the unit is the first thing to put right
            raise TouError(str(e)) from None
        raise TouError(f"write the price with a decimal point, e.g. {e.decimal_comma} (not “{e.text}”): "
                       "a comma separates time-of-use windows") from None


def parse_tou_windows(windows: list[dict], default_p_per_kwh: float | None = None) -> TouSchedule:
    """Parse ``[{"from": "00:30", "to": "04:30", "p_per_kwh": 5}, ...]`` [p/kWh]."""
    if not isinstance(windows, list) or not windows:
        raise TouError("give at least one window like {\"from\": \"00:30\", \"to\": \"04:30\", \"p_per_kwh\": 5}")
    parsed = []
    for n, w in enumerate(windows, 1):
        if not isinstance(w, dict) or not {"from", "to", "p_per_kwh"} <= set(w):
            raise TouError(f"window {n} needs “from”, “to” and “p_per_kwh”")
        where = f"window {n} ({w['from']}–{w['to']})"
        start = _parse_time(str(w["from"]), where)
        end = _parse_time(str(w["to"]), where)
        parsed.append(_window(start, end, _parse_price(w["p_per_kwh"], where), where))
    default = None if default_p_per_kwh is None else _parse_price(default_p_per_kwh, "the default price")
    return _schedule(parsed, default)


def _parse_time(raw: str, where: str) -> int:
    m = _HHMM.match(raw.strip())
    if not m:
        raise TouError(f"“{raw}” in {where} is not a time; use HHMM like 0030 or HH:MM like 00:30")
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 24 or mi > 59 or (h == 24 and mi):
        raise TouError(f"“{raw}” in {where} is not a time of day")
    if mi not in (0, 30):
        raise TouError(
            f"“{raw}” in {where} is not on a half-hour; smart meters record half-hours, "
            "so windows must start and end at :00 or :30"
        )
    return h * 60 + mi


def _parse_price(raw: object, where: str) -> float:
    try:
        price = read_number(raw, PENCE_PER_KWH)
    except NumberRefused as e:
        if e.wrong_unit:
            raise TouError(f"in {where}, {e}") from None
        raise TouError(f"the price “{e.text}” in {where} is not a number (p/kWh, e.g. 24.5)") from None
    if abs(price) > 1000:
        raise TouError(f"{_num(price)}p/kWh in {where} is implausible; prices are in pence per kWh, not pounds")
    return price


def _window(start: int, end: int, price: float, where: str) -> Window:
    start %= 1440  # 24:00 as a start is midnight
    if start == end % 1440:
        raise TouError(f"{where} starts and ends at the same time; for one price all day, enter a flat rate")
    return Window(start, end, price)


def _slots(w: Window) -> list[int]:
    first, last = w.start // 30, (w.end // 30) or _SLOTS
    if w.end == 1440:
        last = _SLOTS
    if first < last:
        return list(range(first, last))
    return list(range(first, _SLOTS)) + list(range(last))  # crosses midnight


def _schedule(windows: list[Window], default: float | None) -> TouSchedule:
    owner: list[int | None] = [None] * _SLOTS
    for i, w in enumerate(windows):
        for s in _slots(w):
            j = owner[s]
            if j is not None:
                raise TouError(
                    f"windows {windows[j].label} and {w.label} overlap at {_clock(s * 30)}–{_clock(s * 30 + 30)}; "
                    "each half-hour can have only one price"
                )
            owner[s] = i
    labels = [w.label for w in windows]
    prices = [w.price for w in windows]
    if None in owner:
        if default is None:
            gaps = _runs([s for s in range(_SLOTS) if owner[s] is None])
            raise TouError(
                f"{', '.join(gaps)} {'is' if len(gaps) == 1 else 'are'} not covered by any window; "
                "add a price for all other times at the end (e.g. 0030-0430:5,25)"
            )
        labels.append("other times")
        prices.append(default)
        owner = [len(windows) if o is None else o for o in owner]
    elif default is not None:
        raise TouError("the windows already cover the whole day, so the default price would never apply; remove it")
    return TouSchedule(tuple(windows), default, tuple(owner), tuple(labels), tuple(prices))  # type: ignore[arg-type]


def _runs(slots: list[int]) -> list[str]:
    runs: list[list[int]] = []
    for s in slots:
        if runs and runs[-1][1] == s:
            runs[-1][1] = s + 1
        else:
            runs.append([s, s + 1])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][1] == _SLOTS:
        runs[0][0] = runs.pop()[0]  # one gap across midnight
    return [f"{_clock(a * 30)}–{_clock(b * 30)}" for a, b in runs]


def _clock(minutes: int, sep: str = ":") -> str:
    return f"{minutes // 60:02d}{sep}{minutes % 60:02d}"


def _num(x: float) -> str:
    return f"{x:g}" if x == int(x) else repr(x)
