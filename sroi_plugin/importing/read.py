"""Stage 1 of the import: file → :class:`ReadPortfolio`.

:func:`read_portfolio` opens the workbook safely, finds the header row (with a saved profile
when one fits), converts every row, rejects invalid and duplicate rows, and keeps the values to
write. No database access apart from the profile lookup. A file with a header row but no
contract rows is refused here (:class:`NoContractRows`): otherwise it would mark the whole
register missing. :mod:`.codec` keeps the result between preview and confirm; :mod:`.apply`
writes it.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from itertools import islice
from typing import Any
from typing import BinaryIO
from typing import Final

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing.columns import HEADER_SCAN_ROWS
from sroi_plugin.importing.columns import Suggestion
from sroi_plugin.importing.columns import combine_header_rows
from sroi_plugin.importing.columns import headers_signature
from sroi_plugin.importing.columns import map_headers
from sroi_plugin.importing.coverage import unmapped_fields
from sroi_plugin.importing.diff import check_limits
from sroi_plugin.importing.diff import supplied_fields
from sroi_plugin.importing.diff import target_values
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.importing.profiles import ProfileRef
from sroi_plugin.importing.progress import REPORT_EVERY
from sroi_plugin.importing.progress import Phase
from sroi_plugin.importing.progress import Progress
from sroi_plugin.importing.reader import SheetReader
from sroi_plugin.importing.reader import SkippedRows
from sroi_plugin.importing.reader import convert_row
from sroi_plugin.importing.result import InvalidRow
from sroi_plugin.importing.safety import DEFAULT_MAX_UNCOMPRESSED_BYTES
from sroi_plugin.importing.safety import PORTFOLIO_BUDGET
from sroi_plugin.importing.safety import ReadBudget
from sroi_plugin.importing.safety import _read_bounded
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.importing.spreadsheet_out import error_report

#: Dutch message of a file with a header row but no contract rows.
NO_CONTRACT_ROWS_MESSAGE: Final = (
    "Het bestand heeft een kopregel maar geen contractregels; er is niets geïmporteerd en er is "
    "niets als 'niet in laatste export' gemarkeerd."
)


class _Keep:
    """Marker: the file says nothing about this field for this row; keep the stored value."""

    _instance: _Keep | None = None

    def __new__(cls) -> _Keep:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "KEEP"


#: A row's value that leaves the stored value alone (an SR "ja" without a percentage).
KEEP: Final = _Keep()


@dataclass(frozen=True)
class HeaderCandidate:
    """The row that most looks like a header, for the column-mapping form."""

    sheet: str
    header_row: int
    #: the row's texts in column order (empty cells as ``""``)
    headers: list[str]
    #: field → header as recognised automatically (a starting point for the form)
    proposed: dict[str, str]

    @property
    def signature(self) -> str:
        """:func:`~.columns.headers_signature` of this row (for saving a profile)."""
        return headers_signature(self.headers)


class ColumnsNotFound(ImportFileError):
    """The workbook is readable but its columns cannot be placed: ask the user to map them."""

    def __init__(self, message: str, candidate: HeaderCandidate) -> None:
        super().__init__(message)
        #: where the mapping form should start
        self.candidate = candidate


class NoContractRows(ImportFileError):
    """The sheet has a header row but not one contract row below it (only blank, title or
    totals rows). Importing it would mark every contract missing, so it is refused."""

    def __init__(self) -> None:
        super().__init__(NO_CONTRACT_ROWS_MESSAGE)


@dataclass
class ReadPortfolio:
    """What stage 1 read from a file: the values to write per valid row, and the rest."""

    file_name: str
    file_sha256: str
    sheet: str
    header_row: int
    headers: list[str]
    #: field → header text it is read from
    mapped_columns: dict[str, str]
    unmapped_columns: list[str]
    #: the saved profile the columns were read with (found by the header row's signature)
    profile: ProfileRef | None
    #: ``{field: header}`` the reader was given (a profile's or the mapping form's), else None
    mapping_used: dict[str, str] | None
    #: the model fields the file supplies, in declaration order; ``ref`` first
    fields: tuple[str, ...]
    #: per valid row: its sheet row number and the values, aligned with :attr:`fields`
    #: (:data:`KEEP` where the stored value stays)
    rows: list[tuple[int, tuple[Any, ...]]]
    invalid_rows: list[InvalidRow]
    #: the matching key of every contract number in the file, valid rows or not
    seen_keys: frozenset[str]
    skipped: list[SkippedRows] = field(default_factory=list)
    #: near misses for fields without a column (see :class:`~.columns.Suggestion`)
    suggestions: dict[str, Suggestion] = field(default_factory=dict)

    @property
    def unmapped_fields(self) -> list[str]:
        """Contract fields (besides the contract number) the file has no column for."""
        return unmapped_fields(self.mapped_columns)

    @property
    def header_signature(self) -> str:
        """:func:`~.columns.headers_signature` of the header row."""
        return headers_signature(self.headers)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while rows are streamed and compared.

    Reading builds up one small tuple per row while openpyxl allocates and frees many objects
    per cell; every full collection then walks all rows kept so far. Measured on 50,000 rows
    that cost about a fifth of the read. Reference counting still frees everything that is not
    a cycle; the collector runs again as soon as the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_file_bytes(source: str | os.PathLike[str] | BinaryIO, max_bytes: int) -> bytes:
    """A file's bytes, refused with the Dutch "te groot" message above ``max_bytes``."""
    return _read_bounded(source, max_bytes)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _pick_sheets(workbook: Any, sheet: str | None) -> list[Any]:
    """The named sheet (exact, else ignoring case and spaces), or every sheet; may be empty."""
    if sheet is None:
        return list(workbook.worksheets)
    wanted = sheet.strip().casefold()
    return [
        ws
        for ws in workbook.worksheets
        if ws.title == sheet or ws.title.strip().casefold() == wanted
    ][:1]


