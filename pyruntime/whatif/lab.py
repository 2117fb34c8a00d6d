"""What-if lab: a battery, solar panels, an EV, a heat pump or shifted loads, priced under every tariff.

The numbers behind ``reports/whatif.py``. Reads top to bottom:
:class:`Settings` (made once from the URL; bad values become messages for
the field they came from, and that device is left out)
→ :func:`run_whatif` (the devices in :mod:`pyruntime.whatif` turn the
household's half-hours into new import and export series for each tariff;
the comparison's own engine, :func:`~pyruntime.pricing.period.prepare` and
:func:`~pyruntime.pricing.period.price_period`, prices them before and
after) → a frozen :class:`WhatIf` of raw numbers (pence, kWh, kg) that
``reports/whatif.py`` lays out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..analysis.emissions import GAS_FACTOR
from ..errors import InvalidField
from ..pricing.compare import MIN_DAYS_FOR_A_YEAR, MIN_SHARE_TO_SCALE, is_eligible
from ..pricing.history import Pricing
from ..pricing.period import PeriodCost, Prepared, prepare, prepare_values, price_period
from ..timeseries.londontime import HALF_HOUR, day_bounds
from ..timeseries.series import Series
from ..typednumber import (
    DEGREES,
    HOURS,
    KW,
    KWH,
    KWH_A_YEAR,
    KWP,
    MILES,
    MILES_PER_KWH,
    PERCENT,
    POUNDS,
    NumberRefused,
    read_number,
)
from ..wording import plural
from .battery import (
    STRATEGIES,
    Battery,
    BatteryRun,
    ClockRates,
    Market,
    PriceLevels,
    Windows,
    clock_rates,
    decision_points,
    net_load,
    price_levels,
    price_pattern,
    run_day_ahead,
    run_optimal,
    run_timer,
)
from .clock import clock_slots, parse_window, window_label
from .ev import Ev, charge_ev, smart_charge_cap
from .heatpump import DEFAULT_COP, HeatPump, replace_boiler
from .memory import LabMemory
from .params import PARAMS
from .placement import sessions
from .shift import Shift, shift_load
from .solar import PROFILES, Panels, generate, scale_export, self_consume, sunlight
from .solar_data import ORIENTATIONS

DAY_AHEAD_HALF_HOURS = 3 * 17_520
"""Day-ahead planning a run does by default, in half-hours planned (a distinct plan over the period costs the
period's half-hours): three plans of a year, which with the timer's ranking take about 2 s in the browser's worker
(a plan of a year takes about 0.4 s there, 0.13 s on CPython). With more distinct plans than that, the timer ranks
every pair first and the ones it ranks cheapest are planned (pairs with the same price pattern share one plan);
``plan=every`` plans them all, however long that takes."""

DEVICE_KEYS = ("battery", "solar", "ev_miles", "ev_kwh", "heat_pump", "shift", "shift_kwh")
"""URL keys that put a device in the scenario (the EV and shifted use each have two ways to size them)."""
DEFAULT_SCENARIO = {"battery": "5"}
"""What the lab shows before any setting is chosen: a 5 kWh battery on a timer."""

DEFAULTS = {
    "battery_kw": "3", "battery_eff": "90", "battery_cost": "3500", "strategy": "timer", "plan": "cheapest",
    "solar_facing": "S", "solar_tilt": "35", "solar_cost": "6000", "solar_profile": "model",
    "ev_eff": "3.5", "ev_kw": "7", "ev_window": "2300-0700",
    "boiler_eff": "85", "cap_gas": "1",
    "shift_window": "0000-0700", "shift_hours": "2",
}


UNITS = {
    "battery": KWH, "battery_kw": KW, "battery_eff": PERCENT, "battery_cost": POUNDS,
    "solar": KWP, "solar_tilt": DEGREES, "solar_cost": POUNDS,
    "ev_miles": MILES, "ev_kwh": KWH_A_YEAR, "ev_eff": MILES_PER_KWH, "ev_kw": KW,
    "boiler_eff": PERCENT, "shift": PERCENT, "shift_kwh": KWH, "shift_hours": HOURS,
}
"""The unit of each setting that is a number: it may be typed after the number (``5 kWh``, ``90%``); another is
refused saying which to give."""

def _number(raw: dict[str, str], key: str, lo: float, hi: float, what: str, errors: dict[str, str],
            *, low_open: bool = False) -> float | None:
    """The field ``key`` as a number in its unit (which may be typed after it: ``5 kWh``, ``90%``), or ``None``
    with its message in ``errors``. ``raw`` keeps the text as typed, so the form shows what the URL says."""
    text = (raw.get(key) or DEFAULTS.get(key, "")).strip()
    try:
        value = read_number(text, UNITS[key])
    except NumberRefused as e:  # another unit, a decimal comma or a fraction for a percentage: said as such
        said = str(e)[0].upper() + str(e)[1:] if e.explained else f"“{text}” is not a number"
        errors[key] = f"{said}; {what}."
        return None
    if value < lo or value > hi or (low_open and value <= lo):
        errors[key] = f"Out of range: {what}."
        return None
    return value


def url_params(params: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The lab's settings in URL ``params`` that say something, as typed: each that differs from its default, as
    ``(key, value)`` pairs in the form's order.

    A setting left at its default (``battery_kw=3``, ``strategy=timer``), empty, or a device the lab does not
    start with turned off (``solar=0``) is left out, so a shared link stays short; one typed with its unit
    (``battery_eff=90%``) stays as typed, as does a value that cannot be used (its message stays beside its field),
    and ``battery=0`` (the lab starts with a battery). The result reads as ``params`` do: an address that names no
    device is the default scenario (a 5 kWh battery) with the settings it gives, so the default scenario is the
    empty result, and a scenario whose devices are all off says ``battery=0``.
    """
    typed = {k: str(params[k]).strip() for k in PARAMS if params.get(k) not in (None, "")}
    kept = {k: v for k, v in typed.items() if v and v != DEFAULTS.get(k)
            and not (k in DEVICE_KEYS and k not in DEFAULT_SCENARIO and _off(typed, k))}
    if not _names_a_device(params):  # the default battery, with any settings given for it
        return tuple(kept.items())
    if kept == DEFAULT_SCENARIO:
        return ()
    if not any(k in DEVICE_KEYS for k in kept):
        # Devices named, none of them on: without battery=0 the URL would read as the default battery.
        return (("battery", "0"), *kept.items())
    return tuple(kept.items())


def _names_a_device(params: Mapping[str, str]) -> bool:
    """Whether ``params`` say which devices the scenario has (even if only to turn them off, as the form does
    with an emptied field); an address that names none (``battery_eff=85``) is the default battery."""
    return any(params.get(k) is not None for k in DEVICE_KEYS)


@dataclass(frozen=True)
class Settings:
    """The scenario, made once from URL parameters.

    Each device is ``None`` when it is not in the scenario or its settings
    are unusable; ``errors`` maps a URL key to the message shown next to its
    field; ``raw`` keeps what was typed so the form shows it back (a number typed with its unit, ``5kWh``,
    as the number alone).
    """

    battery: Battery | None = None
    strategy: str = "timer"
    plan_every: bool = False  # day-ahead on every pair, beyond the default budget
    bound: bool = False
    panels: Panels | None = None
    ev: Ev | None = None
    heat_pump: HeatPump | None = None
    shift: Shift | None = None
    export: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: dict[str, str], region: str) -> Settings:
        raw = {k: str(params[k]).strip() for k in PARAMS if params.get(k) is not None}
        if not _names_a_device(raw):
            raw = {**DEFAULT_SCENARIO, **raw}
        errors: dict[str, str] = {}
        return cls(
            battery=_battery(raw, errors),
            strategy=_strategy(raw, errors),
            plan_every=_plan_every(raw, errors),
            bound=raw.get("bound") in ("1", "on", "yes"),
            panels=_panels(raw, region, errors),
            ev=_ev(raw, errors),
            heat_pump=_heat_pump(raw, errors),
            shift=_shift(raw, errors),
            export=raw.get("export") or None,
            errors=errors,
            raw=raw,
        )

    def to_params(self) -> dict[str, str]:
        """The URL parameters that reproduce these settings: those that differ from their defaults, as typed (so a
        bad value stays visible); see :func:`url_params`."""
        return dict(url_params(self.raw))

    @property
    def devices(self) -> list[str]:
        """Plain names of the devices in the scenario."""
        return [name for name, d in (("battery", self.battery), ("solar panels", self.panels), ("EV", self.ev),
                                     ("heat pump", self.heat_pump), ("shifted use", self.shift)) if d is not None]

    @property
    def tags(self) -> frozenset[str]:
        """The eligibility tags (:data:`~pyruntime.pricing.compare.TAGS`) the scenario's devices give the household:
        a scenario with an EV may take the tariffs for EV owners."""
        return frozenset(tag for tag, d in (("battery", self.battery), ("solar", self.panels), ("ev", self.ev),
                                            ("heat_pump", self.heat_pump)) if d is not None)

    @property
    def equipment_cost_gbp(self) -> float:
        return (self.battery.cost_gbp if self.battery else 0.0) + (self.panels.cost_gbp if self.panels else 0.0)


