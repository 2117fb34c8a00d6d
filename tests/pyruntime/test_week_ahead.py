"""The week ahead on the Prices page, on the bundled sample feeds: published Agile, a forecast and its accuracy."""

from __future__ import annotations

import datetime as dt
import json

from pyruntime.bridge import run_sync
from pyruntime.feeds.files import parse_rate_file
from pyruntime.ops import OpContext
from pyruntime.ops.prices import tariff_prices, week_ahead
from pyruntime.reports.week_ahead import STALE_HOURS, cheapest_blocks
from pyruntime.reports.week_ahead import week_ahead as week_ahead_model
from pyruntime.session import Session
from pyruntime.timeseries import londontime as lt
from tests.pyruntime.sample_feeds import SAMPLE, SampleFeeds


def model(feeds: SampleFeeds | None = None, **params: str) -> dict:
    s = Session()
    s.transport = feeds or SampleFeeds()
    return run_sync(week_ahead(OpContext(s, {"params": params})))


def about(m: dict) -> tuple[str, str]:
    """The "About this forecast" block's tone and text."""
    a = block(m, "text", "About this forecast")
    return a["tone"], " ".join(a["paragraphs"])


def block(m: dict, kind: str, prefix: str) -> dict:
    return next(b for b in m["blocks"] if b["type"] == kind and b.get("title", "").startswith(prefix))


