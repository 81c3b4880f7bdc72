"""Lessons from earlier partnerships in a procurement category, for the next tender.

Two sources, both named by the guide: a partnership that stopped "for now" and asks to put
social return in the next tender instead (handreiking stap 2Bb: "Wanneer een contract
afloopt, bespreek dan de mogelijkheid om in de komende aanbesteding social return mee te
nemen"), and the evaluations' "what to do better in the next tender" (stap 4b: "Leg vast wat je
meeneemt naar de volgende aanbesteding"). A partnership belongs to a category through its
planned tender or its contracts; an evaluation through its contract. Categories match
case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import Evaluation
from sroi_plugin.models import Partnership
from sroi_plugin.models import PlannedTender
from sroi_plugin.models import partnership as partnership_models

__all__ = ["MAX_LESSONS", "Lesson", "lessons_for_category"]

#: Most lessons of each source shown, newest first.
MAX_LESSONS = 10


@dataclass(frozen=True)
class Lesson:
    """One lesson: where it comes from, its text, who recorded it and when."""

    #: ``nu_niet`` (a partnership's "not now") or ``evaluatie`` (an evaluation, stap 4b)
    kind: str
    #: the partnership's name, or the contract's reference and title
    about: str
    text: str
    by: str
    at: datetime
    #: the partnership's id (for a link), ``None`` for an evaluation
    partnership_id: int | None = None
    #: the contract's reference (for a link), ``None`` for a partnership
    contract_ref: str | None = None


def _not_now(session: Session, key: str) -> list[Lesson]:
    links = partnership_models.partnership_contracts
    in_category = or_(
        Partnership.planned_tender_id.in_(
            select(PlannedTender.id).where(func.lower(PlannedTender.category) == key)
        ),
        Partnership.id.in_(
            select(links.c.partnership_id)
            .join(Contract, Contract.id == links.c.contract_id)
            .where(func.lower(Contract.category) == key)
        ),
    )
    rows = session.scalars(
        select(Partnership)
        .where(Partnership.outcome == "not_now", Partnership.state != "active", in_category)
        .order_by(Partnership.ended_at.desc(), Partnership.id.desc())
        .limit(MAX_LESSONS)
    )
    return [
        Lesson(
            "nu_niet",
            row.name,
            row.outcome_note,
            row.ended_by_name or row.created_by_name,
            row.ended_at or row.created_at,
            partnership_id=row.id,
        )
        for row in rows
    ]


def _evaluations(session: Session, key: str) -> list[Lesson]:
    rows = session.execute(
        select(Evaluation, Contract.ref, Contract.title)
        .join(Contract, Contract.id == Evaluation.contract_id)
        .where(func.lower(Contract.category) == key, func.trim(Evaluation.improvements) != "")
        .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
        .limit(MAX_LESSONS)
    )
    return [
        Lesson(
            "evaluatie",
            f"{ref} {title}",
            evaluation.improvements,
            evaluation.created_by_name,
            evaluation.created_at,
            contract_ref=ref,
        )
        for evaluation, ref, title in rows
    ]


def lessons_for_category(session: Session, category: str | None) -> list[Lesson]:
    """The "not now" notes and the evaluations' improvements in ``category``; none without
    a category (two queries)."""
    key = (category or "").strip().lower()
    if not key:
        return []
    return [*_not_now(session, key), *_evaluations(session, key)]
