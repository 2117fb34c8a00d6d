import json

import pytest

from pyruntime.bridge import run_sync
from pyruntime.providers import glowmarkt as g
from pyruntime.providers.errors import ProviderError
from pyruntime.providers.http import HttpResponse
from pyruntime.providers.paging import collect_windows

T0 = 1714521600  # 2024-05-01T00:00Z
TOKEN = g.Token("eyJ.secret.token", 1718000000)



class FixtureTransport:
    def __init__(self, replies):
        self.replies = list(replies)
        self.sent = []

    async def send(self, request):
        self.sent.append(request)
        return self.replies.pop(0)


async def no_sleep(seconds):
    return None


def test_auth_puts_credentials_in_the_body_only_and_hides_them():
    r = g.auth_request(g.BASE, "me@example.com", "hunter2!")
    assert r.method == "POST" and r.url == "https://api.glowmarkt.com/api/v0-1/auth"
    assert r.headers["applicationId"] == g.APPLICATION_ID
    assert json.loads(r.body) == {"username": "me@example.com", "password": "hunter2!"}
    assert "hunter2" not in repr(r) and "hunter2" not in r.full_url()


@pytest.mark.parametrize(
    "resp",
    [HttpResponse(401, {}, ""), HttpResponse(200, {}, '{"valid": false}'), HttpResponse(200, {}, '{"error": {}}')],
)
def test_refused_logins_are_auth_errors(resp):
    with pytest.raises(ProviderError) as e:
        g.parse_token(resp)
    assert e.value.kind == "auth"


def test_token_is_parsed_and_hidden():
    t = g.parse_token(HttpResponse(200, {}, '{"valid": true, "token": "abc.def", "exp": 1718000000}'))
    assert t.token == "abc.def" and t.exp == 1718000000 and "abc.def" not in repr(t)
    req = g.resources_request(g.BASE, t)
    assert "abc.def" not in repr(req) and req.headers["token"] == "abc.def"


def test_resources_from_virtual_entities_by_classifier_or_type_id():
    doc = [
        {
            "veId": "v1",
            "resources": [
                {"resourceId": "aaaa-1", "resourceTypeId": "e3a5db34-6e0c-4221-9653-8d33e27511ba"},
                {"resourceId": "bbbb-2", "resourceTypeId": "78859e39-611e-4e84-a402-1d4460abcb56"},
                {"resourceId": "cccc-3", "classifier": "gas.consumption"},
                {"resourceId": "dddd-4", "classifier": "electricity.export"},
            ],
        }
    ]
    got = g.parse_resources(HttpResponse(200, {}, json.dumps(doc)))
    assert [(r.resource_id, r.fuel) for r in got] == [
        ("aaaa-1", "electricity"),
        ("cccc-3", "gas"),
        ("dddd-4", "export"),
    ]
    with pytest.raises(ProviderError, match="no electricity or gas meter"):
        g.parse_resources(HttpResponse(200, {}, "[]"))


def test_windows_are_at_most_ten_days_and_cover_the_range():
    w = g.plan_readings_windows(T0, T0 + 86400 * 25)
    assert w == [(T0, T0 + 864000), (T0 + 864000, T0 + 1728000), (T0 + 1728000, T0 + 86400 * 25)]
    assert len(g.plan_readings_windows(T0, T0 + 86400 * 365)) == 37


def test_readings_request_and_nulls_as_gaps():
    res = g.Resource("aaaa-1", "electricity", "electricity.consumption")
    r = g.readings_request(g.BASE, TOKEN, res, T0, T0 + 864000)
    assert r.params["from"] == "2024-05-01T00:00:00" and r.params["to"] == "2024-05-10T23:59:59"
    assert r.params["period"] == "PT30M" and "secret" not in r.full_url()
    body = {"data": [[T0, 0.2], [T0 + 1800, None], [T0 + 3600, 0]], "units": "kWh"}
    assert g.parse_readings(HttpResponse(200, {}, json.dumps(body))) == [(T0, 0.2), (T0 + 1800, None), (T0 + 3600, 0.0)]


def test_collect_windows_stops_at_a_failure_with_missing_months():
    res = g.Resource("aaaa-1", "gas", "gas.consumption")
    windows = g.plan_readings_windows(T0, T0 + 86400 * 40)
    reqs = [g.readings_request(g.BASE, TOKEN, res, a, b) for a, b in windows]
    ok = HttpResponse(200, {}, json.dumps({"data": [[T0 + 1800 * i, 0.1] for i in range(480)]}))
    t = FixtureTransport([ok] + [HttpResponse(502, {})] * 3)
    got = run_sync(collect_windows(t, reqs, g.parse_readings, name=g.NAME, credentials=g.CREDENTIALS, sleep=no_sleep))
    assert not got.complete and len(got.readings) == 480
    assert got.missing_months == ("2024-05", "2024-06") and got.error.kind == "provider_down"
