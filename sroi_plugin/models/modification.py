"""Contract modifications to assess (wezenlijke wijziging) and the legal reviewers' decisions.

A modification is proposed by a contract manager, or detected by a portfolio re-import as a
draft ("contract change to assess"). Decisions are append-only: a reconsideration adds a row.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import event
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Mapper
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from sroi_plugin.db import Base
from sroi_plugin.models.base import MONEY
from sroi_plugin.models.base import one_of
from sroi_plugin.models.base import utcnow
from sroi_plugin.models.contract import Contract
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground
from sroi_plugin.rules.vocabulary import Verdict

#: What a re-import can detect on a contract (the ``changes_to_assess`` kinds), or manual.
CHANGE_KINDS = (
    "value_increase",
    "term_extension",
    "supplier_change",
    "kind_change",
    "category_change",
    "manual",
)
#: ``draft`` until the contract manager completes it; then ``proposed``.
MODIFICATION_STATUSES = ("draft", "proposed")


class Modification(Base):
    """A change to a running contract, with the facts the significance rules need."""

    __tablename__ = "sroi_modification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_contract.id", ondelete="CASCADE"), index=True
    )
    #: what kind of change (see :data:`CHANGE_KINDS`)
    kind: Mapped[str] = mapped_column(String(20), default="manual")
    #: ``draft`` (detected by an import, to complete) or ``proposed``
    status: Mapped[str] = mapped_column(String(10), default="draft")
    #: the portfolio import that detected it, if any
    import_id: Mapped[int | None] = mapped_column(Integer)
    #: old and new value as the import saw them (text, for display)
    old_value: Mapped[str | None] = mapped_column(String(300))
    new_value: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    value_delta: Mapped[Decimal | None] = mapped_column(MONEY)
    new_end_date: Mapped[date | None] = mapped_column(Date)
    modification_date: Mapped[date | None] = mapped_column(Date)
    #: legal ground chosen (rules.significance ``Ground`` values)
    ground: Mapped[str | None] = mapped_column(String(30))
    #: the four qualitative questions; ``None`` = "weet ik niet"
    changes_overall_nature: Mapped[bool | None] = mapped_column(Boolean)
    shifts_economic_balance: Mapped[bool | None] = mapped_column(Boolean)
    extends_scope_considerably: Mapped[bool | None] = mapped_column(Boolean)
    attracts_other_bidders: Mapped[bool | None] = mapped_column(Boolean)
    #: the procurement documents hold a clear review clause or option for this change
    has_review_clause: Mapped[bool] = mapped_column(Boolean, default=False)
    #: a price revision under the contract's indexation clause: it raises the reference value
    #: of later tests instead of counting as a change (Richtlijn 2014/24 art. 72 lid 3)
    indexation: Mapped[bool] = mapped_column(Boolean, default=False)
    #: contractor replacement (Aw 2.163f): the successor comes in by universal or partial
    #: succession after a restructuring; ``None`` = "weet ik niet"
    successor_via_restructuring: Mapped[bool | None] = mapped_column(Boolean)
    #: contractor replacement: the successor meets the original qualitative selection criteria
    successor_meets_original_selection_criteria: Mapped[bool | None] = mapped_column(Boolean)
    #: the change adds a social-return obligation to the running contract (stap 2Ba / 3a)
    adds_social_return: Mapped[bool] = mapped_column(Boolean, default=False)
    #: term extension in whole months (from ``new_end_date``), fixed when proposed
    extra_months: Mapped[int | None] = mapped_column(Integer)
    #: the value the assessment used: ``value_delta``, or the valued term extension; later
    #: assessments of the same contract use it as this change's ``prior_modifications`` value
    assessed_value: Mapped[Decimal | None] = mapped_column(MONEY)
    #: ``Assessment.as_dict()`` as computed when the change was proposed (what the user saw)
    assessment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: the contract manager asks for legal review regardless of the verdict
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    #: why the contract manager flagged it (optional)
    flag_note: Mapped[str | None] = mapped_column(Text)
    flagged_by_id: Mapped[str | None] = mapped_column(String(64))
    flagged_by_name: Mapped[str | None] = mapped_column(String(200))
    flagged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the last computed verdict (rules.significance ``Verdict`` value), for queue filtering
    verdict: Mapped[str | None] = mapped_column(String(40), index=True)
    #: the modification notice (aankondiging van een wijziging) of a change allowed with
    #: publication (Aw 2.163d/e): when and under which reference it was published
    notice_published_on: Mapped[date | None] = mapped_column(Date)
    notice_reference: Mapped[str | None] = mapped_column(String(100))
    notice_recorded_by_id: Mapped[str | None] = mapped_column(String(64))
    notice_recorded_by_name: Mapped[str | None] = mapped_column(String(200))
    notice_recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[str | None] = mapped_column(String(64))
    created_by_name: Mapped[str | None] = mapped_column(String(200))
    #: who completed the change (a manual proposal, or a detected draft filled in), and when
    proposed_by_id: Mapped[str | None] = mapped_column(String(64))
    proposed_by_name: Mapped[str | None] = mapped_column(String(200))
    proposed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    #: the contract changed
    contract: Mapped[Contract] = relationship(Contract, lazy="joined")
    #: the legal reviewers' decisions, oldest first (append-only)
    decisions: Mapped[list[LegalDecision]] = relationship(
        "LegalDecision",
        order_by="(LegalDecision.decided_at, LegalDecision.id)",
        back_populates="modification",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def latest_decision(self) -> LegalDecision | None:
        """The decision that stands: the last one recorded (reconsiderations add rows)."""
        return self.decisions[-1] if self.decisions else None

    @property
    def needs_review(self) -> bool:
        """See :func:`needs_legal_review`."""
        return needs_legal_review(self.status, self.flagged, self.verdict)


def needs_legal_review(status: str, flagged: bool, verdict: str | None) -> bool:
    """A proposed change goes to the legal reviewers when flagged or not plainly allowed.

    One rule for the model and for the plain rows the change panel reads.
    """
    plainly_allowed = verdict is None or verdict == Verdict.ALLOWED
    return status == "proposed" and (flagged or not plainly_allowed)


#: The decisions a legal reviewer can record (:class:`Decision` codes; the screens show labels).
DECISIONS = Decision.codes()


class LegalDecision(Base):
    """A legal reviewer's decision on a modification; never updated, only added."""

    __tablename__ = "sroi_legal_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    modification_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_modification.id", ondelete="CASCADE"), index=True
    )
    #: a :class:`Decision` code
    decision: Mapped[str] = mapped_column(String(40))
    #: the legal ground (a :class:`Ground` code) the reviewer decided under; it replaces the
    #: ground the proposer chose (``None`` = the proposer's ground stands)
    ground: Mapped[str | None] = mapped_column(String(30))
    rationale: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[str] = mapped_column(String(64))
    decided_by_name: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    #: the change decided on
    modification: Mapped[Modification] = relationship(Modification, back_populates="decisions")

    __table_args__ = (one_of("decision", Decision), one_of("ground", Ground, nullable=True))


@event.listens_for(LegalDecision, "before_update")
def _decisions_are_append_only(_mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    """A recorded decision is never changed; a reconsideration is a new decision."""
    raise ValueError(f"LegalDecision {target.id} is append-only; add a new decision instead")
