"""Octopus's own cost figures, carried by a dashboard download, beside the bill we computed.

A 2024-or-later Octopus dashboard download gives, per half-hour, Octopus's
"Estimated Cost Inc. Tax (p)" and "Standing Charge Inc. Tax (p)" (the daily
charge spread over 48 half-hours). The importer sums them per London day
(``facts.imports[fuel].supplier_estimate``); here they are summed over
the bill's period and shown beside our figures with the difference and its
likely reason, so the user can see whether our arithmetic and their
estimate agree, and why not when they do not.
"""

from __future__ import annotations

from ..household import Household
from ..pricing.bill import Bill
from ..pricing.money import pounds
from . import blocks as b

CLOSE = 0.01  # [-] totals within 1 % are "the same but for rounding"


def supplier_check(household: Household, fuel: str, statement: Bill, priced_label: str) -> dict | None:
    """A table and reasons comparing Octopus's estimate with the bill we computed, or ``None``."""
    report = household.facts.imports.get(fuel)
    est = report.supplier_estimate if report is not None else None
    if est is None or not est.days:
        return None
    first, last = statement.first_day, statement.last_day
    energy_p = standing_p = 0.0
    half_hours = 0
    for d in est.days:
        if first <= d.day <= last:
            energy_p += d.energy_p_inc_vat
            standing_p += d.standing_p_inc_vat
            half_hours += d.half_hours
    if not half_hours:
        return None
    vat = 1 + statement.vat_rate
    # VAT on the bill's displayed (penny-rounded) parts: each row then matches the bill's own lines.
    ours_energy = pounds(statement.energy) * vat
    ours_standing = pounds(statement.standing) * vat
    ours_total = pounds(statement.total_inc_vat)
    theirs_energy, theirs_standing = energy_p / 100, standing_p / 100
    theirs_total = theirs_energy + (theirs_standing if est.standing_included else 0.0)
    rows = [
        ["Energy (inc VAT)", b.gbp(theirs_energy), b.gbp(ours_energy), _diff(ours_energy - theirs_energy)],
    ]
    if est.standing_included:
        rows.append(["Standing charges (inc VAT)", b.gbp(theirs_standing), b.gbp(ours_standing),
                     _diff(ours_standing - theirs_standing)])
    ours_all = ours_total if est.standing_included else ours_energy
    rows.append(["Total (inc VAT)", b.gbp(theirs_total), b.gbp(ours_all), _diff(ours_all - theirs_total)])
    ours_hh = statement.half_hours - statement.missing_readings
    rows.append(["Half-hours counted", b.amount(half_hours, 0, "half-hours"), b.amount(ours_hh, 0, "half-hours"),
                 b.amount(ours_hh - half_hours, 0, "half-hours", text=f"{ours_hh - half_hours:+,}")])
    reasons = _reasons(theirs_energy, ours_energy, theirs_standing, ours_standing,
                       half_hours, ours_hh, priced_label, est.standing_included)
    return {
        "table": b.table("Octopus's estimate beside this bill", ["", "Octopus's estimate (your download)",
                                                                 "This bill", "Difference (this bill − Octopus)"],
                         rows, open=True),
        "text": b.text("Why the two may differ", reasons),
    }


def _diff(gbp: float) -> dict:
    """A signed difference in pounds: ``+£1.20``, ``−£0.35`` or ``£0.00``."""
    sign = "+" if gbp >= 0.005 else "−" if gbp <= -0.005 else ""
    return b.gbp(gbp, text=f"{sign}{b.pounds(abs(gbp))}")


def _reasons(theirs_e: float, ours_e: float, theirs_s: float, ours_s: float, their_hh: int, our_hh: int,
             priced_label: str, standing: bool) -> list[str]:
    out = []
    if their_hh != our_hh:
        out.append(
            f"Octopus's figures cover {their_hh:,} half-hours and this bill {our_hh:,}: readings left out as faulty, "
            "gaps, or days outside the download count on one side only."
        )
    if theirs_e and abs(ours_e - theirs_e) <= CLOSE * theirs_e:
        out.append("Energy agrees within 1 %: the rest is rounding (Octopus rounds each half-hour's cost).")
    elif theirs_e or ours_e:
        out.append(
            f"Energy differs by more than 1 %: this bill is priced on {priced_label}, while Octopus's estimate uses "
            "the tariff on your account at the time. Choose your actual tariff above to compare like with like; "
            "if it still differs, Octopus's estimate may use a different rate (for example before a price change "
            "reached your account)."
        )
    if standing and theirs_s and abs(ours_s - theirs_s) > CLOSE * theirs_s:
        out.append(
            "Standing charges differ: Octopus spreads each day's charge over its half-hours with readings, so days "
            "with gaps count less there; this bill charges every day in full at the rate in force at its midnight."
        )
    out.append("Octopus's figures are its own estimate shown on the dashboard, not your statement.")
    return out
