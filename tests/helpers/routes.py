"""Every route of the blueprint, and a seeded world whose ids those routes can point into.

The access matrix (``tests/web/test_access_matrix.py``) and the safe-methods test
(``tests/web/test_safe_methods.py``) both walk every route for every role; this module
enumerates the routes, seeds one of everything and fills each route's URL values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import Flask
from flask import url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import MeetingItem
from sroi_plugin.models import Modification
from sroi_plugin.models import PlannedTender
from sroi_plugin.web.old_urls import is_old_url
from tests.helpers.partnerships import REF
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.partnerships import tasks_of
from tests.helpers.web import csrf_token_of

#: Every role the access rules know, and ``anonymous`` (nobody logged in).
ROLES = (
    "anonymous",
    "viewer",
    "procurement",
    "legal_reviewer",
    "contract_manager",
    "sr_coordinator",
    "hr",
    "admin",
)
#: The roles that may delete an agenda item; in the matrix each deletes an item of its own.
ITEM_DELETERS = ("admin", "contract_manager", "sr_coordinator", "hr")

#: The methods Flask adds to every route by itself.
AUTOMATIC_METHODS = frozenset({"HEAD", "OPTIONS"})


def blueprint_routes(
    app: Flask, *, skip: Collection[str] = AUTOMATIC_METHODS
) -> set[tuple[str, str]]:
    """Every (endpoint, method) of the blueprint, except its static files, the previous
    release's URLs (they only redirect: ``tests/web/test_old_urls.py``) and methods in ``skip``."""
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("sroi.")
        and rule.endpoint != "sroi.static"
        and not is_old_url(rule.endpoint)
        for method in rule.methods or ()
        if method not in skip
    }


@dataclass(frozen=True)
class World:
    """Two partnerships of one contract: ``own`` has Pieter (procurement) as a member with a
    role, ``other`` has no demo user but the contract manager who started it (a partnership
    manager anyway) and one of everything."""

    own: int
    own_task: int
    own_meeting: int
    other: int
    task: int
    meeting: int
    items: tuple[int, ...]
    action: int
    person: int
    brainstorm: int
    draft: int
    proposal: int
    csrf: str
    #: a planned tender (route 2A)
    tender: int = 0


def _ids(client: FlaskClient, url: str, pattern: str) -> list[int]:
    return [int(i) for i in re.findall(pattern, client.get(url).get_data(as_text=True))]


def seed_world(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> World:
    """Seed the world (logged in as a contract manager, which the client stays)."""
    make_contract()
    login("contract_manager")
    token = csrf_token_of(client)
    own = start_partnership(client, name="Eigen partnership")
    add_person(client, own, "Pieter Jansen", ["hr_expert"], user_id="u-pieter")
    own_meeting = plan_meeting(client, own, "kennismaking", "2026-12-03")

    other = start_partnership(client, name="Andere partnership")
    person = add_person(client, other, "Anna de Wit", ["hr_expert"], email="anna@example.nl")
    meeting = plan_meeting(client, other, "kennismaking", "2026-12-04")
    meeting_url = f"/sroi/partnerships/{other}/overleggen/{meeting}"
    for number in range(1, len(ITEM_DELETERS) + 1):
        title = f"Extra punt {number}"
        client.post(f"{meeting_url}/agendapunten", data={"csrf_token": token, "title": title})
    client.post(
        f"{meeting_url}/actiepunten",
        data={"csrf_token": token, "text": "Iets regelen", "owner_id": ""},
    )
    action = _ids(client, meeting_url, rf"/partnerships/{other}/actiepunten/(\d+)")[0]
    response = client.post(
        f"/sroi/partnerships/{other}/brainstorms/nieuw",
        data={"csrf_token": token, "contract_id": "", "title": "Aanbesteding"},
    )
    brainstorm = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        session = app.extensions["sroi"].db.session
        items = tuple(
            session.scalars(
                select(MeetingItem.id)
                .where(MeetingItem.meeting_id == meeting)
                .order_by(MeetingItem.id)
            )
        )
        contract = session.scalar(select(Contract.id).where(Contract.ref == REF))
        draft = Modification(
            contract_id=contract,
            status="draft",
            kind="value_increase",
            old_value="1200000.00",
            new_value="1250000.00",
            import_id=7,
        )
        proposal = Modification(
            contract_id=contract,
            kind="value_increase",
            status="proposed",
            description="Meerwerk",
            value_delta=Decimal("10000"),
            assessed_value=Decimal("10000"),
            modification_date=date(2026, 3, 1),
            ground="de_minimis",
            verdict="allowed",
            proposed_by_id="u-sanne",
            proposed_by_name="Sanne de Vries",
            proposed_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        )
        tender = PlannedTender(
            title="Schoonmaak 2027", created_by_id="u-pieter", created_by_name="Pieter Jansen"
        )
        session.add_all([draft, proposal, tender])
        session.commit()
        draft_id, proposal_id, tender_id = draft.id, proposal.id, tender.id
    assert len(items) > len(ITEM_DELETERS), "the meeting needs an agenda item per managing role"
    return World(
        own=own,
        own_task=tasks_of(app, own)[0].id,
        own_meeting=own_meeting,
        other=other,
        task=tasks_of(app, other)[0].id,
        meeting=meeting,
        items=items,
        action=action,
        person=person,
        brainstorm=brainstorm,
        draft=draft_id,
        proposal=proposal_id,
        csrf=token,
        tender=tender_id,
    )


def url_values(endpoint: str, world: World, role: str) -> dict[str, Any]:
    """The values of every URL argument the blueprint's routes take, for ``endpoint``: the
    other partnership's objects; for deleting an agenda item, an item per managing role; for
    upload tokens, import and report ids ones that were never saved."""
    item = world.items[0]
    if endpoint == "sroi.meeting_item_delete" and role in ITEM_DELETERS:
        item = world.items[-1 - ITEM_DELETERS.index(role)]
    draft = endpoint.startswith("sroi.change_draft")
    return {
        "ref": REF,
        "partnership_id": world.other,
        "task_id": world.task,
        "meeting_id": world.meeting,
        "item_id": item,
        "action_id": world.action,
        "person_id": world.person,
        "brainstorm_id": world.brainstorm,
        "change_id": world.draft if draft else world.proposal,
        "token": "nope",
        "import_id": 4040,
        "name": "monitoring",
        "key": REF,
        "report_id": 4040,
        "step": "1",
        "role": "hr_expert",
        "tender_id": world.tender,
    }


def route_url(app: Flask, endpoint: str, world: World, role: str) -> str:
    """The URL of ``endpoint`` in ``world``, as ``role`` requests it."""
    arguments = next(rule.arguments for rule in app.url_map.iter_rules(endpoint))
    values = url_values(endpoint, world, role)
    with app.test_request_context():
        return url_for(endpoint, **{name: values[name] for name in arguments})
