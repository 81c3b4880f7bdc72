"""From the contract model to the rules' inputs (:class:`ContractFacts`, :class:`SrTerms`), once.

The clause panel, the promising-contracts page and their exports build
:class:`~sroi_plugin.rules.contract_facts.ContractFacts` here and nowhere else. The facts go
through :func:`~sroi_plugin.rules.clauses.parse_contract_facts`, so a contract with missing or
unusable data gets the same Dutch message, naming the field, as the CLI's JSON input does.

The model stores the vocabulary's codes (:mod:`sroi_plugin.rules.vocabulary`) and the rules read
them as the vocabulary's enums; only the field names differ, and :data:`_FACT_SOURCES` names
each fact's column once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from typing import Protocol

from sroi_plugin.rules.clauses import parse_contract_facts
from sroi_plugin.rules.contract_facts import ContractFacts
from sroi_plugin.rules.obligation import SrTerms

__all__ = [
    "FACT_COLUMNS",
    "ContractLike",
    "contract_facts",
    "sr_terms_of",
]

#: Each :class:`ContractFacts` field read from the contract, with the column it comes from.
_FACT_SOURCES = {
    "kind": "kind",
    "authority": "authority_type",
    "value_total_eur": "value_total",
    "value_annual_eur": "value_annual",
    "wage_sum_eur": "wage_sum",
    "wage_share": "wage_share",
    "start_date": "start_date",
    "end_date": "end_date",
    "extension_options": "extension_options",
    "framework": "is_framework",
    "category": "category",
    "sr_percentage": "sr_percentage",
    "has_sr": "has_sr",
    "sr_basis": "sr_basis",
    "sr_form": "sr_form",
    "clause_text": "sr_clause_text",
}

#: The :class:`~sroi_plugin.models.Contract` columns :func:`contract_facts` reads; the
#: promising page selects exactly these (plus what it displays) in one query.
FACT_COLUMNS = tuple(_FACT_SOURCES.values())


class ContractLike(Protocol):
    """A :class:`~sroi_plugin.models.Contract`, or a result row with the same column names."""

    @property
    def kind(self) -> str | None: ...
    @property
    def authority_type(self) -> str: ...
    @property
    def value_total(self) -> Decimal | None: ...
    @property
    def value_annual(self) -> Decimal | None: ...
    @property
    def wage_sum(self) -> Decimal | None: ...
    @property
    def wage_share(self) -> Decimal | None: ...
    @property
    def start_date(self) -> date | None: ...
    @property
    def end_date(self) -> date | None: ...
    @property
    def extension_options(self) -> str | None: ...
    @property
    def is_framework(self) -> bool: ...
    @property
    def category(self) -> str | None: ...
    @property
    def sr_percentage(self) -> Decimal | None: ...
    @property
    def has_sr(self) -> str | None: ...
    @property
    def sr_basis(self) -> str | None: ...
    @property
    def sr_form(self) -> str | None: ...
    @property
    def sr_clause_text(self) -> str | None: ...


def contract_facts(contract: ContractLike, today: date, **overrides: Any) -> ContractFacts:
    """The rules' view of ``contract`` on ``today``.

    A missing category reads as an empty one (the category only decides whether a contract is
    labour-intensive); every other missing required value is an error.

    :param contract: the model, or a row with the :data:`FACT_COLUMNS`
    :param today: the reference date of the timing checks
    :param overrides: facts fields to use instead of the contract's (the clause panel checks
        what a contract manager is typing: ``has_sr``, ``sr_percentage``, ``sr_basis``,
        ``sr_form``, ``clause_text``); ``None`` means "empty"
    :raises RuleInputError: naming the facts field (Dutch message) when a value is missing or
        cannot be used, e.g. ``start_date`` "De startdatum ontbreekt."
    """
    data: dict[str, object] = {
        field: getattr(contract, column) for field, column in _FACT_SOURCES.items()
    }
    data["framework"] = bool(contract.is_framework)
    data["category"] = contract.category or ""
    for code in ("has_sr", "sr_basis", "sr_form"):  # an empty code is no answer
        data[code] = data[code] or None
    data["today"] = today
    data.update(overrides)
    return parse_contract_facts(data)


def sr_terms_of(contract: ContractLike) -> SrTerms:
    """The contract's SR fields as the obligation rule's input (overview and monitoring panels)."""
    return SrTerms(
        percentage=contract.sr_percentage,
        basis=contract.sr_basis,
        value_total=contract.value_total,
        wage_sum=contract.wage_sum,
        wage_share=contract.wage_share,
    )
