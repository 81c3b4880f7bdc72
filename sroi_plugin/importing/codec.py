"""A contract value ↔ the text a revision keeps.

:func:`revision_text` is how an import writes an old and new value into a
:class:`~sroi_plugin.models.ContractRevision` (and how a kept plan holds a conflict's values,
:mod:`.stored_plan`); :func:`revision_value` reads it back (the undo of an import restores with
it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final
from typing import cast

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import Numeric
from sqlalchemy import Table

from sroi_plugin.models import Contract

_COLUMNS: Final = cast(Table, Contract.__table__).columns


def revision_text(value: object) -> str | None:
    """A value as a revision keeps it: amounts ``1234567.89``, dates ISO, ``true``/``false``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def revision_value(name: str, text: str | None) -> object:
    """The value of contract column ``name`` that :func:`revision_text` wrote as ``text``.

    :raises ValueError: text the column's type cannot hold (not written by an import)
    """
    if text is None:
        return None
    kind = _COLUMNS[name].type
    if isinstance(kind, Boolean):
        if text not in ("true", "false"):
            raise ValueError(f"{name}: {text!r} is not a stored boolean")
        return text == "true"
    if isinstance(kind, Numeric):
        return Decimal(text)
    if isinstance(kind, Date):
        return date.fromisoformat(text)
    return text
