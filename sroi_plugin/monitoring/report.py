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

Contractors also send their own layouts: the report table is the best header row (within the
first :data:`HEADER_SCAN_ROWS` rows) of the visible sheets, its columns mapped by the portfolio
import's matcher with :data:`~sroi_plugin.monitoring.layout.MONITORING_FIELDS`, or by the
contractor's saved :class:`LayoutProfile`. The contract number and the period come from the
hidden "Gegevens" sheet of the template, else from the title block above the table (a labelled
cell, two labelled date cells, or a period written as text, :func:`rules.values.parse_period`).
Totals rows are skipped by the rule of :func:`_is_total`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing.columns import MAP_THRESHOLD
from sroi_plugin.importing.columns import ColumnMapping
from sroi_plugin.importing.columns import combine_header_rows
from sroi_plugin.importing.columns import detect_columns
from sroi_plugin.importing.columns import header_words
from sroi_plugin.importing.columns import headers_signature
from sroi_plugin.importing.columns import map_headers
from sroi_plugin.importing.columns import score_header
from sroi_plugin.importing.converters import clean_text
from sroi_plugin.importing.safety import MONITORING_BUDGET
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.monitoring.layout import DATA_SHEET
from sroi_plugin.monitoring.layout import FIELD_LABELS
from sroi_plugin.monitoring.layout import KEY_CONTRACT
from sroi_plugin.monitoring.layout import KEY_END
from sroi_plugin.monitoring.layout import KEY_START
from sroi_plugin.monitoring.layout import LISTS_SHEET
from sroi_plugin.monitoring.layout import MONITORING_FIELDS
from sroi_plugin.monitoring.layout import REPORT_SHEET
from sroi_plugin.monitoring.privacy_scan import WorkbookScan
from sroi_plugin.monitoring.privacy_scan import scan_workbook
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import ReportRow
from sroi_plugin.rules.monitoring import fold
from sroi_plugin.rules.monitoring import validate_report_row
from sroi_plugin.rules.privacy import PersonalDataHit
from sroi_plugin.rules.privacy import explain_rejection
from sroi_plugin.rules.values import ValueParseError
from sroi_plugin.rules.values import parse_date
from sroi_plugin.rules.values import parse_number
from sroi_plugin.rules.values import parse_period

#: rows at the top of the report sheet searched for the table's header row
HEADER_SCAN_ROWS = 30
#: a label cell of a totals row: Totaal, Subtotaal, Eindtotaal, Total, Grand total, Som …
_TOTAL_LABEL = re.compile(
    r"^\s*(?:sub|eind|grand\s*|sub\s*)?(?:totaal|totalen|totals?|som)\b", re.IGNORECASE
)
#: the numeric columns a totals row adds up
_SUMMED = ("persons", "hours", "costs")
#: title-block labels (folded, without ``:``) → what the next cell holds
_PERIOD_LABELS = frozenset(
    {"periode", "rapportageperiode", "verslagperiode", "reporting period", "period",
     "periode rapportage", "rapportage periode", "report period"}
)  # fmt: skip
_START_LABELS = frozenset(
    {"periode van", "van", "vanaf", "startdatum", "begindatum", "start date", "from",
     "begin", "begin periode", "periode begin", "start", "start periode"}
)  # fmt: skip
_END_LABELS = frozenset(
    {"tot", "t/m", "tot en met", "einddatum", "end date", "to", "until", "einde", "eind",
     "eind periode", "periode tot", "periode tot en met", "periode t/m", "end"}
)  # fmt: skip


@dataclass(frozen=True)
class LayoutProfile:
    """A contractor's saved mapping of its own layout: ``{field: header}`` for one header row."""

    headers_signature: str
    mapping: Mapping[str, str]


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
    #: the file has the template's "Gegevens" sheet (then a contract number is required)
    is_template: bool = False
    #: the sheet read, the header row's texts and their signature (for a layout profile)
    sheet_name: str = ""
    headers: tuple[str, ...] = ()
    headers_signature: str = ""
    #: field → header text the columns were mapped to
    mapping: dict[str, str] = field(default_factory=dict)
    #: required fields no column was found for: the columns must be chosen by a person
    unmapped: list[str] = field(default_factory=list)
    #: field → a header that may hold it (pre-fills the mapping step)
    suggestions: dict[str, str] = field(default_factory=dict)
    #: the saved profile of the contractor was used to map the columns
    profile_used: bool = False
    #: the file names no period (the upload must give one)
    period_missing: bool = False

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


def _report_date(value: object) -> date | None:
    """A period date as the template writes it, read as every door reads dates; else None."""
    try:
        return parse_date(value)
    except ValueParseError:
        return None


