"""Reader: stream a portfolio sheet's rows and convert each into a contract record.

:class:`SheetReader` picks the sheet, finds the header row and then yields one
:class:`SheetRow` per data row, keeping the sheet row number. Blank rows, title rows and
totals rows are skipped and recorded as :class:`SkippedRows` ranges so the preview can
say which rows were left out. :func:`convert_row` turns a row into a :class:`RowResult`:
a typed :class:`~.fields.ContractRecord`, or Dutch messages naming row and column.
Per-row problems are collected, never raised; only a sheet that cannot be read at all
raises :class:`~sroi_plugin.errors.ImportFileError`.

Blank rows below the last data row are not reported: an export whose formatting reaches row
1,048,576 reads as its data, not as a million skipped rows. They are still read (a data row
could follow any run of empty rows), but cheaply. A contract number stored as a number with a
zero-padding format (4711 shown as ``004711``) is read as Excel shows it.

The workbook is the calamine reader of :func:`.safety.open_workbook_safely` (see
:mod:`.workbook`): formulas count by their cached value, whole numbers are ``int``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from typing import Any
from typing import Final

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing.columns import HEADER_SCAN_ROWS
from sroi_plugin.importing.columns import MIN_OTHER_FIELDS
from sroi_plugin.importing.columns import ColumnMapping
from sroi_plugin.importing.columns import detect_columns
from sroi_plugin.importing.converters import ConversionError
from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.importing.fields import ContractRecord
from sroi_plugin.importing.workbook import DAMAGED
from sroi_plugin.importing.workbook import Workbook
from sroi_plugin.importing.workbook import damaged_sheet
from sroi_plugin.models.contract import ref_key
from sroi_plugin.rules.values import SrCell
from sroi_plugin.rules.values import sr_contradiction
from sroi_plugin.rules.vocabulary import SrApplies

__all__ = [
    "SKIP_BLANK",
    "SKIP_REASONS_NL",
    "SKIP_TITLE",
    "SKIP_TOTAL",
    "RowResult",
    "SheetReader",
    "SheetRow",
    "SkippedRows",
    "convert_row",
    "find_duplicate_refs",
    "format_padded",
    "padded_format",
]

SKIP_BLANK: Final = "blank"
SKIP_TITLE: Final = "title"
SKIP_TOTAL: Final = "total"
#: Dutch wording of each skip reason, for the preview.
SKIP_REASONS_NL: Final[Mapping[str, str]] = {
    SKIP_BLANK: "lege rij",
    SKIP_TITLE: "titelrij",
    SKIP_TOTAL: "totaalregel",
}

#: What the readers raise on a damaged sheet.
_DAMAGED: Final = (*DAMAGED, zlib.error)
_TOTAL_LABEL = re.compile(
    r"^\s*(?:sub|eind|grand\s*)?(?:totaal|totalen|totals?)(?:\s|[:.]|$)", re.IGNORECASE
)
#: A number format that pads a whole number with zeros (``000000``), optionally with literal
#: text (``"K-"00000``, ``\\K0000``): literal text, zeros, literal text, then other sections.
_PADDED_FORMAT = re.compile(r'^((?:"[^"]*"|\\.)*)(0+)((?:"[^"]*"|\\.)*)(?:;.*)?$')
_LITERAL = re.compile(r'"([^"]*)"|\\(.)')


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One data row: its sheet row number, the mapped raw values and all its cells."""

    #: 1-based row number in the sheet, as the user sees it in Excel
    row_number: int
    #: field name → raw cell value (``None`` for an empty cell)
    values: dict[str, object]
    #: every cell of the row as read, for an error report in the original layout
    cells: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class SkippedRows:
    """A run of consecutive rows left out for the same reason."""

    first_row: int
    last_row: int
    #: one of :data:`SKIP_BLANK`, :data:`SKIP_TITLE`, :data:`SKIP_TOTAL`
    reason: str

    @property
    def count(self) -> int:
        """Number of rows in the run."""
        return self.last_row - self.first_row + 1


def _is_blank(value: object) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (type(value) is str and not value.strip())


