"""Reporting periods: calendar quarters and the dashboard's window of the last two."""

from __future__ import annotations

from datetime import date

import pytest

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import last_complete_quarters
from sroi_plugin.rules.monitoring import periods_overlap
from sroi_plugin.rules.monitoring import quarter_of


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 5, 31), date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_quarter_of(day: date, start: date, end: date) -> None:
    assert quarter_of(day) == Period(start, end)


def test_last_two_complete_quarters_before_today() -> None:
    assert last_complete_quarters(date(2026, 11, 25)) == [
        Period(date(2026, 7, 1), date(2026, 9, 30)),
        Period(date(2026, 4, 1), date(2026, 6, 30)),
    ]


def test_on_the_first_day_of_a_quarter_the_previous_one_is_complete() -> None:
    assert last_complete_quarters(date(2026, 1, 1), 1) == [
        Period(date(2025, 10, 1), date(2025, 12, 31))
    ]


def test_count_must_be_positive() -> None:
    with pytest.raises(RuleInputError):
        last_complete_quarters(date(2026, 1, 1), 0)


def test_overlap_includes_a_shared_day() -> None:
    q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
    assert periods_overlap(q1, Period(date(2026, 3, 31), date(2026, 4, 30)))
    assert not periods_overlap(q1, Period(date(2026, 4, 1), date(2026, 6, 30)))