def _read_data_sheet(workbook: Any, scan: WorkbookScan, report: ReadReport) -> bool:
    """Contract and period from the hidden "Gegevens" sheet; False when there is none."""
    sheet = next((ws for ws in workbook.worksheets if ws.title == DATA_SHEET), None)
    if sheet is None:
        return False
    values: dict[str, object] = {}
    for cells in scan.rows[sheet.title]:
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


def _label(value: object) -> str:
    return " ".join(fold(_text(value)).rstrip(":").split())


def _is_contract_label(label: str) -> bool:
    """``Contract``, ``Contractnummer``, ``Contract number`` … (not a bare ``Kenmerk``)."""
    words = set(header_words(label).main) if label else set()
    return "contract" in words and words <= {"contract", "nummer"}


def _period_of(value: object) -> Period | None:
    try:
        found = parse_period(value)
    except ValueParseError:
        return None
    return None if found is None else Period(*found)


def _free_text_period(text: str) -> Period | None:
    """A period at the end of a title (``SROI-rapportage 1e halfjaar 2025``)."""
    words = text.split()
    for size in range(min(len(words), 7), 0, -1):
        found = _period_of(" ".join(words[-size:]))
        if found is not None:
            return found
    return None


def _read_title_block(block: Sequence[Sequence[object]], report: ReadReport) -> None:
    """Contract number and period from the lines above the table.

    A label cell (``Contractnummer``, ``Periode``, ``Periode van``/``tot``, ``Startdatum``/
    ``Einddatum``, ``Contract: X`` in one cell) gives the next filled cell; without labels a
    period written at the end of a title counts, but only when the block names one period.
    """
    start: date | None = None
    end: date | None = None
    labelled: Period | None = None
    free: set[Period] = set()
    for cells in block:
        texts = [cell for cell in cells if _text(cell)]
        for index, cell in enumerate(texts):
            following = texts[index + 1] if index + 1 < len(texts) else None
            raw = _text(cell)
            label = _label(cell)
            if isinstance(cell, str) and ":" in raw and following is None:
                label, _, rest = raw.partition(":")
                label, following = _label(label), rest.strip() or None
            if following is None and isinstance(cell, str):
                found = _free_text_period(raw)
                if found is not None:
                    free.add(found)
                continue
            if _is_contract_label(label) and report.contract_ref is None:
                try:
                    text = clean_text(following)
                except ValueParseError:
                    continue
                report.contract_ref = (text or "").split(" — ")[0].strip() or None
            elif label in _PERIOD_LABELS and labelled is None:
                labelled = _period_of(following)
                if labelled is None:
                    start = start or _report_date(following)
            elif label in _START_LABELS and start is None:
                start = _report_date(following)
            elif label in _END_LABELS and end is None:
                end = _report_date(following)
    if report.period is not None:
        return
    if labelled is not None:
        report.period = labelled
    elif start is not None and end is not None:
        report.period = Period(start, end)
    elif len(free) == 1:
        report.period = free.pop()


@dataclass(frozen=True)
class _Table:
    sheet: Any
    rows: list[tuple[object, ...]]
    mapping: ColumnMapping


def _rank(mapping: ColumnMapping) -> tuple[int, int]:
    required = sum(name in mapping.field_to_column for name in MONITORING_FIELDS.required)
    return required, len(mapping.field_to_column)


def _profile_table(
    sheet: Any, rows: list[tuple[object, ...]], profile: LayoutProfile
) -> _Table | None:
    """The header row the contractor's profile was saved for (one row, or a group row joined
    with the row below it), mapped by the profile."""
    explicit = {k: v for k, v in profile.mapping.items() if k in FIELD_LABELS}
    previous: Sequence[object] = ()
    for number, cells in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        joined = combine_header_rows(previous, cells) if previous else None
        previous = cells
        if not any(_text(cell) for cell in cells):
            continue
        if headers_signature(cells) == profile.headers_signature:
            return _Table(sheet, rows, map_headers(cells, number, explicit, MONITORING_FIELDS))
        if joined is not None and headers_signature(joined) == profile.headers_signature:
            mapping = map_headers(joined, number, explicit, MONITORING_FIELDS)
            return _Table(sheet, rows, replace(mapping, group_row=number - 1))
    return None


