"""``json.loads`` that cannot crash the browser's Python.

On a hostile document such as ``[[[[…`` ``json.loads`` recurses until it
overflows the WebAssembly stack in Pyodide, which kills the whole worker
instead of raising ``RecursionError``. Anything we parse that came from
outside (a dropped file, a provider's reply) goes through here.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

# JSON's number grammar, ASCII digits only (``float()`` also takes "1_000", "+5", "inf" and Arabic digits),
# between JSON whitespace: the most a number sent as text may be.
_NUMERAL = re.compile(r"[ \t\r\n]*-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?[ \t\r\n]*")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# A JSON string literal, escapes included (unrolled so that a long string is one linear scan). An
# unterminated string is left in place, so its brackets still count: json.loads refuses it anyway.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
MAX_DEPTH = 20  # our files and the providers' replies nest at most about 5 deep


class TooDeep(ValueError):
    """The document nests brackets deeper than any file or reply we read."""


def too_deep(text: str, max_depth: int = MAX_DEPTH) -> bool:
    """True when brackets outside strings nest deeper than ``max_depth``.

    Strings are taken out first: a bracket quoted in one (a provider's error
    message, "[[[[" in a saved reply) is not nesting, and a string of closing
    brackets counted as such could hide real nesting after it. Two regular
    expressions keep it at C speed (about 20 ms for a 2 MB reply on CPython).
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return bool(brackets) and max(accumulate(map(_STEP.__getitem__, brackets))) > max_depth


def finite_number(value: object) -> float | None:
    """``value`` as a float when it is a JSON number that is a real quantity, else ``None``.

    JSON parsing accepts NaN and Infinity, and an integer beyond 1e308 has no
    float: none is a reading, a price or an intensity, and NaN would pass every
    plausibility check (it compares false with everything) and reach a sum.
    ``True`` and ``False`` are not numbers here either.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def finite_number_or_text(value: object) -> float | None:
    """A provider's reading as a float: a finite JSON number, or text holding exactly one; else ``None``.

    Octopus and Bright both send readings as JSON numbers; a reading sent as text
    (``"0.3"``) is still the meter's number and counts, in every reader alike. Text
    that is not a JSON number (``""``, ``"nan"``, ``"0x10"``, ``"1_000"``), a number
    too big for a float, and ``True``/``False`` are no reading: the callers count them
    as skipped and say so. Implausible but finite values (negative import, a meter's
    65.535 kWh fault code) are readings here; the fault checks downstream flag them
    the same whether they came as numbers or text.
    """
    if isinstance(value, str):
        if len(value) > 400 or not _NUMERAL.fullmatch(value):  # 400: no reading needs more digits
            return None
        number = float(value)  # the grammar above is a subset of what float() reads; "1e999" is inf
        return number if math.isfinite(number) else None
    return finite_number(value)


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads(text)``, refusing (:class:`TooDeep`) a document nested deeper than ``max_depth``."""
    if too_deep(text, max_depth):
        raise TooDeep(f"the document nests more than {max_depth} levels deep")
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeep("the document nests too deeply") from None
