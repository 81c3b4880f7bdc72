"""A preview's plan kept until the confirm: :class:`StoredPlan` ↔ bytes.

The preview computes the plan (:func:`~.apply.preview_portfolio`) without writing; the
confirm applies exactly that plan (:func:`~.apply.apply_plan`), so the workbook is neither
read nor compared again. The plan is kept next to the upload under its token
(:mod:`.uploads`), like the upload itself: the preview of a background job and any web
process that confirms share that folder already, and a plan never outlives its upload.

:func:`encode_plan` writes marshal of plain values, the rows of each list column by column
(no pickle: nothing in the file can become code); :func:`decode_plan` reads it back, or gives
``None`` for a payload of another version or shape. Timestamps are not kept: the confirm
stamps its own moment.
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any
from typing import Final

from sroi_plugin.importing.codec import revision_text
from sroi_plugin.importing.codec import revision_value
from sroi_plugin.importing.conflicts import FieldConflict
from sroi_plugin.importing.plan import Plan
from sroi_plugin.importing.reader import SkippedRows

__all__ = ["StoredPlan", "decode_plan", "encode_plan"]

#: 1 was the rows as read (kept before the preview planned); such a payload is planned anew
_VERSION: Final = 2
#: row keys the confirm sets itself (its own moment)
_STAMPS: Final = ("created_at", "updated_at")
_LISTS: Final = ("inserts", "updates", "revisions", "modifications", "pending", "standby")


@dataclass
class StoredPlan:
    """What the confirm needs of a preview: the plan, and what the audit row records."""

    plan: Plan
    file_name: str
    file_sha256: str
    sheet: str
    header_row: int
    profile_id: int | None
    profile_name: str | None
    #: the portfolio revision the preview planned on (the confirm's stale check)
    seen_revision: int
    today: date
    totals: dict[str, int]
    missing: int
    newly_missing: int
    active_before: int
    max_missing_share: Decimal
    mass_missing: bool
    assess_count: int
    skipped: list[SkippedRows] = field(default_factory=list)
    #: every conflict of the preview (choices are applied at the confirm)
    conflicts: list[FieldConflict] = field(default_factory=list)


def _kind(values: Sequence[Any]) -> str:
    """How a column is kept: ``d`` decimals, ``o`` dates, ``t`` timestamps, ``e`` closed-list
    codes (str enums), ``s`` as is."""
    for value in values:
        if value is None or value.__class__ in (str, int, bool, float):
            continue
        if isinstance(value, Decimal):
            return "d"
        if isinstance(value, datetime):
            return "t"
        if isinstance(value, date):
            return "o"
        if isinstance(value, str):
            return "e"  # a closed list's enum: its plain code
        raise TypeError(f"cannot keep {type(value).__name__} in a plan")
    return "s"


def _encode_column(kind: str, values: Sequence[Any]) -> list[Any]:
    if kind == "d":
        return [None if v is None else str(v) for v in values]
    if kind == "o":
        return [None if v is None else v.toordinal() for v in values]
    if kind == "t":
        return [None if v is None else v.isoformat() for v in values]
    if kind == "e":
        return [None if v is None else str(v.value if hasattr(v, "value") else v) for v in values]
    return values if isinstance(values, list) else list(values)


def _decode_column(kind: str, values: Sequence[Any]) -> list[Any]:
    if kind == "d":
        return [None if v is None else Decimal(v) for v in values]
    if kind == "o":
        return [None if v is None else date.fromordinal(v) for v in values]
    if kind == "t":
        return [None if v is None else datetime.fromisoformat(v) for v in values]
    return list(values)


def _encode_rows(rows: list[dict[str, Any]]) -> list[Any]:
    """Rows of one shape or a few (an update with or without a derived flag), column-wise."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    encoded = []
    for keys, members in groups.items():
        names = [name for name in keys if name not in _STAMPS]
        if names:
            take = itemgetter(*names)
            picked = [take(row) for row in members]
            values = list(zip(*picked, strict=True)) if len(names) > 1 else [tuple(picked)]
        else:
            values = []
        columns = []
        for name, column in zip(names, values, strict=True):
            kind = _kind(column)
            columns.append((name, kind, _encode_column(kind, column)))
        encoded.append((len(members), _STAMPS[1] in keys, columns))
    return encoded


