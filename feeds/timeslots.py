"""Half-hour slot arithmetic on integer epoch seconds (UTC).

Every series in the feeds is a run of half-hour slots labelled by their START instant.
Files are partitioned by UTC calendar year. Because 1 January is always in GMT, a UTC
year is exactly the Europe/London year too, so a "2023" file holds local 2023.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

SLOT_SECONDS = 1800


def parse_instant(text: str) -> int:
    """Epoch seconds [s, UTC] of an ISO 8601 instant that carries an offset or ``Z``.

    Raises ``ValueError`` for a naive time: the APIs always send an offset, and
    guessing one would silently shift prices by an hour in summer.
    """
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        raise ValueError(f"instant without a UTC offset: {text!r}")
    return int(dt.timestamp())


def parse_day(text: str) -> int:
    """Epoch seconds of ``YYYY-MM-DD`` (or a full ISO instant) at 00:00 UTC."""
    if len(text) == 10:
        d = date.fromisoformat(text)
        return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())
    return parse_instant(text)


def iso(epoch: int) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` for epoch seconds."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_minutes(epoch: int) -> str:
    """``YYYY-MM-DDTHH:MMZ``: the Carbon Intensity API's path format."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%MZ")


def year_bounds(year: int) -> tuple[int, int]:
    """[start, end) epoch seconds of a UTC calendar year."""
    start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    return start, end


def year_of(epoch: int) -> int:
    """UTC calendar year containing ``epoch``."""
    return datetime.fromtimestamp(epoch, UTC).year


def slots_in_year(year: int) -> int:
    """Number of half-hours in a UTC year (17520, or 17568 in a leap year)."""
    start, end = year_bounds(year)
    return (end - start) // SLOT_SECONDS


def years_between(start: int, end: int) -> list[int]:
    """UTC years touched by [start, end)."""
    if end <= start:
        return []
    return list(range(year_of(start), year_of(end - 1) + 1))


def ceil_slot(epoch: int) -> int:
    """First slot start at or after ``epoch``."""
    return -((-epoch) // SLOT_SECONDS) * SLOT_SECONDS


def floor_day(epoch: int) -> int:
    """00:00 UTC of the day containing ``epoch``."""
    return epoch - epoch % 86400


def utc_now() -> int:
    """Current epoch seconds (the one place the pipeline reads the clock)."""
    return int(datetime.now(UTC).timestamp())


def add_days(epoch: int, days: float) -> int:
    """``epoch`` plus ``days`` days [s]."""
    return epoch + int(timedelta(days=days).total_seconds())
