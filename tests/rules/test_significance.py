"""Contract modification (wezenlijke wijziging): verdicts, boundaries and input errors.

Unless a test says otherwise: a services contract of another authority, initial value
€ 1.000.000 (10% = € 100.000, below the 2026 threshold of € 216.000), modified in 2026.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.significance import Assessment
from sroi_plugin.rules.significance import AssessmentInput
from sroi_plugin.rules.significance import Ground
from sroi_plugin.rules.significance import Verdict
from sroi_plugin.rules.significance import assess_modification
from sroi_plugin.rules.significance import de_minimis_headroom
from sroi_plugin.rules.significance import net_cumulative
from sroi_plugin.rules.significance import parse_assessment_input
from sroi_plugin.rules.thresholds import ContractKind
from sroi_plugin.rules.thresholds import load_threshold_table

ALLOWED = Verdict.ALLOWED
PUBLISH = Verdict.ALLOWED_WITH_PUBLICATION
REVIEW = Verdict.NEEDS_LEGAL_REVIEW
SUBSTANTIAL = Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED
CRITERIA = (
    "changes_overall_nature",
    "shifts_economic_balance_to_contractor",
    "extends_scope_considerably",
    "would_have_attracted_other_bidders",
)
ABC = CRITERIA[1:]


def payload(
    *,
    contract: dict[str, Any] | None = None,
    modification: dict[str, Any] | None = None,
    prior: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The CLI input with the module's defaults, parts replaced as given."""
    data: dict[str, Any] = {
        "contract": {
            "kind": "services",
            "authority": "other",
            "initial_value_eur": "1000000",
            "award_date": "2024-03-01",
            "has_review_clause_for_this_change": False,
            "framework": False,
        },
        "prior_modifications": prior or [],
        "modification": {
            "value_delta_eur": "50000",
            "date": "2026-02-01",
            "ground": "de_minimis",
            **{name: False for name in CRITERIA},
        },
    }
    data["contract"].update(contract or {})
    data["modification"].update(modification or {})
    return data


def assess(**parts: Any) -> Assessment:
    return assess_modification(parse_assessment_input(payload(**parts)))


def de_minimis(
    value: str, kind: str = "services", initial: str = "1000000", **contract: Any
) -> Verdict:
    return assess(
        contract={"kind": kind, "initial_value_eur": initial, **contract},
        modification={"value_delta_eur": value},
    ).verdict


# --- de-minimis boundaries ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("services", "99999.99", ALLOWED),
        ("services", "99999", ALLOWED),
        ("services", "100000", REVIEW),  # exactly 10% is not "below"
        ("services", "100001", REVIEW),
        ("supplies", "99999", ALLOWED),
        ("supplies", "100000", REVIEW),
        ("supplies", "100001", REVIEW),
        ("social_services", "99999", ALLOWED),
        ("social_services", "100000", REVIEW),
        ("works", "149999", ALLOWED),
        ("works", "150000", REVIEW),  # exactly 15%
        ("works", "150001", REVIEW),
    ],
)
def test_de_minimis_percentage_boundary_is_strict(kind: str, value: str, expected: Verdict) -> None:
    assert de_minimis(value, kind) == expected


@pytest.mark.parametrize(
    ("authority", "value", "expected"),
    [
        ("other", "215999", ALLOWED),
        ("other", "216000", REVIEW),  # exactly the 2026 threshold is not "below"
        ("other", "216001", REVIEW),
        ("central", "139999", ALLOWED),
        ("central", "140000", REVIEW),
        ("central", "140001", REVIEW),
    ],
)
def test_de_minimis_eu_threshold_boundary_is_strict(
    authority: str, value: str, expected: Verdict
) -> None:
    # initial € 5.000.000: 10% is € 500.000, so the EU threshold is the binding limit
    assert de_minimis(value, initial="5000000", authority=authority) == expected


