"""Fields edited in the plugin that an import contradicts: conflicts and overwrites.

An import compares every contract with the export (:mod:`.plan`); for each field it would
change, :meth:`EditLedger.settle` asks whether someone edited that field in a panel
(:class:`~sroi_plugin.models.SrEdit`) since the last import that wrote it:

* a *plugin* field (:mod:`sroi_plugin.rules.field_owners`) so edited is a
  :class:`FieldConflict`: nothing is written for it until procurement chooses, per conflict
  or for all, to keep the edit (:data:`~sroi_plugin.models.portfolio.KEPT_EDIT`, the revision
  records the declined value and changes nothing) or take the export
  (:data:`~sroi_plugin.models.portfolio.TOOK_EXPORT`);
* a *register* field so edited is written (the export wins) and listed as an
  :class:`Overwrite`, so the preview says whose edit goes;
* a field whose export value procurement declined at the last import that touched it, and
  that nobody edited since, stays as it is without asking again (the export still says
  what was declined).

Everything else is an ordinary change. The edits and revisions are loaded once per run.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from typing import Any
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import SrEdit
from sroi_plugin.models.portfolio import KEPT_EDIT
from sroi_plugin.models.portfolio import TOOK_EXPORT
from sroi_plugin.models.portfolio import ContractRevision
from sroi_plugin.models.portfolio import PortfolioImport
from sroi_plugin.rules.field_owners import DEFAULT_OWNERS
from sroi_plugin.rules.field_owners import PLUGIN

__all__ = [
    "CHOICES",
    "EditLedger",
    "FieldConflict",
    "Overwrite",
    "Settled",
    "conflict_key",
]

#: what procurement may choose on a conflict, and the revision's resolution it becomes
CHOICES: Final[Mapping[str, str]] = {"plugin": KEPT_EDIT, "export": TOOK_EXPORT}
_CHUNK: Final = 500


def conflict_key(ref_key: str, name: str) -> str:
    """The stable key of one conflict (a form field name on the preview): field and contract."""
    return f"{name}:{ref_key}"


@dataclass(frozen=True, slots=True)
class PanelEdit:
    """The last edit of one field in a panel."""

    value: str | None
    by: str
    at: datetime


@dataclass(frozen=True, slots=True)
class _LastImport:
    """The last import revision of one field: what it wrote (or declined) and when."""

    value: str | None
    resolution: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """A plugin field edited in a panel that the export contradicts."""

    key: str
    ref: str
    field: str
    #: the value in the plugin (typed, as stored) and the export's value (typed)
    plugin_value: object
    export_value: object
    edited_by: str
    edited_at: datetime
    #: ``plugin`` or ``export`` (see :data:`CHOICES`); ``None`` while nobody chose
    choice: str | None = None


@dataclass(frozen=True, slots=True)
class Overwrite:
    """A register field edited in a panel that the import overwrites with the export."""

    ref: str
    field: str
    plugin_value: object
    export_value: object
    edited_by: str
    edited_at: datetime


@dataclass
class Settled:
    """What :meth:`EditLedger.settle` made of one contract's changes."""

    #: field → resolution for the revisions that are written (``took_export``)
    resolutions: dict[str, str] = field(default_factory=dict)
    #: field → ``(plugin value, export value)`` kept: a ``kept_edit`` revision, no write
    kept: dict[str, tuple[object, object]] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    overwrites: list[Overwrite] = field(default_factory=list)


def _utc(moment: datetime) -> datetime:
    """A timestamp comparable with another: UTC, without tzinfo (SQLite drops it)."""
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


class EditLedger:
    """Panel edits and import revisions of the imported fields, loaded once per run.

    :param owners: field → owner (``SROI_FIELD_OWNERS`` over the defaults)
    :param choices: conflict key → ``plugin`` or ``export``, as procurement chose
    :param choose_all: ``plugin`` or ``export`` for every conflict without its own choice
    :param text_of: a typed value as revisions and edits keep it (for the comparison with a
        declined value)
    """

    def __init__(
        self,
        session: Session,
        owners: Mapping[str, str],
        *,
        text_of: Callable[[object], str | None],
        choices: Mapping[str, str] | None = None,
        choose_all: str | None = None,
    ) -> None:
        self._session = session
        self._owners = owners
        self._text_of = text_of
        self._choices = dict(choices or {})
        self._choose_all = choose_all
        self._edits: dict[tuple[int, str], PanelEdit] | None = None
        self._imports: dict[tuple[int, str], _LastImport] = {}

    def _load(self) -> dict[tuple[int, str], PanelEdit]:
        if self._edits is None:
            fields = list(DEFAULT_OWNERS)
            rows = self._session.execute(
                select(
                    SrEdit.contract_id,
                    SrEdit.field,
                    SrEdit.new_value,
                    SrEdit.edited_by_name,
                    SrEdit.edited_at,
                )
                .where(SrEdit.field.in_(fields))
                .order_by(SrEdit.edited_at, SrEdit.id)
            ).all()
            self._edits = {
                (row.contract_id, row.field): PanelEdit(
                    row.new_value, row.edited_by_name, _utc(row.edited_at)
                )
                for row in rows
            }
            self._imports = self._last_imports({key[0] for key in self._edits})
        return self._edits

    def _last_imports(self, contract_ids: Iterable[int]) -> dict[tuple[int, str], _LastImport]:
        """Per edited contract and field the last revision of an import not undone."""
        revision, audit = ContractRevision, PortfolioImport
        found: dict[tuple[int, str], _LastImport] = {}
        ids = sorted(contract_ids)
        for start in range(0, len(ids), _CHUNK):
            rows = self._session.execute(
                select(
                    revision.contract_id,
                    revision.field,
                    revision.new_value,
                    revision.resolution,
                    audit.imported_at,
                )
                .join(audit, audit.id == revision.import_id)
                .where(
                    revision.contract_id.in_(ids[start : start + _CHUNK]),
                    audit.undone_at.is_(None),
                )
                .order_by(audit.imported_at, revision.id)
            ).all()
            for row in rows:
                found[(row.contract_id, row.field)] = _LastImport(
                    row.new_value, row.resolution, _utc(row.imported_at)
                )
        return found

    def settle(self, stored: Any, changes: dict[str, tuple[object, object]]) -> Settled:
        """Take out of ``changes`` what may not be written now; say why in the result.

        :param stored: the contract row (``id``, ``ref``, ``ref_key``)
        :param changes: field → ``(stored, export)``, changed in place
        """
        settled = Settled()
        edits = self._load()
        if not edits:
            return settled
        for name in [name for name in changes if (stored.id, name) in edits]:
            edit = edits[(stored.id, name)]
            old, new = changes[name]
            last = self._imports.get((stored.id, name))
            if last is not None and edit.at <= last.at:
                if last.resolution != KEPT_EDIT:
                    continue  # an import wrote the field after the edit: an ordinary change
                if last.value == self._text_of(new):
                    del changes[name]  # declined before, not edited since: stays
                    continue
                # the export now says something else than what was declined: ask again
            if self._owners.get(name) != PLUGIN:
                settled.overwrites.append(Overwrite(stored.ref, name, old, new, edit.by, edit.at))
                continue
            key = conflict_key(stored.ref_key, name)
            choice = self._choices.get(key) or self._choose_all
            settled.conflicts.append(
                FieldConflict(key, stored.ref, name, old, new, edit.by, edit.at, choice)
            )
            if choice is None or CHOICES.get(choice) == KEPT_EDIT:
                del changes[name]
                if choice is not None:
                    settled.kept[name] = (old, new)
            else:
                settled.resolutions[name] = TOOK_EXPORT
        return settled
