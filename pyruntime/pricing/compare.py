"""Compare tariffs: what the household would have paid on each, ranked.

Every candidate is priced on the household's own half-hours over the same
London days, with standing charges and VAT; import, export and gas side by
side; import+export pairs sold together (Flux) priced as one; month by
month, with the best and worst month against a baseline (the user's actual
tariff history when known, otherwise the cheapest candidate). The past is
priced as it happened: no load shifting is assumed.

:func:`compare_tariffs` returns a :class:`Comparison` of frozen results in
raw numbers: money in unrounded pence (rounded only when shown), energy in
kWh, instants in seconds UTC. Views format them; nothing here is text for a
page except the notes meant to be read as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..timeseries.series import FUEL_LABELS, FUELS, Series
from ..wording import plural
from .coverage import PriceCoverage
from .history import Pricing, TariffHistory
from .money import ROUNDING, add_up, difference_shown, total_shown
from .period import PeriodCost, Prepared, prepare, price_period

TAGS = {
    "ev": "electric vehicle",
    "heat_pump": "heat pump",
    "battery": "home battery",
    "solar": "solar panels",
}
"""Eligibility tags a tariff may require, and how the page names them."""

COMPARE_ROUNDING = (
    ROUNDING + " Here the household's total is the sum of its fuels' totals as displayed, and an import − export net "
    "or a month's saving is the difference of the two totals displayed for it."
)
"""The rounding convention as the comparison states it: :data:`~pyruntime.pricing.money.ROUNDING`, and how its
household figures add up the lines shown."""

METHOD = (
    "Each tariff is priced on your recorded half-hours as they were, with its standing charges and VAT; "
    "no change of habits is assumed, which favours the tariff you were on."
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A tariff to compare.

    Attributes
    ----------
    key : stable identifier (for the URL and the table's columns).
    pricing : a tariff, or a history (e.g. a family's versions in force each day).
    label : what the user reads; defaults to the tariff's name.
    requires : eligibility tags from :data:`TAGS` (an EV for Intelligent Go, …).
    conditions : a short note of the tariff's conditions.
    pair : candidates with the same pair key are sold together (Flux import + export).
    """

    key: str
    pricing: Pricing
    label: str = ""
    requires: frozenset[str] = field(default_factory=frozenset)
    conditions: str = ""
    pair: str | None = None

    def __post_init__(self) -> None:
        unknown = set(self.requires) - set(TAGS)
        if unknown:
            raise ValueError(f"unknown eligibility tags {sorted(unknown)}; use {', '.join(TAGS)}")


@dataclass(frozen=True, slots=True)
class Version:
    """One product version a tariff was priced with, in force over ``[valid_from, valid_to)`` [s UTC; None open]."""

    code: str
    name: str
    valid_from: int | None
    valid_to: int | None
    region: str | None
    sample: bool


@dataclass(frozen=True, slots=True)
class MonthSaving:
    """A month (``YYYY-MM``) and what a tariff saves in it against the baseline [p inc VAT; + = better for you].

    ``saving_gbp`` is the saving as shown [£]: the difference of the two months' totals as the month-by-month table
    shows them, each rounded to the penny first (see :attr:`TariffResult.saving_gbp`).
    """

    month: str
    saving_p: float
    saving_gbp: float


