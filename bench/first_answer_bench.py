"""Python's first answer from a fresh interpreter: importing the worker's entry module, then the demo's overview.

Each run is a new process, so nothing is imported yet: on CPython, and on
Pyodide under Node loaded as the page's worker loads it (the built site's
stdlib bundle, our package's bytecode; ``tools/pyodide_first_answer.mjs``).
Reports the medians, how many of our modules the first answer imported, and
the slowest imports on CPython (``-X importtime``, cumulative).

    python bench/first_answer_bench.py [--site _site] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_ANSWER = """
import json, sys, time
t0 = time.perf_counter()
import pyruntime._browser
from pyruntime import bridge
t1 = time.perf_counter()
reply = json.loads(bridge.handle(json.dumps({"v": 1, "id": 1, "op": "report", "payload": {"source": "demo"}})))
t2 = time.perf_counter()
assert reply["ok"] and reply["result"]["view"]["report"] == "overview", reply
print(json.dumps({"import_ms": (t1 - t0) * 1000, "first_answer_ms": (t2 - t1) * 1000,
                  "pyruntime_modules": sorted(m for m in sys.modules if m.startswith("pyruntime"))}))
"""


def cpython_runs(runs: int) -> list[dict]:
    return [json.loads(subprocess.run([sys.executable, "-c", FIRST_ANSWER], cwd=ROOT, check=True,
                                      capture_output=True, text=True).stdout) for _ in range(runs)]


def pyodide_runs(site: Path, runs: int) -> list[dict]:
    script = ROOT / "tools" / "pyodide_first_answer.mjs"
    return [json.loads(subprocess.run(["node", str(script), str(site)], cwd=ROOT, check=True,
                                      capture_output=True, text=True).stdout.splitlines()[-1]) for _ in range(runs)]


def slowest_imports(count: int = 12) -> list[tuple[str, float]]:
    """``[(module, cumulative ms)]`` of the first answer's slowest imports on CPython (nested ones included)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", FIRST_ANSWER], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    rows = [m.groups() for m in re.finditer(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", done.stderr)]
    times = sorted(((name, int(us) / 1000) for us, _, name in rows), key=lambda r: -r[1])
    return times[:count]


def _median(runs: list[dict], key: str) -> str:
    return f"{statistics.median(r[key] for r in runs):.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(prog="first_answer_bench")
    parser.add_argument("--site", default="_site")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cp = cpython_runs(args.runs)
    print(f"CPython: import {_median(cp, 'import_ms')}, first answer {_median(cp, 'first_answer_ms')}, "
          f"{len(cp[0]['pyruntime_modules'])} pyruntime modules imported")
    if (Path(args.site) / "config.json").is_file():
        pd = pyodide_runs(Path(args.site), args.runs)
        print(f"Pyodide (Node, built site's bundles): start {_median(pd, 'pyodide_ms')}, "
              f"import {_median(pd, 'import_ms')}, first answer {_median(pd, 'first_answer_ms')}, "
              f"{len(pd[0]['pyruntime_modules'])} pyruntime modules imported")
    else:
        print(f"Pyodide: skipped ({args.site} is not a built site)")
    print("slowest imports on CPython (cumulative):")
    for name, ms in slowest_imports():
        print(f"  {ms:7.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
