"""From the plugin's models to the significance rules' input (wezenlijke wijziging), once.

:mod:`sroi_plugin.rules.significance` works on plain dataclasses with English kind names
(works/services/supplies); the models keep the host's Dutch ones (werk/dienst/levering). The web
panels and the legal queue build the rules' input here and nowhere else. Not in ``rules/``
because it reads models and the app's configuration.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import fields
from datetime import date
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from typing import Any

from flask import current_app
from sqlalchemy import Row
from sqlalchemy import bindparam
from sqlalchemy import select

from sroi_plugin.config import memoise_per_overrides
from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from sroi_plugin.models.modification import needs_legal_review
from sroi_plugin.rules import significance as rules
from sroi_plugin.rules import values
from sroi_plugin.rules.obligation import months_between
from sroi_plugin.rules.significance import Assessment
from sroi_plugin.rules.significance import AssessmentInput
from sroi_plugin.rules.significance import PriorModification
from sroi_plugin.rules.significance import assess_modification
from sroi_plugin.rules.thresholds import ThresholdTable
from sroi_plugin.rules.thresholds import load_threshold_table
from sroi_plugin.rules.vocabulary import AuthorityType as Authority
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground

#: A later decision of this value means the change was not carried out as a modification.
_SUBSTANTIAL_DECISION = Decision.SUBSTANTIAL


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


def _award_date(contract: Contract, dates: Iterable[date]) -> date:
    """The plugin keeps no award date: the start date stands in, moved back if a change is older.

    A contract is awarded before it starts, so a change dated before the start date is not an
    error in the data; the stand-in never makes the rules refuse it.
    """
    candidates = list(dates)
    if contract.start_date is not None:
        candidates.append(contract.start_date)
    return min(candidates)


def assessment_input(
    contract: Contract, facts: ChangeFacts, priors: Iterable[PriorModification] = ()
) -> AssessmentInput:
    """The rules' input for one change of ``contract`` after the earlier changes ``priors``.

    :raises RuleInputError: naming the rules' field (``contract.kind``, ``modification.…``)
    """
    prior_list = tuple(sorted(priors, key=lambda p: p.date))
    if contract.value_total is None:
        raise RuleInputError(
            "contract.initial_value_eur", "de waarde van het contract (excl. btw) is onbekend"
        )
    rules_contract = rules.Contract(
        kind=rules_kind(contract.kind),
        authority=rules_authority(contract.authority_type),
        initial_value_eur=contract.value_total,
        award_date=_award_date(contract, [facts.day, *(p.date for p in prior_list)]),
        has_review_clause_for_this_change=facts.has_review_clause,
        framework=bool(contract.is_framework),
        annual_value_eur=contract.value_annual,
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
    )
    return AssessmentInput(
        contract=rules_contract, prior_modifications=prior_list, modification=modification
    )


@dataclass(frozen=True, slots=True)
class StandingDecision:
    """The legal reviewers' decision that stands on a change: the last one recorded."""

    decision: str
    rationale: str
    decided_by_name: str
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class RecordedChange:
    """A contract's modification as the change register lists it, with its standing decision.

    Plain data from one statement instead of ORM entities with a second query for the
    decisions: the panel shows these, and the de-minimis headroom and the check's
    ``prior_modifications`` are computed from the same list, so a request reads it once.
    """

    id: int
    kind: str
    status: str
    old_value: str | None
    new_value: str | None
    description: str
    modification_date: date | None
    ground: str | None
    assessed_value: Decimal | None
    extra_months: int | None
    verdict: str | None
    adds_social_return: bool
    flagged: bool
    flag_note: str | None
    flagged_by_name: str | None
    flagged_at: datetime | None
    proposed_by_name: str | None
    proposed_at: datetime | None
    #: the decision that stands (``None`` while undecided) and how many were recorded
    latest_decision: StandingDecision | None
    decision_count: int

    @property
    def needs_review(self) -> bool:
        """:attr:`Modification.needs_review`, on the plain record."""
        return needs_legal_review(self.status, self.flagged, self.verdict)


_MODIFICATION = Modification.__table__
_DECISION = LegalDecision.__table__
#: the modification's own columns of :class:`RecordedChange`, in its field order
_CHANGE_COLUMNS = [
    field.name
    for field in fields(RecordedChange)
    if field.name not in {"latest_decision", "decision_count"}
]
#: every change of a contract, newest first, each followed by its decisions oldest first (the
#: order of :attr:`Modification.decisions`); built once, the contract id bound per request
_RECORDED_CHANGES = (
    select(
        *(_MODIFICATION.c[name] for name in _CHANGE_COLUMNS),
        *(_DECISION.c[field.name] for field in fields(StandingDecision)),
    )
    .outerjoin_from(_MODIFICATION, _DECISION, _DECISION.c.modification_id == _MODIFICATION.c.id)
    .where(_MODIFICATION.c.contract_id == bindparam("contract_id"))
    .order_by(
        _MODIFICATION.c.modification_date.desc(),
        _MODIFICATION.c.id.desc(),
        _DECISION.c.decided_at,
        _DECISION.c.id,
    )
)


def recorded_changes(contract: Contract) -> list[RecordedChange]:
    """The contract's changes (drafts and proposed), newest first, in one statement."""
    rows = current_session().execute(_RECORDED_CHANGES, {"contract_id": contract.id}).all()
    return [_recorded(list(group)) for _, group in groupby(rows, key=lambda row: row.id)]


