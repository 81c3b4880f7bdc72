"""Replacement of the contractor (Aw 2012 art. 2.163f / Richtlijn 2014/24 art. 72 lid 1 onder d).

A services contract of € 1.000.000, awarded 01-03-2024; the replacement is dated 01-02-2026.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.significance import Assessment
from sroi_plugin.rules.significance import Verdict
from sroi_plugin.rules.significance import assess_modification
from sroi_plugin.rules.significance import parse_assessment_input

ARTICLE = "Aw 2012 art. 2.163f / Richtlijn 2014/24 art. 72 lid 1 onder d"
QUESTIONS = (
    "changes_overall_nature",
    "shifts_economic_balance_to_contractor",
    "extends_scope_considerably",
    "would_have_attracted_other_bidders",
)
ANSWERS = (True, False, None)


def replacement(
    *,
    clause: bool = False,
    restructuring: bool | None = None,
    criteria: bool | None = None,
    value: str = "0",
    authority: str = "other",
    **answers: bool | None,
) -> Assessment:
    modification: dict[str, Any] = {
        "value_delta_eur": value,
        "date": "2026-02-01",
        "ground": "contractor_replacement",
        **{name: False for name in QUESTIONS},
        **answers,
        "successor_via_restructuring": restructuring,
        "successor_meets_original_selection_criteria": criteria,
    }
    return assess_modification(
        parse_assessment_input(
            {
                "contract": {
                    "kind": "services",
                    "authority": authority,
                    "initial_value_eur": "1000000",
                    "award_date": "2024-03-01",
                    "has_review_clause_for_this_change": clause,
                    "framework": False,
                },
                "modification": modification,
            }
        )
    )


def expected_without_clause(restructuring: bool | None, criteria: bool | None) -> Verdict:
    """What art. 72(1)(d)(ii) gives with the four questions all "nee" and no price change."""
    if restructuring is False or criteria is False:
        return Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED
    if restructuring is None or criteria is None:
        return Verdict.NEEDS_LEGAL_REVIEW
    return Verdict.ALLOWED


@pytest.mark.parametrize(("restructuring", "criteria"), list(product(ANSWERS, ANSWERS)))
def test_every_combination_of_the_two_succession_facts_without_a_review_clause(
    restructuring: bool | None, criteria: bool | None
) -> None:
    result = replacement(restructuring=restructuring, criteria=criteria)
    assert result.verdict is expected_without_clause(restructuring, criteria)
    assert result.article == ARTICLE
    assert all(ARTICLE in reason for reason in result.reasons)


@pytest.mark.parametrize(("restructuring", "criteria"), list(product(ANSWERS, ANSWERS)))
def test_an_unequivocal_review_clause_allows_it_whatever_the_succession_facts(
    restructuring: bool | None, criteria: bool | None
) -> None:
    result = replacement(clause=True, restructuring=restructuring, criteria=criteria)
    assert result.verdict is Verdict.ALLOWED
    assert all(ARTICLE in reason for reason in result.reasons)


def test_replacement_by_another_company_without_restructuring_is_substantial_criterion_d() -> None:
    result = replacement(restructuring=False, criteria=True)
    assert result.verdict is Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED
    assert any(
        "Niet het geval: de nieuwe opdrachtnemer komt in de plaats" in r for r in result.reasons
    )
    assert any("criterium d" in r for r in result.reasons)


def test_a_successor_that_misses_the_selection_criteria_is_substantial() -> None:
    result = replacement(restructuring=True, criteria=False)
    assert result.verdict is Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED
    assert any("oorspronkelijke kwalitatieve selectiecriteria" in r for r in result.reasons)


def test_an_unknown_fact_asks_a_lawyer_and_says_which() -> None:
    result = replacement(restructuring=True, criteria=None)
    assert result.verdict is Verdict.NEEDS_LEGAL_REVIEW
    assert any(
        r.startswith("Niet beantwoord (weet ik niet): de nieuwe opdrachtnemer voldoet")
        for r in result.reasons
    )


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(
    ("answer", "expected"),
    [(True, Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED), (None, Verdict.NEEDS_LEGAL_REVIEW)],
)
def test_succession_with_another_substantial_change_is_not_covered(
    question: str, answer: bool | None, expected: Verdict
) -> None:
    result = replacement(restructuring=True, criteria=True, **{question: answer})
    assert result.verdict is expected
    assert all(ARTICLE in reason for reason in result.reasons)


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (True, {Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED, Verdict.NEEDS_LEGAL_REVIEW}),
        (None, {Verdict.NEEDS_LEGAL_REVIEW}),
        (False, {Verdict.ALLOWED}),
    ],
)
def test_under_a_review_clause_the_four_questions_still_count(
    question: str, answer: bool | None, expected: set[Verdict]
) -> None:
    result = replacement(clause=True, **{question: answer})
    assert result.verdict in expected


@pytest.mark.parametrize("clause", [False, True])
def test_a_price_increase_with_the_replacement_needs_its_own_ground(clause: bool) -> None:
    result = replacement(clause=clause, restructuring=True, criteria=True, value="10000")
    assert result.verdict is Verdict.NEEDS_LEGAL_REVIEW
    assert any("eigen grond" in r for r in result.reasons)


def test_special_sectors_cite_their_own_directive() -> None:
    result = replacement(restructuring=True, criteria=True, authority="special_sector")
    assert result.verdict is Verdict.ALLOWED
    assert all("Richtlijn 2014/25 art. 89 lid 1 onder d" in r for r in result.reasons)


def test_the_facts_must_be_booleans_or_null() -> None:
    with pytest.raises(RuleInputError) as caught:
        replacement(restructuring="ja")  # type: ignore[arg-type]
    assert caught.value.field == "modification.successor_via_restructuring"
