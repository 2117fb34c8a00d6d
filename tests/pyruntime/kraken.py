"""A fake of Octopus's GraphQL (Kraken) endpoint: token, statements with pagination, rate limit, bad key.

Shared by the pyruntime tests (in-process, CPython and Pyodide) and the
browser tests' emulator (``tests/emulators/providers.py``), so both answer
alike. The shapes follow public clients (see the README's statements
section); amounts are pence. The statements cover the demo household's
2023, for account ``A-1234ABCD`` in region C.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field

from pyruntime.household.demo import demo_household
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds

ACCOUNT = "A-1234ABCD"
KEYS = ("sk_live_TESTKEY0123456789abcdef", "sk_live_SECRETKEY0123456789abcdef")


def jwt(exp: int, n: int) -> str:
    """A token shaped like Kraken's (header.claims.signature), expiring at ``exp`` [s, UTC]."""
    def part(d: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'exp': exp, 'n': n})}.c2lnbmF0dXJl{n}"


def demo_kwh(fuel: str, first: dt.date, last: dt.date) -> float:
    """The demo household's readings over London days ``first``–``last`` [kWh]."""
    s = demo_household()[fuel]
    lo, hi = day_bounds(first)[0], day_bounds(last)[1]
    return sum(v for i, v in enumerate(s.values) if v is not None and lo <= s.start + i * HALF_HOUR < hi)


def charge(title: str, first: str, last: str, gross: int, kwh: float | None) -> dict:
    net = round(gross / 1.05)
    node = {"__typename": "Charge", "title": title, "postedDate": last, "isCredit": False,
            "amounts": {"net": net, "tax": gross - net, "gross": gross}}
    node["consumption"] = {"startDate": first, "endDate": last,
                           "quantity": None if kwh is None else f"{kwh:.4f}", "unit": "kWh"}
    return node


def credit(title: str, posted: str, gross: int) -> dict:
    return {"__typename": "Credit", "title": title, "postedDate": posted, "isCredit": True,
            "amounts": {"net": gross, "tax": 0, "gross": gross}}


def statement(n: int, first: str, last: str, txs: list[dict], issued: str) -> dict:
    charges = [t for t in txs if not t["isCredit"]]
    credits = [t for t in txs if t["isCredit"]]

    def total(ts: list[dict]) -> dict:
        return {k + "Total": sum(t["amounts"][k] for t in ts) for k in ("net", "tax", "gross")}

    return {"__typename": "StatementType", "id": str(1000 + n), "billType": "STATEMENT", "fromDate": first,
            "toDate": last, "issuedDate": issued, "consumptionStartDate": first, "consumptionEndDate": last,
            "openingBalance": 0, "closingBalance": -total(charges)["grossTotal"],
            "totalCharges": total(charges), "totalCredits": total(credits),
            "transactions": {"edges": [{"node": t} for t in txs]}}


