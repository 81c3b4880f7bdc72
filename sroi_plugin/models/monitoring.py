"""Monitoring reports (aggregated rows only), the upload audit trail and contract evaluations.

A report holds counts per target group and placement type for one reporting period; no row
names or identifies a person (the AVG guard refuses such files before anything is stored).
A new report for exactly the same period replaces the earlier one, which is kept (marked
``replaced_at``) so the audit trail stays complete. The database holds at most one current
report (``replaced_at IS NULL``) per contract and period (a partial unique index), so two
confirms at the same moment cannot both count. Evaluations are append-only: saving again
adds a row, the newest one stands.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from sroi_plugin.db import Base
from sroi_plugin.models.base import MONEY
from sroi_plugin.models.base import utcnow

#: Paid hours: NUMERIC(12, 2).
HOURS = Numeric(12, 2)
#: Banenafspraak jobs (baanequivalenten): NUMERIC(10, 2).
JOBS = Numeric(10, 2)

#: The partial unique index "one current report per contract and period".
ONE_CURRENT_REPORT = "uq_sroi_monitoring_report_current"

#: What happened to an upload, as the audit trail records it.
UPLOAD_OUTCOMES = ("vastgelegd", "geweigerd_persoonsgegevens", "ingetrokken")


class MonitoringReport(Base):
    """One confirmed report of a contractor for one period, with its totals at upload time."""

    __tablename__ = "sroi_monitoring_report"
    __table_args__ = (
        Index(
            ONE_CURRENT_REPORT,
            "contract_id",
            "period_start",
            "period_end",
            unique=True,
            postgresql_where=text("replaced_at IS NULL"),
            sqlite_where=text("replaced_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_contract.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    #: the uploaded file's name and SHA-256 (the file itself is not kept)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    #: totals as computed at upload time (with the rates then in force)
    row_count: Mapped[int] = mapped_column(Integer)
    persons: Mapped[int] = mapped_column(Integer)
    hours: Mapped[Decimal] = mapped_column(HOURS)
    jobs: Mapped[Decimal] = mapped_column(JOBS)
    value_eur: Mapped[Decimal] = mapped_column(MONEY)
    uploaded_by_id: Mapped[str] = mapped_column(String(64))
    uploaded_by_name: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: set when a later report for the same period replaced this one, or (``replaced_by_id``
    #: empty) when a contract manager withdrew a report with an impossible period; the audit
    #: trail's ``ingetrokken`` line says who and when
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    replaced_by_id: Mapped[int | None] = mapped_column(Integer)
    #: the contractor's signatory who declared the report correct and complete for this
    #: contract and period (name and function of the signatory, never of candidates)
    attested_by_name: Mapped[str | None] = mapped_column(String(200))
    attested_by_function: Mapped[str | None] = mapped_column(String(200))
    attested_on: Mapped[date | None] = mapped_column(Date)

    #: the aggregated lines, in sheet order
    rows: Mapped[list[MonitoringRow]] = relationship(
        "MonitoringRow",
        order_by="MonitoringRow.row_number",
        back_populates="report",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class MonitoringRow(Base):
    """One aggregated line of a report: a target group, a placement type and their sums."""

    __tablename__ = "sroi_monitoring_row"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_monitoring_report.id", ondelete="CASCADE"), index=True
    )
    #: the sheet row the line came from
    row_number: Mapped[int] = mapped_column(Integer)
    #: vocabulary keys of ``rules/data/monitoring.json``
    target_group: Mapped[str] = mapped_column(String(40))
    placement_type: Mapped[str] = mapped_column(String(40))
    persons: Mapped[int] = mapped_column(Integer)
    hours: Mapped[Decimal] = mapped_column(HOURS)
    costs: Mapped[Decimal] = mapped_column(MONEY)
    #: evidence kinds held, keys joined by ";" (may be empty)
    evidence: Mapped[str] = mapped_column(String(200), default="")

    #: the report the line belongs to
    report: Mapped[MonitoringReport] = relationship(MonitoringReport, back_populates="rows")


class MonitoringUpload(Base):
    """The audit trail of uploads: who confirmed or sent what, and what became of it.

    A refused file (personal data) leaves only this line: no file name, hash, period or rows,
    nothing that came out of the file.
    """

    __tablename__ = "sroi_monitoring_upload"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_contract.id", ondelete="CASCADE"), index=True
    )
    #: one of :data:`UPLOAD_OUTCOMES`
    outcome: Mapped[str] = mapped_column(String(30))
    #: the report created (``vastgelegd`` only)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("sroi_monitoring_report.id", ondelete="SET NULL")
    )
    file_name: Mapped[str | None] = mapped_column(String(255))
    sha256: Mapped[str | None] = mapped_column(String(64))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    row_count: Mapped[int | None] = mapped_column(Integer)
    persons: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[Decimal | None] = mapped_column(HOURS)
    jobs: Mapped[Decimal | None] = mapped_column(JOBS)
    value_eur: Mapped[Decimal | None] = mapped_column(MONEY)
    #: Dutch summary, e.g. "geweigerd: persoonsgegevens (3 plaatsen)"
    note: Mapped[str] = mapped_column(String(300), default="")
    #: web or command line
    channel: Mapped[str] = mapped_column(String(10), default="web")
    by_id: Mapped[str] = mapped_column(String(64))
    by_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class MonitoringProfile(Base):
    """A contractor's report layout, saved when a person mapped it once and reused after.

    ``mapping`` is ``{field: header text}`` of the report columns; ``contractor_key`` is the
    contractor's KvK number, or its normalised name when the contract has none.
    """

    __tablename__ = "sroi_monitoring_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contractor_key: Mapped[str] = mapped_column(String(200), unique=True)
    contractor_name: Mapped[str] = mapped_column(String(200))
    #: the sheet the report was on, and the header row's signature it fits
    sheet_name: Mapped[str | None] = mapped_column(String(100))
    headers_signature: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by_id: Mapped[str] = mapped_column(String(64))
    updated_by_name: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Evaluation(Base):
    """An evaluation of a contract's social return (handreiking stap 4b); append-only."""

    __tablename__ = "sroi_evaluation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_contract.id", ondelete="CASCADE"), index=True
    )
    #: what the social return achieved (impact)
    impact: Mapped[str] = mapped_column(Text, default="")
    #: what to do better in the next tender
    improvements: Mapped[str] = mapped_column(Text, default="")
    #: the contractor's ideas for social innovation
    innovation_ideas: Mapped[str] = mapped_column(Text, default="")
    #: how the contractor is recognised for its effort
    recognition: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
