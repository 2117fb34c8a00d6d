"""Property: whatever the Octopus or carbon-intensity API sends the nightly job, it parses or says ShapeError.

The recorded replies in ``tests/fixtures/feeds_api`` are mutated field by field
(missing, null, wrong type, NaN/Infinity/huge/negative, another offset, lists
repeated or emptied). The job must either read finite prices and intensities
on the half-hour grid, or stop with :class:`feeds.http.ShapeError`: never a
bare KeyError/TypeError/ValueError, and never a NaN written into a feed file
(the page would refuse that file and show no prices at all).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds.carbon import parse_national
from feeds.families import FAMILIES
from feeds.http import ShapeError
from feeds.octopus import parse_page, parse_product_list, parse_product_tariffs, parse_rate_rows
from feeds.timeslots import parse_instant
from tests.pyruntime.json_mutations import ANY_JSON, mutated

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds_api"
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _doc(name: str) -> object:
    return json.loads((FIXTURES / name).read_text())


PRODUCTS = [_doc("octometer_products_list_2024-05.json"), _doc("tomludlow2_products_list_2024-09.json")]
PRODUCT = _doc("octometer_product_VAR-22-11-01.json")
RATES = [_doc(n) for n in ("octometer_standing_charges_VAR-22-11-01_history.json",
                           "octometer_day_unit_rates_E7_history.json", "octometer_night_unit_rates_E7_history.json")]
NATIONAL = _doc("nmpowell_national_intensity_pt24h_2023-03-15T0101Z.json")
FLEXIBLE = next(f for f in FAMILIES if f.key == "flexible")


def refused_in_words(err: Exception) -> None:
    assert isinstance(err, ShapeError), f"{type(err).__name__}: {err}"
    assert str(err).startswith("unexpected response shape at")


@FUZZ
@given(st.one_of(ANY_JSON, st.sampled_from(PRODUCTS).flatmap(lambda d: mutated(d, 3))))
def test_products_lists(doc):
    try:
        results, nxt = parse_page(doc, "products")
        products = parse_product_list(results, "products")
    except ShapeError as err:
        refused_in_words(err)
        return
    assert nxt is None or isinstance(nxt, str)
    assert all(isinstance(p.code, str) for p, _ in products)


@FUZZ
@given(st.one_of(ANY_JSON, mutated(PRODUCT, 3)))
def test_product_details(doc):
    try:
        refs = parse_product_tariffs(doc, FLEXIBLE, ("A", "B", "C"), "product")
    except ShapeError as err:
        refused_in_words(err)
        return
    for ref in refs:
        assert all(v is None or math.isfinite(v) for v in (ref.standing_charge_inc_vat, ref.unit_rate_inc_vat))


@FUZZ
@given(st.one_of(ANY_JSON, st.sampled_from(RATES).flatmap(lambda d: mutated(d, 3))), st.sampled_from(
    ["direct_debit", "non_direct_debit", None]))
def test_rate_histories(doc, payment):
    try:
        results, _ = parse_page(doc, "rates")
        rows = parse_rate_rows(results, "rates", payment)
    except ShapeError as err:
        refused_in_words(err)
        return
    for row in rows:
        assert math.isfinite(row.value_exc_vat) and math.isfinite(row.value_inc_vat)
        assert row.valid_to is None or isinstance(row.valid_to, int)


@FUZZ
@given(st.one_of(ANY_JSON, mutated(NATIONAL, 3)))
def test_national_carbon_intensity(doc):
    start, end = parse_instant("2023-03-14T00:00Z"), parse_instant("2023-03-16T00:00Z")
    try:
        forecast, actual = parse_national(doc, start, end, "national")
    except ShapeError as err:
        refused_in_words(err)
        return
    for points in (forecast, actual):
        assert all(t % 1800 == 0 and start <= t < end and math.isfinite(v) for t, v in points.items())


def test_a_nan_or_infinite_price_stops_the_job_and_a_nan_intensity_is_unknown():
    # Found: NaN and Infinity (which json.loads accepts) were taken as prices and intensities.
    for bad in (math.nan, math.inf, 10**400):
        rows = [{"value_exc_vat": bad, "value_inc_vat": 1.0, "valid_from": "2023-01-01T00:00:00Z",
                 "payment_method": None}]
        try:
            parse_rate_rows(rows, "rates", None)
        except ShapeError as err:
            refused_in_words(err)
        else:
            raise AssertionError(f"{bad!r} was read as a price")
    doc = {"data": [{"from": "2023-03-14T01:00Z", "intensity": {"forecast": math.nan, "actual": math.inf}}]}
    assert parse_national(doc, 0, 2**40, "national") == ({}, {})


def test_a_product_whose_brand_or_dates_are_not_text_is_refused_or_read_past():
    # Found: a list as the brand raised TypeError (unhashable); a number as available_from raised in fromisoformat.
    item = {"code": "AGILE-24-04-03", "display_name": "Agile Octopus", "brand": ["OCTOPUS_ENERGY"]}
    try:
        parse_product_list([item], "products")
    except ShapeError as err:
        refused_in_words(err)
    else:
        raise AssertionError("a list as brand was accepted")
    item.update(brand="OCTOPUS_ENERGY", available_from=0.5)
    [(product, _)] = parse_product_list([item], "products")
    assert product.available_from is None
