"""Parse a year of Octopus consumption JSON and a three-year CSV on CPython; prints milliseconds.

    .venv/bin/python bench/importers_bench.py

Targets (issue 4, in the Pyodide worker): ≤ 150 ms for the year of JSON
(17,520 half-hours) and ≤ 500 ms for the three-year CSV (52,608 rows).
Hostile files (a million columns, one endless line, a year of readings
plus one dated 9999) must be refused, or read with the bad row set
aside, in well under a second.
The inputs are generated here so the benchmark needs no data files.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyruntime.fileformats import ImportFailure, import_file
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


def hostile_files() -> dict[str, bytes]:
    year = "".join(f"2023-01-01T00:00:00Z,{i}\n" for i in range(1))
    rows = "".join(f"{isoformat_local(START + i * HALF_HOUR)},0.2\n" for i in range(17520))
    return {
        "million_columns": ("a," * 999_999 + "b\n1,2\n").encode(),
        "endless_line": ("time,kwh\n" + year + "x" * 10_000_000 + "\n").encode(),
        "year_plus_9999": ("time,kwh\n" + rows + "9999-12-31T23:30:00Z,0.2\n").encode(),
    }


def refused_in(data: bytes) -> tuple[float, str]:
    t = time.perf_counter()
    try:
        import_file(data)
        outcome = "read"
    except ImportFailure as e:
        outcome = "refused: " + e.message[:60]
    return (time.perf_counter() - t) * 1000, outcome


def main() -> None:
    js = year_of_octopus_json().encode()
    csv = three_years_of_dashboard_csv().encode()
    for name, data in (("octopus_json_year", js), ("dashboard_csv_3y", csv)):
        ms, n = best_of(5, data)
        print(f"{name}: {ms:.0f} ms ({n} half-hours, {len(data) / 1e6:.1f} MB)")
    for name, data in hostile_files().items():
        ms, outcome = refused_in(data)
        print(f"{name}: {ms:.0f} ms ({outcome}; {len(data) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
