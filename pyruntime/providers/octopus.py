"""Octopus Energy REST API (sans-I/O): account, meters, tariffs, consumption.

Reference: https://developer.octopus.energy/rest/reference. Auth is HTTP Basic with the API key as the user name and an
empty password; the key goes only into the ``Authorization`` header of
requests to the Octopus origin.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from ..fileformats.model import Channel, Conventions, Row
from ..fileformats.safejson import finite_number_or_text
from ..household.facts import StitchReport, TariffAgreement
from ..timeseries.isotime import london_candidates, parse_stamp
from ..timeseries.londontime import isoformat_utc
from .errors import ProviderError, malformed, no_data, read_json
from .http import HttpRequest, HttpResponse
from .readings_channel import readings_channel

NAME = "Octopus Energy"
BASE = "https://api.octopus.energy/v1/"
CREDENTIALS = "account number and API key"
PAGE_SIZE = 25000  # [half-hours] the API's maximum page, about 520 days

_ACCOUNT = re.compile(r"^[A-Z]-[0-9A-Z]{6,10}$")
_KEY = re.compile(r"^[A-Za-z0-9_\-]{8,100}$")
_MPXN = re.compile(r"^[0-9A-Za-z_]{1,20}$")


def _bad_input(message: str, field: str) -> ProviderError:
    return ProviderError("auth", message, field=field)


def normalise_account_number(account_number: str) -> str:
    """``"a-1b2c3d4e "`` → ``"A-1B2C3D4E"``; refuses anything that is not an account number."""
    acct = account_number.strip().upper()
    if not _ACCOUNT.match(acct):
        raise _bad_input(
            "That does not look like an Octopus account number. It starts with A- followed by 8 letters and "
            "digits, like A-1B2C3D4E, and is shown at the top of your Octopus dashboard.",
            "account_number",
        )
    return acct


def basic_auth(api_key: str) -> str:
    """The ``Authorization`` header value for ``api_key`` (key as user name, empty password)."""
    key = api_key.strip()
    if not _KEY.match(key):
        raise _bad_input(
            "That does not look like an Octopus API key. Copy the whole key (it starts with sk_live_) from the "
            "API access page of your Octopus account.",
            "api_key",
        )
    return "Basic " + base64.b64encode(f"{key}:".encode()).decode("ascii")


def account_request(base: str, account_number: str, api_key: str) -> HttpRequest:
    """``GET {base}accounts/{account_number}/`` with the key in the ``Authorization`` header."""
    acct = normalise_account_number(account_number)
    return HttpRequest(
        "GET",
        f"{_slash(base)}accounts/{acct}/",
        {"Authorization": basic_auth(api_key)},
        label="your Octopus account",
    )


def _slash(base: str) -> str:
    return base if base.endswith("/") else base + "/"


@dataclass(frozen=True, slots=True)
class MeterPoint:
    """An MPAN or MPRN with its meters (current and replaced) and tariff history.

    kind : ``"electricity"`` (import), ``"export"`` or ``"gas"``.
    serials : meter serial numbers in the account's order, without repeats.
    kind_reason : how we know an electricity point is import or export.
    """

    kind: str
    mpxn: str
    serials: tuple[str, ...]
    agreements: tuple[TariffAgreement, ...]
    kind_reason: str = ""

    @property
    def region(self) -> str | None:
        """Region letter of the most recent agreement with one (``None`` if unknown)."""
        for a in sorted(self.agreements, key=_agreement_order, reverse=True):
            if a.region:
                return a.region
        return None



def _agreement_order(a: TariffAgreement) -> tuple[int, int]:
    return (a.valid_from or 0, a.valid_to if a.valid_to is not None else 1 << 40)


@dataclass(frozen=True, slots=True)
class Account:
    """The meter points of the property the customer lives in now (or most recently)."""

    number: str
    meter_points: tuple[MeterPoint, ...]
    moved_in_at: int | None
    other_properties: int

    @property
    def region(self) -> str | None:
        for kind in ("electricity", "gas", "export"):
            for p in self.meter_points:
                if p.kind == kind and p.region:
                    return p.region
        return None



def _instant(value: object) -> int | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        t, aware = parse_stamp(value)
    except ValueError:
        return None
    if not aware:
        # The API documents offsets on every datetime; a bare one is London time, but we never expect it.
        cands = london_candidates(t)
        return cands[0] if cands else None
    return t


def parse_account(resp: HttpResponse) -> Account:
    """Meter points, meters and agreements of the customer's current property.

    Raises :class:`ProviderError` for an HTTP error, an unreadable reply, or
    an account with no meter points. Addresses are read past, never kept.
    """
    doc = read_json(resp, NAME, "account number", credentials=CREDENTIALS)
    if not isinstance(doc, dict) or not isinstance(doc.get("properties"), list):
        raise malformed(NAME)
    props = [p for p in doc["properties"] if isinstance(p, dict)]
    if not props:
        raise ProviderError("no_data", "This Octopus account has no properties with meters.")
    current = [p for p in props if p.get("moved_out_at") is None] or props
    prop = max(current, key=lambda p: _instant(p.get("moved_in_at")) or 0)
    points = [*_electricity_points(prop.get("electricity_meter_points")), *_gas_points(prop.get("gas_meter_points"))]
    if not points:
        raise no_data(NAME, "account (it lists no electricity or gas meters)")
    return Account(
        number=str(doc.get("number", "")),
        meter_points=tuple(points),
        moved_in_at=_instant(prop.get("moved_in_at")),
        other_properties=len(props) - 1,
    )


def _agreements(raw: object) -> tuple[TariffAgreement, ...]:
    out = [
        TariffAgreement(a["tariff_code"], _instant(a.get("valid_from")), _instant(a.get("valid_to")))
        for a in (raw if isinstance(raw, list) else [])
        if isinstance(a, dict) and isinstance(a.get("tariff_code"), str)
    ]
    return tuple(sorted(out, key=_agreement_order))


def _serials(raw: object) -> tuple[str, ...]:
    seen: list[str] = []
    for m in raw if isinstance(raw, list) else []:
        serial = m.get("serial_number") if isinstance(m, dict) else None
        if isinstance(serial, str) and serial.strip() and serial.strip() not in seen:
            seen.append(serial.strip())
    return tuple(seen)


def _electricity_points(raw: object) -> Iterable[MeterPoint]:
    for p in raw if isinstance(raw, list) else []:
        if not isinstance(p, dict) or not isinstance(p.get("mpan"), str):
            continue
        agreements = _agreements(p.get("agreements"))
        if isinstance(p.get("is_export"), bool):
            export, why = p["is_export"], "the account marks it as " + ("export" if p["is_export"] else "import")
        elif any("OUTGOING" in a.tariff_code or "EXPORT" in a.tariff_code for a in agreements):
            export, why = True, "its tariff is an export (Outgoing) tariff"
        else:
            export, why = False, "assumed import: the account does not say and the tariff is not an export tariff"
        yield MeterPoint("export" if export else "electricity", p["mpan"], _serials(p.get("meters")), agreements, why)


def _gas_points(raw: object) -> Iterable[MeterPoint]:
    for p in raw if isinstance(raw, list) else []:
        if isinstance(p, dict) and isinstance(p.get("mprn"), str):
            yield MeterPoint("gas", p["mprn"], _serials(p.get("meters")), _agreements(p.get("agreements")))


def consumption_request(
    base: str,
    kind: str,
    mpxn: str,
    serial: str,
    period_from: int,
    period_to: int,
    *,
    api_key: str,
    page_size: int = PAGE_SIZE,
) -> HttpRequest:
    """Half-hourly readings of one meter for ``[period_from, period_to)`` [s, UTC], oldest first."""
    if not _MPXN.match(mpxn) or not _MPXN.match(serial):
        raise malformed(NAME)
    path = "gas-meter-points" if kind == "gas" else "electricity-meter-points"
    what = {"gas": "Gas", "export": "Electricity export"}.get(kind, "Electricity")
    return HttpRequest(
        "GET",
        f"{_slash(base)}{path}/{mpxn}/meters/{serial}/consumption/",
        {"Authorization": basic_auth(api_key)},
        {
            "period_from": isoformat_utc(period_from),
            "period_to": isoformat_utc(period_to),
            "page_size": str(page_size),
            "order_by": "period",
        },
        label=f"{what.lower()} meter",  # never the serial: the label reaches messages the user may share
    )


def next_request(previous: HttpRequest, next_url: str) -> HttpRequest:
    """The request for a ``next`` link: same credentials, only ever to the same origin.

    A ``next`` link pointing elsewhere is refused, so the key can never be
    sent to a host other than the provider's.
    """
    parts = urlsplit(next_url)
    if f"{parts.scheme}://{parts.netloc}" != previous.origin or parts.scheme not in ("https", "http"):
        raise malformed(NAME)
    return HttpRequest(previous.method, next_url, dict(previous.headers), label=previous.label)


@dataclass(frozen=True, slots=True)
class ConsumptionPage:
    """One page of readings: ``[(interval start [s, UTC], value)]`` plus paging facts."""

    readings: tuple[tuple[int, float], ...]
    next_url: str | None
    count: int
    skipped: int


def parse_consumption_page(resp: HttpResponse, what: str = "meter") -> ConsumptionPage:
    """Readings from one consumption response; rows that are not a 30-minute interval are skipped."""
    doc = read_json(resp, NAME, what, credentials=CREDENTIALS)
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
        raise malformed(NAME)
    readings = []
    skipped = 0
    for r in doc["results"]:
        try:
            start, a1 = parse_stamp(str(r["interval_start"]))
            end, a2 = parse_stamp(str(r["interval_end"]))
            value = r["consumption"]
            if not (a1 and a2) or end - start != 1800 or start % 1800:
                raise ValueError  # not a half-hour on the grid the readings are kept on
            kwh = finite_number_or_text(value)  # NaN, Infinity, True, "nan": never a reading, never summed
            if kwh is None:
                raise ValueError
            readings.append((start, kwh))
        except (KeyError, TypeError, ValueError):
            skipped += 1
    nxt = doc.get("next")
    count = doc.get("count")
    return ConsumptionPage(
        tuple(readings),
        nxt if isinstance(nxt, str) and nxt else None,
        # A count no meter's history can hold (2 ** 24 half-hours is 950 years) is not believed.
        count if type(count) is int and 0 <= count < 1 << 24 else len(readings),
        skipped,
    )


def stitch_meters(histories: Mapping[str, Iterable[tuple[int, float]]]) -> tuple[list[tuple[int, float]], StitchReport]:
    """One history from several meters on the same meter point.

    For each half-hour the newest meter (the one whose readings start
    latest) that has a reading wins; an older meter fills the half-hours
    the newer one lacks, e.g. before it was fitted. Overlaps are counted.
    """
    by_serial = {s: dict(r) for s, r in histories.items()}
    ordered = sorted((s for s in by_serial if by_serial[s]), key=lambda s: min(by_serial[s]), reverse=True)
    merged: dict[int, float] = {}
    overlaps = disagreements = 0
    for serial in ordered:
        for t, v in by_serial[serial].items():
            if t in merged:
                overlaps += 1
                disagreements += merged[t] != v
            else:
                merged[t] = v
    notes = []
    if len(ordered) > 1:
        notes.append(
            f"Readings from {len(ordered)} meters were joined (a meter was replaced); where both reported the "
            "same half-hour, the newer meter's reading was used."
        )
    empty = [s for s in by_serial if not by_serial[s]]
    if empty:
        notes.append(f"{len(empty)} meter(s) on this supply had no readings.")
    return sorted(merged.items()), StitchReport(tuple(ordered), overlaps, disagreements, tuple(notes))


def consumption_channel(kind: str, readings: Iterable[tuple[int, float]]) -> Channel:
    """Stitched readings to a :class:`Channel` with the importers' report (duplicates, sentinels, gaps).

    Gas is returned in the API's number, which is m³ from SMETS2 meters and kWh from SMETS1 ones, and
    neither the readings nor the account say which meter it is: its unit is judged from the readings'
    size (:func:`pyruntime.providers.readings_channel.readings_channel`).
    """
    rows = [Row(i + 1, t, True, v) for i, (t, v) in enumerate(readings)]
    if not rows:
        raise no_data(NAME, {"gas": "gas meter", "export": "export meter"}.get(kind, "electricity meter"))
    return readings_channel(kind, rows, partial(_conventions, kind))


def _conventions(kind: str, unit: str, why_m3: str = "") -> Conventions:
    if kind != "gas":
        reason = "Octopus reports electricity in kWh"
    elif unit == "m3":
        reason = (f"Octopus gives no unit for gas: SMETS2 meters report m³, SMETS1 meters kWh; taken as m³ "
                  f"from the readings' size ({why_m3})")
    else:
        reason = ("Octopus gives no unit for gas: SMETS2 meters report m³, SMETS1 meters kWh; taken as kWh "
                  "from the readings' size (see the gas units check)")
    return Conventions("octopus_api", "Octopus Energy account", kind, unit, "start", "UTC", unit_reason=reason,
                       timezone_reason="every time carries its UTC offset",
                       stamp_reason="the API gives the start and end of each half-hour")
