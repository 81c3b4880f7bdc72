"""A contract's change register as a read model: its modifications with their standing decisions.

One statement reads every change of a contract with its legal decisions
(:func:`recorded_changes`); the change panel lists them, and the earlier modifications that the
significance rules count (:func:`prior_modifications`) come from the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import fields
from datetime import date
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from typing import Any

from sqlalchemy import Row
from sqlalchemy import bindparam
from sqlalchemy import select

from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from sroi_plugin.models.modification import needs_legal_review
from sroi_plugin.rules.contract_value import ALLOWING
from sroi_plugin.rules.contract_value import allowed_since
from sroi_plugin.rules.significance import PriorModification
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground


@dataclass(frozen=True, slots=True)
class StandingDecision:
    """The legal reviewers' decision that stands on a change: the last one recorded."""

    decision: str
    #: the ground the reviewer decided under (``None`` in decisions recorded before it was asked)
    ground: str | None
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
    #: the import that detected the change (``None``: proposed by hand)
    import_id: int | None
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
    #: a price revision under the contract's indexation clause (raises the reference value)
    indexation: bool
    flagged: bool
    flag_note: str | None
    flagged_by_name: str | None
    flagged_at: datetime | None
    proposed_by_name: str | None
    proposed_at: datetime | None
    #: the modification notice, once published (a change allowed with publication)
    notice_published_on: date | None
    notice_reference: str | None
    #: the decision that stands (``None`` while undecided) and how many were recorded
    latest_decision: StandingDecision | None
    decision_count: int
    #: since when the standing decision allows the change (``rules.contract_value.allowed_since``)
    allowed_at: datetime | None = None

    @property
    def needs_review(self) -> bool:
        """:attr:`Modification.needs_review`, on the plain record."""
        return needs_legal_review(self.status, self.flagged, self.verdict)

    @property
    def ground_decided(self) -> str | None:
        """The ground that stands: the reviewer's, when the standing decision names one."""
        latest = self.latest_decision
        if latest is not None and latest.ground is not None:
            return latest.ground
        return self.ground

    @property
    def settled(self) -> bool:
        """Carried out as a modification: the standing decision allows it, or it is proposed and
        never needed a lawyer (verdict ``allowed``, not flagged) and nobody decided otherwise."""
        if self.status != "proposed":
            return False
        if self.latest_decision is not None:
            return self.latest_decision.decision in ALLOWING
        return not self.needs_review

    @property
    def pending(self) -> bool:
        """Proposed and waiting for the legal reviewers' first decision."""
        return self.status == "proposed" and self.needs_review and self.latest_decision is None

    @property
    def notice_to_publish(self) -> bool:
        """Decided as allowed with publication and the notice not yet recorded."""
        latest = self.latest_decision
        return (
            latest is not None
            and latest.decision == Decision.ALLOWED_WITH_PUBLICATION
            and self.notice_published_on is None
        )


_MODIFICATION = Modification.__table__
_DECISION = LegalDecision.__table__
#: the modification's own columns of :class:`RecordedChange`, in its field order
_CHANGE_COLUMNS = [
    field.name
    for field in fields(RecordedChange)
    if field.name not in {"latest_decision", "decision_count", "allowed_at"}
]
#: every change of a contract, newest first, each followed by its decisions oldest first (the
#: order of :attr:`Modification.decisions`); built once, the contract id bound per request
_RECORDED_CHANGES = (
    select(
        *(_MODIFICATION.c[name] for name in _CHANGE_COLUMNS),
        *(
            _DECISION.c[field.name].label(f"decision_{field.name}")
            for field in fields(StandingDecision)
        ),
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
    if last.decision_decision is None:
        return RecordedChange(**own, latest_decision=None, decision_count=0)
    latest = StandingDecision(*last[len(_CHANGE_COLUMNS) :])
    since = allowed_since((row.decision_decision, row.decision_decided_at) for row in rows)
    return RecordedChange(**own, latest_decision=latest, decision_count=len(rows), allowed_at=since)


def prior_modifications(
    changes: Iterable[RecordedChange],
    *,
    until: date | None = None,
    exclude_id: int | None = None,
) -> tuple[PriorModification, ...]:
    """The earlier modifications among a contract's ``changes``, as ``prior_modifications``.

    Only the changes carried out (:attr:`RecordedChange.settled`: allowed by the standing
    decision, or allowed by the check without needing a lawyer), with the ground that stands
    (the reviewer's when given), assessed value and date, dated on or before ``until`` (all when
    ``None``), other than ``exclude_id``. A proposal still waiting for a lawyer is not a fact
    yet, and a change judged ``wezenlijk`` needs a new tender: neither uses up de-minimis room.
    """
    priors = [
        prior
        for change in changes
        if change.id != exclude_id and (prior := _as_prior(change, until)) is not None
    ]
    return tuple(sorted(priors, key=lambda p: p.date))


def _as_prior(change: RecordedChange, until: date | None) -> PriorModification | None:
    """``change`` as a prior modification, or ``None`` when it does not count as one."""
    day, value, ground = change.modification_date, change.assessed_value, change.ground_decided
    if not change.settled or day is None or value is None or ground is None:
        return None
    if until is not None and day > until:
        return None
    return PriorModification(
        value_eur=value, date=day, ground=Ground(ground), indexation=change.indexation
    )
