"""Property: whatever a tariff-year feed file holds, the page gets a priced tariff that keeps its invariants or a
:class:`~pyruntime.errors.FeedUnavailable` it can show, never a bare Python error.

The bundled sample feed files (``feeds/sample/v1``, built by ``python -m feeds sample`` from the recorded
data named in feeds/sample_inputs/README.md), cut to two days so a run stays quick, are joined as one
tariff's years and mutated field by field with the strategies in ``json_mutations.py`` (missing, null,
wrong type, string numbers, NaN/Infinity/huge/negative, another offset, lists repeated, reversed or
emptied), together with the feed index's product entry. Invariants of a tariff: finite unit rates on the
half-hour grid, and standing charges [p/day] finite, not negative, in time order and not overlapping.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyruntime.bridge import run_sync
from pyruntime.errors import FeedUnavailable, UserError
from pyruntime.feeds.tariffs import tariff_from_docs
from pyruntime.pricing.catalogue import catalogue
from pyruntime.pricing.economy7 import TwoRegisterRates
from pyruntime.pricing.tariff import Tariff
from pyruntime.session import Session
from pyruntime.timeseries.londontime import HALF_HOUR

from .json_mutations import ANY_JSON, mutated
from .sample_feeds import SampleFeeds

SAMPLE = Path(__file__).resolve().parents[2] / "feeds" / "sample" / "v1"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODES = ("E-1R-VAR-22-11-01-A", "E-2R-VAR-22-11-01-A", "G-1R-PRICE-CAP-A", "E-1R-AGILE-OUTGOING-19-05-13-A")
PRODUCTS = json.loads((SAMPLE / "index.json").read_text())["products"]


def _cut(doc: dict, slots: int = 96) -> dict:
    """``doc`` with every rate series cut to its first ``slots`` half-hours (the non-direct-debit block's too)."""
    doc = copy.deepcopy(doc)
    for block in (doc, doc.get("non_direct_debit") or {}):
        for pair in block.get("unit_rates", {}).values():
            for series in pair.values():
                series["values"] = series["values"][:slots]
    return doc


def _a_year_on(stamp: str) -> str:
    return f"{int(stamp[:4]) + 1}{stamp[4:]}"


def _next_year(doc: dict) -> dict:
    """The same tariff a year on, as the job writes it: rates from 1 January, one open-ended standing charge."""
    doc = copy.deepcopy(doc)
    doc["year"] += 1
    for block in (doc, doc.get("non_direct_debit") or {}):
        for pair in block.get("unit_rates", {}).values():
            for series in pair.values():
                series["start"] = _a_year_on(series["start"])
        charges = block.get("standing_charges_p_per_day", [])
        block["standing_charges_p_per_day"] = [{**charges[-1], "valid_from": f"{doc['year']}-01-01T00:00:00Z",
                                                "valid_to": None}] if charges else []
    return doc


def _with_non_direct_debit(doc: dict) -> dict:
    """``doc`` with a non-direct-debit block 5 % dearer (no sample file has one; Octopus publishes them)."""
    doc = copy.deepcopy(doc)
    rates = copy.deepcopy(doc["unit_rates"])
    for pair in rates.values():
        for series in pair.values():
            series["values"] = [None if v is None else round(v * 1.05, 4) for v in series["values"]]
    charges = [{**c, "value_exc_vat": round(c["value_exc_vat"] * 1.05, 4),
                "value_inc_vat": round(c["value_inc_vat"] * 1.05, 4)} for c in doc["standing_charges_p_per_day"]]
    doc["non_direct_debit"] = {"unit_rates": rates, "standing_charges_p_per_day": charges}
    return doc


def _docs(code: str) -> list[dict]:
    first = _cut(json.loads((SAMPLE / "tariffs" / code / "2023.json").read_text()))
    if code.startswith("E-1R-VAR"):
        first = _with_non_direct_debit(first)
    return [first, _next_year(first)]


CASES = [(_docs(code), PRODUCTS.get(_docs(code)[0]["product_code"])) for code in CODES]
PYTHON_WORDS = ("NoneType", "object is not", "not supported between", "has no attribute", "unhashable",
                "invalid literal", "must be", "argument", "index out of range")
PAYMENTS = st.sampled_from(["direct_debit", "non_direct_debit"])


def assert_tariff_holds(tariff: Tariff) -> None:
    registers = (tariff.rates.day, tariff.rates.night) if isinstance(tariff.rates, TwoRegisterRates) \
        else (tariff.rates,)
    for rates in registers:
        assert rates.start % HALF_HOUR == 0, rates.start
        assert all(v is None or (type(v) in (int, float) and math.isfinite(v)) for v in rates.values)
    charges = tariff.standing_charges
    for c in charges:
        assert type(c.p_per_day_exc_vat) in (int, float) and math.isfinite(c.p_per_day_exc_vat)
        assert c.p_per_day_exc_vat >= 0, c
        assert c.valid_to is None or c.valid_from is None or c.valid_from < c.valid_to, c
    for a, b in itertools.pairwise(charges):
        assert a.valid_to is not None and b.valid_from is not None and a.valid_to <= b.valid_from, (a, b)
    assert isinstance(tariff.name, str) and tariff.name
    assert tariff.valid_from is None or isinstance(tariff.valid_from, int)


def assert_shown(err: BaseException) -> None:
    assert isinstance(err, FeedUnavailable), f"{type(err).__name__}: {err}"
    assert isinstance(err.message, str) and len(err.message) > 15
    assert "Traceback" not in err.message
    # a Python error's own words say nothing to a person: the message must say which file and what is wrong
    for words in PYTHON_WORDS:
        assert words not in err.message, err.message
    assert not err.message.endswith(": None"), err.message


def _price(docs, product, payment) -> None:
    try:
        tariff = tariff_from_docs(docs, product, payment)
    except UserError as err:
        assert_shown(err)
        return
    assert_tariff_holds(tariff)


@FUZZ
@given(st.sampled_from(CASES).flatmap(lambda case: st.tuples(mutated(case[0], 3), st.just(case[1]))), PAYMENTS)
def test_mutated_sample_tariff_files(case, payment):
    docs, product = case
    if isinstance(docs, list):
        _price(docs, product, payment)


@FUZZ
@given(st.sampled_from(CASES).flatmap(lambda case: st.tuples(st.just(case[0]), mutated(case[1], 2))), PAYMENTS)
def test_a_mutated_product_entry(case, payment):
    docs, product = case
    _price(docs, product if isinstance(product, dict) else None, payment)


@FUZZ
@given(st.lists(ANY_JSON, max_size=3), PAYMENTS)
def test_any_json_as_feed_files(docs, payment):
    _price(docs, None, payment)


def test_the_sample_files_give_tariffs_that_hold():
    for docs, product in CASES:
        for payment in ("direct_debit", "non_direct_debit"):
            assert_tariff_holds(tariff_from_docs(docs, product, payment))


# --- what the properties found, kept as examples ---------------------------------------------

def _one_year(code: str = "E-1R-VAR-22-11-01-A") -> dict:
    return _cut(json.loads((SAMPLE / "tariffs" / code / "2023.json").read_text()))


def test_overlapping_standing_charges_never_charge_a_day_twice():
    # Found: a valid_from moved to another offset made two intervals overlap, and a day in both paid both.
    doc = _one_year()
    doc["standing_charges_p_per_day"][1]["valid_from"] = "2023-03-31T23:00:00+05:30"
    first, second = tariff_from_docs([doc]).standing_charges
    assert first.valid_to == second.valid_from == 1680283800  # the later charge takes over from its start
    assert first.p_per_day_exc_vat != second.p_per_day_exc_vat


def test_a_negative_standing_charge_or_rates_off_the_half_hour_are_refused_in_words():
    # Found: -1 p/day was read as a credit; rates starting at :15 were priced against the wrong half-hours.
    doc = _one_year()
    doc["standing_charges_p_per_day"][0]["value_exc_vat"] = -1
    broken = [doc, _one_year()]
    broken[1]["unit_rates"]["standard"]["unit_rate_p_per_kwh_exc_vat"]["start"] = "2023-01-01T00:15:00Z"
    for docs in ([broken[0]], [broken[1]]):
        try:
            tariff_from_docs(docs)
        except FeedUnavailable as err:
            assert_shown(err)
            assert "E-1R-VAR-22-11-01-A 2023" in err.message
        else:
            raise AssertionError("accepted")


def test_a_product_entry_of_the_wrong_shape_only_costs_the_tariff_its_name_and_dates():
    # Found: a list as full_name became the tariff's name (and an Economy 7 tariff then raised AttributeError);
    # a number as available_from made the whole tariff unusable.
    docs, _product = CASES[1]
    tariff = tariff_from_docs(docs, {"full_name": ["Flexible Octopus"], "available_from": 5})
    assert tariff.name == "E-2R-VAR-22-11-01-A Economy 7" and tariff.valid_from is None


def test_a_year_that_is_not_a_number_is_named():
    # Found: a missing year let files be sorted against None, and the page read "'<' not supported between ...".
    doc = _one_year()
    doc["year"] = None
    try:
        tariff_from_docs([doc, _one_year()])
    except FeedUnavailable as err:
        assert err.message == "a price feed file is not usable: field 'year' is missing, not a year"
    else:
        raise AssertionError("accepted")


def test_a_broken_price_file_leaves_its_tariff_out_of_a_comparison_in_words_and_the_others_priced():
    # A negative standing charge in the served sample file of the flexible tariff.
    def rewrite(name: str, text: str) -> str:
        doc = json.loads(text)
        if doc.get("tariff_code") == "E-1R-VAR-22-11-01-C":
            doc["standing_charges_p_per_day"][0]["value_exc_vat"] = -40.0
        return json.dumps(doc)

    session = Session()
    session.transport = SampleFeeds(rewrite=rewrite)
    first, last = dt.date(2023, 6, 1), dt.date(2023, 6, 14)
    cat = run_sync(catalogue(session, "C", ["electricity", "gas"], first, last))
    assert any("is left out: a price feed file is not usable: E-1R-VAR-22-11-01-C 2023: the standing charge "
               "from 2022-11-01T00:00:00Z is negative (-40.0 p/day)" in n for n in cat.notices), cat.notices
    assert "flexible" not in {o.key for o in cat.offers}
    assert len(cat.offers) >= 3  # every other tariff is still compared
