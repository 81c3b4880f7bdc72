"""How a decided change reaches the contract's value, and what that does to the SR obligation.

A change a portfolio re-import detected has already raised (or lowered) ``Contract.value_total``:
the import wrote the host's new value. A change a contract manager proposed by hand has not: the
host's register may follow later. So a legal reviewer's decision that allows a manual change
(``allowed`` or ``allowed_with_publication``) adds its assessed value to ``value_total`` at once;
a later decision that withdraws the allowance (``substantial``) takes it off again, and a
reconsideration from one allowing decision to the other changes nothing. An import-detected
change is never added a second time. Each such write is an :class:`~sroi_plugin.models.SrEdit`
row (field ``value_total``) with the reviewer's name.

The obligation (percentage × basis, :func:`~sroi_plugin.rules.obligation.sr_obligation`) is
computed from ``value_total``, so it follows; the overview panel says what it was before the
latest decided change (:func:`obligation_change`).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.models import SrEdit
from sroi_plugin.models import utcnow
from sroi_plugin.rules.obligation import Obligation
from sroi_plugin.rules.obligation import sr_obligation
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.services.change_register import RecordedChange
from sroi_plugin.services.contract_facts import sr_terms_of

#: The decisions under which a change is carried out as a modification of the contract.
ALLOWING = frozenset({Decision.ALLOWED.value, Decision.ALLOWED_WITH_PUBLICATION.value})


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(Decimal('0.01')):f}"


def apply_decision(
    contract: Contract, change: Modification, before: str | None, after: str, user: SroiUser
) -> SrEdit | None:
    """Move ``contract.value_total`` by a manual change when a decision allows or disallows it.

    :param before: the standing decision before this one (``None``: undecided)
    :param after: the decision just recorded
    :returns: the history row to add (not added here), or ``None`` when the value stays
    """
    value = change.assessed_value
    was, now = before in ALLOWING, after in ALLOWING
    if change.import_id is not None or not value or was == now:
        return None
    old = contract.value_total
    contract.value_total = (old or Decimal(0)) + (value if now else -value)
    return SrEdit(
        contract_id=contract.id,
        field="value_total",
        old_value=_text(old),
        new_value=_text(contract.value_total),
        contract_version=contract.version + 1,
        edited_by_id=user.id,
        edited_by_name=user.name,
        edited_at=utcnow(),
    )


@dataclass(frozen=True)
class ObligationChange:
    """The obligation before and after the latest decided change of the contract's value."""

    was: Obligation
    now: Obligation
    day: date
    description: str


def obligation_change(
    contract: Contract, changes: list[RecordedChange]
) -> ObligationChange | None:
    """The latest change allowed by a legal decision that changed the value, with the obligation
    before it and now; ``None`` when there is none or the obligation did not move."""
    decided = [
        c
        for c in changes
        if c.status == "proposed"
        and c.modification_date is not None
        and c.assessed_value
        and c.latest_decision is not None
        and c.latest_decision.decision in ALLOWING
    ]
    if not decided or contract.value_total is None:
        return None
    latest = max(decided, key=lambda c: (c.modification_date or date.min, c.id))
    assert latest.modification_date is not None and latest.assessed_value is not None
    terms = sr_terms_of(contract)
    now = sr_obligation(terms)
    was = sr_obligation(replace(terms, value_total=contract.value_total - latest.assessed_value))
    if now.amount is None or was.amount is None or was.amount == now.amount:
        return None
    return ObligationChange(was, now, latest.modification_date, latest.description)