def _off(raw: dict[str, str], key: str) -> bool:
    return (raw.get(key) or "").strip() in ("", "0", "off", "no")


def _battery(raw: dict[str, str], errors: dict[str, str]) -> Battery | None:
    if _off(raw, "battery"):
        return None
    kwh = _number(raw, "battery", 0, 200, "usable capacity is more than 0 and at most 200 kWh", errors,
                  low_open=True)
    kw = _number(raw, "battery_kw", 0, 50, "power is more than 0 and at most 50 kW", errors, low_open=True)
    eff = _number(raw, "battery_eff", 0, 100, "round-trip efficiency is more than 0 % and at most 100 %",
                  errors, low_open=True)
    cost = _number(raw, "battery_cost", 0, 1_000_000, "cost is between £0 and £1,000,000", errors)
    if None in (kwh, kw, eff, cost):
        return None
    return Battery(kwh, kw, eff / 100, cost)  # type: ignore[arg-type, operator]


def _strategy(raw: dict[str, str], errors: dict[str, str]) -> str:
    value = raw.get("strategy") or DEFAULTS["strategy"]
    if value not in ("timer", "day_ahead"):
        errors["strategy"] = f"“{value}” is not a strategy; choose timer or day-ahead. Using the timer."
        return "timer"
    return value


def _plan_every(raw: dict[str, str], errors: dict[str, str]) -> bool:
    value = raw.get("plan") or DEFAULTS["plan"]
    if value not in ("cheapest", "every"):
        errors["plan"] = f"“{value}” is not a choice; plan the cheapest pairs or every pair. Planning the cheapest."
        return False
    return value == "every"


def _panels(raw: dict[str, str], region: str, errors: dict[str, str]) -> Panels | None:
    if _off(raw, "solar"):
        return None
    kwp = _number(raw, "solar", 0, 50, "panels are more than 0 and at most 50 kWp", errors, low_open=True)
    tilt = _number(raw, "solar_tilt", 0, 90, "tilt is between 0° (flat) and 90° (a wall)", errors)
    cost = _number(raw, "solar_cost", 0, 1_000_000, "cost is between £0 and £1,000,000", errors)
    facing = (raw.get("solar_facing") or DEFAULTS["solar_facing"]).upper()
    if facing not in ORIENTATIONS:
        errors["solar_facing"] = f"Panels face one of {', '.join(ORIENTATIONS)}."
        return None
    profile = raw.get("solar_profile") or DEFAULTS["solar_profile"]
    if profile not in PROFILES:
        errors["solar_profile"] = f"“{profile}” is not a generation profile; using the model."
        profile = "model"
    if None in (kwp, tilt, cost):
        return None
    return Panels(kwp, facing, tilt, region, cost, profile)  # type: ignore[arg-type]


def _window(raw: dict[str, str], key: str, errors: dict[str, str]) -> tuple[int, int] | None:
    try:
        return parse_window(raw.get(key) or DEFAULTS[key])
    except InvalidField as e:
        errors[key] = str(e)[0].upper() + str(e)[1:] + "."
        return None


def _ev(raw: dict[str, str], errors: dict[str, str]) -> Ev | None:
    by_kwh = not _off(raw, "ev_kwh")  # sized by kWh a year at the socket instead of miles
    if _off(raw, "ev_miles") and not by_kwh:
        return None
    eff = _number(raw, "ev_eff", 0.5, 10, "efficiency is between 0.5 and 10 miles per kWh", errors)
    if by_kwh:
        kwh = _number(raw, "ev_kwh", 0, 20_000, "the car takes more than 0 and at most 20,000 kWh a year",
                      errors, low_open=True)
        miles = None if kwh is None or eff is None else kwh * eff
        if "ev_miles" in raw and not _off(raw, "ev_miles"):
            errors["ev_miles"] = "Give miles or kWh a year, not both: using the kWh."
    else:
        miles = _number(raw, "ev_miles", 0, 100_000, "miles a year are more than 0 and at most 100,000", errors,
                        low_open=True)
    if miles is not None and miles > 100_000:
        errors["ev_kwh"] = "Out of range: that many kWh at this efficiency is more than 100,000 miles a year."
        miles = None
    kw = _number(raw, "ev_kw", 1, 22, "charger power is between 1 and 22 kW", errors)
    window = _window(raw, "ev_window", errors)
    if None in (miles, eff, kw, window):
        return None
    return Ev(miles, eff, kw, window)  # type: ignore[arg-type]


