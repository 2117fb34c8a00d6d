"""Plain descriptions of HTTP requests and responses (no I/O here).

Credentials travel only in headers or the body, never in a URL, and a
request's ``repr`` hides them so they cannot leak into a log or traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

SECRET_HEADERS = frozenset({"authorization", "token", "x-api-key"})


class TransportFault(OSError):
    """No usable response arrived, for a reason the user should hear (a transport raises these)."""


class ForeignOrigin(TransportFault):
    """The request would have gone, or was redirected, to an origin other than ours or the provider's."""


class TimedOut(TransportFault):
    """No complete reply within ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no reply within {seconds:g} s")
        self.seconds = seconds


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-cased as browsers compare them (``""`` if none)."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:
        return ""
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port not in (None, default) else "")


def check_origin(url: str, allowed: frozenset[str]) -> None:
    """Raise :class:`ForeignOrigin` unless ``url`` is on one of the ``allowed`` origins.

    The check is made in code, not left to a Content-Security-Policy, because
    some hosts send no headers and a worker then runs with no CSP at all.
    """
    if origin_of(url) not in allowed or urlsplit(url).username is not None:
        raise ForeignOrigin("refused a request to another origin")


@dataclass(frozen=True, eq=False)
class HttpRequest:
    """One request to send.

    ``params`` are added to ``url`` as a query string by :meth:`full_url`;
    ``body`` is JSON text or ``None``; ``label`` names the request for
    progress messages (never includes a credential).
    """

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    params: dict[str, str] = field(default_factory=dict)
    body: str | None = field(default=None, repr=False)
    label: str = ""

    def full_url(self) -> str:
        if not self.params:
            return self.url
        sep = "&" if urlsplit(self.url).query else "?"
        return self.url + sep + urlencode(self.params)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    def __repr__(self) -> str:
        shown = {k: ("<redacted>" if k.lower() in SECRET_HEADERS else v) for k, v in self.headers.items()}
        body = "<redacted>" if self.body is not None else None
        return f"HttpRequest(method={self.method!r}, url={self.full_url()!r}, headers={shown!r}, body={body!r})"

    __str__ = __repr__


@dataclass(frozen=True)
class HttpResponse:
    """A received response; ``headers`` keys are lower-case, ``body`` is text."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())
