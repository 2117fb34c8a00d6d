"""Property: whatever a provider or our feeds send back, the parser gives typed, plausible results or a UserError.

Three kinds of input reach every parser of a provider reply (Octopus REST,
Octopus GraphQL statements, Glowmarkt/Bright, the site's own feed files):

(a) any JSON value at all (NaN, Infinity and huge numbers included, as
    ``json.loads`` accepts them);
(b) real recorded replies (``tests/fixtures/octopus_api``, ``tests/fixtures/n3rgy``
    through the file route) and replies shaped as the APIs document them, mutated one field at a time:
    missing, null, the wrong type, a number as a string, NaN/Infinity/huge/
    negative, a time with another offset or none, a list repeated, reversed or
    emptied, a ``next`` link that loops or points at another origin;
(c) HTTP-level oddities through the transport seam: HTML with status 200,
    401/403/404/429/500/503, JSON cut short.

The property: either the result satisfies the invariants (half-hour aligned
UTC starts, no duplicate half-hour, every kWh finite and within the limits
the file importers use, the impossible ones set aside and announced as
faulty), or the parser raises :class:`pyruntime.errors.UserError` with a
message that names no credential, account number, MPAN/MPRN, meter serial
or URL. Never a bare KeyError/TypeError/ValueError/IndexError, which the page
would show as a bug in Half-Hourly.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyruntime.bridge import run_sync
from pyruntime.errors import UserError
from pyruntime.feeds import files as feed_files
from pyruntime.feeds.tariffs import check_rate_doc
from pyruntime.fileformats import ImportFailure, import_file
from pyruntime.fileformats.faults import LIMITS, limit_for
from pyruntime.household import Household
from pyruntime.providers import glowmarkt as glow
from pyruntime.providers import octopus
from pyruntime.providers import octopus_graphql as gql
from pyruntime.providers.glowmarkt_loader import load_glowmarkt, parse_time
from pyruntime.providers.http import HttpResponse
from pyruntime.providers.octopus_loader import load_octopus
from pyruntime.providers.octopus_statements import OctopusSignIn, get_statements
from pyruntime.providers.paging import RetryPolicy
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc

from .json_mutations import ANY_JSON, NASTY_NUMBERS, NASTY_STRINGS, mutated

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KEY = "sk_live_FUZZKEY0123456789abcd"
PASSWORD = "correct horse battery"
GLOW_TOKEN = "eyJGLOWSECRETTOKEN"
BASE = "https://api.octopus.energy/v1/"
NOW = 1704067200  # 2024-01-01T00:00Z
POLICY = RetryPolicy(rate_limited_attempts=2, server_error_attempts=2, first_wait=0.0, max_pages=6)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACCOUNT_DOCS = {name: json.loads((FIXTURES / "octopus_api" / name).read_text())
                for name in ("account_markallanson.json", "account_octometer_two_meters.json")}
N3RGY_DOCS = [json.loads(p.read_text()) for p in sorted((FIXTURES / "n3rgy").glob("*.json"))]
CONSUMPTION_DOC = json.loads((FIXTURES / "octopus_api" / "consumption_markallanson_hand_edited.json").read_text())


def _identifiers(doc: object) -> set[str]:
    """Account numbers, MPANs, MPRNs and serials anywhere in an account document."""
    out: set[str] = set()
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in ("number", "mpan", "mprn", "serial_number") and isinstance(v, str) and len(v) >= 5:
                out.add(v)
            out |= _identifiers(v)
    elif isinstance(doc, list):
        for v in doc:
            out |= _identifiers(v)
    return out


SECRETS = {KEY, PASSWORD, GLOW_TOKEN, "me@example.com"} | set().union(*map(_identifiers, ACCOUNT_DOCS.values()))


def assert_user_message(err: BaseException, extra_secrets: set[str] = frozenset()) -> None:
    """``err`` is ours, reads as a sentence and gives nothing away."""
    assert isinstance(err, UserError), f"{type(err).__name__}: {err}"
    message = err.message
    assert isinstance(message, str) and len(message) > 15
    for secret in SECRETS | set(extra_secrets):
        assert secret not in message, f"{secret!r} in {message!r}"
    assert "://" not in message, message
    assert "Traceback" not in message



async def no_sleep(_seconds: float) -> None:
    return None


def reply(body: object, status: int = 200) -> HttpResponse:
    text = body if isinstance(body, str) else json.dumps(body)
    return HttpResponse(status, {"content-type": "application/json"}, text)


def assert_household(h: Household) -> None:
    """Every half-hour a report can price is a finite, possible reading on the half-hour grid."""
    for fuel, series in h.series.items():
        assert series.start % HALF_HOUR == 0
        # Gas arrives in kWh after conversion: 3 m³ at the highest calorific value stays under this.
        limit = LIMITS[(fuel, "kWh")].per_half_hour * (1.2 if fuel == "gas" else 1)
        for v in series.values:
            assert v is None or (isinstance(v, float | int) and math.isfinite(v) and 0 <= v <= limit), (fuel, v)
    for fuel, aside in h.facts.faulty.items():
        assert aside.readings and all(math.isfinite(v) for _, v in aside.readings)
        assert any(w.fuel == fuel and w.kind == "faulty" for w in h.facts.warnings)
    for w in h.facts.warnings:
        for secret in SECRETS:
            assert secret not in w.message, (secret, w.message)


# --- strategies --------------------------------------------------------------------------

def consumption_doc(start: int, n: int, *, value: float = 0.2, next_url: str | None = None) -> dict:
    rows = [{"consumption": value, "interval_start": isoformat_utc(start + HALF_HOUR * i),
             "interval_end": isoformat_utc(start + HALF_HOUR * (i + 1))} for i in range(n)]
    return {"count": n, "next": next_url, "previous": None, "results": rows}


# --- (a) any JSON value, every parser -----------------------------------------------------

def _parse_everything(resp: HttpResponse) -> None:
    """Each parser of a provider reply, on the same reply: typed results or a UserError."""
    for parse in (octopus.parse_account, octopus.parse_consumption_page, glow.parse_token, glow.parse_resources,
                  glow.parse_readings, lambda r: gql.parse_token(r, NOW), gql.parse_statements_page,
                  lambda r: parse_time(r, "firstTs")):
        try:
            got = parse(resp)
        except UserError as err:
            assert_user_message(err)
            continue
        check_parsed(got)


def check_parsed(got: object) -> None:
    """Invariants of what each parser returns."""
    if isinstance(got, octopus.ConsumptionPage):
        starts = [t for t, _ in got.readings]
        assert all(isinstance(t, int) and t % HALF_HOUR == 0 for t in starts)
        assert all(isinstance(v, float) and math.isfinite(v) for _, v in got.readings)
        assert got.next_url is None or isinstance(got.next_url, str)
        assert isinstance(got.count, int) and got.count >= 0
    elif isinstance(got, octopus.Account):
        assert got.meter_points
        for p in got.meter_points:
            assert p.kind in ("electricity", "export", "gas") and isinstance(p.mpxn, str)
            assert all(isinstance(s, str) and s for s in p.serials) and len(set(p.serials)) == len(p.serials)
            for a in p.agreements:
                assert isinstance(a.tariff_code, str)
                assert a.valid_from is None or isinstance(a.valid_from, int)
    elif isinstance(got, list) and got and isinstance(got[0], glow.Resource):
        assert all(r.fuel in ("electricity", "gas", "export") for r in got)
    elif isinstance(got, list):  # Glowmarkt readings
        for t, v in got:
            assert isinstance(t, int) and t % HALF_HOUR == 0
            assert v is None or (isinstance(v, float) and math.isfinite(v))
    elif isinstance(got, gql.StatementsPage):
        ids = [s.id for s in got.statements if s.id]
        assert len(ids) == len(set(ids))
        for s in got.statements:
            for t in s.transactions:
                assert t.kwh is None or math.isfinite(t.kwh)
                assert all(isinstance(x, int) for x in (t.amounts.net, t.amounts.tax, t.amounts.gross))
    elif isinstance(got, gql.KrakenToken):
        assert isinstance(got.expires_at, int)
    else:
        assert got is None or isinstance(got, glow.Token | int), type(got)


@FUZZ
@given(ANY_JSON)
def test_any_json_value_in_a_successful_reply(doc):
    _parse_everything(reply(doc))


@FUZZ
@given(ANY_JSON, st.integers(1, 60))
def test_any_json_value_cut_short(doc, cut):
    text = json.dumps(doc)
    _parse_everything(reply(text[: max(0, len(text) - cut)]))


# --- (c) HTTP-level oddities ------------------------------------------------------------------

HTML = "<!DOCTYPE html><html><body><h1>We'll be back soon</h1></body></html>"
ODD_REPLIES = [
    HttpResponse(200, {"content-type": "text/html"}, HTML),
    HttpResponse(200, {}, ""),
    HttpResponse(200, {}, '{"results": [{"consumption": 0.1, "interval_start": "2023-'),
    HttpResponse(200, {}, "[" * 5000),
    HttpResponse(204, {}, ""),
    *(HttpResponse(s, {"content-type": "application/json"}, json.dumps({"detail": f"{KEY} https://x.example/?k=1"}))
      for s in (400, 401, 403, 404, 405, 418, 429, 500, 502, 503)),
    *(HttpResponse(s, {"content-type": "text/html"}, HTML) for s in (403, 429, 503)),
    HttpResponse(429, {"retry-after": "nan"}, ""),
    HttpResponse(429, {"retry-after": "1e999"}, ""),
    HttpResponse(302, {"location": "https://evil.example/"}, ""),
]


def test_http_oddities_give_a_message_from_every_parser():
    for resp in ODD_REPLIES:
        _parse_everything(resp)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(ODD_REPLIES), st.integers(0, 3))
def test_http_oddities_during_a_whole_octopus_load(odd, when):
    """The account, then each meter's pages: an odd reply at any point is a message or a warning, never a bug."""
    sent = {"n": 0}

    class Transport:
        async def send(self, request):
            sent["n"] += 1
            if sent["n"] - 1 == when:
                return odd
            if "/accounts/" in request.url:
                return reply(ACCOUNT_DOCS["account_octometer_two_meters.json"])
            return reply(consumption_doc(NOW - 3 * 86400, 96))

    try:
        h = run_sync(load_octopus(Transport(), base=BASE, account_number="B-1234A1A1", api_key=KEY, now=NOW,
                                  sleep=no_sleep, policy=POLICY))
    except UserError as err:
        assert_user_message(err)
        return
    assert_household(h)


