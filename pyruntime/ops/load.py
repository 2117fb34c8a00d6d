"""Loading your own data: Octopus, Bright (Glowmarkt), files; gas units; the device snapshot.

Ops (payload → result):

``load_octopus``    ``{account_number, api_key, now}`` → summary
``load_glowmarkt``  ``{username, password, now}`` → summary
``load_file``       ``{name, fuel?, mapping?, timezone?}`` + bytes → summary (``NeedsMapping`` error when
                    unrecognised; ``NeedsTimezone`` when only the user can say if times are UK clock time or UTC)
``set_gas_unit``    ``{unit: "m3"|"kWh", calorific_value}`` → summary
``data_summary``    ``{source}`` → summary of the household loaded from ``source``
``export_snapshot`` → ``{snapshot}`` (text for IndexedDB; never a credential)
``import_snapshot`` ``{snapshot}`` → summary

``now`` is the page's clock [s, UTC] (Python never reads the clock). A
summary is ``{source, region, label, fuels, warnings, gas, provider, files}``.
Bright credentials live in this call's locals only. The Octopus account
number and key are also kept in the session's memory after a successful load,
so the user can later ask for their statements (:mod:`.statements`); they are
dropped on forget, on loading other data, or when the tab closes. The
provider base URLs come from this site's ``config.json`` (handed to the
worker once at start-up, see :attr:`pyruntime.session.Session.provider_bases`),
never from an op's payload, so a key can only go to the provider the site
was built for.
"""

from __future__ import annotations

from typing import Any

from ..errors import BadInput, BadRequest, NotLoaded
from ..fileformats import ImportFailure
from ..fileformats import loader as files
from ..fileformats.text import EMPTY
from ..household import Household, gas, snapshot
from ..household.stored import warning_plain
from ..providers import glowmarkt as glow
from ..providers import octopus
from ..providers.errors import KINDS, ProviderError
from ..providers.glowmarkt_loader import load_glowmarkt as _load_glowmarkt
from ..providers.octopus_loader import load_octopus as _load_octopus
from ..providers.octopus_statements import OctopusSignIn
from ..typednumber import MJ_PER_M3, NumberRefused, read_number
from . import OpContext
from .core import household_summary


def _text(payload: dict, key: str, what: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"Enter your {what}.")
    return value


def _now(payload: dict) -> int:
    now = payload.get("now")
    if not isinstance(now, int | float) or isinstance(now, bool) or not 1_500_000_000 < now < 4_000_000_000:
        raise BadRequest("the page must say what time it is (now, in seconds since 1970)")
    return int(now)


def api_base(ctx: OpContext, key: str, suffix: str) -> str:
    """The provider's API root from this site's settings, e.g. ``https://api.octopus.energy/v1/``."""
    base = str(ctx.session.provider_bases.get(key) or "").rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise BadRequest(f"this site has no address for the {key.removesuffix('_api')} API")
    return (base if base.endswith(suffix) else base + suffix) + "/"


def summary(household: Household) -> dict:
    """What the page shows about the data loaded: fuels, warnings and the gas unit decision."""
    out = household_summary(household)
    facts = household.facts
    g = facts.gas_unit
    out.update(
        provider=facts.provider,
        warnings=[warning_plain(w) for w in facts.warnings],
        files=dict(facts.files),
        gas=None if g is None else {
            "unit": g.unit,
            "decided_by": g.decided_by,
            "calorific_value": g.calorific_value,
            "confident": g.detected.confident,
            "statement": gas.statement(g),
        },
    )
    return out


def _progress(ctx: OpContext):
    def report(label: str, done: int = 0, total: int = 0, **extra: Any) -> None:
        ctx.report_progress(label, done, total, **extra)

    return report


UNFINISHED_KINDS = frozenset({"partial_history", *KINDS} - {"no_data"})
"""Load warnings that say a provider load did not finish: a history stopped partway, or a meter's failure (a meter
with no readings at all, ``no_data``, is the account's own state, not an unfinished load)."""


def keep_loaded_over_unfinished(ctx: OpContext, household: Household, provider: str) -> None:
    """Raise rather than let a provider load that did not finish replace data already loaded.

    A load replaces the household whole: a Bright load cut off by an outage after two months would otherwise leave a
    user who had a year's file loaded with the two months. Nothing loaded yet: the part that arrived is shown, with
    its warnings saying what is missing."""
    if ctx.session.household is None:
        return
    unfinished = [w for w in household.facts.warnings if w.kind in UNFINISHED_KINDS]
    if not unfinished:
        return
    kind = next((w.kind for w in unfinished if w.kind in KINDS), "incomplete")
    said = " ".join(w.message if w.message.endswith(".") else w.message + "." for w in unfinished)
    raise ProviderError(kind, f"Loading from {provider} did not finish: {said} The data you had loaded is kept, not "
                              "replaced by part of your history; try again later.")