def test_over_de_minimis_says_which_limit_and_falls_back_to_the_general_test() -> None:
    result = assess(modification={"value_delta_eur": "100000"})
    assert result.verdict is REVIEW
    assert "2.163g" in result.article
    assert any("niet lager dan 10% van de initiële waarde" in r for r in result.reasons)
    assert any("niet van toepassing" in r for r in result.reasons)


def test_de_minimis_allowed_cites_2163b_and_nothing_to_publish() -> None:
    result = assess()
    assert result.verdict is ALLOWED
    assert result.article == "Aw 2012 art. 2.163b / Richtlijn 2014/24 art. 72 lid 2"
    assert any("niets gepubliceerd" in r for r in result.reasons)


@pytest.mark.parametrize("criterion", ABC)
@pytest.mark.parametrize("answer", [True, None])
def test_de_minimis_does_not_test_criteria_a_to_c(criterion: str, answer: bool | None) -> None:
    assert assess(modification={criterion: answer}).verdict is ALLOWED


def test_de_minimis_excluded_when_the_overall_nature_changes() -> None:
    result = assess(modification={"changes_overall_nature": True})
    assert result.verdict is SUBSTANTIAL
    assert "2.163b" in result.article


def test_de_minimis_with_unknown_overall_nature_needs_review() -> None:
    assert assess(modification={"changes_overall_nature": None}).verdict is REVIEW


# --- cumulative value and decreases -----------------------------------------------------------


def _prior(value: str, day: str = "2025-06-01", ground: str = "de_minimis") -> dict[str, Any]:
    return {"value_eur": value, "date": day, "ground": ground}


@pytest.mark.parametrize(
    ("prior", "value", "expected", "cumulative"),
    [
        ([_prior("60000")], "39999", ALLOWED, "99999"),
        ([_prior("60000")], "40000", REVIEW, "100000"),  # earlier change tips this one over
        ([_prior("30000"), _prior("30000", "2025-09-01")], "40001", REVIEW, "100001"),
        ([_prior("60000", ground="additional_works")], "40000", ALLOWED, "40000"),
        ([_prior("60000", ground="review_clause")], "99999", ALLOWED, "99999"),
    ],
)
def test_cumulative_counts_only_earlier_de_minimis_changes(
    prior: list[dict[str, Any]], value: str, expected: Verdict, cumulative: str
) -> None:
    result = assess(prior=prior, modification={"value_delta_eur": value})
    assert result.verdict is expected
    assert result.cumulative_eur == Decimal(cumulative)


def test_decrease_offsets_earlier_increases_and_shows_gross() -> None:
    prior = [_prior("80000", "2025-01-01"), _prior("-30000", "2025-06-01")]
    result = assess(prior=prior, modification={"value_delta_eur": "49999"})
    assert result.verdict is ALLOWED
    assert result.cumulative_eur == Decimal("99999")
    assert any("Bruto verhogingen € 129.999,00" in r for r in result.reasons)


def test_decrease_is_not_banked_as_room_for_later_increases() -> None:
    # the decrease comes first: it has no earlier increase to offset
    result = assess(prior=[_prior("-50000")], modification={"value_delta_eur": "100000"})
    assert result.verdict is REVIEW
    assert result.cumulative_eur == Decimal("100000")


def test_prior_modifications_are_netted_in_date_order() -> None:
    prior = [_prior("-50000", "2025-09-01"), _prior("50000", "2025-01-01")]
    result = assess(prior=prior, modification={"value_delta_eur": "99999"})
    assert result.cumulative_eur == Decimal("99999")
    assert result.verdict is ALLOWED


def test_a_de_minimis_decrease_is_allowed_and_uses_no_room() -> None:
    result = assess(modification={"value_delta_eur": "-200000"})
    assert result.verdict is ALLOWED
    assert result.cumulative_eur == 0
    assert result.headroom_eur == Decimal("99999.99")


