"""A priced period as the page shows it: a statement's lines, the key figures and the split by price band.

Reads the frozen :class:`~pyruntime.pricing.bill.Bill` (pence and kWh at
full precision) and rounds each figure once, for display, with the helpers
of :mod:`pyruntime.pricing.money`; every cell carries its number beside its
text.
"""

from __future__ import annotations

import re

from ..pricing.bill import Bill, EnergyLine
from ..pricing.money import kwh, p_per_kwh, pounds
from ..wording import plural
from . import blocks as b
from .coverage import priced_pounds
from .period import days_label


def is_revenue(bill: Bill) -> bool:
    """Export is paid to the household: revenue, without standing charges or VAT."""
    return bill.fuel == "export"


def energy_label(line: EnergyLine) -> str:
    """``Energy``, ``Energy, Night (E7)`` or ``Energy at half-hourly prices``."""
    if line.rate is None:
        return "Energy at half-hourly prices"
    if line.band and line.band != "single rate":
        return f"Energy, {line.band}"
    return "Energy"


# The channel a product's name may carry, by the fuel of the bill it is on: the bill's title already says it.
_CHANNELS = {"electricity": "import", "export": "export"}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def product_name(name: str, fuel: str) -> str:
    """``name`` as a statement line names the product: ``Octopus Flux`` for ``Octopus Flux Import`` on an import bill.

    Only the bill's own channel is dropped, and only as the name's last word (before a launch date and
    version: ``Octopus Flux Import February 2023 v1``) or its last bracket (``Octopus Flux (import)``), so a
    product whose brand says it keeps its name (``Agile Outgoing Octopus``, ``Smart Export Guarantee Export Only``),
    and never down to one word.
    """
    channel = _CHANNELS.get(fuel)
    if channel is None:
        return name
    tail = rf"(?:\s+(?:{_MONTHS})\s+\d{{4}})?(?:\s+v\d+)?"
    short = re.sub(rf"\s+(?i:{channel}|\({channel}\))(?={tail}$)", "", name.strip())
    # A one-word remainder is not a product's name ("My Export" typed by hand is not "My").
    return short if len(short.split()) > 1 else name


def vat_note(bill: Bill) -> str:
    """How VAT is worked out: none on export payments, unless a tariff entered by hand gives export a VAT rate (its
    statement then has a VAT line, which this names)."""
    if is_revenue(bill) and not bill.vat_rate:
        return "No VAT on export payments."
    return f"VAT at {bill.vat_rate * 100:g}% on the subtotal."


def bill_rows(bill: Bill) -> tuple[list[str], list[list[b.Cell]], list[str]]:
    """A statement's lines: columns, rows and row classes.

    Export payments carry no VAT: their statement has no VAT column or line (unless a tariff entered by hand
    gives export a VAT rate), as an export statement has none.
    """
    vat = 1 + bill.vat_rate
    vat_pct = f"{bill.vat_rate * 100:g}%"
    vat_free = is_revenue(bill) and not bill.vat_rate
    columns = (["Line", "Quantity", "Rate", "£"] if vat_free
               else ["Line", "Quantity", "Rate (exc VAT)", "£ exc VAT", f"£ inc VAT ({vat_pct})"])
    rows: list[list[b.Cell]] = []
    classes = []
    for ln in bill.energy_lines:
        label = energy_label(ln)
        # The line's name already says the price changes each half-hour: the rate column, narrow on a phone, gives
        # the average only.
        rate = "average " if ln.rate is None else ""
        # "on", not a bracket: a tariff's name may end in its own ("Flexible Octopus (gas, assumed)").
        product = product_name(ln.tariff_name, bill.fuel)
        name = label if product in label else f"{label} on {product}"
        # Dated like the standing-charge lines, as a statement dates every line.
        name += f": {days_label(ln.first_day, ln.last_day)}"
        p = p_per_kwh(ln.rate if ln.rate is not None else ln.average_rate)
        rows.append([name, b.amount(kwh(ln.kwh), 3, "kWh", "kWh"),
                     b.amount(p, 3, "p/kWh", text=f"{rate}{b.num(p, 3)} p/kWh"),
                     b.gbp(pounds(ln.cost))] + ([] if vat_free else [b.gbp(pounds(ln.cost * vat))]))
        classes.append("")
    for sc in bill.standing_lines:
        rows.append([f"Standing charge: {days_label(sc.first_day, sc.last_day)}",
                     b.amount(sc.days, 0, "days", text=plural(sc.days, "day")),
                     b.amount(p_per_kwh(sc.p_per_day), 3, "p/day", "p/day"),
                     b.gbp(pounds(sc.cost))] + ([] if vat_free else [b.gbp(pounds(sc.cost * vat))]))
        classes.append("")
    if vat_free:
        rows.append(["Total revenue", b.amount(kwh(bill.energy_kwh), 3, "kWh", "kWh"), "",
                     b.gbp(pounds(bill.total_inc_vat))])
        return columns, rows, [*classes, "total"]
    rows.append(["Subtotal", b.amount(kwh(bill.energy_kwh), 3, "kWh", "kWh"), "", b.gbp(pounds(bill.subtotal)), ""])
    rows.append([f"VAT at {vat_pct}", "", "", b.gbp(pounds(bill.vat)), ""])
    rows.append(["Total revenue" if is_revenue(bill) else "Total", "", "", "", b.gbp(pounds(bill.total_inc_vat))])
    classes += ["subtotal", "subtotal", "total"]
    return columns, rows, classes


