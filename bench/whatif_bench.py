"""The what-if lab over a year: a 5 kWh battery + 4 kWp of solar + an EV, priced under every tariff.

Run from the repository root: ``python bench/whatif_bench.py [--site _site] [--skip-node] [--skip-worker]``.

Workload: the 2023 demo household (import, export, gas), the bundled sample
feeds of regions A and C plus 8 hand-entered import tariffs: every import
tariff sold alone with every export tariff sold alone, and Flux with its own
export (the pairs printed), ranked before and after the scenario. Timed:

* ``timer``       every pair, battery on a timer (a first view: of the session's ``LabMemory`` only the clock
                  and the sun's path are kept);
* ``day-ahead``   as the page does it: every pair planned each day at 16:00 when the distinct plans (pairs
                  with the same price pattern share one) fit ``DAY_AHEAD_HALF_HOURS``, else every pair on the
                  timer and its cheapest planned as far as the budget goes (``planned`` says how many);
* ``every plan``  day-ahead on every pair, budget lifted (what the issue's target asks for);
* ``optimal``     the perfect-foresight bound on one tariff (Agile);
* ``re-price``    one input changed (battery 5 → 6 kWh), timer, right after the 5 kWh run in the same memory.

The same code runs on CPython and in Pyodide under Node (the browser's Python
build and engine); given a built site, the lab report itself is timed in the
page's worker in Chromium (region C: 6 feed + 8 hand-entered import tariffs;
``python_ms`` of the worker's reply; ``day-ahead, every pair`` is ``plan=every`` at 91 % round trip, so that
no plan is kept from before). Targets (issue 13): ranking ≤ 2 s with
timer or day-ahead, the bound ≤ 2 s, a re-price ≤ 1 s, in the worker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.compare_worker_bench import Downloaded, feed_texts  # noqa: E402
from pyruntime.bridge import run_sync  # noqa: E402
from pyruntime.pricing.catalogue import catalogue  # noqa: E402
from pyruntime.pricing.custom import parse_custom  # noqa: E402
from pyruntime.session import Session, demo  # noqa: E402
from pyruntime.timeseries.londontime import day_bounds  # noqa: E402
from pyruntime.whatif import lab  # noqa: E402
from pyruntime.whatif.battery import Market, run_optimal  # noqa: E402
from pyruntime.whatif.lab import Inputs, Offer, Settings, run_whatif  # noqa: E402
from pyruntime.whatif.memory import LabMemory  # noqa: E402

FIRST, LAST = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
CUSTOM = ("electricity~Fixed A~24.5~45;electricity~Fixed B~22.9~60;electricity~EV~0030-0430:7,26~48;"
          "electricity~Peaky~0400-0700:20,1600-1900:38,25~50;electricity~Night~2330-0530:8,27~47;"
          "electricity~Cheap day~1100-1500:12,26~46;electricity~Flat 23~23~55;electricity~Flat 27~27~40")
SCENARIO = {"battery": "5", "battery_kw": "3", "solar": "4", "ev_miles": "7000"}
TARGETS_MS = {"timer": 2000.0, "day-ahead": 2000.0, "every plan": 2000.0, "optimal": 2000.0, "re-price": 1000.0}


async def inputs(session: Session, household) -> Inputs:
    imports, exports, gas = [], [], []
    for region in ("A", "C"):
        cat = await catalogue(session, region, ["electricity", "export", "gas"], FIRST, LAST)
        for o in cat.offers:
            offer = Offer(f"{region}:{o.key}", f"{o.label} ({region})", o.pricing,
                          o.terms.pair and f"{region}:{o.terms.pair}")
            {"electricity": imports, "export": exports, "gas": gas}[o.fuel].append(offer)
    customs, _ = parse_custom(CUSTOM)
    imports += [Offer(t.key, t.tariff.name, t.tariff) for t in customs]
    return Inputs(FIRST, LAST, household.series["electricity"], household.series["export"], household.series["gas"],
                  tuple(imports), tuple(exports), gas[0], None)


def measure(repeats: int = 1) -> dict:
    session = Session()
    session.transport = Downloaded(feed_texts())
    household = demo()
    data = run_sync(inputs(session, household))
    out: dict = {"import tariffs": len(data.imports), "tariffs": len(data.imports) + len(data.exports) + 2,
                 "python": sys.version.split()[0]}

    cpu: dict[str, float] = {}
    out["cpu"] = cpu

    def best_of(fn, name: str) -> float:
        """Wall time [ms]; the process's CPU time goes in ``cpu`` (steadier on a loaded machine)."""
        times, cpus = [], []
        for _ in range(repeats):
            t, c = time.perf_counter(), time.process_time()
            fn()
            times.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - c) * 1000)
        cpu[name] = min(cpus)
        return min(times)

    memory = LabMemory()  # the session's

    def cold(settings: Settings):
        """A scenario seen for the first time: of the session's memory, only the sun's path and the clock."""
        fresh = LabMemory(slots=memory.slots, sunlight=memory.sunlight)
        return run_whatif(data, settings, memory=fresh)

    timer = Settings.from_params({**SCENARIO, "strategy": "timer"}, "C")
    ahead = Settings.from_params({**SCENARIO, "strategy": "day_ahead"}, "C")
    out["pairs"] = len(run_whatif(data, timer, memory=memory).rows)  # also warms the sun's path and the clock
    out["timer"] = best_of(lambda: cold(timer), "timer")
    out["day-ahead"] = best_of(lambda: cold(ahead), "day-ahead")
    out["planned"] = sum(r.battery.strategy == "day_ahead" for r in cold(ahead).rows)
    budget = lab.DAY_AHEAD_HALF_HOURS
    lab.DAY_AHEAD_HALF_HOURS = 10**9
    try:
        out["every plan"] = best_of(lambda: cold(ahead), "every plan")
        out["plans"] = len({id(r.battery.grid_import) for r in cold(ahead).rows})
    finally:
        lab.DAY_AHEAD_HALF_HOURS = budget
    agile = next(o for o in data.imports if o.key == "C:agile")
    start, end = day_bounds(FIRST)[0], day_bounds(LAST)[1]
    n = (end - start) // 1800
    vat = 1 + agile.pricing.vat_rate
    buy = [None if r is None else r * vat for r in agile.pricing.unit_rates(start, n)]
    load = household.series["electricity"].window(start, end)
    surplus = [0.0 if q is not None else None for q in load]
    market = Market(buy, [0.0] * n, grid_charging=True, battery_export=False)
    out["optimal"] = best_of(lambda: run_optimal(timer.battery, load, surplus, market), "optimal")
    six = Settings.from_params({**SCENARIO, "battery": "6", "strategy": "timer"}, "C")
    def again():
        run_whatif(data, timer, memory=memory)  # the 5 kWh run, as on the page before the change (not timed)
        t, c = time.perf_counter(), time.process_time()
        run_whatif(data, six, memory=memory)
        return time.perf_counter() - t, time.process_time() - c
    runs = [again() for _ in range(repeats)]
    out["re-price"] = min(w for w, _ in runs) * 1000
    cpu["re-price"] = min(c for _, c in runs) * 1000
    return out


