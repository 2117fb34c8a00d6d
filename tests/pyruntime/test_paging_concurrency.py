"""Glowmarkt windows a few at a time: same readings, clean prefix on failure, bounded in flight.

Needs a real event loop (asyncio.gather), so it runs on CPython only; the
sequential path (concurrency 1) is covered in both runtimes by the loader tests.
"""

import asyncio
import datetime as dt
import json
import sys

import pytest

from pyruntime.providers.http import HttpRequest, HttpResponse
from pyruntime.providers.paging import collect_windows

pytestmark = pytest.mark.skipif(sys.platform == "emscripten", reason="asyncio.run needs a real event loop")

JAN_2023 = 1_672_531_200  # 2023-01-01T00:00Z [s]
WINDOWS = [(JAN_2023 + i * 864_000, JAN_2023 + (i + 1) * 864_000) for i in range(10)]  # ten 10-day windows


class SlowTransport:
    """Answers each window with two readings after a tick; can fail one window with a 500."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.in_flight = self.most_in_flight = 0
        self.fail_at = fail_at

    async def send(self, request: HttpRequest) -> HttpResponse:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0.001)
        self.in_flight -= 1
        start = int(dt.datetime.fromisoformat(request.params["from"] + "+00:00").timestamp())
        if self.fail_at is not None and start == WINDOWS[self.fail_at][0]:
            return HttpResponse(500, {}, "{}")
        body = json.dumps({"data": [[start, 1.0], [start + 1800, 2.0]]})
        return HttpResponse(200, {"content-type": "application/json"}, body)


def iso(t: int) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def requests() -> list[HttpRequest]:
    return [HttpRequest("GET", "https://glow.test/readings", params={"from": iso(a), "to": iso(b - 1)}, label="Gas")
            for a, b in WINDOWS]


def parse(resp: HttpResponse) -> list[tuple[int, float | None]]:
    return [(t, v) for t, v in json.loads(resp.body)["data"]]


async def no_wait(seconds: float) -> None:
    return None


def collect(transport, concurrency):
    return asyncio.run(collect_windows(transport, requests(), parse, name="Bright", credentials="password",
                                       sleep=no_wait, concurrency=concurrency))


def test_a_few_at_a_time_gives_the_same_readings_as_one_at_a_time():
    one, three = SlowTransport(), SlowTransport()
    sequential, parallel = collect(one, 1), collect(three, 3)
    assert parallel.readings == sequential.readings
    assert len(parallel.readings) == 20 and parallel.complete
    assert one.most_in_flight == 1
    assert three.most_in_flight == 3


def test_a_failure_keeps_only_the_windows_before_it():
    result = collect(SlowTransport(fail_at=4), 3)
    assert not result.complete
    assert [t for t, _ in result.readings] == [t for a, _ in WINDOWS[:4] for t in (a, a + 1800)]
    assert result.error is not None and result.error.kind == "provider_down"