def bill_totals(bill: Bill) -> list[dict]:
    """The key figures beside a chart: total, its parts, kWh, average price, coverage."""
    revenue = is_revenue(bill)
    # Export payments carry no VAT, so VAT is named only where a rate applies (a tariff entered by hand may set one).
    vat_free = revenue and not bill.vat_rate
    total_label = "Total revenue" if revenue else "Total (inc VAT)"
    cover = bill.coverage
    if cover.none:  # no priced day: a £0.00 here would read as a free month
        out = [b.item(total_label, "no prices for these dates", warn=True)]
    else:
        out = [b.item(total_label, priced_pounds(pounds(bill.total_inc_vat), cover), warn=cover.partial)]
        # Export revenue is its payments alone unless a tariff entered by hand adds a daily amount or VAT: the
        # same figure is not shown twice under two names.
        if not revenue or bill.standing or bill.vat:
            out.append(b.item("Export payments" if vat_free else "Energy (exc VAT)", b.gbp(pounds(bill.energy))))
    if not revenue and not cover.none:
        out += [b.item("Standing charges (exc VAT)", b.gbp(pounds(bill.standing))),
                b.item(f"VAT ({bill.vat_rate * 100:g}%)", b.gbp(pounds(bill.vat)))]
    avg = bill.average_p_per_kwh
    average = None if avg is None else p_per_kwh(avg * (1 + bill.vat_rate))
    # With no priced day there is no energy priced to count: "0.0 kWh" beside "no prices" would read as none used.
    priced_kwh = (b.cell("no prices", None, "kWh") if cover.none
                  else b.amount(kwh(bill.energy_kwh), 1, "kWh", "kWh"))
    out += [
        b.item("Energy priced", priced_kwh),
        b.item("Average price", b.amount(average, 2, "p/kWh", text=("no prices" if cover.none else "no data")
                                         if average is None
                                         else f"{b.num(average, 2)} p/kWh{'' if vat_free else ' inc VAT'} "
                                              "(volume-weighted)")),
        # A count, flagged when short: what is missing and what it means is said once, in the report's warning.
        b.item("Half-hours with data", b.count(bill.half_hours - bill.missing_readings, bill.half_hours),
               warn=bool(bill.missing_readings)),
    ]
    return out


def band_facts(bill: Bill, title: str = "Energy by price band") -> dict | None:
    """kWh and share of the energy in each band of a time-of-use tariff, or ``None`` for one band."""
    if not bill.band_shares or not bill.energy_kwh:
        return None
    # In the order the statement's lines name the bands (cheapest first), not the order the data met them.
    first_line: dict[str | None, int] = {}
    for i, line in enumerate(bill.energy_lines):
        first_line.setdefault(line.band, i)
    items = []
    for band, q in sorted(bill.band_shares, key=lambda share: first_line.get(share[0], len(first_line))):
        share = round(q / bill.energy_kwh, 4)
        items.append((band, b.amount(kwh(q), 1, "kWh", text=f"{b.num(kwh(q), 1, 'kWh')} ({b.num(share * 100, 1)}%)")))
    return b.facts(title, items)
