"""How a priced total counts its days: each day is priced or not, and a day is counted once.

A day with unit rates is priced: its rated half-hours are in the total, and so is its standing charge when one is
known; when none is, it is a priced day "without a standing charge". A day with no unit rate at all (on no
agreement, or before a feed's prices begin) is a day the prices do not cover: nothing of it is in the total, and it
is not also counted as a day without a standing charge. The £ are checked against sums over the half-hours made
here, not by the code under test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pyruntime.analysis.reconcile import _bill_reasons
from pyruntime.household import Household
from pyruntime.household.demo import demo_household
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.present.coverage import coverage_paragraphs
from pyruntime.present.view import View
from pyruntime.pricing import Agreement, TariffHistory, bill, flat_tariff
from pyruntime.pricing.compare import Candidate, compare_tariffs
from pyruntime.pricing.cost import cost_report
from pyruntime.pricing.period import prepare, price_coverage, price_period
from pyruntime.pricing.tariff import ArrayRates, StandingCharge
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds
from pyruntime.timeseries.series import Series

from .sample_feeds import sample_session, view_model

D = dt.date
JUNE = (D(2023, 6, 1), D(2023, 6, 30))
RATE, CHARGE = 20.0, 40.0  # [p/kWh, p/day exc VAT]


def june(kwh=lambda i: 0.25 + (i % 7) * 0.125, gap_days: tuple[dt.date, ...] = ()) -> Series:
    """June 2023, a reading every half-hour except on ``gap_days``."""
    start, end = day_bounds(JUNE[0])[0], day_bounds(JUNE[1])[1]
    gaps = [day_bounds(d) for d in gap_days]
    values = tuple(None if any(a <= start + i * HALF_HOUR < b for a, b in gaps) else kwh(i)
                   for i in range((end - start) // HALF_HOUR))
    return Series("electricity", start, values)


def by_hand(series: Series, rated: set[dt.date], charged: set[dt.date]) -> float:
    """Σ kWh × RATE over the half-hours of ``rated`` days, + CHARGE for each of ``charged``, with 5% VAT [p]."""
    energy, day = 0.0, JUNE[0]
    while day <= JUNE[1]:
        if day in rated:
            lo, hi = day_bounds(day)
            energy += sum(q * RATE for q in series.window(lo, hi) if q is not None)
        day += dt.timedelta(days=1)
    return (energy + CHARGE * len(charged)) * 1.05


def days(first: dt.date, last: dt.date) -> set[dt.date]:
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


def no_charge_before(day: dt.date):
    """A flat tariff whose standing charge is published only from ``day``: its unit rates run all month."""
    return replace(flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False),
                   standing_charges=(StandingCharge(CHARGE, day_bounds(day)[0], None),))


def gap_on(day: dt.date) -> TariffHistory:
    """One agreement until ``day``, the next from the day after: ``day`` is on none."""
    a = flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False, code="A")
    b = flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False, code="B")
    return TariffHistory((Agreement(a, None, day_bounds(day)[0]), Agreement(b, day_bounds(day)[1], None)))


def test_a_day_with_unit_rates_but_no_known_standing_charge_is_priced_without_one():
    """The charge is published from 3 June: 1 and 2 June are priced (their energy is in the total) and counted as
    days without a standing charge, not as days the prices do not cover."""
    series = june()
    tariff = no_charge_before(D(2023, 6, 3))
    cost = price_period(prepare(series, *JUNE), tariff)
    assert cost.coverage.full and cost.coverage.covered_days == 30
    assert cost.days_without_standing == 2 and not cost.complete_rates
    assert cost.total_inc_vat == pytest.approx(by_hand(series, days(*JUNE), days(D(2023, 6, 3), JUNE[1])), rel=1e-12)
    statement = bill(series, tariff, *JUNE)
    assert statement.total_inc_vat == cost.total_inc_vat and statement.coverage == cost.coverage
    assert statement.warnings == ["2 days have no known standing charge; none is included for them."]
    assert coverage_paragraphs(statement.coverage, None) == []  # not "no prices" for days that are priced
    report = cost_report(series, tariff, View(fuel="electricity", month="2023-06"))
    assert (report.assumptions.days_without_standing_charge, report.assumptions.uncovered) == (2, ())
    bars = {bar.key: bar for bar in report.bars}
    assert bars["2023-06-01"].standing_p_exc_vat is None and bars["2023-06-01"].coverage.full
    assert bars["2023-06-01"].energy_p_exc_vat == pytest.approx(by_hand(series, {D(2023, 6, 1)}, set()) / 1.05)


@pytest.mark.parametrize("read", [True, False])
def test_a_day_on_no_agreement_is_a_day_the_prices_do_not_cover_and_counted_once(read):
    """2 June is on no agreement, with readings or without: the prices do not cover it, and it is not also a day
    "without a standing charge" in the bill, its assumptions, the month's bar, the reconciliation or the
    comparison. Its own total leaves a day out, so no saving is measured against it either way."""
    gap = D(2023, 6, 2)
    series = june(gap_days=() if read else (gap,))
    history = gap_on(gap)
    cost = price_period(prepare(series, *JUNE), history)
    assert cost.coverage.uncovered == ((gap, gap),) and cost.days_without_standing == 0
    assert cost.missing_rates == (48 if read else 0) and not cost.complete_rates
    priced = days(*JUNE) - {gap}
    assert cost.total_inc_vat == pytest.approx(by_hand(series, priced, priced), rel=1e-12)
    statement = bill(series, history, *JUNE)
    assert statement.days_without_standing == 0 and not any("standing charge" in w for w in statement.warnings)
    assert not any("standing charge" in r for r in _bill_reasons(statement))
    report = cost_report(series, history, View(fuel="electricity"))
    assert report.assumptions.days_without_standing_charge == 0 and report.assumptions.uncovered == ((gap, gap),)
    (month,) = report.bars
    # The month's standing charge is its 29 priced days', known for each of them.
    assert month.standing_p_exc_vat == 29 * CHARGE and month.total_p_inc_vat == pytest.approx(cost.total_inc_vat)
    flat = flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False)
    r = compare_tariffs({"electricity": series}, [Candidate("flat", flat)], *JUNE, actual={"electricity": history})
    yours = r.fuels["electricity"].actual
    assert yours.days_without_standing == 0 and not yours.complete
    assert r.fuels["electricity"].tariffs[0].saving_p is None


def test_the_comparison_says_once_which_days_your_part_priced_total_leaves_out():
    """The demo's 2023 readings on Octopus Flux, whose prices begin on 14 Feb 2023: "Yours" is £… (321 of 365 days
    priced), and the note on it named the same 44 days again as "2,112 half-hours with a reading but no rate (no
    agreement in force, or no published price)". It names the days left out, which add up with the priced ones."""
    demo = demo_household(2023)
    flux = TariffAgreement("E-1R-FLUX-IMPORT-23-02-14-C", None, None)
    home = Household("file", {"electricity": demo["electricity"]}, region="C",
                     facts=HouseholdFacts(label="On Flux", tariffs={"electricity": (flux,)}))
    session = sample_session()
    session.replace(home)
    m = view_model(session, "file", report="compare", **{"from": "2023-01-01", "to": "2023-12-31"})
    ranked = next(x for x in m["blocks"] if x.get("title") == "Electricity import: tariffs ranked by total cost")
    (yours,) = [row for row in ranked["rows"] if row[0].startswith("Yours: ")]
    before_launch = (D(2023, 2, 14) - D(2023, 1, 1)).days
    assert before_launch == 44 and yours[2]["text"].endswith(f"({365 - before_launch} of 365 days priced)")
    note = next(x for x in m["blocks"] if x.get("title") == "Electricity import: your tariff's total is incomplete")
    assert [i["text"] for i in note["items"]] == [
        "It leaves out 1 Jan 2023 to 13 Feb 2023, 44 days without prices. No saving is worked out against it."]


