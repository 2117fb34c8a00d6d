"""Octopus's statements beside the bills we compute for the same days, with what explains each difference.

For each statement and each fuel it charged for, Octopus's charge (gross,
inc VAT, in pence, from the statement's charge lines) is set beside our bill
for the charge's consumption dates, priced on the tariff history we priced
everything else on; export is the credit Octopus paid beside our export
revenue. Other credits (rewards, Saving Sessions, …) and payments are named
but belong to neither figure: both figures are for energy and standing charges.
Octopus's kWh is set beside every kWh read on those dates (priced or not), with
the part our figure prices said when it is less.

Likely reasons, in the order a user should check them: days our readings do
not cover, readings missing inside the period (with their dates), days we have
no prices for, each with its cause when the household's agreements say it (a
tariff not in the price feeds, no agreement for those dates, a feed without
rates for them, an assumed tariff), days priced in part (with the cause of
their other half-hours, found the same way), a kWh difference (an
estimated read on the statement, corrected later; only when every half-hour of
the period has a reading), a tariff change inside the period, and credits on
the statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..household.facts import TariffAgreement
from ..present.coverage import part_priced_days, runs_label
from ..present.period import date_label
from ..pricing.bill import Bill
from ..pricing.coverage import PartPricedDay, day_runs
from ..providers.octopus_graphql import Statement, Transaction, is_energy_line
from ..timeseries.londontime import day_bounds, local_date
from ..timeseries.series import FUEL_LABELS
from ..wording import plural

CLOSE_P = 5.0  # [p] a difference this small is rounding (suppliers round each line)
CLOSE_SHARE = 0.01  # [-] kWh within 1 % agree
BillFor = Callable[[str, dt.date, dt.date], Bill | None]
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class TariffsKnown:
    """What the household's account says of one fuel's tariffs: enough to name why a day has no prices.

    agreements : the account's agreements for the fuel (none when the tariff is assumed).
    not_in_feeds : their tariff codes the price feeds do not hold (``Actual.unpriced``).
    assumed : the assumed tariff's name when the account lists no agreement ("" when priced on the account's own).
    """

    agreements: tuple[TariffAgreement, ...] = ()
    not_in_feeds: tuple[str, ...] = ()
    assumed: str = ""


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
    """Every kWh read on these dates, priced or not: what Octopus's kWh is set beside."""
    reasons: tuple[str, ...]
    priced_kwh: float | None = None
    """Of ``ours_kwh``, the kWh our £ figure prices (less when some half-hours or days have no unit rate)."""

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
              tariffs: Mapping[str, TariffsKnown] | None = None,
              ) -> tuple[tuple[PeriodCheck, ...], tuple[Skipped, ...]]:
    """Every statement's fuel charges beside ``bill_for(fuel, first, last)``, oldest first.

    spans : first and last London day of each fuel's readings. tariff_changes : per fuel, the days a new
    agreement began and its tariff code. tariffs : per fuel, what the account says of its tariffs, to name why
    days have no prices (without it, they are named as days we have no prices for).
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
            check = _check(s, fuel, s.fuel_charges(fuel), bill_for, spans.get(fuel), tariff_changes.get(fuel, ()),
                           (tariffs or {}).get(fuel))
            if isinstance(check, Skipped):
                skipped.append(check)
            else:
                checks.append(check)
    return tuple(checks), tuple(skipped)


def _check(s: Statement, fuel: str, lines: Sequence[Transaction], bill_for: BillFor,
           span: tuple[dt.date, dt.date] | None, changes: Sequence[tuple[dt.date, str]],
           known: TariffsKnown | None) -> PeriodCheck | Skipped:
    firsts = [ln.consumption[0] for ln in lines if ln.consumption and ln.consumption[0]] or [s.first_day]
    lasts = [ln.consumption[1] for ln in lines if ln.consumption and ln.consumption[1]] or [s.last_day]
    if None in firsts or None in lasts:
        return Skipped(s.id, s.issued, s.first_day, s.last_day, "Octopus gave no dates for this statement's charges")
    first, last = min(firsts), max(lasts)
    theirs = float(sum(ln.amounts.gross for ln in lines))
    kwhs = [ln.kwh for ln in lines]
    theirs_kwh = None if any(q is None for q in kwhs) else sum(q for q in kwhs if q is not None)
    reasons: list[str] = []
    ours = ours_kwh = priced_kwh = None
    every_half_hour_read = False  # our kWh is of every half-hour Octopus charged for
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
            ours, ours_kwh, priced_kwh = priced.total_inc_vat, priced.read_kwh, priced.energy_kwh
            every_half_hour_read = (lo, hi) == (first, last) and not priced.missing_readings
            reasons += _bill_reasons(priced, known)
        else:
            reasons.append("We have no prices for your tariff on these dates.")
    # Our kWh is every reading on these dates, priced or not: a difference is put down to the statement's read only
    # when every half-hour has a reading (otherwise the missing readings said above explain it).
    if (every_half_hour_read and theirs_kwh is not None and ours_kwh is not None
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
    return PeriodCheck(s.id, s.issued, fuel, first, last, theirs, theirs_kwh, ours, ours_kwh, tuple(reasons),
                       priced_kwh)


def _bill_reasons(priced: Bill, known: TariffsKnown | None = None) -> list[str]:
    """What our bill leaves out, each day once, by what the prices cover (:class:`PriceCoverage`).

    Octopus charged for these dates, so a day without prices is one we have no unit rate for on the household's
    tariff. ``known`` (the account's agreements and which of them the feeds hold) names why: a tariff not in the
    price feeds, no agreement for those dates, a feed without rates for them, or an assumed tariff's. Without it
    the days are named as days we have no prices for, no more.
    """
    out = []
    if priced.missing_readings:
        out.append(f"{priced.missing_readings:,} of {priced.half_hours:,} half-hours have no reading "
                   f"({_days_named(priced.missing_reading_days)}), so their energy is missing from our figure.")
    c = priced.coverage
    for runs, cause in _uncovered_causes(c.uncovered, known):  # nothing of such a day is in our figure
        n = sum((b - a).days + 1 for a, b in runs)
        if cause is None:
            out.append(f"Our figure leaves out {runs_label(runs)} whole, "
                       f"{'a day' if n == 1 else plural(n, 'day')} we have no prices for on your tariff.")
        else:
            that = "that day" if n == 1 else f"those {n:,} days"
            out.append(f"Our figure leaves out {runs_label(runs)} whole: {cause.replace('{days}', that)}.")
    by_cause: dict[str | None, list[PartPricedDay]] = {}
    for day in c.part_priced:
        by_cause.setdefault(_why_part_priced(day.day, known), []).append(day)
    for cause, days in by_cause.items():
        said = part_priced_days(replace(c, part_priced=tuple(days)))
        out.append(f"{said}: our figure leaves the others out{'' if cause is None else f' ({cause})'}.")
    if priced.missing_rates_unnamed:  # half-hours without a rate on no day named above
        n = priced.missing_rates_unnamed
        out.append(f"{plural(n, 'half-hour')} with a reading {'has' if n == 1 else 'have'} no unit rate: our figure "
                   "leaves them out.")
    if priced.days_without_standing:
        days = plural(priced.days_without_standing, "day has", "days have")
        out.append(f"{days} no known standing charge in our figure.")
    return out


def _days_named(runs: tuple[tuple[dt.date, dt.date], ...], most: int = 6) -> str:
    """``on 5 Jun 2023 and 9 Jun 2023 to 10 Jun 2023``, the first ``most`` runs and how many days more."""
    if len(runs) <= most:
        return f"on {runs_label(runs)}"
    more = sum((b - a).days + 1 for a, b in runs[most:])
    return f"on {runs_label(runs[:most])}, and {plural(more, 'other day')}"


def _uncovered_causes(uncovered: tuple[tuple[dt.date, dt.date], ...], known: TariffsKnown | None,
                      ) -> list[tuple[tuple[tuple[dt.date, dt.date], ...], str | None]]:
    """The uncovered days as ``(runs, cause)``, one entry per cause in order of its first day; the cause reads
    "{days}" for "that day"/"those N days" (``None`` when ``known`` does not say)."""
    by_cause: dict[str | None, list[dt.date]] = {}
    for a, b in uncovered:
        day = a
        while day <= b:
            by_cause.setdefault(_why_unpriced(day, known), []).append(day)
            day += ONE_DAY
    return [(day_runs(days), cause) for cause, days in by_cause.items()]


def _why_unpriced(day: dt.date, known: TariffsKnown | None) -> str | None:
    """Why London ``day``, on which no half-hour has a unit rate, has none, in words; ``None`` when unknown."""
    if known is None:
        return None
    if known.assumed:
        return (f"your account lists no tariff, and the tariff assumed for it, {known.assumed}, has no published "
                "prices for {days}")
    start, end = day_bounds(day)
    on = [a for a in known.agreements
          if (a.valid_from is None or a.valid_from < end) and (a.valid_to is None or a.valid_to > start)]
    missing = [a for a in on if a.tariff_code in known.not_in_feeds]
    if missing:
        codes = " and ".join(dict.fromkeys(a.tariff_code for a in missing))
        return (f"your tariff {codes} ({_in_force(missing)}) is not in the price feeds (it may have no public "
                "prices), so we have no prices for {days}")
    if not on:
        return "no tariff agreement on your account covers {days}"
    codes = " and ".join(dict.fromkeys(a.tariff_code for a in on))
    return f"the price feed for your tariff {codes} publishes no unit rates for {{days}}"


def _why_part_priced(day: dt.date, known: TariffsKnown | None) -> str | None:
    """Why some half-hours of London ``day``, which has unit rates for others, have none; ``None`` when unknown."""
    if known is None:
        return None
    if known.assumed:
        return f"the tariff assumed for your account, {known.assumed}, publishes no unit rate for them"
    start, end = day_bounds(day)
    on = sorted((a for a in known.agreements
                 if (a.valid_from is None or a.valid_from < end) and (a.valid_to is None or a.valid_to > start)),
                key=lambda a: start if a.valid_from is None else max(a.valid_from, start))
    missing = [a for a in on if a.tariff_code in known.not_in_feeds]
    if missing:
        codes = " and ".join(dict.fromkeys(a.tariff_code for a in missing))
        return f"they are on your tariff {codes} ({_in_force(missing)}), which is not in the price feeds"
    reached = start  # how far into the day the agreements reach without a gap
    for a in on:
        if a.valid_from is not None and a.valid_from > reached:
            break
        reached = end if a.valid_to is None else max(reached, a.valid_to)
    if reached < end:
        return "no tariff agreement on your account covers them"
    codes = " and ".join(dict.fromkeys(a.tariff_code for a in on))
    return f"the price feed for your tariff {codes} publishes no unit rate for them"


def _in_force(agreements: Sequence[TariffAgreement]) -> str:
    """``on your account from 1 Jun 2023 to 30 Jun 2023``: the London days of each agreement, as the account gives
    them (an open end is "to now")."""
    spans = [f"{'the start' if a.valid_from is None else date_label(local_date(a.valid_from))} to "
             f"{'now' if a.valid_to is None else date_label(local_date(a.valid_to - 1))}" for a in agreements]
    return f"on your account from {' and '.join(spans)}"
