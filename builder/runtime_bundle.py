"""What the browser needs to run Python: the Pyodide runtime and our package."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
"""The five files a stdlib-only app needs from the npm ``pyodide`` package."""

# A fixed timestamp for every zip entry, so the archive (and its hash) depend
# on file contents only.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def gather_pyodide(dist: Path) -> dict[str, bytes]:
    """``{file name: bytes}`` of the Pyodide runtime files; raises if one is missing."""
    missing = [f for f in PYODIDE_FILES if not (dist / f).is_file()]
    if missing:
        raise FileNotFoundError(f"Pyodide files missing from {dist}: {', '.join(missing)} (run `npm ci`)")
    return {f: (dist / f).read_bytes() for f in PYODIDE_FILES}


def pack_pyruntime(src: Path) -> tuple[str, bytes]:
    """``(file name, zip bytes)`` of the pyruntime package, named by content hash.

    The zip holds ``pyruntime/...`` so the worker can unpack it straight into
    site-packages. Entries are sorted with fixed timestamps: the same sources
    always give the same bytes and the same name, so browsers may cache it
    forever.
    """
    files = sorted(
        p for p in src.rglob("*.py") if "__pycache__" not in p.parts
    )
    if not files:
        raise FileNotFoundError(f"no Python files under {src}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"pyruntime/{path.relative_to(src).as_posix()}", _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    data = buf.getvalue()
    return f"pyruntime-{hashlib.sha256(data).hexdigest()[:16]}.zip", data
