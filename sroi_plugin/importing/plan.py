"""Planning stage 2: compare every row read with the stored contract, without writing.

:func:`make_plan` fills the :class:`~.result.ImportResult` (new, changed, unchanged, missing,
changes to assess) and collects what :mod:`.apply` writes in bulk as a :class:`Plan`; a row
naming a stored contract an earlier row named already (as the matcher reads numbers) is an
invalid row here, before the database could refuse it. Conflicts nobody chose on stay pending
in the plan, and :func:`choose` applies procurement's choices to a kept plan at the confirm.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from datetime import datetime
from operator import itemgetter
from typing import Any
from typing import Final
from typing import cast

from sqlalchemy import String
from sqlalchemy import Table

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing.codec import revision_text as revision_text
from sroi_plugin.importing.codec import revision_value
from sroi_plugin.importing.conflicts import CHOICES
from sroi_plugin.importing.conflicts import EditLedger
from sroi_plugin.importing.conflicts import FieldConflict
from sroi_plugin.importing.diff import DEFAULTS_ON_EMPTY
from sroi_plugin.importing.diff import field_changes
from sroi_plugin.importing.diff import snapshot
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.importing.matcher import MATCH_COLUMNS
from sroi_plugin.importing.matcher import ContractMatcher
from sroi_plugin.importing.read import KEEP
from sroi_plugin.importing.read import ReadPortfolio
from sroi_plugin.importing.result import CHANGED
from sroi_plugin.importing.result import INVALID
from sroi_plugin.importing.result import NEW
from sroi_plugin.importing.result import UNCHANGED
from sroi_plugin.importing.result import AssessChange
from sroi_plugin.importing.result import ContractChange
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.importing.result import InvalidRow
from sroi_plugin.importing.result import MissingContract
from sroi_plugin.importing.result import NewContract
from sroi_plugin.models import Modification
from sroi_plugin.models import ref_key
from sroi_plugin.models.portfolio import KEPT_EDIT
from sroi_plugin.rules.portfolio_sync import STATUS_MISSING
from sroi_plugin.rules.portfolio_sync import changes_to_assess
from sroi_plugin.rules.portfolio_sync import contract_status

#: the longest old and new value a change to assess keeps (its model column)
_TEXT_LIMIT: Final = cast(String, cast(Table, Modification.__table__).c.old_value.type).length


@dataclass
class Plan:
    """What a run writes, collected while comparing."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    #: revisions of known contracts (``contract_id`` set) and of new ones (``ref_key`` set)
    revisions: list[dict[str, Any]] = field(default_factory=list)
    new_revisions: list[tuple[str, str]] = field(default_factory=list)
    modifications: list[dict[str, Any]] = field(default_factory=list)
    ref_of_id: dict[int, str] = field(default_factory=dict)
    #: contracts the run marks missing (their updates are no changes of the file)
    missing_ids: list[int] = field(default_factory=list)
    #: conflicts nobody chose on yet: ``key``, ``contract_id``, ``field``, ``old``, ``new``
    #: (revision texts); a confirm applies the choice (:func:`choose`)
    pending: list[dict[str, Any]] = field(default_factory=list)
    #: the update of a contract whose only changes are pending conflicts, should one be taken
    standby: list[dict[str, Any]] = field(default_factory=list)


def _text300(text: str | None) -> str | None:
    return None if text is None or _TEXT_LIMIT is None else text[:_TEXT_LIMIT]


def _picker(positions: list[int]) -> Callable[[Any], tuple[Any, ...]]:
    """A function taking the values at ``positions`` of a row, always as a tuple."""
    if len(positions) == 1:
        only = positions[0]
        return lambda row: (row[only],)
    return cast(Callable[[Any], tuple[Any, ...]], itemgetter(*positions))


_INITIAL_VALUE = "initial_value"
_DERIVED = "initial_value_derived"


def _initial_value_of_new(values: dict[str, Any]) -> dict[str, Any]:
    """A new contract's initial value: the file's, or else its value, marked derived."""
    if values.get(_INITIAL_VALUE) is not None:
        return {_INITIAL_VALUE: values[_INITIAL_VALUE], _DERIVED: False}
    value = values.get("value_total")
    return {_INITIAL_VALUE: value, _DERIVED: value is not None}


def _update_row(
    stored: Any, values: dict[str, Any], update_fields: tuple[str, ...], status: str, now: datetime
) -> dict[str, Any]:
    """What an update of ``stored`` sets, and from which version."""
    row = {name: values.get(name, getattr(stored, name)) for name in update_fields}
    row.update(b_id=stored.id, b_version=stored.version, status=status, updated_at=now)
    if _INITIAL_VALUE in update_fields:
        # a value from the file is a stated one; an empty cell (KEEP) leaves it as it was
        row[_DERIVED] = stored.initial_value_derived and _INITIAL_VALUE not in values
    return row


