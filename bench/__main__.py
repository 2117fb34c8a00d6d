"""``python -m bench [--site _site]``: the site benchmark, then every ``bench/*_bench.py``."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def _print_table(title: str, rows: list[tuple[str, str, str]]) -> None:
    print(f"\n## {title}\n")
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<40}  {target}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--site", default="_site")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from bench.site_bench import run

    _print_table("Demo in Chromium (Pyodide worker)", run(Path(args.site), args.runs))
    failed = 0
    for script in sorted(HERE.glob("*_bench.py")):
        if script.name == "site_bench.py":
            continue
        print(f"\n## {script.stem}\n", flush=True)
        extra = ["--site", args.site] if script.name == "network_bench.py" else []
        failed |= subprocess.call([sys.executable, str(script), *extra], cwd=HERE.parent) != 0
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
