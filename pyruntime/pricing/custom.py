"""Hand-entered tariffs in the report URL: the ``custom`` parameter.

A tariff a user types in (another supplier's deal, a quote) is settings,
not personal data, so it lives in the URL and a bookmark reproduces the
comparison. Several tariffs are separated by ``;``, the fields of one by
``~``::

    custom=electricity~Fixed deal~24.5~45;gas~Fixed gas~6.1~30;electricity~EV deal~0030-0430:7,25~48~exc

Fields, in order:

1. fuel: ``electricity`` (import), ``gas`` or ``export`` (also ``e``, ``g``, ``x``);
2. name (``;`` and ``~`` are removed; at most 40 characters);
3. unit rate [p/kWh]: one price (``24.5``, ``24.5p`` or ``24.5p/kWh``), or
   time-of-use windows in London time, ``HHMM-HHMM:price`` pairs then the
   price for the rest of the day (``0030-0430:7,25``); a price in pounds
   (``£0.245``) is refused with a message asking for pence;
4. standing charge [p/day] (``60``, ``60p`` or ``60p/day``; empty = 0);
5. optional ``inc`` (default: prices include VAT, as suppliers advertise
   them) or ``exc``;
6. optional VAT rate in percent (default 5, export 0).

Each tariff gets the key ``custom1``, ``custom2``, … in the order given.
Parsing is pure and forgiving: a bad entry is left out with a notice saying
why, the rest are kept, and the canonical text (fuel names spelled out,
numbers as typed) goes back into the URL. A bad entry's error names the
field at fault (:data:`ENTRY_FIELDS`), so the last one (the tariff a form has
just added) can be shown back in that form with the message beside its field
(:func:`read_custom`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import BadInput, InvalidField
from ..typednumber import PERCENT, NumberRefused, read_number
from .hand import tariff_from_spec
from .tariff import Tariff, default_vat
from .tou import TouError

PARAM = "custom"
FIELD_SEP = "~"
LIST_SEP = ";"
MAX_TARIFFS = 8
MAX_NAME = 40
MAX_TEXT = 2000
# The fields of one entry, in order; an InvalidField from parse_entry names one of them.
ENTRY_FIELDS = ("fuel", "name", "rate", "standing", "vat", "vat_rate")
NO_STANDING_CHARGE = "No standing charge was given for"
# tariff_from_spec's keys (hand.py) → the entry field they were typed in.
_SPEC_FIELD = {"fuel": "fuel", "rate": "rate", "tou": "rate", "windows": "rate", "standing_p_per_day": "standing",
               "prices_include_vat": "vat", "vat_rate": "vat_rate"}
FUEL_ALIASES = {
    "electricity": "electricity", "e": "electricity", "import": "electricity", "elec": "electricity",
    "gas": "gas", "g": "gas",
    "export": "export", "x": "export",
}


@dataclass(frozen=True, slots=True)
class CustomTariff:
    """One hand-entered tariff: its key (``custom1``), canonical URL text and the priced tariff."""

    key: str
    text: str
    tariff: Tariff

    @property
    def fuel(self) -> str:
        return self.tariff.fuel


def clean_name(name: str) -> str:
    """A name safe inside the ``custom`` parameter: no separators, trimmed, at most 40 characters."""
    for sep in (FIELD_SEP, LIST_SEP):
        name = name.replace(sep, " ")
    return " ".join(name.split())[:MAX_NAME].strip()


@dataclass(frozen=True, slots=True)
class RefusedTariff:
    """A hand-entered tariff that cannot be used: what was typed, and which field is at fault and why.

    typed : ``(field, text)`` for each of :data:`ENTRY_FIELDS`, in order (text empty where nothing was given).
    field : the one of :data:`ENTRY_FIELDS` to correct; message : what is wrong with it (lower case, no full stop).
    notice : the same said as a page notice, for a view with no form to show it in.
    """

    typed: tuple[tuple[str, str], ...]
    field: str
    message: str
    notice: str


@dataclass(frozen=True, slots=True)
class CustomSetting:
    """A ``custom`` parameter read: the tariffs kept, notices for entries left out, and the last entry if refused.

    ``refused`` is the last entry when it cannot be used and its fault is one field: a form that has just added it
    shows it again with the message beside that field, so its notice is not in ``notices``.
    ``last`` is the last entry when it is kept (the tariff a form has just added), else None.
    """

    tariffs: tuple[CustomTariff, ...]
    notices: tuple[str, ...]
    refused: RefusedTariff | None = None
    last: CustomTariff | None = None

    def notice_for_refused(self) -> tuple[str, ...]:
        """The page notice for ``refused``, for a view that has no form to show it in."""
        return () if self.refused is None else (self.refused.notice,)


def parse_custom(raw: str | None) -> tuple[tuple[CustomTariff, ...], tuple[str, ...]]:
    """The valid tariffs in a ``custom`` parameter, and a notice for each entry left out."""
    setting = read_custom(raw)
    return setting.tariffs, setting.notices + setting.notice_for_refused()


def read_custom(raw: str | None) -> CustomSetting:
    """The ``custom`` parameter read; see :class:`CustomSetting`."""
    if not raw or not raw.strip():
        return CustomSetting((), ())
    notices: list[str] = []
    if len(raw) > MAX_TEXT:
        return CustomSetting((), (f"The hand-entered tariffs in the address are longer than {MAX_TEXT} characters; "
                                  "they are ignored.",))
    entries = [e for e in raw.split(LIST_SEP) if e.strip()]
    over = len(entries) > MAX_TARIFFS  # then the last entry typed is one of those left out
    if over:
        notices.append(f"Only the first {MAX_TARIFFS} hand-entered tariffs are used.")
        entries = entries[:MAX_TARIFFS]
    out: list[CustomTariff] = []
    refused = last = None
    for n, entry in enumerate(entries, 1):
        key = f"custom{len(out) + 1}"
        try:
            text, tariff = parse_entry(entry, key)
        except ValueError as exc:
            notice = f"Your tariff {n} (“{_shorten(entry)}”) is left out: {exc}."
            if isinstance(exc, InvalidField) and n == len(entries):
                refused = RefusedTariff(_typed(entry), exc.field, str(exc), notice)
            else:
                notices.append(notice)
            continue
        out.append(CustomTariff(key, text, tariff))
        if n == len(entries) and not over:
            last = out[-1]
        typed = dict(_typed(entry))
        if not typed["standing"] and tariff.fuel != "export":
            # Priced as given (a few tariffs have none), but a quote's standing charge left out by mistake would
            # rank the tariff far too cheap, so the page says it was taken as none.
            notices.append(f"{NO_STANDING_CHARGE} “{tariff.name}”, so it is priced with none (0 p/day); add the "
                           "quote's standing charge if it has one.")
    return CustomSetting(tuple(out), tuple(notices), refused, last)


def _typed(entry: str) -> tuple[tuple[str, str], ...]:
    fields = [f.strip() for f in entry.split(FIELD_SEP)]
    return tuple(zip(ENTRY_FIELDS, fields + [""] * (len(ENTRY_FIELDS) - len(fields)), strict=False))


def parse_entry(entry: str, key: str) -> tuple[str, Tariff]:
    """One ``fuel~name~rate~standing[~inc|exc[~vat%]]`` entry → (canonical text, tariff).

    Raises :class:`~pyruntime.errors.InvalidField` naming the one of :data:`ENTRY_FIELDS` at fault, or
    :class:`~pyruntime.errors.BadInput` when the entry's shape is wrong (too few or too many fields).
    """
    fields = [f.strip() for f in entry.split(FIELD_SEP)]
    if len(fields) < 3:
        raise BadInput("it needs at least a fuel, a name and a unit rate, separated by ~")
    if len(fields) > 6:
        raise BadInput("it has more than six fields")
    fields += [""] * (6 - len(fields))
    fuel_raw, name, rate, standing, vat_flag, vat_pct = fields
    fuel = FUEL_ALIASES.get(fuel_raw.lower())
    if fuel is None:
        raise InvalidField("fuel", f"“{fuel_raw}” is not a fuel (use electricity, gas or export)")
    name = clean_name(name) or f"My {fuel} tariff"
    if not rate:
        raise InvalidField("rate", "the unit rate is empty")
    vat_flag = vat_flag.lower() or "inc"
    if vat_flag not in ("inc", "exc"):
        raise InvalidField("vat", f"“{vat_flag}” should be inc (prices include VAT) or exc")
    spec: dict = {"fuel": fuel, "name": name, "rate": rate, "standing_p_per_day": standing or 0,
                  "prices_include_vat": vat_flag == "inc"}
    if vat_pct:
        try:
            pct = read_number(vat_pct, PERCENT)
        except NumberRefused as e:
            raise InvalidField("vat_rate", str(e) if e.explained else f"the VAT rate “{vat_pct}” is not a number") \
                from None
        if not 0 <= pct < 100:
            raise InvalidField("vat_rate", f"the VAT rate {vat_pct}% is outside 0 to 99")
        spec["vat_rate"] = pct / 100
    try:
        tariff = tariff_from_spec(spec, code=key)
    except TouError as exc:  # a time-of-use mistake is in the unit rate's text
        raise InvalidField("rate", str(exc).rstrip(".")) from None
    except InvalidField as exc:
        raise InvalidField(_SPEC_FIELD.get(exc.field, "rate"), str(exc)) from None
    parts = [fuel, name, rate.replace(" ", ""), standing]
    default = default_vat(fuel)
    if vat_flag == "exc" or (vat_pct and tariff.vat_rate != default):
        parts.append(vat_flag)
    if vat_pct and tariff.vat_rate != default:
        pct_text = f"{tariff.vat_rate * 100:g}"
        parts.append(pct_text + "%" if 0 < tariff.vat_rate * 100 < 1 else pct_text)  # a bare 0.5 would be refused
    return FIELD_SEP.join(parts).rstrip(FIELD_SEP), tariff


def encode_custom(tariffs: Sequence[CustomTariff]) -> str:
    """The canonical ``custom`` parameter for ``tariffs``."""
    return LIST_SEP.join(t.text for t in tariffs)


def without(tariffs: Sequence[CustomTariff], key: str) -> str:
    """The ``custom`` parameter with one tariff removed."""
    return encode_custom([t for t in tariffs if t.key != key])


def _shorten(text: str, n: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= n else text[: n - 1] + "…"
