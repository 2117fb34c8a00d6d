"""Loading from Octopus through the ``load_octopus`` op, against a fake Octopus built from the demo household.

Runs on CPython and inside Pyodide: the fake transport answers at once and
sleeps are instant, so coroutines are driven without an event loop.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from pyruntime import bridge
from pyruntime.bridge import run_sync
from pyruntime.errors import BadRequest
from pyruntime.household.demo import demo_household
from pyruntime.ops import OpContext
from pyruntime.ops.load import OPS, set_gas_unit
from pyruntime.providers import octopus
from pyruntime.providers.errors import ProviderError
from pyruntime.providers.http import HttpResponse
from pyruntime.providers.octopus_loader import _meters_phrase
from pyruntime.session import Session
from pyruntime.timeseries.isotime import parse_instant
from pyruntime.timeseries.londontime import HALF_HOUR, isoformat_utc

API = "https://octopus.test"
ACCOUNT = "A-1234ABCD"
KEY = "sk_live_SECRETKEY0123456789abcdef"
NOW = 1735689600  # 2025-01-01T00:00Z
MPAN, EXPORT_MPAN, MPRN = "1900000000001", "1900000000002", "9100000001"
OLD, NEW, EXPORT, GAS = "21L0000001", "21L0000002", "21L0000003", "G4A0000001"
SWAP = 1688166000  # 2023-07-01T00:00+01:00: the import meter was replaced
DEMO = demo_household()



def account_document() -> dict:
    agreement = {"tariff_code": "E-1R-AGILE-FLEX-22-11-25-C", "valid_from": "2023-04-01T00:00:00+01:00",
                 "valid_to": None}
    return {"number": ACCOUNT, "properties": [{
        "moved_in_at": "2022-11-01T00:00:00Z", "moved_out_at": None, "address_line_1": "1 Test Street",
        "electricity_meter_points": [
            {"mpan": MPAN, "is_export": False,
             "meters": [{"serial_number": OLD}, {"serial_number": NEW}],
             "agreements": [{"tariff_code": "E-1R-VAR-22-11-01-C", "valid_from": "2022-11-01T00:00:00Z",
                             "valid_to": "2023-04-01T00:00:00+01:00"}, agreement]},
            {"mpan": EXPORT_MPAN, "is_export": True, "meters": [{"serial_number": EXPORT}],
             "agreements": [{"tariff_code": "E-1R-AGILE-OUTGOING-19-05-13-C",
                             "valid_from": "2022-11-01T00:00:00Z", "valid_to": None}]},
        ],
        "gas_meter_points": [{"mprn": MPRN, "meters": [{"serial_number": GAS}],
                              "agreements": [{"tariff_code": "G-1R-VAR-22-11-01-C",
                                              "valid_from": "2022-11-01T00:00:00Z", "valid_to": None}]}],
    }]}


class FakeOctopus:
    """Octopus's account and consumption endpoints over the demo household, with switches for failures."""

    def __init__(self, *, page_size_cap=25_000, fail_gas_after=None, rate_limited=0, gas_scale=1.0,
                 unreachable=False, empty=False):
        self.sent = []
        self.page_size_cap = page_size_cap
        self.fail_gas_after = fail_gas_after
        self.rate_limited = rate_limited
        self.gas_scale = gas_scale
        self.unreachable = unreachable
        self.empty = empty

    def readings(self, fuel, serial):
        s = DEMO[fuel]
        scale = self.gas_scale if fuel == "gas" else 1.0
        out = [(s.start + i * HALF_HOUR, v * scale) for i, v in enumerate(s.values) if v is not None]
        if self.empty:
            return []
        if serial == OLD:
            return [r for r in out if r[0] < SWAP]
        if serial == NEW:
            return [r for r in out if r[0] >= SWAP]
        return out

    async def send(self, req):
        self.sent.append(req)
        if self.unreachable:
            raise OSError("no response")
        if req.headers.get("Authorization") != "Basic " + base64.b64encode(f"{KEY}:".encode()).decode():
            return HttpResponse(401, {"content-type": "application/json"}, '{"detail": "Invalid API key."}')
        url = urlsplit(req.full_url())
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p][1:]  # drop "v1"
        if parts[:1] == ["accounts"]:
            if parts[1:] == [ACCOUNT]:
                return HttpResponse(200, {}, json.dumps(account_document()))
            return HttpResponse(404, {}, '{"detail": "Not found."}')
        if self.rate_limited:
            self.rate_limited -= 1
            return HttpResponse(429, {"retry-after": "1"}, '{"detail": "Request was throttled."}')
        fuel = {MPAN: "electricity", EXPORT_MPAN: "export", MPRN: "gas"}[parts[1]]
        rows = self.readings(fuel, parts[3])
        size = min(int(query["page_size"]), self.page_size_cap)
        page = int(query.get("page", 1))
        if fuel == "gas" and self.fail_gas_after is not None and page > self.fail_gas_after:
            return HttpResponse(500, {}, '{"detail": "Internal server error"}')
        chunk = rows[(page - 1) * size: page * size]
        nxt = f"{API}{url.path}?{urlencode({**query, 'page': page + 1})}" if page * size < len(rows) else None
        return HttpResponse(200, {}, json.dumps({"count": len(rows), "next": nxt, "results": [
            {"consumption": v, "interval_start": isoformat_utc(t), "interval_end": isoformat_utc(t + HALF_HOUR)}
            for t, v in chunk]}))


