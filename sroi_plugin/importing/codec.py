"""Keeping stage 1 between preview and confirm: :class:`~.read.ReadPortfolio` ↔ bytes; and
a contract value ↔ the text a revision keeps.

:func:`encode_rows` writes the rows column by column as marshal of plain values (no pickle:
nothing in the file can become code); :func:`decode_rows` reads them back, or gives ``None``
for a payload of another version or shape. :func:`revision_text` is how an import writes an
old and new value into a :class:`~sroi_plugin.models.ContractRevision`;
:func:`revision_value` reads it back (the undo of an import restores with it).
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from typing import Final
from typing import cast

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Table

from sroi_plugin.importing.columns import Suggestion
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.profiles import ProfileRef
from sroi_plugin.importing.read import KEEP
from sroi_plugin.importing.read import ReadPortfolio
from sroi_plugin.importing.reader import SkippedRows
from sroi_plugin.importing.result import InvalidRow
from sroi_plugin.models import Contract

_CODEC_VERSION: Final = 1
_CONTRACT_TABLE: Final = cast(Table, Contract.__table__)

_COLUMNS = _CONTRACT_TABLE.columns
_DECIMAL_FIELDS: Final = frozenset(
    name for name in MODEL_FIELD_NAMES if isinstance(_COLUMNS[name].type, Numeric)
)
_DATE_FIELDS: Final = frozenset(
    name for name in MODEL_FIELD_NAMES if isinstance(_COLUMNS[name].type, Date)
)
_TEXT_FIELDS: Final = frozenset(
    name for name in MODEL_FIELD_NAMES if isinstance(_COLUMNS[name].type, String)
)


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


def _encode_column(name: str, column: Sequence[Any]) -> list[Any]:
    """One field's values as marshal-able plain values.

    KEEP occurs in decimal fields (the SR percentage, the initial value), date fields (the
    award date) and text fields (the SR basis and answer); it is written as ``False``, which
    none of them holds otherwise. Closed-list values are written as their plain code (marshal
    refuses str subclasses such as the vocabulary's enums).
    """
    if name in _DECIMAL_FIELDS:
        return [v if v is None else False if v is KEEP else str(v) for v in column]
    if name in _DATE_FIELDS:
        return [v if v is None else False if v is KEEP else v.toordinal() for v in column]
    if name in _TEXT_FIELDS:
        return [False if v is KEEP else v if v is None else str(v) for v in column]
    return list(column)


def _decode_column(name: str, column: Sequence[Any]) -> list[Any]:
    """Inverse of :func:`_encode_column`."""
    if name in _DECIMAL_FIELDS:
        return [v if v is None else KEEP if v is False else Decimal(v) for v in column]
    if name in _DATE_FIELDS:
        return [v if v is None else KEEP if v is False else date.fromordinal(v) for v in column]
    if name in _TEXT_FIELDS:
        return [KEEP if v is False else v for v in column]
    return list(column)


def encode_rows(read: ReadPortfolio) -> bytes:
    """:class:`ReadPortfolio` as compact bytes: marshal of plain values, column by column
    (no pickle: nothing in the file can become code)."""
    columns = list(zip(*(values for _number, values in read.rows), strict=True))
    if not columns:
        columns = [() for _name in read.fields]
    payload = {
        "v": _CODEC_VERSION,
        "file_name": read.file_name,
        "sha": read.file_sha256,
        "sheet": read.sheet,
        "header_row": read.header_row,
        "headers": read.headers,
        "mapped": read.mapped_columns,
        "unmapped": read.unmapped_columns,
        "profile": None
        if read.profile is None
        else (read.profile.id, read.profile.name, read.profile.mapping),
        "mapping_used": read.mapping_used,
        "fields": list(read.fields),
        "numbers": [number for number, _values in read.rows],
        "columns": [
            _encode_column(name, column) for name, column in zip(read.fields, columns, strict=True)
        ],
        "invalid": [(row.row, row.ref, row.errors) for row in read.invalid_rows],
        "seen": list(read.seen_keys),
        "skipped": [(run.first_row, run.last_row, run.reason) for run in read.skipped],
        "suggestions": {
            name: (found.header, found.column, found.score)
            for name, found in read.suggestions.items()
        },
    }
    return marshal.dumps(payload)


def decode_rows(payload: bytes) -> ReadPortfolio | None:
    """The :class:`ReadPortfolio` of :func:`encode_rows`; ``None`` when unusable."""
    try:
        data = marshal.loads(payload)  # noqa: S302 - our own file in the instance folder
        if not isinstance(data, dict) or data.get("v") != _CODEC_VERSION:
            return None
        fields = tuple(data["fields"])
        if any(name not in MODEL_FIELD_NAMES for name in fields):
            return None
        columns = [
            _decode_column(name, column)
            for name, column in zip(fields, data["columns"], strict=True)
        ]
        numbers: list[int] = data["numbers"]
        rows = list(zip(numbers, zip(*columns, strict=True), strict=True)) if numbers else []
        profile = data["profile"]
        return ReadPortfolio(
            file_name=data["file_name"],
            file_sha256=data["sha"],
            sheet=data["sheet"],
            header_row=data["header_row"],
            headers=list(data["headers"]),
            mapped_columns=dict(data["mapped"]),
            unmapped_columns=list(data["unmapped"]),
            profile=None if profile is None else ProfileRef(profile[0], profile[1], profile[2]),
            mapping_used=data["mapping_used"],
            fields=fields,
            rows=rows,
            invalid_rows=[
                InvalidRow(row, ref, list(errors)) for row, ref, errors in data["invalid"]
            ],
            seen_keys=frozenset(data["seen"]),
            skipped=[SkippedRows(first, last, reason) for first, last, reason in data["skipped"]],
            suggestions={
                name: Suggestion(header, column, score)
                for name, (header, column, score) in data.get("suggestions", {}).items()
            },
        )
    except (ValueError, EOFError, TypeError, KeyError, IndexError):
        return None
