from pathlib import Path

import pytest

from pyruntime.analysis.consumption import consumption_report
from pyruntime.bridge import run_sync
from pyruntime.household.demo import demo_household
from pyruntime.ops import OpContext
from pyruntime.ops.load import load_file
from pyruntime.present.view import View
from pyruntime.timeseries.series import Series

from .sample_feeds import sample_session, view_model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"

HOUSEHOLD = demo_household()


def test_all_months_show_average_daily_use_normalised_for_gaps():
    r = consumption_report(HOUSEHOLD["electricity"], View(fuel="electricity"))
    assert r.level == "all"
    assert [b.key for b in r.bars] == [f"2023-{m:02d}" for m in range(1, 13)]
    feb = r.bars[1]
    assert feb.present == feb.expected - 12  # the six-hour outage on 14 February
    assert not feb.complete
    assert feb.value == pytest.approx(48 * feb.kwh / feb.present, abs=1e-6)
    assert r.totals.missing == 12 + 48
    assert r.totals.days == 365


def test_month_level_has_a_bar_per_day_with_day_totals():
    r = consumption_report(HOUSEHOLD["electricity"], View(month="2023-03"))
    assert r.level == "month"
    assert len(r.bars) == 31
    clocks_forward = next(b for b in r.bars if b.key == "2023-03-26")
    assert clocks_forward.expected == 46
    assert r.totals.kwh == pytest.approx(sum(b.kwh for b in r.bars), abs=1e-5)


@pytest.mark.parametrize(("day", "slots"), [("2023-03-26", 46), ("2023-10-29", 50), ("2023-06-01", 48)])
def test_day_level_has_a_bar_per_half_hour(day, slots):
    r = consumption_report(HOUSEHOLD["gas"], View(fuel="gas", month=day[:7], day=day))
    assert r.level == "day"
    assert len(r.bars) == slots
    assert r.totals.expected == slots


def test_clocks_back_day_labels_the_repeated_hour():
    r = consumption_report(HOUSEHOLD["electricity"], View(month="2023-10", day="2023-10-29"))
    labels = [b.label for b in r.bars[:6]]
    assert labels == ["00:00", "00:30", "01:00 (BST)", "01:30 (BST)", "01:00 (GMT)", "01:30 (GMT)"]


def test_clocks_forward_day_skips_the_missing_hour():
    r = consumption_report(HOUSEHOLD["electricity"], View(month="2023-03", day="2023-03-26"))
    assert [b.label for b in r.bars[:3]] == ["00:00", "00:30", "02:00"]


def test_a_day_with_gaps_shows_them_as_gaps():
    r = consumption_report(HOUSEHOLD["electricity"], View(month="2023-02", day="2023-02-14"))
    missing = [b.label for b in r.bars if b.value is None]
    assert missing == [f"{h:02d}:{m}" for h in range(10, 16) for m in ("00", "30")]
    assert r.totals.present == 36
    assert not r.totals.complete


def test_an_empty_series_is_a_clear_error():
    with pytest.raises(ValueError, match="no gas data"):
        consumption_report(Series("gas", 0, ()), View(fuel="gas"))


def test_average_daily_use_over_a_range_read_in_full_is_its_total_over_its_days():
    """A real meter file across the October clock change: 28, 29 (50 half-hours) and 30 Oct 2023, every
    half-hour read. The days' own totals, added from the file's rows, are 7.046, 13.657 and 8.594 kWh."""
    session = sample_session()
    name = "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
    run_sync(load_file(OpContext(session, {"name": name}, (FIXTURES / name).read_bytes())))
    model = view_model(session, "file", report="consumption", fuel="electricity", **{"from": "2023-10-28",
                                                                                    "to": "2023-10-30"})
    totals = {t["label"]: t for t in model["totals"]}
    assert totals["Half-hours with data"]["text"] == "146 of 146"
    assert totals["Total"]["text"] == "29.3 kWh"
    shown = totals["Average daily use"]["value"]  # to 2 dp
    assert shown == pytest.approx((7.046 + 13.657 + 8.594) / 3, abs=0.005)
    assert totals["Average daily use"]["text"] == "9.77 kWh/day"