def _head(worksheet: Any) -> list[tuple[object, ...]]:
    """The first rows of a sheet, where a header row must be."""
    worksheet.reset_dimensions()
    return list(islice(worksheet.iter_rows(values_only=True), HEADER_SCAN_ROWS))


def _header_texts(cells: Sequence[object]) -> list[str]:
    return ["" if cell is None else str(cell).strip() for cell in cells]


def _candidate_signatures(workbook: Any, sheet: str | None) -> list[str]:
    """Signatures of the rows that could be a header row (two or more filled cells), also
    joined with the row above as a two-row header (see :func:`~.columns.combine_header_rows`)."""
    signatures: list[str] = []
    for worksheet in _pick_sheets(workbook, sheet):
        previous: Sequence[object] = ()
        for cells in _head(worksheet):
            if sum(not _is_blank(value) for value in cells) >= 2:
                signatures.append(headers_signature(_header_texts(cells)))
                if sum(not _is_blank(value) for value in previous) >= 2:
                    signatures.append(headers_signature(combine_header_rows(previous, cells)))
            previous = cells
    return signatures


def header_candidate(
    workbook: Any, sheet: str | None, mapping: Mapping[str, str] | None = None
) -> HeaderCandidate | None:
    """The row most like a header (most filled cells) in the named or first non-empty sheet.

    ``None`` when the named sheet does not exist or the sheets hold no such row.
    """
    for worksheet in _pick_sheets(workbook, sheet):
        head = _head(worksheet)
        filled = [sum(not _is_blank(value) for value in cells) for cells in head]
        if not filled or max(filled) < 2:
            continue
        index = filled.index(max(filled))
        headers = _header_texts(head[index])
        proposed = map_headers(headers, index + 1, mapping).field_to_header
        return HeaderCandidate(worksheet.title, index + 1, headers, proposed)
    return None


def _duplicate_message(row: int, ref: str | None, others: list[int]) -> str:
    rows = ", ".join(str(number) for number in others)
    label = FIELDS_BY_NAME[REF_FIELD].label
    return (
        f"Rij {row}, {label}: '{ref}' komt meer dan eens voor in het bestand (ook op rij "
        f"{rows}); alle rijen met dit nummer zijn overgeslagen"
    )


def _reject_duplicates(
    rows: list[tuple[int, tuple[Any, ...]]],
    invalid: dict[int, InvalidRow],
    duplicates: dict[str, list[int]],
) -> list[tuple[int, tuple[Any, ...]]]:
    """Move every row of a contract number that occurs more than once to the invalid rows."""
    if not duplicates:
        return rows
    rows_of = {number: rows_ for rows_ in duplicates.values() for number in rows_}
    kept: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in rows:
        if number in rows_of:
            invalid[number] = InvalidRow(number, values[0], [])
        else:
            kept.append((number, values))
    for number, others in rows_of.items():
        row = invalid[number]
        row.errors.append(_duplicate_message(number, row.ref, [n for n in others if n != number]))
    return kept