# --- (b) recorded replies, mutated -------------------------------------------------------------

@FUZZ
@given(st.sampled_from(sorted(ACCOUNT_DOCS)).flatmap(lambda name: mutated(ACCOUNT_DOCS[name], 3)))
def test_mutated_account_replies(doc):
    try:
        check_parsed(octopus.parse_account(reply(doc)))
    except UserError as err:
        assert_user_message(err)


@FUZZ
@given(mutated(CONSUMPTION_DOC, 3))
def test_mutated_recorded_consumption_page(doc):
    try:
        check_parsed(octopus.parse_consumption_page(reply(doc)))
    except UserError as err:
        assert_user_message(err)


@FUZZ
@given(st.sampled_from([*N3RGY_DOCS, CONSUMPTION_DOC]).flatmap(lambda doc: mutated(doc, 3)))
def test_mutated_recorded_replies_saved_as_a_file(doc):
    """The file route reads the same replies saved from n3rgy or Octopus: a loaded series or an ImportFailure."""
    try:
        result = import_file(json.dumps(doc).encode())
    except ImportFailure as err:
        assert_user_message(err)
        return
    for channel in result.channels:
        limit = limit_for(channel.fuel, channel.unit).per_half_hour
        assert channel.series.start % HALF_HOUR == 0
        assert all(v is None or (math.isfinite(v) and 0 <= v <= limit) for v in channel.series.values)
        assert all(math.isfinite(v) for _, v in channel.faulty)