def test_decrease_without_ground_is_not_treated_as_no_change() -> None:
    result = assess(modification={"ground": "none", "value_delta_eur": "-10000"})
    assert result.verdict is REVIEW
    assert any("verlaging van € 10.000,00" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], "0"),
        (["10", "20"], "30"),
        (["10", "-4", "5"], "11"),
        (["10", "-40", "5"], "5"),
        (["-10", "5"], "5"),
    ],
)
def test_net_cumulative_never_drops_below_zero(values: list[str], expected: str) -> None:
    assert net_cumulative(Decimal(v) for v in values) == Decimal(expected)


# --- headroom ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "cumulative", "expected"),
    [
        ("100000", "0", "99999.99"),
        ("100000", "30000", "69999.99"),
        ("100000", "99999.99", "0.00"),
        ("100000", "100000", "0.00"),
        ("100000", "120000", "0.00"),
        ("100.005", "0", "100.00"),
        ("0.005", "0", "0.00"),
    ],
)
def test_headroom_is_largest_whole_cent_amount_strictly_below_the_limit(
    limit: str, cumulative: str, expected: str
) -> None:
    headroom = de_minimis_headroom(Decimal(limit), Decimal(cumulative))
    assert headroom == Decimal(expected)
    assert Decimal(cumulative) + headroom < Decimal(limit) or headroom == 0


def test_headroom_uses_the_lower_of_percentage_and_threshold() -> None:
    by_share = assess(modification={"value_delta_eur": "30000"})
    assert by_share.headroom_eur == Decimal("69999.99")
    by_threshold = assess(contract={"initial_value_eur": "5000000"})
    assert by_threshold.headroom_eur == Decimal("165999.99")  # 216.000 - 50.000 - 0,01


def test_headroom_is_zero_when_the_limit_is_reached() -> None:
    assert assess(modification={"value_delta_eur": "150000"}).headroom_eur == 0


def test_headroom_for_another_ground_counts_only_earlier_de_minimis_changes() -> None:
    result = assess(prior=[_prior("20000")], modification={"ground": "review_clause"})
    assert result.cumulative_eur == Decimal("20000")
    assert result.headroom_eur == Decimal("79999.99")


# --- thresholds by date and special sectors -------------------------------------------------


@pytest.mark.parametrize(
    ("day", "threshold", "expected"),
    [("2025-12-31", "221000", ALLOWED), ("2026-01-01", "216000", REVIEW)],
)
def test_threshold_period_is_chosen_by_the_modification_date(
    day: str, threshold: str, expected: Verdict
) -> None:
    result = assess(
        contract={"initial_value_eur": "5000000"},
        modification={"value_delta_eur": "218000", "date": day},
    )
    assert result.threshold_eur == Decimal(threshold)
    assert result.verdict is expected


def test_modification_date_outside_every_period_is_an_input_error() -> None:
    inp = parse_assessment_input(payload(modification={"date": "2028-02-01"}))
    with pytest.raises(RuleInputError) as caught:
        assess_modification(inp)
    assert caught.value.field == "modification.date"


@pytest.mark.parametrize(
    ("kind", "threshold"),
    [
        ("services", "432000"),
        ("supplies", "432000"),
        ("works", "5404000"),
        ("social_services", "1000000"),
    ],
)
def test_special_sector_thresholds(kind: str, threshold: str) -> None:
    result = assess(contract={"kind": kind, "authority": "special_sector"})
    assert result.threshold_eur == Decimal(threshold)


def test_special_sector_de_minimis_threshold_boundary() -> None:
    assert de_minimis("431999", initial="9000000", authority="special_sector") is ALLOWED
    assert de_minimis("432000", initial="9000000", authority="special_sector") is REVIEW


def test_special_sector_cites_directive_2014_25() -> None:
    result = assess(contract={"authority": "special_sector"})
    assert result.article.startswith("Richtlijn 2014/25 art. 89 lid 2")


