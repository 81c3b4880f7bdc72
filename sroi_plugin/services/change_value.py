"""The contract value the SR obligation follows after decided changes, and what that did to it.

``Contract.value_total`` is the register's: the portfolio import writes it from the host's
export, and the plugin never does (a legal decision writing it would bump the contract's
optimistic-lock version under a running re-import, and count the change twice once the register
includes it). The value the obligation follows is computed instead
(:func:`~sroi_plugin.rules.contract_value.followed_value`): the register value plus the assessed
values of changes proposed by hand (no ``import_id``) whose standing decision allows them
(``allowed`` / ``allowed_with_publication``) and was taken after the import that last changed
the contract's value (the newest ``value_total`` revision of an import not undone; reconsidering
one allowing decision into the other keeps the first moment). A change an
import detected is in the register value already and is never added. A later ``substantial``
takes an added change off again; once an import changed the value after the allowance, the
register is taken to include the change and the overview says so.

Every place that computes the obligation (overview, monitoring panel, attention summary,
monitoring dashboard) goes through :func:`followed_obligation` (one contract) or
:func:`portfolio_followed_values` (the dashboard, two statements for the whole portfolio).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import Row
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.rules.contract_value import ALLOWING
from sroi_plugin.rules.contract_value import DecidedChange
from sroi_plugin.rules.contract_value import FollowedValue
from sroi_plugin.rules.contract_value import allowed_since
from sroi_plugin.rules.contract_value import followed_value
from sroi_plugin.rules.obligation import Obligation
from sroi_plugin.rules.obligation import sr_obligation
from sroi_plugin.services.change_register import RecordedChange
from sroi_plugin.services.contract_facts import sr_terms_of

_REVISION = ContractRevision.__table__
_IMPORT = PortfolioImport.__table__
_MODIFICATION = Modification.__table__
_DECISION = LegalDecision.__table__

#: a revision of the contract value by an import that was not undone
_VALUE_BY_IMPORT = (_REVISION.c.field == "value_total", _IMPORT.c.undone_at.is_(None))
#: per contract, when an import last changed its value
_REGISTER_CHANGED = (
    select(_REVISION.c.contract_id, func.max(_IMPORT.c.imported_at))
    .join_from(_REVISION, _IMPORT, _IMPORT.c.id == _REVISION.c.import_id)
    .where(*_VALUE_BY_IMPORT)
    .group_by(_REVISION.c.contract_id)
)
#: the decisions on changes proposed by hand with an assessed value, per change oldest first
_MANUAL_DECISIONS = (
    select(
        _MODIFICATION.c.contract_id,
        _MODIFICATION.c.id,
        _MODIFICATION.c.assessed_value,
        _DECISION.c.decision,
        _DECISION.c.decided_at,
    )
    .join_from(_MODIFICATION, _DECISION, _DECISION.c.modification_id == _MODIFICATION.c.id)
    .where(
        _MODIFICATION.c.import_id.is_(None),
        _MODIFICATION.c.status == "proposed",
        _MODIFICATION.c.assessed_value.is_not(None),
        _MODIFICATION.c.assessed_value != 0,
    )
    .order_by(
        _MODIFICATION.c.contract_id, _MODIFICATION.c.id, _DECISION.c.decided_at, _DECISION.c.id
    )
)


#: when an import last changed the value of the contract bound as ``contract_id``
_CONTRACT_REGISTER_CHANGED = (
    select(func.max(_IMPORT.c.imported_at))
    .join_from(_REVISION, _IMPORT, _IMPORT.c.id == _REVISION.c.import_id)
    .where(*_VALUE_BY_IMPORT, _REVISION.c.contract_id == bindparam("contract_id"))
    .scalar_subquery()
)
#: :data:`_MANUAL_DECISIONS` of one contract, each row with :data:`_CONTRACT_REGISTER_CHANGED`
_CONTRACT_DECISIONS = _MANUAL_DECISIONS.add_columns(
    _CONTRACT_REGISTER_CHANGED.label("register_changed_at")
).where(_MODIFICATION.c.contract_id == bindparam("contract_id"))


def _utc(moment: datetime) -> datetime:
    """SQLite hands timezone-aware columns back naive; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _decided(rows: Iterable[Row[Any]]) -> dict[int, list[DecidedChange]]:
    """Rows of :data:`_MANUAL_DECISIONS` as decided changes per contract id."""
    decided: dict[int, list[DecidedChange]] = {}
    for (contract_id, change_id), group in groupby(rows, key=lambda row: (row.contract_id, row.id)):
        decisions = list(group)
        since = allowed_since((row.decision, row.decided_at) for row in decisions)
        decided.setdefault(int(contract_id), []).append(
            DecidedChange(
                int(change_id), decisions[0].assessed_value, None if since is None else _utc(since)
            )
        )
    return decided


