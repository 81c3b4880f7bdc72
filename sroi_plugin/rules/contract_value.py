"""The contract value the social-return obligation follows: the register's, plus decided changes
the register cannot contain yet.

The contract value (``value_total``) belongs to the host's contract register; the plugin copies
it from the register's exports and never writes it. A change a contract manager proposed by hand
and a legal reviewer allowed is carried out as a modification of the contract (handreiking stap
3a: the reviewer's decision), so the obligation (percentage × basis, handreiking stap 2Ac)
follows it at once, before the register does. It is added to the register's value while the
register has not changed the value since the change was allowed; once an import of the export
changed the value after that moment, the register is taken to include the change, and adding it
again would count it twice.

The moment a change is allowed is when the standing run of allowing decisions began
(:func:`allowed_since`): reconsidering "toegestaan" into "toegestaan met publicatie" does not
make an included change new again. A decision recorded at exactly the moment of the import that
last changed the value counts as included (only a decision strictly after it is added).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sroi_plugin.rules.vocabulary import Decision

#: The decisions under which a change is carried out as a modification of the contract.
ALLOWING = frozenset({Decision.ALLOWED.value, Decision.ALLOWED_WITH_PUBLICATION.value})


def allowed_since(decisions: Iterable[tuple[str, datetime]]) -> datetime | None:
    """Since when the standing decision allows the change: the first of the last unbroken run of
    allowing decisions; ``None`` when the standing decision does not allow it (or there is none).

    :param decisions: ``(decision, decided_at)`` oldest first
    """
    since: datetime | None = None
    for decision, decided_at in decisions:
        if decision not in ALLOWING:
            since = None
        elif since is None:
            since = decided_at
    return since


@dataclass(frozen=True)
class DecidedChange:
    """A change proposed by hand, as far as the contract value goes."""

    id: int
    #: the assessed value (negative for a decrease; ``None``: none assessed)
    value: Decimal | None
    #: since when its standing decision allows it (:func:`allowed_since`); ``None``: not allowed
    allowed_at: datetime | None


@dataclass(frozen=True)
class FollowedValue:
    """The value the obligation follows and how it is made up."""

    #: the register's ``value_total`` (``None``: the register has none)
    register: Decimal | None
    #: ``register`` plus the :attr:`added` changes' values; ``None`` without a register value
    #: (then nothing is added: a change is a difference, not a value)
    value: Decimal | None
    #: the allowed changes added on top of the register value, in the order given
    added: tuple[DecidedChange, ...]
    #: the allowed changes the register is taken to include (allowed before it last changed)
    included: tuple[DecidedChange, ...]
    #: when an import last changed the register value, as given (``None``: never)
    register_changed_at: datetime | None = None


def followed_value(
    register: Decimal | None,
    changes: Sequence[DecidedChange],
    register_changed_at: datetime | None,
) -> FollowedValue:
    """The register value plus the allowed changes decided after the register last changed it.

    :param register_changed_at: when an import last changed the contract value (``None``: never,
        so every allowed change is added)
    :param changes: changes proposed by hand (an import-detected change is in the register
        value already and is not passed)
    """
    added: list[DecidedChange] = []
    included: list[DecidedChange] = []
    for change in changes:
        if change.allowed_at is None or not change.value:
            continue
        after = register_changed_at is None or change.allowed_at > register_changed_at
        (added if after else included).append(change)
    if register is None:
        return FollowedValue(None, None, (), tuple(included), register_changed_at)
    total = register + sum((c.value or Decimal(0) for c in added), Decimal(0))
    return FollowedValue(register, total, tuple(added), tuple(included), register_changed_at)
