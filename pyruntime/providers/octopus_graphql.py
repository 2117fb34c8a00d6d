"""Octopus Energy's GraphQL (Kraken) API, sans-I/O: a token for the API key, then the account's statements.

Observed in public clients, not verified live (see README, "Checking against
your Octopus statements"): ``POST {base}graphql/`` (same origin as the REST
API); ``obtainKrakenToken(input: {APIKey})`` gives a JWT sent as the bare
``Authorization`` header; errors come back as HTTP 200 with
``errors[].extensions.errorCode`` (``KT-CT-1199`` too many requests: a
budget per IP address shared with the Octopus app, so this is asked only
when the user presses the button, and never retried in a loop).

Amounts are integers in pence. The key and the token travel only in a
request's body or ``Authorization`` header (both hidden from ``repr``) and
never appear in a message.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from dataclasses import dataclass, field

from ..fileformats import safejson
from .errors import ProviderError, error_for, malformed
from .http import HttpRequest, HttpResponse
from .octopus import NAME, basic_auth, normalise_account_number

CREDENTIALS = "API key"
PAGE_SIZE = 4  # [statements] per request: each carries up to 100 transactions, and Kraken limits query complexity
TRANSACTIONS = 100  # [transactions] per statement, as public clients ask
TOKEN_LIFETIME = 50 * 60  # [s] used when the token does not say; Kraken tokens last about 60 min

TOKEN_MUTATION = (
    "mutation($key:String!){ obtainKrakenToken(input:{APIKey:$key}){ token refreshExpiresIn } }"
)
STATEMENTS_QUERY = (
    "query($a:String!,$n:Int!,$after:String){ account(accountNumber:$a){ "
    "bills(first:$n, after:$after, includeHistoricStatements:true){ pageInfo{hasNextPage endCursor} "
    "edges{ node{ __typename id billType fromDate toDate issuedDate "
    "... on StatementType { consumptionStartDate consumptionEndDate openingBalance closingBalance "
    "totalCharges{netTotal taxTotal grossTotal} totalCredits{netTotal taxTotal grossTotal} "
    f"transactions(first:{TRANSACTIONS}){{ edges{{ node{{ __typename title postedDate amounts{{net tax gross}} "
    "isCredit ... on Charge { consumption { startDate endDate quantity unit } } } } } } } } } } }"
)

RATE_LIMITED = "KT-CT-1199"
TOKEN_EXPIRED = ("KT-CT-1139", "KT-CT-1124")
COMPLEXITY = ("KT-CT-1188", "KT-CT-1189")


def graphql_url(base: str) -> str:
    """``https://api.octopus.energy/v1/`` → ``https://api.octopus.energy/v1/graphql/``."""
    return (base if base.endswith("/") else base + "/") + "graphql/"


@dataclass(frozen=True, slots=True)
class KrakenToken:
    """A token for the GraphQL API and when to stop using it [s, UTC]. Its ``repr`` hides the token."""

    value: str = field(repr=False)
    expires_at: int

    def fresh(self, now: int) -> bool:
        return now < self.expires_at - 60


def token_request(base: str, api_key: str) -> HttpRequest:
    """The ``obtainKrakenToken`` mutation; the key goes in the JSON body as a variable, never in a URL."""
    basic_auth(api_key)  # refuses anything that is not shaped like a key, before it is sent anywhere
    body = json.dumps({"query": TOKEN_MUTATION, "variables": {"key": api_key.strip()}})
    return HttpRequest("POST", graphql_url(base), {"Content-Type": "application/json"}, body=body,
                       label="a token for your Octopus statements")


