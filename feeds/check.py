"""Validate a whole published feeds tree (``python -m feeds validate DIR``)."""

from __future__ import annotations

import json
from pathlib import Path

from feeds.validate import SchemaError, validate_doc


def check_tree(root: Path) -> list[str]:
    """Problems found under ``root`` (``DIR/v1``): schema failures and manifest/file mismatches."""
    problems: list[str] = []
    index_path = root / "index.json"
    if not index_path.exists():
        return [f"{index_path}: missing"]
    for path in sorted(root.rglob("*.json")):
        rel = path.relative_to(root).as_posix()
        try:
            validate_doc(json.loads(path.read_text(encoding="utf-8")), rel)
        except (SchemaError, ValueError) as exc:
            problems.append(str(exc))
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for code, t in index.get("tariffs", {}).items():
        for year in t.get("years", {}):
            rel = index["paths"]["tariff"].format(tariff_code=code, year=year)
            if not (root / rel).exists():
                problems.append(f"index.json lists {rel} but the file is missing")
    for region, c in index.get("carbon", {}).items():
        for year in c.get("years", {}):
            rel = index["paths"]["carbon"].format(region=region, year=year)
            if not (root / rel).exists():
                problems.append(f"index.json lists {rel} but the file is missing")
    return problems
