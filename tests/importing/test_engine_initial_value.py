"""The initial value, award date and indexation clause through the portfolio import.

A new contract takes its value as a derived initial value unless the file states one; a stated
one (and an award date) is kept when a later file leaves the cell empty or has no such column.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from tests.helpers.portfolio import HEADER
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx

BASIS_HEADER = (*HEADER, "Waarde bij gunning", "Gunningsdatum", "Indexatieclausule")


def test_a_new_contract_without_the_column_takes_its_value_marked_derived(
    session: Session,
) -> None:
    assert run(session, xlsx([row("GEM-1")])).committed
    stored = contract(session, "GEM-1")
    assert stored.initial_value == Decimal("1000000.00")
    assert stored.initial_value_derived
    assert stored.award_date is None
    assert not stored.has_indexation_clause


def test_stated_initial_value_award_date_and_clause_are_stored_not_derived(
    session: Session,
) -> None:
    basis = {
        "Waarde bij gunning": "€ 900.000",
        "Gunningsdatum": "15-11-2024",
        "Indexatieclausule": "ja",
    }
    assert run(session, xlsx([row("GEM-1", basis, BASIS_HEADER)], BASIS_HEADER)).committed
    stored = contract(session, "GEM-1")
    assert (stored.initial_value, stored.initial_value_derived) == (Decimal("900000.00"), False)
    assert stored.award_date == date(2024, 11, 15)
    assert stored.has_indexation_clause


def test_a_re_import_with_empty_cells_or_without_the_columns_keeps_the_stated_basis(
    session: Session,
) -> None:
    basis = {"Waarde bij gunning": "€ 900.000", "Gunningsdatum": "15-11-2024"}
    run(session, xlsx([row("GEM-1", basis, BASIS_HEADER)], BASIS_HEADER))
    empty = {"Waarde bij gunning": None, "Gunningsdatum": None, "Contractwaarde": "€ 1.100.000"}
    assert run(session, xlsx([row("GEM-1", empty, BASIS_HEADER)], BASIS_HEADER)).committed
    run(session, xlsx([row("GEM-1", {"Contractwaarde": "€ 1.200.000"})]))
    stored = contract(session, "GEM-1")
    assert stored.value_total == Decimal("1200000.00")
    assert (stored.initial_value, stored.initial_value_derived) == (Decimal("900000.00"), False)
    assert stored.award_date == date(2024, 11, 15)


def test_a_stated_initial_value_on_a_re_import_ends_derived(session: Session) -> None:
    run(session, xlsx([row("GEM-1")]))
    stated = {"Waarde bij gunning": "€ 950.000"}
    assert run(session, xlsx([row("GEM-1", stated, BASIS_HEADER)], BASIS_HEADER)).committed
    stored = contract(session, "GEM-1")
    assert (stored.initial_value, stored.initial_value_derived) == (Decimal("950000.00"), False)
