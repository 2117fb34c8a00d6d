"""The public Prices page: what the feeds hold, and one tariff's recent prices for a region.

PURE: every function takes already-fetched feed documents (the manifest
``index.json``, ``price_cap.json``, parsed tariff-year files) and returns
view models drawn by ``render.mjs`` (see :mod:`pyruntime.reports`). No
household is involved: the page shows public prices only. I/O lives in
:mod:`pyruntime.ops.prices`.

URL settings of the tariff view (all optional; :func:`resolve_prices`
checks them against the manifest and says what it changed):

``region``  GSP letter ``A``..``P``          (default London ``C``, else the first region held)
``family``  feed family key, e.g. ``agile``  (default Agile, else the first family held there)
``kind``    ``E-1R`` | ``E-2R`` | ``G-1R``   (default single-rate electricity)
``day``     ``YYYY-MM-DD``, the last London day shown (default the last day the feeds cover)
``days``    1..14, how many days end at ``day`` (default 7)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import FeedUnavailable
from ..feeds.client import DEFAULT_REGION, REGIONS
from ..feeds.files import RateFile, RateSeries
from ..present import blocks as b
from ..timeseries import londontime as lt
from ..timeseries.isotime import parse_instant
from ..wording import plural

KIND_LABELS = {"E-1R": "Electricity (single rate)", "E-2R": "Electricity (Economy 7)", "G-1R": "Gas"}
"""Tariff kinds in the feeds, in the order the page offers them."""
DEFAULT_FAMILY = "agile"
DEFAULT_DAYS = 7
MAX_DAYS = 14
MONTHS = lt.MONTH_NAMES
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# --- small formatting helpers ---------------------------------------------------------


def _lower_first(text: str) -> str:
    """``Electricity (Economy 7)`` → ``electricity (Economy 7)``: mid-sentence, names keep their capitals."""
    return text[:1].lower() + text[1:]


def instant_or_none(text: str | None) -> int | None:
    """Epoch seconds [s, UTC] of a feed instant such as ``2023-01-01T00:00:00Z``; None stays None."""
    return parse_instant(text) if text else None


def date_label(day: dt.date) -> str:
    """``31 Dec 2023``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def instant_label(t: int | None) -> str:
    """London wall-clock time of an instant, ``1 Jan 2024 00:00 (GMT)``; ``unknown`` for None."""
    if t is None:
        return "unknown"
    local = lt.local_datetime(t)
    zone = "BST" if lt.utc_offset(t) else "GMT"
    return f"{date_label(local.date())} {local:%H:%M} ({zone})"


def last_day(end: int) -> dt.date:
    """The London day holding the last half-hour before the exclusive ``end`` instant."""
    return lt.local_date(end - lt.HALF_HOUR)


def coverage_span(entry: Mapping[str, Any]) -> tuple[int, int] | None:
    """``(first, end)`` [s, UTC] of a manifest entry's coverage, or None when nothing is held."""
    cov = entry.get("coverage") or {}
    first, end = instant_or_none(cov.get("first")), instant_or_none(cov.get("end"))
    return (first, end) if first is not None and end is not None and end > first else None


def region_names(index: Mapping[str, Any]) -> dict[str, str]:
    """GSP letter → region name, from the manifest (falling back to the built-in table)."""
    return {**REGIONS, **{r["letter"]: r["name"] for r in index.get("regions", []) if "letter" in r}}


def family_labels(index: Mapping[str, Any]) -> dict[str, str]:
    return {f["key"]: f.get("label", f["key"]) for f in index.get("families", [])}


# --- what the feeds hold ----------------------------------------------------------------


def sample_text(index: Mapping[str, Any]) -> dict | None:
    """A warning block when these are the bundled sample feeds, saying what 'recent' means here."""
    if not index.get("sample"):
        return None
    ends = [s[1] for e in index.get("tariffs", {}).values() if (s := coverage_span(e))]
    paragraphs = ["These are SAMPLE feeds bundled with the site for offline use, not the live nightly feeds."]
    if index.get("sample_note"):
        paragraphs.append(index["sample_note"])
    if ends:
        paragraphs.append(f"“Recent” prices on this page are the last days the sample covers (up to "
                          f"{date_label(last_day(max(ends)))}), not this week's prices.")
    return b.text("Sample data", paragraphs, tone="warn")


