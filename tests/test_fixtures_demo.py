"""Shape and spread of the demo contract register, ``fixtures/demo_contracts.json``.

The demo host, the web tests and the clause-checker demo seed from this file, so it must keep
its promises: every record has the agreed fields in the agreed formats, the portfolio has the
spread of dates, values and clauses the panels are shown with, and the special cases sit under
fixed refs (each with a near-miss that is *not* special).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

Contract = dict[str, Any]

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo_contracts.json"

#: The demo's "today": the fixture's dates are chosen around it.
TODAY = date(2026, 11, 25)

KEYS = frozenset(
    {
        "ref",
        "title",
        "supplier_name",
        "supplier_kvk",
        "category",
        "kind",
        "procedure",
        "authority_type",
        "value_total",
        "value_annual",
        "wage_sum",
        "wage_share",
        "start_date",
        "end_date",
        "extension_options",
        "is_framework",
        "department",
        "contract_manager",
        "sr_percentage",
        "has_sr",
        "sr_basis",
        "sr_form",
        "sr_clause_text",
        "status",
    }
)

KINDS_BY_CATEGORY = {
    "schoonmaak": {"services"},
    "catering": {"services"},
    "beveiliging": {"services"},
    "groenvoorziening": {"services"},
    "ICT": {"services", "supplies"},
    "inhuur": {"services"},
    "leveringen": {"supplies"},
    "glasbewassing": {"services"},
    "onderhoud": {"services", "works"},
    "afvalinzameling": {"services"},
    "bouw": {"works"},
    "advies": {"services"},
}
PROCEDURES = {
    "europees openbaar",
    "nationaal openbaar",
    "meervoudig onderhands",
    "enkelvoudig onderhands",
    "niet-openbaar",
}
AUTHORITY_TYPES = {"central", "other", "special_sector"}
SR_BASES = {"project_sum", "wage_sum"}
SR_FORMS = {"contract_clause", "award_criterion", "minimum_requirement", "suitability_requirement"}
LABOUR_INTENSIVE = {"schoonmaak", "catering", "beveiliging", "groenvoorziening"}

MONEY = re.compile(r"^\d+\.\d{2}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXTENSION = re.compile(r"^(geen|\d+x \d+ jaar|\d+(\+\d+)+)$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _load() -> list[Contract]:
    with FIXTURE.open(encoding="utf-8") as handle:
        data: list[Contract] = json.load(handle)
    return data


CONTRACTS = _load()
BY_REF = {contract["ref"]: contract for contract in CONTRACTS}


def _each_contract() -> pytest.MarkDecorator:
    """Parametrize a test over every contract, named by its ref."""
    return pytest.mark.parametrize("contract", CONTRACTS, ids=[c["ref"] for c in CONTRACTS])


def _money(value: str) -> Decimal:
    assert MONEY.match(value), value
    return Decimal(value)


def _date(value: str) -> date:
    assert ISO_DATE.match(value), value
    return date.fromisoformat(value)


def _end(contract: Contract) -> date | None:
    end: str | None = contract["end_date"]
    return None if end is None else _date(end)


def _add_months(day: date, months: int) -> date:
    """Same day-of-month ``months`` later, clamped to the 28th so every month has it."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def _term_months(start: date, end: date) -> Decimal:
    """Months from ``start`` up to and including ``end``; a remainder counts in days."""
    after = end + timedelta(days=1)
    whole = (after.year - start.year) * 12 + after.month - start.month
    if _add_months(start, whole) > after:
        whole -= 1
    rest = (after - _add_months(start, whole)).days
    return whole + Decimal(rest) / Decimal("30.44")


def _has_sr(contract: Contract) -> bool:
    return contract["sr_clause_text"] is not None


def _is_short(contract: Contract) -> bool:
    end = _end(contract)
    return end is not None and end < _add_months(_date(contract["start_date"]), 6)


def _ends_within(contract: Contract, months: int) -> bool:
    end = _end(contract)
    return contract["status"] == "active" and end is not None and end <= _add_months(TODAY, months)


def _extension_due_within_6_months(contract: Contract) -> bool:
    return _ends_within(contract, 6) and contract["extension_options"] not in (None, "geen")


