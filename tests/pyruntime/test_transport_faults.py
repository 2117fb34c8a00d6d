"""Transport faults the user must hear about: another origin, no reply in time, a history that ends early."""

import pytest

from pyruntime.bridge import run_sync
from pyruntime.providers import octopus
from pyruntime.providers.errors import ProviderError
from pyruntime.providers.http import ForeignOrigin, HttpRequest, TimedOut, check_origin, origin_of
from pyruntime.providers.paging import collect_consumption, send_with_retry

KEY = "sk_live_TESTKEY0123456789abcd"
ALLOWED = frozenset({"https://half-hourly.example", "https://api.octopus.energy"})



class Raising:
    def __init__(self, exc):
        self.exc = exc
        self.sent = []

    async def send(self, request):
        self.sent.append(request)
        raise self.exc


@pytest.mark.parametrize(("url", "origin"), [
    ("https://API.Octopus.Energy:443/v1/x/", "https://api.octopus.energy"),
    ("http://127.0.0.1:8000/feeds/v1/index.json", "http://127.0.0.1:8000"),
    ("https://api.octopus.energy:8443/v1/", "https://api.octopus.energy:8443"),
    ("/relative/path", ""),
    ("javascript:alert(1)", ""),
])
def test_origin_of_compares_as_browsers_do(url, origin):
    assert origin_of(url) == origin


@pytest.mark.parametrize("url", [
    "https://api.octopus.energy/v1/accounts/A-1234ABCD/",
    "https://half-hourly.example/feeds/v1/index.json",
])
def test_our_origin_and_the_providers_are_allowed(url):
    check_origin(url, ALLOWED)


@pytest.mark.parametrize("url", [
    "https://evil.example/v1/electricity-meter-points/1900000000001/meters/21L0000001/consumption/",
    "http://api.octopus.energy/v1/",  # same host, other scheme: another origin
    "https://api.octopus.energy.evil.example/v1/",
    "https://user@api.octopus.energy/v1/",
    "data:text/plain,hello",
])
def test_any_other_origin_is_refused(url):
    with pytest.raises(ForeignOrigin):
        check_origin(url, ALLOWED)


def test_a_refused_origin_is_a_clear_provider_error_naming_no_detail():
    request = octopus.account_request(octopus.BASE, "A-1234ABCD", KEY)
    with pytest.raises(ProviderError) as err:
        run_sync(send_with_retry(Raising(ForeignOrigin("redirect")), request, name=octopus.NAME, what="account",
                                 credentials=octopus.CREDENTIALS))
    assert err.value.kind == "foreign_origin"
    assert "another website" in err.value.message and "went nowhere else" in err.value.message
    assert KEY not in err.value.message and "A-1234ABCD" not in err.value.message


def test_a_timeout_says_how_long_we_waited_and_is_not_retried():
    transport = Raising(TimedOut(60))
    request = HttpRequest("GET", "https://api.octopus.energy/v1/x/", label="gas meter")
    with pytest.raises(ProviderError) as err:
        run_sync(collect_consumption(transport, request))
    assert err.value.kind == "timeout" and "60 seconds" in err.value.message
    assert len(transport.sent) == 1


class Replies:
    def __init__(self, replies):
        self.replies = list(replies)
        self.sent = []

    async def send(self, request):
        self.sent.append(request)
        return self.replies.pop(0)


class Waits:
    def __init__(self):
        self.seconds = []

    async def __call__(self, seconds):
        self.seconds.append(seconds)


def test_a_429_whose_retry_after_cannot_be_read_backs_off_and_says_so():
    from pyruntime.providers.http import HttpResponse

    # Cross-origin, a browser hides Retry-After unless the provider exposes it: the 429 arrives bare.
    waits = Waits()
    transport = Replies([HttpResponse(429, {})] * 4)
    request = HttpRequest("GET", "https://api.octopus.energy/v1/x/", label="gas meter")
    with pytest.raises(ProviderError) as err:
        run_sync(send_with_retry(transport, request, name=octopus.NAME, what="gas meter",
                                 credentials=octopus.CREDENTIALS, sleep=waits))
    assert err.value.kind == "rate_limited" and len(transport.sent) == 4
    assert waits.seconds == [2.0, 4.0, 8.0]  # growing waits of our own
    assert "did not say how long to wait" in err.value.message


def test_a_429_with_a_readable_retry_after_is_honoured_without_the_extra_words():
    from pyruntime.providers.http import HttpResponse

    waits = Waits()
    transport = Replies([HttpResponse(429, {"retry-after": "5"})] * 4)
    request = HttpRequest("GET", "https://api.octopus.energy/v1/x/", label="gas meter")
    with pytest.raises(ProviderError) as err:
        run_sync(send_with_retry(transport, request, name=octopus.NAME, what="gas meter",
                                 credentials=octopus.CREDENTIALS, sleep=waits))
    assert waits.seconds == [5.0, 5.0, 5.0] and "did not say" not in err.value.message
