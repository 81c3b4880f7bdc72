"""The working group's top 3 of contractors (handreiking stap 2Ba: "Maak gezamenlijk een top 3
van opdrachtnemers"), with who and when.

At most three contractors are marked at a time (marks made before the top 3 named contractors
name a contract). The database holds that promise itself: a mark occupies one of the slots 1,
2 or 3, and ``slot`` is unique, so two people marking a fourth contractor at the same moment
cannot both succeed. Unmarking empties the slot (``NULL``)
and keeps the row, so every mark stays on record with who marked it and when, and who removed
it and when.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from sroi_plugin.db import Base
from sroi_plugin.models.base import utcnow
from sroi_plugin.models.contract import Contract

#: How many contractors the working group marks (handreiking stap 2Ba: "kies een top 3").
TOP_SLOTS = (1, 2, 3)


class PromisingMark(Base):
    """A contractor marked for the top 3; ``slot`` is ``None`` once the mark is removed."""

    __tablename__ = "sroi_promising_mark"
    __table_args__ = (CheckConstraint("slot IN (1, 2, 3)", name="slot_in_top_3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the contract marked (older marks); a contractor mark names a contract of it or none
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("sroi_contract.id", ondelete="CASCADE"), index=True
    )
    #: the contractor marked (stap 2Ba: a top 3 of *opdrachtnemers*): its KvK number, or its
    #: normalised name when no KvK number is known
    contractor_key: Mapped[str | None] = mapped_column(String(200), index=True)
    contractor_name: Mapped[str | None] = mapped_column(String(200))
    #: 1, 2 or 3 while marked (unique: at most three marks); ``None`` after removal
    slot: Mapped[int | None] = mapped_column(Integer, unique=True)
    marked_by_id: Mapped[str] = mapped_column(String(64))
    marked_by_name: Mapped[str] = mapped_column(String(200))
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    unmarked_by_id: Mapped[str | None] = mapped_column(String(64))
    unmarked_by_name: Mapped[str | None] = mapped_column(String(200))
    unmarked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    #: the contract of a mark made of a contract (before the top 3 named contractors)
    contract: Mapped[Contract | None] = relationship(Contract, lazy="joined")

    @property
    def active(self) -> bool:
        """Still in the top 3."""
        return self.slot is not None
