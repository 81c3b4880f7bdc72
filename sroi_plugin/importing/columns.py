"""Columns: find the header row of an export and map its columns to contract fields.

Exports start with a title block, merged cells or a date line, so the header row is
searched within the first :data:`HEADER_SCAN_ROWS` rows: the row matching the most known
field spellings wins, provided it has the contract number and at least two other fields.
Matching ignores case, accents, spacing and punctuation (``Contractnr.`` = ``contract nr``),
and money headers may carry a unit (``Contractwaarde (€)``, ``Waarde excl. btw``).

A saved import profile (``{field: header text}``) overrides the spellings; the profile is
found again for the next file through :func:`headers_signature`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Final

from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.rules.dutch import fold

__all__ = [
    "HEADER_SCAN_ROWS",
    "MIN_OTHER_FIELDS",
    "ColumnMapping",
    "detect_columns",
    "headers_signature",
    "map_headers",
    "normalise_header",
]

#: How many rows from the top may precede the header row.
HEADER_SCAN_ROWS: Final = 20
#: Fields besides the contract number a header row must have.
MIN_OTHER_FIELDS: Final = 2


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Where each field is in the sheet, and what could not be placed."""

    #: sheet row number (1-based) of the header row
    header_row: int
    #: field name → 0-based column index
    field_to_column: dict[str, int]
    #: field name → the header text as written in the file
    field_to_header: dict[str, str]
    #: headers that matched no field (or a field already taken), for the preview
    unmapped_headers: list[str]
    #: required fields without a column
    missing_required: list[str]


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
#: Units people append to money headers; dropped when the full header is not known.
_UNIT_SUFFIX = re.compile(
    r"(?:exclusiefbtw|exclbtw|exbtw|exclvat|exvat|excludingvat|ineuros?|euros?|eur)$"
)


def normalise_header(value: object) -> str:
    """Comparison key of a header: accents, case, spacing and punctuation removed.

    ``%`` becomes ``procent`` so ``SR %`` stays distinct from ``SR``.
    """
    if value is None:
        return ""
    return _NOT_ALNUM.sub("", fold(str(value).replace("%", " procent ")))


def _build_index() -> dict[str, str]:
    """Header key → field name, from every field's label and synonyms."""
    return {
        normalise_header(spelling): spec.name
        for spec in FIELDS
        for spelling in (spec.label, *spec.synonyms)
    }


_INDEX: Final = _build_index()


def _field_for(key: str) -> str | None:
    """Field a header key names, trying it without a money unit when it is not known."""
    field = _INDEX.get(key)
    if field is None:
        field = _INDEX.get(_UNIT_SUFFIX.sub("", key))
    return field


def _header_text(value: object) -> str:
    """A header cell as display text."""
    return "" if value is None else str(value).strip()


def _check_profile(explicit: Mapping[str, str]) -> None:
    """A saved profile naming an unknown field is a bug or a stale profile: say which."""
    unknown = sorted(set(explicit) - set(FIELDS_BY_NAME))
    if unknown:
        raise ValueError(f"import profile names unknown fields: {', '.join(unknown)}")


def map_headers(
    headers: Sequence[object],
    header_row: int,
    explicit: Mapping[str, str] | None = None,
) -> ColumnMapping:
    """Map one header row's cells to fields.

    :param headers: the header row's cell values, in column order
    :param header_row: its sheet row number, kept in the result
    :param explicit: ``{field: header text}`` from a saved profile; wins over synonyms.
        A field the profile names is only ever taken from that column (an empty text
        keeps it out of the import), never guessed from another header.
    :raises ValueError: when ``explicit`` names a field that does not exist
    """
    explicit = explicit or {}
    _check_profile(explicit)
    keys = [normalise_header(cell) for cell in headers]
    columns: dict[str, int] = {}
    for field, text in explicit.items():
        wanted = normalise_header(text)
        column = next((i for i, key in enumerate(keys) if wanted and key == wanted), None)
        if column is not None and column not in columns.values():
            columns[field] = column
    taken = set(columns.values())
    unmapped: list[str] = []
    for column, key in enumerate(keys):
        if not key or column in taken:
            continue
        found = _field_for(key)
        if found is None or found in columns or found in explicit:
            unmapped.append(_header_text(headers[column]))
        else:
            columns[found] = column
    ordered = dict(sorted(columns.items(), key=lambda item: item[1]))
    return ColumnMapping(
        header_row=header_row,
        field_to_column=ordered,
        field_to_header={field: _header_text(headers[col]) for field, col in ordered.items()},
        unmapped_headers=unmapped,
        missing_required=[s.name for s in FIELDS if s.required and s.name not in ordered],
    )


def _qualifies(mapping: ColumnMapping) -> bool:
    """A header row has the contract number and enough other fields."""
    found = mapping.field_to_column
    return REF_FIELD in found and len(found) - 1 >= MIN_OTHER_FIELDS


def detect_columns(
    rows: Iterable[Sequence[object]],
    explicit: Mapping[str, str] | None = None,
) -> ColumnMapping | None:
    """Find the header row among the first rows of a sheet and map it.

    :param rows: the sheet's rows from row 1, as cell values; at most
        :data:`HEADER_SCAN_ROWS` are read
    :param explicit: a saved profile, as for :func:`map_headers`
    :returns: the mapping of the best-matching row (the first on a tie), or ``None``
        when no row has the contract number and two other known fields
    """
    best: ColumnMapping | None = None
    for row_number, cells in enumerate(islice(rows, HEADER_SCAN_ROWS), start=1):
        mapping = map_headers(cells, row_number, explicit)
        if not _qualifies(mapping):
            continue
        if best is None or len(mapping.field_to_column) > len(best.field_to_column):
            best = mapping
    return best


def headers_signature(headers: Sequence[object]) -> str:
    """Stable fingerprint of a header row, to find the saved profile for the next file.

    Built from the normalised non-empty headers in order, so spacing, case and empty
    trailing columns do not change it but a renamed, added or moved column does.
    """
    keys = [key for key in map(normalise_header, headers) if key]
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()
