"""A reading's value means the same from Octopus and from Bright: a number, or text holding one, is a reading.

Both APIs document their readings as JSON numbers (Octopus ``"consumption": 0.113``; Bright
``[epoch, 0.215]``, see /work/shared/reference/apis.md). The Octopus reader has always read a
number sent as text (``"0.3"``); the Bright reader used to drop it as a gap. Now both read a value
through ``safejson.finite_number_or_text``: a finite JSON number, or text holding exactly one JSON
number, is the reading; anything else (``"nan"``, ``"0x10"``, ``""``, ``True``, a list) is no
reading and is counted in the same "skipped" warning. Bright's ``null`` stays the API's own gap.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyruntime.fileformats.safejson import finite_number_or_text
from pyruntime.providers import glowmarkt as glow
from pyruntime.providers import octopus
from pyruntime.providers.http import HttpResponse
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc

from .json_mutations import NASTY_NUMBERS, NASTY_STRINGS

START = 1704067200  # 2024-01-01T00:00Z


def reply(doc: object) -> HttpResponse:
    return HttpResponse(200, {"content-type": "application/json"}, json.dumps(doc))


def octopus_values(values: list[object]) -> tuple[dict[int, float], int]:
    """``{start: kWh}`` and the skipped count the Octopus reader gives for one page of ``values``."""
    rows = [{"consumption": v, "interval_start": isoformat_utc(START + HALF_HOUR * i),
             "interval_end": isoformat_utc(START + HALF_HOUR * (i + 1))} for i, v in enumerate(values)]
    page = octopus.parse_consumption_page(reply({"count": len(rows), "next": None, "results": rows}))
    return dict(page.readings), page.skipped


def bright_values(values: list[object]) -> tuple[dict[int, float], int]:
    """The same for the Bright reader; its ``None`` entries are gaps, not readings."""
    got, skipped = glow.parse_readings_counted(reply({"data": [[START + HALF_HOUR * i, v]
                                                               for i, v in enumerate(values)]}))
    return {t: v for t, v in got if v is not None}, skipped


@pytest.mark.parametrize(("value", "kwh"), [
    (0.3, 0.3), (0, 0.0), ("0.3", 0.3), (" 0.3 ", 0.3), ("\t0.3\n", 0.3), ("1e3", 1000.0), ("-0.25", -0.25),
    ("65.535", 65.535),  # the meter's fault value: a reading here, set aside as faulty downstream like 65.535
    ("", None), (" ", None), ("nan", None), ("NaN", None), ("Infinity", None), ("-inf", None), ("1e999", None),
    ("0x10", None), ("1_000", None), ("+0.3", None), (".3", None), ("0.3kWh", None), ("0,3", None),
    ("٣", None),  # an Arabic-Indic digit float() would read
    ("1" * 401, None), (True, None), (False, None), (None, None), ([0.3], None), ({"v": 0.3}, None),
    (math.nan, None), (math.inf, None), (10 ** 400, None),
])
def test_what_a_value_means(value, kwh):
    assert finite_number_or_text(value) == kwh
    for read in (octopus_values, bright_values):
        readings, skipped = read([value])
        assert readings == ({} if kwh is None else {START: kwh}), read.__name__
        # a missing reading is Bright's own gap (null); everything else that is no reading is counted
        assert skipped == (kwh is None and not (value is None and read is bright_values)), read.__name__


VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10 ** 400, 10 ** 400), st.booleans(), st.none(),
    st.floats(-100, 100).map(str), st.integers(-1000, 1000).map(str), NASTY_NUMBERS, NASTY_STRINGS,
    st.sampled_from(["1e3", " 0.3 ", "", "nan", "0x10", "0.30", "-0", "1E-2", "007", "Infinity"]),
    st.text(alphabet="0123456789.eE+- xn", max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=12))
def test_both_readers_take_the_same_readings_and_count_the_same_skips(values):
    o_readings, o_skipped = octopus_values(values)
    b_readings, b_skipped = bright_values(values)
    assert o_readings == b_readings
    assert o_skipped == b_skipped + values.count(None)  # null: no reading from Octopus, Bright's own gap
    assert len(o_readings) + o_skipped == len(values)  # every value is a reading or counted, none dropped unsaid
    for t, kwh in o_readings.items():
        raw = values[(t - START) // HALF_HOUR]
        assert math.isfinite(kwh) and not isinstance(raw, bool)
        assert kwh == (float(raw.strip()) if isinstance(raw, str) else float(raw))
