"""Read the published feeds and publish new ones atomically.

Publishing protocol (a run that dies at any point leaves valid feeds behind):

1. Every document is validated against its JSON Schema, serialised, and written into a
   private staging directory ``DIR/.staging-<random>/`` on the same filesystem.
   Nothing under ``DIR/v1/`` is touched while the run fetches and builds.
2. ``publish()`` moves each staged data file into place with ``os.replace`` (atomic per
   file: a reader sees the old or the new file, never a torn one), and ``index.json``
   LAST, so the manifest never points at data that is not there yet.
3. Files are never deleted. A file whose bytes did not change is not rewritten.

A killed run leaves only a stale staging directory, removed by the next run.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from feeds.docs import INDEX_PATH
from feeds.validate import validate_doc


def dumps(doc: Any) -> bytes:
    """Canonical bytes: sorted keys, compact separators, UTF-8, trailing newline."""
    return (json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
            + "\n").encode("utf-8")


def read_json(path: Path) -> Any | None:
    """Parsed JSON of ``path`` or None if it does not exist."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


class Publisher:
    """Stage validated documents, then publish them into ``root`` (``DIR/v1``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.parent.mkdir(parents=True, exist_ok=True)
        for stale in root.parent.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root.parent))
        self.staged: dict[str, Path] = {}
        self.unchanged: set[str] = set()

    def read(self, rel: str) -> Any | None:
        """A document as this run sees it: staged version first, else the published one."""
        if rel in self.staged:
            return json.loads(self.staged[rel].read_text(encoding="utf-8"))
        return read_json(self.root / rel)

    def stage(self, rel: str, doc: dict[str, Any], *, validated: bool = False) -> bool:
        """Validate and stage ``doc`` at ``rel``; return False if identical to what is published.

        Raises ``SchemaError`` (nothing staged) if the document fails its schema.
        ``validated=True`` skips a second validation of a document just validated.
        """
        if not validated:
            validate_doc(doc, rel)
        data = dumps(doc)
        target = self.root / rel
        if target.exists() and target.read_bytes() == data:
            self.unchanged.add(rel)
            self.staged.pop(rel, None)
            return False
        path = self.staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.staged[rel] = path
        self.unchanged.discard(rel)
        return True

    def publish(self) -> list[str]:
        """Move staged files into place, the manifest last; return the changed paths."""
        order = sorted(r for r in self.staged if r != INDEX_PATH)
        if INDEX_PATH in self.staged:
            order.append(INDEX_PATH)
        for rel in order:
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(self.staged[rel], "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(self.staged[rel], target)
        self.discard()
        return order

    def discard(self) -> None:
        """Drop everything staged (used when the run must not publish)."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staged.clear()
