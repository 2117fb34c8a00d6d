"""Rank ≥ 25 tariffs over a year of import, export and gas: CPython, Pyodide, and the page's worker.

Run from the repository root: ``python bench/compare_worker_bench.py [--site _site] [--repeats 5]``.

The workload is what the compare report does, scaled up: the feed tariffs of
regions A and C from the bundled sample feeds (20 tariff-year files, each
17,520 half-hourly rates) plus 8 hand-entered tariffs = 28 tariffs, ranked
on the 2023 demo household's electricity import, export and gas with the
household's (assumed) actual tariffs as the baseline. Three starting points:

* ``from JSON``  the feed files are downloaded and parsed into JSON (what
  ``Session.feed_json`` holds); reading them into tariffs is timed. This is
  the target's "including reading the feed files already downloaded".
* ``from text``  as above but ``json.loads`` of the downloaded text is timed too.
* ``warm``       tariffs already parsed in the session cache (a second view).

It runs the same code on CPython and in Pyodide under Node (the browser's
Python build; same WebAssembly engine as Chromium's worker), then, given a
built site, measures the compare report itself in the page's Pyodide worker in
Chromium (18 tariffs: 10 feed + 8 hand; ``python_ms`` of the worker's reply).
Target (issue 5): ≤ 300 ms in the worker.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyruntime.bridge import run_sync  # noqa: E402
from pyruntime.pricing.catalogue import actual_pricing, catalogue  # noqa: E402
from pyruntime.pricing.compare import Candidate, compare_tariffs  # noqa: E402
from pyruntime.pricing.custom import parse_custom  # noqa: E402
from pyruntime.providers.http import HttpResponse  # noqa: E402
from pyruntime.session import Session, demo  # noqa: E402

FIRST, LAST = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
FUELS = ["electricity", "export", "gas"]
CUSTOM = ("electricity~Fixed A~24.5~45;electricity~Fixed B~22.9~60;electricity~EV~0030-0430:7,26~48;"
          "electricity~Peaky~0400-0700:20,1600-1900:38,25~50;export~SEG 4~4.1;export~SEG 15~15;"
          "gas~Fixed gas~6.2~30;gas~Cheap gas~5.8~35")
TARGET_MS = 300.0


class Downloaded:
    """A transport that answers from feed files already in memory (no I/O while timing)."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    async def send(self, request):
        text = self.texts.get(request.url)
        return HttpResponse(200, {}, text) if text is not None else HttpResponse(404, {}, "")


def feed_texts() -> dict[str, str]:
    v1 = ROOT / "feeds" / "sample" / "v1"
    return {f"feeds/v1/{p.relative_to(v1).as_posix()}": p.read_text()
            for p in [v1 / "index.json", *sorted((v1 / "tariffs").glob("*/2023.json"))]}


async def rank(session: Session, household) -> int:
    """Read the feed tariffs of regions A and C, add the hand-entered ones, and rank all 28."""
    candidates = []
    for region in ("A", "C"):
        cat = await catalogue(session, region, FUELS, FIRST, LAST)
        candidates += [Candidate(f"{region}:{o.key}", o.pricing, o.label, o.terms.requires, o.terms.conditions,
                                 o.terms.pair and f"{region}:{o.terms.pair}") for o in cat.offers]
    customs, _ = parse_custom(CUSTOM)
    candidates += [Candidate(t.key, t.tariff) for t in customs]
    actual = {}
    for fuel in FUELS:
        a = await actual_pricing(session, household, fuel, "C", FIRST, LAST)
        actual[fuel] = a.pricing
    result = compare_tariffs({f: household.series[f] for f in FUELS}, candidates, FIRST, LAST, actual=actual)
    return sum(len(f.tariffs) for f in result.fuels.values())


