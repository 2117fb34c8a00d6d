"""The cost view prices its period once: the bill's pricing draws the bars too.

A cost view's bill and its bars are of the same days on the same tariff, so the half-hours' unit rates are looked
up once for both and for the assumptions panel's span of each tariff, not again for the month bars, the day bars,
the half-hour bars or the panel. Each bar's £ is checked against a sum over the demo's half-hours made here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pyruntime.household.demo import demo_household
from pyruntime.present.view import View
from pyruntime.pricing import flat_tariff
from pyruntime.pricing.cost import cost_report
from pyruntime.pricing.tariff import Tariff
from pyruntime.timeseries.londontime import day_bounds

RATE = 20.0  # [p/kWh exc VAT]


LOOKUPS: list[int] = []  # the length of every look-up of a CountingTariff's unit rates


class CountingTariff(Tariff):
    """A flat tariff that records each look-up of its unit rates in LOOKUPS."""

    def unit_rates(self, start: int, count: int) -> list[float | None]:
        LOOKUPS.append(count)
        return Tariff.unit_rates(self, start, count)


def counting() -> CountingTariff:
    flat = flat_tariff("electricity", RATE, 40.0, prices_include_vat=False)
    LOOKUPS.clear()
    return CountingTariff(**{name: getattr(flat, name) for name in Tariff.__dataclass_fields__})


def energy_by_hand(series, first: dt.date, last: dt.date) -> float:
    """Σ kWh × RATE over London days ``first``–``last`` [p exc VAT]."""
    return sum(q * RATE for q in series.window(day_bounds(first)[0], day_bounds(last)[1]) if q is not None)


@pytest.mark.parametrize("view, bars, half_hours", [
    (View(fuel="electricity"), 12, 17_520),  # the demo's year: a bar per month
    (View(fuel="electricity", month="2023-06"), 30, 1_440),  # a bar per day
    (View(fuel="electricity", month="2023-06", day="2023-06-14"), 48, 48),  # a bar per half-hour
])
def test_the_bars_are_drawn_from_the_bill_s_pricing_of_the_same_days(view, bars, half_hours):
    """The year's view looked its rates up 5 times (the bill twice, the month bars twice, the assumptions once), a
    month's or a day's 4 times; then twice, the bill's and the assumptions'; now once, the bill's."""
    series = demo_household(2023)["electricity"]
    tariff = counting()
    report = cost_report(series, tariff, view)
    assert len(report.bars) == bars
    assert list(LOOKUPS) == [half_hours]
    if report.level == "day":
        assert sum(b.cost_p_inc_vat or 0.0 for b in report.bars) == pytest.approx(
            energy_by_hand(series, dt.date(2023, 6, 14), dt.date(2023, 6, 14)) * 1.05, rel=1e-12)
        return
    for bar in report.bars:
        first = dt.date.fromisoformat(bar.key if len(bar.key) == 10 else bar.key + "-01")
        last = first if len(bar.key) == 10 else (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        assert bar.energy_p_exc_vat == pytest.approx(energy_by_hand(series, first, last), rel=1e-12), bar.key
    assert sum(b.total_p_inc_vat for b in report.bars) == pytest.approx(report.totals.total_inc_vat, rel=1e-12)