def feed_overview(index: Mapping[str, Any], price_cap: Mapping[str, Any] | None) -> dict:
    """View model of what the feeds hold: update times, tariff and carbon coverage, the price-cap table."""
    names = region_names(index)
    labels = family_labels(index)
    tariffs = index.get("tariffs", {})
    last_run = index.get("last_run") or {}
    failures = last_run.get("failures") or []
    regions_held = sorted({e.get("region") for e in tariffs.values() if e.get("region")})
    totals = [
        b.item("Feeds generated", instant_label(instant_or_none(index.get("generated_at")))),
        b.item("Last update run", instant_label(instant_or_none(last_run.get("finished_at"))), warn=bool(failures)),
        b.item("Tariff codes", f"{len(tariffs):,}"),
        b.item("Regions with prices", ", ".join(regions_held) or "none"),
        b.item("Data", "SAMPLE (partly synthesised)" if index.get("sample") else "live feeds",
               warn=bool(index.get("sample"))),
    ]
    out: list[dict] = []
    if (warning := sample_text(index)) is not None:
        out.append(warning)
    if failures:
        out.append(b.text("Not updated last time", [f"{f.get('unit', '?')}: {f.get('error', '')}" for f in failures]
                          + ["These are retried on the next nightly run; everything else was updated."], tone="warn"))
    out += [_family_table(index, labels, names), _tariff_table(index, labels, names), _carbon_table(index, names)]
    out += price_cap_blocks(price_cap)
    return {"title": "Prices and carbon feeds", "subtitle": "What this site's public feeds hold",
            "totals": totals, "blocks": out, "sample": bool(index.get("sample"))}


def _span_text(first: int | None, end: int | None) -> tuple[str, str]:
    if first is None or end is None:
        return "—", "—"
    return date_label(lt.local_date(first)), date_label(last_day(end))


def _groups(index: Mapping[str, Any]) -> dict[tuple[str, str], list[tuple[str, Mapping[str, Any]]]]:
    """Tariff codes grouped by (family, kind), in the manifest's family order then kind order."""
    order = {f["key"]: i for i, f in enumerate(index.get("families", []))}
    kinds = list(KIND_LABELS)
    groups: dict[tuple[str, str], list[tuple[str, Mapping[str, Any]]]] = {}
    for code, entry in sorted(index.get("tariffs", {}).items()):
        groups.setdefault((entry.get("family", "?"), entry.get("kind", "?")), []).append((code, entry))
    return dict(sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 99),
                                                       kinds.index(kv[0][1]) if kv[0][1] in kinds else 9)))


def _family_table(index: Mapping[str, Any], labels: dict[str, str], names: dict[str, str]) -> dict:
    rows, classes = [], []
    held = set()
    for (family, kind), members in _groups(index).items():
        held.add(family)
        spans = [s for _, e in members if (s := coverage_span(e))]
        first, end = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (None, None)
        regions = sorted({e.get("region", "?") for _, e in members})
        versions = sorted({e.get("product_code", "?") for _, e in members})
        missing = sum(y.get("missing_slots", 0) for _, e in members for y in e.get("years", {}).values())
        rows.append([labels.get(family, family), KIND_LABELS.get(kind, kind), members[0][1].get("direction", ""),
                     ", ".join(regions), *_span_text(first, end), str(len(versions)), f"{missing:,}"])
        classes.append("warn" if missing else "")
    for f in index.get("families", []):
        if f["key"] not in held:
            rows.append([f.get("label", f["key"]), ", ".join(KIND_LABELS.get(k, k) for k in f.get("tariff_kinds", [])),
                         f.get("direction", ""), "none", "—", "—", "0", "—"])
            classes.append("empty")
    return b.table("Coverage by tariff", ["Tariff", "Meter", "Direction", "Regions", "From", "To",
                                          "Product versions", "Unknown half-hours"], rows,
                   row_classes=classes, open=True)


