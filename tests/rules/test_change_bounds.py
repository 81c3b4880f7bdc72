"""Plausibility bounds for a contract change (``rules.change_bounds``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi_plugin.rules.change_bounds import decrease_problem
from sroi_plugin.rules.change_bounds import extension_end_problem
from sroi_plugin.rules.change_bounds import extension_months_problem


def test_a_decrease_is_at_most_the_current_value() -> None:
    value = Decimal("1650000")
    assert decrease_problem(Decimal("-5000000"), value) == (
        "Een verlaging van € 5.000.000 is groter dan de contractwaarde (€ 1.650.000)."
    )
    assert decrease_problem(Decimal("-1650000"), value) is None
    assert decrease_problem(Decimal("9000000"), value) is None
    assert decrease_problem(Decimal("-5000000"), None) is None


def test_an_extension_ends_after_the_current_end_and_within_ten_years() -> None:
    end = date(2028, 12, 31)
    assert extension_end_problem(date(2038, 12, 31), end) is None
    assert "moet na de huidige einddatum (31-12-2028)" in (
        extension_end_problem(end, end) or ""
    )
    assert "meer dan 10 jaar" in (extension_end_problem(date(2199, 12, 31), end) or "")
    assert "meer dan 10 jaar" in (extension_end_problem(date(2039, 1, 1), end) or "")


def test_an_extension_in_months_stays_within_the_horizon() -> None:
    assert extension_months_problem(120) is None
    assert extension_months_problem(None) is None
    assert "121 maanden" in (extension_months_problem(121) or "")
