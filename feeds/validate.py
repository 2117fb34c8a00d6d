"""JSON Schema validation of every feed document before it is published."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import _keywords

SCHEMA_DIR = Path(__file__).with_name("schemas")
# document "kind" -> schema file
SCHEMAS = {
    "index": "index.v1.schema.json",
    "tariff_year": "tariff.v1.schema.json",
    "carbon_year": "carbon.v1.schema.json",
    "price_cap": "price_cap.v1.schema.json",
    "agile_forecast": "forecast.v1.schema.json",
    "agile_forecast_accuracy": "forecast_accuracy.v1.schema.json",
}


class SchemaError(Exception):
    """A document failed its JSON Schema; it must not be published."""


_SCALAR_KEYWORDS = frozenset({"type", "minimum", "maximum"})


def _all_plain_numbers(items: dict, values: list) -> bool:
    """True only if every value certainly passes ``items`` (a schema of ``type``/``minimum``/``maximum``).

    A feed's series holds up to 17,568 half-hourly values; checking each through
    the general validator is most of the time spent validating the feeds. False
    never means invalid, only "ask the general validator", which then reports
    exactly what it always did.
    """
    types = items.get("type")
    types = {types} if isinstance(types, str) else set(types or ())
    if not types or not types <= {"number", "null"}:
        return False
    lo, hi = items.get("minimum", float("-inf")), items.get("maximum", float("inf"))
    null_ok, number_ok = "null" in types, "number" in types
    for v in values:
        if v is None:
            if not null_ok:
                return False
        elif not (number_ok and type(v) in (int, float) and lo <= v <= hi):  # bool is not a number here
            return False
    return True


def _items(validator, items, instance, schema):
    """``items``, with a fast path for long arrays of bounded numbers (see :func:`_all_plain_numbers`)."""
    if (
        isinstance(items, dict) and items.keys() <= _SCALAR_KEYWORDS and "prefixItems" not in schema
        and isinstance(instance, list) and _all_plain_numbers(items, instance)
    ):
        return
    yield from _keywords.items(validator, items, instance, schema)


@cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / SCHEMAS[kind]).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    if cls is jsonschema.Draft202012Validator:
        cls = jsonschema.validators.extend(cls, {"items": _items})
    return cls(schema)


def validate_doc(doc: Any, where: str) -> None:
    """Raise :class:`SchemaError` naming the file and the failing JSON path."""
    kind = doc.get("kind") if isinstance(doc, dict) else None
    if not isinstance(kind, str) or kind not in SCHEMAS:  # a damaged file's kind may be a list (unhashable)
        raise SchemaError(f"{where}: unknown document kind {kind!r}")
    error = jsonschema.exceptions.best_match(_validator(kind).iter_errors(doc))
    if error is not None:
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise SchemaError(f"{where}: schema {SCHEMAS[kind]} failed at {path}: {error.message[:200]}")
