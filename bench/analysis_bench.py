"""Time the carbon, profile, net-import and CSV reports over three years of half-hours.

Run from the repository root: ``python bench/analysis_bench.py [repeats]``.
The data are the 2023 demo household's year laid three times end to end
from 1 January 2022 (52,560 half-hours per fuel) and a synthetic intensity with a daily cycle. Prints the
best and median wall time per report and the size of its JSON or CSV text.
Target: ≤ 200 ms each in the Pyodide worker, which runs 2-3 × slower than
CPython, so ≤ 80 ms here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyruntime.analysis.carbon import emissions_report, gas_emissions_report
from pyruntime.analysis.intensity import IntensitySeries
from pyruntime.analysis.net import net_import_report
from pyruntime.analysis.profile import heatmap_report, profile_report
from pyruntime.fileformats.csv_export import daily_csv, half_hourly_csv
from pyruntime.household.demo import demo_household
from pyruntime.timeseries.londontime import day_bounds
from pyruntime.timeseries.series import Series

YEARS = (2022, 2023, 2024)
TARGET_MS = 80.0


def three_years() -> dict[str, Series]:
    # The demo is built for 2023 (its gaps are dated), so its year is laid
    # three times end to end from London's 1 January 2022.
    home = demo_household()
    start = day_bounds(dt.date(YEARS[0], 1, 1))[0]
    return {fuel: Series(fuel, start, s.values * len(YEARS)) for fuel, s in home.items()}


def intensity_for(series: Series) -> IntensitySeries:
    values = []
    for n in range(len(series.values)):
        slot = n % 48
        daily = 60 * (1 if 32 <= slot < 42 else 0)  # dirtier evening peak
        values.append(float(120 + daily + (n * 7919) % 61))
    return IntensitySeries("C", series.start, tuple(values))


def bench(fn: Callable[[], object], repeats: int) -> tuple[float, float, int]:
    times = []
    out = None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    plain = dataclasses.asdict(out) if dataclasses.is_dataclass(out) else out  # typed results: size as JSON
    size = len(out) if isinstance(out, str) else len(json.dumps(plain, separators=(",", ":"), default=str))
    return min(times), statistics.median(times), size


def main(repeats: int = 5) -> None:
    data = three_years()
    elec, gas, export = data["electricity"], data["gas"], data["export"]
    ci = intensity_for(elec)
    prices = [24.5] * len(elec.values)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("emissions_report (elec)", lambda: emissions_report(elec, ci, shift_percent=20)),
        ("gas_emissions_report", lambda: gas_emissions_report(gas)),
        ("profile_report (elec)", lambda: profile_report(elec, price_p_per_kwh=24.5)),
        ("profile_report (gas)", lambda: profile_report(gas, price_p_per_kwh=6.0)),
        ("heatmap_report (elec)", lambda: heatmap_report(elec)),
        ("net_import_report", lambda: net_import_report(elec, export, annual_generation_kwh=3000)),
        ("daily_csv (price+carbon)", lambda: daily_csv(elec, prices=prices, intensity=ci)),
        ("half_hourly_csv (kWh only)", lambda: half_hourly_csv(elec)),
        ("half_hourly_csv (price+carbon)", lambda: half_hourly_csv(elec, prices=prices, intensity=ci)),
    ]
    print(f"{len(elec.values)} half-hours per fuel, {YEARS[0]}-{YEARS[-1]}, Python {sys.version.split()[0]}, "
          f"best/median of {repeats}")
    print(f"{'report':34} {'best ms':>8} {'median ms':>10} {'output':>12}  target {TARGET_MS:.0f} ms")
    for name, fn in cases:
        best, med, size = bench(fn, repeats)
        flag = "" if med <= TARGET_MS else "  over"
        print(f"{name:34} {best:8.1f} {med:10.1f} {size:12,d}{flag}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
