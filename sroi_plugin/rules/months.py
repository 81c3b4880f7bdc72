"""Month arithmetic on calendar dates: pure helpers, no rules.

Every helper saturates at the calendar's ends (``date.min``, ``date.max``) instead of raising
``OverflowError``: a date stored before input was bounded (31-12-9999) must not break a page.
"""

from __future__ import annotations

import calendar
from datetime import date
from datetime import datetime
from datetime import timedelta


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later; clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_day(day: date) -> date:
    """The day after ``day``; ``date.max`` stays ``date.max``."""
    return day if day == date.max else date.fromordinal(day.toordinal() + 1)


def previous_day(day: date) -> date:
    """The day before ``day``; ``date.min`` stays ``date.min``."""
    return day if day == date.min else date.fromordinal(day.toordinal() - 1)


def add_minutes(moment: datetime, minutes: int) -> datetime:
    """``moment`` plus ``minutes``, at most the last moment of ``moment``'s calendar (never an
    ``OverflowError``: a meeting stored on 31-12-9999 23:59 still has an end)."""
    try:
        return moment + timedelta(minutes=minutes)
    except OverflowError:
        return datetime.max.replace(tzinfo=moment.tzinfo)


def extension_months(old_end: date, new_end: date) -> int:
    """Whole months a term extension adds; a started month counts as a whole one.

    A term extension is valued as annual value × the extra period; rounding up values a part
    month as a month (the cautious side for the de-minimis limits). Month ends map
    to month ends: 30-06 → 31-12 is 6 months.

    :raises ValueError: when ``new_end`` is not after ``old_end``
    """
    if new_end <= old_end:
        raise ValueError("the new end date must lie after the current one")

    def is_month_end(day: date) -> bool:
        return day.day == calendar.monthrange(day.year, day.month)[1]

    if is_month_end(old_end) and is_month_end(new_end):
        return (new_end.year - old_end.year) * 12 + new_end.month - old_end.month
    months = months_between(old_end, new_end)
    year, month = divmod(old_end.month - 1 + months, 12)
    last_day = calendar.monthrange(old_end.year + year, month + 1)[1]
    reached = date(old_end.year + year, month + 1, min(old_end.day, last_day))
    return months + (1 if reached < new_end else 0)


#: the earliest day a meeting or reporting period may lie on
EARLIEST_DAY = date(2000, 1, 1)
#: how many years after today a meeting or reporting period may still lie
HORIZON_YEARS = 10


def horizon_end(today: date) -> date:
    """The last day that may still be planned or reported on: :data:`HORIZON_YEARS` after
    ``today``."""
    return add_months(today, 12 * HORIZON_YEARS)


def within_horizon(day: date, today: date) -> bool:
    """Whether ``day`` lies between :data:`EARLIEST_DAY` and :func:`horizon_end` (inclusive)."""
    return EARLIEST_DAY <= day <= horizon_end(today)
