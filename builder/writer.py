"""Collect every output file in memory, then write the site in one go.

Gathering first means a missing input stops the build before anything on
disk changes; writing into a sibling directory and renaming means a failed
write never leaves a half-built site behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


class DuplicateOutput(Exception):
    """Two parts of the build tried to write the same file."""


@dataclass(frozen=True)
class SourceFile:
    """An input file copied into the site unchanged when the site is written, not held in memory.

    The full feed history is hundreds of MB; gathering keeps only its path,
    size and digest, and writing refuses a file that changed in between.
    """

    path: Path
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes) -> SourceFile:
        return cls(path, len(data), hashlib.sha256(data).hexdigest())

    def __len__(self) -> int:
        return self.size

    def read(self) -> bytes:
        data = self.path.read_bytes()
        if len(data) != self.size or hashlib.sha256(data).hexdigest() != self.sha256:
            raise ValueError(f"{self.path} changed while the site was being built")
        return data


class SiteFiles:
    """The site being built: relative path → bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | SourceFile] = {}

    def add(self, path: str, data: bytes | str | SourceFile) -> None:
        if path in self.files:
            raise DuplicateOutput(f"{path} would be written twice")
        if path.startswith("/") or ".." in path.split("/"):
            raise ValueError(f"output path {path!r} must stay inside the site")
        self.files[path] = data.encode() if isinstance(data, str) else data

    def add_json(self, path: str, obj: object) -> None:
        self.add(path, json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n")

    def write(self, out: Path) -> None:
        """Replace directory ``out`` with exactly these files."""
        out = out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        try:
            for rel, data in sorted(self.files.items()):
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data.read() if isinstance(data, SourceFile) else data)
                os.chmod(target, 0o644)
            os.chmod(staging, 0o755)
            old = out.with_name(f".{out.name}-old")
            if old.exists():
                shutil.rmtree(old)
            if out.exists():
                out.rename(old)
            staging.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
