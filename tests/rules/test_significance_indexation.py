"""The reference value of the 10%/15% and 50% tests: the initial value, indexed (Dir. 72(3)).

Unless a test says otherwise: a works contract of another authority, initial value € 4.200.000
with an indexation clause and a price revision of € 210.000 (5%) on 01-01-2026. The reference
value is € 4.410.000: 15% is € 661.500 (below the 2026 works threshold of € 5.404.000) and 50%
is € 2.205.000.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.significance import Assessment
from sroi_plugin.rules.significance import AssessmentInput
from sroi_plugin.rules.significance import Contract
from sroi_plugin.rules.significance import Ground
from sroi_plugin.rules.significance import Modification
from sroi_plugin.rules.significance import PriorModification
from sroi_plugin.rules.significance import Verdict
from sroi_plugin.rules.significance import assess_modification
from sroi_plugin.rules.significance import parse_assessment_input
from sroi_plugin.rules.significance import reference_value
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind

INITIAL = Decimal("4200000")
REVISION = PriorModification(
    Decimal("210000"), date(2026, 1, 1), Ground.REVIEW_CLAUSE, indexation=True
)


def contract(
    *, clause: bool = True, kind: ContractKind = ContractKind.WORKS, initial: Decimal = INITIAL
) -> Contract:
    return Contract(
        kind=kind,
        authority=AuthorityType.OTHER,
        initial_value_eur=initial,
        award_date=date(2024, 3, 1),
        has_review_clause_for_this_change=False,
        framework=False,
        has_indexation_clause=clause,
    )


def assess(
    value: str,
    ground: Ground = Ground.DE_MINIMIS,
    *,
    priors: tuple[PriorModification, ...] = (REVISION,),
    day: date = date(2026, 3, 12),
    **contract_options: Any,
) -> Assessment:
    modification = Modification(
        value_delta_eur=Decimal(value),
        date=day,
        ground=ground,
        changes_overall_nature=False,
        shifts_economic_balance_to_contractor=False,
        extends_scope_considerably=False,
        would_have_attracted_other_bidders=False,
    )
    inp = AssessmentInput(contract(**contract_options), priors, modification)
    return assess_modification(inp)


def test_reference_value_adds_revisions_on_or_before_the_date_and_says_so() -> None:
    later = PriorModification(Decimal("50000"), date(2026, 6, 1), Ground.REVIEW_CLAUSE, True)
    reference = reference_value(INITIAL, True, (REVISION, later), date(2026, 1, 1))
    assert reference.total_eur == Decimal("4410000")
    assert reference.describe() == (
        "initiële waarde € 4.200.000 + indexatie € 210.000 (5,0%) = € 4.410.000 "
        "(Richtlijn 2014/24 art. 72 lid 3)"
    )


def test_without_a_clause_the_initial_value_alone_is_the_reference() -> None:
    reference = reference_value(INITIAL, False, (REVISION,), date(2026, 3, 12))
    assert reference.total_eur == INITIAL
    assert not reference.indexed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("661499.99", Verdict.ALLOWED),
        ("661500", Verdict.NEEDS_LEGAL_REVIEW),  # exactly 15% of the indexed value is outside
    ],
)
def test_works_fifteen_percent_of_the_indexed_value_is_strict(
    value: str, expected: Verdict
) -> None:
    assert assess(value).verdict is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("109999.99", Verdict.ALLOWED),
        ("110000", Verdict.NEEDS_LEGAL_REVIEW),  # exactly 10% of the indexed value is outside
    ],
)
def test_services_ten_percent_of_the_indexed_value_is_strict(value: str, expected: Verdict) -> None:
    # € 1.000.000 + indexatie € 100.000: 10% = € 110.000, below the threshold of € 216.000
    revision = PriorModification(Decimal("100000"), date(2026, 1, 1), Ground.REVIEW_CLAUSE, True)
    result = assess(
        value,
        priors=(revision,),
        kind=ContractKind.SERVICES,
        initial=Decimal("1000000"),
    )
    assert result.verdict is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2205000", Verdict.ALLOWED_WITH_PUBLICATION),  # exactly 50% is allowed
        ("2205000.01", Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED),
    ],
)
def test_fifty_percent_cap_is_taken_of_the_indexed_value(value: str, expected: Verdict) -> None:
    assert assess(value, Ground.ADDITIONAL_WORKS).verdict is expected


def test_without_the_clause_the_revision_is_an_ordinary_change_and_the_cap_is_lower() -> None:
    result = assess("2205000", Ground.ADDITIONAL_WORKS, clause=False)
    assert result.verdict is Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED


def test_a_revision_is_not_counted_in_the_de_minimis_net_cumulative_value() -> None:
    marked_de_minimis = PriorModification(
        Decimal("210000"), date(2026, 1, 1), Ground.DE_MINIMIS, indexation=True
    )
    result = assess("100000", priors=(marked_de_minimis,))
    assert result.cumulative_eur == Decimal("100000")
    unmarked = PriorModification(Decimal("210000"), date(2026, 1, 1), Ground.DE_MINIMIS)
    assert assess("100000", priors=(unmarked,)).cumulative_eur == Decimal("310000")


def test_the_reasons_show_the_indexed_reference_value() -> None:
    reasons = assess("100000").reasons
    assert reasons[0] == (
        "Referentiewaarde voor de toets: initiële waarde € 4.200.000 + indexatie € 210.000 "
        "(5,0%) = € 4.410.000 (Richtlijn 2014/24 art. 72 lid 3)."
    )
    assert not any("Referentiewaarde" in r for r in assess("100000", clause=False).reasons)


def _json(contract_extra: dict[str, Any], prior_extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "contract": {
            "kind": "works",
            "authority": "other",
            "initial_value_eur": "4200000",
            "award_date": "2024-03-01",
            "has_review_clause_for_this_change": False,
            "framework": False,
            **contract_extra,
        },
        "prior_modifications": [
            {"value_eur": "210000", "date": "2026-01-01", "ground": "review_clause", **prior_extra}
        ],
        "modification": {"value_delta_eur": "661500", "date": "2026-03-12", "ground": "de_minimis"},
    }


def test_json_input_reads_the_clause_and_the_revision_flag_defaulting_to_false() -> None:
    indexed = parse_assessment_input(_json({"has_indexation_clause": True}, {"indexation": True}))
    assert indexed.contract.has_indexation_clause
    assert indexed.prior_modifications[0].indexation
    plain = parse_assessment_input(_json({}, {}))
    assert not plain.contract.has_indexation_clause
    assert not plain.prior_modifications[0].indexation


@pytest.mark.parametrize(
    ("contract_extra", "prior_extra", "field"),
    [
        ({"has_indexation_clause": "ja"}, {}, "contract.has_indexation_clause"),
        ({}, {"indexation": 1}, "prior_modifications[0].indexation"),
    ],
)
def test_json_input_refuses_a_flag_that_is_not_a_boolean(
    contract_extra: dict[str, Any], prior_extra: dict[str, Any], field: str
) -> None:
    with pytest.raises(RuleInputError) as caught:
        parse_assessment_input(_json(contract_extra, prior_extra))
    assert caught.value.field == field
    assert "true of false" in caught.value.message
