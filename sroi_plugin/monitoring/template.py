"""Write the reporting template a contractor fills in for one contract and period.

Every text that comes from the contract register goes through the importer's
:func:`~sroi_plugin.importing.spreadsheet_out.neutralise`, so a contract title starting with
``=`` never becomes a formula. The template itself needs more than a plain table (a header
block, drop-downs, hidden sheets), so it is built with openpyxl directly.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Alignment  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import PatternFill  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.importing.spreadsheet_out import neutralise
from sroi_plugin.monitoring.layout import COLUMNS
from sroi_plugin.monitoring.layout import DATA_SHEET
from sroi_plugin.monitoring.layout import INSTRUCTIONS
from sroi_plugin.monitoring.layout import KEY_CONTRACT
from sroi_plugin.monitoring.layout import KEY_END
from sroi_plugin.monitoring.layout import KEY_START
from sroi_plugin.monitoring.layout import KEY_VERSION
from sroi_plugin.monitoring.layout import LISTS_SHEET
from sroi_plugin.monitoring.layout import REPORT_SHEET
from sroi_plugin.monitoring.layout import TEMPLATE_ROWS
from sroi_plugin.monitoring.layout import TEMPLATE_VERSION
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import Vocabulary

_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class TemplateContract:
    """What the template says about the contract (plain values, no ORM object)."""

    ref: str
    title: str
    supplier_name: str | None


def template_file_name(ref: str, period: Period) -> str:
    """``sroi-rapportage-GEM-2025-0001-2026-07-01-2026-09-30.xlsx`` (safe characters only)."""
    safe_ref = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in ref)
    return f"sroi-rapportage-{safe_ref}-{period.start.isoformat()}-{period.end.isoformat()}.xlsx"


def _hours_text(settings: MonitoringSettings) -> str:
    return f"{settings.hours_per_job_week.normalize():f}".replace(".", ",")


def _list_range(column: int, vocabulary: Vocabulary) -> str:
    letter = get_column_letter(column)
    return f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(vocabulary.terms) + 1}"


def _write_lists(workbook: Workbook, settings: MonitoringSettings) -> dict[str, str]:
    """The hidden sheet with the choices; returns field → range for the drop-downs."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    vocabularies = {
        "target_group": settings.target_groups,
        "placement_type": settings.placement_types,
        "evidence": settings.evidence_kinds,
    }
    ranges: dict[str, str] = {}
    for column, (field, vocabulary) in enumerate(vocabularies.items(), start=1):
        sheet.cell(row=1, column=column, value=next(c.header for c in COLUMNS if c.field == field))
        for row, term in enumerate(vocabulary.terms, start=2):
            sheet.cell(row=row, column=column, value=neutralise(term.label))
        ranges[field] = _list_range(column, vocabulary)
    sheet.sheet_state = "hidden"
    return ranges


def _write_data_sheet(workbook: Workbook, contract: TemplateContract, period: Period) -> None:
    """The hidden sheet the reader checks the upload against (ISO dates as text)."""
    sheet = workbook.create_sheet(DATA_SHEET)
    rows = [
        ("Sleutel", "Waarde"),
        (KEY_CONTRACT, contract.ref),
        (KEY_START, period.start.isoformat()),
        (KEY_END, period.end.isoformat()),
        (KEY_VERSION, TEMPLATE_VERSION),
    ]
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    sheet.sheet_state = "hidden"


def _add_validations(sheet: object, first_row: int, ranges: dict[str, str]) -> None:
    last_row = first_row + TEMPLATE_ROWS - 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{first_row}:{letter}{last_row}"
        if column.field in ("target_group", "placement_type"):
            validation = DataValidation(
                type="list",
                formula1=f"={ranges[column.field]}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"Kies een {column.header.lower()} uit de keuzelijst.",
            )
        elif column.field == "evidence":
            # a suggestion list: several kinds may be named, separated by ";"
            validation = DataValidation(
                type="list",
                formula1=f"={ranges['evidence']}",
                allow_blank=True,
                showErrorMessage=False,
            )
        else:
            validation = DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"{column.header}: vul een getal van 0 of meer in.",
            )
        validation.add(cells)
        sheet.add_data_validation(validation)  # type: ignore[attr-defined]


def build_template(
    contract: TemplateContract, period: Period, settings: MonitoringSettings
) -> bytes:
    """The ``.xlsx`` template for ``contract`` and ``period`` (see :mod:`.layout`)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REPORT_SHEET
    sheet.append([neutralise("Social return — rapportage aan de opdrachtgever")])
    sheet["A1"].font = _TITLE
    block = [
        ("Contract", f"{contract.ref} — {contract.title}"),
        ("Opdrachtnemer", contract.supplier_name or ""),
        ("Periode", f"{format_date(period.start)} t/m {format_date(period.end)}"),
    ]
    for label, value in block:
        sheet.append([neutralise(label), neutralise(value)])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    sheet.append([])
    sheet.append([neutralise("Zo vult u dit blad in")])
    sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    hours = _hours_text(settings)
    for line in INSTRUCTIONS:
        sheet.append([neutralise("• " + line.format(hours=hours))])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        sheet.cell(row=row, column=1).alignment = _WRAP
        sheet.row_dimensions[row].height = 30
    sheet.append([])
    sheet.append([neutralise(column.header) for column in COLUMNS])
    header_row = sheet.max_row
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    ranges = _write_lists(workbook, settings)
    _add_validations(sheet, header_row + 1, ranges)
    _write_data_sheet(workbook, contract, period)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