@pytest.mark.parametrize("ground", ["additional_works", "unforeseeable"])
def test_special_sectors_have_no_fifty_percent_cap(ground: str) -> None:
    result = assess(
        contract={"authority": "special_sector"},
        modification={"ground": ground, "value_delta_eur": "900000"},
    )
    assert result.verdict is PUBLISH
    assert "Richtlijn 2014/25 art. 89" in result.article


def test_thresholds_with_organisation_overrides_are_used() -> None:
    table = load_threshold_table(
        {"modification_limits": {"de_minimis_share_supplies_services": "0.05"}}
    )
    inp = parse_assessment_input(payload())
    assert assess_modification(inp).verdict is ALLOWED
    assert assess_modification(inp, table=table).verdict is REVIEW  # 50.000 is not below 5%


# --- additional works / unforeseeable: 50% per modification ---------------------------------


@pytest.mark.parametrize("ground", ["additional_works", "unforeseeable"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [("499999", PUBLISH), ("500000", PUBLISH), ("500001", SUBSTANTIAL)],
)
def test_fifty_percent_cap_allows_exactly_fifty(ground: str, value: str, expected: Verdict) -> None:
    result = assess(modification={"ground": ground, "value_delta_eur": value})
    assert result.verdict is expected


def test_fifty_percent_cap_applies_per_modification_not_cumulatively() -> None:
    prior = [_prior("400000", ground="additional_works")]
    result = assess(
        prior=prior, modification={"ground": "additional_works", "value_delta_eur": "400000"}
    )
    assert result.verdict is PUBLISH


def test_allowed_with_publication_says_to_publish_and_cites_the_ground() -> None:
    result = assess(modification={"ground": "unforeseeable", "value_delta_eur": "200000"})
    assert result.article == "Aw 2012 art. 2.163e / Richtlijn 2014/24 art. 72 lid 1 onder c"
    assert any(r.startswith("Publiceer een aankondiging") for r in result.reasons)


def test_over_the_cap_is_substantial_even_with_unknown_answers() -> None:
    result = assess(
        modification={
            "ground": "additional_works",
            "value_delta_eur": "600000",
            "extends_scope_considerably": None,
        },
    )
    assert result.verdict is SUBSTANTIAL
    assert "2.163d" in result.article


# --- the four criteria ----------------------------------------------------------------------


@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize("value", ["0", "250000"])
def test_each_criterion_alone_forces_a_new_procedure(criterion: str, value: str) -> None:
    result = assess(modification={"ground": "none", "value_delta_eur": value, criterion: True})
    assert result.verdict is SUBSTANTIAL
    assert result.article == "Aw 2012 art. 2.163a / Richtlijn 2014/24 art. 72 lid 4 en 5"


@pytest.mark.parametrize("criterion", CRITERIA)
def test_each_criterion_forces_a_new_procedure_outside_de_minimis(criterion: str) -> None:
    result = assess(modification={"value_delta_eur": "150000", criterion: True})
    assert result.verdict is SUBSTANTIAL


@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize(
    "ground",
    ["none", "review_clause", "additional_works", "unforeseeable", "contractor_replacement"],
)
def test_unknown_answer_forces_legal_review(criterion: str, ground: str) -> None:
    result = assess(
        contract={"has_review_clause_for_this_change": True},
        modification={"ground": ground, "value_delta_eur": "0", criterion: None},
    )
    assert result.verdict is REVIEW
    assert any(r.startswith("Niet beantwoord (weet ik niet)") for r in result.reasons)


@pytest.mark.parametrize("criterion", ABC)
@pytest.mark.parametrize(
    "ground", ["review_clause", "additional_works", "unforeseeable", "contractor_replacement"]
)
def test_a_criterion_that_holds_under_a_safe_harbour_is_never_allowed(
    criterion: str, ground: str
) -> None:
    result = assess(
        contract={"has_review_clause_for_this_change": True},
        modification={"ground": ground, "value_delta_eur": "0", criterion: True},
    )
    assert result.verdict is REVIEW


@pytest.mark.parametrize(
    "ground", ["review_clause", "additional_works", "unforeseeable", "contractor_replacement"]
)
def test_a_change_of_overall_nature_is_substantial_under_every_ground(ground: str) -> None:
    result = assess(
        contract={"has_review_clause_for_this_change": True},
        modification={"ground": ground, "value_delta_eur": "0", "changes_overall_nature": True},
    )
    assert result.verdict is SUBSTANTIAL


def test_no_ground_no_value_change_and_all_criteria_false_is_allowed() -> None:
    result = assess(modification={"ground": "none", "value_delta_eur": "0"})
    assert result.verdict is ALLOWED
    assert (
        result.article == "Aw 2012 art. 2.163g / Richtlijn 2014/24 art. 72 lid 1 onder e en lid 4"
    )


def test_no_ground_with_a_value_increase_needs_legal_review() -> None:
    result = assess(modification={"ground": "none", "value_delta_eur": "150000"})
    assert result.verdict is REVIEW
    assert any("juridisch oordeel" in r for r in result.reasons)


def test_no_ground_hints_at_de_minimis_when_it_would_fit() -> None:
    fits = assess(modification={"ground": "none", "value_delta_eur": "50000"})
    assert fits.verdict is REVIEW
    assert any("de-minimisruimte" in r for r in fits.reasons)
    too_big = assess(modification={"ground": "none", "value_delta_eur": "100000"})
    assert not any("de-minimisruimte" in r for r in too_big.reasons)


# --- review clause and contractor replacement -----------------------------------------------


def test_review_clause_has_no_value_cap() -> None:
    result = assess(
        contract={"has_review_clause_for_this_change": True},
        modification={"ground": "review_clause", "value_delta_eur": "2000000"},
    )
    assert result.verdict is ALLOWED
    assert "2.163c" in result.article


def test_review_clause_ground_without_a_clause_gets_the_general_test() -> None:
    result = assess(modification={"ground": "review_clause", "value_delta_eur": "2000000"})
    assert result.verdict is REVIEW
    assert any("geen herzieningsclausule" in r for r in result.reasons)


def test_contractor_replacement_under_a_review_clause_is_allowed() -> None:
    result = assess(
        contract={"has_review_clause_for_this_change": True},
        modification={"ground": "contractor_replacement", "value_delta_eur": "0"},
    )
    assert result.verdict is ALLOWED
    assert "2.163f" in result.article


@pytest.mark.parametrize(("clause", "value"), [(False, "0"), (True, "10000")])
def test_contractor_replacement_without_clause_or_with_price_rise_needs_review(
    clause: bool, value: str
) -> None:
    result = assess(
        contract={"has_review_clause_for_this_change": clause},
        modification={"ground": "contractor_replacement", "value_delta_eur": value},
    )
    assert result.verdict is REVIEW


# --- term extension -------------------------------------------------------------------------


def test_term_extension_is_valued_from_the_annual_value() -> None:
    result = assess(
        contract={"annual_value_eur": "120000"},
        modification={"value_delta_eur": None, "extra_months": 6},
    )
    assert result.cumulative_eur == Decimal("60000")
    assert result.verdict is ALLOWED
    assert result.reasons[0] == (
        "De verlenging met 6 maanden heeft geen bedrag; gewaardeerd als jaarwaarde "
        "€ 120.000,00 × 6/12 = € 60.000,00."
    )


def test_term_extension_beyond_de_minimis_warns_about_prorail() -> None:
    result = assess(
        contract={"annual_value_eur": "250000"},
        modification={"value_delta_eur": None, "extra_months": 12},
    )
    assert result.verdict is REVIEW
    assert any("ProRail" in r for r in result.reasons)


def test_explicit_value_wins_over_the_annual_valuation() -> None:
    result = assess(
        contract={"annual_value_eur": "120000"},
        modification={"value_delta_eur": "1000", "extra_months": 6},
    )
    assert result.cumulative_eur == Decimal("1000")
    assert not any("gewaardeerd als jaarwaarde" in r for r in result.reasons)


# --- output ---------------------------------------------------------------------------------


def test_as_dict_has_exactly_the_documented_keys_with_amounts_as_strings() -> None:
    out = assess(modification={"value_delta_eur": "30000"}).as_dict()
    assert out == {
        "verdict": "allowed",
        "article": "Aw 2012 art. 2.163b / Richtlijn 2014/24 art. 72 lid 2",
        "reasons": out["reasons"],
        "headroom_eur": "69999.99",
        "threshold_eur": "216000.00",
        "cumulative_eur": "30000.00",
    }
    assert out["reasons"] and all(isinstance(r, str) for r in out["reasons"])


# --- parsing --------------------------------------------------------------------------------


def test_parse_reads_the_cli_format() -> None:
    data = payload(
        contract={"kind": "works", "framework": True, "annual_value_eur": "250000"},
        modification={"would_have_attracted_other_bidders": None, "extra_months": 3},
        prior=[_prior("1000.50")],
    )
    inp = parse_assessment_input(data)
    assert isinstance(inp, AssessmentInput)
    assert inp.contract.kind is ContractKind.WORKS
    assert inp.contract.initial_value_eur == Decimal("1000000")
    assert inp.contract.award_date == date(2024, 3, 1)
    assert inp.contract.framework is True
    assert inp.prior_modifications[0].value_eur == Decimal("1000.50")
    assert inp.prior_modifications[0].ground is Ground.DE_MINIMIS
    assert inp.modification.would_have_attracted_other_bidders is None
    assert inp.modification.extends_scope_considerably is False
    assert inp.modification.extra_months == 3


def test_absent_answers_and_prior_list_mean_unknown_and_none() -> None:
    data = payload()
    del data["prior_modifications"]
    del data["modification"]["extends_scope_considerably"]
    inp = parse_assessment_input(data)
    assert inp.prior_modifications == ()
    assert inp.modification.extends_scope_considerably is None


def _without(path: str) -> dict[str, Any]:
    data = payload()
    section, _, name = path.rpartition(".")
    target = data[section] if section else data
    del target[name]
    return data


def _with(path: str, value: Any, **parts: Any) -> dict[str, Any]:
    data = payload(**parts)
    section, _, name = path.rpartition(".")
    target = data[section] if section else data
    target[name] = value
    return data


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_without("contract"), "contract"),
        (_without("modification"), "modification"),
        (_without("contract.kind"), "contract.kind"),
        (_without("contract.initial_value_eur"), "contract.initial_value_eur"),
        (_without("contract.framework"), "contract.framework"),
        (_without("modification.date"), "modification.date"),
        (_without("modification.ground"), "modification.ground"),
        (_with("contract", "x"), "contract"),
        (_with("contract.kind", "consultancy"), "contract.kind"),
        (_with("contract.authority", "stichting"), "contract.authority"),
        (_with("contract.initial_value_eur", "-1"), "contract.initial_value_eur"),
        (_with("contract.initial_value_eur", "0"), "contract.initial_value_eur"),
        (_with("contract.initial_value_eur", 1000000.0), "contract.initial_value_eur"),
        (_with("contract.initial_value_eur", "een miljoen"), "contract.initial_value_eur"),
        (_with("contract.award_date", "31-02-2024"), "contract.award_date"),
        (_with("contract.award_date", 20240301), "contract.award_date"),
        (_with("contract.initial_value_eur", "1.234"), "contract.initial_value_eur"),
        (
            _with("contract.has_review_clause_for_this_change", "ja"),
            "contract.has_review_clause_for_this_change",
        ),
        (_with("contract.annual_value_eur", "-5"), "contract.annual_value_eur"),
        (_with("modification.ground", "minimis"), "modification.ground"),
        (_with("modification.date", "2026-02-30"), "modification.date"),
        (_with("modification.date", "2024-01-01"), "modification.date"),  # before the award
        (_with("modification.value_delta_eur", "veel"), "modification.value_delta_eur"),
        (_with("modification.value_delta_eur", None), "modification.value_delta_eur"),
        (
            _with("modification.extends_scope_considerably", "nee"),
            "modification.extends_scope_considerably",
        ),
        (_with("modification.extra_months", 0), "modification.extra_months"),
        (_with("modification.extra_months", True), "modification.extra_months"),
        (_with("modification.extra_months", "6"), "modification.extra_months"),
        (
            _with("modification.extra_months", 6, modification={"value_delta_eur": None}),
            "contract.annual_value_eur",
        ),
        (payload(prior=[_prior("x")]), "prior_modifications[0].value_eur"),
        (payload(prior=[_prior("1", "2026-03-01")]), "prior_modifications[0].date"),
        (payload(prior=[_prior("1"), _prior("1", "2023-01-01")]), "prior_modifications[1].date"),
        (payload(prior=[_prior("1", ground="anders")]), "prior_modifications[0].ground"),
        (payload(prior=["1000"]), "prior_modifications[0]"),  # type: ignore[list-item]
        ({**payload(), "prior_modifications": "1000"}, "prior_modifications"),
    ],
)
def test_parser_errors_name_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        parse_assessment_input(data)
    assert caught.value.field == field
    assert caught.value.message


