"""The carbon, pattern and net views over three years of half-hours: Pyodide (under Node) against CPython.

Run from the repository root: ``python bench/analysis_worker_bench.py [repeats]``
(``make bench`` runs it). Each case is one worker message through
:func:`pyruntime.bridge.handle`, exactly what the page sends: building the
view model and serialising the reply. The household is the 2023 demo year
laid three times end to end from 1 January 2022 (52,560 half-hours per
fuel); feed files for 2022–2024 are the bundled 2023 samples relabelled, served
from memory. "first" is the first call (it also parses the feed files);
"again" is the median of the following ones (feeds cached per session, as
when a user switches views).

The Pyodide side runs the pinned Pyodide from ``node_modules`` under Node
(same WebAssembly build and V8 engine as the page's Web Worker in Chromium,
without the browser around it). Target: ≤ 200 ms per view in Pyodide.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pyruntime import bridge  # noqa: E402
from pyruntime.household import Household  # noqa: E402
from pyruntime.household.demo import demo_household  # noqa: E402
from pyruntime.household.facts import HouseholdFacts  # noqa: E402
from pyruntime.providers.http import HttpResponse  # noqa: E402
from pyruntime.timeseries.londontime import day_bounds  # noqa: E402
from pyruntime.timeseries.series import Series  # noqa: E402

YEARS = (2022, 2023, 2024)
TARGET_MS = 200.0
SAMPLE = ROOT / "feeds" / "sample" / "v1"
TARIFFS = ("E-1R-VAR-22-11-01-C", "G-1R-VAR-22-11-01-C", "E-1R-OUTGOING-FIX-12M-19-05-13-C")
CASES = [
    ("emissions: all months", "report", {"report": "emissions", "fuel": "electricity"}),
    ("emissions: a month", "report", {"report": "emissions", "fuel": "electricity", "month": "2024-03"}),
    ("emissions: a day", "report", {"report": "emissions", "fuel": "electricity", "day": "2024-10-27"}),
    ("emissions: national actuals", "report", {"report": "emissions", "fuel": "electricity",
                                               "intensity": "national"}),
    ("emissions: gas", "report", {"report": "emissions", "fuel": "gas"}),
    ("profile: electricity", "report", {"report": "profile", "fuel": "electricity"}),
    ("profile: gas", "report", {"report": "profile", "fuel": "gas"}),
    ("heatmap: all days", "report", {"report": "heatmap", "fuel": "electricity"}),
    ("heatmap: a month", "report", {"report": "heatmap", "fuel": "electricity", "month": "2023-10"}),
    ("net import", "report", {"report": "net", "fuel": "export", "generation": "3200"}),
    ("CSV: a table (rebuilds the view)", "download_table", {"report": "emissions", "fuel": "electricity"}),
    ("CSV: every day, price + carbon", "download_data", {"grain": "daily"}),
    ("CSV: every half-hour, price + carbon", "download_data", {"grain": "half_hourly"}),
]


def _half_hours(year: int) -> int:
    return (day_bounds(dt.date(year + 1, 1, 1))[0] - day_bounds(dt.date(year, 1, 1))[0]) // 1800


def _relabel(series: dict, year: int) -> None:
    n = _half_hours(year)
    series["start"] = f"{year}-01-01T00:00:00Z"
    series["values"] = (series["values"] * 2)[:n]


class ThreeYearFeeds:
    """The sample feeds, with each 2023 file also served (relabelled) as 2022 and 2024."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        index = json.loads((SAMPLE / "index.json").read_text())
        for region in ("C", "national"):
            doc = json.loads((SAMPLE / f"carbon/{region}/2023.json").read_text())
            for year in YEARS:
                d = copy.deepcopy(doc)
                d["year"] = year
                for key in ("intensity_g_per_kwh_forecast", "intensity_g_per_kwh_actual"):
                    if d.get(key):
                        _relabel(d[key], year)
                self.files[f"feeds/v1/carbon/{region}/{year}.json"] = json.dumps(d)
                index["carbon"][region]["years"][str(year)] = index["carbon"][region]["years"]["2023"]
        for code in TARIFFS:
            doc = json.loads((SAMPLE / f"tariffs/{code}/2023.json").read_text())
            for year in YEARS:
                d = copy.deepcopy(doc)
                d["year"] = year
                for rate in d["unit_rates"].values():
                    for series in rate.values():
                        _relabel(series, year)
                self.files[f"feeds/v1/tariffs/{code}/{year}.json"] = json.dumps(d)
                index["tariffs"][code]["years"][str(year)] = index["tariffs"][code]["years"]["2023"]
        self.files["feeds/v1/index.json"] = json.dumps(index)

    async def send(self, request):
        body = self.files.get(request.url)
        return HttpResponse(200, {}, body) if body is not None else HttpResponse(404, {}, "")


