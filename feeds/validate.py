"""JSON Schema validation of every feed document before it is published."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

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


@cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / SCHEMAS[kind]).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_doc(doc: Any, where: str) -> None:
    """Raise :class:`SchemaError` naming the file and the failing JSON path."""
    kind = doc.get("kind") if isinstance(doc, dict) else None
    if kind not in SCHEMAS:
        raise SchemaError(f"{where}: unknown document kind {kind!r}")
    error = jsonschema.exceptions.best_match(_validator(kind).iter_errors(doc))
    if error is not None:
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise SchemaError(f"{where}: schema {SCHEMAS[kind]} failed at {path}: {error.message[:200]}")
