"""Feed tariffs, parsed once per session.

Turning a downloaded tariff-year file into a
:class:`~pyruntime.pricing.Tariff` is the costly part of a comparison in the
worker (tens of thousands of rates per file), so each tariff code is parsed
once for the years a view needs and kept for the session. The parsed
tariffs sit in ``session.feed_cache`` beside the downloaded files, under keys
that cannot be feed paths (``tariff:{code}:{years}``), so
``Session.forget`` drops them too.

Files are checked before use (schema version, kind, registers: ``standard``,
or ``day`` and ``night`` for Economy 7, numeric rates) with C-speed checks
rather than value by value, and only the exc-VAT rates are read: VAT is added once, on a bill's subtotal.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from types import NoneType
from typing import Any

from ..errors import FeedUnavailable
from ..pricing.feed import tariff_from_feed_docs
from ..pricing.payment import DIRECT_DEBIT, NON_DIRECT_DEBIT
from ..pricing.tariff import Tariff
from ..session import Session
from .client import feed_index
from .files import SUPPORTED_SCHEMA_VERSIONS, FeedFormatError, shown

CACHE_PREFIX = "tariff:"
_NUMBER_TYPES = {float, int, NoneType}


def years_held(index: Mapping[str, Any], tariff_code: str, first: dt.date, last: dt.date) -> tuple[int, ...]:
    """Calendar years from ``first`` to ``last`` for which the feeds hold ``tariff_code``."""
    entry = index.get("tariffs", {}).get(tariff_code) or {}
    held = entry.get("years", {})
    return tuple(y for y in range(first.year, last.year + 1) if str(y) in held)


async def feed_tariff(session: Session, tariff_code: str, first: dt.date, last: dt.date,
                      payment: str = DIRECT_DEBIT) -> Tariff:
    """``tariff_code``'s rates for the years ``first``–``last`` spans, from the session cache or the feeds.

    ``payment``: whose prices (``direct_debit`` or ``non_direct_debit``, see
    :mod:`pyruntime.pricing.payment`).

    Raises :class:`~pyruntime.errors.FeedUnavailable` when the feeds hold
    no year of it in that span, or a file is not a usable tariff file.
    """
    index = await feed_index(session)
    entry = index.get("tariffs", {}).get(tariff_code)
    if entry is None:
        raise FeedUnavailable(f"the price feeds have no tariff {tariff_code}")
    years = years_held(index, tariff_code, first, last)
    if not years:
        raise FeedUnavailable(f"the price feeds have no prices for {tariff_code} between {first} and {last}")
    key = f"{CACHE_PREFIX}{tariff_code}:{','.join(map(str, years))}:{payment}"
    cached = session.feed_cache.get(key)
    if cached is not None:
        return cached
    template = index["paths"]["tariff"]
    docs = [await session.feed_json("feeds/v1/" + template.format(tariff_code=tariff_code, year=y)) for y in years]
    product = index.get("products", {}).get(entry.get("product_code"))
    tariff = tariff_from_docs(docs, product, payment)
    session.feed_cache[key] = tariff
    return tariff


def tariff_from_docs(docs: list[Any], product: Mapping | None = None, payment: str = DIRECT_DEBIT) -> Tariff:
    """A tariff from one code's parsed tariff-year documents, after checking them; ``FeedUnavailable`` if unusable."""
    for doc in docs:
        try:
            check_rate_doc(doc, payment)
        except FeedFormatError as exc:
            raise FeedUnavailable(f"a price feed file is not usable: {exc}") from None
    try:
        return tariff_from_feed_docs(docs, product, payment)
    except KeyError as exc:  # its own words are only the key's name
        raise FeedUnavailable(f"a price feed file is not usable: field {exc} is missing") from None
    except (TypeError, ValueError) as exc:
        raise FeedUnavailable(f"a price feed file is not usable: {exc}") from None


