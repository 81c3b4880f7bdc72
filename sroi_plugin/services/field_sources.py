"""Where a contract field's current value comes from: a panel edit or the register's export.

The panels say so where it matters: the clause panel tells the contract manager that the
export says something else than the plugin keeps (procurement chose to keep the edit), or
that an import took the export's value over their edit; the overview labels the percentage
and its basis when the two come from different sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import SrEdit
from sroi_plugin.models.portfolio import KEPT_EDIT
from sroi_plugin.models.portfolio import TOOK_EXPORT
from sroi_plugin.models.portfolio import ContractRevision
from sroi_plugin.models.portfolio import PortfolioImport

__all__ = ["PLUGIN_SOURCE", "REGISTER_SOURCE", "FieldSource", "field_sources"]

#: the value was last set in a panel (or kept there over the export)
PLUGIN_SOURCE: Final = "plugin"
#: the value was last written by an import (or never touched since the contract was added)
REGISTER_SOURCE: Final = "register"


@dataclass(frozen=True, slots=True)
class FieldSource:
    """One field's source and the latest write that decided it."""

    field: str
    source: str
    #: who and when: the panel edit, or the import (for a choice: who confirmed it)
    by: str | None = None
    at: datetime | None = None
    #: procurement kept the panel's value; the export's value it declined (revision text)
    export_value: str | None = None
    export_differs: bool = False
    #: procurement took the export's value over a panel edit
    took_export: bool = False


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def field_sources(
    session: Session, contract_id: int, fields: Iterable[str]
) -> Mapping[str, FieldSource]:
    """Per field of ``fields`` its source (two queries, for one contract's panel)."""
    names = list(fields)
    edits = {
        row.field: row
        for row in session.execute(
            select(SrEdit.field, SrEdit.edited_by_name, SrEdit.edited_at)
            .where(SrEdit.contract_id == contract_id, SrEdit.field.in_(names))
            .order_by(SrEdit.edited_at, SrEdit.id)
        )
    }
    imports = {
        row.field: row
        for row in session.execute(
            select(
                ContractRevision.field,
                ContractRevision.new_value,
                ContractRevision.resolution,
                PortfolioImport.imported_by_name,
                PortfolioImport.imported_at,
            )
            .join(PortfolioImport, PortfolioImport.id == ContractRevision.import_id)
            .where(
                ContractRevision.contract_id == contract_id,
                ContractRevision.field.in_(names),
                PortfolioImport.undone_at.is_(None),
            )
            .order_by(PortfolioImport.imported_at, ContractRevision.id)
        )
    }
    sources: dict[str, FieldSource] = {}
    for name in names:
        edit, last = edits.get(name), imports.get(name)
        edit_later = edit is not None and (
            last is None or _utc(edit.edited_at) > _utc(last.imported_at)
        )
        if edit_later:
            assert edit is not None
            sources[name] = FieldSource(name, PLUGIN_SOURCE, edit.edited_by_name, edit.edited_at)
        elif last is not None and last.resolution == KEPT_EDIT:
            sources[name] = FieldSource(
                name,
                PLUGIN_SOURCE,
                last.imported_by_name,
                last.imported_at,
                export_value=last.new_value,
                export_differs=True,
            )
        elif last is not None:
            sources[name] = FieldSource(
                name,
                REGISTER_SOURCE,
                last.imported_by_name,
                last.imported_at,
                took_export=last.resolution == TOOK_EXPORT,
            )
        else:
            sources[name] = FieldSource(name, REGISTER_SOURCE)
    return sources
