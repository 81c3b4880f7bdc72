"""Demo data for the working screens: a contractor with several contracts, a partnership the
coordinator works in, and two contract changes for the legal queue.

Without them a fresh demo shows an empty legal queue, an empty "Mijn taken" and a contractor
ranking that repeats the contract list. Everything is built from the rules and services the web
uses (the route's tasks from the organisation's matrix, due dates from the step terms, the
starter rule's Bijlage II columns, the change check's stored assessment), and dated from the
app's today, so the screens look the same on any day the demo is set up.
"""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import Decimal
from typing import Any
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Meeting
from sroi_plugin.models import MeetingAction
from sroi_plugin.models import MeetingItem
from sroi_plugin.models import Modification
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipEvent
from sroi_plugin.models import PartnershipPerson
from sroi_plugin.models import PartnershipRole
from sroi_plugin.models import PartnershipTask
from sroi_plugin.models import PlannedTender
from sroi_plugin.models import effective_matrix
from sroi_plugin.rules.agendas import agenda_for
from sroi_plugin.rules.agendas import propose_participants
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.matrix import starter_roles
from sroi_plugin.rules.matrix import tasks_for_partnership
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground
from sroi_plugin.rules.workdays import meeting_working_day
from sroi_plugin.services.change_register import prior_modifications
from sroi_plugin.services.change_register import recorded_changes
from sroi_plugin.services.de_minimis import assess
from sroi_plugin.services.modification_input import ChangeFacts
from sroi_plugin.web.partnerships.forms import MEETING_LABELS
from sroi_plugin.web.partnerships.workspace import start_step

#: the contractor that ranks high on the promising page through several modest contracts
CLEANER_KVK: Final = "73619548"
_CLEANER: Final = "Frisweg Schoonmaakdiensten B.V."

#: three modest cleaning contracts of other departments, without a social-return paragraph
EXTRA_CONTRACTS: Final[tuple[dict[str, Any], ...]] = tuple(
    {
        "ref": ref,
        "title": title,
        "supplier_name": _CLEANER,
        "supplier_kvk": CLEANER_KVK,
        "category": "schoonmaak",
        "kind": "services",
        "procedure": "meervoudig onderhands",
        "authority_type": "other",
        "value_total": Decimal(value),
        "value_annual": Decimal(value) / 4,
        "wage_sum": Decimal(value) * Decimal("0.7"),
        "wage_share": Decimal("0.7"),
        "start_date": start,
        "end_date": date(start.year + 4, start.month, 1) - timedelta(days=1),
        "extension_options": "2x 1 jaar",
        "is_framework": False,
        "department": department,
        "contract_manager": "Sanne de Vries",
        "status": "active",
    }
    for ref, title, value, start, department in (
        (
            "GEM-2025-0104",
            "Schoonmaak sporthallen en zwembad",
            "880000",
            date(2025, 9, 1),
            "Sport en Recreatie",
        ),
        (
            "GEM-2025-0176",
            "Schoonmaak wijkcentra en bibliotheken",
            "640000",
            date(2025, 12, 1),
            "Maatschappelijke Ontwikkeling",
        ),
        (
            "GEM-2026-0038",
            "Schoonmaak gemeentewerf en milieustraat",
            "520000",
            date(2026, 3, 1),
            "Stadsbeheer",
        ),
    )
)

#: the promising contract the partnership works on (route both: it and its successor tender)
PARTNERSHIP_REF: Final = "GEM-2025-0097"
#: the contract whose changes fill the legal queue
CHANGES_REF: Final = "GEM-2023-0147"


def _event(partnership: Partnership, user: SroiUser, kind: str, summary: str) -> None:
    partnership.events.append(
        PartnershipEvent(kind=kind, summary=summary, actor_id=user.id, actor_name=user.name)
    )


def _member(user: SroiUser, starter: SroiUser) -> PartnershipPerson:
    """``user`` in the werkgroep, linked by user id, in the Bijlage II columns of their role."""
    return PartnershipPerson(
        name=user.name,
        organisation="eigen",
        user_id=user.id,
        created_by_id=starter.id,
        created_by_name=starter.name,
        roles=[
            PartnershipRole(role=role, assigned_by_id=starter.id, assigned_by_name=starter.name)
            for role in starter_roles(user.roles)
        ],
    )


