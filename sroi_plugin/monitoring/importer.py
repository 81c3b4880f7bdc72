"""Import a filled monitoring template into a contract: all or nothing, preview = rolled back.

:func:`run_import` is the one code path for the web preview, the web confirmation and the
``flask sroi import-monitoring`` command. It reads the file (:mod:`.report`), checks it
against the contract and the reports already held, writes the report in the session and then
either commits (confirm, only without any problem) or rolls back (preview, or problems). A
file with personal data is refused before anything is written; only an audit line without
any of its content is kept.

The database holds one current report per contract and period (a partial unique index). Two
confirms of the same period at the same moment cannot both become current: the second one's
write is refused there, rolled back here, and reported as :attr:`MonitoringImport.conflict`
(web: 409, command line: exit code :data:`EXIT_CONFLICT`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sroi_plugin.errors import ImportFileError
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing.matcher import same_contract
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringRow
from sroi_plugin.models import MonitoringUpload
from sroi_plugin.models import utcnow
from sroi_plugin.monitoring.figures import contract_valuation
from sroi_plugin.monitoring.figures import row_value
from sroi_plugin.monitoring.layout import FIELD_LABELS
from sroi_plugin.monitoring.profiles import profile_for
from sroi_plugin.monitoring.report import LayoutProfile
from sroi_plugin.monitoring.report import ReadReport
from sroi_plugin.monitoring.report import ReadRow
from sroi_plugin.monitoring.report import read_report
from sroi_plugin.rules.attestation import Attestation
from sroi_plugin.rules.attestation import attested_on_problem
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import Totals
from sroi_plugin.rules.monitoring import period_weeks
from sroi_plugin.rules.monitoring import periods_overlap
from sroi_plugin.rules.monitoring import report_period_problem
from sroi_plugin.rules.monitoring import report_totals
from sroi_plugin.rules.valuation import ValuationTable

#: exit codes of ``flask sroi import-monitoring`` (and the web's HTTP status follows them)
EXIT_OK = 0
EXIT_UNREADABLE = 2
EXIT_INVALID = 3
EXIT_PERSONAL_DATA = 4
#: another report for the same period was recorded at the same moment (nothing was written)
EXIT_CONFLICT = 5

#: the answer to a confirm that lost the race for its period (web 409, command line exit 5)
CONFLICT_MESSAGE = (
    "Deze rapportage is al vastgelegd: intussen is er een rapportage over dezelfde periode "
    "vastgelegd (bijvoorbeeld door een tweede klik op de knop). Er is niets dubbel geteld. "
    "Wilt u die rapportage vervangen, upload het bestand dan opnieuw."
)

#: the audit line of a refused file
REFUSED_NOTE = "geweigerd: persoonsgegevens"


@dataclass(frozen=True)
class ReplacedReport:
    """The report for the same period that a confirmed upload replaces."""

    id: int
    uploaded_by_name: str
    uploaded_at: Any


@dataclass
class MonitoringImport:
    """The outcome of one run of the import (preview or confirmation)."""

    contract_ref: str
    file_name: str
    sha256: str
    period: Period | None = None
    rows: list[ReadRow] = field(default_factory=list)
    #: totals of the valid rows (``None`` when the file could not be read or was refused)
    totals: Totals | None = None
    #: the file cannot be read as a template
    unreadable: bool = False
    #: the file holds personal data and was refused as a whole
    personal_data: bool = False
    #: Dutch reasons the import cannot go ahead (file-level problems, or the AVG explanation)
    reasons: list[str] = field(default_factory=list)
    #: Dutch remarks that do not stop the import
    notes: list[str] = field(default_factory=list)
    replaces: ReplacedReport | None = None
    committed: bool = False
    report_id: int | None = None
    #: another report for the period became current meanwhile; nothing was written
    conflict: bool = False
    #: the sheet read and its header row (texts and signature), for the mapping step
    sheet_name: str = ""
    headers: tuple[str, ...] = ()
    headers_signature: str = ""
    #: field → header the columns were mapped to
    mapping: dict[str, str] = field(default_factory=dict)
    #: required fields without a column: a person must choose them (the mapping step)
    unmapped: list[str] = field(default_factory=list)
    #: field → the header suggested for it in the mapping step
    suggestions: dict[str, str] = field(default_factory=dict)
    #: the contractor's saved layout was used
    profile_used: bool = False
    #: the file names no period: the upload must give one
    period_missing: bool = False
    #: the contractor's declaration recorded with the report (``None`` for a preview)
    attestation: Attestation | None = None
    #: why the declaration cannot stand for this period (Dutch); the report is not written
    attestation_problem: str | None = None

    def has_invalid_rows(self) -> bool:
        """Some row has a problem (named by row and field)."""
        return any(row.errors for row in self.rows)

    @property
    def needs_mapping(self) -> bool:
        """Some required column was not recognised: a person must choose it."""
        return bool(self.unmapped)

    def has_errors(self) -> bool:
        """A problem with the file as a whole (unreadable, personal data, wrong contract …)."""
        return (
            bool(self.reasons)
            or self.needs_mapping
            or self.unreadable
            or self.personal_data
            or self.attestation_problem is not None
        )

    @property
    def rejected(self) -> bool:
        """Nothing can be imported from this file."""
        return self.has_errors() or self.has_invalid_rows()

    @property
    def row_errors(self) -> list[str]:
        """Every row problem, in sheet order."""
        return [error for row in self.rows for error in row.errors]

    @property
    def exit_code(self) -> int:
        """0 imported (or importable), 2 unreadable, 3 invalid, 4 personal data, 5 conflict."""
        if self.conflict:
            return EXIT_CONFLICT
        if self.personal_data:
            return EXIT_PERSONAL_DATA
        if self.unreadable or self.needs_mapping:
            return EXIT_UNREADABLE
        return EXIT_INVALID if self.rejected else EXIT_OK

    def as_json(self) -> dict[str, Any]:
        """The command's ``--json`` output: amounts as strings, dates ISO."""
        period = self.period
        totals = self.totals
        return {
            "contract": self.contract_ref,
            "period": {
                "start": period.start.isoformat() if period else None,
                "end": period.end.isoformat() if period else None,
            },
            "rows": len(self.rows),
            "totals": None
            if totals is None
            else {
                "persons": totals.persons,
                "hours": str(totals.hours),
                "jobs": str(totals.jobs),
                "value_eur": str(totals.value_eur),
            },
            "rejected": self.rejected,
            "reasons": [
                *self.reasons,
                *([self.attestation_problem] if self.attestation_problem else []),
                *self.row_errors,
            ],
            "attestation": None
            if self.attestation is None
            else {
                "name": self.attestation.name,
                "function": self.attestation.function,
                "on": self.attestation.on.isoformat(),
            },
            "committed": self.committed,
            "conflict": self.conflict,
        }


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of the uploaded bytes (kept in the audit trail)."""
    return hashlib.sha256(data).hexdigest()


def _check_contract(read: ReadReport, contract: Contract, result: MonitoringImport) -> None:
    """The file's contract number is this contract's (the portfolio matcher's key rule).

    The template always names it; a contractor's own layout may leave it out.
    """
    if read.contract_ref is None and read.is_template:
        result.reasons.append(
            "Het contractnummer ontbreekt in het bestand (werkblad 'Gegevens'). Download het "
            f"sjabloon bij contract {contract.ref} en vul het opnieuw in."
        )
    elif read.contract_ref is not None and not same_contract(read.contract_ref, contract.ref):
        result.reasons.append(
            f"Dit rapport is voor contract {read.contract_ref}, u uploadt het bij contract "
            f"{contract.ref}. Upload het bij het juiste contract."
        )


def _unmapped_reason(read: ReadReport) -> str:
    names = ", ".join(f"'{FIELD_LABELS[name]}'" for name in read.unmapped)
    return (
        f"In werkblad '{read.sheet_name}' zijn de kolommen voor {names} niet (eenduidig) "
        "herkend. Kies bij de upload welke kolom wat bevat; die indeling wordt bewaard voor de "
        "volgende rapportage van deze opdrachtnemer."
    )


def _check_term(
    period: Period, contract: Contract, today: date, result: MonitoringImport
) -> None:
    """The period lies inside the term and the horizon (:func:`report_period_problem`)."""
    problem = report_period_problem(period, contract.start_date, contract.end_date, today)
    if problem is not None:
        result.reasons.append(problem)


def _current_reports(session: Session, contract_id: int) -> list[MonitoringReport]:
    statement = select(MonitoringReport).where(
        MonitoringReport.contract_id == contract_id, MonitoringReport.replaced_at.is_(None)
    )
    return list(session.scalars(statement))


def _check_overlap(
    period: Period, reports: list[MonitoringReport], result: MonitoringImport
) -> MonitoringReport | None:
    """The report this one replaces (same period); overlapping other periods are a problem."""
    replaced = None
    for report in reports:
        other = Period(report.period_start, report.period_end)
        if other == period:
            replaced = report
        elif periods_overlap(other, period):
            result.reasons.append(
                f"De periode overlapt met de rapportage over {format_date(other.start)} t/m "
                f"{format_date(other.end)}; dan zou dezelfde inzet twee keer meetellen. "
                "Rapporteer over aansluitende periodes."
            )
    if replaced is not None:
        result.replaces = ReplacedReport(
            replaced.id, replaced.uploaded_by_name, replaced.uploaded_at
        )
        result.notes.append(
            "Deze rapportage vervangt de eerdere rapportage over dezelfde periode, geüpload "
            f"door {replaced.uploaded_by_name}. De eerdere blijft bewaard in de historie."
        )
    return replaced


def _audit(
    contract: Contract,
    user: SroiUser,
    channel: str,
    *,
    outcome: str,
    note: str,
    result: MonitoringImport | None = None,
    report: MonitoringReport | None = None,
) -> MonitoringUpload:
    line = MonitoringUpload(
        contract_id=contract.id,
        outcome=outcome,
        note=note,
        channel=channel,
        by_id=user.id,
        by_name=user.name,
        at=utcnow(),
    )
    if result is not None and report is not None and result.totals is not None:
        line.report_id = report.id
        line.file_name = result.file_name
        line.sha256 = result.sha256
        line.period_start, line.period_end = report.period_start, report.period_end
        line.row_count = len(result.rows)
        line.persons = result.totals.persons
        line.hours = result.totals.hours
        line.jobs = result.totals.jobs
        line.value_eur = result.totals.value_eur
    return line


def record_refusal(
    session: Session, contract: Contract, user: SroiUser, places: int, channel: str
) -> None:
    """Keep that a file was refused for personal data: who, when, how many places; no content."""
    note = f"{REFUSED_NOTE} ({places} {'plaats' if places == 1 else 'plaatsen'})"
    session.add(_audit(contract, user, channel, outcome="geweigerd_persoonsgegevens", note=note))
    session.commit()


def _write(
    session: Session,
    contract: Contract,
    user: SroiUser,
    result: MonitoringImport,
    replaced: MonitoringReport | None,
    channel: str,
) -> MonitoringReport:
    assert result.period is not None and result.totals is not None
    totals = result.totals
    if replaced is not None:
        # no longer current before the new one is written: the unique index allows one
        replaced.replaced_at = utcnow()
        session.flush()
    report = MonitoringReport(
        contract_id=contract.id,
        period_start=result.period.start,
        period_end=result.period.end,
        file_name=result.file_name[:255],
        sha256=result.sha256,
        row_count=len(result.rows),
        persons=totals.persons,
        hours=totals.hours,
        jobs=totals.jobs,
        value_eur=totals.value_eur,
        uploaded_by_id=user.id,
        uploaded_by_name=user.name,
        uploaded_at=utcnow(),
    )
    if result.attestation is not None:
        report.attested_by_name = result.attestation.name
        report.attested_by_function = result.attestation.function
        report.attested_on = result.attestation.on
    for read in result.rows:
        assert read.row is not None
        report.rows.append(
            MonitoringRow(
                row_number=read.row_number,
                target_group=read.row.target_group,
                placement_type=read.row.placement_type,
                persons=read.row.persons,
                hours=read.row.hours,
                costs=read.row.costs,
                evidence=";".join(read.row.evidence),
            )
        )
    session.add(report)
    session.flush()
    if replaced is not None:
        replaced.replaced_by_id = report.id
    session.add(
        _audit(
            contract,
            user,
            channel,
            outcome="vastgelegd",
            note="vastgelegd",
            result=result,
            report=report,
        )
    )
    session.flush()
    return report


def run_import(
    session: Session,
    contract: Contract,
    data: bytes,
    file_name: str,
    user: SroiUser,
    *,
    settings: MonitoringSettings,
    today: date,
    max_bytes: int,
    commit: bool,
    channel: str = "web",
    record_refusals: bool = True,
    attestation: Attestation | None = None,
    period: Period | None = None,
    profile: LayoutProfile | None = None,
    valuation: ValuationTable | None = None,
) -> MonitoringImport:
    """Read ``data`` and import it into ``contract``; commit only when ``commit`` and clean.

    The preview (``commit=False``) runs the same writes and always rolls them back. A refusal
    for personal data is recorded in the audit trail (when ``record_refusals``) without any
    of the file's content. ``attestation`` (the contractor's declaration, required by the web
    confirm and the command line) is checked against the file's period and kept with the report.
    ``period`` is the period given at the upload, for a file that names none; ``profile`` a
    layout just chosen in the mapping step, else the contractor's saved one is used.
    ``valuation`` is the bouwblokken table (``SROI_VALUATION_TABLE``): the totals are valued as
    the panel values them (:func:`~sroi_plugin.monitoring.figures.contract_valuation`).
    """
    result = MonitoringImport(contract.ref, file_name, sha256_of(data), attestation=attestation)
    try:
        read = read_report(
            data,
            settings=settings,
            today=today,
            max_bytes=max_bytes,
            profile=profile if profile is not None else profile_for(session, contract),
            period=period,
        )
    except ImportFileError as exc:
        result.unreadable = True
        result.reasons.append(str(exc))
        return result
    if read.personal_data:
        result.personal_data = True
        result.reasons = list(read.personal_data_reasons)
        if record_refusals:
            record_refusal(session, contract, user, len(read.personal_data), channel)
        return result
    result.period = read.period
    result.rows = read.rows
    result.notes = list(read.notes)
    result.sheet_name, result.headers = read.sheet_name, read.headers
    result.headers_signature, result.mapping = read.headers_signature, read.mapping
    result.unmapped, result.suggestions = read.unmapped, read.suggestions
    result.profile_used, result.period_missing = read.profile_used, read.period_missing
    _check_contract(read, contract, result)
    if read.unmapped:
        result.reasons.append(_unmapped_reason(read))
    result.reasons.extend(read.problems)
    replaced = None
    if read.period is not None and read.period.end >= read.period.start:
        _check_term(read.period, contract, today, result)
        # a stored report with an impossible period is shown as invalid and can be withdrawn;
        # it does not block the reports that follow
        current = [
            report
            for report in _current_reports(session, contract.id)
            if report_period_problem(
                Period(report.period_start, report.period_end),
                contract.start_date,
                contract.end_date,
                today,
            )
            is None
        ]
        replaced = _check_overlap(read.period, current, result)
        if attestation is not None:
            result.attestation_problem = attested_on_problem(
                attestation.on, today=today, period_start=read.period.start
            )
        result.totals = report_totals(
            read.valid_rows,
            period_weeks(read.period.start, read.period.end),
            settings,
            value=row_value(settings, contract_valuation(contract, valuation)),
        )
    if result.rejected:
        session.rollback()
        return result
    try:
        report = _write(session, contract, user, result, replaced, channel)
        if commit:
            session.commit()
            result.committed = True
            result.report_id = report.id
        else:
            session.rollback()
    except IntegrityError:
        session.rollback()
        if not _period_taken(session, contract.id, result.period):
            raise
        result.conflict = True
        result.reasons.append(CONFLICT_MESSAGE)
    except BaseException:
        session.rollback()
        raise
    return result


def _period_taken(session: Session, contract_id: int, period: Period | None) -> bool:
    """Whether a current report for exactly ``period`` exists (the unique index's condition)."""
    if period is None:
        return False
    statement = select(MonitoringReport.id).where(
        MonitoringReport.contract_id == contract_id,
        MonitoringReport.period_start == period.start,
        MonitoringReport.period_end == period.end,
        MonitoringReport.replaced_at.is_(None),
    )
    return session.scalar(statement.limit(1)) is not None


def totals_or_zero(totals: Totals | None) -> Totals:
    """Totals for display, zeros when there are none."""
    return totals or Totals(0, Decimal(0), Decimal(0), Decimal(0))
