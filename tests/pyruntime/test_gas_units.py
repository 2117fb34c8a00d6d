import pytest

from pyruntime.household.gas_units import DEFAULT_CALORIFIC_VALUE, detect_gas_unit, kwh_per_m3, to_kwh
from pyruntime.timeseries.series import Series

T0 = 1672531200  # 2023-01-01T00:00Z (GMT: local days start at 00:00Z)


def gas(daily, days=30):
    """A gas series using ``daily`` units per day, spread over the 48 half-hours."""
    return Series("gas", T0, tuple([daily / 48] * 48 * days))


def test_factor_matches_the_regulations_example():
    assert kwh_per_m3() == pytest.approx(11.2206, abs=1e-4)
    assert kwh_per_m3(40.0) == pytest.approx(1.02264 * 40 / 3.6)
    with pytest.raises(ValueError, match="calorific value"):
        kwh_per_m3(395)


@pytest.mark.parametrize(
    ("daily", "unit", "confident"),
    [(5.0, "m3", True), (12.0, "m3", True), (60.0, "kWh", True), (140.0, "kWh", True), (25.0, "m3", False)],
)
def test_unit_is_guessed_from_busy_days(daily, unit, confident):
    g = detect_gas_unit(gas(daily))
    assert (g.unit, g.confident) == (unit, confident)
    assert f"{daily:.1f}" in g.reason


def test_no_complete_day_means_no_confident_guess():
    g = detect_gas_unit(Series("gas", T0, (0.1,) * 10))
    assert not g.confident and "not a single complete day" in g.reason


def test_conversion_says_what_it_did_and_keeps_gaps():
    s = Series("gas", T0, (1.0, None, 0.5))
    c = to_kwh(s, "m3")
    assert c.series.values[0] == pytest.approx(11.2206, abs=1e-4) and c.series.values[1] is None
    assert c.calorific_value == DEFAULT_CALORIFIC_VALUE
    assert "1.02264" in c.description and "39.5" in c.description
    assert c.to_json()["volume_correction"] == 1.02264


def test_kwh_is_left_alone_but_still_reported():
    s = Series("gas", T0, (1.0,))
    c = to_kwh(s, "kWh")
    assert c.series is s and "already in kWh" in c.description
