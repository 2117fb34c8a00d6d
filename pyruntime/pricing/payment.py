"""How the household pays: direct debit or not, the one setting that picks which published prices apply.

Octopus prices many tariffs (Flexible Octopus and its gas and Economy 7
versions, fixed products) twice: a direct-debit price and a higher price for
customers who pay on receipt of a bill or otherwise (``NON_DIRECT_DEBIT``).
The feeds keep both (the tariff-year file's optional ``non_direct_debit``
block). Tariffs that publish one price for every payment method (Agile,
export) have no such block, and neither do feeds made before it existed: a
non-direct-debit household is then priced on the one price there is, and the
tariff says so in its notes, never silently.

The setting lives in the URL (``payment=non_direct_debit``; absent = direct
debit, the default because most households pay that way and it is what the
feeds have always priced).
"""

from __future__ import annotations

PARAM = "payment"
"""The URL setting holding the payment method."""

DIRECT_DEBIT = "direct_debit"
NON_DIRECT_DEBIT = "non_direct_debit"
DEFAULT = DIRECT_DEBIT
LABELS = {DIRECT_DEBIT: "Direct debit", NON_DIRECT_DEBIT: "Not by direct debit (cash, cheque, bank transfer, card)"}
"""Each payment method's name on the page."""


def resolve_payment_setting(raw: str | None) -> tuple[str, str | None, tuple[str, ...]]:
    """The payment method a URL's ``payment`` asks for, its canonical URL value (``None`` when not given or
    refused), and notices."""
    if raw is None or not raw.strip():
        return DEFAULT, None, ()
    value = raw.strip().lower().replace("-", "_")
    if value in LABELS:
        return value, value, ()
    return DEFAULT, None, (f"“{raw}” is not a payment method (use {DIRECT_DEBIT} or {NON_DIRECT_DEBIT}); "
                           "prices are for direct debit.",)


_API_METHODS = {"DIRECT_DEBIT": DIRECT_DEBIT, "NON_DIRECT_DEBIT": NON_DIRECT_DEBIT}


def payment_from_agreements(agreements) -> str | None:
    """The payment method the household's latest tariff agreement states (API spelling), or ``None`` if none says.

    ``agreements``: :class:`~pyruntime.household.facts.TariffAgreement` objects of any fuel. The
    Octopus account lists agreements without a payment method, so for it this is ``None``; we never guess.
    """
    stated = [a for a in agreements if _API_METHODS.get(str(a.payment_method or "").upper())]
    if not stated:
        return None
    latest = max(stated, key=lambda a: a.valid_from if a.valid_from is not None else -(1 << 40))
    return _API_METHODS[str(latest.payment_method).upper()]


_FALLBACK = "publishes no separate non-direct-debit price"


def fallback_note(name: str, years: list[int]) -> str:
    """What a tariff's notes say when it has no separate non-direct-debit price for ``years``."""
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"{name} {_FALLBACK} for {span} in the feeds: its direct-debit price is used."