def session_with(transport):
    session = Session()
    session.transport = transport
    session.provider_bases = {"octopus_api": API, "glowmarkt_api": "https://glow.test"}
    session.sleeps = []

    async def sleep(seconds):
        session.sleeps.append(seconds)

    session.sleep = sleep
    return session


def load(transport, **payload):
    session = session_with(transport)
    events = []
    payload = {"account_number": ACCOUNT, "api_key": KEY, "now": NOW, **payload}
    result = run_sync(OPS["load_octopus"](OpContext(session, payload, None, events.append)))
    return session, result, events


def total(series):
    return sum(v for v in series.values if v is not None)


def test_loads_every_meter_with_demo_totals_and_stitches_the_replaced_meter():
    fake = FakeOctopus()
    session, result, events = load(fake)
    household = session.household
    assert household.source == "octopus" and household.region == "C"
    for fuel in ("electricity", "gas", "export"):
        assert household.series[fuel].present == DEMO[fuel].present
        assert total(household.series[fuel]) == pytest.approx(total(DEMO[fuel]), abs=1e-9)
    assert household.facts.stitch["electricity"].serials_used == (f"electricity:{MPAN}:{NEW}",
                                                                  f"electricity:{MPAN}:{OLD}")
    assert "a meter was replaced" in household.facts.stitch["electricity"].notes[0]
    assert [f["fuel"] for f in result["fuels"]] == ["electricity", "gas", "export"]
    assert result["warnings"] == []
    assert result["gas"]["unit"] == "kWh" and result["gas"]["decided_by"] == "detected"
    # One request per meter: a year of half-hours is under the 25,000 page.
    consumption = [r for r in fake.sent if "consumption" in r.url]
    assert len(consumption) == 4
    labels = [e["label"] for e in events]
    assert f"Gas: {DEMO['gas'].present:,} half-hours loaded" in labels
    assert any(label.startswith("Electricity import (meter 2 of 2):") for label in labels)
    # One supply whose meter was replaced is one meter found, not two.
    assert labels[1] == "Found the electricity import meter (replaced: 2 meters on one supply), the gas meter, " \
                        "the electricity export meter"


def test_the_meters_found_are_counted_by_supply():
    def found(*points: tuple[str, tuple[str, ...]]) -> str:
        account = octopus.Account("A-1", tuple(octopus.MeterPoint(kind, f"{n}", serials, ())
                                               for n, (kind, serials) in enumerate(points)), None, 0)
        return _meters_phrase(account)

    assert found(("electricity", ("S1",))) == "the electricity import meter"
    assert found(("gas", ("G1", "G2", "G3"))) == "the gas meter (replaced: 3 meters on one supply)"
    assert found(("export", ("E1",)), ("export", ("E2",))) == "2 electricity export supplies"
    assert found(("export", ("E1", "E2")), ("export", ("E3",))) == "2 electricity export supplies (3 meters)"
    assert found(("gas", ())) == found() == "no meters"


