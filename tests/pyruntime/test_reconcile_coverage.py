"""Why our bill for a statement's dates differs from Octopus's charge when our prices leave days out.

Octopus charged for every day of the statement; a day we have no unit rate for (on no agreement we know of, or
before a feed's prices begin) is left out of our figure whole, and a day with rates for only some half-hours is
priced in part. The reasons say which days, once, and the cause we know: that we have no prices for them, not that
the tariff has no public prices. The £ are checked against sums over the half-hours made here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pyruntime.analysis.reconcile import TariffsKnown, reconcile
from pyruntime.household.facts import TariffAgreement
from pyruntime.pricing import Agreement, TariffHistory, bill, flat_tariff
from pyruntime.pricing.tariff import ArrayRates, StandingCharge
from pyruntime.providers.octopus_graphql import Money, Statement, Transaction
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds

from .test_priced_day_counts import CHARGE, JUNE, RATE, by_hand, days, gap_on, june

D = dt.date


def statement(series, gross_p: float) -> Statement:
    """A statement charging June 2023's electricity: every half-hour read, at ``gross_p`` inc VAT."""
    kwh = sum(q for q in series.values if q is not None)
    line = Transaction("Electricity", "Charge", "electricity", JUNE[1], Money(0, 0, round(gross_p)), False,
                       (JUNE[0], JUNE[1], kwh, "kWh"))
    return Statement("S1", "StatementType", "STATEMENT", *JUNE, JUNE[1], None, None, None, None, (line,))


def checked(series, pricing):
    """The one row for June, Octopus having charged the flat tariff on every day of it."""
    octopus = by_hand(series, days(*JUNE), days(*JUNE))
    (row,), skipped = reconcile([statement(series, octopus)], lambda f, a, b: bill(series, pricing, a, b),
                                {"electricity": JUNE}, {})
    assert not skipped
    return row


def test_a_day_on_no_agreement_is_named_as_a_day_we_have_no_prices_for_not_as_unpriced_half_hours():
    """2 June is on no agreement we know of: our figure is the other 29 days', and the reason names 2 June as a day
    we have no prices for. It is not "48 half-hours could not be priced (a tariff without public prices)", and
    Octopus's kWh (every reading) beside our priced kWh is not put down to an estimated read."""
    series = june()
    gap = D(2023, 6, 2)
    a = flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False, code="A")
    b = flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False, code="B")
    history = TariffHistory((Agreement(a, None, day_bounds(gap)[0]), Agreement(b, day_bounds(gap)[1], None)))
    row = checked(series, history)
    priced = days(*JUNE) - {gap}
    assert row.ours == pytest.approx(by_hand(series, priced, priced), rel=1e-12)
    assert row.reasons == ("Our figure leaves out 2 Jun 2023 whole, a day we have no prices for on your tariff.",)


def test_days_before_a_feed_begins_and_a_day_priced_in_part_are_each_said_once():
    """The feed's rates begin on 4 June and miss 4 half-hours of 10 June; its standing charge is published from 1
    June. Our figure holds 27 days, one of them in part, and the reasons say so day by day, with nothing counted
    twice."""
    series = june()
    start, end = day_bounds(JUNE[0])[0], day_bounds(JUNE[1])[1]
    begins, short = day_bounds(D(2023, 6, 4))[0], day_bounds(D(2023, 6, 10))[0] + 20 * HALF_HOUR
    rates = tuple(None if t < begins or short <= t < short + 4 * HALF_HOUR else RATE
                  for t in range(start, end, HALF_HOUR))
    tariff = replace(flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False),
                     rates=ArrayRates(start, rates), standing_charges=(StandingCharge(CHARGE, start, None),))
    row = checked(series, tariff)
    assert row.reasons == (
        "Our figure leaves out 1 Jun 2023 to 3 Jun 2023 whole, 3 days we have no prices for on your tariff.",
        "10 Jun 2023 is priced for 44 of its 48 half-hours: our figure leaves the others out.",
    )
    lo, hi = short, short + 4 * HALF_HOUR
    priced = days(D(2023, 6, 4), JUNE[1])
    unpriced_p = sum(q * RATE for q in series.window(lo, hi) if q is not None) * 1.05
    assert row.ours == pytest.approx(by_hand(series, priced, priced) - unpriced_p, rel=1e-12)