def demo_statements() -> list[dict]:
    """Newest first, as Kraken lists them: a document without charges, a month past the readings, three 2023
    months (October's electricity on an estimated read, with a reward credit) and a spring quarter across the
    April tariff change."""
    def exact(fuel: str, a: str, b: str) -> float:
        return demo_kwh(fuel, dt.date.fromisoformat(a), dt.date.fromisoformat(b))

    oct_est = exact("electricity", "2023-10-01", "2023-10-31") + 40.0
    return [
        {"__typename": "PeriodBasedDocumentType", "id": "2000", "billType": "STATEMENT", "fromDate": "2024-02-01",
         "toDate": "2024-02-29", "issuedDate": "2024-03-02"},
        statement(6, "2024-01-01", "2024-01-31", [
            charge("Electricity", "2024-01-01", "2024-01-31", 11000, 300.0)], "2024-02-02"),
        statement(5, "2023-12-01", "2023-12-31", [
            charge("Electricity", "2023-12-01", "2023-12-31", 10900, exact("electricity", "2023-12-01", "2023-12-31")),
            charge("Gas", "2023-12-01", "2023-12-31", 13022, exact("gas", "2023-12-01", "2023-12-31"))],
            "2024-01-03"),
        statement(4, "2023-11-01", "2023-11-30", [
            charge("Electricity", "2023-11-01", "2023-11-30", 10851, exact("electricity", "2023-11-01", "2023-11-30")),
            charge("Gas", "2023-11-01", "2023-11-30", 9900, exact("gas", "2023-11-01", "2023-11-30"))],
            "2023-12-02"),
        statement(3, "2023-10-01", "2023-10-31", [
            charge("Electricity", "2023-10-01", "2023-10-31", 10510, oct_est),
            charge("Gas", "2023-10-01", "2023-10-31", 7041, exact("gas", "2023-10-01", "2023-10-31")),
            credit("Octoplus reward", "2023-10-20", 200),
            credit("Outgoing Octopus export", "2023-10-31", 1234)], "2023-11-02"),
        statement(2, "2023-03-01", "2023-04-30", [
            charge("Electricity", "2023-03-01", "2023-04-30", 22395, exact("electricity", "2023-03-01", "2023-04-30")),
            charge("Gas", "2023-03-01", "2023-04-30", 27064, exact("gas", "2023-03-01", "2023-04-30"))],
            "2023-05-03"),
    ]


@dataclass
class Kraken:
    """The endpoint's state: statements served, and switches tests flip."""

    statements: list[dict] = field(default_factory=demo_statements)
    rate_limited: bool = False  # every request answers KT-CT-1199
    expire_next_token_use: bool = False  # the next statements request answers KT-CT-1139 (token expired)
    page_cap: int = 100
    tokens: list[str] = field(default_factory=list)
    token_requests: int = 0
    statement_requests: int = 0
    page_sizes: list[int] = field(default_factory=list)

    def answer(self, body: str, authorization: str | None) -> dict:
        """The JSON document Kraken would send (always with HTTP 200, as Kraken does for errors)."""
        doc = json.loads(body or "{}")
        query, variables = str(doc.get("query", "")), doc.get("variables") or {}
        if self.rate_limited:
            return _error("Too many requests.", "KT-CT-1199")
        if "obtainKrakenToken" in query:
            self.token_requests += 1
            if variables.get("key") not in KEYS:
                return _error("Invalid data.", "KT-CT-1138", "Authentication failed.")
            token = jwt(4_102_444_800, len(self.tokens))
            self.tokens.append(token)
            return {"data": {"obtainKrakenToken": {"token": token, "refreshExpiresIn": 604800}}}
        if authorization not in self.tokens:
            return _error("Invalid JSON Web Token.", "KT-CT-1111")
        if self.expire_next_token_use:
            self.expire_next_token_use = False
            self.tokens.remove(authorization)
            return _error("Signature of the JWT has expired.", "KT-CT-1139")
        self.statement_requests += 1
        if "bills(" not in query or variables.get("a") != ACCOUNT:
            return _error("Unauthorized.", "KT-CT-4301")
        n = int(variables.get("n") or 0)
        self.page_sizes.append(n)
        if n > self.page_cap:
            return _error("Query complexity exceeds the limit.", "KT-CT-1188")
        start = int(variables["after"]) if variables.get("after") else 0
        chunk = self.statements[start:start + n]
        more = start + n < len(self.statements)
        return {"data": {"account": {"bills": {
            "pageInfo": {"hasNextPage": more, "endCursor": str(start + n) if more else None},
            "edges": [{"node": node} for node in chunk]}}}}


def _error(message: str, code: str, description: str = "") -> dict:
    return {"errors": [{"message": message, "locations": [{"line": 1, "column": 1}],
                        "extensions": {"errorType": "APPLICATION", "errorCode": code,
                                       "errorDescription": description or message}}], "data": None}
