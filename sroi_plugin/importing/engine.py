"""Engine: the one code path behind the import page and ``flask sroi import-portfolio``.

Two stages, so the database transaction stays short and a confirm need not read the workbook
again:

1. :func:`read_portfolio` — file → :class:`ReadPortfolio`: opens the workbook safely, finds
   the header row (with a saved profile when one fits), converts every row, rejects invalid
   and duplicate rows, and keeps the values to write. No database access apart from the
   profile lookup. :func:`encode_rows`/:func:`decode_rows` keep it between preview and confirm.
2. :func:`apply_portfolio` — :class:`ReadPortfolio` + database → :class:`~.result.ImportResult`:
   one transaction that raises the portfolio revision, loads the known contracts in one query,
   compares in Python and writes in bulk (executemany), then commits or rolls back. A preview
   is exactly this run, rolled back. Nothing is written for unchanged rows.

A confirm passes the revision its preview saw; when another import landed meanwhile the
``UPDATE sroi_portfolio_state … WHERE revision = :seen`` changes no row and the run is refused
(:attr:`~.result.ImportResult.stale`). Invalid rows are never written; committing the valid
rows while invalid ones exist needs ``allow_invalid``.

Guards against losing data sit here, for the page and the CLI alike: a file with a header row
but no contract rows is refused in stage 1 (:class:`NoContractRows`) — otherwise it would mark
the whole register missing — and an import that marks more than ``max_missing_share`` of the
active portfolio missing is only committed with ``allow_mass_missing``
(:func:`~sroi_plugin.rules.portfolio_sync.missing_needs_confirmation`).
"""

from __future__ import annotations

import gc
import hashlib
import io
import marshal
import os
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from typing import Any
from typing import BinaryIO
from typing import Final
from typing import cast

from sqlalchemy import Date
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from sroi_plugin.errors import ImportFileError
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing.columns import HEADER_SCAN_ROWS
from sroi_plugin.importing.columns import Suggestion
from sroi_plugin.importing.columns import combine_header_rows
from sroi_plugin.importing.columns import headers_signature
from sroi_plugin.importing.columns import map_headers
from sroi_plugin.importing.coverage import unmapped_fields
from sroi_plugin.importing.diff import DEFAULTS_ON_EMPTY
from sroi_plugin.importing.diff import check_limits
from sroi_plugin.importing.diff import field_changes
from sroi_plugin.importing.diff import snapshot
from sroi_plugin.importing.diff import supplied_fields
from sroi_plugin.importing.diff import target_values
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.importing.matcher import MATCH_COLUMNS
from sroi_plugin.importing.matcher import ContractMatcher
from sroi_plugin.importing.profiles import ProfileRef
from sroi_plugin.importing.reader import SheetReader
from sroi_plugin.importing.reader import SkippedRows
from sroi_plugin.importing.reader import convert_row
from sroi_plugin.importing.result import CHANGED
from sroi_plugin.importing.result import ERROR
from sroi_plugin.importing.result import INVALID
from sroi_plugin.importing.result import NEW
from sroi_plugin.importing.result import UNCHANGED
from sroi_plugin.importing.result import AssessChange
from sroi_plugin.importing.result import ContractChange
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.importing.result import InvalidRow
from sroi_plugin.importing.safety import DEFAULT_MAX_UNCOMPRESSED_BYTES
from sroi_plugin.importing.safety import _read_bounded
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.importing.spreadsheet_out import error_report
from sroi_plugin.models import PORTFOLIO_STATE_ID
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import PortfolioState
from sroi_plugin.models import ref_key
from sroi_plugin.models import utcnow
from sroi_plugin.rules.portfolio_sync import DEFAULT_MAX_MISSING_SHARE
from sroi_plugin.rules.portfolio_sync import STATUS_MISSING
from sroi_plugin.rules.portfolio_sync import changes_to_assess
from sroi_plugin.rules.portfolio_sync import contract_status
from sroi_plugin.rules.portfolio_sync import missing_needs_confirmation

__all__ = [
    "KEEP",
    "NO_CONTRACT_ROWS_MESSAGE",
    "STALE_MESSAGE",
    "ColumnsNotFound",
    "HeaderCandidate",
    "NoContractRows",
    "ReadPortfolio",
    "apply_portfolio",
    "decode_rows",
    "encode_rows",
    "error_report_for",
    "gc_paused",
    "header_candidate",
    "import_portfolio",
    "read_file_bytes",
    "read_portfolio",
    "revision_text",
]

