"""The week ahead: an Agile price forecast per region, kept every night, and its measured accuracy.

Source: AgilePredict (agilepredict.com; code fboundy/agile_predict, MIT), which publishes
a forecast of Agile import prices per region as JSON with no key:
``GET {base}{region}?days=14&high_low=true`` ->
``[{"name", "created_at", "prices": [{"date_time", "agile_pred", "agile_low", "agile_high"}]}]``,
prices in p/kWh inc VAT. Its terms of use ask clients to poll at most hourly (60 requests a
minute per address): the nightly job asks once per region, 14 requests a night. The site
credits it wherever the forecast is shown.

Files (``get_*`` touch the network; the rest are pure):

``v1/forecast/{region}.json``       kind ``agile_forecast``: the newest forecast, with a band
``v1/forecast/accuracy.json``       kind ``agile_forecast_accuracy``: MAE by lead time
``DIR/forecast_archive/{region}.json``  every night's forecast (not published; for accuracy)

A failed fetch keeps the region's previous forecast file (the page says how old it is).

**Band.** AgilePredict's own low/high where it gives them; otherwise our rule, a half-width
[p/kWh] that widens with lead time: the larger of 1.5 + 0.45 x lead days and the MAE we
measured for that lead bucket over the last 90 days. 1.5 p at day 0 and about 6 p at 10 days
follow AgilePredict's published RMSE (6.3 to 30.8 GBP/MWh, about 1.4 to 6.8 p/kWh at the
Agile multiplier; fboundy/agile_predict docs/PERFORMANCE.md).

**Accuracy.** For each archived forecast and each half-hour it predicted whose actual Agile
price the feeds now hold: lead = (half-hour start - forecast created) in days; the absolute
error is grouped by lead bucket (0-1, 1-2, 2-7, 7-14 days) over half-hours that started in the
last 30 and 90 days. pandas does the grouping (a group-by over a few hundred thousand rows).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feeds.http import ApiClient, ShapeError
from feeds.regions import REGION_LETTERS
from feeds.store import write_atomic
from feeds.timeslots import SLOT_SECONDS, iso, parse_instant
from pyruntime.fileformats import safejson

DEFAULT_FORECAST_API = "https://agilepredict.com/api/"
SOURCE = "AgilePredict"
CREDIT = ("Forecast: AgilePredict (agilepredict.com, by fboundy; github.com/fboundy/agile_predict), "
          "fetched once a night as published. A forecast, not a price: it never predicts negative prices "
          "and understates swings.")
BUCKETS: tuple[tuple[str, float, float], ...] = (("0–1 days", 0, 1), ("1–2 days", 1, 2), ("2–7 days", 2, 7),
                                                 ("7–14 days", 7, 14))
WINDOWS_DAYS = (30, 90)
ARCHIVE_DAYS = 100  # forecasts older than this cannot enter a 90-day window
DAY = 86400
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Forecast:
    """One published forecast for one region: half-hour start [s, UTC] -> (pred, low, high) [p/kWh inc VAT].

    ``off_half_hour`` and ``repeated`` count the prices the reply held that are in no slot: a time not on a
    half-hour boundary, or a half-hour an earlier price in the reply already gave (the first one stands).
    """

    region: str
    name: str
    created_at: int
    slots: dict[int, tuple[float, float | None, float | None]]
    off_half_hour: int = 0
    repeated: int = 0

    def skipped_note(self) -> str | None:
        """The nightly summary's words for the prices left out, naming the source; None when none was."""
        parts = [f"{n} price{'s' if n > 1 else ''} {what}"
                 for n, what in ((self.off_half_hour, "at a time not on a half-hour boundary"),
                                 (self.repeated, "for a half-hour an earlier price gave"))
                 if n]
        if not parts:
            return None
        return f"forecast {self.region}: {SOURCE} sent {' and '.join(parts)}; left out, never moved into a slot"


