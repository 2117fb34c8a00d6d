"""Read the published feeds and publish new ones atomically.

Publishing protocol (a run that dies at any point leaves valid feeds behind):

1. Every document is validated against its JSON Schema, serialised, and written into a
   private staging directory ``DIR/.staging-<random>/`` on the same filesystem.
   Nothing under ``DIR/v1/`` is touched while the run fetches and builds.
2. ``publish()`` moves each staged data file into place with ``os.replace`` (atomic per
   file: a reader sees the old or the new file, never a torn one), and ``index.json``
   LAST, so the manifest never points at data that is not there yet.
3. Files are never deleted. A file whose bytes did not change is not rewritten.
4. The directories are synced before ``index.json`` moves, so after a power cut too the manifest
   never names a file whose rename was lost.

A killed run leaves only a stale staging directory, removed by the next run.

A published file that no longer reads as JSON (cut short by a killed copy, damaged by a disk) is never
read as if absent nor silently lost: :func:`read_json` and :meth:`Publisher.read` raise
:class:`StoredFileDamaged` naming it; a file the run rebuilds whole (the forecast, the price cap) that
does not read as JSON, or reads but not as the document the run wrote there (a list where an object
belongs, another kind of document, a key missing: its schema fails), is copied byte for byte to
``DIR/damaged/`` (not published) before tonight's replaces it, and the run's summary names both
(:attr:`Publisher.damaged`). Files the run merges into are checked before merging
(``feeds/update.py``), and a damaged one is left as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feeds.docs import INDEX_PATH
from feeds.validate import SchemaError, validate_doc
from pyruntime.fileformats import safejson

DAMAGED_DIR = "damaged"
"""Beside ``v1/`` (never published): byte-for-byte copies of published files found damaged before replacing."""


class StoredFileDamaged(Exception):
    """A file an earlier run stored no longer reads as JSON; the message names it and what is wrong."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(f"{path}: {what}")
        self.path = path
        self.what = what


@dataclass(frozen=True)
class ReplacedDamaged:
    """A published file that was damaged, tonight's whole document for it, and where its old bytes are kept."""

    rel: str  # under DIR/v1
    what: str  # what was wrong with it: "not JSON (JSONDecodeError)", "not an agile_forecast document"
    kept: Path | None  # the copy under DIR/damaged/, None when it could not be made (then it is not replaced)

    def describe(self) -> str:
        """For the nightly summary."""
        if self.kept is None:
            return f"{self.rel} is damaged ({self.what}) and no copy of it could be kept, so it was left as it is"
        return (f"{self.rel} was damaged ({self.what}); tonight's complete document replaces it, and the damaged "
                f"bytes are kept as {self.kept} for a person to look at")


def dumps(doc: Any) -> bytes:
    """Canonical bytes: sorted keys, compact separators, UTF-8, trailing newline."""
    return (json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
            + "\n").encode("utf-8")


