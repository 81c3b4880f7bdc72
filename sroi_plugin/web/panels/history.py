"""Contract panel "Historie": what portfolio imports changed, and the changes they found.

Revisions are listed per import, newest first, with who imported which file when. Below them
the contract changes the imports detected (draft modifications), for the contract manager to
assess in the change panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any

from flask import current_app
from flask import url_for
from sqlalchemy import bindparam
from sqlalchemy import select
from werkzeug.wrappers import Response

from sroi_plugin.db import current_session
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.panels.registry import register_panel
from sroi_plugin.web.portfolio.sync import ASSESS_LABELS
from sroi_plugin.web.portfolio.sync import FIELD_LABELS
from sroi_plugin.web.portfolio.sync import display_value
from sroi_plugin.web.render import render_panel

register_panel("history", "Historie")

#: Imports shown per contract (newest first).
HISTORY_LIMIT = 50
#: The change panel another module offers; linked only when it exists.
CHANGES_ENDPOINT = "sroi.changes"


@dataclass(frozen=True)
class ImportEntry:
    """One import's revisions of this contract."""

    imported_at: datetime
    imported_by_name: str
    file_name: str
    #: when the import was undone, by whom and why (``None`` while it stands)
    undone_at: datetime | None = None
    undone_by_name: str | None = None
    undo_reason: str | None = None
    #: ``(field, old, new, resolution)`` as stored (revision text); a ``kept_edit`` row
    #: changed nothing (``new`` is the export's value procurement declined)
    revisions: list[tuple[str, str | None, str | None, str | None]] = field(default_factory=list)

    @property
    def added(self) -> bool:
        """The import added the contract (its only revision is the first status)."""
        return any(f == "status" and old is None for f, old, _new, _how in self.revisions)


#: Built once, one statement: the contract's revisions with their import, newest import first.
#: Filtering on the contract alone lets the database use the contract's index.
_REVISIONS = (
    select(
        PortfolioImport.id,
        PortfolioImport.imported_at,
        PortfolioImport.imported_by_name,
        PortfolioImport.file_name,
        PortfolioImport.undone_at,
        PortfolioImport.undone_by_name,
        PortfolioImport.undo_reason,
        ContractRevision.field,
        ContractRevision.old_value,
        ContractRevision.new_value,
        ContractRevision.resolution,
    )
    .join(PortfolioImport, PortfolioImport.id == ContractRevision.import_id)
    .where(ContractRevision.contract_id == bindparam("contract_id"))
    .order_by(PortfolioImport.imported_at.desc(), PortfolioImport.id.desc(), ContractRevision.id)
)
#: Built once: the changes imports detected, newest first (only the columns shown).
_DETECTED = (
    select(Modification.status, Modification.kind, Modification.description)
    .where(
        Modification.contract_id == bindparam("contract_id"),
        Modification.import_id.is_not(None),
    )
    .order_by(Modification.created_at.desc(), Modification.id.desc())
)


def _entries(contract_id: int) -> list[ImportEntry]:
    """The newest :data:`HISTORY_LIMIT` imports that changed the contract, with their revisions."""
    entries: dict[int, ImportEntry] = {}
    result = current_session().execute(_REVISIONS, {"contract_id": contract_id})
    for import_id, imported_at, by_name, file_name, *undone, name, old, new, how in result:
        entry = entries.get(import_id)
        if entry is None:
            if len(entries) == HISTORY_LIMIT:
                break
            entry = entries[import_id] = ImportEntry(imported_at, by_name, file_name, *undone)
        entry.revisions.append((name, old, new, how))
    result.close()
    return list(entries.values())


@bp.get("/contracten/<path:ref>/historie")
@require_roles(*ANY_ROLE)
def history(ref: str) -> Response:
    """What the portfolio imports changed in this contract, newest first."""
    contract = contract_or_404(ref)
    detected = current_session().execute(_DETECTED, {"contract_id": contract.id}).all()
    changes_url: Any = None
    if detected and CHANGES_ENDPOINT in current_app.view_functions:
        changes_url = url_for(CHANGES_ENDPOINT, ref=contract.ref)
    return render_panel(
        "panels/history",
        ref=contract.ref,
        contract=contract,
        entries=_entries(contract.id),
        detected=detected,
        changes_url=changes_url,
        labels=FIELD_LABELS,
        assess_labels=ASSESS_LABELS,
        display_value=display_value,
    )
