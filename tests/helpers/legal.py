"""Proposed contract changes for the legal reviewers' queue, and the URLs that act on them."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import Modification


def _id(change: Modification | int) -> int:
    return change if isinstance(change, int) else change.id


def review_url(change: Modification | int) -> str:
    return f"/sroi/juridisch/wijzigingen/{_id(change)}"


def decide_url(change: Modification | int) -> str:
    return f"/sroi/juridisch/wijzigingen/{_id(change)}/besluiten"


def add_change(session: Session, ref: str, description: str, **fields: Any) -> Modification:
    contract_id = session.scalar(select(Contract.id).where(Contract.ref == ref))
    values: dict[str, Any] = {
        "kind": "value_increase",
        "status": "proposed",
        "description": description,
        "value_delta": Decimal("150000"),
        "assessed_value": Decimal("150000"),
        "modification_date": date(2026, 6, 1),
        "ground": "de_minimis",
        "verdict": "needs_legal_review",
        "assessment": {
            "verdict": "needs_legal_review",
            "article": "Aw 2012 art. 2.163g / Richtlijn 2014/24 art. 72 lid 1 onder e en lid 4",
            "reasons": ["Laat een aanbestedingsjurist dit beoordelen (handreiking stap 3a)."],
            "headroom_eur": "119999.99",
            "threshold_eur": "216000.00",
            "cumulative_eur": "0.00",
        },
        "proposed_by_id": "u-sanne",
        "proposed_by_name": "Sanne de Vries",
        "proposed_at": datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
    }
    values.update(fields)
    change = Modification(contract_id=contract_id, **values)
    session.add(change)
    session.commit()
    return change


def change_form(**fields: str) -> dict[str, str]:
    """A complete, valid proposal: a € 20.000 de-minimis increase, all questions "nee"."""
    data = {
        "kind": "value_increase",
        "description": "Extra schoonmaakuren voor de nieuwe vleugel",
        "modification_date": "2026-11-25",
        "value_delta": "20.000",
        "new_end_date": "",
        "ground": "de_minimis",
        "changes_overall_nature": "nee",
        "attracts_other_bidders": "nee",
        "shifts_economic_balance": "nee",
        "extends_scope_considerably": "nee",
    }
    data.update(fields)
    return data
