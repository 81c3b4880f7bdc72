"""Matcher: the contracts the plugin already knows, loaded once and looked up by ``ref_key``.

One query loads only the columns the diff needs, for every contract; lookups are then a dict
access (no query per row). Rows are SQLAlchemy ``Row`` tuples, not ORM objects, so 50,000
contracts stay cheap.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from typing import Final

from sqlalchemy import Row
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.models import Contract

__all__ = ["MATCH_COLUMNS", "ContractMatcher"]

#: What is loaded per contract: identity, optimistic-lock version, status and the import fields.
MATCH_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "ref_key",
    "version",
    "status",
    *MODEL_FIELD_NAMES,
)


class ContractMatcher:
    """Bulk, cached lookup of existing contracts by ``ref_key``.

    :param session: the plugin's session; the contracts are loaded on first use
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._by_key: dict[str, Row[Any]] | None = None

    def _load(self) -> dict[str, Row[Any]]:
        if self._by_key is None:
            table = Contract.__table__
            columns = [table.c[name] for name in MATCH_COLUMNS]
            rows = self._session.execute(select(*columns)).all()
            self._by_key = {row.ref_key: row for row in rows}
        return self._by_key

    def get(self, key: str) -> Row[Any] | None:
        """The contract whose ``ref_key`` is ``key``, or ``None``."""
        return self._load().get(key)

    def __len__(self) -> int:
        return len(self._load())

    def count_not(self, status: str) -> int:
        """How many contracts have another status than ``status``."""
        return sum(1 for row in self._load().values() if row.status != status)

    def not_in(self, keys: set[str] | frozenset[str]) -> Iterator[Row[Any]]:
        """The contracts whose key is not among ``keys`` (not in this export)."""
        return (row for key, row in self._load().items() if key not in keys)
