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
from sroi_plugin.models import ref_key

__all__ = ["MATCH_COLUMNS", "ContractMatcher", "same_contract"]

#: What is loaded per contract: identity, optimistic-lock version, status and the import fields.
MATCH_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "ref_key",
    "version",
    "status",
    "initial_value_derived",
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
        """The contract whose ``ref_key`` is ``key``, or ``None``.

        A zero-padded number (``004711``) that is not stored as such finds the contract stored
        without its zeros (``4711``): earlier versions read such cells as bare numbers, and the
        contract must not come back as new while its old copy is marked missing.
        """
        by_key = self._load()
        found = by_key.get(key)
        if found is None:
            unpadded = _unpadded(key)
            if unpadded is not None:
                found = by_key.get(unpadded)
        return found

    def __len__(self) -> int:
        return len(self._load())

    def count_not(self, status: str) -> int:
        """How many contracts have another status than ``status``."""
        return sum(1 for row in self._load().values() if row.status != status)

    def not_in(self, keys: set[str] | frozenset[str]) -> Iterator[Row[Any]]:
        """The contracts whose key is not among ``keys`` (not in this export).

        A contract :meth:`get` finds through a zero-padded key counts as in the export.
        """
        by_key = self._load()
        seen = set(keys)
        for key in keys:
            unpadded = _unpadded(key)
            if unpadded is not None and key not in by_key:
                seen.add(unpadded)
        return (row for key, row in by_key.items() if key not in seen)


def same_contract(ref: str, other: str) -> bool:
    """Whether two contract numbers name one contract: case and spaces aside, and a
    zero-padded number (``004711``) equal to the same number without its zeros (``4711``)."""
    keys = [ref_key(ref), ref_key(other)]
    plain = [_unpadded(key) or key for key in keys]
    return keys[0] == keys[1] or plain[0] == plain[1]


def _unpadded(key: str) -> str | None:
    """``004711`` → ``4711``; ``None`` for a key that is not a zero-padded number."""
    if len(key) > 1 and key[0] == "0" and key.isdigit():
        return key.lstrip("0") or "0"
    return None
