"""Column types and helpers shared by the model modules."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from sqlalchemy import Numeric

#: Money: Decimal in Python, NUMERIC(16, 2) in the database, never float.
MONEY = Numeric(16, 2)


def utcnow() -> datetime:
    """Timestamps are stored in UTC."""
    return datetime.now(UTC)
