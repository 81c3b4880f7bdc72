"""Dutch public holidays, working days and where a meeting of a series moves to."""

from __future__ import annotations

from datetime import date

import pytest

from sroi_plugin.rules.workdays import describe_moved
from sroi_plugin.rules.workdays import easter_sunday
from sroi_plugin.rules.workdays import is_working_day
from sroi_plugin.rules.workdays import meeting_working_day
from sroi_plugin.rules.workdays import next_working_day
from sroi_plugin.rules.workdays import public_holidays

#: The holidays of 2025–2027 as the government publishes them (Goede Vrijdag excluded).
EXPECTED = {
    2025: [
        ("Nieuwjaarsdag", date(2025, 1, 1)),
        ("Eerste Paasdag", date(2025, 4, 20)),
        ("Tweede Paasdag", date(2025, 4, 21)),
        ("Koningsdag", date(2025, 4, 26)),  # the 27th is a Sunday
        ("Bevrijdingsdag", date(2025, 5, 5)),
        ("Hemelvaartsdag", date(2025, 5, 29)),
        ("Eerste Pinksterdag", date(2025, 6, 8)),
        ("Tweede Pinksterdag", date(2025, 6, 9)),
        ("Eerste Kerstdag", date(2025, 12, 25)),
        ("Tweede Kerstdag", date(2025, 12, 26)),
    ],
    2026: [
        ("Nieuwjaarsdag", date(2026, 1, 1)),
        ("Eerste Paasdag", date(2026, 4, 5)),
        ("Tweede Paasdag", date(2026, 4, 6)),
        ("Koningsdag", date(2026, 4, 27)),
        ("Bevrijdingsdag", date(2026, 5, 5)),
        ("Hemelvaartsdag", date(2026, 5, 14)),
        ("Eerste Pinksterdag", date(2026, 5, 24)),
        ("Tweede Pinksterdag", date(2026, 5, 25)),
        ("Eerste Kerstdag", date(2026, 12, 25)),
        ("Tweede Kerstdag", date(2026, 12, 26)),
    ],
    2027: [
        ("Nieuwjaarsdag", date(2027, 1, 1)),
        ("Eerste Paasdag", date(2027, 3, 28)),
        ("Tweede Paasdag", date(2027, 3, 29)),
        ("Koningsdag", date(2027, 4, 27)),
        ("Bevrijdingsdag", date(2027, 5, 5)),
        ("Hemelvaartsdag", date(2027, 5, 6)),
        ("Eerste Pinksterdag", date(2027, 5, 16)),
        ("Tweede Pinksterdag", date(2027, 5, 17)),
        ("Eerste Kerstdag", date(2027, 12, 25)),
        ("Tweede Kerstdag", date(2027, 12, 26)),
    ],
}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_holidays_2025_to_2027(year: int) -> None:
    assert sorted((day, name) for day, name in public_holidays(year).items()) == sorted(
        (day, name) for name, day in EXPECTED[year]
    )


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2000, date(2000, 4, 23)), (2008, date(2008, 3, 23)), (2038, date(2038, 4, 25))],
)
def test_easter_across_the_algorithms_edges(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_good_friday_is_a_working_day() -> None:
    assert is_working_day(date(2026, 4, 3))


def test_weekends_and_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 2, 28))  # Saturday
    assert not is_working_day(date(2026, 5, 14))  # Hemelvaartsdag, a Thursday
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)  # Fri, Sat, Sun off


def test_a_meeting_moves_to_the_next_working_day_within_its_month() -> None:
    moved = meeting_working_day(date(2026, 3, 7))  # Saturday
    assert moved.day == date(2026, 3, 9) and moved.moved
    assert describe_moved(moved) == "ma 09-03-2026 (verschoven van za 07-03-2026)"


def test_a_meeting_that_would_leave_its_month_moves_back() -> None:
    moved = meeting_working_day(date(2026, 2, 28))  # Saturday; Monday is in March
    assert moved.day == date(2026, 2, 27)
    assert describe_moved(moved) == "vr 27-02-2026 (verschoven van za 28-02-2026)"


def test_a_holiday_is_named_and_a_working_day_stays() -> None:
    moved = meeting_working_day(date(2026, 4, 27))  # Koningsdag, a Monday
    assert moved.day == date(2026, 4, 28)
    assert describe_moved(moved) == "di 28-04-2026 (verschoven van ma 27-04-2026, Koningsdag)"
    kept = meeting_working_day(date(2026, 3, 2))
    assert not kept.moved and describe_moved(kept) == "ma 02-03-2026"


def test_christmas_at_the_end_of_the_year_stays_in_december() -> None:
    # Sat 26-12-2026 (Tweede Kerstdag) → Mon 28-12-2026, still December
    assert meeting_working_day(date(2026, 12, 26)).day == date(2026, 12, 28)
    # Sun 31-12-2028 → Mon is 1 January: back to Friday 29-12-2028
    assert meeting_working_day(date(2028, 12, 31)).day == date(2028, 12, 29)