def _shape(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise ShapeError(f"unexpected response shape at {where}: {what}")


def slot_of(text: str) -> int | None:
    """The half-hour [s, UTC] an instant with an offset starts, or None when it is not on a half-hour boundary.

    AgilePredict's ``date_time`` is the start of an Agile half-hour (``...T23:30:00Z``) and nothing
    in its code or replies sends another time; one that is not on the boundary (``...T23:45:00Z``,
    or a second or a microsecond past) is not placed anywhere: rounding it down let two prices
    land in one half-hour and the later silently win. Raises ``ValueError`` for a naive or bad time.
    """
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"instant without a UTC offset: {text!r}")
    since = moment - _EPOCH  # exact, unlike a float timestamp (a microsecond past must not vanish)
    if since.microseconds or since.seconds % SLOT_SECONDS:
        return None
    return since.days * DAY + since.seconds


def parse_forecast(doc: Any, region: str, where: str) -> Forecast:
    """The newest forecast of an AgilePredict reply (a list, newest first).

    A price whose time is not on a half-hour boundary, or whose half-hour an earlier price already
    gave, is left out and counted (:meth:`Forecast.skipped_note`); never rounded into a slot or
    written over another.
    """
    _shape(isinstance(doc, list) and doc, where, "expected a non-empty JSON list of forecasts")
    first = doc[0]
    _shape(isinstance(first, dict) and isinstance(first.get("prices"), list), where, "forecast without 'prices'")
    try:
        created = parse_instant(str(first["created_at"]))
    except (KeyError, ValueError) as exc:
        raise ShapeError(f"unexpected response shape at {where}: bad created_at ({exc})") from None
    slots: dict[int, tuple[float, float | None, float | None]] = {}
    off_half_hour = repeated = 0
    for i, p in enumerate(first["prices"]):
        at = f"{where} prices[{i}]"
        _shape(isinstance(p, dict) and "date_time" in p and type(p.get("agile_pred")) in (int, float), at,
               "price without 'date_time'/'agile_pred'")
        try:
            t = slot_of(str(p["date_time"]))
        except (ValueError, OverflowError) as exc:
            raise ShapeError(f"unexpected response shape at {at}: bad date_time ({exc})") from None
        _shape(-200 < p["agile_pred"] < 500, at, f"implausible price {p['agile_pred']!r}")
        if t is None:
            off_half_hour += 1
        elif t in slots:
            repeated += 1
        else:
            slots[t] = (float(p["agile_pred"]), _band_edge(p.get("agile_low")), _band_edge(p.get("agile_high")))
    _shape(bool(slots), where, "no prices on a half-hour boundary" if off_half_hour else "no prices")
    return Forecast(region, str(first.get("name", "")), created, slots, off_half_hour, repeated)


def _band_edge(value: Any) -> float | None:
    """The source's low or high [p/kWh], or None (our band stands in) unless a plausible finite price.

    A NaN or Infinity would reach the published file (which JSON cannot carry) and a bool is not a price.
    """
    if type(value) not in (int, float) or not -200 < value < 500:  # NaN fails every comparison
        return None
    return float(value)


def get_forecast(client: ApiClient, base_url: str, region: str) -> Forecast:
    """The region's newest AgilePredict forecast (one request)."""
    url = base_url.rstrip("/") + "/" + region
    return parse_forecast(client.get_json(url, {"days": "14", "high_low": "true"}), region, url)


def half_width(lead_days: float, measured: dict[str, float]) -> float:
    """Our band's half-width [p/kWh] at a lead time: widening with lead, never below what we measured."""
    rule = 1.5 + 0.45 * max(lead_days, 0.0)
    return max(rule, measured.get(bucket_of(lead_days) or "", 0.0))


def bucket_of(lead_days: float) -> str | None:
    """The lead bucket of a lead time in days (None beyond 14 days or before creation)."""
    return next((name for name, lo, hi in BUCKETS if lo <= lead_days < hi), None)


