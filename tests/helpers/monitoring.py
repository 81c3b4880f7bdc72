"""Build, fill and seed monitoring reports for the tests (generated, never committed files)."""

from __future__ import annotations

import io
from collections.abc import Callable
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy.orm import Session

from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringRow
from sroi_plugin.monitoring.template import TemplateContract
from sroi_plugin.monitoring.template import build_template
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import ReportRow
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.monitoring import period_weeks
from sroi_plugin.rules.monitoring import report_totals

#: the third quarter of 2026, the last complete quarter on the tests' today (25-11-2026)
Q3_2026 = Period(date(2026, 7, 1), date(2026, 9, 30))

#: a typical filled report: 4 persons from the register in paid jobs, 2 statushouders in a WEP
ROWS: list[list[object]] = [
    [
        "Doelgroepregister (banenafspraak)",
        "Dienstverband (betaalde baan)",
        4,
        1326,
        45000,
        "Arbeidsovereenkomst; Overzicht salariskosten",
    ],
    ["Statushouders", "Werkervaringsplaats", 2, "200,5", "1.234,50", ""],
]


def template_for(ref: str = "GEM-2025-0001", period: Period = Q3_2026) -> bytes:
    """A fresh template, as the download gives it."""
    contract = TemplateContract(ref, "Schoonmaakonderhoud stadskantoor", "Schoon & Sociaal B.V.")
    return build_template(contract, period, default_monitoring_settings())


def header_row(sheet: Any) -> int:
    """Row number of the template's table header."""
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if cells and cells[0] == "Doelgroep":
            return number
    raise AssertionError("no table header in the template")


def fill(
    template: bytes,
    rows: Sequence[Sequence[object]] = ROWS,
    *,
    edit: Callable[[Any, int], None] | None = None,
) -> bytes:
    """Type ``rows`` into the table of ``template`` as a contractor would; ``edit(sheet, header)``
    may change anything else (add a column, a header …)."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Rapportage"]
    header = header_row(sheet)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=header + offset, column=column, value=value)
    if edit is not None:
        edit(sheet, header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filled(ref: str = "GEM-2025-0001", period: Period = Q3_2026, **kwargs: Any) -> bytes:
    """A template for ``ref`` and ``period``, filled with :data:`ROWS` (or ``rows=``)."""
    return fill(template_for(ref, period), **kwargs)


def plain_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    """A workbook with one sheet of ``rows`` (no template around it)."""
    workbook = Workbook()
    for values in rows:
        workbook.active.append(list(values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


Line = tuple[str, str, int, str, str]


def seed_report(
    session: Session,
    contract_id: int,
    period: Period,
    lines: Sequence[Line],
    *,
    by: str = "Sanne de Vries",
) -> MonitoringReport:
    """A confirmed report, seeded as ORM objects: (target group, placement type, persons,
    hours, costs) per line, keys of the vocabulary."""
    rows = [
        ReportRow(group, kind, persons, Decimal(hours), Decimal(costs), ())
        for group, kind, persons, hours, costs in lines
    ]
    totals = report_totals(rows, period_weeks(period.start, period.end))
    report = MonitoringReport(
        contract_id=contract_id,
        period_start=period.start,
        period_end=period.end,
        file_name="rapportage.xlsx",
        sha256="0" * 64,
        row_count=len(rows),
        persons=totals.persons,
        hours=totals.hours,
        jobs=totals.jobs,
        value_eur=totals.value_eur,
        uploaded_by_id="u-test",
        uploaded_by_name=by,
    )
    for number, row in enumerate(rows, start=15):
        report.rows.append(
            MonitoringRow(
                row_number=number,
                target_group=row.target_group,
                placement_type=row.placement_type,
                persons=row.persons,
                hours=row.hours,
                costs=row.costs,
                evidence="",
            )
        )
    session.add(report)
    session.commit()
    return report


def quarter(year: int, number: int) -> Period:
    """Quarter ``number`` (1–4) of ``year``."""
    start = date(year, 3 * number - 2, 1)
    end = (
        date(year, 12, 31)
        if number == 4
        else date.fromordinal(date(year, 3 * number + 1, 1).toordinal() - 1)
    )
    return Period(start, end)


#: the contractor's declaration a confirm carries (a signatory, never a candidate)
ATTESTATION: dict[str, str] = {
    "name": "J. Jansen",
    "function": "directeur",
    "on": "15-10-2026",
    "agreed": "y",
}

#: the same declaration as options of ``flask sroi import-monitoring``
ATTESTATION_OPTIONS: tuple[str, ...] = (
    "--attested-by",
    "J. Jansen",
    "--attested-function",
    "directeur",
    "--attested-on",
    "15-10-2026",
)
