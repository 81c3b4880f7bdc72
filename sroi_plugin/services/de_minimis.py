"""Assessing a change with the app's thresholds, and the contract's de-minimis room now."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sroi_plugin.models import Contract
from sroi_plugin.rules.significance import Assessment
from sroi_plugin.rules.significance import AssessmentInput
from sroi_plugin.rules.significance import PriorModification
from sroi_plugin.rules.significance import assess_modification
from sroi_plugin.rules.vocabulary import Ground
from sroi_plugin.services.change_register import RecordedChange
from sroi_plugin.services.change_register import prior_modifications
from sroi_plugin.services.modification_input import ChangeFacts
from sroi_plugin.services.modification_input import assessment_input
from sroi_plugin.services.modification_input import rules_kind
from sroi_plugin.services.rule_tables import threshold_table


def assess(
    contract: Contract, facts: ChangeFacts, priors: Iterable[PriorModification] = ()
) -> tuple[AssessmentInput, Assessment]:
    """Assess one change with the app's thresholds (``SROI_THRESHOLDS``).

    :raises RuleInputError: when the contract or the change lacks a fact the rules need
    """
    inp = assessment_input(contract, facts, priors)
    return inp, assess_modification(inp, table=threshold_table())


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


def de_minimis_share(contract: Contract) -> Decimal:
    """The de-minimis share of the initial value for this contract's kind (10% or 15%).

    :raises RuleInputError: (``contract.kind``) when the kind is unknown
    """
    return threshold_table().limits.de_minimis_share(rules_kind(contract.kind))
