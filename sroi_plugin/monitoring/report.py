"""Read a filled reporting template: safe opening, the AVG guard, then typed rows.

The workbook is opened with the portfolio importer's
:func:`~sroi_plugin.importing.safety.open_workbook_safely` (not-xlsx, damaged, .xls,
password, too large and zip bombs are refused there), with the
:data:`~sroi_plugin.importing.safety.MONITORING_BUDGET`: a report holds far fewer cells than a
portfolio. Right after that, before any sheet or header is looked for, every sheet, cell and
note is scanned for personal data (:func:`~sroi_plugin.monitoring.privacy_scan.scan_workbook`):
a file with personal data is refused as a whole, whatever its layout. Per-row problems are
collected, never raised; only a file that cannot be read raises
:class:`~sroi_plugin.errors.ImportFileError`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Any

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing.converters import clean_text
from sroi_plugin.importing.safety import MONITORING_BUDGET
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.monitoring.layout import COLUMNS
from sroi_plugin.monitoring.layout import DATA_SHEET
from sroi_plugin.monitoring.layout import HEADER_INDEX
from sroi_plugin.monitoring.layout import KEY_CONTRACT
from sroi_plugin.monitoring.layout import KEY_END
from sroi_plugin.monitoring.layout import KEY_START
from sroi_plugin.monitoring.layout import REPORT_SHEET
from sroi_plugin.monitoring.privacy_scan import scan_workbook
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import ReportRow
from sroi_plugin.rules.monitoring import fold
from sroi_plugin.rules.monitoring import validate_report_row
from sroi_plugin.rules.privacy import PersonalDataHit
from sroi_plugin.rules.privacy import explain_rejection
from sroi_plugin.rules.values import ValueParseError
from sroi_plugin.rules.values import parse_date

#: rows at the top of the report sheet searched for the table's header row
HEADER_SCAN_ROWS = 30
_PERIOD_TEXT = re.compile(
    r"(\d{1,2}-\d{1,2}-\d{4})\s*(?:t/m|tot en met|-|–)\s*(\d{1,2}-\d{1,2}-\d{4})"
)
_TOTAL_LABEL = re.compile(r"^\s*(?:sub|eind)?(?:totaal|totalen|total)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ReadRow:
    """One data row of the report table: raw values by field, typed row or Dutch problems."""

    row_number: int
    #: field → cell value as read (for the preview)
    values: dict[str, object]
    row: ReportRow | None
    errors: list[str] = field(default_factory=list)


@dataclass
class ReadReport:
    """What a filled template says, before any database work."""

    #: the contract number on the "Gegevens" sheet (or in the header block)
    contract_ref: str | None = None
    period: Period | None = None
    rows: list[ReadRow] = field(default_factory=list)
    #: places that hold or ask for personal data (the file is refused when not empty)
    personal_data: list[PersonalDataHit] = field(default_factory=list)
    #: Dutch explanation of the refusal (:func:`rules.privacy.explain_rejection`)
    personal_data_reasons: list[str] = field(default_factory=list)
    #: why a period date the file holds could not be read (a year outside 1950–2199 …)
    period_errors: list[str] = field(default_factory=list)
    #: file-level problems (missing period, no rows …)
    problems: list[str] = field(default_factory=list)
    #: Dutch remarks that do not stop the import (ignored columns)
    notes: list[str] = field(default_factory=list)

    @property
    def valid_rows(self) -> list[ReportRow]:
        """The typed rows (all rows when there are no invalid ones)."""
        return [read.row for read in self.rows if read.row is not None]

    @property
    def invalid_rows(self) -> list[ReadRow]:
        """Rows with at least one problem."""
        return [read for read in self.rows if read.errors]


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _blank(cells: Sequence[object]) -> bool:
    return all(_text(value) == "" for value in cells)


def _column_letter(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _sheet_rows(worksheet: Any) -> Iterator[tuple[object, ...]]:
    worksheet.reset_dimensions()
    yield from worksheet.iter_rows(values_only=True)


def _report_date(value: object) -> date | None:
    """A period date as the template writes it, read as every door reads dates; else None."""
    try:
        return parse_date(value)
    except ValueParseError:
        return None


def _read_data_sheet(workbook: Any, report: ReadReport) -> bool:
    """Contract and period from the hidden "Gegevens" sheet; False when there is none."""
    sheet = next((ws for ws in workbook.worksheets if ws.title == DATA_SHEET), None)
    if sheet is None:
        return False
    values: dict[str, object] = {}
    for cells in _sheet_rows(sheet):
        if len(cells) >= 2 and cells[0] is not None:
            values[_text(cells[0]).casefold()] = cells[1]
    try:
        report.contract_ref = clean_text(values.get(KEY_CONTRACT))
    except ValueParseError as exc:  # a control character: refused, never stored
        report.problems.append(f"Contract op het blad {DATA_SHEET}: {exc.message}.")
    start, end = _report_date(values.get(KEY_START)), _report_date(values.get(KEY_END))
    if start is not None and end is not None:
        report.period = Period(start, end)
    else:
        for value in (values.get(KEY_START), values.get(KEY_END)):
            try:
                parse_date(value)
            except ValueParseError as exc:
                report.period_errors.append(str(exc))
    return True


def _read_header_block(block: Sequence[Sequence[object]], report: ReadReport) -> None:
    """Fallback when "Gegevens" is missing: the "Contract" and "Periode" lines on the sheet."""
    for cells in block:
        if len(cells) < 2:
            continue
        label, value = fold(_text(cells[0])), _text(cells[1])
        if label == "contract" and report.contract_ref is None:
            report.contract_ref = value.split(" — ")[0].strip() or None
        elif label == "periode" and report.period is None:
            match = _PERIOD_TEXT.search(value)
            if match is not None:
                start, end = _report_date(match.group(1)), _report_date(match.group(2))
                if start is not None and end is not None:
                    report.period = Period(start, end)


def _header_row(rows: Sequence[Sequence[object]]) -> int | None:
    """Index (0-based) of the table's header row: the first row naming every required column."""
    required = {column.field for column in COLUMNS if column.required}
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        fields = {HEADER_INDEX.get(fold(_text(cell))) for cell in cells}
        if required <= fields:
            return index
    return None


