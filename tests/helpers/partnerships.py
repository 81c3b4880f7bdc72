"""Partnerships as a user makes them: through the forms, with the CSRF token."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipTask
from tests.helpers.web import csrf_token_of

#: The contract the partnership tests start from (``make_contract``'s default).
REF = "GEM-2025-0001"


def start_partnership(
    client: FlaskClient,
    *,
    name: str = "Partnership Schoon & Sociaal",
    route: str = "2B",
    refs: tuple[str, ...] = (REF,),
    **fields: str,
) -> int:
    """Start a partnership through the form; returns its id."""
    data = {
        "csrf_token": csrf_token_of(client),
        "name": name,
        "route": route,
        "contract_refs": "\n".join(refs),
        "tender_title": "",
        "goals": "",
        "target_group": "",
        **fields,
    }
    response = client.post("/sroi/partnerships/nieuw", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    match = re.search(r"/partnerships/(\d+)$", response.headers["Location"])
    assert match
    return int(match.group(1))


def add_person(
    client: FlaskClient,
    partnership_id: int,
    name: str,
    roles: list[str],
    *,
    email: str = "",
    user_id: str = "",
    organisation: str = "eigen",
) -> int:
    """Add a person with roles through the form; returns the person's id."""
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/personen",
        data={
            "csrf_token": csrf_token_of(client),
            "name": name,
            "email": email,
            "organisation": organisation,
            "user_id": user_id,
            "roles": roles,
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    html = client.get(f"/sroi/partnerships/{partnership_id}/personen").get_data(as_text=True)
    ids = re.findall(rf"/partnerships/{partnership_id}/personen/(\d+)\"", html)
    return max(int(i) for i in ids)


def plan_meeting(
    client: FlaskClient, partnership_id: int, kind: str, day: str, **fields: str
) -> int:
    """Plan a meeting through the form; returns the (first) meeting's id."""
    data = {
        "csrf_token": csrf_token_of(client),
        "kind": kind,
        "meeting_date": day,
        "start_time": "10:00",
        "duration_minutes": "90",
        "location": "Stadskantoor",
        "frequency": "",
        "until": "",
        **fields,
    }
    response = client.post(f"/sroi/partnerships/{partnership_id}/overleggen/nieuw", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    match = re.search(r"/overleggen/(\d+)$", response.headers["Location"])
    assert match
    return int(match.group(1))


def tasks_of(app: Flask, partnership_id: int) -> list[PartnershipTask]:
    """The stored tasks of a partnership."""
    with app.app_context():
        session = app.extensions["sroi"].db.session
        tasks = list(
            session.scalars(
                select(PartnershipTask)
                .where(PartnershipTask.partnership_id == partnership_id)
                .order_by(PartnershipTask.id)
            )
        )
        session.expunge_all()
        return tasks


def get_partnership(app: Flask, partnership_id: int) -> Partnership:
    """A partnership as stored (detached)."""
    with app.app_context():
        session: Session = app.extensions["sroi"].db.session
        found = session.get(Partnership, partnership_id)
        assert found is not None
        _ = (found.contracts, found.events, found.tasks)
        session.expunge_all()
        return found
