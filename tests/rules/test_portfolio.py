"""Promising contracts (handreiking stap 2Ba) and the norms they are scored with."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi_plugin.errors import ConfigError
from sroi_plugin.rules.contract_facts import ContractFacts
from sroi_plugin.rules.norms import load_norms
from sroi_plugin.rules.portfolio import is_labour_intensive
from sroi_plugin.rules.portfolio import rank_contracts
from sroi_plugin.rules.portfolio import score_contract
from sroi_plugin.rules.vocabulary import SrApplies

TODAY = date(2026, 11, 25)
NORMS = load_norms()
#: scores only "remaining_term" (1) and "sr_paragraph_absent" (1)
BASE = ContractFacts(
    kind="services",
    authority="other",
    value_total_eur=Decimal("300000"),
    value_annual_eur=Decimal("150000"),
    wage_sum_eur=None,
    wage_share=None,
    start_date=date(2026, 1, 1),
    end_date=date(2027, 12, 30),
    extension_options="geen",
    framework=False,
    category="advies",
    sr_percentage=None,
    sr_basis=None,
    sr_form=None,
    clause_text=None,
    today=TODAY,
)


def keys(facts: ContractFacts) -> list[str]:
    """The criteria a contract meets."""
    return [reason.key for reason in score_contract(facts, NORMS).reasons]


def test_base_contract_scores_only_remaining_term_and_opportunity() -> None:
    score = score_contract(BASE, NORMS)
    assert [(r.key, r.points) for r in score.reasons] == [
        ("remaining_term", 1),
        ("sr_paragraph_absent", 1),
    ]
    assert score.score == 2
    assert not score.promising


@pytest.mark.parametrize(
    ("annual", "met"),
    [(Decimal("200000"), False), (Decimal("200000.01"), True)],
    ids=["exactly-200000", "just-above"],
)
def test_annual_value_must_exceed_the_norm(annual: Decimal, met: bool) -> None:
    assert ("annual_value" in keys(replace(BASE, value_annual_eur=annual))) is met


def test_annual_value_label_gives_the_amounts() -> None:
    score = score_contract(replace(BASE, value_annual_eur=Decimal("350000")), NORMS)
    assert score.reasons[0].label == (
        "Jaarwaarde € 350.000 is meer dan € 200.000: een groter contract"
    )
    assert score.reasons[0].points == 3


@pytest.mark.parametrize(
    ("category", "labour_intensive"),
    [
        ("schoonmaak", True),
        ("Schoonmaakdiensten", True),
        ("CATERING", True),
        ("Glasbewassing en gevelreiniging", True),
        ("Groenonderhoud", True),
        ("beveiliging objecten", True),
        ("ICT", False),
        ("Advies", False),
        ("inhuur", False),
        ("", False),
    ],
)
def test_labour_intensive_categories(category: str, labour_intensive: bool) -> None:
    assert is_labour_intensive(category, NORMS) is labour_intensive
    assert ("labour_intensive" in keys(replace(BASE, category=category))) is labour_intensive


def test_labour_intensive_categories_are_configurable() -> None:
    own = load_norms({"labour_intensive_categories": ["afvalinzameling", "facilitaire diensten"]})
    assert is_labour_intensive("Afvalinzameling", own)
    assert is_labour_intensive("Facilitaire diensten Noord", own)
    assert not is_labour_intensive("facilitaire zaken", own)
    assert not is_labour_intensive("schoonmaak", own)


@pytest.mark.parametrize(
    ("end", "met"),
    [(date(2027, 12, 31), True), (date(2027, 12, 30), False), (None, True)],
    ids=["exactly-24-months", "one-day-short", "open-ended"],
)
def test_multi_year_is_the_base_term_of_two_years(end: date | None, met: bool) -> None:
    contract = replace(BASE, end_date=end, extension_options="2x 1 jaar")
    assert ("multi_year" in keys(contract)) is met


@pytest.mark.parametrize(
    ("end", "met"),
    [(date(2027, 11, 25), True), (date(2027, 11, 24), False), (None, True)],
    ids=["exactly-12-months-left", "one-day-less", "open-ended"],
)
def test_remaining_term_of_at_least_a_year(end: date | None, met: bool) -> None:
    assert ("remaining_term" in keys(replace(BASE, end_date=end))) is met


@pytest.mark.parametrize(
    ("end", "options", "met"),
    [
        (date(2027, 5, 25), "1+1", True),
        (date(2027, 5, 26), "1+1", False),
        (date(2027, 5, 25), "geen", False),
        (None, None, False),
    ],
    ids=["option-within-6-months", "one-day-later", "no-option", "open-ended"],
)
def test_extension_due(end: date | None, options: str | None, met: bool) -> None:
    contract = replace(BASE, end_date=end, extension_options=options)
    assert ("extension_due" in keys(contract)) is met


def test_an_existing_sr_paragraph_scores_higher_than_none() -> None:
    present = score_contract(replace(BASE, clause_text="Opdrachtnemer besteedt 5%."), NORMS)
    absent = score_contract(BASE, NORMS)
    assert [r.key for r in present.reasons][-1] == "sr_paragraph_present"
    assert [r.key for r in absent.reasons][-1] == "sr_paragraph_absent"
    assert present.score > absent.score > 0


def test_no_and_unknown_social_return_score_differently() -> None:
    # "nee" (and no answer at all) is a candidate to start the conversation; "onbekend" and
    # "n.v.t." get no social-return points: the first needs checking, the second does not apply
    assert "sr_paragraph_absent" in keys(replace(BASE, has_sr=SrApplies.NO))
    assert "sr_paragraph_absent" in keys(BASE)
    for answer in (SrApplies.UNKNOWN, SrApplies.NOT_APPLICABLE):
        found = keys(replace(BASE, has_sr=answer))
        assert "sr_paragraph_absent" not in found and "sr_paragraph_present" not in found
    assert "sr_paragraph_present" in keys(replace(BASE, has_sr=SrApplies.YES))
    unknown = score_contract(replace(BASE, has_sr=SrApplies.UNKNOWN), NORMS)
    assert unknown.score < score_contract(replace(BASE, has_sr=SrApplies.NO), NORMS).score


def test_promising_at_exactly_the_threshold() -> None:
    # annual 3 + labour 3 + remaining 1 + absent 1 = 8, the default threshold
    contract = replace(BASE, value_annual_eur=Decimal("250000"), category="beveiliging")
    score = score_contract(contract, NORMS)
    assert score.score == NORMS.promising_threshold == 8
    assert score.promising
    assert not score_contract(replace(contract, category="advies"), NORMS).promising


def test_weights_can_be_overridden_one_at_a_time() -> None:
    norms = load_norms({"score_weights": {"remaining_term": 5, "sr_paragraph_absent": 0}})
    score = score_contract(BASE, norms)
    assert [(r.key, r.points) for r in score.reasons] == [("remaining_term", 5)]
    assert norms.score_weights.annual_value == NORMS.score_weights.annual_value


def _contract(category: str, annual: str, end: date, options: str, sr: bool) -> ContractFacts:
    """A contract of the fixture portfolio (started 1 January 2024)."""
    return replace(
        BASE,
        category=category,
        value_annual_eur=Decimal(annual),
        start_date=date(2024, 1, 1),
        end_date=end,
        extension_options=options,
        clause_text="Opdrachtnemer besteedt 5% van de loonsom aan social return." if sr else None,
    )


PORTFOLIO = [
    ("GEM-A", _contract("schoonmaak", "1000000", date(2028, 12, 31), "geen", sr=False)),
    ("GEM-B", _contract("catering", "500000", date(2027, 3, 31), "2x 1 jaar", sr=True)),
    ("GEM-C", _contract("ICT", "900000", date(2029, 12, 31), "geen", sr=True)),
    ("GEM-D", _contract("groenvoorziening", "150000", date(2029, 12, 31), "geen", sr=False)),
    ("GEM-E", _contract("advies", "300000", date(2025, 12, 31), "geen", sr=False)),
    ("GEM-0", _contract("Schoonmaakdiensten", "1000000", date(2028, 12, 31), "geen", sr=False)),
    ("GEM-G", _contract("glasbewassing", "1200000", date(2028, 12, 31), "geen", sr=False)),
]
EXPECTED_ORDER = [
    ("GEM-B", 12, True),  # large, labour-intensive, multi-year, extension due, SR present
    ("GEM-G", 10, True),  # large, labour-intensive, multi-year, a year left; biggest of the 10s
    ("GEM-0", 10, True),  # ties with GEM-A on score and value: smaller key first
    ("GEM-A", 10, True),
    ("GEM-C", 8, True),  # not labour-intensive, but large, multi-year, with an SR paragraph
    ("GEM-D", 7, False),  # labour-intensive and multi-year, but small
    ("GEM-E", 0, False),  # ended: nothing left to build on
]


def test_rank_contracts_orders_the_portfolio() -> None:
    ranked = rank_contracts(PORTFOLIO, NORMS)
    assert [(key, s.score, s.promising) for key, s in ranked] == EXPECTED_ORDER


def test_rank_contracts_does_not_depend_on_input_order() -> None:
    ranked = rank_contracts(reversed(PORTFOLIO), NORMS)
    assert [key for key, _score in ranked] == [key for key, _s, _p in EXPECTED_ORDER]


def test_an_ended_contract_scores_nothing() -> None:
    ended = _contract("schoonmaak", "1000000", date(2026, 11, 24), "geen", sr=False)
    assert score_contract(ended, NORMS).score == 0
    assert score_contract(replace(ended, end_date=TODAY), NORMS).score > 0


def test_rank_contracts_of_nothing_is_empty() -> None:
    assert rank_contracts([], NORMS) == []


# ----------------------------------------------------------------------------------- norms


def test_default_norms_are_the_guides() -> None:
    assert NORMS.size_norm_eur == Decimal("100000")
    assert NORMS.rijk_wage_sum_norm_eur == Decimal("250000")
    assert NORMS.min_duration_months == 6
    assert NORMS.low_wage_share == Decimal("0.50")
    assert NORMS.max_project_sum_pct_at_low_wage_share == Decimal("2")
    assert NORMS.promising_annual_value_eur == Decimal("200000")
    assert NORMS.expiring_horizon_months == 12
    assert NORMS.extension_horizon_months == 6
    assert NORMS.labour_intensive_categories == (
        "schoonmaak",
        "glasbewassing",
        "catering",
        "beveiliging",
        "onderhoud",
        "groenvoorziening",
    )


def test_overrides_accept_strings_ints_and_floats_as_exact_decimals() -> None:
    norms = load_norms(
        {"size_norm_eur": 50000, "low_wage_share": 0.4, "rijk_wage_sum_norm_eur": "1e5"}
    )
    assert norms.size_norm_eur == Decimal("50000")
    assert norms.low_wage_share == Decimal("0.4")
    assert norms.rijk_wage_sum_norm_eur == Decimal("100000")


def test_unknown_override_key_raises_naming_it() -> None:
    with pytest.raises(ConfigError, match="'size_norm'"):
        load_norms({"size_norm": "50000"})


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"size_norm_eur": "veel"}, "'size_norm_eur'"),
        ({"size_norm_eur": "-1"}, "'size_norm_eur'"),
        ({"size_norm_eur": None}, "'size_norm_eur'"),
        ({"low_wage_share": "1.5"}, "'low_wage_share'"),
        ({"max_project_sum_pct_at_low_wage_share": 101}, "'max_project_sum_pct_at_low_wage_share'"),
        ({"min_duration_months": 0}, "'min_duration_months'"),
        ({"extension_horizon_months": True}, "'extension_horizon_months'"),
        ({"expiring_horizon_months": 1.5}, "'expiring_horizon_months'"),
        ({"labour_intensive_categories": []}, "'labour_intensive_categories'"),
        ({"labour_intensive_categories": "schoonmaak"}, "'labour_intensive_categories'"),
        ({"score_weights": {"bogus": 1}}, "'score_weights.bogus'"),
        ({"score_weights": {"annual_value": -1}}, "'score_weights.annual_value'"),
        ({"score_weights": 3}, "'score_weights'"),
        ({"promising_threshold": "8"}, "'promising_threshold'"),
    ],
)
def test_unusable_override_raises_naming_the_key(overrides: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_norms(overrides)
    assert named in str(caught.value)
