"""Numbers people type: one reader for every field and URL setting that takes a number.

A price is typed as it is read off a bill or a supplier's page (``24.5p/kWh``,
``60 p/day``), a size as it is said (``5 kWh``, ``90%``, ``8,000 miles``), so
each field accepts its own unit after the number, and a number in another unit
is refused with a message that says which unit to give, never converted
silently. A price in pounds in a field that takes pence (``£0.245``) is the
mistake that matters most: read as 0.245p it would cost a year at a hundredth
of the price.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import BadInput


@dataclass(frozen=True, slots=True)
class Unit:
    """What a field is measured in, and how a person may write it after the number.

    symbol : how the unit is shown next to a range ("p/kWh", "%").
    suffixes : accepted after the number, compared lower-case with spaces removed ("p/kwh").
    asks : how a refusal names what to give ("the price in pence per kWh").
    example : a typical value, shown when a refusal says what to give.
    thousands : a comma between groups of three digits is read (``8,000``); only for fields whose values run
        that large (never a price in pence, where ``24,5`` would be a decimal comma misread).
    pounds : the field is in pounds, so a leading ``£`` is its own unit.
    pence : the field is in pence, so a value in pounds is refused with its value in pence as the example.
    percent : the field is a percentage, so a bare number between 0 and 1 (``0.9``) is refused as ambiguous: it
        may be a fraction meant as 90 %, which read as 0.9 % would be a silent hundredfold mistake. Typed with
        its sign (``0.9%``) it is read as it says.
    """

    symbol: str
    suffixes: tuple[str, ...]
    asks: str
    example: str
    thousands: bool = False
    pounds: bool = False
    pence: bool = False
    percent: bool = False


# As suppliers' pages and bills write them: "24.5p", "24.5p/kWh", "24.5 pence per kWh" (spaces are removed first).
PENCE_PER_KWH = Unit("p/kWh", ("p", "p/kwh", "pperkwh", "pence", "pence/kwh", "penceperkwh"),
                     "the price in pence per kWh", "24.5", pence=True)
PENCE_PER_DAY = Unit("p/day", ("p", "p/day", "pperday", "pence", "pence/day", "penceperday", "p/d"),
                     "the standing charge in pence per day", "60", pence=True)
PERCENT = Unit("%", ("%",), "a percentage", "90", percent=True)
KWH = Unit("kWh", ("kwh",), "kWh", "5")
KWH_A_YEAR = Unit("kWh", ("kwh",), "kWh", "2,000", thousands=True)
KW = Unit("kW", ("kw",), "kW", "3")
KWP = Unit("kWp", ("kwp",), "kWp", "4")
POUNDS = Unit("£", ("£",), "pounds", "3,500", thousands=True, pounds=True)
MILES = Unit("miles", ("miles", "mi"), "miles", "8,000", thousands=True)
MILES_PER_KWH = Unit("miles per kWh", ("miles/kwh", "mi/kwh"), "miles per kWh", "3.5")
DEGREES = Unit("°", ("°", "deg", "degrees"), "degrees", "35")
HOURS = Unit("hours", ("h", "hours"), "hours", "2")
MJ_PER_M3 = Unit("MJ/m³", ("mj/m³", "mj/m3", "mj"), "the calorific value in MJ/m³", "39.5")
PLAIN = Unit("", (), "a plain number", "3")

_UNITS = (PENCE_PER_KWH, PENCE_PER_DAY, PERCENT, KWH, KW, KWP, POUNDS, MILES, MILES_PER_KWH, DEGREES, HOURS, MJ_PER_M3)
# Units some field takes (or a near miss such as watts): after a number they are a wrong unit, not a typo.
_KNOWN = frozenset(s for u in _UNITS for s in u.suffixes) | {"w", "wh", "mwh", "kva"}
_IN_POUNDS = ("£", "gbp")

# ASCII digits only (float() also reads "1_000", "inf" and other scripts' digits); an exponent so that any
# float's repr reads back; a sign before or after a pound sign. Commas are sorted out after the match:
# thousands separators where the field takes them, one decimal comma said as such, anything else refused.
_NUMBER = re.compile(
    r"(?P<sign>[-+]?)\s*(?P<pound>£?)\s*(?P<sign2>[-+]?)"
    r"(?P<digits>[0-9]+(?:,[0-9]+)*(?:\.[0-9]*)?|\.[0-9]+)(?P<exp>[eE][-+]?[0-9]+)?"
    r"\s*(?P<suffix>.*)",
    re.DOTALL,
)
_GROUPED = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]*)?")  # "12,345.5": thousands separators, where read


class NumberRefused(BadInput):
    """Typed text that is not a number this field can use.

    text : what was typed, stripped.
    wrong_unit : a number in another unit (the message says which unit to give).
    decimal_comma : the number written with a decimal comma (``24,5``), as it reads with a decimal point
        (``"24.5"``); the message asks for the point unless the unit is wrong too (``£0,25`` in pence).
    fraction : a bare number between 0 and 1 where a percentage is asked (``0.9``); the message asks for it
        with its sign, as the percentage meant.
    Otherwise there is no number at all, and the message is "“text” is not a number" for the caller to phrase
    as it likes (:attr:`explained` is false).
    """

    def __init__(self, text: str, message: str, *, wrong_unit: bool = False, decimal_comma: str | None = None,
                 fraction: bool = False) -> None:
        super().__init__(message)
        self.text = text
        self.wrong_unit = wrong_unit
        self.decimal_comma = decimal_comma
        self.fraction = fraction

    @property
    def explained(self) -> bool:
        """The message says what to write instead, so it is worth showing as it is."""
        return self.wrong_unit or self.decimal_comma is not None or self.fraction


def _decimal_comma(digits: str, exp: str | None, unit: Unit) -> str | None:
    """``digits`` as they read with a decimal point if their one comma is a decimal comma, else ``None``.

    In a field that takes thousands (``8,000``) a comma before three digits is a thousands separator, so
    only ``2,5`` or ``24,50`` there is a decimal comma.
    """
    whole, comma, fraction = digits.partition(",")
    if not comma or "," in fraction or "." in fraction or exp:
        return None
    if unit.thousands and len(fraction) == 3:
        return None
    return f"{whole}.{fraction}"


def read_number(raw: object, unit: Unit = PLAIN) -> float:
    """``raw`` (typed text, or a number from JSON) as a finite float; raise :class:`NumberRefused` otherwise.

    Accepted text: an optional sign, ASCII digits with an optional decimal point and exponent (``24.5``,
    ``.5``, ``-3``, ``1e-05``), spaces around, then optionally the field's own unit in any case and with any
    spaces: for ``PENCE_PER_KWH`` ``24.5p``, ``24.5 p``, ``24.5p/kWh``, ``24.5 P/KWH``; for ``PENCE_PER_DAY``
    ``60p``, ``60 p/day``; ``90%``; ``5 kWh``; ``3 kW``; ``4kWp``; ``8,000 miles`` or ``mi``; ``3.5 miles/kWh``;
    ``35°`` or ``deg``; ``2 h`` or ``hours``; ``£3,500`` or ``3500 £`` where the field is in pounds. Commas
    between groups of three digits (``8,000``) only where :attr:`Unit.thousands` says so.

    Refused: text with no number (``nan``, ``inf``, ``abc``), numbers too large to be finite (``1e400``),
    numbers in another unit, including pounds where the field takes pence (``£0.245``, ``0.245 £/kWh``:
    "give the price in pence per kWh, e.g. 24.5 (not £0.245)"), a decimal comma (``24,5``, or ``2,5`` where
    thousands are read: "write the number with a decimal point, e.g. 24.5 (not 24,5)", with
    :attr:`NumberRefused.decimal_comma` ``"24.5"``), and in a percentage a bare number between 0 and 1
    (``0.9``: "“0.9” reads as 0.9 %: write 90% for 90 per cent, or 0.9% if you mean it"). The range is the
    caller's to check.
    """
    if isinstance(raw, bool):
        raise NumberRefused(str(raw), f"“{raw}” is not a number")
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw):
            raise NumberRefused(str(raw), f"“{raw}” is not a number")
        return _in_unit(float(raw), str(raw), "", unit)
    text = str(raw).strip() if isinstance(raw, str) else ""
    not_a_number = NumberRefused(text, f"“{text}” is not a number")
    m = _NUMBER.fullmatch(text)
    if m is None or (m["sign"] and m["sign2"]):
        raise not_a_number
    sign = m["sign"] or m["sign2"]
    comma = _decimal_comma(m["digits"], m["exp"], unit)
    digits = comma if comma is not None else m["digits"]
    if comma is None and "," in digits and not (unit.thousands and _GROUPED.fullmatch(digits)):
        raise not_a_number
    value = float(sign + digits.replace(",", "") + (m["exp"] or ""))
    if not math.isfinite(value):
        raise not_a_number
    said = None if comma is None else sign + comma
    suffix = re.sub(r"\s+", "", m["suffix"]).lower()
    in_pounds = bool(m["pound"]) or any(p in suffix for p in _IN_POUNDS)
    if unit.pounds and in_pounds and suffix in ("", "£"):
        return _in_unit(value, text, suffix, unit, said)
    if in_pounds and unit.pence:
        raise NumberRefused(text, f"give {unit.asks}, e.g. {value * 100:g} (not {text})", wrong_unit=True,
                            decimal_comma=said)
    if not m["pound"] and (suffix == "" or suffix in unit.suffixes):
        return _in_unit(value, text, suffix, unit, said)
    if in_pounds or suffix in _KNOWN:
        raise NumberRefused(text, f"give {unit.asks}, e.g. {unit.example} (not {text})", wrong_unit=True,
                            decimal_comma=said)
    raise not_a_number


def _in_unit(value: float, text: str, suffix: str, unit: Unit, decimal_comma: str | None = None) -> float:
    """``value``, read from ``text`` in its field's own unit, unless it is written in a way not to be guessed at."""
    if decimal_comma is not None:
        whole, _, fraction = decimal_comma.partition(".")
        # "1,000" where thousands are not read: a thousand or one, only the person who typed it knows.
        said = (f"write {whole}{fraction} or {decimal_comma} (not {text}): this field takes no thousands separator"
                if len(fraction) == 3 and not unit.thousands
                else f"write the number with a decimal point, e.g. {decimal_comma} (not {text})")
        raise NumberRefused(text, said, decimal_comma=decimal_comma)
    if unit.percent and not suffix and 0 < value < 1:
        raise NumberRefused(text, f"“{text}” reads as {value:g} %: write {value * 100:g}% for {value * 100:g} per "
                                  f"cent, or {value:g}% if you mean it", fraction=True)
    return value