def test_a_priced_day_without_a_known_standing_charge_is_said_as_before():
    series = june()
    tariff = replace(flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False),
                     standing_charges=(StandingCharge(CHARGE, day_bounds(D(2023, 6, 3))[0], None),))
    row = checked(series, tariff)
    assert row.reasons == ("2 days have no known standing charge in our figure.",)
    assert row.ours == pytest.approx(by_hand(series, days(*JUNE), days(D(2023, 6, 3), JUNE[1])), rel=1e-12)


# --- the cause, from what the account says of its tariffs ------------------------------------------------------

def checked_knowing(series, pricing, known: TariffsKnown, theirs_kwh: float | None = None, metered=None):
    """:func:`checked`, naming why days have no prices from ``known``; Octopus's kWh ``theirs_kwh`` (default: every
    reading), its £ those of the ``metered`` readings (default: ours)."""
    s = statement(series, by_hand(metered or series, days(*JUNE), days(*JUNE)))
    if theirs_kwh is not None:
        (line,) = s.transactions
        s = replace(s, transactions=(replace(line, consumption=(*line.consumption[:2], theirs_kwh, "kWh")),))
    (row,), skipped = reconcile([s], lambda f, a, b: bill(series, pricing, a, b), {"electricity": JUNE}, {},
                                {"electricity": known})
    assert not skipped
    return row


def every_kwh(series, on: set[dt.date]) -> float:
    """Σ kWh read on the London days ``on``, summed here over the half-hours."""
    return sum(q for d in on for q in series.window(*day_bounds(d)) if q is not None)


def test_a_day_on_no_agreement_names_that_the_account_lists_none_for_it():
    series = june()
    gap = D(2023, 6, 2)
    agreements = (TariffAgreement("A", None, day_bounds(gap)[0]), TariffAgreement("B", day_bounds(gap)[1], None))
    row = checked_knowing(series, gap_on(gap), TariffsKnown(agreements))
    assert row.reasons == ("Our figure leaves out 2 Jun 2023 whole: no tariff agreement on your account covers that "
                           "day.",)


def test_days_on_a_tariff_the_feeds_do_not_hold_name_the_tariff_and_its_dates():
    """1–10 June are on E-1R-HIDDEN-C, which has no public prices (the catalogue priced only the next agreement):
    the reason names the code, its dates on the account, and the days; our kWh is every reading of June, with the
    priced part (11–30 June) said apart, each checked against sums over the half-hours."""
    series = june()
    switch = day_bounds(D(2023, 6, 11))[0]
    later = flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False, code="E-1R-OPEN-C")
    agreements = (TariffAgreement("E-1R-HIDDEN-C", day_bounds(JUNE[0])[0] - 86400 * 30, switch),
                  TariffAgreement("E-1R-OPEN-C", switch, None))
    row = checked_knowing(series, TariffHistory((Agreement(later, switch, None),)),
                          TariffsKnown(agreements, ("E-1R-HIDDEN-C",)))
    assert row.reasons == (
        "Our figure leaves out 1 Jun 2023 to 10 Jun 2023 whole: your tariff E-1R-HIDDEN-C (on your account from 2 May "
        "2023 to 10 Jun 2023) is not in the price feeds (it may have no public prices), so we have no prices for "
        "those 10 days.",)
    priced = days(D(2023, 6, 11), JUNE[1])
    assert row.ours == pytest.approx(by_hand(series, priced, priced), rel=1e-12)
    assert row.ours_kwh == pytest.approx(every_kwh(series, days(*JUNE)), rel=1e-12)
    assert row.priced_kwh == pytest.approx(every_kwh(series, priced), rel=1e-12)


def test_days_before_a_feed_publishes_rates_say_so_and_an_assumed_tariff_is_named_as_assumed():
    series = june()
    start, end = day_bounds(JUNE[0])[0], day_bounds(JUNE[1])[1]
    begins = day_bounds(D(2023, 6, 4))[0]
    rates = tuple(None if t < begins else RATE for t in range(start, end, HALF_HOUR))
    tariff = replace(flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False, code="E-1R-VAR-C"),
                     rates=ArrayRates(start, rates))
    row = checked_knowing(series, tariff, TariffsKnown((TariffAgreement("E-1R-VAR-C", None, None),)))
    assert row.reasons == ("Our figure leaves out 1 Jun 2023 to 3 Jun 2023 whole: the price feed for your tariff "
                           "E-1R-VAR-C publishes no unit rates for those 3 days.",)
    row = checked_knowing(series, tariff, TariffsKnown(assumed="Flexible Octopus (assumed)"))
    assert row.reasons == ("Our figure leaves out 1 Jun 2023 to 3 Jun 2023 whole: your account lists no tariff, and "
                           "the tariff assumed for it, Flexible Octopus (assumed), has no published prices for those 3 "
                           "days.",)