def measure(repeats: int = 5) -> dict:
    """Best and median times [ms] of each starting point, and the number of tariffs ranked."""
    texts = feed_texts()
    household = demo()
    parsed = {path: json.loads(text) for path, text in texts.items()}

    def fresh(with_json: bool) -> Session:
        s = Session()
        s.transport = Downloaded(texts)
        if with_json:
            s.feed_cache.update(parsed)
        return s

    count = run_sync(rank(fresh(True), household))  # also warms the local-time caches, as a session would
    out = {"tariffs": count, "python": sys.version.split()[0], "platform": sys.platform}
    warm_session = fresh(True)
    run_sync(rank(warm_session, household))
    for name, make in (("from JSON", lambda: fresh(True)), ("from text", lambda: fresh(False)),
                       ("warm", lambda: warm_session)):
        times = []
        for _ in range(repeats):
            s = make()
            t = time.perf_counter()
            run_sync(rank(s, household))
            times.append((time.perf_counter() - t) * 1000)
        out[name] = {"best": min(times), "median": statistics.median(times)}
    return out


NODE_RUNNER = """
import { loadPyodide } from "pyodide";
const py = await loadPyodide();
py.mountNodeFS("/project", process.argv[1]);
const out = await py.runPythonAsync(`
import sys; sys.path.insert(0, "/project")
import importlib.util, json
spec = importlib.util.spec_from_file_location("cwb", "/project/bench/compare_worker_bench.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
json.dumps(m.measure(${REPEATS}))
`);
console.log(out);
"""


def measure_pyodide_node(repeats: int) -> dict | None:
    code = NODE_RUNNER.replace("${REPEATS}", str(repeats))
    try:
        done = subprocess.run(["node", "--input-type=module", "-e", code, str(ROOT)], cwd=ROOT, capture_output=True,
                              text=True, timeout=600, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"  Pyodide under Node could not run: {exc}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_worker(site: Path, custom: str = CUSTOM) -> dict | None:
    """``python_ms`` of the compare report in the page's worker: first view (downloads + parses), then warm."""
    if not (site / "index.html").is_file():
        print(f"  no built site at {site}: skipping the Chromium worker (run `make build`)")
        return None
    from urllib.parse import urlencode

    from playwright.sync_api import sync_playwright

    from builder.serve import serve_in_thread

    server, url = serve_in_thread(site)
    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            page = browser.new_page()
            page.goto(url + "/?" + urlencode({"source": "demo", "report": "consumption", "custom": custom}))
            page.wait_for_selector("html[data-state=ready]", state="attached", timeout=60_000)
            runs = []
            for has in (None, "none", "ev", "solar", "battery"):
                params = {"source": "demo", "report": "compare", "custom": custom} | ({"has": has} if has else {})
                before = _views(page)
                page.evaluate("(u) => { history.pushState(null, '', u); "
                              "dispatchEvent(new PopStateEvent('popstate')); }", "/?" + urlencode(params))
                while _views(page) == before:
                    time.sleep(0.01)
                page.wait_for_selector("html[data-state=ready]", state="attached")
                runs.append(page.evaluate("performance.getEntriesByName('half-hourly:view').at(-1).detail.python_ms"))
            tariffs = page.locator("#blocks details.data-table", has_text="tariffs ranked").locator("tbody tr").count()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"first view (download + parse + compare)": runs[0], "warm views": runs[1:], "rows": tariffs}


def _views(page) -> int:
    return page.evaluate("performance.getEntriesByName('half-hourly:view').length")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default=str(ROOT / "_site"))
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    results = {"CPython": measure(args.repeats)}
    print(f"compare bench: {results['CPython']['tariffs']} tariffs (sample feeds A + C, 8 hand-entered), "
          "a year of import, export and gas (17,520 half-hours each)")
    pyo = measure_pyodide_node(args.repeats)
    if pyo:
        results[f"Pyodide {pyo['python']} (Node)"] = pyo
    for name, r in results.items():
        cells = "   ".join(f"{k}: best {r[k]['best']:6.1f} ms, median {r[k]['median']:6.1f} ms"
                           for k in ("from JSON", "from text", "warm"))
        print(f"  {name:<22} {cells}")
    ok = True
    if pyo:
        ok = pyo["from JSON"]["median"] <= TARGET_MS
        print(f"  target: ≤ {TARGET_MS:.0f} ms in Pyodide from downloaded JSON: {'OK' if ok else 'OVER'}")
    worker = measure_worker(Path(args.site))
    if worker:
        warm = worker["warm views"]
        print(f"  Chromium worker, compare report ({worker['rows']} table rows incl. your tariffs): first view "
              f"{worker['first view (download + parse + compare)']:.0f} ms, later views "
              f"{', '.join(f'{w:.0f}' for w in warm)} ms (python_ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
