"""Portfolio sync: import profiles, the audit of confirmed imports, contract revisions
and the portfolio revision counter that refuses a stale preview.

The importer writes these in bulk (Core ``insert``/``update`` with executemany), never one ORM
object per row; see :mod:`sroi_plugin.importing.engine`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from sroi_plugin.db import Base
from sroi_plugin.models.base import utcnow

#: Where an import was started: the import page or ``flask sroi import-portfolio``.
IMPORT_SOURCES = ("web", "cli")
#: The id of the one :class:`PortfolioState` row.
PORTFOLIO_STATE_ID = 1
#: :attr:`ContractRevision.resolution` of a field edited in the plugin whose export value
#: procurement declined: the row records the declined value and changed nothing
KEPT_EDIT = "kept_edit"
#: :attr:`ContractRevision.resolution` of such a field where procurement took the export's
#: value: a normal change
TOOK_EXPORT = "took_export"


class ImportProfile(Base):
    """A saved column mapping, reused for the next file with the same header row.

    ``mapping`` is ``{field: header text}`` as :class:`~sroi_plugin.importing.reader.SheetReader`
    takes it; an empty header text keeps a field out of the import.
    """

    __tablename__ = "sroi_import_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the name the user gave it ("Export Ultimo", "Inkoopsysteem")
    name: Mapped[str] = mapped_column(String(100), unique=True)
    #: :func:`~sroi_plugin.importing.columns.headers_signature` of the header row it fits
    headers_signature: Mapped[str] = mapped_column(String(64), index=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: who saved it last (a profile saved again under the same name is overwritten)
    updated_by_id: Mapped[str] = mapped_column(String(64))
    updated_by_name: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PortfolioImport(Base):
    """One confirmed import: who, when, which file, how it was read and what it changed.

    Only committed imports have a row (a preview's row is rolled back with the rest).
    """

    __tablename__ = "sroi_portfolio_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the uploaded bytes (hex)
    file_sha256: Mapped[str] = mapped_column(String(64))
    sheet: Mapped[str] = mapped_column(String(100))
    header_row: Mapped[int] = mapped_column(Integer)
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("sroi_import_profile.id", ondelete="SET NULL")
    )
    #: the profile's name when it was used (kept if the profile is deleted or renamed)
    profile_name: Mapped[str | None] = mapped_column(String(100))
    new_count: Mapped[int] = mapped_column(Integer, default=0)
    changed_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    invalid_count: Mapped[int] = mapped_column(Integer, default=0)
    missing_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    #: contract changes to assess (draft modifications) this import created
    assess_count: Mapped[int] = mapped_column(Integer, default=0)
    #: the user chose to commit although rows were invalid (those rows were left out)
    allow_invalid: Mapped[bool] = mapped_column(Boolean, default=False)
    #: ``web`` or ``cli`` (see :data:`IMPORT_SOURCES`)
    source: Mapped[str] = mapped_column(String(10))
    imported_by_id: Mapped[str] = mapped_column(String(64))
    imported_by_name: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    #: the portfolio revision this import produced (see :class:`PortfolioState`)
    revision: Mapped[int] = mapped_column(Integer)
    #: set when procurement undid the import: who, when and why
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by_id: Mapped[str | None] = mapped_column(String(64))
    undone_by_name: Mapped[str | None] = mapped_column(String(200))
    undo_reason: Mapped[str | None] = mapped_column(Text)


class ContractRevision(Base):
    """One field of one contract changed by an import: old and new value as text.

    Values are stored canonically (amounts ``1234567.89``, dates ISO, booleans ``true``/``false``,
    ``None`` = empty). A contract the import added gets one row for ``status`` with no old value.
    """

    __tablename__ = "sroi_contract_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_contract.id", ondelete="CASCADE"), index=True
    )
    import_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_portfolio_import.id", ondelete="CASCADE"), index=True
    )
    #: the contract column (``value_total``, ``end_date``, ``status`` …)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    #: for a field edited in the plugin that the export contradicted: what procurement chose,
    #: :data:`KEPT_EDIT` (the row records the export's value it declined) or
    #: :data:`TOOK_EXPORT`
    resolution: Mapped[str | None] = mapped_column(String(20))


class ImportJob(Base):
    """A portfolio import run in the background: its state lives here so any worker can
    answer "how far" (phase, rows read, rows checked) and show the result when it is done.
    """

    __tablename__ = "sroi_import_job"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the pending upload the job reads (see :mod:`sroi_plugin.importing.uploads`)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    #: the uploaded file's own name (as the import page lists it)
    file_name: Mapped[str] = mapped_column(String(255))
    #: ``queued``, ``running``, ``done`` or ``failed``
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    #: what the job is doing now (``lezen``, ``controleren``, ``vergelijken`` …)
    phase: Mapped[str] = mapped_column(String(30), default="")
    rows_total: Mapped[int | None] = mapped_column(Integer)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_checked: Mapped[int] = mapped_column(Integer, default=0)
    #: a Dutch message for a failed job (never a cell value)
    error: Mapped[str | None] = mapped_column(Text)
    #: which runner took it (``thread`` or ``rq``) and its id there
    runner: Mapped[str] = mapped_column(String(10), default="thread")
    runner_job_id: Mapped[str | None] = mapped_column(String(64))
    #: the confirm as posted (checkboxes, conflict choices) while it runs in the background
    confirm_form: Mapped[dict[str, str] | None] = mapped_column(JSON)
    #: a background confirm that refused: why, as the progress page shows it to the uploader
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: the import a background confirm committed (its done page)
    import_id: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class PortfolioState(Base):
    """The singleton row (``id = 1``) whose ``revision`` every confirmed import raises by one.

    A preview records the revision it saw; the confirm runs ``UPDATE … SET revision = revision
    + 1 WHERE id = 1 AND revision = :seen`` in the import transaction and refuses when no row
    changed (another import landed in between). Atomic on PostgreSQL and SQLite.
    """

    __tablename__ = "sroi_portfolio_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