def test_published_prices_then_a_forecast_with_a_widening_band():
    m = model(region="C")
    assert m["title"] == "The week ahead: Agile Octopus, London" and m["view"] == {"region": "C"}
    chart = block(m, "lines", "Agile prices")
    series = {s["name"]: s["values"] for s in chart["series"]}
    published = [i for i, v in enumerate(series["Published Agile price"]) if v is not None]
    forecast = [i for i, v in enumerate(series["Forecast"]) if v is not None]
    assert published and forecast and max(published) < min(forecast)  # the forecast starts where prices stop
    assert chart["x_labels"][0] == "Mon 25 Dec 00:00"
    widths = [hi - lo for lo, hi in zip(series["Forecast low"], series["Forecast high"], strict=True)
              if lo is not None and hi is not None]
    assert widths[0] < widths[len(widths) // 2] < widths[-1]
    about = block(m, "text", "About this forecast")
    assert about["tone"] == "warn" and any("SAMPLE" in p for p in about["paragraphs"])
    assert any("AgilePredict" in p for p in about["paragraphs"])  # credited


def test_the_caption_says_what_the_lines_show_about_negative_prices():
    chart = block(model(region="C"), "lines", "Agile prices")
    series = {s["name"]: [v for v in s["values"] if v is not None] for s in chart["series"]}
    # The central forecast stays at or above zero; the band's low edge goes below it, and the caption says both.
    assert min(series["Forecast"]) >= 0 > min(series["Forecast low"])
    assert "The central forecast never predicts negative prices" in chart["caption"]
    assert "its low edge can dip below zero" in chart["caption"]
    assert "the forecast never predicts negative prices" not in chart["caption"]


def test_cheapest_three_hours_for_each_of_the_next_seven_days():
    table = block(model(region="C"), "table", "The cheapest 3 hours")
    assert len(table["rows"]) == 7 and table["rows"][0][0] == "Mon 25 Dec (from 03:30)"  # the forecast's time
    assert table["rows"][0][3] == "published" and table["rows"][-1][3] == "forecast"
    assert all(r[1].count(":") == 2 for r in table["rows"])


def test_on_the_sample_the_week_ahead_covers_the_days_the_tariff_part_shows():
    # Both parts of the page speak of "this week": on the sample feeds they must mean the same seven days, as
    # they would on a real feed (the forecast is made on the first of the days the tariff part shows).
    s = Session()
    s.transport = SampleFeeds()
    tariff = run_sync(tariff_prices(OpContext(s, {"params": {"region": "C"}})))
    tariff_days = [r[0] for r in block(tariff, "table", "Each day")["rows"]]
    week_days = [r[0] for r in block(model(region="C"), "table", "The cheapest 3 hours")["rows"]]
    assert tariff["subtitle"] == "25 Dec 2023 – 31 Dec 2023"
    assert len(tariff_days) == len(week_days) == 7
    # "25 Dec 2023" in one, "Mon 25 Dec" in the other: the same London day (today's "(from 03:30)" aside).
    assert [d.rsplit(" ", 1)[0] for d in tariff_days] == [" ".join(d.split(" ")[1:3]) for d in week_days]


def test_cheapest_block_is_the_lowest_mean_of_six_consecutive_half_hours():
    day = dt.date(2023, 10, 29)  # 50 half-hours
    a, z = lt.day_bounds(day)
    prices = dict.fromkeys(range(a, z, 1800), 30.0)
    for k in range(6):
        prices[a + (40 + k) * 1800] = 5.0
    (cheap,) = cheapest_blocks(prices, {}, day, days=1)
    assert cheap.start_s == a + 40 * 1800 and cheap.mean_p_per_kwh == 5.0 and cheap.basis == "published"


def test_accuracy_by_lead_time_over_30_and_90_days():
    table = block(model(region="A"), "table", "Forecast accuracy")
    leads = [r[0] for r in table["rows"]]
    assert leads == ["0–1 days ahead", "1–2 days ahead", "2–7 days ahead", "7–14 days ahead"]
    maes = [r[1]["value"] for r in table["rows"]]
    assert maes == sorted(maes) and maes[0] > 0
    # Counts of half-hours carry a thousands separator, so none reads like a year.
    counts = [r[k] for r in table["rows"] for k in (2, 4)]
    assert any(c["value"] >= 1000 for c in counts)
    assert all(c["text"] == f"{c['value']:,}" and c["unit"] == "half-hours" for c in counts)


def test_a_bad_region_or_one_without_prices_falls_back_as_the_tariff_part_does():
    for wanted, why in (("Z", "is not a region letter (A to P, no I or O)"), ("P", "has no prices in these feeds"),
                        ("b", "has no prices in these feeds")):  # the sample holds prices for A and C only
        m = model(region=wanted)
        s = Session()
        s.transport = SampleFeeds()
        tariff = run_sync(tariff_prices(OpContext(s, {"params": {"region": wanted}})))
        assert m["view"] == {"region": "C"} == {"region": tariff["view"]["region"]}
        assert m["title"] == "The week ahead: Agile Octopus, London"
        assert m["notices"] == tariff["notices"] == [f"Region “{wanted}” {why}; showing London (C) instead."]
    # A region the page already settled on gives no second notice.
    assert model(region="A")["notices"] == []


def _as_real(name: str, text: str) -> str:
    """The sample's files as a real feed would be (``sample`` false), to see what the page says then."""
    return text.replace('"sample":true', '"sample":false') if name == "index.json" else text


def test_a_real_forecast_is_called_stale_after_36_hours_and_the_page_works_without_one():
    index = json.loads(_as_real("index.json", (SAMPLE / "v1/index.json").read_text()))
    assert index["sample"] is False
    forecast = json.loads((SAMPLE / "v1/forecast/C.json").read_text())
    agile = [parse_rate_file(json.loads((SAMPLE / "v1/tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json").read_text()))]
    created = int(dt.datetime.fromisoformat(forecast["created_at"].replace("Z", "+00:00")).timestamp())
    fresh = week_ahead_model("C", index, forecast, None, agile, created + 3600)
    tone, text = about(fresh)
    assert tone == "info" and "AgilePredict" in text and "stale" not in text and "SAMPLE" not in text
    assert block(fresh, "table", "The cheapest 3 hours")["rows"][0][0] == "Mon 25 Dec (from 04:30)"
    # A day and a half later (the nightly job failed twice): said, and the view moves on to today's prices.
    old = week_ahead_model("C", index, forecast, None, agile, created + (STALE_HOURS + 1) * 3600)
    tone, text = about(old)
    assert tone == "warn" and "This forecast is stale: it was made on 25 Dec 2023 03:15" in text
    assert block(old, "lines", "Agile prices")["x_labels"][0] == "Tue 26 Dec 00:00"
    assert block(old, "table", "The cheapest 3 hours")["rows"][0][0] == "Tue 26 Dec (from 16:30)"
    # Through the op, today: a real feed's 2023 forecast is stale, and the page says so.
    m = model(SampleFeeds(rewrite=_as_real), region="C")
    assert any("This forecast is stale" in p for blk in m["blocks"] if blk["type"] == "text"
               for p in blk["paragraphs"])
    # No forecast at all: the published prices are still shown, and the page says why there is no forecast.
    none = week_ahead_model("C", index, None, None, agile, created)
    tone, text = about(none)
    assert tone == "warn" and "No forecast is available for this region" in text
    series = {s["name"]: s["values"] for s in block(none, "lines", "Agile prices")["series"]}
    assert any(v is not None for v in series["Published Agile price"])
    assert all(v is None for v in series["Forecast"])
    assert len(block(none, "table", "The cheapest 3 hours")["rows"]) == 7


def test_today_s_cheapest_hours_are_ones_still_to_come_and_the_row_says_from_when():
    # Viewed at 18:10 on the forecast's day (a real feed, fresh), the hours before 18:10 are gone: today's row
    # names the cheapest 3 hours left, says it counts from 18:30, and no window starts before then.
    index = json.loads(_as_real("index.json", (SAMPLE / "v1/index.json").read_text()))
    forecast = json.loads((SAMPLE / "v1/forecast/C.json").read_text())
    agile = [parse_rate_file(json.loads((SAMPLE / "v1/tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json").read_text()))]
    evening = int(dt.datetime(2023, 12, 25, 18, 10, tzinfo=dt.UTC).timestamp())  # GMT: London time too
    rows = block(week_ahead_model("C", index, forecast, None, agile, evening), "table", "The cheapest 3 hours")["rows"]
    assert rows[0][0] == "Mon 25 Dec (from 18:30)" and rows[1][0] == "Tue 26 Dec"
    # An independent search of the published prices from 18:30 to midnight for the lowest 3-hour mean.
    doc = json.loads((SAMPLE / "v1/tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json").read_text())
    values = doc["unit_rates"]["standard"]["unit_rate_p_per_kwh_inc_vat"]["values"]
    first = (dt.date(2023, 12, 25) - dt.date(2023, 1, 1)).days * 48 + 37  # 18:30 on 25 Dec, UTC = London
    mean, at = min((sum(values[first + i:first + i + 6]) / 6, i) for i in range(48 - 37 - 6 + 1))
    start = dt.datetime(2023, 12, 25, 18, 30) + dt.timedelta(minutes=30 * at)
    assert rows[0][1].startswith(f"{start:%H:%M}–") and rows[0][2]["value"] == round(mean, 2)
    # On the sample the clock is the forecast's own (made 03:15): today's hours count from 03:30.
    sample = block(model(region="C"), "table", "The cheapest 3 hours")["rows"]
    assert sample[0][0] == "Mon 25 Dec (from 03:30)" and sample[0][1] >= "03:30"


def test_the_cheapest_hours_table_is_drawn_compact_so_a_phone_shows_every_column():
    # Four short columns; drawn as a wide table a phone scrolls it sideways and hides "Based on" (forecast or
    # published), the one word that says how far to trust the row.
    table = block(model(region="C"), "table", "The cheapest 3 hours")
    assert table.get("compact") is True and len(table["columns"]) == 4


def test_late_in_the_day_today_says_under_3_hours_are_left_not_that_prices_are_missing():
    day = dt.date(2023, 12, 25)
    a, z = lt.day_bounds(day)
    prices = dict.fromkeys(range(a, z + 86400, 1800), 20.0)
    late, tomorrow = cheapest_blocks(prices, {}, day, days=2, earliest_s=z - 4 * 1800)  # 22:00
    assert late.start_s is None and late.basis == "under 3 hours left"
    assert tomorrow.start_s == z and tomorrow.basis == "published"