def read_portfolio(
    data: bytes,
    *,
    file_name: str,
    max_bytes: int,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    find_profile: Callable[[Sequence[str]], ProfileRef | None] | None = None,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    budget: ReadBudget = PORTFOLIO_BUDGET,
    progress: Progress | None = None,
) -> ReadPortfolio:
    """Stage 1: read and check every row of an uploaded portfolio.

    :param data: the file's bytes (see :func:`read_file_bytes`)
    :param sheet: the sheet to read; by default the first one with a header row
    :param mapping: ``{field: header}`` chosen in the mapping form; wins over any profile
    :param find_profile: looks up a saved profile by header-row signatures
    :param budget: the work reading may take (``SROI_IMPORT_MAX_CELLS``); a file over it is
        refused before it is parsed, or as soon as the rows read pass it
    :param progress: told the phase and the rows read and checked (see :mod:`.progress`)
    :raises ColumnsNotFound: the columns need mapping by hand
    :raises NoContractRows: a header row but no contract rows
    :raises ImportFileError: the file cannot be read at all (Dutch message)
    """
    if progress is not None:
        progress(Phase.READING, 0, 0)
    workbook = open_workbook_safely(
        io.BytesIO(data),
        max_bytes=max_bytes,
        max_uncompressed_bytes=max_uncompressed_bytes,
        budget=budget,
    )
    try:
        profile: ProfileRef | None = None
        explicit = dict(mapping) if mapping is not None else None
        if explicit is None and find_profile is not None:
            profile = find_profile(_candidate_signatures(workbook, sheet))
            if profile is not None:
                explicit = profile.mapping
        try:
            reader = SheetReader(workbook, sheet=sheet, profile=explicit)
        except ImportFileError as exc:
            candidate = header_candidate(workbook, sheet, explicit)
            if candidate is None:
                raise
            raise ColumnsNotFound(str(exc), candidate) from exc
        with gc_paused():
            return _read_rows(reader, data, file_name, profile, explicit, progress)
    finally:
        workbook.close()


def _read_rows(
    reader: SheetReader,
    data: bytes,
    file_name: str,
    profile: ProfileRef | None,
    explicit: dict[str, str] | None,
    progress: Progress | None = None,
) -> ReadPortfolio:
    """Convert and check the rows; keep the write values of the valid ones."""
    mapped = reader.columns.field_to_column
    supplied = supplied_fields(mapped)
    fields = tuple(name for name in MODEL_FIELD_NAMES if name in supplied)
    percentage_column = "sr_percentage" in mapped
    basis_column = "sr_basis" in mapped
    rows: list[tuple[int, tuple[Any, ...]]] = []
    invalid: dict[int, InvalidRow] = {}
    first_row_of: dict[str, int] = {}
    duplicates: dict[str, list[int]] = {}
    taken = 0
    for sheet_row in reader:
        taken += 1
        if progress is not None and taken % REPORT_EVERY == 1:
            progress(Phase.CHECKING, taken, taken - 1)
        number = sheet_row.row_number
        converted = convert_row(sheet_row)
        key = converted.ref_key
        if key is not None:
            first = first_row_of.setdefault(key, number)
            if first != number:
                duplicates.setdefault(key, [first]).append(number)
        if converted.record is None:
            invalid[number] = InvalidRow(number, converted.ref, list(converted.errors))
            continue
        values = target_values(
            converted.record,
            supplied,
            percentage_column=percentage_column,
            basis_column=basis_column,
        )
        problems = check_limits(values, number)
        if problems:
            invalid[number] = InvalidRow(number, converted.ref, problems)
            continue
        rows.append((number, tuple(values.get(name, KEEP) for name in fields)))
    if not rows and not invalid:
        raise NoContractRows
    if progress is not None:
        progress(Phase.CHECKING, taken, taken)
    rows = _reject_duplicates(rows, invalid, duplicates)
    return ReadPortfolio(
        file_name=file_name,
        file_sha256=hashlib.sha256(data).hexdigest(),
        sheet=reader.sheet_name,
        header_row=reader.columns.header_row,
        headers=list(reader.headers),
        mapped_columns=dict(reader.columns.field_to_header),
        unmapped_columns=list(reader.columns.unmapped_headers),
        profile=profile,
        mapping_used=explicit,
        fields=fields,
        rows=rows,
        invalid_rows=[invalid[number] for number in sorted(invalid)],
        seen_keys=frozenset(first_row_of),
        skipped=list(reader.skipped),
        suggestions=dict(reader.columns.suggestions),
    )


def error_report_for(
    data: bytes,
    read: ReadPortfolio,
    *,
    max_bytes: int,
    budget: ReadBudget = PORTFOLIO_BUDGET,
) -> bytes:
    """The error report of a read file: its invalid rows as uploaded, plus a "Fouten" column.

    Reads the workbook again (only the invalid rows' cells are kept), with the sheet and
    column mapping of ``read``.
    """
    wanted = {row.row: row.errors for row in read.invalid_rows}
    workbook = open_workbook_safely(io.BytesIO(data), max_bytes=max_bytes, budget=budget)
    try:
        reader = SheetReader(workbook, sheet=read.sheet, profile=read.mapping_used)
        picked = [(row.cells, wanted[row.row_number]) for row in reader if row.row_number in wanted]
        return error_report(reader.headers, picked)
    finally:
        workbook.close()
