"""Planned tenders (route 2A): a tender checked before publication, before it has a contract.

Procurement enters what the tender will be (kind, value, term, category, labour share, the
draft social-return paragraph) and gets the clause findings and the proportionality advice of
stap 2Ac/2Ad. A partnership can start from a planned tender.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import Integer
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from sroi_plugin.db import Base
from sroi_plugin.models.base import MONEY
from sroi_plugin.models.base import one_of
from sroi_plugin.models.base import utcnow
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm


class PlannedTender(Base):
    """A tender being prepared: the facts the clause checks need, and the draft SR paragraph."""

    __tablename__ = "sroi_planned_tender"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str | None] = mapped_column(String(100), index=True)
    department: Mapped[str | None] = mapped_column(String(100))
    #: a :class:`ContractKind` code
    kind: Mapped[str | None] = mapped_column(String(20))
    #: an :class:`AuthorityType` code
    authority_type: Mapped[str] = mapped_column(String(20), default=AuthorityType.OTHER.value)
    #: estimated value excl. btw
    value_total: Mapped[Decimal | None] = mapped_column(MONEY)
    term_months: Mapped[int | None] = mapped_column(Integer)
    #: share of wages in the project sum, 0..1
    wage_share: Mapped[Decimal | None] = mapped_column(Numeric(5, 4))
    sr_percentage: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    #: an :class:`SrBasis` code
    sr_basis: Mapped[str | None] = mapped_column(String(20))
    #: an :class:`SrForm` code
    sr_form: Mapped[str | None] = mapped_column(String(30))
    #: the draft social-return paragraph of the tender documents
    sr_clause_text: Mapped[str] = mapped_column(Text, default="")
    planned_publication: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[str | None] = mapped_column(String(64))
    updated_by_name: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        one_of("kind", ContractKind, nullable=True),
        one_of("authority_type", AuthorityType),
        one_of("sr_basis", SrBasis, nullable=True),
        one_of("sr_form", SrForm, nullable=True),
    )

    def __repr__(self) -> str:
        return f"<PlannedTender {self.id} {self.title!r}>"
