"""Stage 2 of the import: :class:`~.read.ReadPortfolio` + database → :class:`~.result.ImportResult`.

:func:`apply_portfolio` runs one transaction that raises the portfolio revision, loads the
known contracts in one query, compares in Python (:func:`~.plan.make_plan`) and writes in bulk
(executemany), then commits or rolls back. A preview is exactly this run, rolled back. Nothing
is written for unchanged rows.

A confirm passes the revision its preview saw; when another import landed meanwhile the
``UPDATE sroi_portfolio_state … WHERE revision = :seen`` changes no row and the run is refused
(:attr:`~.result.ImportResult.stale`). Invalid rows are never written; committing the valid
rows while invalid ones exist needs ``allow_invalid``. An import that marks more than
``max_missing_share`` of the active portfolio missing is only committed with
``allow_mass_missing`` (:func:`~sroi_plugin.rules.portfolio_sync.missing_needs_confirmation`).
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any
from typing import Final
from typing import cast

from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.hostspec import contracts_added
from sroi_plugin.importing.conflicts import EditLedger
from sroi_plugin.importing.matcher import ContractMatcher
from sroi_plugin.importing.plan import Plan
from sroi_plugin.importing.plan import make_plan
from sroi_plugin.importing.plan import revision_text
from sroi_plugin.importing.progress import Phase
from sroi_plugin.importing.progress import Progress
from sroi_plugin.importing.read import ReadPortfolio
from sroi_plugin.importing.read import gc_paused
from sroi_plugin.importing.result import CHANGED
from sroi_plugin.importing.result import ERROR
from sroi_plugin.importing.result import INVALID
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.models import PORTFOLIO_STATE_ID
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import PortfolioState
from sroi_plugin.models import utcnow
from sroi_plugin.rules.field_owners import DEFAULT_OWNERS
from sroi_plugin.rules.portfolio_sync import DEFAULT_MAX_MISSING_SHARE
from sroi_plugin.rules.portfolio_sync import STATUS_MISSING
from sroi_plugin.rules.portfolio_sync import missing_needs_confirmation

#: Rows written per executemany batch (bounds memory; SQLite's variable limit allows it).
BATCH_SIZE: Final = 1000
#: Dutch message of a confirm whose preview is out of date.
STALE_MESSAGE: Final = (
    "Het contractregister is gewijzigd sinds deze voorvertoning: intussen is een andere import "
    "verwerkt. Er is niets opgeslagen. Bekijk de nieuwe voorvertoning hieronder en bevestig "
    "opnieuw."
)

_CONTRACT_TABLE: Final = cast(Table, Contract.__table__)
_STATE_TABLE: Final = cast(Table, PortfolioState.__table__)
_IMPORT_TABLE: Final = cast(Table, PortfolioImport.__table__)
_REVISION_TABLE: Final = cast(Table, ContractRevision.__table__)
_MODIFICATION_TABLE: Final = cast(Table, Modification.__table__)


def _batches(items: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def _ensure_state_row(session: Session) -> None:
    """Create the portfolio-state row at revision 0 unless it exists, race-free.

    Before the first import lands there is no row, and confirms at the same moment would all
    insert it: the insert ignores an existing key (``ON CONFLICT DO NOTHING``), so it waits for
    a concurrent insert of the same row to end and then leaves that row as it is.
    """
    table = _STATE_TABLE
    if session.execute(select(table.c.id).where(table.c.id == PORTFOLIO_STATE_ID)).first():
        return
    values = {"id": PORTFOLIO_STATE_ID, "revision": 0}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(table).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(table).values(values).on_conflict_do_nothing())
    else:  # any other database: insert in a savepoint; a concurrent insert wins
        try:
            with session.begin_nested():
                session.execute(insert(table).values(values))
        except IntegrityError:
            pass


def _raise_revision(session: Session, expected: int | None) -> int | None:
    """Raise the portfolio revision by one; the new revision, or ``None`` when stale.

    With ``expected`` (a confirm) only from that revision; without (a preview, the CLI)
    unconditionally. Either way the row stays locked until the transaction ends, so
    concurrent imports queue here.
    """
    table = _STATE_TABLE
    _ensure_state_row(session)
    condition = table.c.id == PORTFOLIO_STATE_ID
    if expected is not None:
        condition = condition & (table.c.revision == expected)
    changed = session.execute(update(table).where(condition).values(revision=table.c.revision + 1))
    if changed.rowcount == 0:  # type: ignore[attr-defined]
        return None
    revision: int = session.execute(
        select(table.c.revision).where(table.c.id == PORTFOLIO_STATE_ID)
    ).scalar_one()
    return revision


def _insert_import(
    session: Session,
    read: ReadPortfolio,
    result: ImportResult,
    *,
    user: SroiUser,
    source: str,
    allow_invalid: bool,
    revision: int,
    now: datetime,
) -> int:
    """The audit row with the counts; its id for the revisions and modifications."""
    table = _IMPORT_TABLE
    values = {
        **_counts(result),
        "file_name": read.file_name[:255],
        "file_sha256": read.file_sha256,
        "sheet": read.sheet[:100],
        "header_row": read.header_row,
        "profile_id": None if read.profile is None else read.profile.id,
        "profile_name": None if read.profile is None else read.profile.name[:100],
        "allow_invalid": allow_invalid,
        "source": source,
        "imported_by_id": user.id,
        "imported_by_name": user.name,
        "imported_at": now,
        "revision": revision,
    }
    import_id: int = session.execute(insert(table).returning(table.c.id), values).scalar_one()
    return import_id


def _insert_contracts(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new contracts in bulk (executemany); their ids by ``ref_key``.

    The ids are read back in one query: cheaper than RETURNING, which SQLAlchemy renders row
    by row.
    """
    if not rows:
        return {}
    table = _CONTRACT_TABLE
    for batch in _batches(rows):
        session.execute(insert(table), batch)
    return {
        key: contract_id
        for key, contract_id in session.execute(select(table.c.ref_key, table.c.id))
    }


