"""Contract modifications to assess (wezenlijke wijziging) and the legal reviewers' decisions.

A modification is proposed by a contract manager, or detected by a portfolio re-import as a
draft ("contract change to assess"). Decisions are append-only: a reconsideration adds a row.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from sroi_plugin.db import Base
from sroi_plugin.models.base import MONEY
from sroi_plugin.models.base import utcnow

#: What a re-import can detect on a contract (issue 3's ``changes_to_assess`` kinds), or manual.
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
    #: the contract manager asks for legal review regardless of the verdict
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the last computed verdict (rules.significance ``Verdict`` value), for queue filtering
    verdict: Mapped[str | None] = mapped_column(String(40), index=True)
    created_by_id: Mapped[str | None] = mapped_column(String(64))
    created_by_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


#: The decisions a legal reviewer can record (Dutch keys are shown as such in the UI).
DECISIONS = ("toegestaan", "toegestaan_met_aankondiging", "wezenlijk")


class LegalDecision(Base):
    """A legal reviewer's decision on a modification; never updated, only added."""

    __tablename__ = "sroi_legal_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    modification_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_modification.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(40))
    rationale: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[str] = mapped_column(String(64))
    decided_by_name: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
