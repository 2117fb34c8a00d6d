"""Feed files → :class:`~pyruntime.pricing.tariff.Tariff`.

The feeds publish one JSON file per tariff code and UTC year
(``feeds/schemas/tariff.v1.schema.json``): half-hourly unit rates as
``{"start", "step_seconds": 1800, "values": [...]}`` arrays exc and inc VAT,
and standing charges as validity intervals [p/day]. This adapter joins a
tariff code's year files into one tariff. It reads the exc-VAT figures (VAT
is applied once, on the bill's subtotal) and takes product names and launch
dates from the feed index's ``products`` entry when given. For a household
that does not pay by direct debit it reads each file's ``non_direct_debit``
block (:mod:`pyruntime.pricing.payment`), and where a file has none, the
direct-debit prices with a note saying so. Export is paid the same however the
household pays for its import: an export tariff reads the one price, with no
such note. A two-register
(Economy 7) file gives a tariff with both registers'
(:class:`~pyruntime.pricing.economy7.TwoRegisterRates`, night hours
00:30–07:30 GMT until a view sets its own).

It works on the parsed JSON (plain dicts) so that it needs nothing but the
schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..timeseries.isotime import parse_instant
from ..timeseries.londontime import HALF_HOUR
from .economy7 import TwoRegisterRates
from .payment import DIRECT_DEBIT, NON_DIRECT_DEBIT, fallback_note
from .tariff import ArrayRates, StandingCharge, Tariff, default_vat

PROVENANCE_PREFIX = "feed: "
"""Starts the note that holds a feed file's provenance (kept for the record, not shown as a note)."""


def series_fuel(fuel: str, direction: str) -> str:
    """Feed ``fuel``/``direction`` → the series fuel a tariff prices (electricity, gas or export)."""
    if fuel == "gas":
        return "gas"
    return "export" if direction == "export" else "electricity"


def tariff_from_feed_docs(docs: Iterable[Mapping], product: Mapping | None = None,
                          payment: str = DIRECT_DEBIT) -> Tariff:
    """Join one tariff code's year files (parsed JSON) into a :class:`Tariff`.

    ``product`` is the feed index's ``products[product_code]`` entry
    (``full_name``, ``available_from``, ``available_to``), optional.
    ``payment``: ``direct_debit`` or ``non_direct_debit``, whose prices are read.
    """
    docs = sorted(docs, key=lambda d: d["year"])
    if not docs:
        raise ValueError("no feed files given")
    first = docs[0]
    codes = {d["tariff_code"] for d in docs}
    if len(codes) != 1:
        raise ValueError(f"feed files for different tariffs cannot be joined: {', '.join(sorted(codes))}")
    fuel = series_fuel(first["fuel"], first["direction"])
    if fuel == "export":
        # What a household is paid for export does not depend on how it pays for what it imports: one price, and
        # no note that a direct-debit price stands in for another.
        payment = DIRECT_DEBIT
    registers = _register_names(first["registers"], first["unit_rates"], first["tariff_code"])
    chunks: dict[str, list] = {r: [] for r in registers}
    charges: dict[tuple, float] = {}
    without_non_dd: list[int] = []
    for d in docs:
        prices = d
        if payment == NON_DIRECT_DEBIT:
            prices = d.get("non_direct_debit") or d
            if prices is d:
                without_non_dd.append(d["year"])
            elif any(r not in prices["unit_rates"] for r in registers):
                raise ValueError(f"{d['tariff_code']} {d['year']}: the non-direct-debit prices lack a register")
        for r in registers:
            ps = prices["unit_rates"][r]["unit_rate_p_per_kwh_exc_vat"]
            if ps["step_seconds"] != HALF_HOUR:
                raise ValueError(f"{d['tariff_code']} {d['year']}: rates are not half-hourly")
            start = parse_instant(ps["start"])
            if start % HALF_HOUR:  # every rate would be priced against the wrong half-hour
                raise ValueError(f"{d['tariff_code']} {d['year']}: rates start at {ps['start']}, not on a half-hour")
            chunks[r].append((start, ps["values"]))
        for sc in prices["standing_charges_p_per_day"]:
            key = (parse_instant(sc["valid_from"]), None if sc["valid_to"] is None else parse_instant(sc["valid_to"]))
            # a daily charge is never a credit, and an interval that ends before it starts is no interval
            if sc["value_exc_vat"] < 0:
                raise ValueError(f"{d['tariff_code']} {d['year']}: the standing charge from {sc['valid_from']} "
                                 f"is negative ({sc['value_exc_vat']} p/day)")
            if key[1] is not None and key[1] <= key[0]:
                raise ValueError(f"{d['tariff_code']} {d['year']}: the standing charge from {sc['valid_from']} "
                                 f"ends before it starts (at {sc['valid_to']})")
            charges[key] = sc["value_exc_vat"]
    # notes are optional words beside the prices: a file whose notes are not a list of text keeps its prices
    feed_notes = tuple(dict.fromkeys(n for d in docs if isinstance(d.get("notes"), list)
                                     for n in d["notes"] if isinstance(n, str)))
    tariff = _build(
        code=first["tariff_code"], product_code=first["product_code"], region=first["region"],
        fuel=fuel, sample=any(d["sample"] for d in docs),
        chunks=chunks, charges=[(a, b, v) for (a, b), v in charges.items()], product=product,
        provenance=first.get("provenance"), payment=payment,
    )
    if without_non_dd:
        feed_notes = (*feed_notes, fallback_note(tariff.name, without_non_dd))
    return replace(tariff, notes=(*tariff.notes, *feed_notes)) if feed_notes else tariff


