"""Octopus Energy: account → meter points → each meter's whole history → one household.

For every electricity import, export and gas meter point on the customer's
current property, every meter (current and replaced) is asked for its
half-hourly history, one request per 25,000 half-hours (the API's largest
page), oldest first. Replaced meters are stitched into one series per
fuel. The meter points and the tariff agreements over time go into the
household's facts (``facts.meters``, ``facts.tariffs``) for the cost report.

The API key is a parameter here and nowhere else: it goes into each
request's ``Authorization`` header (to the Octopus origin only, enforced by
:func:`pyruntime.providers.octopus.next_request`) and is dropped when the
load ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..fileformats.text import ImportFailure
from ..household import Household, faulty, gas
from ..household.facts import HouseholdFacts, LoadWarning, Meter
from ..timeseries.londontime import HALF_HOUR, local_date
from ..timeseries.series import FUEL_LABELS, FUELS
from ..wording import plural
from . import octopus
from .errors import FATAL_KINDS, ProviderError
from .loading import (
    error_codes_warning,
    extend_with_gaps,
    months_phrase,
    progress_label,
    skipped_warning,
    unusable_readings,
)
from .paging import RetryPolicy, Sleep, Transport, collect_consumption, months_without_readings, send_with_retry

Progress = Callable[..., None]
DEFAULT_POLICY = RetryPolicy()
DEFAULT_YEARS = 5  # [years] of history asked for when the account says nothing about when it began


async def load_octopus(
    transport: Transport,
    *,
    base: str,
    account_number: str,
    api_key: str,
    now: int,
    sleep: Sleep | None = None,
    progress: Progress | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> Household:
    """Everything the account has, as a household; ``now`` [s, UTC] ends each history.

    Raises :class:`ProviderError` when the account cannot be read or no
    meter has any readings; a meter that fails after others succeeded
    becomes a warning in ``facts.warnings`` instead.
    """
    report = progress or (lambda *a, **k: None)
    waiting = _announcing_sleep(sleep, report)
    report("Reading your Octopus account", 0, 0, meter="account")
    resp = await send_with_retry(
        transport,
        octopus.account_request(base, account_number, api_key),
        name=octopus.NAME,
        what="account number",
        credentials=octopus.CREDENTIALS,
        sleep=waiting,
        policy=policy,
    )
    account = octopus.parse_account(resp)
    report("Found " + _meters_phrase(account), 1, 1, meter="account")

    histories: dict[str, dict[str, tuple[tuple[int, float], ...]]] = {f: {} for f in FUELS}
    skipped = dict.fromkeys(FUELS, 0)  # rows per fuel that were no reading (NaN, not a half-hour on the clock)
    warnings: list[LoadWarning] = []
    first_error: ProviderError | None = None
    stopped: list[_Stopped] = []
    for point in account.meter_points:
        start = _history_start(point, account, now)
        for i, serial in enumerate(point.serials):
            key = f"{point.kind}:{point.mpxn}:{serial}"
            suffix = f" (meter {i + 1} of {len(point.serials)})" if len(point.serials) > 1 else ""
            seen = {"total": 0}

            def on_page(_label: str, loaded: int, total: int, *, kind=point.kind, key=key, suffix=suffix,
                        seen=seen) -> None:
                seen["total"] = total
                report(progress_label(kind, loaded, suffix), loaded, total, meter=key)

            report(progress_label(point.kind, 0, suffix), 0, 0, meter=key)
            request = octopus.consumption_request(base, point.kind, point.mpxn, serial, start, now, api_key=api_key)
            try:
                got = await collect_consumption(transport, request, on_page, sleep=waiting, policy=policy,
                                                period=(start, now))
            except ProviderError as err:
                if err.kind in FATAL_KINDS:  # no point asking for the next meter
                    raise
                first_error = first_error or err
                warnings.append(LoadWarning(point.kind, err.kind, f"{FUEL_LABELS[point.kind]}: {err.message}"))
                continue
            histories[point.kind][key] = got.readings
            skipped[point.kind] += got.skipped
            if not got.complete and got.error is not None:
                stopped.append(_Stopped(point.kind, key, got.readings, got.error, seen["total"], start))
    # Where the histories that loaded whole end is the best guide to where a stopped one would have ended.
    early = {x.key for x in stopped}
    ends = [max(t for t, _ in readings) + HALF_HOUR for fuel in histories.values()
            for key, readings in fuel.items() if key not in early and readings]
    whole_until = min(now, max(ends)) if ends else None
    warnings += [_partial_warning(x, whole_until) for x in stopped]
    return _household(account, histories, warnings, first_error, skipped)


@dataclass(frozen=True, slots=True)
class _Stopped:
    """A meter's history that stopped loading partway: what arrived, why it stopped, and what the API counted."""

    kind: str
    key: str
    readings: tuple[tuple[int, float], ...]  # (instant [s UTC], kWh), oldest first
    error: ProviderError
    total: int  # readings the API said the period holds; 0 when it never said
    start: int  # [s UTC] the start of the period asked for


def _announcing_sleep(sleep: Sleep | None, report: Progress) -> Sleep:
    async def wait(seconds: float) -> None:
        report(f"Octopus Energy asked us to wait; trying again in {seconds:g} s", 0, 0, meter="wait")
        if sleep is not None:
            await sleep(seconds)
        else:
            import asyncio

            await asyncio.sleep(seconds)

    return wait