NEXT_LINKS = st.sampled_from([
    None, "", BASE + "electricity-meter-points/1000000000000/meters/1111111111/consumption/?page=2",
    BASE + "electricity-meter-points/1000000000000/meters/1111111111/consumption/?page=1",  # loops
    "https://evil.example/v1/?page=2", "http://api.octopus.energy/v1/?page=2", "javascript:alert(1)",
    "https://" + KEY + "@api.octopus.energy/v1/?page=2", "/v1/relative/?page=2", 42,
])


@FUZZ
@given(st.data())
def test_a_whole_octopus_load_from_mutated_replies(data):
    """Account and every consumption page mutated; next links that loop, leave, or carry the key."""
    name = data.draw(st.sampled_from(sorted(ACCOUNT_DOCS)))
    account = data.draw(st.one_of(st.just(ACCOUNT_DOCS[name]), mutated(ACCOUNT_DOCS[name], 2)))
    value = data.draw(st.one_of(st.just(0.25), NASTY_NUMBERS))
    first = consumption_doc(NOW - 2 * 86400, 96, value=value, next_url=data.draw(NEXT_LINKS))
    first = data.draw(st.one_of(st.just(first), mutated(first, 3)))
    second = data.draw(mutated(consumption_doc(NOW - 86400, 48), 2))

    class Transport:
        async def send(self, request):
            if "/accounts/" in request.url:
                return reply(account)
            return reply(second if "page=2" in request.full_url() else first)

    try:
        h = run_sync(load_octopus(Transport(), base=BASE, account_number=ACCOUNT_DOCS[name]["number"], api_key=KEY,
                                  now=NOW, sleep=no_sleep, policy=POLICY))
    except UserError as err:
        assert_user_message(err)
        return
    assert_household(h)


