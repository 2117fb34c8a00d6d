"""Fetch a meter's whole history: the only code here that awaits.

``transport`` is any object with ``async send(HttpRequest) -> HttpResponse``
(the browser's lives in ``pyruntime/_browser.py``; tests use fixtures) and
``sleep`` is injected, so retries are testable without waiting. Any
exception from the transport means no response arrived: offline, or the
browser blocked the request (CORS); the page offers the file route.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..timeseries.londontime import HALF_HOUR, local_date
from . import octopus
from .errors import ProviderError, error_for, foreign_origin, timed_out, unreachable
from .http import ForeignOrigin, HttpRequest, HttpResponse, TimedOut
from .loading import months_phrase


class Transport(Protocol):
    async def send(self, request: HttpRequest) -> HttpResponse: ...


Sleep = Callable[[float], Awaitable[None]]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts per request and waits [s]."""

    rate_limited_attempts: int = 4  # 429 (and WAF-style HTML 403): honour Retry-After
    server_error_attempts: int = 3  # 5xx
    first_wait: float = 2.0  # [s] then doubled
    max_wait: float = 60.0  # [s] a longer Retry-After is not worth holding the page for
    max_pages: int = 40


async def _default_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def send_once(transport: Transport, request: HttpRequest, name: str) -> HttpResponse:
    """One request to provider ``name``; no reply at all becomes a :class:`ProviderError` the user can act on."""
    try:
        return await transport.send(request)
    except ProviderError:
        raise
    except ForeignOrigin:
        raise foreign_origin(name) from None
    except TimedOut as exc:
        raise timed_out(name, exc.seconds) from None
    except Exception:  # the browser gives a JsException/OSError with no status: unreachable
        raise unreachable(name) from None


async def send_with_retry(
    transport: Transport,
    request: HttpRequest,
    *,
    name: str,
    what: str,
    credentials: str,
    sleep: Sleep | None = None,
    policy: RetryPolicy = RetryPolicy(),
) -> HttpResponse:
    """Send ``request``; retry 429 and 5xx within ``policy``; raise :class:`ProviderError` otherwise."""
    sleep = sleep or _default_sleep
    limited = failed = unsaid = 0  # unsaid: 429s without a Retry-After we could read
    while True:
        resp = await send_once(transport, request, name)
        err = error_for(resp, name, what, credentials=credentials)
        if err is None:
            return resp
        if err.kind == "rate_limited":
            limited += 1
            if err.retry_after is None:
                unsaid += 1
            if limited >= policy.rate_limited_attempts:
                if unsaid:
                    # A browser can read Retry-After from another origin only if the provider
                    # exposes it (CORS); without it we backed off on our own, and say so.
                    err = ProviderError(err.kind, err.message + " It did not say how long to wait (or your browser "
                                        "could not read it), so we waited a little longer before each try.",
                                        err.status, err.retry_after)
                raise err
            wait = err.retry_after if err.retry_after is not None else policy.first_wait * 2 ** (limited - 1)
            await sleep(min(wait, policy.max_wait))
            continue
        if err.kind == "provider_down":
            failed += 1
            if failed >= policy.server_error_attempts:
                raise err
            await sleep(min(policy.first_wait * 2 ** (failed - 1), policy.max_wait))
            continue
        raise err


@dataclass(frozen=True, slots=True)
class Collected:
    """A meter's readings as far as we got.

    complete : every page arrived.
    error : why we stopped early (``None`` when complete).
    missing_months : ``"YYYY-MM"`` months of the requested period with no
        readings because loading stopped (only when incomplete).
    """

    readings: tuple[tuple[int, float], ...]
    pages: int
    complete: bool
    error: ProviderError | None
    missing_months: tuple[str, ...]
    skipped: int

    def to_json(self) -> dict:
        return {
            "readings": len(self.readings),
            "pages": self.pages,
            "complete": self.complete,
            "error": self.error.to_json() if self.error else None,
            "missing_months": list(self.missing_months),
            "skipped": self.skipped,
        }


