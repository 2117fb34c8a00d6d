"""Any URL, any report: a drawn view (with notices for what fell back) or a clear error, never a crash.

Hypothesis draws parameter sets from every report's own settings plus the
shared ones, with values that are right, nearly right (out-of-range dates,
year 0000, 9999, Feb 30) and plain junk, and renders each through the
``report`` op on the demo household with the bundled sample feeds.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyruntime.errors import UserError
from pyruntime.ops.core import REPORTS
from tests.pyruntime.sample_feeds import sample_session, view_model

DATES = ["2023-01-15", "2023-03-26", "2023-10-29", "0000-01-01", "9999-12-31", "2023-02-30", "2023-13-01",
         "1970-01-01", "2023-1-1", "20230101", "-2023-01-01", "2023-07"]
MONTHS = ["2023-01", "2023-12", "0000-01", "0000-00", "9999-12", "2023-13", "2023-00", "2024-02", "1900-01", "23-01"]
VALUES = {
    "report": [*REPORTS, "nope", ""],
    "fuel": ["electricity", "gas", "export", "steam", ""],
    "month": MONTHS,
    "day": DATES,
    "from": DATES + MONTHS,
    "to": DATES + MONTHS,
    "region": [*"ACHIOP", "Z", "", "national", "AA"],
    "tariff": ["actual", "agile", "go", "flexible", "flexible_e7", "custom1", "custom9", "E-1R-VAR-22-11-01-C", "x"],
    "custom": ["electricity~Fixed~24.5~45", "gas~G~6.1~30;export~E~15~0", "electricity~T~0030-0430:7,25~50~exc~20",
               "electricity~bad~-1~1e308", "~~~", "electricity~n~nan~inf", "gas~" + "x" * 300 + "~1~1"],
    "has": ["ev,heat_pump", "none", "battery,solar,ev,heat_pump", "rocket"],
    "e7": ["0030-0730", "2300-0600", "2400-0100", "0015-0700", "abcd", "0000-0000"],
    "intensity": ["national", "regional", "x"],
    "shift": ["0", "20", "100", "101", "-5", "1e9", "nan", "x"],
    "price": ["24.5", "0", "-1", "1e308", "inf", "nan", "x"],
    "generation": ["3500", "0", "-1", "1e308", "nan", "x"],
}
JUNK = st.text(max_size=40)


@st.composite
def url_params(draw) -> dict[str, str]:
    names = draw(st.lists(st.sampled_from(sorted(VALUES)), unique=True, max_size=6))
    params = {}
    for name in names:
        params[name] = draw(st.one_of(st.sampled_from(VALUES[name]), JUNK) if name != "report"
                            else st.sampled_from(VALUES[name]))
    return params


SESSION = sample_session()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(url_params())
def test_every_url_gives_a_view_with_notices_or_a_clear_error(params):
    try:
        model = view_model(SESSION, **params)
    except UserError as exc:  # a clear message for the person, the page shows it
        assert exc.message and "Traceback" not in exc.message
        return
    assert model["view"]["report"] in REPORTS
    assert isinstance(model["notices"], list)
    json.dumps(model, allow_nan=False)  # what the bridge sends must be valid JSON


def test_year_zero_and_other_impossible_months_fall_back_with_a_notice():
    for month in ("0000-01", "9999-12"):
        model = view_model(SESSION, report="consumption", month=month)
        assert model["view"]["month"] in ("2023-01", "2023-12")
        assert any(month in n for n in model["notices"])