def _decode_rows(encoded: list[Any], now: datetime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for count, stamped, columns in encoded:
        names = [name for name, _kind, _values in columns]
        decoded = [_decode_column(kind, values) for _name, kind, values in columns]
        group = [dict(zip(names, values, strict=True)) for values in zip(*decoded, strict=True)]
        if not columns:
            group = [{} for _ in range(count)]
        if stamped:
            for row in group:
                if "b_id" not in row:
                    row[_STAMPS[0]] = now
                row[_STAMPS[1]] = now
        rows.extend(group)
    return rows


def _conflict(found: FieldConflict) -> tuple[Any, ...]:
    return (
        found.key,
        found.ref,
        found.field,
        revision_text(found.plugin_value),
        revision_text(found.export_value),
        found.edited_by,
        found.edited_at.isoformat(),
    )


def encode_plan(stored: StoredPlan | None) -> bytes:
    """The stored plan as compact bytes (``ImportResult.plan`` of a preview).

    :raises ValueError: no plan (a result that is not a preview's)
    """
    if stored is None:
        raise ValueError("only a preview's result carries a plan to keep")
    plan = stored.plan
    payload = {
        "v": _VERSION,
        **{name: _encode_rows(getattr(plan, name)) for name in _LISTS},
        "new_revisions": plan.new_revisions,
        "ref_of_id": plan.ref_of_id,
        "missing_ids": plan.missing_ids,
        "file": (stored.file_name, stored.file_sha256, stored.sheet, stored.header_row),
        "profile": (stored.profile_id, stored.profile_name),
        "seen_revision": stored.seen_revision,
        "today": stored.today.toordinal(),
        "totals": stored.totals,
        "missing": (stored.missing, stored.newly_missing, stored.active_before),
        "max_missing_share": str(stored.max_missing_share),
        "mass_missing": stored.mass_missing,
        "assess_count": stored.assess_count,
        "skipped": [(run.first_row, run.last_row, run.reason) for run in stored.skipped],
        "conflicts": [_conflict(found) for found in stored.conflicts],
    }
    return marshal.dumps(payload)


def decode_plan(payload: bytes, *, now: datetime) -> StoredPlan | None:
    """The :class:`StoredPlan` of :func:`encode_plan`, rows stamped with ``now``; ``None``
    when unusable."""
    try:
        data = marshal.loads(payload)  # noqa: S302 - our own file in the instance folder
        if not isinstance(data, dict) or data.get("v") != _VERSION:
            return None
        plan = Plan(
            **{name: _decode_rows(data[name], now) for name in _LISTS},
            new_revisions=[tuple(item) for item in data["new_revisions"]],
            ref_of_id=dict(data["ref_of_id"]),
            missing_ids=list(data["missing_ids"]),
        )
        file_name, sha, sheet, header_row = data["file"]
        missing, newly_missing, active_before = data["missing"]
        return StoredPlan(
            plan=plan,
            file_name=file_name,
            file_sha256=sha,
            sheet=sheet,
            header_row=header_row,
            profile_id=data["profile"][0],
            profile_name=data["profile"][1],
            seen_revision=data["seen_revision"],
            today=date.fromordinal(data["today"]),
            totals=dict(data["totals"]),
            missing=missing,
            newly_missing=newly_missing,
            active_before=active_before,
            max_missing_share=Decimal(data["max_missing_share"]),
            mass_missing=data["mass_missing"],
            assess_count=data["assess_count"],
            skipped=[SkippedRows(first, last, reason) for first, last, reason in data["skipped"]],
            conflicts=[
                FieldConflict(
                    key,
                    ref,
                    name,
                    revision_value(name, plugin),
                    revision_value(name, export),
                    by,
                    datetime.fromisoformat(at),
                )
                for key, ref, name, plugin, export, by, at in data["conflicts"]
            ],
        )
    except (ValueError, EOFError, TypeError, KeyError, IndexError):
        return None