GLOW_RESOURCES = [{"resources": [
    {"resourceId": "res-elec", "classifier": "electricity.consumption"},
    {"resourceId": "res-gas", "resourceTypeId": "08ab415f-d851-423f-adf4-c2b1e0529e27"},
]}]


def glow_readings(start: int, n: int, value: object = 0.3) -> dict:
    return {"status": "OK", "units": "kWh", "data": [[start + HALF_HOUR * i, value] for i in range(n)]}


@FUZZ
@given(st.data())
def test_a_whole_glowmarkt_load_from_mutated_replies(data):
    start = NOW - 3 * 86400
    token = data.draw(st.one_of(st.just({"valid": True, "token": GLOW_TOKEN, "exp": NOW + 3600}),
                                mutated({"valid": True, "token": GLOW_TOKEN, "exp": NOW + 3600}, 1)))
    resources = data.draw(st.one_of(st.just(GLOW_RESOURCES), mutated(GLOW_RESOURCES, 2)))
    first_ts = data.draw(st.one_of(st.just({"data": {"firstTs": start}}), mutated({"data": {"firstTs": start}}, 1)))
    value = data.draw(st.one_of(st.just(0.3), NASTY_NUMBERS, NASTY_STRINGS))
    readings = data.draw(st.one_of(st.just(glow_readings(start, 144, value)),
                                   mutated(glow_readings(start, 144, value), 3)))

    class Transport:
        async def send(self, request):
            if request.url.endswith("/auth"):
                return reply(token)
            if request.url.endswith("/virtualentity"):
                return reply(resources)
            if request.url.endswith("/first-time"):
                return reply(first_ts)
            if request.url.endswith("/last-time"):
                return reply({"data": {"lastTs": NOW - HALF_HOUR}})
            return reply(readings)

    try:
        h = run_sync(load_glowmarkt(Transport(), base=glow.BASE, username="me@example.com", password=PASSWORD,
                                    now=NOW, sleep=no_sleep, policy=POLICY))
    except UserError as err:
        assert_user_message(err)
        return
    assert_household(h)


STATEMENT = {"data": {"account": {"bills": {
    "pageInfo": {"hasNextPage": True, "endCursor": "YXJyYXljb25uZWN0aW9uOjM="},
    "edges": [{"node": {
        "__typename": "StatementType", "id": "QmlsbDox", "billType": "STATEMENT", "fromDate": "2023-10-01",
        "toDate": "2023-10-31", "issuedDate": "2023-11-02", "consumptionStartDate": "2023-10-01",
        "consumptionEndDate": "2023-10-31", "openingBalance": 1200, "closingBalance": -300,
        "totalCharges": {"netTotal": 8000, "taxTotal": 400, "grossTotal": 8400},
        "totalCredits": {"netTotal": 0, "taxTotal": 0, "grossTotal": 0},
        "transactions": {"edges": [{"node": {
            "__typename": "Charge", "title": "Electricity", "postedDate": "2023-11-01",
            "amounts": {"net": 8000, "tax": 400, "gross": 8400}, "isCredit": False,
            "consumption": {"startDate": "2023-10-01", "endDate": "2023-10-31", "quantity": "250.5", "unit": "kWh"},
        }}]},
    }}],
}}}}
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiAxNzA0MDcwODAwfQ.c2ln"  # exp 2024-01-01T01:00Z


