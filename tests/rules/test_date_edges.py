"""Date arithmetic at the calendar's edges, the reporting-period rule and the meeting horizon."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

import pytest

from sroi_plugin.rules.agendas import MAX_SERIES
from sroi_plugin.rules.agendas import meeting_date_problem
from sroi_plugin.rules.agendas import progress_schedule
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import quarter_of
from sroi_plugin.rules.monitoring import report_period_problem
from sroi_plugin.rules.months import add_minutes
from sroi_plugin.rules.months import add_months
from sroi_plugin.rules.months import horizon_end
from sroi_plugin.rules.months import next_day
from sroi_plugin.rules.months import previous_day
from sroi_plugin.rules.portfolio import covers_months

TODAY = date(2026, 11, 25)
TERM = (date(2025, 1, 1), date(2028, 12, 31))


# --- saturating arithmetic -----------------------------------------------------------------


def test_month_and_day_arithmetic_saturates_at_the_calendars_ends() -> None:
    assert add_months(date(9999, 12, 31), 1) == date.max
    assert add_months(date(9999, 6, 30), 120) == date.max
    assert add_months(date(1, 1, 31), -1) == date.min
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert next_day(date.max) == date.max
    assert next_day(date(2026, 12, 31)) == date(2027, 1, 1)
    assert previous_day(date.min) == date.min
    assert add_minutes(datetime(9999, 12, 31, 23, 59, tzinfo=UTC), 90) == datetime.max.replace(
        tzinfo=UTC
    )


def test_quarter_and_term_checks_cope_with_the_last_day() -> None:
    assert quarter_of(date(9999, 12, 31)) == Period(date(9999, 10, 1), date.max)
    assert covers_months(date(2026, 1, 1), date(9999, 12, 31), 12)
    assert covers_months(date(9999, 1, 1), date(9999, 12, 31), 12)


# --- reporting periods (handreiking stap 4a) -----------------------------------------------


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period(date(2026, 7, 1), date(2026, 9, 30)), None),
        (Period(date(2025, 1, 1), date(2028, 12, 31)), None),
        (
            Period(date(2026, 10, 1), date(9999, 12, 31)),
            "De periode 01-10-2026 t/m 31-12-9999 valt (deels) buiten de looptijd van het "
            "contract (01-01-2025 t/m 31-12-2028). Kies een periode binnen de looptijd.",
        ),
        (
            Period(date(2024, 12, 1), date(2025, 2, 28)),
            "De periode 01-12-2024 t/m 28-02-2025 valt (deels) buiten de looptijd van het "
            "contract (01-01-2025 t/m 31-12-2028). Kies een periode binnen de looptijd.",
        ),
        (
            Period(date(2026, 9, 30), date(2026, 7, 1)),
            "De periode 30-09-2026 t/m 01-07-2026 klopt niet: de einddatum ligt vóór de "
            "begindatum.",
        ),
    ],
)
def test_a_period_lies_wholly_inside_the_term(period: Period, expected: str | None) -> None:
    assert report_period_problem(period, *TERM, TODAY) == expected


def test_an_open_or_absurd_term_still_bounds_the_period_by_the_horizon() -> None:
    far = Period(date(2026, 10, 1), date(9999, 12, 31))
    message = (
        "De periode 01-10-2026 t/m 31-12-9999 ligt buiten wat gerapporteerd kan worden: kies "
        "een periode tussen 01-01-2000 en 25-11-2036."
    )
    assert report_period_problem(far, None, None, TODAY) == message
    assert report_period_problem(far, date(2025, 1, 1), date(9999, 12, 31), TODAY) == message
    old = Period(date(1990, 1, 1), date(1990, 3, 31))
    assert "tussen 01-01-2000" in (report_period_problem(old, None, None, TODAY) or "")
    latest = Period(date(2026, 1, 1), horizon_end(TODAY))
    assert report_period_problem(latest, None, None, TODAY) is None


# --- meetings ------------------------------------------------------------------------------


def test_meeting_dates_lie_within_the_horizon() -> None:
    assert meeting_date_problem("Datum", date(2027, 1, 12), TODAY) is None
    assert meeting_date_problem("Datum", date(2036, 11, 25), TODAY) is None
    assert meeting_date_problem("Datum", date(2036, 11, 26), TODAY) == (
        "Datum: 26-11-2036 ligt meer dan 10 jaar vooruit; plan uiterlijk op 25-11-2036."
    )
    assert meeting_date_problem("Datum", date(1999, 12, 31), TODAY) == (
        "Datum: 31-12-1999 ligt vóór 01-01-2000."
    )


def test_a_series_at_the_calendars_end_stops_instead_of_overflowing() -> None:
    assert progress_schedule(date(9999, 1, 31), "per_kwartaal", date(9999, 12, 31)) == [
        date(9999, 1, 31),
        date(9999, 4, 30),
        date(9999, 7, 31),
        date(9999, 10, 31),
    ]


def test_a_long_series_stops_just_past_the_limit() -> None:
    dates = progress_schedule(date(2027, 1, 1), "maandelijks", date(2199, 12, 31), limit=MAX_SERIES)
    assert len(dates) == MAX_SERIES + 1
