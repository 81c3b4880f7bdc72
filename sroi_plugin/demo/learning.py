"""The demo host's register learns the contracts an import added (``contracts_added``).

A real host's register is the source of the export, so it knows every contract already; the
demo's small register does not, and without a row its contract page would not exist. Each
added contract gets a register row from the plugin's copy.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import current_app
from flask import g
from flask import has_app_context
from sqlalchemy import select

from sroi_plugin.config import today_from
from sroi_plugin.demo.models import HostContract
from sroi_plugin.demo.models import db
from sroi_plugin.models import Contract
from sroi_plugin.models import ref_key


def learn_added_contracts(_sender: object, *, refs: list[str], **_extra: Any) -> None:
    """Add a register row for each of ``refs`` the demo's register does not have yet."""
    if not has_app_context() or current_app.extensions.get("sqlalchemy") is not db:
        return  # another app (a host without the demo's register)
    known = set(db.session.scalars(select(HostContract.ref).where(HostContract.ref.in_(refs))))
    keys = [ref_key(ref) for ref in refs if ref not in known]
    if not keys:
        return
    added = db.session.scalars(select(Contract).where(Contract.ref_key.in_(keys))).all()
    today = today_from(current_app.config)
    for contract in added:
        db.session.add(
            HostContract(
                ref=contract.ref,
                title=contract.title or contract.ref,
                supplier_name=contract.supplier_name or "",
                category=contract.category or "",
                department=contract.department or "",
                kind=contract.kind or "",
                procedure=contract.procedure or "",
                value_total=contract.value_total or Decimal(0),
                start_date=contract.start_date or contract.award_date or today,
                end_date=contract.end_date,
                contract_manager=contract.contract_manager or "",
            )
        )
    db.session.commit()
    g.pop("demo_register_refs", None)  # the page links read the register again