#: Rows written per executemany batch (bounds memory; SQLite's variable limit allows it).
BATCH_SIZE: Final = 1000
#: Dutch message of a confirm whose preview is out of date.
STALE_MESSAGE: Final = (
    "Het contractregister is gewijzigd sinds deze voorvertoning: intussen is een andere import "
    "verwerkt. Er is niets opgeslagen. Bekijk de nieuwe voorvertoning hieronder en bevestig "
    "opnieuw."
)
#: Dutch message of a file with a header row but no contract rows.
NO_CONTRACT_ROWS_MESSAGE: Final = (
    "Het bestand heeft een kopregel maar geen contractregels; er is niets geïmporteerd en er is "
    "niets als 'niet in laatste export' gemarkeerd."
)
_CODEC_VERSION: Final = 1
_TEXT_LIMIT: Final = 300  # Modification.old_value / new_value


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


_CONTRACT_TABLE: Final = cast(Table, Contract.__table__)
_STATE_TABLE: Final = cast(Table, PortfolioState.__table__)
_IMPORT_TABLE: Final = cast(Table, PortfolioImport.__table__)
_REVISION_TABLE: Final = cast(Table, ContractRevision.__table__)
_MODIFICATION_TABLE: Final = cast(Table, Modification.__table__)


# --- stage 1: reading -------------------------------------------------------------------


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
) -> ReadPortfolio:
    """Stage 1: read and check every row of an uploaded portfolio.

    :param data: the file's bytes (see :func:`read_file_bytes`)
    :param sheet: the sheet to read; by default the first one with a header row
    :param mapping: ``{field: header}`` chosen in the mapping form; wins over any profile
    :param find_profile: looks up a saved profile by header-row signatures
    :raises ColumnsNotFound: the columns need mapping by hand
    :raises NoContractRows: a header row but no contract rows
    :raises ImportFileError: the file cannot be read at all (Dutch message)
    """
    workbook = open_workbook_safely(
        io.BytesIO(data), max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes
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
            return _read_rows(reader, data, file_name, profile, explicit)
    finally:
        workbook.close()


def _read_rows(
    reader: SheetReader,
    data: bytes,
    file_name: str,
    profile: ProfileRef | None,
    explicit: dict[str, str] | None,
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
    for sheet_row in reader:
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


def error_report_for(data: bytes, read: ReadPortfolio, *, max_bytes: int) -> bytes:
    """The error report of a read file: its invalid rows as uploaded, plus a "Fouten" column.

    Reads the workbook again (only the invalid rows' cells are kept), with the sheet and
    column mapping of ``read``.
    """
    wanted = {row.row: row.errors for row in read.invalid_rows}
    workbook = open_workbook_safely(io.BytesIO(data), max_bytes=max_bytes)
    try:
        reader = SheetReader(workbook, sheet=read.sheet, profile=read.mapping_used)
        picked = [(row.cells, wanted[row.row_number]) for row in reader if row.row_number in wanted]
        return error_report(reader.headers, picked)
    finally:
        workbook.close()


# --- keeping stage 1 between preview and confirm ----------------------------------------

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


def _encode_column(name: str, column: Sequence[Any]) -> list[Any]:
    """One field's values as marshal-able plain values.

    KEEP occurs in decimal fields (the SR percentage) and text fields (the SR basis and
    answer); it is written as ``False``, which neither holds otherwise. Closed-list values are
    written as their plain code (marshal refuses str subclasses such as the vocabulary's enums).
    """
    if name in _DECIMAL_FIELDS:
        return [v if v is None else False if v is KEEP else str(v) for v in column]
    if name in _DATE_FIELDS:
        return [v if v is None else v.toordinal() for v in column]
    if name in _TEXT_FIELDS:
        return [False if v is KEEP else v if v is None else str(v) for v in column]
    return list(column)


def _decode_column(name: str, column: Sequence[Any]) -> list[Any]:
    """Inverse of :func:`_encode_column`."""
    if name in _DECIMAL_FIELDS:
        return [v if v is None else KEEP if v is False else Decimal(v) for v in column]
    if name in _DATE_FIELDS:
        return [v if v is None else date.fromordinal(v) for v in column]
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


# --- stage 2: applying ------------------------------------------------------------------


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


def _batches(items: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def _raise_revision(session: Session, expected: int | None) -> int | None:
    """Raise the portfolio revision by one; the new revision, or ``None`` when stale.

    With ``expected`` (a confirm) only from that revision; without (a preview, the CLI)
    unconditionally. Either way the row stays locked until the transaction ends, so
    concurrent imports queue here.
    """
    table = _STATE_TABLE
    exists = session.execute(select(table.c.id).where(table.c.id == PORTFOLIO_STATE_ID)).first()
    if exists is None:
        session.execute(insert(table).values(id=PORTFOLIO_STATE_ID, revision=0))
    condition = table.c.id == PORTFOLIO_STATE_ID
    if expected is not None:
        condition = condition & (table.c.revision == expected)
    changed = session.execute(update(table).where(condition).values(revision=table.c.revision + 1))
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        return None
    revision: int = session.execute(
        select(table.c.revision).where(table.c.id == PORTFOLIO_STATE_ID)
    ).scalar_one()
    return revision


def _insert_import(
    session: Session,
    read: ReadPortfolio,
    result: ImportResult,
    *,
    user: SroiUser,
    source: str,
    allow_invalid: bool,
    revision: int,
    now: datetime,
) -> int:
    """The audit row with the counts; its id for the revisions and modifications."""
    table = _IMPORT_TABLE
    values = {
        **_counts(result),
        "file_name": read.file_name[:255],
        "file_sha256": read.file_sha256,
        "sheet": read.sheet[:100],
        "header_row": read.header_row,
        "profile_id": None if read.profile is None else read.profile.id,
        "profile_name": None if read.profile is None else read.profile.name[:100],
        "allow_invalid": allow_invalid,
        "source": source,
        "imported_by_id": user.id,
        "imported_by_name": user.name,
        "imported_at": now,
        "revision": revision,
    }
    import_id: int = session.execute(insert(table).returning(table.c.id), values).scalar_one()
    return import_id


def _insert_contracts(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new contracts in bulk (executemany); their ids by ``ref_key``.

    The ids are read back in one query: cheaper than RETURNING, which SQLAlchemy renders row
    by row.
    """
    if not rows:
        return {}
    table = _CONTRACT_TABLE
    for batch in _batches(rows):
        session.execute(insert(table), batch)
    return {
        key: contract_id
        for key, contract_id in session.execute(select(table.c.ref_key, table.c.id))
    }


def _update_contracts(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Update contracts by primary key, only from the version read; ids that had moved on."""
    if not rows:
        return []
    table = _CONTRACT_TABLE
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(version=table.c.version + 1)
    )
    changed = 0
    for batch in _batches(rows):
        changed += session.execute(statement, batch).rowcount  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect
    if not dialect.supports_sane_multi_rowcount or changed == len(rows):
        return []
    wanted = {row["b_id"]: row["b_version"] + 1 for row in rows}
    found = session.execute(
        select(table.c.id, table.c.version).where(table.c.id.in_(list(wanted)))
    ).all()
    return [contract_id for contract_id, version in found if wanted[contract_id] != version]


def _insert_revisions(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert contract revisions in bulk."""
    table = _REVISION_TABLE
    for batch in _batches(rows):
        session.execute(insert(table), batch)


def _insert_modifications(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert the detected changes to assess as draft modifications, in bulk."""
    table = _MODIFICATION_TABLE
    for batch in _batches(rows):
        session.execute(insert(table), batch)


@dataclass
class _Plan:
    """What a run writes, collected while comparing."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    #: revisions of known contracts (``contract_id`` set) and of new ones (``ref_key`` set)
    revisions: list[dict[str, Any]] = field(default_factory=list)
    new_revisions: list[tuple[str, str]] = field(default_factory=list)
    modifications: list[dict[str, Any]] = field(default_factory=list)
    ref_of_id: dict[int, str] = field(default_factory=dict)


def _text300(text: str | None) -> str | None:
    return None if text is None else text[:_TEXT_LIMIT]


def _picker(positions: list[int]) -> Callable[[Any], tuple[Any, ...]]:
    """A function taking the values at ``positions`` of a row, always as a tuple."""
    if len(positions) == 1:
        only = positions[0]
        return lambda row: (row[only],)
    return cast(Callable[[Any], tuple[Any, ...]], itemgetter(*positions))


def _plan(
    read: ReadPortfolio,
    matcher: ContractMatcher,
    result: ImportResult,
    *,
    user: SroiUser,
    today: date,
    now: datetime,
) -> _Plan:
    """Compare every valid row with the stored contract; collect the writes and the result."""
    plan = _Plan()
    fields = read.fields
    #: what an update sets: the supplied fields except the key (its stored spelling stays)
    update_fields = tuple(name for name in fields if name != REF_FIELD)
    new_defaults = {name: DEFAULTS_ON_EMPTY.get(name) for name in MODEL_FIELD_NAMES}
    totals = result.totals
    # fast path for the common case, an unchanged contract: the row's values equal the stored
    # ones as a whole tuple (no per-field work, no dict)
    stored_values = _picker([MATCH_COLUMNS.index(name) for name in fields])
    ref_at = fields.index(REF_FIELD)
    end_at, status_at = MATCH_COLUMNS.index("end_date"), MATCH_COLUMNS.index("status")
    for _number, row in read.rows:
        key = ref_key(row[ref_at])
        stored = matcher.get(key)
        if (
            stored is not None
            and row == stored_values(stored)
            and contract_status(stored[end_at], today) == stored[status_at]
        ):
            totals[UNCHANGED] += 1
            continue
        values = {name: value for name, value in zip(fields, row, strict=True) if value is not KEEP}
        if stored is None:
            status = contract_status(values.get("end_date"), today)
            plan.inserts.append(
                {
                    **new_defaults,
                    **values,
                    "ref_key": key,
                    "status": status,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            plan.new_revisions.append((key, status))
            totals[NEW] += 1
            continue
        changes = field_changes(values, stored)
        end_date = values.get("end_date", stored.end_date)
        status = contract_status(end_date, today)
        if status != stored.status:
            changes["status"] = (stored.status, status)
        if not changes:
            totals[UNCHANGED] += 1
            continue
        totals[CHANGED] += 1
        plan.ref_of_id[stored.id] = stored.ref
        result.changes.append(ContractChange(stored.ref, changes))
        update_row = {name: values.get(name, getattr(stored, name)) for name in update_fields}
        update_row.update(b_id=stored.id, b_version=stored.version, status=status, updated_at=now)
        plan.updates.append(update_row)
        plan.revisions.extend(
            {
                "contract_id": stored.id,
                "field": name,
                "old_value": revision_text(old),
                "new_value": revision_text(new),
            }
            for name, (old, new) in changes.items()
        )
        for found in changes_to_assess(snapshot({}, stored), snapshot(values, stored), today):
            result.changes_to_assess.append(AssessChange(stored.ref, found))
            plan.modifications.append(
                {
                    "contract_id": stored.id,
                    "kind": found.kind,
                    "status": "draft",
                    "old_value": _text300(found.old),
                    "new_value": _text300(found.new),
                    "description": found.description,
                    "value_delta": found.value_delta,
                    "new_end_date": found.new_end_date,
                    "modification_date": today,
                    "created_by_id": user.id,
                    "created_by_name": user.name,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
    for stored in matcher.not_in(read.seen_keys):
        result.missing += 1
        result.missing_refs.append(stored.ref)
        if stored.status == STATUS_MISSING:
            continue
        result.newly_missing += 1
        plan.ref_of_id[stored.id] = stored.ref
        plan.updates.append(
            {
                **{name: getattr(stored, name) for name in update_fields},
                "b_id": stored.id,
                "b_version": stored.version,
                "status": STATUS_MISSING,
                "updated_at": now,
            }
        )
        plan.revisions.append(
            {
                "contract_id": stored.id,
                "field": "status",
                "old_value": stored.status,
                "new_value": STATUS_MISSING,
            }
        )
    result.missing_refs.sort()
    return plan


def _counts(result: ImportResult) -> dict[str, int]:
    counts = result.counts
    return {
        "new_count": counts["new"],
        "changed_count": counts["changed"],
        "unchanged_count": counts["unchanged"],
        "invalid_count": counts["invalid"],
        "missing_count": counts["missing"],
        "skipped_count": counts["skipped"],
        "assess_count": len(result.changes_to_assess),
    }


def _write(session: Session, plan: _Plan, result: ImportResult, import_id: int) -> None:
    """Carry out the plan inside the open transaction; conflicts become result errors."""
    new_ids = _insert_contracts(session, plan.inserts)
    conflicts = _update_contracts(session, plan.updates)
    if conflicts:
        refs = sorted(plan.ref_of_id[contract_id] for contract_id in conflicts)
        conflicted = set(refs)
        result.totals[ERROR] += len(conflicts)
        result.totals[CHANGED] -= sum(1 for change in result.changes if change.ref in conflicted)
        result.errors.append(
            "Er is niets opgeslagen: deze contracten zijn tijdens de import door iemand anders "
            f"gewijzigd: {', '.join(refs)}. Start de import opnieuw."
        )
        return
    revisions = [{**row, "import_id": import_id} for row in plan.revisions]
    revisions.extend(
        {
            "contract_id": new_ids[key],
            "import_id": import_id,
            "field": "status",
            "old_value": None,
            "new_value": status,
        }
        for key, status in plan.new_revisions
    )
    _insert_revisions(session, revisions)
    _insert_modifications(session, [{**row, "import_id": import_id} for row in plan.modifications])


def apply_portfolio(
    session: Session,
    read: ReadPortfolio,
    *,
    user: SroiUser,
    today: date,
    commit: bool,
    allow_invalid: bool = False,
    expected_revision: int | None = None,
    source: str = "web",
    max_missing_share: Decimal | float | int = DEFAULT_MAX_MISSING_SHARE,
    allow_mass_missing: bool = False,
) -> ImportResult:
    """Stage 2: compare with the database and write, in one transaction.

    :param commit: ``False`` for a preview (dry run): everything is written, then rolled back
    :param allow_invalid: commit the valid rows although some rows are invalid
    :param max_missing_share: ``SROI_IMPORT_MAX_MISSING_SHARE``: above this share of the active
        portfolio marked missing the import needs ``allow_mass_missing``
    :param allow_mass_missing: commit although the import marks that many contracts missing
    :param expected_revision: the revision the preview saw (a confirm); stale → refused
    :param source: ``web`` or ``cli``, kept in the audit row
    :returns: the result; ``committed`` tells whether anything was saved
    """
    result = ImportResult(
        file_name=read.file_name,
        file_sha256=read.file_sha256,
        sheet=read.sheet,
        header_row=read.header_row,
        headers=list(read.headers),
        mapped_columns=dict(read.mapped_columns),
        unmapped_columns=list(read.unmapped_columns),
        unmapped_fields=read.unmapped_fields,
        suggestions={
            name: {"header": found.header, "score": found.score}
            for name, found in read.suggestions.items()
        },
        profile_id=None if read.profile is None else read.profile.id,
        profile_name=None if read.profile is None else read.profile.name,
        skipped=list(read.skipped),
        invalid_rows=list(read.invalid_rows),
        max_missing_share=Decimal(str(max_missing_share)),
    )
    result.totals[INVALID] = len(read.invalid_rows)
    now = utcnow()
    try:
        revision = _raise_revision(session, expected_revision)
        if revision is None:
            result.stale = True
            result.errors.append(STALE_MESSAGE)
            session.rollback()
            return result
        result.seen_revision = revision - 1
        matcher = ContractMatcher(session)
        with gc_paused():
            plan = _plan(read, matcher, result, user=user, today=today, now=now)
        result.active_before = matcher.count_not(STATUS_MISSING)
        result.mass_missing = missing_needs_confirmation(
            result.newly_missing, result.active_before, result.max_missing_share
        )
        import_id = _insert_import(
            session,
            read,
            result,
            user=user,
            source=source,
            allow_invalid=allow_invalid and result.has_invalid_rows(),
            revision=revision,
            now=now,
        )
        _write(session, plan, result, import_id)
        may_commit = (allow_invalid or not result.has_invalid_rows()) and (
            allow_mass_missing or not result.mass_missing
        )
        if commit and may_commit and not result.has_errors():
            session.commit()
            result.committed = True
            result.import_id = import_id
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    return result


def import_portfolio(
    session: Session,
    data: bytes,
    *,
    file_name: str,
    user: SroiUser,
    today: date,
    max_bytes: int,
    commit: bool,
    sheet: str | None = None,
    allow_invalid: bool = False,
    find_profile: Callable[[Sequence[str]], ProfileRef | None] | None = None,
    source: str = "cli",
    max_missing_share: Decimal | float | int = DEFAULT_MAX_MISSING_SHARE,
    allow_mass_missing: bool = False,
) -> ImportResult:
    """Read and apply in one go (the CLI, scheduled syncs, the benchmark)."""
    read = read_portfolio(
        data, file_name=file_name, max_bytes=max_bytes, sheet=sheet, find_profile=find_profile
    )
    return apply_portfolio(
        session,
        read,
        user=user,
        today=today,
        commit=commit,
        allow_invalid=allow_invalid,
        source=source,
        max_missing_share=max_missing_share,
        allow_mass_missing=allow_mass_missing,
    )
