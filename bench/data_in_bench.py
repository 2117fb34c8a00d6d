"""Loading your own data: parse times on CPython and in Pyodide (the worker's Python), and requests per meter.

    .venv/bin/python bench/data_in_bench.py          # CPython, then the same inside Pyodide under Node
    node tools/pyodide_bench.mjs bench/data_in_bench.py --here   # Pyodide only

Targets (issue 4, in the worker): a year of Octopus consumption JSON
(17,520 half-hours) parsed in ≤ 150 ms, a three-year CSV (52,608 rows) in
≤ 500 ms; Octopus history fetched with one request per meter per 25,000
half-hours. Inputs are generated here, so no data files are needed.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pyruntime.bridge import run_sync  # noqa: E402
from pyruntime.fileformats import import_file  # noqa: E402
from pyruntime.providers import octopus  # noqa: E402
from pyruntime.providers.http import HttpResponse  # noqa: E402
from pyruntime.providers.octopus_loader import load_octopus  # noqa: E402
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_local, isoformat_utc  # noqa: E402

START = 1672531200  # 2023-01-01T00:00Z
YEAR = 17_520
THREE_YEARS = 52_608
TARGETS = {"octopus_api_year": 150, "octopus_json_file_year": 150, "dashboard_csv_3y": 500}


def api_page(n: int) -> str:
    """One Octopus consumption response with ``n`` half-hours, as the API sends it."""
    return json.dumps({"count": n, "next": None, "previous": None, "results": [
        {"consumption": round(0.1 + (i % 37) / 100, 3),
         "interval_start": isoformat_utc(START + i * HALF_HOUR),
         "interval_end": isoformat_utc(START + (i + 1) * HALF_HOUR)} for i in range(n)]})


def dashboard_csv(n: int) -> bytes:
    rows = [f"{0.1 + (i % 37) / 100:.3f}, {isoformat_local(START + i * HALF_HOUR)}, "
            f"{isoformat_local(START + (i + 1) * HALF_HOUR)}\n" for i in range(n)]
    return ("Consumption (kWh), Start, End\n" + "".join(rows)).encode()


def parse_api_year(body: str) -> int:
    """What the Octopus loader does with a page: parse, stitch, build the channel (duplicates, gaps)."""
    page = octopus.parse_consumption_page(HttpResponse(200, {}, body))
    merged, _ = octopus.stitch_meters({"meter": page.readings})
    return octopus.consumption_channel("electricity", merged).series.present


def best_of(runs: int, fn, *args) -> tuple[float, int]:
    times, result = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        result = fn(*args)
        times.append((time.perf_counter() - t) * 1000)
    return min(times), result



class ThreeYearsOfOneMeter:
    """A fake Octopus with one electricity meter holding three years of half-hours; counts requests."""

    def __init__(self) -> None:
        self.consumption_requests = 0

    async def send(self, req):
        if "/accounts/" in req.url:
            return HttpResponse(200, {}, json.dumps({"number": "A-1234ABCD", "properties": [{
                "moved_in_at": isoformat_utc(START), "moved_out_at": None,
                "electricity_meter_points": [{"mpan": "1900000000001", "is_export": False,
                                              "meters": [{"serial_number": "S1"}], "agreements": []}],
                "gas_meter_points": []}]}))
        self.consumption_requests += 1
        page = int(dict(p.split("=") for p in req.full_url().split("?")[1].split("&")).get("page", 1))
        lo, hi = (page - 1) * octopus.PAGE_SIZE, min(page * octopus.PAGE_SIZE, THREE_YEARS)
        path = req.url.split("?")[0]
        nxt = f"{path}?page_size={octopus.PAGE_SIZE}&page={page + 1}" if hi < THREE_YEARS else None
        return HttpResponse(200, {}, json.dumps({"count": THREE_YEARS, "next": nxt, "results": [
            {"consumption": 0.2, "interval_start": isoformat_utc(START + i * HALF_HOUR),
             "interval_end": isoformat_utc(START + (i + 1) * HALF_HOUR)} for i in range(lo, hi)]}))


def requests_per_meter() -> tuple[int, int]:
    fake = ThreeYearsOfOneMeter()
    household = run_sync(load_octopus(fake, base="https://octopus.test/v1/", account_number="A-1234ABCD",
                                      api_key="sk_live_BENCHKEY0123456789", now=START + THREE_YEARS * HALF_HOUR))
    return fake.consumption_requests, household.series["electricity"].present


def measure(runtime: str) -> None:
    api = api_page(YEAR)
    cases = [
        ("octopus_api_year", parse_api_year, api, YEAR),
        ("octopus_json_file_year", lambda b: import_file(b).channels[0].series.present, api.encode(), YEAR),
        ("dashboard_csv_3y", lambda b: import_file(b).channels[0].series.present, dashboard_csv(THREE_YEARS),
         THREE_YEARS),
    ]
    for name, fn, data, rows in cases:
        ms, n = best_of(5, fn, data)
        assert n == rows, (name, n)
        target = TARGETS[name]
        verdict = "ok" if ms <= target else "OVER"
        print(f"{runtime:<8} {name:<24} {ms:7.0f} ms  ({rows:,} rows, {len(data) / 1e6:.1f} MB)   "
              f"target ≤ {target} ms in the worker: {verdict}", flush=True)
    sent, present = requests_per_meter()
    expected = math.ceil(present / octopus.PAGE_SIZE)
    print(f"{runtime:<8} octopus requests/meter   {sent} for {present:,} half-hours "
          f"(one per {octopus.PAGE_SIZE:,}: {expected}) {'ok' if sent == expected else 'OVER'}", flush=True)


def main() -> int:
    if "--here" in sys.argv or sys.platform == "emscripten":
        measure("pyodide" if sys.platform == "emscripten" else "cpython")
        return 0
    measure("cpython")
    node = subprocess.run(["node", str(ROOT / "tools" / "pyodide_bench.mjs"), "bench/data_in_bench.py", "--here"],
                          cwd=ROOT)
    return node.returncode


if __name__ == "__main__":
    raise SystemExit(main())
