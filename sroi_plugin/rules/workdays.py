"""Working days in the Netherlands: weekends and the public holidays government offices close on.

A planning convention, not a legal rule: meetings and deadlines are moved off days on which
most civil servants are not at work. The days counted as holidays are the ones the collective
agreement of the Rijk (CAO Rijk) gives off: Nieuwjaarsdag, Eerste en Tweede Paasdag,
Koningsdag, Bevrijdingsdag, Hemelvaartsdag, Eerste en Tweede Pinksterdag, Eerste en Tweede
Kerstdag.

Two choices, stated because organisations differ:

- **Goede Vrijdag is not a holiday here.** It is not a general day off for civil servants
  (the CAO Rijk does not give it; some private employers do), so a meeting may fall on it.
- **Bevrijdingsdag (5 mei) is a holiday every year.** The CAO Rijk gives it off every year;
  many other employers only every five years (2025, 2030). Planning around it every year keeps
  government participants available, at the cost of one usable day a year.

Koningsdag is 27 April, or 26 April when the 27th is a Sunday (Wet viering Koningsdag).
Easter is computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from functools import cache

from sroi_plugin.rules.dutch import format_date

#: Dutch abbreviations of the weekdays, Monday first (``date.weekday()`` order).
WEEKDAY_ABBREVIATIONS = ("ma", "di", "wo", "do", "vr", "za", "zo")


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[date, str]:
    """The public holidays of ``year`` counted as days off (see the module docstring), by date."""
    easter = easter_sunday(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # Sunday: celebrated on Saturday the 26th
        kings_day = date(year, 4, 26)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter: "Eerste Paasdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        kings_day: "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=49): "Eerste Pinksterdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }


def holiday_name(day: date) -> str | None:
    """The holiday's Dutch name, or ``None`` when ``day`` is no public holiday."""
    return public_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and no public holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True)
class MovedDay:
    """A planned date and the working day it lands on (the same date when nothing moved)."""

    day: date
    planned: date

    @property
    def moved(self) -> bool:
        """The planned date was a weekend day or a public holiday."""
        return self.day != self.planned

    @property
    def reason(self) -> str:
        """Why it moved: the holiday's name, or ``weekend``; empty when it did not move."""
        if not self.moved:
            return ""
        return holiday_name(self.planned) or "weekend"


def meeting_working_day(planned: date) -> MovedDay:
    """Where a meeting of a series planned on ``planned`` is held.

    The next working day, unless that lies in another month: then the previous working day,
    so a monthly series keeps one meeting a month and a quarterly one stays in its quarter
    (za 31-10-2026 → vr 30-10-2026, not ma 2-11-2026).
    """
    forward = next_working_day(planned)
    if forward.month == planned.month:
        return MovedDay(forward, planned)
    return MovedDay(previous_working_day(planned), planned)


def format_day(day: date) -> str:
    """``ma 02-03-2026``: the date with its Dutch weekday."""
    return f"{WEEKDAY_ABBREVIATIONS[day.weekday()]} {format_date(day)}"


def describe_moved(moved: MovedDay) -> str:
    """``ma 02-03-2026``, or ``vr 27-02-2026 (verschoven van za 28-02-2026)`` when it moved."""
    if not moved.moved:
        return format_day(moved.day)
    because = "" if moved.reason == "weekend" else f", {moved.reason}"
    return f"{format_day(moved.day)} (verschoven van {format_day(moved.planned)}{because})"
