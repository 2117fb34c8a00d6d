import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyruntime import bridge
from pyruntime.errors import BadInput
from pyruntime.household import Household
from pyruntime.timeseries.series import Series


def call(op, payload=None, msg_id=1):
    return json.loads(bridge.handle(json.dumps({"v": 1, "id": msg_id, "op": op, "payload": payload or {}})))


@pytest.fixture(autouse=True)
def fresh_session():
    bridge.SESSION.forget()
    yield
    bridge.SESSION.forget()


def test_replies_carry_the_protocol_version_and_python_time():
    reply = call("forget")
    assert reply.pop("python_ms") >= 0
    assert reply == {"v": 1, "id": 1, "ok": True, "result": {"forgotten": True}}


def test_report_on_the_demo_loads_it_and_returns_a_view_model():
    reply = call("report", {"source": "demo", "params": {"report": "consumption", "fuel": "gas", "month": "2023-01"}},
                 msg_id=7)
    assert reply["id"] == 7 and reply["ok"]
    r = reply["result"]
    assert r["view"] == {"report": "consumption", "fuel": "gas", "month": "2023-01"}
    assert r["source"] == "demo"
    assert r["title"] == "Gas: Jan 2023"
    assert [t["label"] for t in r["tabs"]] == ["Electricity import", "Gas", "Electricity export"]
    assert [t["current"] for t in r["tabs"]] == [False, True, False]
    assert r["pager"]["next"]["month"] == "2023-02"
    assert r["notices"] == []
    chart = r["blocks"][0]
    assert chart["type"] == "bars" and len(chart["bars"]) == 31
    first_day = {"report": "consumption", "fuel": "gas", "month": "2023-01", "day": "2023-01-01"}
    assert chart["bars"][0]["drill"] == first_day
    assert any(m["current"] and m["params"]["report"] == "consumption" for m in r["menu"])


def test_a_url_without_a_report_opens_the_overview():
    r = call("report", {"source": "demo", "params": {}})["result"]
    assert r["view"] == {"report": "overview", "fuel": "electricity"}
    assert r["title"] == "Overview"
    assert any(m["current"] and m["params"]["report"] == "overview" for m in r["menu"])


def test_bad_url_parameters_come_back_as_notices_not_errors():
    r = call("report", {"source": "demo", "params": {"report": "consumption", "fuel": "steam", "month": "2025-13"}})[
        "result"]
    assert r["view"] == {"report": "consumption", "fuel": "electricity"}
    assert len(r["notices"]) == 2


def test_unknown_op_and_unloaded_source_are_error_replies():
    assert call("explode")["error"]["kind"] == "bad_request"
    reply = call("report", {"source": "octopus"})
    assert not reply["ok"]
    assert "load it first" in reply["error"]["message"]
    assert reply["error"]["kind"] == "not_loaded"  # the page branches on this, never on the message


def with_ops(monkeypatch, **extra):
    """The bridge answering ``extra`` ops besides its own."""
    own = bridge.handler
    monkeypatch.setattr(bridge, "handler", lambda name: extra.get(name) or own(name))


def test_a_user_error_keeps_its_message_and_anything_else_is_reported_as_our_bug(monkeypatch):
    async def users_fault(ctx):
        raise BadInput("“2023-13” is not a month (YYYY-MM)")

    async def our_fault(ctx):
        return {}["missing"]

    async def plain_value_error(ctx):
        raise ValueError("a series must start on a half-hour boundary (UTC)")

    with_ops(monkeypatch, test_users_fault=users_fault, test_our_fault=our_fault, test_plain=plain_value_error)
    user = call("test_users_fault")["error"]
    assert user == {"type": "BadInput", "kind": "bad_input", "message": "“2023-13” is not a month (YYYY-MM)"}
    for op in ("test_our_fault", "test_plain"):
        bug = call(op)["error"]
        assert bug["type"] == "InternalError" and bug["kind"] == "bug"
        assert bug["message"].startswith("This is a bug in Half-Hourly")