def test_parser_reads_amounts_and_dates_as_people_write_them() -> None:
    parsed = parse_assessment_input(
        payload(
            contract={"initial_value_eur": "€ 1.000.000", "award_date": "1-3-2024"},
            modification={"value_delta_eur": "-5.000,50", "date": "1 februari 2026"},
        )
    )
    assert parsed.contract.initial_value_eur == Decimal("1000000")
    assert parsed.contract.award_date == date(2024, 3, 1)
    assert parsed.modification.value_delta_eur == Decimal("-5000.50")
    assert parsed.modification.date == date(2026, 2, 1)
    exact = parse_assessment_input(payload(contract={"initial_value_eur": Decimal("1000000.5")}))
    assert exact.contract.initial_value_eur == Decimal("1000000.5")


def test_unknown_choice_lists_the_allowed_values() -> None:
    with pytest.raises(RuleInputError) as caught:
        parse_assessment_input(_with("modification.ground", "minimis"))
    assert "de_minimis" in caught.value.message
    assert "contractor_replacement" in caught.value.message


@pytest.mark.parametrize(
    ("section", "key", "word", "expected"),
    [
        ("contract", "kind", "werk", "works"),
        ("contract", "kind", "Diensten", "services"),
        ("contract", "authority", "gemeente", "other"),
        ("modification", "ground", "onvoorziene omstandigheden", "unforeseeable"),
    ],
)
def test_assessment_input_accepts_the_vocabulary_words(
    section: str, key: str, word: str, expected: str
) -> None:
    data: dict[str, dict[str, Any]] = {
        "contract": {
            "kind": "works",
            "authority": "other",
            "initial_value_eur": "1000000",
            "award_date": "2024-01-01",
            "has_review_clause_for_this_change": False,
            "framework": False,
        },
        "modification": {"value_delta_eur": "50000", "date": "2025-01-01", "ground": "none"},
    }
    data[section][key] = word
    parsed = parse_assessment_input(data)
    assert getattr(getattr(parsed, section), key) == expected


def test_assessment_input_refuses_an_unknown_word_and_lists_codes_with_labels() -> None:
    data = {
        "contract": {
            "kind": "consultancy",
            "authority": "other",
            "initial_value_eur": "1000000",
            "award_date": "2024-01-01",
            "has_review_clause_for_this_change": False,
            "framework": False,
        },
        "modification": {"date": "2025-01-01", "ground": "none"},
    }
    with pytest.raises(RuleInputError, match=r"contract\.kind.*'consultancy'.*works \(werk\)"):
        parse_assessment_input(data)
