"""Property: whatever the regional carbon API, AgilePredict, our forecast archive or the price-cap table hold,
the nightly job reads typed values that keep their invariants or refuses with a message naming the place.

Regional carbon replies are built in the API's shape from the recorded regional intensities in
``tests/fixtures/feeds_api`` (nmpowell, see its README); the AgilePredict reply in its documented shape
(see feeds/forecast.py); the price-cap table is the curated ``feeds/data/price_cap.csv``. Each is mutated field
by field with the strategies in ``tests/pyruntime/json_mutations.py`` (and, for the CSV, cell by cell).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds.carbon import parse_regional
from feeds.forecast import accuracy_rows, archived, forecast_doc, parse_forecast, read_archive, write_archive
from feeds.http import ShapeError
from feeds.price_cap import TABLE_PATH, read_price_cap_rows
from feeds.price_cap_tariff import price_cap_tariff_docs
from feeds.timeslots import iso, parse_instant
from feeds.validate import SchemaError, validate_doc
from tests.pyruntime.json_mutations import ANY_JSON, NASTY_STRINGS, mutated

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds_api"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


def _regional_doc() -> dict:
    """The first four recorded half-hours as the API sends them (regions 1-18 with forecast and index)."""
    name = "nmpowell_regional_intensity_gco2_wide_2023-03-13T2330Z_to_2023-03-15T2330Z.csv"
    with open(FIXTURES / name, newline="") as fh:
        rows = list(csv.DictReader(fh))[:4]
    return {"data": [{"from": r["from_utc"], "to": r["to_utc"], "regions": [
        {"regionid": int(k.split("_")[0][1:]), "shortname": k, "intensity": {"forecast": float(v), "index": "low"}}
        for k, v in r.items() if k.startswith("r")]} for r in rows]}


REGIONAL = _regional_doc()
CREATED = "2023-03-14T03:15:00Z"
AGILEPREDICT = [{"name": "Region | C 2023-03-14 03:15", "created_at": CREATED, "prices": [
    {"date_time": iso(parse_instant("2023-03-14T03:30:00Z") + 1800 * i), "agile_pred": 20.5 + i,
     "agile_low": 18.0 + i, "agile_high": 23.0 + i} for i in range(4)]}]


def refused_in_words(err: Exception) -> None:
    assert isinstance(err, ShapeError), f"{type(err).__name__}: {err}"
    assert str(err).startswith("unexpected response shape at")


@FUZZ
@given(st.one_of(ANY_JSON, mutated(REGIONAL, 3)))
def test_regional_carbon_intensity(doc):
    start, end = parse_instant("2023-03-14T00:00Z"), parse_instant("2023-03-16T00:00Z")
    try:
        regional = parse_regional(doc, start, end, "regional")
    except ShapeError as err:
        refused_in_words(err)
        return
    for points in regional.values():
        # gCO2/kWh: no grid emits less than nothing or more than burning coal twice over
        assert all(t % 1800 == 0 and start <= t < end and math.isfinite(v) and 0 <= v <= 2000
                   for t, v in points.items())


@FUZZ
@given(st.one_of(ANY_JSON, mutated(AGILEPREDICT, 3)))
def test_agile_forecast_reply(doc):
    try:
        got = parse_forecast(doc, "C", "forecast")
    except ShapeError as err:
        refused_in_words(err)
        return
    assert got.slots and all(t % 1800 == 0 for t in got.slots)
    for pred, low, high in got.slots.values():
        assert all(v is None or (math.isfinite(v) and -200 < v < 500) for v in (pred, low, high))
    now = parse_instant("2023-03-15T00:00:00Z")
    validate_doc(forecast_doc(got, now, {}, sample=False), "forecast/C.json")


FIRST_SLOT = parse_instant("2023-03-14T03:30:00Z")
# A price's time: a half-hour start or a moment near one (seconds, minutes, microseconds off), in UTC or an offset.
PRICE_TIMES = st.builds(
    lambda slot, off_s, off_us, zone: iso_with(FIRST_SLOT + 1800 * slot + off_s, off_us, zone),
    st.integers(0, 5), st.sampled_from([0, 0, 0, 1, 59, 60, 600, 899, 900, 1799, -1, -900]),
    st.sampled_from([0, 0, 0, 1, 500000]), st.sampled_from(["Z", "+00:00", "+01:00", "-05:30", "+05:45"]))


def iso_with(epoch: int, microsecond: int, zone: str) -> str:
    """``epoch`` (+ ``microsecond``) written with the offset ``zone``."""
    tz = UTC if zone in ("Z", "+00:00") else timezone(timedelta(
        minutes=(-1 if zone[0] == "-" else 1) * (int(zone[1:3]) * 60 + int(zone[4:6]))))
    text = datetime.fromtimestamp(epoch, tz).replace(microsecond=microsecond).isoformat()
    return text.replace("+00:00", "Z") if zone == "Z" else text


@FUZZ
@given(st.lists(PRICE_TIMES, min_size=1, max_size=14))
def test_no_two_forecast_prices_ever_silently_share_a_half_hour(times):
    # Found: a time off the half-hour was rounded down into the slot before it, and the later price won in silence.
    prices = [{"date_time": t, "agile_pred": float(i)} for i, t in enumerate(times)]  # each price is its own
    doc = [{"name": "C", "created_at": CREATED, "prices": prices}]
    try:
        got = parse_forecast(doc, "C", "forecast")
    except ShapeError as err:
        refused_in_words(err)
        assert "no prices on a half-hour boundary" in str(err)
        assert all(parse_instant(t) % 1800 or "." in t for t in times)
        return
    exact = [(datetime_exact(t), i) for i, t in enumerate(times)]
    on_grid = [(t, i) for t, i in exact if t is not None]
    firsts = {}
    for t, i in on_grid:
        firsts.setdefault(t, i)
    assert {t: v[0] for t, v in got.slots.items()} == {t: float(i) for t, i in firsts.items()}
    assert got.off_half_hour == len(exact) - len(on_grid) and got.repeated == len(on_grid) - len(firsts)
    assert len(got.slots) + got.off_half_hour + got.repeated == len(prices)  # every price placed or counted
    note = got.skipped_note()
    assert (note is None) == (got.off_half_hour + got.repeated == 0)
    assert note is None or ("AgilePredict" in note and note.startswith("forecast C:"))


def datetime_exact(text: str) -> int | None:
    """The half-hour start [s, UTC] ``text`` names exactly, else None (an independent check of slot_of)."""
    moment = datetime.fromisoformat(text)
    if moment.microsecond or moment.utcoffset().seconds % 60:
        return None
    whole = int(moment.timestamp())
    return whole if whole % 1800 == 0 else None


@FUZZ
@given(st.one_of(ANY_JSON, mutated({"forecasts": [{"created_at": CREATED, "start": "2023-03-14T03:30:00Z",
                                                   "values": [20.5, 21.5, None, 23.5]}]}, 3)))
def test_a_damaged_forecast_archive_is_read_past(tmp_path_factory, doc):
    # The archive is our own unpublished file; a hand edit or a half-written disk must not stop the night's run.
    out = tmp_path_factory.mktemp("out")
    (out / "forecast_archive").mkdir()
    (out / "forecast_archive" / "C.json").write_text(json.dumps(doc))
    archive, damaged = read_archive(out, "C")
    assert damaged is None or "C.json" in damaged
    now = parse_instant("2023-03-15T00:00:00Z")
    actual = {parse_instant("2023-03-14T03:30:00Z") + 1800 * i: 20.0 for i in range(4)}
    fc = parse_forecast(AGILEPREDICT, "C", "forecast")
    archive = archived(archive, fc, now)
    write_archive(out, "C", archive)
    for row in accuracy_rows(archive, actual, now):
        assert row["mae_p_per_kwh"] is None or math.isfinite(row["mae_p_per_kwh"])


TABLE = TABLE_PATH.read_text(encoding="utf-8")
HEADER, *LINES = list(csv.reader(io.StringIO(TABLE)))
CELLS = st.one_of(NASTY_STRINGS, st.sampled_from(["nan", "inf", "-inf", "1e400", "-5", "2023-02-30", "2023-04-01",
                                                   "2022-12-31", "economy7", "GB", "A", "true", "", "gas"]))


@st.composite
def mutated_table(draw) -> str:
    """Lines of the curated table, repeated or left out, with one to three cells changed and maybe one cut short."""
    lines = [list(line) for line in draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=6))]
    for _ in range(draw(st.integers(1, 3))):
        line = draw(st.sampled_from(lines))
        line[draw(st.integers(0, len(line) - 1))] = draw(CELLS)
    if draw(st.booleans()):
        line = draw(st.sampled_from(lines))
        del line[draw(st.integers(0, len(line) - 1)):]  # a line cut short
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *lines])
    return out.getvalue()


def _row_line(err: Exception, text: str) -> None:
    assert type(err) in (ValueError, SchemaError), f"{type(err).__name__}: {err}"
    if "no price-cap row" in str(err):  # refused as a whole: only when it truly holds no record under a header
        assert str(err).startswith("price_cap.csv: holds ") and not list(csv.DictReader(io.StringIO(text))), str(err)
        return
    assert "price_cap.csv line " in str(err) or isinstance(err, SchemaError), str(err)


@FUZZ
@given(st.one_of(st.text(max_size=200), mutated_table()))
def test_price_cap_table(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("cap") / "price_cap.csv"
    path.write_text(text, encoding="utf-8")
    try:
        rows = read_price_cap_rows(path)
        staged = price_cap_tariff_docs(rows, ("A", "C"), sample=False, years=(2023, 2026))
        for rel, doc in staged:
            validate_doc(doc, rel)
    except (ValueError, SchemaError) as err:
        _row_line(err, text)
        return
    for row in rows:
        assert math.isfinite(row["unit_rate_p_per_kwh_inc_vat"]) and row["unit_rate_p_per_kwh_inc_vat"] >= 0
        sc = row["standing_charge_p_per_day_inc_vat"]
        assert sc is None or (math.isfinite(sc) and sc >= 0)
        assert row["period_start"] < row["period_end"]
    for _rel, doc in staged:
        charges = doc["standing_charges_p_per_day"]
        assert all(a["valid_to"] <= b["valid_from"] for a, b in itertools.pairwise(charges))
