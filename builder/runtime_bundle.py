"""What the browser needs to run Python: the Pyodide runtime and our package."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
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
    return content_name("pyruntime", data), data


def compile_bytecode(pyodide_dist: Path, app_zip: bytes, stdlib_zip: bytes) -> tuple[bytes, bytes]:
    """``(app zip, stdlib zip)`` with bytecode added, compiled by the pinned Pyodide under Node.

    Pyodide ships its standard library as source only, so every visit would
    otherwise compile each module it imports; bytecode built here with the
    same Python (3.14, the same magic number) saves that at every start.
    """
    node = shutil.which("node")
    if node is None:
        raise FileNotFoundError("Node.js is needed to precompile Python bytecode (install nodejs, or --no-bytecode)")
    script = Path(__file__).resolve().parent.parent / "tools" / "compile_pyc.mjs"
    with tempfile.TemporaryDirectory(prefix="half-hourly-pyc-") as tmp:
        work = Path(tmp)
        (work / "app.zip").write_bytes(app_zip)
        (work / "stdlib.zip").write_bytes(stdlib_zip)
        result = subprocess.run(
            [node, str(script), str(pyodide_dist), str(work / "app.zip"), str(work / "stdlib.zip"), str(work / "out")],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise ValueError(f"precompiling bytecode failed:\n{result.stderr[-2000:]}")
        return (work / "out" / "app.zip").read_bytes(), (work / "out" / "stdlib.zip").read_bytes()


def content_name(stem: str, data: bytes, suffix: str = ".zip") -> str:
    """``stem-<16 hex digits of sha256>.zip``: a name that changes whenever the bytes do."""
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