def _tariff_table(index: Mapping[str, Any], labels: dict[str, str], names: dict[str, str]) -> dict:
    rows, classes = [], []
    for (family, kind), members in _groups(index).items():
        for code, entry in sorted(members, key=lambda m: (m[1].get("region", ""), m[0])):
            span = coverage_span(entry)
            years = entry.get("years", {}).values()
            missing = sum(y.get("missing_slots", 0) for y in years)
            synthetic = sum(y.get("synthetic_slots", 0) for y in years)
            region = entry.get("region", "?")
            standing = entry.get("standing_charge_p_per_day_inc_vat_latest")
            rows.append([code, labels.get(family, family), KIND_LABELS.get(kind, kind),
                         f"{names.get(region, region)} ({region})", *_span_text(*(span or (None, None))),
                         b.amount(missing, 0, "half-hours"), b.amount(synthetic, 0, "half-hours"),
                         b.amount(standing, 2, "p/day", "p/day", text="—" if standing is None else None)])
            classes.append("warn" if missing else "")
    return b.table("Coverage by tariff code and region", ["Tariff code", "Tariff", "Meter", "Region", "From", "To",
                                                          "Unknown half-hours", "Synthesised half-hours",
                                                          "Latest standing charge inc VAT"], rows,
                   row_classes=classes)


def _carbon_table(index: Mapping[str, Any], names: dict[str, str]) -> dict:
    rows, classes = [], []
    for region, entry in sorted(index.get("carbon", {}).items(), key=lambda kv: (kv[0] == "national", kv[0])):
        span = coverage_span(entry)
        years = entry.get("years", {}).values()
        missing = sum(y.get("missing_slots", 0) for y in years)
        synthetic = sum(y.get("synthetic_slots", 0) for y in years)
        name = "Great Britain (national)" if region == "national" else f"{names.get(region, region)} ({region})"
        rows.append([name, *_span_text(*(span or (None, None))), b.amount(missing, 0, "half-hours"),
                     b.amount(synthetic, 0, "half-hours")])
        classes.append("warn" if missing else "")
    return b.table("Carbon intensity coverage", ["Region", "From", "To", "Unknown half-hours",
                                                 "Synthesised half-hours"], rows, row_classes=classes)


_PAYMENT_LABELS = {"direct_debit": "Direct debit", "non_direct_debit": "Standard credit"}
# An Economy 7 row's unit rate is Ofgem's average over both registers.
_METER_LABELS = {"single_rate": "Single rate", "economy7": "Economy 7 (average rate)"}


