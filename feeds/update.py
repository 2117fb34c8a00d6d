"""``python -m feeds update``: the nightly, incremental, validated pipeline.

Order of work (gather -> validate -> write, as MkDocs builds):

1. read the published manifest (``DIR/v1/index.json``): known products, tariffs, coverage;
2. discover products: every domestic one the products list shows (past ones via
   ``available_at``), grouped into families by display name, plus seeds (Tracker probes);
3. for each tariff of each wanted region: fetch only [coverage end - overlap, until),
   merge into the year files, validate, stage -- a failure is recorded, never fatal;
4. carbon in windows of <= 14 days, stopping at the first failed window so the next
   run resumes exactly there;
5. the Agile forecast per region (kept every night) and its measured accuracy (forecast.py);
6. the curated price-cap table, and the cap as a tariff per region (price_cap_tariff.py);
7. the manifest, validated, then everything is published atomically (store.py).

Files earlier runs published are read back (year files to merge into, Agile prices to measure the
forecast against): one found damaged is named in the summary and left byte for byte as it is. One the
night rebuilds whole (the forecast, the price cap and its tariffs), found not to be JSON when tonight's
replaces it, fails by name, its bytes kept under ``DIR/damaged/`` (store.py).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from feeds import docs
from feeds import forecast as fc
from feeds.carbon import DEFAULT_CARBON_API, CarbonApi, windows
from feeds.families import FAMILIES, KINDS, Family, discovered_family, product_conditions
from feeds.http import ApiClient, FeedError, HttpStatusError, RetryPolicy, make_session
from feeds.manifest import build_manifest, file_entry, merge_entry_years
from feeds.octopus import (
    DEFAULT_OCTOPUS_API,
    OctopusApi,
    Product,
    RateRow,
    TariffRef,
    parse_product,
    parse_product_tariffs,
    rows_for_payment,
)
from feeds.price_cap import TABLE_PATH as PRICE_CAP_TABLE
from feeds.price_cap import price_cap_doc
from feeds.price_cap_tariff import FAMILY_KEY as PRICE_CAP_FAMILY
from feeds.price_cap_tariff import PRODUCT_CODE as PRICE_CAP_PRODUCT
from feeds.price_cap_tariff import price_cap_manifest_parts, price_cap_tariff_docs
from feeds.regions import BY_LETTER, NATIONAL, REGION_LETTERS
from feeds.series import YearValues, expand_rows, from_compact, merge_points
from feeds.store import Publisher, document_problem
from feeds.timeslots import (
    SLOT_SECONDS,
    add_days,
    floor_day,
    iso,
    parse_day,
    parse_instant,
    slots_in_year,
    utc_now,
    year_bounds,
    year_of,
    years_between,
)
from feeds.validate import SchemaError, validate_doc
from pyruntime.fileformats import safejson

CARBON_SINCE = "2018-05-10"  # regional intensity starts about here (carbon-intensity.github.io/api-definitions)
PROVENANCE_OCTOPUS = ("Octopus Energy public API; direct-debit prices, and non-direct-debit prices where the API "
                      "gives them separately")
PROVENANCE_CARBON = "NESO Carbon Intensity API (CC BY 4.0)"


class SampleTreeError(Exception):
    """The output directory holds the bundled SAMPLE feeds; real data must not merge into them."""


class ManifestUnreadableError(Exception):
    """The published ``index.json`` is not a JSON object: the run cannot tell what is published, so writes nothing."""


class DamagedFileError(Exception):
    """A file an earlier run published no longer reads as its kind; it is kept as it is, never merged into."""


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
    families: tuple[Family, ...] | None = None  # None: every domestic product, discovered families included
    carbon: bool = True
    forecast: bool = True
    forecast_api: str = fc.DEFAULT_FORECAST_API
    overlap_days: float = 2.0
    stale_days: float = 35.0
    price_cap_table: Path = PRICE_CAP_TABLE  # the curated CSV; another path only in tests


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
    families: dict[str, Family] = field(default_factory=dict)
    extra_families: list[dict[str, Any]] = field(default_factory=list)
    forecasts: dict[str, dict[str, Any]] = field(default_factory=dict)
    archives: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # written only once published
    damaged: dict[str, str] = field(default_factory=dict)  # published path -> what is wrong with it

    def wanted(self, key: str) -> bool:
        """Whether this run updates family ``key`` (``--families`` limits it; default every family)."""
        return self.opts.families is None or key in {f.key for f in self.opts.families}

    @property
    def backfill(self) -> bool:
        return self.opts.since is not None or not self.prev.get("products")


def run_update(opts: UpdateOptions, session: requests.Session | None = None,
               policy: RetryPolicy | None = None) -> RunSummary:
    """Run one update into ``opts.out``; never raises for a per-unit failure."""
    root = opts.out / "v1"
    prev = _read_manifest(root / docs.INDEX_PATH)
    if prev.get("sample"):
        raise SampleTreeError(f"{root} holds the bundled sample feeds (index.json 'sample': true); "
                              "update into an empty directory or a previous real feed instead")
    now = opts.now if opts.now is not None else utc_now()
    until = opts.until if opts.until is not None else add_days(floor_day(now), 2)
    own_session = session is None
    client = ApiClient(session or make_session(), policy or RetryPolicy())
    summary = RunSummary()
    forecasts = _previous_forecasts(prev, summary)
    run = _Run(opts, Publisher(root), OctopusApi(client, opts.octopus_api), CarbonApi(client, opts.carbon_api),
               summary, now, until, prev, products=dict(prev.get("products", {})),
               tariffs={k: dict(v) for k, v in prev.get("tariffs", {}).items()},
               carbon={k: dict(v) for k, v in prev.get("carbon", {}).items()},
               unresolved_seeds=set(prev.get("unresolved_seed_products", [])),
               families=_known_families(prev),
               extra_families=[f for f in prev.get("families", []) if f.get("key") == PRICE_CAP_FAMILY],
               forecasts=forecasts)
    try:
        _discover(run)
        for code in sorted(run.tariffs):
            _update_tariff(run, code)
        if opts.carbon:
            _update_carbon(run)
        if opts.forecast:
            _update_forecast(run)
        _stage_price_cap(run)
        _name_damaged_replaced(run)
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
        for region, archive in run.archives.items():  # a run that publishes nothing changes nothing
            fc.write_archive(opts.out, region, archive)
    return summary


# ---------------------------------------------------------------- our own published files

def _read_manifest(path: Path) -> dict[str, Any]:
    """The published manifest, or ``{}`` before the first run.

    Unlike a data file it cannot be skipped: it is what tells the run which tariffs and years are
    published, and starting again without it means a backfill of every tariff. One that is not a
    JSON object, or fails the manifest's schema outside its forecast entry, stops the run before
    anything is written, saying so.
    """
    try:
        doc = safejson.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError as exc:  # not JSON, not UTF-8, or nested past any of ours
        raise ManifestUnreadableError(_manifest_advice(path, f"not JSON ({type(exc).__name__})")) from None
    if not isinstance(doc, dict):
        raise ManifestUnreadableError(_manifest_advice(path, f"a JSON {type(doc).__name__}, not an object"))
    if doc.get("sample"):
        return doc  # the bundled sample tree: the caller refuses it by name
    try:  # the forecast entry is checked region by region (_previous_forecasts): a damaged one is only absent
        validate_doc({k: v for k, v in doc.items() if k != "forecast"}, str(path))
    except SchemaError as exc:
        raise ManifestUnreadableError(_manifest_advice(path, f"not a manifest this job wrote ({exc})")) from None
    return doc


def _manifest_advice(path: Path, what: str) -> str:
    return (f"{path} is {what}; nothing was written. Restore it from an earlier copy of the feeds, or move "
            "it aside and run with --since to rebuild it by a backfill")


def _previous_forecasts(prev: dict[str, Any], summary: RunSummary) -> dict[str, dict[str, Any]]:
    """The manifest's forecast regions that read as this job writes them; a damaged one is taken as absent.

    A region left out is named in the warnings; its forecast file stays published, and tonight's
    forecast for it, once fetched, puts it back in the manifest.
    """
    entry = prev.get("forecast")
    if entry is None:
        return {}
    regions = entry.get("regions") if isinstance(entry, dict) else None
    if not isinstance(regions, dict):
        summary.warnings.append(f"{docs.INDEX_PATH} 'forecast': not an object with 'regions'; taken as absent")
        return {}
    good = {r: e for r, e in regions.items() if _forecast_entry_ok(r, e)}
    if bad := [r for r in regions if r not in good]:
        summary.warnings.append(f"{docs.INDEX_PATH} 'forecast' regions {', '.join(repr(r)[:12] for r in bad[:5])}"
                                f"{f' and {len(bad) - 5} more' if len(bad) > 5 else ''}: damaged; taken as absent")
    return good


def _forecast_entry_ok(region: str, entry: Any) -> bool:
    """A manifest forecast entry as :func:`_update_forecast` writes it."""
    return (region in REGION_LETTERS and isinstance(entry, dict)
            and set(entry) == {"path", "created_at", "fetched_at", "first", "end"}
            and entry["path"] == FORECAST_PATH.format(region=region)
            and all(_canonical_instant(entry[k]) for k in ("created_at", "fetched_at", "first", "end")))


def _canonical_instant(value: Any) -> bool:
    """An instant exactly as :func:`iso` writes it (``2023-11-01T04:00:00Z``)."""
    try:
        return isinstance(value, str) and iso(parse_instant(value)) == value
    except (ValueError, OverflowError):
        return False


def _read_published(run: _Run, rel: str, kind: str, **expect: Any) -> dict[str, Any] | None:
    """A document an earlier run published (or this run staged); None when there is none or it is damaged.

    The job reads its own files back to merge tonight's prices into them and to measure the forecast
    against. One damaged by hand or by a disk (cut short, not UTF-8, a list where an object belongs,
    text or NaN where a number belongs, a series outside its year, another file's contents) must not
    stop the night: it is named once in the summary's warnings and left exactly as it is.
    ``expect``: fields the document must hold (its year, its tariff code).
    """
    if rel in run.damaged:
        return None
    if rel in run.pub.staged:
        return run.pub.read(rel)  # built and validated tonight
    try:
        doc = safejson.loads((run.pub.root / rel).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:  # not JSON, not UTF-8, or nested past any of ours
        damage = f"not JSON ({type(exc).__name__})"
    else:
        damage = _published_damage(doc, rel, kind, expect)
    if damage is None:
        return doc
    run.damaged[rel] = damage
    run.summary.warnings.append(f"{rel}: {damage}; skipped, and left as it is for a person to mend")
    return None


def _read_to_merge(run: _Run, rel: str, kind: str, **expect: Any) -> dict[str, Any] | None:
    """:func:`_read_published` for a file tonight's data merges into: a damaged one raises DamagedFileError.

    Rewriting it with tonight's prices alone would lose everything else it held.
    """
    doc = _read_published(run, rel, kind, **expect)
    if rel in run.damaged:
        raise DamagedFileError(f"{rel} is damaged ({run.damaged[rel]}); not updated, so nothing it holds is lost")
    return doc


def _published_damage(doc: Any, rel: str, kind: str, expect: dict[str, Any]) -> str | None:
    """What makes ``doc`` unfit to be read back as a ``kind`` document at ``rel``; None when nothing does."""
    if problem := document_problem(doc, rel, kind):
        return problem
    if wrong := [k for k, v in expect.items() if doc.get(k) != v]:
        return f"its {', '.join(wrong)} is not this file's"
    if not _content_ok(doc, doc.get("year")):
        return "a number that is not finite, a time that is not one, or a series outside its year"
    return None


def _content_ok(node: Any, year: int | None) -> bool:
    """Every number finite, every instant a real time, every half-hourly series inside ``year``.

    What the schema cannot say: NaN passes its minimum and maximum, ``2023-13-45T00:00:00Z`` its
    pattern, and a series starting in another year would be written into the wrong half-hours.
    """
    if isinstance(node, float):
        return math.isfinite(node)
    if isinstance(node, list):
        return all(_content_ok(v, year) for v in node)
    if not isinstance(node, dict):
        return True
    for key in ("valid_from", "valid_to", "start"):
        if isinstance(node.get(key), str) and not _real_instant(node[key]):
            return False
    if year is not None and "step_seconds" in node and not _inside_year(node, year):
        return False
    return all(_content_ok(v, year) for v in node.values())


def _real_instant(text: str) -> bool:
    try:
        parse_instant(text)
    except (ValueError, OverflowError):
        return False
    return True


def _inside_year(series: dict[str, Any], year: int) -> bool:
    """A compact series (already schema-checked) whose half-hours all fall in ``year``."""
    offset = (parse_instant(series["start"]) - year_bounds(year)[0]) // SLOT_SECONDS
    return offset >= 0 and offset + len(series["values"]) <= slots_in_year(year)


# ---------------------------------------------------------------- discovery

def _known_families(prev: dict[str, Any]) -> dict[str, Family]:
    """The family table plus the families earlier runs discovered (from the published manifest)."""
    out = {f.key: f for f in FAMILIES}
    for entry in prev.get("families", []):
        if entry.get("discovered") and entry.get("key") not in out:
            fam = discovered_family(entry["label"], entry["direction"])
            out[entry["key"]] = Family(entry["key"], entry["label"], fam.display_names, fam.direction,
                                       tuple(entry.get("tariff_kinds") or fam.kinds), since=fam.since,
                                       notice_days=fam.notice_days, requires=tuple(entry.get("requires", ())),
                                       conditions=entry.get("conditions", ""), discovered=True)
    return out


def _sweep_dates(run: _Run) -> list[int | None]:
    """``available_at`` instants for the products list: now, plus quarterly history on a backfill."""
    if not run.backfill:
        return [None]
    start = min(parse_day(f.since) for f in (run.opts.families or FAMILIES))
    dates: list[int | None] = [None]
    t = start
    while t < run.now:
        dates.append(t)
        t = add_days(t, 91)
    return dates


def _discover(run: _Run) -> None:
    found: dict[str, str] = {}
    listed: dict[str, Product] = {}
    wanted = [f for f in run.families.values() if run.wanted(f.key)]
    filters = sorted({f.list_filter for f in wanted} | {()})
    for at in _sweep_dates(run):
        for extra in filters:
            try:
                for p, fam in run.octo.get_products(at, extra):
                    fam = run.families.setdefault(fam.key, fam)
                    if run.wanted(fam.key):
                        found[p.code] = fam.key
                        listed[p.code] = p
            except FeedError as exc:
                run.summary.failures.append((f"products list (available_at={iso(at) if at else 'now'})", str(exc)))
    for fam in wanted:
        for code in fam.seeds:
            if code not in found and (run.backfill or code not in run.products) and (
                    run.backfill or code not in run.unresolved_seeds):
                found.setdefault(code, fam.key)
    for code, fam_key in sorted(found.items()):
        if run.backfill or code not in run.products or _product_active(run, run.products[code]):
            _load_product(run, code, run.families[fam_key], listed.get(code))
    for code, p in sorted(run.products.items()):
        if run.wanted(p["family"]) and code not in found and _product_active(run, p) and p["family"] in run.families:
            _load_product(run, code, run.families[p["family"]])


def _product_active(run: _Run, p: dict[str, Any]) -> bool:
    """On sale now, or withdrawn recently enough that its prices may still move."""
    to = p.get("available_to")
    return to is None or parse_instant(to) > add_days(run.now, -run.opts.stale_days)


def _load_product(run: _Run, code: str, fam: Family, listed: Product | None = None) -> None:
    seed = code in fam.seeds
    try:
        detail = run.octo.get_product(code)
        refs = parse_product_tariffs(detail, fam, run.opts.regions, f"products/{code}/")
    except HttpStatusError as exc:
        if exc.status == 404:
            # A probe miss (Tracker codes are guessed) or a listed product whose detail is gone
            # (INTELLI-FLUX-EXPORT-23-07-14 in 2026): reported, never fatal; earlier files stay.
            run.unresolved_seeds.add(code)
            what = "probe" if seed and listed is None else "listed product"
            run.summary.warnings.append(f"{what} {code} ({fam.key}) not found (404); skipped")
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
    variable = p.variable if p.variable is not None else (listed.variable if listed else None)
    if variable is not None:
        run.products[code]["fixed"] = not variable
    term = p.term_months or (listed.term_months if listed else None)
    if term:
        run.products[code]["term_months"] = term
    if conditions := product_conditions(code):
        run.products[code]["conditions"] = conditions
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
# The whole menu is a few hundred notice tariffs: each looks ahead 14 to 20 days (a stable
# spread by tariff code), so their weekly refreshes fall on different nights instead of
# all on the same one, keeping a nightly run within its request budget.
SPREAD_DAYS = 7


def _spread_days(code: str) -> int:
    return zlib.crc32(code.encode()) % SPREAD_DAYS


def _fetch_until(run: _Run, fam: Family, code: str = "") -> int:
    if not fam.notice_days:
        return run.until
    return max(run.until, add_days(floor_day(run.now), LOOKAHEAD_DAYS + _spread_days(code)))


def _tariff_window(run: _Run, code: str, t: dict[str, Any]) -> tuple[int, int] | str:
    """[from, to) to fetch for a tariff, or why not: "complete" or "fresh"."""
    fam = run.families[t["family"]]
    until = _fetch_until(run, fam, code)
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
    if t["region"] not in run.opts.regions or not run.wanted(t["family"]) or t["family"] not in run.families:
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
        standing = non_dd_standing = None
        if _needs_standing_charges(run, code, t):
            sc_rows = run.octo.get_standing_charges(ref)
            standing = [_interval(r) for r in rows_for_payment(sc_rows, "direct_debit")]
            if any(r.payment_method == "NON_DIRECT_DEBIT" for r in sc_rows):
                non_dd_standing = [_interval(r) for r in rows_for_payment(sc_rows, "non_direct_debit")]
        staged = _build_tariff_docs(run, code, t, rows, (standing, non_dd_standing), pf, pt)
        for rel, doc in staged:  # all or nothing for one tariff
            validate_doc(doc, rel)
        for rel, doc in staged:
            run.pub.stage(rel, doc, validated=True)
            merge_entry_years(t, doc["year"], file_entry(doc))
    except (FeedError, SchemaError, DamagedFileError) as exc:
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
        doc = _read_published(run, docs.tariff_path(code, int(y)), "tariff_year", year=int(y), tariff_code=code)
        if doc:
            return doc["standing_charges_p_per_day"]
    return []


def _expand(rows: list[RateRow], pf: int, pt: int) -> tuple[dict[int, float], dict[int, float]]:
    return expand_rows(rows, pf, pt, "value_exc_vat"), expand_rows(rows, pf, pt, "value_inc_vat")


def _merged_rates(old_rates: dict[str, Any], points: dict[str, tuple[dict[int, float], dict[int, float]]],
                  year: int) -> dict[str, tuple[YearValues, YearValues]]:
    rates: dict[str, tuple[YearValues, YearValues]] = {}
    for rate, (exc_pts, inc_pts) in points.items():
        old_rate = old_rates.get(rate, {})
        exc = from_compact(old_rate.get("unit_rate_p_per_kwh_exc_vat"), year)
        inc = from_compact(old_rate.get("unit_rate_p_per_kwh_inc_vat"), year)
        merge_points(exc, year, exc_pts)
        merge_points(inc, year, inc_pts)
        rates[rate] = (exc, inc)
    return rates


def _build_tariff_docs(run: _Run, code: str, t: dict[str, Any], rows: dict[str, list[RateRow]],
                       standings: tuple[list[dict[str, Any]] | None, list[dict[str, Any]] | None], pf: int,
                       pt: int) -> list[tuple[str, dict[str, Any]]]:
    """Year documents for a tariff's fetched rows, merged into what is published.

    Direct-debit prices are the main series. Where the API prices non-direct-debit
    separately (rows marked NON_DIRECT_DEBIT), those go into ``non_direct_debit``.
    """
    standing, non_dd_standing = standings
    points = {rate: _expand(rows_for_payment(r, "direct_debit"), pf, pt) for rate, r in rows.items()}
    has_non_dd = any(x.payment_method == "NON_DIRECT_DEBIT" for r in rows.values() for x in r)
    non_dd_points = ({rate: _expand(rows_for_payment(r, "non_direct_debit"), pf, pt) for rate, r in rows.items()}
                     if has_non_dd else {})
    years = years_between(pf, pt)
    if standing:
        sc_years = {year_of(parse_instant(iv["valid_from"])) for iv in standing}
        years = sorted(set(years) | {y for y in sc_years if str(y) in t.get("years", {})})
    out = []
    fallback_sc: list[dict[str, Any]] | None = None
    for year in years:
        rel = docs.tariff_path(code, year)
        old = _read_to_merge(run, rel, "tariff_year", year=year, tariff_code=code)
        rates = _merged_rates((old or {}).get("unit_rates", {}), points, year)
        old_non_dd = (old or {}).get("non_direct_debit")
        non_dd = None
        if non_dd_points or old_non_dd:
            non_dd_rates = _merged_rates((old_non_dd or {}).get("unit_rates", {}), non_dd_points, year)
            non_dd_sc = (docs.standing_for_year(non_dd_standing, year) if non_dd_standing
                         else (old_non_dd or {}).get("standing_charges_p_per_day", []))
            non_dd = (non_dd_rates, non_dd_sc)
        if standing:
            sc = docs.standing_for_year(standing, year)
        elif old is not None:
            sc = old["standing_charges_p_per_day"]
        else:
            if fallback_sc is None:
                fallback_sc = _latest_standing(run, code, t)
            sc = docs.standing_for_year(fallback_sc, year)
        doc = docs.tariff_doc({**t, "tariff_code": code}, year, rates, sc, sample=False,
                              provenance=PROVENANCE_OCTOPUS, non_direct_debit=non_dd)
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
        except (SchemaError, DamagedFileError) as exc:
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
        old = _read_to_merge(run, rel, "carbon_year", year=year, region=key) or {}
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


# ---------------------------------------------------------------- forecast

FORECAST_PATH = "forecast/{region}.json"
ACCURACY_PATH = "forecast/accuracy.json"


def _actual_agile(run: _Run, region: str) -> dict[int, float]:
    """Published Agile import prices [p/kWh inc VAT] of a region over the archive's span, every version."""
    out: dict[int, float] = {}
    years = sorted({year_of(add_days(run.now, -fc.ARCHIVE_DAYS)), year_of(run.now)})
    codes = sorted((c for c, t in run.tariffs.items() if t.get("family") == "agile" and t.get("region") == region
                    and t.get("kind") == "E-1R"), key=lambda c: run.products.get(run.tariffs[c]["product_code"], {})
                   .get("available_from") or "")
    for code in codes:  # newer versions last, so they win where versions overlap
        for year in years:
            doc = _read_published(run, docs.tariff_path(code, year), "tariff_year", year=year, tariff_code=code)
            if not doc:  # absent, or damaged: named in the warnings, and the accuracy is measured without it
                continue
            values = from_compact(doc["unit_rates"]["standard"]["unit_rate_p_per_kwh_inc_vat"], year)
            start = year_bounds(year)[0]
            out.update({start + i * 1800: v for i, v in enumerate(values) if v is not None})
    return out


def _update_forecast(run: _Run) -> None:
    """Each region's newest forecast (a failure keeps the previous file), the archive, and the accuracy table."""
    accuracy, damaged_accuracy = fc.read_accuracy(run.pub.root / ACCURACY_PATH)
    if damaged_accuracy:  # the regions that read are kept; the file itself once, under DIR/damaged/, unpublished
        kept = run.pub.keep_damaged(ACCURACY_PATH, damaged_accuracy).kept
        run.damaged[ACCURACY_PATH] = damaged_accuracy  # named here, with its copy: not again when replaced
        run.summary.failures.append(("forecast accuracy (previous file)", damaged_accuracy + (
            f"; the regions that read are kept, and the damaged file as {kept.relative_to(run.opts.out)}" if kept
            else "; no copy of it could be kept, so it is left as it is")))
    for region in run.opts.regions:
        archive, damaged = fc.read_archive(run.opts.out, region)
        try:
            new = fc.get_forecast(run.octo.client, run.opts.forecast_api, region)
        except FeedError as exc:
            run.summary.failures.append((f"forecast {region}", str(exc)))
            new = None
        if new is not None and (note := new.skipped_note()):  # left out, never rounded into another half-hour
            run.summary.warnings.append(note)
        if damaged:  # kept as it is for a person to mend; tonight's forecast is published but not archived
            run.summary.failures.append((f"forecast archive {region}", damaged))
        if new is not None:
            archive = fc.archived(archive, new, run.now)
            if not damaged:
                run.archives[region] = archive
        try:
            rows = fc.accuracy_rows(archive, _actual_agile(run, region), run.now) if archive else []
        except (KeyError, ValueError) as exc:
            run.summary.failures.append((f"forecast accuracy {region}", str(exc)))
            rows = accuracy.get(region, [])
        if rows:
            accuracy[region] = rows
        if new is None:
            continue
        rel = FORECAST_PATH.format(region=region)
        doc = fc.forecast_doc(new, run.now, fc.measured_mae(rows), sample=False)
        try:
            validate_doc(doc, rel)
        except SchemaError as exc:
            run.summary.failures.append((f"forecast {region}", str(exc)))
            continue
        run.pub.stage(rel, doc, validated=True)
        run.forecasts[region] = {"path": rel, "created_at": doc["created_at"], "fetched_at": doc["fetched_at"],
                                 "first": doc["start"], "end": iso(parse_instant(doc["start"])
                                                                   + 1800 * len(doc["predicted"]))}
    if accuracy:
        try:
            run.pub.stage(ACCURACY_PATH, fc.accuracy_doc(accuracy, run.now, sample=False))
        except SchemaError as exc:
            run.summary.failures.append(("forecast accuracy", str(exc)))


def forecast_manifest(regions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The manifest's ``forecast`` entry."""
    return {"source": fc.SOURCE, "credit": fc.CREDIT, "accuracy_path": ACCURACY_PATH,
            "regions": dict(sorted(regions.items()))}


# ---------------------------------------------------------------- price cap and manifest

def _stage_price_cap(run: _Run) -> None:
    """The curated cap table, and the cap as a tariff per region; a bad table keeps what was published."""
    try:
        doc = price_cap_doc(sample=False, path=run.opts.price_cap_table)
        run.pub.stage(docs.PRICE_CAP_PATH, doc)
        staged = price_cap_tariff_docs(doc["rows"], run.opts.regions, sample=False)
        for rel, tariff in staged:
            validate_doc(tariff, rel)
    except (SchemaError, ValueError) as exc:
        run.summary.failures.append(("price cap", str(exc)))
        return
    for rel, tariff in staged:
        run.pub.stage(rel, tariff, validated=True)
    product, tariffs, family = price_cap_manifest_parts(staged, doc["rows"])
    run.products[PRICE_CAP_PRODUCT] = product
    run.tariffs.update(tariffs)
    run.extra_families = [family]


def _name_damaged_replaced(run: _Run) -> None:
    """A published file found damaged when tonight's whole document for it was staged (the forecast, the price
    cap, its tariffs) fails by name, in the summary and the manifest's ``last_run``: a disk or a killed copy
    damaged it, and a person should know. Its bytes are kept under ``DIR/damaged/`` (store.py)."""
    for rel, damage in sorted(run.pub.damaged.items()):
        if rel not in run.damaged:  # else its reader has named it already
            run.summary.failures.append((f"stored file {rel}", damage.describe()))


def _stage_manifest(run: _Run) -> None:
    manifest = build_manifest(
        generated_at=iso(run.now), sample=False, products=run.products, tariffs=run.tariffs, carbon=run.carbon,
        families=run.families, extra_families=run.extra_families, forecast=forecast_manifest(run.forecasts),
        price_cap=_read_published(run, docs.PRICE_CAP_PATH, "price_cap"),
        last_run={"finished_at": iso(run.now), "until": iso(run.until),
                  "failures": [{"unit": u, "error": e[:500]} for u, e in run.summary.failures]},
        unresolved_seed_products=sorted(run.unresolved_seeds))
    try:
        run.pub.stage(docs.INDEX_PATH, manifest)
    except SchemaError as exc:
        run.summary.failures.append(("index.json", str(exc)))


__all__ = ["ManifestUnreadableError", "RunSummary", "SampleTreeError", "UpdateOptions", "run_update"]
