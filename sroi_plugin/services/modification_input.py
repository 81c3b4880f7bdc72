"""From a stored contract and a change to the significance rules' input (wezenlijke wijziging).

:mod:`sroi_plugin.rules.significance` works on plain dataclasses and the vocabulary's enums; the
model stores the vocabulary's codes. The change panel and the legal queue build the rules' input
here and nowhere else: the stored codes are translated (:func:`rules_kind`,
:func:`rules_authority`) and a change as the form or a stored modification gives it
(:class:`ChangeFacts`) becomes an :class:`~sroi_plugin.rules.significance.AssessmentInput`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import Contract
from sroi_plugin.rules import significance as rules
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.significance import AssessmentInput
from sroi_plugin.rules.significance import PriorModification
from sroi_plugin.rules.vocabulary import AuthorityType as Authority
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import Ground


def rules_kind(kind: str | None) -> ContractKind:
    """The contract's stored ``kind`` code as the rules' :class:`ContractKind`.

    :raises RuleInputError: (``contract.kind``) when the contract's kind is missing or unknown
    """
    try:
        return ContractKind(kind or "")
    except ValueError:
        raise RuleInputError(
            "contract.kind",
            f"de soort opdracht ({ContractKind.labels_nl()}) van het contract is onbekend",
        ) from None


def rules_authority(authority_type: str | None) -> Authority:
    """The contract's ``authority_type`` as the rules' :class:`Authority`."""
    try:
        return Authority(authority_type or Authority.OTHER)
    except ValueError:
        raise RuleInputError(
            "contract.authority", f"onbekend soort aanbestedende dienst {authority_type!r}"
        ) from None


@dataclass(frozen=True)
class ChangeFacts:
    """A change as the form or a stored modification gives it; ``None`` answers = "weet ik niet"."""

    value_delta: Decimal | None
    day: date
    ground: Ground
    extra_months: int | None
    has_review_clause: bool
    changes_overall_nature: bool | None
    shifts_economic_balance: bool | None
    extends_scope_considerably: bool | None
    attracts_other_bidders: bool | None
    #: contractor replacement only (Aw 2012 art. 2.163f): the two facts of succession
    successor_via_restructuring: bool | None = None
    successor_meets_original_selection_criteria: bool | None = None


def _award_date(contract: Contract, dates: Iterable[date]) -> date:
    """The contract's award date; unknown, the start date stands in, moved back if a change is
    older.

    A contract is awarded before it starts, so a change dated before the start date is not an
    error in the data; the stand-in never makes the rules refuse it (:func:`basis_notes` says
    it is one).
    """
    if contract.award_date is not None:
        return contract.award_date
    candidates = list(dates)
    if contract.start_date is not None:
        candidates.append(contract.start_date)
    return min(candidates)


def initial_value_of(contract: Contract) -> Decimal:
    """The value at award; unknown (a contract never imported), the current value stands in.

    :raises RuleInputError: (``contract.initial_value_eur``) when neither is known
    """
    value = contract.initial_value if contract.initial_value is not None else contract.value_total
    if value is None:
        raise RuleInputError(
            "contract.initial_value_eur",
            "de initiële waarde van het contract (excl. btw, bij gunning) is onbekend",
        )
    return value


def basis_notes(contract: Contract, inp: AssessmentInput) -> tuple[str, ...]:
    """What the tests were measured from that a person has not confirmed, in Dutch.

    Shown first among an assessment's reasons: an unknown award date or initial value has a
    stand-in, and a derived initial value is still to be confirmed.
    """
    notes = []
    if contract.award_date is None:
        notes.append(
            "De gunningsdatum van het contract is onbekend; de toets rekent met "
            f"{format_date(inp.contract.award_date)} (de begindatum, of een eerdere wijziging). "
            "Vul de gunningsdatum in bij 'Basis voor de toets'."
        )
    if contract.initial_value is None:
        notes.append(
            "De initiële waarde van het contract is onbekend; de toets rekent met de huidige "
            f"waarde {format_eur(inp.contract.initial_value_eur)}, waarin eerdere wijzigingen "
            "kunnen zitten. Vul de initiële waarde in bij 'Basis voor de toets'."
        )
    elif contract.initial_value_derived:
        notes.append(
            f"De initiële waarde {format_eur(contract.initial_value)} is {DERIVED_NOTE}."
        )
    return tuple(notes)


#: How a derived initial value is shown until a person confirms or corrects it.
DERIVED_NOTE = "afgeleid uit de oudste bekende waarde — bevestig of corrigeer"


def assessment_input(
    contract: Contract, facts: ChangeFacts, priors: Iterable[PriorModification] = ()
) -> AssessmentInput:
    """The rules' input for one change of ``contract`` after the earlier changes ``priors``.

    :raises RuleInputError: naming the rules' field (``contract.kind``, ``modification.…``)
    """
    prior_list = tuple(sorted(priors, key=lambda p: p.date))
    rules_contract = rules.Contract(
        kind=rules_kind(contract.kind),
        authority=rules_authority(contract.authority_type),
        initial_value_eur=initial_value_of(contract),
        award_date=_award_date(contract, [facts.day, *(p.date for p in prior_list)]),
        has_review_clause_for_this_change=facts.has_review_clause,
        framework=bool(contract.is_framework),
        annual_value_eur=contract.value_annual,
        has_indexation_clause=bool(contract.has_indexation_clause),
    )
    modification = rules.Modification(
        value_delta_eur=facts.value_delta,
        date=facts.day,
        ground=facts.ground,
        changes_overall_nature=facts.changes_overall_nature,
        shifts_economic_balance_to_contractor=facts.shifts_economic_balance,
        extends_scope_considerably=facts.extends_scope_considerably,
        would_have_attracted_other_bidders=facts.attracts_other_bidders,
        extra_months=facts.extra_months,
        successor_via_restructuring=facts.successor_via_restructuring,
        successor_meets_original_selection_criteria=(
            facts.successor_meets_original_selection_criteria
        ),
    )
    return AssessmentInput(
        contract=rules_contract, prior_modifications=prior_list, modification=modification
    )
