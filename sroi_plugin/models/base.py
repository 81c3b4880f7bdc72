"""Column types and helpers shared by the model modules."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import Numeric

from sroi_plugin.rules.vocabulary import Term

#: Money: Decimal in Python, NUMERIC(16, 2) in the database, never float.
MONEY = Numeric(16, 2)


def one_of(column: str, vocabulary: type[Term], *, nullable: bool = False) -> CheckConstraint:
    """CHECK that ``column`` holds a stored code of ``vocabulary`` (or NULL when ``nullable``).

    Named ``column``, so the metadata's naming convention makes it ``ck_<table>_<column>``; the
    migrations build the same constraint with :func:`one_of_sql`.
    """
    return CheckConstraint(one_of_sql(column, vocabulary.codes(), nullable=nullable), name=column)


def one_of_sql(column: str, codes: tuple[str, ...], *, nullable: bool = False) -> str:
    """The SQL of :func:`one_of`: ``kind IN ('works', ...)`` (``OR kind IS NULL``)."""
    listed = ", ".join(f"'{code}'" for code in codes)
    condition = f"{column} IN ({listed})"
    return f"{condition} OR {column} IS NULL" if nullable else condition


def utcnow() -> datetime:
    """Timestamps are stored in UTC."""
    return datetime.now(UTC)