def page_notes(tariff: Tariff) -> tuple[str, ...]:
    """A feed tariff's notes for the page: what the feed says about it and payment-method fallbacks, not provenance."""
    return tuple(n for n in tariff.notes if not n.startswith(PROVENANCE_PREFIX))


def _register_names(registers: int, unit_rates: Mapping, code: str) -> tuple[str, ...]:
    """``("standard",)`` for one register, ``("day", "night")`` for Economy 7; ValueError if the file lacks them."""
    names = ("standard",) if registers == 1 else ("day", "night") if registers == 2 else ()
    if not names or any(n not in unit_rates for n in names):
        needs = " and ".join(names) or "?"
        raise ValueError(f"{code}: a {registers}-register tariff file needs unit rates for {needs}")
    return names


def _join(chunks: list[tuple[int, Sequence[float | None]]]) -> ArrayRates:
    """Year series ``(start, values)`` → one :class:`ArrayRates` (``None`` between them)."""
    chunks = sorted(chunks, key=lambda c: c[0])
    start = chunks[0][0]
    end = max(s + HALF_HOUR * len(v) for s, v in chunks)
    values: list[float | None] = [None] * ((end - start) // HALF_HOUR)
    for s, v in chunks:
        i = (s - start) // HALF_HOUR
        values[i : i + len(v)] = v
    return ArrayRates(start, tuple(values))


def _build(*, code, product_code, region, fuel, sample, chunks, charges, product, provenance, payment) -> Tariff:
    """``chunks`` maps register (``standard``, or ``day`` and ``night``) to its year series."""
    rates: ArrayRates | TwoRegisterRates
    if "standard" in chunks:
        rates = _join(chunks["standard"])
    else:
        rates = TwoRegisterRates(_join(chunks["day"]), _join(chunks["night"]))
    standing = _without_overlaps(sorted(charges, key=lambda c: c[0]))
    name = code
    valid_from = valid_to = None
    if product:
        # The index entry only names and dates the tariff: a field of the wrong type is read past (the code
        # names it, its dates are unknown) rather than costing the household the whole comparison.
        name = next((n for n in (product.get("full_name"), product.get("display_name")) if isinstance(n, str) and n),
                    code)
        valid_from = _instant_or_none(product.get("available_from"))
        valid_to = _instant_or_none(product.get("available_to"))
    if isinstance(rates, TwoRegisterRates) and "economy 7" not in name.lower():
        name = f"{name} Economy 7"
    notes = (f"{PROVENANCE_PREFIX}{provenance}",) if provenance else ()
    return Tariff(
        code=code, name=name, fuel=fuel, rates=rates, standing_charges=standing,
        vat_rate=default_vat(fuel), product_code=product_code, region=region, version=name,
        valid_from=valid_from, valid_to=valid_to, source="feed", sample=sample, notes=notes, payment=payment,
    )


def _instant_or_none(value: object) -> int | None:
    """Epoch seconds [s, UTC] of an ISO instant with an offset; None for anything else (unknown)."""
    try:
        return parse_instant(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _without_overlaps(charges: list[tuple[int, int | None, float]]) -> tuple[StandingCharge, ...]:
    """Standing-charge intervals ``(from, to, p/day)`` sorted by start → charges that do not overlap.

    Where an interval runs past the start of the next (a file whose intervals overlap, or two years' files
    that disagree), the later-starting charge supersedes it from its start, as a new price does; an
    interval left empty is dropped. A day thus never pays two charges.
    """
    out: list[StandingCharge] = []
    for i, (start, end, value) in enumerate(charges):
        nxt = charges[i + 1][0] if i + 1 < len(charges) else None
        if nxt is not None and (end is None or end > nxt):
            end = nxt
        if end is None or end > start:
            out.append(StandingCharge(value, start, end))
    return tuple(out)
