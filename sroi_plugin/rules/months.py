"""Month arithmetic on calendar dates: pure helpers, no rules."""

from __future__ import annotations

import calendar
from datetime import date


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
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