def _is_number(value: object) -> bool:
    """A numeric cell (a bool is not a number here)."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _skip_reason(cells: tuple[object, ...]) -> str | None:
    """Why a row without a contract number is skipped, or ``None`` if it is data."""
    filled = [value for value in cells if not _is_blank(value)]
    if not filled:
        return SKIP_BLANK
    texts = [value for value in filled if isinstance(value, str)]
    if texts and _TOTAL_LABEL.match(texts[0]):
        return SKIP_TOTAL
    if not texts and all(_is_number(value) for value in filled):
        return SKIP_TOTAL
    if len(filled) == 1 and texts:
        return SKIP_TITLE
    return None


@lru_cache(maxsize=64)
def padded_format(code: str | None) -> tuple[str, int, str] | None:
    """``(prefix, digits, suffix)`` of a zero-padding number format, else ``None``.

    ``000000`` → ``("", 6, "")``; ``"K-"00000`` → ``("K-", 5, "")``. Formats with anything
    else (decimals, thousands separators, dates, colours, conditions) are not padding formats:
    such a contract number is read as its plain value.
    """
    match = _PADDED_FORMAT.match(code or "")
    if match is None:
        return None
    prefix, zeros, suffix = match.groups()
    if len(zeros) < 2 and not (prefix or suffix):
        return None  # plain "0": nothing to pad

    def literal(text: str) -> str:
        return _LITERAL.sub(lambda found: found.group(1) or found.group(2) or "", text)

    return literal(prefix), len(zeros), literal(suffix)


def format_padded(value: object, code: str | None) -> str | None:
    """A whole, non-negative number as a zero-padding format shows it; ``None`` otherwise.

    ``format_padded(4711, "000000")`` → ``"004711"``; ``4711.0`` counts as ``4711``.
    """
    parts = padded_format(code)
    if parts is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or value < 0:
        return None
    prefix, digits, suffix = parts
    return f"{prefix}{value:0{digits}d}{suffix}"


def _defines_padded_format(workbook: Workbook) -> bool:
    """Whether the workbook defines a zero-padding number format (custom formats only: no
    built-in format pads)."""
    return any(padded_format(code) is not None for code in workbook.number_formats)


def _head(worksheet: Any) -> list[tuple[object, ...]]:
    """The first rows of a sheet, where the header row must be."""
    try:
        return list(islice(worksheet.iter_rows(values_only=True), HEADER_SCAN_ROWS))
    except _DAMAGED as exc:
        raise damaged_sheet(worksheet.title, exc) from exc


class SheetReader:
    """Stream the data rows of one sheet of a read-only workbook.

    :param workbook: a workbook from :func:`.safety.open_workbook_safely`
    :param sheet: the sheet's name (``--sheet NAME``); by default the first sheet that
        has a header row
    :param profile: ``{field: header text}`` from a saved import profile
    :raises ImportFileError: no such sheet, the sheet is empty, or no header row found
    """

    def __init__(
        self,
        workbook: Any,
        *,
        sheet: str | None = None,
        profile: Mapping[str, str] | None = None,
    ) -> None:
        self._worksheet, self.columns, header = self._choose(workbook, sheet, profile)
        #: the sheet that is read
        self.sheet_name: str = self._worksheet.title
        #: the header row's texts, for the error report and :func:`.headers_signature`
        #: (of a two-row header the joined texts, see :func:`.columns.combine_header_rows`)
        self.headers: list[str] = list(self.columns.headers) or [
            "" if cell is None else str(cell) for cell in header
        ]
        #: rows left out during the last iteration (filled while iterating); blank rows
        #: below the last data row are not listed
        self.skipped: list[SkippedRows] = []
        #: whether a numeric contract number may carry a zero-padding format
        self._padding = _defines_padded_format(workbook)

    @staticmethod
    def _choose(
        workbook: Any, sheet: str | None, profile: Mapping[str, str] | None
    ) -> tuple[Any, ColumnMapping, tuple[object, ...]]:
        """The worksheet to read with its column mapping and header cells."""
        worksheets = [_named_sheet(workbook, sheet)] if sheet is not None else workbook.worksheets
        for worksheet in worksheets:
            worksheet.reset_dimensions()  # a wrong <dimension> tag would cut rows off
            head = _head(worksheet)
            if sheet is not None and not any(not _is_blank(v) for row in head for v in row):
                raise ImportFileError(f"Werkblad '{worksheet.title}' is leeg.")
            mapping = detect_columns(head, profile)
            if mapping is not None:
                return worksheet, mapping, head[mapping.header_row - 1]
        names = ", ".join(f"'{ws.title}'" for ws in worksheets)
        where = "werkblad" if len(worksheets) == 1 else "de werkbladen"
        raise ImportFileError(
            f"Geen kopregel gevonden in {where} {names}: de eerste {HEADER_SCAN_ROWS} rijen "
            "moeten een rij bevatten met een kolom voor het contractnummer (bijvoorbeeld "
            f"'Contractnummer') en minstens {MIN_OTHER_FIELDS} andere bekende kolommen, "
            "zoals 'Leverancier' en 'Contractwaarde'."
        )

    @property
    def skipped_count(self) -> int:
        """How many rows the last iteration left out."""
        return sum(run.count for run in self.skipped)

    def __iter__(self) -> Iterator[SheetRow]:
        """Yield the data rows below the header row; record the skipped ones."""
        self.skipped = []
        start = self.columns.header_row + 1
        rows = self._worksheet.iter_rows(min_row=start, values_only=True)
        try:
            yield from self._data_rows(rows, start)
        except _DAMAGED as exc:
            raise damaged_sheet(self.sheet_name, exc) from exc

    def _data_rows(self, rows: Iterable[tuple[object, ...]], start: int) -> Iterator[SheetRow]:
        """Classify each row; the common case (a contract number present) stays cheap.

        A run of blank rows is only recorded once a later row is not blank, so the blank rows
        below the last row (formatting that reaches row 1,048,576) are never listed; blank
        runs between the last data row and a totals row are dropped at the end.
        """
        ref_column = self.columns.field_to_column[REF_FIELD]
        placed = tuple(self.columns.field_to_column.items())
        formats: Iterator[tuple[Any, ...]] | None = None
        next_format_row = 0
        blank_from: int | None = None
        last_data_row = 0
        for row_number, cells in enumerate(rows, start=start):
            width = len(cells)
            if not width or cells.count(None) == width:
                if blank_from is None:
                    blank_from = row_number
                continue
            ref = cells[ref_column] if ref_column < width else None
            if _is_blank(ref):
                reason = _skip_reason(cells)
            elif type(ref) is str and _TOTAL_LABEL.match(ref):
                reason = SKIP_TOTAL
            elif type(ref) is str and cells.count(None) == width - 1:
                reason = SKIP_TITLE  # a heading that sits in the contract-number column
            else:
                reason = None
            if reason == SKIP_BLANK:
                if blank_from is None:
                    blank_from = row_number
                continue
            if blank_from is not None:
                self.skipped.append(SkippedRows(blank_from, row_number - 1, SKIP_BLANK))
                blank_from = None
            if reason is not None:
                self._note_skip(row_number, reason)
                continue
            values = {name: cells[col] if col < width else None for name, col in placed}
            if self._padding and (type(ref) is int or type(ref) is float):
                if formats is None:
                    formats = self._ref_cells(row_number)
                    next_format_row = row_number
                found = next(islice(formats, row_number - next_format_row, None), None)
                next_format_row = row_number + 1
                shown = None if found is None else format_padded(ref, found[0].number_format)
                if shown is not None:
                    values[REF_FIELD] = shown
            last_data_row = row_number
            yield SheetRow(row_number, values, cells)
        self.skipped = [
            run for run in self.skipped if run.reason != SKIP_BLANK or run.last_row < last_data_row
        ]

    def _ref_cells(self, first_row: int) -> Iterator[tuple[Any, ...]]:
        """The contract-number cells (with their number format) from ``first_row`` on, one
        1-tuple per row: a second stream over the sheet, only started when a workbook with a
        zero-padding format has a numeric contract number."""
        column = self.columns.field_to_column[REF_FIELD] + 1
        cells: Iterator[tuple[Any, ...]] = self._worksheet.iter_rows(
            min_row=first_row, min_col=column, max_col=column
        )
        return cells

    def _note_skip(self, row_number: int, reason: str) -> None:
        """Extend the last run when this row continues it, else start a new run."""
        last = self.skipped[-1] if self.skipped else None
        if last is not None and last.reason == reason and last.last_row == row_number - 1:
            self.skipped[-1] = SkippedRows(last.first_row, row_number, reason)
        else:
            self.skipped.append(SkippedRows(row_number, row_number, reason))


def _named_sheet(workbook: Any, name: str) -> Any:
    """The sheet called ``name`` (exact, else ignoring case and outer spaces)."""
    wanted = name.strip().casefold()
    for worksheet in workbook.worksheets:
        if worksheet.title == name or worksheet.title.strip().casefold() == wanted:
            return worksheet
    available = ", ".join(f"'{ws.title}'" for ws in workbook.worksheets)
    raise ImportFileError(f"Werkblad '{name}' bestaat niet. Beschikbaar: {available}.")


@dataclass(frozen=True, slots=True)
class RowResult:
    """A converted row: a record when valid, otherwise the Dutch error messages."""

    #: the row as read
    row: SheetRow
    #: the trimmed contract number, also for invalid rows (``None`` when missing)
    ref: str | None
    #: the typed contract, ``None`` when there are errors
    record: ContractRecord | None
    #: e.g. "Rij 14, Einddatum: '31-13-2025' is geen geldige datum"
    errors: list[str] = field(default_factory=list)

    @property
    def row_number(self) -> int:
        """Sheet row number (1-based)."""
        return self.row.row_number

    @property
    def ref_key(self) -> str | None:
        """Matching key of the contract number (see :func:`sroi_plugin.models.ref_key`)."""
        return None if self.ref is None else ref_key(self.ref)


_CLEANERS: Final[Mapping[str, Callable[[object], object]]] = {
    spec.name: spec.clean for spec in FIELDS
}


def _message(row_number: int, field_name: str, text: str) -> str:
    """A row error in the one format users see: row, column label, what is wrong."""
    return f"Rij {row_number}, {FIELDS_BY_NAME[field_name].label}: {text}"


def _dutch_date(day: date) -> str:
    """``31-12-2025``, as Dutch users write dates."""
    return f"{day:%d-%m-%Y}"


def _merge_social_return(converted: dict[str, Any]) -> str | None:
    """Combine what the social-return, SR-percentage and SR-basis columns say; report conflicts.

    Either SR column may carry the answer, the percentage and the basis in one cell
    (``ja – 3% van de loonsom``); a percentage alone implies the answer. Two cells that say
    different things are a conflict the user must resolve: nothing is silently preferred.
    """
    cells = (converted.pop("has_sr", None), converted.get("sr_percentage"))
    said = [cell for cell in cells if isinstance(cell, SrCell)]
    answers = {cell.applies for cell in said if cell.applies is not None}
    percentages = {cell.percentage for cell in said if cell.percentage is not None}
    bases = {cell.basis for cell in said if cell.basis is not None}
    basis_column = converted.get("sr_basis")
    if basis_column is not None:
        bases.add(basis_column)
    if len(percentages) > 1:
        shown = " en ".join(sorted(f"{p}%" for p in percentages))
        return f"twee verschillende percentages ({shown})"
    if len(bases) > 1:
        shown = " en ".join(sorted(basis.label for basis in bases))
        return f"twee verschillende grondslagen ({shown})"
    percentage = next(iter(percentages), None)
    if percentage is not None:
        implied = SrApplies.YES if percentage > 0 else SrApplies.NO
        stated = answers - {implied}
        if stated:
            return sr_contradiction(min(stated), percentage)
        answers = {implied}
    if len(answers) > 1:
        shown = " en ".join(sorted(f"'{answer.label}'" for answer in answers))
        return f"twee verschillende antwoorden ({shown})"
    answer = next(iter(answers), None)
    converted["has_sr"], converted["sr_percentage"] = answer, percentage
    if bases:
        converted["sr_basis"] = bases.pop()
    return None


def _check_period(converted: Mapping[str, Any]) -> str | None:
    """An end date before the start date is a typing error."""
    start, end = converted.get("start_date"), converted.get("end_date")
    if start is not None and end is not None and end < start:
        return f"{_dutch_date(end)} ligt vóór de startdatum {_dutch_date(start)}"
    return None


def convert_row(row: SheetRow) -> RowResult:
    """Convert one row's raw values; collect every problem instead of raising."""
    converted: dict[str, Any] = {}
    errors: list[str] = []
    for name, raw in row.values.items():
        try:
            converted[name] = _CLEANERS[name](raw)
        except ConversionError as exc:
            errors.append(_message(row.row_number, name, exc.message))
    ref = converted.get(REF_FIELD)
    if ref is None and REF_FIELD in converted:
        errors.append(_message(row.row_number, REF_FIELD, "ontbreekt"))
    for field_name, problem in (
        ("has_sr", _merge_social_return(converted)),
        ("end_date", _check_period(converted)),
    ):
        if problem is not None:
            errors.append(_message(row.row_number, field_name, problem))
    record = None if errors else ContractRecord(**converted)
    return RowResult(row=row, ref=ref, record=record, errors=errors)


def find_duplicate_refs(results: Iterable[RowResult]) -> dict[str, list[int]]:
    """Contract numbers that occur on more than one row: ref key → row numbers."""
    rows_by_key: dict[str, list[int]] = {}
    for result in results:
        key = result.ref_key
        if key is not None:
            rows_by_key.setdefault(key, []).append(result.row_number)
    return {key: rows for key, rows in rows_by_key.items() if len(rows) > 1}
