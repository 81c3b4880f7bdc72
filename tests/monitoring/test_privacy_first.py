"""The AVG guard comes first: a contractor's report with personal data is refused, whatever its
layout, before any sheet or header is looked for; honest reports pass; nothing of a refused
file reaches a message, a log record or the audit trail."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import date
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.cell import coordinate_to_tuple  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.errors import ImportFileError
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing.safety import MONITORING_BUDGET
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringRow
from sroi_plugin.models import MonitoringUpload
from sroi_plugin.monitoring.importer import run_import
from sroi_plugin.monitoring.privacy_scan import scan_workbook
from sroi_plugin.monitoring.report import ReadReport
from sroi_plugin.monitoring.report import read_report
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.privacy import PersonalDataHit
from tests.helpers.bombs import shared_strings_bomb
from tests.helpers.clock import TODAY
from tests.helpers.contractor_reports import CLEAN
from tests.helpers.contractor_reports import PERSONAL_VALUES
from tests.helpers.contractor_reports import WHERE
from tests.helpers.contractor_reports import WITH_PERSONAL_DATA
from tests.helpers.contractor_reports import Sheet
from tests.helpers.contractor_reports import report_xlsx
from tests.helpers.contractor_reports import table_sheet
from tests.helpers.monitoring import filled
from tests.helpers.monitoring import plain_xlsx

MAX_BYTES = 5 * 1024 * 1024
USER = SroiUser("u-sanne", "Sanne de Vries", frozenset({"contract_manager"}))


def _read(data: bytes) -> ReadReport:
    return read_report(
        data, settings=default_monitoring_settings(), today=TODAY, max_bytes=MAX_BYTES
    )


def _no_personal_value_in(text: str) -> None:
    found = [value for value in PERSONAL_VALUES if value in text]
    assert found == [], f"personal values repeated: {found}"


# --- every contractor report with personal data is refused, pointing at the place ---------------


@pytest.mark.parametrize("name", sorted(WITH_PERSONAL_DATA))
def test_a_report_with_personal_data_is_refused_whatever_its_layout(name: str) -> None:
    report = _read(WITH_PERSONAL_DATA[name]())
    assert report.personal_data, name
    assert report.rows == [] and report.problems == []  # refused before the layout is judged
    first = report.personal_data[0]
    sheet, cell, kind = WHERE[name]
    assert (first.sheet, (first.row, first.column), first.kind) == (
        sheet,
        coordinate_to_tuple(cell),
        kind,
    )
    reasons = " ".join(report.personal_data_reasons)
    letters, row = cell.rstrip("0123456789"), cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    place = {
        "value": f"kolom {letters}, rij {row}",
        "label": f"cel {cell}",
        "comment": f"de opmerking bij cel {cell}",
    }[kind]
    assert f"Werkblad '{sheet}', {place}" in reasons
    assert "per doelgroep en soort plaatsing" in reasons
    _no_personal_value_in(reasons)


def test_there_are_at_least_eight_reports_with_personal_data_and_four_clean_ones() -> None:
    assert len(WITH_PERSONAL_DATA) >= 8 and len(CLEAN) >= 4
    assert set(WHERE) == set(WITH_PERSONAL_DATA)


def test_a_sheet_without_any_report_columns_but_with_names_gets_the_avg_refusal() -> None:
    # before, this got "Werkblad … heeft niet de kolommen …": fixing the columns kept the names
    report = _read(plain_xlsx([["Naam", "Uren"], ["J. Jansen", 20]]))
    assert report.personal_data
    assert report.personal_data_reasons[0].startswith("Werkblad 'Sheet', cel A1: ")


def test_renaming_the_name_column_does_not_get_the_names_through() -> None:
    renamed = report_xlsx(
        table_sheet(
            headers=("Toelichting", "Doelgroep", "Soort plaatsing", "Aantal personen"),
            rows=[("Kandidaat 123456782 gestart", "Statushouders", "Werkervaringsplaats", 1)],
        )
    )
    assert [hit.what for hit in _read(renamed).personal_data] == ["burgerservicenummer (BSN)"]


def test_the_template_with_personal_data_only_on_its_hidden_data_sheet_is_refused() -> None:
    workbook = load_workbook(io.BytesIO(filled()))
    workbook["Gegevens"].append(["opmerking", "BSN 123456782"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = _read(buffer.getvalue())
    assert [(hit.sheet, hit.what) for hit in report.personal_data] == [
        ("Gegevens", "burgerservicenummer (BSN)")
    ]


def test_every_sheet_is_scanned_also_after_the_first_hit() -> None:
    data = report_xlsx(
        table_sheet(headers=("Naam", *table_sheet().headers)),
        Sheet("Verborgen", rows=[("Controle", 123456782)], state="veryHidden"),
    )
    sheets = {hit.sheet for hit in _read(data).personal_data}
    assert sheets == {"Blad1", "Verborgen"}


# --- the safe open stays in front of the scan --------------------------------------------------


def test_a_csv_with_names_is_refused_as_no_xlsx_before_anything_is_parsed() -> None:
    with pytest.raises(ImportFileError, match="geen Excel-bestand"):
        _read(b"Naam;BSN\nJ. Jansen;123456782\n")


def test_a_zip_bomb_is_refused_by_the_safety_checks_not_scanned() -> None:
    with pytest.raises(ImportFileError, match="te groot om te verwerken"):
        _read(shared_strings_bomb(12))


# --- honest reports pass the guard -------------------------------------------------------------


def _scan(data: bytes) -> list[PersonalDataHit]:
    """The guard alone, without the layout reading that follows it."""
    workbook = open_workbook_safely(io.BytesIO(data), MAX_BYTES, budget=MONITORING_BUDGET)
    try:
        settings = default_monitoring_settings()
        return scan_workbook(workbook, data, report_date=TODAY, settings=settings).hits
    finally:
        workbook.close()


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_an_honest_contractor_report_is_not_refused(name: str) -> None:
    assert _scan(CLEAN[name]()) == [], name


def test_the_plugins_own_template_passes_the_guard() -> None:
    report = _read(filled())
    assert report.personal_data == [] and report.valid_rows


# --- nothing of a refused file is kept ---------------------------------------------------------


def _contract(session: Session) -> Contract:
    return session.scalars(select(Contract).where(Contract.ref == "GEM-2025-0001")).one()


def _count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("name", sorted(WITH_PERSONAL_DATA))
def test_a_refusal_keeps_an_audit_line_without_values_and_logs_no_value(
    name: str,
    session: Session,
    make_contract: Callable[..., Contract],
    caplog: pytest.LogCaptureFixture,
) -> None:
    make_contract()
    caplog.set_level(logging.DEBUG)
    result = run_import(
        session,
        _contract(session),
        WITH_PERSONAL_DATA[name](),
        "rapportage.xlsx",
        USER,
        settings=default_monitoring_settings(),
        today=TODAY,
        max_bytes=MAX_BYTES,
        commit=True,
    )
    assert result.personal_data and result.exit_code == 4
    assert result.rows == [] and result.totals is None
    assert _count(session, MonitoringReport) == 0 and _count(session, MonitoringRow) == 0
    line = session.scalars(select(MonitoringUpload)).one()
    assert line.outcome == "geweigerd_persoonsgegevens"
    assert line.note.startswith("geweigerd: persoonsgegevens (")
    assert line.file_name is None and line.sha256 is None and line.row_count is None
    stored = " ".join(
        str(getattr(line, column.key)) for column in MonitoringUpload.__table__.columns
    )
    _no_personal_value_in(stored)
    _no_personal_value_in(" ".join(result.reasons))
    for record in caplog.records:
        _no_personal_value_in(record.getMessage())


def test_birth_dates_are_measured_on_the_upload_day() -> None:
    # 14 years before the upload day is a possible birth date; a day later is not
    born = date(TODAY.year - 14, TODAY.month, TODAY.day)
    assert [hit.what for hit in _scan(plain_xlsx([[born]]))] == ["geboortedatum"]
    assert _scan(plain_xlsx([[born + timedelta(days=1)]])) == []


def test_the_scan_reads_each_sheet_once_so_formatting_to_the_last_row_stays_in_budget() -> None:
    workbook = load_workbook(io.BytesIO(filled()))
    workbook["Rapportage"].cell(row=1_048_576, column=1).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = _read(buffer.getvalue())
    assert report.personal_data == [] and len(report.valid_rows) == 2
