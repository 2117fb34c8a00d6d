"""Octopus statements over GraphQL beside our bills: the client, the op, and the reconciliation.

Runs on CPython and inside Pyodide: an in-process fake answers Octopus's REST
API (the demo household), its GraphQL endpoint (``tests/pyruntime/kraken.py``)
and this site's sample feeds.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from pyruntime.ops import OpContext
from pyruntime.ops.load import OPS as LOAD_OPS
from pyruntime.ops.statements import OPS
from pyruntime.providers import octopus_graphql as gql
from pyruntime.providers.errors import ProviderError
from pyruntime.providers.http import HttpResponse
from pyruntime.providers.octopus_statements import OctopusSignIn
from pyruntime.session import Session
from pyruntime.timeseries.londontime import day_bounds
from tests.pyruntime.kraken import Kraken, demo_statements, jwt
from tests.pyruntime.sample_feeds import SampleFeeds, view_model
from tests.pyruntime.test_sources_octopus import ACCOUNT, API, KEY, NOW, FakeOctopus, run_sync

GRAPHQL = f"{API}/v1/graphql/"


class Router:
    """Octopus's REST API and GraphQL endpoint, and this site's feeds, in one transport; records every request."""

    def __init__(self, kraken: Kraken | None = None) -> None:
        self.rest, self.feeds, self.kraken = FakeOctopus(), SampleFeeds(), kraken or Kraken()
        self.sent = []

    async def send(self, req):
        self.sent.append(req)
        if req.url.startswith("feeds/"):
            return await self.feeds.send(req)
        if req.url == GRAPHQL:
            assert req.method == "POST" and req.params == {}
            return HttpResponse(200, {"content-type": "application/json"},
                                json.dumps(self.kraken.answer(req.body, req.headers.get("Authorization"))))
        return await self.rest.send(req)

    def graphql(self):
        return [r for r in self.sent if r.url == GRAPHQL]


_LOADED: list = []  # the household one real load gave: loading takes seconds, and every test starts from it


def with_router(kraken: Kraken | None = None) -> tuple[Session, Router]:
    """A fresh worker session whose network is :class:`Router`, with the provider address the page would give."""
    session, router = Session(), Router(kraken)
    session.transport = router
    session.provider_bases = {"octopus_api": API}
    return session, router


def loaded(kraken: Kraken | None = None) -> tuple[Session, Router]:
    """A session just after loading the demo household from (fake) Octopus, keeping the sign-in as the load op does."""
    session, router = with_router(kraken)
    if not _LOADED:
        run_sync(LOAD_OPS["load_octopus"](OpContext(session, {"account_number": ACCOUNT, "api_key": KEY,
                                                              "now": NOW})))
        _LOADED.append((session.household, session.octopus_sign_in))
    household, sign_in = _LOADED[0]
    session.replace(household)
    session.octopus_sign_in = OctopusSignIn(sign_in.account_number, sign_in.api_key)
    router.sent.clear()
    return session, router


def check(session: Session, **payload):
    return run_sync(OPS["check_statements"](OpContext(session, {"now": NOW, **payload})))


def table_rows(result: dict) -> list[list]:
    table = next(b for b in result["blocks"] if b["type"] == "table")
    return table["rows"]


def row(result: dict, period: str, fuel: str) -> list:
    return next(r for r in table_rows(result) if r[0] == period and r[1] == fuel)


# --- the client, sans I/O --------------------------------------------------------------------------

def test_the_key_and_token_travel_only_in_the_body_or_header_and_never_show():
    req = gql.token_request(f"{API}/v1/", KEY)
    assert req.url == GRAPHQL and req.method == "POST" and KEY not in req.full_url()
    assert json.loads(req.body)["variables"] == {"key": KEY} and KEY not in json.loads(req.body)["query"]
    assert KEY not in repr(req)
    token = gql.parse_token(HttpResponse(200, {}, json.dumps(Kraken().answer(req.body, None))), NOW)
    assert token.expires_at == 4_102_444_800 and token.fresh(NOW) and token.value not in repr(token)
    page = gql.statements_request(f"{API}/v1/", token, "a-1234abcd", after="4")
    assert page.headers["Authorization"] == token.value  # the bare JWT, no "Bearer"
    assert json.loads(page.body)["variables"] == {"a": ACCOUNT, "n": gql.PAGE_SIZE, "after": "4"}
    assert token.value not in repr(page) and token.value not in page.full_url()
    assert KEY not in repr(OctopusSignIn(ACCOUNT, KEY, token)) and token.value not in repr(OctopusSignIn(ACCOUNT, KEY,
                                                                                                         token))


def test_a_token_without_an_expiry_is_used_for_fifty_minutes():
    body = json.dumps({"data": {"obtainKrakenToken": {"token": "opaque-token"}}})
    token = gql.parse_token(HttpResponse(200, {}, body), NOW)
    assert token.expires_at == NOW + gql.TOKEN_LIFETIME
    assert gql.parse_token(HttpResponse(200, {}, json.dumps(
        {"data": {"obtainKrakenToken": {"token": jwt(NOW + 3600, 1)}}})), NOW).expires_at == NOW + 3600


def test_statements_parse_both_node_types_and_tolerate_missing_fields():
    nodes = demo_statements()
    nodes[3]["transactions"]["edges"][0]["node"]["amounts"]["gross"] = "10851"  # numeric strings happen
    del nodes[2]["consumptionStartDate"], nodes[2]["totalCredits"]
    body = json.dumps({"data": {"account": {"bills": {"pageInfo": {"hasNextPage": True, "endCursor": "abc"},
                                                      "edges": [{"node": n} for n in nodes] + [{"node": None}]}}}})
    page = gql.parse_statements_page(HttpResponse(200, {}, body))
    assert page.next_cursor == "abc" and len(page.statements) == 6
    doc, _jan, dec, nov, octo, spring = page.statements
    assert doc.kind == "PeriodBasedDocumentType" and doc.is_statement and doc.charges is None
    assert doc.first_day == dt.date(2024, 2, 1) and doc.transactions == ()
    assert dec.first_day == dt.date(2023, 12, 1) and dec.credits is None  # fell back to fromDate
    assert nov.fuel_charges("electricity")[0].amounts.gross == 10851
    assert [t.fuel for t in octo.transactions] == ["electricity", "gas", None, "export"]
    assert octo.fuel_charges("export")[0].amounts.gross == 1234  # export is paid as a credit
    assert octo.transactions[2].is_credit and octo.transactions[2].title == "Octoplus reward"
    assert spring.fuel_charges("gas")[0].consumption[:2] == (dt.date(2023, 3, 1), dt.date(2023, 4, 30))
    assert gql.fuel_of("Outgoing Octopus export") == "export" and gql.fuel_of("Direct debit") is None


@pytest.mark.parametrize(("code", "message", "token", "kind", "words"), [
    ("KT-CT-1199", "Too many requests.", False, "rate_limited", "Try again in about an hour"),
    ("KT-CT-1199", "Too many requests.", True, "rate_limited", "including the Octopus app"),
    ("KT-CT-1138", "Invalid data.", True, "auth", "did not accept your API key"),
    ("KT-CT-1139", "Signature of the JWT has expired.", False, "token_expired", "expired"),
    ("KT-CT-1188", "Query complexity exceeds the limit.", False, "bad_request", "too large"),
    ("KT-CT-4301", "Unauthorized.", False, "bad_request", "it said: “Unauthorized.”, KT-CT-4301"),
])
def test_kraken_errors_become_messages_a_user_can_act_on(code, message, token, kind, words):
    body = json.dumps({"errors": [{"message": message, "extensions": {"errorCode": code}}], "data": None})
    with pytest.raises(ProviderError) as caught:
        (gql.parse_token(HttpResponse(200, {}, body), NOW) if token
         else gql.parse_statements_page(HttpResponse(200, {}, body)))
    assert caught.value.kind == kind and words in caught.value.message


def test_http_failures_and_unreadable_replies_are_provider_errors():
    with pytest.raises(ProviderError) as caught:
        gql.parse_statements_page(HttpResponse(503, {}, "<html>down</html>"))
    assert caught.value.kind == "provider_down"
    with pytest.raises(ProviderError) as caught:
        gql.parse_statements_page(HttpResponse(200, {}, '{"data": {"account": null}}'))
    assert caught.value.kind == "malformed"


# --- the op: on request only, pages, token reuse, failures ---------------------------------------------

def test_loading_from_octopus_keeps_the_sign_in_in_memory_and_other_data_drops_it():
    session, _ = with_router()
    run_sync(LOAD_OPS["load_octopus"](OpContext(session, {"account_number": " a-1234abcd", "api_key": KEY + " ",
                                                          "now": NOW})))
    assert session.octopus_sign_in.account_number == ACCOUNT and session.octopus_sign_in.api_key == KEY
    assert session.octopus_sign_in.token is None  # no GraphQL until asked
    session.statements = ()
    run_sync(LOAD_OPS["import_snapshot"](OpContext(session, {"snapshot": run_sync(
        LOAD_OPS["export_snapshot"](OpContext(session, {})))["snapshot"]})))
    assert session.octopus_sign_in is not None  # the same account's data restored in the same tab
    session.replace(type(session.household)("file", session.household.series))
    assert session.octopus_sign_in is None and session.statements is None


def test_nothing_is_asked_until_the_user_presses_the_button():
    session, router = loaded()
    assert check(session) == {"checked": False, "signed_in": True}
    assert router.graphql() == []


def test_statements_are_read_in_small_pages_with_one_token_and_kept_for_the_tab():
    session, router = loaded()
    result = check(session, fetch=True)
    assert result["checked"] is True
    assert router.kraken.token_requests == 1 and router.kraken.statement_requests == 2
    assert router.kraken.page_sizes == [gql.PAGE_SIZE, gql.PAGE_SIZE]
    assert result["summary"].startswith("6 statements read; 10 charges compared")
    again = check(session)  # a later bill view shows them again without asking Octopus
    assert again == result and len(router.graphql()) == 3
    check(session, fetch=True)  # asking again reuses the fresh token
    assert router.kraken.token_requests == 1 and router.kraken.statement_requests == 4


def test_our_figure_is_the_bill_for_the_same_days_and_the_difference_is_ours_minus_octopus():
    session, _ = loaded()
    result = check(session, fetch=True)
    for fuel, label in (("gas", "Gas"), ("electricity", "Electricity import")):
        bill = view_model(session, source="octopus", report="bill", fuel=fuel, **{"from": "2023-11-01",
                                                                                   "to": "2023-11-30"})
        total = {t["label"]: t for t in bill["totals"]}["Total (inc VAT)"]["value"]
        r = row(result, "1 Nov 2023 to 30 Nov 2023", label)
        theirs = {"Gas": 99.00, "Electricity import": 108.51}[label]
        assert r[2]["value"] == theirs and r[3]["value"] == pytest.approx(total, abs=0.006)
        assert r[4]["value"] == pytest.approx(r[3]["value"] - theirs, abs=0.011)


def test_each_difference_names_its_likely_reasons():
    session, _ = loaded()
    result = check(session, fetch=True)
    october = row(result, "1 Oct 2023 to 31 Oct 2023", "Electricity import")
    assert "estimated or monthly meter read" in october[6] and "Octoplus reward £2.00" in october[6]
    assert "Outgoing" not in october[6]  # the export credit is its own row, not an unexplained credit
    export = row(result, "1 Oct 2023 to 31 Oct 2023", "Electricity export")
    assert export[2]["value"] == 12.34 and export[6].startswith("Export is money paid to you")
    revenue = view_model(session, source="octopus", report="bill", fuel="export", **{"from": "2023-10-01",
                                                                                    "to": "2023-10-31"})
    assert export[3]["value"] == pytest.approx({t["label"]: t for t in revenue["totals"]}["Total revenue"]["value"],
                                               abs=0.006)
    spring = row(result, "1 Mar 2023 to 30 Apr 2023", "Electricity import")
    assert "Your tariff changed on 2023-04-01 (to E-1R-AGILE-FLEX-22-11-25-C)" in spring[6]
    assert "estimated" not in spring[6]  # the statement's kWh are the readings' own
    january = row(result, "1 Jan 2024 to 31 Jan 2024", "Electricity import")
    assert january[3]["value"] is None and "do not reach these dates" in january[6]
    not_compared = next(b for b in result["blocks"] if b["type"] == "text" and b["title"] == "Not compared")
    assert not_compared["paragraphs"] == ["1 Feb 2024 to 29 Feb 2024: Octopus gave no charge lines for "
                                          "this document."]


def test_days_on_a_tariff_without_public_prices_are_named_and_every_kwh_read_is_set_beside_octopus():
    """The account's electricity agreement before 1 April 2023 is one the feeds do not hold: the spring row names it,
    its dates and March as left out of our figure; its kWh are every reading of March and April (Octopus's), with
    April's alone said as priced, each checked against a sum over the half-hours."""
    session, _ = loaded()
    household, sign_in = session.household, session.octopus_sign_in
    hidden, later = household.facts.tariffs["electricity"]
    tariffs = {**household.facts.tariffs,
               "electricity": (replace(hidden, tariff_code="E-1R-NOT-PUBLISHED-C"), later)}
    session.replace(replace(household, facts=replace(household.facts, tariffs=tariffs)))
    session.octopus_sign_in = sign_in
    spring = row(check(session, fetch=True), "1 Mar 2023 to 30 Apr 2023", "Electricity import")
    assert ("Our figure leaves out 1 Mar 2023 to 31 Mar 2023 whole: your tariff E-1R-NOT-PUBLISHED-C (on your "
            "account from 1 Nov 2022 to 31 Mar 2023) is not in the price feeds (it may have no public prices), so we "
            "have no prices for those 31 days.") in spring[6]
    series = household.series["electricity"]

    def read(first: dt.date, last: dt.date) -> float:
        return sum(q for q in series.window(day_bounds(first)[0], day_bounds(last)[1]) if q is not None)

    every, april = read(dt.date(2023, 3, 1), dt.date(2023, 4, 30)), read(dt.date(2023, 4, 1), dt.date(2023, 4, 30))
    assert spring[5] == f"{every:,.1f} / {every:,.1f} ({april:,.1f} of ours priced)"


def test_a_charge_that_matches_to_the_penny_agrees():
    session, _ = loaded()
    first = check(session, fetch=True)
    ours = row(first, "1 Dec 2023 to 31 Dec 2023", "Gas")[3]["value"]
    kraken = Kraken()
    kraken.statements[2]["transactions"]["edges"][1]["node"]["amounts"]["gross"] = round(ours * 100)
    session, _ = loaded(kraken)
    r = row(check(session, fetch=True), "1 Dec 2023 to 31 Dec 2023", "Gas")
    assert r[6].startswith("Agrees: the difference is rounding") and abs(r[4]["value"]) < 0.01


def test_a_rate_limit_is_said_once_without_retrying_and_keeps_what_was_there():
    session, router = loaded()
    before = check(session, fetch=True)
    household = session.household
    router.kraken.rate_limited = True
    sent = len(router.graphql())
    with pytest.raises(ProviderError) as caught:
        check(session, fetch=True)
    assert caught.value.kind == "rate_limited" and "about an hour" in caught.value.message
    assert len(router.graphql()) == sent + 1  # one request, no retry loop
    assert session.household is household and check(session) == before


def test_an_expired_token_is_renewed_once():
    session, router = loaded()
    check(session, fetch=True)
    router.kraken.expire_next_token_use = True
    assert check(session, fetch=True)["checked"] is True
    assert router.kraken.token_requests == 2


def test_a_refused_key_is_dropped_and_data_restored_without_a_key_asks_for_it():
    session, router = loaded()
    snapshot = run_sync(LOAD_OPS["export_snapshot"](OpContext(session, {})))
    restored, _ = with_router()
    restored.transport = router
    run_sync(LOAD_OPS["import_snapshot"](OpContext(restored, snapshot)))
    assert restored.household.source == "octopus"
    with pytest.raises(ProviderError) as caught:
        check(restored, fetch=True)
    assert caught.value.kind == "needs_key"
    with pytest.raises(ProviderError) as caught:
        check(restored, fetch=True, account_number=ACCOUNT, api_key="sk_live_WRONGKEY0123456789")
    assert caught.value.kind == "auth" and restored.octopus_sign_in is None
    assert "WRONGKEY" not in caught.value.message
    assert check(restored, fetch=True, account_number=ACCOUNT, api_key=KEY)["checked"] is True


def test_forgetting_or_loading_other_data_drops_the_key_token_and_statements():
    session, _ = loaded()
    check(session, fetch=True)
    assert session.octopus_sign_in.token is not None
    session.forget()
    assert session.octopus_sign_in is None and session.statements is None


def test_no_key_or_token_reaches_any_result_or_error():
    session, router = loaded()
    result = json.dumps(check(session, fetch=True))
    router.kraken.rate_limited = True
    with pytest.raises(ProviderError) as caught:
        check(session, fetch=True)
    token = session.octopus_sign_in.token.value
    for text in (result, caught.value.message, json.dumps(caught.value.to_json())):
        assert KEY not in text and token not in text and "sk_live" not in text


def test_viewing_the_demo_keeps_the_octopus_data_sign_in_and_statements():
    session, _ = loaded()
    result = check(session, fetch=True)
    household, sign_in = session.household, session.octopus_sign_in
    assert view_model(session, source="demo")["source"] == "demo"
    assert session.household is household and session.octopus_sign_in is sign_in
    assert check(session) == result  # shown again without asking Octopus
    assert view_model(session, source="octopus", report="overview", fuel="electricity")["source"] == "octopus"
