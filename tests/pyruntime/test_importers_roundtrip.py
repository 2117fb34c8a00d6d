"""Property: any valid series written in any supported format reads back identical.

Values are whole watt-hours (three decimals of kWh), the precision every
format here can carry exactly.
"""

import datetime as dt
import json
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pyruntime.fileformats import ColumnMapping, import_file
from pyruntime.timeseries.londontime import HALF_HOUR, bst_bounds, isoformat_local, isoformat_utc, local_datetime
from pyruntime.timeseries.series import Series


def utc_naive(t, fmt="%Y-%m-%d %H:%M"):
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime(fmt)


def local_naive(t):
    return local_datetime(t).strftime("%Y-%m-%d %H:%M:%S")


def present(series):
    return [(series.start + i * HALF_HOUR, v) for i, v in enumerate(series.values) if v is not None]


def w_dashboard(s):
    rows = "".join(f"{v:.20f}, {isoformat_local(t)}, {isoformat_local(t + HALF_HOUR)}\n" for t, v in present(s))
    return "Consumption (kWh), Start, End\n" + rows


def dashboard_end(t):
    """Dashboard downloads from 2024 end each London day at 23:59:59.999, not at midnight."""
    end = isoformat_local(t + HALF_HOUR)
    if end[11:19] != "00:00:00":
        return end
    return isoformat_local(t)[:11] + "23:59:59.999000" + isoformat_local(t)[19:]


def w_dashboard_2024(s):
    head = "Consumption (kwh), Estimated Cost Inc. Tax (p), Standing Charge Inc. Tax (p), Start, End\n"
    return head + "".join(
        f"{v:.6f}, {v * 24.5:.2f}, 0.93, {isoformat_local(t)}, {dashboard_end(t)}\n" for t, v in present(s)
    )


def w_glowmarkt_csv(s):
    return "epochTimestamp,kWh,dateTime\n" + "".join(f"{t},{v:g},{isoformat_utc(t)}\n" for t, v in present(s))


def w_lcl_kaggle(s):
    return "LCLid,tstp,energy(kWh/hh)\n" + "".join(
        f"MAC000002,{utc_naive(t, '%Y-%m-%d %H:%M:%S')}.0000000,{v:g}\n" for t, v in present(s)
    )


def w_api_csv(s):
    rows = reversed(present(s))
    return "consumption,interval_start,interval_end\n" + "".join(
        f"{v:g},{isoformat_utc(t)},{isoformat_utc(t + HALF_HOUR)}\n" for t, v in rows
    )


def w_powershaper(s):
    rows = reversed(present(s))
    return "halfhour ending at,usage\n" + "".join(
        f"{utc_naive(t + HALF_HOUR, '%Y-%m-%d %H:%M:%S')}+00:00,{v:.4f}\n" for t, v in rows
    )


def w_n3rgy_csv(s):
    return "timestamp (UTC),energyConsumption (kWh)\n" + "".join(
        f"{utc_naive(t + HALF_HOUR)},{v:.3f}\n" for t, v in present(s)
    )


def w_wh_local(s):
    return '"Timestamp","Value (Wh)"\n' + "".join(f"{local_naive(t)},{round(v * 1000)}\n" for t, v in present(s))


def w_lcl(s):
    return ",KWH/hh (per half hour) \n" + "".join(f"{utc_naive(t, '%Y-%m-%d %H:%M:%S')},{v:g}\n" for t, v in present(s))


def w_octopus_json(s):
    res = [
        {"consumption": v, "interval_start": isoformat_local(t), "interval_end": isoformat_local(t + HALF_HOUR)}
        for t, v in reversed(present(s))
    ]
    return json.dumps({"count": len(res), "next": None, "previous": None, "results": res})


def w_n3rgy_json(s):
    vals = [{"timestamp": utc_naive(t + HALF_HOUR), "value": v} for t, v in present(s)]
    return json.dumps({"resource": "/x/electricity/consumption/1", "granularity": "halfhour", "values": vals})


def w_octopus_json_pages(s):
    """Several saved API pages merged into one list, as download scripts dump them."""
    res = [
        {"consumption": v, "interval_start": isoformat_utc(t), "interval_end": isoformat_utc(t + HALF_HOUR)}
        for t, v in present(s)
    ]
    return json.dumps([{"count": len(res), "results": res[i : i + 40]} for i in range(0, len(res), 40)])


def w_n3rgy_v2_json(s):
    vals = [{"timestamp": utc_naive(t + HALF_HOUR), "primaryValue": v} for t, v in present(s)]
    return json.dumps({"resource": "/mpxn/1/utility/electricity/readingtype/consumption", "granularity": "halfhour",
                       "unit": "kWh", "devices": [{"deviceId": "00-00", "values": vals}]})


def w_n3rgy_csv_device(s):
    return "deviceId,timestamp (UTC),energyConsumption (kWh)\n" + "".join(
        f"00-11-22,{utc_naive(t + HALF_HOUR)},{v:.3f}\n" for t, v in present(s)
    )