def _meters_phrase(account: octopus.Account) -> str:
    """What the account holds, by supply: a replaced meter is still one supply ("the gas meter", "the electricity
    import meter (replaced: 2 meters on one supply)", "2 electricity export supplies (3 meters)")."""
    parts = []
    for kind in FUELS:
        points = [p for p in account.meter_points if p.kind == kind and p.serials]
        meters = sum(len(p.serials) for p in points)
        label = FUEL_LABELS[kind].lower()
        if len(points) == 1:
            parts.append(f"the {label} meter" + (f" (replaced: {meters} meters on one supply)" if meters > 1 else ""))
        elif points:
            parts.append(plural(len(points), f"{label} supply", f"{label} supplies")
                         + (f" ({meters} meters)" if meters > len(points) else ""))
    return ", ".join(parts) or "no meters"


def _history_start(point: octopus.MeterPoint, account: octopus.Account, now: int) -> int:
    """The earliest instant worth asking for [s, UTC]: first agreement or move-in, else a few years back."""
    candidates = [a.valid_from for a in point.agreements if a.valid_from is not None]
    if account.moved_in_at is not None:
        candidates.append(account.moved_in_at)
    start = min(candidates) if candidates else now - DEFAULT_YEARS * 365 * 86400
    return max(0, min(start, now - HALF_HOUR)) // HALF_HOUR * HALF_HOUR


def _partial_warning(x: _Stopped, whole_until: int | None) -> LoadWarning:
    """Name the months missing because loading stopped early.

    Readings come oldest first, so the missing ones follow the last reading received. Where they would have
    ended is taken from the histories that loaded whole (``whole_until`` [s UTC]): the API's count cannot say,
    as it counts readings, not half-hours, and a history with gaps runs on past ``count`` half-hours. With no
    such history to go by, no end is made up: the warning says the count the API gave, and nothing is padded.
    """
    reason = x.error.message.split(" Part of your history is missing:")[0]
    label = FUEL_LABELS[x.kind]
    last = max((t for t, _ in x.readings), default=x.start - HALF_HOUR)
    if whole_until is not None and whole_until > last + HALF_HOUR:
        missing = months_without_readings(x.readings, (x.start, whole_until))
        message = (f"{label}: loading stopped partway, so part of your history is missing"
                   f"{': ' + months_phrase(missing) if missing else ''}. {reason}")
        # missing_until: the history is padded with gaps up to here
        return LoadWarning(x.kind, "partial_history", message, tuple(missing), missing_until=whole_until)
    day = local_date(last)
    arrived = f"readings arrived up to {day.day} {day:%B %Y}" if x.readings else "no readings arrived"
    remaining = max(0, x.total - len(x.readings))
    counted = f", and {octopus.NAME} counts {remaining:,} more" if remaining else ""
    return LoadWarning(x.kind, "partial_history", f"{label}: loading stopped partway, so part of your history is "
                                                  f"missing: {arrived}{counted}. {reason}")


def _household(account: octopus.Account, histories: dict, warnings: list[LoadWarning],
               first_error: ProviderError | None, skipped: dict[str, int]) -> Household:
    series, imports, stitch, tariffs, aside = {}, {}, {}, {}, {}
    gas_unit = None
    for kind in FUELS:
        points = [p for p in account.meter_points if p.kind == kind]
        if points:
            tariffs[kind] = tuple(a for p in points for a in p.agreements)
        if not points:
            continue
        if skipped[kind]:  # left as gaps, and said so: never dropped in silence
            warnings.append(unusable_readings(octopus.NAME, kind) if not any(histories[kind].values())
                            else skipped_warning(octopus.NAME, kind, skipped[kind]))
        if not any(histories[kind].values()):
            if not any(w.fuel == kind for w in warnings):
                warnings.append(LoadWarning(kind, "no_data", (
                    f"{FUEL_LABELS[kind]}: Octopus Energy has no half-hourly readings for this meter yet. New smart "
                    "meters can take a few days; some need half-hourly readings allowed in your account settings.")))
            continue
        merged, how = octopus.stitch_meters(histories[kind])
        try:
            channel = octopus.consumption_channel(kind, merged)
        except ImportFailure:  # readings arrived but none was possible: this meter's warning, not the whole load's end
            warnings.append(unusable_readings(octopus.NAME, kind))
            continue
        imports[kind] = channel.report
        if (dropped := error_codes_warning(channel)) is not None:  # said on the page, as a file load says it
            warnings.append(dropped)
        faults, notice = faulty.set_aside(channel)
        if faults is not None:
            aside[kind] = faults
        if notice is not None:
            warnings.append(notice)
        stitch[kind] = how
        if kind == "gas":
            kwh, gas_unit, more = gas.decide(channel.series)
            warnings.extend(LoadWarning("gas", "gas_unit", m) for m in more)
            series[kind] = kwh
        else:
            series[kind] = channel.series
        for w in warnings:
            if w.fuel == kind and w.missing_until is not None:
                series[kind] = extend_with_gaps(series[kind], w.missing_until)
    if not series:
        if first_error is not None:
            raise first_error
        unusable = next((w for w in warnings if w.kind == "malformed"), None)
        if unusable is not None:
            raise ProviderError("malformed", unusable.message)
        raise ProviderError(
            "no_data",
            "Octopus Energy has no half-hourly readings for any meter on this account yet. New smart meters can "
            "take a few days, and some need half-hourly readings allowed in your Octopus account settings.",
        )
    meters = tuple(Meter(p.kind, p.mpxn, p.serials, p.region, p.kind_reason) for p in account.meter_points)
    facts = HouseholdFacts(label="Your Octopus Energy readings", provider=octopus.NAME, meters=meters,
                           tariffs=tariffs, imports=imports, stitch=stitch, gas_unit=gas_unit,
                           warnings=tuple(warnings), faulty=aside)
    return Household("octopus", series, region=account.region, facts=facts)
