"""A feed tariff's price bands are ranked over whole London days, whatever window asks for them.

Go, Cosy and Flux publish plain half-hourly rates; "off-peak" and "peak" are
the ranks of a London day's distinct rates. An agreement that starts at noon
asks for the bands of the afternoon alone, which holds only Go's peak rate:
ranked on its own, it was called "single rate", and the bill showed the
afternoon as an unnamed line beside the "peak" line at the same price.
"""

from __future__ import annotations

import datetime as dt

from pyruntime.pricing import Agreement, TariffHistory, bill, flat_tariff
from pyruntime.pricing.tariff import ArrayRates, StandingCharge, Tariff
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, local_datetime
from pyruntime.timeseries.series import Series

FIRST, LAST = dt.date(2023, 10, 27), dt.date(2023, 10, 30)  # 29 October has 50 half-hours
START, END = day_bounds(FIRST)[0], day_bounds(LAST)[1]
NOON = day_bounds(dt.date(2023, 10, 28))[0] + 12 * 3600  # 12:00 BST
CHEAP, PEAK = 9.0, 39.0  # [p/kWh exc VAT]


def _go() -> Tariff:
    """Go as a feed gives it: a rate per half-hour, cheap from 00:30 to 04:30 London time."""
    values = []
    for t in range(START, END, HALF_HOUR):
        wall = local_datetime(t).time()
        values.append(CHEAP if dt.time(0, 30) <= wall < dt.time(4, 30) else PEAK)
    return Tariff("E-1R-GO-VAR-22-10-14-C", "Octopus Go", "electricity", ArrayRates(START, tuple(values)),
                  (StandingCharge(50.0),), 0.05)


def test_an_agreement_starting_at_noon_names_the_afternoon_peak():
    go = _go()
    assert go.band_labels(NOON, 24) == ("peak",) * 24
    assert go.band_labels(START, 2) == ("peak", "off-peak")  # 00:00 and 00:30 on 27 October


def test_the_bill_has_one_peak_line_from_the_day_go_began():
    flat = flat_tariff("electricity", 30.0, 40.0, code="E-1R-VAR-22-11-01-C")
    history = TariffHistory((Agreement(flat, None, NOON), Agreement(_go(), NOON, None)))
    count = (END - START) // HALF_HOUR
    statement = bill(Series("electricity", START, (0.25,) * count), history, FIRST, LAST)
    go = [(ln.band, ln.first_day, ln.last_day, ln.half_hours) for ln in statement.energy_lines
          if ln.tariff_code == "E-1R-GO-VAR-22-10-14-C"]
    # Go from 28 October 12:00: 24 + 50 + 48 half-hours; 00:30-04:30 on the wall clock is 10 of them on
    # 29 October (01:00-02:00 happens twice) and 8 on 30 October.
    assert sorted(go) == [("off-peak", dt.date(2023, 10, 29), dt.date(2023, 10, 30), 10 + 8),
                          ("peak", dt.date(2023, 10, 28), dt.date(2023, 10, 30), 24 + 40 + 40)]
