# Runs inside Pyodide (see bundle_python.mjs), after the workload has run.
# Reads /work/app.zip, /work/stdlib.zip, /work/used.json (the stdlib files
# the workload imported) and /work/at_start.json (those Pyodide's own start
# imported), writes /work/out-app.zip, /work/out-stdlib.zip and
# /work/bundled.json (the stdlib files in the bundle, in either zip).
#
# The stdlib zip holds what Pyodide's start imports; a module only pyruntime
# imports (csv, calendar, urllib.parse, ...) travels in the app's zip, which
# the worker asks for once the WebAssembly is in, so that its bytes do not
# share the link with the WebAssembly (45 KB, about 40 ms on a phone's 4G).
# A package goes whole: Python looks for a package's modules only where its
# __init__ is.
#
# Both zips hold bytecode only ("unchecked-hash" .pyc, used without looking
# for a source), stored uncompressed: the builder gzips each zip as one stream
# (builder/runtime_bundle.py), 12 % smaller than a zip of deflated entries
# (1.13 MB against 1.28 MB), and the worker unpacks it.
import ast
import importlib.util
import json
import marshal
import types
import zipfile

APP_ZIP = "/lib/pyruntime.zip"
"""Where the worker writes our package's zip, which Python imports from (the name its tracebacks give)."""
STDLIB_PREFIX = "/lib/python314.zip/"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
OPTIMIZE = 2
"""As ``python -OO``: no docstrings or asserts, a third less to download (nothing here reads ``__doc__``)."""


OPTIONAL = ("_ssl.py", "ssl.py", "bz2.py", "lzma.py", "compression/")
"""Stdlib files (or folders) left out although imported: every import of them at start-up is
inside ``try: ... except ImportError`` (asyncio's ``ssl``; zipfile's and shutil's ``bz2``,
``lzma`` and ``compression.zstd``), and nothing here needs TLS or those compressions (pyruntime
imports none of them; Pyodide unpacks our stored zip). 31 KB less to download; the check run
below proves everything works without them."""


class WithoutFunctionAnnotations(ast.NodeTransformer):
    """Drops the annotations of functions, kept as strings in the bytecode: 9 % less of our package.

    Nothing in pyruntime reads a function's ``__annotations__`` (no ``singledispatch`` on types,
    no ``get_type_hints``); class annotations stay, as dataclasses read them to find their fields.
    """

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.returns = None
        args = node.args
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None:
                arg.annotation = None
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


def without_line_numbers(code: types.CodeType) -> types.CodeType:
    """The same code without its line table: 40 % less to download; tracebacks lose line numbers.

    Visitors never see a traceback (the bridge reports messages); a developer
    debugging one builds with ``--no-bytecode`` and gets the sources.
    """
    consts = tuple(without_line_numbers(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)


def pyc(source: bytes, filename: str, annotations: bool = True) -> bytes:
    tree = ast.parse(source, filename)
    if not annotations:
        tree = WithoutFunctionAnnotations().visit(tree)
    code = without_line_numbers(compile(tree, filename, "exec", dont_inherit=True, optimize=OPTIMIZE))
    # Flags 0b01: hash-based, 0b10 would ask Python to check the hash against the source.
    return (importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little")
            + importlib.util.source_hash(source) + marshal.dumps(code))


def entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


with open("/work/used.json") as f:
    used = json.load(f)
with open("/work/at_start.json") as f:
    at_start = json.load(f)


def top_level(name: str) -> str:
    """``urllib`` for ``urllib/parse.py``, ``csv`` for ``csv.py``."""
    return name.split("/")[0].removesuffix(".py")


started_with = {top_level(n) for n in at_start}

# The stdlib: only the modules used and not optional, as bytecode; those Pyodide's start needs in its zip.
with zipfile.ZipFile("/work/stdlib.zip") as stdlib:
    names = set(stdlib.namelist())
    bundled = [n for n in used if n.endswith(".py") and n in names and not n.startswith(OPTIONAL)]
    for_the_app = [n for n in bundled if top_level(n) not in started_with]
    with zipfile.ZipFile("/work/out-stdlib.zip", "w") as out:
        for name in bundled:
            if name not in for_the_app:
                out.writestr(entry(name + "c"), pyc(stdlib.read(name), STDLIB_PREFIX + name))
    # The app: sourceless bytecode beside where each source would be, then the stdlib modules only it imports.
    with zipfile.ZipFile("/work/app.zip") as src, zipfile.ZipFile("/work/out-app.zip", "w") as out:
        for name in sorted(src.namelist()):
            data = src.read(name)
            if name.endswith(".py"):
                out.writestr(entry(name + "c"), pyc(data, f"{APP_ZIP}/{name}", annotations=False))
            else:
                out.writestr(entry(name), data)
        for name in for_the_app:
            out.writestr(entry(name + "c"), pyc(stdlib.read(name), f"{APP_ZIP}/{name}"))
with open("/work/bundled.json", "w") as f:
    json.dump(bundled, f)
