"""Golden numbers from real recorded prices, each checkable by hand."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from pyruntime.household.demo import demo_household
from pyruntime.present.bill import is_revenue, vat_note
from pyruntime.pricing import ArrayRates, StandingCharge, Tariff, bill, flat_tariff, price_series
from pyruntime.pricing.money import p_per_kwh, pounds
from pyruntime.timeseries.isotime import parse_instant
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds
from pyruntime.timeseries.series import Series, series_from_readings

from .octopus_rates import tariff_from_octopus_rates

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pricing"


def _load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


# -- Intelligent Octopus Go, 2024-09-09 ---------------------------------------------------------

IG = "tomludlow2_day_bundle_2024-09-09_intelligent_go_elec_gas.json"
UTC_DAY = (parse_instant("2024-09-09T00:00:00Z"), parse_instant("2024-09-10T00:00:00Z"))


def _ig_series(key: str, fuel: str) -> Series:
    return series_from_readings(fuel, [(parse_instant(r["interval_start"]), r["consumption"]) for r in _load(IG)[key]])


def _ig_tariff(rates: str, standing: str, fuel: str) -> Tariff:
    b = _load(IG)
    return tariff_from_octopus_rates("E-1R-INTELLI-VAR-22-10-14-X" if fuel == "electricity" else "G-1R-VAR-X",
                                     fuel, b[rates], b[standing], start=UTC_DAY[0] - 86400, end=UTC_DAY[1] + 86400)


def test_intelligent_go_price_field_is_rounded_kwh_times_inc_vat_rate():
    """The recording's ``price`` is kWh rounded half-up to 0.01 × the inc-VAT rate [p].

    Our rates reproduce it in every half-hour; our cost uses the exact kWh.
    """
    rows = _load(IG)["electric_usage"]
    series = _ig_series("electric_usage", "electricity")
    hh = price_series(series, _ig_tariff("electric_usage_rates", "electric_standing_charges", "electricity"))
    assert series.start == UTC_DAY[0] and len(series.values) == 48  # a UTC day, not a London day
    for i, row in enumerate(rows):
        rate_inc = hh.rates[i] * 1.05
        assert rate_inc == pytest.approx(7.00035 if hh.rates[i] == 6.667 else 22.2831, abs=1e-12)
        rounded = float(Decimal(str(row["consumption"])).quantize(Decimal("0.01"), ROUND_HALF_UP))
        assert rounded * rate_inc == pytest.approx(row["price"], abs=1e-9)
        assert hh.cost_inc_vat(i) == pytest.approx(row["consumption"] * rate_inc, abs=1e-12)


def test_intelligent_go_day_energy_by_hand():
    """Off-peak 23:30–05:30 BST (22:30Z–04:30Z): 0.789 kWh × 7.00035p; peak: 38.360 kWh × 22.2831p."""
    series = _ig_series("electric_usage", "electricity")
    tariff = _ig_tariff("electric_usage_rates", "electric_standing_charges", "electricity")
    hh = price_series(series, tariff)
    off = [q for q, r in zip(hh.kwh, hh.rates, strict=True) if r == 6.667]
    assert len(off) == 12 and sum(off) == pytest.approx(0.789)
    exc = 0.789 * 6.667 + 38.36 * 21.222  # 5.260263 + 814.07592 = 819.336183 p
    energy = 0.0
    for c in hh.costs:
        energy += c
    assert energy == pytest.approx(exc, abs=1e-9)
    assert energy * 1.05 == pytest.approx(860.30299215, abs=1e-8)  # the tool's rounded-kWh total: 861.2013165
    assert sum(r["price"] for r in _load(IG)["electric_usage"]) == pytest.approx(861.2013165)


def test_intelligent_go_london_day_bill_warns_of_the_two_missing_half_hours():
    """The recording is a UTC day; London's 9 September starts at 23:00Z on the 8th, so two half-hours are missing."""
    series = _ig_series("electric_usage", "electricity")
    tariff = _ig_tariff("electric_usage_rates", "electric_standing_charges", "electricity")
    b = bill(series, tariff, dt.date(2024, 9, 9), dt.date(2024, 9, 9))
    assert b.half_hours == 48 and b.missing_readings == 2
    # The missing two are 23:00Z and 23:30Z on the 8th; the day's last two (22:00Z, 22:30Z) are present.
    assert b.energy_kwh == pytest.approx(39.149 - 0.074 - 0.048)  # the recording's last two are London's 10 Sept
    assert b.standing == 62.26  # one day × 62.26p exc VAT
    assert pounds(b.total_inc_vat) == round((b.energy + 62.26) * 1.05 / 100, 2)
    assert any("2 of 48 half-hours have no reading" in w for w in b.warnings)
    assert {ln.band for ln in b.energy_lines} == {"off-peak", "peak"}


def test_intelligent_go_gas_day():
    """Gas: 2.457 kWh × 5.1932p exc VAT = 12.7596924p; standing 28.09p/day exc VAT."""
    series = _ig_series("gas_usage", "gas")
    tariff = _ig_tariff("gas_unit_rates", "gas_standing_charges", "gas")
    hh = price_series(series, tariff)
    total = 0.0
    for c in hh.costs:
        total += c
    assert total == pytest.approx(2.457 * 5.1932, abs=1e-9)
    assert tariff.standing_charge_at(UTC_DAY[0]) == 28.09


# -- Standing charge change mid-period -----------------------------------------------------------


