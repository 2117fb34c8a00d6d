"""Octopus statements beside our bills, on request.

Op (payload → result):

``check_statements``  ``{now, fetch, account_number?, api_key?}`` →
    ``{checked: false, signed_in}`` when not asked yet (``fetch`` false and nothing fetched), else
    ``{checked: true, blocks, summary}`` (see :mod:`pyruntime.present.statements`).

Only ``fetch: true`` (the user pressed the button) asks Octopus; otherwise the
statements fetched earlier in this tab are shown again, or nothing. The sign-in
kept from the Octopus load is used; without one (data restored from this
device) the page sends the account number and key once, and they are kept
in worker memory like a load's. A failure leaves the statements fetched
before, and the loaded data, as they were.
"""

from __future__ import annotations

from ..present.statements import statements_view
from ..providers.errors import ProviderError
from ..providers.octopus_statements import OctopusSignIn, get_statements
from ..timeseries.aggregate import series_days
from . import OpContext
from .load import _now, api_base


async def check_statements(ctx: OpContext) -> dict:
    session, p = ctx.session, ctx.payload
    household = session.use("octopus")
    if p.get("fetch") is True:
        key, acct = p.get("api_key"), p.get("account_number")
        if isinstance(key, str) and key.strip() and isinstance(acct, str) and acct.strip():
            session.octopus_sign_in = OctopusSignIn(acct.strip().upper(), key.strip())
        if session.octopus_sign_in is None:
            raise ProviderError("needs_key", "To read your statements, enter your Octopus account number and API key "
                                             "again: this data was restored from this device, without the key.")
        spans = [span for f in household.fuels() if (span := series_days(household.series[f]))]
        ctx.report_progress("Asking Octopus Energy for your statements", 0, 0)
        try:
            session.statements = await get_statements(
                session.transport,
                base=api_base(ctx, "octopus_api", "/v1"),
                sign_in=session.octopus_sign_in,
                now=_now(p),
                since=min(s[0] for s in spans) if spans else None,
            )
        except ProviderError as err:
            if err.kind == "auth":  # a refused key is not worth keeping: the page asks for it again
                session.octopus_sign_in = None
            raise
    if session.statements is None:
        return {"checked": False, "signed_in": session.octopus_sign_in is not None}
    return {"checked": True, **await statements_view(session, household, session.statements)}


OPS = {"check_statements": check_statements}
