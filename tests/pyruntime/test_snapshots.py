"""Every report's view model, pinned: the demo and a loaded file, with the bundled sample feeds.

Each case is a report URL; its view model (as the page gets it, after a JSON
round trip) is compared with ``tests/fixtures/snapshots/<case>.json``. A
change to what any report shows fails here until the snapshot is updated on
purpose: run with ``UPDATE_SNAPSHOTS=1`` and review the diff.

The CSV of every table is pinned too (``download_table``), so a download
changes only when its report does.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from pyruntime.bridge import run_sync
from pyruntime.ops import OpContext
from pyruntime.ops.downloads import download_table
from pyruntime.ops.load import load_file
from pyruntime.ops.prices import feed_overview, tariff_prices

from .sample_feeds import sample_session, view_model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SNAPSHOTS = FIXTURES / "snapshots"
FILE = FIXTURES / "consumption" / "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
UPDATE = bool(os.environ.get("UPDATE_SNAPSHOTS"))

DEMO = {
    "consumption": [{}, {"fuel": "gas"}, {"month": "2023-03"}, {"day": "2023-03-26"}, {"day": "2023-10-29"},
                    {"week": "2023-03-22"}, {"year": "2023"}, {"from": "2023-02-20", "to": "2023-03-05"}],
    "cost": [{}, {"tariff": "agile"}, {"month": "2023-07", "tariff": "go"}, {"day": "2023-10-29", "fuel": "gas"},
             {"e7": "0030-0730"}, {"week": "2023-10-23", "tariff": "agile"}],
    "bill": [{}, {"from": "2023-03-01", "to": "2023-08-31"}, {"fuel": "gas"}, {"tariff": "agile", "month": "2023-05"}],
    "compare": [{}, {"from": "2023-03-01", "to": "2023-08-31"}, {"has": "ev"},
                {"custom": "electricity~Fixed deal~24.5~45;gas~Fixed gas~6.1~30;export~SEG~4.1"}],
    "emissions": [{}, {"fuel": "gas"}, {"month": "2023-06"}, {"day": "2023-06-21", "shift": "2"},
                  {"intensity": "national"}, {"week": "2023-06-19"}],
    "profile": [{}, {"fuel": "gas"}, {"month": "2023-01"}, {"price": "agile"}],
    "heatmap": [{"month": "2023-02"}, {"fuel": "gas", "month": "2023-11"}],
    "net": [{}, {"month": "2023-06"}, {"day": "2023-06-21"}, {"generation": "3500"}],
    "quality": [{}, {"fuel": "gas"}],
    "whatif": [{}, {"battery": "0", "solar": "4", "ev_miles": "6000", "heat_pump": "1"}],
    "overview": [{}],
    "nosuch": [{"month": "2023-13"}],
}
FILE_CASES = {name: [{}] for name in ("consumption", "cost", "bill", "compare", "emissions", "profile", "heatmap",
                                       "quality", "overview")} | {"consumption": [{}, {"day": "2023-10-29"}]}
PRICES = [{}, {"region": "A", "family": "go", "days": "3"}, {"kind": "G-1R"}, {"kind": "E-2R", "day": "2023-12-01"}]


def _name(source: str, report: str, params: dict[str, str]) -> str:
    tail = "-".join(f"{k}={v}" for k, v in sorted(params.items()))
    safe = "".join(c if c.isalnum() or c in "=-." else "_" for c in tail)[:80]
    return f"{source}-{report}" + (f"-{safe}" if safe else "")


def _cases() -> list[tuple[str, str, dict[str, str]]]:
    cases = [("demo", r, p) for r, variants in DEMO.items() for p in variants]
    cases += [("file", r, p) for r, variants in FILE_CASES.items() for p in variants]
    return cases


@pytest.fixture(scope="module")
def sessions():
    demo = sample_session()
    loaded = sample_session()
    run_sync(load_file(OpContext(loaded, {"name": FILE.name}, FILE.read_bytes())))
    return {"demo": (demo, "demo"), "file": (loaded, loaded.household.source)}


def _check(name: str, got: object) -> None:
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no snapshot {path.name}; run with UPDATE_SNAPSHOTS=1"
    want, have = json.loads(path.read_text(encoding="utf-8")), json.loads(text)
    changes = _differences(want, have)
    assert not changes, f"{name} changed at: {changes[:5]}"


def _differences(want: object, have: object, at: str = "") -> list[str]:
    """Where two JSON values differ, as paths with both values: the first few tell what changed.

    Floats agree to 1e-9 relative: the solar model's trigonometry comes from
    the platform's libm, which differs from Pyodide's in the last bit. Text
    (every figure a person reads) must match exactly.
    """
    if isinstance(want, float) or isinstance(have, float):
        ok = isinstance(want, int | float) and isinstance(have, int | float) and math.isclose(want, have, rel_tol=1e-9)
        return [] if ok else [f"{at}: {want!r} != {have!r}"]
    if isinstance(want, dict) and isinstance(have, dict):
        keys = sorted(set(want) | set(have))
        return [d for k in keys for d in _differences(want.get(k), have.get(k), f"{at}.{k}")]
    if isinstance(want, list) and isinstance(have, list) and len(want) == len(have):
        return [d for i, (w, h) in enumerate(zip(want, have, strict=True)) for d in _differences(w, h, f"{at}[{i}]")]
    return [] if want == have else [f"{at}: {want!r} != {have!r}"]


def _tables_csv(session, source: str, model: dict) -> list[str]:
    out = []
    count = sum(1 for block in model["blocks"] if block["type"] == "table")
    for i in range(count):
        payload = {"source": source, "params": model["view"], "table": i}
        out.append(run_sync(download_table(OpContext(session, payload)))["text"])
    return out


@pytest.mark.parametrize(("kind", "report", "params"), _cases(), ids=lambda x: x if isinstance(x, str) else None)
def test_report_view_models_are_unchanged(sessions, kind, report, params):
    session, source = sessions[kind]
    model = view_model(session, source, report=report, **params)
    _check(_name(kind, report, params), {"model": model, "csv": _tables_csv(session, source, model)})


@pytest.mark.parametrize("params", PRICES)
def test_prices_page_view_models_are_unchanged(params):
    session = sample_session()
    overview = run_sync(feed_overview(OpContext(session, {})))
    prices = run_sync(tariff_prices(OpContext(session, {"params": params})))
    _check(_name("prices", "tariff", params), {"overview": overview if not params else None, "tariff": prices})
