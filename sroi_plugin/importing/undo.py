"""Undo a confirmed portfolio import, while nothing later has touched its contracts.

:func:`plan_undo` reads what undoing an import would do (fields restored, contracts deleted,
contracts no longer marked missing, detected draft changes deleted) and what stands in its way:
a later import that changed one of its contracts, a panel edit (:class:`SrEdit`) on one of them
after the import, anything hanging on a contract it created (monitoring, partnership, top-3
mark, a change proposed by a person), or a change it detected that someone has completed or a
reviewer has decided. :func:`undo_import` carries the plan out in one transaction: it raises the
portfolio revision first (so open previews go stale, and concurrent imports and undos queue on
the same row, see :mod:`.apply`), plans again under that lock and writes only when nothing
blocks. Old values are read back with :func:`~.codec.revision_value`, the inverse of what the
import wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any
from typing import Final
from typing import cast

from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing.apply import BATCH_SIZE
from sroi_plugin.importing.apply import raise_revision
from sroi_plugin.importing.codec import revision_value
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.models import PORTFOLIO_STATE_ID
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Evaluation
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringUpload
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import PortfolioState
from sroi_plugin.models import PromisingMark
from sroi_plugin.models import SrEdit
from sroi_plugin.models import utcnow
from sroi_plugin.models.partnership import partnership_contracts
from sroi_plugin.models.portfolio import KEPT_EDIT
from sroi_plugin.models.sr_edit import BASIS_EDIT_FIELDS
from sroi_plugin.models.sr_edit import SR_EDIT_FIELDS
from sroi_plugin.rules import values
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import local_moment
from sroi_plugin.rules.portfolio_sync import STATUS_MISSING

#: Longest reason for an undo, in characters.
MAX_REASON: Final = 1000
#: Dutch message of an undo whose confirmation screen is out of date.
STALE_UNDO_MESSAGE: Final = (
    "Het contractregister is gewijzigd sinds u dit overzicht opende: er is niets ongedaan "
    "gemaakt. Bekijk het nieuwe overzicht en bevestig opnieuw."
)

_CONTRACT: Final = cast(Table, Contract.__table__)
_IMPORT: Final = cast(Table, PortfolioImport.__table__)


class ReasonError(ValueError):
    """The reason for an undo is missing, too long or holds a control character."""


def clean_reason(raw: object) -> str:
    """The reason as stored: trimmed, required, at most :data:`MAX_REASON` characters, no
    control characters (read with :func:`~sroi_plugin.rules.values.parse_text`).

    :raises ReasonError: with a Dutch message naming the field
    """
    try:
        text = values.parse_text(raw)
    except values.ValueParseError as exc:
        raise ReasonError(f"Reden: {exc}.") from exc
    if text is None:
        raise ReasonError("Reden: geef aan waarom de import ongedaan wordt gemaakt.")
    if len(text) > MAX_REASON:
        raise ReasonError(f"Reden: maximaal {MAX_REASON} tekens.")
    return text


@dataclass(frozen=True)
class Blocker:
    """Something that keeps an import from being undone, on one contract."""

    ref: str
    reason: str

    def message(self) -> str:
        """``Contract C-12: na deze import gewijzigd door import 14 op 03-12-2026 (waarde)``."""
        return f"Contract {self.ref}: {self.reason}"

    def as_json(self) -> dict[str, str]:
        return {"contract": self.ref, "reason": self.reason}


@dataclass
class UndoPlan:
    """What undoing one import does, and what blocks it."""

    import_id: int
    #: contract id → {field: stored value to put back} (contracts the import changed)
    restore: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: fields restored, not counting the "niet in laatste export" marks
    fields_restored: int = 0
    #: contracts the import marked missing, marked back to what they were
    unmarked: list[str] = field(default_factory=list)
    #: contracts the import added (id → ref), deleted by the undo
    created: dict[int, str] = field(default_factory=dict)
    #: the draft changes the import detected, deleted by the undo
    drafts: list[int] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)
    #: already undone: who and when, as a Dutch sentence
    already_undone: str | None = None

    @property
    def possible(self) -> bool:
        return not self.blockers and self.already_undone is None

    def counts(self) -> dict[str, int]:
        return {
            "fields_restored": self.fields_restored,
            "contracts_deleted": len(self.created),
            "contracts_unmarked": len(self.unmarked),
            "drafts_deleted": len(self.drafts),
        }


@dataclass
class UndoResult:
    """The outcome of :func:`undo_import`."""

    import_id: int
    undone: bool = False
    #: no import with this id
    unknown: bool = False
    #: the confirmation screen saw an older portfolio revision
    stale: bool = False
    plan: UndoPlan | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def blocked_by(self) -> list[Blocker]:
        return [] if self.plan is None else self.plan.blockers

    def as_json(self) -> dict[str, Any]:
        """``{"undone": false, "blocked_by": [{"contract": "C-12", "reason": "…"}], …}``."""
        return {
            "import_id": self.import_id,
            "undone": self.undone,
            "unknown": self.unknown,
            "stale": self.stale,
            "counts": None if self.plan is None else self.plan.counts(),
            "blocked_by": [blocker.as_json() for blocker in self.blocked_by],
            "errors": list(self.errors),
        }


def _label(name: str) -> str:
    spec = FIELDS_BY_NAME.get(name)
    return spec.label.lower() if spec is not None else name


def _day(moment: datetime) -> str:
    return format_date(local_moment(moment).date())


def undone_sentence(record: PortfolioImport) -> str | None:
    """``ongedaan gemaakt door Ina Inkoper op 04-12-2026 — reden: verkeerd bestand``."""
    if record.undone_at is None:
        return None
    return (
        f"ongedaan gemaakt door {record.undone_by_name} op {_day(record.undone_at)} — reden: "
        f"{record.undo_reason}"
    )


def _edit_area(name: str) -> str:
    if name in SR_EDIT_FIELDS:
        return "clausule"
    if name in BASIS_EDIT_FIELDS:
        return "basis voor de toets"
    return _label(name)


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    """Contract ids in lists a statement can take as parameters; each list is looked up by the
    contract index of the table asked, whatever the database knows of its size."""
    listed = list(ids)
    for start in range(0, len(listed), BATCH_SIZE):
        yield listed[start : start + BATCH_SIZE]


def _later_imports(session: Session, record: PortfolioImport, ids: dict[int, str]) -> list[Blocker]:
    """Imports after this one (not themselves undone) that changed one of its contracts."""
    query = (
        select(
            ContractRevision.contract_id,
            PortfolioImport.id,
            PortfolioImport.imported_at,
            ContractRevision.field,
        )
        .join(PortfolioImport, PortfolioImport.id == ContractRevision.import_id)
        .where(
            PortfolioImport.revision > record.revision,
            PortfolioImport.undone_at.is_(None),
            or_(ContractRevision.resolution.is_(None), ContractRevision.resolution != KEPT_EDIT),
        )
        .order_by(PortfolioImport.revision, ContractRevision.id)
    )
    rows = [
        found
        for batch in _batches(ids)
        for found in session.execute(query.where(ContractRevision.contract_id.in_(batch)))
    ]
    found: dict[tuple[int, int], tuple[datetime, list[str]]] = {}
    for contract_id, import_id, imported_at, name in rows:
        found.setdefault((contract_id, import_id), (imported_at, []))[1].append(_label(name))
    return [
        Blocker(
            ids[contract_id],
            f"na deze import gewijzigd door import {import_id} op {_day(at)} "
            f"({', '.join(dict.fromkeys(labels))})",
        )
        for (contract_id, import_id), (at, labels) in found.items()
    ]


def _later_edits(session: Session, record: PortfolioImport, ids: dict[int, str]) -> list[Blocker]:
    """Panel edits (clause, basis of the tests, a decision's value) after the import."""
    query = (
        select(SrEdit.contract_id, SrEdit.field, SrEdit.edited_by_name, SrEdit.edited_at)
        .where(SrEdit.edited_at > record.imported_at)
        .order_by(SrEdit.edited_at, SrEdit.id)
    )
    rows = [
        found
        for batch in _batches(ids)
        for found in session.execute(query.where(SrEdit.contract_id.in_(batch)))
    ]
    seen: dict[tuple[int, str, str, str], None] = {}
    for contract_id, name, by_name, at in rows:
        seen[(contract_id, _edit_area(name), by_name, _day(at))] = None
    return [
        Blocker(ids[contract_id], f"{area} bewerkt door {by_name} op {day}")
        for contract_id, area, by_name, day in seen
    ]


#: What may hang on a contract the import added: (contract column, Dutch name of one, of many).
_DEPENDENTS: Final = (
    (MonitoringReport.contract_id, "monitoringsrapportage", "monitoringsrapportages"),
    (MonitoringUpload.contract_id, "monitoringsupload", "monitoringsuploads"),
    (Evaluation.contract_id, "evaluatie", "evaluaties"),
    (partnership_contracts.c.contract_id, "samenwerkingsverband", "samenwerkingsverbanden"),
    (PromisingMark.contract_id, "markering in de top 3", "markeringen in de top 3"),
    (Modification.contract_id, "contractwijziging", "contractwijzigingen"),
)


def _dependents(session: Session, created: dict[int, str]) -> list[Blocker]:
    """Anything recorded on a contract the import added (it would be deleted with it)."""
    blockers: list[Blocker] = []
    for column, one, many in _DEPENDENTS:
        query = select(column, func.count()).group_by(column).order_by(column)
        for batch in _batches(sorted(created)):
            blockers.extend(
                Blocker(
                    created[contract_id],
                    f"door deze import toegevoegd, maar er hangt al {count} "
                    f"{one if count == 1 else many} aan",
                )
                for contract_id, count in session.execute(query.where(column.in_(batch)))
            )
    return blockers


def _drafts(session: Session, plan: UndoPlan, ids: dict[int, str]) -> None:
    """The import's detected changes: untouched drafts are deleted, any other blocks."""
    decided = set(
        session.scalars(
            select(LegalDecision.modification_id)
            .join(Modification, Modification.id == LegalDecision.modification_id)
            .where(Modification.import_id == plan.import_id)
        )
    )
    rows = session.execute(
        select(
            Modification.id,
            Modification.contract_id,
            Modification.status,
            Modification.proposed_by_name,
            Modification.description,
        )
        .where(Modification.import_id == plan.import_id)
        .order_by(Modification.id)
    ).all()
    for mod_id, contract_id, status, proposed_by, description in rows:
        if mod_id in decided:
            state = "is al beoordeeld door een jurist"
        elif status != "draft" or proposed_by is not None:
            state = f"is al ingevuld{f' door {proposed_by}' if proposed_by else ''}"
        else:
            plan.drafts.append(mod_id)
            continue
        ref = ids.get(contract_id) or session.scalar(
            select(Contract.ref).where(Contract.id == contract_id)
        )
        plan.blockers.append(Blocker(str(ref), f"de gevonden wijziging '{description}' {state}"))


def plan_undo(session: Session, record: PortfolioImport) -> UndoPlan:
    """What undoing ``record`` would do and what blocks it; reads only."""
    plan = UndoPlan(record.id)
    if record.undone_at is not None:
        plan.already_undone = f"Deze import is al {undone_sentence(record)}."
        return plan
    rows = session.execute(
        select(
            ContractRevision.contract_id,
            Contract.ref,
            ContractRevision.field,
            ContractRevision.old_value,
            ContractRevision.new_value,
        )
        .join(Contract, Contract.id == ContractRevision.contract_id)
        .where(
            ContractRevision.import_id == record.id,
            or_(ContractRevision.resolution.is_(None), ContractRevision.resolution != KEPT_EDIT),
        )
        .order_by(Contract.ref_key, ContractRevision.id)
    ).all()
    ids: dict[int, str] = {}
    changes: dict[int, dict[str, Any]] = defaultdict(dict)
    for contract_id, ref, name, old, new in rows:
        ids[contract_id] = ref
        if name == "status" and old is None:
            plan.created[contract_id] = ref
            continue
        changes[contract_id][name] = revision_value(name, old)
        if name == "status" and new == STATUS_MISSING:
            plan.unmarked.append(ref)
        else:
            plan.fields_restored += 1
    plan.restore = {key: found for key, found in changes.items() if key not in plan.created}
    plan.blockers.extend(_later_imports(session, record, ids))
    plan.blockers.extend(_later_edits(session, record, ids))
    plan.blockers.extend(_dependents(session, plan.created))
    _drafts(session, plan, ids)
    plan.blockers.sort(key=lambda blocker: blocker.ref.casefold())
    return plan


def _write(session: Session, plan: UndoPlan, now: datetime) -> None:
    """Carry out ``plan`` inside the open transaction (nothing blocks it: every change the
    import detected is an untouched draft)."""
    import_id = plan.import_id
    if plan.drafts:
        session.execute(delete(Modification).where(Modification.import_id == import_id))
    for batch in _batches(plan.created):
        session.execute(delete(ContractRevision).where(ContractRevision.contract_id.in_(batch)))
        session.execute(delete(_CONTRACT).where(_CONTRACT.c.id.in_(batch)))
    # one executemany per set of fields put back (most contracts share one)
    by_fields: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for contract_id, restored in plan.restore.items():
        by_fields[tuple(sorted(restored))].append(
            {**{f"v_{name}": value for name, value in restored.items()}, "b_id": contract_id}
        )
    for names, rows in by_fields.items():
        statement = (
            update(_CONTRACT)
            .where(_CONTRACT.c.id == bindparam("b_id"))
            .values(
                {
                    **{name: bindparam(f"v_{name}") for name in names},
                    "updated_at": now,
                    "version": _CONTRACT.c.version + 1,
                }
            )
        )
        for start in range(0, len(rows), BATCH_SIZE):
            session.execute(statement, rows[start : start + BATCH_SIZE])


def undo_import(
    session: Session,
    import_id: int,
    *,
    user: SroiUser,
    reason: str,
    expected_revision: int | None = None,
) -> UndoResult:
    """Undo one import in one transaction, or change nothing.

    :param reason: already checked by :func:`clean_reason`
    :param expected_revision: the portfolio revision the confirmation screen saw; when another
        import or undo landed since, nothing is done (:attr:`UndoResult.stale`)
    """
    result = UndoResult(import_id)
    now = utcnow()
    try:
        if session.get(PortfolioImport, import_id) is None:
            result.unknown = True
            result.errors.append(f"Import {import_id} bestaat niet.")
            session.rollback()
            return result
        if raise_revision(session, expected_revision) is None:
            result.stale = True
            result.errors.append(STALE_UNDO_MESSAGE)
            session.rollback()
            return result
        # under the revision lock: read the import as it is now (another undo may have won)
        record = session.execute(
            select(PortfolioImport)
            .where(PortfolioImport.id == import_id)
            .execution_options(populate_existing=True)
        ).scalar_one()
        plan = result.plan = plan_undo(session, record)
        if not plan.possible:
            if plan.already_undone:
                result.errors.append(plan.already_undone)
            session.rollback()
            return result
        marked = session.execute(
            update(_IMPORT)
            .where(_IMPORT.c.id == import_id, _IMPORT.c.undone_at.is_(None))
            .values(
                undone_at=now,
                undone_by_id=user.id,
                undone_by_name=user.name,
                undo_reason=reason,
            )
        )
        if marked.rowcount != 1:  # type: ignore[attr-defined]
            result.errors.append(f"Import {import_id} is intussen al ongedaan gemaakt.")
            session.rollback()
            return result
        _write(session, plan, now)
        session.commit()
        result.undone = True
    except BaseException:
        session.rollback()
        raise
    return result


def import_summary(record: PortfolioImport) -> dict[str, Any]:
    """One import as ``flask sroi imports --json`` lists it."""
    return {
        "id": record.id,
        "when": local_moment(record.imported_at).strftime("%d-%m-%Y %H:%M"),
        "imported_at": record.imported_at.isoformat(),
        "by": record.imported_by_name,
        "source": record.source,
        "file": record.file_name,
        "counts": {
            "new": record.new_count,
            "changed": record.changed_count,
            "unchanged": record.unchanged_count,
            "invalid": record.invalid_count,
            "missing": record.missing_count,
            "skipped": record.skipped_count,
            "assess": record.assess_count,
        },
        "undone": record.undone_at is not None,
        "undone_at": None if record.undone_at is None else record.undone_at.isoformat(),
        "undone_by": record.undone_by_name,
        "undo_reason": record.undo_reason,
        "undone_sentence": undone_sentence(record),
    }


def list_imports(session: Session, limit: int | None = None) -> list[dict[str, Any]]:
    """The confirmed imports, newest first, as :func:`import_summary` gives them."""
    query = select(PortfolioImport).order_by(
        PortfolioImport.imported_at.desc(), PortfolioImport.id.desc()
    )
    if limit is not None:
        query = query.limit(limit)
    return [import_summary(record) for record in session.scalars(query)]


def current_revision(session: Session) -> int:
    """The portfolio revision now (0 before the first import): what a confirmation screen saw."""
    found = session.scalar(
        select(PortfolioState.revision).where(PortfolioState.id == PORTFOLIO_STATE_ID)
    )
    return found or 0