def _find_table(
    workbook: Any, scan: WorkbookScan, profile: LayoutProfile | None, report: ReadReport
) -> _Table:
    """The report table: the best header row of the visible sheets (see the module docstring).

    :raises ImportFileError: no visible sheet has a recognisable header row.
    """
    found: list[_Table] = []
    sheets = [
        ws
        for ws in workbook.worksheets
        if ws.title not in (DATA_SHEET, LISTS_SHEET)
        and getattr(ws, "sheet_state", "visible") == "visible"
    ]
    for worksheet in sheets:
        rows = scan.rows[worksheet.title]
        if profile is not None:
            table = _profile_table(worksheet, rows, profile)
            if table is not None:
                report.profile_used = True
                report.notes.append(
                    f"Werkblad '{worksheet.title}' is gelezen met de opgeslagen indeling van "
                    "deze opdrachtnemer."
                )
                return table
        mapping = detect_columns(rows, None, MONITORING_FIELDS, HEADER_SCAN_ROWS)
        if mapping is not None:
            found.append(_Table(worksheet, rows, mapping))
    if not found:
        raise _no_header_error(sheets[0].title if sheets else REPORT_SHEET)
    best = max(found, key=lambda table: _rank(table.mapping))  # the first on a tie
    if len(found) > 1:
        report.notes.append(
            f"Het bestand heeft {len(found)} werkbladen met een rapportagetabel; werkblad "
            f"'{best.sheet.title}' is gelezen (de meeste herkende kolommen)."
        )
    return best


def _ambiguous(mapping: ColumnMapping) -> list[str]:
    """Required fields mapped while another column would name them as well (``Uren`` next to
    ``Verloonde uren``): the matcher is not sure, so a person chooses."""
    taken = set(mapping.field_to_column.values())
    return [
        name
        for name in MONITORING_FIELDS.required
        if name in mapping.field_to_column
        and any(
            column not in taken and score_header(header, name, MONITORING_FIELDS) >= MAP_THRESHOLD
            for column, header in enumerate(mapping.headers)
        )
    ]


def _no_header_error(sheet_title: str) -> ImportFileError:
    names = ", ".join(f"'{FIELD_LABELS[name]}'" for name in MONITORING_FIELDS.required)
    return ImportFileError(
        f"Werkblad '{sheet_title}' heeft niet de kolommen van een rapportage: in de eerste "
        f"{HEADER_SCAN_ROWS} rijen van geen enkel zichtbaar werkblad staat een kopregel met "
        f"ten minste drie van de kolommen {names}. Gebruik het rapportagesjabloon, of zet "
        "boven de tabel één rij met kolomkoppen."
    )


def _number(value: object) -> Decimal | None:
    try:
        return parse_number(value)
    except ValueParseError:
        return None


def _is_total(
    cells: Sequence[object], positions: Mapping[str, int], above: list[dict[str, Decimal]]
) -> bool:
    """Whether a row is a totals row the contractor added (the plugin adds up itself).

    The rule, chosen so that no row that may be data is skipped: a row is a total when its
    first filled cell or its doelgroep/plaatsing cell starts with ``Totaal``, ``Subtotaal``,
    ``Eindtotaal``, ``Total`` or ``Som``; or when doelgroep and plaatsing are both empty and
    every filled number column (personen, uren, kosten; at least one) equals the sum of the
    rows since the previous total. Any other row is typed, and a row that cannot be typed is
    a row error.
    """

    def cell(name: str) -> object:
        index = positions.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    first = next((value for value in cells if _text(value)), None)
    labels = [first, cell("target_group"), cell("placement_type")]
    if any(isinstance(value, str) and _TOTAL_LABEL.match(value) for value in labels):
        return True
    if _text(cell("target_group")) or _text(cell("placement_type")) or not above:
        return False
    numbers = {name: _number(cell(name)) for name in _SUMMED if _text(cell(name))}
    if not numbers or any(number is None for number in numbers.values()):
        return False
    return all(
        number == sum((row.get(name, Decimal(0)) for row in above), Decimal(0))
        for name, number in numbers.items()
    )


def _table(
    rows: list[tuple[object, ...]],
    header_row: int,
    positions: Mapping[str, int],
    report: ReadReport,
) -> list[tuple[int, tuple[object, ...]]]:
    """The table's non-blank data rows (sheet row number, cells), totals rows left out."""
    data: list[tuple[int, tuple[object, ...]]] = []
    above: list[dict[str, Decimal]] = []
    for number, cells in enumerate(rows[header_row:], start=header_row + 1):
        if _blank(cells):
            continue
        if _is_total(cells, positions, above):
            report.notes.append(f"Rij {number} is een totaalregel en is niet ingelezen.")
            above = []
            continue
        data.append((number, cells))
        values = {
            name: _number(cells[positions[name]])
            for name in _SUMMED
            if name in positions and positions[name] < len(cells)
        }
        above.append({name: value for name, value in values.items() if value is not None})
    return data