def three_years() -> Household:
    home = demo_household()
    start = day_bounds(dt.date(YEARS[0], 1, 1))[0]
    series = {fuel: Series(fuel, start, s.values * len(YEARS)) for fuel, s in home.items()}
    return Household("file", series, region="C", facts=HouseholdFacts(label="three years"))


def _message(op: str, params: dict) -> str:
    if op == "report":
        payload = {"source": "file", "params": params}
    elif op == "download_table":
        payload = {"source": "file", "params": params, "table": 0}
    else:
        payload = {"source": "file", "fuel": "electricity", "tariff": TARIFFS[0], "region": "C", **params}
    return json.dumps({"v": 1, "id": 1, "op": op, "payload": payload})


def measure(repeats: int = 5) -> dict:
    """Times [ms] per case: first call and the median of ``repeats`` more, with the reply's size."""
    bridge.SESSION.forget()
    bridge.SESSION.transport = ThreeYearFeeds()
    bridge.SESSION.replace(three_years())
    out = {"python": sys.version.split()[0], "platform": sys.platform, "cases": []}
    for name, op, params in CASES:
        msg = _message(op, params)
        times = []
        reply = ""
        for _ in range(repeats + 1):
            t = time.perf_counter()
            reply = bridge.handle(msg)
            times.append((time.perf_counter() - t) * 1000)
        ok = json.loads(reply)["ok"]
        if not ok:
            raise RuntimeError(f"{name}: {json.loads(reply)['error']}")
        out["cases"].append({"name": name, "first": times[0], "again": statistics.median(times[1:]),
                             "bytes": len(reply)})
    return out


NODE = """
import path from "node:path";
import { loadPyodide } from "pyodide";
const [root, repeats] = process.argv.slice(1);
const py = await loadPyodide();
py.mountNodeFS("/project", path.resolve(root));
const out = await py.runPythonAsync(`
import sys, os
sys.path.insert(0, "/project")
os.chdir("/project")
from bench.analysis_worker_bench import measure
import json
json.dumps(measure(${Number(repeats)}))
`);
process.stdout.write(out);
"""


def measure_in_pyodide(repeats: int) -> dict | None:
    try:
        done = subprocess.run(["node", "--input-type=module", "-e", NODE, str(ROOT), str(repeats)], cwd=ROOT,
                              capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"Pyodide under Node could not run: {exc}")
        return None
    if done.returncode != 0:
        print("Pyodide under Node failed:\n" + done.stderr[-2000:])
        return None
    return json.loads(done.stdout)


def main(repeats: int = 5) -> int:
    cpython = measure(repeats)
    pyodide = measure_in_pyodide(repeats)
    print(f"{len(three_years().series['electricity'].values):,} half-hours per fuel, {YEARS[0]}–{YEARS[-1]}; "
          f"CPython {cpython['python']} vs Pyodide {pyodide['python'] if pyodide else '-'} under Node; "
          f"first call / median of {repeats} more [ms]")
    print(f"{'view':38} {'Pyodide first':>13} {'again':>7}   {'CPython first':>13} {'again':>7} {'reply':>11}"
          f"  target {TARGET_MS:.0f} ms (Pyodide, again)")
    over = 0
    for i, c in enumerate(cpython["cases"]):
        p = pyodide["cases"][i] if pyodide else None
        flag = ""
        if p and c["name"].split(":")[0] != "CSV" and p["again"] > TARGET_MS:
            flag = "  over"
            over += 1
        ptxt = f"{p['first']:13.0f} {p['again']:7.0f}" if p else f"{'-':>13} {'-':>7}"
        print(f"{c['name']:38} {ptxt}   {c['first']:13.0f} {c['again']:7.0f} {c['bytes']:11,d}{flag}")
    print("CSV downloads are listed for information: they run once per click, not per view.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
