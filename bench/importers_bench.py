"""Parse a year of Octopus consumption JSON and a three-year CSV on CPython; prints milliseconds.

    .venv/bin/python bench/importers_bench.py

Targets (issue 4, in the Pyodide worker): ≤ 150 ms for the year of JSON
(17,520 half-hours) and ≤ 500 ms for the three-year CSV (52,608 rows).
The inputs are generated here so the benchmark needs no data files.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyruntime.fileformats import import_file
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_local

START = 1672531200  # 2023-01-01T00:00Z


def year_of_octopus_json() -> str:
    results = [
        {
            "consumption": round(0.1 + (i % 37) / 100, 3),
            "interval_start": isoformat_local(START + i * HALF_HOUR),
            "interval_end": isoformat_local(START + (i + 1) * HALF_HOUR),
        }
        for i in range(17520)
    ]
    return json.dumps({"count": len(results), "next": None, "previous": None, "results": results})


def three_years_of_dashboard_csv() -> str:
    rows = [
        f"{0.1 + (i % 37) / 100:.20f}, {isoformat_local(START + i * HALF_HOUR)}, "
        f"{isoformat_local(START + (i + 1) * HALF_HOUR)}\n"
        for i in range(3 * 17536)
    ]
    return "Consumption (kWh), Start, End\n" + "".join(rows)


def best_of(n: int, data: bytes) -> tuple[float, int]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        result = import_file(data)
        times.append((time.perf_counter() - t) * 1000)
    return min(times), result.channels[0].series.present


def main() -> None:
    js = year_of_octopus_json().encode()
    csv = three_years_of_dashboard_csv().encode()
    for name, data in (("octopus_json_year", js), ("dashboard_csv_3y", csv)):
        ms, n = best_of(5, data)
        print(f"{name}: {ms:.0f} ms ({n} half-hours, {len(data) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