def _type_rows(
    mapping: ColumnMapping,
    data: list[tuple[int, tuple[object, ...]]],
    report: ReadReport,
    settings: MonitoringSettings,
) -> None:
    positions = {
        name: index for name, index in mapping.field_to_column.items() if name != "remarks"
    }
    for index, header in enumerate(mapping.headers):
        if header and index not in mapping.field_to_column.values():
            report.notes.append(
                f"Kolom {_column_letter(index + 1)} ('{header}') hoort niet bij het sjabloon "
                "en is niet ingelezen."
            )
    if "remarks" in mapping.field_to_column:
        report.notes.append(
            f"Kolom '{mapping.field_to_header['remarks']}' (toelichting) is gelezen maar wordt "
            "niet bewaard."
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


def _shown(period: Period) -> str:
    return f"{format_date(period.start)} t/m {format_date(period.end)}"


def _settle_period(report: ReadReport, given: Period | None) -> None:
    """The file's period, else the one given at the upload; both and different is a problem."""
    if given is not None and report.period is not None and report.period != given:
        report.problems.append(
            f"De periode in het bestand ({_shown(report.period)}) verschilt van de opgegeven "
            f"periode ({_shown(given)}). Geef de periode van het bestand op, of laat de "
            "periode leeg."
        )
    elif report.period is None and given is not None:
        report.period = given
        report.period_errors = []


def read_report(
    data: bytes,
    *,
    settings: MonitoringSettings,
    today: date,
    max_bytes: int,
    profile: LayoutProfile | None = None,
    period: Period | None = None,
) -> ReadReport:
    """Read and check a filled report held in memory: the template or a contractor's layout.

    :param today: the day ages are measured on in the birth-date check.
    :param profile: the contractor's saved layout, used when the file has its header row
    :param period: the period given at the upload, for a file that names none (a file that
        names another period is a problem)
    :raises ImportFileError: the file is no readable xlsx, or it has no report table.
    """
    workbook = open_workbook_safely(io.BytesIO(data), max_bytes, budget=MONITORING_BUDGET)
    try:
        report = ReadReport()
        scan = scan_workbook(workbook, data, report_date=today, settings=settings)
        report.personal_data = scan.hits
        if report.personal_data:
            report.personal_data_reasons = explain_rejection(report.personal_data, settings)
            return report  # refused before its layout is judged; nothing of it is typed
        report.is_template = _read_data_sheet(workbook, scan, report)
        table = _find_table(workbook, scan, profile, report)
        sheet, rows, mapping = table.sheet, table.rows, table.mapping
        report.sheet_name = sheet.title
        report.headers = mapping.headers
        report.headers_signature = headers_signature(mapping.headers)
        report.mapping = dict(mapping.field_to_header)
        top = (mapping.group_row or mapping.header_row) - 1
        if report.contract_ref is None or report.period is None:
            _read_title_block(rows[:top], report)
        _settle_period(report, period)
        table_rows = _table(rows, mapping.header_row, mapping.field_to_column, report)
        ambiguous = [] if report.profile_used else _ambiguous(mapping)
        if mapping.missing_required or ambiguous:
            report.unmapped = [*mapping.missing_required, *ambiguous]
            report.suggestions = {
                name: suggestion.header
                for name, suggestion in mapping.suggestions.items()
                if name in report.unmapped
            }
            return report  # the columns must be chosen first
        _period_problems(report)
        _type_rows(mapping, table_rows, report, settings)
        return report
    finally:
        workbook.close()


def _period_problems(report: ReadReport) -> None:
    """A missing, unreadable or backwards period is a problem of the file as a whole."""
    where = "werkblad 'Gegevens'" if report.is_template else "de kop van het werkblad"
    if report.period is None and report.period_errors:
        report.problems.append(
            f"De rapportageperiode in het bestand ({where}) is niet te lezen: "
            f"{'; '.join(report.period_errors)}. Download het sjabloon voor de juiste "
            "periode en vul het opnieuw in."
        )
    elif report.period is None:
        report.period_missing = True
        report.problems.append(
            f"De rapportageperiode ontbreekt in het bestand ({where}). Vul bij de upload de "
            "begin- en einddatum van de periode in (opdrachtregel: --period BEGIN EIND)."
        )
    elif report.period.end < report.period.start:
        report.problems.append(
            "De rapportageperiode in het bestand klopt niet: de einddatum ligt vóór de "
            "begindatum. Download het sjabloon opnieuw."
        )
