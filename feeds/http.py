"""The one HTTP client: retries, backoff, timeouts, and precise errors.

The ``requests.Session`` is injected so tests can point everything at a local emulator
(and could swap the session for another implementation with ``get``).
Every failure is raised as a :class:`FeedError` whose message names the URL and says
exactly what was wrong (status, HTML instead of JSON, malformed JSON, timeout).
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from pyruntime.fileformats import safejson

USER_AGENT = "half-hourly-feeds/1 (+https://github.com/; nightly static tariff/carbon feeds)"


class FeedError(Exception):
    """A problem with one unit of work (a tariff, a carbon window). The run goes on."""


class HttpStatusError(FeedError):
    """The server answered with a non-success status after all retries."""

    def __init__(self, url: str, status: int, detail: str) -> None:
        super().__init__(f"HTTP {status} from {url}: {detail}")
        self.url, self.status = url, status


class NotJsonError(FeedError):
    """The body was not JSON (e.g. an HTML WAF/error page) or was malformed JSON."""


class ShapeError(FeedError):
    """The JSON parsed, but not into the shape the API documents."""


class TransportError(FeedError):
    """Timeouts or connection failures persisted through every retry."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try.

    Attributes
    ----------
    attempts : total tries per request (first try included).
    backoff_seconds : first retry delay [s]; doubles on each retry.
    max_backoff_seconds : cap on the exponential delay [s].
    max_retry_after_seconds : cap on a server's ``Retry-After`` [s] (a hostile value
        must not stall the nightly job).
    timeout_seconds : connect and read timeout per try [s].
    min_interval_seconds : politeness gap between consecutive requests [s].
    """

    attempts: int = 5
    backoff_seconds: float = 2.0
    max_backoff_seconds: float = 60.0
    max_retry_after_seconds: float = 120.0
    timeout_seconds: float = 30.0
    min_interval_seconds: float = 0.2


def _snippet(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat[:limit] + ("..." if len(flat) > limit else "")


def _retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class ApiClient:
    """GET JSON with retries. Counts every HTTP request it sends in ``requests_made``."""

    session: requests.Session
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    requests_made: int = 0
    retries: int = 0
    _last_request_at: float = 0.0

    def get_json(self, url: str, params: dict[str, str] | None = None) -> Any:
        """Parsed JSON body of ``GET url``; raises a :class:`FeedError` subclass on failure.

        429 waits for ``Retry-After`` (capped); 5xx, timeouts and connection errors back
        off exponentially; other 4xx, HTML bodies and malformed JSON fail at once.
        """
        pol = self.policy
        for attempt in range(pol.attempts):
            outcome = self._try_once(url, params)
            if isinstance(outcome, _Ok):
                return outcome.value
            if attempt + 1 == pol.attempts:
                raise outcome.error
            self.retries += 1
            backoff = min(pol.max_backoff_seconds, pol.backoff_seconds * (2**attempt))
            wait = outcome.retry_after
            self.sleep(min(pol.max_retry_after_seconds, wait) if wait is not None else backoff)
        raise AssertionError("unreachable")

    def _try_once(self, url: str, params: dict[str, str] | None) -> _Ok | _Retry:
        """One HTTP try: ``_Ok``, ``_Retry``, or raise a non-retryable :class:`FeedError`."""
        pol = self.policy
        gap = pol.min_interval_seconds - (time.monotonic() - self._last_request_at)
        if gap > 0:
            self.sleep(gap)
        self.requests_made += 1
        self._last_request_at = time.monotonic()
        try:
            resp = self.session.get(url, params=params, timeout=pol.timeout_seconds,
                                    headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        except requests.Timeout as exc:
            return _Retry(TransportError(f"timeout after {pol.timeout_seconds}s from {url}: {exc.__class__.__name__}"))
        except requests.RequestException as exc:
            return _Retry(TransportError(f"connection failure for {url}: {exc.__class__.__name__}: "
                                         f"{_snippet(str(exc))}"))
        where = resp.url or url
        if resp.status_code == 429:
            wait = _retry_after_seconds(resp.headers.get("Retry-After"))
            return _Retry(HttpStatusError(where, 429, "too many requests"), wait)
        if resp.status_code >= 500:
            return _Retry(HttpStatusError(where, resp.status_code, _snippet(resp.text)))
        body = resp.text
        if resp.status_code >= 400:
            raise HttpStatusError(where, resp.status_code, _snippet(body))
        ctype = resp.headers.get("Content-Type", "")
        if "html" in ctype.lower() or body.lstrip()[:1] == "<":
            # A WAF or proxy error page served with 200: never mistake it for data.
            raise NotJsonError(f"HTML instead of JSON from {where} "
                               f"(Content-Type {ctype or 'missing'}): {_snippet(body)}")
        try:
            # Depth-limited: a reply nested thousands deep would raise RecursionError, which no caller expects.
            return _Ok(safejson.loads(body))
        except ValueError as exc:
            raise NotJsonError(f"malformed JSON from {where}: {exc}; "
                               f"body starts {_snippet(body, 60)!r}") from None


@dataclass(frozen=True)
class _Ok:
    value: Any


@dataclass(frozen=True)
class _Retry:
    error: FeedError
    retry_after: float | None = None


def make_session() -> requests.Session:
    """A plain session; connection reuse keeps a nightly run cheap."""
    return requests.Session()
