"""HTTP outcomes as messages a user can act on.

No message includes a credential, a URL with parameters, or more than a
short excerpt of what the provider sent.
"""

from __future__ import annotations

from ..errors import UserError
from ..fileformats import safejson
from .http import HttpResponse

KINDS = (
    "auth", "not_found", "rate_limited", "provider_down", "unreachable", "malformed", "no_data", "bad_request",
    "incomplete",  # the provider ended a history before the readings it said it had
    "timeout",  # no reply within the site's provider timeout
    "foreign_origin",  # a redirect (or link) to another origin, refused so nothing is sent there
)
# Failures that will repeat for every meter: stop the whole load rather than try the next meter.
FATAL_KINDS = ("auth", "unreachable", "rate_limited", "timeout", "foreign_origin")


class ProviderError(UserError):
    """A failed exchange with a provider.

    kind : one of :data:`KINDS` (the page picks its advice from it).
    status : the HTTP status, or ``None`` when there was no response.
    retry_after : seconds the provider asked us to wait, when it said [s].
    """

    def __init__(self, kind: str, message: str, status: int | None = None, retry_after: float | None = None, *,
                 field: str | None = None) -> None:
        super().__init__(message, kind=kind)
        self.status = status
        self.retry_after = retry_after
        self.field = field  # the form field the user should change, when the fault is in one value they typed

    def detail(self) -> dict | None:
        """``{"field": name}`` when one value the user typed is at fault, so the page says so beside it."""
        return {"field": self.field} if self.field else None

    def to_json(self) -> dict:
        return {"kind": self.kind, "message": self.message, "status": self.status, "retry_after": self.retry_after}


FILE_ROUTE = "You can instead download your readings as a file from {name}'s website and load that file here."


def unreachable(name: str) -> ProviderError:
    """The request never got a response: offline, blocked by the browser (CORS), or DNS failure."""
    return ProviderError(
        "unreachable",
        f"{name} could not be reached from your browser. You may be offline, or the browser blocked the "
        "request (some providers do not allow websites to read your data directly). " + FILE_ROUTE.format(name=name),
    )


def timed_out(name: str, seconds: float) -> ProviderError:
    return ProviderError(
        "timeout",
        f"{name} did not answer within {seconds:g} seconds, so we stopped waiting. It may be busy or down: "
        "try again later. " + FILE_ROUTE.format(name=name),
    )


def foreign_origin(name: str) -> ProviderError:
    return ProviderError(
        "foreign_origin",
        f"{name} tried to send the request on to another website. We refused, so your account details went "
        f"nowhere else. Try again later; if it keeps happening, use the file route. " + FILE_ROUTE.format(name=name),
    )


def malformed(name: str) -> ProviderError:
    return ProviderError(
        "malformed",
        f"{name} sent a reply we could not read. Try again later; if it keeps happening, use the file route. "
        + FILE_ROUTE.format(name=name),
    )


def no_data(name: str, what: str) -> ProviderError:
    return ProviderError(
        "no_data",
        f"{name} has no half-hourly readings for your {what} yet. New smart meters can take a few days, and some "
        "suppliers need you to allow half-hourly readings in your account settings.",
    )


def retry_after_seconds(resp: HttpResponse) -> float | None:
    """``Retry-After`` in seconds when it is a number (HTTP-dates are ignored) [s]."""
    raw = resp.header("retry-after")
    try:
        value = float(raw) if raw is not None else None
    except ValueError:
        return None
    return value if value is not None and 0 <= value < 86400 else None


def _looks_like_html(resp: HttpResponse) -> bool:
    return "html" in (resp.header("content-type") or "") or resp.body.lstrip()[:1] == "<"


def error_for(resp: HttpResponse, name: str, what: str, *, credentials: str) -> ProviderError | None:
    """The :class:`ProviderError` for a non-2xx ``resp``, or ``None`` when it succeeded.

    ``name`` is the provider ("Octopus Energy"), ``what`` the thing asked for
    ("account A-1B2C3D4E", "gas meter"), ``credentials`` how the user names
    theirs ("account number and API key").
    """
    s = resp.status
    if 200 <= s < 300:
        return None
    if s == 401:
        return ProviderError(
            "auth", f"{name} did not accept your {credentials}. Check them and try again (copy and paste helps).", s
        )
    if s == 403:
        if _looks_like_html(resp):
            return ProviderError(
                "rate_limited",
                f"{name} is refusing requests from this browser for now, probably because of too many requests. "
                "Wait a few minutes and try again.",
                s,
            )
        return ProviderError(
            "auth", f"{name} refused access to the {what}: your {credentials} do not match. Check both.", s
        )
    if s == 404:
        return ProviderError("not_found", f"{name} does not know this {what}. Check your {credentials}.", s)
    if s == 429:
        return ProviderError(
            "rate_limited",
            f"{name} asked us to slow down and kept refusing. Wait a few minutes and try again.",
            s,
            retry_after_seconds(resp),
        )
    if s >= 500:
        return ProviderError(
            "provider_down",
            f"{name}'s service is having trouble (error {s}). Try again later. " + FILE_ROUTE.format(name=name),
            s,
        )
    return ProviderError("bad_request", f"{name} rejected the request for the {what} (error {s}).{_detail(resp)}", s)


def _detail(resp: HttpResponse) -> str:
    """The provider's own one-line reason (DRF ``detail``), shortened and stripped of markup."""
    try:
        doc = safejson.loads(resp.body)
    except ValueError:
        return ""
    detail = doc.get("detail") if isinstance(doc, dict) else None
    if not isinstance(detail, str):
        return ""
    clean = " ".join(_redact(w) for w in "".join(c for c in detail if c.isprintable() and c not in "<>").split())
    return f" It said: “{clean[:80]}”" if clean else ""


def _redact(word: str) -> str:
    """``word``, or ``…`` when it could be a secret or an address the provider echoed back.

    A provider may quote the request in its reason ("Invalid key sk_live_…",
    "No meter 1900000000001", a URL with the query string): a link, anything
    with an ``@``, a long token, or a run of five or more digits (account
    numbers, MPANs, MPRNs, serials) is never repeated to the page.
    """
    digits = sum(c.isdigit() for c in word)
    if "://" in word or "@" in word or len(word) >= 20 or digits >= 5 or word.lower().startswith("sk_"):
        return "…"
    return word


def read_json(resp: HttpResponse, name: str, what: str, *, credentials: str) -> object:
    """The parsed body of a successful ``resp``.

    Raises the :class:`ProviderError` for an HTTP failure (see :func:`error_for`)
    or a :func:`malformed` error when the body is not JSON.
    """
    err = error_for(resp, name, what, credentials=credentials)
    if err:
        raise err
    try:
        return safejson.loads(resp.body)
    except ValueError:  # not JSON, or nested deep enough to crash the worker
        raise malformed(name) from None
