"""What the browser needs to run Python: the Pyodide runtime and our package."""

from __future__ import annotations

import ast
import encodings
import encodings.aliases
import hashlib
import io
import json
import lzma
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
"""The five files a stdlib-only app needs from the npm ``pyodide`` package."""

SHIPPED_PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs")
"""What the site serves from ``pyodide/<version>/`` as the package has it. The WebAssembly
goes out compressed by the build (:data:`WASM_ON_THE_WIRE`), the stdlib as our own bundle
(never twice), and the lock file's ``info`` travels inside ``config.json`` (Pyodide would
otherwise fetch all 119 KB of it at every start, to load no package)."""

WASM_ON_THE_WIRE = "pyodide.asm.wasm.xz"
"""Pyodide's ``pyodide.asm.wasm`` as one xz stream (:func:`wasm_for_the_wire`), beside the scripts."""


def lock_info(pyodide: dict[str, bytes]) -> dict:
    """A lock file listing no packages, for ``loadPyodide({lockFileContents})``."""
    return {"info": json.loads(pyodide["pyodide-lock.json"])["info"], "packages": {}}

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

    The zip holds ``pyruntime/...`` so the worker can put it on ``sys.path`` as it is
    (Python imports from it, as from the stdlib's zip), stored uncompressed (see ``for_the_wire``). Entries are
    sorted with fixed timestamps: the same sources always give the same bytes
    and the same name, so browsers may cache it forever.
    """
    files = sorted(
        p for p in src.rglob("*.py") if "__pycache__" not in p.parts
    )
    if not files:
        raise FileNotFoundError(f"no Python files under {src}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"pyruntime/{path.relative_to(src).as_posix()}", _ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    data = buf.getvalue()
    return content_name("pyruntime", data), data


@dataclass(frozen=True)
class PythonBundle:
    """What the browser downloads besides the runtime: our package and the stdlib it needs."""

    app_zip: bytes
    stdlib_zip: bytes
    stdlib_modules: tuple[str, ...]
    """The source path of every stdlib module bundled (``json/__init__.py``, ...), its bytecode beside it."""
    builtin_modules: tuple[str, ...]
    """Modules compiled into Pyodide itself (``math``, ``_json``, ...), needing no file."""
    first_view: str
    """The ``report`` op's answer for ``?source=demo`` from the bundle alone in Pyodide, as JSON text."""


def bundle_python(pyodide_dist: Path, app_zip: bytes, stdlib_zip: bytes, feeds: Path) -> PythonBundle:
    """Bytecode of our package and of only the stdlib modules it imports, built by the pinned Pyodide under Node.

    ``tools/bundle_python.mjs`` runs every op the worker answers (reading the
    site's ``feeds``) to learn which stdlib modules are imported, writes both
    zips as deflated bytecode without docstrings or line tables, then runs
    everything again on a fresh Pyodide that has only the bundle: a module
    missing from it fails the build. That run's answer for the demo's first
    view is :attr:`PythonBundle.first_view`. Bytecode built with the same Python
    (3.14, same magic number) also spares every visit compiling it.
    """
    node = shutil.which("node")
    if node is None:
        raise FileNotFoundError("Node.js is needed to bundle Python for the browser (install nodejs, or --no-bytecode)")
    script = Path(__file__).resolve().parent.parent / "tools" / "bundle_python.mjs"
    with tempfile.TemporaryDirectory(prefix="half-hourly-python-") as tmp:
        work = Path(tmp)
        (work / "app.zip").write_bytes(app_zip)
        (work / "stdlib.zip").write_bytes(stdlib_zip)
        (work / "static_imports.json").write_text(json.dumps(static_imports(app_zip)))
        result = subprocess.run(
            [node, str(script), str(pyodide_dist), str(work), str(feeds)],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise ValueError(f"bundling Python for the browser failed:\n{result.stderr[-3000:]}")
        modules = json.loads((work / "modules.json").read_text())
        return PythonBundle(
            (work / "out-app.zip").read_bytes(),
            (work / "out-stdlib.zip").read_bytes(),
            tuple(modules["stdlib"]),
            tuple(modules["builtin"]),
            (work / "first_view.json").read_text(encoding="utf-8"),
        )


def static_imports(app_zip: bytes) -> list[str]:
    """Every standard-library (or Pyodide) module the package's source imports, anywhere in it.

    Imports inside functions count: they run only on some paths (a download,
    a file format), which a test run might miss but a visitor would not. So do
    the modules C code imports on first use, which no ``import`` shows: the
    codec of every literal ``.decode("…")``/``.encode("…")`` and ``_strptime``
    for ``strptime``.
    """
    names = set()
    with zipfile.ZipFile(io.BytesIO(app_zip)) as zf:
        for name in zf.namelist():
            if not name.endswith(".py"):
                continue
            for node in ast.walk(ast.parse(zf.read(name), name)):
                if isinstance(node, ast.Import):
                    names.update(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module)
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    names.update(_lazy_imports(node))
    return sorted(n for n in names if n.split(".")[0] in (*sys.stdlib_module_names, "pyodide"))


def _lazy_imports(call: ast.Call) -> set[str]:
    attr = call.func.attr  # type: ignore[attr-defined]
    if attr == "strptime":
        return {"_strptime"}
    if attr in ("decode", "encode") and call.args and isinstance(call.args[0], ast.Constant):
        value = call.args[0].value
        if isinstance(value, str):
            normal = encodings.normalize_encoding(value).lower()
            return {"encodings." + encodings.aliases.aliases.get(normal, normal)}
    return set()


def xz_filters(size: int, lc: int = 4) -> list[dict]:
    """LZMA2 at its strongest, with a dictionary no larger than the data it compresses.

    ``pb=0`` suits byte-aligned data (neither bytecode nor WebAssembly is laid out in 2- or 4-byte units), and
    ``lc=4`` bytecode: 2.5 KB less over the two bundles than the preset alone, 6 KB less for the WebAssembly
    (with ``lc=3``). The dictionary is what the decoder allocates (the
    preset's is 64 MB); one as large as the data compresses exactly as well.
    """
    preset = 9 | lzma.PRESET_EXTREME
    return [{"id": lzma.FILTER_LZMA2, "preset": preset, "pb": 0, "lc": lc, "dict_size": max(size, 1 << 16)}]


BUNDLE_SUFFIX = ".zip.xz"


def for_the_wire(zip_bytes: bytes, thorough: bool = True) -> bytes:
    """A zip of stored files compressed as one xz stream: what the site serves as ``*.zip.xz``.

    Compressed as a whole, Python bytecode shrinks far more than file by file:
    similar code objects repeat across modules, and LZMA2's dictionary
    finds the repeats anywhere in the bundle, where gzip's looks back 32 KB.
    The two bundles come to 843 KB, against 1,095 KB gzipped by Zopfli; no host
    compresses a zip on the way out, so the build does it and the bundles' worker
    (``js/bundles.mjs``) unpacks it with ``js/vendor/xz-decompress.mjs`` (10 KB). xz carries a CRC32, so a
    bundle cut short fails in the worker rather than in Python. ``thorough``:
    quick builds take the fastest preset. The output depends only on the input:
    same bytes, same name.
    """
    if thorough:
        return lzma.compress(zip_bytes, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                             filters=xz_filters(len(zip_bytes)))
    return lzma.compress(zip_bytes, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32, preset=1)


def wasm_for_the_wire(wasm: bytes, thorough: bool = True) -> bytes:
    """Pyodide's WebAssembly as one xz stream: what the site serves as :data:`WASM_ON_THE_WIRE`.

    2,636 KB, where the host's gzip sends the ``.wasm`` as 3,546 KB (zstd -19: 2,894 KB): the largest
    download of a first visit, 0.8 s less at 9 Mbit/s. The worker unpacks it as it arrives and hands
    the stream to Pyodide, which compiles it as it streams in (``js/worker.mjs``). About 8 s of a
    build; ``thorough=False`` (quick builds) takes xz's fastest preset, 3.2 MB in half a second.
    """
    if thorough:
        return lzma.compress(wasm, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32, filters=xz_filters(len(wasm), lc=3))
    return lzma.compress(wasm, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32, preset=0)


def content_name(stem: str, data: bytes, suffix: str = ".zip") -> str:
    """``stem-<16 hex digits of sha256><suffix>``: a name that changes whenever the bytes do."""
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
