"""Feed validation: the fast path for long series reports exactly what the general validator does."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import jsonschema
import pytest

from feeds.validate import SCHEMA_DIR, SCHEMAS, SchemaError, validate_doc

SAMPLE = Path(__file__).resolve().parents[2] / "feeds" / "sample" / "v1"
TARIFF = SAMPLE / "tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json"
CARBON = SAMPLE / "carbon/C/2023.json"


def _plain_errors(doc: dict) -> list[str]:
    """What jsonschema itself says, with no fast path."""
    schema = json.loads((SCHEMA_DIR / SCHEMAS[doc["kind"]]).read_text())
    return sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc))


def _series(doc: dict) -> list:
    if "unit_rates" in doc:
        return doc["unit_rates"]["standard"]["unit_rate_p_per_kwh_inc_vat"]["values"]
    return doc["intensity_g_per_kwh_forecast"]["values"]


def _doc(path: Path) -> dict:
    """A sample file with its series cut to two days, so the general validator answers quickly too."""
    doc = json.loads(path.read_text())
    del _series(doc)[96:]
    return doc


@pytest.mark.parametrize("path", [TARIFF, CARBON], ids=["tariff", "carbon"])
@pytest.mark.parametrize(
    "bad", [10_000, -10_000, "4.62", True, math.nan, [1.0], {"v": 1}], ids=repr,
)
def test_a_bad_value_in_a_long_series_fails_as_the_schema_says(path, bad):
    doc = _doc(path)
    assert _plain_errors(doc) == []
    broken = copy.deepcopy(doc)
    _series(broken)[90] = bad
    plain = _plain_errors(broken)
    if plain:
        with pytest.raises(SchemaError, match=r"failed at .*/values/90"):
            validate_doc(broken, "x.json")
    else:  # NaN passes minimum/maximum in JSON Schema; the fast path must not decide otherwise
        validate_doc(broken, "x.json")


@pytest.mark.parametrize("path", [TARIFF, CARBON], ids=["tariff", "carbon"])
def test_valid_series_with_gaps_and_integers_pass(path):
    doc = _doc(path)
    values = _series(doc)
    values[0], values[1] = None, 0  # a gap, and an int where floats are usual
    assert _plain_errors(doc) == []
    validate_doc(doc, "x.json")


@pytest.mark.parametrize("kind", [["tariff_year"], {"k": 1}, None, 7, "tariff"])
def test_a_document_whose_kind_is_not_one_of_ours_is_a_schema_error_naming_the_file(kind):
    """A damaged file's kind can be any JSON value, a list included (unhashable): a SchemaError, never a TypeError."""
    with pytest.raises(SchemaError, match=r"v1/x\.json: unknown document kind"):
        validate_doc({"kind": kind}, "v1/x.json")
