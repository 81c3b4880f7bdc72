"""Stage 2 of the import: plan against the database, then apply the plan in one transaction.

:func:`preview_portfolio` (the import page's preview) loads the known contracts in one query,
compares in Python (:func:`~.plan.make_plan`) and returns the result with the plan to keep
(:class:`~.stored_plan.StoredPlan`); it writes nothing. :func:`apply_plan` (the confirm)
applies exactly that plan with procurement's conflict choices: it raises the portfolio
revision, writes in bulk (executemany) and commits. :func:`apply_portfolio` (the CLI) plans and
applies in one transaction. Nothing is written for unchanged rows.

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
from sroi_plugin.importing.plan import choose
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
from sroi_plugin.importing.stored_plan import StoredPlan
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

#: Dutch message of a run whose contracts someone else changed meanwhile (``{refs}``).
CHANGED_MEANWHILE: Final = (
    "Er is niets opgeslagen: deze contracten zijn tijdens de import door iemand anders "
    "gewijzigd: {refs}. Start de import opnieuw."
)
#: Dutch message of a confirm whose plan a change in the plugin has overtaken (``{refs}``).
PLAN_OVERTAKEN: Final = (
    "Er is niets opgeslagen: deze contracten zijn na de voorvertoning in de plugin gewijzigd: "
    "{refs}. Bekijk de nieuwe voorvertoning hieronder en bevestig opnieuw."
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


def raise_revision(session: Session, expected: int | None) -> int | None:
    """Raise the portfolio revision by one; the new revision, or ``None`` when stale (an
    import's confirm and an undo, :mod:`.undo`, queue on it alike).

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


def _insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in bulk with the driver's executemany, the statement compiled once per
    shape of row.

    The values are converted column by column with the column types' own bind processors:
    what SQLAlchemy's executemany does row by row (building a parameter dict per row took half
    the confirm of 50,000 new contracts).
    """
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(row), []).append(row)
    connection = session.connection()
    dialect = connection.dialect
    for names, members in shapes.items():
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        key_of = {bind: param.key for param, bind in compiled.bind_names.items()}
        binds = list(compiled.positiontup or ()) if compiled.positional else list(key_of)
        keys = [key_of[bind] for bind in binds]
        columns = []
        for key in keys:
            values = [row[key] for row in members]
            process = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
            columns.append(values if process is None else [process(v) for v in values])
        records: list[Any] = list(zip(*columns, strict=True))
        if not compiled.positional:
            records = [dict(zip(binds, record, strict=True)) for record in records]
        sql = str(compiled)
        for start in range(0, len(records), BATCH_SIZE):
            connection.exec_driver_sql(sql, records[start : start + BATCH_SIZE])


def _insert_contracts(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new contracts in bulk (executemany); their ids by ``ref_key``.

    The ids are read back in one query: cheaper than RETURNING, which SQLAlchemy renders row
    by row.
    """
    if not rows:
        return {}
    table = _CONTRACT_TABLE
    _insert_many(session, table, rows)
    return {
        key: contract_id
        for key, contract_id in session.execute(select(table.c.ref_key, table.c.id))
    }


