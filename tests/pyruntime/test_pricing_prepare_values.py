"""A period re-filled with new half-hourly values prices exactly as one prepared from scratch."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pyruntime.pricing.hand import flat_tariff
from pyruntime.pricing.period import prepare, prepare_values, price_period
from pyruntime.timeseries.londontime import day_bounds
from pyruntime.timeseries.series import Series

FIRST, LAST = dt.date(2023, 3, 20), dt.date(2023, 4, 2)  # across the spring clock change and a month end
START, END = day_bounds(FIRST)[0], day_bounds(LAST)[1]
COUNT = (END - START) // 1800


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32), gaps=st.floats(0, 1))
def test_prepare_values_equals_prepare(seed, gaps):
    # A whole period of values is too much for Hypothesis to draw one by one: draw a seed and a gap rate.
    rng = random.Random(seed)
    values = [None if rng.random() < gaps else rng.uniform(0, 5) for _ in range(COUNT)]
    base = prepare(Series("electricity", START, tuple([0.1] * COUNT)), FIRST, LAST)
    again = prepare_values(base, values)
    fresh = prepare(Series("electricity", START, tuple(values)), FIRST, LAST)
    assert again == fresh
    tariff = flat_tariff("electricity", 24.5, 45.0)
    assert price_period(again, tariff) == price_period(fresh, tariff)


def test_rates_the_caller_has_price_as_the_tariffs_own_and_stay_as_they_were():
    """The lab passes each tariff's unit rates, looked up once, to every pricing on it: rates without a value
    for some half-hours too (they are counted as missing, as ever, and the caller's list is not changed)."""
    values = [0.2 + (i % 7) / 10 for i in range(COUNT)]
    period = prepare(Series("electricity", START, tuple(values)), FIRST, LAST)
    tariff = flat_tariff("electricity", 24.5, 45.0)
    rates = tariff.unit_rates(START, COUNT)
    assert price_period(period, tariff, rates) == price_period(period, tariff)
    holed = [None if i % 50 == 3 else r for i, r in enumerate(rates)]
    kept = list(holed)
    cost = price_period(period, tariff, holed)
    assert holed == kept
    assert cost.missing_rates == kept.count(None) and cost.energy < price_period(period, tariff).energy
