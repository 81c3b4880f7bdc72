"""From the contract model to the rules' inputs (:class:`ContractFacts`, :class:`SrTerms`), once.

The clause panel, the promising-contracts page and their exports build
:class:`~sroi_plugin.rules.clauses.ContractFacts` here and nowhere else. The facts go through
:func:`~sroi_plugin.rules.clauses.parse_contract_facts`, so a contract with missing or unusable
data gets the same Dutch message, naming the field, as the CLI's JSON input does. Not in
``rules/`` because it reads the app's configuration (the organisation's norms).

The model stores the vocabulary's codes (:mod:`sroi_plugin.rules.vocabulary`) and the rules read
them as the vocabulary's enums; only the field names differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any
from typing import Protocol

from flask import current_app

from sroi_plugin.config import memoise_per_overrides
from sroi_plugin.rules.clauses import ContractFacts
from sroi_plugin.rules.clauses import parse_contract_facts
from sroi_plugin.rules.norms import Norms
from sroi_plugin.rules.norms import load_norms
from sroi_plugin.rules.obligation import SrTerms

__all__ = [
    "FACT_COLUMNS",
    "ContractLike",
    "contract_facts",
    "current_norms",
    "norms_from",
    "sr_terms_of",
]

#: The :class:`~sroi_plugin.models.Contract` columns :func:`contract_facts` reads; the
#: promising page selects exactly these (plus what it displays) in one query.
FACT_COLUMNS = (
    "kind",
    "authority_type",
    "value_total",
    "value_annual",
    "wage_sum",
    "wage_share",
    "start_date",
    "end_date",
    "extension_options",
    "is_framework",
    "category",
    "sr_percentage",
    "has_sr",
    "sr_basis",
    "sr_form",
    "sr_clause_text",
)


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
        "kind": contract.kind,
        "authority": contract.authority_type,
        "value_total_eur": contract.value_total,
        "value_annual_eur": contract.value_annual,
        "wage_sum_eur": contract.wage_sum,
        "wage_share": contract.wage_share,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "extension_options": contract.extension_options,
        "framework": bool(contract.is_framework),
        "category": contract.category or "",
        "sr_percentage": contract.sr_percentage,
        "has_sr": contract.has_sr or None,
        "sr_basis": contract.sr_basis or None,
        "sr_form": contract.sr_form or None,
        "clause_text": contract.sr_clause_text,
        "today": today,
    }
    data.update(overrides)
    return parse_contract_facts(data)


_norms_for = memoise_per_overrides(load_norms)


def norms_from(config: Mapping[str, Any]) -> Norms:
    """The norms with the organisation's ``SROI_NORMS`` overrides applied."""
    return _norms_for(config["SROI_NORMS"])


def current_norms() -> Norms:
    """The norms of the current app (views and CLI)."""
    return norms_from(current_app.config)


def sr_terms_of(contract: ContractLike) -> SrTerms:
    """The contract's SR fields as the obligation rule's input (overview and monitoring panels)."""
    return SrTerms(
        percentage=contract.sr_percentage,
        basis=contract.sr_basis,
        value_total=contract.value_total,
        wage_sum=contract.wage_sum,
        wage_share=contract.wage_share,
    )
