"""Octopus's estimated cost, carried by a 2024-layout dashboard download, shown beside our bill.

The download is synthesised from the demo household's January 2023 in the
2024 layout, with Octopus's per-half-hour cost at the sample feed's
Flexible Octopus rate for London (34.04 p/kWh inc VAT, rounded per
half-hour as the dashboard shows it) and the standing charge spread over
48 half-hours.
"""

from __future__ import annotations

from pyruntime.bridge import run_sync
from pyruntime.household import demo
from pyruntime.ops import OpContext
from pyruntime.ops.load import OPS
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_local
from tests.pyruntime.sample_feeds import sample_session, view_model

JAN = (1672531200, 1675209600)  # 2023-01-01 … 2023-02-01 UTC (GMT, so London days)


def download(rate_p: float, standing_p_per_day: float = 37.292) -> bytes:
    s = demo().series["electricity"]
    rows = ["Consumption (kwh), Estimated Cost Inc. Tax (p), Standing Charge Inc. Tax (p), Start, End"]
    for i, v in enumerate(s.values):
        t = s.start + i * HALF_HOUR
        if v is None or not JAN[0] <= t < JAN[1]:
            continue
        end = isoformat_local(t + HALF_HOUR)
        if end[11:19] == "00:00:00":
            end = isoformat_local(t)[:11] + "23:59:59.999000+00:00"
        rows.append(f"{v:.6f}, {v * rate_p:.2f}, {standing_p_per_day / 48:.4f}, {isoformat_local(t)}, {end}")
    return ("\n".join(rows) + "\n").encode()


def check_blocks(rate_p: float) -> tuple[dict, dict]:
    session = sample_session()
    run_sync(OPS["load_file"](OpContext(session, {"name": "octopus.csv", "fuel": "electricity"}, download(rate_p))))
    m = view_model(session, source="file", report="bill", fuel="electricity", region="C",
                   **{"from": "2023-01-01", "to": "2023-01-31"})
    table = next(b for b in m["blocks"] if b["type"] == "table" and b["title"] == "Octopus's estimate beside this bill")
    text = next(b for b in m["blocks"] if b["type"] == "text" and b["title"] == "Why the two may differ")
    return table, text


def test_same_tariff_agrees_within_rounding():
    table, text = check_blocks(34.04)
    rows = {r[0]: [c["text"] for c in r[1:]] for r in table["rows"]}
    theirs, ours, _ = rows["Energy (inc VAT)"]
    assert ours == "£139.53"
    assert abs(float(theirs[1:]) - 139.53) < 0.2
    assert rows["Standing charges (inc VAT)"][:2] == ["£11.56", "£11.56"]
    assert rows["Half-hours counted"] == ["1,488", "1,488", "+0"]
    assert any(p.startswith("Energy agrees within 1 %") for p in text["paragraphs"])


def test_a_different_rate_is_shown_with_the_difference_and_the_likely_reason():
    table, text = check_blocks(25.0)
    rows = {r[0]: [c["text"] for c in r[1:]] for r in table["rows"]}
    theirs, ours, diff = rows["Energy (inc VAT)"]
    assert ours == "£139.53" and diff.startswith("+£") and float(theirs[1:]) < 110
    assert any("priced on Flexible Octopus" in p and "tariff on your account" in p for p in text["paragraphs"])
