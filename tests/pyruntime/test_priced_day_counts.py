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
from pyruntime.present.coverage import coverage_paragraphs
from pyruntime.present.view import View
from pyruntime.pricing import Agreement, TariffHistory, bill, flat_tariff
from pyruntime.pricing.compare import Candidate, compare_tariffs
from pyruntime.pricing.cost import cost_report
from pyruntime.pricing.period import prepare, price_period
from pyruntime.pricing.tariff import StandingCharge
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds
from pyruntime.timeseries.series import Series

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

