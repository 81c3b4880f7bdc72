"""A planned tender read as a contract, so the clause checks and the 2Ab advice run on it.

A tender has no contract yet, so it has no start date, end date or yearly value of its own.
:class:`TenderAsContract` fills them from what procurement enters (the planned publication as
the start, the term in months, the value spread over the term) and satisfies
:class:`~sroi_plugin.services.contract_facts.ContractLike`; the findings then come from
:func:`~sroi_plugin.services.contract_facts.contract_facts` and
:func:`~sroi_plugin.rules.clauses.check_clause`, the clause panel's one path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.clauses import check_clause
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.months import add_months
from sroi_plugin.rules.months import previous_day
from sroi_plugin.rules.norms import Norms
from sroi_plugin.rules.tender_strategy import procurement_routes
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.services.contract_facts import contract_facts
from sroi_plugin.services.rule_tables import threshold_table

__all__ = [
    "TenderAsContract",
    "TenderFields",
    "tender_as_contract",
    "tender_findings",
    "tender_routes",
]

#: Findings about a running contract's own end (stap 2Ba: "wanneer een contract afloopt"): a
#: tender's end is the term it sets, not a contract running out.
_RUNNING_CONTRACT_ONLY = frozenset({"SR_EXPIRING"})


class TenderFields(Protocol):
    """A :class:`~sroi_plugin.models.PlannedTender`, or the values typed in its form."""

    @property
    def kind(self) -> str | None: ...
    @property
    def authority_type(self) -> str: ...
    @property
    def category(self) -> str | None: ...
    @property
    def value_total(self) -> Decimal | None: ...
    @property
    def term_months(self) -> int | None: ...
    @property
    def wage_share(self) -> Decimal | None: ...
    @property
    def sr_percentage(self) -> Decimal | None: ...
    @property
    def sr_basis(self) -> str | None: ...
    @property
    def sr_form(self) -> str | None: ...
    @property
    def sr_clause_text(self) -> str | None: ...
    @property
    def planned_publication(self) -> date | None: ...


@dataclass(frozen=True)
class TenderAsContract:
    """The contract a tender would become: a :class:`ContractLike` for ``contract_facts``."""

    kind: str | None
    authority_type: str
    value_total: Decimal | None
    value_annual: Decimal | None
    wage_sum: Decimal | None
    wage_share: Decimal | None
    start_date: date | None
    end_date: date | None
    extension_options: str | None
    is_framework: bool
    category: str | None
    sr_percentage: Decimal | None
    has_sr: str | None
    sr_basis: str | None
    sr_form: str | None
    sr_clause_text: str | None


def tender_as_contract(tender: TenderFields, today: date) -> TenderAsContract:
    """The tender as a contract starting at its planned publication (today when not planned)
    and running ``term_months``; the yearly value is the value spread over the term.

    :raises RuleInputError: (field ``term_months``) when the term is missing.
    """
    if tender.term_months is None:
        raise RuleInputError("term_months", "De looptijd in maanden ontbreekt.")
    start = tender.planned_publication or today
    annual = None
    if tender.value_total is not None:
        annual = tender.value_total * 12 / max(tender.term_months, 12)
    return TenderAsContract(
        kind=tender.kind,
        authority_type=tender.authority_type,
        value_total=tender.value_total,
        value_annual=annual,
        wage_sum=None,
        wage_share=tender.wage_share,
        start_date=start,
        end_date=previous_day(add_months(start, tender.term_months)),
        extension_options=None,
        is_framework=False,
        category=tender.category,
        sr_percentage=tender.sr_percentage,
        has_sr=None,
        sr_basis=tender.sr_basis,
        sr_form=tender.sr_form,
        sr_clause_text=tender.sr_clause_text,
    )


def tender_findings(tender: TenderFields, today: date, norms: Norms) -> list[Finding]:
    """The clause panel's findings for the tender (``rules.clauses.check_clause``).

    :raises RuleInputError: naming the field when a value the checks need is missing.
    """
    facts = contract_facts(tender_as_contract(tender, today), today)
    return [f for f in check_clause(facts, norms) if f.code not in _RUNNING_CONTRACT_ONLY]


def tender_routes(tender: TenderFields, today: date) -> list[Finding]:
    """The stap-2Ab instruments that fit the tender (``rules.tender_strategy``), with the EU
    threshold for its kind and authority on its planned publication date."""
    threshold = None
    if tender.kind:
        threshold = threshold_table().threshold_for(
            ContractKind(tender.kind),
            AuthorityType(tender.authority_type),
            tender.planned_publication or today,
        )
    return procurement_routes(tender.value_total, threshold)