def _heat_pump(raw: dict[str, str], errors: dict[str, str]) -> HeatPump | None:
    if _off(raw, "heat_pump"):
        return None
    boiler = _number(raw, "boiler_eff", 30, 100, "boiler efficiency is between 30 % and 100 %", errors)
    text = raw.get("cop") or ",".join(str(c) for c in DEFAULT_COP)
    try:
        typed = tuple(read_number(x) for x in text.split(","))
    except NumberRefused:  # not numbers: the heat pump below refuses the empty list with the same message
        typed = ()
    cops = typed * 12 if len(typed) == 1 else typed
    try:
        HeatPump(0.85, cops)
    except InvalidField:
        errors["cop"] = "Give one COP, or twelve (January to December) separated by commas, each between 1 and 8."
        cops = ()
    if boiler is None or not cops:
        return None
    return HeatPump(boiler / 100, cops, cap_gas=not _off(raw, "cap_gas") if "cap_gas" in raw else True)


def _shift(raw: dict[str, str], errors: dict[str, str]) -> Shift | None:
    by_kwh = not _off(raw, "shift_kwh")  # N kWh a day instead of X % of the day's use
    if _off(raw, "shift") and not by_kwh:
        return None
    if by_kwh:
        kwh = _number(raw, "shift_kwh", 0, 100, "the energy moved is more than 0 and at most 100 kWh a day",
                      errors, low_open=True)
        pct: float | None = 0.0
        if not _off(raw, "shift"):
            errors["shift"] = "Give a % or kWh a day, not both: using the kWh."
    else:
        kwh = 0.0
        pct = _number(raw, "shift", 0, 100, "the share moved is between 0 and 100 %", errors, low_open=True)
    hours = _number(raw, "shift_hours", 0.5, 24, "it runs over 0.5 to 24 hours", errors)
    window = _window(raw, "shift_window", errors)
    if None in (pct, kwh, hours, window):
        return None
    return Shift(pct, kwh, hours, window)  # type: ignore[arg-type]


# --- the computation ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Offer:
    """A tariff to price the scenario on: ``pair`` links an import to the export sold with it (Flux); ``requires``,
    the eligibility tags a household needs to take it (an EV for Octopus Go)."""

    key: str
    label: str
    pricing: Pricing
    pair: str | None = None
    requires: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Inputs:
    """The household's half-hours over the period, and what prices them."""

    first: dt.date
    last: dt.date
    electricity: Series
    export: Series | None
    gas: Series | None
    imports: tuple[Offer, ...]
    exports: tuple[Offer, ...]
    gas_offer: Offer | None
    intensity: Sequence[float | None] | None  # gCO2/kWh per half-hour of the period
    has: frozenset[str] | None = None  # eligibility tags the household has before the scenario; None = no filter


@dataclass(frozen=True, slots=True)
class Row:
    """One import tariff (with its export tariff) before and after. Money [p inc VAT], energy [kWh]."""

    key: str
    label: str
    export_key: str | None
    export_label: str
    before_p: float
    after_p: float
    before: tuple[PeriodCost, PeriodCost | None, PeriodCost | None]  # import, export, gas
    after: tuple[PeriodCost, PeriodCost | None, PeriodCost | None]
    comparable: bool
    imported_kwh: float
    exported_kwh: float
    battery: BatteryRun | None
    ev_short_kwh: float
    new_import: tuple[float | None, ...]
    requires: tuple[str, ...] = ()  # eligibility tags the import and export tariffs need, sorted
    eligible: bool = True  # the household, with the scenario's devices, has what they need (or no filter is set)

    @property
    def saving_p(self) -> float:
        return self.before_p - self.after_p

    @property
    def rankable(self) -> bool:
        """Priced throughout, and a tariff the household could take: only these are ranked (and the headline)."""
        return self.comparable and self.eligible


@dataclass(frozen=True, slots=True)
class WhatIf:
    """Everything the lab shows, as raw numbers."""

    first: dt.date
    last: dt.date
    start: int
    days: int
    rows: tuple[Row, ...]  # ranked by the cost after, cheapest first; unrankable last
    months: tuple[str, ...]
    imported_before_kwh: float
    exported_before_kwh: float
    generated_kwh: float
    self_used_kwh: float
    heat_pump_kwh: float
    gas_replaced_kwh: float
    ev_kwh: float
    shifted_kwh: float
    base_import: tuple[float | None, ...]
    carbon_before_kg: float | None
    carbon_after_kg: float | None  # for the best tariff after
    bound: BatteryRun | None  # perfect foresight on the best tariff after
    bound_after_p: float | None
    gaps: int  # half-hours of the period without an electricity reading
    notes: tuple[str, ...]
    devices: frozenset[str] = frozenset()  # eligibility tags of the scenario's devices and the panels it has
    has: frozenset[str] | None = None  # the household's tags with those, what eligibility is judged on; None = all

    @property
    def read_share(self) -> float:
        """The share of the period's half-hours with an electricity reading."""
        return 1 - self.gaps / len(self.base_import) if self.base_import else 0.0

    @property
    def scales_to_a_year(self) -> bool:
        """Whether the period's figures may be scaled to a year: it covers a whole year's seasons (a battery's,
        panels' and heat pump's savings change with them) and enough of its half-hours have a reading (a missing
        half-hour costs and saves nothing, see :data:`~pyruntime.pricing.compare.MIN_SHARE_TO_SCALE`)."""
        return self.days >= MIN_DAYS_FOR_A_YEAR and self.read_share >= MIN_SHARE_TO_SCALE


def _rates_inc_vat(pricing: Pricing, unit: Sequence[float | None]) -> list[float | None]:
    """``unit``, ``pricing``'s unit rates exc VAT [p/kWh], with its VAT."""
    vat = 1 + pricing.vat_rate
    return [None if r is None else r * vat for r in unit]


def _priced(period: Prepared, values: Sequence[float | None], fuel: str, pricing: Pricing,
            unit: Sequence[float | None] | None = None) -> PeriodCost:
    """Price half-hourly ``values`` over ``period`` the way the comparison does (one engine for both); ``unit``,
    the pricing's unit rates over the period when the caller has them."""
    return price_period(prepare_values(period, values, fuel), pricing, unit)


def _add(a: Sequence[float | None], b: Sequence[float | None]) -> list[float | None]:
    return [None if x is None or y is None else x + y for x, y in zip(a, b, strict=True)]


