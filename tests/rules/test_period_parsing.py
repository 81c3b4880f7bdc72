"""The one reporting-period parser (``rules.values.parse_period``) and whole-day week counting."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sroi_plugin.rules.monitoring import jobs_from_hours
from sroi_plugin.rules.monitoring import period_weeks
from sroi_plugin.rules.values import ValueParseError
from sroi_plugin.rules.values import parse_period

H1 = (date(2025, 1, 1), date(2025, 6, 30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01-01-2025 t/m 30-06-2025", H1),
        ("1-1-2025 tot en met 30-6-2025", H1),
        ("01-01-2025 tot 30-06-2025", H1),
        ("1 januari 2025 – 30 juni 2025", H1),
        ("1e halfjaar 2025", H1),
        ("Eerste halfjaar 2025", H1),
        ("2e halfjaar 2025", (date(2025, 7, 1), date(2025, 12, 31))),
        ("H1 2025", H1),
        ("2025-H2", (date(2025, 7, 1), date(2025, 12, 31))),
        ("Q2 2025", (date(2025, 4, 1), date(2025, 6, 30))),
        ("2e kwartaal 2025", (date(2025, 4, 1), date(2025, 6, 30))),
        ("kwartaal 3 2025", (date(2025, 7, 1), date(2025, 9, 30))),
        ("4e kwartaal 2024", (date(2024, 10, 1), date(2024, 12, 31))),
        ("periode 1 t/m 6 2025", H1),
        ("januari t/m juni 2025", H1),
        ("jan 2025 t/m jun 2025", H1),
        ("februari 2024", (date(2024, 2, 1), date(2024, 2, 29))),
        ("jaar 2025", (date(2025, 1, 1), date(2025, 12, 31))),
        ("2025", (date(2025, 1, 1), date(2025, 12, 31))),
        (2025, (date(2025, 1, 1), date(2025, 12, 31))),
    ],
)
def test_period_forms_contractors_write(text: object, expected: tuple[date, date]) -> None:
    assert parse_period(text) == expected


def test_empty_is_no_period() -> None:
    assert parse_period("  ") is None
    assert parse_period(None) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ergens in 2025", "geen periode"),
        ("Q5 2025", "geen periode"),
        ("3e halfjaar 2025", "geen periode"),
        ("periode 7 t/m 3 2025", "geen periode"),
        ("30-06-2025 t/m 01-01-2025", "einde ligt vóór het begin"),
        ("01-01-2525 t/m 30-06-2525", "buiten 1950–2199"),
    ],
)
def test_unreadable_periods_are_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ValueParseError, match=says):
        parse_period(text)


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2199, 1, 1)),
    st.integers(min_value=0, max_value=800),
    st.sampled_from(["t/m", "tot en met", "tot", "-"]),
)
def test_two_written_dates_read_back_as_the_same_period(
    start: date, length: int, joiner: str
) -> None:
    end = min(start + timedelta(days=length), date(2199, 12, 31))
    text = f"{start:%d-%m-%Y} {joiner} {end:%d-%m-%Y}"
    assert parse_period(text) == (start, end)


@given(st.integers(min_value=1950, max_value=2199), st.integers(min_value=1, max_value=4))
def test_quarters_tile_the_year(year: int, quarter: int) -> None:
    start, end = parse_period(f"Q{quarter} {year}") or H1
    assert start.day == 1 and start.month == 3 * quarter - 2
    assert (end + timedelta(days=1)).day == 1
    if quarter < 4:
        following = parse_period(f"Q{quarter + 1} {year}")
        assert following is not None and following[0] == end + timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2025, 1, 1), date(2025, 6, 30), 181),
        (date(2024, 1, 1), date(2024, 6, 30), 182),  # leap year
        (date(2024, 2, 1), date(2024, 2, 29), 29),  # a single month, leap year
        (date(2025, 4, 1), date(2025, 6, 30), 91),  # a quarter
        (date(2025, 3, 3), date(2025, 3, 3), 1),
    ],
)
def test_periods_count_whole_days_inclusive(start: date, end: date, days: int) -> None:
    assert period_weeks(start, end) == Decimal(days) / 7


def test_one_job_is_25_5_hours_a_week_over_the_period() -> None:
    # first half of 2025: 181 days = 25 6/7 weeks; 25.5 h × that is one job
    weeks = period_weeks(date(2025, 1, 1), date(2025, 6, 30))
    assert jobs_from_hours(Decimal("25.5") * weeks, weeks, Decimal("25.5")) == Decimal("1.00")
    assert jobs_from_hours(Decimal(1326), Decimal(52), Decimal("25.5")) == Decimal("1.00")
