import json

import pytest

from pyruntime import bridge


def call(op, payload=None, msg_id=1):
    return json.loads(bridge.handle(json.dumps({"v": 1, "id": msg_id, "op": op, "payload": payload or {}})))


@pytest.fixture(autouse=True)
def fresh_session():
    bridge.SESSION.forget()
    yield
    bridge.SESSION.forget()


def test_ping_reports_the_protocol_version_and_python_time():
    reply = call("ping")
    assert reply.pop("python_ms") >= 0
    assert reply == {"v": 1, "id": 1, "ok": True, "result": {"protocol": 1}}


def test_report_on_the_demo_loads_it_and_returns_a_canonical_view():
    reply = call("report", {"source": "demo", "params": {"fuel": "gas", "month": "2023-01"}}, msg_id=7)
    assert reply["id"] == 7 and reply["ok"]
    r = reply["result"]
    assert r["view"] == {"report": "consumption", "fuel": "gas", "month": "2023-01"}
    assert r["source"] == "demo"
    assert [f["fuel"] for f in r["fuels"]] == ["electricity", "gas", "export"]
    assert r["nav"]["next"]["month"] == "2023-02"
    assert r["notices"] == []


def test_bad_url_parameters_come_back_as_notices_not_errors():
    r = call("report", {"source": "demo", "params": {"fuel": "steam", "month": "2025-13"}})["result"]
    assert r["view"] == {"report": "consumption", "fuel": "electricity"}
    assert len(r["notices"]) == 2


def test_unknown_op_and_unloaded_source_are_error_replies():
    assert call("explode")["error"]["type"] == "BadRequest"
    reply = call("report", {"source": "octopus"})
    assert not reply["ok"]
    assert "load it first" in reply["error"]["message"]


def test_malformed_messages_never_raise():
    reply = json.loads(bridge.handle("{not json"))
    assert reply["ok"] is False
    assert reply["id"] is None
    reply = call("report", payload=None) | {}
    assert reply["ok"]  # an empty payload means the demo's default view


def test_forget_drops_loaded_data():
    call("load_demo")
    assert bridge.SESSION.series
    assert call("forget")["result"] == {"forgotten": True}
    assert bridge.SESSION.series == {}