def w_glowmarkt_json(s):
    data = [[t, v] for t, v in present(s)]
    return json.dumps(
        {"data": data, "classifier": "electricity.consumption", "units": "kWh", "query": {"period": "PT30M"}}
    )


WRITERS = {
    "octopus_dashboard": w_dashboard,
    "octopus_dashboard_2024": w_dashboard_2024,
    "octopus_api_csv": w_api_csv,
    "powershaper": w_powershaper,
    "n3rgy_csv": w_n3rgy_csv,
    "two_column_wh_local": w_wh_local,
    "lcl": w_lcl,
    "octopus_api_json": w_octopus_json,
    "n3rgy_json": w_n3rgy_json,
    "glowmarkt_json": w_glowmarkt_json,
    "glowmarkt_csv": w_glowmarkt_csv,
    "octopus_json_pages": w_octopus_json_pages,
    "n3rgy_v2_json": w_n3rgy_v2_json,
    "n3rgy_csv_device": w_n3rgy_csv_device,
    "lcl_kaggle": w_lcl_kaggle,
}

# Start near a clock change half the time, so the repeated and skipped hours are exercised.
_changes = [b for y in range(2019, 2026) for b in bst_bounds(y)]
starts = st.one_of(
    st.integers(1546300800 // HALF_HOUR, 1767225600 // HALF_HOUR).map(lambda n: n * HALF_HOUR),
    st.tuples(st.sampled_from(_changes), st.integers(-60, 10)).map(lambda p: p[0] + p[1] * HALF_HOUR),
)
values = st.lists(st.one_of(st.none(), st.integers(0, 4000).map(lambda wh: wh / 1000)), min_size=3, max_size=150)


def series_of(start, vals):
    vals = list(vals)
    vals[0] = 0.123 if vals[0] is None else vals[0]
    vals[-1] = 0.456 if vals[-1] is None else vals[-1]
    s = Series("electricity", start, tuple(vals))
    # Readings all on the hour with no two adjacent are indistinguishable from hourly data.
    assume(any(t % 3600 for t, _ in present(s)) or any(a is not None and b is not None for a, b in pairwise(vals)))
    return s


def fold_gap(s):
    """A repeated-hour time written once in a naive-local file cannot be placed (documented ambiguity).

    Without its twin, "01:30" on the clocks-back day is read as BST; the test
    skips series where the twin is a gap or outside the series.
    """
    times = {t for t, _ in present(s)}
    for t in times:
        lt = local_datetime(t)
        in_fold = lt.month == 10 and lt.hour == 1 and lt.day >= 25 and lt.weekday() == 6
        twin = t + 3600 if lt.utcoffset() else t - 3600
        if in_fold and twin not in times:
            return True
    return False


@settings(max_examples=60, deadline=None)
@given(start=starts, vals=values, fmt=st.sampled_from(sorted(WRITERS)))
def test_any_series_reads_back_identical(start, vals, fmt):
    s = series_of(start, vals)
    if fmt == "two_column_wh_local":
        assume(not fold_gap(s))
    # A naive-local file may hold nothing that tells UK time from UTC: the user's answer is given.
    back = import_file(WRITERS[fmt](s).encode("utf-8"), timezone="Europe/London").channels[0]
    assert back.series == s, back.report.to_json()
    assert back.report.duplicates_identical == 0 and back.report.dropped == ()


@settings(max_examples=20, deadline=None)
@given(start=starts, vals=values, stamp=st.sampled_from(["start", "end"]))
def test_mapped_generic_csv_reads_back_identical(start, vals, stamp):
    s = series_of(start, vals)
    shift = HALF_HOUR if stamp == "end" else 0
    text = "site;when (utc);kwh\n" + "".join(
        f"home;{utc_naive(t + shift, '%d/%m/%Y %H:%M')};{v:.3f}\n" for t, v in present(s)
    )
    m = ColumnMapping("when (utc)", "kwh", unit="kWh", stamp=stamp, timezone="UTC")
    assert import_file(text, mapping=m).channels[0].series == s


SPANS = {
    "clocks_forward_day": 1679788800 - 2 * 86400,  # 2023-03-24 … 03-28, with 26 March
    "clocks_back_day": 1698537600 - 2 * 86400,  # 2023-10-27 … 10-31, with 29 October
    "summer_no_change": 1688169600,  # 2023-07-01 … 07-05
    "winter_no_change": 1673740800,  # 2023-01-15 … 01-19
}


@pytest.mark.parametrize("span", sorted(SPANS))
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_layout_reads_back_across_both_clock_changes_and_without_them(fmt, span):
    n = 5 * 48
    s = Series("electricity", SPANS[span], tuple(round(0.05 + (i * 37 % 91) / 100, 3) for i in range(n)))
    back = import_file(WRITERS[fmt](s).encode("utf-8"), timezone="Europe/London").channels[0]
    assert back.series == s, (fmt, span, back.report.warnings)
