"""Failures meant for people: one family, each with a ``kind`` the page can branch on.

Anything raised from an operation that is a :class:`UserError` reaches the
page as ``{type, kind, message}`` with its message shown as written. Any
other exception is a bug in Half-Hourly and is reported as one (see
:mod:`pyruntime.bridge`), never dressed up as the user's mistake.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure whose message is written for the person using the page.

    kind : what the page branches on (never the message text).
    """

    kind = "user"

    def __init__(self, message: str, *, kind: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind

    def detail(self) -> dict | None:
        """Extra facts for the page (e.g. a file's column suggestions); None when there are none."""
        return None


class BadRequest(UserError):
    """The message itself is wrong: unknown op, missing field, a report this household has no data for."""

    kind = "bad_request"


class NotLoaded(BadRequest):
    """The data a request is about is not loaded (any more): the page offers to load it."""

    kind = "not_loaded"


class FeedUnavailable(UserError):
    """A price or carbon feed file could not be fetched from this site, or holds nothing usable."""

    kind = "feed_unavailable"


class BadInput(UserError, ValueError):
    """A value the user gave (a URL setting, a form field, a tariff they typed) cannot be used; says what to change.

    Also a :class:`ValueError`, so code that validates input can catch it with other parse failures.
    """

    kind = "bad_input"


class InvalidField(BadInput):
    """One setting the user gave is out of range or malformed; ``field`` names it so the message sits beside it.

    field : the setting's name where it is checked (e.g. ``"capacity_kwh"`` of a battery, ``"window"``).
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def detail(self) -> dict | None:
        return {"field": self.field}
