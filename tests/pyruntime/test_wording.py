"""Counts in words say one item in the singular."""

from hypothesis import given
from hypothesis import strategies as st

from pyruntime.wording import plural


def test_one_is_singular() -> None:
    assert plural(1, "row") == "1 row"
    assert plural(1, "half-hour") == "1 half-hour"


def test_other_counts_are_plural_with_thousands_separators() -> None:
    assert plural(0, "day") == "0 days"
    assert plural(2, "half-hour") == "2 half-hours"
    assert plural(12480, "half-hour") == "12,480 half-hours"


def test_irregular_plural() -> None:
    assert plural(1, "row was", "rows were") == "1 row was"
    assert plural(3, "row was", "rows were") == "3 rows were"


@given(st.integers(min_value=0, max_value=10**9))
def test_the_count_is_always_shown(n: int) -> None:
    text = plural(n, "night")
    assert text.replace(",", "").split(" ")[0] == str(n)
    assert text.endswith("night" if n == 1 else "nights")
