"""The SR obligation in euros and the contract term (handreiking stap 2Ac)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi_plugin.rules.months import months_between
from sroi_plugin.rules.obligation import SrTerms
from sroi_plugin.rules.obligation import contract_term
from sroi_plugin.rules.obligation import describe_months
from sroi_plugin.rules.obligation import sr_obligation


def test_percentage_of_project_sum() -> None:
    result = sr_obligation(SrTerms(Decimal("5"), "project_sum", Decimal("1200000")))
    assert result.amount == Decimal("60000.00")
    assert result.basis_amount == Decimal("1200000")
    assert result.note is None


def test_percentage_of_wage_sum_uses_the_wage_sum() -> None:
    terms = SrTerms(Decimal("7"), "wage_sum", Decimal("2000000"), wage_sum=Decimal("900000"))
    assert sr_obligation(terms).amount == Decimal("63000.00")


def test_wage_sum_derived_from_share_is_noted() -> None:
    terms = SrTerms(Decimal("5"), "wage_sum", Decimal("1000000"), wage_share=Decimal("0.45"))
    result = sr_obligation(terms)
    assert result.amount == Decimal("22500.00")
    assert result.note is not None and "afgeleid" in result.note


def test_wage_sum_basis_without_wage_data_is_missing_not_guessed() -> None:
    result = sr_obligation(SrTerms(Decimal("5"), "wage_sum", Decimal("1000000")))
    assert result.amount is None
    assert result.missing == "De loonsom ontbreekt; vul die aan."


def test_no_basis_assumes_project_sum_and_says_so() -> None:
    result = sr_obligation(SrTerms(Decimal("2"), None, Decimal("100000")))
    assert result.amount == Decimal("2000.00")
    assert result.note == "Geen grondslag vastgelegd; uitgegaan van de projectsom."


@pytest.mark.parametrize("percentage", [None, Decimal("0")])
def test_no_demand(percentage: Decimal | None) -> None:
    result = sr_obligation(SrTerms(percentage, "project_sum", Decimal("500000")))
    assert result.amount is None
    assert result.missing == "Geen social-returnafspraak."


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 31), date(2026, 2, 28), 0),
        (date(2026, 1, 31), date(2026, 3, 31), 2),
        (date(2026, 11, 25), date(2028, 2, 29), 15),
        (date(2026, 12, 1), date(2026, 11, 1), -1),
    ],
)
def test_months_between(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months


def test_term_in_the_middle() -> None:
    term = contract_term(date(2026, 1, 1), date(2027, 1, 1), date(2026, 7, 2))
    assert term.months_left == 5
    assert not term.ended
    assert term.elapsed_share == Decimal("0.4986")  # 182 of 365 days
    halfway = contract_term(date(2026, 1, 1), date(2026, 1, 11), date(2026, 1, 6))
    assert halfway.elapsed_share == Decimal("0.5000")


def test_term_ended_and_open_ended() -> None:
    ended = contract_term(date(2020, 1, 1), date(2021, 1, 1), date(2026, 1, 1))
    assert ended.ended and ended.months_left == 0 and ended.elapsed_share == Decimal("1.0000")
    open_ended = contract_term(date(2020, 1, 1), None, date(2026, 1, 1))
    assert open_ended.months_left is None and not open_ended.ended


@pytest.mark.parametrize(
    ("months", "text"),
    [
        (0, "minder dan een maand"),
        (1, "1 maand"),
        (5, "5 maanden"),
        (12, "1 jaar"),
        (27, "2 jaar en 3 maanden"),
    ],
)
def test_describe_months(months: int, text: str) -> None:
    assert describe_months(months) == text
