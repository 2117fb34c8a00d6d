# Runs inside Pyodide (see compile_pyc.mjs). Reads /work/app.zip and
# /work/stdlib.zip, writes /work/out-app.zip and /work/out-stdlib.zip.
import importlib.util
import json
import marshal
import sys
import zipfile

SITE = "/lib/python3.14/site-packages"
STDLIB_PREFIX = "/lib/python314.zip/"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def pyc(source: bytes, filename: str) -> bytes:
    code = compile(source, filename, "exec", dont_inherit=True)
    # Flags 0b01: hash-based, 0b10 would ask Python to check the hash against the source.
    return (importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little")
            + importlib.util.source_hash(source) + marshal.dumps(code))


def entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


# 1. Run the app's start-up path so we know which stdlib modules it needs.
with zipfile.ZipFile("/work/app.zip") as z:
    z.extractall(SITE)
    app_files = sorted(n for n in z.namelist() if n.endswith(".py"))
from pyruntime import bridge  # noqa: E402

bridge.handle(json.dumps({"v": 1, "id": 1, "op": "report", "payload": {"source": "demo", "params": {}}}))
used = sorted({
    m.__file__.removeprefix(STDLIB_PREFIX)
    # Everything from the stdlib, including what Python itself imports at
    # start-up: that bytecode speeds up Pyodide's own initialisation too.
    for m in list(sys.modules.values())
    if (getattr(m, "__file__", None) or "").startswith(STDLIB_PREFIX)
})

# 2. The app: sources plus __pycache__ bytecode for every module.
with zipfile.ZipFile("/work/app.zip") as src, zipfile.ZipFile("/work/out-app.zip", "w") as out:
    for name in sorted(src.namelist()):
        data = src.read(name)
        out.writestr(entry(name), data)
        if name.endswith(".py"):
            folder, _, base = name.rpartition("/")
            cached = f"{folder}/__pycache__/{base[:-3]}.{sys.implementation.cache_tag}.pyc"
            out.writestr(entry(cached), pyc(data, f"{SITE}/{name}"))

# 3. The stdlib: every original entry, plus name.pyc beside each module the app
#    uses (zipimport looks for bytecode there, not in __pycache__).
with zipfile.ZipFile("/work/stdlib.zip") as src, zipfile.ZipFile("/work/out-stdlib.zip", "w") as out:
    names = set(src.namelist())
    for name in sorted(names):
        out.writestr(entry(name), src.read(name))
    for name in used:
        if name in names and name + "c" not in names:
            out.writestr(entry(name + "c"), pyc(src.read(name), STDLIB_PREFIX + name))
print(f"compiled {len(app_files)} app modules and {len(used)} stdlib modules")