def test_tariff_history_per_fuel_as_typed_agreements():
    session, _, _ = load(FakeOctopus())
    tariffs = session.household.facts.tariffs
    assert [a.product_code for a in tariffs["electricity"]] == ["VAR-22-11-01", "AGILE-FLEX-22-11-25"]
    first, second = tariffs["electricity"]
    assert first.valid_to == second.valid_from == parse_instant("2023-03-31T23:00:00Z")
    assert second.valid_to is None and second.region == "C" and second.payment_method is None
    assert tariffs["export"][0].tariff_code == "E-1R-AGILE-OUTGOING-19-05-13-C"
    assert tariffs["gas"][0].product_code == "VAR-22-11-01"


def test_meter_identity_per_meter_point():
    session, _, _ = load(FakeOctopus())
    meters = {m.fuel: m for m in session.household.facts.meters}
    assert meters["electricity"].mpxn == MPAN and meters["electricity"].serials == (OLD, NEW)
    assert meters["electricity"].direction == "import" and meters["export"].direction == "export"
    assert meters["export"].mpxn == EXPORT_MPAN and "export" in meters["export"].how_known
    assert meters["gas"].mpxn == MPRN and meters["gas"].serials == (GAS,)
    assert {m.region for m in meters.values()} == {"C"}


def test_the_key_goes_only_into_the_authorization_header_to_octopus():
    fake = FakeOctopus()
    session, result, events = load(fake)
    for req in fake.sent:
        assert KEY not in req.full_url() and KEY not in repr(req)
        assert req.origin == API and req.headers["Authorization"].startswith("Basic ")
    kept = json.dumps([result, events, repr(session.household.facts), run_sync(OPS["export_snapshot"](
        OpContext(session, {})))])
    encoded = base64.b64encode(f"{KEY}:".encode()).decode()
    assert KEY not in kept and encoded not in kept and "sk_live" not in kept


def test_the_provider_address_is_the_one_the_page_handed_over_at_start_up():
    fake = FakeOctopus()
    load(fake)
    assert fake.sent and all(req.origin == API for req in fake.sent)  # nothing fetched from the site itself
    session = session_with(fake)
    session.provider_bases = {}
    with pytest.raises(BadRequest, match="no address for the octopus API"):
        run_sync(OPS["load_octopus"](OpContext(session, {"account_number": ACCOUNT, "api_key": KEY, "now": NOW})))


@pytest.mark.parametrize(("payload", "kind", "words"), [
    ({"api_key": "sk_live_WRONGKEY0123456789"}, "auth", "did not accept your account number and API key"),
    ({"account_number": "A-9999ZZZZ"}, "not_found", "does not know this account number"),
    ({"account_number": "12345"}, "auth", "does not look like an Octopus account number"),
])
def test_wrong_account_or_key_gives_an_actionable_message(payload, kind, words):
    with pytest.raises(ProviderError) as caught:
        load(FakeOctopus(), **payload)
    assert caught.value.kind == kind and words in caught.value.message
    assert KEY not in caught.value.message and "sk_live" not in caught.value.message


def test_rate_limited_backs_off_then_succeeds_and_says_so():
    session, result, events = load(FakeOctopus(rate_limited=2))
    assert session.sleeps == [1.0, 1.0]
    assert any("asked us to wait" in e["label"] for e in events)
    assert result["warnings"] == []


def test_rate_limited_for_good_explains():
    with pytest.raises(ProviderError) as caught:
        load(FakeOctopus(rate_limited=100))
    assert caught.value.kind == "rate_limited" and "Wait a few minutes" in caught.value.message


def test_a_failure_mid_history_keeps_what_arrived_and_names_the_missing_months():
    session, result, _ = load(FakeOctopus(page_size_cap=5000, fail_gas_after=2))
    gas = session.household.series["gas"]
    assert gas.present == 10_000
    (warning,) = result["warnings"]
    assert warning["kind"] == "partial_history" and warning["fuel"] == "gas"
    assert warning["missing_months"] == ["2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12"]
    assert "July 2023 to December 2023 (6 months)" in warning["message"]
    assert "error 500" in warning["message"]
    assert session.household.series["electricity"].present == DEMO["electricity"].present


