"""The review page's figures as pure arithmetic: shares, limits and the history of changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi_plugin.rules.change_figures import ChangeFigures
from sroi_plugin.rules.change_figures import change_figures
from sroi_plugin.rules.change_figures import change_history
from sroi_plugin.rules.significance import Ground
from sroi_plugin.rules.significance import PriorModification
from sroi_plugin.rules.thresholds import default_table
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind

REVISION = PriorModification(Decimal("210000"), date(2026, 1, 1), Ground.REVIEW_CLAUSE, True)
PRIORS = (
    REVISION,
    PriorModification(Decimal("180000"), date(2026, 2, 1), Ground.DE_MINIMIS),
    PriorModification(Decimal("-45000"), date(2026, 2, 15), Ground.DE_MINIMIS),
    PriorModification(Decimal("99000"), date(2026, 6, 1), Ground.DE_MINIMIS),  # later
)


def figures(authority: AuthorityType = AuthorityType.OTHER, clause: bool = True) -> ChangeFigures:
    return change_figures(
        initial_eur=Decimal("4200000"),
        has_indexation_clause=clause,
        kind=ContractKind.WORKS,
        authority=authority,
        priors=PRIORS,
        value=Decimal("441000"),
        on=date(2026, 3, 12),
        table=default_table(),
    )


def test_shares_and_limits_are_taken_of_the_indexed_value_on_the_date() -> None:
    result = figures()
    assert result.reference.total_eur == Decimal("4410000")
    assert result.share_of_reference == Decimal("0.1")
    assert result.threshold == Decimal("5404000")
    assert result.share_limit == Decimal("661500")
    assert result.cap == Decimal("2205000")


def test_history_keeps_increases_decreases_and_indexation_apart_up_to_the_date() -> None:
    history = figures().history
    assert (history.gross_increases, history.decreases, history.net) == (
        Decimal("180000"),
        Decimal("-45000"),
        Decimal("135000"),
    )
    assert (history.indexation, history.count) == (Decimal("210000"), 3)


def test_without_a_clause_a_marked_revision_is_an_ordinary_increase() -> None:
    history = change_history(PRIORS[:3], indexed=False)
    assert (history.gross_increases, history.indexation) == (Decimal("390000"), Decimal(0))
    assert figures(clause=False).share_limit == Decimal("630000")


def test_special_sectors_have_no_cap() -> None:
    assert figures(AuthorityType.SPECIAL_SECTOR).cap is None