@FUZZ
@given(st.data())
def test_statements_from_mutated_replies(data):
    """Token and statement pages mutated, including a page that repeats and a cursor that never ends."""
    token = data.draw(st.one_of(st.just({"data": {"obtainKrakenToken": {"token": JWT}}}),
                                mutated({"data": {"obtainKrakenToken": {"token": JWT}}}, 1),
                                st.sampled_from([{"data": {"obtainKrakenToken": {"token": "a.eyJleHAiOiBOYU59.c"}}},
                                                 {"data": {"obtainKrakenToken": {"token": "a.eyJleHAiOiAxZTk5OX0.c"}}},
                                                 {"data": {"obtainKrakenToken": {"token": "a.W1tbW1tbW1tbW1tb.c"}}},
                                                 ])))
    page = data.draw(st.one_of(st.just(STATEMENT), mutated(STATEMENT, 3)))

    class Transport:
        async def send(self, request):
            return reply(token if "obtainKrakenToken" in (request.body or "") else page)

    try:
        got = run_sync(get_statements(Transport(), base=BASE, sign_in=OctopusSignIn("A-68XX9999", KEY), now=NOW))
    except UserError as err:
        assert_user_message(err)
        return
    check_parsed(gql.StatementsPage(got, None))


# --- our own feed files -----------------------------------------------------------------------

RATE_DOC = {
    "schema_version": 1, "kind": "tariff_year", "tariff_code": "E-1R-AGILE-FLEX-22-11-25-C",
    "product_code": "AGILE-FLEX-22-11-25", "family": "agile", "region": "C", "tariff_kind": "E-1R",
    "fuel": "electricity", "direction": "import", "registers": 1, "year": 2023, "sample": True, "provenance": "t",
    "unit_rates": {"standard": {
        "unit_rate_p_per_kwh_exc_vat": {"start": "2023-01-01T00:00:00Z", "step_seconds": 1800,
                                        "values": [20.0, 21.5, None, 30.25]},
        "unit_rate_p_per_kwh_inc_vat": {"start": "2023-01-01T00:00:00Z", "step_seconds": 1800,
                                        "values": [21.0, 22.575, None, 31.7625]}}},
    "standing_charges_p_per_day": [{"valid_from": "2023-01-01T00:00:00Z", "valid_to": None,
                                    "value_exc_vat": 40.0, "value_inc_vat": 42.0}],
}
CARBON_DOC = {
    "schema_version": 1, "kind": "carbon_year", "region": "C", "carbon_region_id": 13, "year": 2023, "sample": True,
    "provenance": "t", "intensity_g_per_kwh_forecast": {"start": "2023-01-01T00:00:00Z", "step_seconds": 1800,
                                                        "values": [120, 130.5, None]},
    "intensity_g_per_kwh_actual": None,
}


def _finite_series(series) -> None:
    if series is not None:
        assert series.start % series.step_seconds == 0
        assert all(v is None or math.isfinite(v) for v in series.values)


@FUZZ
@given(st.one_of(ANY_JSON, mutated(RATE_DOC, 3)))
def test_mutated_tariff_feed_files(doc):
    for parse in (feed_files.parse_rate_file, check_rate_doc):
        try:
            got = parse(doc)
        except UserError as err:
            assert_user_message(err)
            continue
        if isinstance(got, feed_files.RateFile):
            for rates in (got.standard, got.day, got.night):
                if rates is not None:
                    _finite_series(rates.exc_vat)
                    _finite_series(rates.inc_vat)
            assert all(math.isfinite(c.value_exc_vat) and math.isfinite(c.value_inc_vat)
                       for c in got.standing_charge_intervals)


@FUZZ
@given(st.one_of(ANY_JSON, mutated(CARBON_DOC, 3)))
def test_mutated_carbon_feed_files(doc):
    try:
        got = feed_files.parse_carbon_file(doc)
    except UserError as err:
        assert_user_message(err)
        return
    _finite_series(got.forecast)
    _finite_series(got.actual)


# --- what the properties found, kept as examples ---------------------------------------------

def test_a_first_time_reply_nested_thousands_deep_is_no_reply():
    # Found: json.loads recursed until RecursionError (in Pyodide it overflows the stack and kills the worker).
    assert parse_time(HttpResponse(200, {}, "[" * 5000), "firstTs") is None