def price_cap_blocks(doc: Mapping[str, Any] | None) -> list[dict]:
    """The Ofgem price-cap baseline table, unverified rows marked as such, and its sources as numbered notes.

    A row names its source by number ("[3]") and the sources follow, each once, under the table: the full texts
    (a paragraph each) made every row several lines tall."""
    if doc is None:
        return [b.text("Price cap baseline", ["The price-cap table could not be read from the feeds."], tone="warn")]
    rows, classes = [], []
    sources: dict[str, int] = {}  # source text -> its note number, in the order the rows first name them
    unverified = 0
    for r in sorted(doc.get("rows", []), key=lambda r: (r.get("period_start", ""), r.get("fuel", ""),
                                                        r.get("region", ""))):
        checked = bool(r.get("verified"))
        unverified += not checked
        start, end = dt.date.fromisoformat(r["period_start"]), dt.date.fromisoformat(r["period_end"])
        region = r.get("region", "GB")
        # No-break spaces inside each date: a period too long for its column wraps at the dash, not inside a date.
        first, last = (date_label(d).replace(" ", "\u00a0") for d in (start, end - dt.timedelta(days=1)))
        rows.append([f"{first} – {last}", r.get("fuel", ""),
                     "GB average" if region == "GB" else region,
                     _PAYMENT_LABELS.get(r.get("payment_method", "direct_debit"), r.get("payment_method", "")),
                     _METER_LABELS.get(r.get("meter", "single_rate"), r.get("meter", "")),
                     b.amount(r.get("unit_rate_p_per_kwh_inc_vat"), 2, "p/kWh", "p/kWh"),
                     b.amount(r.get("standing_charge_p_per_day_inc_vat"), 2, "p/day", "p/day",
                              text="not in table" if r.get("standing_charge_p_per_day_inc_vat") is None else None),
                     "verified" if checked else "UNVERIFIED",
                     f"[{sources.setdefault(r.get('source', ''), len(sources) + 1)}]"])
        classes.append("" if checked else "unverified")
    total = len(rows)
    # The file's periods end on the day after (period_end exclusive); the table shows each period's last day.
    notes = [f"Ofgem's default-tariff cap, inc VAT ({_edition(doc.get('table_version'))}). Each period runs from its "
             "first day to its last, both included, on UK dates. The Prices page draws the direct-debit single-rate "
             "rows as a reference line; Compare prices the tariff 'Standard variable (price cap, any supplier)' "
             "from them."]
    if unverified:
        notes.insert(0, f"{unverified} of {total} rows have NOT been checked against Ofgem's published figures "
                        f"(marked UNVERIFIED): treat them as indicative. Each row names its source by number; "
                        f"the sources are listed under the table.")
    return [b.text("Price cap baseline", notes, tone="warn" if unverified else "info"),
            b.table("Ofgem price cap (inc VAT)", ["Period", "Fuel", "Region", "Payment", "Meter", "Unit rate",
                                                  "Standing charge", "Against Ofgem", "Source"],
                    rows, row_classes=classes, open=True),
            b.facts(f"Sources of the price-cap rows ({len(sources)})",
                    [(f"[{n}]", text or "not recorded") for text, n in sources.items()], numbered=True)]


def _edition(version: object) -> str:
    """``"our copy of the table dated Dec 2026, edition a"`` for the table version ``2026-12-a``."""
    text = str(version or "")
    parts = text.split("-")
    if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit() and 1 <= int(parts[1]) <= 12 and parts[2]:
        return f"our copy of the table dated {MONTHS[int(parts[1]) - 1]} {parts[0]}, edition {parts[2]}"
    return f"our table's edition {text}" if text else "our table's edition is not recorded"


# --- one tariff's recent prices ---------------------------------------------------------


@dataclass(frozen=True)
class PriceView:
    """Checked settings of the tariff view, and the tariff code they select."""

    region: str
    family: str
    kind: str
    day: dt.date
    days: int
    tariff_code: str
    held_from: dt.date  # first and last London day the feeds hold for this region, tariff and meter
    held_to: dt.date

    @property
    def first_day(self) -> dt.date:
        return self.day - dt.timedelta(days=self.days - 1)

    def as_params(self) -> dict[str, str]:
        return {"region": self.region, "family": self.family, "kind": self.kind, "day": self.day.isoformat(),
                "days": str(self.days)}


def _tariffs_for(index: Mapping[str, Any], region: str, family: str | None = None,
                 kind: str | None = None) -> list[tuple[str, Mapping[str, Any]]]:
    return [(code, e) for code, e in index.get("tariffs", {}).items()
            if e.get("region") == region and (family is None or e.get("family") == family)
            and (kind is None or e.get("kind") == kind) and coverage_span(e)]


def _fuel_of(kind: str) -> str:
    return "gas" if kind.startswith("G-") else "electricity"


def _kind_notice(raw: str, kind: str, kinds: list[str], family: str, region: str) -> str:
    """Why a tariff kind the URL asks for is not shown, in words: switching tariff often carries a kind over
    (gas prices, then Agile) that the new tariff does not sell, which is no mistake of the user's."""
    shown = KIND_LABELS.get(kinds[0], kinds[0])
    if kind not in KIND_LABELS:
        return f"“{raw}” is not a kind of tariff ({', '.join(KIND_LABELS)}); showing {shown} instead."
    fuels = {_fuel_of(k) for k in kinds}
    if fuels == {"gas", "electricity"} - {_fuel_of(kind)}:
        (only,) = fuels
        what = only if len(kinds) == 1 else _in_sentence(shown)
        return f"{family} is {only} only; showing its {what} prices."
    return f"{family} has no {_in_sentence(KIND_LABELS[kind])} prices for {region}; showing {shown} instead."