@dataclass(frozen=True, slots=True)
class TariffResult:
    """One candidate priced over the period. Money in pence at full precision."""

    key: str
    label: str
    code: str
    fuel: str
    requires: tuple[str, ...]  # eligibility tags from :data:`TAGS`, sorted
    conditions: str
    pair: str | None
    eligible: bool  # the household has what the tariff requires (or no filter is set)
    comparable: bool  # every half-hour had a rate and every day a standing charge
    rank: int | None  # 1 = best; None when not eligible or not comparable
    current: bool  # the household's own tariff: the same feed product versions as its actual tariff
    total_p: float  # [p inc VAT; export: revenue, no VAT]
    energy_p: float  # [p exc VAT]
    standing_p: float  # [p exc VAT]
    vat_p: float  # [p]
    priced_kwh: float  # [kWh] energy that had both a reading and a rate
    average_p_per_kwh_inc_vat: float | None  # [p/kWh] energy only
    months_p: tuple[float, ...]  # [p inc VAT] one per month of :attr:`Comparison.months`
    missing_rates: int  # half-hours with a reading but no rate
    days_without_standing: int
    versions: tuple[Version, ...]
    coverage: PriceCoverage  # the days its prices cover: ``total_p`` and ``months_p`` are of those days only
    saving_p: float | None  # against the baseline [p; + = better for you]; None without one or not comparable
    baseline_p: float | None  # the total ``saving_p`` is measured against [p]; None with no saving
    best_month: MonthSaving | None
    worst_month: MonthSaving | None

    @property
    def requires_labels(self) -> list[str]:
        return [TAGS[t] for t in self.requires]

    @property
    def saving_gbp(self) -> float | None:
        """:attr:`saving_p` as shown beside the two totals [£; + = better for you]: the difference of the totals
        rounded to the penny, which can be a penny from :attr:`saving_p` rounded."""
        if self.saving_p is None:
            return None
        pair = (self.total_p, self.baseline_p) if self.fuel == "export" else (self.baseline_p, self.total_p)
        return difference_shown(*pair)

    @property
    def sample(self) -> bool:
        return any(v.sample for v in self.versions)

    @property
    def not_comparable(self) -> str | None:
        """Why the tariff is not ranked, for people; None when it is comparable."""
        if self.comparable:
            return None
        # Each day once: a day without prices is not also one without a standing charge, and the half-hours
        # without a rate are those of the days without prices and of the days priced in part.
        c, parts = self.coverage, []
        if c.uncovered:
            parts.append(f"no prices for {c.uncovered_days:,} of the period's {plural(c.days, 'day')}")
        if c.part_priced:
            parts.append(f"unit rates for only part of {plural(len(c.part_priced), 'day')}")
        if self.days_without_standing:
            parts.append(f"no standing charge for {plural(self.days_without_standing, 'day')}")
        said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Not ranked: {said} (the tariff did not exist or its feed is missing)."


@dataclass(frozen=True, slots=True)
class ActualResult:
    """The household's own tariff (history) priced over the period."""

    label: str
    total_p: float  # [p inc VAT]
    months_p: tuple[float, ...]  # [p inc VAT]
    missing_rates: int
    days_without_standing: int
    versions: tuple[Version, ...]
    coverage: PriceCoverage  # the days its prices cover: ``total_p`` and ``months_p`` are of those days only

    @property
    def complete(self) -> bool:
        """Every day priced, every half-hour with a reading at a rate, every day with its standing charge: a total to
        measure against (as :attr:`~pyruntime.pricing.period.PeriodCost.complete_rates`)."""
        return self.missing_rates == 0 and self.days_without_standing == 0 and not self.coverage.uncovered


MIN_SHARE_TO_SCALE = 0.9
"""The share of a period's half-hours with a reading below which no total is scaled to a year."""

MIN_DAYS_FOR_A_YEAR = 360
"""Days a period needs before its savings are scaled to a year: a shorter one leaves seasons out (a January's
saving times twelve counts every month as a heating month)."""


@dataclass(frozen=True, slots=True)
class FuelComparison:
    """Every candidate of one fuel, ranked: cost up for import and gas, revenue down for export."""

    fuel: str
    kwh: float  # [kWh] recorded over the period
    present: int  # half-hours with a reading
    expected: int  # half-hours in the period
    baseline: str | None  # what savings are measured against: "your actual tariff", the best tariff's label, or None
    actual: ActualResult | None
    tariffs: tuple[TariffResult, ...]  # ranked first (best first), then unranked by key

    @property
    def label(self) -> str:
        return FUEL_LABELS[self.fuel]

    @property
    def revenue(self) -> bool:
        """True for export: the figures are money earned, and more is better."""
        return self.fuel == "export"

    @property
    def missing(self) -> int:
        return self.expected - self.present

    @property
    def scales_to_a_year(self) -> bool:
        """Whether a total over this period may be scaled to a year: enough of its half-hours have a reading
        (:data:`MIN_SHARE_TO_SCALE`). A missing half-hour costs nothing, so scaling thin data would price the
        year as if the home were off whenever the meter was not read."""
        return not self.expected or self.present / self.expected >= MIN_SHARE_TO_SCALE

    @property
    def ranked(self) -> tuple[TariffResult, ...]:
        return tuple(t for t in self.tariffs if t.rank is not None)

    @property
    def best(self) -> TariffResult | None:
        return next(iter(self.ranked), None)

    @property
    def warning(self) -> str | None:
        if not self.missing:
            return None
        return (f"{self.missing} of {self.expected} half-hours have no reading; every tariff is priced on the same "
                "half-hours, so the ranking holds, but totals are lower than real bills.")