# --- every record -------------------------------------------------------------------------


@_each_contract()
def test_has_exactly_the_agreed_keys(contract: Contract) -> None:
    assert set(contract) == KEYS


@_each_contract()
@pytest.mark.parametrize(
    "field", ["ref", "title", "supplier_name", "department", "contract_manager"]
)
def test_text_fields_are_non_empty_strings(contract: Contract, field: str) -> None:
    value = contract[field]
    assert isinstance(value, str)
    assert value.strip() == value != ""


@_each_contract()
def test_ref_names_the_register_and_award_year(contract: Contract) -> None:
    match = re.match(r"^(GEM|RIJK)-(\d{4})-\d{4}$", contract["ref"])
    assert match is not None
    assert (match.group(1) == "RIJK") == (contract["authority_type"] == "central")
    assert int(match.group(2)) <= _date(contract["start_date"]).year


@_each_contract()
def test_kvk_number_is_an_eight_digit_string(contract: Contract) -> None:
    assert isinstance(contract["supplier_kvk"], str)
    assert re.match(r"^\d{8}$", contract["supplier_kvk"])


@_each_contract()
def test_coded_fields_use_the_agreed_values(contract: Contract) -> None:
    assert contract["category"] in KINDS_BY_CATEGORY
    assert contract["procedure"] in PROCEDURES
    assert contract["authority_type"] in AUTHORITY_TYPES
    assert contract["status"] in {"active", "ended"}
    assert contract["sr_basis"] in SR_BASES | {None}
    assert contract["sr_form"] in SR_FORMS | {None}
    assert contract["has_sr"] in {"yes", "no", "not_applicable", "unknown", None}
    assert isinstance(contract["is_framework"], bool)


@_each_contract()
def test_the_social_return_answer_agrees_with_the_percentage(contract: Contract) -> None:
    """As migration 0005 fills it: "yes" with a percentage above zero, else not said."""
    percentage = contract["sr_percentage"]
    if percentage is not None:
        assert contract["has_sr"] == ("yes" if Decimal(percentage) > 0 else "no")
    else:
        assert contract["has_sr"] is None


@_each_contract()
def test_kind_matches_category(contract: Contract) -> None:
    assert contract["kind"] in KINDS_BY_CATEGORY[contract["category"]]


@_each_contract()
def test_annual_value_matches_total_over_term(contract: Contract) -> None:
    """Open-ended contracts carry 48 months of value as their total (Dir. 2014/24 art. 5(14)(b))."""
    total = _money(contract["value_total"])
    annual = _money(contract["value_annual"])
    end = _end(contract)
    if end is None:
        assert annual * 4 == total
        return
    months = _term_months(_date(contract["start_date"]), end)
    assert abs(annual * months / 12 - total) <= total * Decimal("0.01")


@_each_contract()
def test_wage_sum_and_share_agree(contract: Contract) -> None:
    wage_sum, share = contract["wage_sum"], contract["wage_share"]
    assert (wage_sum is None) == (share is None)
    if share is None:
        return
    assert re.match(r"^(0\.\d{2}|1\.00)$", share)
    assert Decimal("0") < Decimal(share) <= Decimal("1")
    ratio = _money(wage_sum) / _money(contract["value_total"])
    assert abs(ratio - Decimal(share)) <= Decimal("0.005")


@_each_contract()
def test_end_date_is_not_before_start_date(contract: Contract) -> None:
    start, end = _date(contract["start_date"]), _end(contract)
    assert end is None or end >= start


@_each_contract()
def test_status_follows_end_date(contract: Contract) -> None:
    end = _end(contract)
    assert (contract["status"] == "ended") == (end is not None and end < TODAY)


@_each_contract()
def test_extension_options_are_null_geen_or_a_readable_pattern(contract: Contract) -> None:
    options = contract["extension_options"]
    assert options is None or EXTENSION.match(options)


@_each_contract()
def test_social_return_fields_are_all_empty_without_a_clause(contract: Contract) -> None:
    if not _has_sr(contract):
        assert (contract["sr_percentage"], contract["sr_basis"], contract["sr_form"]) == (
            None,
            None,
            None,
        )