def test_malformed_messages_never_raise():
    reply = json.loads(bridge.handle("{not json"))
    assert reply["ok"] is False
    assert reply["id"] is None
    reply = call("report", payload=None) | {}
    assert reply["ok"]  # an empty payload means the demo's default view


def test_forget_drops_loaded_data():
    assert call("report", {"source": "demo"})["ok"]
    assert bridge.SESSION.demo is not None
    assert call("forget")["result"] == {"forgotten": True}
    assert bridge.SESSION.household is None and bridge.SESSION.demo is None


def test_ops_that_wait_on_the_network_fail_clearly_without_an_event_loop(monkeypatch):
    async def waits(ctx):
        import asyncio

        await asyncio.sleep(0)
        return {}

    with_ops(monkeypatch, test_waits=waits)
    with pytest.raises(RuntimeError, match="waits on the network"):
        bridge.handle(json.dumps({"id": 1, "op": "test_waits"}))


def test_cross_report_settings_ride_along_in_the_url_and_menu():
    params = {"report": "consumption", "region": "A", "custom": "electricity~Fixed~24.5~45"}
    r = call("report", {"source": "demo", "params": params})["result"]
    assert r["view"]["region"] == "A"
    assert r["view"]["custom"] == "electricity~Fixed~24.5~45"
    assert all(m["params"]["region"] == "A" for m in r["menu"])
    assert all(t["params"]["region"] == "A" for t in r["tabs"])


def test_deeply_nested_json_is_refused_before_it_can_crash_the_worker():
    from pyruntime.fileformats import safejson
    from pyruntime.providers.errors import ProviderError, read_json
    from pyruntime.providers.http import HttpResponse

    hostile = "[" * 100_000 + "]" * 100_000
    with pytest.raises(safejson.TooDeep):
        safejson.loads(hostile)
    with pytest.raises(ProviderError) as err:
        read_json(HttpResponse(200, {}, hostile), "Octopus Energy", "account", credentials="API key")
    assert err.value.kind == "malformed"
    assert safejson.loads('{"a": [1, {"b": [2]}]}') == {"a": [1, {"b": [2]}]}


def test_brackets_quoted_inside_strings_are_not_nesting():
    from pyruntime.fileformats import safejson

    # A provider's error message quoting a hostile body, kept in a saved reply or a feed's run log.
    doc = {"failures": [{"message": "malformed JSON: body starts '" + "[" * 60 + "'"}], "x": "\\\"]]]{{{"}
    assert safejson.loads(json.dumps(doc)) == doc
    assert safejson.too_deep('[' * 21 + '"' + "]" * 21)  # an unterminated string hides nothing
    # Closing brackets in a string do not cancel the nesting after it (json.loads would recurse into it).
    hidden = '["' + "]" * 100_000 + '", ' + "[" * 100_000 + "]" * 100_001
    with pytest.raises(safejson.TooDeep):
        safejson.loads(hidden)


def _depth(value: object) -> int:
    children = value if isinstance(value, list) else value.values() if isinstance(value, dict) else ()
    return 1 + max(map(_depth, children), default=0) if isinstance(value, (list, dict)) else 0


_BRACKETY = st.text(alphabet='[]{}"\\ab', max_size=12)
_NESTED = st.recursive(
    _BRACKETY | st.integers(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_BRACKETY, inner, max_size=3),
    max_leaves=40,
)


@given(_NESTED, st.integers(min_value=0, max_value=6))
def test_too_deep_counts_exactly_the_nesting_outside_strings(value, max_depth):
    from pyruntime.fileformats import safejson

    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, indent=1)):
        assert safejson.too_deep(text, max_depth) == (_depth(value) > max_depth)


def test_a_figure_json_cannot_carry_is_a_typed_error_with_a_message():
    # Two absurd readings that an older loader let through: their sum overflows to infinity.
    bridge.SESSION.replace(Household("file", {"electricity": Series("electricity", 1672531200, (1e308, 1e308))}))
    reply = call("report", {"source": "file", "params": {"report": "consumption"}})
    assert not reply["ok"] and reply["error"]["type"] == "NotShowable"
    assert "not a finite number" in reply["error"]["message"]