def make_plan(
    read: ReadPortfolio,
    matcher: ContractMatcher,
    result: ImportResult,
    *,
    user: SroiUser,
    today: date,
    now: datetime,
    ledger: EditLedger | None = None,
) -> Plan:
    """Compare every valid row with the stored contract; collect the writes and the result.

    :param ledger: the panel edits an import must not overwrite silently (see
        :mod:`.conflicts`); ``None`` compares with the export alone
    """
    plan = Plan()
    fields = read.fields
    #: what an update sets: the supplied fields except the key (its stored spelling stays)
    update_fields = tuple(name for name in fields if name != REF_FIELD)
    new_defaults = {name: DEFAULTS_ON_EMPTY.get(name) for name in MODEL_FIELD_NAMES}
    totals = result.totals
    # fast path for the common case, an unchanged contract: the row's values equal the stored
    # ones as a whole tuple (no per-field work, no dict)
    stored_values = _picker([MATCH_COLUMNS.index(name) for name in fields])
    ref_at = fields.index(REF_FIELD)
    end_at, status_at = MATCH_COLUMNS.index("end_date"), MATCH_COLUMNS.index("status")
    #: stored contract → the first row that matched it (``004711`` and ``4711`` are one)
    matched: dict[int, tuple[int, str]] = {}
    for number, row in read.rows:
        key = ref_key(row[ref_at])
        stored = matcher.get(key)
        if stored is not None:
            first = matched.setdefault(stored.id, (number, row[ref_at]))
            if first[0] != number:
                result.invalid_rows.append(_same_contract(number, row[ref_at], first))
                totals[INVALID] += 1
                continue
        if (
            stored is not None
            and row == stored_values(stored)
            and contract_status(stored[end_at], today) == stored[status_at]
        ):
            totals[UNCHANGED] += 1
            continue
        values = {name: value for name, value in zip(fields, row, strict=True) if value is not KEEP}
        if stored is None:
            status = contract_status(values.get("end_date"), today)
            plan.inserts.append(
                {
                    **new_defaults,
                    **values,
                    **_initial_value_of_new(values),
                    "ref_key": key,
                    "status": status,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            plan.new_revisions.append((key, status))
            result.new_contracts.append(
                NewContract(
                    values[REF_FIELD],
                    values.get("title"),
                    values.get("supplier_name"),
                    values.get("value_total"),
                )
            )
            totals[NEW] += 1
            continue
        changes = field_changes(values, stored)
        kept: dict[str, tuple[object, object]] = {}
        resolutions: dict[str, str] = {}
        waiting: list[dict[str, Any]] = []
        if ledger is not None and changes:
            asked = set(changes)
            settled = ledger.settle(stored, changes)
            result.conflicts.extend(settled.conflicts)
            result.overwrites.extend(settled.overwrites)
            kept, resolutions = settled.kept, settled.resolutions
            waiting = [
                {
                    "key": found.key,
                    "contract_id": stored.id,
                    "field": found.field,
                    "old": revision_text(found.plugin_value),
                    "new": revision_text(found.export_value),
                }
                for found in settled.conflicts
                if found.choice is None
            ]
            plan.pending.extend(waiting)
            for name in asked - set(changes):
                values.pop(name, None)  # not written: the stored value stays
            plan.revisions.extend(
                _revision(stored.id, name, old, new, KEPT_EDIT) for name, (old, new) in kept.items()
            )
        end_date = values.get("end_date", stored.end_date)
        status = contract_status(end_date, today)
        if status != stored.status:
            changes["status"] = (stored.status, status)
        if waiting or changes:
            plan.ref_of_id[stored.id] = stored.ref
        if not changes:
            totals[UNCHANGED] += 1
            if waiting:
                plan.standby.append(_update_row(stored, values, update_fields, status, now))
            continue
        totals[CHANGED] += 1
        result.changes.append(ContractChange(stored.ref, changes))
        plan.updates.append(_update_row(stored, values, update_fields, status, now))
        plan.revisions.extend(
            _revision(stored.id, name, old, new, resolutions.get(name))
            for name, (old, new) in changes.items()
        )
        if stored.initial_value_derived and _INITIAL_VALUE in values:
            # a stated initial value ends "derived": on record, so an undo puts the mark back
            plan.revisions.append(_revision(stored.id, _DERIVED, True, False))
        for found in changes_to_assess(snapshot({}, stored), snapshot(values, stored), today):
            result.changes_to_assess.append(AssessChange(stored.ref, found))
            plan.modifications.append(
                {
                    "contract_id": stored.id,
                    "kind": found.kind,
                    "status": "draft",
                    "old_value": _text300(found.old),
                    "new_value": _text300(found.new),
                    "description": found.description,
                    "value_delta": found.value_delta,
                    "new_end_date": found.new_end_date,
                    "modification_date": today,
                    "created_by_id": user.id,
                    "created_by_name": user.name,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
    for stored in matcher.not_in(read.seen_keys):
        result.missing += 1
        result.missing_refs.append(stored.ref)
        result.missing_contracts.append(
            MissingContract(
                stored.ref,
                stored.title,
                stored.end_date,
                ended=stored.end_date is not None and stored.end_date < today,
            )
        )
        if stored.status == STATUS_MISSING:
            continue
        result.newly_missing += 1
        plan.ref_of_id[stored.id] = stored.ref
        plan.missing_ids.append(stored.id)
        plan.updates.append(
            {
                **{name: getattr(stored, name) for name in update_fields},
                "b_id": stored.id,
                "b_version": stored.version,
                "status": STATUS_MISSING,
                "updated_at": now,
            }
        )
        plan.revisions.append(_revision(stored.id, "status", stored.status, STATUS_MISSING))
    result.missing_refs.sort()
    result.missing_contracts.sort(key=lambda item: item.ref)
    return plan


def _same_contract(number: int, ref: str, first: tuple[int, str]) -> InvalidRow:
    """A row naming a contract an earlier row of the file names already (as the matcher
    reads contract numbers: case and leading zeros aside)."""
    label = FIELDS_BY_NAME[REF_FIELD].label
    return InvalidRow(
        number,
        ref,
        [
            f"Rij {number}, {label}: '{ref}' is hetzelfde contract als '{first[1]}' op rij "
            f"{first[0]} (hoofdletters en voorloopnullen tellen niet mee); deze rij is niet "
            "geïmporteerd."
        ],
    )


def _revision(
    contract_id: int, name: str, old: object, new: object, resolution: str | None = None
) -> dict[str, Any]:
    """A revision row of a known contract (every row has the same keys, for executemany)."""
    return {
        "contract_id": contract_id,
        "field": name,
        "old_value": revision_text(old),
        "new_value": revision_text(new),
        "resolution": resolution,
    }


def choose(
    plan: Plan,
    conflicts: list[FieldConflict],
    result: ImportResult,
    *,
    choices: Mapping[str, str],
    choose_all: str | None,
    today: date,
) -> None:
    """Apply procurement's conflict choices to a stored plan (a confirm), in place.

    Keeping the edit writes a ``kept_edit`` revision and nothing else; taking the export sets
    the field in the contract's update (the standby one when the conflict was its only
    change) with a ``took_export`` revision. A conflict left unchosen stays in
    ``result.conflicts`` without a choice, so the import is not committed.
    """
    updates = {row["b_id"]: row for row in plan.updates}
    standby = {row["b_id"]: row for row in plan.standby}
    for found in conflicts:
        choice = choices.get(found.key) or choose_all
        result.conflicts.append(replace(found, choice=choice if choice in CHOICES else None))
    chosen = {item.key: item.choice for item in result.conflicts if item.choice is not None}
    for item in plan.pending:
        choice = chosen.get(item["key"])
        if choice is None:
            continue
        contract_id, name = item["contract_id"], item["field"]
        resolution = CHOICES[choice]
        plan.revisions.append(
            _revision_text(contract_id, name, item["old"], item["new"], resolution)
        )
        if resolution == KEPT_EDIT:
            continue
        row = updates.get(contract_id)
        if row is None:
            row = updates[contract_id] = standby.pop(contract_id)
            plan.updates.append(row)
            result.totals[UNCHANGED] -= 1
            result.totals[CHANGED] += 1
        row[name] = revision_value(name, item["new"])
        if name == _INITIAL_VALUE:
            row[_DERIVED] = False
        if name == "end_date":
            status = contract_status(row[name], today)
            if status != row["status"]:
                plan.revisions.append(_revision_text(contract_id, "status", row["status"], status))
                row["status"] = status


def _revision_text(
    contract_id: int, name: str, old: str | None, new: str | None, resolution: str | None = None
) -> dict[str, Any]:
    """A revision row from values already in revision text."""
    return {
        "contract_id": contract_id,
        "field": name,
        "old_value": old,
        "new_value": new,
        "resolution": resolution,
    }
