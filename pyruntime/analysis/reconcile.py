"""Octopus's statements beside the bills we compute for the same days, with what explains each difference.

For each statement and each fuel it charged for, Octopus's charge (gross,
inc VAT, in pence, from the statement's charge lines) is set beside our bill
for the charge's consumption dates, priced on the tariff history we priced
everything else on; export is the credit Octopus paid beside our export
revenue. Other credits (rewards, Saving Sessions, …) and payments are named
but belong to neither figure: both figures are for energy and standing charges.

Likely reasons, in the order a user should check them: days our readings do
not cover, readings missing inside the period, days we have no prices for and
days priced in part (by the bill's price coverage), a kWh difference (an
estimated read on the statement, corrected later; only when every half-hour
read is priced), a tariff change inside the period, and credits on the
statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..present.coverage import part_priced_days, runs_label
from ..pricing.bill import Bill
from ..providers.octopus_graphql import Statement, Transaction, is_energy_line
from ..timeseries.series import FUEL_LABELS
from ..wording import plural

CLOSE_P = 5.0  # [p] a difference this small is rounding (suppliers round each line)
CLOSE_SHARE = 0.01  # [-] kWh within 1 % agree
BillFor = Callable[[str, dt.date, dt.date], Bill | None]


@dataclass(frozen=True, slots=True)
class PeriodCheck:
    """One statement's charge for one fuel (for export: the credit paid), beside ours.

    theirs : Octopus's charge inc VAT [p]; ``ours`` our bill inc VAT for the same days [p] (export: our
    revenue, no VAT), ``None`` when we have no readings or no pricing for that fuel and period. kWh likewise.
    """

    statement_id: str
    issued: dt.date | None
    fuel: str
    first_day: dt.date
    last_day: dt.date
    theirs: float
    theirs_kwh: float | None
    ours: float | None
    ours_kwh: float | None
    reasons: tuple[str, ...]

    @property
    def difference(self) -> float | None:
        """Ours − Octopus's [p]."""
        return None if self.ours is None else self.ours - self.theirs

    @property
    def agrees(self) -> bool:
        d = self.difference
        return d is not None and abs(d) <= CLOSE_P


@dataclass(frozen=True, slots=True)
class Skipped:
    """A statement we could not set beside a bill, and why."""

    statement_id: str
    issued: dt.date | None
    first_day: dt.date | None
    last_day: dt.date | None
    reason: str


def reconcile(statements: Sequence[Statement], bill_for: BillFor, spans: Mapping[str, tuple[dt.date, dt.date]],
              tariff_changes: Mapping[str, Sequence[tuple[dt.date, str]]],
              ) -> tuple[tuple[PeriodCheck, ...], tuple[Skipped, ...]]:
    """Every statement's fuel charges beside ``bill_for(fuel, first, last)``, oldest first.

    spans : first and last London day of each fuel's readings. tariff_changes : per fuel, the days a new
    agreement began and its tariff code.
    """
    checks: list[PeriodCheck] = []
    skipped: list[Skipped] = []
    for s in sorted(statements, key=lambda s: (s.first_day or dt.date.min, s.id)):
        fuels = sorted({t.fuel for t in s.transactions if t.fuel and is_energy_line(t)})
        if not fuels:
            why = ("Octopus gave no charge lines for this document" if s.is_statement
                   else f"this is not a statement ({s.bill_type.lower() or 'unknown type'})")
            skipped.append(Skipped(s.id, s.issued, s.first_day, s.last_day, why))
            continue
        for fuel in fuels:
            check = _check(s, fuel, s.fuel_charges(fuel), bill_for, spans.get(fuel), tariff_changes.get(fuel, ()))
            if isinstance(check, Skipped):
                skipped.append(check)
            else:
                checks.append(check)
    return tuple(checks), tuple(skipped)


