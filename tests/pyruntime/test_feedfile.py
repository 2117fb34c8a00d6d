"""pyruntime.feeds.files: parsing feed files (standard library and pytest only; also runs in Pyodide)."""

import pytest

from pyruntime.feeds.files import SUPPORTED_SCHEMA_VERSIONS, FeedFormatError, parse_carbon_file, parse_rate_file

T0 = 1698537600  # 2023-10-29T00:00:00Z


def _series(start, values):
    return {"start": start, "step_seconds": 1800, "values": values}


def rate_doc(**over):
    doc = {
        "schema_version": 1, "kind": "tariff_year", "sample": False,
        "tariff_code": "E-1R-AGILE-FLEX-22-11-25-C", "product_code": "AGILE-FLEX-22-11-25", "family": "agile",
        "region": "C", "tariff_kind": "E-1R", "fuel": "electricity", "registers": 1, "direction": "import",
        "payment_method": "direct_debit", "year": 2023, "provenance": "test",
        "unit_rates": {"standard": {
            "unit_rate_p_per_kwh_exc_vat": _series("2023-10-29T00:00:00Z", [10.0, None, -1.5]),
            "unit_rate_p_per_kwh_inc_vat": _series("2023-10-29T00:00:00Z", [10.5, None, -1.575]),
        }},
        "standing_charges_p_per_day": [
            {"valid_from": "2023-10-01T00:00:00Z", "valid_to": None, "value_exc_vat": 40.0, "value_inc_vat": 42.0},
            {"valid_from": "2023-01-01T00:00:00Z", "valid_to": "2023-10-01T00:00:00Z",
             "value_exc_vat": 38.0, "value_inc_vat": 39.9},
        ],
    }
    doc.update(over)
    return doc


def test_rate_file_gives_epoch_start_values_and_intervals():
    f = parse_rate_file(rate_doc())
    assert f.standard is not None and f.day is None
    assert f.standard.exc_vat.start == T0 and f.standard.exc_vat.step_seconds == 1800
    assert f.standard.inc_vat.values == (10.5, None, -1.575)
    assert f.standard.exc_vat.end == T0 + 3 * 1800
    assert f.standard.exc_vat.at(T0 + 1799) == 10.0
    assert f.standard.exc_vat.at(T0 + 1800) is None and f.standard.exc_vat.at(T0 - 1) is None
    assert [c.valid_from for c in f.standing_charge_intervals] == [1672531200, 1696118400]
    assert f.standing_charge_intervals[1].valid_to is None
    # the shape pricing's feed adapter reads
    assert f.rates_start == T0 and f.rates_exc_vat == (10.0, None, -1.5)
    assert f.standing_charges[0] == (1672531200, 1696118400, 38.0)


def test_rate_file_is_frozen():
    f = parse_rate_file(rate_doc())
    with pytest.raises(AttributeError):
        f.region = "A"


def test_economy7_file_has_day_and_night():
    pair = rate_doc()["unit_rates"]["standard"]
    f = parse_rate_file(rate_doc(tariff_kind="E-2R", registers=2, unit_rates={"day": pair, "night": pair}))
    assert f.standard is None and f.day is not None and f.night is not None and f.primary is f.day


@pytest.mark.parametrize("version", [0, 2, "1", None])
def test_unknown_schema_versions_are_refused(version):
    assert version not in SUPPORTED_SCHEMA_VERSIONS
    with pytest.raises(FeedFormatError, match="schema_version"):
        parse_rate_file(rate_doc(schema_version=version))
    with pytest.raises(FeedFormatError, match="schema_version"):
        parse_carbon_file({"schema_version": version, "kind": "carbon_year"})


@pytest.mark.parametrize("bad, message", [
    ({"kind": "carbon_year"}, "expected a 'tariff_year'"),
    ({"unit_rates": {}}, "without unit rates"),
    ({"unit_rates": {"peak": {}}}, "unknown unit rate"),
    ({"region": None}, "'region'"),
])
def test_malformed_rate_files_are_refused(bad, message):
    with pytest.raises(FeedFormatError, match=message):
        parse_rate_file(rate_doc(**bad))


def test_bad_series_are_refused():
    pair = rate_doc()["unit_rates"]["standard"]
    for series, message in [
        (_series("2023-10-29T00:10:00Z", [1.0]), "boundary"),
        (_series("2023-10-29T00:00:00", [1.0]), "no UTC offset"),
        (_series("2023-10-29T00:00:00Z", [1.0, "2"]), "not a number"),
        ({"start": "2023-10-29T00:00:00Z", "step_seconds": 0, "values": []}, "step_seconds"),
    ]:
        doc = rate_doc(unit_rates={"standard": {**pair, "unit_rate_p_per_kwh_exc_vat": series}})
        with pytest.raises(FeedFormatError, match=message):
            parse_rate_file(doc)


def test_carbon_file_national_with_actuals():
    f = parse_carbon_file({
        "schema_version": 1, "kind": "carbon_year", "sample": True, "region": "national",
        "carbon_region_id": None, "year": 2023, "provenance": "test",
        "intensity_g_per_kwh_forecast": _series("2023-03-14T01:00:00Z", [82, 82]),
        "intensity_g_per_kwh_actual": _series("2023-03-14T01:00:00Z", [81, None]),
    })
    assert f.region == "national" and f.sample is True
    assert f.forecast.values == (82.0, 82.0) and f.actual.values == (81.0, None)
    assert f.forecast.start == 1678755600


def test_regional_carbon_file_without_actuals():
    f = parse_carbon_file({
        "schema_version": 1, "kind": "carbon_year", "sample": False, "region": "C", "carbon_region_id": 13,
        "year": 2023, "provenance": "test", "intensity_g_per_kwh_forecast": _series("2023-01-01T00:00:00Z", [100]),
    })
    assert f.actual is None and f.carbon_region_id == 13 and f.forecast.at(1672531200) == 100.0
