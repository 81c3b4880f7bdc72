"""Panel edits and imports with conflict choices, for the register-sync tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing.apply import apply_portfolio
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import SrEdit
from sroi_plugin.models import utcnow
from sroi_plugin.rules.field_owners import DEFAULT_OWNERS
from tests.helpers.clock import TODAY
from tests.helpers.portfolio import USER
from tests.helpers.portfolio import read

#: The contract manager whose edits the imports meet.
EDITOR = "Sanne de Vries"


def edit_in_panel(
    session: Session,
    ref: str,
    name: str,
    new: Any,
    *,
    text: str | None = None,
    at: datetime | None = None,
) -> None:
    """Change one field as a panel saves it: the contract's value and an SrEdit row."""
    contract = session.scalars(select(Contract).where(Contract.ref_key == ref.casefold())).one()
    old = getattr(contract, name)
    setattr(contract, name, new)
    session.flush()
    session.add(
        SrEdit(
            contract_id=contract.id,
            field=name,
            old_value=None if old is None else str(old),
            new_value=text if text is not None else None if new is None else str(new),
            contract_version=contract.version,
            edited_by_id="u-sanne",
            edited_by_name=EDITOR,
            edited_at=at or utcnow(),
        )
    )
    session.commit()


def run_with(
    session: Session,
    data: bytes,
    *,
    commit: bool = True,
    choices: Mapping[str, str] | None = None,
    choose_all: str | None = None,
    owners: Mapping[str, str] = DEFAULT_OWNERS,
) -> ImportResult:
    """Read and apply ``data``, choosing on conflicts as procurement would.

    :param choices: conflict key → ``plugin`` or ``export``
    """
    return apply_portfolio(
        session,
        read(session, data),
        user=USER,
        today=TODAY,
        commit=commit,
        owners=owners,
        choices=choices,
        choose_all=choose_all,
    )


def revisions_of(session: Session, ref: str, name: str) -> list[tuple[str | None, str | None]]:
    """``(new_value, resolution)`` of the contract's revisions of ``name``, oldest first."""
    session.expire_all()
    return [
        (row.new_value, row.resolution)
        for row in session.execute(
            select(ContractRevision.new_value, ContractRevision.resolution)
            .join(Contract, Contract.id == ContractRevision.contract_id)
            .where(Contract.ref_key == ref.casefold(), ContractRevision.field == name)
            .order_by(ContractRevision.id)
        )
    ]