def _check(s: Statement, fuel: str, lines: Sequence[Transaction], bill_for: BillFor,
           span: tuple[dt.date, dt.date] | None, changes: Sequence[tuple[dt.date, str]]) -> PeriodCheck | Skipped:
    firsts = [ln.consumption[0] for ln in lines if ln.consumption and ln.consumption[0]] or [s.first_day]
    lasts = [ln.consumption[1] for ln in lines if ln.consumption and ln.consumption[1]] or [s.last_day]
    if None in firsts or None in lasts:
        return Skipped(s.id, s.issued, s.first_day, s.last_day, "Octopus gave no dates for this statement's charges")
    first, last = min(firsts), max(lasts)
    theirs = float(sum(ln.amounts.gross for ln in lines))
    kwhs = [ln.kwh for ln in lines]
    theirs_kwh = None if any(q is None for q in kwhs) else sum(q for q in kwhs if q is not None)
    reasons: list[str] = []
    ours = ours_kwh = None
    unpriced = 0  # half-hours with a reading that our figure leaves out for want of a unit rate
    if span is None:
        reasons.append(f"You did not load {FUEL_LABELS[fuel].lower()} readings, so we have nothing to price.")
    elif last < span[0] or first > span[1]:
        reasons.append("Your readings do not reach these dates, so we have nothing to price.")
    else:
        lo, hi = max(first, span[0]), min(last, span[1])
        if (lo, hi) != (first, last):
            covered = (hi - lo).days + 1
            reasons.append(f"Your readings cover only {covered} of the {(last - first).days + 1} days; our figure "
                           "is for those days alone, so it is lower.")
        priced = bill_for(fuel, lo, hi)
        if priced is not None:
            ours, ours_kwh, unpriced = priced.total_inc_vat, priced.energy_kwh, priced.missing_rates
            reasons += _bill_reasons(priced)
        else:
            reasons.append("We have no prices for your tariff on these dates.")
    # Our kWh is of the half-hours we priced: set beside Octopus's only when that is every half-hour with a reading
    # (otherwise the days above without prices explain the difference, not an estimated read).
    if (ours is not None and theirs_kwh is not None and ours_kwh is not None and unpriced == 0
            and abs(ours_kwh - theirs_kwh) > CLOSE_SHARE * max(theirs_kwh, 1.0)):
        reasons.append(
            f"Octopus billed {theirs_kwh:,.1f} kWh and your half-hourly readings add up to {ours_kwh:,.1f} kWh: "
            "a statement can rest on an estimated or monthly meter read, corrected on a later statement, so a "
            "difference in one period is often made up in the next.")
    for day, code in changes:
        if first < day <= last:
            reasons.append(f"Your tariff changed on {day.isoformat()} (to {code}) inside this period: each day is "
                           "priced here on the tariff in force then; check the statement does the same.")
    credits = [t for t in s.transactions if not is_energy_line(t)]
    if credits:
        named = ", ".join(f"{t.title or t.kind} £{t.amounts.gross / 100:,.2f}" for t in credits[:4])
        more = f" and {len(credits) - 4} more" if len(credits) > 4 else ""
        reasons.append(f"Also on this statement, in neither figure: {named}{more}.")
    if fuel == "export":
        reasons.insert(0, "Export is money paid to you: Octopus's credit beside our export revenue (no VAT).")
    d = None if ours is None else ours - theirs
    if d is not None and abs(d) <= CLOSE_P:
        reasons.insert(0, "Agrees: the difference is rounding (each line is rounded to the penny).")
    return PeriodCheck(s.id, s.issued, fuel, first, last, theirs, theirs_kwh, ours, ours_kwh, tuple(reasons))


def _bill_reasons(priced: Bill) -> list[str]:
    """What our bill leaves out, each day once, by what the prices cover (:class:`PriceCoverage`).

    Octopus charged for these dates, so a day without prices is one we have no unit rate for on the household's
    tariff (no agreement we know of, or before or after its feed's prices), not a day without a tariff; which of
    those it is the bill does not say, so neither does this.
    """
    out = []
    if priced.missing_readings:
        out.append(f"{priced.missing_readings:,} of {priced.half_hours:,} half-hours have no reading here, so their "
                   "energy is missing from our figure.")
    c = priced.coverage
    if c.uncovered:  # nothing of such a day is in our figure: no energy, no standing charge
        n = c.uncovered_days
        out.append(f"Our figure leaves out {runs_label(c.uncovered)} whole, "
                   f"{'a day' if n == 1 else plural(n, 'day')} we have no prices for on your tariff.")
    if c.part_priced:
        out.append(f"{part_priced_days(c)}: our figure leaves the others out.")
    if priced.missing_rates_unnamed:  # half-hours without a rate on no day named above
        n = priced.missing_rates_unnamed
        out.append(f"{plural(n, 'half-hour')} with a reading {'has' if n == 1 else 'have'} no unit rate: our figure "
                   "leaves them out.")
    if priced.days_without_standing:
        days = plural(priced.days_without_standing, "day has", "days have")
        out.append(f"{days} no known standing charge in our figure.")
    return out