NODE_RUNNER = """
import { loadPyodide } from "pyodide";
const py = await loadPyodide();
py.mountNodeFS("/project", process.argv[1]);
const out = await py.runPythonAsync(`
import sys; sys.path.insert(0, "/project")
import importlib.util, json
spec = importlib.util.spec_from_file_location("wib", "/project/bench/whatif_bench.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
json.dumps(m.measure(1))
`);
console.log(out);
"""


def measure_pyodide_node() -> dict | None:
    try:
        done = subprocess.run(["node", "--input-type=module", "-e", NODE_RUNNER, str(ROOT)], cwd=ROOT,
                              capture_output=True, text=True, timeout=1800, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"  Pyodide under Node could not run: {exc}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_worker(site: Path) -> dict | None:
    """``python_ms`` of the lab report in the page's worker: timer, day-ahead, re-prices, the bound."""
    if not (site / "index.html").is_file():
        print(f"  no built site at {site}: skipping the Chromium worker (run `make build`)")
        return None
    from urllib.parse import urlencode

    from playwright.sync_api import sync_playwright

    from builder.serve import serve_in_thread

    custom = ";".join(CUSTOM.split(";")[:8])
    server, url = serve_in_thread(site)
    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            page = browser.new_page()
            page.set_default_timeout(600_000)
            page.goto(url + "/?" + urlencode({"source": "demo", "report": "consumption", "custom": custom}))
            page.wait_for_selector("html[data-state=ready]", state="attached")
            base = {"source": "demo", "report": "whatif", "custom": custom, **SCENARIO}
            for name, extra in (("first view (download + parse + timer)", {"strategy": "timer"}),
                                ("timer", {"strategy": "timer", "battery_cost": "3400"}),
                                ("re-price", {"strategy": "timer", "battery": "6"}),
                                ("day-ahead", {"strategy": "day_ahead"}),
                                ("day-ahead, battery price changed", {"strategy": "day_ahead", "battery_cost": "3000"}),
                                ("day-ahead, every pair",
                                 {"strategy": "day_ahead", "plan": "every", "battery_eff": "91"}),
                                ("timer + bound", {"strategy": "timer", "bound": "1"})):
                before = _views(page)
                page.evaluate("(u) => { history.pushState(null, '', u); "
                              "dispatchEvent(new PopStateEvent('popstate')); }", "/?" + urlencode({**base, **extra}))
                while _views(page) == before:
                    time.sleep(0.05)
                page.wait_for_selector("html[data-state=ready]", state="attached")
                out[name] = page.evaluate(
                    "performance.getEntriesByName('half-hourly:view').at(-1).detail.python_ms")
                if name == "day-ahead":
                    out["planned"] = page.locator("#blocks details.data-table", has_text="Every tariff").locator(
                        "tbody tr", has_text="planned a day ahead").count()
            table = page.locator("#blocks details.data-table", has_text="Every tariff")
            out["rows"] = table.locator("tbody tr").count()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def _views(page) -> int:
    return page.evaluate("performance.getEntriesByName('half-hourly:view').length")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default=str(ROOT / "_site"))
    parser.add_argument("--skip-node", action="store_true")
    parser.add_argument("--skip-worker", action="store_true")
    args = parser.parse_args()
    results = {"CPython": measure()}
    print(f"what-if bench: 5 kWh battery + 4 kWp solar + EV over 2023; {results['CPython']['import tariffs']} import "
          f"tariffs ({results['CPython']['tariffs']} tariffs in all) in {results['CPython']['pairs']} import × export "
          f"pairs; day-ahead planned {results['CPython']['planned']} of them within the budget, and "
          f"{results['CPython']['plans']} distinct plans cover every pair")
    if not args.skip_node and (pyo := measure_pyodide_node()):
        results[f"Pyodide {pyo['python']} (Node)"] = pyo
    for name, r in results.items():
        print(f"  {name:<22} " + "   ".join(f"{k}: {r[k]:7.0f} ms" for k in TARGETS_MS))
        print(f"  {'  (CPU time)':<22} " + "   ".join(f"{k}: {r['cpu'][k]:7.0f} ms" for k in TARGETS_MS))
    if not args.skip_worker and (w := measure_worker(Path(args.site))):
        print(f"  Chromium worker ({w.pop('rows')} import × export pairs, region C; day-ahead planned "
              f"{w.pop('planned')} of them): " + "   ".join(f"{k}: {v:.0f} ms" for k, v in w.items()))
    print("  targets: " + ", ".join(f"{k} ≤ {v:.0f} ms" for k, v in TARGETS_MS.items()) + " (in the worker)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
