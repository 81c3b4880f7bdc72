"""Contract panel "Historie": what portfolio imports changed, and the changes they found.

Revisions are listed per import, newest first, with who imported which file when. Below them
the contract changes the imports detected (draft modifications), for the contract manager to
assess in the change panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask import url_for
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
from sroi_plugin.web.panels import register_panel
from sroi_plugin.web.portfolio_import import ASSESS_LABELS
from sroi_plugin.web.portfolio_import import FIELD_LABELS
from sroi_plugin.web.portfolio_import import display_value
from sroi_plugin.web.render import render_panel

register_panel("history", "Historie")

#: Imports shown per contract (newest first).
HISTORY_LIMIT = 50
#: The change panel another module offers; linked only when it exists.
CHANGES_ENDPOINT = "sroi.changes"


@dataclass(frozen=True)
class ImportEntry:
    """One import's revisions of this contract."""

    record: PortfolioImport
    #: ``(field, old, new)`` as stored (revision text)
    revisions: list[tuple[str, str | None, str | None]]

    @property
    def added(self) -> bool:
        """The import added the contract (its only revision is the first status)."""
        return any(f == "status" and old is None for f, old, _new in self.revisions)


def _entries(contract_id: int) -> list[ImportEntry]:
    session = current_session()
    recent_imports = (
        select(ContractRevision.import_id)
        .where(ContractRevision.contract_id == contract_id)
        .distinct()
    )
    records = session.scalars(
        select(PortfolioImport)
        .where(PortfolioImport.id.in_(recent_imports))
        .order_by(PortfolioImport.imported_at.desc(), PortfolioImport.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    if not records:
        return []
    rows = session.execute(
        select(
            ContractRevision.import_id,
            ContractRevision.field,
            ContractRevision.old_value,
            ContractRevision.new_value,
        )
        .where(
            ContractRevision.contract_id == contract_id,
            ContractRevision.import_id.in_([record.id for record in records]),
        )
        .order_by(ContractRevision.id)
    ).all()
    by_import: dict[int, list[tuple[str, str | None, str | None]]] = {}
    for import_id, field, old, new in rows:
        by_import.setdefault(import_id, []).append((field, old, new))
    return [ImportEntry(record, by_import.get(record.id, [])) for record in records]


@bp.get("/contracts/<path:ref>/history")
@require_roles(*ANY_ROLE)
def history(ref: str) -> Response:
    """What the portfolio imports changed in this contract, newest first."""
    contract = contract_or_404(ref)
    detected = (
        current_session()
        .scalars(
            select(Modification)
            .where(Modification.contract_id == contract.id, Modification.import_id.is_not(None))
            .order_by(Modification.created_at.desc(), Modification.id.desc())
        )
        .all()
    )
    changes_url: Any = None
    if CHANGES_ENDPOINT in current_app.view_functions:
        changes_url = url_for(CHANGES_ENDPOINT, ref=contract.ref)
    return render_panel(
        "history",
        ref=contract.ref,
        contract=contract,
        entries=_entries(contract.id),
        detected=detected,
        changes_url=changes_url,
        labels=FIELD_LABELS,
        assess_labels=ASSESS_LABELS,
        display_value=display_value,
    )