def test_standing_charge_change_mid_period_gives_two_lines():
    """Flexible Octopus DD: 40.0125p/day to 31 Dec 2023, 40.01p/day from 1 Jan 2024 (exc VAT)."""
    rows = _load("octometer_standing_charges_VAR-22-11-01_history.json")["results"]
    start, end = day_bounds(dt.date(2023, 12, 20))[0], day_bounds(dt.date(2024, 1, 10))[1]
    tariff = tariff_from_octopus_rates(
        "E-1R-VAR-22-11-01-A", "electricity",
        [{"value_exc_vat": 27.0, "valid_from": "2023-01-01T00:00:00Z", "valid_to": None, "payment_method": None}],
        rows, start=start, end=end,
    )
    series = Series("electricity", start, tuple([0.5] * ((end - start) // HALF_HOUR)))
    b = bill(series, tariff, dt.date(2023, 12, 20), dt.date(2024, 1, 10))
    assert [(ln.days, ln.p_per_day) for ln in b.standing_lines] == [(12, 40.0125), (10, 40.01)]
    assert b.standing == pytest.approx(12 * 40.0125 + 10 * 40.01)  # 480.15 + 400.10 = 880.25p
    assert b.energy == pytest.approx(22 * 24 * 27.0)  # 528 kWh × 27p
    assert [p_per_kwh(ln.p_per_day * 1.05) for ln in b.standing_lines] == [42.013, 42.011]
    # (14,256p energy + 880.25p standing) × 1.05 = 15,893.06p
    assert pounds(b.total_inc_vat) == round((528 * 27 + 880.25) * 1.05 / 100, 2) == 158.93


def test_non_direct_debit_standing_charges_when_asked():
    rows = _load("octometer_standing_charges_VAR-22-11-01_history.json")["results"]
    t0 = day_bounds(dt.date(2024, 5, 1))[0]
    tariff = tariff_from_octopus_rates("E-1R-VAR-22-11-01-A", "electricity", [], rows, start=t0, end=t0 + 86400,
                                       payment_method="NON_DIRECT_DEBIT")
    assert tariff.standing_charge_at(t0) == 50.79


# -- An Agile month from real rates -------------------------------------------------------------


def _agile_june_rows() -> list[tuple[int, float]]:
    """(UTC start, p/kWh inc VAT) from the CSV's local times; June is all BST, so UTC = local − 1 h."""
    out = []
    with (FIXTURES / "fawkesley_agile_2023-06.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            local = dt.datetime.strptime(row["Period from"], "%d/%m/%Y %H:%M").replace(tzinfo=dt.UTC)
            out.append((int(local.timestamp()) - 3600, float(row["Agile Import price (p/kWh)"])))
    return out


def test_agile_june_2023_priced_from_real_rates():
    rows = _agile_june_rows()
    assert len(rows) == 30 * 48
    start = rows[0][0]
    assert start == day_bounds(dt.date(2023, 6, 1))[0]
    tariff = Tariff("E-1R-AGILE-FLEX-22-11-25-X", "Agile (June 2023)", "electricity",
                    ArrayRates(start, tuple(p / 1.05 for _, p in rows)))
    series = demo_household()["electricity"]
    b = bill(series, tariff, dt.date(2023, 6, 1), dt.date(2023, 6, 30))

    # Independently: a straight loop over the CSV rows and the demo's readings.
    readings = {series.start + i * HALF_HOUR: v for i, v in enumerate(series.values)}
    kwh_total, pence_inc = 0.0, 0.0
    for t, price in rows:
        q = readings[t]
        if q is not None:
            kwh_total += q
            pence_inc += q * price
    assert b.missing_readings == 0 and b.missing_rates == 0
    assert b.energy_kwh == pytest.approx(kwh_total, abs=1e-9)
    assert b.energy * 1.05 == pytest.approx(pence_inc, abs=1e-6)
    assert len(b.energy_lines) == 1 and b.energy_lines[0].rate is None  # half-hourly prices: one line
    assert b.band_shares is None
    assert b.average_p_per_kwh * 1.05 == pytest.approx(pence_inc / kwh_total)
    # Volume-weighted, not the plain mean of the month's prices (the original site's bug).
    assert abs(pence_inc / kwh_total - sum(p for _, p in rows) / len(rows)) > 0.01


# -- Export ---------------------------------------------------------------------------------------


def test_export_is_revenue_without_vat_or_standing_charge():
    start = day_bounds(dt.date(2023, 7, 1))[0]
    series = Series("export", start, tuple([1.0] * 48))
    tariff = flat_tariff("export", 15.0)
    b = bill(series, tariff, dt.date(2023, 7, 1), dt.date(2023, 7, 1))
    assert b.vat_rate == 0 and b.vat == 0 and b.standing_lines == ()
    assert b.total_inc_vat == 48 * 15.0
    assert is_revenue(b) and pounds(b.total_inc_vat) == 7.2 and pounds(b.vat) == 0
    assert "No VAT" in vat_note(b)


def test_tariff_for_another_fuel_is_refused():
    series = Series("gas", 0, (1.0,))
    with pytest.raises(ValueError, match="electricity tariff cannot price gas"):
        price_series(series, flat_tariff("electricity", 20))


def test_standing_charge_interval_lookup():
    sc = (StandingCharge(10.0, None, 100), StandingCharge(20.0, 100, None))
    t = Tariff("x", "x", "electricity", ArrayRates(0, ()), sc)
    assert t.standing_charge_at(99) == 10.0 and t.standing_charge_at(100) == 20.0
