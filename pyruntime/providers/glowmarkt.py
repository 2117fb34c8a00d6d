"""Glowmarkt / Bright API (sans-I/O): token, resources, half-hourly readings.

Documented in Hildebrand's "Glowmarkt API Data Retrieval Documentation for Individual User
for Bright" v1.6 (https://docs.glowmarkt.com/GlowmarktAPIDataRetrievalDocumentationIndividualUserForBright.pdf).
Uncertain points, taken from open-source clients (glowmarkt-rs, pyglowmarkt) rather than that document:
* the maximum window per readings call for PT30M is 10 days (from client
  libraries, not documentation), so :data:`MAX_WINDOW_DAYS` is 10;
* ``nulls=1`` is said to return ``null`` for missing half-hours instead of
  0; we send it, and treat ``null`` as a gap. If ignored, gaps arrive as 0;
* whether the API allows browser (CORS) requests is unverified.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..fileformats.safejson import finite_number_or_text
from ..timeseries.londontime import HALF_HOUR, isoformat_utc
from .errors import ProviderError, malformed, read_json
from .http import HttpRequest, HttpResponse

NAME = "Glowmarkt (Bright)"
BASE = "https://api.glowmarkt.com/api/v0-1/"
APPLICATION_ID = "b0f1b774-a586-4f72-9edd-27ead8aa7a8d"  # the public Bright application id
CREDENTIALS = "Bright username and password"
MAX_WINDOW_DAYS = 10  # [days] per PT30M readings call (client libraries; unverified)

RESOURCE_TYPES = {
    "e3a5db34-6e0c-4221-9653-8d33e27511ba": "electricity.consumption",
    "08ab415f-d851-423f-adf4-c2b1e0529e27": "gas.consumption",
}
FUEL_OF = {"electricity.consumption": "electricity", "gas.consumption": "gas", "electricity.export": "export"}


def _slash(base: str) -> str:
    return base if base.endswith("/") else base + "/"


def auth_request(base: str, username: str, password: str) -> HttpRequest:
    """``POST {base}auth`` with the credentials in the JSON body (never the URL)."""
    if not username.strip() or not password:
        raise ProviderError("auth", "Enter the email address and password you use for the Bright app.",
                            field="username" if not username.strip() else "password")
    return HttpRequest(
        "POST",
        f"{_slash(base)}auth",
        {"applicationId": APPLICATION_ID, "Content-Type": "application/json"},
        body=json.dumps({"username": username.strip(), "password": password}),
        label="your Bright account",
    )


@dataclass(frozen=True)
class Token:
    """A session token and its expiry [s, UTC]; the repr hides the token."""

    token: str = field(repr=False)
    exp: int | None = None


def parse_token(resp: HttpResponse) -> Token:
    """The token from an auth response; a refusal (401, or 200 with ``valid: false``) is an auth error."""
    bad = ProviderError("auth", f"{NAME} did not accept your {CREDENTIALS}. Check them in the Bright app.")
    if resp.status in (401, 403):
        raise bad
    doc = read_json(resp, NAME, "account", credentials=CREDENTIALS)
    if not isinstance(doc, dict) or doc.get("valid") is not True or not isinstance(doc.get("token"), str):
        raise bad
    exp = doc.get("exp")
    return Token(doc["token"], exp if isinstance(exp, int) else None)


def _headers(token: Token) -> dict[str, str]:
    return {"applicationId": APPLICATION_ID, "token": token.token}


def resources_request(base: str, token: Token) -> HttpRequest:
    """``GET {base}virtualentity``: the user's meters and their resources."""
    return HttpRequest("GET", f"{_slash(base)}virtualentity", _headers(token), label="your meters")


@dataclass(frozen=True, slots=True)
class Resource:
    resource_id: str
    fuel: str
    classifier: str

    def to_json(self) -> dict:
        return {"resource_id": self.resource_id, "fuel": self.fuel, "classifier": self.classifier}


def parse_resources(resp: HttpResponse) -> list[Resource]:
    """Electricity and gas consumption (and export) resources, from virtual entities or a resource list."""
    doc = read_json(resp, NAME, "meters", credentials=CREDENTIALS)
    if not isinstance(doc, list):
        raise malformed(NAME)
    items = []
    for entry in doc:
        if isinstance(entry, dict) and isinstance(entry.get("resources"), list):
            items.extend(r for r in entry["resources"] if isinstance(r, dict))
        elif isinstance(entry, dict):
            items.append(entry)
    out = []
    for r in items:
        classifier = r.get("classifier")
        if not isinstance(classifier, str) or not classifier:  # a list or object here is no classifier (unhashable)
            classifier = RESOURCE_TYPES.get(str(r.get("resourceTypeId")), "")
        fuel = FUEL_OF.get(classifier)
        if fuel and isinstance(r.get("resourceId"), str) and r["resourceId"].replace("-", "").isalnum():
            out.append(Resource(r["resourceId"], fuel, classifier))
    if not out:
        raise ProviderError(
            "no_data",
            f"{NAME} lists no electricity or gas meter for this account yet. Open the Bright app and check "
            "that your smart meter is connected.",
        )
    return out


def plan_readings_windows(first: int, last: int, max_days: int = MAX_WINDOW_DAYS) -> list[tuple[int, int]]:
    """``[(from, to)]`` windows [s, UTC] covering ``[first, last)``, each at most ``max_days`` long."""
    step = max_days * 86400
    first -= first % HALF_HOUR
    return [(t, min(t + step, last)) for t in range(first, last, step)]


def readings_request(base: str, token: Token, resource: Resource, start: int, end: int) -> HttpRequest:
    """Half-hourly readings for ``[start, end)`` [s, UTC]; the API's ``to`` is inclusive, hence ``end - 1``."""
    what = {"gas": "Gas", "export": "Electricity export"}.get(resource.fuel, "Electricity")
    return HttpRequest(
        "GET",
        f"{_slash(base)}resource/{resource.resource_id}/readings",
        _headers(token),
        {
            "from": isoformat_utc(start)[:-1],
            "to": isoformat_utc(end - 1)[:-1],
            "period": "PT30M",
            "offset": "0",
            "function": "sum",
            "nulls": "1",
        },
        label=what,
    )


def parse_readings(resp: HttpResponse) -> list[tuple[int, float | None]]:
    """``[(start [s, UTC], kWh or None)]`` from a readings response."""
    return parse_readings_counted(resp)[0]


def parse_readings_counted(resp: HttpResponse) -> tuple[list[tuple[int, float | None]], int]:
    """:func:`parse_readings` and how many items were no reading at all (not ``null``, not a number: skipped)."""
    doc = read_json(resp, NAME, "readings", credentials=CREDENTIALS)
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise malformed(NAME)
    out: list[tuple[int, float | None]] = []
    skipped = 0
    for item in doc["data"]:
        if not (isinstance(item, list) and len(item) == 2 and type(item[0]) is int and item[0] % HALF_HOUR == 0):
            skipped += 1  # not [start, value], or a start off the half-hour grid (type(): True is not a time)
            continue
        kwh = finite_number_or_text(item[1])  # a number, or text holding one, as in the Octopus reader
        skipped += kwh is None and item[1] is not None  # null is the API's gap; NaN, "nan", True and the like are not
        out.append((item[0], kwh))
    return out, skipped