@_each_contract()
def test_social_return_clause_is_coherent_with_its_fields(contract: Contract) -> None:
    if not _has_sr(contract):
        return
    clause, percentage = contract["sr_clause_text"], contract["sr_percentage"]
    assert contract["sr_form"] is not None
    assert 1 <= len(SENTENCE_END.split(clause.strip())) <= 5
    assert (percentage is None) == (contract["sr_basis"] is None)
    if percentage is not None:
        assert re.match(r"^\d+(\.\d+)?$", percentage)
        assert Decimal("0") < Decimal(percentage) <= Decimal("100")
        assert f"{percentage}%" in clause


# --- the register as a whole --------------------------------------------------------------


def test_register_holds_36_contracts_with_unique_refs() -> None:
    assert len(CONTRACTS) == 36
    assert len(BY_REF) == 36


def test_supplier_name_and_kvk_identify_each_other() -> None:
    pairs = {(c["supplier_name"], c["supplier_kvk"]) for c in CONTRACTS}
    assert len({name for name, _ in pairs}) == len(pairs)
    assert len({kvk for _, kvk in pairs}) == len(pairs)


@pytest.mark.parametrize(
    ("what", "predicate", "at_least", "at_most"),
    [
        ("ended", lambda c: c["status"] == "ended", 2, 3),
        ("open-ended", lambda c: c["end_date"] is None, 2, 4),
        ("ending within 12 months", lambda c: _ends_within(c, 12), 4, 36),
        ("extension option due within 6 months", _extension_due_within_6_months, 2, 36),
        ("running into 2029 or 2030", lambda c: (_end(c) or TODAY).year in (2029, 2030), 3, 36),
        ("shorter than 6 months", _is_short, 2, 36),
        ("central government", lambda c: c["authority_type"] == "central", 2, 5),
        ("framework agreement", lambda c: c["is_framework"], 2, 36),
    ],
)
def test_portfolio_has_the_spread_the_panels_are_shown_with(
    what: str, predicate: Callable[[Contract], bool], at_least: int, at_most: int
) -> None:
    count = sum(1 for contract in CONTRACTS if predicate(contract))
    assert at_least <= count <= at_most, what


def test_values_run_from_about_25_thousand_to_about_12_million() -> None:
    totals = [_money(c["value_total"]) for c in CONTRACTS]
    assert Decimal("20000") <= min(totals) <= Decimal("30000")
    assert Decimal("10000000") <= max(totals) <= Decimal("13000000")


def test_about_two_thirds_have_social_return() -> None:
    share = Decimal(sum(1 for c in CONTRACTS if _has_sr(c))) / len(CONTRACTS)
    assert Decimal("0.60") <= share <= Decimal("0.72")


def test_most_contracts_are_municipal() -> None:
    municipal = sum(1 for c in CONTRACTS if c["authority_type"] == "other")
    assert municipal * 3 > len(CONTRACTS) * 2


@pytest.mark.parametrize("ref", ["GEM-2024-0210", "GEM-2025-0158", "GEM-2026-0012"])
def test_social_enterprises_are_among_the_suppliers(ref: str) -> None:
    assert re.search(r"werkbedrijf|sociale onderneming", BY_REF[ref]["supplier_name"], re.I)


# --- the special cases the clause checker and portfolio scan are demonstrated with ---------

#: Each pitfall term and exactly the contracts whose clause contains it (so every other
#: clause is a near-miss for it).
PITFALL_TERMS = [
    ("doelgroepregister", {"GEM-2025-0097"}),
    ("boete", {"GEM-2024-0099", "GEM-2025-0012"}),
    ("Er wordt geen boete opgelegd; partijen gaan in gesprek", {"GEM-2025-0012"}),
    ("VOG", {"GEM-2024-0031"}),
    ("BSN", {"GEM-2024-0077"}),
    ("Op iedere nadere opdracht", {"GEM-2024-0256"}),
    ("gekoppeld aan de raamovereenkomst als geheel", {"RIJK-2025-0044"}),
]