def read_json(path: Path) -> Any | None:
    """Parsed JSON of ``path`` or None if it does not exist.

    Raises :class:`StoredFileDamaged` (never a bare decoding error) when it is there but is not UTF-8 JSON,
    nests deeper than any of ours, or cannot be read.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:  # a directory named *.json, a file we may not read, a disk error
        raise StoredFileDamaged(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    return _parsed(path, data)


def _parsed(path: Path, data: bytes) -> Any:
    try:
        # safejson, not json: a file nested thousands deep would raise RecursionError, which is no ValueError
        return safejson.loads(data.decode("utf-8"))
    except ValueError as exc:  # cut short, not JSON, not UTF-8 (UnicodeDecodeError), too deep (TooDeep)
        raise StoredFileDamaged(path, f"not JSON ({type(exc).__name__})") from None


def not_of_kind(kind: Any) -> str:
    """Why a document is not a ``kind`` one, with "a" or "an" as the kind reads: "not an agile_forecast document"."""
    return f"not a{'n' if str(kind)[:1] in 'aeiou' else ''} {kind} document"


def _wrong_shape(doc: Any, rel: str, kind: Any) -> str | None:
    """What makes a published ``doc`` not the ``kind`` document the run wrote at ``rel``; None when nothing does.

    The manifest is judged by its own reader (``feeds/update.py``), which stops the run before anything is
    written, or names a damaged forecast entry, before tonight's manifest is staged over it.
    """
    if rel == INDEX_PATH:
        return None
    return document_problem(doc, rel, kind)


def document_problem(doc: Any, rel: str, kind: Any) -> str | None:
    """Why ``doc`` is not a valid ``kind`` document at ``rel`` (another kind, or failing its schema); None if it is."""
    if not isinstance(doc, dict) or doc.get("kind") != kind:
        return not_of_kind(kind)
    try:
        validate_doc(doc, rel)
    except SchemaError as exc:
        return str(exc).removeprefix(f"{rel}: ")
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader, or the file after a killed run or a power cut, holds the old
    bytes or the new, never a part: a temporary file beside it, synced, then ``os.replace``d, then the directory
    synced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_dir(path.parent)


def _sync_dir(directory: Path) -> None:
    """Make the renames in ``directory`` durable (a no-op where directories cannot be opened, as on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
        self.damaged: dict[str, ReplacedDamaged] = {}  # published files found damaged when staging over them

    def read(self, rel: str) -> Any | None:
        """A document as this run sees it: staged version first, else the published one.

        Raises :class:`StoredFileDamaged` when the published one is damaged.
        """
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
        published = target.read_bytes() if target.exists() else None
        if published == data:
            self.unchanged.add(rel)
            self.staged.pop(rel, None)
            return False
        if published is not None and not self._keep_if_damaged(rel, published, doc.get("kind")):
            self.staged.pop(rel, None)  # damaged and no copy could be kept: left as it is
            return False
        path = self.staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.staged[rel] = path
        self.unchanged.discard(rel)
        return True

    def _keep_if_damaged(self, rel: str, published: bytes, kind: Any) -> bool:
        """Whether ``rel`` may be replaced: yes when its published bytes read as a ``kind`` document, or, when they
        do not, once a copy of them is kept under ``DIR/damaged/`` (named by their hash, so a second damage never
        overwrites the first); either way a damaged file is recorded in :attr:`damaged` for the run's summary."""
        if rel in self.damaged:  # found damaged by the file's own reader, and kept already (keep_damaged)
            return self.damaged[rel].kept is not None
        try:
            what = _wrong_shape(_parsed(self.root / rel, published), rel, kind)
        except StoredFileDamaged as exc:
            what = exc.what
        if what is None:
            return True
        return self._keep_copy(rel, published, what).kept is not None

    def keep_damaged(self, rel: str, what: str) -> ReplacedDamaged:
        """Keep a copy of published ``rel``, which its reader found damaged (``what``), before tonight's replaces it.

        For a file the run reads back in part (the forecast accuracy keeps the regions that read): the one copy
        of it, under ``DIR/damaged/``; staging over it later makes no second. When no copy can be made, staging
        over it leaves it as it is.
        """
        if rel not in self.damaged:
            try:
                published = (self.root / rel).read_bytes()
            except OSError:  # what its reader found: no bytes to keep
                self.damaged[rel] = ReplacedDamaged(rel, what, None)
            else:
                self._keep_copy(rel, published, what)
        return self.damaged[rel]

    def _keep_copy(self, rel: str, published: bytes, what: str) -> ReplacedDamaged:
        digest = hashlib.sha256(published).hexdigest()[:12]
        kept: Path | None = self.root.parent / DAMAGED_DIR / f"{rel}.damaged-{digest}"
        try:
            write_atomic(kept, published)
        except OSError:
            kept = None
        self.damaged[rel] = ReplacedDamaged(rel, what, kept)
        return self.damaged[rel]

    def publish(self) -> list[str]:
        """Move staged files into place, the manifest last; return the changed paths."""
        order = sorted(r for r in self.staged if r != INDEX_PATH)
        if INDEX_PATH in self.staged:
            order.append(INDEX_PATH)
        moved: set[Path] = set()
        for rel in order:
            target = self.root / rel
            if rel == INDEX_PATH:  # every data file's rename made durable before the manifest names it
                for directory in sorted(moved):
                    _sync_dir(directory)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(self.staged[rel], "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(self.staged[rel], target)
            moved.add(target.parent)
        for directory in sorted(moved):
            _sync_dir(directory)
        self.discard()
        return order

    def discard(self) -> None:
        """Drop everything staged (used when the run must not publish)."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staged.clear()