def test_a_provider_that_quotes_the_key_or_a_link_back_is_not_repeated():
    # Found: a 400's "detail" was shown as sent, key, MPAN and link included.
    resp = HttpResponse(400, {}, json.dumps({"detail": f"Bad key {KEY} for 1900000000001 see https://x.example/?k=1"}))
    try:
        octopus.parse_account(resp)
    except UserError as err:
        assert_user_message(err, {"1900000000001"})
        assert "Bad key" in err.message
    else:
        raise AssertionError("a 400 must raise")


def test_messages_about_a_meter_never_name_its_serial():
    # Found: a failing meter's warning read "… for the Electricity (meter 1111111111) …".
    request = octopus.consumption_request(BASE, "gas", "1234567890", "12345678901234", NOW - 86400, NOW, api_key=KEY)
    assert "12345678901234" not in request.label and "1234567890" not in request.label


def test_nan_and_infinite_readings_never_reach_a_series():
    # Found: JSON's NaN passed every plausibility check (NaN compares false) and reached the £ as NaN.
    start = NOW - 86400
    page = {"count": 4, "next": None, "results": [
        {"consumption": c, "interval_start": isoformat_utc(start + HALF_HOUR * i),
         "interval_end": isoformat_utc(start + HALF_HOUR * (i + 1))}
        for i, c in enumerate([math.nan, math.inf, 10**400, 0.25])]}
    got = octopus.parse_consumption_page(reply(page))
    assert got.readings == ((start + 3 * HALF_HOUR, 0.25),) and got.skipped == 3
    assert glow.parse_readings(reply({"data": [[start, math.nan], [start + HALF_HOUR, 10**400], [start + 60, 1.0],
                                               [start + 2 * HALF_HOUR, 0.5]]})) == [
        (start, None), (start + HALF_HOUR, None), (start + 2 * HALF_HOUR, 0.5)]


def test_a_meter_whose_every_reading_is_impossible_is_a_warning_not_the_end_of_the_load():
    # Found: the importers' "No usable readings in this file" ended the whole load, other fuels with it.
    start = NOW - 86400

    class Transport:
        async def send(self, request):
            if request.url.endswith("/auth"):
                return reply({"valid": True, "token": GLOW_TOKEN})
            if request.url.endswith("/virtualentity"):
                return reply(GLOW_RESOURCES)
            if request.url.endswith(("/first-time", "/last-time")):
                return reply({"data": {"firstTs": start, "lastTs": NOW - HALF_HOUR}})
            return reply(glow_readings(start, 48, -5 if "res-gas" in request.url else 0.4))

    h = run_sync(load_glowmarkt(Transport(), base=glow.BASE, username="me@example.com", password=PASSWORD, now=NOW,
                                sleep=no_sleep))
    assert set(h.series) == {"electricity"}
    gas = [w for w in h.facts.warnings if w.fuel == "gas"]
    assert gas and gas[0].kind == "malformed" and "file" in gas[0].message


def test_a_token_whose_expiry_is_nan_or_infinite_lasts_the_usual_time():
    # Found: int(NaN) raised ValueError and int(Infinity) OverflowError from parse_token.
    for claims in ("eyJleHAiOiBOYU59", "eyJleHAiOiAxZTk5OX0"):  # {"exp": NaN}, {"exp": 1e999}
        token = gql.parse_token(reply({"data": {"obtainKrakenToken": {"token": f"a.{claims}.c"}}}), NOW)
        assert token.expires_at == NOW + gql.TOKEN_LIFETIME


def test_a_statements_page_that_repeats_counts_each_statement_once():
    # Found: a cursor that did not move on gave the same statement twelve times.
    class Transport:
        async def send(self, request):
            return reply({"data": {"obtainKrakenToken": {"token": JWT}}} if "obtainKrakenToken" in request.body
                         else STATEMENT)

    got = run_sync(get_statements(Transport(), base=BASE, sign_in=OctopusSignIn("A-68XX9999", KEY), now=NOW))
    assert [s.id for s in got] == ["QmlsbDox"]


def test_a_feed_file_with_a_nan_rate_or_a_missing_charge_is_refused_in_a_sentence():
    # Found: NaN rates were accepted and priced as NaN; a charge without value_exc_vat raised KeyError.
    nan_rate = copy.deepcopy(RATE_DOC)
    nan_rate["unit_rates"]["standard"]["unit_rate_p_per_kwh_exc_vat"]["values"][1] = math.nan
    no_charge = copy.deepcopy(RATE_DOC)
    del no_charge["standing_charges_p_per_day"][0]["value_exc_vat"]
    for doc in (nan_rate, no_charge):
        for parse in (feed_files.parse_rate_file, check_rate_doc):
            try:
                parse(doc)
            except feed_files.FeedFormatError as err:
                assert_user_message(err)
            else:
                raise AssertionError(f"{parse.__name__} accepted a broken file")