@pytest.mark.parametrize(("term", "refs"), PITFALL_TERMS)
def test_clause_term_appears_only_in_its_special_case(term: str, refs: set[str]) -> None:
    found = {c["ref"] for c in CONTRACTS if term in (c["sr_clause_text"] or "")}
    assert found == refs


@pytest.mark.parametrize(
    "ref", ["GEM-2023-0147", "GEM-2022-0166", "GEM-2023-0199", "GEM-2023-0052"]
)
def test_partnership_clauses_arrange_monitoring_and_reporting(ref: str) -> None:
    clause = BY_REF[ref]["sr_clause_text"]
    assert re.search(r"partnership|gezamenlijk", clause)
    assert re.search(r"rapport|overleg", clause)


def test_target_group_is_prescribed_as_a_requirement() -> None:
    contract = BY_REF["GEM-2025-0097"]
    assert contract["sr_form"] == "minimum_requirement"
    assert (
        "Alleen de inzet van kandidaten uit het doelgroepregister telt mee"
        in (contract["sr_clause_text"])
    )


def test_preference_for_banenafspraak_without_prescribing_it() -> None:
    clause = BY_REF["GEM-2022-0166"]["sr_clause_text"]
    assert "voorkeur voor kandidaten uit de doelgroep banenafspraak" in clause
    assert "alle doelgroepen" in clause


def test_both_framework_cases_are_framework_agreements() -> None:
    assert BY_REF["GEM-2024-0256"]["is_framework"] is True
    assert BY_REF["RIJK-2025-0044"]["is_framework"] is True


@pytest.mark.parametrize(
    ("ref", "kind", "percentage", "basis"),
    [
        ("GEM-2025-0071", "supplies", "5", "project_sum"),
        ("GEM-2024-0121", "supplies", "2", "project_sum"),
    ],
)
def test_supply_contracts_with_a_projectsom_demand(
    ref: str, kind: str, percentage: str, basis: str
) -> None:
    contract = BY_REF[ref]
    assert (contract["kind"], contract["sr_percentage"], contract["sr_basis"]) == (
        kind,
        percentage,
        basis,
    )


@pytest.mark.parametrize(("ref", "has_sr"), [("GEM-2026-0019", True), ("GEM-2025-0158", False)])
def test_small_contracts_below_100_thousand(ref: str, has_sr: bool) -> None:
    contract = BY_REF[ref]
    assert _money(contract["value_total"]) < Decimal("100000")
    assert contract["sr_percentage"] == ("5" if has_sr else None)


@pytest.mark.parametrize(("ref", "has_sr"), [("GEM-2026-0204", True), ("GEM-2026-0151", False)])
def test_short_contracts_under_six_months(ref: str, has_sr: bool) -> None:
    contract = BY_REF[ref]
    assert _is_short(contract)
    assert contract["status"] == "active"
    assert _has_sr(contract) is has_sr


def test_central_contract_with_big_wage_sum_has_no_social_return() -> None:
    contract = BY_REF["RIJK-2024-0012"]
    assert contract["authority_type"] == "central"
    assert _money(contract["wage_sum"]) >= Decimal("250000")
    assert not _has_sr(contract)


@pytest.mark.parametrize(
    ("ref", "percentage", "basis"),
    [
        ("GEM-2025-0140", "5", "project_sum"),
        ("GEM-2025-0012", "2", "project_sum"),
        ("GEM-2023-0274", "5", "wage_sum"),
    ],
)
def test_low_wage_share_contracts(ref: str, percentage: str, basis: str) -> None:
    contract = BY_REF[ref]
    assert Decimal(contract["wage_share"]) < Decimal("0.50")
    assert (contract["sr_percentage"], contract["sr_basis"]) == (percentage, basis)


@pytest.mark.parametrize(
    "ref", ["GEM-2022-0218", "GEM-2021-0093", "GEM-2024-0188", "GEM-2023-0302"]
)
def test_promising_labour_intensive_contracts_without_social_return(ref: str) -> None:
    contract = BY_REF[ref]
    assert contract["category"] in LABOUR_INTENSIVE
    assert contract["status"] == "active"
    assert _money(contract["value_annual"]) >= Decimal("200000")
    assert not _has_sr(contract)