def _recorded(rows: list[Row[Any]]) -> RecordedChange:
    """One change from its rows (one per decision, or one with empty decision columns)."""
    last = rows[-1]
    own: dict[str, Any] = dict(zip(_CHANGE_COLUMNS, last, strict=False))
    if last.decision is None:
        return RecordedChange(**own, latest_decision=None, decision_count=0)
    latest = StandingDecision(*last[len(_CHANGE_COLUMNS) :])
    return RecordedChange(**own, latest_decision=latest, decision_count=len(rows))


def prior_modifications(
    changes: Iterable[RecordedChange],
    *,
    until: date | None = None,
    exclude_id: int | None = None,
) -> tuple[PriorModification, ...]:
    """The earlier modifications among a contract's ``changes``, as ``prior_modifications``.

    Only proposed ones (drafts are not facts yet), with their recorded ground, assessed value and
    date, dated on or before ``until`` (all when ``None``), other than ``exclude_id``. A change a
    legal reviewer last judged ``wezenlijk`` needs a new tender; it is not a modification of this
    contract, so it does not use up de-minimis room.
    """
    priors = [
        prior
        for change in changes
        if change.id != exclude_id and (prior := _as_prior(change, until)) is not None
    ]
    return tuple(sorted(priors, key=lambda p: p.date))


def _as_prior(change: RecordedChange, until: date | None) -> PriorModification | None:
    """``change`` as a prior modification, or ``None`` when it does not count as one."""
    day, value, ground = change.modification_date, change.assessed_value, change.ground
    if change.status != "proposed" or day is None or value is None or ground is None:
        return None
    if until is not None and day > until:
        return None
    latest = change.latest_decision
    if latest is not None and latest.decision == _SUBSTANTIAL_DECISION:
        return None
    return PriorModification(value_eur=value, date=day, ground=Ground(ground))


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


def extension_months(old_end: date, new_end: date) -> int:
    """Whole months a term extension adds; a started month counts as a whole one.

    legal-rules ("term extension"): value it as annual value × the extra period; rounding up
    values a part month as a month (the cautious side for the de-minimis limits). Month ends map
    to month ends: 30-06 → 31-12 is 6 months.

    :raises ValueError: when ``new_end`` is not after ``old_end``
    """
    if new_end <= old_end:
        raise ValueError("the new end date must lie after the current one")

    def is_month_end(day: date) -> bool:
        return day.day == calendar.monthrange(day.year, day.month)[1]

    if is_month_end(old_end) and is_month_end(new_end):
        return (new_end.year - old_end.year) * 12 + new_end.month - old_end.month
    months = months_between(old_end, new_end)
    year, month = divmod(old_end.month - 1 + months, 12)
    last_day = calendar.monthrange(old_end.year + year, month + 1)[1]
    reached = date(old_end.year + year, month + 1, min(old_end.day, last_day))
    return months + (1 if reached < new_end else 0)


# --- what a portfolio re-import detected ----------------------------------

def parse_date_text(text: str | None) -> date | None:
    """A date as an import writes it in a revision (``2029-12-31``; older ones ``31-12-2029``).

    Read by :func:`sroi_plugin.rules.values.parse_date`, but digits alone are not a date here: a
    revision's text may as well be an amount (``45000.00``). ``None`` when it is not a date.
    """
    try:
        return values.parse_date(text, numbers=False)
    except values.ValueParseError:
        return None


def parse_amount_text(text: str | None) -> Decimal | None:
    """An amount as an import writes it in a revision (``1234567.50``), or as people type it.

    Read by :func:`sroi_plugin.rules.values.parse_amount` (a decrease may be negative); ``None``
    when it is not an amount.
    """
    try:
        return values.parse_amount(text, allow_negative=True)
    except values.ValueParseError:
        return None


def extension_base_date(modification: Modification | None, contract: Contract) -> date | None:
    """The end date a term extension is measured from.

    For a detected term extension the import's old value (the end date before the re-import
    updated the contract); otherwise the contract's end date.
    """
    if modification is not None and modification.kind == "term_extension":
        old_end = parse_date_text(modification.old_value)
        if old_end is not None:
            return old_end
    return contract.end_date


@dataclass(frozen=True)
class DraftDefaults:
    """What a detected change already tells the form."""

    value_delta: Decimal | None
    new_end_date: date | None


def draft_defaults(modification: Modification) -> DraftDefaults:
    """Value delta and new end date a detected draft implies (its old and new value)."""
    if modification.kind == "term_extension":
        return DraftDefaults(None, parse_date_text(modification.new_value))
    if modification.kind == "value_increase":
        old = parse_amount_text(modification.old_value)
        new = parse_amount_text(modification.new_value)
        if old is not None and new is not None:
            return DraftDefaults(new - old, None)
    return DraftDefaults(None, None)


# --- thresholds with the organisation's overrides ------------------------------------------


_table_for = memoise_per_overrides(load_threshold_table)


def threshold_table() -> ThresholdTable:
    """The EU thresholds and limits with ``SROI_THRESHOLDS`` applied (checked at start-up)."""
    return _table_for(current_app.config["SROI_THRESHOLDS"])