@dataclass(frozen=True, slots=True)
class PairResult:
    """An import tariff and the export tariff sold with it (Flux), priced as one."""

    pair: str
    import_key: str
    export_key: str
    eligible: bool
    net_p: float  # [p] import cost inc VAT − export revenue
    import_p: float  # [p] the import tariff's total inc VAT
    export_p: float  # [p] the export tariff's revenue

    @property
    def net_gbp(self) -> float:
        """:attr:`net_p` as shown [£]: the import total shown less the export revenue shown, to the penny."""
        return difference_shown(self.import_p, self.export_p)


@dataclass(frozen=True, slots=True)
class NetResult:
    """One import tariff with its export partner: its pair's export, else the best unpaired export."""

    rank: int
    import_key: str
    export_key: str
    paired: bool  # sold together as a pair
    net_p: float  # [p] import cost inc VAT − export revenue
    import_p: float  # [p] the import tariff's total inc VAT
    export_p: float  # [p] the export tariff's revenue

    @property
    def net_gbp(self) -> float:
        """:attr:`net_p` as shown [£]: the import total shown less the export revenue shown, to the penny, as a
        reader works it out from the two rankings."""
        return difference_shown(self.import_p, self.export_p)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Every candidate priced on the household over London days ``first_day``–``last_day``."""

    first_day: dt.date
    last_day: dt.date
    months: tuple[str, ...]  # ``YYYY-MM``, in order
    fuels: Mapping[str, FuelComparison]  # in :data:`~pyruntime.timeseries.series.FUELS` order
    pairs: tuple[PairResult, ...]  # by net, cheapest first
    net: tuple[NetResult, ...]  # by net, cheapest first
    notices: tuple[str, ...]
    method: str = METHOD
    rounding: str = COMPARE_ROUNDING

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def tariff(self, key: str) -> TariffResult | None:
        return next((t for f in self.fuels.values() for t in f.tariffs if t.key == key), None)


def compare_tariffs(
    household: Mapping[str, Series],
    candidates: Iterable[Candidate],
    first_day: dt.date,
    last_day: dt.date,
    *,
    actual: Mapping[str, Pricing] | None = None,
    has: Iterable[str] | None = None,
) -> Comparison:
    """Rank ``candidates`` over London days ``first_day``–``last_day`` on ``household``'s series.

    ``actual`` maps a fuel to the user's real tariff (history) to measure
    savings against. ``has`` lists the eligibility tags the household has;
    ``None`` treats every tariff as eligible (requirements are still shown).
    """
    if last_day < first_day:
        raise ValueError("the comparison period ends before it starts")
    candidates = list(candidates)
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("two candidate tariffs share a key")
    has_set = None if has is None else set(has)
    prepared: dict[str, Prepared] = {
        f: _prepare(household[f], first_day, last_day) for f in FUELS if f in household
    }
    months = tuple(m.key for m in next(iter(prepared.values())).months) if prepared else ()
    fuels: dict[str, FuelComparison] = {}
    priced: dict[str, tuple[Candidate, PeriodCost]] = {}
    for fuel, prep in prepared.items():
        rows = []
        actual_pricing = actual.get(fuel) if actual else None
        actual_cost = price_period(prep, actual_pricing) if actual_pricing is not None else None
        for c in candidates:
            if c.pricing.fuel != fuel:
                continue
            cost = price_period(prep, c.pricing)
            priced[c.key] = (c, cost)
            rows.append((c, cost))
        fuels[fuel] = _rank_fuel(fuel, prep, rows, actual_cost, actual_pricing, has_set)
    skipped = sorted({c.pricing.fuel for c in candidates} - set(prepared))
    return Comparison(
        first_day=first_day,
        last_day=last_day,
        months=months,
        fuels=fuels,
        pairs=_pairs(priced, has_set),
        net=_net(fuels, priced, has_set),
        notices=tuple(f"No {FUEL_LABELS[f].lower()} data, so those tariffs are not compared." for f in skipped),
    )


@lru_cache(maxsize=8)
def _prepare(series: Series, first_day: dt.date, last_day: dt.date) -> Prepared:
    """:func:`~pyruntime.pricing.period.prepare`, once per series and period.

    Cutting a year into London days and months is half the comparison's time; a series is immutable,
    so ticking a filter or adding a tariff re-prices without re-cutting (a few entries: a household's
    fuels over one or two periods).
    """
    return prepare(series, first_day, last_day)


def is_eligible(requires: Iterable[str], has: set[str] | frozenset[str] | None) -> bool:
    """Whether a household that ``has`` these eligibility tags (:data:`TAGS`) may take a tariff that ``requires``
    those; ``None`` sets no filter (every tariff is eligible). The comparison and the what-if lab both ask here."""
    return has is None or set(requires) <= has


def _rank_fuel(fuel: str, prep: Prepared, rows: list[tuple[Candidate, PeriodCost]], actual_cost: PeriodCost | None,
               actual_pricing: Pricing | None, has_set: set[str] | None) -> FuelComparison:
    export = fuel == "export"
    sign = -1 if export else 1  # rank by cost up, by revenue down; a saving is paying less, or earning more
    # Ranking and savings use the unrounded pence; a saving shown is the difference of the totals shown.
    rankable = [(c, cost) for c, cost in rows if is_eligible(c.requires, has_set) and cost.complete_rates]
    rankable.sort(key=lambda cc: (sign * cc[1].total_inc_vat, cc[0].key))
    ranks = {c.key: i for i, (c, _) in enumerate(rankable, 1)}
    baseline, baseline_name = None, None
    if actual_cost is not None:
        # A total that leaves out unpriced half-hours or days is no yardstick: no saving is measured against it.
        baseline = actual_cost if actual_cost.complete_rates else None
        baseline_name = "your actual tariff"
    elif rankable:
        best, baseline = rankable[0]
        baseline_name = best.label or best.pricing.name
    yours = None if actual_pricing is None else _product(_versions(actual_pricing))
    results = [_result(c, cost, prep, ranks.get(c.key), is_eligible(c.requires, has_set), baseline, sign, yours)
               for c, cost in rows]
    results.sort(key=lambda t: (t.rank is None, t.rank or 0, t.key))
    return FuelComparison(
        fuel=fuel,
        kwh=prep.kwh_total,
        present=sum(m.present for m in prep.months),
        expected=sum(m.expected for m in prep.months),
        baseline=baseline_name,
        actual=None if actual_cost is None or actual_pricing is None else ActualResult(
            label=actual_pricing.name,
            total_p=actual_cost.total_inc_vat,
            months_p=_months(actual_cost, prep),
            missing_rates=actual_cost.missing_rates,
            days_without_standing=actual_cost.days_without_standing,
            versions=_versions(actual_pricing),
            coverage=actual_cost.coverage,
        ),
        tariffs=tuple(results),
    )


def _months(cost: PeriodCost, prep: Prepared) -> tuple[float, ...]:
    return tuple(cost.month_total_inc_vat(i) for i in range(len(prep.months)))


def _result(c: Candidate, cost: PeriodCost, prep: Prepared, rank: int | None, eligible: bool,
            baseline: PeriodCost | None, sign: int, yours: tuple[str, ...] | None) -> TariffResult:
    p = c.pricing
    avg = cost.energy / cost.priced_kwh if cost.priced_kwh else None
    versions = _versions(p)
    saving, best, worst = None, None, None
    if baseline is not None and cost.complete_rates:
        saving = sign * (baseline.total_inc_vat - cost.total_inc_vat)
        per_month = []
        for i, month in enumerate(prep.months):
            ours, theirs = cost.month_total_inc_vat(i), baseline.month_total_inc_vat(i)
            # As shown: the difference of the two months' £ in the month-by-month table, to the penny.
            shown = difference_shown(ours, theirs) if sign < 0 else difference_shown(theirs, ours)
            per_month.append(MonthSaving(month.key, sign * (theirs - ours), shown))
        if per_month:
            # Best and worst as the page shows them; the unrounded pence only break a tie of shown pennies.
            best = max(per_month, key=lambda m: (m.saving_gbp, m.saving_p))
            worst = min(per_month, key=lambda m: (m.saving_gbp, m.saving_p))
    return TariffResult(
        key=c.key,
        label=c.label or p.name,
        code=p.code,
        fuel=p.fuel,
        requires=tuple(sorted(c.requires)),
        conditions=c.conditions,
        pair=c.pair,
        eligible=eligible,
        comparable=cost.complete_rates,
        rank=rank,
        current=yours is not None and yours == _product(versions),
        total_p=cost.total_inc_vat,
        energy_p=cost.energy,
        standing_p=cost.standing,
        vat_p=cost.total_inc_vat - cost.subtotal,
        priced_kwh=cost.priced_kwh,
        average_p_per_kwh_inc_vat=None if avg is None else avg * (1 + cost.vat_rate),
        months_p=_months(cost, prep),
        missing_rates=cost.missing_rates,
        days_without_standing=cost.days_without_standing,
        versions=versions,
        coverage=cost.coverage,
        saving_p=saving,
        baseline_p=None if saving is None or baseline is None else baseline.total_inc_vat,
        best_month=best,
        worst_month=worst,
    )


def _product(versions: tuple[Version, ...]) -> tuple[str, ...] | None:
    """The product codes a tariff was priced with, when they name a product (feed tariffs carry a region).

    Hand-entered tariffs share a generic code, so they are never taken for the household's own.
    """
    return tuple(v.code for v in versions) if all(v.region for v in versions) else None


def _versions(p: Pricing) -> tuple[Version, ...]:
    if isinstance(p, TariffHistory):
        return tuple(Version(a.tariff.code, a.tariff.name, a.valid_from, a.valid_to, a.tariff.region, a.tariff.sample)
                     for a in p.agreements)
    return (Version(p.code, p.name, None, None, p.region, p.sample),)


def _pairs(priced: dict[str, tuple[Candidate, PeriodCost]], has_set: set[str] | None) -> tuple[PairResult, ...]:
    by_pair: dict[str, dict[str, tuple[Candidate, PeriodCost]]] = {}
    for c, cost in priced.values():
        if c.pair:
            by_pair.setdefault(c.pair, {})[c.pricing.fuel] = (c, cost)
    out = []
    for pair, sides in by_pair.items():
        if "electricity" in sides and "export" in sides:
            (ic, icost), (ec, ecost) = sides["electricity"], sides["export"]
            out.append(PairResult(pair, ic.key, ec.key, is_eligible(set(ic.requires) | set(ec.requires), has_set),
                                  icost.total_inc_vat - ecost.total_inc_vat, icost.total_inc_vat, ecost.total_inc_vat))
    out.sort(key=lambda p: (p.net_gbp, p.net_p))
    return tuple(out)


def _net(fuels: Mapping[str, FuelComparison], priced: dict[str, tuple[Candidate, PeriodCost]],
         has_set: set[str] | None) -> tuple[NetResult, ...]:
    """Electricity import − export for each import tariff: its pair's export, else the best unpaired export."""
    if "electricity" not in fuels or "export" not in fuels:
        return ()
    exports = [(c, cost) for c, cost in priced.values()
               if c.pricing.fuel == "export" and cost.complete_rates and is_eligible(c.requires, has_set)]
    unpaired = [x for x in exports if not x[0].pair]
    best_free = max(unpaired, key=lambda x: x[1].total_inc_vat, default=None)
    rows: list[tuple[float, float, str, str, bool, float, float]] = []
    for c, cost in priced.values():
        if c.pricing.fuel != "electricity" or not cost.complete_rates or not is_eligible(c.requires, has_set):
            continue
        partner = next((x for x in exports if x[0].pair == c.pair), None) if c.pair else best_free
        if partner is None:
            continue
        imp_p, exp_p = cost.total_inc_vat, partner[1].total_inc_vat
        # Ranked by the net as shown (two totals shown can differ by a penny more or less than their unrounded
        # difference), so the ranks read in order of the £ beside them; the unrounded pence break a tie.
        rows.append((difference_shown(imp_p, exp_p), imp_p - exp_p, c.key, partner[0].key, bool(c.pair), imp_p, exp_p))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return tuple(NetResult(i, imp, exp, paired, net, imp_p, exp_p)
                 for i, (_, net, imp, exp, paired, imp_p, exp_p) in enumerate(rows, 1))


