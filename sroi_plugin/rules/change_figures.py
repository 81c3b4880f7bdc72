"""The figures a legal reviewer weighs beside one change: its share of the reference value, the
limits on its date, and the contract's earlier changes summed up.

Richtlijn 2014/24 art. 72 lid 2 (de-minimis: below the EU threshold and 10% / 15% of the initial
value; net cumulative), lid 1 onder b en c (50% per modification; none in the special sectors,
Richtlijn 2014/25 art. 89) and lid 3 (the indexed price is the reference value). legal-rules
("Net cumulative value ... show the gross increases too"). Pure: the review page and its tests
call this; the verdict itself stays :func:`.significance.assess_modification`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sroi_plugin.rules.significance import PriorModification
from sroi_plugin.rules.significance import ReferenceValue
from sroi_plugin.rules.significance import reference_value
from sroi_plugin.rules.thresholds import ThresholdTable
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind

_ZERO = Decimal(0)


@dataclass(frozen=True)
class ChangeHistory:
    """The earlier modifications of a contract, summed: increases and decreases apart."""

    #: the increases alone (price revisions under the indexation clause excluded)
    gross_increases: Decimal
    #: the decreases, as a negative amount
    decreases: Decimal
    #: price revisions under the indexation clause (they raise the reference value instead)
    indexation: Decimal
    count: int

    @property
    def net(self) -> Decimal:
        """Increases plus decreases."""
        return self.gross_increases + self.decreases


def change_history(priors: Iterable[PriorModification], *, indexed: bool) -> ChangeHistory:
    """Sum the earlier modifications; with an indexation clause its revisions are kept apart."""
    gross = decreases = indexation = _ZERO
    count = 0
    for prior in priors:
        count += 1
        if indexed and prior.indexation:
            indexation += prior.value_eur
        elif prior.value_eur > 0:
            gross += prior.value_eur
        else:
            decreases += prior.value_eur
    return ChangeHistory(gross, decreases, indexation, count)


@dataclass(frozen=True)
class ChangeFigures:
    """One change against the limits that apply on its date."""

    reference: ReferenceValue
    #: the value of the change (``None`` when it has none yet)
    value: Decimal | None
    #: the EU threshold for the contract's kind and authority on the change's date
    threshold: Decimal
    #: 10% (services, supplies) or 15% (works)
    de_minimis_share: Decimal
    #: 50%, or ``None`` in the special sectors (no cap)
    cap_share: Decimal | None
    history: ChangeHistory

    @property
    def share_of_reference(self) -> Decimal | None:
        """The change as a share of the (indexed) initial value."""
        if self.value is None:
            return None
        return self.value / self.reference.total_eur

    @property
    def share_limit(self) -> Decimal:
        """10% / 15% of the reference value, in euro."""
        return self.de_minimis_share * self.reference.total_eur

    @property
    def cap(self) -> Decimal | None:
        """50% of the reference value, in euro (``None``: no cap)."""
        return None if self.cap_share is None else self.cap_share * self.reference.total_eur


def change_figures(
    *,
    initial_eur: Decimal,
    has_indexation_clause: bool,
    kind: ContractKind,
    authority: AuthorityType,
    priors: Iterable[PriorModification],
    value: Decimal | None,
    on: date,
    table: ThresholdTable,
) -> ChangeFigures:
    """The figures of a change dated ``on`` after the earlier modifications ``priors``.

    :raises RuleInputError: (``modification.date``) when no threshold period covers ``on``
    """
    earlier = [prior for prior in priors if prior.date <= on]
    special = authority is AuthorityType.SPECIAL_SECTOR
    return ChangeFigures(
        reference=reference_value(initial_eur, has_indexation_clause, earlier, on),
        value=value,
        threshold=table.threshold_for(kind, authority, on),
        de_minimis_share=table.limits.de_minimis_share(kind),
        cap_share=None if special else table.limits.capped_ground_share,
        history=change_history(earlier, indexed=has_indexation_clause),
    )
