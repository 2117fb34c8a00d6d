"""Glowmarkt (Bright): sign in → the user's electricity and gas resources → half-hourly readings.

Works for customers of any supplier whose smart meter is on the national
network. Readings come in the API's 10-day windows, one after another; each
resource's span comes from its ``first-time``/``last-time`` endpoints (when
those fail, the last 13 months). The password goes only into the sign-in
request's body and the session token only into request headers to the
Glowmarkt origin; neither outlives the load.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..fileformats import safejson
from ..fileformats.model import Channel, Conventions, Row
from ..fileformats.text import ImportFailure
from ..household import Household, faulty, gas
from ..household.facts import HouseholdFacts, LoadWarning
from ..timeseries.londontime import HALF_HOUR
from ..timeseries.series import FUEL_LABELS, FUELS
from . import glowmarkt as glow
from .errors import FATAL_KINDS, ProviderError, no_data
from .http import HttpRequest, HttpResponse
from .loading import (
    error_codes_warning,
    extend_with_gaps,
    months_phrase,
    progress_label,
    skipped_warning,
    unusable_readings,
)
from .paging import RetryPolicy, Sleep, Transport, collect_windows, send_with_retry
from .readings_channel import readings_channel

Progress = Callable[..., None]
DEFAULT_POLICY = RetryPolicy()
FALLBACK_DAYS = 396  # [days] asked for when the API will not say when a meter's data begins
SMART_METERS_FROM = 1293840000  # [s, UTC] 2011-01-01: the first GB smart meters (SMETS1); no reading is older


def time_request(base: str, token: glow.Token, resource: glow.Resource, which: str) -> HttpRequest:
    """``GET {base}resource/{id}/first-time`` or ``last-time``: when the resource's readings begin or end."""
    base = base if base.endswith("/") else base + "/"
    return HttpRequest(
        "GET",
        f"{base}resource/{resource.resource_id}/{which}",
        {"applicationId": glow.APPLICATION_ID, "token": token.token},
        label=f"{FUEL_LABELS[resource.fuel]} date range",
    )


