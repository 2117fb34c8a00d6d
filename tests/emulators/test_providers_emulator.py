"""The provider emulator itself behaves as an HTTP/1.1 server must, so browser tests see the faults they set."""

from __future__ import annotations

import http.client
import json

from tests.emulators.providers import GLOW_APP_ID, GLOW_PASSWORD, GLOW_USER, start_emulator


def test_an_outage_answer_to_a_post_leaves_the_kept_alive_connection_usable():
    """A 503 sent before the POST body was read left the body to be parsed as the next request on the same
    connection, so a browser's next request there failed as if the server had no CORS headers."""
    server, base, emulator = start_emulator()
    try:
        emulator.behaviour.outage = True
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        body = json.dumps({"username": GLOW_USER, "password": GLOW_PASSWORD, "applicationId": GLOW_APP_ID})
        for _ in range(3):
            conn.request("POST", "/glowmarkt/api/v0-1/auth", body=body,
                         headers={"Content-Type": "application/json", "applicationId": GLOW_APP_ID})
            reply = conn.getresponse()
            assert reply.status == 503 and b"Service Unavailable" in reply.read()
            assert reply.getheader("Access-Control-Allow-Origin") == "*"
        emulator.behaviour.outage = False
        conn.request("POST", "/glowmarkt/api/v0-1/auth", body=body,
                     headers={"Content-Type": "application/json", "applicationId": GLOW_APP_ID})
        reply = conn.getresponse()
        assert reply.status == 200 and json.loads(reply.read())["valid"] is True
        conn.close()
    finally:
        server.shutdown()
        server.server_close()