def _update_contracts(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Update contracts by primary key, only from the version read; ids that had moved on."""
    if not rows:
        return []
    table = _CONTRACT_TABLE
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(version=table.c.version + 1)
    )
    changed = 0
    for batch in _batches(rows):
        changed += session.execute(statement, batch).rowcount  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect
    if not dialect.supports_sane_multi_rowcount or changed == len(rows):
        return []
    wanted = {row["b_id"]: row["b_version"] + 1 for row in rows}
    found = session.execute(
        select(table.c.id, table.c.version).where(table.c.id.in_(list(wanted)))
    ).all()
    return [contract_id for contract_id, version in found if wanted[contract_id] != version]


def _insert_revisions(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert contract revisions in bulk."""
    table = _REVISION_TABLE
    for batch in _batches(rows):
        session.execute(insert(table), batch)


def _insert_modifications(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert the detected changes to assess as draft modifications, in bulk."""
    table = _MODIFICATION_TABLE
    for batch in _batches(rows):
        session.execute(insert(table), batch)


def _counts(result: ImportResult) -> dict[str, int]:
    counts = result.counts
    return {
        "new_count": counts["new"],
        "changed_count": counts["changed"],
        "unchanged_count": counts["unchanged"],
        "invalid_count": counts["invalid"],
        "missing_count": counts["missing"],
        "skipped_count": counts["skipped"],
        "assess_count": len(result.changes_to_assess),
    }


def _write(session: Session, plan: Plan, result: ImportResult, import_id: int) -> None:
    """Carry out the plan inside the open transaction; conflicts become result errors."""
    new_ids = _insert_contracts(session, plan.inserts)
    conflicts = _update_contracts(session, plan.updates)
    if conflicts:
        refs = sorted(plan.ref_of_id[contract_id] for contract_id in conflicts)
        conflicted = set(refs)
        result.totals[ERROR] += len(conflicts)
        result.totals[CHANGED] -= sum(1 for change in result.changes if change.ref in conflicted)
        result.errors.append(
            "Er is niets opgeslagen: deze contracten zijn tijdens de import door iemand anders "
            f"gewijzigd: {', '.join(refs)}. Start de import opnieuw."
        )
        return
    revisions = [{**row, "import_id": import_id} for row in plan.revisions]
    revisions.extend(
        {
            "contract_id": new_ids[key],
            "import_id": import_id,
            "field": "status",
            "old_value": None,
            "new_value": status,
            "resolution": None,
        }
        for key, status in plan.new_revisions
    )
    _insert_revisions(session, revisions)
    _insert_modifications(session, [{**row, "import_id": import_id} for row in plan.modifications])


def apply_portfolio(
    session: Session,
    read: ReadPortfolio,
    *,
    user: SroiUser,
    today: date,
    commit: bool,
    progress: Progress | None = None,
    allow_invalid: bool = False,
    expected_revision: int | None = None,
    source: str = "web",
    max_missing_share: Decimal | float | int = DEFAULT_MAX_MISSING_SHARE,
    allow_mass_missing: bool = False,
    owners: Mapping[str, str] = DEFAULT_OWNERS,
    choices: Mapping[str, str] | None = None,
    choose_all: str | None = None,
) -> ImportResult:
    """Stage 2: compare with the database and write, in one transaction.

    :param commit: ``False`` for a preview (dry run): everything is written, then rolled back
    :param allow_invalid: commit the valid rows although some rows are invalid
    :param max_missing_share: ``SROI_IMPORT_MAX_MISSING_SHARE``: above this share of the active
        portfolio marked missing the import needs ``allow_mass_missing``
    :param allow_mass_missing: commit although the import marks that many contracts missing
    :param expected_revision: the revision the preview saw (a confirm); stale → refused
    :param source: ``web`` or ``cli``, kept in the audit row
    :param progress: told when the comparison starts, before the transaction opens (rows are
        not counted in it: on SQLite it holds the one write lock, so no other connection
        could store the figures)
    :param owners: who owns each field (``SROI_FIELD_OWNERS`` over the defaults)
    :param choices: per conflict key ``plugin`` (keep the edit) or ``export``; an import with
        a conflict nobody chose on is not committed (see :mod:`.conflicts`)
    :param choose_all: ``plugin`` or ``export`` for the conflicts without their own choice
    :returns: the result; ``committed`` tells whether anything was saved
    """
    result = ImportResult(
        file_name=read.file_name,
        file_sha256=read.file_sha256,
        sheet=read.sheet,
        header_row=read.header_row,
        headers=list(read.headers),
        mapped_columns=dict(read.mapped_columns),
        unmapped_columns=list(read.unmapped_columns),
        unmapped_fields=read.unmapped_fields,
        suggestions={
            name: {"header": found.header, "score": found.score}
            for name, found in read.suggestions.items()
        },
        profile_id=None if read.profile is None else read.profile.id,
        profile_name=None if read.profile is None else read.profile.name,
        skipped=list(read.skipped),
        invalid_rows=list(read.invalid_rows),
        max_missing_share=Decimal(str(max_missing_share)),
    )
    result.totals[INVALID] = len(read.invalid_rows)
    if progress is not None:
        taken = len(read.rows) + len(read.invalid_rows)
        progress(Phase.COMPARING, taken, taken)
    now = utcnow()
    added: list[str] = []
    try:
        revision = _raise_revision(session, expected_revision)
        if revision is None:
            result.stale = True
            result.errors.append(STALE_MESSAGE)
            session.rollback()
            return result
        result.seen_revision = revision - 1
        matcher = ContractMatcher(session)
        ledger = EditLedger(
            session, owners, text_of=revision_text, choices=choices, choose_all=choose_all
        )
        with gc_paused():
            plan = make_plan(read, matcher, result, user=user, today=today, now=now, ledger=ledger)
        result.active_before = matcher.count_not(STATUS_MISSING)
        result.mass_missing = missing_needs_confirmation(
            result.newly_missing, result.active_before, result.max_missing_share
        )
        import_id = _insert_import(
            session,
            read,
            result,
            user=user,
            source=source,
            allow_invalid=allow_invalid and result.has_invalid_rows(),
            revision=revision,
            now=now,
        )
        _write(session, plan, result, import_id)
        may_commit = (
            (allow_invalid or not result.has_invalid_rows())
            and (allow_mass_missing or not result.mass_missing)
            and not result.unresolved_conflicts()
        )
        if commit and may_commit and not result.has_errors():
            session.commit()
            result.committed = True
            result.import_id = import_id
            added = [row["ref"] for row in plan.inserts]
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    if added:
        contracts_added.send(None, refs=added)
    return result
