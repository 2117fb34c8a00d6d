"""Collect every output file in memory, then write the site in one go.

Gathering first means a missing input stops the build before anything on
disk changes; writing into a sibling directory and renaming means a failed
write never leaves a half-built site behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path


class DuplicateOutput(Exception):
    """Two parts of the build tried to write the same file."""


class SiteFiles:
    """The site being built: relative path → bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, path: str, data: bytes | str) -> None:
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
                target.write_bytes(data)
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
