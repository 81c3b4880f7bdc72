"""A user's screen preferences (which panels are folded), kept per host user id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import DateTime
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from sroi_plugin.db import Base
from sroi_plugin.models.base import utcnow


class UserPreference(Base):
    """One preference of one user, e.g. ``("u-17", "folded_panels") → ["monitoring"]``."""

    __tablename__ = "sroi_user_preference"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