def _net_p(imp: PeriodCost, exp: PeriodCost | None, gas: PeriodCost | None) -> float:
    return imp.total_inc_vat - (exp.total_inc_vat if exp else 0.0) + (gas.total_inc_vat if gas else 0.0)


def _period(memory: LabMemory, series: Series, first: dt.date, last: dt.date) -> Prepared:
    """``series`` prepared over London days ``first``–``last`` (kept while the same series and days come back)."""
    def make() -> tuple[Series, Prepared]:
        start, end = day_bounds(first)[0], day_bounds(last)[1]
        return series, prepare(Series("electricity", start, tuple(series.window(start, end))), first, last)
    kept, period = memory.periods.get((id(series), first, last), make)
    return period if kept is series else make()[1]  # (an id is only reused once its series is gone)


Progress = Callable[[str, int, int], None]
"""``progress(label, done, total)``: what a long run is doing, for the page's progress bar."""


def run_whatif(inputs: Inputs, settings: Settings, progress: Progress | None = None,
               memory: LabMemory | None = None) -> WhatIf:
    """Price the scenario in ``settings`` on every import tariff (with its export tariff) before and after.

    ``memory``, the session's, keeps what the next run with one setting changed can re-use; without it
    everything is worked out afresh.
    """
    memory = LabMemory() if memory is None else memory
    first, last = inputs.first, inputs.last
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    count = (end - start) // HALF_HOUR
    slots = memory.slots.get((start, count), lambda: clock_slots(start, count))
    load = inputs.electricity.window(start, end)
    exported = inputs.export.window(start, end) if inputs.export else None
    gas = inputs.gas.window(start, end) if inputs.gas else None
    notes: list[str] = []
    period = _period(memory, inputs.electricity, first, last)

    # Tariff-independent devices first: the heat pump's electricity, the panels' output.
    base = list(load)
    hp_kwh = gas_kwh = 0.0
    if settings.heat_pump and gas is not None:
        hp = replace_boiler(settings.heat_pump, gas, start)
        base = _add(base, hp.added)
        hp_kwh, gas_kwh = hp.electricity_kwh, hp.gas_kwh
        lost = sum(1 for q, g in zip(load, gas, strict=True) if q is not None and g is None)
        if lost:
            notes.append(f"{plural(lost, 'half-hour has', 'half-hours have')} electricity but no gas reading: "
                         "with a heat pump their use is unknown, so they are gaps in the scenario.")
    generation = None
    if settings.panels and settings.panels.profile == "export":
        try:
            if exported is None:
                raise ValueError("there are no export readings to scale")
            scaled, factor = scale_export(settings.panels, start, exported)
            # Without an export reading the new panels' output is unknown: that half-hour is a gap.
            base = [None if g is None else q for q, g in zip(base, scaled, strict=True)]
            generation = [0.0 if g is None else g for g in scaled]
            notes.append(f"The new panels follow your own export readings, scaled ×{factor:.2f} to the model's "
                         f"{sum(generation):,.0f} kWh over the period"
                         + (f"; {plural(scaled.count(None), 'half-hour')} without an export reading "
                            f"{'is a gap' if scaled.count(None) == 1 else 'are gaps'}." if None in scaled
                            else "."))
        except ValueError as e:
            notes.append(f"The new panels follow the model: {e}.")
    if settings.panels and generation is None:
        p = settings.panels
        geometry = (p.region, p.facing, p.tilt_deg, start, count)
        sun = memory.sunlight.get(geometry, lambda: sunlight(*geometry))
        generation = list(memory.generation.get((p.kwp, *geometry), lambda: generate(p, start, count, sun).kwh))

    gas_before = gas_after = None
    if inputs.gas_offer and gas is not None:
        gas_before = _priced(period, gas, "gas", inputs.gas_offer.pricing)
        if settings.heat_pump:
            # With the gas capped there is no gas bill at all; otherwise the standing charge stays.
            zeros = [None if g is None else 0.0 for g in gas]
            gas_after = None if settings.heat_pump.cap_gas else _priced(period, zeros, "gas",
                                                                         inputs.gas_offer.pricing)
        else:
            gas_after = gas_before

    by_pair = {o.pair: o for o in inputs.exports if o.pair}
    unpaired = [o for o in inputs.exports if not o.pair]
    chosen = next((o for o in unpaired if o.key == settings.export), None)
    # Where something is exported, every export tariff sold on its own is a choice to rank beside each import
    # sold on its own; otherwise export earns nothing whichever it is, and the import is had with none (unless the
    # user chose one). A battery on the timer only covers the home, so without a surplus it exports nothing.
    exporting = settings.panels is not None or any(q for q in exported or () if q) \
        or (settings.battery is not None and settings.strategy != "timer")
    # The household may take a tariff only if it has what the tariff needs, counting the scenario's devices (and
    # the panels its export readings show): an import sold alone is had with the export tariffs it may take, else
    # with none.
    devices = settings.tags | ({"solar"} if any(q for q in exported or () if q) else set())
    owned = None if inputs.has is None else inputs.has | devices
    alone = [o for o in ([chosen] if chosen else unpaired if exporting else []) if is_eligible(o.requires, owned)]

    def partners(offer: Offer) -> list[Offer | None]:
        """The export tariffs ``offer`` can be had with: its pair's (Flux), else each sold alone, else none."""
        if offer.pair:
            return [by_pair.get(offer.pair)]
        return list(alone) or [None]

    ev = settings.ev
    ev_runs = memory.sessions.get((start, count, ev.window), lambda: sessions(slots, ev.window)) if ev else None
    totals = {"self_used": 0.0, "generated": 0.0, "ev": 0.0, "shifted": 0.0}

    memo = _memo(memory, inputs, settings)
    # Tariffs whose battery runs are the same share them (kept while the battery's size, power and efficiency
    # stay: its price changes no run), and the grid flows' period.
    if settings.battery:
        _keep_runs_of(memo, settings.battery)
    timer_runs = memo.timer_runs
    periods: dict[tuple[int, str], tuple[Sequence[float | None], Prepared]] = {}

    def prepared(values: Sequence[float | None], fuel: str) -> Prepared:
        kept = periods.get((id(values), fuel))
        if kept is None or kept[0] is not values:
            kept = periods[(id(values), fuel)] = (values, prepare_values(period, values, fuel))
        return kept[1]

    costs: dict[tuple[int, str], PeriodCost] = {}

    def priced(flows: Prepared, offer: Offer, unit: Sequence[float | None]) -> PeriodCost:
        """``flows`` priced on ``offer`` (its ``unit`` rates exc VAT, kept with its side): one import's run is the
        same whichever export it is had with (and tariffs sharing a run share its export), so each is priced
        once."""
        key = (id(flows), offer.key)
        if (cost := costs.get(key)) is None:
            cost = costs[key] = price_period(flows, offer.pricing, unit)
        return cost

    def household_side(offer: Offer) -> _TariffSide:
        """Everything about ``offer`` that the battery does not change, kept for the next change of settings."""
        side = memo.sides.get(offer.key)
        if side is not None and side.pricing == offer.pricing:
            return side
        unit = offer.pricing.unit_rates(start, count)
        buy = _rates_inc_vat(offer.pricing, unit)
        levels: list[tuple[PriceLevels, int]] = []
        cap = smart_charge_cap(offer.pricing, start, count) if settings.ev else None
        # The devices placed by price (the EV, shifted use) see the rates only through their order (which
        # half-hours are cheapest, ties to the earlier): tariffs with one column of price levels get the same flows,
        # worked out once (without such a device every tariff gets the household's). A smart-charge cap is the
        # tariff's own: its flows are shared with none.
        like = None if cap is not None else (
            ("order", _levels(levels, buy, memo.columns)[1]) if settings.ev or settings.shift else ("any",))
        if like is not None and (same := memo.flows.get(like)) is not None:
            side = memo.sides[offer.key] = replace(same, pricing=offer.pricing, buy=buy, unit=unit,
                                                   imp_before=price_period(period, offer.pricing, unit),
                                                   levels=levels, rates=[])
            return side
        demand = list(base)
        ev_kwh = ev_short = shifted = 0.0
        if settings.ev:
            ev = charge_ev(settings.ev, demand, buy, start, slots, ev_runs, cap)
            demand = _add(demand, ev.added)
            ev_kwh, ev_short = ev.kwh, ev.short_kwh
        if settings.shift:
            moved = shift_load(settings.shift, demand, buy, start, slots)
            demand, shifted = list(moved.values), moved.moved_kwh
        need, surplus, self_used, generated = _after_panels(demand, generation, exported)
        net = net_load(need, surplus)
        # Tariffs with the same net load share a key (and so their timer runs); hashing the load once here.
        net_key = memo.nets.setdefault(tuple(net), len(memo.nets))
        side = memo.sides[offer.key] = _TariffSide(
            offer.pricing, buy, need, surplus, ev_kwh, ev_short, shifted, self_used, generated,
            price_period(period, offer.pricing, unit), net, net_key, unit=unit, levels=levels)
        if like is not None:
            memo.flows[like] = side
        return side

    def export_side(partner: Offer) -> _ExportSide:
        """An export tariff's rates and what the household's own export earned on it, kept like the import's."""
        side = memo.exports.get(partner.key)
        if side is not None and side.pricing == partner.pricing:
            return side
        unit = partner.pricing.unit_rates(start, count)
        sell = [0.0 if r is None else r for r in _rates_inc_vat(partner.pricing, unit)]
        before = _priced(period, exported, "export", partner.pricing, unit) if exported is not None else None
        side = memo.exports[partner.key] = _ExportSide(partner.pricing, sell, before, unit)
        return side

    no_sale = [0.0] * count
    resting: dict = {}  # battery runs' export with the household's export in their gaps, by run
    plan_keys: dict[tuple[str, str | None], tuple] = {}
    kept_points: list[tuple[tuple[int, int], ...]] = []

    def points() -> tuple[tuple[int, int], ...]:
        """The period's day-ahead decision points, worked out for the first plan and shared by the rest."""
        if not kept_points:
            kept_points.append(decision_points(start, count, slots))
        return kept_points[0]

    plans: dict[tuple, BatteryRun] = {}
    shapes: dict[int, dict] = {}  # run_day_ahead's ``shapes``, by net load
    alike: dict = {}  # and its ``alike``

    no_sale_levels: list[tuple[PriceLevels, int]] = []

    def sell_levels(partner: Offer | None) -> tuple[PriceLevels, int]:
        return export_side(partner).price_levels(memo.columns) if partner \
            else _levels(no_sale_levels, no_sale, memo.columns)

    windows: dict[str | None, Windows] = {}

    def day_ahead(side: _TariffSide, partner: Offer | None, market: Market) -> BatteryRun:
        """``side``'s battery planned a day ahead, with the windows planned for the other tariffs with its
        export (:class:`~pyruntime.whatif.battery.Windows`)."""
        battery = settings.battery
        key = partner.key if partner else None
        if (shared := windows.get(key)) is None:
            shared = windows[key] = Windows(sell_levels(partner)[0], battery.efficiency)  # type: ignore[union-attr]
        return run_day_ahead(battery, side.need, side.surplus, market, start, slots,  # type: ignore[arg-type]
                             side.net, points(), shapes.setdefault(side.net_key, {}), shared,
                             side.price_levels(memo.columns)[0], alike)

    def plan_key(offer: Offer, partner: Offer | None) -> tuple:
        """What a planned battery run depends on besides the battery: the net load and the prices' pattern
        (:func:`~pyruntime.whatif.battery.price_pattern`: each side's levels, worked out once per tariff and kept
        with it, and the pair's ranks of those few levels). Pairs with the same key get the same plan (one
        import with two exports at one price, flat tariffs at different prices with the same export), so it
        is made once."""
        if (key := plan_keys.get((offer.key, partner.key if partner else None))) is None:
            side = household_side(offer)
            buy, buy_column = side.price_levels(memo.columns)
            sell, sell_column = sell_levels(partner)
            pattern = price_pattern(buy, sell, settings.battery.efficiency)  # type: ignore[union-attr]
            key = plan_keys[offer.key, partner.key if partner else None] = (
                side.net_key, buy_column, sell_column, pattern, partner is not None)
        return key

    def shared_plan(offer: Offer, partner: Offer | None, market: Market, plan: Callable[[], BatteryRun]
                    ) -> BatteryRun:
        """``plan()``, or the run of a pair planned earlier in this run with the same :func:`plan_key`."""
        key = plan_key(offer, partner)
        if (same := plans.get(key)) is not None:
            return replace(same, market=market)
        run = plans[key] = plan()
        return run

    def row(offer: Offer, partner: Offer | None, strategy: str) -> Row:
        side = household_side(offer)
        sold = export_side(partner) if partner else None
        buy, need, surplus = side.buy, side.need, side.surplus
        sell = sold.sell if sold else no_sale
        if settings.ev:
            totals["ev"] = side.ev_kwh
        if settings.shift:
            totals["shifted"] = side.shifted_kwh
        ev_short = side.ev_short_kwh
        totals["self_used"], totals["generated"] = side.self_used_kwh, side.generated_kwh
        run = None
        if settings.battery:
            market = Market(buy, sell, grid_charging=True, battery_export=partner is not None)
            if strategy == "day_ahead":
                run = _planned(memo, strategy, settings.battery, offer, partner,
                               lambda: shared_plan(offer, partner, market,
                                                   lambda: day_ahead(side, partner, market)))
            else:
                run = run_timer(settings.battery, need, surplus, market, start, slots=slots, shared=timer_runs,
                                net=side.net, net_key=side.net_key, rates=side.clock_rates(slots))
            new_import, new_export = run.grid_import, side.with_resting_export(run.grid_export, resting)
        else:
            new_import, new_export = side.need_kwh, side.surplus_kwh
        imp_before, exp_before = side.imp_before, sold.before if sold else None
        imports, exports = prepared(new_import, "electricity"), prepared(new_export, "export")
        imp_after = priced(imports, offer, side.unit)
        # Without an export tariff the surplus earns nothing (it still leaves the house).
        exp_after = priced(exports, partner, sold.unit) if partner and sold else None
        comparable = all(c is None or c.complete_rates for c in (imp_before, exp_before, imp_after, exp_after,
                                                                 gas_before, gas_after))
        requires = offer.requires | (partner.requires if partner else frozenset())
        return Row(
            key=offer.key, label=offer.label, export_key=partner.key if partner else None,
            export_label=partner.label if partner else "no export tariff",
            before_p=_net_p(imp_before, exp_before, gas_before), after_p=_net_p(imp_after, exp_after, gas_after),
            before=(imp_before, exp_before, gas_before), after=(imp_after, exp_after, gas_after),
            comparable=comparable, imported_kwh=imports.kwh_total, exported_kwh=exports.kwh_total,
            battery=run, ev_short_kwh=ev_short, new_import=imports.kwh,
            requires=tuple(sorted(requires)), eligible=is_eligible(requires, owned),
        )

    # Day-ahead planning costs a plan a day per pair: every pair is planned when they fit DAY_AHEAD_HALF_HOURS (or
    # the user asks for every one; pairs with one price pattern then share a plan); otherwise the timer ranks every
    # pair first, and the ones it ranks cheapest (where the choice is being made) are planned, in that order, as
    # far as the budget goes. (A price pattern costs a few milliseconds a pair: worked out only for pairs planned.)
    pairs = [(offer, partner) for offer in inputs.imports for partner in partners(offer)]
    ahead = settings.battery is not None and settings.strategy == "day_ahead"
    fits = max(1, DAY_AHEAD_HALF_HOURS // max(1, count))  # plans a run makes by default
    first_pass = "timer" if ahead and not settings.plan_every and len(pairs) > fits else settings.strategy
    steps = len(pairs) + (fits if first_pass != settings.strategy else 0)
    rows = []
    label = "Planning the battery a day ahead on every tariff" if ahead and first_pass == settings.strategy \
        else "Pricing every tariff before and after"
    for n, (offer, partner) in enumerate(pairs):
        if progress:
            progress(label, n, steps)
        rows.append(row(offer, partner, first_pass))
    if first_pass != settings.strategy:
        rows.sort(key=_rank)
        offers = {o.key: o for o in (*inputs.imports, *inputs.exports)}
        made: set[tuple] = set()
        planned = 0
        for n, r in enumerate(rows):
            offer, partner = offers[r.key], offers[r.export_key] if r.export_key else None
            key = plan_key(offer, partner)
            if key not in made and len(made) == fits:
                break  # the budget is spent
            if progress:
                progress("Planning the battery a day ahead on the cheapest tariffs", len(pairs) + len(made), steps)
            made.add(key)
            rows[n] = row(offer, partner, settings.strategy)
            planned += 1
        what = "tariff choices (import with its export)" if any(r.export_key for r in rows) else "tariffs"
        notes.append(f"Day-ahead planning is run on the {planned} {what} the timer ranks cheapest (each row says "
                     f"which); the other {len(rows) - planned} show the timer's result, because planning every one "
                     f"a day at a time over this period would take more than about 2 seconds in your browser. A "
                     f"shorter period plans more of them; “Day-ahead planning on: every pair” plans them all (slower).")
    if progress:
        progress("Pricing every tariff before and after", steps, steps)
    self_used, generated, ev_kwh, shifted = totals["self_used"], totals["generated"], totals["ev"], totals["shifted"]
    rows.sort(key=_rank)

    bound = bound_p = None
    best = rows[0] if rows else None
    if settings.bound and settings.battery and best is not None:
        label = f"Perfect-foresight bound on {best.label}"
        bound, bound_p = _bound(inputs, settings.battery, best, memo, period,
                                (lambda done, total: progress(label, done, total)) if progress else None)

    months = tuple(m.key for m in period.months)
    gas_kg_before = sum(g for g in gas or () if g) * GAS_FACTOR.kg_per_kwh
    return WhatIf(
        first=first, last=last, start=start, days=(last - first).days + 1, rows=tuple(rows), months=months,
        imported_before_kwh=sum(q for q in load if q), exported_before_kwh=sum(q for q in exported or () if q),
        generated_kwh=generated, self_used_kwh=self_used, heat_pump_kwh=hp_kwh, gas_replaced_kwh=gas_kwh,
        ev_kwh=ev_kwh, shifted_kwh=shifted, base_import=tuple(load),
        carbon_before_kg=_kg(load, inputs.intensity, gas_kg_before),
        carbon_after_kg=_kg(best.new_import, inputs.intensity, 0.0 if settings.heat_pump else gas_kg_before)
        if best else None,
        bound=bound, bound_after_p=bound_p, gaps=load.count(None), notes=tuple(notes),
        devices=frozenset(devices), has=owned,
    )


@dataclass(frozen=True, slots=True)
class _TariffSide:
    """One import tariff's rates and the household's flows on it before any battery (a battery change keeps them).

    buy : rates inc VAT [p/kWh]; need, surplus : import needed and surplus after the devices [kWh];
    ev_kwh, ev_short_kwh, shifted_kwh, self_used_kwh, generated_kwh : the devices' totals [kWh];
    imp_before : the tariff's cost of the household as it is.
    """

    pricing: Pricing
    buy: list[float | None]
    need: list[float | None]
    surplus: list[float | None]
    ev_kwh: float
    ev_short_kwh: float
    shifted_kwh: float
    self_used_kwh: float
    generated_kwh: float
    imp_before: PeriodCost
    net: tuple[float | None, ...]  # need − surplus [kWh], what the battery works on
    net_key: int  # equal for tariffs whose ``net`` is equal
    unit: Sequence[float | None] = ()  # the tariff's unit rates exc VAT [p/kWh], as ``buy`` before its VAT
    need_kwh: tuple[float | None, ...] = ()  # ``need`` and ``surplus`` as kept, for the grid without a battery
    surplus_kwh: tuple[float | None, ...] = ()
    # Export readings in half-hours without an import reading, ``(index, kWh)``: a battery rests there, so its run
    # leaves them gaps, but the household's export there is known and unchanged (see ``with_resting_export``).
    resting_export: tuple[tuple[int, float], ...] = ()
    rates: list[ClockRates] = field(default_factory=list, repr=False, compare=False)  # see clock_rates
    levels: list[tuple[PriceLevels, int]] = field(default_factory=list, repr=False, compare=False)  # see price_levels

    def __post_init__(self) -> None:
        if len(self.need_kwh) != len(self.need):  # (a tariff sharing another's flows shares these too)
            object.__setattr__(self, "need_kwh", tuple(self.need))
            object.__setattr__(self, "surplus_kwh", tuple(self.surplus))
            object.__setattr__(self, "resting_export", tuple(
                (i, s) for i, (q, s) in enumerate(zip(self.need, self.surplus, strict=True))
                if q is None and s is not None))

    def with_resting_export(self, grid_export: tuple[float | None, ...], kept: dict) -> tuple[float | None, ...]:
        """A battery run's export with :attr:`resting_export` put back in the gaps it left; the same tuple for the
        same run (``kept``, by run), so pairs sharing a run share its priced export too."""
        if not self.resting_export:
            return grid_export
        hit = kept.get(id(grid_export))
        if hit is None or hit[0] is not grid_export:
            out = list(grid_export)
            for i, kwh in self.resting_export:
                out[i] = kwh
            hit = kept[id(grid_export)] = (grid_export, tuple(out))
        return hit[1]

    def clock_rates(self, slots: Sequence[int]) -> ClockRates:
        """``buy`` by clock half-hour (``slots``, the period's), for the timer: worked out when first asked (a
        day-ahead run that plans every pair never asks)."""
        if not self.rates:
            self.rates.append(clock_rates(self.buy, slots))
        return self.rates[0]

    def price_levels(self, columns: dict[tuple[int, ...], int]) -> tuple[PriceLevels, int]:
        """``buy``'s :func:`~pyruntime.whatif.battery.price_levels` and its column's number in ``columns`` (the
        memo's: equal columns, one number), worked out when a plan first asks."""
        return _levels(self.levels, self.buy, columns)


@dataclass(frozen=True, slots=True)
class _ExportSide:
    """One export tariff's rates inc VAT [p/kWh] (0 where none), and the household's own export priced on it."""

    pricing: Pricing
    sell: list[float]
    before: PeriodCost | None
    unit: Sequence[float | None] = ()  # its unit rates exc VAT [p/kWh]
    levels: list[tuple[PriceLevels, int]] = field(default_factory=list, repr=False, compare=False)  # see price_levels

    def price_levels(self, columns: dict[tuple[int, ...], int]) -> tuple[PriceLevels, int]:
        """``sell``'s levels and its column's number, as :meth:`_TariffSide.price_levels`."""
        return _levels(self.levels, self.sell, columns)


def _levels(kept: list[tuple[PriceLevels, int]], rates: Sequence[float | None], columns: dict[tuple[int, ...], int]
            ) -> tuple[PriceLevels, int]:
    """``rates``' levels and their column's number in ``columns``, kept in ``kept`` once worked out: a plan's key
    then hashes a number, not a year of half-hours."""
    if not kept:
        levels = price_levels(rates)
        kept.append((levels, columns.setdefault(levels.column, len(columns))))
    return kept[0]


@dataclass(slots=True)
class _Kept:
    """What one scenario's run keeps for the next (a change of battery or strategy re-uses it all)."""

    series: tuple[Series | None, ...]  # the household's, held so that the ids in the key stay theirs
    sides: dict[str, _TariffSide] = field(default_factory=dict)
    exports: dict[str, _ExportSide] = field(default_factory=dict)
    nets: dict[tuple, int] = field(default_factory=dict)  # each distinct net load's key
    flows: dict[object, _TariffSide] = field(default_factory=dict)  # a tariff with each distinct flows, by their key
    columns: dict[tuple[int, ...], int] = field(default_factory=dict)  # each distinct column of price levels' key
    battery: tuple[float, float, float] | None = None  # the size, power and efficiency the runs below are for
    timer_runs: dict = field(default_factory=dict)  # run_timer's ``shared``
    plans: dict[tuple, tuple[Pricing, Pricing | None, BatteryRun]] = field(default_factory=dict)  # see _planned


def _keep_runs_of(memo: _Kept, battery: Battery) -> None:
    """Keep battery runs for this battery's size, power and efficiency only (so what is kept stays one set)."""
    spec = (battery.capacity_kwh, battery.power_kw, battery.efficiency)
    if memo.battery != spec:
        memo.battery = spec
        memo.timer_runs.clear()
        memo.plans.clear()


def _memo(memory: LabMemory, inputs: Inputs, settings: Settings) -> _Kept:
    """What was kept for these inputs and non-battery devices (a new one when any of them changes)."""
    series = (inputs.electricity, inputs.export, inputs.gas)
    panels = settings.panels and replace(settings.panels, cost_gbp=0.0)  # their price changes no flow
    key = (inputs.first, inputs.last, settings.ev, settings.shift, panels, settings.heat_pump, *map(id, series))
    kept = memory.tariffs.get(key, lambda: _Kept(series))
    return kept if all(a is b for a, b in zip(kept.series, series, strict=True)) else _Kept(series)


def _rank(r: Row) -> tuple[bool, float, str]:
    """Cheapest after first; tariffs that cannot be priced throughout, or that the household could not take, last."""
    return (not r.rankable, r.after_p, r.key)


def _bound(inputs: Inputs, battery: Battery, row: Row, memo: _Kept, period: Prepared,
           progress: Callable[[int, int], None] | None = None) -> tuple[BatteryRun, float]:
    """Perfect foresight on ``row``'s tariffs: the most the battery could have saved there (an upper bound).

    It works on the same household flows as ``row`` (kept in ``memo`` when ``row`` was priced).
    """
    offer = next(o for o in inputs.imports if o.key == row.key)
    partner = next((o for o in inputs.exports if o.key == row.export_key), None)
    side = memo.sides[offer.key]
    sell = memo.exports[partner.key].sell if partner else [0.0] * period.count
    market = Market(side.buy, sell, True, partner is not None)
    run = _planned(memo, "optimal", battery, offer, partner,
                   lambda: run_optimal(battery, side.need, side.surplus, market, progress))
    imp = _priced(period, run.grid_import, "electricity", offer.pricing, side.unit)
    exp = _priced(period, side.with_resting_export(run.grid_export, {}), "export", partner.pricing,
                  memo.exports[partner.key].unit) if partner else None
    return run, _net_p(imp, exp, row.after[2])


def _planned(memo: _Kept, strategy: str, battery: Battery, offer: Offer, partner: Offer | None,
             plan: Callable[[], BatteryRun]) -> BatteryRun:
    """``plan()``'s battery run, kept in ``memo``: a planned run (day-ahead, the bound) depends on the battery's
    size, power and efficiency and the tariffs, not on its price, so a change of its price (or of the strategy
    and back) re-prices without planning again."""
    key = (strategy, battery.capacity_kwh, battery.power_kw, battery.efficiency, offer.key,
           partner.key if partner else None)
    kept = memo.plans.get(key)
    if kept is not None and kept[0] == offer.pricing and kept[1] == (partner.pricing if partner else None):
        return kept[2]
    run = plan()
    memo.plans[key] = (offer.pricing, partner.pricing if partner else None, run)
    return run


Kwh = list[float | None]


def _after_panels(demand: Kwh, generation: Sequence[float] | None,
                  exported: Sequence[float | None] | None) -> tuple[Kwh, Kwh, float, float]:
    """``(import needed, surplus, self-used kWh, generated kWh)`` once any new panels have supplied the home.

    Surplus includes what existing panels already export (a missing export
    reading counts as none), so a battery can store it too. In a half-hour
    without an import reading (a gap: the battery rests there) the export
    reading is still what the household sent out, so it stays in the surplus
    (the export after is the export before there, not a gap).
    """
    if generation is not None:
        use = self_consume(demand, generation)
        need, surplus, used, made = list(use.load), list(use.surplus), use.self_used_kwh, sum(generation)
    else:
        need, surplus, used, made = demand, [None if q is None else 0.0 for q in demand], 0.0, 0.0
    if exported is not None:
        surplus = [e if s is None else s + (e or 0.0) for s, e in zip(surplus, exported, strict=True)]
    return need, surplus, used, made


def _kg(values: Sequence[float | None], intensity: Sequence[float | None] | None, gas_kg: float) -> float | None:
    """kgCO2e of import on the half-hourly intensity (half-hours that have both), plus ``gas_kg`` burnt."""
    if intensity is None:
        return None
    grid = sum(q * g for q, g in zip(values, intensity, strict=True) if q is not None and g is not None) / 1000
    return grid + gas_kg


def typical_day(values: Sequence[float | None], start: int) -> tuple[float | None, ...]:
    """Mean kWh in each London clock half-hour over the period (gaps left out) [kWh]."""
    slots = clock_slots(start, len(values))
    sums, counts = [0.0] * 48, [0] * 48
    for s, q in zip(slots, values, strict=True):
        if q is not None:
            sums[s] += q
            counts[s] += 1
    return tuple(sums[s] / counts[s] if counts[s] else None for s in range(48))


@dataclass(frozen=True, slots=True)
class Assumption:
    """One assumption the numbers rest on: its label, its words, and the number the words state in ``unit``."""

    label: str
    words: str
    value: float | None
    unit: str | None


def assumptions(settings: Settings) -> tuple[Assumption, ...]:
    """Every assumption the numbers rest on, in the order the page lists them."""
    out: list[tuple[str, str, float | None, str | None]] = [
        ("Prices", "Past prices, each day's product version then on sale; they are not next year's prices.", None,
         None)]
    if settings.battery:
        b = settings.battery
        out += [
            ("Battery", f"{b.capacity_kwh:g} kWh usable, {b.power_kw:g} kW, {b.efficiency * 100:g} % round trip "
                        "(the whole loss on charging), starts empty, never below 0 or above capacity.",
             b.capacity_kwh, "kWh"),
            ("Strategy", STRATEGIES[settings.strategy] + ".", None, None),
            ("Grid charging and battery export", "Grid charging only where it pays; battery energy is exported only "
                                                 "with an export tariff.", None, None),
        ]
        if settings.strategy == "day_ahead":
            out.append(("Day-ahead", "Each 16:00 it plans to 23:00 the next day on known prices and on your actual "
                                     "use then (a real controller forecasts use), so it is optimistic.", None, None))
    if settings.panels:
        p = settings.panels
        shape = ("its half-hourly shape is your own export readings, scaled to that total (your real weather; "
                 "narrower than generation, as your home used some of it)" if p.profile == "export"
                 else "a typical year, spread over each day by the sun's position")
        out.append(("Solar", f"{p.kwp:g} kWp facing {p.facing}, tilted {p.tilt_deg:g}°: SAP 2012 Appendix U climate "
                             f"data for your region and Appendix M's 0.8 kWh per kWp per kWh/m²; {shape}. Your home "
                             "uses it first, then the battery, then it is exported.", None, None))
    if settings.ev:
        e = settings.ev
        out.append(("EV", f"{e.miles_per_year:,.0f} miles a year at {e.miles_per_kwh:g} miles/kWh "
                          f"({e.kwh_per_day:.1f} kWh a day), {e.charger_kw:g} kW charger, plugged in "
                          f"{window_label(e.window)} each day, charged in that window's cheapest half-hours on each "
                          "tariff. On Intelligent Octopus Go's capped products (IOG-SMB-…) the car gets the cheap "
                          "rate for at most 6 hours a day, midday to midday, as Octopus's rule says; the lab applies "
                          "it. Octopus's extra smart-charge slots outside 23:30–05:30 are chosen by Octopus day by "
                          "day and published in no feed, so the car charges only in the tariff's published cheap "
                          "half-hours (on Intelligent Go that 6-hour window, which the cap never cuts) and the cheap "
                          "rate your home would also get in such slots is not counted.", round(e.kwh_per_day, 1),
                 "kWh"))
    if settings.heat_pump:
        h = settings.heat_pump
        out.append(("Heat pump", f"Gas kWh × {h.boiler_efficiency * 100:g} % boiler efficiency ÷ the month's COP "
                                 f"({', '.join(f'{c:g}' for c in h.cop)}, January to December; assumed, edit to "
                                 "yours), in your gas use's half-hours. "
                                 + ("Gas capped: no gas standing charge." if h.cap_gas
                                    else "Gas kept: its standing charge stays."), None, None))
    if settings.shift:
        s = settings.shift
        amount = f"{s.kwh_per_day:g} kWh" if s.kwh_per_day else f"{s.percent:g} %"
        out.append(("Shifted use", f"{amount} of each day's use outside {window_label(s.window)} moved into "
                                   f"that window's cheapest {s.hours:g} hours (never more than that use).", None,
                    None))
    return tuple(Assumption(*a) for a in out)