def _in_sentence(label: str) -> str:
    """``Electricity (Economy 7)`` as it reads mid-sentence: ``electricity (Economy 7)``."""
    return label[:1].lower() + label[1:]


def regions_with_prices(index: Mapping[str, Any]) -> list[str]:
    """GSP letters the feeds hold some tariff's prices for, sorted."""
    return sorted({e.get("region") for e in index.get("tariffs", {}).values() if coverage_span(e)} - {None})


def resolve_region(wanted: str | None, index: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The region the whole Prices page shows for the URL's ``region``, and a notice when it is not that one.

    A region the feeds hold prices for is shown as asked; anything else (a bad letter, a region with no
    prices) gives way to London, else the first region held. With no prices at all, London.
    """
    held = regions_with_prices(index)
    default = DEFAULT_REGION if DEFAULT_REGION in held or not held else held[0]
    region = (wanted or "").strip().upper()
    if region in held:
        return region, []
    if not wanted:
        return default, []
    names = region_names(index)
    why = "is not a region letter (A to P, no I or O)" if region not in REGIONS else "has no prices in these feeds"
    return default, [f"Region “{wanted}” {why}; showing {names[default]} ({default}) instead."]


def resolve_prices(params: Mapping[str, str], index: Mapping[str, Any]) -> tuple[PriceView, list[str]]:
    """Valid settings for ``params`` (see the module docstring) and a notice for each value that changed.

    Raises FeedUnavailable when the feeds hold no tariff prices at all.
    """
    names = region_names(index)
    labels = family_labels(index)
    if not regions_with_prices(index):
        raise FeedUnavailable("the price feeds hold no tariff prices yet")
    region, notices = resolve_region(params.get("region"), index)

    order = [f["key"] for f in index.get("families", [])]
    families = sorted({e.get("family") for _, e in _tariffs_for(index, region)},
                      key=lambda k: order.index(k) if k in order else 99)
    family = params.get("family") or ""
    if family not in families:
        fallback = DEFAULT_FAMILY if DEFAULT_FAMILY in families else families[0]
        if family:
            notices.append(f"There are no “{family}” prices for {names[region]} in these feeds; showing "
                           f"{labels.get(fallback, fallback)} instead.")
        family = fallback

    kinds = [k for k in KIND_LABELS if _tariffs_for(index, region, family, k)]
    kinds += sorted({e.get("kind") for _, e in _tariffs_for(index, region, family)} - set(kinds))
    kind = (params.get("kind") or "").upper()
    if kind not in kinds:
        if params.get("kind"):
            notices.append(_kind_notice(params["kind"], kind, kinds, labels.get(family, family), names[region]))
        kind = kinds[0]

    days = DEFAULT_DAYS
    if params.get("days"):
        try:
            days = int(params["days"])
        except ValueError:
            days = 0
        if not 1 <= days <= MAX_DAYS:
            notices.append(f"“{params['days']}” days cannot be shown (1 to {MAX_DAYS}); showing {DEFAULT_DAYS}.")
            days = DEFAULT_DAYS

    candidates = _tariffs_for(index, region, family, kind)
    first = min(coverage_span(e)[0] for _, e in candidates)  # type: ignore[index]
    end = max(coverage_span(e)[1] for _, e in candidates)  # type: ignore[index]
    lo, hi = lt.local_date(first), last_day(end)
    day = hi
    if params.get("day"):
        try:
            wanted = dt.date.fromisoformat(params["day"])
        except ValueError:
            notices.append(f"“{params['day']}” is not a date (YYYY-MM-DD); showing the last day the feeds cover.")
        else:
            day = min(max(wanted, lo), hi)
            if day != wanted:
                notices.append(f"The feeds hold these prices from {date_label(lo)} to {date_label(hi)}; "
                               f"showing {date_label(day)} instead of {date_label(wanted)}.")
    # The newest product version that has prices on the last day shown (or the newest at all).
    day_start, day_end = lt.day_bounds(day)
    on_day = [(c, e) for c, e in candidates
              if coverage_span(e)[0] < day_end and coverage_span(e)[1] > day_start]  # type: ignore[index]
    code = max(on_day or candidates, key=lambda ce: (coverage_span(ce[1])[1], ce[0]))[0]  # type: ignore[index]
    return PriceView(region, family, kind, day, days, code, lo, hi), notices


def settings_form(view: PriceView, index: Mapping[str, Any]) -> dict:
    """The region / tariff / meter / day pickers; each change navigates to the new URL."""
    names = region_names(index)
    labels = family_labels(index)
    held = regions_with_prices(index)
    order = [f["key"] for f in index.get("families", [])]
    families = sorted({e.get("family") for _, e in _tariffs_for(index, view.region)},
                      key=lambda k: order.index(k) if k in order else 99)
    kinds = [k for k in KIND_LABELS if _tariffs_for(index, view.region, view.family, k)]
    fields = [
        b.field("region", "Region", "select", view.region,
                options=[{"value": r, "label": f"{names.get(r, r)} ({r})"} for r in held]),
        b.field("family", "Tariff", "select", view.family,
                options=[{"value": f, "label": labels.get(f, f)} for f in families]),
        b.field("kind", "Meter", "select", view.kind,
                options=[{"value": k, "label": KIND_LABELS.get(k, k)} for k in kinds]),
        b.field("day", "Last day shown", "date", view.day.isoformat(), min=view.held_from.isoformat(),
                max=view.held_to.isoformat(), help=f"Held: {date_label(view.held_from)} to {date_label(view.held_to)}"),
        b.field("days", "Days", "select", str(view.days),
                options=[{"value": str(n), "label": plural(n, "day")} for n in (1, 2, 3, 7, 14)]),
    ]
    return b.form("Choose a tariff", view.as_params(), fields, submit="",
                  caption="Public prices only: nothing about you is loaded or sent.")


def _rate_at(files: Sequence[RateFile], register: str, t: int, vat: bool) -> float | None:
    for f in files:
        series: RateSeries | None = getattr(f, register)
        if series is not None:
            v = (series.inc_vat if vat else series.exc_vat).at(t)
            if v is not None:
                return v
    return None


def _standing_at(files: Sequence[RateFile], t: int) -> tuple[float, float] | None:
    """(exc, inc VAT) standing charge [p/day] in force at instant ``t``."""
    for f in files:
        for s in f.standing_charge_intervals:
            if s.valid_from <= t and (s.valid_to is None or t < s.valid_to):
                return s.value_exc_vat, s.value_inc_vat
    return None


def _cap_row(price_cap: Mapping[str, Any] | None, fuel: str, day: dt.date,
             region: str) -> Mapping[str, Any] | None:
    """The direct-debit single-rate cap row in force on ``day``: the region's own when the table has one, else the GB
    average."""
    found = None
    for r in (price_cap or {}).get("rows", []):
        if (r.get("fuel") == fuel and r.get("region") in ("GB", region) and r.get("payment_method", "direct_debit")
                == "direct_debit" and r.get("meter", "single_rate") == "single_rate"
                and r["period_start"] <= day.isoformat() < r["period_end"]):
            if r.get("region") == region:
                return r
            found = r
    return found


def tariff_prices(view: PriceView, index: Mapping[str, Any], files: Sequence[RateFile],
                  price_cap: Mapping[str, Any] | None) -> dict:
    """View model of one tariff's half-hourly unit rates and standing charges over the days in ``view``.

    ``files`` are the tariff code's parsed year files covering the days shown.
    Unit rates [p/kWh] inc VAT are charted as published; unknown half-hours
    stay gaps. The price-cap unit rate (the region's own row, else the GB average) is drawn dashed for
    import tariffs, labelled unverified when its row is.
    """
    names = region_names(index)
    labels = family_labels(index)
    entry = index.get("tariffs", {}).get(view.tariff_code, {})
    product = index.get("products", {}).get(entry.get("product_code", ""), {})
    export = entry.get("direction") == "export"
    fuel = entry.get("fuel", "electricity")
    registers = [r for r in ("standard", "day", "night") if any(getattr(f, r) is not None for f in files)]
    register_names = {"standard": "Export rate" if export else "Unit rate", "day": "Day rate", "night": "Night rate"}
    sample = index.get("sample") or any(f.sample for f in files)

    x_labels: list[str] = []
    rows: list[list[str]] = []
    series = {r: [] for r in registers}
    cap_values: list[float | None] = []
    cap_rows: list[Mapping[str, Any]] = []
    bars, day_rows, day_classes = [], [], []
    standing_seen: list[float] = []
    day = view.first_day
    while day <= view.day:
        start, end = lt.day_bounds(day)
        cap = None if export else _cap_row(price_cap, fuel, day, view.region)
        if cap is not None and cap not in cap_rows:
            cap_rows.append(cap)
        known: list[float] = []
        for t in range(start, end, lt.HALF_HOUR):
            local = lt.local_datetime(t)
            # Short axis labels (the chart shows about a dozen); the dates are in the title and table.
            x_labels.append(f"{WEEKDAYS[local.weekday()]} {local:%H:%M}" if view.days > 1 else f"{local:%H:%M}")
            cells = [f"{date_label(local.date())} {local:%H:%M}" + (" (BST)" if lt.utc_offset(t) else " (GMT)")]
            for r in registers:
                inc, exc = _rate_at(files, r, t, True), _rate_at(files, r, t, False)
                series[r].append(None if inc is None else round(inc, 4))
                cells += [b.amount(inc, 2, "p/kWh"), b.amount(exc, 2, "p/kWh")]
                if r == registers[0] and inc is not None:
                    known.append(inc)
            cap_values.append(None if cap is None else cap["unit_rate_p_per_kwh_inc_vat"])
            rows.append(cells)
        standing = None if export else _standing_at(files, start)
        if standing is not None:
            standing_seen.append(standing[1])
        mean = sum(known) / len(known) if known else None
        slots = (end - start) // lt.HALF_HOUR
        bars.append({"key": day.isoformat(), "label": f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}",
                     "value": None if mean is None else round(mean, 4), "complete": len(known) == slots,
                     "drill": {**view.as_params(), "day": day.isoformat(), "days": "1"} if view.days > 1 else None,
                     "note": ""})
        day_rows.append([date_label(day), b.count(len(known), slots),
                         b.amount(min(known) if known else None, 2, "p/kWh"), b.amount(mean, 2, "p/kWh"),
                         b.amount(max(known) if known else None, 2, "p/kWh"),
                         "none" if export else b.amount(None if standing is None else standing[1], 2, "p/day",
                                                        text="unknown" if standing is None else None)])
        day_classes.append("" if len(known) == slots else "warn")
        day += dt.timedelta(days=1)

    rate_word = "Export rate" if export else "Unit rate"
    unit = "p/kWh"
    line_series = [{"name": f"{register_names[r]} inc VAT" if not export else f"{register_names[r]} (no VAT)",
                    "values": series[r], "style": "solid"} for r in registers]
    if any(v is not None for v in cap_values):
        unverified = any(not c.get("verified") for c in cap_rows)
        line_series.append({"name": "Price cap" + (" (unverified)" if unverified else ""),
                            "values": cap_values, "style": "dashed"})
    period = (date_label(view.day) if view.days == 1
              else f"{date_label(view.first_day)} – {date_label(view.day)}")
    where = f"{names.get(view.region, view.region)} ({view.region})"
    title = f"{labels.get(view.family, view.family)}, {_lower_first(KIND_LABELS.get(view.kind, view.kind))}: {where}"
    known_all = [v for v in series[registers[0]] if v is not None] if registers else []
    caption = (f"{rate_word} for every half-hour in London time, {period}, as published"
               + (" (export payments carry no VAT)" if export else ", inc VAT at 5%")
               + ". Gaps are half-hours the feeds do not hold.")
    if "night" in registers:
        caption += (" Economy 7: each register's price as published; which half-hours are charged at the night "
                    "rate is set by your meter, often 00:30–07:30 GMT (01:30–08:30 in summer time).")
    out: list[dict] = [settings_form(view, index)]
    if sample:
        out.append(b.text("Sample prices", [
            f"These prices come from the bundled SAMPLE feeds, so “recent” means the last days they cover "
            f"(up to {date_label(last_day(coverage_span(entry)[1]))})."  # type: ignore[index]
            if coverage_span(entry) else "These prices come from the bundled SAMPLE feeds.",
            f"Where they come from: {files[0].provenance}" if files and files[0].provenance else ""], tone="warn"))
        out[-1]["paragraphs"] = [p for p in out[-1]["paragraphs"] if p]
    out.append(b.lines(f"{rate_word}s, {period}", unit, x_labels, line_series, caption=caption))
    if view.days > 1:
        out.append(b.bars(f"Average {rate_word.lower()} per day", unit, bars,
                          caption=f"Mean of the day's half-hourly {rate_word.lower()}s"
                                  f"{'' if export else ' inc VAT'}; pick a day to see its half-hours."))
    standing_text: b.Cell
    if export:
        standing_text = "none (export tariffs have no standing charge)"
    elif not standing_seen:
        standing_text = "not in the feeds"
    elif min(standing_seen) == max(standing_seen):
        standing_text = b.amount(standing_seen[0], 2, "p/day", text=b.num(standing_seen[0], 2, "p/day") + " inc VAT")
    else:
        # The range is shown; the number is the charge on the last day shown (the most recent).
        standing_text = b.amount(standing_seen[-1], 2, "p/day", text=(
            f"{b.num(min(standing_seen), 2)} to {b.num(max(standing_seen), 2, 'p/day')} inc VAT"))
    facts = [("Tariff code", view.tariff_code),
             ("Product", f"{product.get('full_name') or entry.get('product_code', '?')}"
                         + (" (synthesised for the sample)" if product.get("synthetic") else "")),
             ("Standing charge", standing_text),
             (f"Lowest {rate_word.lower()}", b.amount(min(known_all) if known_all else None, 2, unit, unit)),
             (f"Highest {rate_word.lower()}", b.amount(max(known_all) if known_all else None, 2, unit, unit)),
             ("Half-hours with prices", b.count(len(known_all), len(x_labels)), len(known_all) < len(x_labels))]
    if any(v is not None for v in cap_values):
        # Every cap in force is shown; the number is the latest one's.
        regional = {c.get("region") == view.region for c in cap_rows}
        whose = ("GB average" if regional == {False} else where if regional == {True}
                 else f"{where}, else GB average")
        facts.append((f"Price cap unit rate ({whose})",
                      b.amount(cap_rows[-1]["unit_rate_p_per_kwh_inc_vat"], 2, unit, text=", ".join(
                          f"{b.num(c['unit_rate_p_per_kwh_inc_vat'], 2, unit)}"
                          + ("" if c.get("verified") else " (unverified)") for c in cap_rows)), True))
    out.append(b.facts("This tariff", facts))
    out.append(b.table("Each day", ["Day", "Half-hours with prices", f"Lowest {unit}", f"Mean {unit}",
                                    f"Highest {unit}", "Standing charge p/day inc VAT"], day_rows,
                       row_classes=day_classes, open=True))
    columns = ["Half-hour starting"]
    for r in registers:
        columns += [f"{register_names[r]} inc VAT", f"{register_names[r]} exc VAT"]
    out.append(b.table("Every half-hour (p/kWh)", columns, rows))
    return {"title": title, "subtitle": period, "blocks": out, "view": view.as_params(), "sample": bool(sample)}
