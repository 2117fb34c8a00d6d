"""A sample of hostile report URLs in Chromium: each view is drawn with a notice or says what is wrong.

The full fuzz runs on CPython (``tests/pyruntime/test_url_fuzz.py``); this
sample proves the page itself never throws on them and keeps working.
"""

from __future__ import annotations

import random
from urllib.parse import urlencode

SAMPLE = [
    {"report": "consumption", "month": "0000-01"},
    {"report": "consumption", "day": "9999-12-31"},
    {"report": "cost", "from": "0000-01-01", "to": "9999-12"},
    {"report": "bill", "from": "2023-02-30", "to": "2023-13"},
    {"report": "compare", "has": "rocket", "e7": "2400-0100", "custom": "electricity~n~nan~inf"},
    {"report": "emissions", "shift": "1e9", "region": "Z", "intensity": "x"},
    {"report": "profile", "price": "-1", "month": "2023-00"},
    {"report": "heatmap", "month": "9999-12", "fuel": "steam"},
    {"report": "net", "generation": "1e308"},
    {"report": "quality", "fuel": "export", "day": "-2023-01-01"},
]
RNG = random.Random(15)
JUNK = ["", "x", "<script>", "0000-01", "%00", "1e308", "nan", "🙂", "../..", "a" * 200]
KEYS = ["report", "fuel", "month", "day", "from", "to", "region", "tariff", "custom", "has", "e7", "shift", "price"]
SAMPLE += [{k: RNG.choice(JUNK) for k in RNG.sample(KEYS, 4)} for _ in range(4)]


GO = "(u) => { history.pushState(null, '', u); dispatchEvent(new PopStateEvent('popstate')); }"


def test_hostile_urls_are_drawn_with_a_notice_or_a_clear_error(page, site_url, wait_ready):
    page.goto(f"{site_url}/?source=demo")
    assert wait_ready(page) == "ready"
    for params in SAMPLE:  # in one page, as links and the back button would, so Python starts once
        page.evaluate(GO, f"?{urlencode({'source': 'demo', **params})}")
        state = wait_ready(page)
        if state == "error":
            text = page.inner_text("#error-text")
            assert "could not be made" in text and "WebAssembly" not in text, (params, text)
            assert "bug in Half-Hourly" not in text, (params, text)  # a clear message, not a crash
        else:
            assert state == "ready" and page.is_visible("#report"), params
        assert page.title() != "owned"
    # and the page still works afterwards
    page.evaluate(GO, "?source=demo&report=consumption&fuel=gas")
    assert wait_ready(page) == "ready" and "Gas" in page.inner_text("#report-title")