def _report_sheet(workbook: Any) -> Any:
    named = next((ws for ws in workbook.worksheets if ws.title == REPORT_SHEET), None)
    return named if named is not None else workbook.worksheets[0]


def _no_header_error(sheet_title: str) -> ImportFileError:
    names = ", ".join(f"'{column.header}'" for column in COLUMNS if column.required)
    return ImportFileError(
        f"Werkblad '{sheet_title}' heeft niet de kolommen van het rapportagesjabloon: in de "
        f"eerste {HEADER_SCAN_ROWS} rijen staat geen kopregel met {names}. Download het "
        "sjabloon opnieuw en vul de aantallen daarin in."
    )


def _table(
    rows: list[tuple[object, ...]], header_index: int
) -> tuple[list[str], list[tuple[int, tuple[object, ...]]]]:
    """The table's header texts and its non-blank data rows (sheet row number, cells)."""
    headers = [_text(cell) for cell in rows[header_index]]
    data: list[tuple[int, tuple[object, ...]]] = []
    for offset, cells in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if _blank(cells):
            continue
        first = next((value for value in cells if _text(value)), None)
        if isinstance(first, str) and _TOTAL_LABEL.match(first):
            continue  # a totals line the contractor added; the plugin adds up itself
        data.append((offset, cells))
    return headers, data


def _type_rows(
    headers: list[str],
    data: list[tuple[int, tuple[object, ...]]],
    report: ReadReport,
    settings: MonitoringSettings,
) -> None:
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        column_field = HEADER_INDEX.get(fold(header))
        if column_field is not None and column_field not in positions:
            positions[column_field] = index
        elif header:
            report.notes.append(
                f"Kolom {_column_letter(index + 1)} ('{header}') hoort niet bij het sjabloon "
                "en is niet ingelezen."
            )
    period = report.period
    period_days = (
        (period.end - period.start).days + 1
        if period is not None and period.end >= period.start
        else None
    )
    for row_number, cells in data:
        values = {
            name: cells[index] if index < len(cells) else None for name, index in positions.items()
        }
        typed, errors = validate_report_row(values, settings, period_days=period_days)
        report.rows.append(
            ReadRow(row_number, values, typed, [f"Rij {row_number}: {e}" for e in errors])
        )
    if not report.rows:
        report.problems.append(
            "De rapportage bevat geen ingevulde regels. Vul per doelgroep en soort plaatsing "
            "een regel in (vul 0 in als er in deze periode niets is gerealiseerd)."
        )


def read_report(
    data: bytes, *, settings: MonitoringSettings, today: date, max_bytes: int
) -> ReadReport:
    """Read and check a filled template held in memory.

    :param today: the day ages are measured on in the birth-date check.
    :raises ImportFileError: the file is no readable xlsx, or it has no report table.
    """
    workbook = open_workbook_safely(io.BytesIO(data), max_bytes, budget=MONITORING_BUDGET)
    try:
        report = ReadReport()
        report.personal_data = scan_workbook(workbook, data, report_date=today, settings=settings)
        if report.personal_data:
            report.personal_data_reasons = explain_rejection(report.personal_data, settings)
            return report  # refused before its layout is judged; nothing of it is typed
        has_data_sheet = _read_data_sheet(workbook, report)
        sheet = _report_sheet(workbook)
        rows = list(_sheet_rows(sheet))
        header_index = _header_row(rows)
        if header_index is None:
            raise _no_header_error(sheet.title)
        if not has_data_sheet or report.contract_ref is None or report.period is None:
            _read_header_block(rows[:header_index], report)
        headers, table = _table(rows, header_index)
        if report.period is None and report.period_errors:
            report.problems.append(
                "De rapportageperiode in het bestand (werkblad 'Gegevens') is niet te lezen: "
                f"{'; '.join(report.period_errors)}. Download het sjabloon voor de juiste "
                "periode en vul het opnieuw in."
            )
        elif report.period is None:
            report.problems.append(
                "De rapportageperiode ontbreekt in het bestand (werkblad 'Gegevens'). "
                "Download het sjabloon voor de juiste periode en vul het opnieuw in."
            )
        elif report.period.end < report.period.start:
            report.problems.append(
                "De rapportageperiode in het bestand klopt niet: de einddatum ligt vóór de "
                "begindatum. Download het sjabloon opnieuw."
            )
        _type_rows(headers, table, report, settings)
        return report
    finally:
        workbook.close()
