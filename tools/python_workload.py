# Runs inside Pyodide (see bundle_python.mjs): everything the worker may be
# asked to do, so that every standard-library module it needs gets imported.
# Feeds are read from /feeds (the site's feeds directory, mounted from disk);
# /work/static_imports.json lists every module pyruntime's source imports
# (found by the builder's static analysis). It imports nothing the worker
# would not: what it imports is what gets bundled.
import importlib
import json
import os

from pyruntime import bridge
from pyruntime.providers.http import HttpResponse


class DiskFeeds:
    """The site's own feeds, read from the mounted directory instead of fetched."""

    async def send(self, request):
        path = "/" + request.url.lstrip("/")
        if not os.path.isfile(path):
            return HttpResponse(404, {}, "")
        with open(path, encoding="utf-8") as f:
            return HttpResponse(200, {}, f.read())


def call(op, payload, data=None):
    reply = json.loads(bridge.handle(json.dumps({"v": 1, "id": 1, "op": op, "payload": payload}), data))
    if not reply["ok"] and (reply["error"]["type"] == "InternalError" or "unknown op" in reply["error"]["message"]):
        raise RuntimeError(f"{op} {payload}: {reply['error']['message']}")
    return reply.get("result")


def run_everything():
    with open("/work/static_imports.json") as f:
        for name in json.load(f):
            importlib.import_module(name)
    importlib.import_module("pyruntime._browser")
    bridge.SESSION.transport = DiskFeeds()
    bridge.SESSION.site_root = "/"
    first = call("report", {"source": "demo", "params": {}})
    # The demo's first view as this Pyodide answers it, encoded as builder/prerender.py encodes the build's
    # copy: the builder checks the two are the same text, so the page need not ask Python to check it again.
    with open("/work/first_view.json", "w", encoding="utf-8") as f:
        f.write(json.dumps(first, separators=(",", ":"), allow_nan=False))
    seen = set()
    todo = [first["view"]] + [m["params"] for m in first["menu"] if m.get("params")]
    while todo:
        params = todo.pop()
        key = json.dumps(params, sort_keys=True)
        if key in seen or len(seen) > 60:
            continue
        seen.add(key)
        model = call("report", {"source": "demo", "params": params})
        if model is None:
            continue
        todo += [t["params"] for t in model.get("tabs", []) if t.get("params")]
        if model["blocks"] and any(b["type"] == "table" for b in model["blocks"]):
            call("download_table", {"source": "demo", "params": model["view"], "table": 0})
    csv = call("download_data", {"source": "demo", "fuel": "electricity", "tariff": "agile"})
    call("download_data", {"source": "demo", "fuel": "gas", "grain": "daily"})
    snapshot = call("export_snapshot", {"source": "demo"})
    call("feed_overview", {})
    call("tariff_prices", {"tariff": "agile", "region": "C"})
    if csv:
        data = csv["text"].encode()
        call("load_file", {"name": "demo.csv", "fuel": "electricity"}, data)
        call("load_file", {"name": "demo.json"}, json.dumps([{"a": 1}]).encode())
        # Layouts we do not know (column mapping), text as data, UTF-16 and Windows-1252 files.
        call("load_file", {"name": "odd.csv"}, b"Timestamp,Value\n<b>x</b>,=1\nwhen?,1\n")
        rows = "".join(f"{i},2023-03-01 {i // 2:02d}:{(i % 2) * 30:02d},7,0.5\n" for i in range(48))
        odd = ("reading id,when,meter,kwh used\n" + rows).encode()
        call("load_file", {"name": "odd.csv"}, odd)
        call("load_file", {"name": "odd.csv", "mapping": {"time": 1, "value": 3}}, odd)
        call("load_file", {"name": "u16.csv"}, "\ufeff".encode("utf-16-le") + csv["text"][:2000].encode("utf-16-le"))
        call("load_file", {"name": "m3.csv"}, csv["text"][:2000].replace("kWh", "m³").encode("cp1252"))
    if snapshot:
        call("import_snapshot", snapshot)
    call("forget", {})


run_everything()