def decided_changes(changes: Iterable[RecordedChange]) -> list[DecidedChange]:
    """The changes proposed by hand among a contract's recorded ``changes``, for the rule."""
    return [
        DecidedChange(c.id, c.assessed_value, None if c.allowed_at is None else _utc(c.allowed_at))
        for c in changes
        if c.import_id is None and c.status == "proposed" and c.assessed_value
    ]


def followed_value_of(
    contract: Contract, changes: Iterable[RecordedChange] | None = None
) -> FollowedValue:
    """The value the obligation follows, in one statement.

    :param changes: the contract's recorded changes when the caller has them loaded already
        (then the statement reads only when an import last changed the value); without them the
        statement reads that moment with the decisions on the contract's changes proposed by hand.
    """
    session = current_session()
    bound = {"contract_id": contract.id}
    if changes is not None:
        decided = decided_changes(changes)
        moment = session.execute(select(_CONTRACT_REGISTER_CHANGED), bound).scalar()
    else:
        rows = session.execute(_CONTRACT_DECISIONS, bound).all()
        decided = _decided(rows).get(contract.id, [])
        moment = rows[0].register_changed_at if rows else None
    return followed_value(contract.value_total, decided, None if moment is None else _utc(moment))


def obligation_for(contract: Contract, followed: FollowedValue) -> Obligation:
    """Percentage × basis (:func:`sr_obligation`) with the followed value as contract value."""
    return sr_obligation(replace(sr_terms_of(contract), value_total=followed.value))


def followed_obligation(
    contract: Contract, changes: Iterable[RecordedChange] | None = None
) -> tuple[Obligation, FollowedValue]:
    """The contract's obligation computed from the value it follows, and that value."""
    followed = followed_value_of(contract, changes)
    return obligation_for(contract, followed), followed


def portfolio_followed_values(session: Session) -> Callable[[Contract], FollowedValue]:
    """For the dashboard: the followed value of any contract of the portfolio, read with two
    statements for the whole portfolio (the decisions on changes proposed by hand, and when an
    import last changed each contract's value) instead of one per contract."""
    moments = {
        contract_id: _utc(moment) for contract_id, moment in session.execute(_REGISTER_CHANGED)
    }
    decided = _decided(session.execute(_MANUAL_DECISIONS))

    def of(contract: Contract) -> FollowedValue:
        return followed_value(
            contract.value_total, decided.get(contract.id, []), moments.get(contract.id)
        )

    return of


@dataclass(frozen=True)
class ObligationChange:
    """The obligation before and after the latest decided change of the contract's value."""

    was: Obligation
    now: Obligation
    day: date
    description: str
    #: for a change proposed by hand that the register is taken to include: the day of the
    #: import that changed the value after the change was allowed
    in_register_since: date | None


def obligation_change(
    contract: Contract, changes: list[RecordedChange], followed: FollowedValue
) -> ObligationChange | None:
    """The latest change allowed by a legal decision that moved the value, with the obligation
    before it and now; ``None`` when there is none or the obligation did not move.

    "Now" is the obligation on the followed value; "before" is it without the change. For an
    import-detected change, or a change proposed by hand that a later import took over, the
    change is in the register value.
    """
    decided = [
        c
        for c in changes
        if c.status == "proposed"
        and c.modification_date is not None
        and c.assessed_value
        and c.latest_decision is not None
        and c.latest_decision.decision in ALLOWING
    ]
    if not decided or followed.value is None:
        return None
    latest = max(decided, key=lambda c: (c.modification_date or date.min, c.id))
    assert latest.modification_date is not None and latest.assessed_value is not None
    now = obligation_for(contract, followed)
    was = obligation_for(contract, replace(followed, value=followed.value - latest.assessed_value))
    if now.amount is None or was.amount is None or was.amount == now.amount:
        return None
    in_register = None
    moment = followed.register_changed_at
    if latest.import_id is None and moment and any(c.id == latest.id for c in followed.included):
        in_register = moment.date()
    return ObligationChange(was, now, latest.modification_date, latest.description, in_register)
