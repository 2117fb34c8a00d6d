"""Feeds benchmark: requests and wall time of a full backfill and a nightly run, and
feed bytes per region-year, against the local API emulator (no internet).

    .venv/bin/python bench/feeds_bench.py [--regions A,C] [--year 2024] [--menu recorded|families]

``--menu recorded`` (default) serves every product of the recorded September 2024
products list (plus Tracker and a withdrawn fixed product) and lets the run discover
them all, as the nightly job does; ``--menu families`` serves one product per family
of the original table.

Targets (issue 3): a nightly run <= 300 requests; <= 300 KB gzip per region-year for
all half-hourly tariffs together. The emulator answers instantly, so wall times here
exclude network latency and the 0.2 s politeness gap a real run adds per request.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "feeds")]

from feeds_emulator import Emulator, World, full_catalogue, recorded_catalogue, ts  # noqa: E402

from feeds.http import RetryPolicy  # noqa: E402
from feeds.regions import parse_region_list  # noqa: E402
from feeds.update import RunSummary, UpdateOptions, run_update  # noqa: E402

POLICY = RetryPolicy(attempts=3, backoff_seconds=0.01, timeout_seconds=10, min_interval_seconds=0.0)


def _run(emu: Emulator, out: Path, now: str, since: str | None, regions: str) -> tuple[RunSummary, float]:
    emu.world.now = ts(now)
    opts = UpdateOptions(out=out, octopus_api=emu.octopus_url, carbon_api=emu.carbon_url,
                         forecast_api=emu.forecast_url,
                         since=ts(since) if since else None, now=ts(now), regions=parse_region_list(regions))
    t0 = time.perf_counter()
    summary = run_update(opts, policy=POLICY)
    return summary, time.perf_counter() - t0


def _bytes(out: Path, year: int, regions: str) -> list[tuple[str, int, int, int, int]]:
    rows = []
    for region in parse_region_list(regions):
        raw = gz = 0
        for path in (out / "v1" / "tariffs").glob(f"*-{region}/{year}.json"):
            data = path.read_bytes()
            raw, gz = raw + len(data), gz + len(gzip.compress(data, 9))
        carbon = (out / "v1" / "carbon" / region / f"{year}.json").read_bytes()
        rows.append((region, raw, gz, len(carbon), len(gzip.compress(carbon, 9))))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--regions", default="", help="GSP letters (default: all 14)")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--menu", choices=("recorded", "families"), default="recorded")
    ap.add_argument("--since", help="backfill from this day (default: 1 January of --year); nightly counts barely "
                                    "depend on it")
    ap.add_argument("--nights", type=int, default=8, help="consecutive nightly runs after the backfill")
    args = ap.parse_args()
    year = args.year
    since = f"{args.since or f'{year}-01-01'}T00:00:00Z"
    now = f"{year}-12-31T12:00:00Z"
    out = Path(tempfile.mkdtemp(prefix="feeds-bench-"))
    try:
        menu = recorded_catalogue() if args.menu == "recorded" else full_catalogue()
        world = World(now=ts(now), products=menu, products_page_size=100)
        with Emulator(world) as emu:
            full, t_full = _run(emu, out, now, since, args.regions)
            nights = [_run(emu, out, f"{year + 1}-01-{d:02d}T17:30:00Z", None, args.regions)
                      for d in range(1, args.nights + 1)]
        print(f"{'run':<26}{'requests':>10}{'wall s':>9}{'tariffs':>9}{'files changed':>15}  ok")
        rows = [("full backfill (1 year)", full, t_full)]
        rows += [(f"nightly, night {i}", s, t) for i, (s, t) in enumerate(nights, start=1)]
        for name, s, t in rows:
            print(f"{name:<26}{s.requests:>10}{t:>9.1f}{s.tariffs_fetched:>9}{len(s.files_changed):>15}  {s.ok}")
        most = max(s.requests for s, _ in nights)
        mean = sum(s.requests for s, _ in nights) / len(nights)
        print(f"nightly requests: max {most}, mean {mean:.0f}; target <= 300: {'met' if most <= 300 else 'MISSED'}")
        print()
        print(f"{'region-year':<13}{'tariffs raw KB':>15}{'tariffs gzip KB':>17}{'carbon raw KB':>15}"
              f"{'carbon gzip KB':>16}")
        rows = _bytes(out, year, args.regions)
        for region, raw, gz, craw, cgz in rows:
            print(f"{region} {year:<11}{raw / 1024:>15.0f}{gz / 1024:>17.0f}{craw / 1024:>15.0f}{cgz / 1024:>16.0f}")
        worst = max(gz for _, _, gz, _, _ in rows)
        print(f"gzip target <= 300 KB per region-year: {'met' if worst <= 300 * 1024 else 'MISSED'} "
              f"(largest {worst / 1024:.0f} KB)")
        print("note: emulator prices; Agile-like series are tiled real prices, so compression is realistic")
        return 0 if full.ok and all(s.ok for s, _ in nights) else 1
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
