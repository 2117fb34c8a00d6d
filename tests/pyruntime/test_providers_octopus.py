"""Octopus client: requests, parsing, stitching and paging, with no network."""

import json
from pathlib import Path

import pytest

from pyruntime.bridge import run_sync
from pyruntime.providers import octopus
from pyruntime.providers.errors import ProviderError
from pyruntime.providers.http import HttpRequest, HttpResponse
from pyruntime.providers.paging import RetryPolicy, collect_consumption, months_without_readings
from pyruntime.timeseries.londontime import isoformat_utc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "octopus_api"
KEY = "sk_live_TESTKEY0123456789abcd"
T0 = 1672531200  # 2023-01-01T00:00Z


class FixtureTransport:
    """Replies from a queue of responses (or exceptions); records what was sent."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.sent: list[HttpRequest] = []

    async def send(self, request):
        self.sent.append(request)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


class Sleeps:
    def __init__(self):
        self.waits = []

    async def __call__(self, seconds):
        self.waits.append(seconds)


def page(start, n, next_url=None, count=None):
    results = [
        {
            "consumption": 0.1 + (i % 7) / 100,
            "interval_start": isoformat_utc(start + 1800 * i),
            "interval_end": isoformat_utc(start + 1800 * (i + 1)),
        }
        for i in range(n)
    ]
    body = {"count": count or n, "next": next_url, "previous": None, "results": results}
    return HttpResponse(200, {"content-type": "application/json"}, json.dumps(body))


def account(name):
    return HttpResponse(200, {}, (FIXTURES / name).read_text())


def consumption_req(**kw):
    return octopus.consumption_request(
        octopus.BASE, "electricity", "1200012345678", "21L1234567", T0, T0 + 86400 * 90 - 3600, api_key=KEY, **kw
    )


# --- credentials never leak -------------------------------------------------------------


def test_key_goes_only_in_the_authorization_header_and_is_redacted():
    r = octopus.account_request(octopus.BASE, " a-1b2c3d4e ", KEY)
    assert r.url == "https://api.octopus.energy/v1/accounts/A-1B2C3D4E/"
    assert r.headers["Authorization"] == "Basic c2tfbGl2ZV9URVNUS0VZMDEyMzQ1Njc4OWFiY2Q6"
    assert KEY not in r.full_url() and KEY not in repr(r) and KEY not in str(r)
    assert "c2tf" not in repr(r)
    c = consumption_req()
    assert KEY not in c.full_url() and "c2tf" not in repr(c)


@pytest.mark.parametrize("bad", ["", "sk live", "sk_live_x:y", "sk_live_<script>"])
def test_malformed_keys_are_refused_without_echoing_them(bad):
    with pytest.raises(ProviderError) as e:
        octopus.account_request(octopus.BASE, "A-1B2C3D4E", bad)
    assert bad.strip() == "" or bad not in e.value.message


def test_account_number_is_checked_before_it_reaches_a_url():
    with pytest.raises(ProviderError, match="account number"):
        octopus.account_request(octopus.BASE, "A-1B/../../x", KEY)


def test_next_link_to_another_host_is_refused():
    first = consumption_req()
    with pytest.raises(ProviderError):
        octopus.next_request(first, "https://evil.example/v1/?page=2")
    nxt = octopus.next_request(first, "https://api.octopus.energy/v1/x/?page=2")
    assert nxt.headers == first.headers and nxt.params == {}


def test_consumption_request_is_ordered_and_uses_the_full_page():
    c = consumption_req()
    assert c.params == {
        "period_from": "2023-01-01T00:00:00Z",
        "period_to": "2023-03-31T23:00:00Z",
        "page_size": "25000",
        "order_by": "period",
    }
    assert c.url.endswith("/electricity-meter-points/1200012345678/meters/21L1234567/consumption/")
    g = octopus.consumption_request(octopus.BASE, "gas", "1234567890", "E6S1", T0, T0 + 1800, api_key=KEY)
    assert "/gas-meter-points/1234567890/" in g.url


# --- account ----------------------------------------------------------------------------


def test_account_with_import_export_and_gas():
    a = octopus.parse_account(account("account_markallanson.json"))
    kinds = [(p.kind, p.mpxn, p.serials) for p in a.meter_points]
    assert kinds == [
        ("electricity", "9999999999999", ("ESESESESES",)),  # the serial listed twice is kept once
        ("export", "EXPORT_MPAN", ("EXPORT_SN",)),
        ("gas", "9999999999", ("GSGSGSGSGSGSGS",)),
    ]
    assert a.region == "A"
    gas = a.meter_points[2]
    assert [(x.tariff_code, x.valid_to is None) for x in gas.agreements] == [
        ("G-1R-VAR-16-10-31-A", False),
        ("G-1R-VAR-17-01-11-A", True),
    ]
    kept = repr(a)  # addresses are read past, never kept
    assert "address_line_1" not in kept and "XXXXXXX" not in kept


def test_account_with_replaced_meters_and_a_local_offset_in_agreements():
    a = octopus.parse_account(account("account_octometer_two_meters.json"))
    elec, gas = a.meter_points
    assert elec.serials == ("1111111111", "2222222222") and gas.serials == ("12345678901234", "09876543210987")
    assert a.region == "N"
    assert isoformat_utc(elec.agreements[1].valid_to) == "2023-03-31T23:00:00Z"
    assert elec.agreements[2].product_code == "VAR-22-11-01"


def test_export_detected_from_the_tariff_when_is_export_is_missing():
    doc = {
        "number": "A-1",
        "properties": [
            {
                "moved_out_at": None,
                "electricity_meter_points": [
                    {"mpan": "1", "meters": [], "agreements": [{"tariff_code": "E-1R-OUTGOING-FIX-12M-19-05-13-C"}]}
                ],
            }
        ],
    }
    (p,) = octopus.parse_account(HttpResponse(200, {}, json.dumps(doc))).meter_points
    assert p.kind == "export" and "Outgoing" in p.kind_reason


def test_moved_out_properties_are_skipped():
    doc = {
        "properties": [
            {"moved_out_at": "2020-01-01T00:00:00Z", "gas_meter_points": [{"mprn": "old", "meters": []}]},
            {"moved_out_at": None, "gas_meter_points": [{"mprn": "new", "meters": []}]},
        ]
    }
    a = octopus.parse_account(HttpResponse(200, {}, json.dumps(doc)))
    assert [p.mpxn for p in a.meter_points] == ["new"] and a.other_properties == 1


@pytest.mark.parametrize(
    ("status", "body", "kind", "words"),
    [
        (401, '{"detail":"Invalid username/password."}', "auth", "did not accept"),
        (403, '{"detail":"You do not have permission to perform this action."}', "auth", "do not match"),
        (403, "<html><head><title>403 Forbidden</title></head></html>", "rate_limited", "Wait a few minutes"),
        (404, '{"detail":"Not found."}', "not_found", "does not know"),
        (503, "", "provider_down", "error 503"),
        (200, "<html>oops", "malformed", "could not read"),
        (200, '{"properties": []}', "no_data", "no properties"),
    ],
)
def test_account_errors_are_actionable(status, body, kind, words):
    with pytest.raises(ProviderError, match=words) as e:
        octopus.parse_account(HttpResponse(status, {}, body))
    assert e.value.kind == kind


# --- consumption pages ------------------------------------------------------------------


def test_consumption_page_with_bst_offsets_and_a_broken_row():
    resp = HttpResponse(200, {}, (FIXTURES / "consumption_markallanson_hand_edited.json").read_text())
    p = octopus.parse_consumption_page(resp)
    assert [isoformat_utc(t) for t, _ in p.readings] == ["2018-05-18T23:30:00Z", "2018-05-18T23:00:00Z"]
    assert p.skipped == 1 and p.next_url.startswith("https://api.octopus.energy")


def test_stitching_prefers_the_newer_meter_and_counts_overlaps():
    old = [(T0 + 1800 * i, 1.0) for i in range(10)]
    new = [(T0 + 1800 * i, 2.0) for i in range(8, 20)]
    merged, report = octopus.stitch_meters({"OLD": old, "NEW": new, "SPARE": []})
    assert len(merged) == 20 and merged[7][1] == 1.0 and merged[8][1] == 2.0
    assert report.serials_used == ("NEW", "OLD") and report.overlaps == 2 and report.disagreements == 2
    channel = octopus.consumption_channel("electricity", merged)
    assert channel.series.present == 20 and channel.report.gaps == ()


def test_gas_in_cubic_metres_is_held_to_the_cubic_metre_limit():
    # A SMETS2 meter: about 0.2 m³ a half-hour for ten days, and one 10.0 reading: below the 34 kWh limit,
    # far above what a domestic gas meter passes in half an hour (3 m³).
    readings = [(T0 + 1800 * i, 10.0 if i == 100 else 0.2) for i in range(480)]
    channel = octopus.consumption_channel("gas", readings)
    assert channel.unit == "m3" and channel.faulty == ((T0 + 1800 * 100, 10.0),)
    assert "taken as m³" in channel.report.to_json()["unit_reason"]
    # A SMETS1 meter (kWh): the same shape ten times larger is plausible gas use, kept whole.
    kwh = octopus.consumption_channel("gas", [(t, v * 10) for t, v in readings if v != 10.0])
    assert kwh.unit == "kWh" and not kwh.faulty


def test_no_readings_at_all_says_no_data():
    with pytest.raises(ProviderError) as e:
        octopus.consumption_channel("gas", [])
    assert e.value.kind == "no_data" and "gas meter" in e.value.message


# --- paging -------------------------------------------------------------------------------


def test_collect_follows_next_links_and_reports_progress():
    nxt = "https://api.octopus.energy/v1/electricity-meter-points/1/meters/2/consumption/?page=2"
    t = FixtureTransport([page(T0, 100, nxt, count=150), page(T0 + 1800 * 100, 50, None, count=150)])
    seen = []
    got = run_sync(collect_consumption(t, consumption_req(), lambda *a: seen.append(a), sleep=Sleeps()))
    assert got.complete and got.pages == 2 and len(got.readings) == 150
    assert [s[1:] for s in seen] == [(100, 150), (150, 150)]
    assert t.sent[1].full_url() == nxt and t.sent[1].headers["Authorization"].startswith("Basic ")


def test_429_is_retried_honouring_retry_after():
    sleeps = Sleeps()
    t = FixtureTransport([HttpResponse(429, {"retry-after": "7"}), HttpResponse(429, {}), page(T0, 10)])
    got = run_sync(collect_consumption(t, consumption_req(), sleep=sleeps))
    assert got.complete and sleeps.waits == [7.0, 4.0]


def test_persistent_429_on_the_first_page_raises_rate_limited():
    t = FixtureTransport([HttpResponse(429, {"retry-after": "1"})] * 4)
    with pytest.raises(ProviderError) as e:
        run_sync(collect_consumption(t, consumption_req(), sleep=Sleeps()))
    assert e.value.kind == "rate_limited" and len(t.sent) == 4


def test_a_500_mid_history_returns_a_partial_history_naming_missing_months():
    nxt = "https://api.octopus.energy/v1/x/?page=2"
    sleeps = Sleeps()
    t = FixtureTransport([page(T0, 1488, nxt, count=4320)] + [HttpResponse(500, {})] * 3)  # 31 days, then 500s
    got = run_sync(collect_consumption(t, consumption_req(), sleep=sleeps, policy=RetryPolicy(server_error_attempts=3)))
    assert not got.complete and got.error.kind == "provider_down"
    assert got.missing_months == ("2023-02", "2023-03")
    assert "February 2023 and March 2023" in got.error.message
    assert sleeps.waits == [2.0, 4.0]


def test_a_history_that_ends_before_its_count_is_partial_and_names_the_missing_months():
    # The provider says 4320 half-hours (90 days) but its second page is empty with no next link.
    nxt = "https://api.octopus.energy/v1/x/?page=2"
    t = FixtureTransport([page(T0, 1488, nxt, count=4320), page(T0, 0, None, count=4320)])
    got = run_sync(collect_consumption(t, consumption_req(), sleep=Sleeps()))
    assert not got.complete and got.error.kind == "incomplete"
    assert len(got.readings) == 1488
    assert got.missing_months == ("2023-02", "2023-03")
    assert "4,320" in got.error.message and "1,488" in got.error.message
    assert "February 2023 and March 2023" in got.error.message


def test_network_or_cors_failure_offers_the_file_route():
    t = FixtureTransport([OSError("TypeError: Failed to fetch")])
    with pytest.raises(ProviderError) as e:
        run_sync(collect_consumption(t, consumption_req(), sleep=Sleeps()))
    assert e.value.kind == "unreachable" and "file" in e.value.message
    assert "Failed to fetch" not in e.value.message and KEY not in e.value.message


def test_wrong_key_on_consumption_is_not_retried():
    t = FixtureTransport([HttpResponse(401, {}, '{"detail":"Invalid"}')])
    with pytest.raises(ProviderError) as e:
        run_sync(collect_consumption(t, consumption_req(), sleep=Sleeps()))
    assert e.value.kind == "auth" and len(t.sent) == 1


def test_months_without_readings_counts_from_the_last_reading():
    assert months_without_readings([(T0, 1.0)], (T0, T0 + 86400 * 59)) == ["2023-01", "2023-02"]
    assert months_without_readings([], (T0, T0 + 86400 * 31)) == ["2023-01"]