def forecast_doc(fc: Forecast, fetched_at: int, measured: dict[str, float], *, sample: bool,
                 provenance: str = "") -> dict[str, Any]:
    """The published forecast document: contiguous half-hours from the first predicted one."""
    start, end = min(fc.slots), max(fc.slots) + SLOT_SECONDS
    pred, low, high = [], [], []
    for s in range(start, end, SLOT_SECONDS):
        if s not in fc.slots:
            pred.append(None), low.append(None), high.append(None)
            continue
        p, lo, hi = fc.slots[s]
        w = half_width((s - fc.created_at) / DAY, measured)
        pred.append(round(p, 4))
        low.append(round(lo if lo is not None else p - w, 4))
        high.append(round(hi if hi is not None else p + w, 4))
    own_band = all(lo is None for _, lo, _ in fc.slots.values())
    return {"schema_version": 1, "kind": "agile_forecast", "sample": sample, "region": fc.region,
            "source": SOURCE, "credit": CREDIT, "name": fc.name, "created_at": iso(fc.created_at),
            "fetched_at": iso(fetched_at), "start": iso(start), "step_seconds": SLOT_SECONDS,
            "unit": "p/kWh inc VAT", "predicted": pred, "low": low, "high": high,
            "band": ("ours: widening with lead time (feeds/forecast.py)" if own_band else "the source's low/high"),
            "provenance": provenance or f"{SOURCE} public API"}


# ---------------------------------------------------------------- archive (not published)

def archive_path(out: Path, region: str) -> Path:
    return out / "forecast_archive" / f"{region}.json"


def read_archive(out: Path, region: str) -> tuple[list[dict[str, Any]], str | None]:
    """Archived forecasts ``[{created_at, start, values}]`` of a region, oldest first, and what was unreadable.

    The second item is None when the file is absent or every entry reads; otherwise it says what is
    damaged, and the caller keeps the file as it is (it may be mended by hand) rather than rewrite it
    without the entries it could not read. Only entries whose times carry an offset and whose values
    are finite prices [p/kWh] or null are returned, so the accuracy table never meets anything else.
    """
    path = archive_path(out, region)
    try:
        forecasts = safejson.loads(path.read_text(encoding="utf-8")).get("forecasts")
    except FileNotFoundError:
        return [], None
    except (OSError, ValueError, AttributeError) as exc:  # AttributeError: the JSON is not an object
        return [], f"{path.name}: not a forecast archive ({type(exc).__name__})"
    if not isinstance(forecasts, list):
        return [], f"{path.name}: 'forecasts' is not a list"
    good = [a for a in forecasts if _archive_entry_ok(a)]
    bad = len(forecasts) - len(good)
    return good, (f"{path.name}: {bad} of {len(forecasts)} archived forecasts unreadable" if bad else None)


def _archive_entry_ok(entry: Any) -> bool:
    """An archive entry with offset-carrying ``created_at``/``start`` and finite prices or nulls as ``values``."""
    if not isinstance(entry, dict) or not isinstance(entry.get("values"), list):
        return False
    try:
        for key in ("created_at", "start"):
            if not isinstance(entry.get(key), str):
                return False
            parse_instant(entry[key])
    except (ValueError, OverflowError):
        return False
    return all(v is None or (type(v) in (int, float) and -200 < v < 500) for v in entry["values"])


def archived(archive: list[dict[str, Any]], fc: Forecast, now: int) -> list[dict[str, Any]]:
    """The archive with ``fc`` added (one entry per created_at) and entries past ARCHIVE_DAYS dropped."""
    start = min(fc.slots)
    values = [fc.slots[s][0] if s in fc.slots else None for s in range(start, max(fc.slots) + 1, SLOT_SECONDS)]
    entry = {"created_at": iso(fc.created_at), "start": iso(start), "values": values}
    keep = [a for a in archive if a["created_at"] != entry["created_at"]
            and parse_instant(a["created_at"]) >= now - ARCHIVE_DAYS * DAY]
    return sorted([*keep, entry], key=lambda a: a["created_at"])


def write_archive(out: Path, region: str, archive: list[dict[str, Any]]) -> None:
    """Write atomically (a killed run or a power cut leaves the old archive or the new, whole)."""
    write_atomic(archive_path(out, region), json.dumps({"forecasts": archive}, separators=(",", ":")).encode())


# ---------------------------------------------------------------- accuracy

