"""Bills: clock-change days, tariff histories, missing data, feed files."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pyruntime.pricing import (
    Agreement,
    TariffHistory,
    bill,
    flat_tariff,
    price_series,
    tariff_from_spec,
)
from pyruntime.pricing.catalogue import family_history
from pyruntime.pricing.feed import tariff_from_feed_docs
from pyruntime.pricing.price import NO_RATE, NO_READING, NO_READING_NO_RATE
from pyruntime.timeseries.isotime import parse_instant
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, isoformat_utc
from pyruntime.timeseries.series import Series


def _flat_series(first: dt.date, last: dt.date, kwh: float = 1.0, fuel: str = "electricity") -> Series:
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    return Series(fuel, start, tuple([kwh] * ((end - start) // HALF_HOUR)))


@pytest.mark.parametrize(("day", "half_hours"), [(dt.date(2023, 3, 26), 46), (dt.date(2023, 10, 29), 50)])
def test_clock_change_day_prices_every_half_hour_and_one_standing_charge(day, half_hours):
    tariff = flat_tariff("electricity", 21.0, 42.0, prices_include_vat=False)
    b = bill(_flat_series(day, day), tariff, day, day)
    assert b.half_hours == half_hours and b.missing_readings == 0
    assert b.energy_kwh == half_hours and b.energy == half_hours * 21.0
    assert [(ln.days, ln.cost) for ln in b.standing_lines] == [(1, 42.0)]
    assert b.total_inc_vat == pytest.approx((half_hours * 21 + 42) * 1.05)


def test_clock_change_day_time_of_use_windows_in_local_time():
    # 00:30–04:30 local: on 26 March 2023 01:00–02:00 does not exist, so 6 cheap half-hours, not 8.
    t = tariff_from_spec({"tou": "0030-0430:5,25", "prices_include_vat": False})
    day = dt.date(2023, 3, 26)
    b = bill(_flat_series(day, day), t, day, day)
    assert {ln.band: ln.half_hours for ln in b.energy_lines} == {"00:30–04:30": 6, "other times": 40}
    day = dt.date(2023, 10, 29)
    b = bill(_flat_series(day, day), t, day, day)
    assert {ln.band: ln.half_hours for ln in b.energy_lines} == {"00:30–04:30": 10, "other times": 40}
    assert dict(b.band_shares) == {"00:30–04:30": 10.0, "other times": 40.0}


def test_tariff_history_switches_mid_month():
    """1–14 June on a 30p flat tariff, 15–30 June on 20p; the standing charge switches with it."""
    switch = day_bounds(dt.date(2023, 6, 15))[0]
    a = flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False, code="OLD")
    b_ = flat_tariff("electricity", 20.0, 40.0, prices_include_vat=False, code="NEW")
    history = TariffHistory((Agreement(a, None, switch), Agreement(b_, switch, None)))
    series = _flat_series(dt.date(2023, 6, 1), dt.date(2023, 6, 30), kwh=0.5)
    b = bill(series, history, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert [(ln.tariff_code, ln.kwh, ln.cost) for ln in b.energy_lines] == [
        ("OLD", 14 * 24.0, 14 * 24 * 30.0), ("NEW", 16 * 24.0, 16 * 24 * 20.0)]
    standing = [(ln.tariff_code, ln.days, ln.p_per_day) for ln in b.standing_lines]
    assert standing == [("OLD", 14, 50.0), ("NEW", 16, 40.0)]
    assert b.energy == 10080.0 + 7680.0 and b.standing == 700.0 + 640.0
    days = [bill(series, history, day, day) for day in (dt.date(2023, 6, 14), dt.date(2023, 6, 15))]
    assert [(d.energy, d.standing) for d in days] == [(24 * 30.0, 50.0), (24 * 20.0, 40.0)]


def test_gap_between_agreements_is_missing_not_filled():
    a = flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False, code="A")
    b_ = flat_tariff("electricity", 20.0, 40.0, prices_include_vat=False, code="B")
    d2, d3 = day_bounds(dt.date(2023, 6, 2))[0], day_bounds(dt.date(2023, 6, 3))[0]
    history = TariffHistory((Agreement(a, None, d2), Agreement(b_, d3, None)))
    values = [1.0] * (3 * 48)
    values[60] = None  # on the day with no agreement
    values[100] = None
    series = Series("electricity", day_bounds(dt.date(2023, 6, 1))[0], tuple(values))
    hh = price_series(series, history)
    assert hh.missing_readings == 2 and hh.missing_rates == 47
    assert hh.why_missing(48) == NO_RATE and hh.why_missing(0) is None
    assert hh.why_missing(100) == NO_READING and hh.why_missing(60) == NO_READING_NO_RATE
    b = bill(series, history, dt.date(2023, 6, 1), dt.date(2023, 6, 3))
    # 2 Jun is a day the prices do not cover: it pays no standing charge, rather than lacks a known one.
    assert b.days_without_standing == 0 and b.coverage.uncovered == ((dt.date(2023, 6, 2), dt.date(2023, 6, 2)),)
    # The 47 half-hours without a rate are all on 2 Jun, which the coverage note names as without prices: no second
    # warning counts them again, nor the day.
    assert len(b.warnings) == 1 and not any("unit rate" in w or "standing" in w for w in b.warnings)
    assert b.energy == 48 * 30.0 + 47 * 20.0


def test_overlapping_agreements_rejected():
    a = flat_tariff("electricity", 30.0)
    with pytest.raises(ValueError, match="overlap"):
        TariffHistory((Agreement(a, 0, 100), Agreement(a, 50, None)))
    with pytest.raises(ValueError, match="one fuel"):
        TariffHistory((Agreement(a, 0, 100), Agreement(flat_tariff("gas", 5.0), 100, None)))


def _feed_doc(code: str, year: int, start: str, values: list, charges: list, direction: str = "import") -> dict:
    return {
        "schema_version": 1, "kind": "tariff_year", "sample": True, "tariff_code": code,
        "product_code": code[5:-2], "family": "agile", "region": code[-1], "tariff_kind": code[:4],
        "fuel": "electricity", "registers": 1, "direction": direction, "payment_method": "direct_debit",
        "year": year,
        "unit_rates": {"standard": {
            "unit_rate_p_per_kwh_exc_vat": {"start": start, "step_seconds": 1800, "values": values},
            "unit_rate_p_per_kwh_inc_vat": {"start": start, "step_seconds": 1800,
                                            "values": [None if v is None else v * 1.05 for v in values]}}},
        "standing_charges_p_per_day": charges, "provenance": "test",
    }


def test_feed_year_files_join_into_one_tariff():
    sc = {"valid_from": "2022-11-01T00:00:00Z", "valid_to": None, "value_exc_vat": 40.0, "value_inc_vat": 42.0}
    code = "E-1R-AGILE-FLEX-22-11-25-C"
    docs = [
        _feed_doc(code, 2024, "2024-01-01T00:00:00Z", [10.0, 11.0, None, 13.0], [sc]),
        _feed_doc(code, 2023, "2023-12-31T23:00:00Z", [8.0, 9.0], [sc]),
    ]
    product = {"full_name": "Agile Octopus November 2022 v1", "available_from": "2022-11-25T00:00:00Z",
               "available_to": "2023-12-11T12:00:00Z"}
    t = tariff_from_feed_docs(docs, product)
    t0 = day_bounds(dt.date(2023, 12, 31))[1] - 3600
    assert isoformat_utc(t0) == "2023-12-31T23:00:00Z"
    assert t.unit_rates(t0 - 1800, 8) == [None, 8.0, 9.0, 10.0, 11.0, None, 13.0, None]
    assert t.standing_charge_at(t0) == 40.0 and len(t.standing_charges) == 1
    assert (t.name, t.region, t.product_code, t.sample, t.fuel) == (product["full_name"], "C", "AGILE-FLEX-22-11-25",
                                                                     True, "electricity")
    export = tariff_from_feed_docs([_feed_doc("E-1R-AGILE-OUTGOING-19-05-13-C", 2023, "2023-01-01T00:00:00Z",
                                              [5.0], [], direction="export")])
    assert export.fuel == "export" and export.vat_rate == 0 and export.standing_charge_at(0) == 0.0


def test_feed_documents_give_a_tariff_and_economy7_needs_both_registers():
    sc = {"valid_from": "2022-11-01T00:00:00Z", "valid_to": None, "value_exc_vat": 40.0, "value_inc_vat": 42.0}
    code = "E-1R-AGILE-FLEX-22-11-25-C"
    docs = [
        _feed_doc(code, 2024, "2024-01-01T00:00:00Z", [10.0, 11.0, None, 13.0], [sc]),
        _feed_doc(code, 2023, "2023-12-31T23:00:00Z", [8.0, 9.0], [sc]),
    ]
    a = tariff_from_feed_docs(docs)
    assert (a.code, a.fuel) == (code, "electricity") and a.standing_charges[0].p_per_day_exc_vat == 40.0
    e7 = dict(docs[0], registers=2, tariff_kind="E-2R", tariff_code="E-2R-VAR-22-11-01-C")
    night = dict(e7["unit_rates"]["standard"], unit_rate_p_per_kwh_exc_vat={
        "start": "2024-01-01T00:00:00Z", "step_seconds": 1800, "values": [4.0, 4.0, 4.0, 4.0]})
    e7["unit_rates"] = {"day": e7["unit_rates"]["standard"], "night": night}
    a = tariff_from_feed_docs([e7])
    assert a.name == "E-2R-VAR-22-11-01-C Economy 7"
    t0 = parse_instant("2024-01-01T00:00:00Z")
    assert a.unit_rates(t0, 4) == [10.0, 4.0, 4.0, 4.0]  # 00:00 GMT is day; 00:30 onwards night (00:30-07:30 GMT)
    del e7["unit_rates"]["night"]
    with pytest.raises(ValueError, match="day and night"):
        tariff_from_feed_docs([e7])


def test_a_family_history_prices_each_day_with_the_version_on_sale():
    d1 = day_bounds(dt.date(2023, 6, 10))[0]
    old = flat_tariff("electricity", 30.0, prices_include_vat=False, code="V1")
    new = flat_tariff("electricity", 20.0, prices_include_vat=False, code="V2")
    h, notes = family_history([replace(new, valid_from=d1), replace(old, valid_from=d1 - 365 * 86400)],
                              dt.date(2023, 6, 1), "V", "v")
    assert notes == ()
    series = _flat_series(dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    b = bill(series, h, dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert [(ln.tariff_code, ln.half_hours) for ln in b.energy_lines] == [("V1", 9 * 48), ("V2", 21 * 48)]
