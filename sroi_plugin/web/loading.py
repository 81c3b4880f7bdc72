"""Loading objects for views: a 404 with a Dutch description instead of ``None``."""

from __future__ import annotations

from flask import abort
from sqlalchemy import bindparam
from sqlalchemy import select

from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.models import PlannedTender
from sroi_plugin.models import ref_key

#: Built once: every panel request starts here, and building the expression each time costs
#: more than running it (see the panel benchmark, ``make bench``).
_BY_REF_KEY = select(Contract).where(Contract.ref_key == bindparam("ref_key"))


def contract_or_404(ref: str) -> Contract:
    """The plugin's contract for the host key ``ref`` (matched trimmed, case-insensitively)."""
    contract = current_session().scalars(_BY_REF_KEY, {"ref_key": ref_key(ref)}).first()
    if contract is None:
        abort(
            404,
            description=(
                f"Contract '{ref}' is (nog) niet bekend in de social-returnmodule. "
                "Importeer het contractregister om het toe te voegen."
            ),
        )
    return contract


def planned_tender_or_404(tender_id: int) -> PlannedTender:
    """The planned tender ``tender_id`` (route 2A)."""
    tender = current_session().get(PlannedTender, tender_id)
    if tender is None:
        abort(404, description=f"Geplande aanbesteding {tender_id} bestaat niet (meer).")
    return tender