def test_missing_readings_are_dated_and_a_kwh_difference_is_put_to_the_read_only_when_every_half_hour_is_read():
    """Readings are missing on 5 and 20 June: the reason dates them, and Octopus's higher kWh is not put down to an
    estimated read (the missing readings explain it). With every half-hour read and 2 June unpriced, a kWh difference
    is measured against every reading, not the priced ones alone."""
    gaps = (D(2023, 6, 5), D(2023, 6, 20))
    series = june(gap_days=gaps)
    row = checked_knowing(series, flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False), TariffsKnown(),
                          theirs_kwh=every_kwh(june(), days(*JUNE)), metered=june())
    assert row.reasons == ("96 of 1,440 half-hours have no reading (on 5 Jun 2023 and 20 Jun 2023), so their energy "
                           "is missing from our figure.",)
    assert row.ours_kwh == pytest.approx(every_kwh(series, days(*JUNE)), rel=1e-12) == row.priced_kwh

    series = june()
    read = every_kwh(series, days(*JUNE))
    gap = D(2023, 6, 2)
    agreements = (TariffAgreement("A", None, day_bounds(gap)[0]), TariffAgreement("B", day_bounds(gap)[1], None))
    row = checked_knowing(series, gap_on(gap), TariffsKnown(agreements), theirs_kwh=read)
    assert not any("estimated" in r for r in row.reasons)  # our kWh is every reading: the same as Octopus's
    row = checked_knowing(series, gap_on(gap), TariffsKnown(agreements), theirs_kwh=read + 50)
    assert f"Octopus billed {read + 50:,.1f} kWh and your half-hourly readings add up to {read:,.1f} kWh" in \
        row.reasons[-1]


def test_a_day_priced_in_part_names_why_its_other_half_hours_have_no_rate():
    """The account's agreement A ends at noon on 10 June. Followed at once by B, a tariff the feeds do not hold, the
    afternoon is B's; followed by C only from 11 June, it is on no agreement; with A running on and its feed missing
    four half-hours of the afternoon, it is the feed's. Our figure holds 10 June's morning, checked by hand."""
    series = june()
    noon = day_bounds(D(2023, 6, 10))[0] + 24 * HALF_HOUR
    a = flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False, code="A")
    until_noon = TariffHistory((Agreement(a, None, noon),))

    row = checked_knowing(series, until_noon, TariffsKnown(
        (TariffAgreement("A", None, noon), TariffAgreement("B", noon, None)), ("B",)))
    assert row.reasons == (
        "Our figure leaves out 11 Jun 2023 to 30 Jun 2023 whole: your tariff B (on your account from 10 Jun 2023 to "
        "now) is not in the price feeds (it may have no public prices), so we have no prices for those 20 days.",
        "10 Jun 2023 is priced for 24 of its 48 half-hours: our figure leaves the others out (they are on your "
        "tariff B (on your account from 10 Jun 2023 to now), which is not in the price feeds).")
    morning = sum(q * RATE for q in series.window(day_bounds(D(2023, 6, 10))[0], noon) if q is not None) * 1.05
    priced = days(JUNE[0], D(2023, 6, 9))
    assert row.ours == pytest.approx(by_hand(series, priced, priced | {D(2023, 6, 10)}) + morning, rel=1e-12)

    row = checked_knowing(series, until_noon, TariffsKnown(
        (TariffAgreement("A", None, noon), TariffAgreement("C", day_bounds(D(2023, 6, 11))[0], None))))
    assert row.reasons[1] == ("10 Jun 2023 is priced for 24 of its 48 half-hours: our figure leaves the others out "
                              "(no tariff agreement on your account covers them).")

    start, end = day_bounds(JUNE[0])[0], day_bounds(JUNE[1])[1]
    rates = tuple(None if noon <= t < noon + 4 * HALF_HOUR else RATE for t in range(start, end, HALF_HOUR))
    feed = replace(flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False, code="A"),
                   rates=ArrayRates(start, rates))
    row = checked_knowing(series, feed, TariffsKnown((TariffAgreement("A", None, None),)))
    assert row.reasons == ("10 Jun 2023 is priced for 44 of its 48 half-hours: our figure leaves the others out (the "
                           "price feed for your tariff A publishes no unit rate for them).",)
