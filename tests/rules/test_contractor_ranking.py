"""A top 3 of contractors (handreiking stap 2Ba): who a contract's contractor is, and how
contractors rank by the sum of their contracts' scores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi_plugin.rules.contract_facts import ContractFacts
from sroi_plugin.rules.contract_facts import contractor_key
from sroi_plugin.rules.contract_facts import is_contractor_key
from sroi_plugin.rules.norms import load_norms
from sroi_plugin.rules.portfolio import rank_contractors
from sroi_plugin.rules.portfolio import score_contract
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind

TODAY = date(2026, 11, 25)
NORMS = load_norms()
#: A big contract: more than € 200.000 a year, cleaning, multi-year, SR present: 3+3+2+1+2 = 11.
BIG = ContractFacts(
    kind=ContractKind.SERVICES,
    authority=AuthorityType.OTHER,
    value_total_eur=Decimal("4000000"),
    value_annual_eur=Decimal("1000000"),
    wage_sum_eur=None,
    wage_share=None,
    start_date=date(2025, 1, 1),
    end_date=date(2028, 12, 31),
    extension_options="geen",
    framework=False,
    category="schoonmaak",
    sr_percentage=Decimal("5"),
    sr_basis=None,
    sr_form=None,
    clause_text=None,
    today=TODAY,
)
#: A modest contract: € 60.000 a year, green maintenance, multi-year, SR present: 3+2+1+2 = 8.
MODEST = replace(
    BIG,
    value_total_eur=Decimal("240000"),
    value_annual_eur=Decimal("60000"),
    category="groenvoorziening",
)


@pytest.mark.parametrize(
    ("kvk", "name", "key"),
    [
        ("12345678", "Schoon B.V.", "kvk:12345678"),
        (" 1234 5678 ", "Een andere naam", "kvk:12345678"),  # the KvK number decides
        (None, "  Groen   & Co  ", "naam:groen & co"),
        ("", "GROEN & CO", "naam:groen & co"),
        (None, "Café Één", "naam:cafe een"),  # case and accents folded
        (None, None, None),
        ("  ", " ", None),
    ],
)
def test_contractor_key_is_the_kvk_number_else_the_normalised_name(
    kvk: str | None, name: str | None, key: str | None
) -> None:
    assert contractor_key(kvk, name) == key


def test_a_contractor_key_is_told_apart_from_a_contract_reference() -> None:
    assert is_contractor_key("kvk:12345678")
    assert is_contractor_key("naam:groen & co")
    assert not is_contractor_key("GEM-2025-0001")


def test_contracts_group_by_kvk_and_fall_back_to_the_name() -> None:
    ranked = rank_contractors(
        [
            (contractor_key("12345678", "Schoon B.V."), "GEM-1", BIG),
            (contractor_key("1234 5678", "Schoon BV (vestiging Oost)"), "GEM-2", MODEST),
            (contractor_key(None, "Groen & Co"), "GEM-3", MODEST),
            (contractor_key(None, "groen  & co"), "GEM-4", MODEST),
        ],
        NORMS,
    )
    assert [(c.key, [ref for ref, _score in c.contracts]) for c in ranked] == [
        ("kvk:12345678", ["GEM-1", "GEM-2"]),
        ("naam:groen & co", ["GEM-3", "GEM-4"]),
    ]


def test_several_modest_contracts_outrank_one_big_contract() -> None:
    assert score_contract(BIG, NORMS).score == 11
    assert score_contract(MODEST, NORMS).score == 8
    ranked = rank_contractors(
        [("kvk:1", "BIG", BIG)] + [("kvk:2", f"MOD-{n}", MODEST) for n in range(4)], NORMS
    )
    first, second = ranked
    assert (first.key, first.score, len(first.contracts)) == ("kvk:2", 32, 4)
    assert (second.key, second.score) == ("kvk:1", 11)
    assert first.promising and second.promising
    assert first.value_annual_eur == Decimal("240000")
    assert first.best[1].score == 8


def test_the_best_contract_comes_first_and_explains_the_contractor() -> None:
    ended = replace(BIG, end_date=date(2026, 1, 31))
    ranked = rank_contractors(
        [("kvk:1", "OLD", ended), ("kvk:1", "SMALL", MODEST), ("kvk:1", "LARGE", BIG)], NORMS
    )
    (contractor,) = ranked
    assert [ref for ref, _score in contractor.contracts] == ["LARGE", "SMALL", "OLD"]
    assert contractor.score == 11 + 8 + 0  # an ended contract adds nothing
    assert contractor.best[0] == "LARGE"
    assert "annual_value" in [reason.key for reason in contractor.best[1].reasons]


def test_the_sum_reaches_the_threshold_even_when_no_contract_does() -> None:
    small = replace(MODEST, category="advies")  # 2 + 1 + 2 = 5, below the threshold of 8
    assert not score_contract(small, NORMS).promising
    (alone,) = rank_contractors([("kvk:1", "A", small)], NORMS)
    (pair,) = rank_contractors([("kvk:1", "A", small), ("kvk:1", "B", small)], NORMS)
    assert (alone.score, alone.promising) == (5, False)
    assert (pair.score, pair.promising) == (10, True)


def test_contracts_without_a_known_supplier_each_stand_alone() -> None:
    ranked = rank_contractors([(None, "X-1", MODEST), (None, "X-2", BIG)], NORMS)
    assert [(c.key, c.best[0], c.score) for c in ranked] == [(None, "X-2", 11), (None, "X-1", 8)]


def test_ties_go_to_the_best_contract_then_the_value_then_the_key() -> None:
    five = replace(MODEST, category="advies")  # multi-year 2 + remaining 1 + SR 2
    three = replace(five, start_date=date(2026, 6, 1), end_date=date(2028, 1, 31))  # 1 + 2
    larger = replace(MODEST, value_annual_eur=Decimal("150000"))  # still 8: not over 200.000
    items = [
        ("kvk:3", "C-1", MODEST),
        ("kvk:2", "B-1", MODEST),
        ("kvk:1", "A-1", five),
        ("kvk:1", "A-2", three),
        ("kvk:4", "D-1", larger),
    ]
    assert [score_contract(facts, NORMS).score for _k, _r, facts in items] == [8, 8, 5, 3, 8]
    ranked = rank_contractors(items, NORMS)
    assert [(c.key, c.score) for c in ranked] == [
        ("kvk:4", 8),  # the larger annual value
        ("kvk:2", 8),  # equal in all but the key
        ("kvk:3", 8),
        ("kvk:1", 8),  # the same sum, but its best contract scores only 5
    ]
    assert rank_contractors(reversed(items), NORMS) == ranked


def test_no_contracts_no_contractors() -> None:
    assert rank_contractors([], NORMS) == []