@dataclass(frozen=True, slots=True)
class HouseholdChoice:
    """One tariff per fuel for the whole household and what it comes to: import + gas − export [p inc VAT].

    A kept fuel whose own total leaves half-hours unpriced or days without a standing charge would make the
    household's figure a part-period number: then there is no total (and so no saving), and ``incomplete``
    names those fuels.
    """

    tariffs: tuple[TariffResult, ...]  # electricity import, export, gas (those the household has)
    paired: bool  # the import and export tariffs are sold together
    kept: tuple[str, ...]  # fuels with no ranked tariff, left on the household's own
    incomplete: tuple[str, ...]  # kept fuels whose own total is incomplete (:attr:`ActualResult.complete`)
    total_p: float | None  # None when ``incomplete`` names a fuel
    parts_p: tuple[float, ...]  # [p] each fuel's total, signed as added (export negative), in ``r.fuels`` order

    @property
    def total_gbp(self) -> float | None:
        """:attr:`total_p` as shown [£]: the sum of each fuel's total shown, as a bill adds its printed lines."""
        return None if self.total_p is None else total_shown(self.parts_p)


@dataclass(frozen=True, slots=True)
class HouseholdAnswer:
    """The comparison's answer for the household over ``days`` days: its bill now, and the best choice."""

    days: int
    yours_p: float | None  # [p] on its own tariffs, import + gas − export; None unless known in full for every fuel
    best: HouseholdChoice | None  # None when some fuel has neither a ranked tariff nor a known one
    thin: tuple[str, ...]  # fuels too thinly read to scale to a year (:attr:`FuelComparison.scales_to_a_year`)
    yours_parts_p: tuple[float, ...]  # [p] each fuel's own total, signed as added (export negative); () without

    @property
    def yours_gbp(self) -> float | None:
        """:attr:`yours_p` as shown [£]: the sum of each fuel's own total shown, as a bill adds its printed lines
        (:func:`~pyruntime.pricing.money.total_shown`), which can be a penny from :attr:`yours_p` rounded."""
        return None if self.yours_p is None else total_shown(self.yours_parts_p)

    @property
    def saving_p(self) -> float | None:
        """What the best choice saves against the household's own tariffs [p; + = better for you]."""
        if self.yours_p is None or self.best is None or self.best.total_p is None:
            return None
        return self.yours_p - self.best.total_p

    @property
    def saving_gbp(self) -> float | None:
        """:attr:`saving_p` as shown beside the household's two totals [£]: the difference of :attr:`yours_gbp` and
        the best choice's :attr:`HouseholdChoice.total_gbp`, to the penny."""
        if self.saving_p is None:
            return None
        return round(self.yours_gbp - self.best.total_gbp, 2) + 0.0

    @property
    def saving_p_per_year(self) -> float | None:
        """:attr:`saving_p` scaled to 365 days [p/year]: the period's habits, repeated.

        None when any fuel is too thinly read (``thin``): the household's figure sums every fuel, and one priced
        on a fraction of its half-hours says nothing about a year, even over a period of 365 days. None too over
        fewer than :data:`MIN_DAYS_FOR_A_YEAR` days, which leave seasons out.
        """
        if self.saving_p is None or self.thin or self.days < MIN_DAYS_FOR_A_YEAR:
            return None
        return self.saving_p * 365 / self.days