async def collect_consumption(
    transport: Transport,
    first_request: HttpRequest,
    progress_callback: Progress | None = None,
    *,
    sleep: Sleep | None = None,
    policy: RetryPolicy = RetryPolicy(),
    period: tuple[int, int] | None = None,
) -> Collected:
    """Follow Octopus ``next`` links from ``first_request`` until done or stuck.

    ``progress_callback(label, loaded, total)`` runs after each page.
    ``period`` is the requested ``[from, to)`` [s, UTC] used to name missing
    months when loading stops early; by default it is read from the request.
    A failure on the first page raises (nothing to show); a later failure
    returns what arrived with ``complete=False``.
    """
    readings: list[tuple[int, float]] = []
    request = first_request
    pages = skipped = said = 0  # said: the most readings any page claimed the history holds
    what = first_request.label or "meter"
    while True:
        try:
            resp = await send_with_retry(
                transport,
                request,
                name=octopus.NAME,
                what=what,
                credentials=octopus.CREDENTIALS,
                sleep=sleep,
                policy=policy,
            )
            page = octopus.parse_consumption_page(resp, what)
        except ProviderError as err:
            if pages == 0:
                raise
            return _partial(readings, pages, skipped, err, period or _period_of(first_request))
        pages += 1
        skipped += page.skipped
        said = max(said, page.count)
        readings.extend(page.readings)
        if progress_callback is not None:
            progress_callback(first_request.label, len(readings), max(page.count, len(readings)))
        if page.next_url is None:
            if len(readings) + skipped < said:
                # The last page came before the readings the provider said it had:
                # a history that ended early must not pass for a complete one.
                err = ProviderError(
                    "incomplete",
                    f"{octopus.NAME} stopped sending readings early: it said it had {said:,} half-hours for "
                    f"this {what} but sent {len(readings) + skipped:,}.",
                )
                return _partial(readings, pages, skipped, err, period or _period_of(first_request))
            return Collected(tuple(readings), pages, True, None, (), skipped)
        if pages >= policy.max_pages:
            err = ProviderError(
                "malformed", f"{octopus.NAME} kept sending more pages than a meter's history can fill; we stopped."
            )
            return _partial(readings, pages, skipped, err, period or _period_of(first_request))
        try:
            request = octopus.next_request(request, page.next_url)
        except ProviderError as err:
            return _partial(readings, pages, skipped, err, period or _period_of(first_request))


async def collect_windows(
    transport: Transport,
    requests: Sequence[HttpRequest],
    parse: Callable[[HttpResponse], list[tuple[int, float | None]]],
    progress_callback: Progress | None = None,
    *,
    name: str,
    credentials: str,
    sleep: Sleep | None = None,
    policy: RetryPolicy = RetryPolicy(),
    concurrency: int = 1,
) -> Collected:
    """Send one request per time window (Glowmarkt), oldest first, stopping at the first failure.

    ``parse`` turns a response into ``[(start [s, UTC], value or None)]``;
    ``None`` values are gaps and are dropped here. With ``concurrency`` > 1,
    that many windows are in flight at once (a year is about 37 windows);
    readings are still kept in window order, and a failure keeps only the
    windows before it, so a partial history is always a clean prefix.
    """

    async def fetch(request: HttpRequest) -> list[tuple[int, float | None]]:
        resp = await send_with_retry(
            transport, request, name=name, what=request.label or "meter",
            credentials=credentials, sleep=sleep, policy=policy,
        )
        return parse(resp)

    readings: list[tuple[int, float]] = []
    step = max(1, concurrency)
    for first in range(0, len(requests), step):
        batch = requests[first : first + step]
        if len(batch) == 1:
            outcomes: list = []
            try:
                outcomes.append(await fetch(batch[0]))
            except ProviderError as err:
                outcomes.append(err)
        else:
            import asyncio  # only here: a single window needs no event loop

            outcomes = await asyncio.gather(*(fetch(r) for r in batch), return_exceptions=True)
        for i, got in enumerate(outcomes, start=first):
            if isinstance(got, ProviderError):
                if i == 0:
                    raise got
                return _partial(readings, i, 0, got, (_window_start(requests[0]), _window_end(requests[-1])))
            if isinstance(got, BaseException):
                raise got
            readings.extend((t, v) for t, v in got if v is not None)
            if progress_callback is not None:
                progress_callback(requests[i].label, i + 1, len(requests))
    return Collected(tuple(readings), len(requests), True, None, (), 0)


def _period_of(request: HttpRequest) -> tuple[int, int] | None:
    try:
        start = dt.datetime.fromisoformat(request.params["period_from"])
        end = dt.datetime.fromisoformat(request.params["period_to"])
    except (KeyError, ValueError):
        return None
    return int(start.timestamp()), int(end.timestamp())


def _window_start(request: HttpRequest) -> int:
    return int(dt.datetime.fromisoformat(request.params["from"] + "+00:00").timestamp())


def _window_end(request: HttpRequest) -> int:
    return int(dt.datetime.fromisoformat(request.params["to"] + "+00:00").timestamp()) + 1


def months_without_readings(readings: Sequence[tuple[int, float]], period: tuple[int, int]) -> list[str]:
    """``"YYYY-MM"`` (London) months in ``[from, to)`` after the last reading received.

    Loading runs oldest first, so when it stops, everything after the last
    reading is missing; the month holding that reading is partly missing.
    """
    start, end = period
    last = max((t for t, _ in readings), default=start - HALF_HOUR)
    first_missing = local_date(max(start, last + HALF_HOUR))
    last_day = local_date(end - HALF_HOUR)
    out = []
    y, m = first_missing.year, first_missing.month
    while (y, m) <= (last_day.year, last_day.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _partial(
    readings: list[tuple[int, float]], pages: int, skipped: int, err: ProviderError, period: tuple[int, int] | None
) -> Collected:
    missing = tuple(months_without_readings(readings, period)) if period else ()
    if missing:
        err = ProviderError(
            err.kind,
            f"{err.message} Part of your history is missing: {months_phrase(missing)}.",
            err.status,
            err.retry_after,
        )
    return Collected(tuple(readings), pages, False, err, missing, skipped)
