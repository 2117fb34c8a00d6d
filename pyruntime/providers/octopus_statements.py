"""Fetch an Octopus account's statements over GraphQL, once, when the user asks.

One token request (skipped while the last token is fresh) and a few pages of
statements, newest first, stopping once statements end before ``since``.
Nothing is retried in a loop: Octopus's GraphQL budget is per IP address
and shared with the Octopus app, so a rate limit is reported at once with
when to try again. The one exception is an expired token, renewed once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import octopus_graphql as gql
from .errors import ProviderError
from .octopus import NAME
from .paging import Transport, send_once

MAX_PAGES = 12  # [pages] about four years of monthly statements at PAGE_SIZE a page


@dataclass
class OctopusSignIn:
    """What the worker keeps, in memory only, to ask Octopus again on request: never stored, logged or shown."""

    account_number: str
    api_key: str = field(repr=False)
    token: gql.KrakenToken | None = field(default=None, repr=False)


async def _token(transport: Transport, base: str, sign_in: OctopusSignIn, now: int) -> gql.KrakenToken:
    if sign_in.token is None or not sign_in.token.fresh(now):
        sign_in.token = gql.parse_token(await send_once(transport, gql.token_request(base, sign_in.api_key), NAME), now)
    return sign_in.token


async def get_statements(transport: Transport, *, base: str, sign_in: OctopusSignIn, now: int,
                         since: dt.date | None = None) -> tuple[gql.Statement, ...]:
    """The account's statements, newest first, back to the first one that ends before ``since``.

    ``base`` is the REST root (``https://api.octopus.energy/v1/``); ``now`` [s, UTC] decides whether the
    token held in ``sign_in`` is still fresh. Raises :class:`ProviderError`.
    """
    out: list[gql.Statement] = []
    seen: set[str] = set()
    after: str | None = None
    renewed = False
    for _ in range(MAX_PAGES):
        token = await _token(transport, base, sign_in, now)
        try:
            page = gql.parse_statements_page(
                await send_once(transport, gql.statements_request(base, token, sign_in.account_number, after), NAME))
        except ProviderError as err:
            if err.kind != "token_expired" or renewed:
                raise
            sign_in.token, renewed = None, True  # renew once, then ask for the same page again
            continue
        for statement in page.statements:  # a statement sent twice (a page that repeats) is counted once
            if not (statement.id and statement.id in seen):
                out.append(statement)
                seen.add(statement.id)
        ended = [s.last_day for s in page.statements if s.last_day is not None]
        if page.next_cursor in (None, after) or (since is not None and ended and min(ended) < since):
            break  # the last page, far enough back, or a cursor that does not move on
        after = page.next_cursor
    return tuple(out)