def household_answer(r: Comparison) -> HouseholdAnswer:
    """The household's own bill across import, export and gas, and the cheapest eligible choice of tariffs.

    Import and export are chosen together (the best row of :attr:`Comparison.net`, which sells pairs only
    as pairs); a fuel without a ranked tariff keeps the household's own, and when that total is incomplete the
    choice has no total.
    """
    sign = {"electricity": 1, "gas": 1, "export": -1}
    thin = tuple(f for f, block in r.fuels.items() if not block.scales_to_a_year)
    actuals = [f.actual for f in r.fuels.values()]
    yours, yours_parts = None, ()
    if actuals and all(a is not None and a.complete for a in actuals):
        yours_parts = tuple(sign[f] * b.actual.total_p for f, b in r.fuels.items() if b.actual is not None)
        yours = add_up(yours_parts)
    picks: dict[str, TariffResult] = {}
    paired = False
    if r.net:
        top = r.net[0]
        imp, exp = r.tariff(top.import_key), r.tariff(top.export_key)
        if imp is not None and exp is not None:
            picks["electricity"], picks["export"], paired = imp, exp, top.paired
    for fuel, block in r.fuels.items():
        if fuel not in picks and block.best is not None:
            picks[fuel] = block.best
    total, parts, chosen, kept, incomplete = 0.0, [], [], [], []
    for fuel, block in r.fuels.items():
        if fuel in picks:
            chosen.append(picks[fuel])
            parts.append(sign[fuel] * picks[fuel].total_p)
        elif block.actual is not None:
            kept.append(fuel)
            parts.append(sign[fuel] * block.actual.total_p)
            if not block.actual.complete:
                incomplete.append(fuel)
        else:
            return HouseholdAnswer(r.days, yours, None, thin, yours_parts)
        total += parts[-1]
    if not chosen:
        return HouseholdAnswer(r.days, yours, None, thin, yours_parts)
    choice = HouseholdChoice(tuple(chosen), paired, tuple(kept), tuple(incomplete), None if incomplete else total,
                             tuple(parts))
    return HouseholdAnswer(r.days, yours, choice, thin, yours_parts)