def seed_demo_partnership(
    session: Session,
    manager: SroiUser,
    coordinator: SroiUser,
    tender: PlannedTender,
    today: date,
) -> Partnership:
    """A route-both partnership on a promising contract and the ``tender`` that follows it,
    started by the contract manager with the coordinator as member, a progress meeting three
    weeks ahead (on a working day) and one open action."""
    contract = session.scalars(select(Contract).where(Contract.ref == PARTNERSHIP_REF)).one()
    partnership = Partnership(
        name=f"Partnership {contract.supplier_name}",
        route="both",
        current_step="1",
        tender_title=tender.title,
        planned_tender_id=tender.id,
        goals="Vijf mensen uit de doelgroep duurzaam aan het werk in de schoonmaak.",
        target_group="doelgroepregister",
        created_by_id=manager.id,
        created_by_name=manager.name,
    )
    partnership.contracts = [contract]
    specs = tasks_for_partnership(effective_matrix(session), partnership.route)
    partnership.tasks = [PartnershipTask(step=s.step, role=s.role, text=s.text) for s in specs]
    start_step(partnership, partnership.current_step)
    partnership.persons = [_member(manager, manager), _member(coordinator, manager)]
    _event(partnership, manager, "created", f"Partnership gestart met {len(specs)} taken.")
    session.add(partnership)
    session.flush()
    day = meeting_working_day(today + timedelta(weeks=3)).day
    meeting = Meeting(
        kind="voortgang",
        title=MEETING_LABELS["voortgang"],
        meeting_date=day,
        start_time=time(10, 0),
        duration_minutes=90,
        location="Stadhuis, kamer 2.14",
        uid=f"{uuid.uuid4()}@sroi-plugin",
        created_by_id=manager.id,
        created_by_name=manager.name,
        items=[
            MeetingItem(
                position=position,
                title=item.title,
                description=item.description,
                source=item.source,
                points=list(item.points),
                added_by_id=manager.id,
                added_by_name=manager.name,
            )
            for position, item in enumerate(agenda_for("voortgang"))
        ],
    )
    by_id = {person.id: person for person in partnership.persons}
    chosen = propose_participants("voortgang", partnership.role_holders())
    meeting.participants = [by_id[person_id] for person_id in chosen if person_id in by_id]
    owner = next(person for person in partnership.persons if person.user_id == coordinator.id)
    meeting.actions = [
        MeetingAction(
            text="Werkfit-trajecten van het WSP opvragen voor de vacatures in de schoonmaak",
            owner=owner,
            due_date=day - timedelta(days=7),
            created_by_id=manager.id,
            created_by_name=manager.name,
        )
    ]
    partnership.meetings.append(meeting)
    _event(partnership, manager, "meeting", f"{meeting.title} gepland op {format_date(day)}.")
    session.commit()
    return partnership


def _change(
    session: Session,
    contract: Contract,
    user: SroiUser,
    description: str,
    value_delta: Decimal,
    day: date,
) -> Modification:
    """A proposed additional-works change with its assessment, stored as the change form does."""
    facts = ChangeFacts(
        value_delta=value_delta,
        day=day,
        ground=Ground.ADDITIONAL_WORKS,
        extra_months=None,
        has_review_clause=False,
        changes_overall_nature=False,
        shifts_economic_balance=False,
        extends_scope_considerably=False,
        attracts_other_bidders=None,
    )
    priors = prior_modifications(recorded_changes(contract), until=day)
    inp, assessment = assess(contract, facts, priors)
    proposed_at = datetime.combine(day, time(9, 0), tzinfo=UTC)
    change = Modification(
        contract_id=contract.id,
        kind="value_increase",
        description=description,
        value_delta=value_delta,
        modification_date=day,
        ground=Ground.ADDITIONAL_WORKS.value,
        has_review_clause=False,
        changes_overall_nature=False,
        shifts_economic_balance=False,
        extends_scope_considerably=False,
        assessed_value=inp.value_eur,
        assessment=assessment.as_dict(),
        verdict=assessment.verdict.value,
        status="proposed",
        proposed_by_id=user.id,
        proposed_by_name=user.name,
        proposed_at=proposed_at,
        flagged=True,
        flagged_by_id=user.id,
        flagged_by_name=user.name,
        flagged_at=proposed_at,
        created_by_id=user.id,
        created_by_name=user.name,
    )
    session.add(change)
    session.commit()
    return change


def seed_demo_changes(
    session: Session, manager: SroiUser, lawyer: SroiUser, today: date
) -> tuple[Modification, Modification]:
    """An earlier change the lawyer allowed with a modification notice (not yet published),
    and a 12% change waiting for the lawyer."""
    contract = session.scalars(select(Contract).where(Contract.ref == CHANGES_REF)).one()
    value = contract.value_total or Decimal(0)
    decided = _change(
        session,
        contract,
        manager,
        "Schoonmaak van de nieuwe vleugel van het stadskantoor",
        (value * Decimal("0.06")).quantize(Decimal(1)),
        today - timedelta(days=21),
    )
    decided.decisions.append(
        LegalDecision(
            decision=Decision.ALLOWED_WITH_PUBLICATION.value,
            ground=Ground.ADDITIONAL_WORKS.value,
            rationale=(
                "Aanvullende diensten door dezelfde opdrachtnemer (Aw 2012 art. 2.163d): een "
                "andere opdrachtnemer kan de schoonmaak van de vleugel niet los van het "
                "gebouw doen. Aankondiging van de wijziging publiceren."
            ),
            decided_by_id=lawyer.id,
            decided_by_name=lawyer.name,
            decided_at=datetime.combine(today - timedelta(days=14), time(14, 0), tzinfo=UTC),
        )
    )
    session.commit()
    pending = _change(
        session,
        contract,
        manager,
        "Extra glasbewassing en dieptereiniging na de verbouwing",
        (value * Decimal("0.12")).quantize(Decimal(1)),
        today - timedelta(days=2),
    )
    return decided, pending