def test_unreachable_offers_the_file_route():
    with pytest.raises(ProviderError) as caught:
        load(FakeOctopus(unreachable=True))
    assert caught.value.kind == "unreachable"
    assert "could not be reached from your browser" in caught.value.message
    assert "file" in caught.value.message


def test_no_smart_meter_data_yet():
    with pytest.raises(ProviderError) as caught:
        load(FakeOctopus(empty=True))
    assert caught.value.kind == "no_data" and "no half-hourly readings" in caught.value.message


def test_gas_in_cubic_metres_is_detected_converted_said_and_changeable():
    session, result, _ = load(FakeOctopus(gas_scale=1 / 11.2))
    gas_unit = session.household.facts.gas_unit
    assert result["gas"]["unit"] == "m3" and gas_unit.decided_by == "detected"
    assert "cubic metres" in result["gas"]["statement"] and "× 1.02264" in result["gas"]["statement"]
    factor = 1.02264 * 39.5 / 3.6
    assert total(session.household.series["gas"]) == pytest.approx(total(DEMO["gas"]) / 11.2 * factor)
    changed = run_sync(set_gas_unit(OpContext(session, {"unit": "kWh", "calorific_value": 39.5})))
    assert changed["gas"]["decided_by"] == "you" and changed["gas"]["unit"] == "kWh"
    assert total(session.household.series["gas"]) == pytest.approx(total(DEMO["gas"]) / 11.2)
    run_sync(set_gas_unit(OpContext(session, {"unit": "m3", "calorific_value": 40.0})))
    assert total(session.household.series["gas"]) == pytest.approx(total(DEMO["gas"]) / 11.2 * 1.02264 * 40 / 3.6)
    with pytest.raises(ValueError, match="between 30 and 50"):
        run_sync(set_gas_unit(OpContext(session, {"unit": "m3", "calorific_value": 395})))


def test_a_failed_load_leaves_the_previous_household_in_place():
    session = session_with(FakeOctopus())
    run_sync(OPS["load_octopus"](OpContext(session, {"account_number": ACCOUNT, "api_key": KEY, "now": NOW})))
    before = session.household
    with pytest.raises(ProviderError):
        run_sync(OPS["load_octopus"](OpContext(session, {"account_number": ACCOUNT, "api_key": "sk_live_WRONG12345",
                                                         "now": NOW})))
    assert session.household is before


def test_the_bridge_reports_the_kind_and_never_the_key(monkeypatch):
    monkeypatch.setattr(bridge.SESSION, "transport", FakeOctopus())
    monkeypatch.setattr(bridge.SESSION, "provider_bases", {"octopus_api": API})
    message = json.dumps({"v": 1, "id": 7, "op": "load_octopus",
                          "payload": {"account_number": ACCOUNT, "api_key": "sk_live_WRONGKEY0123456789", "now": NOW}})
    reply = json.loads(run_sync(bridge.handle_async(message)))
    assert reply["ok"] is False and reply["error"]["kind"] == "auth"
    assert "WRONGKEY" not in json.dumps(reply)


def test_months_never_fetched_are_missing_in_the_reports_own_totals():
    from tests.pyruntime.sample_feeds import view_model

    session, result, _ = load(FakeOctopus(page_size_cap=5000, fail_gas_after=2))
    gas = session.household.series["gas"]
    (warning,) = result["warnings"]
    # padded with gaps to where the histories that loaded whole end (the demo's own last half-hour)
    assert gas.end == warning["missing_until"] and abs(gas.end - DEMO["gas"].end) < 86400
    assert gas.present == 10_000
    model = view_model(session, source="octopus", report="consumption", fuel="gas")
    missing = {t["label"]: t for t in model["totals"]}["Missing"]
    assert missing["warn"] and missing["value"] > 7000, missing  # months never fetched, not the demo's few gaps
    december = view_model(session, source="octopus", report="consumption", fuel="gas", month="2023-12")
    assert december["view"]["month"] == "2023-12" and not december["notices"]  # a month of gaps, not "no data"
