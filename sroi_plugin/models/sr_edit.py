"""Edits of contract fields in the plugin's panels: one row per field, who and when.

The clause panel edits the social-return fields (:data:`SR_EDIT_FIELDS`); the change panel's
"Basis voor de toets" edits the initial value, award date and indexation clause and records a
confirmed derived initial value (:data:`BASIS_EDIT_FIELDS`). The contract keeps only the
current values; these rows keep what each person changed. All the fields of one save
share ``edited_at`` and ``contract_version`` (the contract's version after the save).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from sroi_plugin.db import Base
from sroi_plugin.models.base import utcnow

#: The contract fields the clause panel edits.
SR_EDIT_FIELDS = ("has_sr", "sr_percentage", "sr_basis", "sr_form", "sr_clause_text")
#: The contract fields the basis of the change tests edits; ``initial_value_derived`` going
#: from ``True`` to ``False`` is a person confirming (or correcting) a derived initial value.
BASIS_EDIT_FIELDS = (
    "initial_value",
    "award_date",
    "has_indexation_clause",
    "initial_value_derived",
)
#: Every field an edit row may name.
PANEL_EDIT_FIELDS = SR_EDIT_FIELDS + BASIS_EDIT_FIELDS


class SrEdit(Base):
    """One contract field changed in a panel: old and new value as text."""

    __tablename__ = "sroi_sr_edit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_contract.id", ondelete="CASCADE"), index=True
    )
    #: one of :data:`PANEL_EDIT_FIELDS`
    field: Mapped[str] = mapped_column(String(30))
    #: the value before and after, as text (``None`` = empty; closed lists as their codes)
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    #: ``Contract.version`` after the save
    contract_version: Mapped[int] = mapped_column(Integer)
    edited_by_id: Mapped[str] = mapped_column(String(64))
    edited_by_name: Mapped[str] = mapped_column(String(200))
    edited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