def _update_contracts(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Update contracts by primary key, only from the version read; ids that had moved on.

    The versions are compared first (nothing is written when one moved on, e.g. a panel edit
    after a preview); the versioned ``UPDATE`` then guards against an edit in between.
    """
    if not rows:
        return []
    table = _CONTRACT_TABLE
    read = {row["b_id"]: row["b_version"] for row in rows}
    ids = list(read)
    moved = [
        contract_id
        for start in range(0, len(ids), BATCH_SIZE)
        for contract_id, version in session.execute(
            select(table.c.id, table.c.version).where(
                table.c.id.in_(ids[start : start + BATCH_SIZE])
            )
        )
        if version != read[contract_id]
    ]
    if moved:
        return moved
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
    found = session.execute(select(table.c.id, table.c.version).where(table.c.id.in_(ids))).all()
    # an edit slipped in between the comparison and the update; when its version cannot be
    # told from ours, every contract of the run is named (nothing is saved either way)
    other = [contract_id for contract_id, version in found if read[contract_id] + 1 != version]
    return other or ids


def _insert_revisions(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert contract revisions in bulk."""
    _insert_many(session, _REVISION_TABLE, rows)


def _insert_modifications(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert the detected changes to assess as draft modifications, in bulk."""
    table = _MODIFICATION_TABLE
    for batch in _batches(rows):
        session.execute(insert(table), batch)


def _counts(result: ImportResult, assess_count: int) -> dict[str, int]:
    counts = result.counts
    return {
        "new_count": counts["new"],
        "changed_count": counts["changed"],
        "unchanged_count": counts["unchanged"],
        "invalid_count": counts["invalid"],
        "missing_count": counts["missing"],
        "skipped_count": counts["skipped"],
        "assess_count": assess_count,
    }


def _write(
    session: Session, plan: Plan, result: ImportResult, import_id: int, *, moved: str
) -> None:
    """Carry out the plan inside the open transaction; contracts that moved on since they were
    read become a result error (``moved``, naming them)."""
    new_ids = _insert_contracts(session, plan.inserts)
    conflicts = _update_contracts(session, plan.updates)
    if conflicts:
        refs = sorted(plan.ref_of_id[contract_id] for contract_id in conflicts)
        result.totals[ERROR] += len(conflicts)
        missing = set(plan.missing_ids)
        result.totals[CHANGED] -= sum(1 for contract_id in conflicts if contract_id not in missing)
        result.errors.append(moved.format(refs=", ".join(refs)))
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


def _result_of(read: ReadPortfolio, max_missing_share: Decimal | float | int) -> ImportResult:
    """An empty result naming the file as read."""
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
    return result


def _compare(
    session: Session,
    read: ReadPortfolio,
    result: ImportResult,
    *,
    user: SroiUser,
    today: date,
    now: datetime,
    owners: Mapping[str, str],
    choices: Mapping[str, str] | None,
    choose_all: str | None,
) -> Plan:
    """Plan the run inside the open transaction; fills ``result``."""
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
    return plan


def _seen_revision(session: Session) -> int:
    """The portfolio revision now (0 before the first import), read without locking."""
    table = _STATE_TABLE
    revision = session.execute(
        select(table.c.revision).where(table.c.id == PORTFOLIO_STATE_ID)
    ).scalar()
    return int(revision or 0)


def preview_portfolio(
    session: Session,
    read: ReadPortfolio,
    *,
    user: SroiUser,
    today: date,
    progress: Progress | None = None,
    max_missing_share: Decimal | float | int = DEFAULT_MAX_MISSING_SHARE,
    owners: Mapping[str, str] = DEFAULT_OWNERS,
) -> ImportResult:
    """The preview: plan the import without writing anything; the result carries the plan to
    keep (:attr:`~.result.ImportResult.plan`).

    The transaction only reads (the revision, the contracts, the panel edits) and ends with a
    rollback; the confirm applies the plan with :func:`apply_plan`.
    """
    result = _result_of(read, max_missing_share)
    if progress is not None:
        taken = len(read.rows) + len(read.invalid_rows)
        progress(Phase.COMPARING, taken, taken)
    try:
        revision = _seen_revision(session)
        result.seen_revision = revision
        plan = _compare(
            session,
            read,
            result,
            user=user,
            today=today,
            now=utcnow(),
            owners=owners,
            choices=None,
            choose_all=None,
        )
    finally:
        session.rollback()
    result.plan = StoredPlan(
        plan=plan,
        file_name=read.file_name,
        file_sha256=read.file_sha256,
        sheet=read.sheet,
        header_row=read.header_row,
        profile_id=result.profile_id,
        profile_name=result.profile_name,
        seen_revision=revision,
        today=today,
        totals=dict(result.totals),
        missing=result.missing,
        newly_missing=result.newly_missing,
        active_before=result.active_before,
        max_missing_share=result.max_missing_share,
        mass_missing=result.mass_missing,
        assess_count=len(result.changes_to_assess),
        skipped=list(read.skipped),
        conflicts=list(result.conflicts),
    )
    return result


def _commit_plan(
    session: Session,
    plan: Plan,
    result: ImportResult,
    audit: dict[str, Any],
    *,
    commit: bool,
    allow_invalid: bool,
    allow_mass_missing: bool,
    revision: int,
    moved: str = CHANGED_MEANWHILE,
) -> list[str]:
    """Write the plan and commit when everything allows it; the refs of the contracts added."""
    table = _IMPORT_TABLE
    audit = {
        **audit,
        **_counts(result, len(plan.modifications)),
        "allow_invalid": allow_invalid and result.has_invalid_rows(),
        "revision": revision,
    }
    import_id: int = session.execute(insert(table).returning(table.c.id), audit).scalar_one()
    _write(session, plan, result, import_id, moved=moved)
    may_commit = (
        (allow_invalid or not result.has_invalid_rows())
        and (allow_mass_missing or not result.mass_missing)
        and not result.unresolved_conflicts()
    )
    if commit and may_commit and not result.has_errors():
        session.commit()
        result.committed = True
        result.import_id = import_id
        return [row["ref"] for row in plan.inserts]
    session.rollback()
    return []


def _audit(
    file: tuple[str, str, str, int],
    profile: tuple[int | None, str | None],
    *,
    user: SroiUser,
    source: str,
    now: datetime,
) -> dict[str, Any]:
    """The audit row's own columns: the file, the profile, who and when."""
    file_name, sha, sheet, header_row = file
    return {
        "file_name": file_name[:255],
        "file_sha256": sha,
        "sheet": sheet[:100],
        "header_row": header_row,
        "profile_id": profile[0],
        "profile_name": None if profile[1] is None else profile[1][:100],
        "source": source,
        "imported_by_id": user.id,
        "imported_by_name": user.name,
        "imported_at": now,
    }


def apply_plan(
    session: Session,
    stored: StoredPlan,
    *,
    user: SroiUser,
    allow_invalid: bool = False,
    allow_mass_missing: bool = False,
    choices: Mapping[str, str] | None = None,
    choose_all: str | None = None,
    source: str = "web",
) -> ImportResult:
    """The confirm: apply the preview's plan in one transaction, with the conflict choices.

    Refused (:attr:`~.result.ImportResult.stale`, nothing written) when another import landed
    since the preview, or a contract the plan updates was changed meanwhile (its versioned
    update finds another version: :data:`PLAN_OVERTAKEN`).
    """
    plan = stored.plan
    result = ImportResult(
        file_name=stored.file_name,
        file_sha256=stored.file_sha256,
        sheet=stored.sheet,
        header_row=stored.header_row,
        headers=[],
        mapped_columns={},
        unmapped_columns=[],
        profile_id=stored.profile_id,
        profile_name=stored.profile_name,
        totals=dict(stored.totals),
        missing=stored.missing,
        newly_missing=stored.newly_missing,
        active_before=stored.active_before,
        max_missing_share=stored.max_missing_share,
        mass_missing=stored.mass_missing,
        skipped=list(stored.skipped),
        seen_revision=stored.seen_revision,
    )
    choose(
        plan,
        stored.conflicts,
        result,
        choices=choices or {},
        choose_all=choose_all,
        today=stored.today,
    )
    audit = _audit(
        (stored.file_name, stored.file_sha256, stored.sheet, stored.header_row),
        (stored.profile_id, stored.profile_name),
        user=user,
        source=source,
        now=utcnow(),
    )
    added: list[str] = []
    try:
        revision = raise_revision(session, stored.seen_revision)
        if revision is None:
            result.stale = True
            result.errors.append(STALE_MESSAGE)
            session.rollback()
            return result
        added = _commit_plan(
            session,
            plan,
            result,
            audit,
            commit=True,
            allow_invalid=allow_invalid,
            allow_mass_missing=allow_mass_missing,
            revision=revision,
            moved=PLAN_OVERTAKEN,
        )
        # a contract the plan updates changed since the preview (a panel edit): the plan is
        # out of date like one of an older revision, and a fresh preview shows what changed
        result.stale = result.totals[ERROR] > 0
    except BaseException:
        session.rollback()
        raise
    if added:
        contracts_added.send(None, refs=added)
    return result


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
    """Plan and apply in one transaction (the CLI, scheduled syncs): no preview to keep.

    :param commit: ``False`` for a dry run: everything is written, then rolled back
    :param allow_invalid: commit the valid rows although some rows are invalid
    :param max_missing_share: ``SROI_IMPORT_MAX_MISSING_SHARE``: above this share of the active
        portfolio marked missing the import needs ``allow_mass_missing``
    :param allow_mass_missing: commit although the import marks that many contracts missing
    :param expected_revision: the revision a preview saw; stale → refused
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
    result = _result_of(read, max_missing_share)
    if progress is not None:
        taken = len(read.rows) + len(read.invalid_rows)
        progress(Phase.COMPARING, taken, taken)
    now = utcnow()
    added: list[str] = []
    try:
        revision = raise_revision(session, expected_revision)
        if revision is None:
            result.stale = True
            result.errors.append(STALE_MESSAGE)
            session.rollback()
            return result
        result.seen_revision = revision - 1
        plan = _compare(
            session,
            read,
            result,
            user=user,
            today=today,
            now=now,
            owners=owners,
            choices=choices,
            choose_all=choose_all,
        )
        audit = _audit(
            (read.file_name, read.file_sha256, read.sheet, read.header_row),
            (result.profile_id, result.profile_name),
            user=user,
            source=source,
            now=now,
        )
        added = _commit_plan(
            session,
            plan,
            result,
            audit,
            commit=commit,
            allow_invalid=allow_invalid,
            allow_mass_missing=allow_mass_missing,
            revision=revision,
        )
    except BaseException:
        session.rollback()
        raise
    if added:
        contracts_added.send(None, refs=added)
    return result
