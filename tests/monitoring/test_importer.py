"""The import: preview is the real import rolled back, confirm commits all or nothing, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringRow
from sroi_plugin.models import MonitoringUpload
from sroi_plugin.monitoring import importer
from sroi_plugin.monitoring.importer import CONFLICT_MESSAGE
from sroi_plugin.monitoring.importer import EXIT_CONFLICT
from sroi_plugin.monitoring.importer import MonitoringImport
from sroi_plugin.monitoring.importer import run_import
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.monitoring import load_monitoring_settings
from tests.helpers.clock import TODAY
from tests.helpers.monitoring import Q3_2026
from tests.helpers.monitoring import filled
from tests.helpers.monitoring import quarter

USER = SroiUser("u-sanne", "Sanne de Vries", frozenset({"contract_manager"}))


def _contract(session: Session, ref: str = "GEM-2025-0001") -> Contract:
    found = session.scalars(select(Contract).where(Contract.ref == ref)).one()
    return found


def _import(
    session: Session, data: bytes, *, commit: bool, ref: str = "GEM-2025-0001", **kw: Any
) -> MonitoringImport:
    return run_import(
        session,
        _contract(session, ref),
        data,
        "rapportage-q3.xlsx",
        USER,
        settings=kw.pop("settings", default_monitoring_settings()),
        today=TODAY,
        max_bytes=5 * 1024 * 1024,
        commit=commit,
        **kw,
    )


def _count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_preview_computes_totals_and_stores_nothing(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    result = _import(session, filled(), commit=False)
    assert not result.rejected and not result.committed
    assert result.period == Q3_2026
    assert result.totals is not None
    assert result.totals.persons == 6
    assert result.totals.hours == Decimal("1526.5")
    # 1326 register hours over 92 days (13 1/7 weeks) at 25.5 h a week
    assert result.totals.jobs == Decimal("3.96")
    assert result.totals.value_eur == Decimal("46234.50")
    assert _count(session, MonitoringReport) == 0
    assert _count(session, MonitoringRow) == 0
    assert _count(session, MonitoringUpload) == 0


def test_confirm_commits_report_rows_and_audit_line(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    data = filled()
    result = _import(session, data, commit=True)
    assert result.committed and result.exit_code == 0
    report = session.scalars(select(MonitoringReport)).one()
    assert (report.period_start, report.period_end) == (Q3_2026.start, Q3_2026.end)
    assert report.uploaded_by_name == "Sanne de Vries"
    assert report.value_eur == Decimal("46234.50")
    assert [row.target_group for row in report.rows] == ["doelgroepregister", "statushouders"]
    audit = session.scalars(select(MonitoringUpload)).one()
    assert audit.outcome == "vastgelegd"
    assert audit.by_id == "u-sanne" and audit.by_name == "Sanne de Vries"
    assert audit.file_name == "rapportage-q3.xlsx"
    assert audit.sha256 == result.sha256 and len(audit.sha256) == 64
    assert (audit.period_start, audit.period_end) == (Q3_2026.start, Q3_2026.end)
    assert (audit.persons, audit.jobs, audit.value_eur) == (6, Decimal("3.96"), Decimal("46234.50"))
    assert audit.at is not None


def test_one_invalid_row_stores_nothing(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    rows = [
        ["Statushouders", "Werkervaringsplaats", 2, 10, 100],
        ["Statushouders", "Werkervaringsplaats", -1, 10, 100],
    ]
    result = _import(session, filled(rows=rows), commit=True)
    assert result.rejected and not result.committed and result.exit_code == 3
    assert result.row_errors == ["Rij 16: Aantal personen: mag niet negatief zijn."]
    assert _count(session, MonitoringReport) == 0
    assert _count(session, MonitoringUpload) == 0


def test_file_of_another_contract_is_refused(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    result = _import(session, filled(ref="GEM-2025-0099"), commit=True)
    assert result.exit_code == 3
    assert result.reasons == [
        "Dit rapport is voor contract GEM-2025-0099, u uploadt het bij contract GEM-2025-0001. "
        "Upload het bij het juiste contract."
    ]
    assert _count(session, MonitoringReport) == 0


def test_period_outside_the_term_is_refused(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(start_date=date(2025, 1, 1), end_date=date(2025, 12, 31))
    result = _import(session, filled(), commit=True)
    assert result.exit_code == 3
    assert "buiten de looptijd van het contract" in result.reasons[0]


def test_same_period_again_replaces_and_keeps_the_earlier_report(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    first = _import(session, filled(), commit=True)
    rows = [["Statushouders", "Werkervaringsplaats", 3, 30, 300]]
    second = _import(session, filled(rows=rows), commit=False)
    assert second.replaces is not None and second.replaces.id == first.report_id
    assert any("vervangt de eerdere rapportage" in note for note in second.notes)
    _import(session, filled(rows=rows), commit=True)
    reports = session.scalars(select(MonitoringReport).order_by(MonitoringReport.id)).all()
    assert len(reports) == 2
    assert reports[0].replaced_at is not None and reports[0].replaced_by_id == reports[1].id
    assert reports[1].replaced_at is None


def test_overlapping_period_is_refused(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _import(session, filled(), commit=True)
    overlapping = Period(date(2026, 8, 1), date(2026, 10, 31))
    result = _import(session, filled(period=overlapping), commit=True)
    assert result.exit_code == 3
    assert "overlapt met de rapportage over 01-07-2026 t/m 30-09-2026" in result.reasons[0]


def test_refused_file_leaves_only_an_audit_line_without_content(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()

    def edit(sheet: Any, row: int) -> None:
        sheet.cell(row=row, column=7, value="BSN")
        sheet.cell(row=row + 1, column=7, value="123456782")

    result = _import(session, filled(edit=edit), commit=True)
    assert result.personal_data and result.exit_code == 4
    assert result.rows == [] and result.totals is None
    assert _count(session, MonitoringReport) == 0
    assert _count(session, MonitoringRow) == 0
    line = session.scalars(select(MonitoringUpload)).one()
    assert line.outcome == "geweigerd_persoonsgegevens"
    assert line.note == "geweigerd: persoonsgegevens (2 plaatsen)"
    assert line.by_name == "Sanne de Vries"
    assert line.file_name is None and line.sha256 is None
    assert line.period_start is None and line.row_count is None


def test_jobs_follow_the_organisations_hours_per_week(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    settings = load_monitoring_settings({"hours_per_job_week": "36"})
    result = _import(session, filled(), commit=False, settings=settings)
    assert result.totals is not None
    assert result.totals.jobs == Decimal("2.80")  # 1326 / (36 × 92/7)


def test_unreadable_file(session: Session, make_contract: Callable[..., Contract]) -> None:
    make_contract()
    result = _import(session, b"not a spreadsheet", commit=True)
    assert result.unreadable and result.exit_code == 2
    assert "geen Excel-bestand" in result.reasons[0]


def test_json_shape(session: Session, make_contract: Callable[..., Contract]) -> None:
    make_contract()
    payload = _import(session, filled(), commit=False).as_json()
    assert payload == {
        "contract": "GEM-2025-0001",
        "period": {"start": "2026-07-01", "end": "2026-09-30"},
        "rows": 2,
        "totals": {"persons": 6, "hours": "1526.5", "jobs": "3.96", "value_eur": "46234.50"},
        "rejected": False,
        "reasons": [],
        "attestation": None,
        "committed": False,
        "conflict": False,
    }


def test_a_report_recorded_meanwhile_for_the_period_is_a_conflict_not_a_crash(
    session: Session, make_contract: Callable[..., Contract], monkeypatch: Any
) -> None:
    # another confirm recorded the period between this one's check and its write: the check
    # saw no current report (simulated), the database's unique index refuses the second
    make_contract()
    assert _import(session, filled(), commit=True).committed
    monkeypatch.setattr(importer, "_current_reports", lambda _session, _contract_id: [])
    result = _import(session, filled(), commit=True)
    assert result.conflict and not result.committed and result.report_id is None
    assert result.exit_code == EXIT_CONFLICT == 5
    assert result.reasons == [CONFLICT_MESSAGE]
    assert result.as_json()["conflict"] is True
    current = session.scalars(
        select(MonitoringReport).where(MonitoringReport.replaced_at.is_(None))
    ).all()
    assert len(current) == 1
    assert _count(session, MonitoringUpload) == 1  # the loser left no audit line either


def test_quarters_helper() -> None:
    assert quarter(2026, 3) == Q3_2026
    assert quarter(2026, 4) == Period(date(2026, 10, 1), date(2026, 12, 31))
