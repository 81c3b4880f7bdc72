"""Demo monitoring reports, filled into the real template and sent through the real importer.

Without them the monitoring panels and the dashboard of a fresh demo show only zeros. Every
report is a template as the panel's download gives it, filled with aggregated rows as a
contractor would, then imported with :func:`run_import` — so the demo shows exactly what an
upload produces, and a template change that the importer no longer reads breaks the demo set-up
instead of passing unnoticed. No row names a person (aggregates only).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from typing import Final

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.monitoring.importer import run_import
from sroi_plugin.monitoring.layout import COLUMNS
from sroi_plugin.monitoring.layout import REPORT_SHEET
from sroi_plugin.monitoring.template import TemplateContract
from sroi_plugin.monitoring.template import build_template
from sroi_plugin.monitoring.template import template_file_name
from sroi_plugin.rules.attestation import Attestation
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import Period

#: one table row as a contractor types it: target group, placement, persons, hours, costs, evidence
ReportLine = tuple[str, str, int, int, int, str]

_REGISTER: Final = "Doelgroepregister (banenafspraak)"
_JOB: Final = "Dienstverband (betaalde baan)"
_EVIDENCE: Final = "Arbeidsovereenkomst; Overzicht salariskosten"
_PARTICIPATION: Final = "Bewijs van deelname (opleiding of werkervaringsplaats)"

Q1_2026: Final = Period(date(2026, 1, 1), date(2026, 3, 31))
Q2_2026: Final = Period(date(2026, 4, 1), date(2026, 6, 30))
Q3_2026: Final = Period(date(2026, 7, 1), date(2026, 9, 30))


@dataclass(frozen=True)
class DemoReport:
    """One quarter's report for one demo contract."""

    ref: str
    period: Period
    lines: tuple[ReportLine, ...]


def _steady(ref: str, persons: int, hours: int, costs: int) -> list[DemoReport]:
    """Three quarters of a contractor that reports every quarter."""
    return [
        DemoReport(
            ref,
            period,
            (
                (_REGISTER, _JOB, persons, hours, costs, _EVIDENCE),
                ("Statushouders", "Werkervaringsplaats", 2, 380, 4_600, _PARTICIPATION),
            ),
        )
        for period in (Q1_2026, Q2_2026, Q3_2026)
    ]


#: Who reported what: two steady contractors, one that started well and then stopped reporting
#: (the dashboard lists it), one far behind schedule, one buying from a social enterprise.
DEMO_REPORTS: Final[tuple[DemoReport, ...]] = (
    *_steady("GEM-2023-0147", persons=4, hours=2_100, costs=38_000),
    *_steady("GEM-2024-0077", persons=2, hours=700, costs=12_000),
    DemoReport(
        "GEM-2022-0166",
        Q1_2026,
        ((_REGISTER, _JOB, 6, 3_300, 79_000, _EVIDENCE),),
    ),
    DemoReport(
        "GEM-2023-0274",
        Q3_2026,
        (("Oudere werkzoekenden", "Leerwerkplek of opleiding", 1, 120, 2_400, ""),),
    ),
    DemoReport(
        "RIJK-2025-0044",
        Q3_2026,
        (
            (
                "Overige mensen met een afstand tot de arbeidsmarkt",
                "Inkoop bij sociaal ondernemer of sociale werkplaats",
                4,
                1_200,
                55_000,
                "Factuur",
            ),
        ),
    ),
)


def fill_template(template: bytes, lines: Sequence[Sequence[object]]) -> bytes:
    """``lines`` typed into the template's table, under its header row."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[REPORT_SHEET]
    header = next(
        number
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        if cells and cells[0] == COLUMNS[0].header
    )
    for offset, values in enumerate(lines, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=header + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attestation(period: Period, today: date) -> Attestation | None:
    """The contractor's declaration, signed two weeks after the period (never after today)."""
    if today < period.start:
        return None
    return Attestation("A. de Boer", "directeur", min(today, period.end + timedelta(days=14)))


def seed_demo_reports(
    session: Session, user: SroiUser, settings: MonitoringSettings, today: date
) -> int:
    """Import :data:`DEMO_REPORTS` for the contracts that exist; the number imported.

    :raises RuntimeError: a demo report the importer refuses (the demo data is wrong)
    """
    refs = {report.ref for report in DEMO_REPORTS}
    contracts = {
        contract.ref: contract
        for contract in session.scalars(select(Contract).where(Contract.ref.in_(refs)))
    }
    imported = 0
    for report in DEMO_REPORTS:
        contract = contracts.get(report.ref)
        if contract is None:
            continue
        about = TemplateContract(contract.ref, contract.title, contract.supplier_name)
        data = fill_template(build_template(about, report.period, settings), report.lines)
        result = run_import(
            session,
            contract,
            data,
            template_file_name(contract.ref, report.period),
            user,
            settings=settings,
            today=today,
            max_bytes=len(data),
            commit=True,
            channel="demo",
            attestation=_attestation(report.period, today),
        )
        if not result.committed:
            problems = [*result.reasons, *result.row_errors]
            raise RuntimeError(f"demo report {report.ref} {report.period}: {problems}")
        imported += 1
    return imported