def test_the_coverage_of_the_data_is_the_shown_period_s_when_that_is_all_the_data():
    """A view of all the data already priced it: the data's coverage is that one, not priced a second time; for
    fewer days shown it is worked out over the data's."""
    series = june()
    history = gap_on(D(2023, 6, 2))
    shown = bill(series, history, *JUNE).coverage
    assert price_coverage(series, history, *JUNE, known=shown) is shown
    assert shown == price_coverage(series, history, *JUNE)
    week = bill(series, history, D(2023, 6, 5), D(2023, 6, 11)).coverage
    assert week.full and price_coverage(series, history, *JUNE, known=week) == shown


def test_a_day_without_unit_rates_pays_no_standing_charge_whether_or_not_it_was_read():
    """A feed with no rates for 2 June (its standing charge runs on) and a meter that read nothing that day: the day
    is not priced, so the total holds no standing charge for it, and the bill's lines add up to the bill's total.
    (It held one only when no other half-hour lacked a rate, while the bill's lines left it out.)"""
    gap = D(2023, 6, 2)
    start, end = day_bounds(JUNE[0])[0], day_bounds(JUNE[1])[1]
    lo, hi = day_bounds(gap)
    rates = tuple(None if lo <= t < hi else RATE for t in range(start, end, HALF_HOUR))
    tariff = replace(flat_tariff("electricity", RATE, CHARGE, prices_include_vat=False), rates=ArrayRates(start, rates))
    series = june(gap_days=(gap,))
    statement = bill(series, tariff, *JUNE)
    priced = days(*JUNE) - {gap}
    assert statement.coverage.uncovered == ((gap, gap),) and statement.days_without_standing == 0
    assert statement.standing == 29 * CHARGE == sum(ln.cost for ln in statement.standing_lines)
    assert statement.total_inc_vat == pytest.approx(by_hand(series, priced, priced), rel=1e-12)
