"""Import, export and net import by period; self-consumption only from entered generation."""

from __future__ import annotations

import datetime as dt

import pytest

from pyruntime.analysis.net import net_import_report
from pyruntime.analysis.netimport import self_consumption
from pyruntime.timeseries.londontime import day_bounds, isoformat_local
from pyruntime.timeseries.series import Series

T0 = day_bounds(dt.date(2023, 6, 30))[0]  # BST: local midnight is 23:00Z


def two_days(imp, exp):
    return Series("electricity", T0, tuple(imp)), Series("export", T0, tuple(exp))


def test_net_import_by_day_month_and_half_hour():
    imp = [0.5] * 96
    exp = [0.0] * 96
    exp[24:30] = [1.0] * 6  # 30 June midday
    exp[72] = 0.25  # 1 July
    imports, exports = two_days(imp, exp)
    r = net_import_report(imports, exports, day="2023-06-30")
    d30, d1 = r.days
    assert (d30.import_kwh, d30.export_kwh, d30.net_kwh) == (24.0, 6.0, 18.0)
    assert (d1.import_kwh, d1.export_kwh, d1.net_kwh) == (24.0, 0.25, 23.75)
    assert [m.key for m in r.months] == ["2023-06", "2023-07"]
    assert r.totals.net_kwh == pytest.approx(41.75)
    hh = r.half_hours[24]
    assert hh.net_kwh == -0.5 and isoformat_local(hh.start_utc) == "2023-06-30T12:00:00+01:00"
    assert r.self_consumption is None


def test_a_half_hour_missing_on_either_meter_is_left_out_of_net():
    imp = [0.5] * 96
    exp = [0.1] * 96
    imp[3] = None
    exp[50] = None
    r = net_import_report(*two_days(imp, exp))
    d30, d1 = r.days
    assert (d30.expected, d30.import_present, d30.export_present, d30.both) == (48, 47, 48, 47)
    assert d30.import_kwh == 23.5 and d30.export_kwh == pytest.approx(4.8)
    assert d30.net_kwh == pytest.approx(47 * 0.4)  # not 23.5 − 4.8
    assert d1.net_kwh == pytest.approx(47 * 0.4)
    assert d30.complete is False


def test_export_only_has_no_net():
    r = net_import_report(None, Series("export", T0, (0.2,) * 48))
    assert r.has_import is False
    assert r.days[0].export_kwh == pytest.approx(9.6) and r.days[0].net_kwh is None


def test_self_consumption_from_entered_generation():
    sc = self_consumption(3000, 1200, 2500)
    assert sc.self_consumed_kwh == 1800 and sc.share_of_generation == pytest.approx(0.6)
    assert sc.home_use_kwh == 4300
    with pytest.raises(ValueError, match="more than"):
        self_consumption(1000, 1200, None)


def test_self_consumption_in_the_report_warns_on_a_partial_year():
    r = net_import_report(*two_days([0.5] * 96, [0.1] * 96), annual_generation_kwh=100)
    sc = r.self_consumption
    assert sc.export_kwh == pytest.approx(9.6) and sc.self_consumed_kwh == pytest.approx(90.4)
    assert sc.home_use_kwh == pytest.approx(48 + 90.4)
    assert sc.days == 2 and sc.complete is False and sc.warning
