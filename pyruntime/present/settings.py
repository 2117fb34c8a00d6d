"""URL settings of the carbon, pattern and net reports: reading them safely, offering them in a form.

The form is the shared ``form`` block (:func:`pyruntime.present.blocks.form`):
submitting navigates to the same report with the settings changed, so every
setting is bookmarkable and nothing but settings enters the URL.
"""

from __future__ import annotations

from ..typednumber import PLAIN, NumberRefused, Unit, read_number
from . import blocks as b


def settings_form(params: dict[str, str], fields: list[dict], caption: str = "") -> dict:
    """A "Settings" form over the current view's URL ``params``."""
    return b.form("Settings", dict(params), fields, submit="Show", caption=caption)


def parse_number(params: dict[str, str], key: str, *, lo: float, hi: float, what: str,
                 unit: Unit = PLAIN) -> tuple[float | None, list[str]]:
    """The URL's ``key`` as a number in ``[lo, hi]``, or ``None`` (absent or unusable) with a notice.

    The number may be written with ``unit`` after it (``12p/kWh``, ``20%``): see
    :func:`~pyruntime.typednumber.read_number`.
    """
    raw = (params.get(key) or "").strip()
    if not raw:
        return None, []
    try:
        value = read_number(raw, unit)
    except NumberRefused as e:
        reason = str(e) if e.explained else f"“{raw}” is not a number"
        return None, [f"{reason[0].upper() + reason[1:]}; {what} was left out."]
    if not lo <= value <= hi:
        return None, [f"{what[0].upper() + what[1:]} must be between {plain(lo)} and {plain(hi)}"
                      f"{' ' + unit.symbol if unit.symbol else ''}; “{raw}” was left out."]
    return value, []


def plain(x: float) -> str:
    """``20`` rather than ``20.0``; no exponent for ordinary sizes."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