def test_octopus_rows_that_are_no_reading_are_gaps_and_said_so():
    # Found: with every electricity value NaN the load said "no half-hourly readings yet"; a few NaN vanished unsaid.
    start = NOW - 2 * 86400

    def load(electricity_value):
        class Transport:
            async def send(self, request):
                if "/accounts/" in request.url:
                    return reply(ACCOUNT_DOCS["account_octometer_two_meters.json"])
                doc = consumption_doc(start, 96, value=electricity_value if "electricity" in request.url else 0.3)
                doc["results"][5]["consumption"] = math.inf
                return reply(doc)

        return run_sync(load_octopus(Transport(), base=BASE, account_number="B-1234A1A1", api_key=KEY, now=NOW,
                                     sleep=no_sleep))

    h = load(math.nan)
    assert set(h.series) == {"gas"}
    assert [(w.fuel, w.kind) for w in h.facts.warnings] == [("electricity", "malformed"), ("gas", "skipped")]
    assert "2 half-hours" in h.facts.warnings[1].message  # one a meter, two meters on the point
    h = load(0.3)
    assert h.series["electricity"].values.count(None) == 1 and {w.kind for w in h.facts.warnings} == {"skipped"}


def test_a_first_reading_dated_1970_does_not_plan_two_thousand_requests():
    # Found by reading the span code while fuzzing firstTs: firstTs 1 planned a window every 10 days from 1970.
    asked = []

    class Transport:
        async def send(self, request):
            asked.append(request.url)
            if request.url.endswith("/auth"):
                return reply({"valid": True, "token": GLOW_TOKEN})
            if request.url.endswith("/virtualentity"):
                return reply([{"resources": GLOW_RESOURCES[0]["resources"][:1]}])  # electricity only
            if request.url.endswith("/first-time"):
                return reply({"data": {"firstTs": 1}})
            if request.url.endswith("/last-time"):
                return reply({"data": {"lastTs": NOW - HALF_HOUR}})
            return reply(glow_readings(NOW - 86400, 48))

    h = run_sync(load_glowmarkt(Transport(), base=glow.BASE, username="me@example.com", password=PASSWORD, now=NOW,
                                sleep=no_sleep, concurrency=1))
    assert set(h.series) == {"electricity"}
    assert sum("/readings" in u for u in asked) <= (NOW - 1293840000) // (10 * 86400) + 1  # from 2011, not 1970


def test_bright_items_that_are_no_reading_are_gaps_and_said_so():
    # Found: a NaN from Bright became a gap like the API's own nulls, unsaid; all NaN read as "no readings yet".
    start = NOW - 86400

    def load(values):
        class Transport:
            async def send(self, request):
                if request.url.endswith("/auth"):
                    return reply({"valid": True, "token": GLOW_TOKEN})
                if request.url.endswith("/virtualentity"):
                    return reply([{"resources": GLOW_RESOURCES[0]["resources"][:1]}])  # electricity only
                if request.url.endswith(("/first-time", "/last-time")):
                    return reply({"data": {"firstTs": start, "lastTs": NOW - HALF_HOUR}})
                return reply({"data": [[start + HALF_HOUR * i, v] for i, v in enumerate(values)]})

        return run_sync(load_glowmarkt(Transport(), base=glow.BASE, username="me@example.com", password=PASSWORD,
                                       now=NOW, sleep=no_sleep))

    h = load([0.2, math.nan, None, "0.3", "nan", True, 0.4])  # "0.3" is a reading, as from Octopus
    assert [(w.kind, "3 half-hours" in w.message) for w in h.facts.warnings] == [("skipped", True)]
    assert h.series["electricity"].values[:7] == (0.2, None, None, 0.3, None, None, 0.4)
    try:
        load([math.nan] * 4)
    except UserError as err:
        assert_user_message(err)
        assert err.kind == "malformed" and "cannot use" in err.message
    else:
        raise AssertionError("a history of NaN loaded")