def parse_time(resp: HttpResponse, key: str) -> int | None:
    """``data.firstTs`` / ``data.lastTs`` [s, UTC], or ``None`` when the reply does not say."""
    try:
        doc = safejson.loads(resp.body)  # not json.loads: a reply nested thousands deep would kill Pyodide's worker
    except ValueError:
        return None
    value = doc.get("data", {}).get(key) if isinstance(doc, dict) and isinstance(doc.get("data"), dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


async def load_glowmarkt(
    transport: Transport,
    *,
    base: str,
    username: str,
    password: str,
    now: int,
    sleep: Sleep | None = None,
    progress: Progress | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
    concurrency: int = 1,
) -> Household:
    """The user's Bright electricity and gas readings as a household; ``now`` [s, UTC].

    ``concurrency`` windows are requested at once (the browser asks for a few).
    """
    report = progress or (lambda *a, **k: None)
    ask = {"name": glow.NAME, "credentials": glow.CREDENTIALS, "sleep": sleep, "policy": policy}
    report("Signing in to Bright", 0, 0, meter="account")
    token = glow.parse_token(
        await _send_auth(transport, glow.auth_request(base, username, password), ask)
    )
    resources = glow.parse_resources(await send_with_retry(transport, glow.resources_request(base, token),
                                                           what="list of meters", **ask))
    chosen = {}
    for r in resources:
        chosen.setdefault(r.fuel, r)
    report("Found " + ", ".join(FUEL_LABELS[f].lower() for f in FUELS if f in chosen), 1, 1, meter="account")

    series, imports, aside = {}, {}, {}
    warnings: list[LoadWarning] = []
    gas_unit = None
    first_error: ProviderError | None = None
    for fuel in FUELS:
        resource = chosen.get(fuel)
        if resource is None:
            continue
        first, last = await _span(transport, base, token, resource, now, ask)
        windows = glow.plan_readings_windows(first, last)
        requests = [glow.readings_request(base, token, resource, a, b) for a, b in windows]
        loaded = {"n": 0, "skipped": 0}

        def on_window(_label: str, done: int, total: int, *, fuel=fuel, loaded=loaded) -> None:
            report(progress_label(fuel, loaded["n"]), done, total, meter=fuel)

        def parse(resp: HttpResponse, loaded=loaded) -> list[tuple[int, float | None]]:
            got, skipped = glow.parse_readings_counted(resp)
            loaded["n"] += sum(v is not None for _, v in got)
            loaded["skipped"] += skipped
            return got

        report(progress_label(fuel, 0), 0, len(requests), meter=fuel)
        try:
            got = await collect_windows(transport, requests, parse, on_window, concurrency=concurrency, **ask)
        except ProviderError as err:
            if err.kind in FATAL_KINDS:
                raise
            first_error = first_error or err
            warnings.append(LoadWarning(fuel, err.kind, f"{FUEL_LABELS[fuel]}: {err.message}"))
            continue
        partial = not got.complete and got.error is not None
        if partial:
            reason = got.error.message.split(" Part of your history is missing:")[0]
            missing = list(got.missing_months)
            warnings.append(LoadWarning(fuel, "partial_history", (
                f"{FUEL_LABELS[fuel]}: loading stopped partway, so part of your history is missing"
                f"{': ' + months_phrase(missing) if missing else ''}. {reason}"), tuple(missing), missing_until=last))
        if not got.readings and loaded["skipped"]:
            warnings.append(unusable_readings(glow.NAME, fuel))
            continue
        if not got.readings:
            meter = f"{FUEL_LABELS[fuel].lower()} meter"
            warnings.append(LoadWarning(fuel, "no_data", no_data(glow.NAME, meter).message))
            continue
        if loaded["skipped"]:  # left as gaps, and said so: never dropped in silence
            warnings.append(skipped_warning(glow.NAME, fuel, loaded["skipped"]))
        try:
            channel = _channel(fuel, got.readings)
        except ImportFailure:  # readings arrived but none was possible: this meter's warning, not the whole load's end
            warnings.append(unusable_readings(glow.NAME, fuel))
            continue
        imports[fuel] = channel.report
        if (dropped := error_codes_warning(channel)) is not None:  # said on the page, as a file load says it
            warnings.append(dropped)
        faults, notice = faulty.set_aside(channel)
        if faults is not None:
            aside[fuel] = faults
        if notice is not None:
            warnings.append(notice)
        if fuel == "gas":
            kwh, gas_unit, more = gas.decide(channel.series)
            warnings.extend(LoadWarning("gas", "gas_unit", m) for m in more)
            series[fuel] = kwh
        else:
            series[fuel] = channel.series
        if partial:  # the windows never fetched are gaps, not outside the data
            series[fuel] = extend_with_gaps(series[fuel], last)
    if not series:
        unusable = next((w for w in warnings if w.kind == "malformed"), None)
        if first_error is None and unusable is not None:
            raise ProviderError("malformed", unusable.message)
        raise first_error or no_data(glow.NAME, "meters")
    facts = HouseholdFacts(label="Your Bright (Glowmarkt) readings", provider=glow.NAME, imports=imports,
                           gas_unit=gas_unit, warnings=tuple(warnings), faulty=aside)
    return Household("glowmarkt", series, region=None, facts=facts)


async def _send_auth(transport: Transport, request: HttpRequest, ask: dict) -> HttpResponse:
    """Sign in; a 401/403 is handed to :func:`parse_token`, which words it for Bright users."""
    try:
        return await send_with_retry(transport, request, what="account", **ask)
    except ProviderError as err:
        if err.status in (401, 403):
            return HttpResponse(err.status)
        raise


async def _span(transport: Transport, base: str, token: glow.Token, resource: glow.Resource, now: int,
                ask: dict) -> tuple[int, int]:
    """``[first, last)`` [s, UTC] of the resource's readings, from the API or a fallback."""
    ends = []
    for which, key in (("first-time", "firstTs"), ("last-time", "lastTs")):
        try:
            ends.append(parse_time(await send_with_retry(transport, time_request(base, token, resource, which),
                                                         what="meter", **ask), key))
        except ProviderError as err:
            if err.kind in ("auth", "unreachable", "timeout", "foreign_origin"):
                raise
            ends.append(None)
    first, last = ends
    last = min(last, now) if last is not None else now
    first = first if first is not None and first < last else last - FALLBACK_DAYS * 86400
    # A firstTs of 1 (or any date before smart meters) would plan ~2,000 ten-day windows back to 1970.
    first = max(first, SMART_METERS_FROM)
    return first - first % HALF_HOUR, last - last % HALF_HOUR + HALF_HOUR


def _channel(fuel: str, readings) -> Channel:
    """The readings as a channel; Bright gives gas in kWh after its own conversion, but the unit is still judged
    from the readings' size (:func:`pyruntime.providers.readings_channel.readings_channel`)."""
    rows = [Row(i + 1, t, True, v) for i, (t, v) in enumerate(sorted(readings))]
    return readings_channel(fuel, rows, partial(_conventions, fuel))


def _conventions(fuel: str, unit: str, why_m3: str = "") -> Conventions:
    if fuel != "gas":
        reason = "Bright reports electricity in kWh"
    elif unit == "m3":
        reason = ("Bright gives gas in kWh after its own conversion, but these readings are too small for kWh: "
                  f"taken as m³ from their size ({why_m3})")
    else:
        reason = "Bright gives gas in kWh after its own conversion; see the gas units check"
    return Conventions("glowmarkt_api", "Bright (Glowmarkt) account", fuel, unit, "start", "UTC",
                       unit_reason=reason, timezone_reason="the API gives each half-hour as a UTC instant",
                       stamp_reason="the API stamps each half-hour at its start")