def accuracy_rows(archive: list[dict[str, Any]], actual: dict[int, float], now: int) -> list[dict[str, Any]]:
    """MAE [p/kWh] of archived forecasts against actual prices, by lead bucket and window."""
    import pandas as pd  # the nightly job's only pandas use; imported here so the rest needs none

    records = []
    for a in archive:
        created, start = parse_instant(a["created_at"]), parse_instant(a["start"])
        for i, p in enumerate(a["values"]):
            s = start + i * SLOT_SECONDS
            if p is None or s not in actual or s >= now:
                continue
            records.append((a["created_at"], (s - created) / DAY, now - s, abs(p - actual[s])))
    frame = pd.DataFrame(records, columns=["forecast", "lead_days", "age_s", "abs_error"])
    frame["bucket"] = [bucket_of(x) for x in frame["lead_days"]]
    rows = []
    for window in WINDOWS_DAYS:
        recent = frame[(frame["age_s"] <= window * DAY) & frame["bucket"].notna()]
        grouped = recent.groupby("bucket").agg(mae=("abs_error", "mean"), slots=("abs_error", "size"),
                                               forecasts=("forecast", "nunique"))
        for name, _lo, _hi in BUCKETS:
            if name in grouped.index:
                g = grouped.loc[name]
                rows.append({"window_days": window, "lead": name, "mae_p_per_kwh": round(float(g["mae"]), 3),
                             "slots": int(g["slots"]), "forecasts": int(g["forecasts"])})
            else:
                rows.append({"window_days": window, "lead": name, "mae_p_per_kwh": None, "slots": 0, "forecasts": 0})
    return rows


def measured_mae(rows: list[dict[str, Any]], window: int = 90) -> dict[str, float]:
    """``{lead bucket: MAE}`` over ``window`` days, where measured."""
    return {r["lead"]: r["mae_p_per_kwh"] for r in rows if r["window_days"] == window and r["mae_p_per_kwh"]}


def read_accuracy(path: Path) -> tuple[dict[str, list[dict[str, Any]]], str | None]:
    """The rows of our published ``accuracy.json`` per region, and what in it could not be read.

    The nightly job keeps a region's rows when tonight cannot measure it (no archive yet, a
    failed computation, a region not in this run), so it reads its own file back. A file cut
    short, a region that is not a list of rows, a row with a NaN, a bool or a missing key: the
    regions that read stay, the others are named (``None`` when everything read or there is no
    file), and the caller keeps a copy of the file before writing a new one.
    """
    try:
        doc = safejson.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as exc:  # ValueError: not JSON, not UTF-8, or nested past any of ours
        return {}, f"{path.name}: not JSON ({type(exc).__name__})"
    regions = doc.get("regions") if isinstance(doc, dict) else None
    if not isinstance(regions, dict):
        return {}, f"{path.name}: no 'regions' object"
    good = {r: rows for r, rows in regions.items() if r in REGION_LETTERS and _accuracy_rows_ok(rows)}
    bad = sorted(set(regions) - set(good))
    return good, (f"{path.name}: regions {', '.join(repr(r)[:12] for r in bad[:5])}"
                  f"{f' and {len(bad) - 5} more' if len(bad) > 5 else ''} unreadable" if bad else None)


def _accuracy_rows_ok(rows: Any) -> bool:
    """A list of rows as :func:`accuracy_rows` writes them (the schema's rules, and a finite MAE)."""
    leads = {name for name, _, _ in BUCKETS}
    return isinstance(rows, list) and all(
        isinstance(r, dict) and set(r) == {"window_days", "lead", "mae_p_per_kwh", "slots", "forecasts"}
        and type(r["window_days"]) is int and r["window_days"] in WINDOWS_DAYS
        and isinstance(r["lead"], str) and r["lead"] in leads
        and (r["mae_p_per_kwh"] is None or (type(r["mae_p_per_kwh"]) in (int, float)
                                            and 0 <= r["mae_p_per_kwh"] < 1000))  # NaN fails the comparison
        and all(type(r[k]) is int and r[k] >= 0 for k in ("slots", "forecasts"))
        for r in rows)


def accuracy_doc(regions: dict[str, list[dict[str, Any]]], generated_at: int, *, sample: bool) -> dict[str, Any]:
    return {"schema_version": 1, "kind": "agile_forecast_accuracy", "sample": sample, "source": SOURCE,
            "generated_at": iso(generated_at), "unit": "p/kWh inc VAT",
            "method": ("mean absolute error of each night's kept forecast against the Agile prices later "
                       "published, by lead time (half-hour start minus forecast creation), over half-hours that "
                       "started in the last 30 or 90 days"),
            "buckets": [name for name, _, _ in BUCKETS], "regions": dict(sorted(regions.items()))}
