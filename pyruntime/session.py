"""What the worker holds for one browser tab: the user's household, the demo, and feed files fetched.

The demo is held beside the user's household, never in its place, so a look
at the demo (the header's link, "Try the demo") and Back again finds the
user's data still loaded. Everything here lives in worker memory only. ``forget`` drops it all,
including any credential a loader kept for follow-up requests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from .errors import FeedUnavailable, NotLoaded
from .fileformats import safejson
from .household import Household, demo
from .providers.http import HttpRequest, HttpResponse
from .whatif.memory import LabMemory


class Transport(Protocol):
    async def send(self, request: HttpRequest) -> HttpResponse: ...


class Session:
    """State of this tab's worker."""

    def __init__(self) -> None:
        self.household: Household | None = None  # the user's own data (octopus, glowmarkt or file); never the demo
        self.demo: Household | None = None  # made on first view of the demo, kept beside the user's household
        self.transport: Transport | None = None
        self.sleep: Callable[[float], Awaitable[None]] | None = None
        self.site_root = ""
        # Provider API roots from this site's config.json, handed over by the page at
        # start-up (``{"octopus_api": url, "glowmarkt_api": url}``); never from an op's payload.
        self.provider_bases: dict[str, str] = {}
        self.feed_cache: dict[str, Any] = {}
        # Requests a loader may have in flight at once; the browser edge raises it
        # (it has a real event loop), tests and CPython callers keep one.
        self.concurrency = 1
        # The Octopus account number, API key and GraphQL token, kept after an Octopus load so the
        # user can ask for their statements later (``OctopusSignIn``); memory only, never stored.
        self.octopus_sign_in: Any = None
        self.statements: tuple | None = None  # the account's statements, once the user asked for them
        self.lab = LabMemory()  # what the what-if lab keeps between runs, so one changed setting re-prices quickly

    def use(self, source: str) -> Household:
        """The household from ``source``: the demo (made on demand), or the user's when it came from ``source``."""
        if source == "demo":
            if self.demo is None:
                self.demo = demo()
            return self.demo
        if self.household is None or self.household.source != source:
            raise NotLoaded(f"no data is loaded for source “{source}”; load it first")
        return self.household

    def replace(self, household: Household) -> None:
        """Swap in a newly loaded household, all at once (never half-loaded).

        The user's data only: the demo is held apart (see :meth:`use`). Data from anywhere but Octopus
        drops the Octopus sign-in and statements: they belong to that account.
        """
        self.household = household
        # The lab keeps runs keyed by the series they were made from (by ``id``): a freed household's ids may be
        # reused by the new one's, so what was kept goes with it.
        self.lab = LabMemory()
        if household.source != "octopus":
            self.octopus_sign_in = None
            self.statements = None

    def forget(self) -> None:
        """Drop the user's household and the demo, every cached file, the Octopus sign-in and statements, what the
        lab kept. The transport holds no secret."""
        self.household = None
        self.demo = None
        self.feed_cache.clear()
        self.octopus_sign_in = None
        self.statements = None
        self.lab = LabMemory()

    async def feed_json(self, path: str) -> Any:
        """A JSON file from this site's ``feeds/`` (cached for the session), e.g. ``"feeds/v1/index.json"``."""
        if path in self.feed_cache:
            return self.feed_cache[path]
        if self.transport is None:
            raise FeedUnavailable("price and carbon feeds cannot be fetched here (no transport installed)")
        try:
            response = await self.transport.send(HttpRequest("GET", self.site_root + path, label=path))
        except Exception as exc:
            raise FeedUnavailable(f"{path} could not be downloaded from this site") from exc
        if response.status != 200:
            raise FeedUnavailable(f"{path} could not be downloaded from this site (HTTP {response.status})")
        try:
            doc = safejson.loads(response.body)
        except ValueError as exc:
            raise FeedUnavailable(f"{path} is not valid JSON") from exc
        self.feed_cache[path] = doc
        return doc
