"""Assessing a change with the app's thresholds, and the contract's de-minimis room now."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.rules.change_figures import ChangeFigures
from sroi_plugin.rules.change_figures import change_figures
from sroi_plugin.rules.significance import Assessment
from sroi_plugin.rules.significance import AssessmentInput
from sroi_plugin.rules.significance import PriorModification
from sroi_plugin.rules.significance import ReferenceValue
from sroi_plugin.rules.significance import assess_modification
from sroi_plugin.rules.significance import gross_increases
from sroi_plugin.rules.significance import reference_value
from sroi_plugin.rules.vocabulary import Ground
from sroi_plugin.services.change_register import RecordedChange
from sroi_plugin.services.change_register import prior_modifications
from sroi_plugin.services.change_register import recorded_changes
from sroi_plugin.services.modification_input import ChangeFacts
from sroi_plugin.services.modification_input import assessment_input
from sroi_plugin.services.modification_input import basis_notes
from sroi_plugin.services.modification_input import initial_value_of
from sroi_plugin.services.modification_input import rules_authority
from sroi_plugin.services.modification_input import rules_kind
from sroi_plugin.services.rule_tables import threshold_table


def assess(
    contract: Contract, facts: ChangeFacts, priors: Iterable[PriorModification] = ()
) -> tuple[AssessmentInput, Assessment]:
    """Assess one change with the app's thresholds (``SROI_THRESHOLDS``); the reasons start with
    what the tests were measured from that is a stand-in (:func:`basis_notes`).

    :raises RuleInputError: when the contract or the change lacks a fact the rules need
    """
    inp = assessment_input(contract, facts, priors)
    assessment = assess_modification(inp, table=threshold_table())
    notes = basis_notes(contract, inp)
    return inp, replace(assessment, reasons=[*notes, *assessment.reasons])


def de_minimis_room(
    contract: Contract, today: date, changes: Iterable[RecordedChange]
) -> Assessment:
    """The de-minimis figures of the contract now: headroom, threshold, net cumulative value.

    Assesses a no-change (value 0, ground "none", which adds nothing to the cumulative value)
    after all recorded modifications (``changes``, from :func:`recorded_changes`), dated today
    or on the latest of them if that is later, so the rules compute the headroom exactly as they
    will for a real de-minimis change.

    :raises RuleInputError: when the contract lacks its kind or value, or no threshold is known
    """
    priors = prior_modifications(changes)
    day = max([today, *(p.date for p in priors)])
    nothing = ChangeFacts(
        value_delta=Decimal(0),
        day=day,
        ground=Ground.NONE,
        extra_months=None,
        has_review_clause=False,
        changes_overall_nature=False,
        shifts_economic_balance=False,
        extends_scope_considerably=False,
        attracts_other_bidders=False,
    )
    return assess(contract, nothing, priors)[1]


#: Grounds under which a pending proposal may end up in the de-minimis sum: de-minimis itself,
#: and "weet ik niet", which the lawyer may decide under de-minimis.
_MAY_BE_DE_MINIMIS = frozenset({Ground.DE_MINIMIS, Ground.NONE})


@dataclass(frozen=True)
class PendingProposals:
    """Proposals waiting for a lawyer that may still use de-minimis room; not counted yet."""

    #: their net value together
    total: Decimal
    count: int


def pending_proposals(changes: Iterable[RecordedChange]) -> PendingProposals:
    """The contract's proposals waiting for a first decision under de-minimis or "weet ik niet".

    They are shown apart from the headroom: until a lawyer allows them they are not
    modifications of the contract (Aw 2012 art. 2.163b counts modifications made).
    """
    values = [
        change.assessed_value
        for change in changes
        if change.pending
        and change.assessed_value is not None
        and change.ground is not None
        and Ground(change.ground) in _MAY_BE_DE_MINIMIS
    ]
    return PendingProposals(sum(values, Decimal(0)), len(values))


def de_minimis_gross_increases(changes: Iterable[RecordedChange]) -> Decimal:
    """The increases alone among the de-minimis modifications counted in the headroom."""
    return gross_increases(
        p.value_eur for p in prior_modifications(changes) if p.ground is Ground.DE_MINIMIS
    )


def reference_on(
    contract: Contract, day: date, changes: Iterable[RecordedChange]
) -> ReferenceValue | None:
    """The contract's (indexed) initial value on ``day``, as the tests take it; ``None`` while
    the initial value is unknown (Richtlijn 2014/24 art. 72 lid 3, :func:`reference_value`)."""
    if contract.initial_value is None:
        return None
    return reference_value(
        contract.initial_value,
        bool(contract.has_indexation_clause),
        prior_modifications(changes, until=day),
        day,
    )


def de_minimis_share(contract: Contract) -> Decimal:
    """The de-minimis share of the initial value for this contract's kind (10% or 15%).

    :raises RuleInputError: (``contract.kind``) when the kind is unknown
    """
    return threshold_table().limits.de_minimis_share(rules_kind(contract.kind))


def figures_of(contract: Contract, change: Modification) -> ChangeFigures:
    """The figures of ``change`` on its date for the review page (:func:`change_figures`).

    The earlier modifications are those that count for the check
    (:func:`.change_register.prior_modifications`), this change left out.

    :raises RuleInputError: when the contract's kind, initial value or the change's date is
        unknown, or no threshold period covers that date
    """
    day = change.modification_date
    if day is None:
        raise RuleInputError("modification.date", "de wijziging heeft nog geen datum")
    priors = prior_modifications(recorded_changes(contract), until=day, exclude_id=change.id)
    return change_figures(
        initial_eur=initial_value_of(contract),
        has_indexation_clause=bool(contract.has_indexation_clause),
        kind=rules_kind(contract.kind),
        authority=rules_authority(contract.authority_type),
        priors=priors,
        value=change.assessed_value,
        on=day,
        table=threshold_table(),
    )