def check_rate_doc(doc: Any, payment: str = DIRECT_DEBIT) -> None:
    """Refuse a document that is not a v1 tariff-year file with numeric exc-VAT rates for each register.

    For ``payment="non_direct_debit"`` the optional ``non_direct_debit`` block is checked the same way.
    """
    if not isinstance(doc, Mapping):
        raise FeedFormatError("feed document is not a JSON object")
    if doc.get("schema_version") not in SUPPORTED_SCHEMA_VERSIONS:
        raise FeedFormatError(f"unsupported feed schema_version {shown(doc.get('schema_version'))}")
    if doc.get("kind") != "tariff_year":
        raise FeedFormatError(f"expected a tariff_year file, got {shown(doc.get('kind'))}")
    for key in ("tariff_code", "product_code", "region", "fuel", "direction"):
        if not isinstance(doc.get(key), str):
            raise FeedFormatError(f"field {key!r} is missing")
    if type(doc.get("year")) is not int:  # files are joined in year order: a missing or text year cannot be placed
        raise FeedFormatError(f"field 'year' is {shown(doc.get('year'))}, not a year")
    if not isinstance(doc.get("sample"), bool):
        raise FeedFormatError("field 'sample' is missing")
    rates = doc.get("unit_rates")
    if not isinstance(rates, Mapping):
        raise FeedFormatError("field 'unit_rates' is missing")
    registers = doc.get("registers")
    names = ("standard",) if registers == 1 else ("day", "night") if registers == 2 else None
    if names is None or registers is True:
        raise FeedFormatError(f"unsupported number of registers {shown(registers)}")
    for name in names:
        _check_rate_series(rates, name)
    _check_charges(doc.get("standing_charges_p_per_day"), "standing_charges_p_per_day")
    extra = doc.get("non_direct_debit")
    if payment == NON_DIRECT_DEBIT and extra is not None:
        if not isinstance(extra, Mapping) or not isinstance(extra.get("unit_rates"), Mapping):
            raise FeedFormatError("non_direct_debit has no unit_rates")
        for name in names:
            _check_rate_series(extra["unit_rates"], name)
        _check_charges(extra.get("standing_charges_p_per_day"), "non_direct_debit.standing_charges_p_per_day")


def _check_charges(charges: Any, where: str) -> None:
    if not isinstance(charges, list) or not all(
        isinstance(c, Mapping) and type(c.get("value_exc_vat")) in (int, float)
        and isinstance(c.get("valid_from"), str) and isinstance(c.get("valid_to", 0), str | None) for c in charges
    ) or not _finite_sum(c["value_exc_vat"] for c in charges):
        raise FeedFormatError(f"{where} is not a list of charges")


def _finite_sum(values: Iterable[float | int | None]) -> bool:
    """True when every number is finite, checked at C speed: the sum of finite rates stays finite.

    (A sum could overflow to Infinity only past 1e308 p/kWh, itself no rate.)
    """
    try:
        return math.isfinite(sum(v for v in values if v is not None))
    except OverflowError:  # an integer too big for a float
        return False


def _check_rate_series(rates: Mapping, name: str) -> None:
    """Refuse ``unit_rates[name]`` unless it is a half-hourly series of numeric exc-VAT rates."""
    pair = rates.get(name)
    series = pair.get("unit_rate_p_per_kwh_exc_vat") if isinstance(pair, Mapping) else None
    if not isinstance(series, Mapping) or not isinstance(series.get("values"), list):
        raise FeedFormatError(f"unit_rates.{name} has no exc-VAT values")
    # bool is a subclass of int, but type() is exact: True is refused.
    if not set(map(type, series["values"])) <= _NUMBER_TYPES:
        raise FeedFormatError(f"unit_rates.{name} holds a value that is not a number or null")
    if not _finite_sum(series["values"]):  # a NaN or Infinity (JSON parsing accepts both) would price as NaN
        raise FeedFormatError(f"unit_rates.{name} holds a rate that is not a finite number")
    if series.get("step_seconds") != 1800 or not isinstance(series.get("start"), str):
        raise FeedFormatError(f"unit_rates.{name} is not a half-hourly series")
