"""Plausibility of a contract change: a decrease within the value, an extension within a horizon.

Pure bounds, no law: a contract cannot lose more value than it has (a decrease of € 5 mln on a
€ 1,65 mln contract is a typing error, not a change), and a term extension ends after the current
end date and at most :data:`EXTENSION_HORIZON_YEARS` after it. Ten years is far beyond any real
extension of a public contract (Aw 2012 art. 2.163b–f leave room for options and limited
additional work; framework agreements run at most 4 years, Dir. 2014/24 art. 33(1)), while a year
like 2199, which the date parser still accepts, is refused. Each check returns a Dutch sentence
without the field name (the caller prefixes its own label), or ``None`` when the value is plausible.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.months import add_months

#: How far past the current end date an extension may reach (see the module docstring).
EXTENSION_HORIZON_YEARS = 10
#: The same horizon in whole months, for input that gives the extension in months.
EXTENSION_HORIZON_MONTHS = EXTENSION_HORIZON_YEARS * 12


def decrease_problem(value_delta: Decimal | None, current_value: Decimal | None) -> str | None:
    """Why a value change cannot be, or ``None``: a decrease larger than the current value."""
    if value_delta is None or current_value is None or value_delta >= 0:
        return None
    if -value_delta > current_value:
        decrease = format_eur(-value_delta, cents=None)
        value = format_eur(current_value, cents=None)
        return f"Een verlaging van {decrease} is groter dan de contractwaarde ({value})."
    return None


def extension_end_problem(new_end: date, current_end: date) -> str | None:
    """Why a new end date cannot be, or ``None``: not after the current end, or past the horizon."""
    if new_end <= current_end:
        return f"moet na de huidige einddatum ({format_date(current_end)}) liggen."
    horizon = add_months(current_end, EXTENSION_HORIZON_MONTHS)
    if new_end > horizon:
        return (
            f"ligt meer dan {EXTENSION_HORIZON_YEARS} jaar na de huidige einddatum "
            f"({format_date(current_end)}); een verlenging tot na {format_date(horizon)} is "
            "niet aannemelijk. Controleer het jaartal."
        )
    return None


def extension_months_problem(extra_months: int | None) -> str | None:
    """The horizon for an extension given in months, or ``None`` when within it."""
    if extra_months is not None and extra_months > EXTENSION_HORIZON_MONTHS:
        return (
            f"een verlenging van {extra_months} maanden is meer dan {EXTENSION_HORIZON_YEARS} "
            "jaar en niet aannemelijk."
        )
    return None
