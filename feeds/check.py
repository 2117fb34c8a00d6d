"""Validate a whole published feeds tree (``python -m feeds validate DIR``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from feeds.validate import SchemaError, validate_doc
from pyruntime.fileformats import safejson


class DamagedFileError(Exception):
    """A file of the tree cannot be read as a JSON document; the message names it and what is wrong."""


def check_tree(root: Path) -> list[str]:
    """Problems found under ``root`` (``DIR/v1``): damaged files, schema failures and manifest/file mismatches.

    Every problem names its file and the check goes on to the next one, so one run lists all the damage.
    """
    problems: list[str] = []
    index_path = root / "index.json"
    if not index_path.exists():
        return [f"{index_path}: missing"]
    index: Any = None
    for path in sorted(root.rglob("*.json")):
        rel = path.relative_to(root).as_posix()
        try:
            doc = _read_doc(path, rel)
            validate_doc(doc, rel)
        except (DamagedFileError, SchemaError) as exc:
            problems.append(str(exc))
            continue
        if rel == "index.json":
            index = doc
    if index is not None:  # a manifest that failed its schema is named above; its listing cannot be followed
        problems.extend(_listed_but_missing(root, index))
    return problems


def _read_doc(path: Path, rel: str) -> Any:
    """The parsed JSON of ``path``; raises :class:`DamagedFileError` naming ``rel`` and the damage."""
    try:
        # safejson, not json: a file nested thousands deep would raise RecursionError, which is no ValueError
        return safejson.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DamagedFileError(f"{rel}: not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    except safejson.TooDeep as exc:
        raise DamagedFileError(f"{rel}: {exc}, which none of ours does") from None
    except json.JSONDecodeError as exc:
        raise DamagedFileError(f"{rel}: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except OSError as exc:  # e.g. a directory named *.json, or a file we may not read
        raise DamagedFileError(f"{rel}: cannot be read ({exc.strerror or type(exc).__name__})") from None


def _listed_but_missing(root: Path, index: dict[str, Any]) -> list[str]:
    """The files a schema-valid manifest lists that are not in the tree."""
    listed = {"tariff": [{"tariff_code": code, "year": year} for code, t in index["tariffs"].items()
                         for year in t["years"]],
              "carbon": [{"region": region, "year": year} for region, c in index["carbon"].items()
                         for year in c["years"]]}
    problems = []
    for kind, entries in listed.items():
        template = index["paths"][kind]
        for fields in entries:
            try:
                rel = template.format(**fields)
            except (KeyError, IndexError, ValueError, AttributeError):  # the schema only says it is text
                problems.append(f"index.json: paths.{kind} {template!r} is not a path made of "
                                f"{' and '.join('{' + f + '}' for f in fields)}")
                break
            if not (root / rel).exists():
                problems.append(f"index.json lists {rel} but the file is missing")
    return problems