async def load_octopus(ctx: OpContext) -> dict:
    p = ctx.payload
    account_number = _text(p, "account_number", "Octopus account number")
    api_key = _text(p, "api_key", "Octopus API key")
    household = await _load_octopus(
        ctx.session.transport,
        base=api_base(ctx, "octopus_api", "/v1"),
        account_number=account_number,
        api_key=api_key,
        now=_now(p),
        sleep=ctx.session.sleep,
        progress=_progress(ctx),
    )
    keep_loaded_over_unfinished(ctx, household, octopus.NAME)
    ctx.session.replace(household)
    ctx.session.octopus_sign_in = OctopusSignIn(account_number.strip().upper(), api_key.strip())
    ctx.session.statements = None
    return summary(household)


async def load_glowmarkt(ctx: OpContext) -> dict:
    p = ctx.payload
    username = _text(p, "username", "Bright email address")
    password = _text(p, "password", "Bright password")
    household = await _load_glowmarkt(
        ctx.session.transport,
        base=api_base(ctx, "glowmarkt_api", "/api/v0-1"),
        username=username,
        password=password,
        now=_now(p),
        sleep=ctx.session.sleep,
        progress=_progress(ctx),
        concurrency=ctx.session.concurrency,
    )
    keep_loaded_over_unfinished(ctx, household, glow.NAME)
    ctx.session.replace(household)
    return summary(household)


def _bytes(ctx: OpContext) -> bytes:
    if not ctx.data:
        raise ImportFailure(EMPTY)
    return ctx.data


async def load_file(ctx: OpContext) -> dict:
    p = ctx.payload
    fuel = p.get("fuel") or None
    if fuel is not None and not isinstance(fuel, str):
        raise ImportFailure("Choose what the readings are: electricity import, electricity export or gas.")
    household = files.load_file(
        ctx.session.household,
        _bytes(ctx),
        name=str(p.get("name") or ""),
        fuel=fuel,
        mapping=files.mapping_from(p.get("mapping")),
        timezone=p.get("timezone") if p.get("timezone") in ("Europe/London", "UTC") else None,
    )
    ctx.session.replace(household)
    return summary(household)


def _loaded(ctx: OpContext) -> Household:
    household = ctx.session.household
    if household is None or household.source not in snapshot.SOURCES:
        raise NotLoaded("no data is loaded; load your data first")
    return household


async def set_gas_unit(ctx: OpContext) -> dict:
    p = ctx.payload
    try:
        cv = read_number(p.get("calorific_value", gas.DEFAULT_CALORIFIC_VALUE), MJ_PER_M3)
    except NumberRefused as refused:
        raise BadInput(_calorific_value_refused(refused)) from None
    household = gas.rechoose(_loaded(ctx), str(p.get("unit")), cv)
    ctx.session.replace(household)
    return summary(household)


def _calorific_value_refused(refused: NumberRefused) -> str:
    """What to say when the typed calorific value cannot be read: what to give, and what was typed."""
    if refused.wrong_unit:  # "39.5 kWh", "£39,5": the message already names the unit to give
        return f"{str(refused)[:1].upper()}{str(refused)[1:]}."
    asked = "The calorific value must be a number in MJ/m³, usually about 39.5 (your gas bill shows it)"
    if not refused.text:
        return f"{asked}."
    comma = f"write it with a decimal point, e.g. {refused.decimal_comma}, " if refused.decimal_comma else ""
    return f"{asked}: {comma}not “{refused.text}”."


async def data_summary(ctx: OpContext) -> dict:
    return summary(ctx.session.use(str(ctx.payload.get("source") or "")))


async def export_snapshot(ctx: OpContext) -> dict:
    return {"snapshot": snapshot.export_snapshot(_loaded(ctx))}


async def import_snapshot(ctx: OpContext) -> dict:
    household = snapshot.import_snapshot(ctx.payload.get("snapshot"))
    ctx.session.replace(household)
    return summary(household)


OPS = {
    "load_octopus": load_octopus,
    "load_glowmarkt": load_glowmarkt,
    "load_file": load_file,
    "set_gas_unit": set_gas_unit,
    "data_summary": data_summary,
    "export_snapshot": export_snapshot,
    "import_snapshot": import_snapshot,
}