def parse_token(resp: HttpResponse, now: int) -> KrakenToken:
    """The token from an ``obtainKrakenToken`` reply; a refused key or a rate limit raises :class:`ProviderError`."""
    data = _data(resp, token=True)
    got = data.get("obtainKrakenToken") if isinstance(data, dict) else None
    token = got.get("token") if isinstance(got, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise malformed(NAME)
    return KrakenToken(token.strip(), _jwt_expiry(token) or now + TOKEN_LIFETIME)


def _jwt_expiry(token: str) -> int | None:
    """The ``exp`` claim of a JWT [s, UTC], or ``None`` (the signature is Octopus's business, not ours)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = safejson.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)).decode())
    except ValueError:  # not base64, not UTF-8, not JSON, or nested deep enough to crash the worker
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    # NaN or Infinity (which JSON parsing accepts) has no int: the token then lasts TOKEN_LIFETIME.
    return int(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) and math.isfinite(exp) else None


def statements_request(base: str, token: KrakenToken, account_number: str, after: str | None = None,
                       page_size: int = PAGE_SIZE) -> HttpRequest:
    """One page of the account's bills and statements, newest first."""
    acct = normalise_account_number(account_number)
    body = json.dumps({"query": STATEMENTS_QUERY, "variables": {"a": acct, "n": page_size, "after": after}})
    return HttpRequest("POST", graphql_url(base), {"Authorization": token.value, "Content-Type": "application/json"},
                       body=body, label="your Octopus statements")


@dataclass(frozen=True, slots=True)
class Money:
    """Net, tax and gross amounts [p]."""

    net: int
    tax: int
    gross: int


@dataclass(frozen=True, slots=True)
class Transaction:
    """One line of a statement: a charge for a fuel, a credit, a payment or a fee.

    fuel : ``"electricity"``, ``"gas"``, ``"export"`` when the title names one, else ``None``.
    amounts : in pence; ``is_credit`` says which way the money went.
    consumption : ``(first day, last day, quantity, unit)`` when a charge gives its consumption.
    """

    title: str
    kind: str
    fuel: str | None
    posted: dt.date | None
    amounts: Money
    is_credit: bool
    consumption: tuple[dt.date | None, dt.date | None, float | None, str] | None = None

    @property
    def kwh(self) -> float | None:
        """The charge's consumption when given in kWh [kWh]."""
        if self.consumption is None or self.consumption[2] is None:
            return None
        return self.consumption[2] if self.consumption[3].lower() in ("kwh", "") else None


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement (or other bill) as Octopus issued it. Dates are London days, ``last_day`` inclusive.

    first_day, last_day : the consumption period when given, else the statement's period.
    charges, credits : Octopus's totals [p]; ``None`` when the document does not give them.
    """

    id: str
    kind: str
    bill_type: str
    first_day: dt.date | None
    last_day: dt.date | None
    issued: dt.date | None
    opening_balance: int | None
    closing_balance: int | None
    charges: Money | None
    credits: Money | None
    transactions: tuple[Transaction, ...]

    @property
    def is_statement(self) -> bool:
        return self.kind == "StatementType" or self.bill_type.upper() == "STATEMENT"

    def fuel_charges(self, fuel: str) -> tuple[Transaction, ...]:
        """The lines for ``fuel``: charges for import and gas; for export, the credits paid for it."""
        return tuple(t for t in self.transactions if t.fuel == fuel and is_energy_line(t))


def is_energy_line(t: Transaction) -> bool:
    """A charge for electricity or gas, or a credit for export: what our bill for that fuel covers."""
    if t.fuel == "export":
        return t.is_credit or t.kind == "Credit"
    return t.fuel is not None and t.kind == "Charge" and not t.is_credit


@dataclass(frozen=True, slots=True)
class StatementsPage:
    statements: tuple[Statement, ...]
    next_cursor: str | None


def parse_statements_page(resp: HttpResponse) -> StatementsPage:
    """Statements from one page; fields a node lacks are left ``None`` rather than refusing the page."""
    data = _data(resp)
    account = data.get("account") if isinstance(data, dict) else None
    bills = account.get("bills") if isinstance(account, dict) else None
    if not isinstance(bills, dict):
        raise malformed(NAME)
    out: dict[object, Statement] = {}  # by id: a statement listed twice is one statement
    for i, edge in enumerate(_list(bills.get("edges"))):
        node = edge.get("node") if isinstance(edge, dict) else None
        if isinstance(node, dict):
            statement = _statement(node)
            out.setdefault(statement.id or i, statement)
    info = bills.get("pageInfo") or {}
    cursor = info.get("endCursor") if isinstance(info, dict) and info.get("hasNextPage") is True else None
    return StatementsPage(tuple(out.values()), cursor if isinstance(cursor, str) and cursor else None)


def _statement(node: dict) -> Statement:
    txs = []
    raw = node.get("transactions")
    for edge in _list(raw.get("edges")) if isinstance(raw, dict) else []:
        t = edge.get("node") if isinstance(edge, dict) else None
        if isinstance(t, dict):
            txs.append(_transaction(t))
    first = _day(node.get("consumptionStartDate")) or _day(node.get("fromDate"))
    last = _day(node.get("consumptionEndDate")) or _day(node.get("toDate"))
    return Statement(
        id=str(node.get("id") or ""),
        kind=str(node.get("__typename") or ""),
        bill_type=str(node.get("billType") or ""),
        first_day=first,
        last_day=last,
        issued=_day(node.get("issuedDate")),
        opening_balance=_pence(node.get("openingBalance")),
        closing_balance=_pence(node.get("closingBalance")),
        charges=_totals(node.get("totalCharges")),
        credits=_totals(node.get("totalCredits")),
        transactions=tuple(txs),
    )


def _transaction(t: dict) -> Transaction:
    title = " ".join(str(t.get("title") or "").split())[:80]
    amounts = t.get("amounts") if isinstance(t.get("amounts"), dict) else {}
    money = Money(_pence(amounts.get("net")) or 0, _pence(amounts.get("tax")) or 0, _pence(amounts.get("gross")) or 0)
    c = t.get("consumption")
    consumption = None
    if isinstance(c, dict):
        quantity = safejson.finite_number_or_text(c.get("quantity"))
        consumption = (_day(c.get("startDate")), _day(c.get("endDate")), quantity, str(c.get("unit") or ""))
    return Transaction(title, str(t.get("__typename") or ""), fuel_of(title), _day(t.get("postedDate")), money,
                       t.get("isCredit") is True, consumption)


def fuel_of(title: str) -> str | None:
    """Which fuel a transaction's title names (``"Gas"``, ``"Electricity"``, ``"Outgoing Octopus export"``…)."""
    words = title.lower()
    if "export" in words or "outgoing" in words:
        return "export"
    if "gas" in words:
        return "gas"
    if "electric" in words:
        return "electricity"
    return None


def _totals(raw: object) -> Money | None:
    if not isinstance(raw, dict) or _pence(raw.get("grossTotal")) is None:
        return None
    return Money(_pence(raw.get("netTotal")) or 0, _pence(raw.get("taxTotal")) or 0, _pence(raw.get("grossTotal")) or 0)


def _pence(value: object) -> int | None:
    """Kraken sends amounts as integers, sometimes as numeric strings; anything else is ``None``."""
    number = safejson.finite_number_or_text(value)
    return None if number is None else round(number)


def _list(value: object) -> list:
    """``value`` when it is a list (GraphQL ``edges``), else nothing to read."""
    return value if isinstance(value, list) else []


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _data(resp: HttpResponse, *, token: bool = False) -> object:
    """The ``data`` of a reply, or the :class:`ProviderError` its ``errors`` or HTTP status mean."""
    err = error_for(resp, NAME, "statements", credentials=CREDENTIALS)
    if err:
        raise err
    try:
        doc = safejson.loads(resp.body)
    except ValueError:
        raise malformed(NAME) from None
    if not isinstance(doc, dict):
        raise malformed(NAME)
    errors = doc.get("errors")
    if isinstance(errors, list) and errors:
        raise graphql_error(errors, token=token)
    return doc.get("data")


def graphql_error(errors: list, *, token: bool = False) -> ProviderError:
    """The message for Kraken's ``errors`` list: rate limit, refused key, expired token, or Octopus's own words."""
    first = errors[0] if isinstance(errors[0], dict) else {}
    ext = first.get("extensions") if isinstance(first.get("extensions"), dict) else {}
    code = str(ext.get("errorCode") or "")
    said = str(first.get("message") or "")
    if code == RATE_LIMITED or "too many requests" in said.lower():
        return ProviderError(
            "rate_limited",
            "Octopus Energy is refusing statement requests from your internet connection for now (too many "
            "requests: Octopus counts every app and service on the same connection, including the Octopus app). "
            "Try again in about an hour. Your readings and reports here are unaffected.",
        )
    if code in TOKEN_EXPIRED:
        return ProviderError("token_expired", "Your Octopus sign-in for statements expired; please try again.")
    if token or code in ("KT-CT-1111", "KT-CT-1143", "KT-CT-1138"):
        return ProviderError("auth", "Octopus Energy did not accept your API key for statements. Load your data "
                                     "again with the key from the API access page of your Octopus account.")
    if code in COMPLEXITY:
        return ProviderError("bad_request", "Octopus Energy refused the statements request as too large. "
                                            "Please tell us: this is ours to fix.")
    clean = " ".join("".join(c for c in said if c.isprintable() and c not in "<>").split())[:80]
    return ProviderError("bad_request", "Octopus Energy could not give your statements"
                         + (f" (it said: “{clean}”{', ' + code if code else ''})." if clean else "."))
