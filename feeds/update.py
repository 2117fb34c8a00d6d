"""``python -m feeds update``: the nightly, incremental, validated pipeline.

Order of work (gather -> validate -> write, as MkDocs builds):

1. read the published manifest (``DIR/v1/index.json``): known products, tariffs, coverage;
2. discover products (products list, plus seeds; past products via ``available_at``);
3. for each tariff of each wanted region: fetch only [coverage end - overlap, until),
   merge into the year files, validate, stage -- a failure is recorded, never fatal;
4. carbon in windows of <= 14 days, stopping at the first failed window so the next
   run resumes exactly there;
5. the curated price-cap table;
6. the manifest, validated, then everything is published atomically (store.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from feeds import docs
from feeds.carbon import DEFAULT_CARBON_API, CarbonApi, windows
from feeds.families import BY_KEY, FAMILIES, KINDS, Family
from feeds.http import ApiClient, FeedError, HttpStatusError, RetryPolicy, make_session
from feeds.manifest import build_manifest, file_entry, merge_entry_years
from feeds.octopus import DEFAULT_OCTOPUS_API, OctopusApi, RateRow, TariffRef, parse_product, parse_product_tariffs
from feeds.price_cap import price_cap_doc
from feeds.regions import BY_LETTER, NATIONAL, REGION_LETTERS
from feeds.series import YearValues, expand_rows, from_compact, merge_points
from feeds.store import Publisher, read_json
from feeds.timeslots import add_days, floor_day, iso, parse_day, parse_instant, utc_now, year_of, years_between
from feeds.validate import SchemaError, validate_doc

CARBON_SINCE = "2018-05-10"  # regional intensity starts about here (apis.md 5.2)
PROVENANCE_OCTOPUS = "Octopus Energy public API, direct-debit prices"
PROVENANCE_CARBON = "NESO Carbon Intensity API (CC BY 4.0)"


class SampleTreeError(Exception):
    """The output directory holds the bundled SAMPLE feeds; real data must not merge into them."""


@dataclass(frozen=True)
class UpdateOptions:
    """Inputs of one run. Instants are epoch seconds [s, UTC]."""

    out: Path
    octopus_api: str = DEFAULT_OCTOPUS_API
    carbon_api: str = DEFAULT_CARBON_API
    since: int | None = None
    until: int | None = None
    now: int | None = None
    regions: tuple[str, ...] = REGION_LETTERS
    families: tuple[Family, ...] = FAMILIES
    carbon: bool = True
    overlap_days: float = 2.0
    stale_days: float = 35.0


@dataclass
class RunSummary:
    """What a run did; ``ok`` is False when anything failed."""

    requests: int = 0
    retries: int = 0
    files_changed: list[str] = field(default_factory=list)
    files_unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    gaps: list[tuple[str, str]] = field(default_factory=list)
    tariffs_fetched: int = 0
    tariffs_skipped_complete: int = 0
    tariffs_skipped_fresh: int = 0
    published: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures and self.published

    def render(self) -> str:
        """Human-readable end-of-run summary."""
        lines = [
            f"requests made:      {self.requests} ({self.retries} retries)",
            f"tariffs fetched:    {self.tariffs_fetched} (skipped: {self.tariffs_skipped_complete} complete, "
            f"{self.tariffs_skipped_fresh} fresh)",
            f"files changed:      {len(self.files_changed)} (unchanged: {self.files_unchanged})",
            f"published:          {'yes' if self.published else 'NO'}",
            f"gaps remaining:     {len(self.gaps)}",
        ]
        lines += [f"  gap  {unit}: {what}" for unit, what in self.gaps[:50]]
        if len(self.gaps) > 50:
            lines.append(f"  ... and {len(self.gaps) - 50} more")
        lines += [f"warning: {w}" for w in self.warnings]
        lines.append(f"failures:           {len(self.failures)}")
        lines += [f"  FAILED {unit}: {err}" for unit, err in self.failures]
        return "\n".join(lines)


@dataclass
class _Run:
    opts: UpdateOptions
    pub: Publisher
    octo: OctopusApi
    carbon_api: CarbonApi
    summary: RunSummary
    now: int
    until: int
    prev: dict[str, Any]
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    tariffs: dict[str, dict[str, Any]] = field(default_factory=dict)
    carbon: dict[str, dict[str, Any]] = field(default_factory=dict)
    unresolved_seeds: set[str] = field(default_factory=set)
    detail_sc: dict[str, float | None] = field(default_factory=dict)
    detail_rate: dict[str, float | None] = field(default_factory=dict)

    @property
    def backfill(self) -> bool:
        return self.opts.since is not None or not self.prev.get("products")


def run_update(opts: UpdateOptions, session: requests.Session | None = None,
               policy: RetryPolicy | None = None) -> RunSummary:
    """Run one update into ``opts.out``; never raises for a per-unit failure."""
    root = opts.out / "v1"
    prev = read_json(root / docs.INDEX_PATH) or {}
    if prev.get("sample"):
        raise SampleTreeError(f"{root} holds the bundled sample feeds (index.json 'sample': true); "
                              "update into an empty directory or a previous real feed instead")
    now = opts.now if opts.now is not None else utc_now()
    until = opts.until if opts.until is not None else add_days(floor_day(now), 2)
    own_session = session is None
    client = ApiClient(session or make_session(), policy or RetryPolicy())
    summary = RunSummary()
    run = _Run(opts, Publisher(root), OctopusApi(client, opts.octopus_api), CarbonApi(client, opts.carbon_api),
               summary, now, until, prev, products=dict(prev.get("products", {})),
               tariffs={k: dict(v) for k, v in prev.get("tariffs", {}).items()},
               carbon={k: dict(v) for k, v in prev.get("carbon", {}).items()},
               unresolved_seeds=set(prev.get("unresolved_seed_products", [])))
    try:
        _discover(run)
        for code in sorted(run.tariffs):
            _update_tariff(run, code)
        if opts.carbon:
            _update_carbon(run)
        _stage_price_cap(run)
        _stage_manifest(run)
    finally:
        summary.requests, summary.retries = client.requests_made, client.retries
        if own_session:
            client.session.close()
    if any(unit == docs.INDEX_PATH for unit, _ in summary.failures):
        run.pub.discard()  # an invalid manifest blocks publishing altogether
    else:
        summary.files_changed = run.pub.publish()
        summary.files_unchanged = len(run.pub.unchanged)
        summary.published = True
    return summary


# ---------------------------------------------------------------- discovery

def _sweep_dates(run: _Run) -> list[int | None]:
    """``available_at`` instants for the products list: now, plus quarterly history on a backfill."""
    if not run.backfill:
        return [None]
    start = min(parse_day(f.since) for f in run.opts.families)
    dates: list[int | None] = [None]
    t = start
    while t < run.now:
        dates.append(t)
        t = add_days(t, 91)
    return dates


def _discover(run: _Run) -> None:
    fams = {f.key: f for f in run.opts.families}
    found: dict[str, str] = {}
    filters = sorted({f.list_filter for f in fams.values()})
    for at in _sweep_dates(run):
        for extra in filters:
            try:
                for p in run.octo.get_products(at, extra):
                    if p.family in fams:
                        found[p.code] = p.family
            except FeedError as exc:
                run.summary.failures.append((f"products list (available_at={iso(at) if at else 'now'})", str(exc)))
    for fam in fams.values():
        for code in fam.seeds:
            if code not in found and (run.backfill or code not in run.products) and (
                    run.backfill or code not in run.unresolved_seeds):
                found.setdefault(code, fam.key)
    for code, fam_key in sorted(found.items()):
        if run.backfill or code not in run.products or _product_active(run, run.products[code]):
            _load_product(run, code, BY_KEY[fam_key])
    for code, p in run.products.items():
        if p["family"] in fams and code not in found and _product_active(run, p):
            _load_product(run, code, BY_KEY[p["family"]])


def _product_active(run: _Run, p: dict[str, Any]) -> bool:
    """On sale now, or withdrawn recently enough that its prices may still move."""
    to = p.get("available_to")
    return to is None or parse_instant(to) > add_days(run.now, -run.opts.stale_days)


def _load_product(run: _Run, code: str, fam: Family) -> None:
    seed = code in fam.seeds
    try:
        detail = run.octo.get_product(code)
        refs = parse_product_tariffs(detail, fam, run.opts.regions, f"products/{code}/")
    except HttpStatusError as exc:
        if exc.status == 404 and seed:
            run.unresolved_seeds.add(code)
            run.summary.warnings.append(f"seed product {code} ({fam.key}) not found (404); skipped")
            return
        run.summary.failures.append((f"product {code}", str(exc)))
        return
    except FeedError as exc:
        run.summary.failures.append((f"product {code}", str(exc)))
        return
    run.unresolved_seeds.discard(code)
    p = parse_product(detail, fam)
    run.products[code] = {"family": p.family, "display_name": p.display_name, "full_name": p.full_name,
                          "direction": p.direction, "available_from": p.available_from,
                          "available_to": p.available_to}
    for ref in refs:
        entry = run.tariffs.setdefault(ref.tariff_code, {})
        entry.update({"product_code": code, "family": fam.key, "region": ref.region, "kind": ref.kind,
                      "fuel": docs.FUEL_OF_KIND[ref.kind], "direction": fam.direction,
                      "rates": list(KINDS[ref.kind][3])})
        entry.setdefault("years", {})
        run.detail_sc[ref.tariff_code] = ref.standing_charge_inc_vat
        run.detail_rate[ref.tariff_code] = ref.unit_rate_inc_vat


# ---------------------------------------------------------------- tariffs

def _ref(code: str, t: dict[str, Any]) -> TariffRef:
    return TariffRef(code, t["product_code"], t["family"], t["kind"], t["region"], None)


def _coverage_end(entry: dict[str, Any]) -> int | None:
    ends = [parse_instant(y["end"]) for y in entry.get("years", {}).values()]
    return max(ends) if ends else None


# Tariffs whose prices change only with notice are fetched this far ahead, and
# refreshed when less than REFRESH_DAYS of known prices remain (see families.py).
LOOKAHEAD_DAYS = 14
REFRESH_DAYS = 7


def _fetch_until(run: _Run, fam: Family) -> int:
    return max(run.until, add_days(floor_day(run.now), LOOKAHEAD_DAYS)) if fam.notice_days else run.until


def _tariff_window(run: _Run, code: str, t: dict[str, Any]) -> tuple[int, int] | str:
    """[from, to) to fetch for a tariff, or why not: "complete" or "fresh"."""
    fam = BY_KEY[t["family"]]
    until = _fetch_until(run, fam)
    if run.opts.since is not None:
        return run.opts.since, until
    end = _coverage_end(t)
    product = run.products.get(t["product_code"], {})
    finished = (t.get("last_checked") is not None) if end is None else end < add_days(run.now, -run.opts.stale_days)
    if not _product_active(run, product) and finished:
        return "complete"
    if end is None:
        return parse_day(fam.since), until
    changed = run.detail_rate.get(code) != t.get("unit_rate_p_per_kwh_inc_vat_checked", run.detail_rate.get(code))
    if fam.notice_days and end >= add_days(run.now, REFRESH_DAYS) and not changed:
        return "fresh"
    return add_days(min(end, run.now), -run.opts.overlap_days), until


def _needs_standing_charges(run: _Run, code: str, t: dict[str, Any]) -> bool:
    if run.opts.since is not None or "standing_charge_p_per_day_inc_vat_latest" not in t:
        return True
    now_value = run.detail_sc.get(code)
    stored = t["standing_charge_p_per_day_inc_vat_latest"]
    return now_value is not None and (stored is None or abs(now_value - stored) > 1e-9)


def _update_tariff(run: _Run, code: str) -> None:
    t = run.tariffs[code]
    if t["region"] not in run.opts.regions or t["family"] not in {f.key for f in run.opts.families}:
        return
    window = _tariff_window(run, code, t)
    if window == "complete":
        run.summary.tariffs_skipped_complete += 1
        return
    if window == "fresh":
        run.summary.tariffs_skipped_fresh += 1
        return
    assert isinstance(window, tuple)
    pf, pt = window
    if pf >= pt:
        return
    run.summary.tariffs_fetched += 1
    ref = _ref(code, t)
    try:
        rows = {rate: run.octo.get_rates(ref, rate, pf, pt) for rate in KINDS[t["kind"]][3]}
        if not any(rows.values()) and _product_active(run, run.products.get(t["product_code"], {})):
            # On sale, yet no prices at all: most likely a glitch at the API. Say so, and leave
            # last_checked alone so the tariff is asked for again rather than taken as done.
            run.summary.warnings.append(f"tariff {code}: the API returned no unit rates from {iso(pf)} to "
                                        f"{iso(pt)} although the product is on sale; it will be asked again")
            return
        standing = None
        if _needs_standing_charges(run, code, t):
            standing = [_interval(r) for r in run.octo.get_standing_charges(ref)]
        staged = _build_tariff_docs(run, code, t, rows, standing, pf, pt)
        for rel, doc in staged:  # all or nothing for one tariff
            validate_doc(doc, rel)
        for rel, doc in staged:
            run.pub.stage(rel, doc, validated=True)
            merge_entry_years(t, doc["year"], file_entry(doc))
    except (FeedError, SchemaError) as exc:
        run.summary.failures.append((f"tariff {code}", str(exc)))
        return
    t["last_checked"] = iso(run.now)
    if code in run.detail_rate:
        t["unit_rate_p_per_kwh_inc_vat_checked"] = run.detail_rate[code]
    if standing:
        open_or_last = max(standing, key=lambda iv: iv["valid_from"])
        t["standing_charge_p_per_day_inc_vat_latest"] = open_or_last["value_inc_vat"]
    elif standing == [] and "standing_charge_p_per_day_inc_vat_latest" not in t:
        t["standing_charge_p_per_day_inc_vat_latest"] = None
    _note_gaps(run, f"tariff {code}", t)


def _interval(r: RateRow) -> dict[str, Any]:
    return {"valid_from": iso(r.valid_from), "valid_to": iso(r.valid_to) if r.valid_to else None,
            "value_exc_vat": r.value_exc_vat, "value_inc_vat": r.value_inc_vat}


def _latest_standing(run: _Run, code: str, t: dict[str, Any]) -> list[dict[str, Any]]:
    """Standing-charge intervals from the newest published year file (for a new year file)."""
    years = sorted(t.get("years", {}), reverse=True)
    for y in years:
        doc = run.pub.read(docs.tariff_path(code, int(y)))
        if doc:
            return doc["standing_charges_p_per_day"]
    return []


def _build_tariff_docs(run: _Run, code: str, t: dict[str, Any], rows: dict[str, list[RateRow]],
                       standing: list[dict[str, Any]] | None, pf: int, pt: int) -> list[tuple[str, dict[str, Any]]]:
    points = {rate: (expand_rows(r, pf, pt, "value_exc_vat"), expand_rows(r, pf, pt, "value_inc_vat"))
              for rate, r in rows.items()}
    years = years_between(pf, pt)
    if standing:
        sc_years = {year_of(parse_instant(iv["valid_from"])) for iv in standing}
        years = sorted(set(years) | {y for y in sc_years if str(y) in t.get("years", {})})
    out = []
    fallback_sc: list[dict[str, Any]] | None = None
    for year in years:
        rel = docs.tariff_path(code, year)
        old = run.pub.read(rel)
        rates: dict[str, tuple[YearValues, YearValues]] = {}
        for rate, (exc_pts, inc_pts) in points.items():
            old_rate = (old or {}).get("unit_rates", {}).get(rate, {})
            exc = from_compact(old_rate.get("unit_rate_p_per_kwh_exc_vat"), year)
            inc = from_compact(old_rate.get("unit_rate_p_per_kwh_inc_vat"), year)
            merge_points(exc, year, exc_pts)
            merge_points(inc, year, inc_pts)
            rates[rate] = (exc, inc)
        if standing:
            sc = docs.standing_for_year(standing, year)
        elif old is not None:
            sc = old["standing_charges_p_per_day"]
        else:
            if fallback_sc is None:
                fallback_sc = _latest_standing(run, code, t)
            sc = docs.standing_for_year(fallback_sc, year)
        doc = docs.tariff_doc({**t, "tariff_code": code}, year, rates, sc, sample=False,
                              provenance=PROVENANCE_OCTOPUS)
        if doc is not None:
            out.append((rel, doc))
    return out


def _note_gaps(run: _Run, unit: str, entry: dict[str, Any]) -> None:
    for year, info in sorted(entry.get("years", {}).items()):
        if info["missing_slots"]:
            run.summary.gaps.append((f"{unit} {year}", f"{info['missing_slots']} unknown half-hours "
                                                         f"between {info['first']} and {info['end']}"))


# ---------------------------------------------------------------- carbon

def _carbon_start(run: _Run) -> int:
    if run.opts.since is not None:
        return run.opts.since
    keys = [*REGION_LETTERS, NATIONAL]
    ends = [_coverage_end(run.carbon[k]) if k in run.carbon else None for k in keys]
    if any(e is None for e in ends):
        return parse_day(CARBON_SINCE)
    return add_days(min(min(e for e in ends if e is not None), run.now), -run.opts.overlap_days)


def _update_carbon(run: _Run) -> None:
    start, end = _carbon_start(run), run.until
    start -= start % 1800
    acc: dict[str, dict[int, float]] = {k: {} for k in [*REGION_LETTERS, NATIONAL]}
    actual: dict[int, float] = {}
    for ws, we in windows(start, end):
        try:
            pts = run.carbon_api.get_window(ws, we)
        except FeedError as exc:
            # Stop here: publishing later windows would move coverage past the hole,
            # and the next run resumes from the last good half-hour instead.
            run.summary.failures.append((f"carbon {iso(ws)}..{iso(we)}", str(exc)))
            break
        for letter, values in pts.regional.items():
            acc[letter].update(values)
        acc[NATIONAL].update(pts.national_forecast)
        actual.update(pts.national_actual)
    for key, values in acc.items():
        if not values and key not in run.carbon:
            continue
        try:
            _stage_carbon(run, key, values, actual if key == NATIONAL else None)
        except SchemaError as exc:
            run.summary.failures.append((f"carbon {key}", str(exc)))


def _stage_carbon(run: _Run, key: str, values: dict[int, float], actual: dict[int, float] | None) -> None:
    entry = run.carbon.setdefault(key, {"years": {}})
    entry["carbon_region_id"] = BY_LETTER[key].carbon_region_id if key in BY_LETTER else None
    slots = list(values) + list(actual or {})
    if not slots:
        return
    staged = []
    for year in range(year_of(min(slots)), year_of(max(slots)) + 1):
        rel = docs.carbon_path(key, year)
        old = run.pub.read(rel) or {}
        fc = from_compact(old.get("intensity_g_per_kwh_forecast"), year)
        merge_points(fc, year, values)
        ac = None
        if actual is not None:
            ac = from_compact(old.get("intensity_g_per_kwh_actual"), year)
            merge_points(ac, year, actual)
        doc = docs.carbon_doc(key, entry["carbon_region_id"], year, fc, ac, sample=False,
                              provenance=PROVENANCE_CARBON)
        if doc is not None:
            validate_doc(doc, rel)
            staged.append((rel, doc))
    for rel, doc in staged:
        run.pub.stage(rel, doc, validated=True)
        merge_entry_years(entry, doc["year"], file_entry(doc))
    _note_gaps(run, f"carbon {key}", entry)


# ---------------------------------------------------------------- price cap and manifest

def _stage_price_cap(run: _Run) -> None:
    try:
        run.pub.stage(docs.PRICE_CAP_PATH, price_cap_doc(sample=False))
    except (SchemaError, ValueError) as exc:
        run.summary.failures.append(("price cap", str(exc)))


def _stage_manifest(run: _Run) -> None:
    manifest = build_manifest(
        generated_at=iso(run.now), sample=False, products=run.products, tariffs=run.tariffs, carbon=run.carbon,
        price_cap=run.pub.read(docs.PRICE_CAP_PATH),
        last_run={"finished_at": iso(run.now), "until": iso(run.until),
                  "failures": [{"unit": u, "error": e[:500]} for u, e in run.summary.failures]},
        unresolved_seed_products=sorted(run.unresolved_seeds))
    try:
        run.pub.stage(docs.INDEX_PATH, manifest)
    except SchemaError as exc:
        run.summary.failures.append(("index.json", str(exc)))


__all__ = ["RunSummary", "SampleTreeError", "UpdateOptions", "run_update"]
